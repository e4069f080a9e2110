"""Debian's Chromium driven by Playwright, for the web desk's browser tests and benchmarks.

No browser is downloaded (`playwright install` is never run): Debian's `chromium` package is
installed by `tools/system-packages.sh test`. The desk is started as people start it,
`kunjungan run` on a configuration whose `[web] port` is a free loopback port.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright
from postgres_server import free_port as free_port  # the tests' one port finder

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path(os.environ.get("KUNJUNGAN_CHROMIUM", "/usr/bin/chromium"))
# Screenshots the tests keep for people to look at (git-ignored).
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


@contextmanager
def chromium() -> Iterator[Browser]:
    """A headless Chromium; closed on exit."""
    if not CHROMIUM.is_file():
        raise RuntimeError(f"{CHROMIUM} not found: install Debian's chromium "
                           "(sh tools/system-packages.sh test)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--headless=new"])
        try:
            yield browser
        finally:
            browser.close()


def web_section(port: int) -> str:
    """The `[web]` section of a configuration serving on `port` of loopback."""
    return (f'\n[web]\nhost = "127.0.0.1"\nport = {port}\n'
            f'public_url = "http://127.0.0.1:{port}"\n')


def start_service(config: Path, port: int, timeout: float = 60,
                  env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    """`kunjungan run` on `config`, once its desk answers on `port`."""
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "--config", str(config), "run"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, **(env or {})})
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/masuk", timeout=2):
                return process
        except urllib.error.HTTPError:
            return process  # it answers
        except OSError:
            pass
        if process.poll() is not None:
            error = process.stderr.read().decode(errors="replace") if process.stderr else ""
            raise RuntimeError(f"kunjungan run ended at start: {error[-2000:]}")
        if time.monotonic() > deadline:
            stop_service(process)
            raise RuntimeError(f"the desk did not answer on port {port} in {timeout} s")
        time.sleep(0.2)


def stop_service(process: subprocess.Popen[bytes]) -> None:
    """Stop it as Ctrl-C does, and wait for it."""
    if process.poll() is None:
        process.send_signal(2)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    if process.stderr:
        process.stderr.close()


def screenshot(page: Page, name: str) -> Path:
    """The whole page as `test-artifacts/screenshots/<name>.png`."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
