"""Serving the desk with waitress, in a process of its own beside the watcher.

`serve` runs waitress in this process (`kunjungan web`). `WebProcess` is what `kunjungan run`
starts: `kunjungan web` as a child process, so that no request (a big download, a slow page,
a crash in a library) can hold the watcher's process; restarted when it dies, stopped with
the service. The child runs in a session of its own (Ctrl-C reaches the service, which then
stops it) and stops by itself when the service is gone (killed without a chance to stop it).
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from types import FrameType

from pipeline.config import Config
from pipeline.errors import ConfigError

log = logging.getLogger(__name__)

THREADS = 8
# A child that dies is started again after this wait, doubled each time it dies young.
RESTART_FIRST_WAIT = 1.0
RESTART_LONGEST_WAIT = 60.0
RUNS_LONG_ENOUGH = 30.0  # a child that ran this long died of something new: wait from scratch
STOP_WAIT_SECONDS = 5.0
PARENT_CHECK_SECONDS = 1.0
NICENESS = 5


def address(config: Config) -> str:
    """Where people open the desk; on every address of the machine, by the machine's name."""
    host, port = config.web.host, config.web.port
    if host in ("0.0.0.0", "::", ""):
        return f"http://{socket.gethostname()}:{port} (semua alamat jaringan komputer ini)"
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


def serve(config: Config, parent: int | None = None) -> None:
    """Serve the desk until SIGTERM or SIGINT (or, with `parent`, until that process is gone)."""
    from waitress.server import create_server

    from pipeline.web.app import create_app

    app = create_app(config)
    try:
        server = create_server(app, host=config.web.host, port=config.web.port,
                               threads=THREADS, ident="kunjungan")
    except OSError as error:
        app.extensions["kunjungan"].close()
        raise ConfigError(f"web.port: {address(config)} tidak dapat dipakai "
                          f"({error.strerror or error}); pilih host atau port lain di [web]"
                          ) from error

    def stop(_signum: int, _frame: FrameType | None) -> None:
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    if parent is not None:
        # Beside the service, intake comes first: on a busy machine the desk yields the CPU
        # to the watcher and its workers (PDF renditions run lower still, at 19).
        os.nice(NICENESS)
        threading.Thread(target=_exit_when_gone, args=(parent,), daemon=True).start()
    try:
        server.run()
    except (SystemExit, KeyboardInterrupt):
        pass
    finally:
        server.close()
        app.extensions["kunjungan"].close()


def _exit_when_gone(parent: int) -> None:
    """The service that started us is gone (killed): stop, or we would hold its port."""
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os.kill(os.getpid(), signal.SIGTERM)


class WebProcess:
    """`kunjungan web` as a supervised child of the service."""

    def __init__(self, config_path: str | None, verbose: bool = False) -> None:
        self.command: Sequence[str] = [
            sys.executable, "-m", "pipeline",
            *(["--config", config_path] if config_path else []),
            *(["-v"] if verbose else []),
            "web", "--parent", str(os.getpid()),
        ]
        self.child: subprocess.Popen[bytes] | None = None
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._supervise, name="web", daemon=True)
        self.lock = threading.Lock()  # no child is started once stopping has begun
        self.restarts = 0

    def start(self) -> WebProcess:
        self._spawn()
        self.thread.start()
        return self

    def _spawn(self) -> None:
        self.child = subprocess.Popen(self.command, start_new_session=True)
        log.info("web desk started (process %d)", self.child.pid)

    def _supervise(self) -> None:
        wait = RESTART_FIRST_WAIT
        while not self.stopping.is_set():
            child = self.child
            assert child is not None
            started = time.monotonic()
            code = child.wait()
            if self.stopping.is_set():
                return
            if time.monotonic() - started >= RUNS_LONG_ENOUGH:
                wait = RESTART_FIRST_WAIT
            log.error("web desk stopped (exit code %d); starting it again in %.0f s", code, wait)
            if self.stopping.wait(wait):
                return
            wait = min(wait * 2, RESTART_LONGEST_WAIT)
            with self.lock:
                if self.stopping.is_set():
                    return
                self.restarts += 1
                self._spawn()

    def stop(self) -> None:
        with self.lock:
            self.stopping.set()
            child = self.child
        if child is not None and child.poll() is None:
            child.terminate()
            try:
                child.wait(STOP_WAIT_SECONDS)
            except subprocess.TimeoutExpired:
                log.warning("web desk did not stop within %.0f s: killed", STOP_WAIT_SECONDS)
                child.kill()
                child.wait()
        self.thread.join(timeout=STOP_WAIT_SECONDS)
