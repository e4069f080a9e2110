"""PDF renditions, and the pages of every document as LibreOffice lays them out (issue 12).

The documents are rendered for the unusual but ordinary cases a Tata Usaha reviewer sent back
(long names and numbers, three escorts, many guests, a moved visit) and converted through one
warm converter; the assertions read each page's text."""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from conftest import CliRunner, Office, copy_sample
from doc_fixtures import (
    ISSUED_AT,
    LETTER,
    PELAKSANA,
    TEMPLATES,
    WITA,
    assigned,
    finished,
    granted,
    make_config,
    refused,
)
from pypdf import PdfReader
from test_service import DEADLINE_SECONDS, start_service, wait_for

from pipeline.archive.outbox import RENDITION_SOURCES_NAME, pending_renditions
from pipeline.case import Case, Guest, Official
from pipeline.documents.context import build_context
from pipeline.documents.kinds import DOCUMENT_KINDS
from pipeline.documents.pdf import PdfConverter, find_tools
from pipeline.documents.render import render_document
from pipeline.workflow.renditions import render_all

FOOTER = ("Kode verifikasi", "Periksa keaslian")
LONG_NAME = ("Yayasan Pendidikan dan Pelatihan Keterampilan Teknologi Informasi dan "
             "Komunikasi Generasi Muda Kalimantan Utara Cabang Kecamatan Tarakan Barat "
             "untuk Pengembangan Sumber Daya Manusia Daerah Perbatasan Indonesia")
LONG_NUMBER = "B-1187/UN51.3/KM.02.01/FT-TI/PKL-KUNJ/XI/2026/LAMP-DAFTAR-PESERTA-REV2"
LONG_REASON = ("Pada tanggal tersebut Ruang Command Center dipakai untuk simulasi penanganan "
               "bencana banjir rob bersama BPBD, Basarnas, TNI dan Polri, sehingga tidak ada "
               "ruang dan petugas yang dapat mendampingi rombongan; kami sarankan memilih hari "
               "kerja pada minggu berikutnya") * 2


def need_libreoffice() -> None:
    if find_tools().soffice is None:
        if os.environ.get("CI"):
            pytest.fail("soffice (LibreOffice) is missing in CI: install libreoffice-writer-nogui")
        pytest.skip("soffice (LibreOffice) is not installed")


@pytest.fixture(scope="module")
def converter() -> Iterator[PdfConverter]:
    need_libreoffice()
    with PdfConverter() as warm:
        yield warm


def pages_of(kind: str, case: Case, folder: Path, converter: PdfConverter) -> list[str]:
    """`kind` rendered for `case`, converted to PDF; each page's text without its footer."""
    config = make_config(folder)
    docx = folder / f"{kind}.docx"
    render_document(TEMPLATES / DOCUMENT_KINDS[kind].template,
                    build_context(kind, case, config, ISSUED_AT), docx)
    pdf = docx.with_suffix(".pdf")
    converter.convert(docx, pdf)
    return ["\n".join(line for line in (page.extract_text() or "").splitlines()
                      if line.strip() and not line.startswith(FOOTER))
            for page in PdfReader(pdf).pages]


def assert_kept_together(pages: list[str], closing: str, *, tembusan: bool = True) -> None:
    """The signature (the signer's NIP) is on the page of the closing sentence, the tembusan on
    the page of the signature, and no page holds only a signature block or a tembusan."""
    signed = [i for i, page in enumerate(pages) if "NIP. 19820517" in page]
    assert signed, pages
    page = pages[signed[-1]]
    assert " ".join(closing.split()) in " ".join(page.split()), page
    if tembusan:
        assert "Arsip." in page and "Tembusan:" in page
    assert all("Tembusan:" not in p for p in pages[:signed[-1]])
    assert signed[-1] == len(pages) - 1  # nothing after the signature but blank paper


def moved_visit(case: Case) -> Case:
    assert case.decision is not None
    return replace(case, decision=replace(case.decision, visit_date=date(2026, 11, 20)))


def test_rekomendasi_with_long_names_and_a_moved_date_keeps_its_foot_together(
    tmp_path: Path, converter: PdfConverter
) -> None:
    letter = replace(LETTER, instansi_pengirim=LONG_NAME, nomor_surat=LONG_NUMBER,
                     perihal="Permohonan Izin Kunjungan Studi Lapangan Mahasiswa Program Studi "
                             "Teknik Informatika Semester Lima Tahun Akademik 2026/2027")
    case = moved_visit(assigned(granted(replace(finished(), fields=letter))))
    pages = pages_of("rekomendasi", case, tmp_path, converter)
    assert_kept_together(pages, "Demikian disampaikan, atas perhatian dan kerja sama")
    # A short letter stays on one page.
    assert len(pages_of("rekomendasi", moved_visit(granted()), tmp_path, converter)) == 1


def test_surat_tugas_with_three_escorts_fits_one_page(
    tmp_path: Path, converter: PdfConverter
) -> None:
    third = Official("Muhammad Rizal Fahlevi Syahputra, S.Kom., M.Kom.", "199107122018011003",
                     "Penata (III/c)", "Pranata Komputer Ahli Muda")
    base = assigned()
    assert base.assignment is not None
    case = replace(base, assignment=replace(base.assignment, pelaksana=(*PELAKSANA, third)))
    pages = pages_of("surat_tugas", case, tmp_path, converter)
    assert len(pages) == 1, pages
    assert_kept_together(pages, "Demikian surat tugas ini dibuat")


def test_a_long_refusal_keeps_its_foot_together(tmp_path: Path, converter: PdfConverter) -> None:
    base = refused()
    assert base.decision is not None
    case = replace(base, fields=replace(LETTER, instansi_pengirim=LONG_NAME),
                   decision=replace(base.decision, reason=LONG_REASON))
    pages = pages_of("surat_penolakan", case, tmp_path, converter)
    assert_kept_together(pages, "Demikian disampaikan, atas perhatian dan pengertian")


@pytest.mark.parametrize("guests", [27, 60])
def test_daftar_hadir_signatures_stay_with_the_sheet(
    tmp_path: Path, converter: PdfConverter, guests: int
) -> None:
    case = assigned(granted(replace(finished(), fields=replace(LETTER, jumlah_peserta=guests))))
    pages = pages_of("daftar_hadir", case, tmp_path, converter)
    assert_kept_together(pages, "Jumlah peserta yang hadir", tembusan=False)
    assert "Mengetahui," in pages[-1] and "Pendamping," in pages[-1]
    # The sheet's last rows come along to the signatures' page.
    assert f"\n{guests}\n" in "\n" + pages[-1].split("Jumlah peserta")[0]


def test_register_with_long_guest_names_keeps_its_signature_with_its_closing(
    tmp_path: Path, converter: PdfConverter
) -> None:
    day = date(2026, 11, 12)
    guests = tuple(
        Guest(name, "SMK Negeri 9 Tarakan", "+6281300000001",
              datetime.combine(day, datetime.min.time(), WITA) + timedelta(hours=9, minutes=i),
              datetime.combine(day, datetime.min.time(), WITA) + timedelta(hours=11))
        for i, name in enumerate(["Ani", *(f"{LONG_NAME[: 5 + 15 * n]}" for n in range(13))])
    )
    pages = pages_of("register_buku_tamu", replace(finished(), guests=guests), tmp_path,
                     converter)
    assert_kept_together(pages, "Jumlah tamu tercatat: 14 (empat belas) orang", tembusan=False)
    assert guests[-1].name.split()[0] in pages[-1].split("Jumlah tamu")[0]


def test_lembar_disposisi_with_a_long_number_stays_on_one_page(
    tmp_path: Path, converter: PdfConverter
) -> None:
    case = replace(assigned(), fields=replace(LETTER, nomor_surat=LONG_NUMBER,
                                              instansi_pengirim=LONG_NAME))
    pages = pages_of("lembar_disposisi", case, tmp_path, converter)
    assert len(pages) == 1
    assert "Nomor Surat : B-1187/UN51.3" in " ".join(pages[0].split())  # beside its colon


# ---------------------------------------------------------------------------------------------
# Renditions in the case folder


def test_every_document_gets_a_pdfa_listed_in_the_manifest_and_a_lost_one_is_made_again(
    office: Office, kunjungan: CliRunner
) -> None:
    need_libreoffice()
    result = kunjungan("ingest", str(copy_sample("sample_01_smk.pdf", office.inbox)), "--json")
    assert result.code == 0, result.err
    folder = Path(result.json()[0]["case"]["folder"])
    # The .docx came first.
    assert pending_renditions(folder) == [folder / "01-lembar-disposisi.docx"]

    workflow = office.workflow()
    assert render_all(workflow) == 1
    pdf = folder / "01-lembar-disposisi.pdf"
    data = pdf.read_bytes()
    assert b"<pdfaid:part>2</pdfaid:part>" in data and b"<pdfaid:conformance>B" in data
    assert b"/FontFile2" in data  # fonts embedded
    assert pending_renditions(folder) == []
    files = json.loads((folder / "manifest.json").read_text())["files"]
    assert {"path": pdf.name, "kind": "lembar_disposisi_pdf"}.items() <= next(
        f for f in files if f["path"] == pdf.name).items()

    # A crash that lost the PDF, and a document written again: both are found by the files.
    pdf.unlink()
    assert kunjungan("fix", "1", "perihal=Kunjungan Studi").code == 0
    assert sorted(p.name for p in pending_renditions(folder)) == ["01-lembar-disposisi.docx",
                                                       "01-lembar-disposisi.v1.docx"]
    assert render_all(workflow) == 2
    sources = json.loads((folder / RENDITION_SOURCES_NAME).read_text())
    assert set(sources) == {"01-lembar-disposisi.pdf", "01-lembar-disposisi.v1.pdf"}
    workflow.store.close()


def converter_processes() -> int:
    """LibreOffice and unoserver processes started by a PdfConverter (its profile's prefix)."""
    count = 0
    for entry in Path("/proc").iterdir():
        try:
            command = (entry / "cmdline").read_bytes() if entry.name.isdigit() else b""
        except OSError:
            continue
        count += b"kunjungan-lo-" in command
    return count


def test_the_service_makes_pdfs_after_the_docx_and_stops_its_converter(
    office: Office, kunjungan: CliRunner
) -> None:
    need_libreoffice()
    before = converter_processes()
    service = start_service(office)
    try:
        copy_sample("sample_01_smk.pdf", office.inbox)
        wait_for(lambda: any((f / "01-lembar-disposisi.pdf").exists()
                             for f in office.outbox.glob("*/0001_*")), "the first PDF")
        (folder,) = office.outbox.glob("*/0001_*")

        def listed() -> set[str]:
            data = json.loads((folder / "manifest.json").read_text())
            return {f["path"] for f in data["files"] if f["kind"].endswith("_pdf")}

        wait_for(lambda: listed() == {"01-lembar-disposisi.pdf"}, "the PDF in the manifest")
        # A command while the service runs: its document's PDF follows.
        assert kunjungan("dispose", "1", "--instruction", "Proses").code == 0
        wait_for(lambda: listed() == {"01-lembar-disposisi.pdf", "01-lembar-disposisi.v1.pdf"},
                 "the PDFs of both versions")
        assert pending_renditions(folder) == []
    finally:
        service.send_signal(signal.SIGTERM)
        _, err = service.communicate(timeout=DEADLINE_SECONDS)
    assert service.returncode == 0, err
    assert "Traceback" not in err
    assert converter_processes() == before  # unoserver and its LibreOffice are gone


def test_kop_is_centred_on_the_text_axis_with_or_without_a_logo(
    tmp_path: Path, converter: PdfConverter
) -> None:
    import subprocess

    from doc_fixtures import tiny_png

    config = make_config(tmp_path)
    # A4 with margins of 2.5 cm (left) and 2 cm (right): the text's axis, in points.
    axis = (2.5 + (21.0 - 2.0)) / 2 / 2.54 * 72
    logo = tiny_png(tmp_path / "logo.png")
    for name, picture in (("tanpa-logo", None), ("dengan-logo", logo)):
        docx = tmp_path / f"{name}.docx"
        render_document(TEMPLATES / "rekomendasi.docx",
                        build_context("rekomendasi", granted(), config, ISSUED_AT), docx,
                        picture)
        converter.convert(docx, docx.with_suffix(".pdf"))
        boxes = subprocess.run(["pdftotext", "-bbox", "-l", "1", str(docx.with_suffix(".pdf")),
                                "-"], capture_output=True, text=True, check=True).stdout
        words = [line for line in boxes.splitlines() if "<word" in line][:3]
        assert [w.rsplit(">", 2)[-2].split("<")[0] for w in words] == ["PEMERINTAH", "KOTA",
                                                                       "TARAKAN"]
        left = float(words[0].split('xMin="')[1].split('"')[0])
        right = float(words[-1].split('xMax="')[1].split('"')[0])
        assert abs((left + right) / 2 - axis) < 2, name


def test_a_converter_left_by_a_killed_service_is_stopped_at_the_next_start(
    tmp_path: Path,
) -> None:
    need_libreoffice()
    if find_tools().unoserver is None:
        pytest.skip("unoserver is not installed (make setup)")
    workdir = tmp_path / "konverter"
    first = PdfConverter(workdir=workdir)
    first.start()
    assert first.server is not None and first.warm
    orphan = first.server
    first.server = first.proxy = None  # the service was killed: nobody closes it
    with PdfConverter(workdir=workdir) as second:
        assert orphan.wait(timeout=30) is not None  # unoserver stopped...
        assert second.server is not None
        users = [int(p.name) for p in Path("/proc").iterdir()
                 if p.name.isdigit() and f"{workdir}/".encode() in _cmdline(p)]
        # ...and its LibreOffice with it: only the new server and its own remain.
        assert second.server.pid in users and orphan.pid not in users
        assert len(users) <= 3  # unoserver, oosplash, soffice.bin
        assert (workdir / "unoserver.pid").read_text().strip() == str(second.server.pid)
    assert not workdir.exists()


def _cmdline(process: Path) -> bytes:
    try:
        return (process / "cmdline").read_bytes()
    except OSError:
        return b""
