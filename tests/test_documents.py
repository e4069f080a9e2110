"""Document contexts (pure) and rendering the six templates into real .docx files."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from doc_fixtures import (
    ISSUED_AT,
    LETTER,
    TEMPLATES,
    WITA,
    assigned,
    disposed,
    docx_text,
    finished,
    granted,
    make_config,
    refused,
    registered,
    squash,
    tiny_png,
)
from docx import Document

from pipeline.case import Case, Decision, Guest, LetterFields
from pipeline.config import Config, parse_config
from pipeline.documents.context import (
    BOX_EMPTY,
    BOX_TICKED,
    MIN_ATTENDANCE_ROWS,
    PLACEHOLDER,
    ROW_FIELDS,
    addressee,
    addressee_place,
    attendance_rows,
    build_context,
    duration_text,
    format_nip,
    format_phone,
    join_names,
    reason_clause,
    template_variables,
    text,
)
from pipeline.documents.kinds import DOCUMENT_KINDS
from pipeline.documents.render import render_document
from pipeline.errors import TemplateError

STAGES: dict[str, Callable[[], Case]] = {
    "registered": registered,
    "disposed": disposed,
    "granted": granted,
    "refused": refused,
    "assigned": assigned,
    "finished": finished,
}


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return make_config(tmp_path)


def render(kind: str, case: Case, config: Config, folder: Path, **kwargs: Any) -> str:
    """Render `kind` for `case` from the repository's template; return its text."""
    target = folder / f"{DOCUMENT_KINDS[kind].file_stem}.docx"
    context = build_context(kind, case, config, ISSUED_AT)
    render_document(TEMPLATES / DOCUMENT_KINDS[kind].template, context, target, **kwargs)
    return docx_text(target)


def values_of(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [v for item in value.values() for v in values_of(item)]
    if isinstance(value, list):
        return [v for item in value for v in values_of(item)]
    return [value]


# ---------------------------------------------------------------------------------------------
# Kinds


def test_the_six_kinds_in_sop_order() -> None:
    assert list(DOCUMENT_KINDS) == [
        "lembar_disposisi", "rekomendasi", "surat_penolakan", "surat_tugas", "daftar_hadir",
        "register_buku_tamu",
    ]
    stems = [kind.file_stem for kind in DOCUMENT_KINDS.values()]
    assert stems == sorted(stems)
    assert DOCUMENT_KINDS["surat_tugas"].file_stem == "03-surat-tugas"
    for kind in DOCUMENT_KINDS.values():
        assert kind.template == f"{kind.key}.docx"
        assert (TEMPLATES / kind.template).is_file()


# ---------------------------------------------------------------------------------------------
# Contexts


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("kind", DOCUMENT_KINDS)
def test_context_names_are_fixed_whatever_the_stage(kind: str, stage: str, config: Config) -> None:
    context = build_context(kind, STAGES[stage](), config, ISSUED_AT)
    assert set(context) == template_variables(kind)
    for value in values_of(context):
        assert value is not None
        assert "None" not in str(value)
    for name, fields in ROW_FIELDS.items():
        for row in context.get(name, []):
            assert set(row) == fields


def test_letter_values_are_formatted_for_people(config: Config) -> None:
    context = build_context("rekomendasi", granted(), config, ISSUED_AT)
    assert context["nomor_surat"] == "421.5/214/SMKN9/XI/2026"
    assert context["tanggal_surat"] == "3 November 2026"
    assert context["tanggal_diterima"] == "4 November 2026"
    assert context["tanggal_kunjungan"] == "Kamis, 12 November 2026"
    assert context["waktu_kunjungan"] == "09.00 WITA"
    assert context["jumlah_peserta"] == "35 (tiga puluh lima) orang"
    assert context["kota"] == "Tarakan"
    assert context["tanggal_dokumen"] == "29 November 2026"
    assert context["nomor_surat_keluar"] == "000.1.5/031/UPTD-TCC/XI/2026"
    assert context["kepala_uptd_nip"] == "19820517 200604 2 011"
    assert context["kepala_dinas_nama"] == "Dr. H. Syamsuddin Arfah, S.Kom., M.Si."
    assert context["kop_unit"] == "UPTD TARAKAN COMMAND CENTER"
    assert context["tempat_kunjungan"] == "Tarakan Command Center"
    assert context["jadwal_diubah"] is False
    assert context["logo"] == ""


def test_dates_are_shown_in_the_office_zone(config: Config) -> None:
    utc = ZoneInfo("UTC")
    case = replace(disposed(), received_at=datetime(2026, 11, 3, 23, 50, tzinfo=utc))
    late_evening_utc = datetime(2026, 11, 28, 16, 30, tzinfo=utc)  # 29 Nov 00.30 WITA
    context = build_context("lembar_disposisi", case, config, late_evening_utc)
    assert context["tanggal_diterima"] == "4 November 2026"
    assert context["tanggal_disposisi"] == "4 November 2026"
    assert context["tanggal_dokumen"] == "29 November 2026"


def test_unknown_letter_fields_show_a_placeholder(config: Config) -> None:
    case = registered(LetterFields())
    for kind in DOCUMENT_KINDS:
        context = build_context(kind, case, config, ISSUED_AT)
        for name in ("nomor_surat", "tanggal_surat", "perihal", "instansi_pengirim",
                     "tanggal_kunjungan", "waktu_kunjungan", "jumlah_peserta", "kontak_nama",
                     "sifat", "nomor_surat_keluar", "nomor_surat_tugas", "nama_pendamping"):
            if name in context:
                assert context[name] == PLACEHOLDER, (kind, name)


def test_disposition_sheet_before_and_after_the_disposition(config: Config) -> None:
    letter_says_urgent = registered(replace(LETTER, sifat="Sangat Segera"))
    blank = build_context("lembar_disposisi", letter_says_urgent, config, ISSUED_AT)
    assert blank["sudah_didisposisi"] is False
    assert blank["kotak_sangat_segera"] == BOX_TICKED
    assert {blank[k] for k in ("kotak_segera", "kotak_rahasia", "kotak_biasa")} == {BOX_EMPTY}

    unknown = build_context("lembar_disposisi", registered(), config, ISSUED_AT)
    assert {v for k, v in unknown.items() if k.startswith("kotak_")} == {BOX_EMPTY}
    assert unknown["sifat"] == PLACEHOLDER

    filled = build_context("lembar_disposisi", disposed(letter_says_urgent), config, ISSUED_AT)
    assert filled["sudah_didisposisi"] is True
    assert filled["kotak_segera"] == BOX_TICKED  # the Kepala Dinas's choice wins
    assert filled["kotak_sangat_segera"] == BOX_EMPTY
    assert filled["sifat"] == "Segera"
    assert filled["diteruskan_kepada"] == "Kepala UPTD Tarakan Command Center"
    assert filled["isi_disposisi"].startswith("Tindak lanjuti")


def test_a_moved_visit_shows_the_granted_schedule(config: Config) -> None:
    base = granted()
    assert base.decision is not None
    moved = replace(base, decision=replace(base.decision, visit_date=date(2026, 11, 13),
                                           visit_time=time(13, 30)))
    context = build_context("rekomendasi", moved, config, ISSUED_AT)
    assert context["tanggal_kunjungan"] == "Jumat, 13 November 2026"
    assert context["waktu_kunjungan"] == "13.30 WITA"
    assert context["jadwal_diubah"] is True


def test_refusal_reason_loses_its_full_stop(config: Config) -> None:
    context = build_context("surat_penolakan", refused(), config, ISSUED_AT)
    assert context["alasan_penolakan"] == (
        "ruang Command Center sedang dipakai untuk simulasi penanganan bencana"
    )
    assert context["nomor_surat_keluar"] == "000.1.5/032/UPTD-TCC/XI/2026"


def test_escorts(config: Config) -> None:
    context = build_context("surat_tugas", assigned(), config, ISSUED_AT)
    assert context["nomor_surat_tugas"] == "800.1.11.1/045/UPTD-TCC/XI/2026"
    assert context["pelaksana"][0] == {
        "no": 1, "nama": "Rina Marlina, S.Kom.", "nip": "19900214 201503 2 001",
        "pangkat": "Penata Muda (III/a)", "jabatan": "Pranata Komputer Ahli Pertama",
    }
    assert context["nama_pendamping"] == "Rina Marlina, S.Kom. dan Andi Saputra, A.Md."
    before = build_context("rekomendasi", granted(), config, ISSUED_AT)
    assert before["pelaksana"] == []
    assert before["nama_pendamping"] == PLACEHOLDER


def test_attendance_rows() -> None:
    rows = attendance_rows(("Ahmad", "Bunga"), 35)
    assert len(rows) == 35
    assert rows[0] == {"no": 1, "nama": "Ahmad"}
    assert rows[2] == {"no": 3, "nama": ""}
    assert len(attendance_rows((), None)) == MIN_ATTENDANCE_ROWS
    assert len(attendance_rows(("a", "b", "c"), 2)) == 3


def test_guest_register(config: Config) -> None:
    context = build_context("register_buku_tamu", finished(), config, ISSUED_AT)
    names = [row["nama"] for row in context["tamu"]]
    assert names == ["Ahmad Rizki", "Bunga Lestari", "Drs. Muhammad Yusran Efendi, M.Pd."]
    first, _, still_inside = context["tamu"]
    assert first == {
        "no": 1, "nama": "Ahmad Rizki", "instansi": "SMK Negeri 9 Tarakan",
        "telepon": "0813-0000-0001", "tanggal": "12 November 2026", "jam_masuk": "09.02",
        "jam_keluar": "10.27", "durasi": "1 jam 25 menit",
    }
    assert still_inside["telepon"] == PLACEHOLDER
    assert still_inside["jam_keluar"] == PLACEHOLDER
    assert still_inside["durasi"] == PLACEHOLDER
    assert context["jumlah_tamu"] == "3 (tiga) orang"


def test_guest_times_in_utc_are_shown_in_wita(config: Config) -> None:
    utc = ZoneInfo("UTC")
    guest = Guest("Tamu", None, None, datetime(2026, 11, 12, 1, 5, tzinfo=utc),
                  datetime(2026, 11, 12, 3, 5, tzinfo=utc))
    context = build_context("register_buku_tamu", replace(assigned(), guests=(guest,)), config,
                            ISSUED_AT)
    assert context["tamu"][0]["jam_masuk"] == "09.05"
    assert context["tamu"][0]["durasi"] == "2 jam"


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [(45, "45 menit"), (60, "1 jam"), (85, "1 jam 25 menit"), (0, "0 menit")],
)
def test_duration_text(minutes: int, expected: str) -> None:
    start = datetime(2026, 11, 12, 9, 0, tzinfo=WITA)
    end = datetime.fromtimestamp(start.timestamp() + minutes * 60, WITA)
    assert duration_text(start, end) == expected


def test_duration_of_a_guest_still_inside_or_with_a_bad_exit_time() -> None:
    start = datetime(2026, 11, 12, 9, 0, tzinfo=WITA)
    assert duration_text(start, None) == PLACEHOLDER
    assert duration_text(start, start.replace(hour=8)) == PLACEHOLDER


def test_small_formatters() -> None:
    assert format_nip("197003121995121002") == "19700312 199512 1 002"
    assert format_nip("19700312 199512 1 002") == "19700312 199512 1 002"
    assert format_nip("[NIP Kepala Dinas]") == "[NIP Kepala Dinas]"
    assert join_names([]) == PLACEHOLDER
    assert join_names(["A", "B", "C"]) == "A, B, dan C"
    assert text(None) == PLACEHOLDER
    assert text("  ") == PLACEHOLDER
    assert text("SMK\x0b Negeri\x00 9\r\nTarakan") == "SMK Negeri 9\nTarakan"


def test_unknown_kind(config: Config) -> None:
    with pytest.raises(TemplateError, match="surat_cinta"):
        build_context("surat_cinta", registered(), config, ISSUED_AT)
    with pytest.raises(TemplateError):
        template_variables("surat_cinta")


# ---------------------------------------------------------------------------------------------
# Rendering the repository's templates


KOP_LINES = (
    "PEMERINTAH KOTA TARAKAN",
    "DINAS KOMUNIKASI, INFORMATIKA, STATISTIK DAN PERSANDIAN",
    "Jl. Jenderal Sudirman No. 76, Tarakan 77111",
)


def assert_signed_by_kepala_uptd(content: str) -> None:
    assert "Yuliana Pasorong, S.T., M.T." in content
    assert "NIP. 19820517 200604 2 011" in content
    assert "Kepala UPTD Tarakan Command Center," in content


def sifat_line(content: str) -> str:
    return next(line for line in content.splitlines() if "Sangat Segera" in line)


def assert_clean(content: str) -> None:
    assert "{{" not in content
    assert "{%" not in content
    assert "None" not in content


def test_lembar_disposisi_at_registration(tmp_path: Path, config: Config) -> None:
    content = render("lembar_disposisi", registered(), config, tmp_path)
    assert_clean(content)
    for line in (*KOP_LINES, "LEMBAR DISPOSISI", "SMK Negeri 9 Tarakan",
                 "421.5/214/SMKN9/XI/2026", "3 November 2026", "4 November 2026", "0007",
                 "Permohonan Kunjungan", "Kamis, 12 November 2026, 09.00 WITA",
                 "Dr. H. Syamsuddin Arfah, S.Kom., M.Si.", "NIP. 19700312 199512 1 002"):
        assert line in content
    assert "UPTD TARAKAN COMMAND CENTER" not in content  # the department's own form
    assert sifat_line(content).count(BOX_EMPTY) == 4
    assert "Tarakan, ....." in content  # date left for the Kepala Dinas
    # The office's usual instructions and addressees, to tick by hand.
    for line in ("Dengan hormat harap:", f"{BOX_EMPTY}  Tanggapan dan saran",
                 f"{BOX_EMPTY}  Proses lebih lanjut", f"{BOX_EMPTY}  Koordinasikan/konfirmasikan",
                 f"{BOX_EMPTY}  Kepala UPTD Tarakan Command Center", "Lampiran", "Batas Waktu",
                 "Diterima untuk tindak lanjut:", "Paraf"):
        assert line in content


def test_lembar_disposisi_filled(tmp_path: Path, config: Config) -> None:
    content = render("lembar_disposisi", disposed(), config, tmp_path)
    assert_clean(content)
    assert f"{BOX_TICKED} Segera" in sifat_line(content)
    assert sifat_line(content).count(BOX_EMPTY) == 3
    assert "Kepala UPTD Tarakan Command Center" in content
    assert "Tindak lanjuti, siapkan pendamping dan ruang Command Center." in content
    assert "Tarakan, 4 November 2026" in content


def test_rekomendasi(tmp_path: Path, config: Config) -> None:
    content = render("rekomendasi", granted(), config, tmp_path)
    assert_clean(content)
    flat = squash(content)
    for line in (*KOP_LINES, "UPTD TARAKAN COMMAND CENTER", "Tarakan, 29 November 2026",
                 "000.1.5/031/UPTD-TCC/XI/2026", "Yth. Kepala SMK Negeri 9 Tarakan",
                 "Kamis, 12 November 2026", "09.00 WITA s.d. selesai",
                 "35 (tiga puluh lima) orang"):
        assert line in content
    assert ("Menindaklanjuti surat Saudara Nomor 421.5/214/SMKN9/XI/2026 tanggal 3 November "
            "2026 perihal Permohonan Kunjungan") in flat
    assert "menghubungi narahubung Saudara, Rahmawati Sulaiman, S.Kom. (0812-5432-1098)" in flat
    assert "dengan penyesuaian jadwal" not in flat
    assert_signed_by_kepala_uptd(content)
    assert "Tembusan:" in content


def test_rekomendasi_names_the_escorts_once_appointed(tmp_path: Path, config: Config) -> None:
    flat = squash(render("rekomendasi", assigned(), config, tmp_path))
    assert "Petugas kami, Rina Marlina, S.Kom. dan Andi Saputra, A.Md., akan mendampingi" in flat
    assert "narahubung" not in flat


def test_surat_penolakan(tmp_path: Path, config: Config) -> None:
    content = render("surat_penolakan", refused(), config, tmp_path)
    assert_clean(content)
    flat = squash(content)
    assert "000.1.5/032/UPTD-TCC/XI/2026" in content
    assert "belum dapat memenuhi permohonan kunjungan SMK Negeri 9 Tarakan" in flat
    assert "pada Kamis, 12 November 2026, dengan alasan ruang Command Center sedang dipakai " \
           "untuk simulasi penanganan bencana." in flat
    assert "mengajukan kembali" in flat
    assert_signed_by_kepala_uptd(content)


def test_surat_tugas(tmp_path: Path, config: Config) -> None:
    content = render("surat_tugas", assigned(), config, tmp_path)
    assert_clean(content)
    flat = squash(content)
    for line in ("SURAT TUGAS", "Nomor: 800.1.11.1/045/UPTD-TCC/XI/2026", "MENUGASKAN:",
                 "Rina Marlina, S.Kom.", "19900214 201503 2 001", "Penata Muda (III/a)",
                 "Andi Saputra, A.Md.", "19950830 201903 1 004", "Operator Command Center",
                 "Ditetapkan di Tarakan", "pada tanggal 29 November 2026"):
        assert line in content
    assert "Nomor 421.5/214/SMKN9/XI/2026 tanggal 3 November 2026" in flat
    assert "tanggal 4 November 2026 pada Lembar Disposisi Nomor Agenda 0007" in flat
    assert "pada hari Kamis, 12 November 2026 pukul 09.00 WITA" in flat
    assert_signed_by_kepala_uptd(content)


def test_surat_tugas_has_one_row_per_escort(tmp_path: Path, config: Config) -> None:
    render("surat_tugas", assigned(), config, tmp_path)
    document = Document(str(tmp_path / "03-surat-tugas.docx"))
    staff = next(t for t in document.tables if t.rows[0].cells[0].text == "No")
    assert [row.cells[1].text for row in staff.rows[1:]] == [
        "Rina Marlina, S.Kom.", "Andi Saputra, A.Md."
    ]


def test_daftar_hadir(tmp_path: Path, config: Config) -> None:
    content = render("daftar_hadir", assigned(), config, tmp_path)
    assert_clean(content)
    for line in ("DAFTAR HADIR / BUKU TAMU KUNJUNGAN", "Kamis, 12 November 2026",
                 "35 (tiga puluh lima) orang", "Instansi/Jabatan", "Tanda Tangan",
                 "Rina Marlina, S.Kom. dan Andi Saputra, A.Md."):
        assert line in content
    document = Document(str(tmp_path / "04-daftar-hadir.docx"))
    sheet = next(t for t in document.tables if t.rows[0].cells[0].text == "No")
    assert [c.text for c in sheet.rows[0].cells] == [
        "No", "Nama", "Instansi/Jabatan", "No. HP", "Jam Masuk", "Jam Keluar", "Tanda Tangan"
    ]
    assert len(sheet.rows) == 1 + 35 + 1  # header, one row per participant, the signatures
    assert sheet.rows[1].cells[1].text == "Ahmad Rizki"
    assert sheet.rows[35].cells[0].text == "35"
    assert sheet.rows[35].cells[1].text == ""
    assert "Jumlah peserta yang hadir" in sheet.rows[36].cells[0].text
    assert_signed_by_kepala_uptd(content)


def test_register_buku_tamu(tmp_path: Path, config: Config) -> None:
    content = render("register_buku_tamu", finished(), config, tmp_path)
    assert_clean(content)
    for line in ("REGISTER BUKU TAMU KUNJUNGAN", "0007", "421.5/214/SMKN9/XI/2026",
                 "000.1.5/031/UPTD-TCC/XI/2026", "800.1.11.1/045/UPTD-TCC/XI/2026",
                 "Rina Marlina, S.Kom. dan Andi Saputra, A.Md.", "1 jam 25 menit",
                 "3 (tiga) orang", "Tarakan, 29 November 2026"):
        assert line in content
    document = Document(str(tmp_path / "05-register-buku-tamu.docx"))
    guests = next(t for t in document.tables if t.rows[0].cells[0].text == "No")
    assert [c.text for c in guests.rows[1].cells] == [
        "1", "Ahmad Rizki", "SMK Negeri 9 Tarakan", "0813-0000-0001", "12 November 2026",
        "09.02", "10.27", "1 jam 25 menit",
    ]
    assert len(guests.rows) == 1 + 3 + 1
    assert_signed_by_kepala_uptd(content)


def test_placeholder_case_renders_every_document(tmp_path: Path, config: Config) -> None:
    """A case known only by its agenda number still gives printable documents."""
    for kind in DOCUMENT_KINDS:
        content = render(kind, registered(LetterFields()), config, tmp_path)
        assert_clean(content)
        assert "PEMERINTAH KOTA TARAKAN" in content


# ---------------------------------------------------------------------------------------------
# Escaping and long values

AWKWARD = 'PT "Maju & Jaya" <Cabang> Tarakan \'Utara\' > 5 & < 9'
LONG_NAME = ("Sekolah Menengah Kejuruan Negeri Sembilan Tarakan Program Keahlian Teknik "
             "Komputer dan Jaringan serta Rekayasa Perangkat Lunak Kelas Industri Kerja Sama "
             "Pemerintah Kota Tarakan dan Mitra Dunia Usaha Dunia Industri")
LONG_GUEST = ("Raden Mas " * 20).strip()


@pytest.mark.parametrize("value", [AWKWARD, LONG_NAME + " " + AWKWARD])
@pytest.mark.parametrize("kind", DOCUMENT_KINDS)
def test_awkward_values_render_intact(kind: str, value: str, tmp_path: Path,
                                      config: Config) -> None:
    assert len(LONG_NAME) >= 200
    letter = replace(LETTER, instansi_pengirim=value, perihal=value, peserta=(value,))
    case = finished(assigned(granted(disposed(registered(letter)))))
    case = replace(case, guests=(replace(case.guests[0], name=LONG_GUEST, institution=value),))
    content = render(kind, case, config, tmp_path)
    assert_clean(content)
    assert value in content
    position = content.index(value)
    signer = "NIP. 19700312 199512 1 002" if kind == "lembar_disposisi" else (
        "NIP. 19820517 200604 2 011"
    )
    assert content.index(signer, position) > position  # nothing after the value was lost
    if kind == "register_buku_tamu":
        assert LONG_GUEST in content


def test_escaped_in_the_xml(tmp_path: Path, config: Config) -> None:
    letter = replace(LETTER, instansi_pengirim=AWKWARD)
    render("rekomendasi", granted(registered(letter)), config, tmp_path)
    with zipfile.ZipFile(tmp_path / "02-rekomendasi.docx") as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    assert "PT \"Maju &amp; Jaya\" &lt;Cabang&gt; Tarakan 'Utara' &gt; 5 &amp; &lt; 9" in xml


def test_multi_line_instruction_keeps_its_lines(tmp_path: Path, config: Config) -> None:
    case = disposed()
    assert case.disposition is not None
    case = replace(case, disposition=replace(case.disposition,
                                             instruction="1. Siapkan ruang\n2. Tunjuk pendamping"))
    content = render("lembar_disposisi", case, config, tmp_path)
    assert "1. Siapkan ruang\n2. Tunjuk pendamping" in content


# ---------------------------------------------------------------------------------------------
# render_document itself


def make_template(path: Path, *lines: str) -> Path:
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(str(path))
    return path


def test_undefined_variable_is_an_error(tmp_path: Path) -> None:
    template = make_template(tmp_path / "surat.docx", "Nomor {{ nomor_surat }}",
                             "Hal {{ nomor_srat }}")
    with pytest.raises(TemplateError, match=r"surat\.docx.*nomor_srat") as caught:
        render_document(template, {"nomor_surat": "1"}, tmp_path / "out.docx")
    assert "\n" not in caught.value.message
    assert not (tmp_path / "out.docx").exists()


def test_undefined_row_field_is_an_error(tmp_path: Path) -> None:
    template = make_template(tmp_path / "t.docx", "{% for p in pelaksana %}{{ p.nipp }}"
                                                   "{% endfor %}")
    with pytest.raises(TemplateError, match="nipp"):
        render_document(template, {"pelaksana": [{"nip": "1"}]}, tmp_path / "out.docx")


def test_broken_jinja_is_an_error(tmp_path: Path) -> None:
    template = make_template(tmp_path / "t.docx", "{% if x %} tanpa penutup")
    with pytest.raises(TemplateError, match=r"t\.docx"):
        render_document(template, {"x": True}, tmp_path / "out.docx")


def test_missing_or_damaged_template(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="tidak ditemukan"):
        render_document(tmp_path / "tidak-ada.docx", {}, tmp_path / "out.docx")
    damaged = tmp_path / "rusak.docx"
    damaged.write_bytes(b"bukan zip")
    with pytest.raises(TemplateError, match=r"rusak\.docx"):
        render_document(damaged, {}, tmp_path / "out.docx")


def test_overwrites_atomically(tmp_path: Path) -> None:
    template = make_template(tmp_path / "t.docx", "Hal {{ perihal }}")
    target = tmp_path / "keluar" / "out.docx"
    render_document(template, {"perihal": "pertama"}, target)
    render_document(template, {"perihal": "kedua"}, target)
    assert "Hal kedua" in docx_text(target)
    assert [p.name for p in target.parent.iterdir()] == ["out.docx"]


def test_logo_in_the_kop(tmp_path: Path, config: Config) -> None:
    logo = tiny_png(tmp_path / "logo.png")
    render("rekomendasi", granted(), config, tmp_path, logo=logo)
    with zipfile.ZipFile(tmp_path / "02-rekomendasi.docx") as archive:
        assert any(name.startswith("word/media/") for name in archive.namelist())
        assert "<w:drawing>" in archive.read("word/document.xml").decode("utf-8")


def test_no_logo_leaves_the_cell_empty(tmp_path: Path, config: Config) -> None:
    render("rekomendasi", granted(), config, tmp_path)
    with zipfile.ZipFile(tmp_path / "02-rekomendasi.docx") as archive:
        assert not any(name.startswith("word/media/") for name in archive.namelist())
        assert "logo" not in archive.read("word/document.xml").decode("utf-8")


def test_unreadable_logo(tmp_path: Path, config: Config) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"not an image")
    with pytest.raises(TemplateError, match="logo"):
        render("rekomendasi", granted(), config, tmp_path, logo=logo)


def test_placeholder_officials(tmp_path: Path) -> None:
    """Before the office fills in its officials, the letters show marked placeholders."""
    config = parse_config({}, base=tmp_path, source=None)
    content = render("rekomendasi", granted(), config, tmp_path)
    assert "[Nama Kepala UPTD TCC]" in content
    assert "NIP. [NIP Kepala UPTD TCC]" in content


def test_decision_without_schedule_uses_the_requested_one(tmp_path: Path,
                                                          config: Config) -> None:
    case = replace(granted(), decision=Decision(granted=True, at=ISSUED_AT, by="kepala_uptd",
                                                letter_number="000.1.5/1/UPTD-TCC/XI/2026"))
    content = render("rekomendasi", case, config, tmp_path)
    assert "Kamis, 12 November 2026" in content
    assert re.search(r"09\.00 WITA s\.d\. selesai", content)


# ---------------------------------------------------------------------------------------------
# Issue 12: letters addressed, worded and numbered as a Tata Usaha reviewer expects


def test_phones_print_the_indonesian_way() -> None:
    assert format_phone("+6281254321098") == "0812-5432-1098"
    assert format_phone("+628115500321") == "0811-5500-321"
    assert format_phone("0812 5432 1098") == "0812-5432-1098"
    assert format_phone("+6255621789") == "(0556) 21789"  # Nunukan: a three-digit area code
    assert format_phone("+622150001234") == "(021) 50001234"  # Jakarta: two digits
    assert format_phone("+60 12-345 6789") == "+60 12-345 6789"  # not Indonesian: as written
    assert format_phone(None) == PLACEHOLDER


def test_the_reply_goes_to_the_signers_office() -> None:
    signed = replace(LETTER, jabatan_penandatangan="Kepala SMK Negeri 9 Tarakan")
    assert addressee(signed) == "Kepala SMK Negeri 9 Tarakan"
    assert addressee_place(signed, "Tarakan") == "Tempat"
    # Without the title read from the signature block, the head of that kind of institution.
    for institution, expected in (
        ("Fakultas Teknik Universitas Borneo Utara",
         "Dekan Fakultas Teknik Universitas Borneo Utara"),
        ("Sekretariat DPRD Kota Tarakan", "Sekretaris DPRD Kota Tarakan"),
        ("PT Mitra Data Nusantara", "Direktur PT Mitra Data Nusantara"),
        ("Karang Taruna Kelurahan Sebengkok", "Ketua Karang Taruna Kelurahan Sebengkok"),
    ):
        assert addressee(replace(LETTER, instansi_pengirim=institution,
                                 jabatan_penandatangan="  ")) == expected
    other = replace(LETTER, instansi_pengirim="Dinas Komunikasi dan Informatika Kabupaten "
                    "Bulungan", jabatan_penandatangan=None)
    assert addressee(other) == "Kepala Dinas Komunikasi dan Informatika Kabupaten Bulungan"
    assert addressee_place(other, "Tarakan") == "Bulungan"


def test_a_reason_typed_as_a_sentence_continues_the_letters_sentence() -> None:
    assert reason_clause("Ruang sedang dipakai.") == "ruang sedang dipakai"
    assert reason_clause("TCC sedang dalam perbaikan") == "TCC sedang dalam perbaikan"
    assert reason_clause("jadwal penuh") == "jadwal penuh"


def test_refusal_of_a_letter_without_a_visit_date_reads_naturally(
    tmp_path: Path, config: Config
) -> None:
    undated = replace(LETTER, tanggal_kunjungan=None, waktu_kunjungan=None)
    flat = squash(render("surat_penolakan", refused(disposed(registered(undated))), config,
                         tmp_path))
    assert "ke Tarakan Command Center, dengan alasan ruang Command Center" in flat
    assert "pada -" not in flat


def test_a_rekomendasi_granting_another_date_names_the_date_asked_for(
    tmp_path: Path, config: Config
) -> None:
    base = granted()
    assert base.decision is not None
    moved = replace(base, decision=replace(base.decision, visit_date=date(2026, 11, 13)))
    flat = squash(render("rekomendasi", moved, config, tmp_path))
    assert ("dengan penyesuaian jadwal (Saudara mengajukan Kamis, 12 November 2026 pukul "
            "09.00 WITA), yang akan dilaksanakan pada:") in flat
    assert "Jumat, 13 November 2026" in flat
    # A letter that asked for no date has nothing to adjust.
    undated = replace(LETTER, tanggal_kunjungan=None, waktu_kunjungan=None)
    context = build_context("rekomendasi", granted(disposed(registered(undated))), config,
                            ISSUED_AT)
    assert context["jadwal_diubah"] is False


def test_surat_tugas_cites_the_rekomendasi(tmp_path: Path, config: Config) -> None:
    flat = squash(render("surat_tugas", assigned(), config, tmp_path))
    assert ("Surat Rekomendasi Kunjungan Kepala UPTD Tarakan Command Center Nomor "
            "000.1.5/031/UPTD-TCC/XI/2026 tanggal 5 November 2026.") in flat


def test_register_shows_the_day_each_guest_came(tmp_path: Path, config: Config) -> None:
    base = finished()
    late = Guest("Citra Dewi", "SMK Negeri 9 Tarakan", None,
                 datetime(2026, 11, 13, 9, 0, tzinfo=WITA), datetime(2026, 11, 13, 10, 0,
                                                                       tzinfo=WITA))
    content = render("register_buku_tamu", replace(base, guests=(*base.guests, late)), config,
                     tmp_path)
    assert "13 November 2026*" in content
    assert "* Datang di luar tanggal kunjungan yang diizinkan (Kamis, 12 November 2026)." in \
        squash(content)


def test_daftar_hadir_names_its_letters_and_has_room_for_the_escort(
    tmp_path: Path, config: Config
) -> None:
    flat = squash(render("daftar_hadir", assigned(), config, tmp_path))
    for line in ("Nomor 421.5/214/SMKN9/XI/2026 tanggal 3 November 2026",
                 "Nomor 800.1.11.1/045/UPTD-TCC/XI/2026", "Tarakan, 12 November 2026",
                 "Pendamping,", "Mengetahui,"):
        assert line in flat
    footer = Document(str(tmp_path / "04-daftar-hadir.docx")).sections[0].footer._element.xml
    assert "NUMPAGES" in footer and "Halaman" in footer
