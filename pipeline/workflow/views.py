"""One view of a case, built once from one snapshot: what `show` and `--json` print, what the
manifest records, and what waits on whom against the SOP's time standard."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from pipeline.archive.outbox import document_file
from pipeline.case import Case, Event
from pipeline.config import Config
from pipeline.documents.kinds import DOCUMENT_KINDS
from pipeline.store.db import DocumentRecord, SignedCopy
from pipeline.workflow.commands import COMMANDS
from pipeline.workflow.sop import Sop


@dataclass(frozen=True)
class Waiting:
    """Whose turn it is: the roles the SOP gives the next steps, since when, and the time
    standard of the quickest of them (None for a final state or a step without one)."""

    roles: tuple[str, ...]
    since: datetime
    standard_minutes: int | None

    def minutes(self, now: datetime) -> float:
        return max(0.0, round((now - self.since).total_seconds() / 60, 1))

    def overdue(self, now: datetime) -> bool:
        return self.standard_minutes is not None and self.minutes(now) > self.standard_minutes


def waiting_in(state: str, since: datetime, sop: Sop, config: Config,
               visit: tuple[date | None, time | None] = (None, None)) -> Waiting:
    """Whose turn a case in `state` is, since its latest event `since` (also for lists of
    cases, which know no more of a case than that). A step the SOP times from the visit
    (guests signing in) waits from the visit's time, `visit` (date, time), once it is later:
    escorts named days ahead are not late."""
    next_steps = sop.next_steps(state)
    standards = [config.standards.get(a.name, a.standard_minutes) for a in next_steps]
    known = [m for m in standards if m is not None]
    day, hour = visit
    if day is not None and any(a.standard_from_visit for a in next_steps):
        since = max(since, datetime.combine(day, hour or time(0), config.timezone))
    return Waiting(tuple(dict.fromkeys(a.role for a in next_steps)), since,
                   min(known) if known else None)


@dataclass(frozen=True)
class CaseView:
    """A case with its documents and signed copies, read in one snapshot."""

    case: Case
    documents: tuple[DocumentRecord, ...]
    signed: tuple[SignedCopy, ...]
    sop: Sop
    config: Config

    @property
    def folder(self) -> Path:
        return self.config.paths.outbox / self.case.folder

    @property
    def waiting(self) -> Waiting:
        case = self.case
        since = case.events[-1].at if case.events else case.received_at
        granted = case.decision if case.decision and case.decision.visit_date else None
        visit = ((granted.visit_date, granted.visit_time) if granted
                 else (case.fields.tanggal_kunjungan, case.fields.waktu_kunjungan))
        return waiting_in(case.state, since, self.sop, self.config, visit)

    def latest_paths(self) -> dict[str, Path]:
        """The newest file of each document kind."""
        names = document_names(self.documents)
        return {d.kind: self.folder / names[d.id] for d in self.documents}

    def to_json(self, relative: bool = False, now: datetime | None = None) -> dict[str, Any]:
        """`relative`: for the manifest (paths inside the case folder, nothing that changes
        with the clock); otherwise what `--json` prints, with the time waited until `now`."""
        data = _case_json(self.case, self.documents, self.signed, self.sop, self.config,
                          relative)
        if not relative:
            waiting = self.waiting
            moment = now or datetime.now(self.config.timezone)
            data["waiting"] = {
                "roles": list(waiting.roles),
                "since": waiting.since.isoformat(),
                "minutes": waiting.minutes(moment),
                "standard_minutes": waiting.standard_minutes,
                "overdue": waiting.overdue(moment),
            }
        return data


def _case_json(
    case: Case,
    documents: Sequence[DocumentRecord],
    signed: Sequence[SignedCopy],
    sop: Sop,
    config: Config,
    relative: bool = False,
) -> dict[str, Any]:
    """`relative`: paths inside the case folder (for its manifest) rather than absolute ones."""
    folder = Path() if relative else config.paths.outbox / case.folder
    names = document_names(documents)
    by_id = {d.id: d for d in documents}
    return {
        "id": case.id,
        "nomor_agenda": case.nomor_agenda,
        "year": case.year,
        "state": case.state,
        "state_label": sop.state(case.state).label,
        "tanggal_diterima": case.received_at.isoformat(),
        "fields": case.fields.to_json(),
        **({} if relative else {"folder": str(folder)}),
        "original": case.original_name,
        "sha256": case.sha256,
        "review_notes": list(case.review_notes),
        "possible_duplicate_of": case.possible_duplicate_of,
        "disposition": case.disposition.to_json() if case.disposition else None,
        "decision": case.decision.to_json() if case.decision else None,
        "pelaksana": [p.to_json() for p in case.assignment.pelaksana] if case.assignment else [],
        "nomor_surat_tugas": case.assignment.letter_number if case.assignment else None,
        "guests": [g.to_json() for g in case.guests],
        "documents": [
            {
                "kind": d.kind,
                "version": d.version,
                "status": d.status,
                "path": str(folder / names[d.id]),
            }
            for d in documents
        ],
        "signed_copies": [
            {
                "kind": by_id[s.document_id].kind,
                "version": by_id[s.document_id].version,
                "path": str(folder / s.file),
                "archive_path": str(folder / s.archive_file) if s.archive_file else None,
                "received_at": s.received_at.isoformat(),
            }
            for s in signed
        ],
        "waiting_for_signature": waiting_for_signature(documents, signed, sop),
        "events": events_json(case.events, sop, config),
    }


def waiting_for_signature(
    documents: Sequence[DocumentRecord], signed: Sequence[SignedCopy], sop: Sop
) -> list[str]:
    """Document kinds whose newest version is still to come back signed."""
    latest = {d.kind: d for d in documents}  # documents come in id order: the last one wins
    returned = {s.document_id for s in signed}
    return [
        kind for kind, document in latest.items()
        if kind in sop.signatures and document.id not in returned
    ]


def document_names(documents: Sequence[DocumentRecord]) -> dict[int, str]:
    """The file of each document in its case folder, by document id. The newest *written*
    version of a kind has the plain name and earlier ones `.vK`; a version still pending will
    take the plain name once written (until then the plain file is the one before it)."""
    newest: dict[str, int] = {}
    for d in documents:
        if d.status == "written":
            newest[d.kind] = max(newest.get(d.kind, 0), d.version)
    return {
        d.id: document_file(DOCUMENT_KINDS[d.kind].file_stem, d.version,
                            latest=d.version >= newest.get(d.kind, 0))
        for d in documents
    }


def events_json(events: Sequence[Event], sop: Sop, config: Config) -> list[dict[str, Any]]:
    """Each event with the minutes since the one before, beside the SOP's standard for it.

    A step recorded after the fact with an earlier time (`checkin --at 09.00` typed at 10.00)
    took no time of its own: its minutes count from the latest moment recorded before it and
    are never negative."""
    out: list[dict[str, Any]] = []
    previous: Event | None = None
    latest: datetime | None = None
    for event in events:
        action = sop.actions.get(event.action)
        standard = config.standards.get(event.action, action.standard_minutes if action else None)
        # Never negative: a guest-book time typed for earlier than the step before it.
        minutes: float | None = (
            round(max((event.at - latest).total_seconds(), 0) / 60, 1)
            if previous and latest else None
        )
        latest = max(latest, event.at) if latest else event.at
        out.append(
            {
                "action": event.action,
                "label": action.label if action else event.action,
                "step": action.step if action else None,
                "state_from": event.state_from,
                "state_to": event.state_to,
                "actor": event.actor,
                "at": event.at.isoformat(),
                "minutes": minutes,
                "standard_minutes": standard,
                "details": event.details,
            }
        )
        previous = event
    return out


def open_actions(state: str, sop: Sop, role: str) -> tuple[str, ...]:
    """The actions people give as commands that `role` may take on a case in `state` now,
    by the SOP's data (an action that records its receipt first counts from there too);
    guards, such as guests still inside, are the engine's to check when it is taken."""
    return tuple(
        name for name, action in sop.actions.items()
        if action.role == role and name in COMMANDS
        and (state in action.from_states or state in action.receipt_from)
    )
