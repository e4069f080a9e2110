"""Hand-written letters in styles the corpus generator does not produce.

Each was written to probe one way real letters differ: the addressee in the right column,
labels after the addressee, two signers side by side with a `Mengetahui` block, a student
association above its campus, English labels, OCR digit slips, a Hijri date line, labels
split from their values, no letterhead at all, police ranks and numbered paragraphs, an
association's board above its name, and an invitation.
"""

from __future__ import annotations

import pytest

from pipeline.intake.letter import read_letter

UNIVERSITY_HEADER_DATE_ON_NUMBER_LINE = """\
KEMENTERIAN PENDIDIKAN, KEBUDAYAAN,
RISET, DAN TEKNOLOGI
UNIVERSITAS BORNEO TARAKAN
FAKULTAS TEKNIK
Jalan Amal Lama Nomor 1, Tarakan 77115 Telepon (0551) 2028655
Nomor : 0456 / UN51.3 / KM / 2026                          12 Oktober 2026
Lamp. : 1 (satu) berkas
Hal   : Permohonan Izin Kunjungan Lapangan
        Mahasiswa Program Studi Teknik Informatika
Yth. Kepala UPTD Tarakan Command Center
Dinas Komunikasi, Informatika, Statistik dan Persandian
Kota Tarakan
Dengan hormat,
Sehubungan dengan pelaksanaan mata kuliah Rekayasa Perangkat Lunak, kami bermaksud mengajukan
permohonan kunjungan lapangan dengan rincian sebagai berikut:
Hari, tanggal : Kamis, 22 Oktober 2026
Waktu : 08.00 – 12.00 WITA
Jumlah : 40 mahasiswa dan 2 dosen pendamping
Tempat : Tarakan Command Center
Untuk konfirmasi dapat menghubungi saudara Muhammad Fikri (Ketua Kelas) melalui nomor
0852-4567-8910.
Demikian permohonan ini kami sampaikan, atas perhatian dan kerjasamanya diucapkan terima kasih.
a.n. Dekan
Wakil Dekan Bidang Akademik,
ttd.
Dr. Ir. H. Muhammad Saleh, S.T., M.Eng.
NIP 197501012005011001
"""

KELURAHAN_ADDRESSEE_IN_RIGHT_COLUMN = """\
PEMERINTAH KOTA TARAKAN
KECAMATAN TARAKAN BARAT
KELURAHAN KARANG ANYAR
Jl. Gajah Mada No. 2, Tarakan
Tarakan, 5 Maret 2027
Kepada
Nomor    : 400.10/ 27 /Kel.KA/III/2027          Yth. Kepala UPTD Tarakan Command Center
Sifat    : Biasa                                  di-
Lampiran : -                                          Tempat
Perihal  : Permohonan Kunjungan Kader PKK
Dengan hormat,
Bersama ini kami sampaikan bahwa kader PKK Kelurahan Karang Anyar bermaksud melakukan kunjungan
ke Tarakan Command Center pada hari Jum'at tanggal 19 Maret 2027 jam 9 pagi. Adapun rombongan
kami berjumlah kurang lebih 25 orang.
Untuk informasi lebih lanjut dapat menghubungi Ibu Hj. Nurbaya (Ketua TP PKK)
di nomor 0811 5432 678.
Demikian kami sampaikan atas perhatiannya diucapkan terima kasih.
LURAH KARANG ANYAR,
H. ABDUL GANI, S.Sos
Penata Tingkat I (III/d)
NIP. 19700707 199803 1 007
"""

COMMITTEE_TWO_SIGNERS_AND_MENGETAHUI = """\
PANITIA STUDY TOUR
SMK NEGERI 1 TANJUNG SELOR
Jl. Sengkawit Tanjung Selor 77212 Kalimantan Utara
No : 012/Pan-ST/SMKN1/XII/2026
Lamp : 1 lembar
Hal : Permohonan Study Tour
Kepada Yth,
Bapak/Ibu Pimpinan Tarakan Command Center
Di Tempat
Assalamualaikum Warahmatullahi Wabarakatuh
Dengan hormat, sehubungan dengan program study tour tahunan SMK Negeri 1 Tanjung Selor, kami
mohon izin untuk berkunjung ke instansi Bapak/Ibu yang akan dilaksanakan pada :
Hari / Tgl   : Senin / 11 Januari 2027
Jam          : 10.00 Wita s/d Selesai
Peserta      : 86 siswa kelas XI dan 6 guru pendamping
Besar harapan kami Bapak/Ibu berkenan menerima kunjungan kami. Atas perhatian Bapak/Ibu kami
ucapkan terima kasih.
Wassalamualaikum Warahmatullahi Wabarakatuh
Tanjung Selor, 1 Desember 2026
Ketua Panitia,                                 Sekretaris,
Rina Marlina, S.Pd                             Yusuf Kurniadi, S.Kom
NIP. 19850301 201001 2 011                     NIP. 19900202 201503 1 004
Mengetahui,
Kepala SMK Negeri 1 Tanjung Selor
Drs. Bachtiar Effendi, M.M
NIP. 19680808 199403 1 009
CP : Rina Marlina (0813 4700 1234)
"""

STUDENT_ASSOCIATION_WITH_TABLE_OF_NAMES = """\
HIMPUNAN MAHASISWA SISTEM INFORMASI
STMIK PPKIA TARAKANITA RAHMAWATI
Sekretariat : Jl. Yos Sudarso No. 8 Tarakan
Nomor : 021/HIMASI/X/2026
Lampiran : Daftar Peserta
Perihal : Permohonan Kunjungan Studi
Tarakan, 20 Oktober 2026
Kepada Yth. Kepala UPTD Tarakan Command Center di Tarakan
Salam hormat,
Kami dari Himpunan Mahasiswa Sistem Informasi bermaksud melakukan kunjungan studi ke Tarakan
Command Center pada tanggal 4 November 2026 pukul 14.00 WITA, diikuti 5 orang sebagaimana
daftar nama terlampir. Narahubung: Kevin Tanoto (0822-5501-7788).
Demikian, terima kasih.
Hormat kami,
Ketua Himpunan,                    Sekretaris,
Kevin Tanoto                        Grace Natalia
Lampiran
DAFTAR NAMA PESERTA
No  Nama                          Jabatan
1   Kevin Tanoto                  Ketua
2   Grace Natalia                 Sekretaris
3   Muh. Rifai                    Anggota
4   Ni Luh Putu Sari              Anggota
5   Yosua Pakiding                Anggota
"""

PLAIN_LETTER_OF_RESIDENTS = """\
Tarakan, 2 November 2026
Nomor: 15/RT.07/XI/2026
Perihal: Permohonan izin berkunjung
Kepada Yth. Pimpinan UPTD Tarakan Command Center
Dengan hormat, kami warga RT 07 Kelurahan Kampung Satu bermaksud berkunjung untuk melihat
ruang kendali kota pada hari Sabtu 14 November 2026 pukul 10.00 bersama tiga puluh orang
warga. Mohon kiranya dapat diterima. Hubungi Pak Darman di 081350001234.
Hormat saya,
Ketua RT 07
Darmansyah
"""

INVITATION_FROM_A_REGENCY = """\
PEMERINTAH KABUPATEN NUNUKAN
SEKRETARIAT DAERAH
Jl. Ujang Dewa, Nunukan 77482
Nunukan, 9 Februari 2027
Nomor    : 000.1.5/112/Prokopim
Sifat    : Segera
Lampiran : -
Hal      : Undangan
Yth. Kepala Dinas Kominfo Statistik dan Persandian Kota Tarakan
di Tarakan
Dalam rangka peluncuran aplikasi layanan publik terpadu, kami mengundang Bapak/Ibu untuk hadir pada:
Hari/Tanggal : Selasa, 16 Februari 2027
Pukul        : 09.00 WITA
Tempat       : Aula Kantor Bupati Nunukan
Demikian disampaikan, atas kehadirannya diucapkan terima kasih.
a.n. BUPATI NUNUKAN
SEKRETARIS DAERAH,
H. SERFIANUS, S.IP., M.Si.
"""

COMPANY_ENGLISH_LABELS_AND_CONTACT_LIST = """\
PT PERTAMINA HULU KALIMANTAN TIMUR
Field Tarakan
Jl. Yos Sudarso No. 1, Tarakan 77111
Ref. No. : 045/PHKT-TRK/XI/2026
Date     : 3 November 2026
Subject  : Permohonan Kunjungan Industri
Kepada Yth. Kepala UPTD Tarakan Command Center
Dengan hormat,
Dalam rangka program pengembangan kompetensi pekerja, kami mengajukan permohonan kunjungan
industri ke Tarakan Command Center pada hari Rabu, 2
Desember 2026 mulai pukul 09.30 WITA sampai dengan selesai. Peserta kunjungan berjumlah 15 orang
pekerja + 2 orang pendamping.
Narahubung:
1. Budi Santoso (0812-1111-2222)
2. Ani Suryani (0813-3333-4444)
Demikian kami sampaikan. Terima kasih.
Hormat kami,
PT Pertamina Hulu Kalimantan Timur
Andreas Wijaya
Field Manager
"""

OCR_DIGIT_SLIPS = """\
SEKOLAH MENENGAH KEJURUAN NEGERI 4 TARAKAN
Jl. Aki Babu, Tarakan Barat
Nomor : 421.5/2l4/SMKN4/XI/2O26
Perihal : Permohonan Kunjungan
Tarakan, O3 November 2O26
Kepada Yth.
Kepala UPTD Tarakan Command Center
Dengan hormat,
Bersama ini kami mohon izin untuk melaksanakan kunjungan ke Tarakan Command Center pada:
Hari/Tanggal : Kamis, l2 November 2O26
Waktu : O9.OO WITA
Jumlah Peserta : 3O orang
Narahubung: Ibu Rina Wulandari (O812-3456-789O).
Atas perhatiannya kami ucapkan terima kasih.
Kepala Sekolah,
Drs. Sulaiman
NIP. l9700l0l l99503 l 00l
"""

LABELS_AFTER_THE_ADDRESSEE = """\
PEMERINTAH PROVINSI KALIMANTAN UTARA
BADAN PENANGGULANGAN BENCANA DAERAH
Jl. Kolonel Soetadji, Tanjung Selor
Tarakan, 3 November 2026
Kepada Yth.
Kepala UPTD Tarakan Command Center
di Tarakan
Nomor    : 360/512/BPBD/2026
Lampiran : -
Perihal  : Kunjungan Kerja Tim Reaksi Cepat
Dengan hormat,
Sehubungan dengan penguatan sistem peringatan dini, kami bermaksud melakukan kunjungan kerja pada
Senin, 16 November 2026 s.d. Rabu, 18 November 2026. Adapun peserta kunjungan sebanyak 2 (dua)
regu dengan jumlah 14 personel dan 1 orang sopir.
Informasi lebih lanjut hubungi Kasi Kedaruratan, Sdr. Yosef Laba, S.T. via WhatsApp
+62 852 4700 9911.
Demikian, atas perhatiannya diucapkan terima kasih.
KEPALA PELAKSANA BPBD
PROVINSI KALIMANTAN UTARA,
Ir. ANDI HAMZAH, M.T.
Pembina Utama Muda (IV/c)
NIP. 19690101 199503 1 001
"""

NO_LETTERHEAD_SENDER_IN_SIGNER_TITLE = """\
Nomor : 12/PAN/PKL/2026
Hal : Permohonan Izin Kunjungan Belajar
      Siswa Kelas IV dan V
Kepada Yth.
Kepala Tarakan Command Center
di Tempat
Dengan hormat,
Kami sampaikan bahwa siswa-siswi SD Negeri 012 Tarakan akan melaksanakan kunjungan belajar
yang direncanakan pada tanggal 8 Desember 2026 jam 8 pagi sampai selesai dengan peserta kurang
lebih 60 siswa dan 5 guru.
Demikian surat ini kami sampaikan.
Tarakan, 20 November 2026
Kepala SD Negeri 012 Tarakan,
Hj. Siti Aminah, S.Pd.SD
NIP 19720202 199802 2 003
"""

ASSOCIATION_BRANCH_WITH_HIJRI_DATE = """\
IKATAN PELAJAR NAHDLATUL ULAMA
PIMPINAN CABANG KOTA TARAKAN
Sekretariat: Jl. Diponegoro No. 10 Tarakan
Nomor   : 015/PC/A.IX/XI/2026
Lamp    : -
Perihal : Permohonan Audiensi dan Kunjungan
Kepada Yth.
Kepala DKISP Kota Tarakan
Di-
Tempat
Assalamu'alaikum Wr. Wb.
Puji syukur kita panjatkan ke hadirat Allah SWT. Sehubungan dengan program kerja Pimpinan Cabang
IPNU Kota Tarakan, kami bermaksud melakukan kunjungan ke Tarakan Command Center pada Ahad, 29
November 2026 pukul 09.00 WITA dengan jumlah peserta 25 (dua puluh lima) orang.
Contact Person : Ahmad Zainuddin (0853-9988-7766)
Wassalamu'alaikum Wr. Wb.
Tarakan, 14 Rabiul Akhir 1448 H
            9 November 2026 M
Ketua,                                  Sekretaris,
Muhammad Hafiz                          Ahmad Zainuddin
"""

LABELS_SPLIT_FROM_VALUES_AND_NAMES_IN_BODY = """\
SMA NEGERI 1 TARAKAN
Jl. Sei Sesayap No. 1, Tarakan
Nomor
: 421.3/088/SMAN1/X/2026
Perihal
: Permohonan Kunjungan
Tarakan, 6 Oktober 2026
Kepada Yth.
Kepala UPTD Tarakan Command Center
Dengan hormat,
Sehubungan dengan kegiatan pembelajaran Informatika, kami bermaksud berkunjung ke Tarakan Command
Center pada hari Selasa, 20 Oktober 2026. Adapun peserta kunjungan sebagai berikut:
1. Budi Santoso
2. Ani Lestari, S.Pd.
3. Dedi Kurniawan
Narahubung: Ani Lestari (0813-5555-1212).
Demikian, terima kasih.
Kepala Sekolah,
Drs. Hamid
"""

SCHOOL_UNDER_REGENCY_DAY_AND_DATE_APART = """\
PEMERINTAH KABUPATEN TANA TIDUNG
DINAS PENDIDIKAN
SD NEGERI 003 TIDENG PALE
Jl. Perintis No. 3 Tideng Pale, Kabupaten Tana Tidung
Nomor          : 421.2/045/SDN003/2026
Lampiran       : -
Perihal        : Permohonan Kunjungan Edukatif
Kepada Yth.
Bapak Kepala UPTD Tarakan Command Center
di-
Tarakan
Dengan hormat,
Dalam rangka kegiatan outing class, kami bermaksud membawa siswa kelas VI berkunjung ke Tarakan
Command Center. Kegiatan tersebut direncanakan pada:
Hari       : Jum'at
Tanggal    : 27 November
Jam        : 08.00 Wita
Peserta    : 28 siswa + 3 guru pendamping
Apabila Bapak berkenan, mohon konfirmasi kepada wali kelas kami, Ibu Fransiska Ina, S.Pd.
melalui WhatsApp 0852 5000 7777.
Atas perhatian dan kerjasama Bapak kami ucapkan terima kasih.
Tideng Pale, 9 November 2026
Kepala Sekolah
SD Negeri 003 Tideng Pale
YOHANA BUNGA, S.Pd.SD
NIP 19800101 200501 2 009
"""


POLICE_NUMBERED_PARAGRAPHS_AND_RANKS = """\
KEPOLISIAN NEGARA REPUBLIK INDONESIA
DAERAH KALIMANTAN UTARA
RESOR TARAKAN
Jl. Yos Sudarso No. 62, Tarakan 77111
Tarakan,     November 2026
Nomor   : B/1234/XI/2026/Resta
Klasifikasi : BIASA
Lampiran : -
Perihal : permohonan kunjungan personel Polres
          ke ruang kendali TCC
Kepada
Yth. KEPALA DKISP KOTA TARAKAN
di
Tarakan
1. Rujukan: Program kerja Sat Lantas Polres Tarakan tahun 2026.
2. Sehubungan dengan rujukan tersebut di atas, bersama ini kami mohon izin untuk melaksanakan
kunjungan ke Tarakan Command Center guna koordinasi pemanfaatan CCTV lalu lintas, yang akan
dilaksanakan pada hari Selasa tanggal 1 Desember 2026 pukul 10.00 Wita dengan jumlah personel
10 (sepuluh) orang.
3. Untuk koordinasi dapat menghubungi AIPTU Rahmat (0811-5353-2020).
4. Demikian untuk menjadi maklum.
KEPALA KEPOLISIAN RESOR TARAKAN
AKBP ADI SAPUTRA, S.I.K., M.H.
NRP 78080123
"""


MIXED_CASE_KOP_OF_A_STUDY_PROGRAMME = """\
Universitas Borneo Tarakan
Fakultas Keguruan dan Ilmu Pendidikan
Program Studi Pendidikan Teknologi Informasi
Jl. Amal Lama No. 1 Tarakan, Kalimantan Utara
Tarakan, 14 September 2026
Nomor: 231/UN51.4/PTI/2026
Hal: Permohonan izin kunjungan studi lapangan
Yth. Kepala Tarakan Command Center
Di tempat
Dengan hormat,
Sehubungan dengan mata kuliah Sistem Informasi Manajemen semester ganjil 2026/2027, kami
memohon izin untuk melaksanakan kunjungan studi lapangan yang akan dilaksanakan pada hari
Kamis, 1 Oktober 2026 pukul 09:00 - 11:00 WITA. Jumlah mahasiswa yang akan mengikuti
kegiatan ini
sebanyak 35 orang didampingi oleh 2 orang dosen pengampu.
Narahubung kegiatan adalah Sdr. Rio Ferdinand (NIM 2105001) dengan nomor telepon 0813-4600-1122.
Demikian permohonan ini kami sampaikan, atas perhatian dan kerja samanya kami ucapkan
terima kasih.
Ketua Program Studi,
Dr. Anita Permatasari, M.Kom.
NIDN 1101018801
"""


PESANTREN_WITH_HIJRI_DATE_ON_THE_DATE_LINE = """\
YAYASAN PONDOK PESANTREN HIDAYATULLAH
PONDOK PESANTREN HIDAYATULLAH TARAKAN
Jl. Sei Sesayap RT 10 Kel. Sebengkok, Tarakan
Nomor : 045/PPH-TRK/B/XI/1448
Lamp. : -
Hal : Permohonan Kunjungan Santri
Tarakan, 19 Jumadil Awal 1448 H / 1 November 2026 M
Kepada Yth. Kepala UPTD Tarakan Command Center
di Tempat
Assalamu'alaikum Warahmatullahi Wabarakatuh
Segala puji bagi Allah SWT. Dalam rangka kegiatan rihlah ilmiah, kami bermaksud mengajak
santri tingkat Aliyah berkunjung ke Tarakan Command Center pada Ahad, 15 November 2026 ba'da
subuh sekitar jam 8 pagi. Jumlah rombongan 45 santri dan 4 ustadz pendamping.
Narahubung: Ustadz Abdullah Faqih, Lc. (0812 5151 3030)
Jazakumullah khairan katsiran.
Wassalamu'alaikum Warahmatullahi Wabarakatuh
Mudir Pondok,
KH. Muhammad Ridwan, Lc., M.A.
"""


COMPANY_ONE_LINE_KOP_AND_POSITION_ABOVE_NAME = """\
PT SINAR BORNEO LOGISTIK
Head Office: Jl. Gajah Mada No. 99, Tarakan 77112 | Telp. (0551) 2025 888 | info@sbl.co.id
Tarakan, 5 Januari 2027
No. Ref : SBL/HR/2027/003
Perihal : Kunjungan Industri Karyawan
Kepada Yth.
Kepala UPTD Tarakan Command Center
Dinas Komunikasi, Informatika, Statistik dan Persandian Kota Tarakan
Dengan hormat,
Bersama surat ini, kami dari PT Sinar Borneo Logistik mengajukan permohonan kunjungan industri
untuk 12 karyawan bagian operasional pada tanggal 20-01-2027, pukul 14.00 s/d 16.00 WITA.
Kontak kami: Sdri. Melati Kusuma (HRD) - 0822 1234 5678 / melati@sbl.co.id
Atas perhatian Bapak/Ibu kami sampaikan terima kasih.
Hormat kami,
HRD Manager
Melati Kusuma
"""


YOUTH_COMMITTEE_BOARD_ABOVE_ITS_NAME = """\
DEWAN PIMPINAN DAERAH
KOMITE NASIONAL PEMUDA INDONESIA
KOTA TARAKAN
Sekretariat: Gedung Pemuda Lt. 2, Jl. Sudirman, Tarakan
Nomor    : 23/DPD-KNPI/TRK/II/2027
Sifat    : Penting
Lampiran : 1 (satu) lembar
Perihal  : Permohonan Audiensi
Tarakan, 1 Februari 2027
Kepada Yth.
Kepala Dinas Komunikasi, Informatika,
Statistik dan Persandian Kota Tarakan
di -
   Tarakan
Dengan hormat,
Sehubungan dengan program kerja DPD KNPI Kota Tarakan, kami bermaksud melakukan audiensi
sekaligus melihat langsung operasional Tarakan Command Center pada:
Hari/Tanggal : Rabu / 10 Februari 2027
Waktu        : 13.00 WITA - selesai
Peserta      : Pengurus DPD KNPI sebanyak ± 15 orang (daftar terlampir)
Demikian surat ini kami sampaikan, atas perhatiannya diucapkan terima kasih.
Ketua,                                   Sekretaris,
ANDI MAPPANYUKKI, S.H.                   SRI WAHYUNI, S.E.
Narahubung: Andi (0853 3030 1212)
"""


LETTERS = [
    pytest.param(
        UNIVERSITY_HEADER_DATE_ON_NUMBER_LINE,
        True,
        {
            "nomor_surat": "0456 / UN51.3 / KM / 2026",  # as typed (issue 11)
            "tanggal_surat": "2026-10-12",
            "perihal": (
                "Permohonan Izin Kunjungan Lapangan Mahasiswa Program Studi Teknik Informatika"
            ),
            "instansi_pengirim": "Fakultas Teknik Universitas Borneo Tarakan",
            "penandatangan": "Dr. Ir. H. Muhammad Saleh, S.T., M.Eng.",
            "tanggal_kunjungan": "2026-10-22",
            "waktu_kunjungan": "08:00",
            "jumlah_peserta": 42,
            "kontak_nama": "Muhammad Fikri",
            "kontak_telepon": "+6285245678910",
        },
        id="university_header_date_on_number_line",
    ),
    pytest.param(
        KELURAHAN_ADDRESSEE_IN_RIGHT_COLUMN,
        True,
        {
            "nomor_surat": "400.10/ 27 /Kel.KA/III/2027",
            "tanggal_surat": "2027-03-05",
            "sifat": "biasa",
            "perihal": "Permohonan Kunjungan Kader PKK",
            "instansi_pengirim": "Kelurahan Karang Anyar",
            "penandatangan": "H. ABDUL GANI, S.Sos",
            "tanggal_kunjungan": "2027-03-19",
            "waktu_kunjungan": "09:00",
            "jumlah_peserta": 25,
            "kontak_nama": "Hj. Nurbaya",
            "kontak_telepon": "+628115432678",
        },
        id="kelurahan_addressee_in_right_column",
    ),
    pytest.param(
        COMMITTEE_TWO_SIGNERS_AND_MENGETAHUI,
        True,
        {
            "nomor_surat": "012/Pan-ST/SMKN1/XII/2026",
            "tanggal_surat": "2026-12-01",
            "perihal": "Permohonan Study Tour",
            "instansi_pengirim": "SMK Negeri 1 Tanjung Selor",
            "penandatangan": "Rina Marlina, S.Pd",
            "tanggal_kunjungan": "2027-01-11",
            "waktu_kunjungan": "10:00",
            "jumlah_peserta": 92,
            "kontak_nama": "Rina Marlina",
            "kontak_telepon": "+6281347001234",
        },
        id="committee_two_signers_and_mengetahui",
    ),
    pytest.param(
        STUDENT_ASSOCIATION_WITH_TABLE_OF_NAMES,
        True,
        {
            "nomor_surat": "021/HIMASI/X/2026",
            "tanggal_surat": "2026-10-20",
            "perihal": "Permohonan Kunjungan Studi",
            "instansi_pengirim": (
                "Himpunan Mahasiswa Sistem Informasi STMIK PPKIA Tarakanita Rahmawati"
            ),
            "penandatangan": "Kevin Tanoto",
            "tanggal_kunjungan": "2026-11-04",
            "waktu_kunjungan": "14:00",
            "jumlah_peserta": 5,
            "kontak_nama": "Kevin Tanoto",
            "kontak_telepon": "+6282255017788",
            "peserta": [
                "Kevin Tanoto",
                "Grace Natalia",
                "Muh. Rifai",
                "Ni Luh Putu Sari",
                "Yosua Pakiding",
            ],
        },
        id="student_association_with_table_of_names",
    ),
    pytest.param(
        PLAIN_LETTER_OF_RESIDENTS,
        True,
        {
            "nomor_surat": "15/RT.07/XI/2026",
            "tanggal_surat": "2026-11-02",
            "perihal": "Permohonan izin berkunjung",
            "penandatangan": "Darmansyah",
            "tanggal_kunjungan": "2026-11-14",
            "waktu_kunjungan": "10:00",
            "jumlah_peserta": 30,
            "kontak_nama": "Darman",
            "kontak_telepon": "+6281350001234",
        },
        id="plain_letter_of_residents",
    ),
    pytest.param(
        INVITATION_FROM_A_REGENCY,
        False,
        {
            "nomor_surat": "000.1.5/112/Prokopim",
            "tanggal_surat": "2027-02-09",
            "sifat": "segera",
            "perihal": "Undangan",
            "instansi_pengirim": "Sekretariat Daerah Kabupaten Nunukan",
            "penandatangan": "H. SERFIANUS, S.IP., M.Si.",
        },
        id="invitation_from_a_regency",
    ),
    pytest.param(
        COMPANY_ENGLISH_LABELS_AND_CONTACT_LIST,
        True,
        {
            "nomor_surat": "045/PHKT-TRK/XI/2026",
            "tanggal_surat": "2026-11-03",
            "perihal": "Permohonan Kunjungan Industri",
            "instansi_pengirim": "PT Pertamina Hulu Kalimantan Timur Field Tarakan",
            "penandatangan": "Andreas Wijaya",
            "tanggal_kunjungan": "2026-12-02",
            "waktu_kunjungan": "09:30",
            "jumlah_peserta": 17,
            "kontak_nama": "Budi Santoso",
            "kontak_telepon": "+6281211112222",
        },
        id="company_english_labels_and_contact_list",
    ),
    pytest.param(
        OCR_DIGIT_SLIPS,
        True,
        {
            "nomor_surat": "421.5/214/SMKN4/XI/2026",
            "tanggal_surat": "2026-11-03",
            "perihal": "Permohonan Kunjungan",
            "instansi_pengirim": "Sekolah Menengah Kejuruan Negeri 4 Tarakan",
            "penandatangan": "Drs. Sulaiman",
            "tanggal_kunjungan": "2026-11-12",
            "waktu_kunjungan": "09:00",
            "jumlah_peserta": 30,
            "kontak_nama": "Rina Wulandari",
            "kontak_telepon": "+6281234567890",
        },
        id="ocr_digit_slips",
    ),
    pytest.param(
        LABELS_AFTER_THE_ADDRESSEE,
        True,
        {
            "nomor_surat": "360/512/BPBD/2026",
            "tanggal_surat": "2026-11-03",
            "perihal": "Kunjungan Kerja Tim Reaksi Cepat",
            "instansi_pengirim": "Badan Penanggulangan Bencana Daerah Provinsi Kalimantan Utara",
            "penandatangan": "Ir. ANDI HAMZAH, M.T.",
            "tanggal_kunjungan": "2026-11-16",
            "waktu_kunjungan": None,
            "jumlah_peserta": 15,
            "kontak_nama": "Yosef Laba, S.T.",
            "kontak_telepon": "+6285247009911",
        },
        id="labels_after_the_addressee",
    ),
    pytest.param(
        NO_LETTERHEAD_SENDER_IN_SIGNER_TITLE,
        True,
        {
            "nomor_surat": "12/PAN/PKL/2026",
            "tanggal_surat": "2026-11-20",
            "perihal": "Permohonan Izin Kunjungan Belajar Siswa Kelas IV dan V",
            "instansi_pengirim": "SD Negeri 012 Tarakan",
            "penandatangan": "Hj. Siti Aminah, S.Pd.SD",
            "tanggal_kunjungan": "2026-12-08",
            "waktu_kunjungan": "08:00",
            "jumlah_peserta": 65,
            "kontak_nama": None,
            "kontak_telepon": None,
        },
        id="no_letterhead_sender_in_signer_title",
    ),
    pytest.param(
        ASSOCIATION_BRANCH_WITH_HIJRI_DATE,
        True,
        {
            "nomor_surat": "015/PC/A.IX/XI/2026",
            "tanggal_surat": "2026-11-09",
            "perihal": "Permohonan Audiensi dan Kunjungan",
            "instansi_pengirim": "Pimpinan Cabang Ikatan Pelajar Nahdlatul Ulama Kota Tarakan",
            "penandatangan": "Muhammad Hafiz",
            "tanggal_kunjungan": "2026-11-29",
            "waktu_kunjungan": "09:00",
            "jumlah_peserta": 25,
            "kontak_nama": "Ahmad Zainuddin",
            "kontak_telepon": "+6285399887766",
        },
        id="association_branch_with_hijri_date",
    ),
    pytest.param(
        LABELS_SPLIT_FROM_VALUES_AND_NAMES_IN_BODY,
        True,
        {
            "nomor_surat": "421.3/088/SMAN1/X/2026",
            "tanggal_surat": "2026-10-06",
            "perihal": "Permohonan Kunjungan",
            "instansi_pengirim": "SMA Negeri 1 Tarakan",
            "penandatangan": "Drs. Hamid",
            "tanggal_kunjungan": "2026-10-20",
            "jumlah_peserta": 3,
            "kontak_nama": "Ani Lestari",
            "kontak_telepon": "+6281355551212",
            "peserta": ["Budi Santoso", "Ani Lestari, S.Pd.", "Dedi Kurniawan"],
        },
        id="labels_split_from_values_and_names_in_body",
    ),
    pytest.param(
        SCHOOL_UNDER_REGENCY_DAY_AND_DATE_APART,
        True,
        {
            "nomor_surat": "421.2/045/SDN003/2026",
            "tanggal_surat": "2026-11-09",
            "perihal": "Permohonan Kunjungan Edukatif",
            "instansi_pengirim": "SD Negeri 003 Tideng Pale",
            "penandatangan": "YOHANA BUNGA, S.Pd.SD",
            "tanggal_kunjungan": "2026-11-27",
            "waktu_kunjungan": "08:00",
            "jumlah_peserta": 31,
            "kontak_nama": "Fransiska Ina, S.Pd.",
            "kontak_telepon": "+6285250007777",
        },
        id="school_under_regency_day_and_date_apart",
    ),
    pytest.param(
        POLICE_NUMBERED_PARAGRAPHS_AND_RANKS,
        True,
        {
            "nomor_surat": "B/1234/XI/2026/Resta",
            "tanggal_surat": None,
            "sifat": "biasa",
            "perihal": "permohonan kunjungan personel Polres ke ruang kendali TCC",
            "instansi_pengirim": "Kepolisian Resor Tarakan",
            "penandatangan": "ADI SAPUTRA, S.I.K., M.H.",
            "tanggal_kunjungan": "2026-12-01",
            "waktu_kunjungan": "10:00",
            "jumlah_peserta": 10,
            "kontak_nama": "Rahmat",
            "kontak_telepon": "+6281153532020",
        },
        id="police_numbered_paragraphs_and_ranks",
    ),
    pytest.param(
        MIXED_CASE_KOP_OF_A_STUDY_PROGRAMME,
        True,
        {
            "nomor_surat": "231/UN51.4/PTI/2026",
            "tanggal_surat": "2026-09-14",
            "perihal": "Permohonan izin kunjungan studi lapangan",
            "instansi_pengirim": (
                "Program Studi Pendidikan Teknologi Informasi Fakultas Keguruan dan Ilmu "
                "Pendidikan Universitas Borneo Tarakan"
            ),
            "penandatangan": "Dr. Anita Permatasari, M.Kom.",
            "tanggal_kunjungan": "2026-10-01",
            "waktu_kunjungan": "09:00",
            "jumlah_peserta": 37,
            "kontak_nama": "Rio Ferdinand",
            "kontak_telepon": "+6281346001122",
        },
        id="mixed_case_kop_of_a_study_programme",
    ),
    pytest.param(
        PESANTREN_WITH_HIJRI_DATE_ON_THE_DATE_LINE,
        True,
        {
            "nomor_surat": "045/PPH-TRK/B/XI/1448",
            "tanggal_surat": "2026-11-01",
            "perihal": "Permohonan Kunjungan Santri",
            "instansi_pengirim": "Pondok Pesantren Hidayatullah Tarakan",
            "penandatangan": "KH. Muhammad Ridwan, Lc., M.A.",
            "tanggal_kunjungan": "2026-11-15",
            "waktu_kunjungan": "08:00",
            "jumlah_peserta": 49,
            "kontak_nama": "Abdullah Faqih, Lc.",
            "kontak_telepon": "+6281251513030",
        },
        id="pesantren_with_hijri_date_on_the_date_line",
    ),
    pytest.param(
        COMPANY_ONE_LINE_KOP_AND_POSITION_ABOVE_NAME,
        True,
        {
            "nomor_surat": "SBL/HR/2027/003",
            "tanggal_surat": "2027-01-05",
            "perihal": "Kunjungan Industri Karyawan",
            "instansi_pengirim": "PT Sinar Borneo Logistik",
            "penandatangan": "Melati Kusuma",
            "tanggal_kunjungan": "2027-01-20",
            "waktu_kunjungan": "14:00",
            "jumlah_peserta": 12,
            "kontak_nama": "Melati Kusuma",
            "kontak_telepon": "+6282212345678",
        },
        id="company_one_line_kop_and_position_above_name",
    ),
    pytest.param(
        YOUTH_COMMITTEE_BOARD_ABOVE_ITS_NAME,
        True,
        {
            "nomor_surat": "23/DPD-KNPI/TRK/II/2027",
            "tanggal_surat": "2027-02-01",
            "sifat": "penting",
            "perihal": "Permohonan Audiensi",
            "instansi_pengirim": (
                "Dewan Pimpinan Daerah Komite Nasional Pemuda Indonesia Kota Tarakan"
            ),
            "penandatangan": "ANDI MAPPANYUKKI, S.H.",
            "tanggal_kunjungan": "2027-02-10",
            "waktu_kunjungan": "13:00",
            "jumlah_peserta": 15,
            "kontak_nama": "Andi",
            "kontak_telepon": "+6285330301212",
        },
        id="youth_committee_board_above_its_name",
    ),
]


@pytest.mark.parametrize(("text", "is_visit_request", "expected"), LETTERS)
def test_letter_in_another_style(
    text: str, is_visit_request: bool, expected: dict[str, object]
) -> None:
    reading = read_letter(text)
    found = reading.fields.to_json()
    assert {name: found[name] for name in expected} == expected
    assert reading.is_visit_request == is_visit_request
