"""The whole SOP through the command line, for every text-PDF sample, reading documents back."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest
from conftest import (
    FUTURE_DATE,
    PELAKSANA_2_NIP,
    PELAKSANA_NIP,
    CliRunner,
    Office,
    copy_sample,
    need_samples,
    office_today,
)
from docx_text import docx_text

from pipeline.indonesian import count_phrase, format_date, format_day_date

TEXT_SAMPLES = [
    "sample_01_smk",
    "sample_02_universitas",
    "sample_03_dinas_luar",
    "sample_04_perusahaan",
    "sample_05_sd_tanpa_tanggal",
    "sample_06_daftar_peserta",
    "sample_07_pebruari_ormas",
    "sample_08_dprd",
]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def ingest(kunjungan: CliRunner, path: Path) -> dict:
    result = kunjungan("ingest", str(path), "--json")
    assert result.code == 0, result.err
    return result.json()[0]["case"]


def latest(case: dict, kind: str) -> Path:
    paths = [Path(d["path"]) for d in case["documents"] if d["kind"] == kind]
    assert paths, f"no {kind} in {case['documents']}"
    return next(p for p in paths if ".v" not in p.name)


@pytest.mark.parametrize("sample", TEXT_SAMPLES)
def test_whole_sop_for_sample(office: Office, kunjungan: CliRunner, sample: str) -> None:
    expected = json.loads((need_samples() / f"{sample}.expected.json").read_text())
    letter = copy_sample(f"{sample}.pdf", office.inbox)
    original_sha = sha256(letter)

    # Step 1: registered, original filed byte for byte, Lembar Disposisi pre-filled.
    case = ingest(kunjungan, letter)
    assert case["state"] == "terdaftar"
    assert not letter.exists(), "the original leaves the inbox once filed"
    for name, value in expected.items():
        assert case["fields"][name] == value, name
    folder = Path(case["folder"])
    assert folder.parent.name == str(date.today().year) or folder.parent.name.isdigit()
    assert folder.name.startswith(f"{case['nomor_agenda']}_")
    assert sha256(folder / "00-surat-permohonan.pdf") == original_sha
    sheet = docx_text(latest(case, "lembar_disposisi"))
    assert "LEMBAR DISPOSISI" in sheet.upper()
    assert case["nomor_agenda"] in sheet
    assert expected["nomor_surat"] in sheet
    assert expected["instansi_pengirim"] in sheet
    assert format_date(date.fromisoformat(expected["tanggal_surat"])) in sheet

    # Step 2: the disposition; the sheet is written again, the first version kept beside it.
    result = kunjungan("dispose", str(case["id"]), "--to", "kepala_uptd", "--instruction",
                       "Mohon ditindaklanjuti & dijadwalkan", "--sifat", "segera", "--json",
                       "--by", "kadis")
    assert result.code == 0, result.err
    case = result.json()
    assert case["state"] == "didisposisi"
    assert (folder / "01-lembar-disposisi.v1.docx").exists()
    sheet = docx_text(folder / "01-lembar-disposisi.docx")
    assert "Mohon ditindaklanjuti & dijadwalkan" in sheet
    assert "Siti Rahmah" in sheet or "Kepala UPTD" in sheet

    # Steps 3-4: approve records the receipt too; a letter without a date needs --date/--time.
    approve = ["approve", str(case["id"]), "--json", "--by", "kauptd"]
    asked = expected["tanggal_kunjungan"]
    if asked is None or date.fromisoformat(asked) < office_today():
        # No date in the letter, or one already passed: the Kepala UPTD must name a new one.
        refused = kunjungan(*approve)
        assert refused.code != 0 and "--date" in refused.err
        assert "Traceback" not in refused.err and len(refused.err.strip().splitlines()) == 1
        approve += ["--date", FUTURE_DATE, "--time", "09:00"]
    result = kunjungan(*approve)
    assert result.code == 0, result.err
    case = result.json()
    assert case["state"] == "disetujui"
    assert [e["action"] for e in case["events"]][-2:] == ["receive", "approve"]
    visit = date.fromisoformat(case["decision"]["tanggal_kunjungan"])
    letter_text = docx_text(latest(case, "rekomendasi"))
    assert case["decision"]["nomor_surat_keluar"] in letter_text
    assert expected["nomor_surat"] in letter_text
    assert format_day_date(visit) in letter_text
    assert "WITA" in letter_text
    assert count_phrase(expected["jumlah_peserta"]) in letter_text
    assert "19820930 200604 2 011" in letter_text  # the Kepala UPTD's NIP in the signature block

    # Step 5: the escort.
    result = kunjungan("assign", str(case["id"]), "--pelaksana", PELAKSANA_NIP,
                       "--pelaksana", PELAKSANA_2_NIP, "--json")
    assert result.code == 0, result.err
    case = result.json()
    assert case["state"] == "ditugaskan"
    order = docx_text(latest(case, "surat_tugas"))
    assert case["nomor_surat_tugas"] in order
    for name in ("Andi Saputra, S.Kom.", "Nurul Hidayah, A.Md."):
        assert name in order
    assert "19920315 201903 1 008" in order
    assert expected["instansi_pengirim"] in order
    attendance = docx_text(latest(case, "daftar_hadir"))
    for guest in expected.get("peserta", []):
        assert guest in attendance

    # Steps 7-10: the guest book, then the register. Guest-book times lie between the
    # letter's registration (a moment ago) and now, so the guests come today: on another day
    # than the granted one (unless that is today) it is recorded with a warning.
    for name in ("Budi Santoso", "Wati Lestari"):
        result = kunjungan("checkin", str(case["id"]), "--name", name, "--phone",
                           "081234500000")
        assert result.code == 0, result.err
    warned = "bukan pada tanggal kunjungan yang diizinkan" in kunjungan("show", str(case["id"])).out
    assert warned == (visit != office_today())
    refused = kunjungan("finish", str(case["id"]))
    assert refused.code != 0 and "belum mencatat jam keluar" in refused.err
    for name in ("Budi Santoso", "Wati Lestari"):
        result = kunjungan("checkout", str(case["id"]), "--name", name)
        assert result.code == 0, result.err
    result = kunjungan("finish", str(case["id"]), "--json")
    assert result.code == 0, result.err
    case = result.json()
    assert case["state"] == "selesai"
    register = docx_text(latest(case, "register_buku_tamu"))
    for text in ("Budi Santoso", "Wati Lestari", case["nomor_agenda"], expected["nomor_surat"],
                 case["nomor_surat_tugas"], "Andi Saputra, S.Kom."):
        assert text in register
    marked = f"{format_date(office_today())}*"  # the day they came, marked when not granted
    assert (marked in register) == warned
    assert "0812-3450-0000" in register
    assert all(e["minutes"] is None or e["minutes"] >= 0 for e in case["events"])

    # Every step left an event with its time and standard.
    steps = [e["step"] for e in case["events"] if e["step"]]
    assert steps == sorted(steps)
    assert all(e["standard_minutes"] for e in case["events"] if e["step"])
    assert all(e["at"].endswith("+08:00") for e in case["events"])

    # The manifest lists every file with a checksum that matches.
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["case"]["state"] == "selesai"
    listed = {entry["path"]: entry["sha256"] for entry in manifest["files"]}
    on_disk = {p.name for p in folder.iterdir() if p.name != "manifest.json"}
    assert set(listed) == on_disk
    for name, digest in listed.items():
        assert sha256(folder / name) == digest


def test_refused_path(office: Office, kunjungan: CliRunner) -> None:
    case = ingest(kunjungan, copy_sample("sample_08_dprd.pdf", office.inbox))
    assert kunjungan("dispose", str(case["id"]), "--instruction", "Pelajari").code == 0
    assert kunjungan("receive", str(case["id"])).code == 0
    result = kunjungan("reject", str(case["id"]), "--reason",
                       "Ruang TCC sedang dipakai rapat koordinasi penanganan banjir", "--json")
    assert result.code == 0, result.err
    case = result.json()
    assert case["state"] == "ditolak"
    text = docx_text(latest(case, "surat_penolakan"))
    assert "rapat koordinasi penanganan banjir" in text
    assert "170/0912/Setwan" in text
    assert case["decision"]["nomor_surat_keluar"] in text
    refused = kunjungan("assign", str(case["id"]), "--pelaksana", PELAKSANA_NIP)
    assert refused.code == 5
    assert "sudah ditolak" in refused.err


def test_cancelled_path(office: Office, kunjungan: CliRunner) -> None:
    case = ingest(kunjungan, copy_sample("sample_07_pebruari_ormas.pdf", office.inbox))
    result = kunjungan("cancel", str(case["id"]), "--reason", "Pemohon membatalkan", "--json")
    assert result.code == 0
    assert result.json()["state"] == "dibatalkan"
    assert result.json()["events"][-1]["details"]["alasan"] == "Pemohon membatalkan"
    refused = kunjungan("dispose", str(case["id"]), "--instruction", "x")
    assert refused.code == 5 and "dibatalkan" in refused.err


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["approve"], "belum didisposisi"),
        (["reject", "--reason", "x"], "belum didisposisi"),
        (["assign", "--pelaksana", PELAKSANA_NIP], "belum didisposisi"),
        (["checkin", "--name", "A"], "belum didisposisi"),
        (["finish"], "belum didisposisi"),
        (["receive"], "belum didisposisi"),
    ],
)
def test_out_of_order_actions_are_refused(
    office: Office, kunjungan: CliRunner, args: list[str], needle: str
) -> None:
    case = ingest(kunjungan, copy_sample("sample_01_smk.pdf", office.inbox))
    result = kunjungan(args[0], str(case["id"]), *args[1:])
    assert result.code == 5
    assert needle in result.err
    assert len(result.err.strip().splitlines()) == 1 and "Traceback" not in result.err
    assert kunjungan("show", str(case["id"]), "--json").json()["state"] == "terdaftar"


def test_second_disposition_is_refused_as_already_done(
    office: Office, kunjungan: CliRunner
) -> None:
    case = ingest(kunjungan, copy_sample("sample_01_smk.pdf", office.inbox))
    assert kunjungan("dispose", str(case["id"]), "--instruction", "Proses").code == 0
    again = kunjungan("dispose", str(case["id"]), "--instruction", "Proses")
    assert again.code == 5 and "sudah melewati" in again.err


@pytest.mark.parametrize(
    "args",
    [
        ["show", "999"],
        ["show", "bukan-kasus"],
        ["assign", "1", "--pelaksana", "000000000000000000"],
        ["approve", "1", "--date", "besok"],
        ["dispose", "1"],
        ["dispose", "1", "--instruction", "x", "--sifat", "kilat"],
        ["fix", "1", "warna=merah"],
        ["fix", "1", "jumlah_peserta=banyak"],
        ["list", "--state", "hilang"],
        ["ingest", "/tidak/ada.pdf"],
        ["frobnicate"],
    ],
)
def test_user_errors_are_one_line(office: Office, kunjungan: CliRunner, args: list[str]) -> None:
    ingest(kunjungan, copy_sample("sample_01_smk.pdf", office.inbox))
    result = kunjungan(*args)
    assert result.code != 0
    assert "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1, result.err
    assert result.err.startswith("galat: ")


def test_guest_book_times_are_checked(office: Office, kunjungan: CliRunner) -> None:
    case = ingest(kunjungan, copy_sample("sample_01_smk.pdf", office.inbox))
    cid = str(case["id"])
    for args in (["dispose", cid, "--instruction", "Proses"],
                 ["assign", cid, "--pelaksana", PELAKSANA_NIP]):
        assert kunjungan(*args).code == (5 if args[0] == "assign" else 0)
    past = kunjungan("approve", cid, "--date", "2026-11-02")
    assert past.code == 2 and "sudah lewat" in past.err
    assert kunjungan("approve", cid, "--date", FUTURE_DATE).code == 0
    assert kunjungan("assign", cid, "--pelaksana", PELAKSANA_NIP).code == 0
    future = kunjungan("checkin", cid, "--name", "Budi", "--at", "2099-01-01T09:00")
    assert future.code == 2 and "masa depan" in future.err
    before = kunjungan("checkin", cid, "--name", "Budi", "--at", "2026-11-02T09:00")
    assert before.code == 2 and "lebih awal dari pendaftaran surat" in before.err
    assert kunjungan("checkin", cid, "--name", "Budi").code == 0
    early = kunjungan("checkout", cid, "--name", "Budi", "--at", "2026-11-02T08:00")
    assert early.code == 2 and "sebelum jam masuk" in early.err
    for refused in (future, before, early):
        assert len(refused.err.strip().splitlines()) == 1
    unknown = kunjungan("checkout", cid, "--name", "Tono")
    assert unknown.code == 5 and "belum tercatat masuk" in unknown.err
    assert kunjungan("checkout", cid, "--name", "budi").code == 0


@pytest.mark.parametrize(
    "args",
    [["show", "99999999999999999999"], ["separator", "--output", "/proc/tidak-bisa.pdf"]],
)
def test_system_errors_are_one_line_too(office: Office, kunjungan: CliRunner,
                                        args: list[str]) -> None:
    result = kunjungan(*args)
    assert result.code != 0
    assert result.err.startswith("galat: ") and len(result.err.strip().splitlines()) == 1


def test_a_lost_secret_is_not_silently_replaced(office: Office, kunjungan: CliRunner) -> None:
    ingest(kunjungan, copy_sample("sample_01_smk.pdf", office.inbox))
    (office.root / "kunjungan.secret").unlink()
    result = kunjungan("list")
    assert result.code == 3 and "pulihkan dari cadangan" in result.err


def test_doctor_warns_once_while_the_office_data_are_placeholders(
    office: Office, kunjungan: CliRunner
) -> None:
    assert "masih contoh" not in kunjungan("doctor").err  # the test office is filled in
    text = office.config_path.read_text().replace('name = "Ir. Bambang Setiawan, M.T."',
                                                  'name = "[Nama Kepala Dinas]"')
    office.config_path.write_text(text)
    result = kunjungan("doctor")
    assert result.code == 0
    assert result.err.count("masih contoh") == 1
    assert "officials.kepala_dinas.name" in result.err
    assert "Konversi PDF" in result.out
    # QR codes printed with this machine's address would lead readers nowhere.
    assert "web.public_url masih alamat komputer ini (http://127.0.0.1:8080)" in result.err
    office.config_path.write_text(
        text + '\n[web]\npublic_url = "https://kunjungan.tarakankota.go.id"\n')
    assert "public_url" not in kunjungan("doctor").err
