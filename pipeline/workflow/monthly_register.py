"""File the monthly Register Buku Tamu in the outbox, as .docx and PDF; one core for the
command line (`kunjungan register`) and the desk's Register page.

Layout: `outbox/register/<year>/register-buku-tamu-<year>-<month>.docx` and `.pdf`, with the
year's `manifest.json` listing every file's SHA-256, version and what it was made from. The
register is made again only when what it prints changed (a guest came or left, a correction,
another template or signer); otherwise the filed one is handed out again. A new version keeps
the previous one beside it (`register-buku-tamu-2026-11.v1.docx`), as case folders do, since
the earlier one may already be signed on paper.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.archive.files import (
    atomic_write_text,
    folder_lock,
    fsync_dir,
    sha256_of,
)
from pipeline.archive.outbox import MANIFEST_NAME, document_file, keep_previous_version
from pipeline.config import Config
from pipeline.documents.monthly import (
    MONTHLY_REGISTER_KEY,
    MONTHLY_REGISTER_TEMPLATE,
    RegisterMonth,
    content_digest,
    monthly_context,
)
from pipeline.documents.pdf import ConversionError, PdfConverter, PdfTools, find_tools
from pipeline.documents.render import render_document
from pipeline.errors import (
    KunjunganError,
    StorageError,
    TemplateError,
    UsageError,
    describe_os_error,
)

if TYPE_CHECKING:
    from pipeline.workflow.engine import Workflow

REGISTER_FOLDER = "register"
MANIFEST_FORMAT = "tcc-kunjungan/register-bulanan/1"
PDF_KIND = f"{MONTHLY_REGISTER_KEY}_pdf"

Convert = Callable[[Path, Path], None]


@dataclass(frozen=True)
class FiledRegister:
    """Where a month's register is, and whether this call made it or found it filed."""

    month: RegisterMonth
    docx: Path
    pdf: Path
    version: int
    guests: int
    made: bool  # False: the filed document already showed these entries

    def to_json(self) -> dict[str, Any]:
        return {"bulan": self.month.code, "docx": str(self.docx), "pdf": str(self.pdf),
                "versi": self.version, "jumlah_tamu": self.guests, "dibuat_baru": self.made}


@dataclass(frozen=True)
class _Version:
    """One version of a month's register as the manifest records it."""

    month: str
    version: int
    guests: int
    source: str  # content_digest of what it shows
    made_at: str
    docx_sha256: str
    pdf_sha256: str | None  # None until its PDF is made


def register_folder(outbox: Path, year: int) -> Path:
    return outbox / REGISTER_FOLDER / f"{year:04d}"


def register_name(month: RegisterMonth, version: int | None, suffix: str) -> str:
    """`register-buku-tamu-2026-11.docx`; an earlier version `...-2026-11.v1.docx`."""
    return document_file(_stem(month), version or 0, latest=version is None, suffix=suffix)


def _stem(month: RegisterMonth) -> str:
    return f"register-buku-tamu-{month.code}"


def cold_convert(docx: Path, pdf: Path) -> None:
    """One PDF/A-2b by a LibreOffice started for it (the service's warm converter lives in
    another process)."""
    converter = PdfConverter(PdfTools(find_tools().soffice, None))
    try:
        converter.convert(docx, pdf)
    finally:
        converter.close()


def file_monthly_register(
    workflow: Workflow, month: RegisterMonth, convert: Convert = cold_convert
) -> FiledRegister:
    """The month's register filed in the outbox as .docx and PDF, made again only when what it
    shows changed. A PDF that cannot be made leaves the .docx filed and raises."""
    config = workflow.config
    now = workflow.now()
    if month > RegisterMonth(now.year, now.month):
        raise UsageError(f"bulan {month.label} belum dimulai: belum ada buku tamu untuknya")
    entries = workflow.store.guest_register(month.year, month.month)
    template = config.paths.templates / MONTHLY_REGISTER_TEMPLATE
    try:
        template_bytes = template.read_bytes()
    except FileNotFoundError:
        raise TemplateError(f"templat tidak ditemukan: {template}") from None
    context = monthly_context(month, entries, config, now)
    logo = config.office.logo.read_bytes() if config.office.logo else None
    wanted = _Wanted(month, context, content_digest(context, template_bytes, logo),
                     len(entries), now.isoformat())
    folder = register_folder(config.paths.outbox, month.year)
    try:
        return _file(workflow.config, wanted, folder, convert)
    except OSError as exc:
        raise StorageError(f"Register Buku Tamu {month.label} belum dapat ditulis di {folder} "
                           f"({describe_os_error(exc)})") from exc


@dataclass(frozen=True)
class _Wanted:
    """The register as it should read now."""

    month: RegisterMonth
    context: dict[str, Any]
    source: str  # content_digest
    guests: int
    made_at: str


def _file(config: Config, wanted: _Wanted, folder: Path, convert: Convert) -> FiledRegister:
    month = wanted.month
    folder.mkdir(parents=True, exist_ok=True)
    docx, pdf = (folder / register_name(month, None, s) for s in (".docx", ".pdf"))
    with folder_lock(folder):
        versions = _read_manifest(folder)
        latest = max((v for v in versions if v.month == month.code),
                     key=lambda v: v.version, default=None)
        made = (latest is None or latest.source != wanted.source
                or not _intact(docx, latest.docx_sha256))
        if made:
            if latest is not None:
                for suffix in (".docx", ".pdf"):
                    keep_previous_version(folder, _stem(month), latest.version, suffix)
            render_document(config.paths.templates / MONTHLY_REGISTER_TEMPLATE, wanted.context,
                            docx, config.office.logo, sync_dir=False)
            latest = _Version(month.code, latest.version + 1 if latest else 1, wanted.guests,
                              wanted.source, wanted.made_at, sha256_of(docx), None)
            versions = [*versions, latest]
            _write_manifest(folder, versions)  # the .docx counts even if its PDF fails
        assert latest is not None
        if latest.pdf_sha256 is None or not _intact(pdf, latest.pdf_sha256):
            try:
                convert(docx, pdf)
            except ConversionError as exc:
                raise KunjunganError(
                    f"PDF register {month.label} tidak dapat dibuat ({exc}); berkas Word-nya "
                    f"ada di {docx}") from exc
            done = replace(latest, pdf_sha256=sha256_of(pdf))
            versions = [done if v == latest else v for v in versions]
            latest = done
            _write_manifest(folder, versions)
    return FiledRegister(month, docx, pdf, latest.version, latest.guests, made)


def _intact(path: Path, sha256: str) -> bool:
    try:
        return sha256_of(path) == sha256
    except FileNotFoundError:
        return False


def _read_manifest(folder: Path) -> list[_Version]:
    """The versions filed so far. A manifest that cannot be read stops the filing: writing a
    new one would lose the record of the versions already there."""
    path = folder / MANIFEST_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        pdfs = {(f["bulan"], f["version"]): f["sha256"] for f in data["files"]
                if f["kind"] == PDF_KIND}
        return [
            _Version(f["bulan"], f["version"], f["jumlah_tamu"], f["sumber"], f["dibuat"],
                     f["sha256"], pdfs.get((f["bulan"], f["version"])))
            for f in data["files"] if f["kind"] == MONTHLY_REGISTER_KEY
        ]
    except FileNotFoundError:
        return []
    except (ValueError, KeyError, TypeError) as exc:
        raise KunjunganError(f"{path} rusak dan tidak dapat dibaca ({exc!r}); pulihkan dari "
                             "cadangan atau periksa isinya") from exc


def _write_manifest(folder: Path, versions: list[_Version]) -> None:
    """Every file of the year's registers with its checksum; the newest version of a month
    under the plain names, earlier ones under their versioned names."""
    newest = {v.month: max(w.version for w in versions if w.month == v.month) for v in versions}
    files: list[dict[str, Any]] = []
    for v in sorted(versions, key=lambda v: (v.month, -v.version)):
        month = RegisterMonth(*map(int, v.month.split("-")))
        kept = None if v.version == newest[v.month] else v.version
        files.append({"path": register_name(month, kept, ".docx"), "sha256": v.docx_sha256,
                      "kind": MONTHLY_REGISTER_KEY, "version": v.version, "bulan": v.month,
                      "jumlah_tamu": v.guests, "sumber": v.source, "dibuat": v.made_at})
        if v.pdf_sha256 is not None:
            files.append({"path": register_name(month, kept, ".pdf"), "sha256": v.pdf_sha256,
                          "kind": PDF_KIND, "version": v.version, "bulan": v.month})
    manifest = {"format": MANIFEST_FORMAT, "files": files}
    atomic_write_text(folder / MANIFEST_NAME,
                      json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", sync_dir=False)
    fsync_dir(folder)
