// The desk's script (no inline scripts: the Content-Security-Policy allows only files here).
// A button with data-konfirmasi asks before its form is sent.
"use strict";
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-konfirmasi]");
  if (button && !window.confirm(button.dataset.konfirmasi)) {
    event.preventDefault();
  }
});
