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

from pipeline.case import MAX_PARTICIPANTS, Case, Guest, LetterFields, Official
from pipeline.config import Config, Office, normalise_nip
from pipeline.documents.qr import verification_url
from pipeline.errors import TemplateError
from pipeline.indonesian import (
    count_phrase,
    format_date,
    format_datetime,
    format_day_date,
    format_time,
)

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
            {"no", "nama", "instansi", "telepon", "tanggal", "jam_masuk", "jam_keluar", "durasi"}
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
    reply_due: datetime | None  # the SOP's deadline for the answer (Lembar Disposisi)


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


# Area codes of two digits after the 0 (Jakarta, Bandung, Semarang, Surabaya, Medan); every
# other Indonesian area code, Tarakan's 0551 among them, has three.
_TWO_DIGIT_AREAS = ("21", "22", "24", "31", "61")


def format_phone(value: str | None) -> str:
    """`+6281254321098` -> `0812-5432-1098`; `+6255621789` -> `(0556) 21789`.

    Letters store numbers in the international form; people dial and read them the national
    way, mobiles in groups of four, landlines with their area code in brackets. Anything that is
    not an Indonesian number (a foreign one, a typo) is printed as written."""
    if not value:
        return PLACEHOLDER
    digits = re.sub(r"[\s().-]", "", value)
    if digits.startswith("+62"):
        digits = "0" + digits[3:]
    elif digits.startswith("62") and len(digits) >= 10:
        digits = "0" + digits[2:]
    if not re.fullmatch(r"0\d{6,13}", digits):
        return text(value)
    if digits.startswith("08"):
        return "-".join(digits[i : i + 4] for i in range(0, len(digits), 4))
    area = 3 if digits[1:3] in _TWO_DIGIT_AREAS else 4
    return f"({digits[:area]}) {digits[area:]}"


# The title of the head of an institution, by the word its name starts with: the fallback
# addressee when the letter's signature block gave no office title.
_HEAD_TITLES: Mapping[str, str] = MappingProxyType(
    {
        "sd": "Kepala", "smp": "Kepala", "sma": "Kepala", "smk": "Kepala", "mi": "Kepala",
        "mts": "Kepala", "ma": "Kepala", "sekolah": "Kepala", "tk": "Kepala",
        "dinas": "Kepala", "badan": "Kepala", "kantor": "Kepala", "balai": "Kepala",
        "uptd": "Kepala", "bagian": "Kepala", "kelurahan": "Lurah", "kecamatan": "Camat",
        "fakultas": "Dekan", "universitas": "Rektor", "institut": "Rektor",
        "sekolah tinggi": "Ketua", "politeknik": "Direktur", "akademi": "Direktur",
        "pt": "Direktur", "cv": "Direktur", "sekretariat": "Sekretaris",
        "rumah sakit": "Direktur", "rsud": "Direktur", "puskesmas": "Kepala",
    }
)


def addressee(letter: LetterFields) -> str:
    """Whom the reply is addressed to: the office of the person who signed the request.

    The signer's office title read from the letter's signature block comes first (`Kepala SMK
    Negeri 9 Tarakan`); without it the head of the sending institution, named by the kind of
    institution (`Dekan Fakultas Teknik ...`, `Direktur PT ...`), else its `Ketua`."""
    if letter.jabatan_penandatangan and letter.jabatan_penandatangan.strip():
        return text(letter.jabatan_penandatangan)
    institution = text(letter.instansi_pengirim)
    if institution == PLACEHOLDER:
        return "Pimpinan Instansi Pemohon"
    words = institution.lower().replace(".", "").split()
    for size in (2, 1):
        title = _HEAD_TITLES.get(" ".join(words[:size]))
        if title == "Sekretaris" and len(words) > 1:
            # Sekretariat DPRD Kota X is headed by the Sekretaris DPRD Kota X.
            return "Sekretaris " + institution.split(maxsplit=1)[1]
        if title:
            return f"{title} {institution}"
    return f"Ketua {institution}"


_REGION = re.compile(r"\b(?:Kota|Kabupaten|Kab\.)\s+((?:[A-Z][\w'-]*\s?){1,3})")


def addressee_place(letter: LetterFields, city: str) -> str:
    """The line under `Yth.`: `Tempat` for a sender in the office's own city, `<city>` when the
    letter names another city or regency, `Tempat` when nothing says where the sender is."""
    names = " ".join(
        value for value in (letter.jabatan_penandatangan, letter.instansi_pengirim) if value
    )
    if re.search(rf"\b{re.escape(city)}\b", names, re.IGNORECASE):
        return "Tempat"
    region = _REGION.search(names)
    return region.group(1).strip() if region else "Tempat"


def reason_clause(reason: str | None) -> str:
    """A refusal reason as it continues the sentence after `dengan alasan:`.

    A reason typed as a sentence of its own (`Ruang sedang dipakai.`) loses its capital and
    its full stop; an acronym (`TCC`) or a word in capitals keeps them."""
    value = text(reason).rstrip(". ")
    if not value:
        return PLACEHOLDER
    first = value.split(maxsplit=1)[0]
    if first[:1].isupper() and first[1:].islower():
        value = value[0].lower() + value[1:]
    return value


def normalise_sifat(value: str | None) -> str | None:
    """`Sangat_Segera`, ` sangat  segera ` -> `sangat segera`."""
    if not value:
        return None
    return " ".join(value.replace("_", " ").replace("-", " ").lower().split()) or None


# ---------------------------------------------------------------------------------------------
# Sections: each returns a fixed set of names, listed beside it for template_variables().

KOP_NAMES = frozenset(
    {"logo", "kop_pemerintah", "kop_dinas", "kop_unit", "kop_alamat", "kop_telepon",
     "kop_email", "kop_laman"}
)


def _kop(facts: _Facts) -> dict[str, Any]:
    return kop_values(facts.config.office)


def kop_values(office: Office) -> dict[str, Any]:
    """The letterhead's variables, which every template has (the monthly register too)."""
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


_STAMP_NAMES = frozenset({"qr", "kode_verifikasi", "alamat_verifikasi"})


def _stamp(facts: _Facts) -> dict[str, Any]:
    """The footer that lets a signed scan find its document and a reader check it (see
    pipeline.documents.qr)."""
    code = facts.kode_verifikasi
    return {
        # render_document puts the QR picture here when it is given one.
        "qr": "",
        "kode_verifikasi": text(code),
        "alamat_verifikasi": text(code if code == PLACEHOLDER else
                                  verification_url(facts.config.web.public_url, code)),
    }


_DATE_LINE_NAMES = frozenset({"kota", "tanggal_dokumen"})


def _date_line(facts: _Facts) -> dict[str, Any]:
    return {
        "kota": text(facts.config.office.city),
        "tanggal_dokumen": format_date(facts.issued_at.date()),
    }


_LETTER_NAMES = frozenset(
    {"nomor_agenda", "tanggal_diterima", "nomor_surat", "tanggal_surat", "perihal",
     "instansi_pengirim", "penandatangan", "jabatan_penandatangan", "kepada", "kepada_di",
     "kontak_nama", "kontak_telepon", "sifat", "tanggal_kunjungan", "waktu_kunjungan",
     "tanggal_pelaksanaan", "ada_tanggal_kunjungan", "zona_waktu", "jadwal_diubah",
     "jadwal_diminta", "jumlah_peserta", "tempat_kunjungan", "lampiran"}
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


def requested_schedule(letter: LetterFields, zone_label: str) -> str:
    """`Kamis, 12 November 2026 pukul 09.00 WITA`, what the letter asked for; PLACEHOLDER when
    it named no date."""
    if letter.tanggal_kunjungan is None:
        return PLACEHOLDER
    asked = format_day_date(letter.tanggal_kunjungan)
    if letter.waktu_kunjungan is not None:
        asked += f" pukul {time_text(letter.waktu_kunjungan, zone_label)}"
    return asked


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
        "jabatan_penandatangan": text(letter.jabatan_penandatangan),
        "kepada": addressee(letter),
        "kepada_di": addressee_place(letter, config.office.city),
        "kontak_nama": text(letter.kontak_nama),
        "kontak_telepon": format_phone(letter.kontak_telepon),
        "sifat": sifat.title() if sifat else PLACEHOLDER,
        "tanggal_kunjungan": day_date_text(visit_date),
        "waktu_kunjungan": time_text(visit_time, config.zone_label),
        "tanggal_pelaksanaan": date_text(visit_date),
        "ada_tanggal_kunjungan": visit_date is not None,
        "zona_waktu": config.zone_label,
        # True when the letter asked for a schedule and the granted one differs: the reply
        # says so, and names what was asked for (`jadwal_diminta`).
        "jadwal_diubah": letter.tanggal_kunjungan is not None
        and (visit_date, visit_time) != (letter.tanggal_kunjungan, letter.waktu_kunjungan),
        "jadwal_diminta": requested_schedule(letter, config.zone_label),
        "jumlah_peserta": count_text(letter.jumlah_peserta),
        "tempat_kunjungan": text(config.office.visit_place),
        # The only attachment a request letter is known to carry is its list of participants.
        "lampiran": "1 (satu) berkas daftar peserta" if letter.peserta else PLACEHOLDER,
    }


_SIGNER_FIELDS = ("jabatan", "nama", "pangkat", "nip")
_OFFICIALS_NAMES = frozenset(
    f"{role}_{field}" for role in ("kepala_dinas", "kepala_uptd") for field in _SIGNER_FIELDS
)


def signer_values(role: str, official: Official) -> dict[str, Any]:
    return {
        f"{role}_jabatan": text(official.position),
        f"{role}_nama": text(official.name),
        f"{role}_pangkat": text(official.rank),
        f"{role}_nip": text(format_nip(official.nip)),
    }


def _officials(facts: _Facts) -> dict[str, Any]:
    officials = facts.config.officials
    return {
        **signer_values("kepala_dinas", officials["kepala_dinas"]),
        **signer_values("kepala_uptd", officials["kepala_uptd"]),
    }


_DISPOSITION_NAMES = frozenset(
    {"sudah_didisposisi", "diteruskan_kepada", "isi_disposisi", "tanggal_disposisi",
     "batas_waktu", "tanggal_terima_uptd", *SIFAT_BOXES}
)


def _disposition(facts: _Facts) -> dict[str, Any]:
    case, config = facts.case, facts.config
    disposition = case.disposition
    sifat = _effective_sifat(case)
    boxes = {name: BOX_TICKED if sifat == box else BOX_EMPTY for name, box in SIFAT_BOXES.items()}
    receipt = next((e for e in case.events if e.action == "receive"), None)
    common = {
        "batas_waktu": (format_datetime(local(facts.reply_due, config.timezone),
                                        config.zone_label)
                        if facts.reply_due else PLACEHOLDER),
        "tanggal_terima_uptd": (format_date(local(receipt.at, config.timezone).date())
                                if receipt else PLACEHOLDER),
        **boxes,
    }
    if disposition is None:
        # Registration: the sheet goes to the Kepala Dinas to be filled in by hand.
        return {
            "sudah_didisposisi": False,
            "diteruskan_kepada": PLACEHOLDER,
            "isi_disposisi": PLACEHOLDER,
            "tanggal_disposisi": PLACEHOLDER,
            **common,
        }
    return {
        "sudah_didisposisi": True,
        "diteruskan_kepada": text(disposition.to),
        "isi_disposisi": text(disposition.instruction),
        "tanggal_disposisi": format_date(local(disposition.at, config.timezone).date()),
        **common,
    }


_DECISION_NAMES = frozenset({"nomor_surat_keluar", "tanggal_surat_keluar", "alasan_penolakan"})


def _decision(facts: _Facts) -> dict[str, Any]:
    decision = facts.case.decision
    if decision is None:
        return {"nomor_surat_keluar": PLACEHOLDER, "tanggal_surat_keluar": PLACEHOLDER,
                "alasan_penolakan": PLACEHOLDER}
    return {
        "nomor_surat_keluar": text(decision.letter_number),
        "tanggal_surat_keluar": format_date(local(decision.at, facts.config.timezone).date()),
        # The template ends the sentence itself.
        "alasan_penolakan": reason_clause(decision.reason),
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


_GUEST_NAMES = frozenset({"tamu", "jumlah_tamu", "catatan_tamu"})
# Marks a guest who came on another day than the one granted (explained under the table).
OFF_SCHEDULE_MARK = "*"


def _guest_row(number: int, guest: Guest, zone: tzinfo, granted: date | None) -> dict[str, Any]:
    checked_in = local(guest.checked_in, zone)
    checked_out = local(guest.checked_out, zone) if guest.checked_out else None
    off_schedule = granted is not None and checked_in.date() != granted
    return {
        "no": number,
        "nama": text(guest.name),
        "instansi": text(guest.institution),
        "telepon": format_phone(guest.phone),
        "tanggal": format_date(checked_in.date()) + (OFF_SCHEDULE_MARK if off_schedule else ""),
        "jam_masuk": format_time(checked_in.time()),
        "jam_keluar": format_time(checked_out.time()) if checked_out else PLACEHOLDER,
        "durasi": duration_text(checked_in, checked_out),
    }


def _guests(facts: _Facts) -> dict[str, Any]:
    zone = facts.config.timezone
    granted, _ = _schedule(facts.case)
    guests = sorted(facts.case.guests, key=lambda g: local(g.checked_in, zone))
    rows = [_guest_row(i, g, zone, granted) for i, g in enumerate(guests, start=1)]
    off = any(row["tanggal"].endswith(OFF_SCHEDULE_MARK) for row in rows)
    return {
        "tamu": rows,
        "jumlah_tamu": count_phrase(len(guests)),
        "catatan_tamu": (
            f"{OFF_SCHEDULE_MARK} Datang di luar tanggal kunjungan yang diizinkan "
            f"({day_date_text(granted)})." if off else ""
        ),
    }


# ---------------------------------------------------------------------------------------------
# Kinds

_Section = tuple[frozenset[str], Callable[[_Facts], dict[str, Any]]]
_COMMON: tuple[_Section, ...] = (
    (KOP_NAMES, _kop),
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
    reply_due: datetime | None = None,
) -> dict[str, Any]:
    """All variables of `kind`'s template, formatted for people.

    `kode_verifikasi` is the document's stamp code (pipeline.documents.qr.stamp); it needs the
    installation's secret, so the caller passes it in. `reply_due`, the moment the SOP's time
    standards give for the answer, comes from the workflow for the same reason."""
    facts = _Facts(case=case, config=config, issued_at=local(issued_at, config.timezone),
                   kode_verifikasi=kode_verifikasi, reply_due=reply_due)
    context: dict[str, Any] = {}
    for _, build in _sections(kind):
        context.update(build(facts))
    return context


def template_variables(kind: str) -> frozenset[str]:
    """Every name build_context provides for `kind`, whatever the case's stage."""
    return frozenset().union(*(names for names, _ in _sections(kind)))
