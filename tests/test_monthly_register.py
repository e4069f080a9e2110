"""The monthly Register Buku Tamu: the month's guests and only them, as .docx and PDF (real
LibreOffice) filed in outbox/register/<year>/ with checksums, made again only when the entries
change; `kunjungan register --bulan`; the desk's download for a role that reads the register
and its refusal for one that does not."""

from __future__ import annotations

import hashlib
import json
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from conftest import CliRunner, Office, office_today
from docx_text import docx_text
from pypdf import PdfReader
from test_desk_pages import signed_in
from test_desk_queries import register

from pipeline.case import Assignment
from pipeline.documents.monthly import RegisterMonth, parse_month
from pipeline.errors import ExitCode, UsageError
from pipeline.indonesian import format_date
from pipeline.workflow.engine import Workflow
from pipeline.workflow.monthly_register import file_monthly_register

HOSTILE = "<b>PT & Co</b>"
NOVEMBER = RegisterMonth(2026, 11)


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def guest_book(workflow: Workflow) -> dict[str, int]:
    """Two visits with guests on either side of November 2026 (in WITA): names -> case."""
    zone = workflow.config.timezone
    store = workflow.store
    smk = register(workflow, "SMK Negeri 9 Tarakan", "421/015/SMK/X/2026",
                   datetime(2026, 10, 20, 9, 0, tzinfo=zone))
    pt = register(workflow, HOSTILE, "PT/7/2026", datetime(2026, 10, 21, 9, 0, tzinfo=zone))
    guests = (
        (smk, "Tamu Oktober", None, datetime(2026, 10, 31, 23, 30, tzinfo=zone), None),
        (smk, "Budi Santoso", None, datetime(2026, 11, 2, 9, 0, tzinfo=zone),
         datetime(2026, 11, 2, 11, 30, tzinfo=zone)),
        (pt, "Citra Lestari", HOSTILE, datetime(2026, 11, 2, 9, 5, tzinfo=zone), None),
        (smk, "Dewi Anggraini", "Komite SMK", datetime(2026, 11, 30, 23, 50, tzinfo=zone),
         None),
        (pt, "Tamu Desember", None, datetime(2026, 12, 1, 0, 10, tzinfo=zone), None),
    )
    escort = workflow.config.pelaksana[0]
    with store.transaction() as conn:
        store.update_case(conn, smk, guests[1][3], assignment=Assignment(
            "800.1.11.1/001/UPTD-TCC/XI/2026", guests[1][3], "uji", (escort,)))
        for case_id, name, institution, came, left in guests:
            store.insert_guest(conn, case_id, name, institution, "+6281254321098", came)
            if left:
                store.check_out_guest(conn, case_id, name, left)
    return {name: case_id for case_id, name, *_ in guests}


def test_a_month_is_written_yyyy_mm_and_nothing_else() -> None:
    assert parse_month("2026-11") == NOVEMBER
    assert parse_month(" 2026-1 ").label == "Januari 2026"
    for bad in ("2026-13", "2026-00", "bulan", "11-2026", "1989-05"):
        with pytest.raises(UsageError) as refused:
            parse_month(bad)
        assert refused.value.exit_code == ExitCode.USAGE
        assert "bulan tidak valid" in refused.value.message


def test_the_register_lists_the_months_guests_and_is_filed_once(office: Office) -> None:
    workflow = office.workflow()
    guest_book(workflow)
    filed = file_monthly_register(workflow, NOVEMBER)
    assert filed.made and filed.version == 1 and filed.guests == 3
    folder = office.outbox / "register" / "2026"
    assert filed.docx == folder / "register-buku-tamu-2026-11.docx"
    assert filed.pdf == folder / "register-buku-tamu-2026-11.pdf"

    for text in (docx_text(filed.docx), pdf_text(filed.pdf)):
        assert "REGISTER BUKU TAMU" in text and "November 2026" in text
        for name in ("Budi Santoso", "Citra Lestari", "Dewi Anggraini"):
            assert name in text
        # by the office's calendar: 31 Oct 23.30 and 1 Dec 00.10 WITA belong to other months
        assert "Tamu Oktober" not in text and "Tamu Desember" not in text
        assert HOSTILE in text  # escaped, printed as typed
        assert "0812" not in text and "+62" not in text  # no guest's phone
        assert "Mengetahui" in text and "Siti Rahmah, S.Kom., M.M." in text
        assert "19820930 200604 2 011" in text
    words = docx_text(filed.docx)
    # a guest who typed no institution came with the letter's; the escort and the agenda
    assert "SMK Negeri 9 Tarakan" in words and "Andi Saputra, S.Kom." in words
    assert "Agenda 2026/0001" in words and "09.00" in words and "11.30" in words
    assert "Jumlah tamu tercatat: 3 (tiga) orang dari 2 (dua) kunjungan." in words
    assert words.index("Budi Santoso") < words.index("Citra Lestari") < words.index("Dewi")

    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert {f["path"]: f["sha256"] for f in manifest["files"]} == {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (filed.docx, filed.pdf)}

    # the same entries: the filed register is handed out again, untouched
    pdf_bytes = filed.pdf.read_bytes()
    again = file_monthly_register(workflow, NOVEMBER)
    assert not again.made and again.version == 1 and again.pdf.read_bytes() == pdf_bytes

    # a guest leaves: a new version, the first kept beside it (it may be signed already)
    zone = workflow.config.timezone
    with workflow.store.transaction() as conn:
        workflow.store.check_out_guest(conn, guest_book_case(workflow, "Citra Lestari"),
                                       "Citra Lestari", datetime(2026, 11, 2, 10, 0, tzinfo=zone))
    newer = file_monthly_register(workflow, NOVEMBER)
    assert newer.made and newer.version == 2
    assert "10.00" in docx_text(newer.docx)
    kept = folder / "register-buku-tamu-2026-11.v1.pdf"
    assert kept.read_bytes() == pdf_bytes
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    files = {f["path"]: f for f in manifest["files"]}
    assert set(files) == {"register-buku-tamu-2026-11.docx", "register-buku-tamu-2026-11.pdf",
                          "register-buku-tamu-2026-11.v1.docx", "register-buku-tamu-2026-11.v1.pdf"}
    assert files["register-buku-tamu-2026-11.v1.pdf"]["sha256"] == hashlib.sha256(
        pdf_bytes).hexdigest()
    assert files["register-buku-tamu-2026-11.docx"]["version"] == 2
    workflow.store.close()


def guest_book_case(workflow: Workflow, name: str) -> int:
    entries = workflow.store.guest_register(NOVEMBER.year, NOVEMBER.month)
    return next(e.case_id for e in entries if e.name == name)


def test_command_line_register_and_its_errors(office: Office, kunjungan: CliRunner) -> None:
    for bad in ("2026-13", "bulan"):
        result = kunjungan("register", "--bulan", bad)
        assert result.code == ExitCode.USAGE
        assert result.err.startswith("galat: bulan tidak valid") and result.err.count("\n") == 1
    missing = kunjungan("register")
    assert missing.code == ExitCode.USAGE and missing.err.startswith("galat: ")
    future = kunjungan("register", "--bulan", "2099-01")
    assert future.code == ExitCode.USAGE and "belum dimulai" in future.err
    assert not (office.outbox / "register" / "2099").exists()

    # a month without visits still gives a document that says so
    result = kunjungan("register", "--bulan", "2026-02", "--json")
    assert result.code == 0, result.err
    filed = result.json()
    assert filed["bulan"] == "2026-02" and filed["jumlah_tamu"] == 0 and filed["dibuat_baru"]
    words = docx_text(Path(filed["docx"]))
    assert "Tidak ada kunjungan yang tercatat pada bulan Februari 2026." in words
    assert "Jumlah tamu tercatat: nihil." in words
    reader = PdfReader(filed["pdf"])
    assert len(reader.pages) == 1 and "Februari 2026" in pdf_text(Path(filed["pdf"]))

    plain = kunjungan("register", "--bulan", "2026-02")
    assert plain.code == 0 and "tidak berubah" in plain.out and filed["pdf"] in plain.out

    # the month still running: the register says it is not complete
    today = office_today()
    running = kunjungan("register", "--bulan", f"{today:%Y-%m}", "--json")
    assert running.code == 0, running.err
    words = " ".join(docx_text(Path(running.json()["docx"])).split())
    assert f"belum berakhir: register ini memuat tamu sampai tanggal {format_date(today)}" in words


def test_an_outbox_that_cannot_be_written_or_read_is_one_line(office: Office,
                                                      kunjungan: CliRunner) -> None:
    office.outbox.mkdir(exist_ok=True)
    (office.outbox / "register").write_text("not a folder")
    result = kunjungan("register", "--bulan", "2026-02")
    assert result.code == ExitCode.STORAGE
    assert result.err.startswith("galat: Register Buku Tamu Februari 2026 belum dapat ditulis")
    assert result.err.count("\n") == 1

    # a manifest damaged by hand is not replaced (it records the versions filed)
    (office.outbox / "register").unlink()
    folder = office.outbox / "register" / "2026"
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text("{ diedit", encoding="utf-8")
    damaged = kunjungan("register", "--bulan", "2026-02")
    assert damaged.code == ExitCode.FAILED and "rusak" in damaged.err
    assert damaged.err.count("\n") == 1
    assert (folder / "manifest.json").read_text(encoding="utf-8") == "{ diedit"


def test_desk_downloads_for_readers_only(office: Office) -> None:
    workflow = office.workflow()
    guest_book(workflow)
    workflow.store.close()
    archivist = signed_in(office, "rina", "arsiparis")
    page = archivist.get("/register?tahun=2026&bulan=11").get_data(as_text=True)
    assert "/register/dokumen.pdf?tahun=2026&amp;bulan=11" in page
    assert "/register/unduh?tahun=2026&amp;bulan=11" in page  # the CSV stays

    pdf = archivist.get("/register/dokumen.pdf?tahun=2026&bulan=11")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.data.startswith(b"%PDF")
    assert "register-buku-tamu-2026-11.pdf" in pdf.headers["Content-Disposition"]
    word = archivist.get("/register/dokumen.docx?tahun=2026&bulan=11")
    assert word.status_code == 200
    filed = office.outbox / "register" / "2026" / "register-buku-tamu-2026-11.docx"
    assert word.data == filed.read_bytes()  # the filed document, not another rendering
    with zipfile.ZipFile(filed) as archive:
        assert "Citra Lestari" in archive.read("word/document.xml").decode()

    admin = signed_in(office, "admin", "admin")
    assert admin.get("/register/dokumen.pdf?tahun=2026&bulan=11").status_code == 403
    assert archivist.get("/register/dokumen.odt?tahun=2026&bulan=11").status_code == 404
