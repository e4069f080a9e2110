"""The pieces of the letter reader: phones, counts, times, dates, names, senders, signers."""

from __future__ import annotations

from datetime import date, time

import pytest

from pipeline.intake.letter import UNCERTAIN, read_letter
from pipeline.intake.letter.confidence import SURE
from pipeline.intake.letter.dates import find_dates, find_times, read_date_line
from pipeline.intake.letter.numbers import find_count, words_to_number
from pipeline.intake.letter.people import (
    find_contact,
    find_participants,
    find_phones,
    find_signer,
    normalise_phone,
)
from pipeline.intake.letter.sender import institution_from_letterhead, title_case
from pipeline.intake.letter.text import repair_ocr_digits, split_lines

# --- phones -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("0812-5432-1098", "+6281254321098"),
        ("0853 4567 8901", "+6285345678901"),
        ("081234567890", "+6281234567890"),
        ("+62 811-5500-321", "+628115500321"),
        ("+6281234567890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("+62 (0) 812 3456 7890", "+6281234567890"),
        ("(0556) 21 789", "+6255621789"),
        ("(0551) 21 456", "+6255121456"),
        ("0812.5432.1098", "+6281254321098"),
    ],
)
def test_phone_normalised_to_plus_62(written: str, normalised: str) -> None:
    assert normalise_phone(written) == normalised


@pytest.mark.parametrize("written", ["12345", "0812", "421.5/214", "1234567890123"])
def test_not_a_phone(written: str) -> None:
    assert normalise_phone(written) is None


def test_phone_stops_at_its_closing_bracket_and_sentence_end() -> None:
    text = "1. Budi (0812-1111-2222) 2. Ani (0813-3333-4444). 12 orang"
    assert [phone.number for phone in find_phones(text)] == ["+6281211112222", "+6281333334444"]


def test_ocr_letters_in_a_phone_are_repaired() -> None:
    assert repair_ocr_digits("(O812-3456-789O)") == "(0812-3456-7890)"


# --- counts -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "number"),
    [
        ("delapan belas", 18),
        ("dua puluh lima", 25),
        ("sebelas", 11),
        ("sepuluh", 10),
        ("seratus dua puluh", 120),
        ("empat puluh", 40),
        ("dua ribu dua puluh enam", 2026),
        ("dua tiga", None),
        ("orang", None),
    ],
)
def test_words_to_number(words: str, number: int | None) -> None:
    assert words_to_number(words) == number


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("jumlah peserta 20 orang", 20),
        ("sejumlah delapan belas orang", 18),
        ("berjumlah 19 (sembilan belas) orang", 19),
        ("32 siswa dan 3 guru pendamping", 35),
        ("25 (dua puluh lima) mahasiswa beserta 2 (dua) dosen pendamping", 27),
        ("empat puluh orang siswa didampingi empat orang guru", 44),
        ("35 orang (32 siswa dan 3 guru)", 35),
        ("sebanyak 30 orang yang terdiri dari 27 siswa dan 3 guru", 30),
        ("9 orang anggota Komisi I dan 2 orang staf", 11),
        ("maksimal 30 orang", 30),
        ("sebanyak ± 40 orang", 40),
        ("30 siswa (kelas XI) dan 2 guru", 32),
        ("siswa kelas 5 sebanyak 30 orang", 30),
        ("2 (dua) regu dengan jumlah 14 personel dan 1 orang sopir", 15),
        ("30 siswa dan seorang guru", 31),
    ],
)
def test_count(text: str, count: int) -> None:
    found = find_count(text)
    assert found is not None
    assert found.value == count


@pytest.mark.parametrize(
    "text",
    ["Lampiran : 1 (satu) berkas", "selama 2 (dua) hari", "salah satu guru kami", "pukul 10 pagi"],
)
def test_no_count(text: str) -> None:
    assert find_count(text) is None


def test_count_confidence_reflects_how_it_was_written() -> None:
    stated = find_count("jumlah peserta 20 orang")
    summed = find_count("32 siswa dan 3 guru pendamping")
    approximate = find_count("maksimal 30 orang")
    conflicting = find_count("sebanyak 20 (dua puluh lima) orang")
    assert stated is not None and stated.confidence >= 0.9
    assert summed is not None and summed.confidence < 0.9
    assert approximate is not None and approximate.confidence <= 0.8
    # digits and words disagree: OCR misreads digits more often, so the words win, uncertainly
    assert conflicting is not None and (conflicting.value, conflicting.confidence < 0.6) == (
        25,
        True,
    )


def test_labelled_count_may_be_a_bare_number() -> None:
    found = find_count("35", labelled=True)
    assert found is not None and found.value == 35


# --- times --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09.00", time(9, 0)),
        ("9.00", time(9, 0)),
        ("09:00", time(9, 0)),
        ("09.00-selesai", time(9, 0)),
        ("pukul 13.30 WITA s.d. selesai", time(13, 30)),
        ("jam 08.30 WITA", time(8, 30)),
        ("jam 9 pagi", time(9, 0)),
        ("jam 2 siang", time(14, 0)),
        ("jam 11 siang", time(11, 0)),
        ("pukul 4 sore", time(16, 0)),
        ("pukul 7 malam", time(19, 0)),
        ("jam sembilan pagi", time(9, 0)),
        ("pukul 10.00 - 12.00 WIB", time(10, 0)),
        ("pukul 01.00 siang", time(13, 0)),
    ],
)
def test_time_forms(text: str, expected: time) -> None:
    assert find_times(text)[0].value == expected


@pytest.mark.parametrize("text", ["04.11.2026", "Rp 12.500", "421.5/214", "selama 2 jam"])
def test_not_a_time(text: str) -> None:
    assert find_times(text) == []


def test_a_time_after_pukul_or_before_a_zone_is_cued() -> None:
    assert find_times("pukul 09.00")[0].cued
    assert find_times("09.00 WITA")[0].cued
    assert not find_times("versi 10.30 aplikasi")[0].cued


# --- dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 November 2026", date(2026, 11, 3)),
        ("02 Nopember 2026", date(2026, 11, 2)),
        ("13 Pebruari 2027", date(2027, 2, 13)),
        ("13 Februari 2027", date(2027, 2, 13)),
        ("5 Okt 2026", date(2026, 10, 5)),
        ("5 Nov. 2026", date(2026, 11, 5)),
        ("1 Agustus 2026", date(2026, 8, 1)),
        ("12-Des-2026", date(2026, 12, 12)),
        ("17-18 November 2026", date(2026, 11, 17)),
        ("17 s.d. 18 November 2026", date(2026, 11, 17)),
        ("17 sampai dengan 19 November 2026", date(2026, 11, 17)),
        ("30 November - 2 Desember 2026", date(2026, 11, 30)),
        ("30 Desember s.d. 2 Januari 2027", date(2026, 12, 30)),
        ("20/11/2026", date(2026, 11, 20)),
        ("20-11-2026", date(2026, 11, 20)),
        ("2026-11-20", date(2026, 11, 20)),
        ("Kamis/12 November 2026", date(2026, 11, 12)),
        ("l2 November 2O26", date(2026, 11, 12)),
    ],
)
def test_date_forms(text: str, expected: date) -> None:
    assert find_dates(repair_ocr_digits(text))[0].value == expected


@pytest.mark.parametrize(
    ("text", "weekday"),
    [
        ("Jum'at, 4 Desember 2026", 4),
        ("Jumat, 4 Desember 2026", 4),
        ("Ahad, 6 Desember 2026", 6),
        ("hari Senin, tanggal 23 November 2026", 0),
        ("Selasa s.d. Rabu, 17-18 November 2026", 1),
    ],
)
def test_day_names(text: str, weekday: int) -> None:
    assert find_dates(text)[0].weekday == weekday


@pytest.mark.parametrize(
    ("line", "expected", "has_place"),
    [
        ("Tarakan, 3 November 2026", date(2026, 11, 3), True),
        ("Tanjung Selor, 02 Nopember 2026", date(2026, 11, 2), True),
        ("3 November 2026", date(2026, 11, 3), False),
        ("Tarakan, 3 November 2026.", date(2026, 11, 3), True),
        ("Tarakan, 20 Jumadil Awal 1448 H / 3 November 2026 M", date(2026, 11, 3), True),
    ],
)
def test_date_line(line: str, expected: date, has_place: bool) -> None:
    found = read_date_line(line)
    assert found is not None
    assert (found.value, found.has_place) == (expected, has_place)


@pytest.mark.parametrize(
    "line", ["Kamis, 12 November 2026", "pada tanggal 3 November 2026 kami akan hadir"]
)
def test_not_a_date_line(line: str) -> None:
    assert read_date_line(line) is None


HEADER = """\
SMK NEGERI 1 TARAKAN
Jl. Pulau Bunyu No. 1, Tarakan
{header}
Dengan hormat,
Kami bermaksud mengadakan kunjungan ke Tarakan Command Center bersama para siswa.
"""


@pytest.mark.parametrize(
    ("header", "date_line"),
    [
        ("Tarakan, 3 November 2026\nNomor : 1/SMK/2026\nHal : Kunjungan", date(2026, 11, 3)),
        ("Nomor : 1/SMK/2026        Tarakan, 3 November 2026\nHal : Kunjungan", date(2026, 11, 3)),
        ("Nomor : 1/SMK/2026\nHal : Kunjungan\n3 Nopember 2026", date(2026, 11, 3)),
        ("Nomor : 1/SMK/2026\nTanggal : 3 November 2026\nHal : Kunjungan", date(2026, 11, 3)),
        ("Nomor : 1/SMK/2026\nHal : Kunjungan", None),
    ],
)
def test_letter_date_wherever_it_stands(header: str, date_line: date | None) -> None:
    reading = read_letter(HEADER.format(header=header))
    assert reading.fields.tanggal_surat == date_line
    assert reading.fields.nomor_surat == "1/SMK/2026"


def test_a_date_referring_to_an_earlier_letter_is_not_the_visit_date() -> None:
    text = HEADER.format(header="Nomor : 1/SMK/2026\nHal : Kunjungan") + (
        "Menindaklanjuti surat Bapak Nomor 421.5/123/DKISP/2026 tanggal 20 September 2026, "
        "kami akan berkunjung pada: Kamis, 15 Oktober 2026 pukul 09.00 WITA.\n"
    )
    reading = read_letter(text)
    assert reading.fields.tanggal_kunjungan == date(2026, 10, 15)
    assert reading.readings["tanggal_kunjungan"].confidence >= 0.9


def test_a_visit_date_without_its_year_takes_the_letters() -> None:
    header = "Tarakan, 20 Desember 2026\nNomor : 1/SMK/2026\nHal : Kunjungan"
    text = HEADER.format(header=header) + "Kunjungan pada hari Senin, 4 Januari.\n"
    reading = read_letter(text)
    assert reading.fields.tanggal_kunjungan == date(2027, 1, 4)  # the next January
    assert UNCERTAIN <= reading.readings["tanggal_kunjungan"].confidence < 0.9


# --- header labels ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "label",
    ["Nomor :", "No. :", "No.:", "Nomor Surat:", "Ref.  :", "NOMOR :", "N o m o r :", "Nomor   "],
)
def test_number_label_spellings(label: str) -> None:
    header = f"{label} 005/456/Diskominfo-Blg/XI/2026\nPerihal : Kunjungan"
    assert read_letter(HEADER.format(header=header)).fields.nomor_surat == (
        "005/456/Diskominfo-Blg/XI/2026"
    )


def test_number_is_kept_as_typed_in_a_text_layer_and_respaced_from_ocr() -> None:
    """The sender's spacing is part of the number they wrote (issue 11); OCR's is not."""
    header = "Nomor : B- 2603 /Kk.11.24/4/KP.02.3/06/2019\nHal : Kunjungan"
    letter = HEADER.format(header=header)
    assert read_letter(letter).fields.nomor_surat == "B- 2603 /Kk.11.24/4/KP.02.3/06/2019"
    assert read_letter(letter, ocr=True).fields.nomor_surat == (
        "B-2603/Kk.11.24/4/KP.02.3/06/2019"
    )


@pytest.mark.parametrize(
    ("header", "perihal"),
    [
        ("Perihal : Permohonan Kunjungan", "Permohonan Kunjungan"),
        ("Hal:Permohonan Kunjungan.", "Permohonan Kunjungan"),
        (
            "Hal   : Permohonan Izin Kunjungan Belajar\n        Siswa Kelas XI TKJ\nKepada Yth.",
            "Permohonan Izin Kunjungan Belajar Siswa Kelas XI TKJ",
        ),
        (
            "Perihal : Permohonan Studi Tiru\nSmart City dan Command Center\nYth. Bapak",
            "Permohonan Studi Tiru Smart City dan Command Center",
        ),
        (
            "Perihal : Permohonan Kunjungan\nTarakan, 3 November 2026\nKepada Yth.",
            "Permohonan Kunjungan",
        ),
        ("Perihal : Permohonan Kunjungan\nLampiran : -", "Permohonan Kunjungan"),
        ("Perihal :\nPermohonan Kunjungan Kerja\nKepada Yth.", "Permohonan Kunjungan Kerja"),
        ("Perihal : Permohonan Kunjungan          Kepada Yth.", "Permohonan Kunjungan"),
        ("Perihal\n: Permohonan Kunjungan", "Permohonan Kunjungan"),
    ],
)
def test_perihal_over_one_or_more_lines(header: str, perihal: str) -> None:
    text = HEADER.format(header=f"Nomor : 1/SMK/2026\n{header}")
    assert read_letter(text).fields.perihal == perihal


def test_sifat_is_lower_case() -> None:
    header = "Nomor : 1/SMK/2026\nSifat : Sangat Segera\nHal : Kunjungan"
    assert read_letter(HEADER.format(header=header)).fields.sifat == "sangat segera"


# --- names and contacts -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "phone"),
    [
        (
            "dapat menghubungi narahubung kami, Ibu Rahmawati Sulaiman, S.Kom. (0812-5432-1098).",
            "Rahmawati Sulaiman, S.Kom.",
            "+6281254321098",
        ),
        ("Contact person: Andi Firmansyah - 081234567890.", "Andi Firmansyah", "+6281234567890"),
        ("menghubungi Sdr. Yohanes Lapu, HP 0853 4567 8901.", "Yohanes Lapu", "+6285345678901"),
        (
            "Narahubung: Bpk. Kurniawan Saputra (WA +62 811-5500-321).",
            "Kurniawan Saputra",
            "+628115500321",
        ),
        ("mohon menghubungi Ustadzah Nur Aini (0821 5678 4321).", "Nur Aini", "+6282156784321"),
        (
            "Narahubung kegiatan: Sdri. Maria Goreti Tandi, telepon (0556) 21 789.",
            "Maria Goreti Tandi",
            "+6255621789",
        ),
        (
            "Narahubung: Kasubbag Persidangan, Sdr. Hendrik Wijaya, S.H. (0811-5811-2233).",
            "Hendrik Wijaya, S.H.",
            "+6281158112233",
        ),
        ("Narahubung: Staf Humas, Dewi Lestari (0813-1111-2222)", "Dewi Lestari", "+6281311112222"),
        ("CP : Budi Santoso / 0812 3456 7890", "Budi Santoso", "+6281234567890"),
        ("Contact Person: 0812-3456-7890 (Budi Santoso)", "Budi Santoso", "+6281234567890"),
        ("hubungi 0812-3456-7890 a.n. Budi Santoso.", "Budi Santoso", "+6281234567890"),
        (
            "Narahubung : Nama : Budi Santoso No. HP : 0812-3456-7890",
            "Budi Santoso",
            "+6281234567890",
        ),
        (
            "menghubungi saudara Muhammad Fikri (Ketua Kelas) melalui nomor 0852-4567-8910.",
            "Muhammad Fikri",
            "+6285245678910",
        ),
        ("menghubungi Pak Darman di 081350001234.", "Darman", "+6281350001234"),
        ("CP: Ustadz H. Abdul Somad, Lc. (0811 222 3333)", "H. Abdul Somad, Lc.", "+628112223333"),
    ],
)
def test_contact_without_honorifics_or_positions(text: str, name: str, phone: str) -> None:
    contact = find_contact(text)
    assert contact is not None and contact.name is not None and contact.phone is not None
    assert (contact.name.text, contact.phone.number) == (name, phone)


def test_phone_without_a_contact_cue_is_a_weaker_find() -> None:
    contact = find_contact("Informasi dapat ditanyakan ke telp 0812-3456-7890.")
    assert contact is not None and contact.phone is not None and contact.name is None
    assert contact.phone_confidence < SURE


def test_letterhead_phone_is_not_the_contact() -> None:
    text = "SMK NEGERI 9 TARAKAN\nJl. Pulau Sebatik No. 14 Telp. (0551) 21 456\n" + HEADER.format(
        header="Nomor : 1/SMK/2026\nHal : Kunjungan"
    )
    assert read_letter(text).fields.kontak_telepon is None


def _contact(text: str, letterhead: str = "") -> tuple[str | None, str | None, float, float]:
    contact = find_contact(text, letterhead)
    assert contact is not None
    name = contact.name.text if contact.name else None
    phone = contact.phone.number if contact.phone else None
    return name, phone, contact.name_confidence, contact.phone_confidence


def test_a_name_beside_a_number_is_the_contact_without_any_cue_word() -> None:
    name, phone, name_confidence, _ = _contact(
        "Sdr. Budi Santoso (0812-3456-7890) akan mengoordinasikan keberangkatan rombongan."
    )
    assert (name, phone) == ("Budi Santoso", "+6281234567890")
    assert UNCERTAIN <= name_confidence < SURE  # nothing in the sentence asks to call him


def test_one_word_after_a_contact_cue_is_a_name_an_acronym_beside_a_name_is_not() -> None:
    assert _contact("Silakan menghubungi Budi di 0812-3456-7890.")[0] == "Budi"
    assert _contact("Narahubung: Hj. Nurbaya (Bendahara TP PKK) 0812-3456-7890")[0] == (
        "Hj. Nurbaya"
    )


def test_a_name_far_from_its_number_is_a_loose_tie() -> None:
    name, phone, name_confidence, _ = _contact(
        "Mohon konfirmasi kepada Ibu Sri Wahyuni, S.Pd. yang akan mendampingi rombongan siswa "
        "kelas sebelas selama kegiatan berlangsung, di nomor 0812-3456-7890."
    )
    assert (name, phone) == ("Sri Wahyuni, S.Pd.", "+6281234567890")
    assert name_confidence < SURE


def test_the_signer_above_a_later_contact_is_not_the_contact() -> None:
    name, phone, name_confidence, phone_confidence = _contact(
        "Kepala Sekolah, Rina Kusuma, S.Pd. NIP. 19750812 201001 1 005 "
        "CP: 0812-3456-7890 (Bapak Andi Saputra)"
    )
    assert (name, phone) == ("Andi Saputra", "+6281234567890")
    assert (name_confidence, phone_confidence) >= (SURE, SURE)


def test_of_several_numbers_the_one_with_a_person_is_the_contacts() -> None:
    name, phone, _, _ = _contact(
        "Telepon kantor (0551) 21 456 atau HP 0813-5000-1234 (Ibu Nur Aini)."
    )
    assert (name, phone) == ("Nur Aini", "+6281350001234")


def test_the_letterheads_numbers_and_a_fax_are_nobodys_contact() -> None:
    text = "Balasan dapat dikirim melalui faks (0551) 21 457 atau telepon (0551) 21 456."
    assert find_contact(text, letterhead="Jl. Mulawarman 5 Telp. (0551) 21 456") is None


def test_a_malay_contact_officer_with_a_malaysian_number() -> None:
    name, phone, _, _ = _contact(
        "Pegawai untuk dihubungi: Encik Ahmad Fauzi (Tel: +60 12-345 6789)"
    )
    assert (name, phone) == ("Ahmad Fauzi", "+60123456789")


def test_a_time_span_a_date_or_an_account_is_not_a_phone() -> None:
    assert find_phones("pukul 08.00 - 12.00 WITA, tanggal 01-02-2027, rekening 0012345678") == []


def test_a_country_codes_plus_read_as_a_hash_by_ocr() -> None:
    letter = HEADER.format(header="Nomor : 1/SMK/2026\nHal : Kunjungan") + (
        "Pegawai untuk dihubungi: Puan Wulan Saragih (#60) 17-749 1821.\n"
    )
    assert read_letter(letter, ocr=True).fields.kontak_telepon == "+60177491821"


def test_an_attached_list_of_participants_with_phones_names_no_contact() -> None:
    letter = HEADER.format(header="Nomor : 1/SMK/2026\nHal : Kunjungan") + (
        "Demikian, terima kasih.\nKepala Sekolah,\n\nRina Kusuma, S.Pd.\n\f\n"
        "DAFTAR PESERTA\nNo Nama No. HP\n1. Andi Firmansyah 0812-1111-2222\n"
        "2. Maria Goreti Tandi 0813-3333-4444\n"
    )
    fields = read_letter(letter).fields
    assert (fields.kontak_nama, fields.kontak_telepon) == (None, None)


# --- senders ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("capitals", "title_cased"),
    [
        ("SMK NEGERI 9 TARAKAN", "SMK Negeri 9 Tarakan"),
        ("DINAS KOMUNIKASI DAN INFORMATIKA", "Dinas Komunikasi dan Informatika"),
        ("PT BANK RAKYAT INDONESIA (PERSERO) TBK", "PT Bank Rakyat Indonesia (Persero) Tbk"),
        ("KOMISI III DPRD", "Komisi III DPRD"),
        ("MTSN 1 TARAKAN", "MTsN 1 Tarakan"),
        ("YAYASAN AL-FALAH", "Yayasan Al-Falah"),
        ("STMIK PPKIA TARAKANITA", "STMIK PPKIA Tarakanita"),
        ("Karang Taruna Sebengkok", "Karang Taruna Sebengkok"),
    ],
)
def test_title_case_keeps_acronyms(capitals: str, title_cased: str) -> None:
    assert title_case(capitals) == title_cased


@pytest.mark.parametrize(
    ("kop", "instansi"),
    [
        (["SMK NEGERI 9 TARAKAN"], "SMK Negeri 9 Tarakan"),
        (
            ["PEMERINTAH PROVINSI KALIMANTAN UTARA", "DINAS PENDIDIKAN DAN KEBUDAYAAN",
             "SMK NEGERI 9 TARAKAN"],
            "SMK Negeri 9 Tarakan",
        ),
        (["UNIVERSITAS BORNEO UTARA", "FAKULTAS TEKNIK"],
         "Fakultas Teknik Universitas Borneo Utara"),
        (
            ["PEMERINTAH KABUPATEN BULUNGAN", "DINAS KOMUNIKASI DAN INFORMATIKA"],
            "Dinas Komunikasi dan Informatika Kabupaten Bulungan",
        ),
        (
            ["DEWAN PERWAKILAN RAKYAT DAERAH", "KOTA TARAKAN", "SEKRETARIAT DPRD"],
            "Sekretariat DPRD Kota Tarakan",
        ),
        (
            ["YAYASAN PENDIDIKAN CAHAYA BANGSA", "SD ISLAM TERPADU CAHAYA BANGSA TARAKAN"],
            "SD Islam Terpadu Cahaya Bangsa Tarakan",
        ),
        (["BADAN PUSAT STATISTIK", "KABUPATEN NUNUKAN"], "Badan Pusat Statistik Kabupaten Nunukan"),
        (
            ["KEMENTERIAN AGAMA REPUBLIK INDONESIA", "KANTOR KEMENTERIAN AGAMA KOTA TARAKAN"],
            "Kantor Kementerian Agama Kota Tarakan",
        ),
        (
            ["PEMERINTAH KOTA SAMARINDA", "DINAS KOMUNIKASI, INFORMATIKA,",
             "STATISTIK DAN PERSANDIAN"],
            "Dinas Komunikasi, Informatika, Statistik dan Persandian Kota Samarinda",
        ),
        (
            ["PT BANK PEMBANGUNAN DAERAH KALTIMTARA", "KANTOR CABANG TARAKAN"],
            "PT Bank Pembangunan Daerah Kaltimtara Kantor Cabang Tarakan",
        ),
        (
            ["IKATAN PELAJAR NAHDLATUL ULAMA", "PIMPINAN CABANG KOTA TARAKAN"],
            "Pimpinan Cabang Ikatan Pelajar Nahdlatul Ulama Kota Tarakan",
        ),
        (
            ["PEMERINTAH KOTA TARAKAN", "KECAMATAN TARAKAN BARAT", "KELURAHAN KARANG ANYAR"],
            "Kelurahan Karang Anyar",
        ),
        (
            ["KEMENTERIAN PENDIDIKAN, KEBUDAYAAN,", "RISET, DAN TEKNOLOGI",
             "UNIVERSITAS BORNEO TARAKAN", "FAKULTAS TEKNIK"],
            "Fakultas Teknik Universitas Borneo Tarakan",
        ),
        (
            ["SMA NEGERI 2 TARAKAN", 'TERAKREDITASI "A"', "NPSN: 30401234"],
            "SMA Negeri 2 Tarakan",
        ),
    ],
)  # fmt: skip
def test_institution_from_letterhead(kop: list[str], instansi: str) -> None:
    lines = split_lines("\n".join([*kop, "Jl. Mulawarman No. 1, Tarakan 77111"]))
    found = institution_from_letterhead(lines)
    assert found is not None
    assert found.name == instansi


def test_institution_from_the_signer_title_when_there_is_no_letterhead() -> None:
    text = (
        "Nomor : 7/SMPN3/2026\nHal : Permohonan Kunjungan\nKepada Yth. Kepala UPTD TCC\n"
        "Dengan hormat, kami bermaksud mengadakan kunjungan ke Tarakan Command Center.\n"
        "Demikian, terima kasih.\nKepala SMP Negeri 3 Malinau,\n\nBudi Santoso, S.Pd.\n"
    )
    reading = read_letter(text)
    assert reading.fields.instansi_pengirim == "SMP Negeri 3 Malinau"
    assert reading.readings["instansi_pengirim"].confidence < 0.9


def test_institution_named_only_in_the_body_is_a_guess() -> None:
    text = (
        "Nomor : 7/OSIS/2026\nHal : Permohonan Kunjungan\nKepada Yth. Kepala UPTD TCC\n"
        "Dengan hormat, kami dari SMA Negeri 1 Tarakan bermaksud mengadakan kunjungan ke "
        "Tarakan Command Center.\nDemikian, terima kasih.\nKetua OSIS,\n\nBudi Santoso\n"
    )
    reading = read_letter(text)
    assert reading.fields.instansi_pengirim == "SMA Negeri 1 Tarakan"
    assert "instansi_pengirim" in reading.uncertain_required()


# --- signers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("block", "signer"),
    [
        ("Kepala Sekolah,\n\nDrs. Muhammad Yusran Efendi, M.Pd.\nNIP. 19700312 199512 1 002",
         "Drs. Muhammad Yusran Efendi, M.Pd."),
        ("a.n. KEPALA DINAS\nSEKRETARIS,\nRATNA DEWI PAKPAHAN, S.Sos., M.Si\nPembina (IV/a)\n"
         "NIP. 19780521 200312 2 004", "RATNA DEWI PAKPAHAN, S.Sos., M.Si"),
        ("Hormat kami,\nPT Mitra Data Nusantara\nLilis Handayani\nManajer SDM", "Lilis Handayani"),
        ("Ketua,\nRizky Pratama\nSekretaris,\nFitriani", "Rizky Pratama"),
        ("Ketua Panitia,                 Sekretaris,\n\nRina Marlina, S.Pd            Yusuf, S.Kom",
         "Rina Marlina, S.Pd"),
        ("Ketua Panitia,\nSekretaris,\n\nRina Marlina\nYusuf Kurniadi", "Rina Marlina"),
        ("Mengetahui,\nKepala Sekolah,\n\nDrs. Bachtiar\nNIP 19680808 199403 1 009\n\n"
         "Ketua Panitia,\n\nRina Marlina", "Rina Marlina"),
        ("Ketua Panitia,\n\nRina Marlina\n\nMengetahui,\nKepala Sekolah,\n\nDrs. Bachtiar",
         "Rina Marlina"),
        ("Kepala Sekolah,\n\nttd\n\n( Budi Santoso, S.Pd. )", "Budi Santoso, S.Pd."),
        ("Ditandatangani secara elektronik oleh:\nKepala Dinas,\n\nIr. Hasan Basri, M.T.",
         "Ir. Hasan Basri, M.T."),
        ("Dekan,\nDr. Ir. Hasnah Wulandari, M.T. NIP 197501012005011001",
         "Dr. Ir. Hasnah Wulandari, M.T."),
    ],
)  # fmt: skip
def test_signer(block: str, signer: str) -> None:
    found = find_signer(split_lines(block))
    assert found is not None
    assert found.name == signer


def test_signer_below_the_tembusan_is_ignored() -> None:
    assert find_signer(split_lines("Tembusan:\n1. Kepala Dinas\nBudi Santoso")) is None


# --- participants -------------------------------------------------------------------------


def test_participant_list_keeps_titles_and_drops_positions() -> None:
    lines = split_lines(
        "DAFTAR PESERTA KUNJUNGAN KERJA\n"
        "1. Ir. Stefanus Rante Allo - Kepala BPS\n"
        "2. Maria Goreti Tandi, S.ST - Statistisi Ahli Muda\n"
        "3. Rudi Hartono, S.Tr.Stat. - Pranata Komputer\n"
        "4. Siti Nurhaliza, SE (Bendahara)\n"
    )
    assert find_participants(lines) == (
        "Ir. Stefanus Rante Allo",
        "Maria Goreti Tandi, S.ST",
        "Rudi Hartono, S.Tr.Stat.",
        "Siti Nurhaliza, SE",
    )


def test_participant_table_with_header_and_columns() -> None:
    lines = split_lines(
        "DAFTAR NAMA PESERTA\nNo  Nama                    Jabatan\n"
        "1   Kevin Tanoto            Ketua\n2   Ni Luh Putu Sari        Anggota\n"
        "3 | Muh. Rifai | Anggota\n"
    )
    assert find_participants(lines) == ("Kevin Tanoto", "Ni Luh Putu Sari", "Muh. Rifai")


def test_a_sentence_pointing_to_the_list_is_no_heading() -> None:
    lines = split_lines(
        "Nama-nama peserta sebagaimana daftar terlampir.\nNarahubung:\n1. Budi (0812-1111-2222)"
    )
    assert find_participants(lines) == ()


def test_a_numbered_list_of_things_is_no_participant_list() -> None:
    lines = split_lines("Daftar peserta sebagai berikut:\n1. siswa kelas XI\n2. guru pendamping")
    assert find_participants(lines) == ()


# --- OCR ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ocr", "repaired"),
    [
        ("2O26", "2026"),
        ("O9.OO WITA", "09.00 WITA"),
        ("l2 November", "12 November"),
        ("PP.OO.5/2026", "PP.00.5/2026"),
        ("Negeri l Tarakan", "Negeri 1 Tarakan"),
        ("tanggal lO September", "tanggal 10 September"),
        ("SMKN9/XI/2026", "SMKN9/XI/2026"),
        ("Komisi I DPRD", "Komisi I DPRD"),
        ("Olivia Ilham", "Olivia Ilham"),
    ],
)
def test_ocr_digit_repair(ocr: str, repaired: str) -> None:
    assert repair_ocr_digits(ocr) == repaired


@pytest.mark.parametrize(
    ("written", "number"),
    [
        ("421.5/214/SMKN9/X1/2026", "421.5/214/SMKN9/XI/2026"),  # a Roman month half misread
        ("23/YKM/V1/2021", "23/YKM/VI/2021"),
        ("B-99/IJ/KP.07.6/1/2020", "B-99/IJ/KP.07.6/1/2020"),  # a plain 1 stays a 1
        ("078!MDN-HRD/X/2026", "078/MDN-HRD/X/2026"),
    ],
)
def test_number_repairs_ocr_slips(written: str, number: str) -> None:
    header = f"Nomor : {written}\nHal : Kunjungan"
    assert read_letter(HEADER.format(header=header), ocr=True).fields.nomor_surat == number


def test_lone_pipe_is_a_capital_i() -> None:
    header = "Nomor : 1/SMK/2026\nPerihal : Kunjungan Komisi | DPRD"
    assert read_letter(HEADER.format(header=header)).fields.perihal == "Kunjungan Komisi I DPRD"


def test_numeric_date_split_by_ocr() -> None:
    assert find_dates("pada tanggal 04/1 1/2026")[0].value == date(2026, 11, 4)


def test_title_with_a_hyphen_for_its_dot() -> None:
    block = "SEKRETARIS,\nRATNA DEWI PAKPAHAN, S.Sos., M-Si\nPembina (1V/a)"
    found = find_signer(split_lines(block))
    assert found is not None
    assert found.name == "RATNA DEWI PAKPAHAN, S.Sos., M.Si"


def test_body_begins_after_the_addressee_even_without_a_sentence_opening() -> None:
    # OCR lost the body's first line; what is left does not open like a sentence
    text = (
        "SEKRETARIAT DPRD\nNomor : 170/0912/Setwan\nPerihal : Kunjungan Kerja\n"
        "Tarakan, 30 November 2026\nKepada\nYth. Kepala DKISP Kota Tarakan\ndi -\nTarakan\n"
        "kunjungan kerja ke Tarakan Command Center:\nhari : Jumat\ntanggal : 4 Desember 2026\n"
        "pukul : 08.00 WITA - selesai\nDemikian untuk menjadi maklum.\n"
    )
    reading = read_letter(text)
    assert reading.fields.tanggal_surat == date(2026, 11, 30)
    assert reading.fields.tanggal_kunjungan == date(2026, 12, 4)
    assert reading.fields.waktu_kunjungan == time(8, 0)
