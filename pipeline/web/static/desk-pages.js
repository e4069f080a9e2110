// Kotak Masuk: ask every few seconds whether anything changed (a new letter, an action);
// when it did, fetch the page again and put its lists in place, without reloading.
"use strict";
(function () {
  const box = document.getElementById("kotak-masuk");
  if (!box) {
    return;
  }
  const POLL_MS = 4000;
  async function refresh() {
    try {
      const status = await fetch(box.dataset.statusUrl, {headers: {"Accept": "application/json"}});
      if (!status.ok) {
        return;
      }
      const {stamp} = await status.json();
      if (String(stamp) === box.dataset.stamp) {
        return;
      }
      const page = await fetch(window.location.href);
      if (!page.ok) {
        return;
      }
      const fresh = new DOMParser().parseFromString(await page.text(), "text/html")
        .getElementById("kotak-masuk");
      if (fresh) {
        box.innerHTML = fresh.innerHTML;
        box.dataset.stamp = fresh.dataset.stamp;
      }
    } catch (error) {
      // the server is restarting or the network is down: try again at the next tick
    }
  }
  window.setInterval(refresh, POLL_MS);
})();
