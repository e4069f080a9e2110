"""Engine and store: numbers, transactions, corrections, escaping, review."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from conftest import FUTURE_DATE, CliRunner, Office, both_databases, copy_sample
from docx_text import docx_text
from legacy_schema import LEGACY_MIGRATIONS
from sqlalchemy import text

from pipeline.store import Store
from pipeline.store.migrations import head
from pipeline.workflow.sop import load_sop


def ingest(kunjungan: CliRunner, path: Path) -> dict:
    result = kunjungan("ingest", str(path), "--json")
    assert result.code == 0, result.err
    return result.json()[0]["case"]


@both_databases
def test_agenda_numbers_never_repeat_across_restarts(office: Office, kunjungan: CliRunner) -> None:
    # Each CLI call is a fresh program start on the same database file.
    numbers = [
        ingest(kunjungan, copy_sample(f"{sample}.pdf", office.inbox))["nomor_agenda"]
        for sample in ("sample_01_smk", "sample_02_universitas", "sample_03_dinas_luar",
                       "sample_04_perusahaan")
    ]
    assert numbers == ["0001", "0002", "0003", "0004"]
    workflow = office.workflow()
    for case in workflow.store.cases():
        assert kunjungan("dispose", str(case.id), "--instruction", "Proses").code == 0
        approved = kunjungan("approve", str(case.id), "--date", FUTURE_DATE, "--time", "09:00")
        assert approved.code == 0
    letters = [c.decision.letter_number for c in workflow.store.cases() if c.decision]
    assert len(set(letters)) == 4
    assert [n.split("/")[1] for n in letters] == ["001", "002", "003", "004"]
    workflow.store.close()


@both_databases
def test_a_rolled_back_action_does_not_skip_a_number(office: Office) -> None:
    store = office.store()
    with pytest.raises(RuntimeError), store.transaction() as conn:
        Store.next_number(conn, "surat_keluar", 2026)
        raise RuntimeError("crash between number and event")
    with store.transaction() as conn:
        assert Store.next_number(conn, "surat_keluar", 2026) == 1
    store.close()


@both_databases
def test_events_are_append_only(office: Office, kunjungan: CliRunner) -> None:
    ingest(kunjungan, copy_sample("sample_01_smk.pdf", office.inbox))
    store = office.store()
    refused = ["UPDATE events SET actor = 'x'", "DELETE FROM events"]
    if store.dialect == "postgresql":
        refused.append("TRUNCATE events CASCADE")
    integrity_error = store.conn.dialect.loaded_dbapi.IntegrityError  # the driver's own
    for statement in refused:  # by the database itself, whoever connects
        with pytest.raises(integrity_error, match="append-only"), store.transaction() as tx:
            tx.execute(text(statement))
    assert len(store.case(1).events) == 1
    store.close()


def test_store_is_wal_at_the_newest_revision(office: Office, kunjungan: CliRunner) -> None:
    ingest(kunjungan, copy_sample("sample_01_smk.pdf", office.inbox))
    conn = sqlite3.connect(office.config.paths.database)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(head(),)]
    conn.close()


@both_databases
def test_fix_with_markup_characters_and_long_names(office: Office, kunjungan: CliRunner) -> None:
    case = ingest(kunjungan, copy_sample("sample_01_smk.pdf", office.inbox))
    perihal = 'Kunjungan "Smart City" & <Data> \'Terbuka\''
    instansi = "Yayasan " + "Pendidikan Teknologi Informasi dan Komunikasi " * 4 + "Tarakan"
    result = kunjungan(
        "fix", str(case["id"]), f"perihal={perihal}", f"instansi_pengirim={instansi}", "--json"
    )
    assert result.code == 0, result.err
    case = result.json()
    assert case["fields"]["perihal"] == perihal
    assert case["events"][-1]["details"]["changes"]["perihal"] == perihal
    folder = Path(case["folder"])
    text = docx_text(folder / "01-lembar-disposisi.docx")
    assert perihal in text
    assert instansi in text
    assert (folder / "01-lembar-disposisi.v1.docx").exists()
    # The signature block after the values survived (docxtpl drops content on a bad escape).
    assert "Ir. Bambang Setiawan, M.T." in text
    for _ in range(2):
        assert kunjungan("dispose", str(case["id"]), "--instruction", "Tindak lanjuti <segera> & "
                         "laporkan").code in (0, 5)
    text = docx_text(folder / "01-lembar-disposisi.docx")
    assert "Tindak lanjuti <segera> & laporkan" in text


@both_databases
def test_incomplete_letter_goes_to_review_and_fix_completes_it(
    office: Office, kunjungan: CliRunner
) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    path = office.inbox / "tanpa-nomor.pdf"
    canvas = Canvas(str(path), pagesize=A4)
    for i, line in enumerate([
        "Kepada Yth. Kepala UPTD Tarakan Command Center",
        "Kami bermaksud berkunjung ke Tarakan Command Center",
        "pada hari Senin, 14 Desember 2026 pukul 10.00 WITA, 15 orang.",
        "Hormat kami,",
        "Budi",
    ]):
        canvas.drawString(72, 770 - 16 * i, line)
    canvas.save()
    case = ingest(kunjungan, path)
    assert case["state"] == "perlu_diperiksa"
    assert case["review_notes"]
    folder = Path(case["folder"])
    assert (folder / "PERLU-DIPERIKSA.txt").exists()
    listing = kunjungan("list", "--state", "perlu diperiksa")
    assert str(case["id"]) in listing.out and "!" in listing.out
    refused = kunjungan("dispose", str(case["id"]), "--instruction", "x")
    assert refused.code == 5 and "belum lengkap" in refused.err
    result = kunjungan("fix", str(case["id"]), "nomor_surat=12/KT/XII/2026",
                       "instansi_pengirim=Karang Taruna Juata", "perihal=Permohonan Kunjungan",
                       "--json")
    assert result.code == 0, result.err
    case = result.json()
    assert case["state"] == "terdaftar"
    assert not (folder / "PERLU-DIPERIKSA.txt").exists()
    assert [e["action"] for e in case["events"]][-2:] == ["fix", "complete_review"]


@both_databases
def test_same_letter_scanned_again_is_flagged(office: Office, kunjungan: CliRunner) -> None:
    first = ingest(kunjungan, copy_sample("sample_02_universitas.pdf", office.inbox))
    again = office.inbox / "scan-ulang.pdf"
    # Other bytes, same letter: append an incremental-update comment to the PDF.
    again.write_bytes((office.root / "outbox" / first["folder"] / "00-surat-permohonan.pdf")
                      .read_bytes() + b"\n% rescanned\n")
    second = ingest(kunjungan, again)
    assert second["id"] != first["id"]
    assert second["possible_duplicate_of"] == first["id"]
    assert any("duplikat" in note for note in second["review_notes"])


@both_databases
def test_exact_same_bytes_go_to_duplikat(office: Office, kunjungan: CliRunner) -> None:
    first = ingest(kunjungan, copy_sample("sample_03_dinas_luar.pdf", office.inbox))
    path = copy_sample("sample_03_dinas_luar.pdf", office.inbox)
    result = kunjungan("ingest", str(path), "--json")
    assert result.code == 0
    entry = result.json()[0]
    assert entry["outcome"] == "duplicate"
    moved = Path(entry["moved_to"])
    assert moved.parent == office.inbox / "_duplikat"
    note = moved.with_name(moved.name + ".txt").read_text()
    assert f"kasus {first['id']}" in note
    assert len(json.loads(kunjungan("list", "--json").out)) == 1


def test_sop_data_is_checked_at_load(office: Office) -> None:
    from importlib import resources

    from pipeline.errors import ConfigError
    from pipeline.workflow.engine import VOCABULARY

    sop = load_sop(VOCABULARY)
    assert [s for s in sop.states][:2] == ["perlu_diperiksa", "terdaftar"]
    assert sum(a.standard_minutes or 0 for a in sop.actions.values() if a.step) >= 40
    assert sop.actions["fix"].then == "complete_review"
    assert sop.signatures["lembar_disposisi"].advance_with["to"] == "kepala_uptd"
    text = resources.files("pipeline.workflow").joinpath("sop.toml").read_text("utf-8")

    def refused(changed: str, message: str) -> None:
        assert changed != text, "the edit must change the SOP"
        with pytest.raises(ConfigError, match=message) as caught:
            load_sop(VOCABULARY, changed)
        assert "\n" not in caught.value.message

    refused(text.replace('to = "terdaftar"', 'to = "b"', 1), "status 'b' tidak ada")
    refused(text.replace('effect = "record_disposition"', 'effect = "disposisi"'),
            "efek 'disposisi' tidak dikenal")
    refused(text.replace('effect = "record_grant"\n', ""), "'effect' wajib diisi")
    refused(text.replace('effect = "record_grant"', 'effect = "none"'),
            "efek 'none' akan membuang isian")
    refused(text.replace('effect = "record_grant"', 'effect = "record_refusal"'),
            "tidak cocok dengan perintahnya")
    refused(text.replace('role = "kepala_dinas"', 'role = "kadis"', 1), "peran 'kadis'")
    # Guests sign the guest book themselves: the step still waits on the pelaksana.
    assert (sop.actions["checkin"].role, sop.actions["checkin"].roles) == (
        "pelaksana", ("pelaksana", "tamu"))
    refused(text.replace('role = ["pelaksana", "tamu"]', 'role = ["pelaksana", "satpam"]', 1),
            "aksi checkin: peran 'satpam'")
    refused(text.replace('role = ["pelaksana", "tamu"]', "role = []", 1),
            "aksi checkin: 'role' harus nama peran")
    # Renaming an action there can no longer silently drop what it records.
    refused(text.replace('name = "dispose"', 'name = "disposisi"'),
            "aksi disposisi: efek 'record_disposition' tidak cocok|aksi 'dispose' tidak ada")
    refused(text.replace('then = "complete_review"', 'then = "selesai_periksa"'),
            "aksi lanjutan 'selesai_periksa'")
    refused(text.replace('advance_with = { to = "kepala_uptd", ',
                         'advance_with = { kepada = "kepala_uptd", '), "advance_with")

    config = office.config_path.read_text() + "\n[standards]\ndisposisi = 10\n"
    office.config_path.write_text(config)
    with pytest.raises(ConfigError, match=r"standards\.disposisi: aksi tidak dikenal"):
        office.workflow()


def test_roles_are_enforced_and_recorded(office: Office, kunjungan: CliRunner) -> None:
    from pipeline.errors import TransitionError
    from pipeline.workflow.commands import Actor, Dispose

    case = ingest(kunjungan, copy_sample("sample_01_smk.pdf", office.inbox))
    refused = kunjungan("dispose", str(case["id"]), "--instruction", "Tindak lanjuti",
                        "--as", "sekretariat")
    assert refused.code == 5
    assert "tugas Kepala Dinas, bukan Sekretariat" in refused.err
    workflow = office.workflow()
    with pytest.raises(TransitionError, match="bukan Pelaksana"):
        workflow.execute(case["id"], Dispose("Tindak lanjuti"), Actor("budi", "pelaksana"))
    assert workflow.store.case(case["id"]).state == "terdaftar", "nothing changed"

    done = kunjungan("dispose", str(case["id"]), "--instruction", "Tindak lanjuti",
                     "--by", "bambang", "--json")
    assert done.code == 0, done.err
    event = done.json()["events"][-1]
    assert (event["action"], event["actor"], event["details"]["role"]) == (
        "dispose", "bambang", "kepala_dinas")


def test_outbox_files_are_readable_by_archivists(office: Office, kunjungan: CliRunner) -> None:
    case = ingest(kunjungan, copy_sample("sample_01_smk.pdf", office.inbox))
    for path in Path(case["folder"]).iterdir():
        assert path.stat().st_mode & 0o044 == 0o044, path.name


def test_templates_check_command(office: Office, kunjungan: CliRunner, tmp_path: Path) -> None:
    import shutil

    from docx import Document

    clean = kunjungan("templates", "check")
    assert clean.code == 0, clean.out + clean.err
    assert "lembar_disposisi" in clean.out and "nomor_agenda" in clean.out

    edited = tmp_path / "templat-kantor"
    shutil.copytree(Path(__file__).resolve().parents[1] / "templates", edited)
    document = Document(str(edited / "rekomendasi.docx"))
    document.add_paragraph("Catatan: {{ nomer_surat }}")
    document.save(str(edited / "rekomendasi.docx"))
    text = office.config_path.read_text().replace(
        str(Path(__file__).resolve().parents[1] / "templates"), str(edited))
    office.config_path.write_text(text)
    broken = kunjungan("templates", "check")
    assert broken.code != 0
    assert "nomer_surat" in broken.out
    assert broken.err.startswith("galat: ") and "rekomendasi" in broken.err


def test_a_database_from_an_older_release_is_migrated(office: Office) -> None:
    """A database made by the release before Alembic, with a letter in it, is upgraded in place
    and its letter is found again, also as the twin of the same letter scanned again."""
    database = office.config.paths.database
    database.parent.mkdir(parents=True)
    conn = sqlite3.connect(database)
    conn.executescript(LEGACY_MIGRATIONS[0][1])
    conn.execute("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
    conn.execute("INSERT INTO schema_migrations VALUES ('0001_initial', 'x')")
    conn.execute(
        "INSERT INTO cases (year, nomor_agenda, state, fields, received_at, folder,"
        " original_name, source_path, sha256, updated_at) VALUES (2026, '0001', 'terdaftar', ?,"
        " '2026-11-30T09:00:00+08:00', '2026/0001_smk', 'a.pdf', '/inbox/a.pdf', 'abc', 'x')",
        (json.dumps({"nomor_surat": "12/SMK/2026", "instansi_pengirim": "SMK Negeri 9"}),),
    )
    conn.execute("INSERT INTO events (case_id, action, actor, at) VALUES (1, 'register', 'x',"
                 " '2026-11-30T09:00:00+08:00')")
    conn.commit()
    conn.close()

    store = Store(database)
    case = store.case(1)
    assert (case.nomor_agenda, case.version, len(case.events)) == ("0001", 1, 1)
    assert store.case_by_letter("12/SMK/2026", "smk negeri 9") == case
    assert store.source_path(1) == Path("/inbox/a.pdf")
    store.close()
    conn = sqlite3.connect(database)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(head(),)]
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "schema_migrations" not in tables and "signed_copies" in tables
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("DELETE FROM events")
    conn.close()


def test_an_invitation_is_flagged_for_review_not_pushed_through(
    office: Office, kunjungan: CliRunner
) -> None:
    from letter_corpus import render_pdf

    letter = office.inbox / "undangan.pdf"
    render_pdf("\n".join([
        "PEMERINTAH KOTA TARAKAN",
        "BADAN PERENCANAAN PEMBANGUNAN DAERAH",
        "Nomor   : 050/412/Bappeda/XI/2026",
        "Perihal : Undangan Rapat Koordinasi",
        "Tarakan, 20 November 2026",
        "Kepada Yth. Kepala UPTD Tarakan Command Center",
        "Dengan hormat, kami mengundang Bapak/Ibu untuk hadir dalam rapat koordinasi",
        "pada hari Kamis, 26 November 2026 pukul 09.00 WITA di Aula Bappeda.",
        "Kepala Bappeda,",
        "Ir. Rudi Hartawan, M.T.",
    ]), letter)
    case = ingest(kunjungan, letter)
    assert case["state"] == "perlu_diperiksa"
    assert any("kunjungan" in note.lower() for note in case["review_notes"])
    assert (Path(case["folder"]) / "PERLU-DIPERIKSA.txt").exists()


@both_databases
def test_a_broken_template_holds_the_document_not_the_step(
    office: Office, kunjungan: CliRunner, tmp_path: Path
) -> None:
    import shutil

    from docx import Document

    repo_templates = Path(__file__).resolve().parents[1] / "templates"
    edited = tmp_path / "templat"
    shutil.copytree(repo_templates, edited)
    office.config_path.write_text(
        office.config_path.read_text().replace(str(repo_templates), str(edited)))
    case = ingest(kunjungan, copy_sample("sample_01_smk.pdf", office.inbox))
    folder = Path(case["folder"])
    good = (edited / "lembar_disposisi.docx").read_bytes()
    document = Document(str(edited / "lembar_disposisi.docx"))
    document.add_paragraph("{{ salah_ketik }}")
    document.save(str(edited / "lembar_disposisi.docx"))

    result = kunjungan("dispose", str(case["id"]), "--instruction", "Proses")
    assert result.code == 7 and "sudah tercatat" in result.err and "salah_ketik" in result.err
    shown = kunjungan("show", str(case["id"]), "--json").json()
    assert shown["state"] == "didisposisi"
    versions = {(d["version"], d["status"], Path(d["path"]).name) for d in shown["documents"]}
    assert (1, "written", "01-lembar-disposisi.docx") in versions
    assert (folder / "01-lembar-disposisi.docx").exists()

    (edited / "lembar_disposisi.docx").write_bytes(good)  # mended
    assert kunjungan("receive", str(case["id"])).code == 0  # the next command finishes it
    text = docx_text(folder / "01-lembar-disposisi.docx")
    assert "Proses" in text
    assert (folder / "01-lembar-disposisi.v1.docx").exists()


def test_one_view_shows_whose_turn_it_is(office: Office, kunjungan: CliRunner) -> None:
    case = ingest(kunjungan, copy_sample("sample_01_smk.pdf", office.inbox))
    assert case["waiting"]["roles"] == ["kepala_dinas"]
    assert case["waiting"]["standard_minutes"] == 5
    assert case["waiting"]["minutes"] >= 0
    shown = kunjungan("show", str(case["id"]))
    assert "Menunggu  : Kepala Dinas" in shown.out

    done = kunjungan("dispose", str(case["id"]), "--instruction", "Tindak lanjuti", "--json")
    view = done.json()
    assert view["waiting"]["roles"] == ["kepala_uptd"]
    manifest = json.loads((Path(view["folder"]) / "manifest.json").read_text())
    assert "waiting" not in manifest["case"], "the manifest holds nothing that changes with time"
    assert manifest["case"]["events"] == view["events"]
    assert manifest["case"]["documents"][-1]["status"] == "written"


def test_a_step_recorded_with_an_earlier_time_takes_no_negative_minutes(office: Office) -> None:
    from datetime import datetime, timedelta

    from pipeline.case import Event
    from pipeline.workflow.views import events_json

    workflow = office.workflow()
    start = datetime(2026, 11, 12, 9, 30, tzinfo=workflow.config.timezone)
    events = [
        Event("assign", "disetujui", "ditugaskan", "kauptd", start),
        # Typed at 10.00 with `--at 09.00`: the guest came before the Surat Tugas was recorded.
        Event("checkin", "ditugaskan", "berlangsung", "petugas", start - timedelta(minutes=30)),
        Event("checkout", "berlangsung", "berlangsung", "petugas", start + timedelta(hours=1)),
    ]
    minutes = [e["minutes"] for e in events_json(events, workflow.sop, workflow.config)]
    assert minutes == [None, 0, 60]
    workflow.store.close()
