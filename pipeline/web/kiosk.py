"""The guest-book kiosk (`/kiosk`), for a tablet at reception, without a login: today's visits,
and for one of them, guests signing in (typing their name, or tapping it in the list read from
the letter) and out (tapping their name). Which visits are open, and the signing itself, are
the core's (`workflow.kiosk`: the typed CheckIn/CheckOut commands as the SOP's `tamu`); a case
that is not one of today's visits is refused there, whatever a form names. No guest's phone is
ever shown. The forms carry their CSRF token like every other."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from pipeline.errors import NotFoundError, TransitionError, UsageError
from pipeline.indonesian import format_date, format_time
from pipeline.web import context
from pipeline.workflow import kiosk

bp = Blueprint("kiosk", __name__, url_prefix="/kiosk")


@bp.context_processor
def _office() -> dict[str, object]:
    config = context.config()
    return {"office": config.office, "zone": config.zone_label}


@bp.get("")
def index() -> ResponseReturnValue:
    workflow = context.workflow()
    return render_template("kiosk/index.html", visits=kiosk.todays_visits(workflow),
                           today=format_date(workflow.now().date()))


@bp.get("/<int:case_id>")
def visit(case_id: int) -> ResponseReturnValue:
    try:
        found = kiosk.todays_visit(context.workflow(), case_id)
    except NotFoundError as exc:
        return _not_today(exc)
    # A name tapped in the letter's list fills the form; the guest adds a phone and confirms.
    tapped = request.args.get("nama", "")
    chosen = tapped if tapped in found.participants else ""
    return render_template("kiosk/visit.html", visit=found, chosen=chosen)


@bp.post("/<int:case_id>/masuk")
def check_in(case_id: int) -> ResponseReturnValue:
    name = request.form.get("nama", "")
    try:
        kiosk.check_in(context.workflow(), case_id, name, request.form.get("instansi"),
                       request.form.get("telepon"))
    except NotFoundError as exc:
        return _not_today(exc)
    except (UsageError, TransitionError) as exc:
        flash(exc.message, "galat")
        return redirect(url_for("kiosk.visit", case_id=case_id))
    flash(f"Selamat datang, {name.strip()}. Kedatangan Anda tercatat pukul {_now()}.",
          "berhasil")
    return redirect(url_for("kiosk.visit", case_id=case_id))


@bp.post("/<int:case_id>/keluar")
def check_out(case_id: int) -> ResponseReturnValue:
    name = request.form.get("nama", "")
    try:
        kiosk.check_out(context.workflow(), case_id, name)
    except NotFoundError as exc:
        return _not_today(exc)
    except (UsageError, TransitionError) as exc:
        flash(exc.message, "galat")
        return redirect(url_for("kiosk.visit", case_id=case_id))
    flash(f"Terima kasih atas kunjungan Anda, {name.strip()}. Jam keluar tercatat pukul "
          f"{_now()}.", "berhasil")
    return redirect(url_for("kiosk.visit", case_id=case_id))


def _not_today(error: NotFoundError) -> ResponseReturnValue:
    return render_template("kiosk/not_today.html", message=error.message), 404


def _now() -> str:
    workflow = context.workflow()
    return f"{format_time(workflow.now().time())} {workflow.config.zone_label}"
