"""The desk's pages for staff: Kotak Masuk, Periksa, the case page with the actions a role may
take, downloads, Cari and the Register Buku Tamu.

Thin views over the core: cases are read through the store's desk queries and `CaseView`,
actions are typed commands given to `Workflow.execute` with the signed-in account as `Actor`,
and a refusal shows the core's own Indonesian message. No SOP rule and no SQL lives here.
"""

from __future__ import annotations

import csv
import io
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from werkzeug.wrappers import Response as WerkzeugResponse

from pipeline.archive.outbox import document_file
from pipeline.case import FIELD_NAMES, REQUIRED_FIELDS
from pipeline.config import normalise_nip
from pipeline.documents.context import duration_text
from pipeline.documents.kinds import DOCUMENT_KINDS
from pipeline.documents.monthly import checked_month
from pipeline.errors import KunjunganError, NotFoundError, UsageError
from pipeline.indonesian import (
    MONTHS,
    format_date,
    format_datetime,
    format_day_date,
    format_time,
)
from pipeline.intake.letter import FIELD_LABELS
from pipeline.intake.letter.confidence import SURE, UNCERTAIN
from pipeline.store.db import CaseSearch, CaseSummary, FieldSource
from pipeline.web import context, preview
from pipeline.workflow.commands import (
    SIFAT_CHOICES,
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
    parse_time,
)
from pipeline.workflow.engine import Workflow
from pipeline.workflow.monthly_register import file_monthly_register
from pipeline.workflow.views import CaseView, Waiting, open_actions, waiting_in

bp = Blueprint("desk", __name__)

# How many cases of one state the Kotak Masuk lists (the rest are one search away), and how
# many of those waiting on me it puts first (overdue first, then the longest waiting).
LIST_LIMIT = 10
MINE_LIMIT = 20
# How many cases a search lists, newest first (a narrower search finds older ones).
SEARCH_LIMIT = 50

# Document names as the core titles them.
DOCUMENT_LABELS: Mapping[str, str] = {key: kind.title for key, kind in DOCUMENT_KINDS.items()}


# -- the app's services (pipeline/web/context.py) ------------------------------------------


def _workflow() -> Workflow:
    return context.workflow()


def _role() -> str:
    account = context.current_account()
    return account.role if account else ""


def _my_nip() -> str | None:
    account = context.current_account()
    return normalise_nip(account.official) if account and account.official else None


# -- what the pages show -------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """A case in a list, with how long it has waited against its step's standard."""

    case: CaseSummary
    waiting: Waiting
    minutes: float
    overdue: bool
    mine: bool


def _rows(workflow: Workflow, cases: list[CaseSummary], now: datetime) -> list[Row]:
    role, nip = _role(), _my_nip()
    rows = []
    for case in cases:
        waiting = waiting_in(case.state, case.since, workflow.sop, workflow.config,
                             (case.tanggal_kunjungan, case.waktu_kunjungan))
        mine = role in waiting.roles and (
            role != ESCORT_ROLE or nip in {normalise_nip(n) for n in case.pelaksana})
        rows.append(Row(case, waiting, waiting.minutes(now), waiting.overdue(now), mine))
    return rows


def waited_text(minutes: float) -> str:
    """`3 hari 2 jam`, `1 jam 5 menit`, `12 menit`, `kurang dari 1 menit`."""
    whole = int(minutes)
    days, rest = divmod(whole, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} hari {hours} jam" if hours else f"{days} hari"
    if hours:
        return f"{hours} jam {mins} menit" if mins else f"{hours} jam"
    return f"{mins} menit" if mins else "kurang dari 1 menit"


def highlighted(source: str, value: Any) -> list[tuple[str, bool]]:
    """The source text in pieces, the value marked where the text shows it (any case); the
    whole source marked when the value is written otherwise there (a date as words)."""
    if not source:
        return []
    shown = [str(value)] if value not in (None, "", ()) else []
    if isinstance(value, date):
        shown = [format_date(value), value.strftime("%d-%m-%Y"), value.strftime("%d/%m/%Y")]
    elif isinstance(value, time):
        shown = [format_time(value), value.strftime("%H:%M")]
    for text in shown:
        at = source.lower().find(text.lower()) if text else -1
        if at >= 0:
            return [(source[:at], False), (source[at:at + len(text)], True),
                    (source[at + len(text):], False)]
    return [(source, True)]


def _waiting_words(state_waiting: str) -> str:
    """The SOP's words for what a case waits on, without the command-line hint."""
    return re.sub(r"\s*\(kunjungan [^)]*\)", "", state_waiting)


@bp.app_template_filter("waktu")
def _waktu(value: datetime | None) -> str:
    """`6 September 2021 pukul 09.00 WITA`, on the office's clock."""
    if value is None:
        return "-"
    config = context.config()
    return format_datetime(value.astimezone(config.timezone), config.zone_label)


@bp.app_template_filter("tanggal")
def _tanggal(value: date | datetime | None) -> str:
    """`6 September 2021`; a moment is shown on the office's clock."""
    if value is None:
        return "-"
    if isinstance(value, datetime):
        value = value.astimezone(context.config().timezone).date()
    return format_date(value)


@bp.app_template_filter("jam")
def _jam(value: datetime | None) -> str:
    """`09.30 WITA`, on the office's clock."""
    if value is None:
        return "-"
    config = context.config()
    return f"{format_time(value.astimezone(config.timezone).time())} {config.zone_label}"


@bp.app_template_filter("awal")
def _awal(text: str) -> str:
    """The first letter upper case, the rest as written (`Kepala UPTD TCC` stays)."""
    return text[:1].upper() + text[1:]


@bp.app_template_filter("lama")
def _lama(minutes: float | None) -> str:
    return "-" if minutes is None else waited_text(minutes)


def _field_value_text(name: str, value: Any) -> str:
    """A field as the form shows it (dates ISO for the date input, a list one per line)."""
    if value is None:
        return ""
    if name == "peserta":
        return "\n".join(value)
    if name == "waktu_kunjungan":
        return str(value.strftime("%H:%M"))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


# -- Kotak Masuk ---------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenLists:
    """The Kotak Masuk's lists as of one event: they change only with an event, while the
    page is opened and polled far more often, so they are kept per app until the next one.
    `escorted`: by pelaksana NIP, every open case assigned to them that waits on them."""

    stamp: int
    counts: Mapping[str, int]
    by_state: Mapping[str, list[CaseSummary]]
    escorted: Mapping[str, list[CaseSummary]]


ESCORT_ROLE = "pelaksana"  # the role whose cases are theirs by assignment, not by role alone


@dataclass
class _KeptLists:
    """The newest lists of this app, and who is reading newer ones."""

    lists: OpenLists | None = None
    rebuilding: threading.Lock = field(default_factory=threading.Lock)


def _open_lists(workflow: Workflow) -> OpenLists:
    kept: _KeptLists = current_app.extensions.setdefault("kunjungan.desk", _KeptLists())
    latest = kept.lists
    if latest is not None and latest.stamp == workflow.store.latest_event_id():
        return latest
    if not kept.rebuilding.acquire(blocking=False):
        if latest is not None:
            # Another request is already reading the new lists: this page shows the last ones
            # (its script polls and reloads), rather than every thread reading them at once.
            return latest
        kept.rebuilding.acquire()
    try:
        kept.lists = _read_open_lists(workflow)  # one reference replaced: threads see either
        return kept.lists
    finally:
        kept.rebuilding.release()


def _read_open_lists(workflow: Workflow) -> OpenLists:
    store = workflow.store
    sop, config, now = workflow.sop, workflow.config, workflow.now()
    open_states = [s.name for s in sop.states.values() if not s.final]
    escort_states = [s for s in open_states
                     if ESCORT_ROLE in waiting_in(s, now, sop, config).roles]
    escorted: dict[str, list[CaseSummary]] = {}
    with store.snapshot():  # the stamp and the lists of one moment
        stamp, counts = store.latest_event_id(), store.state_counts()
        by_state = {s: store.case_summaries(s, LIST_LIMIT) for s in open_states}
        for state in escort_states:
            for case in store.case_summaries(state, counts.get(state, 0)):
                for nip in {normalise_nip(n) for n in case.pelaksana}:
                    escorted.setdefault(nip, []).append(case)
    return OpenLists(stamp, counts, by_state, escorted)


@bp.get("/")
def index() -> str:
    workflow = _workflow()
    now = workflow.now()
    lists = _open_lists(workflow)
    groups: list[dict[str, Any]] = []
    for name, cases in lists.by_state.items():
        state = workflow.sop.state(name)
        groups.append({"state": state, "rows": _rows(workflow, cases, now),
                       "count": lists.counts.get(name, 0),
                       "waiting": _waiting_words(state.waiting)})
    if _role() == ESCORT_ROLE:
        mine = _rows(workflow, lists.escorted.get(_my_nip() or "", []), now)
    else:
        mine = [row for group in groups for row in group["rows"] if row.mine]
    mine.sort(key=lambda r: (not r.overdue, -r.minutes))
    return render_template("desk/kotak_masuk.html", groups=groups, mine=mine[:MINE_LIMIT],
                           stamp=lists.stamp, now=now,
                           role_label=workflow.sop.role_label(_role()))


@bp.get("/kotak-masuk/status")
def index_status() -> Response:
    """What the page's script polls: a number that changes with every event."""
    return jsonify(stamp=_workflow().store.latest_event_id())


# -- Periksa -------------------------------------------------------------------------------


def _review_state(workflow: Workflow) -> str:
    """The state of letters a person must check (the SOP's `perlu_diperiksa`)."""
    return workflow.sop.action(workflow.sop.register_for_review).to


@bp.get("/periksa")
def review() -> str:
    """Letters to check, then open cases with a field read below the line where a person
    must look (the reader's UNCERTAIN), until someone corrects them."""
    workflow = _workflow()
    now = workflow.now()
    review_state = _review_state(workflow)
    rows = _rows(workflow, workflow.store.case_summaries(review_state, LIST_LIMIT), now)
    doubtful = []
    for state in workflow.sop.states.values():
        if state.final or state.name == review_state:
            continue
        for case_id, names in workflow.store.doubtful_fields(state.name, UNCERTAIN,
                                                              Fix.action).items():
            doubtful.append({"id": case_id, "state": state.label,
                             "fields": [FIELD_LABELS.get(n, n) for n in names]})
    return render_template("desk/periksa.html", rows=rows, doubtful=doubtful[:LIST_LIMIT])


def _field_rows(view: CaseView, readings: Mapping[str, FieldSource]) -> list[dict[str, Any]]:
    """Each field with how sure its value is: as read (the reader's confidence), or set or
    seen by a person (corrected with `fix`, or every field once a review was completed),
    which no confidence describes."""
    fields = view.case.fields
    completed = view.sop.action(Fix.action).then
    reviewed = any(event.action == completed for event in view.case.events)
    corrected = set(FIELD_NAMES) if reviewed else {
        name for event in view.case.events if event.action == Fix.action
        for name in event.details.get("changes", {})}
    out = []
    for name in FIELD_NAMES:
        value = getattr(fields, name)
        reading = readings.get(name)
        confidence = reading.confidence if reading else None
        out.append({
            "name": name, "label": FIELD_LABELS.get(name, name),
            "value": value, "text": _field_value_text(name, value),
            "confidence": confidence,
            "level": ("kosong" if value in (None, "", ()) and name in REQUIRED_FIELDS else
                      "belum" if value in (None, "", ()) else
                      "diperbaiki" if name in corrected else
                      "ragu" if confidence is None or confidence < UNCERTAIN else
                      "pasti" if confidence >= SURE else "cek"),
            "source": highlighted(reading.source, value) if reading else [],
        })
    return out


@bp.get("/periksa/<int:case_id>")
def review_case(case_id: int) -> str:
    workflow = _workflow()
    view = _view(workflow, case_id)
    return render_template("desk/periksa_kasus.html", view=view,
                           fields=_field_rows(view, workflow.store.case_readings(case_id)),
                           pages=preview.page_count(workflow.filed_original(view.case)))


@bp.post("/periksa/<int:case_id>")
def review_save(case_id: int) -> WerkzeugResponse:
    """Corrections and completion in one: the fields that differ from the case are fixed
    (the core then completes the review when the required fields are there); a form sent
    unchanged confirms every value as it stands."""
    workflow = _workflow()
    before = _view(workflow, case_id).case
    fields, was_in_review = before.fields, before.state == _review_state(workflow)
    sent = {name: _form_field(name) for name in FIELD_NAMES if name in request.form}
    changed = {name: value for name, value in sent.items()
               if value != _field_value_text(name, getattr(fields, name))}
    if not changed:
        changed = {n: v for n, v in sent.items() if v}
    back = url_for("desk.review_case", case_id=case_id)
    try:
        view = workflow.execute(case_id, Fix(_fix_values(changed)), context.current_actor())
    except KunjunganError as exc:
        flash(exc.message, "galat")
        return redirect(back)
    if view.case.state == _review_state(workflow):  # the core did not complete it: say why
        flash("Data surat disimpan, tetapi pemeriksaan belum selesai: "
              + "; ".join(view.case.review_notes), "peringatan")
        return redirect(back)
    flash("Data surat disimpan; pemeriksaan selesai." if was_in_review
          else "Data surat disimpan; dokumennya dibuat ulang.", "berhasil")
    return redirect(url_for("desk.case", case_id=case_id))


def _form_field(name: str) -> str:
    value = request.form.get(name, "").strip()
    return "\n".join(line.strip() for line in value.splitlines() if line.strip()) \
        if name == "peserta" else value


def _fix_values(changed: Mapping[str, str]) -> dict[str, Any]:
    return {name: (value.split("\n") if name == "peserta" and value else value)
            for name, value in changed.items()}


# -- the case page -------------------------------------------------------------------------


def _view(workflow: Workflow, case_id: int) -> CaseView:
    try:
        return workflow.view(case_id)
    except NotFoundError:
        abort(404)


@bp.get("/kasus/<int:case_id>")
def case(case_id: int) -> str:
    workflow = _workflow()
    view = _view(workflow, case_id)
    role = _role()
    data = view.to_json(now=workflow.now())
    readings = workflow.store.case_readings(case_id)
    return render_template(
        "desk/kasus.html", view=view, data=data,
        fields=_field_rows(view, readings),
        pages=preview.page_count(workflow.filed_original(view.case)),
        original=workflow.filed_original(view.case).name,
        actions=open_actions(view.case.state, workflow.sop, role),
        sop=workflow.sop, roster=workflow.config.pelaksana, sifat_choices=SIFAT_CHOICES,
        dispose_to=_dispose_choices(workflow),
        inside=[g for g in view.case.guests if g.checked_out is None],
        document_labels=DOCUMENT_LABELS, state=workflow.sop.state(view.case.state),
        waiting_words=_waiting_words(workflow.sop.state(view.case.state).waiting),
        files=_files(data),
        events=[{**e, "at": datetime.fromisoformat(e["at"])} for e in data["events"]],
    )


def _dispose_choices(workflow: Workflow) -> list[tuple[str, str]]:
    """Whom a disposition goes to: the roles the SOP gives the steps after it, by the title
    of their official in the configuration."""
    sop, config = workflow.sop, workflow.config
    after = waiting_in(sop.action("dispose").to, workflow.now(), sop, config).roles
    return [(role, config.officials[role].position if role in config.officials
             else sop.role_label(role)) for role in after]


def _files(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every document version and signed copy in the case folder (from the case's JSON
    view), and which of its files exist yet (a PDF follows its .docx)."""
    out = []
    for item in data["documents"]:
        docx = Path(item["path"])
        pdf = docx.with_suffix(".pdf")
        out.append({"label": f"{DOCUMENT_LABELS.get(item['kind'], item['kind'])} "
                             f"(versi {item['version']})",
                    "docx": docx.name if docx.is_file() else None,
                    "pdf": pdf.name if pdf.is_file() else None, "signed": False})
    for item in data["signed_copies"]:
        path = Path(item["archive_path"] or item["path"])
        out.append({"label": f"{DOCUMENT_LABELS.get(item['kind'], item['kind'])} bertanda "
                             f"tangan (versi {item['version']})",
                    "docx": None, "pdf": path.name if path.is_file() else None, "signed": True})
    return out


@bp.get("/kasus/<int:case_id>/surat/<int:page>.png")
def letter_page(case_id: int, page: int) -> Response:
    workflow = _workflow()
    original = workflow.filed_original(_view(workflow, case_id).case)
    try:
        png = preview.page_png(original, page)
    except (IndexError, OSError):
        abort(404)
    response = Response(png, mimetype="image/png")
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


@bp.get("/kasus/<int:case_id>/berkas/<path:name>")
def download(case_id: int, name: str) -> Response:
    """A file of the case folder; a path that leads out of it (`..`, a link) is refused."""
    workflow = _workflow()
    folder = _view(workflow, case_id).folder.resolve()
    target = (folder / name).resolve()
    if not target.is_relative_to(folder) or target == folder or not target.is_file():
        abort(404)
    return send_file(target, as_attachment=True, download_name=target.name)


# -- actions -------------------------------------------------------------------------------


def _act(workflow: Workflow, case_id: int, make: Callable[[], Command], done: str,
         back: str | None = None) -> WerkzeugResponse:
    """Make the command from the form and execute it as the signed-in account; the core's
    message is flashed when it refuses."""
    try:
        workflow.execute(case_id, make(), context.current_actor())
    except KunjunganError as exc:
        flash(exc.message, "galat")
        return redirect(back or url_for("desk.case", case_id=case_id))
    flash(done, "berhasil")
    return redirect(url_for("desk.case", case_id=case_id))


def _form(name: str) -> str:
    return request.form.get(name, "").strip()


def _moment(workflow: Workflow) -> datetime | None:
    """An optional `jam` (HH:MM today) for a guest-book entry written after the fact."""
    value = _form("jam")
    if not value:
        return None
    return datetime.combine(workflow.now().date(), parse_time(value), workflow.config.timezone)


def _approve() -> Approve:
    day, hour = _form("tanggal"), _form("jam")
    return Approve(parse_date(day) if day else None, parse_time(hour) if hour else None)


_COMMAND_FORMS: Mapping[str, tuple[Callable[[Workflow], Command], str]] = {
    "dispose": (lambda _w: Dispose(_form("instruksi"), _form("kepada") or Dispose.to,
                                   _form("sifat") or None), "Disposisi tercatat."),
    "receive": (lambda _w: Receive(), "Disposisi diterima untuk ditindaklanjuti."),
    "approve": (lambda _w: _approve(), "Kunjungan disetujui; Rekomendasi dibuat."),
    "reject": (lambda _w: Reject(_form("alasan")), "Kunjungan ditolak; Surat Penolakan dibuat."),
    "assign": (lambda _w: Assign(tuple(request.form.getlist("pelaksana"))),
               "Pelaksana ditunjuk; Surat Tugas dan Daftar Hadir dibuat."),
    "checkin": (lambda w: CheckIn(_form("nama"), _form("instansi") or None,
                                  _form("telepon") or None, _moment(w)),
                "Tamu tercatat masuk."),
    "checkout": (lambda w: CheckOut(_form("nama"), _moment(w)), "Jam keluar tamu tercatat."),
    "finish": (lambda _w: Finish(), "Kunjungan selesai; Register Buku Tamu dibuat."),
    "cancel": (lambda _w: Cancel(_form("alasan")), "Kasus dibatalkan."),
}


@bp.post("/kasus/<int:case_id>/tindakan/<action>")
def act(case_id: int, action: str) -> WerkzeugResponse:
    workflow = _workflow()
    if action not in _COMMAND_FORMS:
        abort(404)
    make, done = _COMMAND_FORMS[action]
    return _act(workflow, case_id, lambda: make(workflow), done)


# -- Cari ----------------------------------------------------------------------------------


@bp.get("/cari")
def search() -> str:
    workflow = _workflow()
    args = request.args
    try:
        search = CaseSearch(
            institution=args.get("instansi", "").strip()[:200],
            letter_number=args.get("nomor_surat", "").strip()[:200],
            agenda=args.get("agenda", "").strip()[:50],
            received_from=parse_date(args["dari"]) if args.get("dari") else None,
            received_to=parse_date(args["sampai"]) if args.get("sampai") else None,
            state=args.get("status", "") if args.get("status", "") in workflow.sop.states
            else "",
        )
    except UsageError as exc:
        flash(exc.message, "galat")
        search = CaseSearch()
    found = workflow.store.search_cases(search, SEARCH_LIMIT) if not search.empty else []
    return render_template("desk/cari.html", search=search, args=args,
                           rows=_rows(workflow, found, workflow.now()),
                           states=workflow.sop.states, searched=not search.empty,
                           limit=SEARCH_LIMIT)


# -- Register Buku Tamu --------------------------------------------------------------------


def _month(workflow: Workflow) -> tuple[int, int]:
    today = workflow.now().date()
    try:
        year = int(request.args.get("tahun", today.year))
        month = int(request.args.get("bulan", today.month))
    except ValueError:
        return today.year, today.month
    return (year, month) if 1990 <= year <= 2100 and 1 <= month <= 12 else (
        today.year, today.month)


@bp.get("/register")
def register() -> str:
    workflow = _workflow()
    year, month = _month(workflow)
    entries = workflow.store.guest_register(year, month)
    # the visits closed by the step that writes the Register Buku Tamu
    closed = next(a.to for a in workflow.sop.actions.values()
                  if "register_buku_tamu" in a.documents)
    finished = workflow.store.search_cases(CaseSearch(state=closed), limit=20)
    register_file = document_file(DOCUMENT_KINDS["register_buku_tamu"].file_stem, 1, latest=True)
    return render_template("desk/register.html", entries=entries, year=year, month=month,
                           register_pdf=str(Path(register_file).with_suffix(".pdf")),
                           register_docx=register_file,
                           month_name=MONTHS[month - 1], months=MONTHS, finished=finished,
)


@bp.get("/register/unduh")
def register_download() -> Response:
    """The month's Register Buku Tamu as CSV (opens in a spreadsheet), in Indonesian."""
    workflow = _workflow()
    year, month = _month(workflow)
    zone = workflow.config.timezone
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["No", "Hari/tanggal", "Nama tamu", "Instansi", "Telepon", "Jam masuk",
                     "Jam keluar", "Lama", "Pendamping", "Nomor agenda", "Instansi pemohon"])
    for number, entry in enumerate(workflow.store.guest_register(year, month), start=1):
        came = entry.checked_in.astimezone(zone)
        left = entry.checked_out.astimezone(zone) if entry.checked_out else None
        writer.writerow([number, format_day_date(came.date()), entry.name,
                         entry.institution or "", entry.phone or "", format_time(came.time()),
                         format_time(left.time()) if left else "",
                         duration_text(came, left) if left else "", ", ".join(entry.escorts),
                         f"{entry.year}/{entry.nomor_agenda}", entry.case_institution or ""])
    name = f"register-buku-tamu-{year}-{month:02d}.csv"
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


REGISTER_FORMATS: Mapping[str, str] = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@bp.get("/register/dokumen.<fmt>")
def register_document(fmt: str) -> WerkzeugResponse:
    """The month's Register Buku Tamu as the filed document (PDF or Word), made by the core
    when the month's entries changed since it was last filed."""
    if fmt not in REGISTER_FORMATS:
        abort(404)
    workflow = _workflow()
    year, month = _month(workflow)
    try:
        filed = file_monthly_register(workflow, checked_month(year, month))
    except KunjunganError as exc:
        flash(exc.message, "galat")
        return redirect(url_for("desk.register", tahun=year, bulan=month))
    path = filed.pdf if fmt == "pdf" else filed.docx
    return send_file(path, mimetype=REGISTER_FORMATS[fmt], as_attachment=True,
                     download_name=path.name)

