"""Logging in and out, the account's own page, and the throttle on failed logins.

Sessions are Flask's signed cookies handled by Flask-Login; CSRF tokens are Flask-WTF's. A
session holds the account's id and session epoch (`context.DeskUser`), so raising the epoch
ends every session of the account; logging in starts from an emptied session (no fixation).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from math import ceil
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import LoginManager, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from pipeline.errors import KunjunganError, NotFoundError
from pipeline.web import context
from pipeline.web.accounts import (
    MAX_PASSWORD_CHARS,
    MIN_PASSWORD_CHARS,
    ROLE_LABELS,
    burn_time,
    password_matches,
    set_password,
)
from pipeline.web.context import DeskUser
from pipeline.web.menu import menu

bp = Blueprint("auth", __name__)
# Who may open what is access.py's (the app's one hook), so no view uses login_required.
login_manager = LoginManager()


def load_user(user_id: str) -> DeskUser | None:
    """The session's account, if it is still active and the session's epoch is current."""
    number, _, epoch = user_id.partition(".")
    if not (number.isdigit() and epoch.isdigit()):
        return None
    account = context.store().account(int(number))
    if account is None or not account.active or account.session_epoch != int(epoch):
        return None
    return DeskUser(account)


login_manager.user_loader(load_user)


@dataclass(frozen=True)
class Throttle:
    """Failed logins within `window` beyond a limit (per account, per address) make the next
    try wait, twice as long for each further failure, up to `longest_wait`. An office behind
    one address shares the address's higher limit."""

    window: timedelta = timedelta(minutes=15)
    per_account: int = 5
    per_address: int = 10
    first_wait: timedelta = timedelta(seconds=30)
    longest_wait: timedelta = timedelta(minutes=15)

    def wait(self, by_account: list[datetime], by_address: list[datetime],
             now: datetime) -> timedelta:
        """How long the next try must wait (zero: it may go ahead)."""
        return max(self._wait(by_account, self.per_account, now),
                   self._wait(by_address, self.per_address, now))

    def _wait(self, failures: list[datetime], limit: int, now: datetime) -> timedelta:
        if len(failures) < limit:
            return timedelta(0)
        wait: timedelta = min(self.first_wait * 2 ** (len(failures) - limit),
                              self.longest_wait)
        return max(timedelta(0), max(failures) + wait - now)


THROTTLE = Throttle()


def wait_phrase(wait: timedelta) -> str:
    seconds = ceil(wait.total_seconds())
    return f"{seconds} detik" if seconds < 90 else f"{ceil(seconds / 60)} menit"


class LoginForm(FlaskForm):  # type: ignore[misc]
    username = StringField("Nama pengguna", validators=[DataRequired(), Length(max=40)])
    password = PasswordField("Kata sandi",
                             validators=[DataRequired(), Length(max=MAX_PASSWORD_CHARS)])


class PasswordForm(FlaskForm):  # type: ignore[misc]
    current = PasswordField("Kata sandi sekarang", validators=[DataRequired()])
    new = PasswordField(f"Kata sandi baru (paling sedikit {MIN_PASSWORD_CHARS} karakter)",
                        validators=[DataRequired(), Length(MIN_PASSWORD_CHARS,
                                                           MAX_PASSWORD_CHARS)])
    repeat = PasswordField("Ulangi kata sandi baru",
                           validators=[EqualTo("new", "Kedua kata sandi baru tidak sama.")])


def home_url() -> str:
    """Where an account lands: the first page of the menu it may open."""
    entries = menu()
    return entries[0].url if entries else url_for("auth.account")


def _safe_next(target: str | None) -> str | None:
    """`next` only within this site: a path, never another host (no open redirect)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target if "\\" not in target else None


def _start_session(account: DeskUser) -> None:
    session.clear()  # nothing from before login survives: no fixation, a new CSRF token
    login_user(account)
    session.permanent = True  # expires after [web] session_minutes unused


@bp.route("/masuk", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    if context.current_account() is not None:
        return redirect(home_url())
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("login.html", form=form)
    store = context.store()
    username = form.username.data.strip().lower()
    address = request.remote_addr or "-"
    now = datetime.now(UTC)
    wait = THROTTLE.wait(*store.login_failures(username, address, now - THROTTLE.window), now)
    if wait > timedelta(0):
        flash("Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam "
              f"{wait_phrase(wait)}.", "galat")
        retry_after = {"Retry-After": str(ceil(wait.total_seconds()))}
        return render_template("login.html", form=form), 429, retry_after
    try:
        account = store.account_named(username)
    except NotFoundError:
        account = None
        burn_time(form.password.data)
    if account is not None and password_matches(account, form.password.data):
        if not account.active:
            flash("Akun ini dinonaktifkan. Hubungi admin.", "galat")
            return render_template("login.html", form=form), 403
        store.clear_login_failures(username)
        _start_session(DeskUser(account))
        return redirect(_safe_next(request.args.get("next")) or home_url())
    store.record_login_failure(username, address, now, keep_since=now - THROTTLE.window)
    flash("Nama pengguna atau kata sandi salah.", "galat")
    return render_template("login.html", form=form), 401


@bp.route("/keluar", methods=["POST"])
def logout() -> ResponseReturnValue:
    """Ends this account's sessions everywhere: a copy of the session cookie (the session is
    a signed cookie, not a server-side record) is worthless after logging out."""
    account = context.current_account()
    if account is not None:
        context.store().end_sessions(account.id)
    logout_user()
    session.clear()
    flash("Anda telah keluar.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/akun", methods=["GET", "POST"])
def account() -> ResponseReturnValue:
    """The account's own page: who am I, and a new password."""
    account = context.current_account()
    assert account is not None  # the role matrix lets only accounts here
    form = PasswordForm()
    if form.validate_on_submit():
        if not password_matches(account, form.current.data):
            flash("Kata sandi sekarang salah.", "galat")
        else:
            try:
                changed = set_password(context.store(), account.username, form.new.data)
            except KunjunganError as error:
                flash(error.message, "galat")
            else:
                _start_session(DeskUser(changed))  # other sessions of the account end
                flash("Kata sandi diganti. Sesi lain akun ini telah berakhir.", "berhasil")
                return redirect(url_for("auth.account"))
    return render_template("account.html", form=form, account=account,
                           role_label=ROLE_LABELS[account.role],
                           linked=_linked_person(account.official))


def _linked_person(official: str | None) -> str | None:
    if official is None:
        return None
    config = context.config()
    if official in config.officials:
        person = config.officials[official]
    else:
        found = config.pelaksana_by_nip(official)
        if found is None:
            return f"{official} (tidak ada lagi di konfigurasi)"
        person = found
    return f"{person.name} — {person.position}"
