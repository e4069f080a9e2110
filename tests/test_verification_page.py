"""The public verification page (`/verifikasi/<code>`): authentic or not, the document's kind,
agenda number and date, whether a signed copy is filed; codes typed loosely; nothing personal.
The QR of a generated document opens it."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import zxingcpp
from conftest import Office
from flask.testing import FlaskClient
from PIL import Image
from test_kiosk import PARTICIPANTS, visit

from pipeline.documents.qr import stamp
from pipeline.indonesian import format_date
from pipeline.store.db import SignedCopy
from pipeline.web.app import create_app
from pipeline.workflow.commands import Actor, Fix
from pipeline.workflow.engine import Workflow
from pipeline.workflow.views import document_names

INSTITUTION = "SMK Negeri 9 Tarakan"


class Granted:
    """A visit granted today: its Lembar Disposisi and Rekomendasi issued."""

    def __init__(self, office: Office) -> None:
        self.workflow: Workflow = office.workflow()
        self.case_id = visit(self.workflow, INSTITUTION, self.workflow.now().date(),
                             assign=False)
        self.app = create_app(office.config)
        self.client: FlaskClient = self.app.test_client()

    def code(self, kind: str, version: int = 1) -> str:
        record = self.workflow.store.document(self.case_id, kind, version)
        assert record is not None
        return self.workflow.stamp_of(record).code

    def page(self, path: str) -> tuple[int, str]:
        answer = self.client.get(path, follow_redirects=True)
        return answer.status_code, answer.get_data(as_text=True)


@pytest.fixture
def granted(office: Office) -> Iterator[Granted]:
    made = Granted(office)
    yield made
    made.app.extensions["kunjungan"].close()
    made.workflow.store.close()


def test_authentic_document_shows_what_the_paper_shows(granted: Granted) -> None:
    case = granted.workflow.store.case(granted.case_id)
    assert case.decision is not None
    status, html = granted.page(f"/verifikasi/{granted.code('rekomendasi')}")
    assert status == 200
    assert "Dokumen asli" in html and "Rekomendasi Kunjungan" in html
    assert f"{case.nomor_agenda}/{case.year}" in html
    assert case.decision.letter_number in html
    assert format_date(granted.workflow.now().date()) in html
    assert "belum diarsipkan" in html, "a Rekomendasi is signed on paper: not filed yet"


def test_forged_or_unknown_code_is_not_registered(granted: Granted) -> None:
    forged = stamp(b"x" * 32, granted.workflow.installation, granted.case_id, "rekomendasi", 1)
    for code in (forged.code, "ABCD-EFGH"):
        status, html = granted.page(f"/verifikasi/{code}")
        assert status == 404
        assert f"Kode {code} tidak terdaftar" in html and "tidak sah" in html
        assert "Dokumen asli" not in html


def test_codes_typed_loosely_are_accepted_as_kunjungan_verify_takes_them(
        granted: Granted) -> None:
    code = granted.code("lembar_disposisi")
    loose = f" {code[:2].lower()} {code[2:4]}-{code[5:].lower()} "
    answer = granted.client.get("/verifikasi", query_string={"kode": loose})
    assert answer.status_code == 302 and answer.location == f"/verifikasi/{code}"
    for path in (f"/verifikasi/{code.replace('-', '').lower()}", f"/VERIFIKASI/{code}"):
        status, html = granted.page(path)
        assert status == 200 and "Lembar Disposisi" in html, path
    status, html = granted.page("/verifikasi?kode=%3F%3F")
    assert status == 400 and "8 huruf dan angka" in html
    status, html = granted.page("/verifikasi")
    assert status == 200 and 'name="kode"' in html


def test_signed_copy_filed_and_a_newer_version(granted: Granted) -> None:
    workflow, case_id = granted.workflow, granted.case_id
    record = workflow.store.document(case_id, "rekomendasi", 1)
    assert record is not None
    case = workflow.store.case(case_id)
    signed = b"%PDF-1.4 rekomendasi bertanda tangan"
    name = "02-rekomendasi-ditandatangani.pdf"
    (workflow.case_folder(case) / name).write_bytes(signed)
    workflow.record_signed_copy(SignedCopy(
        document_id=record.id, case_id=case_id, file=name,
        sha256=hashlib.sha256(signed).hexdigest(), archive_file=None, archive_sha256=None,
        source_name="pindaian.pdf", received_at=workflow.now()), "sekretariat")
    code = granted.code("rekomendasi")
    _, html = granted.page(f"/verifikasi/{code}")
    assert "sudah diarsipkan" in html and "versi yang lebih baru" not in html

    workflow.execute(case_id, Fix({"perihal": "Permohonan Kunjungan Belajar"}),
                     Actor("sri", "sekretariat"))
    _, old = granted.page(f"/verifikasi/{code}")
    assert "versi yang lebih baru" in old and "sudah diarsipkan" in old
    _, new = granted.page(f"/verifikasi/{granted.code('rekomendasi', 2)}")
    assert "(versi 2)" in new and "belum diarsipkan" in new


def test_no_personal_data_on_the_page(granted: Granted) -> None:
    case = granted.workflow.store.case(granted.case_id)
    personal = [case.fields.instansi_pengirim, *PARTICIPANTS, "Andi Saputra",
                granted.workflow.config.officials["kepala_uptd"].name, case.fields.nomor_surat]
    for kind in ("lembar_disposisi", "rekomendasi"):
        _, html = granted.page(f"/verifikasi/{granted.code(kind)}")
        for value in personal:
            assert value and value not in html, (kind, value)


def test_the_qr_of_a_document_opens_its_page(granted: Granted) -> None:
    """The QR printed on the Rekomendasi, read back from the .docx, and its footer in words."""
    workflow = granted.workflow
    case = workflow.store.case(granted.case_id)
    names = document_names(workflow.store.documents(case.id))
    record = workflow.store.document(case.id, "rekomendasi", 1)
    assert record is not None
    docx = workflow.case_folder(case) / names[record.id]
    (text,) = _qr_texts(docx)
    code = granted.code("rekomendasi")
    base = workflow.config.web.public_url
    assert text == f"{base}/verifikasi/{code}".upper()
    status, html = granted.page(re.sub(r"^HTTPS?://[^/]+", "", text))
    assert status == 200 and code in html
    with zipfile.ZipFile(docx) as archive:
        footer = archive.read("word/footer1.xml").decode()
    assert f"Periksa keaslian dokumen ini di {base}/verifikasi/{code}" in footer


def _qr_texts(docx: Path) -> list[str]:
    with zipfile.ZipFile(docx) as archive:
        pictures = [archive.read(n) for n in archive.namelist() if n.startswith("word/media/")]
    return [result.text for picture in pictures
            for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(picture)))]


def test_the_page_in_a_phone_browser(office: Office) -> None:
    """The page as a phone opens it from the QR (capitals and all), under the desk's CSP, and
    the page of a code not registered; screenshots of both."""
    from browser import chromium, free_port, screenshot, start_service, stop_service, web_section
    from playwright.sync_api import expect

    port = free_port()
    with office.config_path.open("a", encoding="utf-8") as config:
        config.write(web_section(port))
    workflow = office.workflow()
    case_id = visit(workflow, INSTITUTION, workflow.now().date(), assign=False)
    record = workflow.store.document(case_id, "rekomendasi", 1)
    assert record is not None
    code = workflow.stamp_of(record).code
    workflow.store.close()
    service = start_service(office.config_path, port, env={"KUNJUNGAN_PDF": "0"})
    try:
        with chromium() as browser:
            phone = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
            errors: list[str] = []
            phone.on("console", lambda message: errors.append(message.text))
            phone.goto(f"HTTP://127.0.0.1:{port}/VERIFIKASI/{code}")
            expect(phone.locator(".cap-sah")).to_have_text(re.compile("Dokumen asli"))
            screenshot(phone, "verifikasi-asli-ponsel")
            phone.fill("#kode", "abcd efgh")
            phone.get_by_role("button", name="Periksa").click()
            expect(phone.locator("h1")).to_have_text("Kode ABCD-EFGH tidak terdaftar")
            screenshot(phone, "verifikasi-tidak-terdaftar-ponsel")
            # The 404 of the page itself is logged; no style or script was refused by the CSP.
            assert [e for e in errors if "404" not in e] == [], errors
    finally:
        stop_service(service)


def test_a_scanner_of_guessed_codes_is_slowed_while_a_person_never_notices(
        granted: Granted) -> None:
    """`[web] public_requests_per_minute` (300) per address: a person checking a pile of
    papers stays far below it; an address guessing codes gets a short 429 page, with the
    security headers, and only that address does."""
    client = granted.client
    code = granted.code("rekomendasi")
    for _ in range(20):  # twenty papers scanned, each opened and typed in once more
        assert granted.page(f"/verifikasi/{code}")[0] == 200
        assert granted.page(f"/verifikasi?kode={code.lower()}")[0] == 200
    scanner = granted.app.test_client()
    scanner.environ_base["REMOTE_ADDR"] = "203.0.113.50"
    statuses = [scanner.get(f"/verifikasi/{n:04d}-ZZZZ").status_code for n in range(301)]
    assert statuses[:300] == [404] * 300
    assert statuses[300] == 429
    answer = scanner.get(f"/verifikasi/{code}")  # even a real code, until the minute is over
    assert answer.status_code == 429
    assert 0 < int(answer.headers["Retry-After"]) <= 60
    html = answer.get_data(as_text=True)
    assert "Terlalu banyak permintaan; tunggu sebentar lalu coba lagi." in html
    assert answer.headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert answer.headers["X-Frame-Options"] == "DENY"
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert "<script>" not in html and "style=" not in html
    assert client.get(f"/verifikasi/{code}").status_code == 200  # the person's address
