"""The desk's pages without a browser (Flask's test client on a real store): what the
Kotak Masuk puts first for a pelaksana, a download through a link that leads out of the case
folder, and the pure helpers that word the pages."""

from __future__ import annotations

import json
import re
from datetime import date, time

import pytest
from conftest import FUTURE_DATE, PELAKSANA_2_NIP, PELAKSANA_NIP, CliRunner, Office, copy_sample
from flask.testing import FlaskClient
from sqlalchemy import text

from pipeline.web import desk
from pipeline.web.accounts import add_account, checked_account
from pipeline.web.app import create_app
from pipeline.web.desk import highlighted, waited_text

PASSWORD = "kata-sandi-uji-123"


def signed_in(office: Office, username: str, role: str, nip: str | None = None) -> FlaskClient:
    config = office.config
    store = office.store()
    add_account(store, checked_account(config, username, role, nip=nip,
                                       full_name=None if nip else "Rina Arsip"), PASSWORD)
    store.close()
    client = create_app(config).test_client()
    page = client.get("/masuk").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert token
    client.post("/masuk", data={"csrf_token": token.group(1), "username": username,
                                "password": PASSWORD})
    return client


def assigned_case(kunjungan: CliRunner, office: Office, sample: str, nip: str) -> int:
    result = kunjungan("ingest", str(copy_sample(sample, office.inbox)), "--json")
    case_id = int(result.json()[0]["case"]["id"])
    for step in (("dispose", "--instruction", "Proses"),
                 ("approve", "--date", FUTURE_DATE, "--time", "09:00"),
                 ("assign", "--pelaksana", nip)):
        assert kunjungan(step[0], str(case_id), *step[1:]).code == 0
    return case_id


def test_a_pelaksana_sees_their_own_visits_first(office: Office, kunjungan: CliRunner,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    other = assigned_case(kunjungan, office, "sample_02_universitas.pdf", PELAKSANA_2_NIP)
    mine = assigned_case(kunjungan, office, "sample_01_smk.pdf", PELAKSANA_NIP)
    # however many older visits of others fill the state's list, mine come first
    monkeypatch.setattr(desk, "LIST_LIMIT", 1)
    page = signed_in(office, "andi", "pelaksana", PELAKSANA_NIP).get("/").get_data(as_text=True)
    first = page[page.index("menunggu-saya"):page.index("Semua kasus berjalan")]
    assert f"/kasus/{mine}" in first and f"/kasus/{other}" not in first
    rest = page[page.index("Semua kasus berjalan"):]
    assert f"/kasus/{other}" in rest and "Lihat semua 2 kasus" in rest


def test_a_link_out_of_the_case_folder_is_not_followed(office: Office,
                                                       kunjungan: CliRunner) -> None:
    result = kunjungan("ingest", str(copy_sample("sample_01_smk.pdf", office.inbox)), "--json")
    folder = office.outbox / result.json()[0]["case"]["folder"]
    (folder / "rahasia.txt").symlink_to(office.config_path)
    client = signed_in(office, "arsip", "arsiparis")
    assert client.get("/kasus/1/berkas/rahasia.txt").status_code == 404
    assert client.get("/kasus/1/berkas/.").status_code == 404
    sheet = client.get("/kasus/1/berkas/01-lembar-disposisi.docx")
    assert sheet.status_code == 200 and sheet.data[:2] == b"PK"
    assert client.get("/kasus/1/surat/0.png").data[:4] == b"\x89PNG"
    assert client.get("/kasus/1/surat/9.png").status_code == 404
    # an arsiparis reads but takes no step: the role matrix closes the action forms
    assert client.post("/kasus/1/tindakan/cancel", data={"alasan": "x"}).status_code in (
        400, 403)


def test_words_of_the_pages() -> None:
    assert waited_text(0.4) == "kurang dari 1 menit"
    assert waited_text(65) == "1 jam 5 menit"
    assert waited_text(3 * 24 * 60 + 120) == "3 hari 2 jam"
    assert highlighted("Hal : Permohonan Kunjungan ke TCC", "permohonan kunjungan") == [
        ("Hal : ", False), ("Permohonan Kunjungan", True), (" ke TCC", False)]
    assert highlighted("pada hari Senin, 20 September 2021", date(2021, 9, 20))[1] == (
        "20 September 2021", True)
    assert highlighted("tanggal 20/9", date(2021, 9, 20)) == [("tanggal 20/9", True)]
    assert highlighted("mulai pukul 09.30 WITA", time(9, 30))[1] == ("09.30", True)
    assert highlighted("", "x") == []


def test_periksa_lists_running_cases_with_doubtful_fields(office: Office,
                                                          kunjungan: CliRunner) -> None:
    result = kunjungan("ingest", str(copy_sample("sample_01_smk.pdf", office.inbox)), "--json")
    case_id = int(result.json()[0]["case"]["id"])
    store = office.store()
    with store.transaction() as conn:  # as if its contact had been read in doubt
        (row,) = conn.execute(text("SELECT readings FROM cases WHERE id = :id"), {"id": case_id})
        readings = json.loads(row[0])
        readings["kontak_nama"] = {"confidence": 0.1, "source": "Hubungi Rina"}
        conn.execute(text("UPDATE cases SET readings = :r WHERE id = :id"),
                     {"r": json.dumps(readings), "id": case_id})
    store.close()
    page = signed_in(office, "sri", "sekretariat").get("/periksa").get_data(as_text=True)
    title = page[page.index("<title>"):page.index("</title>")]
    assert "kurang pasti" not in title  # the list is the page's, not its title's
    body = page[page.index("<body"):]
    listed = body[body.index("Isian kurang pasti"):]
    assert f"/periksa/{case_id}" in listed or f"kasus/{case_id}" in listed
