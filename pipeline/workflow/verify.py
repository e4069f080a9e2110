"""Was this document issued here, and is this file unchanged since? (`kunjungan verify`)

A code printed on a document is recomputed from this installation's secret for each document
on record; a file is traced by its QR (scans) or its printed code (.docx), then its checksum is
held against the files archived for that document.
"""

from __future__ import annotations

import enum
import re
import threading
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pipeline.archive.files import sha256_of
from pipeline.case import Case
from pipeline.documents.kinds import DOCUMENT_KINDS
from pipeline.documents.qr import (
    VERIFICATION_PATH,
    Verdict,
    check,
    normalise_code,
    parse_payload,
    parse_verification_link,
)
from pipeline.store.db import DocumentRecord, Store
from pipeline.workflow.engine import Workflow
from pipeline.workflow.views import document_names

PRINTED_CODE_MARKER = "Kode verifikasi"
# The code is printed twice in each footer: after the marker, and at the end of the
# verification page's address (`…/verifikasi/7K2M-Q9XD`; after `kunjungan verify` on documents
# printed before that page). OCR may read symbols the alphabet lacks (0, O, 1, I) and mangle
# "verify", so all are loose.
_PRINTED_CODE = re.compile(
    rf"(?:{PRINTED_CODE_MARKER}\s*:?|kunjungan\s+ver\w*|{VERIFICATION_PATH}\s*/)"
    r"\s*([0-9A-Z]{4})\s*-?\s*([0-9A-Z]{4})"
)
# The second line of our footer, as OCR reads it ("Periksa keaslian: kunjungan verify …").
_FOOTER_CHECK_LINE = re.compile(r"Periksa\s+keaslian|kunjungan\s+ver\w*", re.IGNORECASE)
# What OCR was seen to read in place of a printed symbol of ours, on degraded scans.
_LOOKALIKES: dict[str, str] = {
    "Q": "O0D", "D": "O0Q", "8": "B", "B": "8", "5": "S", "S": "5", "2": "Z", "Z": "2",
    "6": "G", "G": "6", "L": "1I", "J": "1I", "T": "1I", "U": "V", "V": "U",
}


class Finding(enum.Enum):
    ISSUED = "issued"  # a document of ours; the file, when given, is an archived one
    ISSUED_FILE_DIFFERS = "issued_file_differs"  # ours, but this file is not what we archived
    OTHER_INSTALLATION = "other_installation"
    FORGED = "forged"
    UNKNOWN = "unknown"  # no code of ours found, or a code no document has


@dataclass(frozen=True)
class Verification:
    finding: Finding
    message: str  # one Indonesian sentence for people
    document: DocumentRecord | None = None

    @property
    def valid(self) -> bool:
        return self.finding is Finding.ISSUED


def printed_codes(text: str) -> list[str]:
    """Verification codes printed in a text (a .docx footer, or a scan's OCR)."""
    return [f"{a}-{b}" for a, b in _PRINTED_CODE.findall(text)]


def has_our_footer(text: str) -> bool:
    """Whether a page's text shows our footer's two lines: the code after its marker, and the
    line that says how to check it. A code typed on a page of its own does not."""
    return PRINTED_CODE_MARKER.lower() in text.lower() and bool(_FOOTER_CHECK_LINE.search(text))


def document_by_scanned_code(workflow: Workflow, text: str) -> DocumentRecord | None:
    """The document whose code OCR read in `text` (see `closest_code`)."""
    records = {workflow.stamp_of(record).code: record for record in workflow.store.all_documents()}
    code = closest_code(printed_codes(text), records, lookalikes=has_our_footer(text))
    return None if code is None else records[code]


def closest_code(readings: Sequence[str], codes: Iterable[str], lookalikes: bool) -> str | None:
    """The one code of `codes` that an OCR reading matches: exactly, or, on a page with our
    footer (`lookalikes`), through symbols OCR confuses. A symbol that is not a lookalike is
    never forgiven, and a reading close to two codes matches neither."""
    matches = {
        code for code in codes for reading in readings
        if _same_code(reading.replace("-", ""), code.replace("-", ""), lookalikes)
    }
    return matches.pop() if len(matches) == 1 else None


def _same_code(reading: str, code: str, lookalikes: bool) -> bool:
    return len(reading) == len(code) and all(
        read == printed or (lookalikes and read in _LOOKALIKES.get(printed, ""))
        for read, printed in zip(reading, code, strict=True)
    )


class CodeIndex:
    """The code of every document of one store, computed once (about 50 µs each) and kept up
    to date by document id: a code hashes a document's installation, case, kind and version,
    none of which ever changes, so a code once known stays right."""

    def __init__(self) -> None:
        self._documents: dict[str, tuple[int, str, int]] = {}  # code -> case, kind, version
        self._last_id = 0
        self._lock = threading.Lock()

    def find(self, workflow: Workflow, code: str) -> DocumentRecord | None:
        with self._lock:
            if code not in self._documents:
                for record in workflow.store.documents_after(self._last_id):
                    found = workflow.stamp_of(record)
                    self._documents.setdefault(found.code, (record.case_id, record.kind,
                                                            record.version))
                    self._last_id = record.id
            where = self._documents.get(code)
        return None if where is None else workflow.store.document(*where)


# One index per store (a store is one thread's connection to one database).
_INDEXES: weakref.WeakKeyDictionary[Store, CodeIndex] = weakref.WeakKeyDictionary()


def document_by_code(workflow: Workflow, code: str) -> DocumentRecord | None:
    """The document whose stamp has this code."""
    index = _INDEXES.setdefault(workflow.store, CodeIndex())
    return index.find(workflow, code)


def verify_code(workflow: Workflow, typed: str) -> Verification:
    code = normalise_code(typed)
    record = document_by_code(workflow, code)
    if record is None:
        return Verification(Finding.UNKNOWN, f"Kode {code} tidak dikenal: tidak ada dokumen "
                                             "dengan kode itu yang diterbitkan di sini.")
    return Verification(Finding.ISSUED, _issued(workflow, record, "Dokumen sah"), record)


def verify_docx(workflow: Workflow, path: Path) -> Verification:
    """A generated document: its printed code, and whether the file is the one issued."""
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError):
        return Verification(Finding.UNKNOWN, "Berkas ini bukan dokumen .docx yang utuh.")
    texts = [p.text for s in document.sections for p in s.footer.paragraphs]
    texts += [p.text for p in document.paragraphs]
    codes = printed_codes("\n".join(texts))
    if not codes:
        return Verification(Finding.UNKNOWN, "Tidak ditemukan kode verifikasi pada dokumen ini.")
    code_check = verify_code(workflow, codes[0])
    if code_check.document is None:
        return code_check
    if sha256_of(path) == code_check.document.sha256:
        return code_check
    return Verification(Finding.ISSUED_FILE_DIFFERS, _issued(
        workflow, code_check.document, "Dokumen sah diterbitkan di sini, tetapi berkas ini sudah "
                                       "BERUBAH sejak diterbitkan"), code_check.document)


def verify_scan(workflow: Workflow, path: Path, qr_texts: Sequence[str]) -> Verification:
    """A scan or photo of a document, by the QR texts found on it (intake's QR reader)."""
    stamps = [s for s in map(parse_payload, qr_texts) if s is not None]
    links = [link for link in map(parse_verification_link, qr_texts) if link is not None]
    if not stamps and links:
        linked = document_by_code(workflow, links[0].code)
        if linked is None:
            return verify_code(workflow, links[0].code)
        stamps = [workflow.stamp_of(linked)]
    if not stamps:
        return Verification(Finding.UNKNOWN, "Tidak ditemukan kode QR dokumen kantor ini pada "
                                             "berkas tersebut.")
    stamp = stamps[0]
    verdict = check(workflow.secret, workflow.installation, stamp)
    if verdict is Verdict.OTHER_INSTALLATION:
        return Verification(Finding.OTHER_INSTALLATION,
                            "Kode QR berasal dari instalasi lain, bukan dari kantor ini.")
    if verdict is Verdict.FORGED:
        return Verification(Finding.FORGED, f"Kode QR tidak sah: kode {stamp.code} tidak cocok "
                                            "dengan dokumen yang disebutnya (dipalsukan?).")
    record = workflow.store.document(stamp.case_id, stamp.kind, stamp.version)
    if record is None:
        return Verification(Finding.UNKNOWN, f"Kode {stamp.code} sah, tetapi dokumennya tidak "
                                             "ada di basis data ini.")
    digest = sha256_of(path)
    archived = {
        sha for copy in workflow.store.signed_copies(record.case_id)
        if copy.document_id == record.id
        for sha in (copy.sha256, copy.archive_sha256) if sha
    }
    if digest in archived:
        return Verification(Finding.ISSUED, _issued(
            workflow, record, "Dokumen sah; berkas ini sama dengan salinan bertanda tangan yang "
                              "diarsipkan"), record)
    return Verification(Finding.ISSUED_FILE_DIFFERS, _issued(
        workflow, record, "Dokumen sah diterbitkan di sini, tetapi berkas ini BERBEDA dari "
                          "salinan yang diarsipkan"), record)


def _issued(workflow: Workflow, record: DocumentRecord, opening: str) -> str:
    from pipeline.indonesian import format_datetime

    case = workflow.store.case(record.case_id)
    kind = DOCUMENT_KINDS[record.kind]
    when = format_datetime(record.created_at.astimezone(workflow.config.timezone),
                           workflow.config.zone_label)
    current = ""
    if record.status == "written" and record.sha256:
        name = document_names(workflow.store.documents(case.id))[record.id]
        on_disk = workflow.case_folder(case) / name
        state = "tidak berubah" if on_disk.exists() and sha256_of(on_disk) == record.sha256 \
            else "TIDAK COCOK lagi dengan catatan"
        current = f"; berkas arsipnya ({name}) {state}"
    return (f"{opening}: {kind.title} versi {record.version}, kasus {case.id} (nomor agenda "
            f"{case.nomor_agenda}/{case.year}, {case.fields.instansi_pengirim or '-'}), "
            f"diterbitkan {when}{current}.")


@dataclass(frozen=True)
class PublicFacts:
    """What the public verification page may tell anyone holding a paper: nothing personal
    (no names, institutions, phones), only what lets the reader compare it with the paper."""

    code: str
    kind_title: str
    version: int
    newest: bool  # no later version of this document was issued
    nomor_agenda: str  # `0012/2026`
    issued_on: date  # on the office's clock
    letter_number: str | None  # the outgoing letter's or Surat Tugas's number printed on it
    needs_signature: bool  # the SOP has this document signed on paper
    signed_copy_filed: bool  # a signed copy of this very version is filed


def public_facts(workflow: Workflow, typed: str) -> PublicFacts | None:
    """The facts of the document whose code was typed (loosely, as `kunjungan verify` takes
    it); None when no document issued here has that code."""
    code = normalise_code(typed)
    record = document_by_code(workflow, code)
    if record is None:
        return None
    case = workflow.store.case(record.case_id)
    versions = [d.version for d in workflow.store.documents(case.id) if d.kind == record.kind]
    filed = any(c.document_id == record.id for c in workflow.store.signed_copies(case.id))
    return PublicFacts(
        code=code,
        kind_title=DOCUMENT_KINDS[record.kind].title,
        version=record.version,
        newest=record.version == max(versions),
        nomor_agenda=f"{case.nomor_agenda}/{case.year}",
        issued_on=record.created_at.astimezone(workflow.config.timezone).date(),
        letter_number=_printed_number(case, record.kind),
        needs_signature=record.kind in workflow.sop.signatures,
        signed_copy_filed=filed,
    )


def _printed_number(case: Case, kind: str) -> str | None:
    if kind in ("rekomendasi", "surat_penolakan") and case.decision is not None:
        return case.decision.letter_number
    if kind == "surat_tugas" and case.assignment is not None:
        return case.assignment.letter_number
    return None
