"""PDF renditions beside the .docx documents of every case folder, made off the critical path.

Which PDFs are still to make is derived from the files themselves: a `.docx` whose PDF is
missing, or whose PDF was made from other bytes (the source's SHA-256 is recorded in the
folder's `.pdf-sumber.json` once the PDF is on disk). A crash at any point therefore leaves at
worst a PDF to make again, found by the next pass. The service runs one pass over every folder
at start, then watches the folders' modification times, so a document written by a worker or
by a command appears as PDF within a second or so.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.archive.files import (
    atomic_write_text,
    folder_lock,
    process_alive,
    sha256_of,
    sweep_orphan_temp_files,
)
from pipeline.archive.outbox import (
    MANIFEST_NAME,
    RENDITION_SOURCES_NAME,
    pdf_name,
    pending_renditions,
    rendition_sources,
)
from pipeline.config import Config
from pipeline.documents.pdf import (
    PID_NAME,
    ConversionError,
    PdfConverter,
    find_tools,
    stop_left_behind,
)

if TYPE_CHECKING:
    from pipeline.workflow.engine import Workflow

log = logging.getLogger(__name__)

PASS_SECONDS = 0.3
# On stop, a conversion in progress gets this long before the converter is killed.
STOP_WAIT_SECONDS = 2.0
# `KUNJUNGAN_PDF=0` runs the service without renditions (benchmarks compare the two).
SWITCH_ENV = "KUNJUNGAN_PDF"


def render_folder(folder: Path, converter: PdfConverter) -> int:
    """Make the folder's missing PDFs; the number made."""
    made = 0
    with folder_lock(folder):  # the publisher's: no version is renamed mid-rendition
        # A PDF half written by a converter killed with its service (another node).
        for temp in sweep_orphan_temp_files(folder, recursive=False):
            log.info("removed temp file of an interrupted write: %s", temp)
        for docx in pending_renditions(folder):
            sha = sha256_of(docx)
            target = folder / pdf_name(docx.name)
            converter.convert(docx, target)
            sources = rendition_sources(folder)
            sources[target.name] = sha
            atomic_write_text(folder / RENDITION_SOURCES_NAME,
                              json.dumps(sources, indent=2, sort_keys=True) + "\n")
            made += 1
    return made


def converter_folder(config: Config, pid: int | None = None) -> Path:
    """A service's LibreOffice profile: in the temporary folder (LibreOffice is slow on a
    network share), named after the outbox and the service's process, so that several
    services on one outbox (nodes) keep their own and the next start finds a dead one's."""
    return Path(tempfile.gettempdir()) / f"{_folder_prefix(config)}{pid or os.getpid()}"


def _folder_prefix(config: Config) -> str:
    key = hashlib.sha256(str(config.paths.outbox.resolve()).encode()).hexdigest()[:12]
    return f"kunjungan-lo-{key}-"


def stop_converters_left_behind(config: Config) -> None:
    """The converters of services on this outbox that were killed (their process is gone):
    stopped, their profiles removed. A running service's converter is left alone."""
    prefix = _folder_prefix(config)
    for folder in Path(tempfile.gettempdir()).glob(f"{prefix}*"):
        owner = folder.name[len(prefix):]
        if not owner.isdigit() or int(owner) == os.getpid() or process_alive(int(owner)):
            continue
        stop_left_behind(folder / PID_NAME)
        shutil.rmtree(folder, ignore_errors=True)


def case_folders(outbox: Path) -> Iterator[Path]:
    """`outbox/<year>/<agenda>_<institution>/` folders that have a manifest."""
    for year in sorted(outbox.glob("[0-9][0-9][0-9][0-9]")):
        for folder in sorted(year.iterdir()):
            if (folder / MANIFEST_NAME).exists():
                yield folder


def _case_id(folder: Path) -> int | None:
    try:
        case = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))["case"]
        return int(case["id"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


class Renditions:
    """The service's background renditions: a thread with one warm converter."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name="renditions", daemon=True)
        self.converter: PdfConverter | None = None

    def start(self) -> Renditions:
        if os.environ.get(SWITCH_ENV) == "0":
            log.info("renditions off (%s=0)", SWITCH_ENV)
            return self
        if find_tools().soffice is None:
            log.warning("LibreOffice is not installed: documents get no PDF rendition")
            return self
        self.thread.start()
        return self

    def stop(self) -> None:
        """Stop within seconds: a conversion in progress is cut short (its PDF is made again by
        the next pass, as after a crash)."""
        self.stopping.set()
        if not self.thread.is_alive():
            return
        self.thread.join(timeout=STOP_WAIT_SECONDS)
        if self.thread.is_alive() and self.converter is not None:
            self.converter.abort()
            self.thread.join(timeout=STOP_WAIT_SECONDS)

    def _run(self) -> None:
        from pipeline.store.db import Store
        from pipeline.workflow.engine import Workflow

        store = Store(self.config.database.url, self.config.database.busy_timeout_seconds)
        workflow = Workflow(self.config, store)
        seen: dict[Path, int] = {}
        try:
            stop_converters_left_behind(self.config)
            folder = converter_folder(self.config)
            with PdfConverter(cancel=self.stopping, workdir=folder) as converter:
                self.converter = converter
                while not self.stopping.is_set():
                    self._pass(workflow, converter, seen)
                    self.stopping.wait(PASS_SECONDS)
        except Exception:  # renditions must never take the intake down with them
            log.exception("renditions stopped")
        finally:
            store.close()

    def _pass(self, workflow: Workflow, converter: PdfConverter, seen: dict[Path, int]) -> None:
        for folder in case_folders(self.config.paths.outbox):
            if self.stopping.is_set():
                return
            # Taken before looking: a document written meanwhile changes it again.
            stamp = folder.stat().st_mtime_ns
            if seen.get(folder) == stamp:
                continue
            seen[folder] = stamp
            try:
                made = render_folder(folder, converter)
            except ConversionError as exc:
                log.error("%s: %s", folder.name, exc)
                made = 0
            case_id = _case_id(folder)
            if made and case_id is not None:
                workflow.publish(case_id)  # the manifest lists the new PDFs


def render_all(workflow: Workflow) -> int:
    """One pass over every case folder with a converter of its own (tests, benchmarks)."""
    made = 0
    with PdfConverter() as converter:
        for folder in case_folders(workflow.config.paths.outbox):
            count = render_folder(folder, converter)
            case_id = _case_id(folder)
            if count and case_id is not None:
                workflow.publish(case_id)
            made += count
    return made
