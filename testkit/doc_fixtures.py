"""Cases and settings for the document tests: one visit followed through the SOP's stages.

The letter is sample_01 (SMK Negeri 9 Tarakan); officials and escorts are invented.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from dataclasses import replace
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from docx import Document
from docx.text.paragraph import Paragraph

from pipeline.case import (
    Assignment,
    Case,
    Decision,
    Disposition,
    Guest,
    LetterFields,
    Official,
)
from pipeline.config import Config, parse_config

WITA = ZoneInfo("Asia/Makassar")
REPO = Path(__file__).resolve().parents[1]
TEMPLATES = REPO / "templates"

KEPALA_DINAS = {
    "name": "Dr. H. Syamsuddin Arfah, S.Kom., M.Si.",
    "nip": "197003121995121002",
    "rank": "Pembina Utama Muda (IV/c)",
    "position": "Kepala Dinas Komunikasi, Informatika, Statistik dan Persandian",
}
KEPALA_UPTD = {
    "name": "Yuliana Pasorong, S.T., M.T.",
    "nip": "198205172006042011",
    "rank": "Penata Tingkat I (III/d)",
    "position": "Kepala UPTD Tarakan Command Center",
}
PELAKSANA = (
    Official("Rina Marlina, S.Kom.", "199002142015032001", "Penata Muda (III/a)",
             "Pranata Komputer Ahli Pertama"),
    Official("Andi Saputra, A.Md.", "199508302019031004", "Pengatur (II/c)",
             "Operator Command Center"),
)


def make_config(tmp: Path, **office: str) -> Config:
    data: dict[str, Any] = {
        "office": {
            "address": "Jl. Jenderal Sudirman No. 76, Tarakan 77111",
            "phone": "(0551) 21001",
            "email": "tcc@tarakankota.go.id",
            "website": "tcc.tarakankota.go.id",
            **office,
        },
        "officials": {"kepala_dinas": KEPALA_DINAS, "kepala_uptd": KEPALA_UPTD},
    }
    return parse_config(data, base=tmp, source=None)


LETTER = LetterFields(
    nomor_surat="421.5/214/SMKN9/XI/2026",
    tanggal_surat=date(2026, 11, 3),
    perihal="Permohonan Kunjungan",
    instansi_pengirim="SMK Negeri 9 Tarakan",
    penandatangan="Drs. Muhammad Yusran Efendi, M.Pd.",
    tanggal_kunjungan=date(2026, 11, 12),
    waktu_kunjungan=time(9, 0),
    jumlah_peserta=35,
    kontak_nama="Rahmawati Sulaiman, S.Kom.",
    kontak_telepon="+6281254321098",
    peserta=("Ahmad Rizki", "Bunga Lestari", "Citra Dewi"),
)

ISSUED_AT = datetime(2026, 11, 29, 10, 15, tzinfo=WITA)


def registered(letter: LetterFields = LETTER) -> Case:
    return Case(
        id=7,
        year=2026,
        nomor_agenda="0007",
        state="terdaftar",
        fields=letter,
        received_at=datetime(2026, 11, 4, 8, 12, tzinfo=WITA),
        folder="2026/0007",
        original_name="surat_smkn9.pdf",
        sha256="0" * 64,
    )


def disposed(case: Case | None = None) -> Case:
    return replace(
        case or registered(),
        state="didisposisi",
        disposition=Disposition(
            to="Kepala UPTD Tarakan Command Center",
            instruction="Tindak lanjuti, siapkan pendamping dan ruang Command Center.",
            sifat="segera",
            # Stored in UTC the evening before: 4 November 01.30 in Tarakan.
            at=datetime(2026, 11, 3, 17, 30, tzinfo=ZoneInfo("UTC")),
            by="kepala_dinas",
        ),
    )


def granted(case: Case | None = None) -> Case:
    return replace(
        case or disposed(),
        state="disetujui",
        decision=Decision(
            granted=True,
            at=datetime(2026, 11, 5, 10, 0, tzinfo=WITA),
            by="kepala_uptd",
            letter_number="000.1.5/031/UPTD-TCC/XI/2026",
            visit_date=date(2026, 11, 12),
            visit_time=time(9, 0),
        ),
    )


def refused(case: Case | None = None) -> Case:
    return replace(
        case or disposed(),
        state="ditolak",
        decision=Decision(
            granted=False,
            at=datetime(2026, 11, 5, 10, 0, tzinfo=WITA),
            by="kepala_uptd",
            letter_number="000.1.5/032/UPTD-TCC/XI/2026",
            reason="Ruang Command Center sedang dipakai untuk simulasi penanganan bencana.",
        ),
    )


def assigned(case: Case | None = None) -> Case:
    return replace(
        case or granted(),
        state="ditugaskan",
        assignment=Assignment(
            letter_number="800.1.11.1/045/UPTD-TCC/XI/2026",
            at=datetime(2026, 11, 5, 11, 0, tzinfo=WITA),
            by="kepala_uptd",
            pelaksana=PELAKSANA,
        ),
    )


def finished(case: Case | None = None) -> Case:
    day = date(2026, 11, 12)

    def at(hour: int, minute: int) -> datetime:
        return datetime.combine(day, time(hour, minute), tzinfo=WITA)

    return replace(
        case or assigned(),
        state="selesai",
        guests=(
            Guest("Bunga Lestari", "SMK Negeri 9 Tarakan", "+6281300000002", at(9, 4),
                  at(10, 29)),
            Guest("Ahmad Rizki", "SMK Negeri 9 Tarakan", "+6281300000001", at(9, 2), at(10, 27)),
            Guest("Drs. Muhammad Yusran Efendi, M.Pd.", "SMK Negeri 9 Tarakan", None, at(9, 10),
                  None),
        ),
    )


# ---------------------------------------------------------------------------------------------
# Reading documents back


def docx_text(path: Path) -> str:
    """All text of a document in reading order, paragraphs and table cells, one per line."""
    lines: list[str] = []
    seen: set[Any] = set()  # the cell elements themselves, so identity stays meaningful

    def walk(container: Any) -> None:
        for block in container.iter_inner_content():
            if isinstance(block, Paragraph):
                lines.append(block.text)
                continue
            for row in block.rows:
                for cell in row.cells:
                    if cell._tc not in seen:  # a merged cell is listed once per column
                        seen.add(cell._tc)
                        walk(cell)

    walk(Document(str(path)))
    return "\n".join(lines)


def tiny_png(path: Path) -> Path:
    """A 2x2 green PNG written by hand, so the tests need no imaging library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x2e\x7d\x32" * 2 for _ in range(2))
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
    return path


def document_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("word/document.xml").decode("utf-8")


def squash(value: str) -> str:
    return re.sub(r"\s+", " ", value)
