"""Paper in the loop, for real: generated documents printed (LibreOffice), signed, scanned
(degraded images at 150 and 200 dpi), dropped into the inbox, and filed with their case."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import FUTURE_DATE, PELAKSANA_NIP, CliRunner, Office, copy_sample
from PIL import Image
from pypdf import PdfReader, PdfWriter
from qr_scans import (
    POOR_SCANNER,
    QR_CORNER,
    cover,
    degrade,
    docx_to_pdf,
    rasterise_pdf,
    render_stamped,
    save_jpg,
    save_pdf,
)

from pipeline.documents.qr import payload, qr_png, stamp


@pytest.fixture(autouse=True)
def _needs_libreoffice() -> None:
    if shutil.which("soffice") is None:
        if os.environ.get("CI"):
            pytest.fail("soffice (LibreOffice) is missing in CI: install libreoffice-writer-nogui")
        pytest.skip("soffice (LibreOffice) is not installed")


@pytest.fixture(autouse=True)
def _fixed_secret(office: Office) -> None:
    """One secret, so that every machine prints and scans the same codes and QRs (the
    benchmarks bench/qr.py and bench/printed_codes.py sample many)."""
    content = {"installation": "TEST42", "secret": "5a" * 32}
    (office.root / "kunjungan.secret").write_text(json.dumps(content), encoding="utf-8")


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def ingest(kunjungan: CliRunner, path: Path) -> list[dict]:
    result = kunjungan("ingest", str(path), "--json")
    assert result.code in (0, 1), result.err
    return list(result.json())


def register(office: Office, kunjungan: CliRunner, sample: str = "sample_01_smk.pdf") -> dict:
    return ingest(kunjungan, copy_sample(sample, office.inbox))[0]["case"]


def printed_pages(docx: Path, tmp: Path, dpi: int) -> list[Image.Image]:
    (pdf,) = docx_to_pdf([docx], tmp)
    return rasterise_pdf(pdf, dpi)


@pytest.mark.parametrize(("dpi", "form"), [(150, "jpg"), (200, "pdf")])
def test_signed_disposition_sheet_comes_back_and_records_the_step(
    office: Office, kunjungan: CliRunner, tmp_path: Path, dpi: int, form: str
) -> None:
    case = register(office, kunjungan)
    folder = Path(case["folder"])
    (page,) = printed_pages(folder / "01-lembar-disposisi.docx", tmp_path, dpi)
    scan = degrade(page, dpi, seed=dpi)  # skewed, blurred, noisy, a pen scribble on the signature
    dropped = office.inbox / f"disposisi-bertanda-tangan.{form}"
    if form == "jpg":
        save_jpg(scan, dropped, dpi)
    else:
        save_pdf([scan], dropped, dpi)
    dropped_sha = sha(dropped)

    (entry,) = ingest(kunjungan, dropped)
    assert entry["outcome"] == "signed", entry["message"]
    case = entry["case"]
    assert case["id"] == 1 and len(kunjungan("list", "--json").json()) == 1, "no new case"
    signed = folder / "01-lembar-disposisi-ditandatangani.pdf"
    assert signed.exists() and (folder / "01-lembar-disposisi-ditandatangani.arsip.pdf").exists()
    assert [s["kind"] for s in case["signed_copies"]] == ["lembar_disposisi"]
    # The signed sheet is the disposition: the case moves on, without a retyped sheet.
    assert case["state"] == "didisposisi"
    assert [e["action"] for e in case["events"]][-2:] == ["signed_return", "dispose"]
    assert [d["kind"] for d in case["documents"]] == ["lembar_disposisi"]
    assert "lembar_disposisi" not in case["waiting_for_signature"]
    if form == "pdf":
        assert sha(signed) == dropped_sha, "a single scanned PDF is filed byte for byte"
        assert not dropped.exists()
    else:
        kept = list((office.outbox / "_pindaian").rglob("*.jpg"))
        assert [sha(p) for p in kept] == [dropped_sha], "the photo itself is kept too"
    listed = {f["path"] for f in manifest_files(folder)}
    assert {"01-lembar-disposisi-ditandatangani.pdf",
            "01-lembar-disposisi-ditandatangani.arsip.pdf"} <= listed

    # The same scan dropped again is not filed twice.
    if form == "pdf":
        dropped.write_bytes(signed.read_bytes())
        (again,) = ingest(kunjungan, dropped)
        assert again["outcome"] == "duplicate"


def manifest_files(folder: Path) -> list[dict]:
    import json

    return list(json.loads((folder / "manifest.json").read_text())["files"])


def test_signed_return_only_recorded_when_the_setting_says_so(
    office: Office, kunjungan: CliRunner, tmp_path: Path
) -> None:
    office.config_path.write_text(office.config_path.read_text()
                                  + "\n[signed_returns]\nlembar_disposisi = false\n")
    case = register(office, kunjungan)
    assert case["waiting_for_signature"] == ["lembar_disposisi"]
    (page,) = printed_pages(Path(case["folder"]) / "01-lembar-disposisi.docx", tmp_path, 200)
    dropped = save_pdf([degrade(page, 200, seed=5)], office.inbox / "ttd.pdf", 200)
    (entry,) = ingest(kunjungan, dropped)
    assert entry["outcome"] == "signed"
    assert entry["case"]["state"] == "terdaftar"
    assert entry["case"]["waiting_for_signature"] == []
    show = kunjungan("show", "1")
    assert "bertanda tangan" in show.out


def test_batch_of_signed_documents_is_split_by_their_codes(
    office: Office, kunjungan: CliRunner, tmp_path: Path
) -> None:
    case = register(office, kunjungan)
    cid = str(case["id"])
    for args in (["dispose", cid, "--instruction", "Proses"],
                 ["approve", cid, "--date", FUTURE_DATE],
                 ["assign", cid, "--pelaksana", PELAKSANA_NIP]):
        assert kunjungan(*args).code == 0
    folder = Path(case["folder"])
    letter, attendance = docx_to_pdf([folder / "02-rekomendasi.docx",
                                      folder / "04-daftar-hadir.docx"], tmp_path)
    letter_pages = rasterise_pdf(letter, 200)
    attendance_pages = rasterise_pdf(attendance, 200)
    assert len(letter_pages) == 1 and len(attendance_pages) >= 2
    # The second attendance page has its QR torn off: it belongs to the page before it.
    attendance_pages[1] = cover(attendance_pages[1], QR_CORNER)
    scans = [degrade(p, 200, seed=n, signature=None)
             for n, p in enumerate([*letter_pages, *attendance_pages])]
    batch = save_pdf(scans, office.inbox / "kiriman-bertanda-tangan.pdf", 200)
    batch_sha = sha(batch)

    (entry,) = ingest(kunjungan, batch)
    assert entry["outcome"] == "signed", entry["message"]
    assert len(PdfReader(folder / "02-rekomendasi-ditandatangani.pdf").pages) == 1
    assert len(PdfReader(folder / "04-daftar-hadir-ditandatangani.pdf").pages) == len(
        attendance_pages)
    kinds = sorted(s["kind"] for s in entry["case"]["signed_copies"])
    assert kinds == ["daftar_hadir", "rekomendasi"]
    (kept,) = (office.outbox / "_pindaian").rglob("*.pdf")
    assert sha(kept) == batch_sha, "the batch itself is kept, untouched"
    assert not batch.exists()


def test_separator_sheets_split_a_batch_of_new_letters(
    office: Office, kunjungan: CliRunner, tmp_path: Path
) -> None:
    separator = tmp_path / "pemisah.pdf"
    assert kunjungan("separator", "--output", str(separator)).code == 0
    writer = PdfWriter()
    for part in (copy_sample("sample_03_dinas_luar.pdf", tmp_path), separator,
                 copy_sample("sample_06_daftar_peserta.pdf", tmp_path)):
        writer.append(str(part))
    batch = office.inbox / "tumpukan-surat.pdf"
    with batch.open("wb") as handle:
        writer.write(handle)

    entries = ingest(kunjungan, batch)
    assert entries[0]["outcome"] == "split"
    registered = {e["case"]["fields"]["nomor_surat"] for e in entries[1:]}
    assert registered == {"005/456/Diskominfo-Blg/XI/2026", "B-215/65030/HM.340/11/2026"}
    cases = kunjungan("list", "--json").json()
    assert len(cases) == 2
    six = next(c for c in cases if c["fields"]["nomor_surat"].startswith("B-215"))
    assert len(six["fields"]["peserta"]) == 6, "the attachment page stayed with its letter"
    assert list((office.outbox / "_pindaian").rglob("*_tumpukan-surat.pdf"))


def _page_with_qr(text: str) -> Image.Image:
    page = Image.new("L", (1654, 2339), 255)  # A4 at 200 dpi
    code = Image.open(io.BytesIO(qr_png(text))).convert("L").resize((200, 200))
    page.paste(code, (30, 2339 - 240))
    return page


@pytest.mark.parametrize(
    ("secret", "installation", "words"),
    [(b"x" * 32, None, "tidak sah"), (None, "ZZZZZZ", "instalasi lain")],
)
def test_forged_or_foreign_codes_are_refused(
    office: Office, kunjungan: CliRunner, secret: bytes | None, installation: str | None,
    words: str,
) -> None:
    case = register(office, kunjungan)
    workflow = office.workflow()
    forged = stamp(secret or workflow.secret, installation or workflow.installation,
                   case["id"], "lembar_disposisi", 1)
    dropped = save_pdf([degrade(_page_with_qr(payload(forged)), 200, seed=1, signature=None)],
                       office.inbox / "palsu.pdf", 200)
    (entry,) = ingest(kunjungan, dropped)
    assert entry["outcome"] == "failed"
    note = (office.inbox / "_gagal" / "palsu.pdf.txt").read_text()
    assert words in note
    assert kunjungan("show", "1", "--json").json()["signed_copies"] == []


def test_document_printed_before_the_verification_page_still_verifies_and_files(
    office: Office, kunjungan: CliRunner, tmp_path: Path
) -> None:
    """Its QR holds the whole stamp (`TCC1:…`), not the verification page's address."""
    case = register(office, kunjungan)
    workflow = office.workflow()
    (record,) = workflow.store.documents(case["id"])
    old = _page_with_qr(payload(workflow.stamp_of(record)))
    scan = save_jpg(degrade(old, 200, seed=3, signature=None), tmp_path / "lama.jpg", 200)
    assert kunjungan("verify", str(scan), "--json").json()["finding"] == "issued_file_differs"
    (entry,) = ingest(kunjungan, copy_to(scan, office.inbox))
    assert entry["outcome"] == "signed", entry["message"]
    filed = Path(case["folder"]) / "01-lembar-disposisi-ditandatangani.pdf"
    assert kunjungan("verify", str(filed), "--json").json()["finding"] == "issued"


def test_unreadable_qr_falls_back_to_the_printed_code(
    office: Office, kunjungan: CliRunner, tmp_path: Path
) -> None:
    case = register(office, kunjungan)
    (page,) = printed_pages(Path(case["folder"]) / "01-lembar-disposisi.docx", tmp_path, 200)
    dropped = save_pdf([degrade(cover(page, QR_CORNER), 200, seed=9, signature=None)],
                       office.inbox / "tanpa-qr.pdf", 200)
    (entry,) = ingest(kunjungan, dropped)
    assert entry["outcome"] == "signed", entry["message"]
    assert entry["case"]["signed_copies"]


def test_page_whose_layout_tesseract_skips_is_read_as_one_block(tmp_path: Path) -> None:
    """A poor 150 dpi scan of a signed Rekomendasi (found by bench/printed_codes.py): Tesseract's
    automatic layout reads under 300 letters of it, taking the rest for a picture."""
    from doc_fixtures import assigned, make_config

    from pipeline.intake.readers import read_letter_text

    document = stamp(b"printed-0029" * 3, "BENCH7", 129, "rekomendasi", 1)
    source = render_stamped(document, assigned(), make_config(tmp_path), tmp_path)
    (pdf,) = docx_to_pdf([source], tmp_path)
    scan = degrade(cover(rasterise_pdf(pdf, 150)[0], QR_CORNER), 150, seed=29,
                   scanner=POOR_SCANNER)
    text = read_letter_text(save_pdf([scan], tmp_path / "rekomendasi.pdf", 150)).text
    assert sum(c.isalpha() for c in text) > 1000, "the body is read, not only the letterhead"
    assert "Rekomendasi Kunjungan" in text and "Sehubungan dengan hal tersebut" in text


_OCR_MISREADS = {"Q": "O", "D": "0", "8": "B", "5": "S", "2": "Z", "L": "1", "J": "I"}


def test_printed_code_is_matched_through_ocr_misreadings(
    office: Office, kunjungan: CliRunner
) -> None:
    from pipeline.workflow.verify import document_by_scanned_code

    register(office, kunjungan)
    workflow = office.workflow()
    (record,) = workflow.store.documents(1)
    code = workflow.stamp_of(record).code
    misread = "".join(_OCR_MISREADS.get(c, c) for c in code)
    one_wrong = ("3" if code[0] != "3" else "4") + code[1:]
    two_wrong = one_wrong[:1] + ("3" if code[1] != "3" else "4") + one_wrong[2:]

    def found(text: str) -> int | None:
        match = document_by_scanned_code(workflow, text)
        return None if match is None else match.id

    footer = "Kode verifikasi: {0}\nPeriksa keaslian: kunjungan verify {0}  ·  Pindai lembar"
    assert found(f"Kode verifikasi: {code} - Nomor agenda 0001") == record.id, "exact: anywhere"
    assert found(footer.format(misread)) == record.id, "lookalikes: on our footer"
    assert found(f"Kode verifikasi {misread}") is None, "lookalikes: not on a page of its own"
    assert found(f"Periksa keaslian: kunjungan verity {misread}\nKode verifikasi") == record.id
    new_footer = ("Kode verifikasi: {0}\nPeriksa keaslian dokumen ini di "
                  "http://127.0.0.1:8080/verifikasi/{0} atau pindai kode QR")
    assert found(new_footer.format(misread)) == record.id, "the footer of the verification page"
    assert found(new_footer.format(one_wrong)) is None
    assert found(footer.format(one_wrong)) is None, "a symbol that is no lookalike: never"
    assert found(footer.format(two_wrong)) is None
    assert found(f"Nomor {code} tanpa penanda") is None


def test_scan_that_is_neither_letter_nor_document_goes_to_gagal(
    office: Office, kunjungan: CliRunner
) -> None:
    from scan_images import letter_page

    lines = ["12 34 56 78 90", "Tabel 3.1", "0,25 0,50 0,75", "x y z", "1 2 3 4 5 6 7 8 9"] * 4
    dropped = save_pdf([letter_page(lines)], office.inbox / "tabel.pdf", 200)
    (entry,) = ingest(kunjungan, dropped)
    assert entry["outcome"] == "failed"
    assert "tidak terbaca sebagai surat" in (office.inbox / "_gagal" / "tabel.pdf.txt").read_text()


def test_verify_by_code_and_by_file(office: Office, kunjungan: CliRunner, tmp_path: Path) -> None:
    case = register(office, kunjungan)
    folder = Path(case["folder"])
    sheet = folder / "01-lembar-disposisi.docx"
    workflow = office.workflow()
    code = workflow.stamp_of(workflow.store.documents(case["id"])[0]).code

    by_code = kunjungan("verify", code.lower().replace("-", " "))
    assert by_code.code == 0 and "Dokumen sah" in by_code.out and "tidak berubah" in by_code.out
    by_file = kunjungan("verify", str(sheet), "--json")
    assert by_file.code == 0 and by_file.json()["finding"] == "issued"

    tampered = tmp_path / "diubah.docx"
    from docx import Document

    document = Document(str(sheet))
    document.add_paragraph("Disetujui tanpa syarat.")
    document.save(str(tampered))
    changed = kunjungan("verify", str(tampered), "--json")
    assert changed.code == 1 and changed.json()["finding"] == "issued_file_differs"

    unknown = kunjungan("verify", "ABCD-EFGH")
    assert unknown.code == 1 and "tidak dikenal" in unknown.out

    (page,) = printed_pages(sheet, tmp_path, 150)
    scan = save_jpg(degrade(page, 150, seed=4), tmp_path / "pindaian.jpg", 150)
    assert kunjungan("verify", str(scan), "--json").json()["finding"] == "issued_file_differs"
    ingest(kunjungan, copy_to(scan, office.inbox))
    archived = folder / "01-lembar-disposisi-ditandatangani.pdf"
    filed = kunjungan("verify", str(archived), "--json").json()
    assert filed["finding"] == "issued" and "sama dengan salinan" in filed["message"]


def copy_to(path: Path, folder: Path) -> Path:
    target = folder / path.name
    shutil.copyfile(path, target)
    return target
