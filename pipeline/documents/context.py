"""Template variables for each document: pure functions from a case and the settings to values.

Every value is already formatted for people (Indonesian dates, `09.00 WITA`, `35 (tiga puluh
lima) orang`), so the templates office staff edit need almost no logic of their own. A kind
always gets the same set of names whatever stage the case is in: what is not known yet shows as
PLACEHOLDER, never as `None`, so a printed letter makes the gap visible.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from types import MappingProxyType
from typing import Any

from pipeline.case import MAX_PARTICIPANTS, Case, Guest, Official
from pipeline.config import Config, Office, normalise_nip
from pipeline.errors import TemplateError
from pipeline.indonesian import count_phrase, format_date, format_day_date, format_time

PLACEHOLDER = "-"
# A blank attendance sheet still needs lines to write on when the letter gave no head count.
MIN_ATTENDANCE_ROWS = 10
BOX_TICKED = "☑"
BOX_EMPTY = "☐"
# The Sifat tick boxes of the Lembar Disposisi: variable name -> the sifat it stands for.
SIFAT_BOXES: Mapping[str, str] = MappingProxyType(
    {
        "kotak_sangat_segera": "sangat segera",
        "kotak_segera": "segera",
        "kotak_rahasia": "rahasia",
        "kotak_biasa": "biasa",
    }
)

# Keys of the dicts in the list variables, for `{%tr for p in pelaksana %}{{ p.nama }}` rows.
ROW_FIELDS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "pelaksana": frozenset({"no", "nama", "nip", "pangkat", "jabatan"}),
        "peserta": frozenset({"no", "nama"}),
        "tamu": frozenset(
            {"no", "nama", "instansi", "telepon", "jam_masuk", "jam_keluar", "durasi"}
        ),
    }
)

# Characters XML 1.0 forbids: text pulled out of PDFs sometimes carries them, and one of them
# would make Word refuse the whole document.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class _Facts:
    case: Case
    config: Config
    issued_at: datetime  # already in the office's zone
    kode_verifikasi: str


# ---------------------------------------------------------------------------------------------
# Formatting helpers


def text(value: str | None) -> str:
    """A value as printed: stripped, XML-safe, PLACEHOLDER when empty or unknown."""
    if not value:
        return PLACEHOLDER
    cleaned = _XML_INVALID.sub("", value.replace("\r\n", "\n").replace("\r", "\n")).strip()
    return cleaned or PLACEHOLDER


def local(moment: datetime, zone: tzinfo) -> datetime:
    """Aware times are shown in the office's zone; naive ones are taken as already local."""
    return moment.astimezone(zone) if moment.tzinfo else moment


def date_text(value: date | None) -> str:
    return format_date(value) if value else PLACEHOLDER


def day_date_text(value: date | None) -> str:
    return format_day_date(value) if value else PLACEHOLDER


def time_text(value: time | None, zone_label: str) -> str:
    """`09.00 WITA`."""
    return f"{format_time(value)} {zone_label}" if value else PLACEHOLDER


def count_text(value: int | None) -> str:
    return count_phrase(value) if value is not None else PLACEHOLDER


def format_nip(nip: str) -> str:
    """`19700312 199512 1 002`: birth date, appointment month, sex, sequence, as printed on
    official documents. Anything that is not 18 digits (a placeholder) is left as written."""
    digits = normalise_nip(nip)
    if not re.fullmatch(r"\d{18}", digits):
        return nip
    return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"


def join_names(names: Sequence[str]) -> str:
    """`A`, `A dan B`, `A, B, dan C`."""
    if not names:
        return PLACEHOLDER
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} dan {names[1]}"
    return f"{', '.join(names[:-1])}, dan {names[-1]}"


def duration_text(start: datetime, end: datetime | None) -> str:
    """`1 jam 25 menit`, `45 menit`, `2 jam`; PLACEHOLDER while the guest is still inside."""
    if end is None or end < start:
        return PLACEHOLDER
    hours, minutes = divmod(int((end - start).total_seconds()) // 60, 60)
    if hours and minutes:
        return f"{hours} jam {minutes} menit"
    return f"{hours} jam" if hours else f"{minutes} menit"


def normalise_sifat(value: str | None) -> str | None:
    """`Sangat_Segera`, ` sangat  segera ` -> `sangat segera`."""
    if not value:
        return None
    return " ".join(value.replace("_", " ").replace("-", " ").lower().split()) or None


# ---------------------------------------------------------------------------------------------
# Sections: each returns a fixed set of names, listed beside it for template_variables().

_KOP_NAMES = frozenset(
    {"logo", "kop_pemerintah", "kop_dinas", "kop_unit", "kop_alamat", "kop_telepon",
     "kop_email", "kop_laman"}
)


def _kop(facts: _Facts) -> dict[str, Any]:
    office: Office = facts.config.office
    return {
        # render_document puts the picture here when a logo is configured.
        "logo": "",
        "kop_pemerintah": text(office.government),
        "kop_dinas": text(office.department),
        "kop_unit": text(office.unit),
        "kop_alamat": text(office.address),
        "kop_telepon": text(office.phone),
        "kop_email": text(office.email),
        "kop_laman": text(office.website),
    }


_STAMP_NAMES = frozenset({"qr", "kode_verifikasi"})


def _stamp(facts: _Facts) -> dict[str, Any]:
    """The footer that lets a signed scan find its document (see pipeline.documents.qr)."""
    return {
        # render_document puts the QR picture here when it is given one.
        "qr": "",
        "kode_verifikasi": text(facts.kode_verifikasi),
    }


_DATE_LINE_NAMES = frozenset({"kota", "tanggal_dokumen"})


def _date_line(facts: _Facts) -> dict[str, Any]:
    return {
        "kota": text(facts.config.office.city),
        "tanggal_dokumen": format_date(facts.issued_at.date()),
    }


_LETTER_NAMES = frozenset(
    {"nomor_agenda", "tanggal_diterima", "nomor_surat", "tanggal_surat", "perihal",
     "instansi_pengirim", "penandatangan", "kontak_nama", "kontak_telepon", "sifat",
     "tanggal_kunjungan", "waktu_kunjungan", "zona_waktu", "jadwal_diubah", "jumlah_peserta",
     "tempat_kunjungan"}
)


def _effective_sifat(case: Case) -> str | None:
    """The Kepala Dinas's sifat once disposed, else what the letter itself says."""
    chosen = case.disposition.sifat if case.disposition else case.fields.sifat
    return normalise_sifat(chosen)


def _schedule(case: Case) -> tuple[date | None, time | None]:
    """The confirmed schedule once the visit is granted, else the requested one."""
    letter = case.fields
    decision = case.decision
    if decision and decision.granted:
        return (decision.visit_date or letter.tanggal_kunjungan,
                decision.visit_time or letter.waktu_kunjungan)
    return letter.tanggal_kunjungan, letter.waktu_kunjungan


def _letter(facts: _Facts) -> dict[str, Any]:
    case, config = facts.case, facts.config
    letter = case.fields
    visit_date, visit_time = _schedule(case)
    sifat = _effective_sifat(case)
    return {
        "nomor_agenda": text(case.nomor_agenda),
        "tanggal_diterima": format_date(local(case.received_at, config.timezone).date()),
        "nomor_surat": text(letter.nomor_surat),
        "tanggal_surat": date_text(letter.tanggal_surat),
        "perihal": text(letter.perihal),
        "instansi_pengirim": text(letter.instansi_pengirim),
        "penandatangan": text(letter.penandatangan),
        "kontak_nama": text(letter.kontak_nama),
        "kontak_telepon": text(letter.kontak_telepon),
        "sifat": sifat.title() if sifat else PLACEHOLDER,
        "tanggal_kunjungan": day_date_text(visit_date),
        "waktu_kunjungan": time_text(visit_time, config.zone_label),
        "zona_waktu": config.zone_label,
        # True when the granted schedule differs from the one asked for: the letter says so.
        "jadwal_diubah": (visit_date, visit_time)
        != (letter.tanggal_kunjungan, letter.waktu_kunjungan),
        "jumlah_peserta": count_text(letter.jumlah_peserta),
        "tempat_kunjungan": text(config.office.visit_place),
    }


_SIGNER_FIELDS = ("jabatan", "nama", "pangkat", "nip")
_OFFICIALS_NAMES = frozenset(
    f"{role}_{field}" for role in ("kepala_dinas", "kepala_uptd") for field in _SIGNER_FIELDS
)


def _signer(role: str, official: Official) -> dict[str, Any]:
    return {
        f"{role}_jabatan": text(official.position),
        f"{role}_nama": text(official.name),
        f"{role}_pangkat": text(official.rank),
        f"{role}_nip": text(format_nip(official.nip)),
    }


def _officials(facts: _Facts) -> dict[str, Any]:
    officials = facts.config.officials
    return {
        **_signer("kepala_dinas", officials["kepala_dinas"]),
        **_signer("kepala_uptd", officials["kepala_uptd"]),
    }


_DISPOSITION_NAMES = frozenset(
    {"sudah_didisposisi", "diteruskan_kepada", "isi_disposisi", "tanggal_disposisi", *SIFAT_BOXES}
)


def _disposition(facts: _Facts) -> dict[str, Any]:
    disposition = facts.case.disposition
    sifat = _effective_sifat(facts.case)
    boxes = {name: BOX_TICKED if sifat == box else BOX_EMPTY for name, box in SIFAT_BOXES.items()}
    if disposition is None:
        # Registration: the sheet goes to the Kepala Dinas to be filled in by hand.
        return {
            "sudah_didisposisi": False,
            "diteruskan_kepada": PLACEHOLDER,
            "isi_disposisi": PLACEHOLDER,
            "tanggal_disposisi": PLACEHOLDER,
            **boxes,
        }
    return {
        "sudah_didisposisi": True,
        "diteruskan_kepada": text(disposition.to),
        "isi_disposisi": text(disposition.instruction),
        "tanggal_disposisi": format_date(local(disposition.at, facts.config.timezone).date()),
        **boxes,
    }


_DECISION_NAMES = frozenset({"nomor_surat_keluar", "alasan_penolakan"})


def _decision(facts: _Facts) -> dict[str, Any]:
    decision = facts.case.decision
    if decision is None:
        return {"nomor_surat_keluar": PLACEHOLDER, "alasan_penolakan": PLACEHOLDER}
    return {
        "nomor_surat_keluar": text(decision.letter_number),
        # The template ends the sentence itself.
        "alasan_penolakan": text(decision.reason).rstrip(".") or PLACEHOLDER,
    }


_ASSIGNMENT_NAMES = frozenset({"nomor_surat_tugas", "pelaksana", "nama_pendamping"})


def _official_row(number: int, official: Official) -> dict[str, Any]:
    return {
        "no": number,
        "nama": text(official.name),
        "nip": text(format_nip(official.nip)),
        "pangkat": text(official.rank),
        "jabatan": text(official.position),
    }


def _assignment(facts: _Facts) -> dict[str, Any]:
    assignment = facts.case.assignment
    escorts = assignment.pelaksana if assignment else ()
    return {
        "nomor_surat_tugas": text(assignment.letter_number) if assignment else PLACEHOLDER,
        "pelaksana": [_official_row(i, p) for i, p in enumerate(escorts, start=1)],
        "nama_pendamping": join_names([text(p.name) for p in escorts]),
    }


_ATTENDANCE_NAMES = frozenset({"peserta"})


def attendance_rows(names: Sequence[str], expected: int | None) -> list[dict[str, Any]]:
    """Known names first, then blank lines up to the announced head count."""
    # Capped: a head-count stored before values were checked must not exhaust memory.
    size = min(max(expected or MIN_ATTENDANCE_ROWS, len(names)), MAX_PARTICIPANTS)
    return [
        {"no": i, "nama": text(names[i - 1]) if i <= len(names) else ""}
        for i in range(1, size + 1)
    ]


def _attendance(facts: _Facts) -> dict[str, Any]:
    letter = facts.case.fields
    return {"peserta": attendance_rows(letter.peserta, letter.jumlah_peserta)}


_GUEST_NAMES = frozenset({"tamu", "jumlah_tamu"})


def _guest_row(number: int, guest: Guest, zone: tzinfo) -> dict[str, Any]:
    checked_in = local(guest.checked_in, zone)
    checked_out = local(guest.checked_out, zone) if guest.checked_out else None
    return {
        "no": number,
        "nama": text(guest.name),
        "instansi": text(guest.institution),
        "telepon": text(guest.phone),
        "jam_masuk": format_time(checked_in.time()),
        "jam_keluar": format_time(checked_out.time()) if checked_out else PLACEHOLDER,
        "durasi": duration_text(checked_in, checked_out),
    }


def _guests(facts: _Facts) -> dict[str, Any]:
    zone = facts.config.timezone
    guests = sorted(facts.case.guests, key=lambda g: local(g.checked_in, zone))
    return {
        "tamu": [_guest_row(i, g, zone) for i, g in enumerate(guests, start=1)],
        "jumlah_tamu": count_phrase(len(guests)),
    }


# ---------------------------------------------------------------------------------------------
# Kinds

_Section = tuple[frozenset[str], Callable[[_Facts], dict[str, Any]]]
_COMMON: tuple[_Section, ...] = (
    (_KOP_NAMES, _kop),
    (_STAMP_NAMES, _stamp),
    (_DATE_LINE_NAMES, _date_line),
    (_LETTER_NAMES, _letter),
    (_OFFICIALS_NAMES, _officials),
)
_DISPOSITION: _Section = (_DISPOSITION_NAMES, _disposition)
_DECISION: _Section = (_DECISION_NAMES, _decision)
_ASSIGNMENT: _Section = (_ASSIGNMENT_NAMES, _assignment)

_SECTIONS: Mapping[str, tuple[_Section, ...]] = MappingProxyType(
    {
        "lembar_disposisi": (*_COMMON, _DISPOSITION),
        "rekomendasi": (*_COMMON, _DECISION, _ASSIGNMENT),
        "surat_penolakan": (*_COMMON, _DECISION),
        "surat_tugas": (*_COMMON, _DISPOSITION, _DECISION, _ASSIGNMENT),
        "daftar_hadir": (*_COMMON, _ASSIGNMENT, (_ATTENDANCE_NAMES, _attendance)),
        "register_buku_tamu": (*_COMMON, _DECISION, _ASSIGNMENT, (_GUEST_NAMES, _guests)),
    }
)


def _sections(kind: str) -> tuple[_Section, ...]:
    try:
        return _SECTIONS[kind]
    except KeyError:
        raise TemplateError(f"jenis dokumen tidak dikenal: {kind}") from None


def build_context(
    kind: str,
    case: Case,
    config: Config,
    issued_at: datetime,
    *,
    kode_verifikasi: str = PLACEHOLDER,
) -> dict[str, Any]:
    """All variables of `kind`'s template, formatted for people.

    `kode_verifikasi` is the document's stamp code (pipeline.documents.qr.stamp); it needs the
    installation's secret, so the caller passes it in."""
    facts = _Facts(case=case, config=config, issued_at=local(issued_at, config.timezone),
                   kode_verifikasi=kode_verifikasi)
    context: dict[str, Any] = {}
    for _, build in _sections(kind):
        context.update(build(facts))
    return context


def template_variables(kind: str) -> frozenset[str]:
    """Every name build_context provides for `kind`, whatever the case's stage."""
    return frozenset().union(*(names for names, _ in _sections(kind)))
