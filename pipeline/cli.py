"""The `kunjungan` command. The one place where errors become messages and exit codes.

Messages for office staff are in Indonesian; `--json` output uses the GLOSSARY names.
"""

from __future__ import annotations

import getpass
import json
import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pipeline.config import Config, load_config, placeholder_keys, public_url_is_local
from pipeline.documents.kinds import DOCUMENT_KINDS
from pipeline.documents.pdf import find_tools
from pipeline.errors import (
    ConfigError,
    ExitCode,
    KunjunganError,
    NotFoundError,
    UsageError,
    describe_os_error,
)
from pipeline.indonesian import count_phrase, format_date, format_day_date, format_time
from pipeline.web.accounts import ROLE_LABELS
from pipeline.workflow.commands import (
    Actor,
    Approve,
    Assign,
    Cancel,
    CheckIn,
    CheckOut,
    Command,
    Dispose,
    Finish,
    Fix,
    Receive,
    Reject,
    parse_date,
    parse_moment,
    parse_time,
)

if TYPE_CHECKING:
    # Imported when first used: the service's main process stays free of the document stack.
    from pipeline.workflow.engine import Workflow
    from pipeline.workflow.views import CaseView

log = logging.getLogger("pipeline")


@dataclass
class App:
    """Opened lazily, so `--help` and `extract` need no database."""

    config_path: str | None
    _closers: list[Callable[[], None]] = field(default_factory=list)

    @cached_property
    def config(self) -> Config:
        return load_config(self.config_path)

    @cached_property
    def workflow(self) -> Workflow:
        from pipeline.store.db import Store
        from pipeline.workflow.engine import Workflow

        store = Store(self.config.database.url, self.config.database.busy_timeout_seconds)
        self._closers.append(store.close)
        return Workflow(self.config, store)

    def ready_workflow(self) -> Workflow:
        """The workflow after finishing whatever an interrupted command left pending."""
        workflow = self.workflow
        workflow.recover()
        return workflow

    def close(self) -> None:
        for close in self._closers:
            close()


pass_app = click.make_pass_decorator(App)

by_option = click.option(
    "--by", default=lambda: getpass.getuser(), show_default="pengguna sistem",
    help="Siapa yang melakukan tindakan (tercatat di riwayat).",
)
as_option = click.option(
    "--as", "role", help="Peran yang bertindak (bawaan: peran yang ditetapkan SOP untuk langkah "
                         "ini); SOP menolak langkah dari peran lain. Tercatat di riwayat.",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Keluaran JSON.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--config", "config_path", envvar="KUNJUNGAN_CONFIG", type=click.Path(),
              help="Berkas konfigurasi (bawaan: ./kunjungan.toml).")
@click.option("-v", "--verbose", is_flag=True, help="Tampilkan log rinci.")
@click.version_option(package_name="tcc-kunjungan")
@click.pass_context
def cli(ctx: click.Context, config_path: str | None, verbose: bool) -> None:
    """Kunjungan Tarakan Command Center: surat permohonan sampai Register Buku Tamu."""
    # Office staff see only problems; the service (`run`) logs its work at INFO.
    service = ctx.invoked_subcommand in ("run", "web")
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO if service else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # Alembic tells of every plugin it loads at INFO, when it is first imported (before
    # pipeline.store.migrations can quieten it): noise at every start.
    logging.getLogger("alembic").setLevel(logging.DEBUG if verbose else logging.WARNING)
    app = App(config_path)
    ctx.obj = app
    ctx.call_on_close(app.close)


# -- output ----------------------------------------------------------------------------------


def _print_case(view: CaseView, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(view.to_json(), ensure_ascii=False, indent=2))
        return
    for line in describe_case(view):
        click.echo(line)


def describe_case(view: CaseView) -> list[str]:
    """`show`: the case view as lines for a terminal."""
    case, sop, config = view.case, view.sop, view.config
    data = view.to_json()
    f = case.fields
    zone = config.zone_label
    state = sop.state(case.state)
    lines = [
        f"Kasus {case.id} · agenda {case.nomor_agenda} ({case.year}) · status: {state.label}"
        + (f" — {state.waiting}" if state.waiting else ""),
        f"  Surat     : {f.instansi_pengirim or '-'}, nomor {f.nomor_surat or '-'}, tanggal "
        f"{format_date(f.tanggal_surat) if f.tanggal_surat else '-'}",
        f"  Perihal   : {f.perihal or '-'}",
        "  Kunjungan : "
        + (format_day_date(f.tanggal_kunjungan) if f.tanggal_kunjungan else "tanggal -")
        + (f" pukul {format_time(f.waktu_kunjungan)} {zone}" if f.waktu_kunjungan else "")
        + (f", {count_phrase(f.jumlah_peserta)}" if f.jumlah_peserta is not None else ""),
        f"  Narahubung: {f.kontak_nama or '-'} {f.kontak_telepon or ''}".rstrip(),
        f"  Folder    : {data['folder']}",
    ]
    waiting = data["waiting"]
    if waiting["roles"]:
        who = ", ".join(sop.role_label(r) for r in waiting["roles"])
        standard = (f" (standar {waiting['standard_minutes']} mnt"
                    + (", TERLAMBAT)" if waiting["overdue"] else ")")
                    if waiting["standard_minutes"] else "")
        lines.append(f"  Menunggu  : {who}, sejak {waiting['minutes']:g} mnt{standard}")
    lines += [f"  ! {note}" for note in case.review_notes]
    titles = {k: v.title for k, v in DOCUMENT_KINDS.items()}
    if data["waiting_for_signature"]:
        unsigned = ", ".join(titles[k] for k in data["waiting_for_signature"])
        lines.append(f"  Menunggu tanda tangan: {unsigned}")
    if case.possible_duplicate_of:
        lines.append(f"  ! kemungkinan duplikat kasus {case.possible_duplicate_of}")
    lines.append("  Dokumen:")
    status = {"written": "tertulis", "pending": "belum dibuat"}
    lines += [f"    {Path(d['path']).name}  (versi {d['version']}, {status[d['status']]})"
              for d in data["documents"]]
    lines += [f"    {Path(s['path']).name}  (bertanda tangan, diterima "
              f"{format_date(datetime.fromisoformat(s['received_at']).date())})"
              for s in data["signed_copies"]]
    lines.append("  Riwayat:")
    for event in data["events"]:
        at = datetime.fromisoformat(event["at"]).astimezone(config.timezone)
        timing = ""
        if event["minutes"] is not None and event["standard_minutes"]:
            timing = f"  [{event['minutes']:g} mnt; standar {event['standard_minutes']} mnt]"
        lines.append(
            f"    {format_date(at.date())} {format_time(at.time())} {zone}  "
            f"{event['label']}  ({event['actor']}){timing}"
        )
        if event["details"].get("peringatan"):
            lines.append(f"      ! {event['details']['peringatan']}")
    return lines


def _documents_line(view: CaseView, kinds: Sequence[str]) -> str:
    latest = view.latest_paths()
    paths = [str(latest[k]) for k in kinds if k in latest]
    return "Dokumen: " + ", ".join(paths) if paths else ""


def _act(app: App, reference: str, command: Command, by: str, role: str | None,
         as_json: bool) -> None:
    """The one way every action command runs: as `by`, in `role` (default: the role the SOP
    gives the action)."""
    workflow = app.ready_workflow()
    action = workflow.sop.action(command.action)
    actor = Actor(by, role or action.role)
    view = workflow.execute(workflow.store.find_case(reference).id, command, actor)
    if as_json:
        _print_case(view, True)
        return
    case = view.case
    click.echo(
        f"Kasus {case.id} (agenda {case.nomor_agenda}): {action.label} tercatat; status sekarang "
        f"'{workflow.sop.state(case.state).label}'."
    )
    line = _documents_line(view, action.documents)
    if line:
        click.echo(line)


def _moment(app: App, value: str | None) -> datetime | None:
    zone = app.config.timezone
    return parse_moment(value, zone, datetime.now(zone).date())


# -- intake commands -------------------------------------------------------------------------


@cli.command()
@click.option("--polling/--native", default=None,
              help="Paksa polling (untuk folder jaringan SMB/NFS) atau event bawaan OS. "
                   "Bawaan: dipilih otomatis dari jenis filesystem.")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Jumlah proses pekerja (bawaan: intake.workers, yaitu jumlah inti CPU).")
@click.option("--web/--no-web", "serve_web", default=True,
              help="Layani juga meja layanan web (bawaan). --no-web: hanya mengawasi inbox, "
                   "misalnya pada node kedua yang berbagi basis data.")
@pass_app
def run(app: App, polling: bool | None, workers: int | None, serve_web: bool) -> None:
    """Awasi folder inbox dan proses setiap surat yang masuk (Ctrl-C untuk berhenti)."""
    from pipeline.intake.tesseract import ocr_available
    from pipeline.intake.watcher import InboxService

    _warn_placeholders(app.config)
    ocr = ocr_available()
    if not ocr.available:
        click.echo(
            f"Perhatian: OCR belum terpasang ({', '.join(ocr.missing)}); surat hasil pindaian "
            f"dan foto akan dipindah ke _gagal. Pasang dengan: {ocr.install_hint}", err=True,
        )
    from pipeline.web.server import WebProcess, address

    service = InboxService(app.config, app.config_path, polling, workers)
    click.echo(
        f"Mengawasi {app.config.paths.inbox} → {app.config.paths.outbox} "
        f"({'polling' if service.polling else 'event'}, {service.workers} pekerja). "
        "Tekan Ctrl-C untuk berhenti."
    )
    if serve_web:
        click.echo(f"Meja layanan web: {address(app.config)}")

    def report(name: str, outcome: str, message: str) -> None:
        click.echo(f"{name}: {message}")

    # The desk runs in a process of its own: no request can hold the watcher's.
    debug = log.isEnabledFor(logging.DEBUG)
    web = WebProcess(app.config_path, debug).start() if serve_web else None
    try:
        service.run(report)
    finally:
        if web is not None:
            web.stop()
    click.echo("Layanan berhenti.")


@cli.command()
@click.option("--parent", type=int, hidden=True, help="Berhenti bila proses ini berakhir.")
@pass_app
def web(app: App, parent: int | None) -> None:
    """Layani meja layanan web saja (tanpa mengawasi inbox); `run` sudah menjalankannya."""
    from pipeline.web.server import address, serve

    if parent is None:  # beside `run`, the service has printed the address already
        click.echo(f"Meja layanan web: {address(app.config)} (Ctrl-C untuk berhenti)")
    serve(app.config, parent)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@by_option
@json_option
@pass_app
def ingest(app: App, files: tuple[Path, ...], by: str, as_json: bool) -> None:
    """Proses berkas sekali, persis seperti `run`. Berkas di luar inbox disalin dulu ke inbox;
    aslinya tidak diubah."""
    from pipeline.archive.files import copy_to_free_name
    from pipeline.intake.service import ingest_guarded, recover

    workflow = app.workflow
    recover(workflow)
    inbox = app.config.paths.inbox.resolve()
    results = []
    for given in files:
        if not given.is_file():
            raise UsageError(f"berkas tidak ditemukan: {given}")
        path = given.resolve()
        if inbox not in path.parents:
            path = copy_to_free_name(path, inbox)
        results.append(ingest_guarded(path, workflow, by))
        # Letters cut from a separated batch are processed now too, as `run` would.
        pending = list(results[-1].produced)
        while pending:
            results.append(ingest_guarded(pending.pop(0), workflow, by))
            pending += results[-1].produced
    if as_json:
        click.echo(json.dumps([
            {"file": str(r.source), "outcome": r.outcome, "message": r.message,
             "moved_to": str(r.moved_to) if r.moved_to else None,
             "case": workflow.view(r.case.id).to_json() if r.case else None}
            for r in results
        ], ensure_ascii=False, indent=2))
    else:
        for r in results:
            click.echo(f"{r.source.name}: {r.message}")
            if r.moved_to:
                click.echo(f"  dipindahkan ke {r.moved_to} (baca catatan .txt di sampingnya)")
            elif r.case:
                click.echo("  " + _documents_line(workflow.view(r.case.id), ["lembar_disposisi"]))
    if any(r.outcome == "failed" for r in results):
        sys.exit(ExitCode.FAILED)


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@json_option
@pass_app
def extract(app: App, file: Path, as_json: bool) -> None:
    """Tampilkan isian yang terbaca dari surat, tanpa mendaftarkannya."""
    from pipeline.intake.letter import UNCERTAIN, read_letter
    from pipeline.intake.readers import read_letter_text

    text = read_letter_text(file, max_pages=app.config.intake.max_pages)
    reading = read_letter(text.text, ocr=text.method == "ocr")
    values = reading.fields.to_json()
    if as_json:
        click.echo(json.dumps({
            "file": str(file),
            "read_method": text.method,
            "is_visit_request": reading.is_visit_request,
            "fields": values,
            "readings": {
                name: {"value": values[name], "confidence": r.confidence, "source": r.source}
                for name, r in reading.readings.items()
            },
            "review_notes": list(reading.review_notes()),
        }, ensure_ascii=False, indent=2))
        return
    for name, value in values.items():
        r = reading.readings.get(name)
        mark = "" if r is None or r.confidence >= UNCERTAIN else "  (ragu)"
        confidence = f"{r.confidence:.2f}" if r else "-"
        click.echo(f"{name:21} {confidence:>5}  {value if value not in (None, []) else '-'}{mark}")
    for note in reading.review_notes():
        click.echo(f"! {note}")


@cli.command()
@click.argument("files", nargs=-1, type=str)
@click.option("--all", "retry_all", is_flag=True, help="Kembalikan semua berkas di _gagal.")
@pass_app
def retry(app: App, files: tuple[str, ...], retry_all: bool) -> None:
    """Kembalikan berkas dari inbox/_gagal ke inbox agar diproses lagi."""
    from pipeline.archive.files import readable_name
    from pipeline.intake.service import retry_failed

    if not files and not retry_all:
        raise UsageError("sebutkan nama berkas di inbox/_gagal, atau gunakan --all")
    names = None if retry_all else [Path(f).name for f in files]
    restored = retry_failed(app.workflow, names)
    found = {readable_name(p) for p in restored} | {p.name for p in restored}
    missing = sorted(set(names or ()) - found)
    for path in restored:
        click.echo(f"dikembalikan ke inbox: {readable_name(path)}")
    if missing:
        raise UsageError(f"tidak ada di {app.config.paths.failed}: {', '.join(missing)}")
    if not restored:
        click.echo("Tidak ada berkas di _gagal.")


# -- case commands ---------------------------------------------------------------------------


@cli.command("list")
@click.option("--state", help="Hanya kasus dengan status ini (mis. terdaftar, 'perlu diperiksa').")
@json_option
@pass_app
def list_cases(app: App, state: str | None, as_json: bool) -> None:
    """Daftar kasus."""
    workflow = app.workflow
    if state is not None:
        state = state.strip().lower().replace(" ", "_")
        if state not in workflow.sop.states:
            raise UsageError(
                f"status {state!r} tidak dikenal; pilih: {', '.join(workflow.sop.states)}"
            )
    cases = workflow.store.cases(state)
    if as_json:
        click.echo(json.dumps(
            [workflow.view(c.id).to_json() for c in cases], ensure_ascii=False, indent=2))
        return
    if not cases:
        click.echo("Belum ada kasus." if state is None else "Tidak ada kasus dengan status itu.")
    for c in cases:
        f = c.fields
        visit = format_date(f.tanggal_kunjungan) if f.tanggal_kunjungan else "-"
        click.echo(
            f"{c.id:>4}  {c.year}/{c.nomor_agenda:<8} {workflow.sop.state(c.state).label:<22} "
            f"{(f.instansi_pengirim or '-')[:40]:<40}  kunjungan {visit}"
        )
        for note in c.review_notes:
            click.echo(f"        ! {note}")


@cli.command()
@click.argument("case")
@json_option
@pass_app
def show(app: App, case: str, as_json: bool) -> None:
    """Rincian satu kasus: isian, dokumen, riwayat dengan waktu tiap langkah."""
    workflow = app.workflow
    _print_case(workflow.view(workflow.store.find_case(case).id), as_json)


@cli.command()
@click.argument("case")
@click.argument("assignments", nargs=-1, required=True)
@by_option
@as_option
@json_option
@pass_app
def fix(app: App, case: str, assignments: tuple[str, ...], by: str, role: str | None,
        as_json: bool) -> None:
    """Perbaiki isian surat: kunjungan fix CASE perihal="..." jumlah_peserta=35."""
    _act(app, case, Fix.from_assignments(assignments), by, role, as_json)


@cli.command()
@click.argument("case")
@click.option("--to", "to", default="kepala_uptd", show_default=True,
              help="Diteruskan kepada: peran (kepala_uptd) atau nama jabatan.")
@click.option("--instruction", required=True, help="Isi disposisi.")
@click.option("--sifat", type=click.Choice(["biasa", "segera", "sangat segera", "rahasia"],
                                           case_sensitive=False),
              help="Sifat (bawaan: sifat surat, atau biasa).")
@by_option
@as_option
@json_option
@pass_app
def dispose(app: App, case: str, to: str, instruction: str, sifat: str | None, by: str,
            role: str | None, as_json: bool) -> None:
    """Langkah 2: Kepala Dinas mendisposisikan surat."""
    _act(app, case, Dispose(instruction=instruction, to=to, sifat=sifat), by, role, as_json)


@cli.command()
@click.argument("case")
@by_option
@as_option
@json_option
@pass_app
def receive(app: App, case: str, by: str, role: str | None, as_json: bool) -> None:
    """Langkah 3: Kepala UPTD TCC menerima disposisi untuk ditindaklanjuti."""
    _act(app, case, Receive(), by, role, as_json)


@cli.command()
@click.argument("case")
@click.option("--date", "visit_date",
              help="Tanggal kunjungan (YYYY-MM-DD), bila berbeda dari surat.")
@click.option("--time", "visit_time", help="Jam kunjungan (HH:MM), bila berbeda dari surat.")
@by_option
@as_option
@json_option
@pass_app
def approve(app: App, case: str, visit_date: str | None, visit_time: str | None, by: str,
            role: str | None, as_json: bool) -> None:
    """Langkah 4: izinkan kunjungan; membuat Rekomendasi."""
    command = Approve(visit_date=parse_date(visit_date) if visit_date else None,
                      visit_time=parse_time(visit_time) if visit_time else None)
    _act(app, case, command, by, role, as_json)


@cli.command()
@click.argument("case")
@click.option("--reason", required=True, help="Alasan penolakan.")
@by_option
@as_option
@json_option
@pass_app
def reject(app: App, case: str, reason: str, by: str, role: str | None, as_json: bool) -> None:
    """Langkah 4: tolak kunjungan; membuat Surat Penolakan."""
    _act(app, case, Reject(reason), by, role, as_json)


@cli.command()
@click.argument("case")
@click.option("--pelaksana", "nips", multiple=True, required=True,
              help="NIP pelaksana (boleh diulang untuk beberapa orang).")
@by_option
@as_option
@json_option
@pass_app
def assign(app: App, case: str, nips: tuple[str, ...], by: str, role: str | None,
           as_json: bool) -> None:
    """Langkah 5: tunjuk pelaksana; membuat Surat Tugas dan Daftar Hadir."""
    _act(app, case, Assign(nips), by, role, as_json)


@cli.command()
@click.argument("case")
@click.option("--name", required=True, help="Nama tamu.")
@click.option("--institution", help="Instansi (bawaan: instansi pengirim surat).")
@click.option("--phone", help="Nomor HP.")
@click.option("--at", "at", help="Jam masuk (HH:MM hari ini, atau tanggal dan jam ISO).")
@by_option
@as_option
@json_option
@pass_app
def checkin(app: App, case: str, name: str, institution: str | None, phone: str | None,
            at: str | None, by: str, role: str | None, as_json: bool) -> None:
    """Langkah 7: tamu mengisi buku tamu (jam masuk)."""
    command = CheckIn(name, institution, phone, _moment(app, at))
    _act(app, case, command, by, role, as_json)


@cli.command()
@click.argument("case")
@click.option("--name", required=True, help="Nama tamu.")
@click.option("--at", "at", help="Jam keluar (HH:MM hari ini, atau tanggal dan jam ISO).")
@by_option
@as_option
@json_option
@pass_app
def checkout(app: App, case: str, name: str, at: str | None, by: str, role: str | None,
             as_json: bool) -> None:
    """Langkah 9: tamu mencatat jam keluar."""
    _act(app, case, CheckOut(name, _moment(app, at)), by, role, as_json)


@cli.command()
@click.argument("case")
@by_option
@as_option
@json_option
@pass_app
def finish(app: App, case: str, by: str, role: str | None, as_json: bool) -> None:
    """Langkah 10: selesai; membuat Register Buku Tamu."""
    _act(app, case, Finish(), by, role, as_json)


@cli.command()
@click.argument("case")
@click.option("--reason", required=True, help="Alasan pembatalan.")
@by_option
@as_option
@json_option
@pass_app
def cancel(app: App, case: str, reason: str, by: str, role: str | None, as_json: bool) -> None:
    """Batalkan kasus yang belum selesai."""
    _act(app, case, Cancel(reason), by, role, as_json)


@cli.command()
@click.argument("target")
@json_option
@pass_app
def verify(app: App, target: str, as_json: bool) -> None:
    """Periksa keaslian dokumen dari kode verifikasinya (mis. 7K2M-Q9XD) atau dari berkasnya
    (.docx, PDF atau foto hasil pindaian): diterbitkan di sini? berkasnya tidak berubah?"""
    from pipeline.workflow.verify import verify_code, verify_docx, verify_scan

    workflow = app.workflow
    path = Path(target)
    if not path.is_file() and _names_a_file(target):
        raise NotFoundError(f"berkas tidak ditemukan: {target}")
    if not path.is_file():
        result = verify_code(workflow, target)
    elif path.suffix.lower() == ".docx":
        result = verify_docx(workflow, path)
    else:
        from pipeline.intake.qr_reader import find_codes

        texts = [text for page in find_codes(path) for text in page.texts]
        result = verify_scan(workflow, path, texts)
    if as_json:
        document = result.document
        click.echo(json.dumps({
            "valid": result.valid,
            "finding": result.finding.value,
            "message": result.message,
            "case": document.case_id if document else None,
            "kind": document.kind if document else None,
            "version": document.version if document else None,
        }, ensure_ascii=False, indent=2))
    else:
        click.echo(result.message)
    if not result.valid:
        sys.exit(ExitCode.FAILED)


@cli.command()
@click.option("--bulan", "month", required=True, metavar="TAHUN-BULAN",
              help="Bulan register, mis. 2026-11.")
@json_option
@pass_app
def register(app: App, month: str, as_json: bool) -> None:
    """Buat Register Buku Tamu satu bulan (.docx dan PDF) untuk diarsipkan: setiap tamu yang
    tercatat di buku tamu bulan itu; dibuat ulang hanya bila isinya berubah."""
    from pipeline.documents.monthly import parse_month
    from pipeline.workflow.monthly_register import file_monthly_register

    filed = file_monthly_register(app.workflow, parse_month(month))
    if as_json:
        click.echo(json.dumps(filed.to_json(), ensure_ascii=False, indent=2))
        return
    what = "dibuat" if filed.made else "tidak berubah sejak dibuat"
    click.echo(f"Register Buku Tamu {filed.month.label} ({filed.guests} tamu, "
               f"versi {filed.version}) {what}:")
    click.echo(f"  {filed.docx}")
    click.echo(f"  {filed.pdf}")


def _names_a_file(target: str) -> bool:
    """A path (a folder in it, or a document's extension), not a code like 7K2M-Q9XD."""
    return "/" in target or Path(target).suffix.lower() in (
        ".pdf", ".docx", ".jpg", ".jpeg", ".png", ".tif", ".tiff")


@cli.command()
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("lembar-pemisah.pdf"), show_default=True, help="Berkas PDF keluaran.")
def separator(output: Path) -> None:
    """Cetak lembar pemisah: sisipkan di antara surat yang dipindai sekaligus, agar setiap surat
    menjadi kasus tersendiri."""
    from pipeline.documents.separator import separator_pdf

    separator_pdf(output)
    click.echo(f"Lembar pemisah ditulis ke {output}; cetak lalu sisipkan di antara surat.")


@cli.command()
@json_option
@pass_app
def doctor(app: App, as_json: bool) -> None:
    """Periksa bagian pilihan: OCR (Tesseract, bahasa Indonesia, OCRmyPDF, Ghostscript) dan
    konversi PDF (LibreOffice), beserta versinya."""
    from pipeline.intake.tesseract import ocr_available

    ocr = ocr_available()
    office = _libreoffice_version()
    tools = find_tools()
    placeholders = placeholder_keys(app.config)
    report = {
        "ocr": {
            "available": ocr.available,
            "tesseract": ocr.tesseract_version,
            "languages": list(ocr.languages),
            "ocrmypdf": ocr.ocrmypdf_version,
            "ghostscript": ocr.ghostscript_version,
            "missing": list(ocr.missing),
            "install": ocr.install_hint or None,
        },
        "pdf_conversion": {"available": office is not None, "libreoffice": office,
                           "unoserver": tools.unoserver, "missing": list(tools.missing),
                           "install": None if not tools.missing else
                           "make setup (sudo apt-get install libreoffice-writer-nogui "
                           "python3-uno)"},
        "placeholders": placeholders,
        "public_url": app.config.web.public_url,
        "public_url_local": public_url_is_local(app.config.web),
    }
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    if ocr.available:
        click.echo(
            f"OCR            : siap (Tesseract {ocr.tesseract_version}, bahasa "
            f"{'+'.join(ocr.languages)}; OCRmyPDF {ocr.ocrmypdf_version}; "
            f"Ghostscript {ocr.ghostscript_version})"
        )
    else:
        click.echo(f"OCR            : TIDAK SIAP, kurang: {', '.join(ocr.missing)}")
        click.echo(f"                 pasang dengan: {ocr.install_hint}")
    if office and tools.unoserver:
        click.echo(f"Konversi PDF   : siap ({office}; konverter tetap: {tools.unoserver})")
    elif office:
        click.echo(f"Konversi PDF   : lambat ({office}, tanpa unoserver: jalankan make setup)")
    else:
        click.echo("Konversi PDF   : tidak ada; dokumen .docx tetap dibuat tanpa PDF (pasang: "
                   "sudo apt-get install libreoffice-writer-nogui python3-uno)")
    _warn_placeholders(app.config)


def _warn_placeholders(config: Config) -> None:
    """Once, on stderr: the office's data are still the sample's placeholders, or the address
    printed in QR codes is this machine's."""
    keys = placeholder_keys(config)
    if keys:
        click.echo(
            f"Perhatian: data kantor di konfigurasi masih contoh ({', '.join(keys)}); dokumen "
            "akan mencetak teks seperti [Nama Kepala Dinas]. Isi di kunjungan.toml.", err=True,
        )
    if public_url_is_local(config.web):
        click.echo(
            f"Perhatian: web.public_url masih alamat komputer ini ({config.web.public_url}); "
            "kode QR dokumen yang dicetak akan menunjuk ke sana dan tidak dapat dibuka "
            "penerima surat. Isi alamat publik meja layanan di kunjungan.toml.", err=True,
        )


def _libreoffice_version() -> str | None:
    import shutil
    import subprocess

    program = shutil.which("soffice") or shutil.which("libreoffice")
    if program is None:
        return None
    try:
        done = subprocess.run([program, "--version"], capture_output=True, text=True,
                              timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() or program


@cli.group()
def templates() -> None:
    """Templat dokumen (.docx)."""


@templates.command("check")
@pass_app
def templates_check(app: App) -> None:
    """Periksa setiap templat: variabelnya, tag yang terpecah, tanda kutip lengkung."""
    from pipeline.documents.check import check_templates

    reports = check_templates(app.config.paths.templates)
    for report in reports:
        status = "OK" if not report.problems else "BERMASALAH"
        click.echo(f"{report.kind} ({report.path.name}): {status}")
        click.echo(f"  variabel: {', '.join(report.variables) or '-'}")
        for problem in report.problems:
            click.echo(f"  ! {problem}")
    broken = [r.kind for r in reports if r.problems]
    if broken:
        raise KunjunganError(f"templat bermasalah: {', '.join(broken)}")


@cli.group()
def notify() -> None:
    """Pemberitahuan e-mail: antrean, pengiriman, ringkasan harian."""


@notify.command("send")
@pass_app
def notify_send(app: App) -> None:
    """Kirim sekarang e-mail yang menunggu di antrean (layanan juga mengirimnya sendiri)."""
    from pipeline.notify.sender import password_missing, send_all_due

    mail = app.config.mail
    if not mail.enabled:
        raise ConfigError("mail.host belum diisi di kunjungan.toml; e-mail tetap dalam antrean")
    if password_missing(mail):
        raise ConfigError(f"mail.password_env: variabel lingkungan {mail.password_env} (kata "
                          f"sandi {mail.username}) belum diisi; e-mail tetap dalam antrean")
    report = send_all_due(app.workflow.store, mail)
    click.echo(f"{report.sent} e-mail terkirim.")
    if report.failed:
        raise KunjunganError(
            f"{report.failed} e-mail belum terkirim ({report.last_error}); dicoba lagi nanti "
            "oleh layanan atau kunjungan notify send"
        )


@notify.command("digest")
@pass_app
def notify_digest(app: App) -> None:
    """Buat ringkasan harian langkah yang melewati standar waktu, untuk setiap pengguna
    (sekali sehari; layanan membuatnya sendiri pada mail.digest_time)."""
    from pipeline.notify.queue import queue_digest

    workflow = app.workflow
    now = workflow.now()
    queued = queue_digest(app.config, workflow.sop, workflow.store, now)
    day = format_date(now.date())
    if queued:
        click.echo(f"Ringkasan {day}: {queued} e-mail masuk antrean "
                   "(kirim sekarang: kunjungan notify send).")
    else:
        click.echo(f"Ringkasan {day}: tidak ada e-mail baru (tidak ada langkah yang terlambat, "
                   "atau ringkasan hari ini sudah dibuat).")


@notify.command("list")
@click.option("--all", "show_all", is_flag=True,
              help="Juga e-mail yang sudah terkirim (50 terbaru).")
@json_option
@pass_app
def notify_list(app: App, show_all: bool, as_json: bool) -> None:
    """Daftar e-mail dalam antrean: yang belum terkirim, berapa kali dicoba, galat terakhir."""
    from pipeline.notify.sender import MAX_ATTEMPTS

    mails = app.workflow.store.notifications(unsent_only=not show_all)
    if as_json:
        click.echo(json.dumps([
            {"id": m.id, "case": m.case_id, "recipient": m.recipient, "subject": m.subject,
             "created_at": m.created_at.isoformat(), "attempts": m.attempts,
             "next_attempt_at": m.next_attempt_at.isoformat(),
             "sent_at": m.sent_at.isoformat() if m.sent_at else None,
             "last_error": m.last_error}
            for m in mails
        ], ensure_ascii=False, indent=2))
        return
    if not mails:
        click.echo("Tidak ada e-mail yang menunggu." if not show_all else "Antrean kosong.")
        return
    zone = app.config.zone_label
    for m in mails:
        if m.sent_at:
            status = f"terkirim {_local(app, m.sent_at, zone)}"
        elif m.attempts >= MAX_ATTEMPTS:
            status = f"GAGAL setelah {m.attempts} kali ({m.last_error})"
        elif m.attempts:
            status = (f"gagal {m.attempts} kali ({m.last_error}); dicoba lagi "
                      f"{_local(app, m.next_attempt_at, zone)}")
        else:
            status = "menunggu dikirim"
        click.echo(f"{m.id:>5}  {m.recipient}  {m.subject}")
        click.echo(f"       dibuat {_local(app, m.created_at, zone)}; {status}")


def _local(app: App, moment: datetime, zone: str) -> str:
    local = moment.astimezone(app.config.timezone)
    return f"{format_date(local.date())} {format_time(local.time())} {zone}"


@cli.group()
def users() -> None:
    """Akun meja layanan web: tambah, daftar, nonaktifkan, ganti kata sandi."""


def _read_password(from_stdin: bool) -> str:
    """From one line of standard input, or asked twice without echo; never an argument."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password = getpass.getpass("Kata sandi: ")
    if getpass.getpass("Ulangi kata sandi: ") != password:
        raise UsageError("kedua kata sandi tidak sama")
    return password


password_stdin_option = click.option(
    "--password-stdin", is_flag=True, help="Baca kata sandi dari satu baris masukan standar.")


@users.command("add")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(list(ROLE_LABELS)),
              help="Peran akun.")
@click.option("--name", "full_name", help="Nama lengkap (bawaan: nama pejabat/pelaksana "
                                          "tertaut).")
@click.option("--email", help="Alamat e-mail untuk pemberitahuan.")
@click.option("--official", type=click.Choice(["kepala_dinas", "kepala_uptd"]),
              help="Tautkan ke pejabat di konfigurasi (bawaan untuk peran kepala_dinas dan "
                   "kepala_uptd).")
@click.option("--nip", help="Tautkan akun pelaksana ke pelaksana di konfigurasi (wajib untuk "
                            "peran pelaksana).")
@password_stdin_option
@pass_app
def users_add(app: App, username: str, role: str, full_name: str | None, email: str | None,
              official: str | None, nip: str | None, password_stdin: bool) -> None:
    """Tambah akun. Kata sandi ditanyakan (atau --password-stdin), tidak pernah di baris
    perintah."""
    from pipeline.web.accounts import (
        add_account,
        check_name_free,
        checked_account,
        checked_password,
    )

    account = checked_account(app.config, username, role, full_name, email, official, nip)
    check_name_free(app.workflow.store, account.username)
    password = checked_password(_read_password(password_stdin))
    added = add_account(app.workflow.store, account, password)
    linked = f", tertaut ke {added.official}" if added.official else ""
    click.echo(f"Akun {added.username} ({ROLE_LABELS[added.role]}, {added.full_name}{linked}) "
               "dibuat.")


@users.command("list")
@json_option
@pass_app
def users_list(app: App, as_json: bool) -> None:
    """Daftar akun."""
    accounts = app.workflow.store.accounts()
    if as_json:
        click.echo(json.dumps([
            {"username": a.username, "full_name": a.full_name, "role": a.role,
             "email": a.email, "official": a.official, "active": a.active}
            for a in accounts
        ], ensure_ascii=False, indent=2))
        return
    if not accounts:
        click.echo("Belum ada akun. Tambah dengan: kunjungan users add NAMA --role PERAN")
    for a in accounts:
        status = "aktif" if a.active else "nonaktif"
        click.echo(f"{a.username:<20} {ROLE_LABELS[a.role]:<16} {status:<9} {a.full_name}"
                   + (f" <{a.email}>" if a.email else ""))


@users.command("disable")
@click.argument("username")
@pass_app
def users_disable(app: App, username: str) -> None:
    """Nonaktifkan akun; sesinya yang terbuka berakhir. Admin aktif terakhir tidak dapat
    dinonaktifkan."""
    from pipeline.web.accounts import disable

    disable(app.workflow.store, username)
    click.echo(f"Akun {username} dinonaktifkan; sesinya berakhir.")


@users.command("password")
@click.argument("username")
@password_stdin_option
@pass_app
def users_password(app: App, username: str, password_stdin: bool) -> None:
    """Ganti kata sandi akun; sesinya yang terbuka berakhir."""
    from pipeline.web.accounts import checked_password, set_password

    app.workflow.store.account_named(username)  # an unknown name is told before the password
    set_password(app.workflow.store, username, checked_password(_read_password(password_stdin)))
    click.echo(f"Kata sandi {username} diganti; sesinya berakhir.")


# -- the one place errors become messages ----------------------------------------------------


def _click_message(error: click.ClickException) -> str:
    if isinstance(error, click.MissingParameter) and error.param is not None:
        hint = error.param.get_error_hint(error.ctx) if error.ctx else error.param.name
        return f"{hint} wajib diisi"
    if isinstance(error, click.NoSuchOption):
        return f"opsi {error.option_name} tidak dikenal"
    if isinstance(error, click.BadParameter):
        hint = error.param.get_error_hint(error.ctx) if error.param and error.ctx else ""
        return f"nilai {hint} tidak valid: {error.message}".replace("  ", " ")
    return error.format_message()


def main(argv: Sequence[str] | None = None) -> None:
    try:
        cli.main(args=argv, prog_name="kunjungan", standalone_mode=False)
    except KunjunganError as error:
        click.echo(f"galat: {error.message}", err=True)
        sys.exit(error.exit_code)
    except click.ClickException as error:
        context: click.Context | None = getattr(error, "ctx", None)
        command = context.command_path if context else "kunjungan"
        click.echo(f"galat: {_click_message(error)} (lihat: {command} --help)", err=True)
        sys.exit(ExitCode.USAGE)
    except click.Abort:
        click.echo("dibatalkan", err=True)
        sys.exit(ExitCode.INTERRUPTED)
    except OSError as error:
        click.echo(f"galat: berkas atau folder tidak dapat dipakai ({describe_os_error(error)})",
                   err=True)
        sys.exit(ExitCode.STORAGE)
