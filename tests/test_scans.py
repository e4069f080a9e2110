"""Scans and phone photos through intake: OCR, the PDF/A copy beside the untouched original."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from conftest import CliRunner, Office, copy_sample, need_samples
from pypdf import PdfReader


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("name", ["sample_01_smk.scan.pdf", "sample_08_dprd.photo.jpg"])
def test_scan_and_photo_are_read_and_archived(office: Office, kunjungan: CliRunner,
                                              name: str) -> None:
    expected = json.loads(
        (need_samples() / f"{name.split('.')[0]}.expected.json").read_text())
    letter = copy_sample(name, office.inbox)
    original = sha(letter)
    result = kunjungan("ingest", str(letter), "--json")
    assert result.code == 0, result.err
    case = result.json()[0]["case"]
    assert case["state"] == "terdaftar"
    for field in ("perihal", "instansi_pengirim", "tanggal_kunjungan", "jumlah_peserta"):
        assert case["fields"][field] == expected[field], field
    folder = Path(case["folder"])
    suffix = Path(name).suffix
    assert sha(folder / f"00-surat-permohonan{suffix}") == original, "original byte for byte"
    archive = folder / "00-surat-permohonan.arsip.pdf"
    reader = PdfReader(archive)
    assert len(reader.pages) == 1
    xmp = reader.xmp_metadata
    assert xmp is not None and xmp.pdfaid_part == "2" and xmp.pdfaid_conformance == "B"
    first_word = expected["instansi_pengirim"].split()[0].lower()
    assert first_word in reader.pages[0].extract_text().lower()
    manifest = json.loads((folder / "manifest.json").read_text())
    listed = {entry["path"]: entry for entry in manifest["files"]}
    assert listed["00-surat-permohonan.arsip.pdf"]["sha256"] == sha(archive)
    assert listed["00-surat-permohonan.arsip.pdf"]["kind"] == "arsip_pdfa"
    assert listed[f"00-surat-permohonan{suffix}"]["sha256"] == original
    assert case["events"][0]["details"]["read_method"] == "ocr"


def test_text_pdf_gets_no_archive_copy(office: Office, kunjungan: CliRunner) -> None:
    result = kunjungan("ingest", str(copy_sample("sample_04_perusahaan.pdf", office.inbox)),
                       "--json")
    case = result.json()[0]["case"]
    assert not (Path(case["folder"]) / "00-surat-permohonan.arsip.pdf").exists()
    assert case["events"][0]["details"]["read_method"] == "text-layer"


def test_without_ocr_scans_fail_with_the_install_command_and_text_pdfs_work(
    office: Office, kunjungan: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "tanpa-program"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))  # no tesseract, no gs
    scan = copy_sample("sample_02_universitas.scan.pdf", office.inbox)
    result = kunjungan("ingest", str(scan))
    assert result.code == 1
    note = (office.inbox / "_gagal" / f"{scan.name}.txt").read_text()
    assert "OCR" in note and "apt-get install" in note and "tesseract-ocr-ind" in note
    assert (office.inbox / "_gagal" / scan.name).exists()
    text = kunjungan("ingest", str(copy_sample("sample_02_universitas.pdf", office.inbox)))
    assert text.code == 0, text.err
    doctor = kunjungan("doctor", "--json")
    assert doctor.code == 0
    assert doctor.json()["ocr"]["available"] is False
    assert "tesseract-ocr" in doctor.json()["ocr"]["install"]


def test_doctor_reports_versions(kunjungan: CliRunner) -> None:
    result = kunjungan("doctor")
    assert result.code == 0
    assert "OCR" in result.out and "Konversi PDF" in result.out
