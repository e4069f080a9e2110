"""The store on both databases: writers take turns and give up after the busy timeout, numbers
stay gapless under concurrent writers, a snapshot is one view, raw inbox paths survive."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import CliRunner, Office, both_databases
from sqlalchemy import text

from pipeline.case import LetterFields
from pipeline.errors import DatabaseBusyError
from pipeline.store import Store

AT = datetime(2026, 11, 30, 9, 0, tzinfo=ZoneInfo("Asia/Makassar"))


@both_databases
def test_a_writer_gives_up_after_the_busy_timeout_while_readers_go_on(office: Office) -> None:
    holder = office.store()
    with holder.transaction() as tx:
        Store.next_number(tx, "agenda", 2026)
        waiting = Store(office.config.database.url, busy_timeout=0.5)  # opens: no write lock
        assert waiting.cases() == []
        with pytest.raises(DatabaseBusyError), waiting.transaction():
            pass
    with waiting.transaction() as tx:  # the turn is free again, the number was kept
        assert Store.next_number(tx, "agenda", 2026) == 2
    waiting.close()
    holder.close()


@both_databases
def test_concurrent_writers_take_every_number_once_without_gaps(office: Office) -> None:
    office.store().close()  # create the schema once

    def take(count: int) -> list[int]:
        store = office.store()
        taken = []
        for _ in range(count):
            with store.transaction() as tx:
                taken.append(Store.next_number(tx, "agenda", 2026))
        store.close()
        return taken

    with ThreadPoolExecutor(3) as writers:
        batches = [writers.submit(take, 25) for _ in range(3)]
        taken = [number for batch in batches for number in batch.result()]
    assert sorted(taken) == list(range(1, 76))


@both_databases
def test_a_snapshot_sees_one_state_of_the_database(office: Office) -> None:
    reader, writer = office.store(), office.store()

    def log(action: str) -> None:
        with writer.transaction() as tx:
            Store.insert_event(tx, case_id=None, action=action, state_from=None, state_to=None,
                               actor="uji", at=AT, details={})

    log("first")
    with reader.snapshot():
        assert [e["action"] for e in reader.intake_events()] == ["first"]
        log("second")
        assert [e["action"] for e in reader.intake_events()] == ["first"]
    assert [e["action"] for e in reader.intake_events()] == ["second", "first"]
    reader.close()
    writer.close()


@both_databases
def test_a_case_keeps_its_inbox_path_bytes_and_its_twin_is_found(office: Office) -> None:
    store = office.store()
    path = Path(os.fsdecode(b"/inbox/surat-\xff\xfe.pdf"))  # not UTF-8
    fields = LetterFields(nomor_surat="005/SMK9/XI/2026", instansi_pengirim="SMK Negeri 9")
    with store.transaction() as tx:
        case_id = Store.insert_case(
            tx, year=2026, nomor_agenda="0001", state="terdaftar", fields=fields, readings={},
            received_at=AT, folder="2026/0001_smk", original_name="surat-\ufffd\ufffd.pdf",
            source_path=path,
            sha256="a" * 64, archive_sha256=None, review_notes=(), possible_duplicate_of=None,
            read_method="ocr",
        )
    assert store.source_path(case_id) == path
    assert [c.id for c in store.cases_awaiting_archive()] == [case_id]
    twin = store.case_by_letter("005/SMK9/XI/2026", "smk negeri 9")
    assert twin is not None and twin.id == case_id
    with store.transaction() as tx:  # a corrected sender is found under its new name only
        Store.update_case(tx, case_id, AT, fields=LetterFields(
            nomor_surat="005/SMK9/XI/2026", instansi_pengirim="SMA Negeri 1"))
    assert store.case_by_letter("005/SMK9/XI/2026", "SMK Negeri 9") is None
    assert store.case_by_letter("005/SMK9/XI/2026", "SMA NEGERI 1") is not None
    store.close()


def test_an_unreachable_database_server_is_one_line(
    office: Office, kunjungan: CliRunner, tmp_path: Path
) -> None:
    url = f"postgresql://postgres@/kunjungan?host={tmp_path}&port=1"
    office.config_path.write_text(office.config_path.read_text()
                                  + f'\n[database]\nurl = "{url}"\n')
    result = kunjungan("list")
    assert result.code == 9, result.err
    assert result.err.startswith("galat: basis data") and result.err.count("\n") == 1


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_connection_the_server_dropped_is_replaced(office: Office) -> None:
    """A restarted or failed-over server: one call says so (exit 9, the letter waits), the
    next works again, with no restart of the service."""
    store, admin = office.store(), office.store()
    with store.transaction() as tx:
        ((pid,),) = tx.execute(text("SELECT pg_backend_pid()"))
    with admin.transaction() as tx:
        tx.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    with pytest.raises(DatabaseBusyError, match="coba lagi"):
        store.cases()
    assert store.cases() == []
    with store.transaction() as tx:
        assert Store.next_number(tx, "agenda", 2026) == 1
    store.close()
    admin.close()


def test_one_codec_per_type_reads_what_older_releases_stored() -> None:
    from pipeline.case import Assignment, Decision, Disposition, Official

    escort = Official("Andi", "199203152019031008", "Penata Muda", "Pranata Komputer")
    values = [
        Disposition("Kepala UPTD", "Tindak lanjuti", "segera", AT, "bambang"),
        Decision(True, AT, "siti", "000.1.5/001", AT.date(), AT.time().replace(microsecond=0)),
        Decision(False, AT, "siti", "000.1.5/002", reason="Ruang dipakai"),
        Assignment("800/001", AT, "siti", (escort,)),
    ]
    for value in values:
        assert type(value).from_json(value.to_json()) == value
    legacy = {"to": "Kepala UPTD", "instruction": "Tindak lanjuti", "sifat": "segera",
              "at": AT.isoformat(), "by": "bambang"}
    assert Disposition.from_json(legacy) == values[0]
    stored = {"letter_number": "800/001", "at": AT.isoformat(), "by": "siti", "pelaksana": [
        {"name": "Andi", "nip": "199203152019031008", "rank": "Penata Muda",
         "position": "Pranata Komputer"}]}
    assert Assignment.from_json(stored) == values[3]
