"""Files and conditions a shared office folder meets sooner or later: special files, colliding
names, names that are not text, absurd values, a busy database, a moved inbox, codes that are
almost ours. Each test reproduces a fault found when the service was tried as an attacker would."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CliRunner, Office
from pdf_letters import write_letter_pdf
from test_service import wait_for

from pipeline.archive.files import move_to_free_name
from pipeline.errors import DatabaseBusyError
from pipeline.intake.service import ingest_file, retry_failed
from pipeline.store.db import Store

DEADLINE_SECONDS = 60


def start_service(office: Office, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", "--config", str(office.config_path), "run", "--no-web",
         *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"}, start_new_session=True,
    )


def stop(process: subprocess.Popen[str], sig: int = signal.SIGTERM) -> tuple[str, str, float]:
    """Send `sig`; return the output and how long the service took to stop."""
    began = time.monotonic()
    process.send_signal(sig)
    try:
        out, err = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate()
        raise AssertionError(f"the service did not stop within 30 s:\n{err}") from None
    return out, err, time.monotonic() - began


def registered(office: Office) -> int:
    database = office.config.paths.database
    if not database.exists():
        return 0
    conn = sqlite3.connect(database, timeout=5)
    try:
        return int(conn.execute("SELECT count(*) FROM cases").fetchone()[0])
    except sqlite3.OperationalError:  # the service is still creating its tables
        return 0
    finally:
        conn.close()


# -- 1. special files ------------------------------------------------------------------------


def test_fifo_socket_and_symlink_to_fifo_never_block_the_service(office: Office) -> None:
    inbox = office.inbox
    os.mkfifo(inbox / "pipa.pdf")
    os.mkfifo(office.root / "pipa-luar")
    (inbox / "tautan.pdf").symlink_to(office.root / "pipa-luar")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(inbox / "soket.pdf"))
    devices = []
    with contextlib.suppress(PermissionError):  # root only: a copy of /dev/zero
        os.mknod(inbox / "perangkat.pdf", stat.S_IFCHR | 0o600, os.makedev(1, 5))
        devices.append("perangkat.pdf")
    write_letter_pdf(inbox / "surat-a.pdf", 1)
    process = start_service(office)
    try:
        write_letter_pdf(inbox / "surat-b.pdf", 2)
        wait_for(lambda: registered(office) == 2, "the letters behind the special files")
        failed = inbox / "_gagal"
        parked = ["pipa.pdf", "tautan.pdf", "soket.pdf", *devices]
        wait_for(lambda: all((failed / name).is_symlink() or (failed / name).exists()
                             for name in parked), "special files parked")
        note = next(p for p in failed.iterdir() if p.name.startswith("pipa.pdf") and
                    p.name.endswith(".txt"))
        assert "bukan berkas biasa" in note.read_text()
    finally:
        _out, err, took = stop(process)
        server.close()
    assert took < 8, f"SIGTERM took {took:.1f} s"
    assert process.returncode == 0, err
    assert "Traceback" not in err


def test_sigterm_stops_the_service_while_a_worker_is_busy(office: Office) -> None:
    # Twelve scanned pages keep a worker in OCR for half a minute or more.
    from pdf_letters import letter_lines
    from scan_images import letter_page, write_scan_pdf

    pages = [letter_page(letter_lines(n)) for n in range(12)]
    write_scan_pdf(office.root / "tebal.pdf", pages)
    process = start_service(office)
    wait_for(lambda: office.config.paths.database.exists(), "the service to start")
    os.replace(office.root / "tebal.pdf", office.inbox / "tebal.pdf")
    time.sleep(3)  # the worker is reading the scan
    _out, err, took = stop(process)
    assert took < 8, f"SIGTERM took {took:.1f} s with a busy worker"
    assert process.returncode == 0, err
    assert (office.inbox / "tebal.pdf").exists(), "an unfinished letter stays in the inbox"
    assert registered(office) == 0


# -- 4. notes never overwrite a user's file ---------------------------------------------------


def test_a_note_never_overwrites_a_parked_file(office: Office) -> None:
    workflow = office.workflow()
    users_text = b"Laporan penting milik staf, bukan catatan layanan.\n"
    (office.inbox / "laporan.pdf.txt").write_bytes(users_text)
    first = ingest_file(office.inbox / "laporan.pdf.txt", workflow, "uji")
    assert first.outcome == "failed"
    (office.inbox / "laporan.pdf").write_bytes(b"%PDF-1.7 rusak")
    second = ingest_file(office.inbox / "laporan.pdf", workflow, "uji")
    assert second.outcome == "failed"
    failed = office.inbox / "_gagal"
    assert (failed / "laporan.pdf.txt").read_bytes() == users_text
    texts = sorted(p.name for p in failed.iterdir())
    assert len(texts) == 4, texts  # two parked files, two notes

    restored = retry_failed(workflow, None)
    assert sorted(p.name for p in restored) == ["laporan.pdf", "laporan.pdf.txt"]
    assert (office.inbox / "laporan.pdf.txt").read_bytes() == users_text
    assert not any(failed.iterdir()), "the notes went with their files"


# -- 5. names of every kind --------------------------------------------------------------------


def test_a_name_that_is_not_utf8_is_registered_and_its_retry_hint_works(
    office: Office, kunjungan: CliRunner
) -> None:
    workflow = office.workflow()
    raw = os.fsencode(office.inbox) + b"/surat-\xe9t\xe9.pdf"
    write_letter_pdf(Path(os.fsdecode(raw)), 4)
    result = ingest_file(Path(os.fsdecode(raw)), workflow, "uji")
    assert result.outcome == "registered", result.message
    assert not Path(os.fsdecode(raw)).exists()

    broken = os.fsencode(office.inbox) + b"/-rusak-\xff.pdf"
    Path(os.fsdecode(broken)).write_bytes(b"%PDF-1.7 rusak")
    failed = ingest_file(Path(os.fsdecode(broken)), workflow, "uji")
    assert failed.outcome == "failed"
    note = next(p for p in (office.inbox / "_gagal").iterdir() if p.suffix == ".txt")
    hint = next(line for line in note.read_text().splitlines() if "kunjungan retry" in line)
    args = hint.split("kunjungan ", 1)[1]
    outcome = subprocess.run(
        f"{sys.executable} -m pipeline --config {office.config_path} {args}", shell=True,
        capture_output=True, text=True, check=False,
    )
    assert outcome.returncode == 0, outcome.stderr
    assert Path(os.fsdecode(broken)).exists(), "the hint put the file back into the inbox"


def test_names_too_long_for_a_note_are_parked_with_a_note_once(office: Office) -> None:
    workflow = office.workflow()
    name = "s" * 248 + ".pdf"  # 252 bytes: name + ".txt" is over the limit
    for _ in range(2):
        (office.inbox / name).write_bytes(b"%PDF-1.7 rusak")
        outcome = ingest_file(office.inbox / name, workflow, "uji")
        assert outcome.outcome == "failed"
        assert not (office.inbox / name).exists()
    parked = sorted(p.name for p in (office.inbox / "_gagal").iterdir())
    notes = [n for n in parked if n.endswith(".txt")]
    letters = [n for n in parked if not n.endswith(".txt")]
    assert len(letters) == 2 and len(notes) == 2, parked
    assert all(len(os.fsencode(n)) <= 255 for n in parked)


def test_a_file_that_cannot_be_parked_backs_off_instead_of_spinning(office: Office) -> None:
    # `_gagal` is a file, so nothing can be parked: the service must not retry every second.
    (office.inbox / "_gagal").write_text("bukan folder")
    (office.inbox / "rusak.pdf").write_bytes(b"%PDF-1.7 rusak")
    process = start_service(office)
    try:
        time.sleep(8)
    finally:
        _out, err, _ = stop(process)
    attempts = err.count("rusak.pdf")
    assert 1 <= attempts <= 6, f"{attempts} log lines for one bad file in 8 s:\n{err}"
    assert "Traceback" not in err
    assert (office.inbox / "rusak.pdf").exists()


# -- 6. values within reason -------------------------------------------------------------------


def test_absurd_values_are_refused_where_they_enter(
    office: Office, kunjungan: CliRunner, tmp_path: Path
) -> None:
    write_letter_pdf(office.inbox / "surat.pdf", 5)
    assert kunjungan("ingest", str(office.inbox / "surat.pdf")).code == 0
    for value in ("jumlah_peserta=99999999999999999999999", "jumlah_peserta=50000",
                  "tanggal_kunjungan=9999-01-01", "perihal=" + "x" * 5000):
        refused = kunjungan("fix", "1", value)
        assert refused.code == 2, (value, refused.err)
        assert refused.err.startswith("galat:") and refused.err.count("\n") == 1
    assert kunjungan("fix", "1", "jumlah_peserta=250").code == 0
    assert kunjungan("show", "1").code == 0

    for pattern in ("{seq:99999999999d}", "{seq!s:.1}", "{seq:.0}", "X-{year}",
                    "{seq}{seq:>500}"):
        config = office.config_path.read_text() + f'\n[numbering]\nagenda = "{pattern}"\n'
        path = tmp_path / "bad.toml"
        path.write_text(config)
        outcome = kunjungan("--config", str(path), "list")
        assert outcome.code == 3, (pattern, outcome.err)
        assert "numbering.agenda" in outcome.err and outcome.err.count("\n") == 1


# -- 8. a locked database ----------------------------------------------------------------------


def test_a_locked_database_waits_then_says_so(office: Office, kunjungan: CliRunner) -> None:
    write_letter_pdf(office.inbox / "pertama.pdf", 6)
    assert kunjungan("ingest", str(office.inbox / "pertama.pdf")).code == 0
    config = office.config_path.read_text() + "\n[database]\nbusy_timeout_seconds = 1\n"
    office.config_path.write_text(config)

    holder = sqlite3.connect(office.config.paths.database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        listed = kunjungan("list")
        assert listed.code == 0, listed.err
        assert "0001" in listed.out
        began = time.monotonic()
        refused = kunjungan("fix", "1", "perihal=Kunjungan")
        assert refused.code == 9, refused.err
        assert refused.err.startswith("galat:") and refused.err.count("\n") == 1
        assert time.monotonic() - began < 10

        write_letter_pdf(office.inbox / "kedua.pdf", 7)
        waiting = ingest_file(office.inbox / "kedua.pdf", office.workflow(), "uji")
        assert waiting.outcome == "deferred", waiting.message
        assert (office.inbox / "kedua.pdf").exists()
        assert not (office.inbox / "_gagal").exists()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    done = ingest_file(office.inbox / "kedua.pdf", office.workflow(), "uji")
    assert done.outcome == "registered"


def test_store_opening_takes_no_write_lock(office: Office) -> None:
    Store(office.config.paths.database).close()  # create and migrate
    holder = sqlite3.connect(office.config.paths.database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        store = Store(office.config.paths.database, busy_timeout=0.5)
        assert store.cases() == []
        with pytest.raises(DatabaseBusyError), store.transaction():
            pass
        store.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()


# -- 10. one service per inbox, even when the inbox is recreated ----------------------------


def test_a_recreated_inbox_is_still_owned_by_the_running_service(office: Office) -> None:
    first = start_service(office)
    try:
        wait_for(lambda: office.config.paths.database.exists(), "the first service to start")
        time.sleep(1)
        office.inbox.rename(office.root / "inbox-lama")
        office.inbox.mkdir()
        second = start_service(office)
        _, err = second.communicate(timeout=DEADLINE_SECONDS)
        assert second.returncode == 8, err
        assert "layanan lain" in err
    finally:
        stop(first)


# -- shared helpers are safe under races --------------------------------------------------------


def test_move_to_free_name_shortens_long_names(tmp_path: Path) -> None:
    folder = tmp_path / "tujuan"
    name = "ä" * 126 + ".pdf"  # 256 bytes in UTF-8
    moved = []
    for _ in range(3):
        source = tmp_path / "sumber"
        source.write_bytes(b"x")
        moved.append(move_to_free_name(source, folder, name))
    assert len({p.name for p in moved}) == 3
    assert all(len(os.fsencode(p.name)) <= 255 and p.suffix == ".pdf" for p in moved)
    assert all(p.name.encode("utf-8") for p in moved), "never cut inside a character"


# -- 3. concurrent edits never leave stale documents -----------------------------------------


def test_parallel_fixes_and_actions_leave_every_newest_document_current(
    office: Office, kunjungan: CliRunner
) -> None:
    import json

    from docx_text import docx_text

    write_letter_pdf(office.inbox / "surat.pdf", 8)
    assert kunjungan("ingest", str(office.inbox / "surat.pdf")).code == 0
    assert kunjungan("dispose", "1", "--instruction", "Tindak lanjuti").code == 0
    assert kunjungan("receive", "1").code == 0
    base = [sys.executable, "-m", "pipeline", "--config", str(office.config_path)]
    commands = [[*base, "fix", "1", f"perihal=Permohonan Kunjungan Nomor {i}"]
                for i in range(16)]
    commands.insert(8, [*base, "approve", "1"])
    processes = [subprocess.Popen(c, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                  text=True) for c in commands]
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err

    shown = kunjungan("show", "1", "--json").json()
    perihal = shown["fields"]["perihal"]
    folder = office.outbox / shown["folder"]
    assert shown["state"] == "disetujui"
    newest = {d["kind"]: d for d in shown["documents"]}
    assert {"lembar_disposisi", "rekomendasi"} <= set(newest)
    for kind in ("lembar_disposisi", "rekomendasi"):
        document = newest[kind]
        assert document["status"] == "written"
        text = docx_text(folder / Path(document["path"]).name)
        assert perihal in text, f"{kind} shows an older perihal than the database"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["case"]["fields"]["perihal"] == perihal


# -- 7. a full or read-only disk ----------------------------------------------------------------


@pytest.fixture
def small_outbox(office: Office, tmp_path: Path) -> Path:
    """The outbox on its own tiny filesystem (tmpfs), the database beside it on the main disk."""
    mount = tmp_path / "kecil"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)],
                          capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip("mounting a small tmpfs needs root")
    text = office.config_path.read_text()
    text = text.replace('outbox = "outbox"', f'outbox = "{mount}"')
    text = text.replace('database = "outbox/kunjungan.sqlite3"',
                        f'database = "{tmp_path / "db" / "kunjungan.sqlite3"}"')
    office.config_path.write_text(text)
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(folder: Path, leave_pages: int) -> list[Path]:
    """Fill `folder`'s filesystem, then free `leave_pages` 4 KiB blocks again."""
    fillers = []
    index = 0
    while True:
        filler = folder / f".isi-{index}"
        try:
            filler.write_bytes(b"\0" * 4096)
        except OSError:
            filler.unlink(missing_ok=True)
            break
        fillers.append(filler)
        index += 1
    for filler in fillers[-leave_pages:]:
        filler.unlink()
    return fillers[:-leave_pages]


def test_a_full_outbox_is_reported_truthfully_and_healed_without_a_restart(
    office: Office, small_outbox: Path
) -> None:
    import json

    process = start_service(office)
    try:
        wait_for(lambda: office.config.paths.database.exists(), "the service to start")
        fillers = fill(small_outbox, leave_pages=3)
        write_letter_pdf(office.inbox / "penuh.pdf", 9)
        wait_for(lambda: registered(office) == 1 or (office.inbox / "_gagal").exists(),
                 "the letter to be taken")
        time.sleep(1)
        assert not (office.inbox / "_gagal").exists(), "a full outbox is no fault of the letter"
        for filler in fillers:
            filler.unlink()
        folders = lambda: [p for p in small_outbox.glob("*/*") if p.is_dir()]  # noqa: E731
        wait_for(lambda: any((f / "manifest.json").exists() for f in folders()),
                 "the case to be completed once there is room")
        wait_for(lambda: not (office.inbox / "penuh.pdf").exists(), "the inbox to be cleared")
        folder = folders()[0]
        manifest = json.loads((folder / "manifest.json").read_text())
        names = {f["path"] for f in manifest["files"]}
        assert {"00-surat-permohonan.pdf", "01-lembar-disposisi.docx"} <= names
    finally:
        out, err, _ = stop(process)
    assert "Traceback" not in err
    assert "kesalahan tak terduga" not in out
    assert "penuh" in out or "ruang" in out, out


def test_a_read_only_outbox_records_the_step_and_heals(
    office: Office, small_outbox: Path, kunjungan: CliRunner
) -> None:
    import json

    write_letter_pdf(office.inbox / "surat.pdf", 10)
    assert kunjungan("ingest", str(office.inbox / "surat.pdf")).code == 0
    subprocess.run(["mount", "-o", "remount,ro", str(small_outbox)], check=True)
    try:
        first = kunjungan("dispose", "1", "--instruction", "Tindak lanjuti")
        assert first.code == 10, first.err
        assert "tercatat" in first.err and first.err.count("\n") == 1
        again = kunjungan("dispose", "1", "--instruction", "Tindak lanjuti")
        assert again.code == 5 and "Traceback" not in again.err, again.err
        shown = kunjungan("show", "1")
        assert shown.code == 0 and "Traceback" not in shown.err, shown.err
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_outbox)], check=True)
    # The next command completes the folder before its own step (the service does it every
    # few seconds, see the full-disk test).
    assert kunjungan("receive", "1").code == 0
    data = kunjungan("show", "1", "--json").json()
    assert [d["status"] for d in data["documents"]] == ["written", "written"]
    folder = small_outbox / data["folder"]
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["case"]["state"] == data["state"]
    assert [e["action"] for e in manifest["case"]["events"]][-2:] == ["dispose", "receive"]


# -- 9. only our codes, exactly ----------------------------------------------------------------


def test_only_our_codes_exactly() -> None:
    from pipeline.workflow.verify import closest_code, has_our_footer

    ours, others = "QVLZ-437K", ["7K2M-Q9XD", "ABCD-EFGH", "QVLZ-437M"]
    codes = [ours, *others]

    def match(text: str) -> str | None:
        from pipeline.workflow.verify import printed_codes

        return closest_code(printed_codes(text), codes, has_our_footer(text))

    footer = ("Kode verifikasi: {0}\nPeriksa keaslian: kunjungan verify {0}  ·  Pindai lembar "
              "bertanda tangan ini ke folder inbox")
    # The attack: a typed page with our code but one symbol changed.
    assert match("Lembar Disposisi\nKode verifikasi: QVLZ-437A\n") is None
    assert match(footer.format("QVLZ-437A")) is None, "one wrong symbol is never enough"
    assert match("Kode verifikasi: QVLZ-437K") == ours, "our code exactly, as verify accepts it"
    # OCR's lookalikes (Q→O, 4→4, Z→2) only on a page with our footer's layout.
    assert match("Kode verifikasi: OVL2-437K") is None
    assert match(footer.format("OVL2-437K")) == ours
    # A reading that two documents' codes could both have given (O for Q, O for D): neither.
    assert closest_code(["OVLZ-437K"], [ours, "DVLZ-437K"], lookalikes=True) is None
    assert closest_code(["OVLZ-437K"], [ours, "7K2M-Q9XD"], lookalikes=True) == ours


def test_verify_of_a_missing_file_says_the_file_is_missing(kunjungan: CliRunner,
                                                           office: Office) -> None:
    outcome = kunjungan("verify", str(office.root / "tidak-ada" / "pindaian.pdf"))
    assert outcome.code == 4, outcome.err
    assert "tidak ditemukan" in outcome.err and "kode" not in outcome.err.lower()
