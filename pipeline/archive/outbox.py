"""Outbox layout: one folder per case, `<year>/<agenda>_<institution-slug>/`, files in SOP order.

The newest version of a document keeps its plain name (`01-lembar-disposisi.docx`); earlier
versions stay beside it as `01-lembar-disposisi.v1.docx`, ... so nothing is overwritten silently.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.archive.files import atomic_copy, atomic_write_text, sha256_of
from pipeline.case import Case

ORIGINAL_STEM = "00-surat-permohonan"
MANIFEST_NAME = "manifest.json"
REVIEW_NOTE_NAME = "PERLU-DIPERIKSA.txt"
STAGING_FOLDER = ".staging"
# Beside the PDFs of a case folder: the checksum of the .docx each was made from.
RENDITION_SOURCES_NAME = ".pdf-sumber.json"


def slugify(text: str, limit: int = 60) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].rstrip("-") or "tanpa-nama"


def case_folder_name(year: int, nomor_agenda: str, instansi: str | None) -> str:
    return f"{year}/{slugify(nomor_agenda, 30)}_{slugify(instansi or 'tanpa instansi')}"


ARCHIVE_NAME = f"{ORIGINAL_STEM}.arsip.pdf"
ARCHIVE_SUFFIX = ".arsip.pdf"
RECOGNITION_SUFFIX = ".ocr"  # a folder: what OCR read, until the PDF/A copy is made of it


def original_name(suffix: str) -> str:
    return f"{ORIGINAL_STEM}{suffix.lower()}"


def staged_original(outbox: Path, sha256: str, suffix: str) -> Path:
    return outbox / STAGING_FOLDER / f"{sha256}{suffix.lower()}"


def document_file(file_stem: str, version: int, latest: bool, suffix: str = ".docx") -> str:
    return f"{file_stem}{suffix}" if latest else f"{file_stem}.v{version}{suffix}"


def keep_previous_version(folder: Path, file_stem: str, previous: int,
                          suffix: str = ".docx") -> None:
    """Before version `previous + 1` is written, copy the current file to its versioned name
    (once: after a crash the copy made before stays)."""
    current = folder / document_file(file_stem, previous, latest=True, suffix=suffix)
    kept = folder / document_file(file_stem, previous, latest=False, suffix=suffix)
    if current.exists() and not kept.exists():
        atomic_copy(current, kept)


@dataclass(frozen=True)
class ManifestFile:
    path: str
    sha256: str
    kind: str
    version: int | None = None


def build_manifest(
    case_json: Mapping[str, Any], files: Sequence[ManifestFile]
) -> dict[str, Any]:
    """What an archivist needs to check the folder: the case, its events, every file's hash."""
    return {
        "format": "tcc-kunjungan/manifest/1",
        "case": dict(case_json),
        "files": [
            {"path": f.path, "sha256": f.sha256, "kind": f.kind,
             **({"version": f.version} if f.version is not None else {})}
            for f in files
        ],
    }


def write_manifest(folder: Path, manifest: Mapping[str, Any]) -> None:
    """The caller syncs the folder once it has written all it publishes (`fsync_dir`)."""
    atomic_write_text(
        folder / MANIFEST_NAME, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n",
        sync_dir=False,
    )


def write_review_note(folder: Path, case: Case) -> None:
    """A plain-text note in the folder while the case needs a person to check it. The caller
    syncs the folder."""
    note = folder / REVIEW_NOTE_NAME
    if case.state != "perlu_diperiksa":
        note.unlink(missing_ok=True)  # derived from the state; the event log keeps the history
        return
    lines = [
        f"Kasus {case.id} (nomor agenda {case.nomor_agenda}) perlu diperiksa:",
        *(f"- {n}" for n in case.review_notes),
        "",
        f"Lengkapi dengan: kunjungan fix {case.id} NAMA_ISIAN=NILAI",
    ]
    atomic_write_text(note, "\n".join(lines) + "\n", sync_dir=False)


def pdf_name(docx_name: str) -> str:
    return str(Path(docx_name).with_suffix(".pdf"))


def rendition_sources(folder: Path) -> dict[str, str]:
    """Which .docx bytes (sha256) each PDF of a case folder was made from."""
    try:
        data = json.loads((folder / RENDITION_SOURCES_NAME).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def current_pdf(folder: Path, docx_name: str, docx_sha256: str) -> Path | None:
    """The PDF made from exactly these .docx bytes, if it is there."""
    pdf = folder / pdf_name(docx_name)
    return pdf if pdf.exists() and rendition_sources(folder).get(pdf.name) == docx_sha256 else None


def pending_renditions(folder: Path) -> list[Path]:
    """The .docx files of a case folder whose PDF is missing or stale."""
    sources = rendition_sources(folder)
    return [
        docx for docx in sorted(folder.glob("[0-9]*.docx"))
        if sources.get(pdf_name(docx.name)) != sha256_of(docx)
        or not (folder / pdf_name(docx.name)).exists()
    ]
