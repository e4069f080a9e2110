"""Ingest one inbox file, exactly as the watcher does, through a visible list of stages
(`STAGES`): arrive, recognise our own documents, read, register, publish, release the inbox
copy, archive.

The original leaves the inbox only after its case is committed and its filed copy is verified
by checksum. A file that cannot be processed moves to `_gagal/` beside a note saying why; the
same bytes dropped again move to `_duplikat/` beside a note naming the case.
"""

from __future__ import annotations

import errno
import logging
import os
import shlex
import shutil
import time as clock
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.archive.files import (
    NotRegularFileError,
    atomic_copy,
    move_to_free_name,
    readable_name,
    sha256_of,
    special_kind,
    sweep_orphan_temp_files,
    write_text_to_free_name,
)
from pipeline.archive.outbox import (
    ARCHIVE_SUFFIX,
    RECOGNITION_SUFFIX,
    STAGING_FOLDER,
    staged_original,
)
from pipeline.case import REQUIRED_FIELDS, Case
from pipeline.errors import (
    DatabaseBusyError,
    KunjunganError,
    StorageError,
    TemplateError,
    UnreadableLetterError,
    describe_os_error,
)
from pipeline.indonesian import format_datetime
from pipeline.intake.letter import read_letter
from pipeline.intake.ocr import needs_ocr
from pipeline.intake.readers import LetterText, check_supported, read_letter_text, read_pdf_text
from pipeline.store.db import SignedCopy
from pipeline.workflow.engine import DuplicateLetterError, IncomingLetter, Workflow
from pipeline.workflow.verify import PRINTED_CODE_MARKER
from pipeline.workflow.views import CaseView

if TYPE_CHECKING:
    from pipeline.intake.returns import Part

# The imaging stack (PDFium, zxing, Pillow, OCRmyPDF) behind `returns` and `qr_reader` is
# imported when the first scan arrives, so a worker that reads text letters stays small.

log = logging.getLogger(__name__)

STALE_STAGING_SECONDS = 600
# Words our generated documents print beside their QR (a PDF signed electronically keeps them).
STAMP_MARKERS = (PRINTED_CODE_MARKER, "LEMBAR PEMISAH")


# The environment, not the letter, is at fault: the letter waits in the inbox and is tried
# again later (the service backs off), never parked in `_gagal`.
_STORAGE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO})


class Outcome(StrEnum):
    REGISTERED = "registered"
    RESUMED = "resumed"  # a crash came between registration and clearing the inbox
    SIGNED = "signed"  # a signed copy of our document, filed with its case
    SPLIT = "split"  # a batch cut at separator sheets
    DUPLICATE = "duplicate"
    FAILED = "failed"  # parked in _gagal with a note
    WAITING = "waiting"  # still arriving
    DEFERRED = "deferred"  # the database or the outbox cannot take it now; tried again later
    CLAIMED = "claimed"  # another service sharing the inbox is working on it
    GONE = "gone"


@dataclass(frozen=True)
class IngestResult:
    source: Path
    outcome: Outcome
    message: str
    case: Case | None = None
    moved_to: Path | None = None
    produced: tuple[Path, ...] = ()  # letters cut from a separated batch, now in the inbox


@dataclass
class IntakeRun:
    """One file's way through the stages: what every stage may need, filled in as it goes."""

    path: Path
    workflow: Workflow
    actor: str
    settle_seconds: float
    landed: os.stat_result | None = None
    sha256: str = ""


@dataclass(frozen=True)
class Arrived:
    """A regular file, whole, within limits, hashed, and not seen before."""

    path: Path
    landed: os.stat_result
    sha256: str


@dataclass(frozen=True)
class Unstamped:
    """A file that carries none of our documents' codes: a letter, perhaps."""

    arrived: Arrived
    text_layer: LetterText | None


@dataclass(frozen=True)
class Understood:
    arrived: Arrived
    text: LetterText
    letter: IncomingLetter


@dataclass(frozen=True)
class Registered:
    arrived: Arrived
    text: LetterText
    case: Case
    view: CaseView  # as registered, for the first publish


@dataclass(frozen=True)
class Published:
    registered: Registered
    problem: str  # what could not be done yet, for the message ("" when nothing)


def arrive(path: Path, run: IntakeRun) -> Arrived | IngestResult:
    """Look before opening (a FIFO or a device is never opened), check the limits, hash, and
    answer a file seen before."""
    workflow = run.workflow
    try:
        run.landed = path.lstat()
    except FileNotFoundError:
        return IngestResult(path, Outcome.GONE, "berkas sudah tidak ada di inbox")
    kind = special_kind(run.landed.st_mode)
    if kind is not None:
        return _park_special(path, kind, workflow)
    _check_limits(path, workflow.config.intake.max_megabytes)
    run.sha256 = sha256_of(path)
    existing = workflow.store.case_by_sha(run.sha256)
    if existing is not None:
        return _seen_before(path, existing, workflow)
    signed = workflow.store.signed_copy_by_sha(run.sha256)
    if signed is not None:
        return _signed_before(path, signed, workflow)
    check_supported(path)
    return Arrived(path, run.landed, run.sha256)


def recognise_ours(arrived: Arrived, run: IntakeRun) -> Unstamped | IngestResult:
    """Our own documents coming back signed (by their QR), and batches cut at separator sheets,
    are filed with their cases; anything else goes on as a letter."""
    path, config = arrived.path, run.workflow.config
    layer = read_pdf_text(path, config.intake.max_pages) if _is_pdf(path) else None
    if _may_carry_codes(path, layer):
        from pipeline.intake.qr_reader import find_codes
        from pipeline.intake.returns import plan, stamp_finder

        pages = find_codes(path, max_pages=config.intake.max_pages)
        parts = plan(pages, stamp_finder(run.workflow))
        if parts is not None:
            return _route(path, run.workflow, run.actor, parts, len(pages))
    return Unstamped(arrived, layer)


def read(unstamped: Unstamped, run: IntakeRun) -> Understood | IngestResult:
    """The letter's text (its text layer, or OCR) and fields; its original staged in the outbox."""
    arrived, workflow = unstamped.arrived, run.workflow
    config = workflow.config
    recognition = staged_original(config.paths.outbox, arrived.sha256, RECOGNITION_SUFFIX)
    text = read_letter_text(arrived.path, config.intake.max_pages,
                            recognition_folder=recognition, text_layer=unstamped.text_layer)
    if PRINTED_CODE_MARKER in text.text and text.method == "ocr":
        # Perhaps one of our documents whose QR did not read: its printed code may still.
        routed = _route_by_printed_code(arrived.path, workflow, run.actor, text)
        if routed is not None:
            return routed
    reading = read_letter(text.text, ocr=text.method == "ocr")
    if not reading.is_visit_request and not any(
        getattr(reading.fields, name) for name in REQUIRED_FIELDS
    ):
        raise UnreadableLetterError(
            "berkas ini tidak terbaca sebagai surat (tidak ada nomor, perihal, maupun "
            "instansi pengirim) dan tidak membawa kode QR dokumen kantor ini",
            "Periksa apakah berkas yang benar yang dipindai; pindai ulang dengan lebih jelas "
            "(300 dpi) bila perlu.",
        )
    staged = staged_original(config.paths.outbox, arrived.sha256, arrived.path.suffix.lower())
    if atomic_copy(arrived.path, staged) != arrived.sha256:
        staged.unlink(missing_ok=True)
        raise UnreadableLetterError(
            "berkas berubah ketika sedang dibaca",
            "Tunggu sampai penyalinan selesai, lalu jalankan kunjungan retry.",
            maybe_incomplete=True,
        )
    fields, implausible = reading.fields.within_limits()
    letter = IncomingLetter(
        fields=fields,
        readings={
            name: {"confidence": r.confidence, "source": r.source}
            for name, r in reading.readings.items()
        },
        review_notes=(*reading.review_notes(), *implausible),
        needs_review=(bool(reading.uncertain_required()) or not reading.is_visit_request
                      or bool(implausible)),
        sha256=arrived.sha256,
        archive_sha256=None,  # made after the documents (the archive stage)
        original_name=readable_name(arrived.path),
        source_path=arrived.path.absolute(),
        received_at=_received_at(arrived.landed, workflow),
        read_method=text.method,
    )
    return Understood(arrived, text, letter)


def register(understood: Understood, run: IntakeRun) -> Registered | IngestResult:
    """The agenda number, the case and its pending documents, in one transaction."""
    try:
        view = run.workflow.register(understood.letter, run.actor)
    except DuplicateLetterError as dup:
        return _seen_before(understood.arrived.path, dup.case, run.workflow)
    return Registered(understood.arrived, understood.text, view.case, view)


def publish(registered: Registered, run: IntakeRun) -> Published:
    """The original filed, the Lembar Disposisi written. The case stands whatever happens
    here: what could not be done is said, and recovery completes the folder later."""
    case = registered.case
    problem = ""
    try:
        run.workflow.publish(case.id, registered.view)
    except TemplateError as exc:
        log.error("case %s registered, documents pending: %s", case.id, exc.message)
        problem = f"dokumen belum dibuat: {exc.message}"
    except OSError as exc:
        log.error("case %s registered, folder incomplete: %s", case.id, describe_os_error(exc))
        problem = (f"folder kasus belum lengkap ({describe_os_error(exc)}), dilengkapi otomatis "
                   "begitu disk dapat ditulis lagi")
    except (DatabaseBusyError, StorageError) as exc:
        log.error("case %s registered, folder incomplete: %s", case.id, exc.message)
        problem = f"folder kasus belum lengkap ({exc.message}), dilengkapi otomatis nanti"
    return Published(registered, problem)


def release(published: Published, run: IntakeRun) -> Published:
    """The inbox copy goes once the original is filed and the copy still holds its bytes."""
    registered = published.registered
    try:
        release_inbox_copy(run.workflow, registered.case, registered.arrived.path)
    except (OSError, KunjunganError) as exc:  # the copy stays; recovery clears it later
        log.error("case %s: inbox copy kept for now: %s", registered.case.id, exc)
    return published


def archive(published: Published, run: IntakeRun) -> IngestResult:
    """A scan's PDF/A copy, after its documents (a crash leaves it to recovery)."""
    registered = published.registered
    case = registered.case
    log.info("registered %s as case %s (%s)", registered.arrived.path.name, case.id, case.state)
    if registered.text.recognition is not None:
        from pipeline.intake.archive_copy import complete_archive

        try:
            complete_archive(run.workflow, case)
        except Exception:  # the case stands; recovery makes the copy later
            log.exception("case %s: PDF/A copy not made", case.id)
    message = _registered_message(case) + (f"; {published.problem}" if published.problem else "")
    return IngestResult(registered.arrived.path, Outcome.REGISTERED, message, case)


# The way of a file, stage by stage: each takes what the one before gave, and gives the next
# state or a final outcome.
STAGES: tuple[Callable[[Any, IntakeRun], Any], ...] = (
    arrive, recognise_ours, read, register, publish, release, archive,
)


def ingest_file(
    path: Path, workflow: Workflow, actor: str, settle_seconds: float = 0.0
) -> IngestResult:
    """Process one file through the stages. `settle_seconds`: a file that looks cut short is
    given that long since its last change to arrive whole before it is called broken (the
    service; `ingest` waits not). Here the stages' errors become outcomes."""
    run = IntakeRun(path, workflow, actor, settle_seconds)
    state: Any = path
    try:
        for stage in STAGES:
            state = stage(state, run)
            if isinstance(state, IngestResult):
                return state
    except NotRegularFileError:  # swapped for a FIFO or a link after the first look
        return _park_special(path, "berkas khusus", workflow)
    except DatabaseBusyError as err:
        return IngestResult(path, Outcome.DEFERRED, err.message)
    except OSError as err:
        if err.errno not in _STORAGE_ERRNOS:
            raise
        _drop_staged_reading(run)
        return IngestResult(path, Outcome.DEFERRED,
                            f"surat menunggu di inbox: {describe_os_error(err)}")
    except UnreadableLetterError as err:
        _drop_staged_reading(run)
        if (run.landed is not None and _still_changing(path, run.landed)) or (
            err.maybe_incomplete and _age_seconds(path) < settle_seconds
        ):
            # Still being copied (polling gives no close event): not broken, just not whole yet.
            return IngestResult(path, Outcome.WAITING, "berkas masih disalin; dibaca lagi nanti")
        return _fail(path, workflow, err.message, err.hint)
    raise AssertionError("the last stage gives an outcome")


def _drop_staged_reading(run: IntakeRun) -> None:
    """An OCR reading or copy made before a failure is of no use."""
    if run.sha256:
        outbox = run.workflow.config.paths.outbox
        staged_original(outbox, run.sha256, ARCHIVE_SUFFIX).unlink(missing_ok=True)
        shutil.rmtree(staged_original(outbox, run.sha256, RECOGNITION_SUFFIX),
                      ignore_errors=True)


def release_inbox_copy(workflow: Workflow, case: Case, copy: Path) -> bool:
    """Remove the inbox copy of a case's original once it is filed, and record it; True when
    the copy is gone. The copy is hashed again: another letter may have been dropped under
    the same name since (scanners reuse `scan.pdf`), and that one must stay. Nothing outside
    the inbox is ever removed (a path recorded there counts as done)."""
    inbox = workflow.config.paths.inbox.absolute()
    gone = True
    if inbox in copy.absolute().parents and copy.exists():
        filed = workflow.filed_original(case)
        gone = filed.exists() and sha256_of(copy) == case.sha256
        if gone:
            copy.unlink()
    if gone:
        with workflow.store.transaction() as conn:
            workflow.store.mark_inbox_cleared(conn, case.id)
    return gone


def _is_pdf(path: Path) -> bool:
    return path.suffix.lower() == ".pdf"


def _may_carry_codes(path: Path, layer: LetterText | None) -> bool:
    """Whether to look for QR codes: whatever needs OCR (images, scans) may carry them; a PDF
    with a usable text layer only when its text shows one of our stamps (signed electronically)."""
    if layer is None or needs_ocr(path, layer.pages):
        return True
    return any(marker in layer.text for marker in STAMP_MARKERS)


def _route_by_printed_code(
    path: Path, workflow: Workflow, actor: str, text: LetterText
) -> IngestResult | None:
    """File the scan as a signed copy when the code printed on it is one of ours; None when no
    printed code matches (other offices print verification codes too: it is then a letter)."""
    from pipeline.intake.ocr import archive_from_recognition
    from pipeline.intake.returns import Part, stamp_from_printed_code

    stamp = stamp_from_printed_code(workflow, text.text)
    if stamp is None:
        return None
    archive = None
    if text.recognition is not None:
        archive = text.recognition / "arsip.pdf"
        archive_from_recognition(text.recognition, archive)
    routed = _route(path, workflow, actor, [Part(stamp, tuple(range(len(text.pages))))],
                    len(text.pages), archive=archive)
    if text.recognition is not None:
        shutil.rmtree(text.recognition, ignore_errors=True)
    return routed


def _route(
    path: Path,
    workflow: Workflow,
    actor: str,
    parts: list[Part],
    total_pages: int,
    archive: Path | None = None,
) -> IngestResult:
    """File the signed copies a scan holds and cut out the letters of a separated batch."""
    from pipeline.intake.returns import (
        check_stamps,
        file_signed,
        pdf_of_pages,
        put_batch_away,
        write_letter_part,
    )

    check_stamps(parts, workflow)
    received = _received_at(path.stat(), workflow)
    notes: list[str] = []
    letters: list[Path] = []
    case = None
    for index, part in enumerate(parts, start=1):
        data = pdf_of_pages(path, part.pages, total_pages)
        if part.stamp is None:
            letters.append(write_letter_part(workflow.config.paths.inbox, path, index, data))
            notes.append(f"surat dipisahkan: {letters[-1].name}")
            continue
        copy = file_signed(workflow, part, data, readable_name(path), received,
                           archive if len(parts) == 1 else None)
        try:
            case = workflow.record_signed_copy(copy, actor)
        except TemplateError as exc:
            # The signed copy is recorded; only a document its step produces waits for the
            # template to be mended, as for a new letter.
            log.error("signed copy %s recorded, documents pending: %s", copy.file, exc.message)
            case = workflow.store.case(copy.case_id)
        notes.append(f"salinan bertanda tangan diarsipkan: {copy.file} (kasus {case.id}, "
                     f"agenda {case.nomor_agenda})")
        if len(parts) == 1 and copy.sha256 == sha256_of(path):
            # The filed copy is this very file: release it like a letter's original.
            path.unlink()
    moved = put_batch_away(workflow, path, received) if path.exists() else None
    outcome = Outcome.SIGNED if case is not None else Outcome.SPLIT
    return IngestResult(path, outcome, "; ".join(notes), case, moved, tuple(letters))


def _signed_before(path: Path, copy: SignedCopy, workflow: Workflow) -> IngestResult:
    case = workflow.store.case(copy.case_id)
    note = (
        f"Berkas ini sama persis dengan salinan bertanda tangan yang sudah diarsipkan pada kasus "
        f"{case.id} (nomor agenda {case.nomor_agenda}) sebagai {copy.file}.\n"
        "Tidak diarsipkan lagi.\n"
    )
    moved, _ = move_aside(path, workflow.config.paths.duplicates, note)
    return IngestResult(path, Outcome.DUPLICATE,
                        f"duplikat salinan bertanda tangan kasus {case.id}", case, moved)


def ingest_guarded(
    path: Path, workflow: Workflow, actor: str, settle_seconds: float = 0.0
) -> IngestResult:
    """The service's boundary: an unexpected error must neither stop the service nor lose the
    file. It is logged with its traceback and the file moves to `_gagal/` with a note. The file
    is claimed in the database first: of several services sharing one inbox, one takes it."""
    try:
        with workflow.store.claim(_claim_key(path, workflow.config.paths.inbox)) as mine:
            if not mine:
                return IngestResult(path, Outcome.CLAIMED, "sedang dikerjakan layanan lain")
            return _ingest_or_park(path, workflow, actor, settle_seconds)
    except KunjunganError as exc:  # the claim needs the database: out of reach, the file waits
        return IngestResult(path, Outcome.DEFERRED, exc.message)


def _ingest_or_park(
    path: Path, workflow: Workflow, actor: str, settle_seconds: float
) -> IngestResult:
    try:
        return ingest_file(path, workflow, actor, settle_seconds)
    except MemoryError:
        # The worker's ceiling (intake.worker_memory_mb) held; the memory is free again.
        log.error("out of memory on %s", path)
        ceiling = workflow.config.intake.worker_memory_mb
        if not path.exists():
            return IngestResult(path, Outcome.FAILED, "kehabisan memori")
        return _fail(path, workflow,
                     f"memproses berkas ini melampaui batas memori pekerja ({ceiling} MB)",
                     "Pindai ulang dengan resolusi lebih rendah (200-300 dpi) atau dengan lebih "
                     "sedikit halaman per berkas, lalu taruh lagi; bila berkas ini memang perlu, "
                     "minta admin menaikkan intake.worker_memory_mb di kunjungan.toml.")
    except Exception as exc:  # the boundary where any failure becomes a note
        log.exception("unexpected error on %s", path)
        problem = f"terjadi kesalahan tak terduga ({type(exc).__name__}: {exc})"
        if not path.exists():
            return IngestResult(path, Outcome.FAILED, problem)
        try:
            return _fail(path, workflow, problem,
                         "Laporkan kepada pengelola sistem; berkas tersimpan aman di folder ini.")
        except (OSError, KunjunganError) as park_error:
            # e.g. the inbox's disk is full: the file stays for a later pass (backed off)
            log.error("could not set %s aside: %s", path, park_error)
            return IngestResult(path, Outcome.DEFERRED, problem)


def _claim_key(path: Path, inbox: Path) -> bytes:
    """The file's name within the inbox: the same on every node, wherever it mounts the share."""
    absolute = path.absolute()
    inside = absolute.is_relative_to(inbox.absolute())
    return os.fsencode(absolute.relative_to(inbox.absolute()) if inside else absolute)


def _still_changing(path: Path, before: os.stat_result) -> bool:
    try:
        now = path.stat()
    except FileNotFoundError:
        return False
    return (now.st_size, now.st_mtime_ns) != (before.st_size, before.st_mtime_ns)


def _age_seconds(path: Path) -> float:
    try:
        return clock.time() - path.stat().st_mtime
    except FileNotFoundError:
        return float("inf")


def _received_at(landed_stat: os.stat_result, workflow: Workflow) -> datetime:
    """When the letter reached the office: when it landed in the inbox, not when we got to it.
    A copy that keeps the file's old mtime (Windows, `cp -p`) still gets a new ctime here."""
    landed = datetime.fromtimestamp(max(landed_stat.st_mtime, landed_stat.st_ctime),
                                    workflow.config.timezone)
    now = workflow.now()
    return min(landed, now)


def _check_limits(path: Path, max_megabytes: float) -> None:
    size = path.stat().st_size
    if size == 0:
        raise UnreadableLetterError(
            "berkas ini kosong (0 byte)",
            "Pindai atau salin ulang surat, lalu taruh lagi di folder inbox.",
            maybe_incomplete=True,
        )
    if size > max_megabytes * 1024 * 1024:
        raise UnreadableLetterError(
            f"berkas terlalu besar ({size / 1024 / 1024:.1f} MB, batas {max_megabytes:g} MB)",
            "Pindai ulang dengan resolusi lebih rendah (mis. 200 dpi), lalu taruh lagi.",
        )


def _registered_message(case: Case) -> str:
    if case.state == "perlu_diperiksa":
        return (
            f"terdaftar sebagai kasus {case.id} (agenda {case.nomor_agenda}), perlu diperiksa: "
            + "; ".join(case.review_notes)
        )
    return f"terdaftar sebagai kasus {case.id} (agenda {case.nomor_agenda})"


def _seen_before(path: Path, case: Case, workflow: Workflow) -> IngestResult:
    same_file = Path(workflow.store.source_path(case.id)) == path.absolute()
    if same_file and not workflow.store.inbox_cleared(case.id):
        # A crash came between registration and clearing the inbox: finish the job.
        finish_registration(workflow, case, path)
        return IngestResult(path, Outcome.RESUMED, _registered_message(case), case)
    note = (
        f"Berkas ini sama persis dengan surat yang sudah terdaftar sebagai kasus {case.id} "
        f"(nomor agenda {case.nomor_agenda}, diterima "
        f"{format_datetime(case.received_at, workflow.config.zone_label)}).\n"
        "Tidak didaftarkan lagi. Jika memang surat baru, periksa apakah berkas yang benar "
        "yang dipindai.\n"
    )
    moved, note_path = move_aside(path, workflow.config.paths.duplicates, note)
    with workflow.store.transaction() as conn:
        workflow.store.insert_event(
            conn, case_id=case.id, action="duplicate_dropped", state_from=None,
            state_to=None, actor="layanan", at=workflow.now(),
            details={"file": readable_name(path), "moved_to": readable_name(moved),
                     "note": readable_name(note_path)},
        )
    return IngestResult(path, Outcome.DUPLICATE, f"duplikat kasus {case.id}", case, moved)


def retry_command(name: str) -> str:
    """A `kunjungan retry` line that works when pasted into a shell: quoted, after `--` (a
    name may begin with '-'). A name that is not UTF-8 is given as it reads; retry finds the
    file by that reading."""
    return f"kunjungan retry -- {shlex.quote(name)}"


def _fail(path: Path, workflow: Workflow, problem: str, hint: str) -> IngestResult:
    """Park the file in `_gagal/` beside a note; when even that is impossible (the inbox's
    disk is full, `_gagal` is not a folder) the file stays and is tried again later."""
    when = format_datetime(workflow.now(), workflow.config.zone_label)
    name = readable_name(path)
    note = (
        f"Berkas: {name}\n"
        f"Waktu: {when}\n"
        f"Masalah: {problem[0].upper()}{problem[1:]}.\n"
        f"Yang perlu dilakukan: {hint}\n"
        f"Untuk mencoba lagi tanpa mengubah berkas: {retry_command(name)}\n"
    )
    try:
        moved, note_path = move_aside(path, workflow.config.paths.failed, note)
    except OSError as exc:
        log.error("could not park %s in %s (%s); tried again later", name,
                  workflow.config.paths.failed, describe_os_error(exc))
        return IngestResult(path, Outcome.DEFERRED, problem)
    record_parked(workflow, name, problem, moved, note_path)
    log.warning("failed %s: %s", name, problem)
    return IngestResult(path, Outcome.FAILED, problem, None, moved)


def record_parked(workflow: Workflow, name: str, problem: str, moved: Path, note: Path) -> None:
    """The event that says which file in `_gagal` is our note (retry reads it back)."""
    try:
        with workflow.store.transaction() as conn:
            workflow.store.insert_event(
                conn, case_id=None, action="intake_failed", state_from=None,
                state_to=None, actor="layanan", at=workflow.now(),
                details={"file": name, "problem": problem, "moved_to": readable_name(moved),
                         "note": readable_name(note)},
            )
    except KunjunganError as exc:  # the file is parked with its note; only the record waits
        log.error("parked %s, but could not record it: %s", name, exc.message)


def park(path: Path, workflow: Workflow, problem: str, hint: str) -> IngestResult:
    """Park a file for a reason found outside `ingest_file` (a worker it brought down)."""
    return _fail(path, workflow, problem, hint)


def _park_special(path: Path, kind: str, workflow: Workflow) -> IngestResult:
    """A symlink, FIFO, socket or device in the inbox: moved aside as it is, never opened."""
    if kind.startswith("tautan"):
        problem = "berkas ini hanya tautan (symlink) ke berkas di tempat lain"
        hint = "Salin berkas suratnya sendiri ke folder inbox, jangan tautannya."
    else:
        problem = f"ini bukan berkas biasa melainkan {kind}, sehingga tidak dapat dibaca"
        hint = ("Taruh berkas surat yang sebenarnya (PDF, JPG, PNG atau TIFF) di folder inbox; "
                "hapus yang ini.")
    return _fail(path, workflow, problem, hint)


def move_aside(path: Path, folder: Path, note: str) -> tuple[Path, Path]:
    """Move a file into `_gagal/` or `_duplikat/` (never deleting it) and write its note under
    a name of its own, claimed like the file's: a note never replaces anybody's file."""
    target = move_to_free_name(path, folder)
    note_path = write_text_to_free_name(folder, target.name + ".txt", note)
    return target, note_path


def finish_registration(workflow: Workflow, case: Case, copy: Path) -> None:
    """A registered letter whose inbox copy may still be there: staged again from that copy if
    its staged original was lost, published, and the copy released."""
    if not workflow.filed_original(case).exists():
        suffix = Path(case.original_name).suffix.lower()
        staged = staged_original(workflow.config.paths.outbox, case.sha256, suffix)
        if not staged.exists() and copy.exists() and sha256_of(copy) == case.sha256:
            atomic_copy(copy, staged)
    workflow.publish(case.id)
    release_inbox_copy(workflow, case, copy)


def complete_cases(workflow: Workflow) -> list[int]:
    """Finish every case whose folder is behind the database, and clear filed originals from
    the inbox. Cheap when there is nothing to do: the service runs it every few seconds, so a
    disk that was full or read-only is healed without a restart. Returns the cases left."""
    left = workflow.recover()
    # Intake's own temp files (staged originals) of a worker or node killed mid-write: the
    # whole outbox is swept only at start, this small folder every pass.
    staging = workflow.config.paths.outbox / STAGING_FOLDER
    if staging.is_dir():
        for temp in sweep_orphan_temp_files(staging, recursive=False):
            log.info("removed temp file of an interrupted write: %s", temp)
    for case_id in workflow.store.uncleared_cases():
        try:
            finish_registration(workflow, workflow.store.case(case_id),
                                workflow.store.source_path(case_id))
        except (OSError, KunjunganError) as exc:
            log.warning("case %s: inbox copy not yet cleared (%s)", case_id, exc)
            left.append(case_id)
    return left


def recover(workflow: Workflow, archives: bool = True) -> None:
    """After a crash: drop half-written temp files, finish publishing, make missing PDF/A
    copies (unless `archives` is False), clear filed originals, drop stale staged copies."""
    for temp in sweep_orphan_temp_files(workflow.config.paths.outbox):
        log.info("removed temp file of an interrupted write: %s", temp)
    complete_cases(workflow)
    if archives:
        from pipeline.intake.archive_copy import complete_pending_archives

        complete_pending_archives(workflow)
    staging = workflow.config.paths.outbox / STAGING_FOLDER
    if staging.is_dir():
        for staged in staging.iterdir():
            try:
                old = clock.time() - staged.stat().st_mtime > STALE_STAGING_SECONDS
            except FileNotFoundError:
                continue  # another process just filed it
            owner = workflow.store.case_by_sha(staged.name.split(".", 1)[0])
            if owner is not None and owner.archive_sha256 and staged.name.endswith(
                ARCHIVE_SUFFIX
            ):
                workflow.publish(owner.id)  # files a copy recorded before a crash, if unfiled
            # Left over: staged before a crash for a letter never committed (the inbox still
            # holds the original, read again), or a second copy of a letter filed already.
            if old and (owner is None or workflow.store.inbox_cleared(owner.id)):
                if staged.is_dir():
                    shutil.rmtree(staged, ignore_errors=True)
                else:
                    staged.unlink(missing_ok=True)


def retry_failed(workflow: Workflow, names: list[str] | None) -> list[Path]:
    """Put failed files back into the inbox (all of them when `names` is None), each with its
    note removed. Notes are known from the events that parked them, so a `.txt` of a user's
    is a file like any other. `names` may give a name as it reads (a name that is not UTF-8
    reads with U+FFFD)."""
    failed = workflow.config.paths.failed
    if not failed.is_dir():
        return []
    notes = workflow.store.parked_notes()  # note name -> name of the file it is about
    present = {readable_name(p): p for p in failed.iterdir() if p.is_file() or p.is_symlink()}
    letters = sorted(name for name in present if name not in notes)
    wanted = [n for n in letters if names is None or n in names or present[n].name in names]
    restored = []
    for name in wanted:
        restored.append(move_to_free_name(present[name], workflow.config.paths.inbox))
        for note, about in notes.items():
            if about == name and note in present:
                present[note].unlink(missing_ok=True)
    return restored
