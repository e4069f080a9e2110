"""Bad input gets a clear answer in inbox/_gagal, and nothing is lost."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from conftest import CliRunner, Office, copy_sample, need_samples
from pypdf import PdfReader, PdfWriter


def sample_bytes(name: str = "sample_01_smk.pdf") -> bytes:
    return (need_samples() / name).read_bytes()


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(sample_bytes())))
    writer.encrypt("rahasia")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("surat.txt", "isi")
    return out.getvalue()


def many_pages_pdf(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


BAD_FILES = {
    "kosong.pdf": (lambda: b"", "kosong"),
    "terpotong.pdf": (lambda: sample_bytes()[:3000], "rusak"),
    "terkunci.pdf": (encrypted_pdf, "kata sandi"),
    "bukan-pdf.pdf": (lambda: b"\x89PNG\r\n\x1a\nnot really", "bukan PDF"),
    "daftar.xlsx": (lambda: b"PK\x03\x04 spreadsheet", "tidak didukung"),
    "arsip.zip": (zip_bytes, "tidak didukung"),
    "tebal.pdf": (lambda: many_pages_pdf(31), "31 halaman"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_moves_to_gagal_with_a_note(
    office: Office, kunjungan: CliRunner, name: str
) -> None:
    make, words = BAD_FILES[name]
    data = make()
    path = office.inbox / name
    path.write_bytes(data)
    result = kunjungan("ingest", str(path), "--json")
    assert result.code == 1
    entry = result.json()[0]
    assert entry["outcome"] == "failed"
    moved = office.inbox / "_gagal" / name
    assert moved.read_bytes() == data, "the file is kept as it was"
    note = (office.inbox / "_gagal" / f"{name}.txt").read_text()
    assert words in note
    assert "Yang perlu dilakukan:" in note
    assert "kunjungan retry" in note
    assert not path.exists()
    # Recorded as an event.
    workflow = office.workflow()
    events = workflow.store.intake_events()
    assert events and events[0]["action"] == "intake_failed"
    workflow.store.close()


def test_odd_characters_in_name(office: Office, kunjungan: CliRunner) -> None:
    name = "Surat #1 (SMK) – ümlaut & 'kutip' $HOME.pdf"
    path = office.inbox / name
    path.write_bytes(sample_bytes())
    result = kunjungan("ingest", str(path), "--json")
    assert result.code == 0, result.err
    case = result.json()[0]["case"]
    assert case["original"] == name
    assert (Path(case["folder"]) / "00-surat-permohonan.pdf").read_bytes() == sample_bytes()


def test_retry_puts_failed_files_back(office: Office, kunjungan: CliRunner) -> None:
    (office.inbox / "kosong.pdf").write_bytes(b"")
    kunjungan("ingest", str(office.inbox / "kosong.pdf"))
    (office.inbox / "catatan.txt").write_bytes(b"teks biasa")
    kunjungan("ingest", str(office.inbox / "catatan.txt"))
    assert (office.inbox / "_gagal" / "catatan.txt.txt").exists()
    result = kunjungan("retry", "kosong.pdf")
    assert result.code == 0
    assert (office.inbox / "kosong.pdf").exists()
    assert not (office.inbox / "_gagal" / "kosong.pdf").exists()
    assert kunjungan("retry", "tidak-ada.pdf").code != 0
    result = kunjungan("retry", "--all")
    assert result.code == 0
    assert (office.inbox / "catatan.txt").exists()
    assert list((office.inbox / "_gagal").iterdir()) == []


def test_ingest_from_outside_the_inbox_leaves_the_file_alone(
    office: Office, kunjungan: CliRunner, tmp_path: Path
) -> None:
    outside = copy_sample("sample_04_perusahaan.pdf", tmp_path)
    result = kunjungan("ingest", str(outside), "--json")
    assert result.code == 0
    assert outside.exists()
    assert result.json()[0]["case"]["state"] == "terdaftar"
    assert list(office.inbox.glob("*.pdf")) == []


def test_extract_registers_nothing(office: Office, kunjungan: CliRunner) -> None:
    path = copy_sample("sample_06_daftar_peserta.pdf", office.inbox)
    result = kunjungan("extract", str(path), "--json")
    assert result.code == 0, result.err
    data = result.json()
    assert data["fields"]["nomor_surat"] == "B-215/65030/HM.340/11/2026"
    assert data["readings"]["nomor_surat"]["confidence"] > 0.5
    assert "B-215/65030/HM.340/11/2026" in data["readings"]["nomor_surat"]["source"]
    assert path.exists()
    assert kunjungan("list", "--json").json() == []


def test_file_over_the_size_limit(office: Office, kunjungan: CliRunner) -> None:
    office.config_path.write_text(
        office.config_path.read_text().replace("[intake]\n", "[intake]\nmax_megabytes = 0.01\n"))
    path = copy_sample("sample_01_smk.pdf", office.inbox)  # about 24 KB
    result = kunjungan("ingest", str(path))
    assert result.code == 1
    note = (office.inbox / "_gagal" / "sample_01_smk.pdf.txt").read_text()
    assert "terlalu besar" in note and "batas 0.01 MB" in note


def test_a_symlink_is_refused_and_its_target_left_alone(
    office: Office, kunjungan: CliRunner, tmp_path: Path
) -> None:
    target = copy_sample("sample_01_smk.pdf", tmp_path)
    link = office.inbox / "tautan.pdf"
    link.symlink_to(target)
    from pipeline.intake.service import ingest_file

    workflow = office.workflow()
    result = ingest_file(link, workflow, "x")
    assert result.outcome == "failed"
    assert "symlink" in (office.inbox / "_gagal" / "tautan.pdf.txt").read_text()
    assert target.read_bytes() == sample_bytes()


def test_two_failed_files_of_one_name_both_kept(office: Office, kunjungan: CliRunner) -> None:
    for content in (b"", b"bukan pdf"):
        (office.inbox / "surat.pdf").write_bytes(content)
        kunjungan("ingest", str(office.inbox / "surat.pdf"))
    kept = sorted(p.name for p in (office.inbox / "_gagal").iterdir())
    assert kept == ["surat (2).pdf", "surat (2).pdf.txt", "surat.pdf", "surat.pdf.txt"]


def test_a_name_that_is_not_utf8_gets_a_note(office: Office, kunjungan: CliRunner) -> None:
    import os

    from pipeline.intake.service import ingest_guarded

    path = Path(os.fsdecode(os.fsencode(office.inbox) + b"/surat-\xff\xfe.pdf"))
    path.write_bytes(b"")
    result = ingest_guarded(path, office.workflow(), "x")
    assert result.outcome == "failed"
    notes = list((office.inbox / "_gagal").glob("*.txt"))
    assert len(notes) == 1 and "kosong" in notes[0].read_text()


def test_intake_is_a_visible_list_of_stages(office: Office) -> None:
    from pdf_letters import write_letter_pdf

    from pipeline.intake import service
    from pipeline.workflow import engine

    assert [stage.__name__ for stage in service.STAGES] == [
        "arrive", "recognise_ours", "read", "register", "publish", "release", "archive"]
    letter = write_letter_pdf(office.inbox / "surat.pdf", 12)
    run = service.IntakeRun(letter, office.workflow(), "uji", 0.0)
    state: object = letter
    kinds = []
    for stage in service.STAGES:
        state = stage(state, run)
        kinds.append(type(state).__name__)
    assert kinds == ["Arrived", "Unstamped", "Understood", "Registered", "Published",
                     "Published", "IngestResult"]
    assert isinstance(state, service.IngestResult)
    assert state.outcome is service.Outcome.REGISTERED
    assert not letter.exists(), "released by intake"
    assert "paths.inbox" not in Path(engine.__file__).read_text(), "the engine never touches it"
