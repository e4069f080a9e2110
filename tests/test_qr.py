"""Document stamps and their QR: codes, the secret, the footer, and real scans read back.

The round trips print through LibreOffice, scan at 150 and 200 dpi (askew, blurred, noisy,
JPEG, signed over), and must give back the exact payload.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import stat
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
import segno
import zxingcpp
from doc_fixtures import (
    ISSUED_AT,
    TEMPLATES,
    assigned,
    document_xml,
    granted,
    make_config,
)
from PIL import Image
from qr_scans import (
    POOR_SCANNER,
    QR_AREA,
    cover,
    degrade,
    docx_to_pdf,
    printed_qr_text,
    rasterise_pdf,
    render_stamped,
    rotate_quarter,
    save_jpg,
    save_pdf,
)

from pipeline.config import Config
from pipeline.documents.context import build_context
from pipeline.documents.kinds import DOCUMENT_KINDS
from pipeline.documents.qr import (
    ALPHABET,
    KIND_CODES,
    QR_SIZE_MM,
    SEPARATOR_PAYLOAD,
    Verdict,
    VerificationLink,
    check,
    document_qr_png,
    load_or_create_secret,
    normalise_code,
    parse_payload,
    parse_verification_link,
    payload,
    qr_png,
    stamp,
    verification_qr_text,
)
from pipeline.documents.render import render_document
from pipeline.documents.separator import separator_pdf
from pipeline.errors import ConfigError, UnreadableLetterError
from pipeline.intake.qr_reader import (
    Mark,
    PageCodes,
    find_codes,
    parse_scan,
    read_page,
    split_by_codes,
)

SECRET = bytes(range(32))
INSTALLATION = "K7M2Q9"
CODE = re.compile(f"[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}")


def decode(png: bytes) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


# ---------------------------------------------------------------------------------------------
# Stamps, payloads, verdicts


def test_stamp_round_trips_through_its_payload() -> None:
    original = stamp(SECRET, INSTALLATION, 12, "lembar_disposisi", 2)
    assert CODE.fullmatch(original.code)
    text = payload(original)
    assert text == f"TCC1:K7M2Q9:12:LD:2:{original.code.replace('-', '')}"
    assert parse_payload(text) == original
    assert parse_payload(f"  {text}\n") == original


def test_code_depends_on_every_field_and_on_the_secret() -> None:
    base = stamp(SECRET, INSTALLATION, 12, "rekomendasi", 1).code
    assert stamp(SECRET, INSTALLATION, 12, "rekomendasi", 1).code == base  # deterministic
    others = {
        stamp(SECRET, INSTALLATION, 13, "rekomendasi", 1).code,
        stamp(SECRET, INSTALLATION, 12, "surat_tugas", 1).code,
        stamp(SECRET, INSTALLATION, 12, "rekomendasi", 2).code,
        stamp(SECRET, "K7M2Q8", 12, "rekomendasi", 1).code,
        stamp(bytes(32), INSTALLATION, 12, "rekomendasi", 1).code,
    }
    assert base not in others
    assert len(others) == 5


def test_payload_stays_a_small_qr() -> None:
    """Only QR alphanumeric characters: version 3 at the highest error correction, even for
    big case numbers and many versions."""
    for case_id, version in ((1, 1), (4821, 3), (99999, 99)):
        text = payload(stamp(SECRET, INSTALLATION, case_id, "register_buku_tamu", version))
        symbol = segno.make(text, error="h", micro=False, boost_error=False)
        assert symbol.mode == "alphanumeric"
        assert symbol.version <= 3, text


def test_verification_address_stays_a_small_qr() -> None:
    """The QR of a document is its verification page; in capitals it stays alphanumeric, at
    version 4 with 25 % error correction under a long domain, and as small as the old stamp
    (version 3, 30 %) under the default address."""
    code = stamp(SECRET, INSTALLATION, 999_999, "register_buku_tamu", 99).code
    text = verification_qr_text("https://kunjungan.tarakankota.go.id/", code)
    assert text == f"HTTPS://KUNJUNGAN.TARAKANKOTA.GO.ID/VERIFIKASI/{code}"
    for url, version, error in (("https://kunjungan.tarakankota.go.id", 4, "Q"),
                                ("http://127.0.0.1:8080", 3, "Q")):
        (read,) = decode(document_qr_png(url, code))
        assert read == verification_qr_text(url, code)
        symbol = segno.make(read, error="q", micro=False, boost_error=True)
        assert (symbol.mode, symbol.version, symbol.error) == ("alphanumeric", version, error)
    # A path of the office's own (a desk behind a proxy) is case-sensitive: kept as written.
    assert verification_qr_text("https://pemkot.go.id/TccDesk", code) == (
        f"https://pemkot.go.id/TccDesk/verifikasi/{code}")


def test_verification_links_are_read_from_any_host_in_any_case() -> None:
    code = stamp(SECRET, INSTALLATION, 12, "rekomendasi", 1).code
    for text in (verification_qr_text("http://127.0.0.1:8080", code),
                 f" https://desk.example/tcc/verifikasi/{code.lower().replace('-', '')}/\n"):
        assert parse_verification_link(text) == VerificationLink(code), text
        assert parse_scan(text) == VerificationLink(code)
    for other in (f"https://x.go.id/verify/{code}", f"https://x.go.id/verifikasi/{code}0",
                  "https://x.go.id/verifikasi/1OI0-ABCD", f"verifikasi/{code}"):
        assert parse_verification_link(other) is None, other


def test_every_document_kind_has_a_short_code() -> None:
    assert set(KIND_CODES) == set(DOCUMENT_KINDS)
    assert len(set(KIND_CODES.values())) == len(KIND_CODES)
    with pytest.raises(ValueError, match="kind"):
        stamp(SECRET, INSTALLATION, 1, "surat_cinta", 1)
    with pytest.raises(ValueError, match="start at 1"):
        stamp(SECRET, INSTALLATION, 0, "rekomendasi", 1)
    with pytest.raises(ValueError, match="installation"):
        stamp(SECRET, "k7:m2", 1, "rekomendasi", 1)


def test_check_valid_forged_and_foreign() -> None:
    genuine = stamp(SECRET, INSTALLATION, 12, "surat_tugas", 1)
    assert check(SECRET, INSTALLATION, genuine) is Verdict.VALID
    read_back = parse_payload(payload(genuine))
    assert read_back is not None
    assert check(SECRET, INSTALLATION, read_back) is Verdict.VALID
    # Someone edits the case or version but keeps the code, or makes one up.
    assert check(SECRET, INSTALLATION, replace(genuine, case_id=13)) is Verdict.FORGED
    assert check(SECRET, INSTALLATION, replace(genuine, version=2)) is Verdict.FORGED
    assert check(SECRET, INSTALLATION, replace(genuine, kind="rekomendasi")) is Verdict.FORGED
    assert check(SECRET, INSTALLATION, replace(genuine, code="2222-2222")) is Verdict.FORGED
    assert check(bytes(32), INSTALLATION, genuine) is Verdict.FORGED  # another secret
    elsewhere = stamp(bytes(32), "ABCDEF", 12, "surat_tugas", 1)
    assert check(SECRET, INSTALLATION, elsewhere) is Verdict.OTHER_INSTALLATION


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hello",
        "https://tte.kominfo.go.id/verifyPDF/abc",  # a sender's electronic-signature QR
        SEPARATOR_PAYLOAD,
        "TCC2:K7M2Q9:12:LD:2:MEVPCSDS",  # a future format
        "TCC1:K7M2Q9:12:XX:2:MEVPCSDS",  # unknown kind
        "TCC1:K7M2Q9:0:LD:2:MEVPCSDS",  # no case 0
        "TCC1:K7M2Q9:12:LD:0:MEVPCSDS",  # no version 0
        "TCC1:K7M2Q9:12:LD:2:MEVPCSD",  # code cut short
        "TCC1:K7M2Q9:12:LD:2:MEVPCSD0",  # 0 is not in the alphabet
        "tcc1:k7m2q9:12:ld:2:mevpcsds",
        "TCC1:K7M2Q9:12:LD:2:MEVPCSDS:X",
    ],
)
def test_other_texts_are_not_stamps(text: str) -> None:
    assert parse_payload(text) is None


def test_separator_is_recognised_by_the_intake_only() -> None:
    assert parse_scan(SEPARATOR_PAYLOAD) is Mark.SEPARATOR
    genuine = stamp(SECRET, INSTALLATION, 3, "daftar_hadir", 1)
    assert parse_scan(payload(genuine)) == genuine
    assert parse_scan("hello") is None


def test_codes_typed_by_people_are_normalised() -> None:
    assert normalise_code("7k2m q9xd") == "7K2M-Q9XD"
    assert normalise_code(" 7K2M-Q9XD ") == "7K2M-Q9XD"


def test_qr_png_is_crisp_and_readable() -> None:
    text = payload(stamp(SECRET, INSTALLATION, 12, "rekomendasi", 1))
    png = qr_png(text)
    assert decode(png) == [text]
    image = Image.open(io.BytesIO(png))
    assert {value for _, value in image.convert("L").getcolors() or []} == {0, 255}
    dpi = image.info["dpi"][0]
    assert 280 <= dpi <= 320
    assert image.width / dpi * 25.4 == pytest.approx(QR_SIZE_MM, abs=0.2)
    assert Image.open(io.BytesIO(qr_png(text, 40))).width > image.width


# ---------------------------------------------------------------------------------------------
# The installation's secret


def test_secret_is_created_once_privately_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "kunjungan.secret"
    secret, installation = load_or_create_secret(path)
    assert len(secret) == 32
    assert re.fullmatch(f"[{ALPHABET}]{{6}}", installation)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(path.read_text())["installation"] == installation
    before = path.read_bytes()
    assert load_or_create_secret(path) == (secret, installation)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["kunjungan.secret"]  # no temp file left
    other = load_or_create_secret(tmp_path / "kantor-lain" / "kunjungan.secret")
    assert other[0] != secret


@pytest.mark.parametrize(
    "content",
    ["", "{", '{"installation": "K7M2Q9"}', '{"installation": "K7M2Q9", "secret": "zz"}',
     '{"installation": "K7M2Q9", "secret": "00"}',
     '{"installation": "k7", "secret": "' + "00" * 32 + '"}'],
)
def test_damaged_secret_is_an_error_not_replaced(tmp_path: Path, content: str) -> None:
    path = tmp_path / "kunjungan.secret"
    path.write_text(content)
    with pytest.raises(ConfigError, match="cadangan"):
        load_or_create_secret(path)
    assert path.read_text() == content


# ---------------------------------------------------------------------------------------------
# The footer in the templates and in rendered documents


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return make_config(tmp_path)


def test_every_template_carries_the_qr_and_the_code_in_its_footer() -> None:
    for kind in DOCUMENT_KINDS.values():
        with zipfile.ZipFile(TEMPLATES / kind.template) as archive:
            footers = [archive.read(n).decode() for n in archive.namelist()
                       if re.fullmatch(r"word/footer\d*\.xml", n)]
        assert len(footers) == 1, kind.key
        assert "{{ qr }}" in footers[0]
        assert "{{ kode_verifikasi }}" in footers[0]
        assert kind.title in footers[0]


def test_builder_writes_the_committed_footers(tmp_path: Path) -> None:
    """Change stamp_footer in tools/build_templates.py, then rebuild templates/."""
    from test_templates import load_builder

    for path in load_builder().build_all(tmp_path):
        with zipfile.ZipFile(path) as built, zipfile.ZipFile(TEMPLATES / path.name) as committed:
            assert built.read("word/footer1.xml") == committed.read("word/footer1.xml"), path.name


def test_rendered_footer_shows_the_code_and_anchors_the_qr(tmp_path: Path,
                                                            config: Config) -> None:
    document = stamp(SECRET, INSTALLATION, 7, "rekomendasi", 1)
    target = render_stamped(document, granted(), config, tmp_path)
    with zipfile.ZipFile(target) as archive:
        footer = archive.read("word/footer1.xml").decode()
        media = [n for n in archive.namelist() if n.startswith("word/media/")]
    assert f"Kode verifikasi: {document.code}" in footer
    # A letter that leaves the office sends its reader to the verification page, in words.
    assert (f"Periksa keaslian dokumen ini di {config.web.public_url}/verifikasi/"
            f"{document.code} atau pindai kode QR") in footer
    assert "kunjungan verify" not in footer
    assert "<wp:anchor" in footer and 'relativeFrom="page"' in footer
    assert "{{" not in footer
    assert len(media) == 1
    assert "<wp:anchor" not in document_xml(target)  # the body is untouched


def test_internal_sheets_keep_the_scanning_hint(tmp_path: Path, config: Config) -> None:
    document = stamp(SECRET, INSTALLATION, 7, "daftar_hadir", 1)
    target = render_stamped(document, assigned(), config, tmp_path)
    with zipfile.ZipFile(target) as archive:
        footer = archive.read("word/footer1.xml").decode()
    assert f"Periksa keaslian: {config.web.public_url}/verifikasi/{document.code}" in footer
    assert "Pindai lembar bertanda tangan" in footer
    leaving = {k.key for k in DOCUMENT_KINDS.values() if k.leaves_office}
    assert leaving == {"rekomendasi", "surat_penolakan", "surat_tugas"}


def test_without_a_qr_the_footer_shows_the_placeholder(tmp_path: Path, config: Config) -> None:
    target = tmp_path / "out.docx"
    render_document(TEMPLATES / "rekomendasi.docx",
                    build_context("rekomendasi", granted(), config, ISSUED_AT), target)
    with zipfile.ZipFile(target) as archive:
        footer = archive.read("word/footer1.xml").decode()
        assert not [n for n in archive.namelist() if n.startswith("word/media/")]
    assert "Kode verifikasi: -" in footer
    assert "<w:drawing" not in footer


def test_build_context_takes_the_code(config: Config) -> None:
    context = build_context("surat_tugas", assigned(), config, ISSUED_AT,
                            kode_verifikasi="7K2M-Q9XD")
    assert context["kode_verifikasi"] == "7K2M-Q9XD"
    assert context["alamat_verifikasi"] == f"{config.web.public_url}/verifikasi/7K2M-Q9XD"
    assert context["qr"] == ""
    assert build_context("surat_tugas", assigned(), config, ISSUED_AT)["kode_verifikasi"] == "-"


# ---------------------------------------------------------------------------------------------
# Splitting a batch (pure)


def pages(*texts: tuple[str, ...]) -> list[PageCodes]:
    return [PageCodes(i, t) for i, t in enumerate(texts)]


def test_split_groups_pages_by_the_code_that_starts_them() -> None:
    a = payload(stamp(SECRET, INSTALLATION, 1, "rekomendasi", 1))
    b = payload(stamp(SECRET, INSTALLATION, 2, "daftar_hadir", 1))
    batch = pages((), ("hello",), (a,), (), (b,), (b,), (), (SEPARATOR_PAYLOAD,), ())
    groups = split_by_codes(batch, parse_scan)
    assert [(g if g is None or isinstance(g, Mark) else g.case_id, p) for g, p in groups] == [
        (None, [0, 1]),  # a new letter (with someone else's QR) before any code of ours
        (1, [2, 3]),  # a page without a code belongs to the document before it
        (2, [4, 5, 6]),  # our QR is on every page: the same code continues the document
        (Mark.SEPARATOR, [7, 8]),  # the separator sheet, then a new letter
    ]


def test_split_edge_cases() -> None:
    assert split_by_codes([], parse_scan) == []
    assert split_by_codes(pages((), ()), parse_scan) == [(None, [0, 1])]
    a = stamp(SECRET, INSTALLATION, 1, "rekomendasi", 1)
    # The first recognised text counts, whatever comes before it on the page.
    assert split_by_codes(pages(("x", payload(a))), parse_scan) == [(a, [0])]


# ---------------------------------------------------------------------------------------------
# Printed, signed, scanned, read back


def soffice_or_skip() -> None:
    if shutil.which("soffice") is None:
        if os.environ.get("CI"):
            pytest.fail("soffice (LibreOffice) is missing in CI: install libreoffice-writer-nogui")
        pytest.skip("soffice (LibreOffice) is not installed")


LETTER = stamp(SECRET, INSTALLATION, 7, "rekomendasi", 1)
SHEET = stamp(SECRET, INSTALLATION, 8, "daftar_hadir", 2)  # landscape, three pages
# A long address makes the largest QR an office would print (version 5).
PUBLIC_URL = "https://kunjungan.tarakankota.go.id"
LETTER_QR = verification_qr_text(PUBLIC_URL, LETTER.code)
SHEET_QR = verification_qr_text(PUBLIC_URL, SHEET.code)


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The two documents as LibreOffice prints them, and the letter as it was printed before
    the verification page (the whole stamp in its QR)."""
    soffice_or_skip()
    folder = tmp_path_factory.mktemp("printed")
    config = make_config(folder)
    config = replace(config, web=replace(config.web, public_url=PUBLIC_URL))
    (folder / "old").mkdir()
    sources = [render_stamped(LETTER, assigned(), config, folder),
               render_stamped(SHEET, assigned(), config, folder),
               render_stamped(LETTER, assigned(), config, folder / "old", old=True)]
    letter, sheet = docx_to_pdf(sources[:2], folder)
    (old,) = docx_to_pdf(sources[2:], folder / "old")
    assert printed_qr_text(LETTER, config) == LETTER_QR
    return {"letter": letter, "sheet": sheet, "old": old}


def test_printed_pdf_is_read_directly(printed: dict[str, Path]) -> None:
    assert find_codes(printed["letter"]) == [PageCodes(0, (LETTER_QR,))]
    sheet = find_codes(printed["sheet"], dpi=150)
    assert len(sheet) == 3
    assert all(page.texts == (SHEET_QR,) for page in sheet)


@pytest.mark.parametrize("dpi", [150, 200])
def test_signed_scan_as_jpg_and_pdf(printed: dict[str, Path], tmp_path: Path, dpi: int) -> None:
    (page,) = rasterise_pdf(printed["letter"], dpi)
    for seed in range(3):
        scan = degrade(page, dpi, seed)
        jpg = save_jpg(scan, tmp_path / f"scan-{seed}.jpg", dpi)
        pdf = save_pdf([scan], tmp_path / f"scan-{seed}.pdf", dpi)
        expected = [PageCodes(0, (LETTER_QR,))]
        assert find_codes(jpg, dpi=dpi) == expected, jpg
        assert find_codes(pdf, dpi=dpi) == expected, pdf


def test_scan_without_its_corner_has_no_code(printed: dict[str, Path], tmp_path: Path) -> None:
    """The test can fail: covering the corner does remove the code."""
    (page,) = rasterise_pdf(printed["letter"], 150)
    jpg = save_jpg(degrade(cover(page, QR_AREA), 150, 1), tmp_path / "torn.jpg", 150)
    assert find_codes(jpg, dpi=150) == [PageCodes(0, ())]


@pytest.mark.parametrize("turns", [1, 2, 3])
def test_sheet_fed_sideways_or_upside_down(printed: dict[str, Path], turns: int) -> None:
    page = rasterise_pdf(printed["sheet"], 150)[0]
    scan = rotate_quarter(degrade(page, 150, turns, signature=None), turns)
    assert read_page(scan) == (SHEET_QR,)


def test_poor_scanner(printed: dict[str, Path]) -> None:
    (page,) = rasterise_pdf(printed["letter"], 150)
    for seed in range(4):
        assert read_page(degrade(page, 150, seed, scanner=POOR_SCANNER)) == (LETTER_QR,)


def test_documents_printed_before_the_verification_page_still_read(
        printed: dict[str, Path]) -> None:
    (page,) = rasterise_pdf(printed["old"], 150)
    (text,) = read_page(degrade(page, 150, 2))
    assert text == payload(LETTER)
    assert parse_scan(text) == LETTER


def test_batch_scan_splits_into_documents(printed: dict[str, Path], tmp_path: Path) -> None:
    """A new letter, the signed Rekomendasi, the separator, another new letter, and the two
    first pages of the Daftar Hadir, the second with its QR taped over: one PDF."""
    dpi = 150
    (letter,) = rasterise_pdf(printed["letter"], dpi)
    sheet_1, sheet_2, _ = rasterise_pdf(printed["sheet"], dpi)
    separator_pdf(tmp_path / "pemisah.pdf")
    (separator,) = rasterise_pdf(tmp_path / "pemisah.pdf", dpi)
    new_letter = cover(letter, (0, 0, 1, 1))  # a blank page stands in for a letter
    batch = [new_letter, letter, separator, new_letter, sheet_1, cover(sheet_2, QR_AREA)]
    scans = [degrade(page, dpi, seed) for seed, page in enumerate(batch)]
    pdf = save_pdf(scans, tmp_path / "batch.pdf", dpi)

    found = find_codes(pdf, dpi=dpi)
    assert [page.texts for page in found] == [
        (), (LETTER_QR,), (SEPARATOR_PAYLOAD,), (), (SHEET_QR,), ()]
    assert split_by_codes(found, parse_scan) == [
        (None, [0]),
        (VerificationLink(LETTER.code), [1]),
        (Mark.SEPARATOR, [2, 3]),
        (VerificationLink(SHEET.code), [4, 5]),
    ]


# ---------------------------------------------------------------------------------------------
# Separator sheet and files the reader gets


def test_separator_sheet(tmp_path: Path) -> None:
    target = tmp_path / "pemisah.pdf"
    separator_pdf(target)
    assert [p.name for p in tmp_path.iterdir()] == ["pemisah.pdf"]  # written atomically
    assert find_codes(target) == [PageCodes(0, (SEPARATOR_PAYLOAD,))]
    (page,) = rasterise_pdf(target, 150)
    assert page.size[0] == pytest.approx(1240, abs=2)  # A4 at 150 dpi
    assert page.size[1] == pytest.approx(1754, abs=2)
    scan = save_jpg(degrade(page, 150, 3, signature=None), tmp_path / "pemisah.jpg", 150)
    assert find_codes(scan, dpi=150) == [PageCodes(0, (SEPARATOR_PAYLOAD,))]
    assert parse_payload(SEPARATOR_PAYLOAD) is None


def test_multi_page_tiff(tmp_path: Path) -> None:
    separator_pdf(tmp_path / "pemisah.pdf")
    (page,) = rasterise_pdf(tmp_path / "pemisah.pdf", 100)
    blank = Image.new("L", page.size, 255)
    target = tmp_path / "scan.tiff"
    blank.save(target, save_all=True, append_images=[page, blank])
    assert find_codes(target) == [PageCodes(0, ()), PageCodes(1, (SEPARATOR_PAYLOAD,)),
                                  PageCodes(2, ())]


def test_unreadable_files(tmp_path: Path) -> None:
    broken = tmp_path / "rusak.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj garbage")
    with pytest.raises(UnreadableLetterError) as caught:
        find_codes(broken)
    assert caught.value.maybe_incomplete
    not_an_image = tmp_path / "foto.jpg"
    not_an_image.write_bytes(b"not a photo")
    with pytest.raises(UnreadableLetterError):
        find_codes(not_an_image)


def test_too_many_pages(tmp_path: Path) -> None:
    target = tmp_path / "tebal.pdf"
    save_pdf([Image.new("L", (85, 120), 255)] * 4, target, 10)
    with pytest.raises(UnreadableLetterError, match="4 halaman"):
        find_codes(target, max_pages=3)
