"""The guest-book kiosk at reception (the desk's `/kiosk`): which visits a guest may sign in to
or out of today, and signing, through the typed commands as the SOP's guest (`tamu`).

What a guest may check in to is read from the SOP: a case that can take `checkin` now (its
pelaksana appointed, `ditugaskan`, or the visit under way, `berlangsung`) and whose granted
visit day is today on the office's clock. An approved visit still without its pelaksana
(`disetujui`) is not open yet: the SOP has the appointed pelaksana receive the guests (steps
5-6). Any other case, or one of another day, is refused as if it did not exist.

A kiosk stands in a public hall, so nothing leaves here about a guest but names: no phone, no
institution typed by another guest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import TYPE_CHECKING

from pipeline.case import Case
from pipeline.errors import NotFoundError, UsageError
from pipeline.workflow.commands import Actor, CheckIn, CheckOut

if TYPE_CHECKING:
    from pipeline.workflow.engine import Workflow

GUEST_ROLE = "tamu"
# Who the event log shows as having acted: the kiosk, in the guest's role (the guest's own
# name is in the event's details).
KIOSK_ACTOR = Actor("Kios Buku Tamu", GUEST_ROLE)
NOT_TODAY = "Kunjungan ini tidak ada dalam daftar kunjungan hari ini."


@dataclass(frozen=True)
class KioskVisit:
    case_id: int
    institution: str
    visit_time: time | None
    participants: tuple[str, ...]  # names listed in the letter, not signed in yet
    inside: tuple[str, ...]  # guests signed in and not out yet, in the order they came
    signed_in: int  # guests signed in today, out or not
    can_check_out: bool  # the SOP lets the case take `checkout` now


def todays_visits(workflow: Workflow) -> list[KioskVisit]:
    """Today's visits a guest may sign in to, by time and institution."""
    today = workflow.now().date()
    cases = [case for state in _open_states(workflow) for case in workflow.store.cases(state)]
    visits = [_visit(workflow, case) for case in cases if _visit_day(case) == today]
    return sorted(visits, key=lambda v: (v.visit_time or time.max, v.institution, v.case_id))


def todays_visit(workflow: Workflow, case_id: int) -> KioskVisit:
    """One of today's visits; NotFoundError for any other case (or none)."""
    try:
        case = workflow.store.case(case_id)
    except NotFoundError:
        raise NotFoundError(NOT_TODAY) from None
    if case.state not in _open_states(workflow) or _visit_day(case) != workflow.now().date():
        raise NotFoundError(NOT_TODAY)
    return _visit(workflow, case)


def check_in(workflow: Workflow, case_id: int, name: str, institution: str | None = None,
             phone: str | None = None) -> KioskVisit:
    """A guest signs the guest book of one of today's visits."""
    visit = todays_visit(workflow, case_id)
    if not name.strip():
        raise UsageError("Tulis nama Anda terlebih dahulu.")
    command = CheckIn(name, institution, phone)
    if command.name.lower() in (inside.lower() for inside in visit.inside):
        raise UsageError(f"{command.name} sudah tercatat masuk.")
    view = workflow.execute(case_id, command, KIOSK_ACTOR)
    return _visit(workflow, view.case)


def check_out(workflow: Workflow, case_id: int, name: str) -> KioskVisit:
    """A guest of one of today's visits writes the time they leave."""
    todays_visit(workflow, case_id)
    view = workflow.execute(case_id, CheckOut(name), KIOSK_ACTOR)
    return _visit(workflow, view.case)


def _open_states(workflow: Workflow) -> tuple[str, ...]:
    """States from which the SOP lets a guest check in or out."""
    actions = [workflow.sop.action(CheckIn.action), workflow.sop.action(CheckOut.action)]
    return tuple(dict.fromkeys(state for action in actions for state in action.from_states))


def _visit_day(case: Case) -> date | None:
    decision = case.decision
    return decision.visit_date if decision is not None and decision.granted else None


def _visit(workflow: Workflow, case: Case) -> KioskVisit:
    came = {guest.name.lower() for guest in case.guests}
    decision = case.decision
    return KioskVisit(
        case_id=case.id,
        institution=case.fields.instansi_pengirim or "-",
        visit_time=decision.visit_time if decision is not None else None,
        participants=tuple(p for p in case.fields.peserta if p.lower() not in came),
        inside=tuple(g.name for g in case.guests if g.checked_out is None),
        signed_in=len(case.guests),
        can_check_out=case.state in workflow.sop.action(CheckOut.action).from_states,
    )
