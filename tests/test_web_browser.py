"""The desk in a real browser: Debian's Chromium driven by Playwright (testkit/browser.py)
against `kunjungan run` on a free loopback port, SQLite, a temporary office.

One walk takes a letter through the whole SOP as the four roles, with the review form, a new
letter appearing without a reload, a step refused to the wrong role, a form without its CSRF
token, a download path that leaves the case folder, and screenshots of each page at desktop
and phone width (test-artifacts/screenshots/, git-ignored)."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from browser import (
    DESKTOP,
    PHONE,
    chromium,
    free_port,
    screenshot,
    start_service,
    stop_service,
    web_section,
)
from conftest import PELAKSANA_NIP, Office, need_samples, office_today
from playwright.sync_api import Browser, Page, expect

from pipeline.archive.outbox import staged_original
from pipeline.case import LetterFields
from pipeline.web.accounts import add_account, checked_account
from pipeline.workflow.engine import IncomingLetter

PASSWORD = "kata-sandi-uji-123"
ACCOUNTS = {"sekretariat": "sekretariat", "kadis": "kepala_dinas", "kauptd": "kepala_uptd",
            "andi": "pelaksana"}


class Desk:
    def __init__(self, office: Office, browser: Browser, port: int) -> None:
        self.office, self.browser, self.url = office, browser, f"http://127.0.0.1:{port}"

    def login(self, username: str, viewport: dict[str, int] = DESKTOP) -> Page:
        context = self.browser.new_context(viewport=viewport,  # type: ignore[arg-type]
                                           locale="id-ID", timezone_id="Asia/Makassar")
        page = context.new_page()
        page.goto(f"{self.url}/masuk")
        page.fill("#username", username)
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        expect(page.locator("h1")).to_have_text("Kotak Masuk")
        return page

    def state(self, case_id: int) -> str:
        store = self.office.store()
        try:
            return store.case(case_id).state
        finally:
            store.close()


def both_widths(desk: Desk, username: str, path: str, name: str) -> None:
    """Screenshots of one page at desktop and phone width."""
    for width, viewport in (("desktop", DESKTOP), ("ponsel", PHONE)):
        page = desk.login(username, viewport)
        page.goto(f"{desk.url}{path}")
        screenshot(page, f"{name}-{width}")
        page.context.close()


@pytest.fixture
def desk(office: Office) -> Iterator[Desk]:
    need_samples()
    port = free_port()
    with office.config_path.open("a", encoding="utf-8") as config:
        config.write(web_section(port))
    config = office.config
    store = office.store()
    for username, role in ACCOUNTS.items():
        nip = PELAKSANA_NIP if role == "pelaksana" else None
        add_account(store, checked_account(config, username, role, nip=nip,
                                           full_name="Sri Wahyuni" if role == "sekretariat"
                                           else None), PASSWORD)
    store.close()
    register_for_review(office)
    service = start_service(office.config_path, port, env={"KUNJUNGAN_PDF": "0"})
    try:
        with chromium() as browser:
            yield Desk(office, browser, port)
    finally:
        stop_service(service)


def register_for_review(office: Office) -> None:
    """A letter read so poorly that a person must check it: the sample's PDF, registered with
    its sender and number unread (as the reader leaves a letter it cannot place)."""
    sample = need_samples() / "sample_02_universitas.pdf"
    digest = hashlib.sha256(sample.read_bytes()).hexdigest()
    staged = staged_original(office.outbox, digest, ".pdf")
    staged.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(sample, staged)
    workflow = office.workflow()
    fields = LetterFields(perihal="Permohonan Kunjungan", jumlah_peserta=30)
    workflow.register(IncomingLetter(
        fields=fields, readings={"perihal": {"confidence": 0.5, "source": "Hal : Permohonan "
                                             "Kunjungan ke Tarakan Command Center"}},
        review_notes=("instansi_pengirim belum terbaca",), needs_review=True, sha256=digest,
        archive_sha256=None, original_name=sample.name, source_path=office.inbox / sample.name,
        received_at=workflow.now(), read_method="text"), "sekretariat")
    workflow.publish(1)
    workflow.store.close()


def test_the_whole_sop_through_the_desk(desk: Desk, office: Office) -> None:
    url = desk.url
    # Sekretariat: the new letter appears in Kotak Masuk without a reload.
    sekretariat = desk.login("sekretariat")
    expect(sekretariat.locator(".menunggu-saya")).to_contain_text("instansi belum terbaca")
    sekretariat.evaluate("window.sameDocument = true")
    shutil.copyfile(need_samples() / "sample_01_smk.pdf", office.inbox / "surat-smk.pdf")
    expect(sekretariat.locator("#status-terdaftar")).to_contain_text("SMK", timeout=30_000)
    assert sekretariat.evaluate("window.sameDocument") is True

    # Periksa: the letter beside its fields, the source text marked; correct and complete.
    sekretariat.click("nav >> text=Periksa")
    sekretariat.click("text=Periksa >> nth=-1")
    expect(sekretariat.locator(".surat-asli img").first).to_be_visible()
    sekretariat.wait_for_function(
        "() => document.querySelector('.surat-asli img').naturalWidth > 500", timeout=15_000)
    expect(sekretariat.locator(".sumber mark").first).to_have_text("Permohonan Kunjungan")
    sekretariat.fill("#isian-instansi_pengirim", "Universitas Borneo Tarakan")
    sekretariat.fill("#isian-nomor_surat", "123/UN51/KM/2026")
    screenshot(sekretariat, "periksa-isi-desktop")
    sekretariat.click("text=Simpan dan selesaikan pemeriksaan")
    expect(sekretariat.locator(".pesan-berhasil")).to_contain_text("pemeriksaan selesai")
    assert desk.state(1) == "terdaftar"
    store = office.store()
    assert store.case(1).fields.instansi_pengirim == "Universitas Borneo Tarakan"
    assert [e.actor for e in store.events(1)][-2:] == ["sekretariat", "sekretariat"]
    store.close()

    # The wrong role: the Kepala UPTD sees no disposition form, and a disposition sent anyway
    # (with a valid token) is refused with the core's message; nothing changes.
    uptd = desk.login("kauptd")
    uptd.goto(f"{url}/kasus/2")
    expect(uptd.locator(".tindakan-dispose")).to_have_count(0)
    token = uptd.locator("input[name=csrf_token]").first.input_value()
    refused = uptd.request.post(f"{url}/kasus/2/tindakan/dispose",
                                form={"csrf_token": token, "instruksi": "Proses"})
    assert refused.ok  # back on the case page, with the message
    uptd.goto(f"{url}/kasus/2")
    uptd.goto(f"{url}/kasus/2")
    assert desk.state(2) == "terdaftar"
    # ...and a form without its CSRF token is refused before anything runs.
    no_token = uptd.request.post(f"{url}/kasus/2/tindakan/cancel", form={"alasan": "uji"})
    assert no_token.status == 400
    assert desk.state(2) == "terdaftar"
    # A download path that leaves the case folder is refused.
    for escape in ("../../kunjungan.toml", "..%2F..%2Fkunjungan.toml", "%2Fetc%2Fpasswd",
                   "../0001_universitas-borneo-tarakan/00-surat-permohonan.pdf"):
        assert uptd.request.get(f"{url}/kasus/2/berkas/{escape}").status == 404, escape
    assert uptd.request.get(f"{url}/kasus/2/berkas/01-lembar-disposisi.docx").ok

    # Kepala Dinas disposes.
    kadis = desk.login("kadis")
    expect(kadis.locator(".menunggu-saya")).to_contain_text("SMK")
    kadis.goto(f"{url}/kasus/2")
    kadis.fill("#instruksi", "Fasilitasi kunjungan")
    kadis.select_option("#sifat", "segera")
    kadis.click(".tindakan-dispose button")
    expect(kadis.locator(".pesan-berhasil")).to_have_text("Disposisi tercatat.")
    assert desk.state(2) == "didisposisi"

    # Kepala UPTD approves on another date, then assigns the escort from the roster.
    uptd.goto(f"{url}/kasus/2")
    visit = date.today() + timedelta(days=10)
    uptd.fill("#tanggal", visit.isoformat())
    uptd.click(".tindakan-approve button")
    expect(uptd.locator(".pesan-berhasil")).to_contain_text("disetujui")
    uptd.check(f"input[name=pelaksana][value='{office.config.pelaksana[0].nip}']")
    uptd.click(".tindakan-assign button")
    expect(uptd.locator(".pesan-berhasil")).to_contain_text("Pelaksana ditunjuk")
    assert desk.state(2) == "ditugaskan"

    # The pelaksana finds the visit waiting on them, checks a guest in and out, finishes.
    andi = desk.login("andi")
    expect(andi.locator(".menunggu-saya")).to_contain_text("SMK")
    andi.click(".menunggu-saya a.instansi")
    andi.fill("#nama-masuk", "Budi Santoso")
    andi.fill("#telepon-masuk", "081234567890")
    andi.click(".tindakan-checkin button")
    expect(andi.locator(".pesan-berhasil")).to_have_text("Tamu tercatat masuk.")
    andi.click(".tindakan-finish button")  # a guest still inside: the core refuses
    expect(andi.locator(".pesan-galat")).to_contain_text("belum mencatat jam keluar")
    andi.select_option("#nama-keluar", "Budi Santoso")
    andi.click(".tindakan-checkout button")
    andi.click(".tindakan-finish button")
    expect(andi.locator(".pesan-berhasil")).to_contain_text("Register Buku Tamu dibuat")
    assert desk.state(2) == "selesai"
    screenshot(andi, "kasus-selesai-desktop")
    store = office.store()
    assert {e.actor for e in store.events(2)} >= {"kadis", "kauptd", "andi"}
    store.close()

    # The Register: this month's, downloadable, and the case's own document.
    andi.click("nav >> text=Register")
    expect(andi.locator("table")).to_contain_text("Budi Santoso")
    with andi.expect_download() as download:
        andi.click("a:has-text('CSV')")
    csv_text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "Budi Santoso" in csv_text and "Nama tamu" in csv_text
    assert office.config.pelaksana[0].name in csv_text  # the escort
    with andi.expect_download() as download:
        andi.click(".berkas >> text=Word")
    assert download.value.suggested_filename == "05-register-buku-tamu.docx"
    with andi.expect_download() as download:  # the month's register to file, made on request
        andi.click("text=PDF untuk arsip")
    month = office_today().strftime("%Y-%m")
    assert download.value.suggested_filename == f"register-buku-tamu-{month}.pdf"
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")

    # Cari by institution.
    andi.goto(f"{url}/cari?instansi=borneo")
    expect(andi.locator(".daftar-kasus")).to_contain_text("Universitas Borneo Tarakan")

    for username, path, name in (("sekretariat", "/", "kotak-masuk"),
                                 ("sekretariat", "/periksa", "periksa"),
                                 ("sekretariat", "/periksa/1", "periksa-kasus"),
                                 ("kauptd", "/kasus/2", "kasus"),
                                 ("kauptd", "/kasus/1", "kasus-aksi"),
                                 ("kauptd", "/cari?instansi=tarakan", "cari"),
                                 ("andi", "/register", "register")):
        both_widths(desk, username, path, name)
