"""The data that travels between stages: a letter's fields and a case as the workflow sees it.

Field names are the GLOSSARY's: they are the keys of `--json` output and the template variables.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime, time
from typing import Any

REQUIRED_FIELDS = ("instansi_pengirim", "nomor_surat", "perihal")


@dataclass(frozen=True)
class LetterFields:
    """What a request letter says. Every field may be unknown (None) until someone fixes it."""

    nomor_surat: str | None = None
    tanggal_surat: date | None = None
    perihal: str | None = None
    instansi_pengirim: str | None = None
    penandatangan: str | None = None
    jabatan_penandatangan: str | None = None
    tanggal_kunjungan: date | None = None
    waktu_kunjungan: time | None = None
    jumlah_peserta: int | None = None
    kontak_nama: str | None = None
    kontak_telepon: str | None = None
    sifat: str | None = None
    peserta: tuple[str, ...] = ()

    def missing_required(self) -> tuple[str, ...]:
        return tuple(name for name in REQUIRED_FIELDS if not getattr(self, name))

    def to_json(self) -> dict[str, Any]:
        """JSON form: ISO dates, `HH:MM` times, the participant list as a list."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, date):
                value = value.isoformat()
            elif isinstance(value, time):
                value = value.strftime("%H:%M")
            elif isinstance(value, tuple):
                value = list(value)
            out[f.name] = value
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LetterFields:
        known = {f.name for f in fields(cls)}
        values: dict[str, Any] = {}
        for name, value in data.items():
            if name in known:
                values[name] = parse_field(name, value)
        return cls(**values)

    def with_values(self, changes: dict[str, Any]) -> LetterFields:
        return replace(self, **{name: parse_field(name, v) for name, v in changes.items()})


FIELD_NAMES = tuple(f.name for f in fields(LetterFields))


def parse_field(name: str, value: Any) -> Any:
    """Convert a JSON or command-line value to the field's type. Raises ValueError on bad input."""
    if value is None or value == "":
        return () if name == "peserta" else None
    if name in ("tanggal_surat", "tanggal_kunjungan"):
        return value if isinstance(value, date) else date.fromisoformat(str(value))
    if name == "waktu_kunjungan":
        if isinstance(value, time):
            return value
        hours, _, minutes = str(value).replace(".", ":").partition(":")
        return time(int(hours), int(minutes or 0))
    if name == "jumlah_peserta":
        number = int(value)
        if number < 0:
            raise ValueError("negative count")
        return number
    if name == "peserta":
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(";") if part.strip())
        return tuple(str(v) for v in value)
    if name not in FIELD_NAMES:
        raise KeyError(name)
    return str(value).strip()


@dataclass(frozen=True)
class Official:
    """A signer or escort: nama, NIP, pangkat/golongan, jabatan."""

    name: str
    nip: str
    rank: str
    position: str

    def to_json(self) -> dict[str, str]:
        return {"nama": self.name, "nip": self.nip, "pangkat": self.rank, "jabatan": self.position}


@dataclass(frozen=True)
class Guest:
    name: str
    institution: str | None
    phone: str | None
    checked_in: datetime
    checked_out: datetime | None = None


@dataclass(frozen=True)
class Disposition:
    to: str
    instruction: str
    sifat: str
    at: datetime
    by: str


@dataclass(frozen=True)
class Decision:
    """The Kepala UPTD's answer: granted (with the confirmed schedule) or refused (with reason)."""

    granted: bool
    at: datetime
    by: str
    letter_number: str
    visit_date: date | None = None
    visit_time: time | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Assignment:
    letter_number: str
    at: datetime
    by: str
    pelaksana: tuple[Official, ...]


@dataclass(frozen=True)
class Event:
    action: str
    state_from: str | None
    state_to: str
    actor: str
    at: datetime
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Case:
    """A registered letter and everything the SOP has recorded on it."""

    id: int
    year: int
    nomor_agenda: str
    state: str
    fields: LetterFields
    received_at: datetime
    folder: str
    original_name: str
    sha256: str
    archive_sha256: str | None = None  # the OCR's searchable PDF/A copy, when one was made
    disposition: Disposition | None = None
    decision: Decision | None = None
    assignment: Assignment | None = None
    guests: tuple[Guest, ...] = ()
    events: tuple[Event, ...] = ()
    review_notes: tuple[str, ...] = ()
    possible_duplicate_of: int | None = None
