"""The six documents the SOP produces, in SOP order.

Keys are fixed (the workflow and the outbox refer to them); `file_stem` numbers the outbox files
by SOP step, so a case folder lists its documents in the order they were made.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class DocumentKind:
    key: str
    title: str
    file_stem: str
    template: str
    # A letter that leaves the office: its footer tells the reader where to check it, not how
    # staff scan it back.
    leaves_office: bool = False


_KINDS = (
    DocumentKind("lembar_disposisi", "Lembar Disposisi", "01-lembar-disposisi",
                 "lembar_disposisi.docx"),
    DocumentKind("rekomendasi", "Rekomendasi Kunjungan", "02-rekomendasi", "rekomendasi.docx",
                 leaves_office=True),
    DocumentKind("surat_penolakan", "Surat Penolakan", "02-surat-penolakan",
                 "surat_penolakan.docx", leaves_office=True),
    DocumentKind("surat_tugas", "Surat Tugas", "03-surat-tugas", "surat_tugas.docx",
                 leaves_office=True),
    DocumentKind("daftar_hadir", "Daftar Hadir / Buku Tamu", "04-daftar-hadir",
                 "daftar_hadir.docx"),
    DocumentKind("register_buku_tamu", "Register Buku Tamu", "05-register-buku-tamu",
                 "register_buku_tamu.docx"),
)

DOCUMENT_KINDS: Mapping[str, DocumentKind] = MappingProxyType({k.key: k for k in _KINDS})
