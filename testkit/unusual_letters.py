"""The development set of less usual request letters (issue 11), one group per way they go wrong.

Each group writes letters in several wordings around one difficulty: who is writing when the
kop names several bodies, which date is the visit, bilingual company letters, greetings after
the subject, letter numbers, two signers, contacts, head-counts, participant lists in columns,
and Malay letters. Everything else in a letter (dates, names, numbers) is drawn at random, so
each group tests the rule, not one letter. The reader is tuned on these; the held-out set
(`bench/heldout_letters.py`) is written apart from them and only measured.

Letters are text with `\\f` between pages and TAB between table cells (see `letter_files`).
"""

from __future__ import annotations

import random
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from letter_files import CELL

from pipeline.indonesian import DAYS, MONTHS, ROMAN_MONTHS, terbilang

ENGLISH_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
ENGLISH_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MALAY_MONTHS = (
    "Januari", "Februari", "Mac", "April", "Mei", "Jun", "Julai", "Ogos", "September",
    "Oktober", "November", "Disember",
)  # fmt: skip
MALAY_DAYS = ("Isnin", "Selasa", "Rabu", "Khamis", "Jumaat", "Sabtu", "Ahad")
ENGLISH_NUMBERS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty",
)  # fmt: skip

FIRST = ("Rahmat", "Sri", "Yosef", "Indah", "Fajar", "Nurul", "Stevanus", "Wulan", "Ahmad",
         "Kristina", "Made", "Hamzah", "Rosa", "Bayu", "Dian", "Ignatius")  # fmt: skip
LAST = ("Hidayat", "Wahyuni", "Tandiarrang", "Permatasari", "Nugroho", "Huda", "Lumban Gaol",
        "Kusuma", "Syarifuddin", "Manurung", "Suarsana", "Arifin", "Pattiasina",
        "Saragih")  # fmt: skip
DEGREES = ("", ", S.Pd.", ", M.Pd.", ", S.T.", ", S.E., M.M.", ", S.Kom.", ", M.Si.")


@dataclass(frozen=True)
class GeneratedLetter:
    name: str
    group: str
    text: str
    expected: dict[str, object]
    ruled: bool = False  # the participant table has rules


@dataclass
class Draft:
    rng: random.Random
    letter_date: date
    visit: date
    expected: dict[str, object] = field(default_factory=dict)


def person(rng: random.Random, degree: bool = True) -> str:
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    return name + (rng.choice(DEGREES) if degree else "")


def indonesian_date(value: date) -> str:
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def mobile(rng: random.Random) -> tuple[str, str]:
    digits = f"8{rng.choice('1235')}{rng.randrange(10, 99)}{rng.randrange(10**7, 10**8)}"
    written = rng.choice((f"0{digits[:3]}-{digits[3:7]}-{digits[7:]}", f"0{digits}"))
    return written, f"+62{digits}"


def new_draft(rng: random.Random) -> Draft:
    letter_date = date(2026, 2, 2) + timedelta(days=rng.randrange(500))
    visit = letter_date + timedelta(days=rng.randrange(8, 40))
    while visit.weekday() >= 5:
        visit += timedelta(days=1)
    return Draft(rng, letter_date, visit)


# --- the plain parts around each difficulty -------------------------------------------------


def header(draft: Draft, number: str, subject: str, place: str) -> list[str]:
    draft.expected.update(
        nomor_surat=number, perihal=subject, tanggal_surat=draft.letter_date.isoformat()
    )
    return [
        f"Nomor    : {number}{' ' * 20}{place}, {indonesian_date(draft.letter_date)}",
        "Lampiran : -",
        f"Perihal  : {subject}",
        "",
        "Kepada Yth.",
        "Kepala UPTD Tarakan Command Center",
        "di -",
        "   Tarakan",
        "",
    ]


def visit_sentence(draft: Draft, purpose: str) -> list[str]:
    visit = draft.visit
    draft.expected["tanggal_kunjungan"] = visit.isoformat()
    draft.expected["waktu_kunjungan"] = "09:00"
    return [
        f"Dalam rangka {purpose}, kami bermaksud melakukan kunjungan ke Tarakan Command Center",
        f"pada hari {DAYS[visit.weekday()]}, {indonesian_date(visit)} pukul 09.00 WITA.",
    ]


def count_sentence(draft: Draft) -> list[str]:
    count = draft.rng.randrange(6, 40)
    draft.expected["jumlah_peserta"] = count
    return [f"Peserta kunjungan berjumlah {count} ({terbilang(count)}) orang."]


def contact_lines(draft: Draft) -> list[str]:
    written, normalised = mobile(draft.rng)
    name = person(draft.rng, degree=False)
    draft.expected.update(kontak_nama=name, kontak_telepon=normalised)
    return [f"Narahubung: {name} ({written})."]


def closing() -> list[str]:
    return ["Demikian permohonan ini kami sampaikan, atas perhatiannya kami ucapkan terima kasih.",
            ""]


def signature(draft: Draft, title: str, jabatan: str, *, nip: bool = True) -> list[str]:
    name = person(draft.rng)
    draft.expected.update(penandatangan=name, jabatan_penandatangan=jabatan)
    lines = [f"{title},", "", "", name]
    if nip:
        lines.append(f"NIP. 19{draft.rng.randrange(65, 90)}0{draft.rng.randrange(1, 9)}12 "
                     f"20{draft.rng.randrange(10, 20)}01 1 00{draft.rng.randrange(1, 9)}")
    return lines


def number_for(draft: Draft, pattern: str) -> str:
    return pattern.format(
        n=draft.rng.randrange(1, 400),
        roman=ROMAN_MONTHS[draft.letter_date.month - 1],
        year=draft.letter_date.year,
    )


# --- who is writing ---------------------------------------------------------------------------

# (kop lines, how it names itself, signer title, jabatan as the reply addresses it, number)
WRITERS = (
    (["BADAN EKSEKUTIF MAHASISWA", "UNIVERSITAS BORNEO TARAKAN", "KABINET SINERGI MELANGKAH",
      "Sekretariat: Jl. Amal Lama No. 1, Tarakan 77115"],
     "Badan Eksekutif Mahasiswa Universitas Borneo Tarakan", "Presiden Mahasiswa",
     "Presiden Mahasiswa Badan Eksekutif Mahasiswa Universitas Borneo Tarakan",
     "{n:03d}/BEM-UBT/{roman}/{year}"),
    (["BEM POLITEKNIK NEGERI SAMARINDA", "Kabinet Harmoni Bergerak",
      "Jl. Ciptomangunkusumo, Samarinda 75131"],
     "BEM Politeknik Negeri Samarinda", "Ketua BEM",
     "Ketua BEM Politeknik Negeri Samarinda", "{n:03d}/BEM-PNS/{roman}/{year}"),
    (["PEMERINTAH KOTA TARAKAN", "KECAMATAN TARAKAN TIMUR",
      "TIM PENGGERAK PEMBERDAYAAN DAN KESEJAHTERAAN KELUARGA",
      "Jl. Mulawarman No. 5, Tarakan 77114"],
     "Tim Penggerak Pemberdayaan dan Kesejahteraan Keluarga Kecamatan Tarakan Timur",
     "Ketua TP PKK Kecamatan Tarakan Timur", "Ketua TP PKK Kecamatan Tarakan Timur",
     "{n}/TP-PKK/KEC-TT/{roman}/{year}"),
    (["PEMERINTAH KABUPATEN BULUNGAN", "KECAMATAN TANJUNG PALAS", "DESA GUNUNG SARI",
      "Jl. Poros Tanjung Palas Km 5, Bulungan 77211"],
     "Desa Gunung Sari", "Kepala Desa Gunung Sari", "Kepala Desa Gunung Sari",
     "140/{n}/DS-GS/{roman}/{year}"),
    (["PEMERINTAH KABUPATEN NUNUKAN", "KECAMATAN SEBATIK", "KANTOR DESA SUNGAI NYAMUK",
      "Jl. Ahmad Yani, Sebatik, Nunukan 77483"],
     "Kantor Desa Sungai Nyamuk", "Kepala Desa Sungai Nyamuk", "Kepala Desa Sungai Nyamuk",
     "400/{n}/SN/{year}"),
    (["LEMBAGA KURSUS DAN PELATIHAN KOMPUTER CITRA MANDIRI BORNEO",
      "Izin Dinas Pendidikan No. 421.9/112/Disdik/2019",
      "Jl. Gajah Mada No. 17, Tarakan 77111 Telp. (0551) 24 880"],
     "LKP Citra Mandiri", "Pimpinan LKP Citra Mandiri", "Pimpinan LKP Citra Mandiri",
     "{n:03d}/LKP-CM/{roman}/{year}"),
    (["PT ANGKASA LOGISTIK NUSANTARA", "KANTOR CABANG TARAKAN",
      "Jl. Yos Sudarso No. 88, Tarakan 77112"],
     "PT Angkasa Logistik Nusantara Kantor Cabang Tarakan", "Kepala Cabang",
     "Kepala Cabang PT Angkasa Logistik Nusantara Kantor Cabang Tarakan",
     "{n:03d}/ALN-TRK/{roman}/{year}"),
)  # fmt: skip


def who_is_writing(rng: random.Random, index: int) -> tuple[str, dict[str, object]]:
    draft = new_draft(rng)
    kop, instansi, title, jabatan, pattern = WRITERS[index % len(WRITERS)]
    # An institute with a long legal name in its kop signs with its short one (`LKP ...`):
    # it names itself so.
    draft.expected["instansi_pengirim"] = instansi
    lines = [*kop, ""]
    lines += header(draft, number_for(draft, pattern), "Permohonan Kunjungan", "Tarakan")
    lines += ["Dengan hormat,"]
    lines += visit_sentence(draft, rng.choice(("studi tiru tata kelola data",
                                               "kegiatan pengenalan layanan kota")))
    lines += count_sentence(draft) + contact_lines(draft) + closing()
    lines += signature(draft, title, jabatan, nip=instansi.startswith(("Desa", "Kantor Desa")))
    return "\n".join(lines), draft.expected


# --- which date is the visit -----------------------------------------------------------------


def which_date(rng: random.Random, index: int) -> tuple[str, dict[str, object]]:
    draft = new_draft(rng)
    earlier = draft.letter_date - timedelta(days=rng.randrange(5, 30))
    deadline = draft.letter_date + timedelta(days=rng.randrange(2, 6))
    event = draft.visit + timedelta(days=rng.randrange(10, 40))
    visit = draft.visit
    day = DAYS[visit.weekday()]
    draft.expected.update(instansi_pengirim="SMA Negeri 1 Tarakan",
                          tanggal_kunjungan=visit.isoformat(), waktu_kunjungan="08:30")
    lines = ["PEMERINTAH PROVINSI KALIMANTAN UTARA", "DINAS PENDIDIKAN DAN KEBUDAYAAN",
             "SMA NEGERI 1 TARAKAN", "Jl. Sei Sesayap No. 1, Tarakan 77111", ""]
    lines += header(draft, number_for(draft, "421.3/{n}/SMAN1/{roman}/{year}"),
                    "Permohonan Kunjungan Siswa", "Tarakan")
    lines.append("Dengan hormat,")
    style = index % 4
    if style == 0:
        lines += [f"Menindaklanjuti hasil rapat koordinasi pada tanggal "
                  f"{indonesian_date(earlier)},",
                  "kami bermaksud melaksanakan kunjungan ke Tarakan Command Center yang",
                  f"rencananya dilaksanakan pada hari {day}, {indonesian_date(visit)} "
                  "pukul 08.30 WITA."]
    elif style == 1:
        lines += ["Sehubungan dengan kegiatan Pekan Literasi Digital yang akan digelar pada",
                  f"tanggal {indonesian_date(event)}, kami mengajukan permohonan kunjungan dengan",
                  "rincian sebagai berikut:",
                  f"Hari/Tanggal : {day}, {indonesian_date(visit)}",
                  "Waktu        : 08.30 WITA s.d. selesai"]
    elif style == 2:
        lines += [f"Kami mohon konfirmasi paling lambat tanggal {indonesian_date(deadline)}.",
                  "Adapun rencana jadwal kunjungan siswa kami adalah",
                  f"{day}, {indonesian_date(visit)}, pukul 08.30 WITA."]
    else:
        lines += [f"Berdasarkan surat Bapak nomor 000.1.5/12/UPTD-TCC tanggal "
                  f"{indonesian_date(earlier)}, kami",
                  f"akan berkunjung pada {day}, {indonesian_date(visit)} jam 08.30 WITA. Kegiatan",
                  f"ini merupakan persiapan lomba inovasi tanggal {indonesian_date(event)}."]
    lines += count_sentence(draft) + contact_lines(draft) + closing()
    lines += signature(draft, "Kepala SMA Negeri 1 Tarakan", "Kepala SMA Negeri 1 Tarakan")
    return "\n".join(lines), draft.expected


# --- bilingual company letters -----------------------------------------------------------------


def english_date(value: date) -> str:
    return f"{ENGLISH_MONTHS[value.month - 1]} {value.day}, {value.year}"


def bilingual(rng: random.Random, index: int) -> tuple[str, dict[str, object]]:
    draft = new_draft(rng)
    visit, count = draft.visit, rng.randrange(3, 15)
    number = number_for(draft, "{n:03d}/BNT-GA/{roman}/{year}")
    company = rng.choice((("PT BORNEO NUSA TEKNOLOGI", "PT Borneo Nusa Teknologi"),
                          ("PT KALTARA ENERGI PRIMA", "PT Kaltara Energi Prima")))
    signer = person(rng, degree=False)
    written, normalised = mobile(rng)
    contact = person(rng, degree=False)
    draft.expected.update(
        nomor_surat=number, tanggal_surat=draft.letter_date.isoformat(),
        perihal="Company Visit to Tarakan Command Center", instansi_pengirim=company[1],
        tanggal_kunjungan=visit.isoformat(), waktu_kunjungan="10:00", jumlah_peserta=count,
        kontak_nama=contact, kontak_telepon=normalised, penandatangan=signer,
        jabatan_penandatangan=f"General Manager {company[1]}",
    )
    date_label = ("Date : " if index % 2 else "Tanggal / Date : ")
    lines = [company[0], "Jl. MT Haryono No. 12, Balikpapan 76114", "",
             f"Ref. No.   : {number}", f"{date_label}{english_date(draft.letter_date)}",
             "Subject    : Company Visit to Tarakan Command Center", "",
             "To:", "Head of UPTD Tarakan Command Center", "Tarakan", "",
             "Dear Sir/Madam,"]
    when = f"{ENGLISH_DAYS[visit.weekday()]}, {english_date(visit)}"
    if index % 2:
        lines += ["We would like to request permission to visit the Tarakan Command Center on",
                  f"{when} at 10.00 WITA. Our delegation consists of {count}",
                  f"({ENGLISH_NUMBERS[count]}) persons."]
    else:
        lines += ["Dengan hormat, kami bermaksud berkunjung ke Tarakan Command Center / we",
                  "would like to visit the Command Center:",
                  f"Day, Date  : {when}", "Time       : 10.00 WITA",
                  f"Participants : {count} ({ENGLISH_NUMBERS[count]}) persons"]
    lines += [f"Contact person: {contact}, mobile {written}.",
              "Thank you for your kind attention.", "", "Sincerely,", "", "", signer,
              "General Manager"]
    return "\n".join(lines), draft.expected


# --- greetings after the subject ---------------------------------------------------------------

GREETINGS = (
    ["Assalamu'alaikum Wr. Wb."],
    ["Om Swastyastu"],
    ["Salam sejahtera bagi kita semua,"],
    ["Shalom,"],
    ["Namo Buddhaya,"],
    ["Assalamu'alaikum Wr. Wb.", "Salam sejahtera bagi kita semua,", "Om Swastyastu,",
     "Namo Buddhaya,"],
    ["Assalamualaikum Warahmatullahi Wabarakatuh, Shalom, Om Swastyastu"],
)


def greetings(rng: random.Random, index: int) -> tuple[str, dict[str, object]]:
    draft = new_draft(rng)
    subject = rng.choice(("Permohonan Kunjungan Edukasi", "Permohonan Izin Studi Tiru"))
    number = number_for(draft, "{n}/FKUB-TRK/{roman}/{year}")
    draft.expected.update(nomor_surat=number, perihal=subject,
                          tanggal_surat=draft.letter_date.isoformat(),
                          instansi_pengirim="Forum Kerukunan Umat Beragama Kota Tarakan")
    lines = ["FORUM KERUKUNAN UMAT BERAGAMA", "KOTA TARAKAN", "Jl. Diponegoro No. 3, Tarakan",
             "", f"Tarakan, {indonesian_date(draft.letter_date)}", "",
             f"Nomor : {number}", "Lamp. : -", f"Hal   : {subject}"]
    greeting = GREETINGS[index % len(GREETINGS)]
    if index % 4 == 1:  # beside the subject, in the right column
        lines[-1] += " " * 12 + " ".join(greeting)
        lines += ["Yth. Kepala UPTD Tarakan Command Center", "di Tarakan", ""]
    elif index % 3 == 0:
        lines += [*greeting, "Yth. Kepala UPTD Tarakan Command Center", "di Tarakan", ""]
    else:
        lines += ["", "Yth. Kepala UPTD Tarakan Command Center", "di Tarakan", "", *greeting]
    lines += visit_sentence(draft, "pembinaan kerukunan berbasis teknologi")
    lines += count_sentence(draft) + contact_lines(draft) + closing()
    lines += signature(draft, "Ketua FKUB Kota Tarakan", "Ketua FKUB Kota Tarakan", nip=False)
    return "\n".join(lines), draft.expected


# --- letter numbers as written -----------------------------------------------------------------

TYPO_NUMBERS = ("{n}/SMPN-5//{roman}/{year}", "{n}/SMPN 5/{roman}/{year}.",
                "No.{n}/SMPN-5/{roman}/{year}", "{n} /SMPN-5/ {roman}/{year}",
                "{n}/SMPN-5/{roman}/{year}/", "{n}/SMPN-5/{roman}-{year}")


def numbers_as_written(rng: random.Random, index: int) -> tuple[str, dict[str, object]]:
    draft = new_draft(rng)
    number = number_for(draft, TYPO_NUMBERS[index % len(TYPO_NUMBERS)]).rstrip(".")
    draft.expected["instansi_pengirim"] = "SMP Negeri 5 Tarakan"
    lines = ["PEMERINTAH KOTA TARAKAN", "DINAS PENDIDIKAN", "SMP NEGERI 5 TARAKAN",
             "Jl. Pulau Sebatik No. 9, Tarakan 77113", ""]
    lines += header(draft, number, "Permohonan Kunjungan Belajar", "Tarakan")
    lines += ["Dengan hormat,", *visit_sentence(draft, "pembelajaran Informatika"),
              *count_sentence(draft), *contact_lines(draft), *closing()]
    lines += signature(draft, "Kepala SMP Negeri 5 Tarakan", "Kepala SMP Negeri 5 Tarakan")
    return "\n".join(lines), draft.expected


# --- two signers ---------------------------------------------------------------------------------


def two_signers(rng: random.Random, index: int) -> tuple[str, dict[str, object]]:
    draft = new_draft(rng)
    sender, witness = person(rng), person(rng)
    draft.expected.update(instansi_pengirim="SMK Negeri 3 Tarakan", penandatangan=sender,
                          jabatan_penandatangan="Ketua Panitia Kunjungan Industri")
    lines = ["PEMERINTAH PROVINSI KALIMANTAN UTARA", "DINAS PENDIDIKAN DAN KEBUDAYAAN",
             "SMK NEGERI 3 TARAKAN", "Jl. Aki Babu No. 2, Tarakan 77116", ""]
    lines += header(draft, number_for(draft, "{n}/Pan-KI/SMKN3/{roman}/{year}"),
                    "Permohonan Kunjungan Industri", "Tarakan")
    lines += ["Dengan hormat,", *visit_sentence(draft, "kunjungan industri kelas XII"),
              *count_sentence(draft), *contact_lines(draft), *closing()]
    gap = " " * 30
    if index % 2:  # the one who knows on the left, the sender on the right
        lines += [f"Mengetahui,{gap}Tarakan, {indonesian_date(draft.letter_date)}",
                  f"Kepala SMK Negeri 3 Tarakan,{gap}Ketua Panitia Kunjungan Industri,", "", "",
                  f"{witness}{gap}{sender}"]
    else:
        lines += [f"Ketua Panitia Kunjungan Industri,{gap}Mengetahui,",
                  f"{gap}{gap}Kepala SMK Negeri 3 Tarakan,", "", "",
                  f"{sender}{gap}{witness}"]
    return "\n".join(lines), draft.expected


# --- contacts ------------------------------------------------------------------------------------


def contacts(rng: random.Random, index: int) -> tuple[str, dict[str, object]]:
    draft = new_draft(rng)
    office = f"(0551) 2{rng.randrange(10, 99)} {rng.randrange(100, 999)}"
    office_digits = office.replace("(", "").replace(")", "").replace(" ", "")
    name = person(rng, degree=False)
    style = index % 4
    if style == 0:  # a landline with its area code
        written, normalised = f"(0542) 7{rng.randrange(10, 99)} {rng.randrange(100, 999)}", ""
        normalised = "+62" + written[2:5] + written[6:].replace(" ", "")
        contact = [f"Informasi lebih lanjut dapat menghubungi {name} di telepon kantor {written}."]
    elif style == 1:  # one digit away from the kop's number
        changed = office_digits[:-1] + str((int(office_digits[-1]) + 1) % 10)
        written = f"({changed[:4]}) {changed[4:]}"
        normalised = "+62" + changed[1:]
        contact = [f"Narahubung kegiatan: {name}, telp. {written}."]
    elif style == 2:  # a Malaysian mobile
        digits = f"1{rng.randrange(2, 9)}{rng.randrange(1000000, 9999999)}"
        written, normalised = f"+60 {digits[:2]}-{digits[2:5]} {digits[5:]}", f"+60{digits}"
        contact = ["Untuk koordinasi, sila hubungi / silakan menghubungi",
                   f"{name} ({written})."]
    else:  # a heading word and a unit name before the person
        written, normalised = mobile(rng)
        contact = ["Narahubung", f"Bagian Humas dan Protokol: {name}, HP {written}"]
    draft.expected.update(kontak_nama=name, kontak_telepon=normalised,
                          instansi_pengirim="Dinas Perhubungan Kota Tarakan")
    lines = ["PEMERINTAH KOTA TARAKAN", "DINAS PERHUBUNGAN",
             f"Jl. Sudirman No. 40, Tarakan 77111 Telp. {office}", ""]
    lines += header(draft, number_for(draft, "551/{n}/Dishub/{year}"), "Kunjungan Kerja",
                    "Tarakan")
    lines += ["Dengan hormat,", *visit_sentence(draft, "studi pengelolaan lalu lintas"),
              *count_sentence(draft), *contact, *closing()]
    lines += signature(draft, "Kepala Dinas Perhubungan Kota Tarakan",
                       "Kepala Dinas Perhubungan Kota Tarakan")
    return "\n".join(lines), draft.expected


# --- head-counts ----------------------------------------------------------------------------


def head_counts(rng: random.Random, index: int) -> tuple[str, dict[str, object]]:
    draft = new_draft(rng)
    visitors, teachers = rng.randrange(20, 40), rng.randrange(2, 5)
    school_size = rng.randrange(400, 900)
    buses = rng.randrange(2, 4)
    style = index % 4
    names: list[str] = []
    if style == 0:
        count_lines = [f"Sekolah kami memiliki {school_size} siswa; yang akan berkunjung adalah",
                       f"{visitors} siswa kelas XI beserta {teachers} guru pendamping."]
        total = visitors + teachers
    elif style == 1:
        count_lines = [f"Rombongan berjumlah {visitors} orang dengan menggunakan {buses}",
                       f"({terbilang(buses)}) unit bus."]
        total = visitors
    elif style == 2:
        count_lines = [f"Dari {school_size} siswa, sebanyak {visitors} siswa terpilih akan"
                       " mengikuti kunjungan ini."]
        total = visitors
    else:
        names = [person(rng) for _ in range(rng.randrange(4, 9))]
        count_lines = ["Adapun peserta kunjungan sebagaimana daftar terlampir."]
        total = len(names)
    draft.expected.update(jumlah_peserta=total, instansi_pengirim="SMP Negeri 7 Tarakan")
    lines = ["PEMERINTAH KOTA TARAKAN", "DINAS PENDIDIKAN", "SMP NEGERI 7 TARAKAN",
             "Jl. Kampung Bugis No. 3, Tarakan 77115", ""]
    lines += header(draft, number_for(draft, "421.3/{n}/SMPN7/{year}"),
                    "Permohonan Kunjungan", "Tarakan")
    lines += ["Dengan hormat,", *visit_sentence(draft, "pengenalan profesi"), *count_lines,
              *contact_lines(draft), *closing()]
    lines += signature(draft, "Kepala SMP Negeri 7 Tarakan", "Kepala SMP Negeri 7 Tarakan")
    if names:
        draft.expected["peserta"] = names
        lines += ["\f", "Lampiran", "DAFTAR PESERTA KUNJUNGAN",
                  *(f"{i}. {name}" for i, name in enumerate(names, 1))]
    return "\n".join(lines), draft.expected


# --- participant lists in columns --------------------------------------------------------------


def participant_table(rng: random.Random, index: int) -> tuple[str, dict[str, object]]:
    draft = new_draft(rng)
    size = rng.choice((6, 9, 14)) if index % 3 else 48  # the longest runs over a page
    names = [person(rng) for _ in range(size)]
    positions = ("Kepala Bidang", "Analis Data", "Pranata Komputer", "Staf Teknis", "Operator")
    draft.expected.update(peserta=names, jumlah_peserta=size,
                          instansi_pengirim="Dinas Komunikasi dan Informatika Kabupaten Berau")
    lines = ["PEMERINTAH KABUPATEN BERAU", "DINAS KOMUNIKASI DAN INFORMATIKA",
             "Jl. Pulau Derawan No. 5, Tanjung Redeb 77311", ""]
    lines += header(draft, number_for(draft, "555/{n}/Diskominfo/{roman}/{year}"),
                    "Permohonan Studi Tiru", "Tanjung Redeb")
    lines += ["Dengan hormat,", *visit_sentence(draft, "studi tiru pengelolaan command center"),
              f"Peserta berjumlah {size} orang sebagaimana daftar terlampir.",
              *contact_lines(draft), *closing()]
    lines += signature(draft, "Kepala Dinas", "Kepala Dinas Komunikasi dan Informatika "
                       "Kabupaten Berau")
    lines += ["\f", "Lampiran Surat Permohonan Studi Tiru", "DAFTAR PESERTA", "",
              f"No{CELL}Nama{CELL}Jabatan"]
    lines += [f"{i}{CELL}{name}{CELL}{rng.choice(positions)}" for i, name in enumerate(names, 1)]
    return "\n".join(lines), draft.expected


# --- Malay letters --------------------------------------------------------------------------


def malay_date(value: date) -> str:
    return f"{value.day} {MALAY_MONTHS[value.month - 1]} {value.year}"


def malay(rng: random.Random, index: int) -> tuple[str, dict[str, object]]:
    draft = new_draft(rng)
    visit, count = draft.visit, rng.randrange(5, 25)
    reference = f"MPT/{rng.randrange(100, 900)}/{rng.randrange(1, 30)}/Jld.{rng.randrange(2, 9)}"
    signer = person(rng, degree=False)
    written = f"+60 89-{rng.randrange(100, 999)} {rng.randrange(1000, 9999)}"
    contact = person(rng, degree=False)
    draft.expected.update(
        nomor_surat=reference, tanggal_surat=draft.letter_date.isoformat(),
        perihal="Lawatan Sambil Belajar ke Tarakan Command Center",
        instansi_pengirim="Majlis Perbandaran Tawau", tanggal_kunjungan=visit.isoformat(),
        waktu_kunjungan="10:00", jumlah_peserta=count, penandatangan=signer,
        jabatan_penandatangan="Yang Dipertua Majlis Perbandaran Tawau", kontak_nama=contact,
        kontak_telepon="+6089" + written[7:].replace(" ", ""),
    )
    when = f"{MALAY_DAYS[visit.weekday()]}, {malay_date(visit)}"
    lines = ["MAJLIS PERBANDARAN TAWAU", "Peti Surat 9, 91007 Tawau, Sabah, Malaysia", "",
             f"Ruj. Kami : {reference}", f"Tarikh    : {malay_date(draft.letter_date)}", "",
             "Kepala UPTD Tarakan Command Center", "Kota Tarakan, Indonesia", "",
             "Tuan/Puan,", "",
             "LAWATAN SAMBIL BELAJAR KE TARAKAN COMMAND CENTER", ""]
    if index % 2:
        lines += ["Dengan segala hormatnya perkara di atas adalah dirujuk.",
                  "Sukacita dimaklumkan bahawa pihak kami bercadang mengadakan lawatan ke",
                  f"Tarakan Command Center pada {when} jam 10.00 pagi.",
                  f"Seramai {count} orang pegawai akan menyertai lawatan ini."]
    else:
        lines += ["Dengan hormatnya perkara di atas adalah dirujuk.",
                  "2. Butiran lawatan adalah seperti berikut:",
                  f"Tarikh : {when}", "Masa   : 10.00 pagi",
                  f"Bilangan peserta : {count} orang"]
    lines += [f"Untuk sebarang pertanyaan, sila hubungi {contact} di talian {written}.",
              "Kerjasama pihak tuan amatlah dihargai. Sekian, terima kasih.", "",
              "Yang benar,", "", "", signer, "Yang Dipertua", "Majlis Perbandaran Tawau"]
    return "\n".join(lines), draft.expected


# --- contacts named in many wordings ------------------------------------------------------------

# (kop lines with the sender's own phone and fax, signer title, language)
CONTACT_SENDERS = (
    (["PEMERINTAH KOTA TARAKAN", "DINAS PENDIDIKAN", "SD NEGERI 012 TARAKAN",
      "Jl. Kusuma Bangsa No. 4, Tarakan 77113 Telp. (0551) 21{a} Fax. (0551) 21{b}"],
     "Kepala Sekolah", "id"),
    (["YAYASAN PENDIDIKAN BINA INSANI", "SMA BINA INSANI TANJUNG SELOR",
      "Jl. Sengkawit No. 22, Tanjung Selor | Telp/Fax (0552) 21{a} | HP 0811-5400-{b}"],
     "Kepala SMA Bina Insani", "id"),
    (["PT SARANA DIGITAL KALTARA", "Ruko Gusher Blok C-7, Tarakan 77113",
      "Phone (0551) 38{a}, Fax (0551) 38{b}, info@saranadigital.co.id"],
     "Direktur", "en"),
    (["POLITEKNIK NEGERI NUNUKAN", "JURUSAN TEKNIK INFORMATIKA",
      "Jl. Ujang Dewa, Nunukan 77482 Telepon (0556) 20{a}"],
     "Ketua Jurusan", "id"),
    (["JABATAN PENERANGAN NEGERI SABAH", "Tingkat 3, Wisma Persekutuan, 88000 Kota Kinabalu",
      "Tel: +60 88-25{a} Faks: +60 88-25{b}"],
     "Pengarah", "ms"),
)  # fmt: skip

HONORIFICS = {
    "id": ("Bapak ", "Ibu ", "Sdr. ", "Sdri. ", "Bpk. ", ""),
    "en": ("Mr. ", "Ms. ", "Mrs. ", ""),
    "ms": ("Encik ", "Puan ", "Tuan ", ""),
}


def contact_phone(rng: random.Random, language: str) -> tuple[str, str]:
    """A phone in one of the ways people write one, and its normal form."""
    if language == "ms":
        digits = f"1{rng.randrange(1, 9)}{rng.randrange(1000000, 9999999)}"
        return rng.choice((f"+60 {digits[:2]}-{digits[2:5]} {digits[5:]}",
                           f"+60{digits}", f"(+60) {digits[:2]}-{digits[2:]}",
                           f"0{digits[:2]}-{digits[2:5]} {digits[5:]}")), f"+60{digits}"
    style = rng.randrange(6)
    if style == 0:  # a landline with its area code
        local = f"{rng.randrange(2, 8)}{rng.randrange(1000, 9999)}"
        return f"(0551) {local[:2]} {local[2:]}", f"+62551{local}"
    digits = f"8{rng.choice('1235')}{rng.randrange(10, 99)}{rng.randrange(10**7, 10**8)}"
    written = (
        f"0{digits[:3]} {digits[3:7]} {digits[7:]}",
        f"+62 {digits[:3]}-{digits[3:7]}-{digits[7:]}",
        f"62{digits}",
        f"0{digits[:3]}.{digits[3:7]}.{digits[7:]}",
        f"0{digits[:3]}-{digits[3:7]}-{digits[7:]}",
    )[style - 1]
    return written, f"+62{digits}"


# Wordings by language: (lines, after the closing); `{who}` is the honorific and name as
# written, `{phone}` the number.
CONTACT_WORDINGS: dict[str, tuple[tuple[tuple[str, ...], bool], ...]] = {
    "id": (
        (("Untuk informasi lebih lanjut, Bapak/Ibu dapat menghubungi {who} di nomor {phone}.",),
         False),
        (("Koordinasi teknis kunjungan dapat dilakukan melalui WhatsApp {who} ({phone}).",),
         False),
        (("Narahubung: {who} – {phone}",), True),
        (("CP: {phone} ({who})",), True),
        (("PIC kegiatan: {who}, HP/WA {phone}",), False),
        (("Penanggung jawab rombongan adalah {who} yang dapat dihubungi pada nomor",
          "{phone}."), False),
        (("Koordinator kunjungan: {who} (No. HP {phone})",), False),
        (("Konfirmasi kesediaan dapat disampaikan kepada {who}, guru pendamping, telp.",
          "{phone}."), False),
        (("Kontak yang dapat dihubungi: {phone} a.n. {who}",), True),
        (("Segala informasi terkait kegiatan ini dapat ditanyakan kepada {who} melalui",
          "nomor {phone}."), False),
        (("Guru pendamping rombongan, {who}, dapat dihubungi di {phone}.",), False),
        (("{who} ({phone}) akan mengoordinasikan keberangkatan rombongan kami.",), False),
        (("Narahubung:", "{who}", "{phone}"), True),
        (("Adapun narahubung kegiatan sebagai berikut:", "Nama     : {who}",
          "Jabatan  : Wakil Kepala Bidang Humas", "No. HP   : {phone}"), False),
        (("Nomor {phone} atas nama {who} dapat dihubungi untuk keperluan koordinasi.",),
         False),
        (("Apabila terdapat perubahan jadwal, mohon dikabarkan kepada {who} melalui",
          "telepon/WA {phone}."), False),
        (("Ket: konfirmasi kehadiran ke {who} ({phone}).",), True),
        (("Untuk kelancaran koordinasi, kami menunjuk {who} sebagai narahubung",
          "(HP {phone})."), False),
        (("Nama narahubung: {who}; nomor telepon: {phone}.",), False),
        (("Contact person kegiatan ini adalah {who} dengan nomor telepon {phone}.",), False),
        (("WA {phone} a/n {who}",), True),
        (("Telepon kantor (0551) 2{office} atau HP {phone} ({who}).",), False),
        (("Kami menantikan konfirmasi Bapak/Ibu melalui {who} di {phone}.",), False),
        (("Informasi lebih lanjut:", "{who}", "Telp/HP/WA : {phone}"), True),
    ),
    "en": (
        (("For further information, please contact {who} at {phone}.",), False),
        (("Our liaison officer, {who}, can be reached at {phone} (WhatsApp).",), False),
        (("Should you require any further details, kindly contact {who} on {phone}.",),
         False),
        (("Contact: {who} | Mobile: {phone}",), True),
        (("The person in charge of the visit is {who}, who may be reached on",
          "{phone}."), False),
        (("Please direct any queries to our coordinator, {who} (tel. {phone}).",), False),
        (("Mobile/WhatsApp: {phone} ({who}, Head of Administration)",), True),
    ),
    "ms": (
        (("Pegawai untuk dihubungi: {who} (Tel: {phone})",), False),
        (("Sebarang pertanyaan boleh diajukan kepada {who} di talian {phone}.",), False),
        (("Untuk maklumat lanjut, sila hubungi pegawai kami, {who}, di nombor {phone}.",),
         False),
        (("Pegawai yang boleh dihubungi ialah {who}, Penolong Pegawai Tadbir, di talian",
          "{phone}."), False),
    ),
}

ENGLISH_CLOSING = ["Thank you for your kind attention.", ""]
MALAY_CLOSING = ["Kerjasama pihak tuan amatlah dihargai. Sekian, terima kasih.", ""]


def contact_wordings(rng: random.Random, index: int) -> tuple[str, dict[str, object]]:
    draft = new_draft(rng)
    kop, title, language = CONTACT_SENDERS[index % len(CONTACT_SENDERS)]
    kop = [line.format(a=rng.randrange(100, 999), b=rng.randrange(100, 999)) for line in kop]
    wordings = CONTACT_WORDINGS[language]
    # The letters of one language go through its wordings in turn.
    nth = sum(CONTACT_SENDERS[i % len(CONTACT_SENDERS)][2] == language for i in range(index))
    lines_of_contact, after_closing = wordings[nth % len(wordings)]
    name = person(rng, degree=language == "id" and index % 3 == 0)
    who = rng.choice(HONORIFICS[language]) + name
    written, normalised = contact_phone(rng, language)
    office = rng.randrange(1000, 9999)
    contact = [
        wrapped
        for line in lines_of_contact
        for wrapped in textwrap.wrap(line.format(who=who, phone=written, office=office), 88)
    ]
    draft.expected.update(kontak_nama=name, kontak_telepon=normalised)
    visit = draft.visit
    number = number_for(draft, "{n:03d}/{roman}/{year}")
    lines = [*kop, ""]
    if language == "id":
        lines += header(draft, number, "Permohonan Kunjungan", "Tarakan")
        lines += ["Dengan hormat,", *visit_sentence(draft, "kegiatan belajar di luar kelas"),
                  *count_sentence(draft)]
        ending = closing()
    elif language == "en":
        draft.expected.update(nomor_surat=number, tanggal_surat=draft.letter_date.isoformat(),
                              perihal="Request for a Visit")
        lines += [f"Ref. No.   : {number}", f"Date       : {english_date(draft.letter_date)}",
                  "Subject    : Request for a Visit", "", "To:",
                  "Head of UPTD Tarakan Command Center", "Tarakan", "", "Dear Sir/Madam,",
                  "We would like to visit the Tarakan Command Center on",
                  f"{ENGLISH_DAYS[visit.weekday()]}, {english_date(visit)} at 10.00 WITA."]
        ending = ENGLISH_CLOSING
    else:
        draft.expected.update(nomor_surat=number, tanggal_surat=draft.letter_date.isoformat())
        lines += [f"Ruj. Kami : {number}", f"Tarikh    : {malay_date(draft.letter_date)}", "",
                  "Kepala UPTD Tarakan Command Center", "Kota Tarakan, Indonesia", "",
                  "Tuan/Puan,", "", "LAWATAN KERJA KE TARAKAN COMMAND CENTER", "",
                  "Dengan hormatnya perkara di atas adalah dirujuk.",
                  f"Pihak kami bercadang mengadakan lawatan pada {MALAY_DAYS[visit.weekday()]},",
                  f"{malay_date(visit)} jam 10.00 pagi."]
        ending = MALAY_CLOSING
    signer = [f"{title},", "", "", person(rng)]
    if language == "id":
        signer.append(f"NIP. 19{rng.randrange(65, 90)}0{rng.randrange(1, 9)}12 "
                      f"20{rng.randrange(10, 20)}01 1 00{rng.randrange(1, 9)}")
    if after_closing:
        lines += [*ending, *signer, "", *contact]
    else:
        lines += [*contact, *ending, *signer]
    return "\n".join(lines), draft.expected


# --- subjects written in other ways ----------------------------------------------------------


def subjects(rng: random.Random, index: int) -> tuple[str, dict[str, object]]:
    """The subject under another label, on two lines, after the addressee, or as a heading."""
    draft = new_draft(rng)
    number = number_for(draft, "{n}/SMKN2/{roman}/{year}")
    dated = f"Tarakan, {indonesian_date(draft.letter_date)}"
    addressee = ["Kepada Yth.", "Kepala UPTD Tarakan Command Center", "di Tarakan", ""]
    style = index % 11
    subject = rng.choice(("Permohonan Izin Kunjungan Siswa", "Permohonan Kunjungan Belajar",
                          "Permohonan Kunjungan Studi Lapangan"))
    if style == 0:  # `Hal` with a dot
        head = [f"Nomor : {number}", "Lamp. : -", f"Hal.  : {subject}", "", *addressee]
    elif style == 1:  # over two lines, aligned under the value
        subject += " dan Pengenalan Command Center"
        first, second = subject.rsplit(" dan ", 1)
        head = [f"Nomor    : {number}", "Lampiran : 1 (satu) berkas", f"Perihal  : {first}",
                f"           dan {second}", "", *addressee]
    elif style == 2:  # after the addressee
        head = [f"Nomor : {number}", "", *addressee, f"Perihal : {subject}", ""]
    elif style == 3:  # a heading in capitals under the salutation
        head = [f"Nomor : {number}", "", *addressee, "Dengan hormat,", "", subject.upper(), ""]
    elif style == 4:  # `Sifat` and `Lampiran` between number and subject, tabs for spaces
        head = [f"Nomor\t: {number}", "Sifat\t: Biasa", "Lampiran\t: -",
                f"Perihal\t: {subject}", "", *addressee]
    elif style == 5:  # `Re:` after the salutation in an English letter
        subject = "Request for an Educational Visit"
        head = [f"Our Ref : {number}", "", *addressee, "Dear Sir/Madam,", "",
                f"Re: {subject}", ""]
    elif style == 6:  # `Perkara` in a Malay letter
        subject = "Permohonan Lawatan Sambil Belajar"
        head = [f"Ruj. Kami : {number}", f"Perkara   : {subject}", "", *addressee]
    elif style == 7:  # the date line between number and subject, the subject ends with a stop
        head = [f"Nomor   : {number}", dated, f"Perihal : {subject}.", "", *addressee]
    elif style == 8:  # the subject in capitals after its label
        head = [f"Nomor   : {number}", f"Perihal : {subject.upper()}", "", *addressee]
    elif style == 9:  # a heading in the title's own case under the salutation
        head = [f"Nomor : {number}", "", *addressee, "Dengan hormat,", "", subject, ""]
    else:  # `RE:` in capitals under an English salutation
        subject = "Request for a Study Visit to the Command Center"
        head = [f"Our Ref : {number}", "", *addressee, "Dear Sir/Madam,", "",
                f"RE: {subject.upper()}", ""]
    draft.expected.update(nomor_surat=number, perihal=subject)
    lines = ["PEMERINTAH PROVINSI KALIMANTAN UTARA", "SMK NEGERI 2 TARAKAN",
             "Jl. Pulau Kalimantan No. 7, Tarakan 77111", ""]
    if style != 7:
        lines += [dated, ""]
    lines += head
    if style not in (3, 9):
        lines += ["Dengan hormat,"]
    lines += [*visit_sentence(draft, "praktik kerja lapangan"), *count_sentence(draft),
              *contact_lines(draft), *closing()]
    lines += signature(draft, "Kepala SMK Negeri 2 Tarakan", "Kepala SMK Negeri 2 Tarakan")
    return "\n".join(lines), draft.expected


# --- contacts as OCR reads them: numbers written with dots and gaps, names over two lines ------

# Ways of writing an Indonesian mobile that give OCR trouble: dots, spaced dashes, pairs.
def spaced_mobile(rng: random.Random, style: int) -> tuple[str, str]:
    digits = f"8{rng.choice('1235')}{rng.randrange(10, 99)}{rng.randrange(10**7, 10**8)}"
    written = (
        f"0{digits[:3]}.{digits[3:7]}.{digits[7:]}",
        f"0{digits[:3]} - {digits[3:7]} - {digits[7:]}",
        f"+62 {digits[:3]} {digits[3:7]} {digits[7:]}",
        f"0{digits[:3]}-{digits[3:6]}-{digits[6:]}",
        f"( +62 ) {digits[:3]}-{digits[3:7]}-{digits[7:]}",
        f"0{digits[:3]} {digits[3:5]} {digits[5:7]} {digits[7:9]} {digits[9:]}",
    )[style % 6]
    return written, f"+62{digits}"


# (lines of the contact, where: "body" before the closing or "after" the signature); `{who}`
# the name as written (with honorific), `{first}`/`{last}` its parts where a line break falls
# inside the name, `{phone}` the number, `{role}` what the person does.
CONTACT_LAYOUTS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("Untuk koordinasi lebih lanjut, Bapak/Ibu dapat menghubungi {first}",
      "{last} melalui nomor {phone}."), "body"),
    (("Narahubung kegiatan:", "{who}", "{role}", "HP/WA {phone}"), "after"),
    (("Nama         : {who}", "Jabatan      : {role}", "Nomor HP     : {phone}"), "body"),
    (("NB: Konfirmasi kehadiran mohon disampaikan kepada {who} ({phone}).",), "after"),
    (("Demi kelancaran kegiatan, kami menugaskan {first}",
      "{last} ({role}) sebagai penghubung, telepon {phone}."), "body"),
    (("Contact person: {who} / {phone}",), "after"),
    (("Apabila ada hal yang perlu dikoordinasikan, silakan hubungi {who}",
      "di {phone} (WhatsApp)."), "body"),
    (("{who} selaku {role} dapat dihubungi melalui {phone}.",), "body"),
)  # fmt: skip

CONTACT_ROLES = ("Wakil Kepala Sekolah Bidang Kesiswaan", "guru pendamping", "Ketua Panitia",
                 "Staf Tata Usaha", "Sekretaris OSIS")  # fmt: skip

# Kops of many kinds of sender: (kop lines, signer title, jabatan as the reply addresses it).
LAYOUT_SENDERS = (
    (["PEMERINTAH KABUPATEN MALINAU", "DINAS PENDIDIKAN", "SMP NEGERI 3 MALINAU",
      "Jl. Pusat Pemerintahan, Malinau 77554 Telp. (0553) 21{a}"], "Kepala SMP Negeri 3 Malinau",
     "Kepala SMP Negeri 3 Malinau"),
    (["YAYASAN PENDIDIKAN KRISTEN ANUGERAH", "SMA KRISTEN ANUGERAH TARAKAN",
      "Jl. Diponegoro No. 8, Tarakan 77112 | (0551) 32{a}"], "Kepala SMA Kristen Anugerah Tarakan",
     "Kepala SMA Kristen Anugerah Tarakan"),
    (["UNIVERSITAS KALTARA", "FAKULTAS ILMU KOMPUTER",
      "Jl. Sengkawit, Tanjung Selor 77212 Telp. (0552) 22{a}"], "Dekan Fakultas Ilmu Komputer",
     "Dekan Fakultas Ilmu Komputer Universitas Kaltara"),
)  # fmt: skip


def contact_layouts(rng: random.Random, index: int) -> tuple[str, dict[str, object]]:
    """A contact whose number is written with dots, gaps or pairs, laid out over lines: a
    name broken at the line's end, a block of labelled lines, a note after the signature."""
    draft = new_draft(rng)
    kop, title, jabatan = LAYOUT_SENDERS[index % len(LAYOUT_SENDERS)]
    kop = [line.format(a=rng.randrange(100, 999)) for line in kop]
    lines_of_contact, where = CONTACT_LAYOUTS[index % len(CONTACT_LAYOUTS)]
    first, last = rng.choice(FIRST), rng.choice(LAST)
    honorific = rng.choice(("Bapak ", "Ibu ", "Sdr. ", ""))
    written, normalised = spaced_mobile(rng, index // len(CONTACT_LAYOUTS) + index)
    contact = [
        line.format(who=f"{honorific}{first} {last}", first=f"{honorific}{first}", last=last,
                    phone=written, role=rng.choice(CONTACT_ROLES))
        for line in lines_of_contact
    ]
    draft.expected.update(kontak_nama=f"{first} {last}", kontak_telepon=normalised)
    number = number_for(draft, "{n:03d}/{roman}/{year}")
    lines = [*kop, "", *header(draft, number, "Permohonan Kunjungan", "Tarakan"), "Dengan hormat,",
             *visit_sentence(draft, "pembelajaran tentang layanan kota cerdas"),
             *count_sentence(draft)]
    signer = signature(draft, title, jabatan)
    if where == "body":
        lines += [*contact, *closing(), *signer]
    else:
        lines += [*closing(), *signer, "", *contact]
    return "\n".join(lines), draft.expected


# --- a subject with no label between the addressee and the salutation ---------------------------

UNLABELLED_SUBJECTS = ("Permohonan Kunjungan Edukasi", "Permohonan Izin Studi Tiru",
                       "Permohonan Kunjungan Kerja ke Tarakan Command Center",
                       "Rencana Kunjungan Mahasiswa",
                       "Permohonan Kunjungan dalam Rangka Studi Tiru Pengelolaan Data",
                       "Permohonan Izin Kunjungan untuk Praktik Kerja Lapangan")  # fmt: skip


def unlabelled_subjects(rng: random.Random, index: int) -> tuple[str, dict[str, object]]:
    """No `Perihal :`: the subject stands alone between the addressee block and `Dengan
    hormat,` — in its own case, in capitals, over two lines, with or without blank lines."""
    draft = new_draft(rng)
    number = number_for(draft, "{n}/PAN-KJ/{roman}/{year}")
    subject = UNLABELLED_SUBJECTS[index % len(UNLABELLED_SUBJECTS)]
    style = index % 4
    shown = [subject.upper() if style % 2 else subject]
    if style >= 2 and " ke " in subject:  # over two lines
        before, after = subject.split(" ke ", 1)
        shown = [before, f"ke {after}"]
    place = (["di -", "   Tarakan"], ["di Tempat"], ["di Tarakan"],
             ["Jl. Yos Sudarso No. 1", "Tarakan"], ["Kota Tarakan"])[index % 5]
    addressee = ["Kepada Yth.", "Kepala UPTD Tarakan Command Center", *place]
    draft.expected.update(nomor_surat=number, perihal=subject,
                          tanggal_surat=draft.letter_date.isoformat())
    # Some set the subject off by blank lines, some do not (where the addressee ends at its
    # `di` line); some greet with other words, or start the body without a greeting.
    blank = [""] if index % 3 or not place[0].startswith("di") else []
    greeting = ("Dengan hormat,", "Bapak/Ibu yang kami hormati,", "", "Dengan hormat,",
                "Salam sejahtera,", "Dengan hormat,", "Dengan hormat,")[index % 7]
    lines = ["PANITIA KULIAH KERJA", "POLITEKNIK NEGERI BULUNGAN",
             "Jl. Agatis, Tanjung Selor 77212", "",
             f"Nomor : {number}{' ' * 16}Tanjung Selor, {indonesian_date(draft.letter_date)}",
             "Lampiran : -", "", *addressee, *blank, *shown, *blank,
             *([greeting] if greeting else []),
             *visit_sentence(draft, "kuliah kerja mahasiswa"), *count_sentence(draft),
             *contact_lines(draft), *closing()]
    lines += signature(draft, "Ketua Panitia", "Ketua Panitia", nip=False)
    return "\n".join(lines), draft.expected


# --- the header in two columns: labels on the left, date and addressee on the right ----------

SIDE_SUBJECTS = (("Permohonan Kunjungan",), ("Permohonan Izin Kunjungan", "Studi Lapangan"),
                 ("Kunjungan Belajar Siswa",), ("Permohonan Kunjungan Kerja", "dan Audiensi"))


def side_by_side_header(rng: random.Random, index: int) -> tuple[str, dict[str, object]]:
    """Nomor, Lampiran and Perihal on the left; the date line and the addressee on the right,
    on the same lines, as many offices set the header. The subject may take two lines."""
    draft = new_draft(rng)
    number = number_for(draft, rng.choice(("421.2/{n}/SMPN7/{roman}/{year}",
                                            "B-{n}/DISKOMINFO/{roman}/{year}",
                                            "{n:03d}/KKN-UBT/{roman}/{year}")))
    subject = SIDE_SUBJECTS[index % len(SIDE_SUBJECTS)]
    draft.expected.update(nomor_surat=number, perihal=" ".join(subject),
                          tanggal_surat=draft.letter_date.isoformat())
    left = [f"Nomor     : {number}", f"Sifat     : {rng.choice(('Biasa', 'Penting'))}",
            "Lampiran  : -", f"Perihal   : {subject[0]}",
            *[f"            {more}" for more in subject[1:]]]
    right = [f"Tarakan, {indonesian_date(draft.letter_date)}", "",
             "Kepada", "Yth. Kepala UPTD Tarakan Command Center", "di -", "   Tarakan"]
    width = max(len(line) for line in left) + 8
    header_lines = [
        f"{(left[row] if row < len(left) else ''):<{width}}{right[row] if row < len(right) else ''}"
        .rstrip()
        for row in range(max(len(left), len(right)))
    ]
    kop = rng.choice((["PEMERINTAH KOTA TARAKAN", "SMP NEGERI 7 TARAKAN",
                       "Jl. Aki Balak, Tarakan 77115"],
                      ["UNIVERSITAS BORNEO TARAKAN", "LEMBAGA PENELITIAN DAN PENGABDIAN",
                       "Jl. Amal Lama No. 1, Tarakan 77115"]))
    lines = [*kop, "", *header_lines, "", "Dengan hormat,",
             *visit_sentence(draft, "pengenalan pusat data kota"), *count_sentence(draft),
             *contact_lines(draft), *closing()]
    lines += signature(draft, "Kepala Sekolah", "", nip=True)
    del draft.expected["jabatan_penandatangan"]
    return "\n".join(lines), draft.expected


# --- participants listed in other ways ------------------------------------------------------

CLASSES = ("X TKJ 1", "XI RPL 2", "XII TKJ 1", "XI MM 3", "X AKL 2")
ROLES = ("Guru Pendamping", "Siswa", "Ketua Rombongan", "Staf", "Mahasiswa")


def participant_lists(rng: random.Random, index: int) -> tuple[str, dict[str, object]]:
    """Participants listed in the body with a role after a dash, in a table whose last column
    is a class, or numbered with the role in brackets under a bare heading."""
    draft = new_draft(rng)
    size = rng.randrange(4, 12)
    names = [person(rng, degree=index % 3 == 2) for _ in range(size)]
    draft.expected.update(peserta=names, jumlah_peserta=size)
    style = index % 3
    lines = ["PEMERINTAH PROVINSI KALIMANTAN UTARA", "SMK NEGERI 4 TARAKAN",
             "Jl. Pulau Sulawesi No. 3, Tarakan 77111", ""]
    lines += header(draft, number_for(draft, "421.5/{n}/SMKN4/{roman}/{year}"),
                    "Permohonan Kunjungan Industri", "Tarakan")
    lines += ["Dengan hormat,", *visit_sentence(draft, "kunjungan industri jurusan")]
    if style == 0:
        lines += [f"Adapun peserta kunjungan berjumlah {size} orang, yaitu:"]
        lines += [f"{i}. {name} – {rng.choice(ROLES)}" for i, name in enumerate(names, 1)]
    else:
        lines += [f"Peserta berjumlah {size} orang sebagaimana terlampir."]
    lines += [*contact_lines(draft), *closing()]
    lines += signature(draft, "Kepala SMK Negeri 4 Tarakan", "Kepala SMK Negeri 4 Tarakan")
    if style == 1:
        lines += ["\f", "DAFTAR NAMA PESERTA KUNJUNGAN", "", f"No{CELL}Nama{CELL}Kelas"]
        lines += [f"{i}{CELL}{name}{CELL}{rng.choice(CLASSES)}" for i, name in enumerate(names, 1)]
    elif style == 2:
        lines += ["", "Lampiran", "Daftar peserta:"]
        lines += [f"{i}. {name} ({rng.choice(ROLES)})" for i, name in enumerate(names, 1)]
    return "\n".join(lines), draft.expected


# --- signature blocks set out in other ways -------------------------------------------------


def signature_blocks(rng: random.Random, index: int) -> tuple[str, dict[str, object]]:
    """The signer's title over two lines, signing on behalf of another (`a.n.`), with a stamp
    mark, or with a rank line between the name and the NIP."""
    draft = new_draft(rng)
    name = person(rng)
    style = index % 4
    draft.expected.update(instansi_pengirim="Dinas Komunikasi dan Informatika Kabupaten Malinau",
                          penandatangan=name)
    lines = ["PEMERINTAH KABUPATEN MALINAU", "DINAS KOMUNIKASI DAN INFORMATIKA",
             "Jl. Raja Pandita, Malinau 77554", ""]
    lines += header(draft, number_for(draft, "555/{n}/Diskominfo/{roman}/{year}"),
                    "Permohonan Studi Tiru", "Malinau")
    lines += ["Dengan hormat,", *visit_sentence(draft, "studi tiru layanan aduan warga"),
              *count_sentence(draft), *contact_lines(draft), *closing()]
    nip = (f"NIP. 19{rng.randrange(65, 90)}0{rng.randrange(1, 9)}12 "
           f"20{rng.randrange(10, 20)}01 1 00{rng.randrange(1, 9)}")
    if style == 0:
        office = "Kepala Dinas Komunikasi dan Informatika Kabupaten Malinau"
        lines += ["Kepala Dinas Komunikasi dan Informatika", "Kabupaten Malinau,", "", "", name,
                  nip]
    elif style == 1:
        office = "Sekretaris Dinas Komunikasi dan Informatika Kabupaten Malinau"
        lines += ["a.n. Kepala Dinas Komunikasi dan Informatika", "Kabupaten Malinau",
                  "Sekretaris,", "", "", name, nip]
    elif style == 2:
        office = "Kepala Dinas Komunikasi dan Informatika Kabupaten Malinau"
        lines += ["Kepala Dinas,", "", "ttd.", "", name, "Pembina Tk. I (IV/b)", nip]
    else:
        office = "Kepala Bidang Aplikasi Informatika"
        lines += ["Kepala Bidang Aplikasi Informatika,", "", "", name, "Penata Tk. I",
                  nip]
    draft.expected["jabatan_penandatangan"] = office
    return "\n".join(lines), draft.expected


GROUPS: dict[str, Callable[[random.Random, int], tuple[str, dict[str, object]]]] = {
    "pengirim": who_is_writing,
    "tanggal": which_date,
    "dwibahasa": bilingual,
    "salam": greetings,
    "nomor": numbers_as_written,
    "dua_penandatangan": two_signers,
    "kontak": contacts,
    "jumlah": head_counts,
    "tabel_peserta": participant_table,
    "melayu": malay,
    "kontak_kalimat": contact_wordings,
    "perihal_lain": subjects,
    "kontak_tata_letak": contact_layouts,
    "perihal_tanpa_label": unlabelled_subjects,
    "kepala_dua_kolom": side_by_side_header,
    "daftar_peserta": participant_lists,
    "tanda_tangan": signature_blocks,
}
LETTERS_PER_GROUP = 8
# Contacts are written in many more ways than the other difficulties: every wording of every
# language, more than once.
GROUP_SIZES = {"kontak_kalimat": 75, "perihal_lain": 22, "kontak_tata_letak": 24,
               "perihal_tanpa_label": 24}


def development_set(per_group: int = LETTERS_PER_GROUP) -> list[GeneratedLetter]:
    """Every group's letters; letter `i` of a group is drawn from `random.Random(seed)`."""
    letters: list[GeneratedLetter] = []
    for group_number, (group, write) in enumerate(GROUPS.items()):
        for index in range(GROUP_SIZES.get(group, per_group)):
            rng = random.Random(100 * group_number + index)
            text, expected = write(rng, index)
            ruled = group == "tabel_peserta" and index % 2 == 0
            letters.append(GeneratedLetter(f"{group}_{index:02d}", group, text, expected, ruled))
    return letters
