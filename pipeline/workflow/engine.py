"""The workflow engine: applies an SOP action to a case, then publishes its documents.

`apply` runs one transaction: the state change, its event, the numbers the action takes and the
rows of the documents it asks for commit together. `publish` then renders pending documents
into the case folder; it is idempotent, so `recover` can finish whatever a crash interrupted.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from pipeline.archive.files import (
    folder_lock,
    fsync_dir,
    sha256_of,
    sweep_orphan_temp_files,
)
from pipeline.archive.outbox import (
    ARCHIVE_NAME,
    ARCHIVE_SUFFIX,
    ManifestFile,
    build_manifest,
    case_folder_name,
    current_pdf,
    document_file,
    keep_previous_version,
    original_name,
    staged_original,
    write_manifest,
    write_review_note,
)
from pipeline.case import (
    Assignment,
    Case,
    Decision,
    Disposition,
    LetterFields,
)
from pipeline.config import Config
from pipeline.documents.context import build_context
from pipeline.documents.kinds import DOCUMENT_KINDS
from pipeline.documents.qr import (
    DocumentStamp,
    document_qr_png,
    load_or_create_secret,
    stamp,
)
from pipeline.documents.render import render_document
from pipeline.errors import (
    ConfigError,
    KunjunganError,
    StorageError,
    TemplateError,
    TransitionError,
    UsageError,
    describe_os_error,
)
from pipeline.indonesian import ROMAN_MONTHS, format_date, format_datetime
from pipeline.notify.queue import WaitingNotifier
from pipeline.store import DocumentRecord, SignedCopy, Store, Transaction
from pipeline.workflow.commands import (
    COMMANDS,
    SIFAT_CHOICES,
    Actor,
    Approve,
    Assign,
    Cancel,
    CheckIn,
    CheckOut,
    Command,
    Dispose,
    Fix,
    Reject,
)
from pipeline.workflow.sop import Action, Signature, Sop, Vocabulary, load_sop
from pipeline.workflow.views import CaseView, document_names

log = logging.getLogger(__name__)

# How often publishing starts again when the case keeps changing under it (parallel commands).
_PUBLISH_ROUNDS = 5
# The steps whose time standards add up to the deadline printed on the Lembar Disposisi.
_STEPS_TO_ANSWER = ("dispose", "receive", "approve")
# Guest-book times typed by hand may run a little ahead of this machine's clock.
CLOCK_TOLERANCE = timedelta(minutes=5)


class DuplicateLetterError(KunjunganError):
    """The same bytes were registered before."""

    def __init__(self, case: Case) -> None:
        super().__init__(
            f"surat yang sama persis sudah terdaftar sebagai kasus {case.id} "
            f"(nomor agenda {case.nomor_agenda}, {case.year})"
        )
        self.case = case


@dataclass(frozen=True)
class IncomingLetter:
    """A letter read from the inbox, its original already staged in the outbox."""

    fields: LetterFields
    readings: Mapping[str, Mapping[str, Any]]  # field -> {"confidence", "source"}
    review_notes: tuple[str, ...]
    needs_review: bool
    sha256: str
    archive_sha256: str | None  # the staged PDF/A copy OCR made, if any
    original_name: str
    source_path: Path
    received_at: datetime
    read_method: str


@dataclass
class _Step:
    """What one action does to a case: column changes and the event's details."""

    changes: dict[str, Any] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class _Context:
    """What an effect is given besides the case: the numbers the action took, when, and who."""

    numbers: Mapping[str, str]
    at: datetime
    actor: Actor


_Effect = Callable[["Workflow", Transaction, Case, Any, _Context], _Step]
_Guard = Callable[[Case, Any], str | None]


class Workflow:
    def __init__(self, config: Config, store: Store, sop: Sop | None = None) -> None:
        self.config = config
        self.store = store
        self.sop = sop or load_sop(VOCABULARY)
        unknown = sorted(set(config.advance_on_signature) - set(DOCUMENT_KINDS))
        if unknown:
            raise ConfigError(f"signed_returns.{unknown[0]}: jenis dokumen tidak dikenal")
        unknown = sorted(set(config.standards) - set(self.sop.actions))
        if unknown:
            raise ConfigError(f"standards.{unknown[0]}: aksi tidak dikenal dalam SOP")
        if not config.paths.secret.exists() and store.has_documents():
            raise ConfigError(
                f"paths.secret: kunci {config.paths.secret} hilang padahal dokumen sudah "
                "diterbitkan; pulihkan dari cadangan (kunci baru membuat semua kode tercetak "
                "tidak dapat diperiksa)"
            )
        self.secret, self.installation = load_or_create_secret(config.paths.secret)
        # Queues mail, in the step's own transaction, for whoever a step makes the case wait on.
        self.notifier = WaitingNotifier(config, self.sop, store)

    def view(self, case_id: int) -> CaseView:
        """The case, its documents and signed copies, as of one moment."""
        with self.store.snapshot():
            return CaseView(self.store.case(case_id), tuple(self.store.documents(case_id)),
                            tuple(self.store.signed_copies(case_id)), self.sop, self.config)

    def stamp_of(self, record: DocumentRecord) -> DocumentStamp:
        return stamp(self.secret, self.installation, record.case_id, record.kind,
                     record.version)

    def now(self) -> datetime:
        return datetime.now(self.config.timezone)

    def reply_due(self, case: Case) -> datetime:
        """When the answer to the letter is due: its registration plus the SOP's time standards
        of the steps up to the answer (disposition, receipt, decision)."""
        minutes = 0
        for name in _STEPS_TO_ANSWER:
            action = self.sop.actions[name]
            minutes += self.config.standards.get(name, action.standard_minutes or 0)
        return case.received_at + timedelta(minutes=minutes)

    # -- registration ----------------------------------------------------------------------

    def register(self, letter: IncomingLetter, actor: str) -> CaseView:
        """The new case, read back in its own transaction: the view its first publish renders
        from (a snapshot after the commit cost PostgreSQL eight more round trips a letter)."""
        fields = letter.fields
        with self.store.transaction() as conn:
            existing = self.store.case_by_sha(letter.sha256)
            if existing is not None:
                raise DuplicateLetterError(existing)
            twin = (
                self.store.case_by_letter(fields.nomor_surat, fields.instansi_pengirim)
                if fields.nomor_surat and fields.instansi_pengirim
                else None
            )
            notes = list(letter.review_notes)
            if twin is not None:
                notes.append(
                    f"Kemungkinan duplikat kasus {twin.id} (nomor agenda {twin.nomor_agenda}): "
                    "nomor surat dan instansi sama."
                )
            action = self.sop.action(
                self.sop.register_for_review if letter.needs_review else self.sop.register
            )
            year = letter.received_at.year
            numbers = self._take_numbers(conn, action, letter.received_at)
            nomor_agenda = numbers["agenda"]
            case_id = self.store.insert_case(
                conn,
                year=year,
                nomor_agenda=nomor_agenda,
                state=action.to,
                fields=fields,
                readings={name: dict(r) for name, r in letter.readings.items()},
                received_at=letter.received_at,
                folder=case_folder_name(year, nomor_agenda, fields.instansi_pengirim),
                original_name=letter.original_name,
                source_path=letter.source_path,
                sha256=letter.sha256,
                archive_sha256=letter.archive_sha256,
                review_notes=tuple(notes),
                possible_duplicate_of=twin.id if twin else None,
                read_method=letter.read_method,
            )
            event_id = self.store.insert_event(
                conn,
                case_id=case_id,
                action=action.name,
                state_from=None,
                state_to=action.to,
                actor=actor,
                at=letter.received_at,
                details={
                    "role": action.role,
                    "file": letter.original_name,
                    "sha256": letter.sha256,
                    "read_method": letter.read_method,
                    "nomor_agenda": nomor_agenda,
                    "review_notes": notes,
                },
            )
            self.notifier.step_recorded(conn, case_id, None, action.to, event_id)
            for kind in action.documents:
                self.store.add_document(conn, case_id, kind, event_id, letter.received_at)
            # A new case has no signed copies yet.
            return CaseView(self.store.case(case_id), tuple(self.store.documents(case_id)), (),
                            self.sop, self.config)

    # -- actions ---------------------------------------------------------------------------

    def execute(
        self, case_id: int, command: Command, actor: Actor, at: datetime | None = None
    ) -> CaseView:
        """Record the SOP action a command asks for, as `actor`, then publish its documents.
        Refused (TransitionError) when the SOP gives the action to another role, or the case
        cannot take it now."""
        at = getattr(command, "at", None) or at or self.now()
        action = self.sop.action(command.action)
        if actor.role not in action.roles:
            allowed = " atau ".join(self.sop.role_label(role) for role in action.roles)
            raise TransitionError(
                f"'{action.label}' adalah tugas {allowed}, bukan "
                f"{self.sop.role_label(actor.role)}"
            )
        with self.store.transaction() as conn:
            case = self.store.case(case_id)
            if action.receipt and case.state in action.receipt_from:
                self._record(conn, case, self.sop.action(action.receipt), actor, None, at)
                case = self.store.case(case_id)
            self._record(conn, case, action, actor, command, at)
            if action.then:
                case = self.store.case(case_id)
                chained = self.sop.action(action.then)
                if (case.state in chained.from_states
                        and self._guard_message(chained, case, None) is None):
                    self._record(conn, case, chained, actor, None, at)
        try:
            return self.publish(case_id)
        except TemplateError as exc:
            raise TemplateError(
                f"'{action.label}' sudah tercatat, tetapi dokumennya belum dapat dibuat: "
                f"{exc.message}. Perbaiki templat (kunjungan templates check); dokumen dibuat "
                "otomatis pada perintah berikutnya."
            ) from exc
        except OSError as exc:
            raise StorageError(
                f"'{action.label}' sudah tercatat pada kasus {case_id}, tetapi folder kasusnya "
                f"belum dapat ditulis ({describe_os_error(exc)}); dokumen dan manifest "
                "dilengkapi otomatis begitu disk dapat ditulis lagi"
            ) from exc

    def _record(
        self,
        conn: Transaction,
        case: Case,
        action: Action,
        actor: Actor,
        command: Command | None,
        at: datetime,
        signed: frozenset[str] = frozenset(),
    ) -> None:
        """`signed`: document kinds a signed paper already stands for (not rendered again)."""
        if case.state not in action.from_states:
            raise TransitionError(self._refusal(case, action))
        message = self._guard_message(action, case, command)
        if message:
            raise TransitionError(message)
        numbers = self._take_numbers(conn, action, at)
        step = EFFECTS[action.effect].apply(self, conn, case, command,
                                            _Context(numbers, at, actor))
        new_state = action.to or case.state
        self.store.update_case(conn, case.id, at, state=new_state, **step.changes)
        event_id = self.store.insert_event(
            conn,
            case_id=case.id,
            action=action.name,
            state_from=case.state,
            state_to=new_state,
            actor=actor.name,
            at=at,
            details={**step.details, **numbers, "role": actor.role},
        )
        self.notifier.step_recorded(conn, case.id, case.state, new_state, event_id)
        kinds = [kind for kind in action.documents if kind not in signed]
        if action.rerender:
            kinds += sorted({d.kind for d in self.store.documents(case.id)} - set(kinds))
        for kind in kinds:
            self.store.add_document(conn, case.id, kind, event_id, at)

    def _guard_message(self, action: Action, case: Case, command: Command | None) -> str | None:
        for name in action.guards:
            message = _GUARDS[name](case, command)
            if message:
                return message
        return None

    def _refusal(self, case: Case, action: Action) -> str:
        state = self.sop.state(case.state)
        ref = f"Kasus {case.id} (agenda {case.nomor_agenda})"
        if state.final:
            return f"{ref} sudah {state.label}; tidak ada tindakan lagi yang dapat dicatat."
        allowed = (*action.from_states, *action.receipt_from)
        if self.sop.order(case.state) < min(self.sop.order(s) for s in allowed):
            return (
                f"{ref} belum dapat '{action.label}': statusnya '{state.label}', "
                f"{state.waiting}."
            )
        return f"{ref} sudah melewati tahap '{action.label}' (status sekarang '{state.label}')."

    def _take_numbers(
        self, conn: Transaction, action: Action, at: datetime
    ) -> dict[str, str]:
        patterns = {
            "agenda": self.config.numbering.agenda,
            "surat_keluar": self.config.numbering.surat_keluar,
            "surat_tugas": self.config.numbering.surat_tugas,
        }
        local = at.astimezone(self.config.timezone)
        return {
            name: patterns[name].format(
                seq=self.store.next_number(conn, name, local.year),
                year=local.year,
                month=local.month,
                month_roman=ROMAN_MONTHS[local.month - 1],
            )
            for name in action.numbers
        }

    # -- publishing ------------------------------------------------------------------------

    def case_folder(self, case: Case) -> Path:
        return self.config.paths.outbox / case.folder

    def publish(self, case_id: int, fresh: CaseView | None = None) -> CaseView:
        """File the staged original, render pending documents, write the review note and
        manifest. What was done is recorded in one transaction, even when a template fails half
        way. The folder is rendered from one snapshot of the case; when the case changed
        meanwhile (another command), it is published again from the new one. (The inbox is
        intake's: it releases the inbox copy once the original is filed.) `fresh`: the case
        as the caller has just read it, for the first round.
        """
        folder = self.config.paths.outbox / (
            fresh.case.folder if fresh is not None else self.store.case_folder(case_id))
        folder.mkdir(parents=True, exist_ok=True)
        with folder_lock(folder):
            for _ in range(_PUBLISH_ROUNDS):
                view, current = self._publish_locked(fresh or self.view(case_id), folder)
                fresh = None
                if current:
                    return view
        log.warning("case %s changed during every publishing round; left for recovery", case_id)
        return view

    def filed_original(self, case: Case) -> Path:
        """Where a case's original is (or will be) filed."""
        return self.case_folder(case) / original_name(Path(case.original_name).suffix)

    def _publish_locked(self, view: CaseView, folder: Path) -> tuple[CaseView, bool]:
        """One round: the view published (the case and its documents as of one moment), and
        whether it is still the database's."""
        case, documents = view.case, view.documents
        pending = [d for d in documents if d.status == "pending"]
        self._file_original(case, folder)
        written: dict[int, str] = {}
        complete = False
        current = True  # nothing recorded: whether the case moved on is left to the next round
        try:
            for record in pending:
                written[record.id] = self._render(case, folder, record)
            write_review_note(folder, case)
            # Before the commit: a crash after it must not leave a folder without a manifest.
            self._write_manifest(view, folder, written)
            complete = True
        finally:
            if written or complete:
                fsync_dir(folder)  # the files' names are on disk before they count
                with self.store.transaction() as conn:
                    for document_id, sha in written.items():
                        self.store.mark_written(conn, document_id, sha)
                    current = (self.store.mark_published(conn, case.id, case.version)
                               if complete else self.store.case_version(case.id) == case.version)
        if written:
            view = replace(view, documents=tuple(
                replace(d, status="written", sha256=written[d.id]) if d.id in written else d
                for d in documents))
        return view, current

    def _render(self, case: Case, folder: Path, record: DocumentRecord) -> str:
        kind = DOCUMENT_KINDS[record.kind]
        if record.version > 1:
            keep_previous_version(folder, kind.file_stem, record.version - 1)
        target = folder / document_file(kind.file_stem, record.version, latest=True)
        document_stamp = self.stamp_of(record)
        context = build_context(record.kind, case, self.config, record.created_at,
                                kode_verifikasi=document_stamp.code,
                                reply_due=self.reply_due(case))
        render_document(
            self.config.paths.templates / kind.template, context, target,
            self.config.office.logo,
            qr_png=document_qr_png(self.config.web.public_url, document_stamp.code),
            sync_dir=False,  # the folder is synced once, before the documents count
        )
        return sha256_of(target)

    def _file_original(self, case: Case, folder: Path) -> Path:
        """Move the staged original (and its PDF/A copy) into the case folder."""
        archive = folder / ARCHIVE_NAME
        staged_archive = staged_original(self.config.paths.outbox, case.sha256, ARCHIVE_SUFFIX)
        if case.archive_sha256 and not archive.exists() and staged_archive.exists():
            os.replace(staged_archive, archive)
        suffix = Path(case.original_name).suffix
        target = folder / original_name(suffix)
        if target.exists():
            return target
        staged = staged_original(self.config.paths.outbox, case.sha256, suffix)
        if staged.exists():
            os.replace(staged, target)
            return target
        raise KunjunganError(f"surat asli kasus {case.id} belum ada di staging outbox")

    def _write_manifest(self, view: CaseView, folder: Path, fresh: Mapping[int, str]) -> None:
        """`fresh`: documents just rendered (id -> SHA-256), about to be marked written."""
        case = view.case
        documents = tuple(
            replace(d, status="written", sha256=fresh[d.id]) if d.id in fresh else d
            for d in view.documents
        )
        names = document_names(documents)
        files = [ManifestFile(original_name(Path(case.original_name).suffix), case.sha256,
                              "surat_permohonan")]
        if case.archive_sha256 and (folder / ARCHIVE_NAME).exists():
            files.append(ManifestFile(ARCHIVE_NAME, case.archive_sha256, "arsip_pdfa"))
        for d in documents:
            if d.status == "written" and d.sha256:
                files.append(ManifestFile(names[d.id], d.sha256, d.kind, d.version))
                pdf = current_pdf(folder, names[d.id], d.sha256)
                if pdf is not None:  # its PDF/A rendition, once made (pipeline.workflow.renditions)
                    files.append(ManifestFile(pdf.name, sha256_of(pdf), f"{d.kind}_pdf", d.version))
        for copy in view.signed:
            kind = next(d.kind for d in documents if d.id == copy.document_id)
            files.append(ManifestFile(copy.file, copy.sha256, f"{kind}_ditandatangani"))
            if copy.archive_file and copy.archive_sha256:
                files.append(ManifestFile(copy.archive_file, copy.archive_sha256, "arsip_pdfa"))
        data = replace(view, documents=documents).to_json(relative=True)
        write_manifest(folder, build_manifest(data, files))

    def record_signed_copy(self, copy: SignedCopy, actor: str) -> Case:
        """Record a signed copy already filed in the case folder; where the setting says so and
        the case can take it, the copy also records the SOP step its signature stands for."""
        record = next(d for d in self.store.documents(copy.case_id) if d.id == copy.document_id)
        signature = self.sop.signatures.get(record.kind)
        with self.store.transaction() as conn:
            if not self.store.insert_signed_copy(conn, copy):
                return self.store.case(copy.case_id)  # the same file came back twice
            case = self.store.case(copy.case_id)
            self.store.insert_event(
                conn, case_id=case.id, action="signed_return", state_from=case.state,
                state_to=case.state, actor=actor, at=copy.received_at,
                details={"document": record.kind, "version": record.version,
                         "file": copy.file, "source": copy.source_name},
            )
            advance = signature.advance if signature else None
            wanted = self.config.advance_on_signature.get(record.kind, advance is not None)
            if signature and advance and wanted \
                    and case.state in self.sop.action(advance).from_states:
                # The signed paper is the document this step produces: it is not typed again.
                # It carries the signature of the role the SOP gives the step to.
                action = self.sop.action(advance)
                self._record(conn, case, action, Actor(actor, action.role),
                             _signed_command(action, signature), copy.received_at,
                             signed=frozenset({record.kind}))
        self.publish(copy.case_id)
        return self.store.case(copy.case_id)

    def recover(self) -> list[int]:
        """Finish publishing every case whose folder is behind the database: a crash, a full
        or read-only disk, or a template that failed left it so. Returns the cases still
        incomplete."""
        left = []
        for case_id in self.store.incomplete_cases():
            # A writer killed mid-render (a worker, or another node on this machine) left its
            # temp file in the folder; the next start would sweep it, a running node does now.
            folder = self.config.paths.outbox / self.store.case_folder(case_id)
            for temp in sweep_orphan_temp_files(folder, recursive=False):
                log.info("removed temp file of an interrupted write: %s", temp)
            try:
                self.publish(case_id)
                continue
            except TemplateError as exc:
                # The documents stay pending until the template is mended; the rest goes on.
                log.error("case %s: documents still pending: %s", case_id, exc.message)
            except OSError as exc:
                log.warning("case %s: folder still incomplete (%s)", case_id,
                            describe_os_error(exc))
            except KunjunganError as exc:
                log.warning("case %s: folder still incomplete (%s)", case_id, exc.message)
            except Exception:  # one damaged case must not keep the office from working
                log.exception("case %s: could not finish publishing", case_id)
            left.append(case_id)
        return left


def _signed_command(action: Action, signature: Signature) -> Command | None:
    """The command a signed paper stands for, as sop.toml states it (`advance_with`)."""
    command_type = EFFECTS[action.effect].command
    return None if command_type is None else command_type(**signature.advance_with)


# -- effects of each action ----------------------------------------------------------------


def _no_effect(wf: Workflow, _c: Transaction, case: Case, command: None,
               ctx: _Context) -> _Step:
    return _Step()


def _dispose(wf: Workflow, _c: Transaction, case: Case, command: Dispose,
             ctx: _Context) -> _Step:
    # Without a sifat the letter's own urgency carries over, when it is one the form knows.
    letter_sifat = (case.fields.sifat or "").lower()
    sifat = command.sifat or (letter_sifat if letter_sifat in SIFAT_CHOICES else "biasa")
    to = _addressee(wf.config, command.to)
    disposition = Disposition(to=to, instruction=command.instruction, sifat=sifat, at=ctx.at,
                              by=ctx.actor.name)
    return _Step({"disposition": disposition},
                 {"diteruskan_kepada": to, "isi_disposisi": command.instruction, "sifat": sifat})


def _addressee(config: Config, to: str) -> str:
    official = config.officials.get(to.strip().lower().replace(" ", "_").replace("-", "_"))
    return official.position if official else to.strip()


def _approve(wf: Workflow, _c: Transaction, case: Case, command: Approve,
             ctx: _Context) -> _Step:
    visit_date = command.visit_date or case.fields.tanggal_kunjungan
    visit_time = command.visit_time or case.fields.waktu_kunjungan
    if visit_date is None:
        raise UsageError("tanggal kunjungan belum diketahui dari surat; sebutkan dengan --date")
    if visit_time is None:
        raise UsageError("jam kunjungan belum diketahui dari surat; sebutkan dengan --time")
    today = ctx.at.astimezone(wf.config.timezone).date()
    if visit_date < today:
        if command.visit_date:
            raise UsageError(f"tanggal kunjungan {format_date(visit_date)} sudah lewat; "
                             "sebutkan tanggal yang akan datang dengan --date")
        raise TransitionError(
            f"tanggal kunjungan yang diminta surat ({format_date(visit_date)}) sudah lewat; "
            "setujui dengan tanggal baru: --date YYYY-MM-DD"
        )
    decision = Decision(True, ctx.at, ctx.actor.name, ctx.numbers["surat_keluar"], visit_date,
                        visit_time)
    return _Step({"decision": decision},
                 {"tanggal_kunjungan": visit_date.isoformat(),
                  "waktu_kunjungan": visit_time.strftime("%H:%M")})


def _reject(wf: Workflow, _c: Transaction, case: Case, command: Reject,
            ctx: _Context) -> _Step:
    decision = Decision(False, ctx.at, ctx.actor.name, ctx.numbers["surat_keluar"],
                        reason=command.reason)
    return _Step({"decision": decision}, {"alasan_penolakan": command.reason})


def _assign(wf: Workflow, _c: Transaction, case: Case, command: Assign,
            ctx: _Context) -> _Step:
    if not wf.config.pelaksana:
        raise UsageError("belum ada pelaksana di konfigurasi; tambahkan tabel [[pelaksana]]")
    chosen = []
    for nip in command.pelaksana:
        official = wf.config.pelaksana_by_nip(nip)
        if official is None:
            known = ", ".join(f"{o.nip} ({o.name})" for o in wf.config.pelaksana)
            raise UsageError(f"NIP {nip} tidak ada dalam daftar pelaksana; yang ada: {known}")
        if official not in chosen:
            chosen.append(official)
    assignment = Assignment(ctx.numbers["surat_tugas"], ctx.at, ctx.actor.name, tuple(chosen))
    return _Step({"assignment": assignment},
                 {"pelaksana": [o.to_json() for o in chosen]})


def _checkin(wf: Workflow, conn: Transaction, case: Case, command: CheckIn,
             ctx: _Context) -> _Step:
    _check_guest_time(wf, case, ctx.at, "jam masuk")
    institution = command.institution or case.fields.instansi_pengirim
    wf.store.insert_guest(conn, case.id, command.name, institution, command.phone, ctx.at)
    details: dict[str, Any] = {"nama": command.name, "instansi": institution,
                               "telepon": command.phone, "jam_masuk": ctx.at.isoformat()}
    granted = case.decision.visit_date if case.decision else None
    came = ctx.at.astimezone(wf.config.timezone).date()
    if granted is not None and came != granted:
        # Recorded all the same (the guest is at the door), but visible to whoever reads it.
        details["peringatan"] = (
            f"{command.name} masuk pada {format_date(came)}, bukan pada tanggal kunjungan yang "
            f"diizinkan ({format_date(granted)})"
        )
    return _Step(details=details)


def _check_guest_time(wf: Workflow, case: Case, at: datetime, what: str) -> None:
    """A guest-book time must lie between the letter's registration and now."""
    if at > wf.now() + CLOCK_TOLERANCE:
        raise UsageError(f"{what} tidak boleh di masa depan")
    if at < case.received_at:
        registered = case.received_at.astimezone(wf.config.timezone)
        raise UsageError(
            f"{what} {format_datetime(at.astimezone(wf.config.timezone), wf.config.zone_label)} "
            f"lebih awal dari pendaftaran surat "
            f"({format_datetime(registered, wf.config.zone_label)})"
        )


def _checkout(wf: Workflow, conn: Transaction, case: Case, command: CheckOut,
              ctx: _Context) -> _Step:
    name = command.name.lower()
    inside = next(g for g in case.guests if g.name.lower() == name and g.checked_out is None)
    if ctx.at < inside.checked_in:
        checked_in = inside.checked_in.astimezone(wf.config.timezone)
        raise UsageError(
            "jam keluar tidak boleh sebelum jam masuk "
            f"({format_datetime(checked_in, wf.config.zone_label)})"
        )
    _check_guest_time(wf, case, ctx.at, "jam keluar")
    wf.store.check_out_guest(conn, case.id, command.name, ctx.at)
    return _Step(details={"nama": command.name, "jam_keluar": ctx.at.isoformat()})


def _cancel(wf: Workflow, _c: Transaction, case: Case, command: Cancel,
            ctx: _Context) -> _Step:
    return _Step(details={"alasan": command.reason})


def _fix(wf: Workflow, _c: Transaction, case: Case, command: Fix,
         ctx: _Context) -> _Step:
    fields = replace(case.fields, **command.changes)
    notes = tuple(f"{name} belum diisi" for name in fields.missing_required())
    return _Step(
        {"fields": fields, "review_notes": notes},
        {"changes": {name: fields.to_json()[name] for name in command.changes}},
    )


@dataclass(frozen=True)
class Effect:
    """What an action records beyond its state change; sop.toml names it per action.
    `command`: the type of the command it takes (None: it takes none)."""

    command: type | None
    apply: _Effect


EFFECTS: Mapping[str, Effect] = {
    "none": Effect(None, _no_effect),
    "record_disposition": Effect(Dispose, _dispose),
    "record_grant": Effect(Approve, _approve),
    "record_refusal": Effect(Reject, _reject),
    "appoint_escorts": Effect(Assign, _assign),
    "guest_in": Effect(CheckIn, _checkin),
    "guest_out": Effect(CheckOut, _checkout),
    "record_cancellation": Effect(Cancel, _cancel),
    "correct_fields": Effect(Fix, _fix),
}


def _required_fields_present(case: Case, _command: Command | None) -> str | None:
    missing = case.fields.missing_required()
    return f"isian wajib belum lengkap: {', '.join(missing)}" if missing else None


def _guest_inside(case: Case, command: Command | None) -> str | None:
    name = command.name if isinstance(command, CheckOut) else ""
    if any(g.name.lower() == name.lower() and g.checked_out is None for g in case.guests):
        return None
    return f"tamu {name!r} belum tercatat masuk (atau sudah keluar) pada kasus {case.id}"


def _all_guests_out(case: Case, _command: Command | None) -> str | None:
    inside = [g.name for g in case.guests if g.checked_out is None]
    if inside:
        return f"masih ada tamu yang belum mencatat jam keluar: {', '.join(inside)}"
    return None


_GUARDS: dict[str, _Guard] = {
    "required_fields_present": _required_fields_present,
    "guest_inside": _guest_inside,
    "all_guests_out": _all_guests_out,
}

VOCABULARY = Vocabulary(
    document_kinds=frozenset(DOCUMENT_KINDS),
    guards=frozenset(_GUARDS),
    effects={name: effect.command for name, effect in EFFECTS.items()},
    commands=COMMANDS,
)
