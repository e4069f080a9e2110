"""A generated corpus of Indonesian request letters with the fields a reader must find.

Letters are assembled from independent style choices: letterhead, label spelling, date-line
placement, visit-date, time, count, contact and signer styles, line breaking and text-layer
quirks (doubled spaces, OCR digit swaps). Invitations and unrelated letters are negatives.
Everything is deterministic: letter `i` is built from `random.Random(i)`.

`render_pdf(text, path)` writes a real text-layer PDF with reportlab, so tests can run letters
through the same reader the inbox uses.
"""

from __future__ import annotations

import random
import re
import textwrap
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from pipeline.indonesian import DAYS, MONTHS, ROMAN_MONTHS, terbilang


@dataclass(frozen=True)
class CorpusLetter:
    name: str
    text: str
    expected: dict[str, object]  # JSON form, as the samples' expected.json
    is_visit_request: bool


# --- senders ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sender:
    kop: tuple[str, ...]
    address: str
    instansi: str
    place: str
    number: str  # format with {n}, {roman}, {mm}, {year}
    signer_title: str
    purpose: str  # why they come, to follow "Dalam rangka"
    people: tuple[str, str]  # who comes: visitors, companions
    letterhead: bool = True  # False: a plain letter, the institution is in the signer's title


SENDERS = (
    Sender(
        ("PEMERINTAH PROVINSI KALIMANTAN UTARA", "DINAS PENDIDIKAN DAN KEBUDAYAAN",
         "SMA NEGERI 2 TARAKAN"),
        "Jl. Sumatera No. 5, Tarakan 77113 Telp. (0551) 31 222 Email: sman2trk@example.sch.id",
        "SMA Negeri 2 Tarakan", "Tarakan", "421.3/{n}/SMAN2/{roman}/{year}", "Kepala Sekolah,",
        "pembelajaran Informatika siswa kelas XI", ("siswa", "guru pendamping"),
    ),
    Sender(
        ("YAYASAN PENDIDIKAN ISLAM AL-FALAH", "SMP ISLAM AL-FALAH NUNUKAN"),
        "Jl. Tien Soeharto No. 21, Nunukan 77482 Telp. (0556) 22 104",
        "SMP Islam Al-Falah Nunukan", "Nunukan", "{n}/SMPI-AF/{roman}/{year}", "Kepala Sekolah,",
        "kegiatan pembelajaran di luar kelas", ("siswa", "ustadz pendamping"),
    ),
    Sender(
        ("UNIVERSITAS MULAWARMAN", "FAKULTAS ILMU KOMPUTER DAN TEKNOLOGI INFORMASI"),
        "Kampus Gunung Kelua, Jl. Kuaro, Samarinda 75119 Laman: fkti.example.ac.id",
        "Fakultas Ilmu Komputer dan Teknologi Informasi Universitas Mulawarman", "Samarinda",
        "{n}/UN17.15/KM/{year}", "Dekan,", "mata kuliah Kota Cerdas",
        ("mahasiswa", "dosen pendamping"),
    ),
    Sender(
        ("POLITEKNIK NEGERI SAMARINDA", "JURUSAN TEKNOLOGI INFORMASI"),
        "Jl. Dr. Ciptomangunkusumo, Kampus Gunung Lipan, Samarinda 75131",
        "Jurusan Teknologi Informasi Politeknik Negeri Samarinda", "Samarinda",
        "{n}/PL7.3/KM/{year}", "Ketua Jurusan,", "praktik kuliah lapangan",
        ("mahasiswa", "dosen"),
    ),
    Sender(
        ("PEMERINTAH KABUPATEN MALINAU", "DINAS KOMUNIKASI DAN INFORMATIKA"),
        "Jl. Raja Pandita, Malinau Kota, Kalimantan Utara 77554",
        "Dinas Komunikasi dan Informatika Kabupaten Malinau", "Malinau",
        "555/{n}/Diskominfo/{roman}/{year}", "Kepala Dinas,",
        "pengembangan layanan kota cerdas", ("pegawai", "staf"),
    ),
    Sender(
        ("PEMERINTAH KOTA BALIKPAPAN", "BADAN PERENCANAAN PEMBANGUNAN DAERAH"),
        "Jl. Jenderal Sudirman No. 1, Balikpapan 76114 Telp. (0542) 421 000",
        "Badan Perencanaan Pembangunan Daerah Kota Balikpapan", "Balikpapan",
        "000.1.2/{n}/Bappeda", "Kepala Badan,", "penyusunan rencana pusat data daerah",
        ("pegawai", "staf"),
    ),
    Sender(
        ("DEWAN PERWAKILAN RAKYAT DAERAH", "KABUPATEN NUNUKAN", "SEKRETARIAT DPRD"),
        "Jl. Ujang Dewa No. 3 Nunukan",
        "Sekretariat DPRD Kabupaten Nunukan", "Nunukan", "170/{n}/Setwan", "Sekretaris DPRD,",
        "kunjungan kerja Komisi II", ("anggota DPRD", "staf"),
    ),
    Sender(
        ("KEMENTERIAN AGAMA REPUBLIK INDONESIA", "KANTOR KEMENTERIAN AGAMA KOTA TARAKAN"),
        "Jl. Mulawarman No. 16, Tarakan 77111 Telp. (0551) 21 335",
        "Kantor Kementerian Agama Kota Tarakan", "Tarakan",
        "B-{n}/Kk.34.2/1/PP.00/{mm}/{year}", "Kepala,", "peningkatan layanan informasi publik",
        ("pegawai", "staf"),
    ),
    Sender(
        ("KEMENTERIAN KEUANGAN REPUBLIK INDONESIA", "DIREKTORAT JENDERAL PERBENDAHARAAN",
         "KANTOR PELAYANAN PERBENDAHARAAN NEGARA TARAKAN"),
        "Jl. Yos Sudarso No. 9, Tarakan 77112",
        "Kantor Pelayanan Perbendaharaan Negara Tarakan", "Tarakan", "S-{n}/KPN.1703/{year}",
        "Kepala Kantor,", "koordinasi pemanfaatan data keuangan daerah", ("pegawai", "staf"),
    ),
    Sender(
        ("BADAN PUSAT STATISTIK", "PROVINSI KALIMANTAN TIMUR"),
        "Jl. Kemakmuran No. 4, Samarinda 75117",
        "Badan Pusat Statistik Provinsi Kalimantan Timur", "Samarinda",
        "B-{n}/64000/HM.340/{mm}/{year}", "Kepala,", "benchmarking statistik sektoral",
        ("pegawai", "staf"),
    ),
    Sender(
        ("PT TELEKOMUNIKASI NUSANTARA SEJAHTERA",),
        "Gedung Graha Niaga Lt. 5, Jl. MT Haryono 12, Balikpapan",
        "PT Telekomunikasi Nusantara Sejahtera", "Balikpapan", "{n}/TNS-HRD/{roman}/{year}",
        "Hormat kami,", "program pengenalan teknologi bagi karyawan baru",
        ("karyawan", "pendamping"),
    ),
    Sender(
        ("CV KARYA DIGITAL MANDIRI",),
        "Ruko Grand Mall Blok B No. 7, Jl. Gajah Mada, Tarakan",
        "CV Karya Digital Mandiri", "Tarakan", "{n}/KDM/{roman}/{year}", "Hormat kami,",
        "studi pengembangan produk pemantauan kota", ("karyawan", "pendamping"),
    ),
    Sender(
        ("PT BANK PEMBANGUNAN DAERAH KALTIMTARA", "KANTOR CABANG TARAKAN"),
        "Jl. Yos Sudarso No. 50, Tarakan 77111",
        "PT Bank Pembangunan Daerah Kaltimtara Kantor Cabang Tarakan", "Tarakan",
        "{n}/KC-TRK/{roman}/{year}", "Pemimpin Cabang,",
        "kerja sama layanan keuangan digital", ("pegawai", "staf"),
    ),
    Sender(
        ("LEMBAGA SWADAYA MASYARAKAT PEDULI PESISIR",),
        "Sekretariat: Jl. Pantai Amal Baru RT 04, Tarakan",
        "Lembaga Swadaya Masyarakat Peduli Pesisir", "Tarakan", "{n:03d}/LSM-PP/{roman}/{year}",
        "Ketua,", "edukasi kebencanaan berbasis data", ("anggota", "relawan"),
    ),
    Sender(
        ("PEMERINTAH KOTA TARAKAN", "RUMAH SAKIT UMUM DAERAH TARAKAN"),
        "Jl. Pulau Irian No. 1, Tarakan 77111 Telp. (0551) 21 166",
        "Rumah Sakit Umum Daerah Tarakan", "Tarakan", "445/{n}/RSUD/{year}", "Direktur,",
        "integrasi layanan kegawatdaruratan 112", ("pegawai", "perawat"),
    ),
    Sender(
        ("PEMERINTAH KABUPATEN BULUNGAN", "DINAS KESEHATAN", "UPTD PUSKESMAS TANJUNG SELOR"),
        "Jl. Sengkawit, Tanjung Selor, Kalimantan Utara 77212",
        "UPTD Puskesmas Tanjung Selor", "Tanjung Selor", "440/{n}/PKM-TS/{year}",
        "Kepala Puskesmas,", "penguatan sistem informasi kesehatan", ("pegawai", "bidan"),
    ),
    Sender(
        ("KEMENTERIAN AGAMA REPUBLIK INDONESIA", "MADRASAH ALIYAH NEGERI 1 TARAKAN"),
        "Jl. Kusuma Bangsa No. 2, Tarakan 77123",
        "Madrasah Aliyah Negeri 1 Tarakan", "Tarakan", "B-{n}/Ma.34.01/PP.00.5/{mm}/{year}",
        "Kepala Madrasah,", "kegiatan projek penguatan profil pelajar", ("siswa", "guru"),
    ),
    Sender(
        ("KOMUNITAS PEMUDA PEDULI DIGITAL KOTA SAMARINDA",),
        "Jl. Juanda Gg. 8 No. 3, Samarinda",
        "Komunitas Pemuda Peduli Digital Kota Samarinda", "Samarinda",
        "{n:03d}/KPPD/{roman}/{year}", "Ketua,", "literasi digital pemuda", ("anggota", "pembina"),
    ),
    Sender(
        ("Sekolah Menengah Kejuruan Negeri 1 Nunukan",),
        "Jl. Pembangunan No. 10, Nunukan 77482",
        "Sekolah Menengah Kejuruan Negeri 1 Nunukan", "Nunukan", "421.5/{n}/SMK1/{year}",
        "Kepala Sekolah,", "praktik kerja siswa jurusan TKJ", ("siswa", "guru pendamping"),
    ),
    Sender(
        ("PEMERINTAH KOTA SAMARINDA", "DINAS KOMUNIKASI, INFORMATIKA,",
         "STATISTIK DAN PERSANDIAN"),
        "Jl. Dahlia No. 81, Samarinda 75121 Telp. (0541) 741 025",
        "Dinas Komunikasi, Informatika, Statistik dan Persandian Kota Samarinda", "Samarinda",
        "000.1.2/{n}/Diskominfo", "Kepala Dinas,", "pengembangan pusat kendali kota",
        ("pegawai", "staf"),
    ),
    Sender(
        ("PT PERTAMINA HULU KALIMANTAN TIMUR", "FIELD TARAKAN"),
        "Jl. Yos Sudarso No. 1, Tarakan 77111",
        "PT Pertamina Hulu Kalimantan Timur Field Tarakan", "Tarakan",
        "{n:03d}/PHKT-TRK/{roman}/{year}", "Hormat kami,", "program pengembangan kompetensi",
        ("pekerja", "pendamping"),
    ),
    Sender(
        ("IKATAN PELAJAR NAHDLATUL ULAMA", "PIMPINAN CABANG KOTA TARAKAN"),
        "Sekretariat: Jl. Diponegoro No. 10 Tarakan",
        "Pimpinan Cabang Ikatan Pelajar Nahdlatul Ulama Kota Tarakan", "Tarakan",
        "{n:03d}/PC/A.IX/{roman}/{year}", "Ketua,", "program kerja bidang teknologi",
        ("anggota", "pembina"),
    ),
    Sender(
        ("HIMPUNAN MAHASISWA SISTEM INFORMASI", "STMIK PPKIA TARAKANITA RAHMAWATI"),
        "Jl. Yos Sudarso No. 8, Tarakan 77111",
        "Himpunan Mahasiswa Sistem Informasi STMIK PPKIA Tarakanita Rahmawati", "Tarakan",
        "{n:03d}/HIMASI/{roman}/{year}", "Ketua Himpunan,", "studi lapangan mata kuliah",
        ("mahasiswa", "dosen pembina"),
    ),
    Sender(
        ("PEMERINTAH KOTA TARAKAN", "KECAMATAN TARAKAN BARAT", "KELURAHAN KARANG ANYAR"),
        "Jl. Gajah Mada No. 2, Tarakan 77111",
        "Kelurahan Karang Anyar", "Tarakan", "400.10/{n}/Kel.KA/{roman}/{year}", "Lurah,",
        "kegiatan kader PKK", ("kader", "pendamping"),
    ),
    Sender(
        ("KEPOLISIAN NEGARA REPUBLIK INDONESIA", "DAERAH KALIMANTAN UTARA", "RESOR TARAKAN"),
        "Jl. Yos Sudarso No. 62, Tarakan 77111",
        "Kepolisian Resor Tarakan", "Tarakan", "B/{n}/{roman}/{year}/Resta",
        "KEPALA KEPOLISIAN RESOR TARAKAN,", "koordinasi pemanfaatan CCTV lalu lintas",
        ("personel", "staf"),
    ),
    Sender(
        ("DEWAN PIMPINAN DAERAH", "KOMITE NASIONAL PEMUDA INDONESIA", "KOTA TARAKAN"),
        "Sekretariat: Gedung Pemuda Lt. 2, Jl. Sudirman, Tarakan",
        "Dewan Pimpinan Daerah Komite Nasional Pemuda Indonesia Kota Tarakan", "Tarakan",
        "{n}/DPD-KNPI/TRK/{roman}/{year}", "Ketua,", "program kerja bidang kepemudaan",
        ("pengurus", "anggota"),
    ),
    Sender(
        ("YAYASAN PONDOK PESANTREN HIDAYATULLAH", "PONDOK PESANTREN HIDAYATULLAH TARAKAN"),
        "Jl. Sei Sesayap RT 10 Kel. Sebengkok, Tarakan",
        "Pondok Pesantren Hidayatullah Tarakan", "Tarakan", "{n:03d}/PPH-TRK/B/{roman}/{year}",
        "Mudir Pondok,", "kegiatan rihlah ilmiah", ("santri", "ustadz pendamping"),
    ),
    Sender(
        ("Universitas Borneo Tarakan", "Fakultas Keguruan dan Ilmu Pendidikan",
         "Program Studi Pendidikan Teknologi Informasi"),
        "Jl. Amal Lama No. 1 Tarakan, Kalimantan Utara",
        "Program Studi Pendidikan Teknologi Informasi Fakultas Keguruan dan Ilmu Pendidikan "
        "Universitas Borneo Tarakan", "Tarakan", "{n}/UN51.4/PTI/{year}",
        "Ketua Program Studi,", "mata kuliah Sistem Informasi Manajemen",
        ("mahasiswa", "dosen pengampu"),
    ),
    Sender(
        (), "", "SMP Negeri 3 Malinau", "Malinau", "421.3/{n}/SMPN3/{year}",
        "Kepala SMP Negeri 3 Malinau,", "pengenalan teknologi informasi",
        ("siswa", "guru"), letterhead=False,
    ),
    Sender(
        (), "", "Karang Taruna Tunas Harapan", "Tarakan", "{n:02d}/KT-TH/{roman}/{year}",
        "Ketua Karang Taruna Tunas Harapan,", "peningkatan wawasan pemuda",
        ("anggota", "pembina"), letterhead=False,
    ),
)  # fmt: skip

# --- people -------------------------------------------------------------------------------

FIRST_NAMES = (
    "Andi", "Yohanes", "Maria", "Siti", "Hendra", "Nur", "Ni Made", "I Gede", "Fransiskus",
    "Dewi", "Muhammad", "Rizky", "Theresia", "Agus", "Yuliana", "Petrus", "Abdul", "Ratna",
    "Bambang", "Fitri", "Stefanus", "Hasnah", "Lukas", "Wahyuni", "Daniel", "Aisyah",
)  # fmt: skip
LAST_NAMES = (
    "Firmansyah", "Lapu", "Goreti Tandi", "Rahmawati", "Gunawan", "Aini", "Ayu Lestari",
    "Wirawan", "Xaverius Ola", "Sartika Simanjuntak", "Iqbal Fadhilah", "Pratama", "Bunga",
    "Salim", "Ngau", "Jalung", "Rahman", "Pakpahan", "Wicaksono", "Handayani", "Rante Allo",
    "Wulandari", "Tangdilintin", "Sembiring", "Hutapea", "Kurniawan",
)  # fmt: skip
LEADING_TITLES = ("", "", "", "Dr. ", "Drs. ", "Ir. ", "Hj. ", "H. ", "Dra. ")
TRAILING_TITLES = (
    "", "", ", S.Pd.", ", M.Pd.", ", S.Kom.", ", S.T., M.T.", ", S.E.", ", S.H., M.H.",
    ", S.Sos., M.Si.", ", A.Md.Kom.", ", S.I.Kom.", ", SE", ", M.Kom",
)  # fmt: skip
HONORIFICS = (
    "Bapak", "Ibu", "Bpk.", "Sdr.", "Sdri.", "Saudara", "Ustadz", "Ustadzah", "Pak", "AIPTU", "",
)  # fmt: skip
POSITIONS = ("Kasubbag Umum", "Staf Humas", "Koordinator Kegiatan", "Wakil Kepala Sekolah")


def person(rng: random.Random, titled: bool = True) -> str:
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    if not titled:
        return name
    return f"{rng.choice(LEADING_TITLES)}{name}{rng.choice(TRAILING_TITLES)}"


def nip(rng: random.Random) -> str:
    born = date(1965, 1, 1) + timedelta(days=rng.randrange(9000))
    appointed = f"{rng.randrange(1990, 2015)}{rng.randrange(1, 13):02d}"
    return f"{born:%Y%m%d} {appointed} {rng.choice('12')} 00{rng.randrange(1, 9)}"


# --- phones -------------------------------------------------------------------------------


def phone(rng: random.Random) -> tuple[str, str]:
    """A phone as written in a letter, and its +62 form."""
    mobile = f"8{rng.choice('1235')}{rng.randrange(10, 99)}{rng.randrange(10**7, 10**8)}"
    a, b, c = mobile[:3], mobile[3:7], mobile[7:]
    written = rng.choice(
        (
            f"0{a}-{b}-{c}",
            f"0{a} {b} {c}",
            f"0{mobile}",
            f"+62 {a}-{b}-{c}",
            f"+62{mobile}",
            f"0{a}.{b}.{c}",
            f"(+62) {a} {b} {c}",
        )
    )
    if rng.random() < 0.12:
        area, local = rng.choice((("0551", "21 789"), ("0556", "23 456"), ("0542", "734 120")))
        return f"({area}) {local}", "+62" + area[1:] + local.replace(" ", "")
    return written, "+62" + mobile


# --- dates and counts ---------------------------------------------------------------------


def long_date(value: date, rng: random.Random | None = None) -> str:
    """`3 November 2026`, sometimes in old spellings (`Nopember`, `Pebruari`) or `03`."""
    month = MONTHS[value.month - 1]
    if rng is not None and rng.random() < 0.3:
        month = {"November": "Nopember", "Februari": "Pebruari"}.get(month, month)
    day = f"{value.day:02d}" if rng is not None and rng.random() < 0.2 else str(value.day)
    return f"{day} {month} {value.year}"


def day_name(value: date, rng: random.Random) -> str:
    name = DAYS[value.weekday()]
    if name == "Jumat" and rng.random() < 0.5:
        return "Jum'at"
    return name


@dataclass
class Draft:
    """A letter being assembled, and the fields it should yield."""

    rng: random.Random
    sender: Sender
    letter_date: date
    visit: date
    expected: dict[str, object] = field(default_factory=dict)


def _visit_date(draft: Draft, year_known: bool) -> tuple[str, str | None]:
    """The visit date as the body writes it, and as a labelled `Hari/Tanggal` value.
    `year_known`: the letter has a date line, so the visit date may leave out its year."""
    rng, visit = draft.rng, draft.visit
    style = rng.randrange(8 if year_known else 7)
    draft.expected["tanggal_kunjungan"] = visit.isoformat()
    day = day_name(visit, rng)
    if style == 0:
        return f"pada hari {day}, tanggal {long_date(visit, rng)}", f"{day}, {long_date(visit)}"
    if style == 1:
        second = visit + timedelta(days=1)
        if second.month == visit.month:
            both = f"{visit.day}-{second.day} {MONTHS[visit.month - 1]} {visit.year}"
        else:
            both = f"{long_date(visit).rsplit(' ', 1)[0]} - {long_date(second)}"
        days = f"{day} s.d. {day_name(second, rng)}"
        return f"pada hari {days}, {both}", f"{days}, {both}"
    if style == 2:
        second = visit + timedelta(days=1)
        if second.month != visit.month:
            return f"pada {day}, {long_date(visit)}", f"{day}, {long_date(visit)}"
        text = f"{visit.day} s.d. {second.day} {MONTHS[visit.month - 1]} {visit.year}"
        return f"pada tanggal {text}", text
    if style == 3:
        numeric = f"{visit.day:02d}/{visit.month:02d}/{visit.year}"
        return f"pada tanggal {numeric}", f"{day}, {numeric}"
    if style == 4:
        numeric = f"{visit.day:02d}-{visit.month:02d}-{visit.year}"
        return f"pada {day}, {numeric}", f"{day} / {numeric}"
    if style == 5:
        return f"pada {day}, {long_date(visit, rng)}", f"{day}, {long_date(visit, rng)}"
    if style == 6:
        return f"yang rencananya dilaksanakan pada {day}, {long_date(visit)}", None
    without_year = f"{visit.day} {MONTHS[visit.month - 1]}"
    return f"pada hari {day} tanggal {without_year}", f"{day}, {without_year}"


def _visit_time(draft: Draft) -> str | None:
    rng = draft.rng
    choices: list[tuple[str, time]] = [
        ("pukul 09.00 WITA", time(9, 0)),
        ("pukul 9.00", time(9, 0)),
        ("pukul 09:30 WITA", time(9, 30)),
        ("pukul 08.00-selesai", time(8, 0)),
        ("pukul 13.30 WITA s.d. selesai", time(13, 30)),
        ("jam 9 pagi", time(9, 0)),
        ("jam 2 siang", time(14, 0)),
        ("pukul 10.00 - 12.00 WIB", time(10, 0)),
        ("jam 08.30 Wita", time(8, 30)),
        ("pukul 14.00 WIT", time(14, 0)),
    ]
    if rng.random() < 0.12:
        return None
    text, value = rng.choice(choices)
    draft.expected["waktu_kunjungan"] = value.strftime("%H:%M")
    return text


def _count(draft: Draft) -> tuple[str, list[str]]:
    """The number of visitors in words, and, for some letters, an attached list of names."""
    rng = draft.rng
    visitors, companions = draft.sender.people
    a, b = rng.randrange(8, 45), rng.randrange(1, 5)
    style = rng.randrange(10)
    names: list[str] = []
    if style == 0:
        total, text = a, f"{a} orang"
    elif style == 1:
        total, text = a, f"{a} ({terbilang(a)}) orang"
    elif style == 2:
        total, text = a, f"{terbilang(a)} orang"
    elif style == 3:
        total, text = a + b, f"{a} {visitors} dan {b} {companions}"
    elif style == 4:
        total = a + b
        text = f"{a} ({terbilang(a)}) {visitors} beserta {b} ({terbilang(b)}) {companions}"
    elif style == 5:
        total, text = a + b, f"{a + b} orang ({a} {visitors} dan {b} {companions})"
    elif style == 6:
        total = a + b
        text = f"{terbilang(a)} orang {visitors} didampingi {terbilang(b)} orang {companions}"
    elif style == 7:
        total = a
        text = rng.choice((f"maksimal {a} orang", f"± {a} orang", f"kurang lebih {a} orang"))
    elif style == 8:
        total = a + b
        text = f"{a + b} orang yang terdiri dari {a} {visitors} dan {b} {companions}"
    else:
        names = [person(rng) for _ in range(rng.randrange(3, 9))]
        total, text = len(names), f"{len(names)} ({terbilang(len(names))}) orang"
        draft.expected["peserta"] = names
    draft.expected["jumlah_peserta"] = total
    return text, names


# --- the parts of a letter ----------------------------------------------------------------


def _contact(draft: Draft) -> list[str]:
    rng = draft.rng
    written, normalised = phone(rng)
    name = person(rng, titled=rng.random() < 0.3)
    honorific = rng.choice(HONORIFICS)
    addressed = f"{honorific} {name}".strip()
    style = rng.randrange(10)
    draft.expected["kontak_telepon"] = normalised
    draft.expected["kontak_nama"] = name
    lines = {
        0: [f"Narahubung: {addressed} ({written})."],
        1: [f"Contact person: {name} - {written}."],
        2: [
            "Untuk koordinasi lebih lanjut dapat menghubungi",
            f"{addressed}, HP {written}.",
        ],
        3: [f"CP : {name} / {written}"],
        4: [f"Narahubung kegiatan: {rng.choice(POSITIONS)}, {addressed} ({written})."],
        5: [
            "Informasi lebih lanjut dapat menghubungi narahubung kami,",
            f"{addressed} di nomor {written}.",
        ],
        6: ["Narahubung :", f"Nama   : {name}", f"No. HP : {written}"],
        7: [f"Contact Person: {written} ({name})"],
        8: [f"Apabila permohonan ini disetujui, mohon menghubungi {addressed} (WA {written})."],
        9: ["Narahubung:", f"1. {name} ({written})", f"2. {person(rng, False)} ({phone(rng)[0]})"],
    }[style]
    return lines


def _header(draft: Draft, date_place: int, addressee_first: list[str]) -> tuple[list[str], str]:
    """Nomor, Sifat, Lampiran, Perihal, and the date line; it stands per `date_place`:
    0 own line above, 1 on the Nomor line, 2 under the labels, 3 at the bottom, 4 nowhere.
    `addressee_first`: an addressee block that a text layer reads before the labels."""
    rng, sender = draft.rng, draft.sender
    n = rng.randrange(1, 999)
    number = sender.number.format(
        n=n,
        roman=ROMAN_MONTHS[draft.letter_date.month - 1],
        mm=f"{draft.letter_date.month:02d}",
        year=draft.letter_date.year,
    )
    draft.expected["nomor_surat"] = number
    date_line = f"{sender.place}, {long_date(draft.letter_date, rng)}"
    if rng.random() < 0.15:
        date_line = long_date(draft.letter_date, rng)
    if date_place != 4:
        draft.expected["tanggal_surat"] = draft.letter_date.isoformat()
    label_style = rng.randrange(6)
    number_label, subject_label = (
        ("Nomor", "Perihal"),
        ("No.", "Hal"),
        ("Nomor Surat", "Perihal"),
        ("Ref.", "Perihal"),
        ("Nomor", "Hal"),
        ("Ref. No.", "Subject"),
    )[label_style]
    colon = rng.choice((" : ", ": ", " :", "    :  ", ":"))
    width = max(len(number_label), len("Lampiran"), len(subject_label)) + 1

    def label(name: str, value: str) -> str:
        return f"{name.ljust(width) if rng.random() < 0.7 else name}{colon}{value}".rstrip()

    lines: list[str] = []
    if date_place == 0:
        lines.append(" " * 50 + date_line)
    lines += addressee_first
    number_line = label(number_label, number)
    if date_place == 1:
        number_line += " " * rng.randrange(4, 20) + date_line
    lines.append(number_line)
    sifat = rng.choice((None, None, "Biasa", "Segera", "Penting"))
    if sifat:
        lines.append(label("Sifat", sifat))
        draft.expected["sifat"] = sifat.lower()
    if rng.random() < 0.7:
        lines.append(label(rng.choice(("Lampiran", "Lamp.")), rng.choice(("-", "1 (satu) berkas"))))
    subject, continuation = _subject(draft)
    lines.append(label(subject_label, subject))
    if continuation:
        indent = " " * (width + len(colon)) if rng.random() < 0.6 else ""
        lines.append(indent + continuation)
    if date_place == 2:
        lines.append(date_line)
    draft.expected["perihal"] = f"{subject} {continuation}".strip()
    return lines, date_line


def _subject(draft: Draft) -> tuple[str, str]:
    subjects = (
        ("Permohonan Kunjungan", ""),
        ("Permohonan Izin Kunjungan", ""),
        ("Permohonan Kunjungan Belajar", "Siswa Kelas XI"),
        ("Studi Tiru Pengelolaan Command Center", ""),
        ("Permohonan Studi Tiru Pengelolaan", "Smart City dan Command Center"),
        ("Kunjungan Kerja", ""),
        ("Permohonan Izin Kunjungan Industri", ""),
        ("Study Visit ke Tarakan Command Center", ""),
        ("Permohonan Kunjungan Edukasi", ""),
    )
    return draft.rng.choice(subjects)


def _addressee(rng: random.Random) -> list[str]:
    return rng.choice(
        (
            [
                "Kepada Yth.",
                "Kepala UPTD Tarakan Command Center",
                "Dinas Komunikasi, Informatika, Statistik dan Persandian Kota Tarakan",
                "di -",
                "        Tarakan",
            ],
            ["Yth. Kepala Dinas Kominfo Statistik dan Persandian Kota Tarakan", "di Tempat"],
            ["Kepada", "Yth. Bapak Kepala DKISP Kota Tarakan", "di Tarakan"],
            ["Kepada Yth. Kepala UPTD Tarakan Command Center"],
        )
    )


def _greeting(rng: random.Random) -> list[str]:
    return rng.choice(
        (["Dengan hormat,"], ["Assalamu'alaikum Wr. Wb."], ["Salam sejahtera,"], [], [])
    )


def _signature(draft: Draft) -> list[str]:
    rng, sender = draft.rng, draft.sender
    signer = person(rng)
    second = person(rng)
    # A plain letter names its institution only in the signer's title, so keep that title.
    style = rng.randrange(10) if sender.letterhead else rng.choice((0, 2, 7, 9))
    draft.expected["penandatangan"] = signer
    title = sender.signer_title
    if title == "Hormat kami,":
        org = sender.instansi if sender.letterhead else ""
        return [title, org, "", "", signer, rng.choice(("Manajer SDM", "Direktur", "HRD Manager"))]
    if style == 0:
        return [title, "", "", signer, f"NIP. {nip(rng)}"]
    if style == 1:
        upper = signer.split(",")[0].upper() + signer[len(signer.split(",")[0]) :]
        draft.expected["penandatangan"] = upper
        return ["a.n. " + title.rstrip(",").upper(), "Sekretaris,", "", upper,
                "Pembina (IV/a)", f"NIP. {nip(rng)}"]  # fmt: skip
    if style == 2:
        return [title, "", "ttd", "", f"( {signer} )"]
    if style == 3:
        return ["Ketua,", signer, "", "Sekretaris,", second]
    if style == 4:
        gap = " " * 30
        return [f"Ketua Panitia,{gap}Sekretaris,", "", "", f"{signer}{gap}{second}"]
    if style == 5:
        return ["Ketua Panitia,", "", signer, "", "Mengetahui,", title, "", second,
                f"NIP. {nip(rng)}"]  # fmt: skip
    if style == 6:
        return ["Mengetahui,", title, "", second, f"NIP {nip(rng)}", "", "Ketua Panitia,",
                "", signer]  # fmt: skip
    if style == 7:
        return ["Plt. " + title, "", "", signer, "Penata Tk. I (III/d)", f"NIP. {nip(rng)}"]
    if style == 8:
        # two signers side by side, drawn as separate strings: titles first, then names
        return ["Ketua Panitia,", "Sekretaris,", "", "", signer, second]
    return ["Ditandatangani secara elektronik oleh:", title, "", signer, f"NIP. {nip(rng)}"]


def wrap(paragraph: str, rng: random.Random) -> list[str]:
    """Break a paragraph as a text layer does; some layers double spaces in justified lines,
    some letters indent a paragraph's first line."""
    indent = " " * 8 if rng.random() < 0.25 else ""
    lines = textwrap.wrap(
        paragraph,
        width=rng.randrange(80, 100),
        break_on_hyphens=False,
        initial_indent=indent,
    )
    if rng.random() < 0.4:
        lines = [line.replace(" ", "  ") for line in lines[:-1]] + lines[-1:]
    return lines


def with_ocr_slips(text: str, rng: random.Random) -> str:
    """A few digit slips as OCR makes them: 0 -> O, 1 -> l inside numbers."""
    chars = list(text)

    def in_number(i: int) -> bool:
        """Inside a run of digits, not in a code such as `UN17` that also holds letters."""
        start = end = i
        while start > 0 and chars[start - 1].isalnum():
            start -= 1
        while end < len(chars) - 1 and chars[end + 1].isalnum():
            end += 1
        return all(c.isdigit() for c in chars[start : end + 1])

    positions = [i for i, c in enumerate(chars) if c in "01" and in_number(i)]
    for i in rng.sample(positions, min(6, len(positions))):
        chars[i] = "O" if chars[i] == "0" else "l"
    return "".join(chars)


# --- letters ------------------------------------------------------------------------------


def visit_letter(index: int) -> CorpusLetter:
    rng = random.Random(index)
    sender = SENDERS[index % len(SENDERS)]
    letter_date = date(2026, 1, 5) + timedelta(days=rng.randrange(600))
    visit = letter_date + timedelta(days=rng.randrange(7, 45))
    while visit.weekday() == 6:
        visit += timedelta(days=1)
    draft = Draft(rng, sender, letter_date, visit)
    draft.expected["instansi_pengirim"] = sender.instansi
    date_place = index % 5
    lines: list[str] = []
    if sender.letterhead:
        tagline = rng.choice(([], [], ['TERAKREDITASI "A"'], ["NPSN: 30401234"]))
        lines += [*sender.kop, *tagline, sender.address, ""]
    addressee = _addressee(rng)
    addressee_first = rng.random() < 0.2
    header, date_line = _header(draft, date_place, addressee if addressee_first else [])
    lines += header
    lines += [] if addressee_first else addressee
    lines += _greeting(rng)
    visit_text, labelled_date = _visit_date(draft, year_known=date_place != 4)
    time_text = _visit_time(draft)
    count_text, names = _count(draft)
    opening = (
        f"Dalam rangka {sender.purpose}, kami bermaksud mengadakan kunjungan ke "
        "Tarakan Command Center"
    )
    if labelled_date is not None and rng.random() < 0.45:
        lines += wrap(f"{opening} yang akan dilaksanakan pada:", rng)
        day, _, rest = labelled_date.partition(", ")
        if rest and rng.random() < 0.5:
            lines += [f"hari      : {day}", f"tanggal   : {rest}"]
        else:
            lines.append(f"Hari/Tanggal   : {labelled_date}")
        if time_text is not None:
            lines.append(f"Waktu          : {time_text.removeprefix('pukul ')}")
        lines.append(f"Jumlah Peserta : {count_text}")
    else:
        schedule = f" {visit_text}" + (f" {time_text}" if time_text else "")
        counted = rng.choice(
            (
                f"Peserta kunjungan berjumlah {count_text}.",
                f"Rombongan kami sebanyak {count_text}.",
                f"Kami akan membawa {count_text}.",
                f"Kegiatan ini akan diikuti oleh {count_text}.",
            )
        )
        lines += wrap(f"{opening}{schedule}. {counted}", rng)
    if names:
        lines += wrap("Nama-nama peserta sebagaimana daftar terlampir.", rng)
    lines += _contact(draft)
    lines += wrap(
        rng.choice(
            (
                "Demikian surat permohonan ini kami sampaikan. Atas perhatian dan kerja samanya "
                "kami ucapkan terima kasih.",
                "Demikian disampaikan, atas perhatian Bapak/Ibu diucapkan terima kasih.",
                "Atas perhatian dan kerja sama yang baik, kami ucapkan terima kasih.",
            )
        ),
        rng,
    )
    if date_place == 3:
        lines.append(date_line)
    lines += _signature(draft)
    if not sender.letterhead:
        draft.expected["instansi_pengirim"] = sender.instansi
    if rng.random() < 0.25:
        lines += ["", "Tembusan:", "1. Kepala Dinas Pendidikan", "2. Arsip"]
    if names:
        number = draft.expected["nomor_surat"]
        lines += ["\f", f"Lampiran Surat Nomor {number}", "DAFTAR PESERTA KUNJUNGAN"]
        if rng.random() < 0.5:
            lines += [f"{i}. {name} - {rng.choice(POSITIONS)}" for i, name in enumerate(names, 1)]
        else:
            lines.append("No   Nama" + " " * 36 + "Jabatan")
            lines += [
                f"{i:<4} {name:<40} {rng.choice(POSITIONS)}" for i, name in enumerate(names, 1)
            ]
    text = "\n".join(lines)
    if index % 9 == 4:
        text = with_ocr_slips(text, rng)
    return CorpusLetter(f"visit_{index:03d}", text, draft.expected, True)


_NEGATIVE_BODIES: tuple[tuple[str, str], ...] = (
    (
        "Undangan",
        "Dalam rangka peresmian gedung laboratorium komputer, kami mengundang Bapak/Ibu untuk "
        "hadir pada acara tersebut yang akan dilaksanakan pada hari Senin, 14 Desember 2026.",
    ),
    (
        "Undangan Rapat Koordinasi",
        "Sehubungan dengan kunjungan kerja Gubernur ke Kota Tarakan, kami mengundang "
        "Bapak/Ibu untuk menghadiri rapat koordinasi persiapan pada tanggal 3 Maret 2027.",
    ),
    (
        "Permohonan Data",
        "Dalam rangka penyusunan laporan tahunan, kami memohon bantuan Bapak untuk dapat "
        "memberikan data jumlah kamera pemantau yang terpasang di Kota Tarakan.",
    ),
    (
        "Permohonan Narasumber",
        "Sehubungan dengan kegiatan seminar literasi digital, kami memohon kesediaan Bapak "
        "untuk menjadi narasumber pada kegiatan tersebut.",
    ),
    (
        "Pemberitahuan",
        "Dengan ini kami memberitahukan bahwa kantor kami telah pindah alamat ke Jl. Mulawarman "
        "No. 8 Tarakan terhitung mulai tanggal 1 Desember 2026.",
    ),
    (
        "Permohonan Izin Magang",
        "Kami mengajukan permohonan izin magang bagi 4 (empat) mahasiswa program studi "
        "Informatika selama 2 (dua) bulan di lingkungan dinas yang Bapak pimpin.",
    ),
)


def negative_letter(index: int) -> CorpusLetter:
    """An invitation or an unrelated letter: header fields still count, it is no visit request."""
    rng = random.Random(1000 + index)
    sender = SENDERS[(index * 3) % len(SENDERS)]
    letter_date = date(2026, 3, 1) + timedelta(days=rng.randrange(300))
    subject, body = _NEGATIVE_BODIES[index % len(_NEGATIVE_BODIES)]
    number = sender.number.format(
        n=rng.randrange(1, 999),
        roman=ROMAN_MONTHS[letter_date.month - 1],
        mm=f"{letter_date.month:02d}",
        year=letter_date.year,
    )
    signer = person(rng)
    lines = [*sender.kop, sender.address, ""] if sender.letterhead else []
    lines += [
        f"{sender.place}, {long_date(letter_date)}",
        f"Nomor    : {number}",
        "Lampiran : -",
        f"Perihal  : {subject}",
        *_addressee(rng),
        "Dengan hormat,",
        *wrap(body, rng),
        "Demikian kami sampaikan, atas perhatiannya diucapkan terima kasih.",
        sender.signer_title if sender.signer_title != "Hormat kami," else "Hormat kami,",
        "",
        signer,
    ]
    expected: dict[str, object] = {
        "nomor_surat": number,
        "tanggal_surat": letter_date.isoformat(),
        "perihal": subject,
        "instansi_pengirim": sender.instansi,
        "penandatangan": signer,
    }
    return CorpusLetter(f"negative_{index:03d}", "\n".join(lines), expected, False)


VISIT_LETTERS = 132
NEGATIVE_LETTERS = 18


def corpus() -> list[CorpusLetter]:
    return [visit_letter(i) for i in range(VISIT_LETTERS)] + [
        negative_letter(i) for i in range(NEGATIVE_LETTERS)
    ]


# --- real PDFs ----------------------------------------------------------------------------


def render_pdf(text: str, path: Path) -> None:
    """Write `text` as a text-layer A4 PDF, one drawn string per line; `\\f` starts a page."""
    pdf = canvas.Canvas(str(path), pagesize=A4)
    top, bottom, leading = A4[1] - 56, 56, 13
    for page_number, page in enumerate(text.split("\f")):
        if page_number:
            pdf.showPage()
        pdf.setFont("Helvetica", 10)
        y = top
        for line in page.strip("\n").split("\n"):
            if y < bottom:
                pdf.showPage()
                pdf.setFont("Helvetica", 10)
                y = top
            pdf.drawString(56, y, line)
            y -= leading
    pdf.save()


# --- OCR variants ---------------------------------------------------------------------------
#
# What Tesseract does to a letter (observed on the scanned and photographed samples): a Roman
# month's I read as `1`, `l` or `|`, with an extra stroke or split by a space; a slash read as
# a space, a number split by one; full stops lost or read as commas; column gaps collapsed to
# one space; paragraphs set apart by blank lines; pages joined by `\n\f\n`. Each transform
# keeps what a careful reader can still recover, so the expected fields stay the same.

_ROMAN_MONTH_IN_NUMBER = re.compile(r"/(?P<month>[IVX]+)/(?P<year>20\d\d)\b")
_STROKES = ("1", "l", "|")


def _first_number_line(lines: list[str], number: str) -> int | None:
    return next((i for i, line in enumerate(lines) if number in line), None)


def _with_number(text: str, number: str, spoilt: str) -> str:
    """The header's number spoilt; a later mention (`Lampiran Surat Nomor ...`) kept."""
    lines = text.split("\n")
    at = _first_number_line(lines, number)
    if at is not None:
        lines[at] = lines[at].replace(number, spoilt, 1)
    return "\n".join(lines)


def spoil_roman_month(letter: CorpusLetter, rng: random.Random) -> str:
    """`XI` -> `X1`, `Xl`, `X|`; with the letter's date to check against, also `XI1` (an extra
    stroke), `X 1` (split) and, for January, a bare `1`."""
    number = str(letter.expected["nomor_surat"])
    match = _ROMAN_MONTH_IN_NUMBER.search(number)
    if match is None:
        return letter.text
    month = match.group("month")
    dated = "tanggal_surat" in letter.expected
    choices: list[str] = []
    if re.search("[XV]", month) and "I" in month:
        choices += [month.replace("I", rng.choice(_STROKES)), month.replace("I", "1", 1)]
    if re.search("[XV]", month) and dated:
        choices += [month + "1", f"{month[0]} {month[1:] or '1'}".replace(" I", " 1")]
    if month == "I" and dated:
        choices.append(rng.choice(_STROKES))
    if not choices:
        return letter.text
    spoilt = number[: match.start("month")] + rng.choice(choices) + number[match.end("month") :]
    return _with_number(letter.text, number, spoilt)


def readable_slash(left: str, right: str, after: str) -> bool:
    """A slash a reader can tell was lost: not between two short digit runs (`09 12` is a
    number split in two; so is `Kk.34.2 1`, as `HM.3 40` would be), not between a unit and a
    short number (`SMAN 2`)."""
    left_digits = re.search(r"\d+$", left)
    right_digits = re.match(r"\d+", right)
    if left_digits and right_digits and not re.fullmatch(r"\d+(?:\.\d+)+", left):
        return len(left_digits.group()) + len(right_digits.group()) > 4
    if right_digits and right_digits.group() == right and len(right) <= 2 and left[-1:].isalpha():
        return after.startswith("/20")
    return True


def lose_slash(letter: CorpusLetter, rng: random.Random) -> str:
    """One slash of the header's number read as a space: `078 MDN-HRD/X/2026`."""
    number = str(letter.expected["nomor_surat"])
    parts = number.split("/")
    slashes = [
        i
        for i in range(1, len(parts))
        if readable_slash(parts[i - 1], parts[i], "/" + "/".join(parts[i + 1 :]))
    ]
    if not slashes:
        return letter.text
    at = rng.choice(slashes)
    spoilt = "/".join(parts[:at]) + " " + "/".join(parts[at:])
    return _with_number(letter.text, number, spoilt)


def split_number(letter: CorpusLetter, rng: random.Random) -> str:
    """A short run of digits in the number split by a space: `170/09 12/Setwan`."""
    number = str(letter.expected["nomor_surat"])
    parts = number.split("/")
    runs = [i for i, part in enumerate(parts) if re.fullmatch(r"\d{2,4}", part)]
    if not runs:
        return letter.text
    at = rng.choice(runs)
    cut = rng.randrange(1, len(parts[at]))
    parts[at] = f"{parts[at][:cut]} {parts[at][cut:]}"
    return _with_number(letter.text, number, "/".join(parts))


def lose_full_stops(letter: CorpusLetter, rng: random.Random) -> str:
    """`Yth.` read `Yih.`, `NIP.` read `NIP,`, a title before a name without its stop
    (`Ir Sutrisno`)."""
    text = letter.text.replace("Yth.", rng.choice(("Yih.", "Ylh.", "Yth,")))
    text = text.replace("NIP. ", "NIP, ")
    return re.sub(r"\b(Dr|Drs|Dra|Ir|Hj)\. (?=[A-Z])", r"\1 ", text)


_WIDE_GAP = re.compile(r" {10,}")


def collapse_gaps(letter: CorpusLetter, rng: random.Random) -> str:
    """Spacing as Tesseract writes it: indents and gaps collapsed to one space; columns far
    apart either run together on one line or, in some letters, come as blocks of their own."""
    blocks = rng.random() < 0.5
    lines: list[str] = []
    for line in letter.text.split("\n"):
        if blocks:
            line = _WIDE_GAP.sub("\n", line.strip())
        lines += [" ".join(part.split()) for part in line.split("\n")]
    return "\n".join(lines)


def blank_paragraphs(letter: CorpusLetter, rng: random.Random) -> str:
    """A blank line after each line that ends a paragraph, pages joined by `\\n\\f\\n`."""
    lines: list[str] = []
    for line in letter.text.split("\n"):
        lines.append(line)
        if line.rstrip().endswith((".", ":")) and rng.random() < 0.8:
            lines.append("")
    return "\n".join(lines).replace("\n\f\n", "\f").replace("\f", "\n\f\n")


OCR_TRANSFORMS = {
    "roman_month": spoil_roman_month,
    "lost_slash": lose_slash,
    "split_number": split_number,
    "full_stops": lose_full_stops,
    "collapsed_gaps": collapse_gaps,
    "blank_paragraphs": blank_paragraphs,
}


def ocr_variant(letter: CorpusLetter, transforms: tuple[str, ...], seed: int) -> CorpusLetter:
    """The letter as OCR might read it, through the transforms named, in order."""
    rng = random.Random(seed)
    for name in transforms:
        transformed = OCR_TRANSFORMS[name](letter, rng)
        letter = CorpusLetter(letter.name, transformed, letter.expected, letter.is_visit_request)
    return CorpusLetter(f"{letter.name}_ocr", letter.text, letter.expected, letter.is_visit_request)


def ocr_corpus() -> list[CorpusLetter]:
    """Every corpus letter through a random half of the transforms (the number's three
    spoilings exclude one another: a number is spoilt once)."""
    letters: list[CorpusLetter] = []
    for index, letter in enumerate(corpus()):
        rng = random.Random(7000 + index)
        spoiling = rng.choice(("roman_month", "lost_slash", "split_number"))
        others = [
            name
            for name in ("full_stops", "collapsed_gaps", "blank_paragraphs")
            if rng.random() < 0.6
        ]
        letters.append(ocr_variant(letter, (spoiling, *others), 7000 + index))
    return letters
