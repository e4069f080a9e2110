"""The guest-book kiosk (`/kiosk`): guests sign themselves in and out of today's visits as the
SOP's `tamu`; any other case is refused, no phone is shown, CSRF still guards the forms, and
nothing else opens without a login. One walk in Chromium at tablet width, with screenshots."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from conftest import PELAKSANA_NIP, Office
from flask import Flask
from flask.testing import FlaskClient

from pipeline.archive.outbox import staged_original
from pipeline.case import LetterFields
from pipeline.errors import TransitionError
from pipeline.web.app import create_app
from pipeline.workflow.commands import Actor, Approve, Assign, CheckIn, Dispose, Finish
from pipeline.workflow.engine import IncomingLetter, Workflow
from pipeline.workflow.kiosk import KIOSK_ACTOR

PARTICIPANTS = ("Ahmad Rizki", "Bunga Lestari", "Citra Dewi")
PHONE = "0812-5555-0199"
KEPALA_UPTD = Actor("kauptd", "kepala_uptd")


def visit(workflow: Workflow, institution: str, day: date, *, assign: bool = True) -> int:
    """A case granted for `day` (and its pelaksana appointed, unless not `assign`)."""
    original = f"%PDF-1.4 surat {institution}".encode()
    digest = hashlib.sha256(original).hexdigest()
    staged = staged_original(workflow.config.paths.outbox, digest, ".pdf")
    staged.parent.mkdir(parents=True, exist_ok=True)
    staged.write_bytes(original)
    now = workflow.now()
    fields = LetterFields(
        nomor_surat=f"005/{len(institution)}/XI/2026", tanggal_surat=now.date() - timedelta(3),
        perihal="Permohonan Kunjungan", instansi_pengirim=institution, tanggal_kunjungan=day,
        waktu_kunjungan=time(9, 0), jumlah_peserta=len(PARTICIPANTS), peserta=PARTICIPANTS)
    case = workflow.register(IncomingLetter(
        fields=fields, readings={}, review_notes=(), needs_review=False, sha256=digest,
        archive_sha256=None, original_name="surat.pdf",
        source_path=workflow.config.paths.inbox / "surat.pdf",
        received_at=now - timedelta(minutes=30), read_method="text"), "sekretariat").case
    workflow.execute(case.id, Dispose("Tindak lanjuti"), Actor("kadis", "kepala_dinas"))
    workflow.execute(case.id, Approve(), KEPALA_UPTD)
    if assign:
        workflow.execute(case.id, Assign((PELAKSANA_NIP,)), KEPALA_UPTD)
    return case.id


class Reception:
    """Today's visit (1), one granted for next week (2), one granted today without its
    pelaksana yet (3), on a desk app."""

    def __init__(self, office: Office) -> None:
        self.workflow = office.workflow()
        today = self.workflow.now().date()
        self.today = visit(self.workflow, "SMK Negeri 9 Tarakan", today)
        self.next_week = visit(self.workflow, "Universitas Borneo Tarakan",
                               today + timedelta(days=7))
        self.unassigned = visit(self.workflow, "SD Negeri 1 Tarakan", today, assign=False)
        self.app: Flask = create_app(office.config)

    def guests(self, case_id: int) -> list[tuple[str, str | None, bool]]:
        return [(g.name, g.phone, g.checked_out is not None)
                for g in self.workflow.store.guests(case_id)]


@pytest.fixture
def reception(office: Office) -> Iterator[Reception]:
    made = Reception(office)
    yield made
    made.app.extensions["kunjungan"].close()
    made.workflow.store.close()


def form_token(client: FlaskClient, path: str) -> str:
    page = client.get(path).get_data(as_text=True)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def test_guests_sign_the_guest_book_themselves_as_the_sop_allows(
        reception: Reception) -> None:
    workflow, case_id = reception.workflow, reception.today
    view = workflow.execute(case_id, CheckIn("Ahmad Rizki"), KIOSK_ACTOR)
    assert view.case.state == "berlangsung"
    event = view.case.events[-1]
    assert (event.action, event.actor, event.details["role"]) == (
        "checkin", "Kios Buku Tamu", "tamu")
    # A guest takes no other step: finishing the visit is the pelaksana's.
    with pytest.raises(TransitionError, match="tugas Pelaksana, bukan Tamu"):
        workflow.execute(case_id, Finish(), Actor("Ahmad Rizki", "tamu"))
    assert workflow.store.case(case_id).state == "berlangsung"


def test_kiosk_lists_todays_visits_and_signs_guests_in_and_out(
        reception: Reception) -> None:
    client = reception.app.test_client()
    start = client.get("/kiosk").get_data(as_text=True)
    assert "SMK Negeri 9 Tarakan" in start
    # Next week's visit, and today's visit still without its pelaksana, are not open.
    assert "Universitas Borneo" not in start and "SD Negeri 1" not in start

    page = f"/kiosk/{reception.today}"
    token = form_token(client, page)
    typed = client.post(f"{page}/masuk", data={
        "csrf_token": token, "nama": "Dewi Anggraini", "instansi": "Dinas Pendidikan",
        "telepon": PHONE})
    assert typed.status_code == 302
    # A name from the letter's list, tapped: the form comes filled in.
    chosen = client.get(f"{page}?nama=Bunga+Lestari").get_data(as_text=True)
    assert 'name="nama" value="Bunga Lestari"' in chosen
    assert client.post(f"{page}/masuk", data={"csrf_token": token, "nama": "Bunga Lestari",
                                              "telepon": ""}).status_code == 302
    shown = client.get(page).get_data(as_text=True)
    assert "Selamat datang, Bunga Lestari" in shown
    assert "Bunga Lestari" not in shown.split('id="judul-masuk"')[1].split("</section>")[0], \
        "a name signed in is no longer offered to sign in"

    out = client.post(f"{page}/keluar", data={"csrf_token": token, "nama": "Dewi Anggraini"})
    assert out.status_code == 302
    assert "Terima kasih atas kunjungan Anda, Dewi Anggraini" in client.get(page).get_data(
        as_text=True)
    assert reception.guests(reception.today) == [
        ("Dewi Anggraini", PHONE, True), ("Bunga Lestari", None, False)]
    # The phone is recorded for the Register, but shown nowhere.
    for path in ("/kiosk", page, f"{page}?nama=Ahmad+Rizki"):
        html = client.get(path).get_data(as_text=True)
        assert PHONE not in html and PHONE.replace("-", "") not in html, path

    # Leaving twice is refused by the core, with its message; nothing changes.
    again = client.post(f"{page}/keluar", data={"csrf_token": token, "nama": "Dewi Anggraini"},
                        follow_redirects=True)
    assert "belum tercatat masuk (atau sudah keluar)" in again.get_data(as_text=True)
    assert len(reception.guests(reception.today)) == 2


def test_kiosk_refuses_every_other_case_and_forms_without_their_token(
        reception: Reception) -> None:
    client = reception.app.test_client()
    token = form_token(client, f"/kiosk/{reception.today}")
    for case_id in (reception.next_week, reception.unassigned, 999):
        assert client.get(f"/kiosk/{case_id}").status_code == 404
        for action in ("masuk", "keluar"):
            refused = client.post(f"/kiosk/{case_id}/{action}",
                                  data={"csrf_token": token, "nama": "Ahmad Rizki"})
            assert refused.status_code == 404, (case_id, action)
            assert "tidak ada dalam daftar kunjungan hari ini" in refused.get_data(as_text=True)
    assert reception.guests(reception.next_week) == reception.guests(reception.unassigned) == []
    assert reception.workflow.store.case(reception.next_week).state == "ditugaskan"

    without_token = client.post(f"/kiosk/{reception.today}/masuk", data={"nama": "Penyusup"})
    assert without_token.status_code == 400
    assert reception.guests(reception.today) == []


def test_the_kiosk_opens_nothing_else(reception: Reception) -> None:
    """After using the kiosk, the same browser still has no session: the desk's pages send it
    to the login page, and its actions are refused."""
    client = reception.app.test_client()
    page = f"/kiosk/{reception.today}"
    token = form_token(client, page)
    client.post(f"{page}/masuk", data={"csrf_token": token, "nama": "Ahmad Rizki"})
    for path in ("/", f"/kasus/{reception.today}", "/register", "/akun", "/pengguna/"):
        answer = client.get(path)
        assert answer.status_code == 302 and answer.location.startswith("/masuk"), path
    finish = client.post(f"/kasus/{reception.today}/tindakan/finish",
                         data={"csrf_token": token})
    assert finish.status_code == 401
    assert reception.workflow.store.case(reception.today).state == "berlangsung"


def test_kiosk_check_in_and_out_in_a_tablet_browser(office: Office) -> None:
    """Chromium at tablet width: a guest taps the visit, taps their name from the letter, adds
    a phone and confirms; then taps their name to leave. Screenshots of each screen."""
    from browser import chromium, free_port, screenshot, start_service, stop_service, web_section
    from playwright.sync_api import expect

    port = free_port()
    with office.config_path.open("a", encoding="utf-8") as config:
        config.write(web_section(port))
    workflow = office.workflow()
    case_id = visit(workflow, "SMK Negeri 9 Tarakan", workflow.now().date())
    service = start_service(office.config_path, port, env={"KUNJUNGAN_PDF": "0"})
    try:
        with chromium() as browser:
            tablet = browser.new_context(viewport={"width": 800, "height": 1280},
                                         has_touch=True, is_mobile=True).new_page()
            tablet.goto(f"http://127.0.0.1:{port}/kiosk")
            screenshot(tablet, "kios-daftar-tablet")
            tablet.get_by_role("link", name=re.compile("SMK Negeri 9 Tarakan")).tap()
            tablet.get_by_role("link", name="Citra Dewi").tap()
            expect(tablet.locator("#nama")).to_have_value("Citra Dewi")
            tablet.fill("#telepon", PHONE)
            screenshot(tablet, "kios-isian-tablet")
            tablet.get_by_role("button", name="Catat kedatangan saya").tap()
            expect(tablet.locator(".pesan-berhasil")).to_contain_text(
                "Selamat datang, Citra Dewi")
            screenshot(tablet, "kios-masuk-tablet")
            tablet.get_by_role("button", name="Citra Dewi").tap()
            expect(tablet.locator(".pesan-berhasil")).to_contain_text(
                "Terima kasih atas kunjungan Anda, Citra Dewi")
            screenshot(tablet, "kios-keluar-tablet")
            assert PHONE not in tablet.content()
            phone = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
            phone.goto(f"http://127.0.0.1:{port}/kiosk/{case_id}")
            screenshot(phone, "kios-kunjungan-ponsel")
    finally:
        stop_service(service)
    (guest,) = workflow.store.guests(case_id)
    assert (guest.name, guest.phone, guest.checked_out is not None) == ("Citra Dewi", PHONE, True)
    assert workflow.store.case(case_id).state == "berlangsung"
    workflow.store.close()
    assert Path(__file__).parent.joinpath("..", "test-artifacts", "screenshots",
                                          "kios-keluar-tablet.png").resolve().exists()


def test_the_kiosk_answers_one_address_so_many_requests_a_minute(office: Office) -> None:
    """`[web] public_requests_per_minute`, here 10: forms count too; past the limit a short
    429 page (with the security headers), counted apart from the verification page and from
    other addresses."""
    text = office.config_path.read_text(encoding="utf-8")
    office.config_path.write_text(text + "\n[web]\npublic_requests_per_minute = 10\n",
                                  encoding="utf-8")
    reception = Reception(office)
    try:
        tablet = reception.app.test_client()
        page = f"/kiosk/{reception.today}"
        token = form_token(tablet, page)  # 1
        signed = tablet.post(f"{page}/masuk", data={"csrf_token": token, "nama": "Ahmad Rizki"})
        assert signed.status_code == 302  # 2
        assert [tablet.get("/kiosk").status_code for _ in range(8)] == [200] * 8  # 10
        refused = tablet.post(f"{page}/masuk", data={"csrf_token": token, "nama": "Citra Dewi"})
        assert refused.status_code == 429
        assert "Terlalu banyak permintaan" in refused.get_data(as_text=True)
        assert "frame-ancestors 'none'" in refused.headers["Content-Security-Policy"]
        assert [g[0] for g in reception.guests(reception.today)] == ["Ahmad Rizki"]
        assert tablet.get("/verifikasi").status_code == 200
        other = reception.app.test_client()
        other.environ_base["REMOTE_ADDR"] = "192.168.1.20"
        assert other.get("/kiosk").status_code == 200
    finally:
        reception.app.extensions["kunjungan"].close()
        reception.workflow.store.close()
