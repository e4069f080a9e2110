"""The public verification page (`/verifikasi/<code>`): whether a printed document was issued
here, for anyone holding the paper, without a login. It says what lets the reader compare the
paper (document kind, agenda number, date, the number printed on it, whether a signed copy is
filed) and nothing personal; the facts come from the core (`workflow.verify.public_facts`).

The QR on every document holds this page's address; scheme, host and path may come in
capitals (the QR keeps them so to stay small), hence the second rule."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from pipeline.documents.qr import VERIFICATION_PATH, normalise_code
from pipeline.indonesian import format_date
from pipeline.web import context
from pipeline.workflow.verify import public_facts

bp = Blueprint("public", __name__)


@bp.context_processor
def _office() -> dict[str, object]:
    return {"office": context.config().office}


@bp.get(f"/{VERIFICATION_PATH}")
def verify_form() -> ResponseReturnValue:
    """A small form to type a code from paper; sent, it opens the code's page."""
    typed = request.args.get("kode", "").strip()
    if typed:
        code = normalise_code(typed)
        if len(code.replace("-", "")) >= 4:
            return redirect(url_for("public.verify", code=code))
        return render_template("public/form.html", typed=typed, message=(
            "Kode verifikasi terdiri atas 8 huruf dan angka, misalnya 7K2M-Q9XD.")), 400
    return render_template("public/form.html", typed="", message=None)


@bp.get(f"/{VERIFICATION_PATH.upper()}/<code>")
@bp.get(f"/{VERIFICATION_PATH}/<code>")  # registered first: the one url_for writes
def verify(code: str) -> ResponseReturnValue:
    facts = public_facts(context.workflow(), code)
    if facts is None:
        return render_template("public/unknown.html", code=normalise_code(code)), 404
    return render_template("public/result.html", facts=facts,
                           issued_on=format_date(facts.issued_on))
