"""The searchable PDF/A copy of a letter read by OCR, made after its documents.

Intake reads a scan, registers it and writes its Lembar Disposisi first; the PDF/A copy follows
from the recognition OCR left in `outbox/.staging/<sha256>.ocr/` (Tesseract does not read the
pages again). Each step survives a crash: a case read by OCR without a copy is completed by
the recovery pass at the next start, reading the filed original again only when the
recognition was lost with the crash.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.archive.files import sha256_of
from pipeline.archive.outbox import (
    ARCHIVE_SUFFIX,
    RECOGNITION_SUFFIX,
    original_name,
    staged_original,
)
from pipeline.case import Case
from pipeline.errors import UnreadableLetterError
from pipeline.intake.formats import IMAGE_SUFFIXES
from pipeline.intake.ocr import archive_from_recognition, ocr_to_archive
from pipeline.intake.tesseract import RECOGNITION_FILE
from pipeline.workflow.engine import Workflow

log = logging.getLogger(__name__)


def recognition_folder(outbox: Path, sha256: str) -> Path:
    return staged_original(outbox, sha256, RECOGNITION_SUFFIX)


def complete_archive(workflow: Workflow, case: Case) -> bool:
    """Make the case's PDF/A copy, record its checksum, file it beside the original (the
    manifest lists it) and drop the recognition. False when no copy could be made: the case
    stands without one, as a signed return does."""
    outbox = workflow.config.paths.outbox
    folder = recognition_folder(outbox, case.sha256)
    staged = staged_original(outbox, case.sha256, ARCHIVE_SUFFIX)
    folder.mkdir(parents=True, exist_ok=True)  # lost in a crash: made again to be locked
    with _only_maker(folder) as alone:
        # A command's recovery and a service worker may both come to the same case.
        if not alone or workflow.store.case(case.id).archive_sha256:
            return False
        try:
            try:
                archive_from_recognition(folder, staged)
            except UnreadableLetterError:
                if (folder / RECOGNITION_FILE).exists():
                    raise  # the recognition is whole: OCRmyPDF itself failed
                _archive_anew(workflow, case, staged)
        except UnreadableLetterError as exc:
            log.warning("case %s: no PDF/A copy: %s", case.id, exc.message)
            return False
        with workflow.store.transaction() as conn:
            workflow.store.set_archive(conn, case.id, sha256_of(staged))
        workflow.publish(case.id)  # files the staged copy; the manifest lists it
        shutil.rmtree(folder, ignore_errors=True)
    return True


@contextmanager
def _only_maker(folder: Path) -> Iterator[bool]:
    """Whether this process alone holds the recognition folder (an exclusive lock)."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(descriptor)


def _archive_anew(workflow: Workflow, case: Case, staged: Path) -> None:
    """The recognition was lost in a crash: OCR the filed original again."""
    suffix = Path(case.original_name).suffix
    original = workflow.case_folder(case) / original_name(suffix)
    log.info("case %s: recognition lost, reading %s again", case.id, original.name)
    ocr_to_archive(original, staged, image=suffix.lower() in IMAGE_SUFFIXES)


def complete_pending_archives(workflow: Workflow) -> list[int]:
    """Recovery: every case read by OCR still without its PDF/A copy gets one."""
    done = []
    for case in workflow.store.cases_awaiting_archive():
        if complete_archive(workflow, case):
            done.append(case.id)
    return done
