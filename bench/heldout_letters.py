"""The held-out set: less usual request letters written apart from the development set.

Same kinds of difficulty as `testkit/unusual_letters.py` (who writes, which date, bilingual,
greetings, numbers, two signers, contacts, head-counts, tables, Malay), but other senders,
wordings, layouts, names and a different seed. The reader is never tuned on these letters:
`bench/accuracy.py --set heldout` only measures them.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta

from letter_files import CELL
from unusual_letters import GeneratedLetter

from pipeline.indonesian import DAYS, MONTHS, ROMAN_MONTHS, terbilang

NAMES = ("Lusiana", "Teguh", "Margaretha", "Syamsul", "Ketut", "Herlina", "Benediktus",
         "Yusran", "Astuti", "Frengky", "Zulkifli", "Novita", "Paulus", "Rahmawati")  # fmt: skip
SURNAMES = ("Pasaribu", "Mappiare", "Wijayanti", "Bakri", "Sudarsana", "Tampubolon", "Kalalo",
            "Rusdianto", "Lamba", "Siregar", "Effendi", "Latuconsina")  # fmt: skip
TITLES = ("", "Dr. ", "")
DEGREES = ("", ", S.Sos.", ", M.T.", ", S.H.", ", S.Pd.I.", ", M.A.P.")
EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
EN_MONTHS_FULL = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
EN_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
EN_WORDS = ("", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
            "eleven", "twelve")  # fmt: skip
MS_MONTHS = ("Januari", "Februari", "Mac", "April", "Mei", "Jun", "Julai", "Ogos", "September",
             "Oktober", "November", "Disember")  # fmt: skip
MS_DAYS = ("Isnin", "Selasa", "Rabu", "Khamis", "Jumaat", "Sabtu", "Ahad")

Written = tuple[str, dict[str, object]]


class Letter:
    """A letter being written: its lines and the fields it should yield."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.dated = date(2027, 1, 11) + timedelta(days=rng.randrange(420))
        visit = self.dated + timedelta(days=rng.randrange(10, 35))
        while visit.weekday() >= 5:
            visit += timedelta(days=1)
        self.visit = visit
        self.expected: dict[str, object] = {}
        self.lines: list[str] = []

    def name(self, degree: bool = True) -> str:
        person = f"{self.rng.choice(NAMES)} {self.rng.choice(SURNAMES)}"
        if not degree:
            return person
        return f"{self.rng.choice(TITLES)}{person}{self.rng.choice(DEGREES)}"

    def phone(self) -> tuple[str, str]:
        digits = f"85{self.rng.randrange(1, 9)}{self.rng.randrange(10**8, 10**9)}"
        return f"+62 {digits[:3]} {digits[3:7]} {digits[7:]}", f"+62{digits}"

    def number(self, pattern: str) -> str:
        return pattern.format(n=self.rng.randrange(5, 700), year=self.dated.year,
                              roman=ROMAN_MONTHS[self.dated.month - 1])

    def heading(self, number: str, subject: str, place: str, *, date_above: bool) -> None:
        self.expected.update(nomor_surat=number, perihal=subject,
                             tanggal_surat=self.dated.isoformat())
        dated = f"{place}, {long(self.dated)}"
        if date_above:
            self.lines += [f"{' ' * 45}{dated}", ""]
        self.lines += [f"No.      : {number}", "Lamp.    : 1 (satu) lembar",
                       f"Hal      : {subject}"]
        if not date_above:
            self.lines += [f"{' ' * 45}{dated}"]
        self.lines += ["", "Yth. Kepala Tarakan Command Center", "Dinas Komunikasi, Informatika,"
                       " Statistik dan Persandian Kota Tarakan", "di Tempat", ""]

    def schedule(self, wording: int) -> None:
        visit, day = self.visit, DAYS[self.visit.weekday()]
        self.expected.update(tanggal_kunjungan=visit.isoformat(), waktu_kunjungan="13:30")
        if wording % 2:
            self.lines += [
                "Bersama ini kami mohon kesediaan Bapak untuk menerima kunjungan kami yang",
                f"direncanakan pada {day} tanggal {long(visit)} mulai pukul 13.30 WITA."]
        else:
            self.lines += ["Kunjungan tersebut akan kami laksanakan pada:",
                           f"hari, tanggal : {day}, {long(visit)}", "jam           : 13.30 Wita"]

    def count(self) -> None:
        people = self.rng.randrange(7, 33)
        self.expected["jumlah_peserta"] = people
        self.lines.append(f"dengan jumlah rombongan sebanyak {people} ({terbilang(people)}) orang.")

    def contact(self) -> None:
        written, normalised = self.phone()
        person = self.name(degree=False)
        self.expected.update(kontak_nama=person, kontak_telepon=normalised)
        self.lines.append(f"Konfirmasi dapat disampaikan kepada Sdr. {person} melalui WhatsApp "
                          f"{written}.")

    def close(self, title: str, jabatan: str, *, nip: bool = False) -> None:
        signer = self.name()
        self.expected.update(penandatangan=signer, jabatan_penandatangan=jabatan)
        self.lines += ["Atas perhatian dan kerjasamanya kami sampaikan terima kasih.", "",
                       f"{title},", "", "", signer]
        if nip:
            self.lines.append(f"NIP {self.rng.randrange(10**17, 10**18)}")

    def done(self) -> Written:
        return "\n".join(self.lines), self.expected


def long(value: date) -> str:
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


# --- the kinds ------------------------------------------------------------------------------

SENDERS = (
    (["DEWAN PERWAKILAN MAHASISWA", "INSTITUT TEKNOLOGI KALIMANTAN", "KABINET CAKRAWALA ASA",
      "Jl. Soekarno Hatta Km 15, Balikpapan 76127"],
     "Dewan Perwakilan Mahasiswa Institut Teknologi Kalimantan", "Ketua DPM ITK",
     "Ketua DPM ITK", "{n:03d}/DPM-ITK/{roman}/{year}"),
    (["PEMERINTAH KOTA TARAKAN", "KECAMATAN TARAKAN UTARA", "KELURAHAN JUATA PERMAI",
      "Jl. Aki Balak RT 09, Tarakan 77116"],
     "Kelurahan Juata Permai", "Lurah Juata Permai", "Lurah Juata Permai",
     "400.12/{n}/JP/{year}"),
    (["PEMERINTAH KABUPATEN MALINAU", "KECAMATAN MALINAU BARAT",
      "TIM PENGGERAK PKK KECAMATAN MALINAU BARAT", "Jl. Pelita, Malinau 77554"],
     "Tim Penggerak PKK Kecamatan Malinau Barat", "Ketua Tim Penggerak PKK Kecamatan Malinau Barat",
     "Ketua Tim Penggerak PKK Kecamatan Malinau Barat", "{n}/PKK-MB/{roman}/{year}"),
    (["YAYASAN PENDIDIKAN BAHASA DAN KETERAMPILAN GLOBAL PRESTASI",
      "LEMBAGA KURSUS DAN PELATIHAN GLOBAL PRESTASI", "Jl. Mulawarman No. 44, Tarakan 77113"],
     "LKP Global Prestasi", "Direktur LKP Global Prestasi", "Direktur LKP Global Prestasi",
     "{n:03d}/LKP-GP/{roman}/{year}"),
    (["PT SARANA TELEMATIKA BORNEO", "Cabang Tanjung Selor",
      "Jl. Katamso No. 10, Tanjung Selor 77212"],
     "PT Sarana Telematika Borneo Cabang Tanjung Selor", "Pimpinan Cabang",
     "Pimpinan Cabang PT Sarana Telematika Borneo Cabang Tanjung Selor",
     "{n:03d}/STB-TJS/{roman}/{year}"),
)  # fmt: skip


def sender(rng: random.Random, index: int) -> Written:
    kop, instansi, title, jabatan, pattern = SENDERS[index % len(SENDERS)]
    letter = Letter(rng)
    letter.expected["instansi_pengirim"] = instansi
    letter.lines += [*kop, ""]
    letter.heading(letter.number(pattern), "Permohonan Kunjungan Studi", "Tarakan",
                   date_above=index % 2 == 0)
    letter.lines.append("Dengan hormat,")
    letter.schedule(index)
    letter.count()
    letter.contact()
    letter.close(title, jabatan)
    return letter.done()


def distractor_dates(rng: random.Random, index: int) -> Written:
    letter = Letter(rng)
    before = letter.dated - timedelta(days=rng.randrange(3, 20))
    later = letter.visit + timedelta(days=rng.randrange(5, 20))
    letter.expected["instansi_pengirim"] = "Madrasah Tsanawiyah Negeri 2 Bulungan"
    letter.lines += ["KEMENTERIAN AGAMA REPUBLIK INDONESIA",
                     "MADRASAH TSANAWIYAH NEGERI 2 BULUNGAN",
                     "Jl. Jelarai Raya, Tanjung Selor 77212", ""]
    letter.heading(letter.number("B-{n}/Mts.34.02/PP.00.5/{roman}/{year}"),
                   "Permohonan Izin Kunjungan", "Tanjung Selor", date_above=True)
    letter.lines.append("Assalamu'alaikum Wr. Wb.")
    openings = (
        f"Merujuk pada pertemuan kami dengan staf UPTD pada {long(before)}, dengan ini kami",
        f"Sebagai persiapan Festival Madrasah Digital tanggal {long(later)}, dengan ini kami",
        f"Mengingat batas pendaftaran lomba pada {long(before + timedelta(days=40))}, kami",
    )
    letter.lines.append(openings[index % len(openings)])
    letter.schedule(index + 1)
    letter.count()
    letter.contact()
    letter.close("Kepala Madrasah", "Kepala Madrasah Tsanawiyah Negeri 2 Bulungan", nip=True)
    return letter.done()


def english(rng: random.Random, index: int) -> Written:
    letter = Letter(rng)
    people = rng.randrange(2, 12)
    visit = letter.visit
    number = letter.number("REF/{n:04d}/OPS/{year}")
    company = ("PT MEGA SAMUDERA SHIPPING", "PT Mega Samudera Shipping")
    written, normalised = letter.phone()
    contact = letter.name(degree=False)
    signer = letter.name(degree=False)
    letter.expected.update(
        nomor_surat=number, tanggal_surat=letter.dated.isoformat(),
        perihal="Request for Site Visit", instansi_pengirim=company[1],
        tanggal_kunjungan=visit.isoformat(), waktu_kunjungan="14:00", jumlah_peserta=people,
        kontak_nama=contact, kontak_telepon=normalised, penandatangan=signer,
        jabatan_penandatangan=f"Operations Director {company[1]}")
    dated = f"{letter.dated.day} {EN_MONTHS_FULL[letter.dated.month - 1]} {letter.dated.year}"
    letter.lines += [company[0], "Jl. Yos Sudarso No. 3, Tarakan 77111", "",
                     f"Our Ref : {number}", f"Date    : {dated}",
                     "Subject : Request for Site Visit", "",
                     "The Head of Tarakan Command Center", "Tarakan, North Kalimantan", "",
                     "Dear Sir or Madam,"]
    when = f"{EN_DAYS[visit.weekday()]}, {visit.day} {EN_MONTHS[visit.month - 1]} {visit.year}"
    letter.lines += [
        "With reference to the above subject, our team would like to visit the Command",
        f"Center on {when} at 2.00 pm. The team will consist of {people} ({EN_WORDS[people]})",
        "people from our operations department.",
        f"Please contact {contact} at {written} for any further arrangement.",
        "We look forward to your favourable reply.", "", "Yours faithfully,", "", "", signer,
        "Operations Director"]
    return letter.done()


SALUTATIONS = ("Assalamu'alaikum warahmatullahi wabarakatuh,", "Om Swastyastu,",
               "Shalom dan salam sejahtera,", "Namo Buddhaya, salam kebajikan,",
               "Salam sejahtera untuk kita sekalian.")


def salutation(rng: random.Random, index: int) -> Written:
    letter = Letter(rng)
    letter.expected["instansi_pengirim"] = "Persatuan Guru Republik Indonesia Kota Tarakan"
    letter.lines += ["PERSATUAN GURU REPUBLIK INDONESIA", "KOTA TARAKAN",
                     "Jl. Kusuma Bangsa No. 9, Tarakan", ""]
    subject = "Kunjungan Edukasi Guru Penggerak"
    number = letter.number("{n}/PGRI-TRK/{roman}/{year}")
    letter.expected.update(nomor_surat=number, perihal=subject,
                           tanggal_surat=letter.dated.isoformat())
    letter.lines += [f"Nomor    : {number}", "Lampiran : -",
                     f"Perihal  : {subject}   {SALUTATIONS[index % len(SALUTATIONS)]}"
                     if index % 2 else f"Perihal  : {subject}",
                     *([] if index % 2 else [SALUTATIONS[index % len(SALUTATIONS)]]),
                     "Kepada Yth. Kepala UPTD Tarakan Command Center", "",
                     f"Tarakan, {long(letter.dated)}", "", ]
    letter.schedule(index)
    letter.count()
    letter.contact()
    letter.close("Ketua PGRI Kota Tarakan", "Ketua PGRI Kota Tarakan")
    return letter.done()


NUMBERS = ("{n}/SDN-012//{year}", "{n}/ SDN-012/{roman}/{year}", "{n}/SDN.012/{roman}/{year}",
           "{n}/SDN-012/{roman}/ {year}")


def as_written(rng: random.Random, index: int) -> Written:
    letter = Letter(rng)
    letter.expected["instansi_pengirim"] = "SD Negeri 012 Tarakan"
    letter.lines += ["PEMERINTAH KOTA TARAKAN", "DINAS PENDIDIKAN", "SD NEGERI 012 TARAKAN",
                     "Jl. Slamet Riyadi, Tarakan 77112", ""]
    letter.heading(letter.number(NUMBERS[index % len(NUMBERS)]), "Permohonan Kunjungan",
                   "Tarakan", date_above=False)
    letter.lines.append("Dengan hormat,")
    letter.schedule(index)
    letter.count()
    letter.contact()
    letter.close("Kepala Sekolah", "Kepala SD Negeri 012 Tarakan", nip=True)
    return letter.done()


def witnessed(rng: random.Random, index: int) -> Written:
    letter = Letter(rng)
    letter.expected["instansi_pengirim"] = (
        "Himpunan Mahasiswa Teknik Sipil Universitas Borneo Tarakan"
    )
    letter.lines += ["HIMPUNAN MAHASISWA TEKNIK SIPIL", "UNIVERSITAS BORNEO TARAKAN",
                     "Jl. Amal Lama No. 1, Tarakan 77115", ""]
    letter.heading(letter.number("{n:03d}/HMTS-UBT/{roman}/{year}"), "Permohonan Kunjungan",
                   "Tarakan", date_above=True)
    letter.lines.append("Dengan hormat,")
    letter.schedule(index)
    letter.count()
    letter.contact()
    chair, adviser = letter.name(), letter.name()
    letter.expected.update(penandatangan=chair, jabatan_penandatangan="Ketua Himpunan Mahasiswa "
                           "Teknik Sipil Universitas Borneo Tarakan")
    gap = " " * 26
    letter.lines += ["Atas perhatian Bapak kami ucapkan terima kasih.", ""]
    if index % 2:
        letter.lines += [f"Ketua Himpunan,{gap}Mengetahui, Pembina Himpunan,", "", "",
                         f"{chair}{gap}{adviser}"]
    else:
        letter.lines += [f"Mengetahui,{gap}Hormat kami,", f"Pembina Himpunan,{gap}Ketua Himpunan,",
                         "", "", f"{adviser}{gap}{chair}"]
    return letter.done()


def reach(rng: random.Random, index: int) -> Written:
    letter = Letter(rng)
    letter.expected["instansi_pengirim"] = "Badan Penanggulangan Bencana Daerah Kabupaten Nunukan"
    letter.lines += ["PEMERINTAH KABUPATEN NUNUKAN", "BADAN PENANGGULANGAN BENCANA DAERAH",
                     "Jl. Ujang Dewa, Nunukan 77482 Telp. (0556) 21 870", ""]
    letter.heading(letter.number("360/{n}/BPBD/{year}"), "Kunjungan Koordinasi", "Nunukan",
                   date_above=False)
    letter.lines.append("Dengan hormat,")
    letter.schedule(index)
    letter.count()
    person = letter.name(degree=False)
    style = index % 3
    if style == 0:
        written, normalised = "(0556) 21 871", "+62556" + "21871"
    elif style == 1:
        digits = f"13{rng.randrange(1000000, 9999999)}"
        written, normalised = f"+60-13 {digits[2:5]} {digits[5:]}", f"+60{digits}"
    else:
        written, normalised = f"(0551) 3{rng.randrange(10, 99)} {rng.randrange(100, 999)}", ""
        normalised = "+62551" + written[7:].replace(" ", "")
    letter.expected.update(kontak_nama=person, kontak_telepon=normalised)
    letter.lines += ["Petugas Penghubung", f"Seksi Kedaruratan dan Logistik - {person}",
                     f"Telp. {written}"]
    letter.close("Kepala Pelaksana BPBD", "Kepala Pelaksana BPBD Kabupaten Nunukan", nip=True)
    return letter.done()


def party(rng: random.Random, index: int) -> Written:
    letter = Letter(rng)
    letter.expected["instansi_pengirim"] = "SMA Katolik Santo Gabriel Tarakan"
    letter.lines += ["YAYASAN PERSEKOLAHAN KATOLIK", "SMA KATOLIK SANTO GABRIEL TARAKAN",
                     "Jl. Gunung Lingkas No. 2, Tarakan 77123", ""]
    letter.heading(letter.number("{n}/SMAK-SG/{roman}/{year}"), "Permohonan Kunjungan",
                   "Tarakan", date_above=True)
    letter.lines.append("Salam sejahtera,")
    letter.schedule(index)
    students, cars = rng.randrange(15, 30), rng.randrange(3, 6)
    if index % 2:
        letter.lines.append(f"Siswa yang ikut sebanyak {students} orang dengan {cars} mobil "
                            "dari total 620 siswa sekolah kami.")
        letter.expected["jumlah_peserta"] = students
    else:
        names = [letter.name() for _ in range(rng.randrange(3, 7))]
        letter.lines.append("Nama peserta terlampir pada lembar berikut.")
        letter.expected.update(jumlah_peserta=len(names), peserta=names)
    letter.contact()
    letter.close("Kepala Sekolah", "Kepala SMA Katolik Santo Gabriel Tarakan")
    if "peserta" in letter.expected:
        names = [str(name) for name in letter.expected["peserta"]]  # type: ignore[attr-defined]
        letter.lines += ["\f", "Lampiran Surat", "Daftar Nama Peserta Kunjungan",
                         *(f"{number}) {name}" for number, name in enumerate(names, 1))]
    return letter.done()


def columns(rng: random.Random, index: int) -> Written:
    letter = Letter(rng)
    size = (5, 11, 30)[index % 3]
    names = [letter.name() for _ in range(size)]
    units = ("Sekretariat", "Bidang Aplikasi", "Bidang Statistik", "Bidang Persandian")
    letter.expected.update(instansi_pengirim="Dinas Komunikasi dan Informatika Kota Bontang",
                           peserta=names, jumlah_peserta=size)
    letter.lines += ["PEMERINTAH KOTA BONTANG", "DINAS KOMUNIKASI DAN INFORMATIKA",
                     "Jl. Moh. Roem No. 1, Bontang 75311", ""]
    letter.heading(letter.number("800/{n}/Diskominfo/{year}"), "Studi Banding", "Bontang",
                   date_above=index % 2 == 1)
    letter.lines.append("Dengan hormat,")
    letter.schedule(index)
    letter.lines.append(f"Rombongan berjumlah {size} orang (daftar nama terlampir).")
    letter.contact()
    letter.close("Kepala Dinas Komunikasi dan Informatika",
                 "Kepala Dinas Komunikasi dan Informatika Kota Bontang", nip=True)
    letter.lines += ["\f", "LAMPIRAN", "NAMA-NAMA PESERTA STUDI BANDING", "",
                     f"NO{CELL}NAMA PESERTA{CELL}UNIT KERJA"]
    letter.lines += [
        f"{n}.{CELL}{name}{CELL}{rng.choice(units)}" for n, name in enumerate(names, 1)
    ]
    return letter.done()


def melayu(rng: random.Random, index: int) -> Written:
    letter = Letter(rng)
    visit, people = letter.visit, rng.randrange(4, 18)
    reference = f"JKR.SDK/{rng.randrange(10, 99)}/{rng.randrange(100, 999)}"
    signer = letter.name(degree=False)
    contact = letter.name(degree=False)
    digits = f"88{rng.randrange(100000, 999999)}"
    letter.expected.update(
        nomor_surat=reference, tanggal_surat=letter.dated.isoformat(),
        perihal="Permohonan Lawatan Kerja", instansi_pengirim="Jabatan Kerja Raya Sandakan",
        tanggal_kunjungan=visit.isoformat(), waktu_kunjungan="09:30", jumlah_peserta=people,
        penandatangan=signer, jabatan_penandatangan="Jurutera Daerah Sandakan",
        kontak_nama=contact, kontak_telepon=f"+60{digits}")
    dated = f"{letter.dated.day} {MS_MONTHS[letter.dated.month - 1]} {letter.dated.year}"
    when = f"{visit.day} {MS_MONTHS[visit.month - 1]} {visit.year} ({MS_DAYS[visit.weekday()]})"
    letter.lines += ["JABATAN KERJA RAYA SANDAKAN", "Beg Berkunci 5, 90000 Sandakan, Sabah", "",
                     f"Rujukan Kami : {reference}", f"Tarikh : {dated}", "",
                     "Kepala UPTD Tarakan Command Center", "Tarakan, Kalimantan Utara", "",
                     "Tuan,", "", "PERMOHONAN LAWATAN KERJA", "",
                     "Dengan hormatnya saya merujuk kepada perkara di atas.",
                     f"2. Sukacita dimaklumkan bahawa seramai {people} orang pegawai jabatan ini",
                     f"akan mengadakan lawatan kerja pada {when} bermula jam 9.30 pagi.",
                     f"3. Pegawai perhubungan ialah {contact}, telefon +60 {digits[:2]}-"
                     f"{digits[2:]}.", "Sekian, terima kasih.", "",
                     '"BERKHIDMAT UNTUK NEGARA"', "", "Saya yang menjalankan amanah,", "", "",
                     signer, "Jurutera Daerah Sandakan"]
    return letter.done()


KINDS: dict[str, Callable[[random.Random, int], Written]] = {
    "sender": sender,
    "distractor_dates": distractor_dates,
    "english": english,
    "salutation": salutation,
    "as_written": as_written,
    "witnessed": witnessed,
    "reach": reach,
    "party": party,
    "columns": columns,
    "melayu": melayu,
}
PER_KIND = 10
SEED = 90210


def heldout_set(per_kind: int = PER_KIND) -> list[GeneratedLetter]:
    letters: list[GeneratedLetter] = []
    for kind_number, (kind, write) in enumerate(KINDS.items()):
        for index in range(per_kind):
            text, expected = write(random.Random(SEED + 1000 * kind_number + index), index)
            letters.append(GeneratedLetter(f"heldout_{kind}_{index:02d}", kind, text, expected,
                                      ruled=kind == "columns" and index % 2 == 1))
    return letters
