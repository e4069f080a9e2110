"""Hostile files: pages far beyond any paper, images and pages too big to rasterise, and a
worker that runs out of memory. Every rasterisation is capped by pixel count and every worker
has a memory ceiling, so one file can never take the machine; the breach becomes a note for
that file and the service goes on. Each test here takes seconds, not minutes (CI runs them)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CliRunner, Office
from pdf_letters import write_letter_pdf
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import FloatObject, NameObject
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import text
from test_service import cases, start_service, wait_for

from pipeline.errors import UnreadableLetterError
from pipeline.intake import images, qr_reader
from pipeline.intake.ocr import ocr_to_archive

POINTS_PER_INCH = 72
HUGE_POINTS = 14400  # 200 inches, over five metres: the page of the bug report


def huge_mediabox(path: Path) -> Path:
    writer = PdfWriter()
    writer.add_blank_page(HUGE_POINTS, HUGE_POINTS)
    writer.write(path)
    return path


def huge_user_unit(path: Path) -> Path:
    """A Letter-sized MediaBox whose user unit makes it 75 times larger (PDF 1.6)."""
    writer = PdfWriter()
    page = writer.add_blank_page(612, 792)
    page[NameObject("/UserUnit")] = FloatObject(75)
    writer.write(path)
    return path


def huge_second_page(path: Path, letter: Path) -> Path:
    """A real letter whose second page is blank and huge."""
    writer = PdfWriter(clone_from=PdfReader(letter))
    writer.add_blank_page(HUGE_POINTS, HUGE_POINTS)
    writer.write(path)
    return path


def lines_only_page(path: Path, inches: float) -> Path:
    """A square page of the given size with vector lines and no text (OCR draws it at 400 dpi)."""
    side = inches * POINTS_PER_INCH
    canvas = Canvas(str(path), pagesize=(side, side))
    for step in range(1, 10):
        canvas.line(0, side * step / 10, side, side * step / 10)
    canvas.save()
    return path


def test_pages_far_beyond_any_paper_are_parked_with_a_note(office: Office) -> None:
    from pipeline.intake.service import ingest_file

    workflow = office.workflow()
    made = office.root / "made"
    made.mkdir()
    letter = write_letter_pdf(made / "surat.pdf", 1)
    hostile = [
        huge_mediabox(office.inbox / "mediabox.pdf"),
        huge_user_unit(office.inbox / "userunit.pdf"),
        huge_second_page(office.inbox / "halaman-kedua.pdf", letter),
    ]
    for path in hostile:
        result = ingest_file(path, workflow, "layanan")
        assert result.outcome == "failed", path.name
        note = (office.inbox / "_gagal" / f"{path.name}.txt").read_text().lower()
        assert "ukuran halaman" in note and "tidak wajar" in note, note
        assert (office.inbox / "_gagal" / path.name).exists(), "the file is kept"
    assert workflow.store.cases() == []


def test_qr_search_scales_a_large_page_down_to_its_pixel_budget(tmp_path: Path) -> None:
    # 45 inches square is plausible (a poster), but 200 dpi would make it 81 megapixels.
    path = lines_only_page(tmp_path / "poster.pdf", 45)
    (page,) = qr_reader.pdf_page_images(path, dpi=200, max_pages=5)
    assert page.width * page.height <= images.MAX_PAGE_PIXELS
    assert page.width == page.height > 4000, "scaled down, not thrown away"


def test_ocr_refuses_a_page_it_would_rasterise_beyond_the_budget(tmp_path: Path) -> None:
    # Vector pages are drawn at 400 dpi for OCR: 30 inches make 144 megapixels.
    path = lines_only_page(tmp_path / "gambar-teknik.pdf", 30)
    with pytest.raises(UnreadableLetterError) as error:
        ocr_to_archive(path, tmp_path / "arsip.pdf", image=False)
    assert "terlalu besar" in error.value.message
    assert not (tmp_path / "arsip.pdf").exists()


def test_an_image_beyond_the_pixel_budget_is_refused(office: Office) -> None:
    from pipeline.intake.service import ingest_file

    side = 9000  # 81 megapixels of white: a few hundred kilobytes as PNG
    path = office.inbox / "raksasa.png"
    Image.new("L", (side, side), 255).save(path, dpi=(300, 300))
    result = ingest_file(path, office.workflow(), "layanan")
    assert result.outcome == "failed"
    note = (office.inbox / "_gagal" / "raksasa.png.txt").read_text()
    assert "terlalu besar" in note


def test_a_worker_over_its_memory_ceiling_leaves_a_note_and_the_service_goes_on(
    office: Office,
) -> None:
    # The ceiling at its lowest allowed value. A fax-style TIFF of 30 A4 pages at 300 dpi in
    # colour is small on disk (white compresses), under every limit, and 780 MB in memory.
    with office.config_path.open("a") as config:
        config.write("worker_memory_mb = 512\n")
    page = Image.new("RGB", (2480, 3508), "white")
    tiff = office.root / "faks.tif"
    page.save(tiff, save_all=True, append_images=[page] * 29, dpi=(300, 300),
              compression="tiff_deflate")
    process = start_service(office)
    try:
        (office.inbox / tiff.name).write_bytes(tiff.read_bytes())
        huge_mediabox(office.inbox / "raksasa.pdf")
        wait_for(lambda: (office.inbox / "_gagal" / "faks.tif.txt").exists(),
                 "the note for the file that broke the ceiling")
        wait_for(lambda: (office.inbox / "_gagal" / "raksasa.pdf.txt").exists(),
                 "the note for the huge page")
        write_letter_pdf(office.inbox / "surat.pdf", 3)
        wait_for(lambda: len(cases(office)) == 1, "the next letter, registered")
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    note = (office.inbox / "_gagal" / "faks.tif.txt").read_text()
    assert "batas memori" in note and "512 MB" in note, note
    assert "ukuran halaman" in (office.inbox / "_gagal" / "raksasa.pdf.txt").read_text().lower()
    assert (office.inbox / "_gagal" / "faks.tif").read_bytes() == tiff.read_bytes()


def test_the_memory_ceiling_is_the_kernels() -> None:
    """RLIMIT_AS: an allocation beyond the ceiling fails in the worker itself (and in any
    program it starts, which inherits the limit)."""
    script = (
        "from pipeline.intake.watcher import limit_memory\n"
        "limit_memory(600)\n"
        "block = bytearray(700 * 1024 * 1024)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=False)
    assert done.returncode != 0
    assert "MemoryError" in done.stderr


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text() if entry.name.isdigit() else ""
        except OSError:
            continue
        if stat and int(stat[stat.rindex(")") + 2:].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def _descendants(pid: int) -> list[int]:
    found, stack = [], [pid]
    while stack:
        children = _children(stack.pop())
        found += children
        stack += children
    return found


def _kill_the_worker_running_tesseract(service: int, killed: set[int]) -> bool:
    """Kill a worker (one not killed before) while its Tesseract reads a page; True once done.
    Tesseract asked only its version or languages is passed over: OCRmyPDF asks that while it
    makes the PDF/A copy, after the letter is registered and its inbox file filed."""
    descendants = _descendants(service)
    for pid in descendants:
        if _name(pid) == "tesseract":
            try:
                stat = (Path("/proc") / str(pid) / "stat").read_text()
                arguments = (Path("/proc") / str(pid) / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue  # it finished meanwhile
            if b"--version" in arguments or b"--list-langs" in arguments:
                continue
            parent = int(stat[stat.rindex(")") + 2:].split()[1])
            if parent == service or parent in killed or parent not in descendants:
                # The service asking Tesseract its version at start, a worker already dying,
                # or (its parent not the service's) the Tesseract of a worker killed a moment
                # ago, handed to init: not a new attempt at the file.
                continue
            os.kill(parent, signal.SIGKILL)
            killed.add(parent)
            return True
    return False


def _name(pid: int) -> str:
    try:
        return (Path("/proc") / str(pid) / "comm").read_text().strip()
    except OSError:
        return ""


def test_a_file_whose_worker_dies_twice_gets_a_note_and_the_service_goes_on(
    office: Office,
) -> None:
    """A worker killed while reading a scan (as the kernel's OOM killer would): the scan is
    tried once more, then set aside with a note, and the next letter is registered."""
    from scan_images import LETTER_LINES, degrade, letter_page, write_scan_pdf

    from pipeline.intake.watcher import MAX_STRIKES

    # Two pages of text: Tesseract is busy long enough to be caught at it, even on a busy
    # machine.
    page = degrade(letter_page(LETTER_LINES))
    scan = write_scan_pdf(office.root / "pindaian.pdf", [page] * 2)
    process = start_service(office)
    try:
        (office.inbox / scan.name).write_bytes(scan.read_bytes())
        killed: set[int] = set()
        for _ in range(MAX_STRIKES):
            wait_for(lambda: _kill_the_worker_running_tesseract(process.pid, killed),
                     "Tesseract reading the scan, and its worker killed")
        wait_for(lambda: (office.inbox / "_gagal" / "pindaian.pdf.txt").exists(),
                 "the note for the file that stopped its worker")
        write_letter_pdf(office.inbox / "surat.pdf", 4)
        wait_for(lambda: len(cases(office)) == 1, "the next letter, registered")
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    note = (office.inbox / "_gagal" / "pindaian.pdf.txt").read_text()
    assert "menghentikan proses pekerja" in note


def test_a_pdfa_copy_that_keeps_killing_workers_is_left_and_new_letters_go_on(
    office: Office, kunjungan: CliRunner,
) -> None:
    """A scan's PDF/A copy, to be made at start because its recognition was lost in a crash,
    whose reading kills every worker it runs in: after MAX_STRIKES deaths the recovery leaves
    it for the next start, and the next letter is registered."""
    from scan_images import LETTER_LINES, degrade, letter_page, write_scan_pdf

    from pipeline.intake.watcher import MAX_STRIKES

    scan = write_scan_pdf(office.root / "pindaian.pdf", [degrade(letter_page(LETTER_LINES))])
    assert kunjungan("ingest", str(scan)).code == 0
    store = office.store()
    with store.transaction() as conn:  # as if the service had died before the copy was made
        conn.execute(text("UPDATE cases SET archive_sha256 = NULL"))
    store.close()
    write_letter_pdf(office.inbox / "surat.pdf", 4)
    process = start_service(office)
    killed: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        while _registered(office) < 2:
            assert time.monotonic() < deadline, f"the next letter not registered ({killed})"
            _kill_the_worker_running_tesseract(process.pid, killed)  # each one that reads
            time.sleep(0.05)
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert len(killed) == MAX_STRIKES
    assert "PDF/A copies of letters read by OCR are left for the next start" in err


def _registered(office: Office) -> int:
    store = office.store()
    try:
        with store.transaction() as conn:
            ((count,),) = conn.execute(text("SELECT count(*) FROM cases"))
            return int(count)
    finally:
        store.close()
