"""A scan is read first and archived second: its Lembar Disposisi is written before the PDF/A
copy is made, the copy reuses the recognition (Tesseract reads each page once), and a crash
between the two steps is completed by the recovery pass at the next start."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest
from conftest import Office
from pypdf import PdfReader
from scan_images import LETTER_LINES, degrade, letter_page, write_scan_pdf
from test_crash import PowerCut, crash_at, sha

from pipeline.archive.outbox import ARCHIVE_NAME, RECOGNITION_SUFFIX, STAGING_FOLDER
from pipeline.intake.service import ingest_file, recover
from pipeline.workflow.engine import Workflow

BEFORE_ARCHIVE = "pipeline.intake.archive_copy.archive_from_recognition"
SHEET = "01-lembar-disposisi.docx"


@pytest.fixture
def tesseract_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every Tesseract run, by anyone (us or OCRmyPDF), logged by a wrapper first on PATH."""
    real = shutil.which("tesseract")
    assert real is not None
    folder = tmp_path / "bin"
    folder.mkdir()
    log = tmp_path / "tesseract.log"
    wrapper = folder / "tesseract"
    wrapper.write_text(f'#!/bin/sh\necho "$@" >> "{log}"\nexec "{real}" "$@"\n')
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    log.touch()
    return log


def page_readings(log: Path) -> list[str]:
    """The logged runs that read a page image (not version or language probes)."""
    return [line for line in log.read_text().splitlines() if ".pgm" in line or ".png" in line]


def scan_cut_before_archive(office: Office, monkeypatch: pytest.MonkeyPatch
                            ) -> tuple[Path, Workflow]:
    scan = write_scan_pdf(office.inbox / "pindaian.pdf",
                          [degrade(letter_page(LETTER_LINES), skew_degrees=1.5)])
    workflow = office.workflow()
    with monkeypatch.context() as patch:
        crash_at(patch, BEFORE_ARCHIVE)
        with pytest.raises(PowerCut):
            ingest_file(scan, workflow, "layanan")
    return scan, workflow


def test_the_sheet_comes_first_and_a_crash_before_the_copy_is_completed_on_restart(
    office: Office, monkeypatch: pytest.MonkeyPatch, tesseract_log: Path
) -> None:
    scan, workflow = scan_cut_before_archive(office, monkeypatch)
    (case,) = workflow.store.cases()
    folder = office.outbox / case.folder
    assert (folder / SHEET).exists(), "the Lembar Disposisi is written before the copy"
    assert not scan.exists(), "the original is filed and the inbox cleared"
    assert not (folder / ARCHIVE_NAME).exists()
    manifest = json.loads((folder / "manifest.json").read_text())
    assert ARCHIVE_NAME not in [entry["path"] for entry in manifest["files"]]
    readings = page_readings(tesseract_log)
    assert readings and all("--psm 3" in line for line in readings), readings

    recover(workflow)  # what the next start does

    assert page_readings(tesseract_log) == readings, "no page was read again for the copy"
    archive = folder / ARCHIVE_NAME
    assert "Bontang" in PdfReader(archive).pages[0].extract_text(), "the copy is searchable"
    manifest = json.loads((folder / "manifest.json").read_text())
    listed = {entry["path"]: entry["sha256"] for entry in manifest["files"]}
    assert listed[ARCHIVE_NAME] == sha(archive) == workflow.store.case(case.id).archive_sha256
    staging = office.outbox / STAGING_FOLDER
    assert not list(staging.glob(f"*{RECOGNITION_SUFFIX}")), "the recognition is dropped"
    recover(workflow)
    assert sha(archive) == listed[ARCHIVE_NAME], "a second start changes nothing"


def test_a_recognition_lost_in_the_crash_is_made_again_from_the_filed_original(
    office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, workflow = scan_cut_before_archive(office, monkeypatch)
    (case,) = workflow.store.cases()
    for folder in (office.outbox / STAGING_FOLDER).glob(f"*{RECOGNITION_SUFFIX}"):
        shutil.rmtree(folder)
    recover(workflow)
    archive = office.outbox / case.folder / ARCHIVE_NAME
    assert "Bontang" in PdfReader(archive).pages[0].extract_text()
    assert workflow.store.case(case.id).archive_sha256 == sha(archive)
