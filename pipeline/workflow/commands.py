"""Typed commands: one per SOP action that people take, validated where it is made.

Every front end (the command line today, a web desk tomorrow) turns its input into these and
hands them to `Workflow.execute` with the acting user: the same command gets the same refusal
wherever it comes from. A value that cannot work raises UsageError with the Indonesian message
when the command is made; what depends on the case (its state, its guests) is the engine's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, tzinfo
from typing import Any, ClassVar

from pipeline.case import FIELD_NAMES, MAX_TEXT_CHARS, out_of_range, parse_field
from pipeline.errors import UsageError

SIFAT_CHOICES = ("biasa", "segera", "sangat segera", "rahasia")


@dataclass(frozen=True)
class Actor:
    """Who acts, and in which SOP role (checked against the role the SOP gives the action)."""

    name: str
    role: str


def _required(value: str, what: str) -> str:
    value = value.strip()
    if not value:
        raise UsageError(f"{what} tidak boleh kosong")
    if len(value) > MAX_TEXT_CHARS:
        raise UsageError(f"{what} paling banyak {MAX_TEXT_CHARS} karakter")
    return value


def _optional(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


@dataclass(frozen=True)
class Dispose:
    """Step 2: the Kepala Dinas forwards the letter with an instruction."""

    action: ClassVar[str] = "dispose"
    instruction: str
    to: str = "kepala_uptd"
    sifat: str | None = None  # None: the letter's own urgency, or biasa

    def __post_init__(self) -> None:
        object.__setattr__(self, "instruction",
                           _required(self.instruction, "isi disposisi (--instruction)"))
        object.__setattr__(self, "to", _required(self.to, "tujuan disposisi (--to)"))
        sifat = (self.sifat or "").strip().lower() or None
        if sifat is not None and sifat not in SIFAT_CHOICES:
            raise UsageError(f"sifat {sifat!r} tidak dikenal; pilih: {', '.join(SIFAT_CHOICES)}")
        object.__setattr__(self, "sifat", sifat)


@dataclass(frozen=True)
class Receive:
    """Step 3: the Kepala UPTD takes the disposition for follow-up."""

    action: ClassVar[str] = "receive"


@dataclass(frozen=True)
class Approve:
    """Step 4: the visit is granted, on the date and time asked for unless others are given."""

    action: ClassVar[str] = "approve"
    visit_date: date | None = None
    visit_time: time | None = None


@dataclass(frozen=True)
class Reject:
    action: ClassVar[str] = "reject"
    reason: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "reason",
                           _required(self.reason, "alasan penolakan (--reason)"))


@dataclass(frozen=True)
class Assign:
    """Step 5: escorts appointed by NIP (from the roster in the configuration)."""

    action: ClassVar[str] = "assign"
    pelaksana: tuple[str, ...]

    def __post_init__(self) -> None:
        nips = tuple(dict.fromkeys(n.strip() for n in self.pelaksana if n.strip()))
        if not nips:
            raise UsageError("sebutkan minimal satu pelaksana dengan --pelaksana NIP")
        object.__setattr__(self, "pelaksana", nips)


@dataclass(frozen=True)
class CheckIn:
    """Step 7: a guest signs the guest book (`at`: when; None for now)."""

    action: ClassVar[str] = "checkin"
    name: str
    institution: str | None = None
    phone: str | None = None
    at: datetime | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", _required(self.name, "nama tamu (--name)"))
        object.__setattr__(self, "institution", _optional(self.institution))
        object.__setattr__(self, "phone", _optional(self.phone))
        for value in (self.name, self.institution or "", self.phone or ""):
            if len(value) > 200:
                raise UsageError("isian buku tamu paling banyak 200 karakter")


@dataclass(frozen=True)
class CheckOut:
    action: ClassVar[str] = "checkout"
    name: str
    at: datetime | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", _required(self.name, "nama tamu (--name)"))


@dataclass(frozen=True)
class Finish:
    action: ClassVar[str] = "finish"


@dataclass(frozen=True)
class Cancel:
    action: ClassVar[str] = "cancel"
    reason: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "reason",
                           _required(self.reason, "alasan pembatalan (--reason)"))


@dataclass(frozen=True)
class Fix:
    """Corrected letter fields, already parsed to their types and checked for range."""

    action: ClassVar[str] = "fix"
    changes: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.changes:
            raise UsageError(
                "sebutkan isian yang diperbaiki, mis. perihal=\"Permohonan Kunjungan\""
            )
        parsed = {name: _field_value(name, raw) for name, raw in self.changes.items()}
        object.__setattr__(self, "changes", parsed)

    @classmethod
    def from_assignments(cls, items: Sequence[str]) -> Fix:
        """`NAMA=NILAI` pairs as typed on the command line."""
        changes: dict[str, str] = {}
        for item in items:
            name, sep, value = item.partition("=")
            if not sep or not name.strip():
                raise UsageError(f"tulis isian sebagai NAMA=NILAI, bukan {item!r}")
            changes[name.strip()] = value.strip()
        return cls(changes)


def _field_value(name: str, raw: Any) -> Any:
    if name not in FIELD_NAMES:
        raise UsageError(f"isian {name!r} tidak dikenal; yang ada: {', '.join(FIELD_NAMES)}")
    try:
        value = parse_field(name, raw)
    except (ValueError, TypeError) as exc:
        shown = raw if len(str(raw)) <= 40 else f"{str(raw)[:40]}…"
        raise UsageError(f"nilai {name}={shown!r} tidak valid ({_FORMAT_HINTS.get(name, 'teks')})"
                         ) from exc
    problem = out_of_range(name, value)
    if problem:
        raise UsageError(f"nilai {name} tidak masuk akal: {problem}")
    return value


_FORMAT_HINTS = {
    "tanggal_surat": "format YYYY-MM-DD",
    "tanggal_kunjungan": "format YYYY-MM-DD",
    "waktu_kunjungan": "format HH:MM",
    "jumlah_peserta": "bilangan bulat",
}

# Every command a person can give, by the SOP action it asks for.
COMMANDS: Mapping[str, type] = {
    c.action: c
    for c in (Dispose, Receive, Approve, Reject, Assign, CheckIn, CheckOut, Finish, Cancel, Fix)
}
Command = Dispose | Receive | Approve | Reject | Assign | CheckIn | CheckOut | Finish | Cancel | Fix


# -- input as people type it (shared by the command line and the web) -----------------------


def parse_date(value: str) -> date:
    for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(value.strip(), pattern).date()
        except ValueError:
            continue
    raise UsageError(f"tanggal {value!r} tidak dikenal; tulis YYYY-MM-DD, mis. 2026-11-20")


def parse_time(value: str) -> time:
    try:
        return time.fromisoformat(value.strip().replace(".", ":").zfill(5))
    except ValueError as exc:
        raise UsageError(f"jam {value!r} tidak dikenal; tulis HH:MM, mis. 09:30") from exc


def parse_moment(value: str | None, zone: tzinfo, today: date) -> datetime | None:
    """A time today (`09:30`) or a full ISO date and time, in the office's zone."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return datetime.combine(today, parse_time(value), zone)
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)
