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


def test_pages_are_levelled_and_turned_only_where_they_need_it(
    tmp_path: Path, tesseract_log: Path
) -> None:
    from pipeline.intake.ocr import archive_from_recognition, recognise
    from pipeline.intake.tesseract import RECOGNITION_FILE

    level = write_scan_pdf(tmp_path / "lurus.pdf", [letter_page(LETTER_LINES)])
    recognition = recognise(level, tmp_path / "lurus", image=False)
    plan = json.loads((recognition.folder / RECOGNITION_FILE).read_text())
    assert plan["skew"] == {} and plan["orientation"] == {}
    assert not any("--psm 0" in line for line in page_readings(tesseract_log)), "no OSD"

    # Upside down and skewed by 3 degrees, as a sheet fed the wrong way round.
    turned = degrade(letter_page(LETTER_LINES), skew_degrees=3).rotate(180)
    turned.info["dpi"] = (200, 200)
    scan = write_scan_pdf(tmp_path / "terbalik.pdf", [turned])
    recognition = recognise(scan, tmp_path / "terbalik", image=False)
    assert "551/287/DISHUB/2026" in recognition.pages[0]
    plan = json.loads((recognition.folder / RECOGNITION_FILE).read_text())
    assert plan["orientation"] == {"0": 180}
    assert abs(abs(plan["skew"]["0"]) - 3) < 0.5
    archive = tmp_path / "arsip.pdf"
    archive_from_recognition(recognition.folder, archive)
    assert "551/287/DISHUB/2026" in PdfReader(archive).pages[0].extract_text()


def test_skew_is_measured_on_the_page_as_rotate_takes_it() -> None:
    from pipeline.intake.images import skew_degrees

    page = letter_page(LETTER_LINES)
    assert skew_degrees(degrade(page, skew_degrees=0)) == pytest.approx(0, abs=0.3)
    assert skew_degrees(degrade(page, skew_degrees=2.5)) == pytest.approx(-2.5, abs=0.3)
    assert skew_degrees(degrade(page, skew_degrees=-4)) == pytest.approx(4, abs=0.3)


def test_word_boxes_are_scaled_to_the_image_ocrmypdf_draws(tmp_path: Path) -> None:
    from PIL import Image

    from pipeline.intake.recognised import fit_hocr

    hocr = ("<div class='ocr_page' title='bbox 0 0 1000 2000; scan_res 200 200'>"
            "<span class='ocr_line' title='bbox 100 200 300 240; baseline 0.01 -5; x_size 30'>"
            "<span class='ocrx_word' title='bbox 100 200 180 240; x_wconf 95'>Surat</span>")
    image = tmp_path / "000001_ocr.png"
    Image.new("L", (2000, 4000), 255).save(image, dpi=(400, 400))
    fitted = fit_hocr(hocr, image)
    assert "bbox 0 0 2000 4000" in fitted and "scan_res 400 400" in fitted
    assert "bbox 200 400 360 480" in fitted and "x_size 60.00" in fitted
    assert "baseline 0.01 -10" in fitted and "x_wconf 95" in fitted
