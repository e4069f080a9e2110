"""The monthly Register Buku Tamu: every guest of one month in one document an archivist prints,
has signed and files. Pure functions from the month's guest-book entries and the settings to
the template's variables.

Unlike the six documents of a case it belongs to no case, so it carries no verification code:
its footer names the month and the page. Guests' phone numbers are personal data and stay out
of it (the CSV export and the case's own register keep them).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from pipeline.config import Config
from pipeline.documents.context import (
    KOP_NAMES,
    PLACEHOLDER,
    join_names,
    kop_values,
    local,
    signer_values,
    text,
)
from pipeline.errors import UsageError
from pipeline.indonesian import MONTHS, count_phrase, format_date, format_time

if TYPE_CHECKING:
    from pipeline.store.db import RegisterEntry

MONTHLY_REGISTER_KEY = "register_bulanan"
MONTHLY_REGISTER_TITLE = "Register Buku Tamu Bulanan"
MONTHLY_REGISTER_TEMPLATE = "register_buku_tamu_bulanan.docx"
# The years a month may name: those the desk's Register page offers.
FIRST_YEAR, LAST_YEAR = 1990, 2100

# `{%tr for r in register %}{{ r.nama }}`: the keys of a row.
MONTHLY_ROW_FIELDS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "register": frozenset(
            {"no", "tanggal", "nama", "instansi", "keperluan", "nomor_agenda", "jam_masuk",
             "jam_keluar", "pelaksana"}
        ),
    }
)
# Signed by the Kepala UPTD TCC, who knows of the register ("Mengetahui").
_SIGNER = "kepala_uptd"
MONTHLY_VARIABLES: frozenset[str] = KOP_NAMES | frozenset(
    {"kota", "tanggal_dokumen", "bulan", "bulan_berjalan", "register", "ada_tamu",
     "jumlah_tamu", "jumlah_kunjungan", "zona_waktu"}
    | {f"{_SIGNER}_{field}" for field in ("jabatan", "nama", "pangkat", "nip")}
)
# What changes between two renderings of the same entries without changing the register.
_NOT_CONTENT = frozenset({"tanggal_dokumen"})


@dataclass(frozen=True, order=True)
class RegisterMonth:
    year: int
    month: int

    @property
    def label(self) -> str:
        """`November 2026`."""
        return f"{MONTHS[self.month - 1]} {self.year}"

    @property
    def code(self) -> str:
        """`2026-11`, as `--bulan` takes it and file names carry it."""
        return f"{self.year:04d}-{self.month:02d}"


def parse_month(value: str) -> RegisterMonth:
    """`2026-11` (or `2026-1`) -> RegisterMonth; anything else is a UsageError."""
    found = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", value)
    if not found:
        raise UsageError(f"bulan tidak valid: {value!r} (tulis TAHUN-BULAN, mis. 2026-11)")
    year, month = int(found.group(1)), int(found.group(2))
    if not 1 <= month <= 12:
        raise UsageError(f"bulan tidak valid: {value!r} (bulan 01 sampai 12)")
    return checked_month(year, month)


def checked_month(year: int, month: int) -> RegisterMonth:
    if not FIRST_YEAR <= year <= LAST_YEAR or not 1 <= month <= 12:
        raise UsageError(
            f"bulan tidak valid: {year}-{month:02d} (tahun {FIRST_YEAR} sampai {LAST_YEAR})")
    return RegisterMonth(year, month)


def register_rows(entries: Sequence[RegisterEntry], zone: tzinfo) -> list[dict[str, Any]]:
    """One row per guest-book entry, in the order the guests came."""
    rows = []
    for number, entry in enumerate(entries, start=1):
        came = local(entry.checked_in, zone)
        left = local(entry.checked_out, zone) if entry.checked_out else None
        rows.append({
            "no": number,
            "tanggal": format_date(came.date()),
            "nama": text(entry.name),
            # A guest who typed no institution came with the letter's.
            "instansi": text(entry.institution or entry.case_institution),
            "keperluan": text(entry.case_subject),
            "nomor_agenda": f"{entry.year}/{text(entry.nomor_agenda)}",
            "jam_masuk": format_time(came.time()),
            "jam_keluar": format_time(left.time()) if left else PLACEHOLDER,
            "pelaksana": join_names([text(name) for name in entry.escorts]),
        })
    return rows


def monthly_context(
    month: RegisterMonth, entries: Sequence[RegisterEntry], config: Config, issued_at: datetime
) -> dict[str, Any]:
    """Every variable of the monthly register's template, formatted for people."""
    rows = register_rows(entries, config.timezone)
    visits = len({entry.case_id for entry in entries})
    issued = local(issued_at, config.timezone)
    return {
        **kop_values(config.office),
        "kota": text(config.office.city),
        "tanggal_dokumen": format_date(issued.date()),
        **signer_values(_SIGNER, config.officials[_SIGNER]),
        "bulan": month.label,
        # Made before the month is over: the register says it is not complete yet.
        "bulan_berjalan": RegisterMonth(issued.year, issued.month) <= month,
        "register": rows,
        "ada_tamu": bool(rows),
        "jumlah_tamu": count_phrase(len(rows)),
        "jumlah_kunjungan": count_phrase(visits, "kunjungan"),
        "zona_waktu": config.zone_label,
    }


def content_digest(context: Mapping[str, Any], template: bytes, logo: bytes | None) -> str:
    """What a filed register was made from: its printed values (not the date it was made),
    its template and the kop's logo. The same digest means the filed document can be handed
    out again."""
    values = {key: value for key, value in context.items() if key not in _NOT_CONTENT}
    payload = json.dumps(values, ensure_ascii=False, sort_keys=True, default=str)
    digest = hashlib.sha256(payload.encode())
    for part in (template, logo or b""):
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()
