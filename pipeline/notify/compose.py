"""Mails for people, composed in Indonesian from a case and the SOP: pure functions.

Who is asked what comes from the SOP's data (the numbered steps a state waits for and the role
each belongs to); nothing here names a role.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from pipeline.case import Case
from pipeline.config import Config, normalise_nip
from pipeline.indonesian import format_date, format_datetime, format_day_date, format_time
from pipeline.store.mailqueue import MailDraft, Recipient
from pipeline.workflow.sop import Action, Sop
from pipeline.workflow.views import Waiting

SUBJECT_PREFIX = "[Kunjungan TCC]"
SIGNATURE = (
    "Pesan ini dikirim otomatis oleh layanan Kunjungan Tarakan Command Center; "
    "mohon tidak membalas e-mail ini."
)


@dataclass(frozen=True)
class OverdueStep:
    """A case whose step, waiting on someone, has run past its SOP time standard."""

    case: Case
    steps: tuple[Action, ...]
    waiting: Waiting


def case_link(public_url: str, case_id: int) -> str:
    return f"{public_url.rstrip('/')}/kasus/{case_id}"


def concerns(recipient: Recipient, case: Case, config: Config) -> bool:
    """Whether a case waiting on the recipient's role is theirs. An account linked to a
    pelaksana of the roster (by NIP) is told only of the visits it was appointed to escort;
    every other account of the role is told of every case."""
    linked = normalise_nip(recipient.official or "")
    if linked not in {normalise_nip(p.nip) for p in config.pelaksana}:
        return True
    appointed = case.assignment.pelaksana if case.assignment else ()
    return linked in {normalise_nip(p.nip) for p in appointed}


def asked_of(sop: Sop, state: str, role: str) -> tuple[Action, ...]:
    """The numbered steps a role may take on a case in `state`, including a decision that
    records the receipt before it (approve straight from `didisposisi`)."""
    return tuple(
        a for a in sop.actions.values()
        if a.step is not None and a.role == role
        and (state in a.from_states or state in a.receipt_from)
    )


def waiting_mail(recipient: Recipient, case: Case, waiting: Waiting, sop: Sop,
                 config: Config, event_id: int) -> MailDraft:
    """The mail telling `recipient` that the case now waits on them (once per event)."""
    steps = asked_of(sop, case.state, recipient.role)
    what = _steps_phrase(steps)
    sender = case.fields.instansi_pengirim or "pengirim belum terbaca"
    first = steps[0].label if steps else "tindak lanjut"
    subject = f"{SUBJECT_PREFIX} Menunggu Anda: {first}, agenda {_agenda(case)}, {sender}"
    lines = [
        f"Yth. {recipient.full_name},",
        "",
        "Surat permohonan kunjungan berikut menunggu tindakan Anda.",
        "",
        *_case_lines(case, sop, config),
        f"Yang diminta     : {what}",
        f"Standar waktu    : {_standard_phrase(waiting, config)}",
        "",
        f"Buka kasus: {case_link(config.web.public_url, case.id)}",
        "",
        SIGNATURE,
    ]
    return MailDraft(
        recipient=recipient.email,
        subject=subject,
        body="\n".join(lines) + "\n",
        dedupe_key=f"waiting:{case.id}:{event_id}:{recipient.username}",
        case_id=case.id,
    )


def digest_mail(recipient: Recipient, overdue: Sequence[OverdueStep], day: date,
                now: datetime, config: Config) -> MailDraft:
    """The daily list of steps waiting on `recipient` past their time standard."""
    count = len(overdue)
    subject = (f"{SUBJECT_PREFIX} Ringkasan {format_date(day)}: {count} langkah melewati "
               "standar waktu")
    lines = [
        f"Yth. {recipient.full_name},",
        "",
        f"Per {format_datetime(now.astimezone(config.timezone), config.zone_label)}, "
        f"{count} langkah SOP kunjungan menunggu Anda dan sudah melewati standar waktunya:",
    ]
    for number, item in enumerate(overdue, 1):
        case, waiting = item.case, item.waiting
        since = waiting.since.astimezone(config.timezone)
        lines += [
            "",
            f"{number}. Agenda {_agenda(case)}, "
            f"{case.fields.instansi_pengirim or 'pengirim belum terbaca'}",
            f"   Yang diminta : {_steps_phrase(item.steps)}",
            f"   Menunggu     : sejak {format_datetime(since, config.zone_label)} "
            f"({duration_phrase(now - waiting.since)}; standar "
            f"{waiting.standard_minutes} menit)",
            f"   Buka kasus   : {case_link(config.web.public_url, case.id)}",
        ]
    lines += ["", SIGNATURE]
    return MailDraft(
        recipient=recipient.email,
        subject=subject,
        body="\n".join(lines) + "\n",
        dedupe_key=f"digest:{day.isoformat()}:{recipient.username}",
        case_id=None,
    )


def duration_phrase(elapsed: timedelta) -> str:
    """`2 hari 3 jam`, `1 jam 5 menit`, `12 menit`: the two largest units, no zero ones."""
    minutes = max(0, int(elapsed.total_seconds() // 60))
    parts = [(minutes // 1440, "hari"), (minutes // 60 % 24, "jam"), (minutes % 60, "menit")]
    shown = [f"{n} {unit}" for n, unit in parts if n][:2]
    return " ".join(shown) or "kurang dari 1 menit"


def _agenda(case: Case) -> str:
    return f"{case.nomor_agenda}/{case.year}"


def _steps_phrase(steps: Sequence[Action]) -> str:
    """`langkah 3: terima disposisi untuk tindak lanjut; langkah 4: setujui kunjungan atau
    tolak kunjungan`."""
    by_step: dict[int | None, list[str]] = {}
    for action in steps:
        by_step.setdefault(action.step, []).append(action.label)
    return "; ".join(f"langkah {step}: {' atau '.join(labels)}"
                     for step, labels in by_step.items()) or "tindak lanjut"


def _standard_phrase(waiting: Waiting, config: Config) -> str:
    if waiting.standard_minutes is None:
        return "tidak ditetapkan"
    due = (waiting.since + timedelta(minutes=waiting.standard_minutes)).astimezone(
        config.timezone)
    return (f"{waiting.standard_minutes} menit, yaitu sampai "
            f"{format_datetime(due, config.zone_label)}")


def _case_lines(case: Case, sop: Sop, config: Config) -> list[str]:
    f = case.fields
    received = case.received_at.astimezone(config.timezone)
    # Once granted, the schedule is the one granted (it may differ from the letter's).
    granted = case.decision if case.decision and case.decision.granted else None
    visit_date = granted.visit_date if granted else f.tanggal_kunjungan
    visit_time = granted.visit_time if granted else f.waktu_kunjungan
    visit = "belum diketahui"
    if visit_date:
        visit = format_day_date(visit_date)
        if visit_time:
            visit += f" pukul {format_time(visit_time)} {config.zone_label}"
    return [
        f"Nomor agenda     : {_agenda(case)}",
        f"Instansi         : {f.instansi_pengirim or '-'}",
        f"Perihal          : {f.perihal or '-'}",
        f"Nomor surat      : {f.nomor_surat or '-'}",
        f"Diterima         : {format_datetime(received, config.zone_label)}",
        f"Tanggal kunjungan: {visit}",
        f"Status           : {sop.state(case.state).label}",
    ]
