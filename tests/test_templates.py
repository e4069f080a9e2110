"""The template check, the template builder, and templates that went through LibreOffice."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest
from doc_fixtures import (
    ISSUED_AT,
    REPO,
    TEMPLATES,
    assigned,
    disposed,
    document_xml,
    docx_text,
    finished,
    granted,
    make_config,
    refused,
    registered,
)
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from pipeline.documents.check import TemplateReport, check_template, check_templates
from pipeline.documents.context import build_context, template_variables
from pipeline.documents.kinds import DOCUMENT_KINDS
from pipeline.documents.monthly import (
    MONTHLY_REGISTER_KEY,
    MONTHLY_REGISTER_TEMPLATE,
    MONTHLY_VARIABLES,
)
from pipeline.documents.render import render_document


def load_builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_templates",
                                                  REPO / "tools" / "build_templates.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# Every template in the repository: the six of a case, then the monthly register.
TEMPLATE_NAMES = {**{k.key: k.template for k in DOCUMENT_KINDS.values()},
                  MONTHLY_REGISTER_KEY: MONTHLY_REGISTER_TEMPLATE}


def known_variables(kind: str) -> frozenset[str]:
    return MONTHLY_VARIABLES if kind == MONTHLY_REGISTER_KEY else template_variables(kind)


def report_for(kind: str, path: Path) -> TemplateReport:
    report = check_template(kind, path)
    assert report.kind == kind
    assert report.path == path
    return report


def template_with(path: Path, *lines: str) -> Path:
    """A one-paragraph-per-line template, as a staff member might type it."""
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(str(path))
    return path


# ---------------------------------------------------------------------------------------------
# The repository's templates


def test_repository_templates_are_clean() -> None:
    reports = check_templates(TEMPLATES)
    assert [r.kind for r in reports] == list(TEMPLATE_NAMES)
    for report in reports:
        assert report.problems == (), report.kind
        assert report.ok
        assert list(report.variables) == sorted(report.variables)
        assert set(report.variables) <= known_variables(report.kind)
        assert "logo" in report.variables


def test_templates_use_the_variables_that_matter() -> None:
    used = {r.kind: set(r.variables) for r in check_templates(TEMPLATES)}
    assert {"sudah_didisposisi", "isi_disposisi", "diteruskan_kepada", "kotak_segera",
            "kepala_dinas_nama", "nomor_agenda"} <= used["lembar_disposisi"]
    assert {"nomor_surat_keluar", "pelaksana", "kontak_nama", "kepala_uptd_nip",
            "jadwal_diubah"} <= used["rekomendasi"]
    assert "alasan_penolakan" in used["surat_penolakan"]
    assert {"nomor_surat_tugas", "pelaksana", "tanggal_disposisi"} <= used["surat_tugas"]
    assert "peserta" in used["daftar_hadir"]
    assert {"tamu", "jumlah_tamu", "nomor_surat_tugas"} <= used["register_buku_tamu"]
    assert {"register", "bulan", "ada_tamu", "kepala_uptd_nip"} <= used[MONTHLY_REGISTER_KEY]


def test_builder_output_matches_the_committed_templates(tmp_path: Path) -> None:
    """Change tools/build_templates.py, then rebuild templates/: this test says when not."""
    written = load_builder().build_all(tmp_path)
    assert sorted(p.name for p in written) == sorted(TEMPLATE_NAMES.values())
    for path in written:
        assert document_xml(path) == document_xml(TEMPLATES / path.name), path.name
    assert all(r.ok for r in check_templates(tmp_path))


def test_templates_stay_small() -> None:
    for name in TEMPLATE_NAMES.values():
        path = TEMPLATES / name
        assert path.stat().st_size < 80_000
        with zipfile.ZipFile(path) as archive:
            assert not [n for n in archive.namelist() if n.startswith(("word/media/",
                                                                       "word/fonts/"))]


def test_table_columns_have_explicit_widths() -> None:
    """LibreOffice wraps tables by their grid and cell widths; autofit would undo them."""
    for name in TEMPLATE_NAMES.values():
        document = Document(str(TEMPLATES / name))
        for table in document.tables:
            assert table.autofit is False
            assert all(column.width for column in table.columns)
            for row in table.rows:
                assert all(cell.width for cell in row.cells)


# ---------------------------------------------------------------------------------------------
# Problems the check finds


def test_missing_template(tmp_path: Path) -> None:
    reports = check_templates(tmp_path)
    assert len(reports) == len(TEMPLATE_NAMES)
    assert all(len(r.problems) == 1 and "tidak ada" in r.problems[0] for r in reports)


def test_not_a_docx(tmp_path: Path) -> None:
    path = tmp_path / "rekomendasi.docx"
    path.write_text("bukan docx")
    (problem,) = report_for("rekomendasi", path).problems
    assert "bukan berkas .docx" in problem


def test_unknown_variable_with_a_suggestion(tmp_path: Path) -> None:
    path = template_with(tmp_path / "t.docx", "Nomor {{ nomor_surat }}", "Hal {{ perihall }}",
                         "{{ kepala_uptd_nama }}")
    report = report_for("rekomendasi", path)
    assert report.problems == ("variabel tidak dikenal: perihall (maksudnya perihal?)",)
    assert report.variables == ("kepala_uptd_nama", "nomor_surat", "perihall")


def test_variable_of_another_kind(tmp_path: Path) -> None:
    path = template_with(tmp_path / "t.docx", "{{ alasan_penolakan }}")
    assert report_for("surat_penolakan", path).ok
    (problem,) = report_for("lembar_disposisi", path).problems
    assert "alasan_penolakan" in problem


def test_unknown_row_field(tmp_path: Path) -> None:
    path = template_with(tmp_path / "t.docx",
                         "{% for p in pelaksana %}{{ p.nama }} {{ p.golongan }}{% endfor %}")
    (problem,) = report_for("surat_tugas", path).problems
    assert "p.golongan" in problem
    assert "pangkat" in problem  # lists what exists


def test_curly_quotes_inside_a_tag(tmp_path: Path) -> None:
    path = template_with(tmp_path / "t.docx", "{{ perihal or “-” }}", "“Kutipan” di luar tag")
    (problem,) = report_for("rekomendasi", path).problems
    assert "kutip lengkung" in problem
    assert "“-”" in problem


def test_tag_split_over_two_paragraphs(tmp_path: Path) -> None:
    """Enter pressed inside a tag: docxtpl would glue the paragraphs together."""
    path = template_with(tmp_path / "t.docx", "Nomor {{ nomor_", "surat }} dan seterusnya")
    problems = report_for("rekomendasi", path).problems
    assert any("terpecah ke paragraf lain" in p and "Nomor {{ nomor_" in p for p in problems)


def test_tag_split_by_a_tracked_deletion(tmp_path: Path) -> None:
    """Track Changes left deleted text between the braces: docxtpl cannot join the pieces."""
    document = Document()
    paragraph = document.add_paragraph()
    paragraph.add_run("Nomor {")
    deletion = OxmlElement("w:del")
    deletion.set(qn("w:id"), "1")
    deletion.set(qn("w:author"), "Staf")
    deleted_run = OxmlElement("w:r")
    deleted_text = OxmlElement("w:delText")
    deleted_text.text = "x"
    deleted_run.append(deleted_text)
    deletion.append(deleted_run)
    paragraph._p.append(deletion)
    paragraph.add_run("{ nomor_surat }}")
    path = tmp_path / "t.docx"
    document.save(str(path))
    problems = report_for("rekomendasi", path).problems
    assert any("{{ nomor_surat }}" in p and "tidak terbaca" in p for p in problems)


def test_tag_spread_over_runs_by_the_spell_checker_is_fine(tmp_path: Path) -> None:
    """Word cuts `{{ nomor_surat }}` into runs around the misspelt word; docxtpl joins them."""
    document = Document()
    paragraph = document.add_paragraph()
    paragraph.add_run("Nomor {")
    paragraph.add_run("{ ")
    paragraph._p.append(OxmlElement("w:proofErr"))
    paragraph.add_run("nomor_").bold = True
    paragraph.add_run("surat")
    paragraph._p.append(OxmlElement("w:proofErr"))
    paragraph.add_run(" }")
    paragraph.add_run("} selesai")
    path = tmp_path / "t.docx"
    document.save(str(path))
    report = report_for("rekomendasi", path)
    assert report.ok
    assert report.variables == ("nomor_surat",)
    render_document(path, {"nomor_surat": "421.5/214"}, tmp_path / "out.docx")
    assert "Nomor 421.5/214 selesai" in docx_text(tmp_path / "out.docx")


def test_unparseable_jinja(tmp_path: Path) -> None:
    path = template_with(tmp_path / "t.docx", "{% if pelaksana %}", "ada pendamping")
    (problem,) = report_for("rekomendasi", path).problems
    assert problem.startswith("sintaks Jinja tidak valid")
    assert "\n" not in problem


def test_unclosed_tag(tmp_path: Path) -> None:
    path = template_with(tmp_path / "t.docx", "Nomor {{ nomor_surat }", "Hal {{ perihal }}")
    problems = report_for("rekomendasi", path).problems
    assert any("terpotong" in p for p in problems)


def test_row_tag_outside_a_table(tmp_path: Path) -> None:
    path = template_with(tmp_path / "t.docx", "{%tr for p in pelaksana %}", "{{ p.nama }}",
                         "{%tr endfor %}")
    problems = report_for("surat_tugas", path).problems
    assert any("di dalam sel tabel" in p for p in problems)


def test_tags_in_the_page_footer_are_checked(tmp_path: Path) -> None:
    document = Document()
    document.add_paragraph("{{ nomor_surat }}")
    document.sections[0].footer.paragraphs[0].text = "Halaman {{ halaman }}"
    path = tmp_path / "t.docx"
    document.save(str(path))
    (problem,) = report_for("rekomendasi", path).problems
    assert problem.startswith("kaki halaman: variabel tidak dikenal: halaman")


# ---------------------------------------------------------------------------------------------
# Round trip through LibreOffice: a staff member opens a template and saves it again


def soffice() -> str:
    found = shutil.which("soffice")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("soffice (LibreOffice) is missing in CI: install libreoffice-writer-nogui")
        pytest.skip("soffice (LibreOffice) is not installed")
    return found


def convert(source: Path, folder: Path, fmt: str, profile: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
         fmt, "--outdir", str(folder), str(source)],
        check=True, capture_output=True, timeout=180,
    )
    converted = folder / f"{source.stem}.{fmt}"
    assert converted.is_file(), f"LibreOffice wrote no {converted.name}"
    return converted


@pytest.fixture(scope="module")
def resaved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every template opened and saved again as .docx by LibreOffice."""
    base = tmp_path_factory.mktemp("libreoffice")
    folder = base / "templates"
    for name in TEMPLATE_NAMES.values():
        convert(TEMPLATES / name, folder, "docx", base / "profile")
    return folder


STAGE_FOR_KIND = {
    "lembar_disposisi": disposed,
    "rekomendasi": assigned,
    "surat_penolakan": refused,
    "surat_tugas": assigned,
    "daftar_hadir": assigned,
    "register_buku_tamu": finished,
}

EXPECTED_AFTER_ROUND_TRIP = {
    "lembar_disposisi": ("☑ Segera", "Tindak lanjuti, siapkan pendamping"),
    "rekomendasi": ("09.00 WITA s.d. selesai", "Rina Marlina, S.Kom. dan Andi Saputra"),
    "surat_penolakan": ("simulasi penanganan bencana", "000.1.5/032/UPTD-TCC/XI/2026"),
    "surat_tugas": ("19900214 201503 2 001", "Operator Command Center"),
    "daftar_hadir": ("Ahmad Rizki", "35 (tiga puluh lima) orang"),
    "register_buku_tamu": ("1 jam 25 menit", "3 (tiga) orang"),
}


def test_resaved_templates_pass_the_check(resaved: Path) -> None:
    for report in check_templates(resaved):
        assert report.problems == (), report.kind
        assert set(report.variables) == set(
            check_template(report.kind, TEMPLATES / report.path.name).variables
        )


@pytest.mark.parametrize("kind", DOCUMENT_KINDS)
def test_resaved_templates_render(kind: str, resaved: Path, tmp_path: Path) -> None:
    config = make_config(tmp_path)
    case = STAGE_FOR_KIND[kind]()
    target = tmp_path / f"{kind}.docx"
    render_document(resaved / DOCUMENT_KINDS[kind].template,
                    build_context(kind, case, config, ISSUED_AT), target)
    content = docx_text(target)
    assert "{{" not in content and "{%" not in content
    assert "PEMERINTAH KOTA TARAKAN" in content
    assert "421.5/214/SMKN9/XI/2026" in content or kind == "daftar_hadir"
    for expected in EXPECTED_AFTER_ROUND_TRIP[kind]:
        assert expected in " ".join(content.split()), expected
    with zipfile.ZipFile(target) as archive:
        names = Counter(archive.namelist())
    assert [n for n, count in names.items() if count > 1] == []  # one docProps/core.xml


def test_rendered_documents_convert_to_pdf(tmp_path: Path) -> None:
    """The rendered letters open in LibreOffice (what office PCs without Word use)."""
    soffice()
    config = make_config(tmp_path)
    target = tmp_path / "rekomendasi.docx"
    render_document(TEMPLATES / "rekomendasi.docx",
                    build_context("rekomendasi", granted(registered()), config, ISSUED_AT), target)
    pdf = convert(target, tmp_path / "pdf", "pdf", tmp_path / "profile")
    assert pdf.read_bytes().startswith(b"%PDF")
