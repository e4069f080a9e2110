"""Small real request letters, as text-layer PDFs, made in code for intake tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from letter_corpus import render_pdf

from pipeline.indonesian import format_day_date

INSTITUTIONS = (
    "SMA NEGERI 1 TARAKAN",
    "SMP NEGERI 5 TARAKAN",
    "POLITEKNIK NEGERI SAMARINDA",
    "PT KALTARA DIGITAL SOLUSI",
    "DINAS PERHUBUNGAN KOTA BONTANG",
    "RUMAH SAKIT UMUM DAERAH TARAKAN",
)


def letter_lines(number: int) -> list[str]:
    institution = INSTITUTIONS[number % len(INSTITUTIONS)]
    day = 1 + number % 28
    return [
        institution,
        "Jl. Mulawarman No. 12, Tarakan",
        f"Nomor   : {100 + number}/TEST/XI/2026",
        "Lampiran: -",
        "Perihal : Permohonan Kunjungan",
        f"Tarakan, {day} November 2026",
        "Kepada Yth. Kepala Dinas Komunikasi, Informatika, Statistik dan Persandian",
        "di Tarakan",
        "Dengan hormat, kami bermaksud berkunjung ke Tarakan Command Center pada:",
        f"Hari/Tanggal : {format_day_date(date(2026, 12, day))}",
        "Pukul        : 09.00 WITA",
        f"Peserta      : {10 + number % 30} orang",
        f"Narahubung: Bapak Ahmad Test {number} (0812-5555-{number:04d}).",
        "Demikian permohonan ini kami sampaikan.",
        "Kepala,",
        f"Dr. Penanda Tangan {number}",
    ]


def write_letter_pdf(path: Path, number: int) -> Path:
    render_pdf("\n".join(letter_lines(number)), path)
    return path
