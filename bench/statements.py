"""SQL statements per registration and per SOP action (figures for the notes; no assertions).

Registers a shared sample letter the way the service does (`ingest_file`), then records the
SOP's steps through `Workflow.execute`, counting the statements the store sends to the database
for each (every statement, reads, BEGIN and COMMIT included).

Usage: python bench/statements.py [--sample sample_01_smk.pdf]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.config import load_config  # noqa: E402
from pipeline.intake.service import ingest_file  # noqa: E402
from pipeline.store.db import Store  # noqa: E402
from pipeline.workflow.commands import Actor, Approve, Assign, Command, Dispose  # noqa: E402
from pipeline.workflow.engine import Workflow  # noqa: E402

SAMPLES = REPO.parent / "shared" / "samples" / "letters"
CONFIG = """
[paths]
inbox = "inbox"
outbox = "outbox"
templates = "{templates}"

[[pelaksana]]
name = "Andi Saputra, S.Kom."
nip = "199203152019031008"
rank = "Penata Muda Tingkat I (III/b)"
position = "Pranata Komputer Ahli Pertama"
"""


@contextmanager
def counting(store: Store) -> Iterator[Callable[[], int]]:
    statements: list[str] = []
    store.trace = statements.append
    try:
        yield lambda: len(statements)
    finally:
        store.trace = None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", default="sample_01_smk.pdf")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        (root / "inbox").mkdir()
        (root / "kunjungan.toml").write_text(CONFIG.format(templates=REPO / "templates"))
        config = load_config(root / "kunjungan.toml")
        workflow = Workflow(config, Store(config.database.url))
        letter = root / "inbox" / args.sample
        shutil.copyfile(SAMPLES / args.sample, letter)
        counts: dict[str, int] = {}
        with counting(workflow.store) as count:
            result = ingest_file(letter, workflow, "layanan")
            counts["register (ingest_file)"] = count()
        assert result.case is not None, result.message
        case_id = result.case.id
        steps: list[tuple[str, Command, str]] = [
                 ("dispose", Dispose("Tindak lanjuti"), "kepala_dinas"),
                 ("approve", Approve(visit_date=date.today() + timedelta(days=10)),
                  "kepala_uptd"),
                 ("assign", Assign(("199203152019031008",)), "kepala_uptd")]
        for name, command, role in steps:
            with counting(workflow.store) as count:
                workflow.execute(case_id, command, Actor("bench", role))
                counts[name] = count()
        print(json.dumps(counts, indent=2))


if __name__ == "__main__":
    main()
