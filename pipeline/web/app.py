"""`create_app`: the desk as one Flask application, with every blueprint, the role matrix
applied to every request, sessions, CSRF and the security headers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from pipeline.config import Config
from pipeline.errors import DatabaseBusyError, KunjunganError, NotFoundError
from pipeline.web import access, context
from pipeline.web.accounts import ROLE_LABELS
from pipeline.web.auth import bp as auth_bp
from pipeline.web.auth import login_manager
from pipeline.web.keys import load_or_create_session_key, session_key_path
from pipeline.web.menu import menu

if TYPE_CHECKING:
    from pipeline.workflow.engine import Workflow

# No inline script or style anywhere: every script and sheet is a file under /static.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}
csrf = CSRFProtect()


def create_app(config: Config, make_workflow: Callable[[], Workflow] | None = None) -> Flask:
    """The desk for `config`. `make_workflow` opens one workflow (a store connection) per
    server thread; by default on the configuration's database."""
    app = Flask(__name__)
    minutes = config.web.session_minutes
    app.config.update(
        SECRET_KEY=load_or_create_session_key(session_key_path(config)),
        SESSION_COOKIE_NAME="kunjungan_sesi",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        # Secure when the desk is published over https; on plain http (127.0.0.1, the office
        # LAN without TLS) a Secure cookie would never be sent back, so login could not work.
        SESSION_COOKIE_SECURE=config.web.public_url.startswith("https://"),
        PERMANENT_SESSION_LIFETIME=timedelta(minutes=minutes),
        SESSION_REFRESH_EACH_REQUEST=True,  # the session ends after `minutes` unused
        WTF_CSRF_TIME_LIMIT=minutes * 60,
        MAX_CONTENT_LENGTH=16 * 1024 * 1024,
    )
    app.extensions[context.EXTENSION] = context.DeskCore(
        config, make_workflow or _workflow_maker(config))
    hops = config.web.trusted_proxies
    if hops:
        # Behind nginx every request comes from 127.0.0.1: the client's address (for login
        # throttling and rate limits), scheme and host are the proxy's X-Forwarded-* headers,
        # believed for exactly `hops` proxies. Without one the headers are ignored: forged.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    # The role matrix runs first, so a request without a session meets the login page before
    # the CSRF check; then CSRFProtect checks every POST.
    app.before_request(_check_access)
    csrf.init_app(app)
    login_manager.init_app(app)
    app.after_request(_security_headers)
    for code in (400, 401, 403, 404, 405, 413, 429, 500):
        app.register_error_handler(code, _http_error)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(KunjunganError, _kunjungan_error)
    app.context_processor(lambda: {"menu": menu(), "akun": context.current_account(),
                                   "role_labels": ROLE_LABELS,
                                   "unit": config.office.visit_place})

    from pipeline.web.accounts_pages import bp as accounts_bp
    from pipeline.web.desk import bp as desk_bp
    from pipeline.web.kiosk import bp as kiosk_bp
    from pipeline.web.public import bp as public_bp

    # Every blueprint of the desk, one line each.
    app.register_blueprint(auth_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(desk_bp)
    app.register_blueprint(kiosk_bp)
    app.register_blueprint(public_bp)
    _limit_public_pages(app, config, public_bp, kiosk_bp)
    return app


def _limit_public_pages(app: Flask, config: Config, *pages: Blueprint) -> None:
    """The pages open without a login answer so many requests a minute to one address (the
    client's, through ProxyFix behind a proxy), each blueprint counted apart, then 429 until
    the minute is over: a scanner of guessed codes is slowed, while a person scanning QR codes
    or a guest at the kiosk never comes near. Counted in this process's memory: the desk is
    one waitress process, and a restart forgetting the counts costs nothing."""
    limiter = Limiter(get_remote_address, app=app, storage_uri="memory://",
                      headers_enabled=True)  # Retry-After on the 429
    per_minute = f"{config.web.public_requests_per_minute}/minute"
    for blueprint in pages:
        limiter.shared_limit(per_minute, scope=blueprint.name)(blueprint)


def _workflow_maker(config: Config) -> Callable[[], Workflow]:
    def make() -> Workflow:
        from pipeline.store.db import Store
        from pipeline.workflow.engine import Workflow

        store = Store(config.database.url, config.database.busy_timeout_seconds)
        return Workflow(config, store)

    return make


def _check_access() -> ResponseReturnValue | None:
    """The role matrix, for every request. An endpoint not in the table is closed."""
    endpoint = request.endpoint
    if endpoint is None:
        return None  # no route: Flask answers 404
    rule = access.ACCESS.get(endpoint)
    if rule is None:
        current_app.logger.error("endpoint %s is not in the role matrix: refused", endpoint)
        abort(403)
    if rule is access.PUBLIC:
        return None
    account = context.current_account()
    if account is None:
        if session.get("_user_id"):  # a session its account has ended (epoch, disabled)
            session.clear()
            flash("Sesi Anda telah berakhir. Silakan masuk lagi.", "info")
        if request.method in ("GET", "HEAD"):
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        abort(401)
    if not access.allows(rule, account.role):
        abort(403)
    return None


def _security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)  # a view may have set its own
    if current_app.config["SESSION_COOKIE_SECURE"]:  # published over https: stay on https
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if request.endpoint != "static":
        response.headers.setdefault("Cache-Control", "no-store")  # pages hold personal data
    return response


_HTTP_MESSAGES = {
    400: "Permintaan tidak dapat diproses.",
    401: "Silakan masuk terlebih dahulu.",
    403: "Anda tidak berhak membuka halaman ini.",
    404: "Halaman tidak ditemukan.",
    405: "Cara membuka halaman ini tidak diizinkan.",
    413: "Berkas atau isian terlalu besar.",
    429: "Terlalu banyak permintaan; tunggu sebentar lalu coba lagi.",
    500: "Terjadi kesalahan pada server. Coba lagi; bila berulang, hubungi admin.",
}


def _http_error(error: HTTPException) -> ResponseReturnValue:
    code = error.code or 500
    message = _HTTP_MESSAGES.get(code, "Permintaan tidak dapat diproses.")
    return render_template("error.html", code=code, message=message), code


def _csrf_error(_error: CSRFError) -> ResponseReturnValue:
    message = ("Formulir ini sudah kedaluwarsa atau tidak sah. Muat ulang halaman, lalu kirim "
               "lagi.")
    return render_template("error.html", code=400, message=message), 400


def _kunjungan_error(error: KunjunganError) -> ResponseReturnValue:
    """A core error no page caught: its Indonesian message, with a fitting status."""
    code = 404 if isinstance(error, NotFoundError) else (
        503 if isinstance(error, DatabaseBusyError) else 400)
    return render_template("error.html", code=code, message=error.message), code
