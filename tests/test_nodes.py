"""Several services ("nodes") on one inbox, one outbox and one PostgreSQL database: each letter is
registered once and every agenda number used once, even when a node dies mid-batch."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import Office
from docx import Document
from pdf_letters import write_letter_pdf
from test_crash import inbox_letters, power_off, sha

LETTERS = 200
DEADLINE_SECONDS = 300


def start_node(office: Office) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", "--config", str(office.config_path), "run",
         "--workers", "1", "--no-web"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},  # what it printed survives its SIGKILL
    )


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_two_nodes_share_an_inbox_and_one_dying_loses_nothing(
    office: Office, tmp_path: Path
) -> None:
    made = tmp_path / "made"
    made.mkdir()
    letters = [write_letter_pdf(made / f"surat-{i:03d}.pdf", i) for i in range(LETTERS)]
    expected = sorted(sha(letter) for letter in letters)
    store = office.store()  # the schema, before two nodes open it at once

    doomed, survivor = start_node(office), start_node(office)
    try:
        time.sleep(2)  # both watching (a second node on a shared database is not refused)
        assert doomed.poll() is None and survivor.poll() is None
        for letter in letters:  # as a scanner drops them: each appears whole, at once
            os.replace(letter, office.inbox / letter.name)
        deadline = time.monotonic() + DEADLINE_SECONDS
        while len(store.cases()) < LETTERS // 4 and time.monotonic() < deadline:
            time.sleep(0.05)
        power_off(doomed)  # mid-batch, wherever it was
        assert len(inbox_letters(office.inbox)) > LETTERS // 2, "killed while letters wait"
        while inbox_letters(office.inbox) and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(1)  # the last folder's release
    finally:
        if doomed.poll() is None:
            power_off(doomed)
        survivor.send_signal(signal.SIGINT)
        out, err = survivor.communicate(timeout=60)
    assert survivor.returncode == 0, err
    doomed_out, _ = doomed.communicate()
    assert "terdaftar" in doomed_out and "terdaftar" in out, "both nodes took letters"
    assert "Traceback" not in err
    assert inbox_letters(office.inbox) == [], "every letter left the inbox"
    for aside in ("_gagal", "_duplikat"):
        folder = office.inbox / aside
        assert not folder.exists() or not any(folder.iterdir()), list(folder.iterdir())

    cases = store.cases()
    assert sorted(c.sha256 for c in cases) == expected, "each letter exactly once"
    assert sorted(int(c.nomor_agenda) for c in cases) == list(range(1, LETTERS + 1))
    assert store.pending_documents() == []
    assert store.uncleared_cases() == []
    for case in cases:
        folder = office.outbox / case.folder
        assert sha(folder / "00-surat-permohonan.pdf") == case.sha256
        Document(str(folder / "01-lembar-disposisi.docx"))
        manifest = json.loads((folder / "manifest.json").read_text())
        assert {entry["path"] for entry in manifest["files"]} >= {
            "00-surat-permohonan.pdf", "01-lembar-disposisi.docx"}
        for entry in manifest["files"]:
            assert sha(folder / entry["path"]) == entry["sha256"]
    assert len({p.parent for p in office.outbox.rglob("manifest.json")}) == LETTERS
    assert list(office.outbox.rglob("*.tmp")) == []
    store.close()
