"""The data that travels between stages: a letter's fields and a case as the workflow sees it.

Field names are the GLOSSARY's: they are the keys of `--json` output and the template variables.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime, time
from typing import Any

REQUIRED_FIELDS = ("instansi_pengirim", "nomor_surat", "perihal")
# Limits of what a visit request can plausibly say. A value beyond them is refused where it
# enters (a command) or dropped for a person to check (a letter read by the service): a
# head-count of 10^23 once made every later document render run out of memory.
MAX_PARTICIPANTS = 5000
MAX_TEXT_CHARS = 1000
EARLIEST_YEAR, LATEST_YEAR = 1990, 2100


@dataclass(frozen=True)
class LetterFields:
    """What a request letter says. Every field may be unknown (None) until someone fixes it."""

    nomor_surat: str | None = None
    tanggal_surat: date | None = None
    perihal: str | None = None
    instansi_pengirim: str | None = None
    penandatangan: str | None = None
    jabatan_penandatangan: str | None = None  # the signer's office, to address the reply
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

    def within_limits(self) -> tuple[LetterFields, tuple[str, ...]]:
        """These fields with every implausible value dropped, and a note for each."""
        dropped: dict[str, Any] = {}
        notes = []
        for f in fields(self):
            problem = out_of_range(f.name, getattr(self, f.name))
            if problem:
                dropped[f.name] = () if f.name == "peserta" else None
                notes.append(f"{f.name} tidak masuk akal ({problem}); periksa dan isi manual")
        return replace(self, **dropped), tuple(notes)


def out_of_range(name: str, value: Any) -> str | None:
    """Why a parsed field value is beyond reason, or None when it is plausible."""
    if value is None:
        return None
    if name == "jumlah_peserta" and not 1 <= value <= MAX_PARTICIPANTS:
        return f"jumlah peserta harus 1 sampai {MAX_PARTICIPANTS}"
    if isinstance(value, date) and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        return f"tahun harus antara {EARLIEST_YEAR} dan {LATEST_YEAR}"
    if isinstance(value, str) and len(value) > MAX_TEXT_CHARS:
        return f"paling banyak {MAX_TEXT_CHARS} karakter"
    if name == "peserta":
        if len(value) > MAX_PARTICIPANTS:
            return f"paling banyak {MAX_PARTICIPANTS} nama"
        if any(len(person) > MAX_TEXT_CHARS for person in value):
            return f"setiap nama paling banyak {MAX_TEXT_CHARS} karakter"
    return None


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
        digits = str(value).strip()
        if len(digits) > 9:  # int() of a long digit string costs; no party is that large
            raise ValueError("count too long")
        number = int(digits)
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

    @classmethod
    def from_json(cls, data: Mapping[str, str]) -> Official:
        # Releases before one codec per type stored the English keys.
        return cls(name=data.get("nama", data.get("name", "")), nip=data["nip"],
                   rank=data.get("pangkat", data.get("rank", "")),
                   position=data.get("jabatan", data.get("position", "")))


@dataclass(frozen=True)
class Guest:
    name: str
    institution: str | None
    phone: str | None
    checked_in: datetime
    checked_out: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        return {"nama": self.name, "instansi": self.institution, "telepon": self.phone,
                "jam_masuk": self.checked_in.isoformat(),
                "jam_keluar": self.checked_out.isoformat() if self.checked_out else None}


@dataclass(frozen=True)
class Disposition:
    to: str
    instruction: str
    sifat: str
    at: datetime
    by: str

    def to_json(self) -> dict[str, Any]:
        return {"diteruskan_kepada": self.to, "isi_disposisi": self.instruction,
                "sifat": self.sifat, "at": self.at.isoformat(), "by": self.by}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Disposition:
        return cls(to=_either(data, "diteruskan_kepada", "to"),
                   instruction=_either(data, "isi_disposisi", "instruction"),
                   sifat=data["sifat"], at=datetime.fromisoformat(data["at"]), by=data["by"])


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

    def to_json(self) -> dict[str, Any]:
        return {
            "granted": self.granted,
            "nomor_surat_keluar": self.letter_number,
            "tanggal_kunjungan": self.visit_date.isoformat() if self.visit_date else None,
            "waktu_kunjungan": self.visit_time.strftime("%H:%M") if self.visit_time else None,
            "alasan_penolakan": self.reason,
            "at": self.at.isoformat(),
            "by": self.by,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Decision:
        visit_date = _either(data, "tanggal_kunjungan", "visit_date")
        visit_time = _either(data, "waktu_kunjungan", "visit_time")
        return cls(
            granted=data["granted"], at=datetime.fromisoformat(data["at"]), by=data["by"],
            letter_number=_either(data, "nomor_surat_keluar", "letter_number"),
            visit_date=date.fromisoformat(visit_date) if visit_date else None,
            visit_time=time.fromisoformat(visit_time) if visit_time else None,
            reason=_either(data, "alasan_penolakan", "reason"),
        )


@dataclass(frozen=True)
class Assignment:
    letter_number: str
    at: datetime
    by: str
    pelaksana: tuple[Official, ...]

    def to_json(self) -> dict[str, Any]:
        return {"nomor_surat_tugas": self.letter_number, "at": self.at.isoformat(),
                "by": self.by, "pelaksana": [p.to_json() for p in self.pelaksana]}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Assignment:
        return cls(letter_number=_either(data, "nomor_surat_tugas", "letter_number"),
                   at=datetime.fromisoformat(data["at"]), by=data["by"],
                   pelaksana=tuple(Official.from_json(p) for p in data["pelaksana"]))


def _either(data: Mapping[str, Any], key: str, legacy: str) -> Any:
    """A value under its key, or under the key releases before one codec per type stored."""
    return data[key] if key in data else data.get(legacy)


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
    # Raised by every change; the case folder (documents, manifest) is complete when publishing
    # has caught up with it.
    version: int = 1
