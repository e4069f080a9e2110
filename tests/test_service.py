"""`kunjungan run` for real: watchdog events, readiness, a second service refused, Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import Office, need_samples

from pipeline.intake.watcher import (
    InboxService,
    Readiness,
    filesystem_type,
    is_ignored,
    needs_polling,
)

DEADLINE_SECONDS = 60


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + DEADLINE_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def start_service(office: Office, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", "--config", str(office.config_path), "run", "--no-web",
         *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


@pytest.fixture
def service(office: Office) -> Iterator[subprocess.Popen[str]]:
    process = start_service(office)
    yield process
    if process.poll() is None:
        process.kill()
        process.wait()


def cases(office: Office) -> list[dict]:
    database = office.config.paths.database
    if not database.exists():
        return []
    out = subprocess.run(
        [sys.executable, "-m", "pipeline", "--config", str(office.config_path), "list", "--json"],
        capture_output=True, text=True, check=True,
    ).stdout
    return json.loads(out)


def test_service_registers_dropped_letters_and_stops_cleanly(
    office: Office, service: subprocess.Popen[str]
) -> None:
    samples = need_samples()
    # A letter there before the start is found by the start-up scan.
    (office.inbox / "sudah-ada.pdf").write_bytes((samples / "sample_01_smk.pdf").read_bytes())
    wait_for(lambda: len(cases(office)) == 1, "the start-up scan")

    # A folder of letters dropped at once, a temp file written then renamed, and junk to ignore.
    batch = office.inbox / "kiriman"
    batch.mkdir()
    for name in ("sample_02_universitas", "sample_03_dinas_luar", "sample_04_perusahaan"):
        (batch / f"{name}.pdf").write_bytes((samples / f"{name}.pdf").read_bytes())
    part = office.inbox / "unduhan.pdf.part"
    part.write_bytes((samples / "sample_05_sd_tanpa_tanggal.pdf").read_bytes())
    for junk in ("~$surat.docx", ".~lock.surat#", "Thumbs.db", ".DS_Store", "x.tmp"):
        (office.inbox / junk).write_bytes(b"junk")
    part.rename(office.inbox / "unduhan.pdf")
    wait_for(lambda: len(cases(office)) == 5, "five registered letters")
    assert not (office.inbox / "unduhan.pdf").exists()
    assert not any(batch.iterdir())
    for junk in ("~$surat.docx", "Thumbs.db", "x.tmp"):
        assert (office.inbox / junk).exists(), "temporary and system files are left alone"

    # A second service on the same inbox is refused with a clear message.
    second = start_service(office)
    out, err = second.communicate(timeout=DEADLINE_SECONDS)
    assert second.returncode == 8
    assert "layanan lain" in err and "Traceback" not in err

    # Ctrl-C stops cleanly.
    service.send_signal(signal.SIGINT)
    out, err = service.communicate(timeout=DEADLINE_SECONDS)
    assert service.returncode == 0, err
    assert "Layanan berhenti" in out
    assert "Traceback" not in err
    agenda = sorted(c["nomor_agenda"] for c in cases(office))
    assert agenda == ["0001", "0002", "0003", "0004", "0005"]


def test_slow_writer_is_read_only_when_complete(office: Office) -> None:
    samples = need_samples()
    data = (samples / "sample_08_dprd.pdf").read_bytes()
    readiness = Readiness(quiet_seconds=0.3)
    path = office.inbox / "lambat.pdf"
    with path.open("wb") as handle:
        handle.write(data[:1000])
        handle.flush()
        readiness.saw(path, closed=False, now=0.0)
        assert readiness.ready(now=0.1) == []
        handle.write(data[1000:])
        handle.flush()
        assert readiness.ready(now=0.35) == [], "size changed: the quiet period starts again"
        assert readiness.ready(now=0.5) == []
    assert readiness.ready(now=1.0) == [path]
    readiness.saw(path, closed=True, now=2.0)
    assert readiness.ready(now=2.0) == [path], "a close-after-write makes it ready at once"


@pytest.mark.parametrize(
    ("name", "ignored"),
    [("~$surat.docx", True), (".~lock.surat.odt#", True), ("a.part", True),
     ("a.crdownload", True), ("a.tmp", True), (".DS_Store", True), ("Thumbs.db", True),
     (".tersembunyi.pdf", True), ("surat.pdf", False), ("Surat Permohonan (1).PDF", False)],
)
def test_ignored_names(name: str, ignored: bool) -> None:
    assert is_ignored(Path(name)) is ignored


MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
//fileserver/surat /srv/kantor cifs rw,vers=3.0 0 0
fs:/export /srv/nfs nfs4 rw 0 0
"""


@pytest.mark.parametrize(
    ("path", "kind"),
    [("/srv/kantor/inbox", "cifs"), ("/srv/nfs/x", "nfs4"), ("/home/tcc/inbox", "ext4"),
     ("/srv/kantorlain", "ext4")],
)
def test_filesystem_type_of_the_inbox(path: str, kind: str) -> None:
    assert filesystem_type(Path(path), MOUNTS) == kind


def test_polling_is_chosen_for_network_shares(office: Office,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.intake import watcher

    config = office.config
    monkeypatch.setattr(watcher, "filesystem_type", lambda _path: "cifs")
    assert needs_polling(config, forced=None)
    assert not needs_polling(config, forced=False)
    monkeypatch.setattr(watcher, "filesystem_type", lambda _path: "ext4")
    assert not needs_polling(config, forced=None)
    assert needs_polling(config, forced=True)


def test_service_with_polling_takes_only_whole_files(office: Office) -> None:
    data = (need_samples() / "sample_02_universitas.pdf").read_bytes()
    # The pause below, with the `list` that checks it, must stay within the time a file that
    # looks cut short is given to arrive whole (settle_seconds), or the service rightly parks it.
    text = office.config_path.read_text(encoding="utf-8")
    office.config_path.write_text(text.replace("settle_seconds = 3", "settle_seconds = 20"),
                                  encoding="utf-8")
    process = start_service(office, "--polling")
    try:
        path = office.inbox / "pelan.pdf"
        with path.open("wb") as handle:  # a slow copy over the network: half now, half later
            handle.write(data[: len(data) // 2])
            handle.flush()
            time.sleep(1.5)
            assert path.exists() and cases(office) == [], "half a file is never taken"
            handle.write(data[len(data) // 2:])
        wait_for(lambda: len(cases(office)) == 1, "the polled letter")
        assert not (office.inbox / "_gagal").exists()
        assert cases(office)[0]["fields"]["nomor_surat"] == "1187/UBU.3/KM/2026"
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=DEADLINE_SECONDS)
    assert "polling" in out
    assert process.returncode == 0, err


def test_service_fails_a_truncated_file_once_it_has_settled(office: Office) -> None:
    data = (need_samples() / "sample_03_dinas_luar.pdf").read_bytes()
    process = start_service(office)
    try:
        (office.inbox / "terpotong.pdf").write_bytes(data[:2000])
        wait_for(lambda: (office.inbox / "_gagal" / "terpotong.pdf.txt").exists(),
                 "the truncated file to be failed after settle_seconds")
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=DEADLINE_SECONDS)
    assert (office.inbox / "_gagal" / "terpotong.pdf").read_bytes() == data[:2000]
    assert cases(office) == []


def test_a_stop_signal_takes_no_lock_the_interrupted_loop_may_hold(office: Office) -> None:
    """A signal handler runs in the main thread between two bytecodes: the loop it interrupts
    may be inside `wake.wait()` or `wake.clear()`, holding the Event's lock. A handler that set
    the Event waited on that lock for ever (a service hung at Ctrl-C so once)."""
    service = InboxService(office.config, None, polling=True)
    # The Event's own lock, held as the interrupted loop held it.
    with service.wake._cond:  # type: ignore[attr-defined]
        handler = threading.Thread(target=service._stop, args=(signal.SIGINT, None), daemon=True)
        handler.start()
        handler.join(timeout=5)
        assert not handler.is_alive(), "the handler waits on the loop's lock"
    assert service.stopping
