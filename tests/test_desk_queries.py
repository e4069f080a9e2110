"""The desk's read queries (Store, block `# Desk queries`): lists by state with the time each
case waits, search, the guest register by month, and each field's reading; on both
databases."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, time, timedelta
from pathlib import Path

from conftest import PELAKSANA_NIP, Office, both_databases
from desk_cases import fill_store
from sqlalchemy import text

from pipeline.archive.outbox import staged_original
from pipeline.case import LetterFields
from pipeline.store.db import CaseSearch
from pipeline.workflow.commands import Actor, Approve, Assign, Dispose, Fix
from pipeline.workflow.engine import IncomingLetter, Workflow
from pipeline.workflow.views import waiting_in


def register(workflow: Workflow, sender: str, number: str, received: datetime) -> int:
    digest = hashlib.sha256(f"{sender}{number}".encode()).hexdigest()
    fields = LetterFields(nomor_surat=number, perihal="Permohonan Kunjungan",
                          instansi_pengirim=sender)
    letter = IncomingLetter(
        fields=fields, readings={"instansi_pengirim": {"confidence": 0.7, "source": sender}},
        review_notes=(), needs_review=False, sha256=digest, archive_sha256=None,
        original_name="surat.pdf", source_path=Path("/nowhere/surat.pdf"), received_at=received,
        read_method="text")
    staged = staged_original(workflow.config.paths.outbox, digest, ".pdf")
    staged.parent.mkdir(parents=True, exist_ok=True)
    staged.write_bytes(b"%PDF-1.4 a letter")  # filed by the first action that publishes
    return workflow.register(letter, "sekretariat").case.id


@both_databases
def test_lists_and_search_find_cases_as_people_ask(office: Office) -> None:
    workflow = office.workflow()
    store = workflow.store
    zone = office.config.timezone
    monday = datetime(2026, 11, 2, 9, 0, tzinfo=zone)
    first = register(workflow, "SMK Negeri 9 Tarakan", "421/015/SMK/XI/2026", monday)
    second = register(workflow, "Universitas 100% Borneo", "UBT/7/2026",
                      monday + timedelta(days=3))
    third = register(workflow, "SMK_Negeri 1 Tarakan", "421/200/SMK/XI/2026",
                     monday + timedelta(days=5))
    workflow.execute(first, Dispose("Tindak lanjuti"), Actor("Bambang", "kepala_dinas"),
                     at=monday + timedelta(days=6))

    waiting = store.case_summaries("terdaftar", limit=10)
    assert [c.id for c in waiting] == [second, third]  # the longest waiting first
    assert waiting[0].since == monday + timedelta(days=3)
    (disposed,) = store.case_summaries("didisposisi", limit=10)
    assert disposed.since == monday + timedelta(days=6)  # since its latest event
    assert disposed.instansi_pengirim == "SMK Negeri 9 Tarakan"
    assert store.case_summaries("terdaftar", limit=1)[0].id == second
    assert store.state_counts() == {"terdaftar": 2, "didisposisi": 1}
    overdue = waiting_in("didisposisi", disposed.since, workflow.sop, office.config)
    assert overdue.roles == ("kepala_uptd",) and overdue.overdue(monday + timedelta(days=7))

    def found(**query: object) -> list[int]:
        return [c.id for c in store.search_cases(CaseSearch(**query))]  # type: ignore[arg-type]

    assert found(institution="smk negeri") == [first]  # any case; `_` is no wildcard
    assert found(institution="100%") == [second]
    assert found(institution="%") == [second]
    assert found(letter_number="smk/xi") == [third, first]  # newest first
    assert found(agenda="0002") == [second]
    assert found(state="didisposisi") == [first]
    assert found(received_from=date(2026, 11, 5), received_to=date(2026, 11, 5)) == [second]
    assert found(received_to=date(2026, 11, 4)) == [first]
    assert found(institution="smk", received_from=date(2026, 11, 3)) == [third]
    assert CaseSearch().empty and not CaseSearch(state="selesai").empty

    readings = store.case_readings(first)
    assert readings["instansi_pengirim"].confidence == 0.7
    assert readings["instansi_pengirim"].source == "SMK Negeri 9 Tarakan"
    assert store.latest_event_id() == len(store.events(first)) + 2
    store.close()


def test_many_cases_register_by_month_and_assignments(office: Office) -> None:
    config = office.config
    store = office.store()
    fill_store(store, config, 300)
    counts = store.state_counts()
    assert sum(counts.values()) == 300
    assert store.incomplete_cases() == [] and store.uncleared_cases() == []
    closed = store.cases("selesai")
    month = closed[0].guests[0].checked_in
    entries = store.guest_register(month.year, month.month)
    assert entries and all((e.checked_in.year, e.checked_in.month) == (month.year, month.month)
                           for e in entries)
    expected = sum(1 for c in store.cases() for g in c.guests
                   if (g.checked_in.year, g.checked_in.month) == (month.year, month.month))
    assert len(entries) == expected
    names = {p.name for p in config.pelaksana}
    assert all(len(e.escorts) == 1 and e.escorts[0] in names for e in entries)
    nips = {p.nip for p in config.pelaksana}
    assigned = store.case_summaries("ditugaskan", limit=1000)
    assert assigned and all(len(c.pelaksana) == 1 and c.pelaksana[0] in nips for c in assigned)
    store.close()


def test_doubtful_fields_until_a_person_corrects_them(office: Office) -> None:
    workflow = office.workflow()
    store = workflow.store
    now = workflow.now()
    sure = register(workflow, "SMK Negeri 9 Tarakan", "421/1/2026", now)  # read at 0.7
    doubtful = register(workflow, "SD Negeri 1 Tarakan", "421/2/2026", now)
    with store.transaction() as conn:  # as if read at 0.5
        conn.execute(text("UPDATE cases SET readings = :r WHERE id = :id"), {
            "id": doubtful, "r": json.dumps({"kontak_nama": {"confidence": 0.5, "source": "x"},
                                             "perihal": {"confidence": 0.9, "source": "y"}})})
    assert store.doubtful_fields("terdaftar", 0.6, "fix") == {doubtful: ("kontak_nama",)}
    assert sure in store.doubtful_fields("terdaftar", 0.8, "fix")  # read at 0.7
    workflow.execute(doubtful, Fix({"kontak_nama": "Rina"}), Actor("sri", "sekretariat"))
    assert store.doubtful_fields("terdaftar", 0.6, "fix") == {}
    store.close()


def test_a_visit_days_ahead_is_not_late_until_its_time(office: Office) -> None:
    """Guests sign in when they come: the check-in's 2-minute standard counts from the granted
    visit's time, not from the escorts' appointment days before, in the case view and in the
    lists (the granted date, not the letter's)."""
    workflow = office.workflow()
    zone = office.config.timezone
    monday = datetime(2026, 11, 2, 9, 0, tzinfo=zone)
    case_id = register(workflow, "SMA Negeri 1 Tarakan", "421/9/SMA/XI/2026", monday)
    uptd = Actor("Siti", "kepala_uptd")
    workflow.execute(case_id, Dispose("Tindak lanjuti"), Actor("Bambang", "kepala_dinas"),
                     at=monday)
    workflow.execute(case_id, Approve(date(2026, 11, 12), time(10, 0)), uptd, at=monday)
    view = workflow.execute(case_id, Assign((PELAKSANA_NIP,)), uptd, at=monday)

    visit = datetime(2026, 11, 12, 10, 0, tzinfo=zone)
    assert view.waiting.since == visit
    assert not view.waiting.overdue(visit - timedelta(days=3))
    assert view.waiting.overdue(visit + timedelta(minutes=5))
    (listed,) = workflow.store.case_summaries("ditugaskan", limit=10)
    assert (listed.tanggal_kunjungan, listed.waktu_kunjungan) == (date(2026, 11, 12), time(10))
    in_list = waiting_in(listed.state, listed.since, workflow.sop, office.config,
                         (listed.tanggal_kunjungan, listed.waktu_kunjungan))
    assert in_list.since == visit and not in_list.overdue(monday + timedelta(days=1))
    # A step timed from its last event still is: the disposition waited on from Monday.
    assert waiting_in("didisposisi", monday, workflow.sop, office.config,
                      (date(2026, 11, 12), time(10))).since == monday
