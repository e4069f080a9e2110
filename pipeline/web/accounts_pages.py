"""The admin's page of accounts: list, add, disable, set a password. The rules are
`accounts.py`'s, shared with `kunjungan users`."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from pipeline.errors import KunjunganError
from pipeline.web import context
from pipeline.web.accounts import (
    MAX_PASSWORD_CHARS,
    MIN_PASSWORD_CHARS,
    ROLE_LABELS,
    add_account,
    checked_account,
    disable,
    set_password,
)

bp = Blueprint("accounts", __name__, url_prefix="/pengguna")

_PASSWORD_LENGTH = Length(MIN_PASSWORD_CHARS, MAX_PASSWORD_CHARS,
                          f"Kata sandi {MIN_PASSWORD_CHARS} sampai {MAX_PASSWORD_CHARS} karakter.")


class AddForm(FlaskForm):  # type: ignore[misc]
    username = StringField("Nama pengguna", validators=[DataRequired(), Length(max=40)])
    full_name = StringField("Nama lengkap (kosong: nama pejabat atau pelaksana tertaut)",
                            validators=[Optional(), Length(max=200)])
    role = SelectField("Peran", choices=[SelectChoice(role, label)
                                         for role, label in ROLE_LABELS.items()])
    nip = SelectField("Pelaksana (untuk peran pelaksana)")
    email = EmailField("E-mail (untuk pemberitahuan)", validators=[Optional(), Length(max=200)])
    password = PasswordField("Kata sandi awal", validators=[DataRequired(), _PASSWORD_LENGTH])


class PasswordForm(FlaskForm):  # type: ignore[misc]
    password = PasswordField("Kata sandi baru", validators=[DataRequired(), _PASSWORD_LENGTH])


class DisableForm(FlaskForm):  # type: ignore[misc]
    pass


def _add_form() -> AddForm:
    form = AddForm()
    form.nip.choices = [SelectChoice("", "-"),
                        *(SelectChoice(p.nip, p.name) for p in context.config().pelaksana)]
    return form


@bp.route("/")
def index() -> ResponseReturnValue:
    return render_template("accounts.html", accounts=context.store().accounts(),
                           add_form=_add_form(), password_form=PasswordForm(),
                           disable_form=DisableForm())


@bp.route("/tambah", methods=["POST"])
def add() -> ResponseReturnValue:
    form = _add_form()
    if form.validate_on_submit():
        try:
            account = checked_account(
                context.config(), form.username.data, form.role.data, form.full_name.data,
                form.email.data, nip=form.nip.data or None)
            add_account(context.store(), account, form.password.data)
        except KunjunganError as error:
            flash(error.message, "galat")
        else:
            flash(f"Akun {account.username} ({ROLE_LABELS[account.role]}) dibuat.", "berhasil")
    else:
        _flash_errors(form)
    return redirect(url_for("accounts.index"))


@bp.route("/<username>/nonaktifkan", methods=["POST"])
def disable_account(username: str) -> ResponseReturnValue:
    if DisableForm().validate_on_submit():
        account = context.current_account()
        assert account is not None  # the role matrix lets only admins here
        try:
            disable(context.store(), username, by=account.username)
        except KunjunganError as error:
            flash(error.message, "galat")
        else:
            flash(f"Akun {username} dinonaktifkan; sesinya berakhir.", "berhasil")
    return redirect(url_for("accounts.index"))


@bp.route("/<username>/kata-sandi", methods=["POST"])
def password(username: str) -> ResponseReturnValue:
    form = PasswordForm()
    if form.validate_on_submit():
        set_password(context.store(), username, form.password.data)
        flash(f"Kata sandi {username} diganti; sesinya berakhir.", "berhasil")
    else:
        _flash_errors(form)
    return redirect(url_for("accounts.index"))


def _flash_errors(form: FlaskForm) -> None:
    for field_errors in form.errors.values():
        for message in field_errors:
            flash(str(message), "galat")
