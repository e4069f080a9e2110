"""Kill the service (SIGKILL, the whole process group) at many points while a batch is being
processed, restart it, and check the books: every letter registered exactly once with all its
documents, nothing half-written in the outbox, nothing lost."""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import Office, both_databases
from docx import Document
from pdf_letters import write_letter_pdf
from sqlalchemy import text

from pipeline.archive.files import atomic_writer, sweep_orphan_temp_files
from pipeline.intake.service import complete_cases, ingest_file
from pipeline.workflow.engine import Workflow

ROUNDS = 12
LETTERS_PER_ROUND = 8
DEADLINE_SECONDS = 120


def start(office: Office) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", "--config", str(office.config_path), "run",
         "--workers", "2", "--no-web"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )


def power_off(process: subprocess.Popen[bytes]) -> None:
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # until every process of the group is gone
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.02)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def inbox_letters(inbox: Path) -> list[Path]:
    return [p for p in inbox.rglob("*.pdf") if "_gagal" not in p.parts]


@both_databases
def test_kill_anywhere_then_restart_keeps_the_books(office: Office, tmp_path: Path) -> None:
    rng = random.Random(20261129)
    made = tmp_path / "made"
    made.mkdir()
    expected: set[str] = set()
    number = 0
    interrupted = 0
    for _ in range(ROUNDS):
        for _ in range(LETTERS_PER_ROUND):
            letter = write_letter_pdf(made / f"surat-{number:03d}.pdf", number)
            expected.add(sha(letter))
            # Dropped as a secretary's copy would land: written, then appearing under its name.
            (office.inbox / letter.name).write_bytes(letter.read_bytes())
            number += 1
        process = start(office)
        time.sleep(rng.uniform(0.3, 1.8))
        power_off(process)
        interrupted += bool(inbox_letters(office.inbox))
    assert interrupted >= ROUNDS // 2, "most kills must land while letters are still waiting"

    # The last start runs until the inbox is empty, then stops cleanly.
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "--config", str(office.config_path), "run",
         "--workers", "2", "--no-web"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    deadline = time.monotonic() + DEADLINE_SECONDS
    while inbox_letters(office.inbox) and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(0.5)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=DEADLINE_SECONDS)
    assert process.returncode == 0, err
    assert inbox_letters(office.inbox) == [], "every letter left the inbox"
    failed = office.inbox / "_gagal"
    assert not failed.exists() or not any(failed.iterdir()), list(failed.iterdir())

    store = office.store()
    cases = store.cases()
    assert sorted(c.sha256 for c in cases) == sorted(expected), "each letter exactly once"
    agenda = sorted(int(c.nomor_agenda) for c in cases)
    assert agenda == list(range(1, len(expected) + 1)), "no number skipped or reused"
    assert store.pending_documents() == []
    assert store.uncleared_cases() == []

    outbox = office.outbox
    for case in cases:
        folder = outbox / case.folder
        assert sha(folder / "00-surat-permohonan.pdf") == case.sha256
        Document(str(folder / "01-lembar-disposisi.docx"))  # opens: not half-written
        manifest = json.loads((folder / "manifest.json").read_text())
        for entry in manifest["files"]:
            assert sha(folder / entry["path"]) == entry["sha256"]
    assert list(outbox.rglob("*.tmp")) == [], "no half-written file in the outbox"
    staging = outbox / ".staging"
    assert not staging.exists() or not any(staging.iterdir())
    case_folders = {p.parent for p in outbox.rglob("manifest.json")}
    assert len(case_folders) == len(expected), "no orphan case folder"
    store.close()


class PowerCut(BaseException):
    """Stands for the process dying at this exact point (not an Exception: nothing catches it)."""


def crash_at(monkeypatch: pytest.MonkeyPatch, target: str) -> None:
    def cut(*_args: object, **_kwargs: object) -> None:
        raise PowerCut(target)

    monkeypatch.setattr(target, cut)


BEFORE_DOCUMENTS = "pipeline.workflow.engine.Workflow.publish"  # registered, nothing filed yet
BEFORE_RELEASE = "pipeline.intake.service.release_inbox_copy"  # filed, inbox copy still there


def ingest_cut_at(
    office: Office, monkeypatch: pytest.MonkeyPatch, target: str, name: str, number: int
) -> tuple[Path, Workflow]:
    """Drop a letter and ingest it with the power cut at `target`; the letter and workflow."""
    from pipeline.intake.service import ingest_file

    letter = write_letter_pdf(office.inbox / name, number)
    workflow = office.workflow()
    with monkeypatch.context() as patch:
        crash_at(patch, target)
        with pytest.raises(PowerCut):
            ingest_file(letter, workflow, "layanan")
    return letter, workflow


def test_crash_after_commit_before_documents(
    office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.intake.service import recover

    letter, workflow = ingest_cut_at(office, monkeypatch, BEFORE_DOCUMENTS, "a.pdf", 1)
    assert letter.exists(), "the original stays in the inbox until it is filed"
    assert len(workflow.store.pending_documents()) == 1
    recover(workflow)  # what a restart does
    assert workflow.store.pending_documents() == []
    assert not letter.exists()
    (case,) = workflow.store.cases()
    assert (office.outbox / case.folder / "01-lembar-disposisi.docx").exists()


def test_crash_after_filing_before_inbox_cleared(
    office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.intake.service import ingest_file

    letter, workflow = ingest_cut_at(office, monkeypatch, BEFORE_RELEASE, "b.pdf", 2)
    assert letter.exists()
    result = ingest_file(letter, workflow, "layanan")  # the restarted service sees it again
    assert result.outcome == "resumed"
    assert not letter.exists()
    assert len(workflow.store.cases()) == 1
    assert not (office.inbox / "_duplikat").exists()


def test_a_new_file_under_the_same_name_is_not_taken_for_the_filed_one(
    office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.intake.service import ingest_file, recover

    letter, workflow = ingest_cut_at(office, monkeypatch, BEFORE_DOCUMENTS, "scan.pdf", 1)
    # Before the restart, the scanner writes the next letter under the same name.
    other = write_letter_pdf(office.root / "next.pdf", 2)
    os.replace(other, letter)
    next_sha = sha(letter)
    recover(workflow)
    assert letter.exists() and sha(letter) == next_sha, "the new letter stays for its own turn"
    (case,) = workflow.store.cases()
    assert sha(office.outbox / case.folder / "00-surat-permohonan.pdf") == case.sha256
    assert ingest_file(letter, workflow, "layanan").outcome == "registered"
    assert len(workflow.store.cases()) == 2


def test_only_temp_files_of_dead_writers_on_this_machine_are_swept(
    office: Office, tmp_path: Path
) -> None:
    """A temp file names its writer (`<pid>-<host>`): a node sharing the outbox never removes
    another machine's write in progress, whose process id means nothing here; a write killed
    on this machine is removed, by the service's periodic pass too (for the staging folder),
    so a node that survives another on the same machine cleans up after it."""
    dead = subprocess.Popen(["true"])
    dead.wait()
    with atomic_writer(tmp_path / "kept.pdf") as handle:
        handle.write(b"x")
        (mine,) = tmp_path.glob(".kept.pdf.*.tmp")  # this live process's write in progress
        pid, host = mine.name.rsplit(".", 3)[1].split("-")
        assert int(pid) == os.getpid()
        killed = tmp_path / f".a.pdf.{dead.pid}-{host}.k2j4h5g6.tmp"
        elsewhere = tmp_path / f".b.pdf.{dead.pid}-0000beef.k2j4h5g6.tmp"
        older_release = tmp_path / f".c.pdf.{dead.pid}.k2j4h5g6.tmp"
        for temp in (killed, elsewhere, older_release):
            temp.write_bytes(b"half")
        assert sorted(sweep_orphan_temp_files(tmp_path)) == sorted([killed, older_release])
        assert mine.exists() and elsewhere.exists()

    staging = office.outbox / ".staging"
    staging.mkdir(parents=True)
    left = staging / f".{'a' * 64}.pdf.{dead.pid}-{host}.x1y2z3w4.tmp"
    left.write_bytes(b"half")
    complete_cases(office.workflow())
    assert not left.exists()

    # A document half written in a case folder, the case left unpublished by the dead writer.
    workflow = office.workflow()
    letter = write_letter_pdf(office.inbox / "surat.pdf", 1)
    case = ingest_file(letter, workflow, actor="layanan").case
    assert case is not None
    with workflow.store.transaction() as conn:
        conn.execute(text("UPDATE cases SET published_version = 0 WHERE id = :id"),
                     {"id": case.id})
    half = office.outbox / case.folder / f".01-lembar-disposisi.docx.{dead.pid}-{host}.q.tmp"
    half.write_bytes(b"half")
    complete_cases(workflow)
    assert not half.exists()
    assert workflow.store.incomplete_cases() == []
