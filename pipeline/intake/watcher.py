"""`kunjungan run`: watch the inbox and hand each complete file to a worker process.

The event handler only enqueues paths. The loop decides when a file is complete (a close-after-
write event, or a size and mtime that stay quiet), never hands the same file out twice, and
rescans the inbox at start and periodically so that no missed event leaves a letter waiting.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import fcntl
import fnmatch
import hashlib
import logging
import multiprocessing
import os
import queue
import resource
import signal
import stat
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import wait as wait_for_futures
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing.context import BaseContext
from pathlib import Path
from types import FrameType
from typing import IO, Any

from watchdog.events import (
    FileClosedEvent,
    FileCreatedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from pipeline.config import Config, load_config
from pipeline.errors import ServiceBusyError
from pipeline.notify.service import MailService
from pipeline.workflow.renditions import Renditions

log = logging.getLogger(__name__)

IGNORED_PATTERNS = ("~$*", ".~lock*", "*.part", "*.crdownload", "*.tmp", ".*", "Thumbs.db",
                    "desktop.ini")
SPECIAL_FOLDERS = ("_gagal", "_duplikat")
NETWORK_FILESYSTEMS = frozenset(
    {"cifs", "smb3", "smbfs", "nfs", "nfs4", "fuse.sshfs", "9p", "afs", "ceph", "davfs",
     "fuse.davfs2", "glusterfs", "fuse.glusterfs", "vboxsf", "virtiofs"}
)
MAX_STRIKES = 2
_KILLED_WORKER_PROBLEM = (
    f"memproses berkas ini menghentikan proses pekerja layanan {MAX_STRIKES} kali (berkas "
    "rusak atau terlalu berat)"
)
_KILLED_WORKER_HINT = (
    "Pindai atau simpan ulang surat, lalu taruh lagi di folder inbox; bila terulang, laporkan "
    "kepada pengelola sistem."
)
TICK_SECONDS = 0.05
# On SIGTERM, work in progress gets this long to finish; then the workers are stopped (every
# step is crash-safe: an unfinished letter simply stays in the inbox).
STOP_GRACE_SECONDS = 2.0
# How often the service completes case folders left behind (a full or read-only disk).
COMPLETE_SECONDS = 5.0
# A file the environment keeps from being taken or parked waits this long, doubling.
BACKOFF_FIRST_SECONDS = 2.0
BACKOFF_MAX_SECONDS = 120.0


def is_ignored(path: Path) -> bool:
    return any(fnmatch.fnmatch(path.name, pattern) for pattern in IGNORED_PATTERNS)


def inbox_files(inbox: Path) -> Iterator[Path]:
    """Every candidate letter below the inbox, folders dropped in included, special ones not."""
    for root, folders, files in os.walk(inbox):
        folders[:] = sorted(
            f for f in folders if f not in SPECIAL_FOLDERS and not f.startswith(".")
        )
        for name in sorted(files):
            path = Path(root) / name
            if not is_ignored(path) and name not in SPECIAL_FOLDERS:
                yield path


def filesystem_type(path: Path, mounts: str | None = None) -> str:
    """The type of the mount that holds `path`, from /proc/mounts ('' when unknown)."""
    if mounts is None:
        try:
            mounts = Path("/proc/mounts").read_text()
        except OSError:
            return ""
    target = str(path.resolve())
    best, kind = "", ""
    for line in mounts.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        point = parts[1].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) > len(best):
            best, kind = point, parts[2]
    return kind


def needs_polling(config: Config, forced: bool | None) -> bool:
    if forced is not None:
        return forced
    if config.intake.polling is not None:
        return config.intake.polling
    return filesystem_type(config.paths.inbox) in NETWORK_FILESYSTEMS


@dataclass
class _Candidate:
    size: int
    mtime: float
    quiet_since: float
    closed: bool


class Readiness:
    """Decides when a file is complete enough to read."""

    def __init__(self, quiet_seconds: float) -> None:
        self.quiet_seconds = quiet_seconds
        self.candidates: dict[Path, _Candidate] = {}
        self.deferrals: dict[Path, int] = {}  # how often in a row a file could not be taken
        self.not_before: dict[Path, float] = {}

    def defer(self, path: Path, now: float) -> None:
        """The file could neither be taken nor parked (a busy database, a full disk): try it
        again later, waiting twice as long each time."""
        count = self.deferrals.get(path, 0) + 1
        self.deferrals[path] = count
        delay = min(BACKOFF_FIRST_SECONDS * 2 ** (count - 1), BACKOFF_MAX_SECONDS)
        self.not_before[path] = now + delay
        self.saw(path, closed=True, now=now)

    def done(self, path: Path) -> None:
        self.deferrals.pop(path, None)
        self.not_before.pop(path, None)

    def saw(self, path: Path, closed: bool, now: float) -> None:
        try:
            stat = path.stat()
        except OSError:
            self.candidates.pop(path, None)
            return
        previous = self.candidates.get(path)
        changed = previous is None or (previous.size, previous.mtime) != (
            stat.st_size, stat.st_mtime)
        self.candidates[path] = _Candidate(
            size=stat.st_size,
            mtime=stat.st_mtime,
            quiet_since=now if changed else previous.quiet_since if previous else now,
            closed=closed or (previous.closed and not changed if previous else False),
        )

    def ready(self, now: float) -> list[Path]:
        out = []
        for path, candidate in list(self.candidates.items()):
            try:
                stat = path.stat()
            except OSError:
                del self.candidates[path]
                continue
            if (stat.st_size, stat.st_mtime) != (candidate.size, candidate.mtime):
                self.saw(path, closed=False, now=now)
                continue
            if now < self.not_before.get(path, 0.0):
                continue
            quiet = now - candidate.quiet_since >= self.quiet_seconds
            if (candidate.closed or quiet) and _can_open(path):
                del self.candidates[path]
                out.append(path)
        return out


def _can_open(path: Path) -> bool:
    """Whether a worker may take the file now. A special file (FIFO, socket, device, symlink)
    is never opened: opening a FIFO waits for a writer for good. The worker parks it."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return True
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return False  # gone, or locked by the writer (SMB): later
    try:
        return stat.S_ISREG(os.fstat(fd).st_mode)
    finally:
        os.close(fd)


class _EnqueueHandler(FileSystemEventHandler):
    """Thin: filter and enqueue. Readiness and work live elsewhere."""

    def __init__(self, events: queue.SimpleQueue[tuple[Path, bool]],
                 wake: threading.Event) -> None:
        self.events = events
        self.wake = wake

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory:
            return
        if isinstance(event, FileMovedEvent):
            path = Path(os.fsdecode(event.dest_path))
        elif isinstance(event, FileCreatedEvent | FileModifiedEvent | FileClosedEvent):
            path = Path(os.fsdecode(event.src_path))
        else:
            return  # opened / closed-without-write: our own reads raise these
        # A close after writing, or a rename into place (`x.part` -> `x.pdf`), marks a whole file.
        complete = isinstance(event, FileClosedEvent | FileMovedEvent)
        if not is_ignored(path) and not any(part in SPECIAL_FOLDERS for part in path.parts):
            self.events.put((path, complete))
            self.wake.set()


def inbox_lock_path(inbox: Path) -> Path:
    """Where the lock of an inbox lives: named after the inbox's path in a folder for locks,
    not inside the inbox, so that moving the folder away and making a new one under the same
    name does not let a second service start on it."""
    key = hashlib.sha256(os.fsencode(inbox.resolve())).hexdigest()[:20]
    for folder in (Path("/run/lock"), Path(os.environ.get("XDG_RUNTIME_DIR") or "/nonexistent"),
                   Path(tempfile.gettempdir())):
        if folder.is_dir() and os.access(folder, os.W_OK | os.X_OK):
            return folder / f"kunjungan-inbox-{key}.lock"
    raise ServiceBusyError("tidak ada folder yang dapat ditulis untuk kunci layanan (/run/lock, "
                           "/tmp)")


def acquire_inbox_lock(inbox: Path) -> IO[str]:
    """One service per inbox: hold an exclusive lock for the life of the process."""
    inbox.mkdir(parents=True, exist_ok=True)
    handle = inbox_lock_path(inbox).open("a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError as exc:
        handle.seek(0)
        owner = handle.read().strip() or "?"
        handle.close()
        raise ServiceBusyError(
            f"layanan lain (PID {owner}) sudah mengawasi folder {inbox}; hentikan dulu layanan itu"
        ) from exc
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    return handle


# -- worker processes ------------------------------------------------------------------------

_worker_state: dict[str, object] = {}


def _worker_init(config_path: str | None) -> None:
    from pipeline.store.db import Store
    from pipeline.workflow.engine import Workflow

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    config = load_config(config_path)
    limit_memory(config.intake.worker_memory_mb)
    store = Store(config.database.url, config.database.busy_timeout_seconds)
    _worker_state["workflow"] = Workflow(config, store)


def limit_memory(megabytes: int) -> None:
    """Cap this process's address space, and that of every program it starts (Tesseract,
    Ghostscript inherit it): an allocation beyond fails with MemoryError in Python, which
    the service turns into a note for the file, instead of the machine swapping to a halt."""
    ceiling = megabytes * 1024 * 1024
    try:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            ceiling = min(ceiling, hard)
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
    except (ValueError, OSError) as exc:
        log.warning("no memory ceiling for workers: %s", exc)


def _worker_recover(archives: bool) -> None:
    from pipeline.intake.service import recover
    from pipeline.workflow.engine import Workflow

    workflow = _worker_state["workflow"]
    assert isinstance(workflow, Workflow)
    recover(workflow, archives=archives)


def _worker_complete() -> list[int]:
    from pipeline.intake.service import complete_cases
    from pipeline.workflow.engine import Workflow

    workflow = _worker_state["workflow"]
    assert isinstance(workflow, Workflow)
    return complete_cases(workflow)


def _worker_park(path: str, problem: str, hint: str) -> tuple[str, str, str]:
    from pipeline.intake.service import park
    from pipeline.workflow.engine import Workflow

    workflow = _worker_state["workflow"]
    assert isinstance(workflow, Workflow)
    result = park(Path(path), workflow, problem, hint)
    return str(result.source), result.outcome, result.message


def _worker_ingest(path: str) -> tuple[str, str, str]:
    from pipeline.intake.service import ingest_guarded
    from pipeline.workflow.engine import Workflow

    workflow = _worker_state["workflow"]
    assert isinstance(workflow, Workflow)
    result = ingest_guarded(
        Path(path), workflow, actor="layanan", settle_seconds=workflow.config.intake.settle_seconds
    )
    _release_memory()
    return str(result.source), result.outcome, result.message


def _release_memory() -> None:
    """Hand freed heap back to the OS. Rendering leaves glibc holding fragmented arenas: a
    worker's RSS grew from 60 to 110 MB over 300 letters without this, and stays at ~60 with it
    (about 1 ms a call)."""
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


def _load_libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "malloc_trim") else None


_LIBC = _load_libc()


class InboxService:
    def __init__(self, config: Config, config_path: str | None, polling: bool | None,
                 workers: int | None = None) -> None:
        self.config = config
        self.config_path = config_path
        self.polling = needs_polling(config, polling)
        self.workers = workers or config.intake.workers
        self.events: queue.SimpleQueue[tuple[Path, bool]] = queue.SimpleQueue()
        self.readiness = Readiness(config.intake.quiet_seconds)
        self.in_flight: dict[Path, Future[tuple[str, str, str]]] = {}
        # Finished futures announce themselves, so each tick looks only at what is done.
        self.finished: queue.SimpleQueue[Path] = queue.SimpleQueue()
        self.strikes: dict[Path, int] = {}  # how often a file was in work when a worker died
        self.to_park: list[Path] = []  # files that kept killing workers, parked by the next pool
        # Workers that died in the recovery pass. Its PDF/A copies read scans again when their
        # recognition was lost: one that keeps killing workers (memory) is left for the next
        # start, or no letter would ever be taken again.
        self.recovery_deaths = 0
        self.recovering = False
        self.completing: Future[list[int]] | None = None
        self.stopping = False  # set by the signal handler; read by the loop at every tick
        # Set by every event and finished future: the loop answers at once
        # instead of at its next tick (waiting for the tick cost a letter 25 ms on average).
        self.wake = threading.Event()

    def run(self, on_result: Callable[[str, str, str], None]) -> None:
        inbox = self.config.paths.inbox
        # On a shared database, services on several machines share the inbox: each file is
        # claimed in the database instead (a lock file does not hold across SMB or NFS).
        lock = None if self.config.database.shared else acquire_inbox_lock(inbox)
        context = multiprocessing.get_context("forkserver")
        # Workers fork from a server that has already imported the letter pipeline, so each
        # starts in milliseconds; the imaging stack loads in a worker at its first scan.
        context.set_forkserver_preload(["pipeline.intake.service"])
        observer: BaseObserver = PollingObserver(timeout=1) if self.polling else Observer()
        observer.schedule(_EnqueueHandler(self.events, self.wake), str(inbox), recursive=True)
        previous = {
            sig: signal.signal(sig, self._stop) for sig in (signal.SIGINT, signal.SIGTERM)
        }
        log.info("watching %s (%s, %d workers)", inbox,
                 "polling" if self.polling else "native events", self.workers)
        renditions = Renditions(self.config).start()  # PDFs beside the documents, off the path
        mail = MailService(self.config).start()  # queued notifications, sent apart
        try:
            observer.start()
            while not self.stopping:
                try:
                    self._serve(context, on_result)
                except BrokenProcessPool:
                    if self.stopping:
                        break  # the workers were stopped on purpose
                    # A worker died (out of memory, a crash in a native library): start new
                    # ones, and set aside a file that keeps killing them.
                    log.error("a worker process died; starting new workers")
                    self._after_workers_died()
            observer.stop()
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            observer.join(timeout=5)
            renditions.stop()
            mail.stop()
            if lock is not None:
                lock.close()

    def _serve(self, context: BaseContext, on_result: Callable[[str, str, str], None]) -> None:
        pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=_worker_init,
                                   initargs=(self.config_path,))
        try:
            for path in self.to_park:
                future = pool.submit(_worker_park, str(path), _KILLED_WORKER_PROBLEM,
                                     _KILLED_WORKER_HINT)
                self.in_flight[path] = future
                future.add_done_callback(self._announce(path))
            self.to_park = []
            # Finish what a crash interrupted before taking new letters.
            self.recovering = True
            recovery = pool.submit(_worker_recover, self.recovery_deaths < MAX_STRIKES)
            while not recovery.done() and not self.stopping:
                wait_for_futures([recovery], timeout=TICK_SECONDS)
            if recovery.done():
                recovery.result()
                self.recovering = False
                self._loop(pool, on_result)
        finally:
            self._wind_down(pool, on_result)

    def _wind_down(self, pool: ProcessPoolExecutor,
                   on_result: Callable[[str, str, str], None]) -> None:
        """Give work in progress a moment, then stop the workers whatever they are doing."""
        busy: list[Future[Any]] = [
            f for f in (*self.in_flight.values(), self.completing) if f is not None
        ]
        wait_for_futures(busy, timeout=STOP_GRACE_SECONDS)
        stuck = [f for f in busy if not f.done()]
        if stuck:
            log.warning("stopping %d busy worker(s); their letters stay in the inbox", len(stuck))
            _stop_workers(pool)
        pool.shutdown(wait=True, cancel_futures=True)
        with contextlib.suppress(BrokenProcessPool):  # stopped workers' letters stay in the inbox
            self._collect(on_result)
        # What is still in flight stays listed: after a worker died, its files are counted.
        self.completing = None

    def _after_workers_died(self) -> None:
        if self.recovering:
            self.recovering = False
            self.recovery_deaths += 1
            if self.recovery_deaths == MAX_STRIKES:
                log.error("recovery stopped a worker %d times: PDF/A copies of letters read by "
                          "OCR are left for the next start", MAX_STRIKES)
        for path in self.in_flight:
            self.strikes[path] = self.strikes.get(path, 0) + 1
            if self.strikes[path] >= MAX_STRIKES and path.exists():
                self.to_park.append(path)
                log.error("parking %s: it stopped a worker %d times", path, MAX_STRIKES)
        self.in_flight.clear()
        self.finished = queue.SimpleQueue()

    def _stop(self, _signum: int, _frame: FrameType | None) -> None:
        # Only a flag, no Event: a handler runs in the main thread between two bytecodes,
        # maybe while that thread holds the lock inside `wake` (in its wait or clear), and
        # setting the Event here would wait on that lock for ever (a service hung so once).
        # The loop sees the flag within a tick.
        self.stopping = True

    def _loop(self, pool: ProcessPoolExecutor,
              on_result: Callable[[str, str, str], None]) -> None:
        next_scan = 0.0
        next_completion = time.monotonic() + COMPLETE_SECONDS
        while not self.stopping:
            self.wake.clear()  # before looking: what comes meanwhile wakes the next round
            now = time.monotonic()
            if now >= next_scan:
                for path in inbox_files(self.config.paths.inbox):
                    if path not in self.readiness.candidates:
                        self.readiness.saw(path, closed=False, now=now)
                next_scan = now + self.config.intake.rescan_seconds
            if now >= next_completion and (self.completing is None or self.completing.done()):
                if self.completing is not None:
                    self.completing.result()  # a dead worker shows here
                self.completing = pool.submit(_worker_complete)
                next_completion = now + COMPLETE_SECONDS
            self._drain_events(now)
            for path in self.readiness.ready(now):
                if path not in self.in_flight:
                    future = pool.submit(_worker_ingest, str(path))
                    self.in_flight[path] = future
                    future.add_done_callback(self._announce(path))
            self._collect(on_result)
            self.wake.wait(TICK_SECONDS)

    def _announce(self, path: Path) -> Callable[[Future[tuple[str, str, str]]], None]:
        def finished(_future: Future[tuple[str, str, str]]) -> None:
            self.finished.put(path)
            self.wake.set()

        return finished

    def _drain_events(self, now: float) -> None:
        while True:
            try:
                path, closed = self.events.get_nowait()
            except queue.Empty:
                return
            if path not in self.in_flight:
                self.readiness.saw(path, closed, now)

    def _collect(self, on_result: Callable[[str, str, str], None]) -> None:
        while True:
            try:
                path = self.finished.get_nowait()
            except queue.Empty:
                return
            future = self.in_flight.pop(path, None)
            if future is None:
                continue
            try:
                source, outcome, message = future.result()
            except BrokenProcessPool:
                self.in_flight[path] = future  # counted with the rest when the pool is rebuilt
                raise
            now = time.monotonic()
            if outcome == "deferred":
                self.readiness.defer(path, now)
            elif outcome == "waiting" or (outcome != "gone" and path.exists()):
                # Not taken, or a new file already stands under the same name.
                self.readiness.done(path)
                self.readiness.saw(path, closed=False, now=now)
            else:
                self.readiness.done(path)
            if outcome not in ("gone", "claimed"):
                on_result(Path(source).name, outcome, message)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """SIGKILL the pool's workers and the programs they started (Tesseract, Ghostscript).
    ProcessPoolExecutor has no public way to stop a busy worker before Python 3.14."""
    workers = list(getattr(pool, "_processes", {}).values())
    for worker in workers:
        if worker.pid is None:
            continue
        for pid in [*_descendants(worker.pid), worker.pid]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def _descendants(pid: int) -> list[int]:
    """Every process below `pid`, from /proc (children before their parents are killed)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry.name))
    found: list[int] = []
    pending = list(children.get(pid, []))
    while pending:
        child = pending.pop()
        found.append(child)
        pending += children.get(child, [])
    return found
