"""PDF/A-2b renditions of the generated documents, made by LibreOffice.

A converter kept running between documents (`unoserver`, which drives one LibreOffice over
UNO) converts a document in about a quarter of a second; starting LibreOffice for each one
costs two seconds. `unoserver` needs Debian's own Python (it has the `uno` module), so it lives
in its own virtual environment (`.venv-uno`, made by the Makefile) and is spoken to over its
XML-RPC port. Without it, each document is converted by a cold `soffice --headless` run.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import xmlrpc.client
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from pipeline.archive.files import atomic_write_bytes, atomic_write_text

log = logging.getLogger(__name__)

# PDF/A-2b: LibreOffice embeds every font it uses (PDF/A forbids anything else).
PDFA_OPTION = "SelectPdfVersion=2"
_COLD_FILTER = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
UNOSERVER_ENV = "KUNJUNGAN_UNOSERVER"
_REPO_UNOSERVER = Path(__file__).resolve().parents[2] / ".venv-uno" / "bin" / "unoserver"
START_TIMEOUT = 60.0
_PROFILE_PREFIX = "kunjungan-lo-"
PID_NAME = "unoserver.pid"
# LibreOffice runs at the lowest CPU priority: a PDF may wait, a letter's intake should not.
# `nice` executes the program in its own process, so signals still reach it directly.
_NICE = ("nice", "-n", "19") if shutil.which("nice") else ()
# How long unoserver gets to close its LibreOffice after SIGTERM before both are killed.
STOP_GRACE_SECONDS = 3.0
CONVERT_TIMEOUT = 120.0


class ConversionError(Exception):
    """LibreOffice could not make the PDF."""


@dataclass(frozen=True)
class PdfTools:
    soffice: str | None
    unoserver: str | None

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(name for name, found in (("libreoffice-writer-nogui", self.soffice),
                                              ("unoserver (make setup)", self.unoserver))
                     if not found)


def find_tools() -> PdfTools:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    explicit = os.environ.get(UNOSERVER_ENV)
    candidates = [explicit] if explicit else [str(_REPO_UNOSERVER), shutil.which("unoserver")]
    unoserver = next((c for c in candidates if c and Path(c).is_file()), None)
    return PdfTools(soffice, unoserver)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class PdfConverter:
    """Converts .docx files to PDF/A-2b; `with PdfConverter() as c: c.convert(docx, pdf)`.

    Starts `unoserver` when it is installed and keeps it until closed; otherwise (or when the
    server does not come up) converts with a cold `soffice` per document."""

    def __init__(self, tools: PdfTools | None = None,
                 cancel: threading.Event | None = None, workdir: Path | None = None) -> None:
        """`cancel`: set by a service stopping while the server still starts. `workdir`: the
        LibreOffice profile folder, always the same for one service (default: a fresh
        temporary one). It also keeps the server's process id while it runs, so that a server
        left behind by a service that was killed (it runs in a session of its own, out of
        reach of the service's process group) is stopped when the next one starts."""
        self.tools = tools or find_tools()
        self.cancel = cancel or threading.Event()
        if self.tools.soffice is None:
            raise ConversionError("LibreOffice (soffice) tidak terpasang")
        if workdir is None:
            self.profile = Path(tempfile.mkdtemp(prefix=_PROFILE_PREFIX))
            self.pid_file: Path | None = None
        else:
            stop_left_behind(workdir / PID_NAME)
            shutil.rmtree(workdir, ignore_errors=True)
            workdir.mkdir(mode=0o700, parents=True)
            self.profile, self.pid_file = workdir, workdir / PID_NAME
        self.server: subprocess.Popen[bytes] | None = None
        self.proxy: xmlrpc.client.ServerProxy | None = None

    def __enter__(self) -> PdfConverter:
        self.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    @property
    def warm(self) -> bool:
        return self.proxy is not None

    def start(self) -> None:
        if self.tools.unoserver is None:
            return
        port, uno_port = _free_port(), _free_port()
        # A plain path: unoserver turns it into the file:// address LibreOffice wants.
        self.server = subprocess.Popen(
            [*_NICE, self.tools.unoserver, "--interface", "127.0.0.1", "--port", str(port),
             "--uno-port", str(uno_port), "--user-installation", str(self.profile / "server"),
             "--executable", str(self.tools.soffice)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        if self.pid_file is not None:
            atomic_write_text(self.pid_file, f"{self.server.pid}\n")
        proxy = xmlrpc.client.ServerProxy(f"http://127.0.0.1:{port}", allow_none=True)
        deadline = time.monotonic() + START_TIMEOUT
        while (time.monotonic() < deadline and self.server.poll() is None
               and not self.cancel.is_set()):
            try:
                proxy.info()
            except (OSError, xmlrpc.client.Error):
                time.sleep(0.2)
                continue
            self.proxy = proxy
            log.info("unoserver ready on port %d", port)
            return
        log.warning("unoserver did not start; converting with a cold soffice per document")
        self._stop_server()

    def convert(self, docx: Path, target: Path) -> None:
        """Write `target` (atomically) as the PDF/A-2b rendition of `docx`."""
        with tempfile.TemporaryDirectory(dir=self.profile) as scratch:
            made = Path(scratch) / target.name
            if self.proxy is not None:
                try:
                    self.proxy.convert(str(docx), None, str(made), "pdf", None, [PDFA_OPTION],
                                       False, None, None)
                except (OSError, xmlrpc.client.Error) as exc:
                    log.warning("unoserver failed (%s); falling back to a cold soffice", exc)
                    self._stop_server()
            if not made.exists():
                self._convert_cold(docx, made)
            atomic_write_bytes(target, made.read_bytes())

    def _convert_cold(self, docx: Path, made: Path) -> None:
        assert self.tools.soffice is not None
        source = made.with_suffix(".docx")
        shutil.copyfile(docx, source)  # soffice names its output after its input
        try:
            subprocess.run(
                [*_NICE, self.tools.soffice,
                 f"-env:UserInstallation={(self.profile / 'cold').as_uri()}", "--headless",
                 "--convert-to", _COLD_FILTER, "--outdir", str(made.parent), str(source)],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=CONVERT_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise ConversionError(f"LibreOffice tidak selesai mengubah {docx.name}") from exc
        if not made.exists():
            raise ConversionError(f"LibreOffice tidak dapat mengubah {docx.name} menjadi PDF")

    def _stop_server(self) -> None:
        self.proxy = None
        server, self.server = self.server, None
        if server is None or server.poll() is not None:
            return
        # SIGTERM to unoserver alone: it closes its LibreOffice itself (signalling the whole
        # process group left LibreOffice hung).
        server.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.wait(timeout=STOP_GRACE_SECONDS)
        while time.monotonic() < deadline and _session_alive(server.pid):
            time.sleep(0.05)  # its LibreOffice closing
        # Whatever is left of the session goes: SIGKILL cannot leave LibreOffice hung as
        # SIGTERM to the group did, and a service stops within seconds whatever it converts.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)
        server.wait()

    def abort(self) -> None:
        """From another thread: stop the server now, so a conversion in progress fails fast."""
        self._stop_server()

    def close(self) -> None:
        self._stop_server()
        shutil.rmtree(self.profile, ignore_errors=True)


def _session_alive(session: int) -> bool:
    try:
        os.killpg(session, 0)
    except ProcessLookupError:
        return False
    return True


def stop_left_behind(pid_file: Path) -> None:
    """Stop the converter a killed service left running (SIGTERM to unoserver alone, which
    closes its LibreOffice) and whatever else still uses its profile folder."""
    profile = str(pid_file.parent).encode() + b"/"
    try:
        pid = int(pid_file.read_text().strip())
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except (OSError, ValueError):
        command = []
    # The number may belong to another process by now: only our server is signalled.
    if any(b"unoserver" in part for part in command) and profile in b" ".join(command):
        log.warning("stopping the PDF converter a previous run left behind (pid %d)", pid)
        _terminate([pid])
    # Killed before it could close its LibreOffice, unoserver leaves that behind too: the
    # processes that use its profile, which no other program does.
    _terminate([int(entry.name) for entry in Path("/proc").iterdir()
                if entry.name.isdigit() and profile in _command_line(entry)])


def _alive(pid: int) -> bool:
    """Running (a process that has exited but was not yet collected by its parent is not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _command_line(process: Path) -> bytes:
    try:
        return (process / "cmdline").read_bytes()
    except OSError:
        return b""


def _terminate(pids: list[int]) -> None:
    """SIGTERM to each process, then SIGKILL to those still there after 20 seconds."""
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 20
    while any(map(_alive, pids)) and time.monotonic() < deadline:
        time.sleep(0.1)
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
