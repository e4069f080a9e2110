"""The desk's security (item 8 of the web desk): every route without a session and with every
role against the role matrix, session fixation, expiry and epoch, login throttling, CSRF and
the security headers; one test through a real waitress server beside a real service process."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

import pytest
from conftest import PELAKSANA_NIP, REPO, CliRunner, Office, both_databases
from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import TimestampSigner
from postgres_server import free_port
from test_crash import power_off
from werkzeug.routing import Rule
from werkzeug.test import TestResponse

from pipeline.config import Config
from pipeline.store.db import Store
from pipeline.web import access
from pipeline.web.accounts import ROLES, checked_account, disable, hash_password, set_password
from pipeline.web.app import create_app
from pipeline.web.auth import Throttle
from pipeline.web.server import address

PASSWORD = "kata-sandi-rahasia-1"
LOGIN = "/masuk"


@cache
def password_hash() -> str:
    """One real argon2 hash of PASSWORD for every account (hashing costs most of a test)."""
    return hash_password(PASSWORD)


def add_user(config: Config, store: Store, username: str, role: str) -> None:
    nip = PELAKSANA_NIP if role == "pelaksana" else None
    account = checked_account(config, username, role, full_name=f"Pengguna {role}", nip=nip)
    store.add_account(account.username, account.full_name, account.role, account.email,
                      password_hash(), account.official, datetime.now(UTC))


@pytest.fixture
def desk(office: Office) -> Iterator[tuple[Flask, Store]]:
    """The desk on a fresh office, with one account per role (named after the role)."""
    config = office.config
    store = Store(config.database.url)
    for role in ROLES:
        add_user(config, store, role, role)
    app = create_app(config)
    yield app, store
    app.extensions["kunjungan"].close()
    store.close()


def csrf_token(client: FlaskClient, path: str = LOGIN) -> str:
    page = client.get(path).get_data(as_text=True)
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def try_login(client: FlaskClient, username: str, password: str = PASSWORD) -> TestResponse:
    token = csrf_token(client)
    return client.post(LOGIN, data={"csrf_token": token, "username": username,
                                    "password": password})


def log_in(client: FlaskClient, username: str, password: str = PASSWORD) -> int:
    return try_login(client, username, password).status_code


def sample_url(rule: Rule) -> str:
    """A URL that the rule matches, with made-up values for its arguments."""
    values = {name: "1" if rule._converters[name].regex == r"\d+" else "x"
              for name in rule.arguments}
    url = rule.rule
    for name, value in values.items():
        url = re.sub(rf"<(?:[^:<>]+:)?{name}>", value, url)
    return url


def routes(app: Flask) -> list[tuple[str, str, str]]:
    """(endpoint, method, URL) for every route and method the app answers."""
    return [
        (rule.endpoint, method, sample_url(rule))
        for rule in app.url_map.iter_rules()
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
    ]


def sent_to_login(answer_status: int, location: str | None) -> bool:
    return answer_status == 302 and (location or "").startswith(LOGIN)


def test_every_endpoint_is_in_the_role_matrix(desk: tuple[Flask, Store]) -> None:
    app, _ = desk
    assert set(app.view_functions) == set(access.ACCESS), (
        "every registered endpoint needs its row in pipeline/web/access.py, and no row may "
        "name an endpoint that does not exist")


def test_without_a_session_only_public_routes_answer(desk: tuple[Flask, Store]) -> None:
    app, _ = desk
    client = app.test_client()
    public = 0
    for endpoint, method, url in routes(app):
        answer = client.open(url, method=method)
        closed = sent_to_login(answer.status_code, answer.location) or answer.status_code == 401
        if access.ACCESS[endpoint] is access.PUBLIC:
            public += 1
            assert not closed and answer.status_code != 403, (endpoint, method, answer.status)
        else:
            assert closed, (endpoint, method, answer.status)
    assert public >= 2  # the login page and the static files at least


@pytest.mark.parametrize("role", ROLES)
def test_every_route_with_every_role_follows_the_matrix(desk: tuple[Flask, Store],
                                                        role: str) -> None:
    """Each role against every route: refused (403) exactly where the matrix says so. Forms
    are sent without their CSRF token, so nothing allowed is actually done (400)."""
    app, _ = desk
    client = app.test_client()
    assert log_in(client, role) == 302
    for endpoint, method, url in routes(app):
        answer = client.open(url, method=method)
        assert not sent_to_login(answer.status_code, answer.location), (endpoint, "logged out?")
        if access.allows(access.ACCESS[endpoint], role):
            assert answer.status_code not in (401, 403), (role, endpoint, method, answer.status)
        else:
            assert answer.status_code == 403, (role, endpoint, method, answer.status)
            assert "tidak berhak" in answer.get_data(as_text=True)


def test_readme_shows_the_role_matrix() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Web desk", 1)[1].split("\n## ", 1)[0]
    rows = dict(re.findall(r"^\| `([a-z_.]+)` \| [^|]* \| ([^|]+?) \|$", section, re.M))
    assert rows == {endpoint: access.describe(rule) for endpoint, rule in access.ACCESS.items()}


def test_login_starts_a_new_session_and_a_planted_cookie_stays_anonymous(
        desk: tuple[Flask, Store]) -> None:
    app, _ = desk
    victim = app.test_client()
    token_before = csrf_token(victim)
    planted = victim.get_cookie("kunjungan_sesi")
    assert planted is not None
    assert log_in(victim, "sekretariat") == 302
    after = victim.get_cookie("kunjungan_sesi")
    assert after is not None and after.value != planted.value
    # The attacker who planted the pre-login cookie holds no session by it.
    attacker = app.test_client()
    attacker.set_cookie("kunjungan_sesi", planted.value)
    assert sent_to_login(*_status(attacker.get("/akun")))
    # Nothing of the session before login survives: its CSRF token is refused now.
    answer = victim.post("/akun", data={"csrf_token": token_before, "current": PASSWORD,
                                        "new": "x" * 12, "repeat": "x" * 12})
    assert answer.status_code == 400


def _status(answer: object) -> tuple[int, str | None]:
    return answer.status_code, answer.location  # type: ignore[attr-defined]


def test_login_returns_only_to_a_page_of_this_site(desk: tuple[Flask, Store]) -> None:
    app, _ = desk
    home = "/pengguna/"  # the admin's first page
    for target, landing in (("/akun", "/akun"), ("//evil.example/x", home),
                            ("https://evil.example/", home), ("/\\evil.example", home)):
        client = app.test_client()
        token = csrf_token(client)
        answer = client.post(LOGIN, query_string={"next": target}, data={
            "csrf_token": token, "username": "admin", "password": PASSWORD})
        assert (answer.status_code, answer.location) == (302, landing), target


def test_a_session_unused_longer_than_session_minutes_ends(
        desk: tuple[Flask, Store], monkeypatch: pytest.MonkeyPatch) -> None:
    app, _ = desk
    client = app.test_client()
    assert log_in(client, "kepala_uptd") == 302
    assert client.get("/akun").status_code == 200
    cookie = client.get_cookie("kunjungan_sesi")
    assert cookie is not None and cookie.expires is not None
    minutes = app.permanent_session_lifetime.total_seconds() / 60
    assert minutes == 480  # [web] session_minutes' default
    later = int(time.time() + (minutes + 1) * 60)
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda _self: later)
    assert sent_to_login(*_status(client.get("/akun")))


def test_a_disabled_account_or_a_new_password_ends_its_sessions(
        desk: tuple[Flask, Store]) -> None:
    app, store = desk
    first, second = app.test_client(), app.test_client()
    assert log_in(first, "pelaksana") == 302 and log_in(second, "arsiparis") == 302
    disable(store, "pelaksana")
    assert sent_to_login(*_status(first.get("/akun")))
    assert "Sesi Anda telah berakhir" in first.get(LOGIN).get_data(as_text=True)
    assert log_in(first, "pelaksana") == 403  # the right password, but disabled
    set_password(store, "arsiparis", "kata-sandi-baru-2")
    assert sent_to_login(*_status(second.get("/akun")))
    assert log_in(second, "arsiparis", "kata-sandi-baru-2") == 302


def test_logging_out_ends_a_copied_session_cookie_too(desk: tuple[Flask, Store]) -> None:
    app, _ = desk
    client = app.test_client()
    assert log_in(client, "kepala_dinas") == 302
    copy = client.get_cookie("kunjungan_sesi")
    assert copy is not None
    answer = client.post("/keluar", data={"csrf_token": csrf_token(client, "/akun")})
    assert sent_to_login(*_status(answer))
    thief = app.test_client()
    thief.set_cookie("kunjungan_sesi", copy.value)
    assert sent_to_login(*_status(thief.get("/akun")))


@both_databases
def test_failed_logins_are_slowed_per_account_and_per_address(
        desk: tuple[Flask, Store]) -> None:
    app, store = desk
    client = app.test_client()
    for _ in range(5):
        assert log_in(client, "sekretariat", "salah-salah-salah") == 401
    answer = try_login(client, "sekretariat")  # the right password, but too soon
    assert answer.status_code == 429
    assert 0 < int(answer.headers["Retry-After"]) <= 30
    page = answer.get_data(as_text=True)
    assert "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam" in page
    assert "detik" in page
    # Another account from this address is not held back by the first one's failures...
    assert log_in(app.test_client(), "kepala_dinas") == 302
    # ...until this address has failed too often, whatever the names tried.
    for name in ("a1", "a2", "a3", "a4", "a5"):
        assert log_in(client, name, "salah-salah-salah") == 401
    assert log_in(app.test_client(), "kepala_uptd") == 429
    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "10.0.0.9"
    assert log_in(elsewhere, "kepala_uptd") == 302
    failures, _ = store.login_failures("sekretariat", "127.0.0.1",
                                       datetime.now(UTC) - timedelta(minutes=15))
    assert len(failures) == 5  # a refused try is not counted: the wait does not grow by it


def test_a_forged_forwarded_address_does_not_dodge_the_throttle(
        desk: tuple[Flask, Store]) -> None:
    """Without a trusted proxy (`[web] trusted_proxies`' default, 0) X-Forwarded-For is only
    the client's word: naming a new address with every try changes nothing."""
    app, store = desk
    client = app.test_client()
    for n in range(10):
        client.environ_base["HTTP_X_FORWARDED_FOR"] = f"203.0.113.{n}"
        assert log_in(client, f"tebak{n}", "salah-salah-salah") == 401
    client.environ_base["HTTP_X_FORWARDED_FOR"] = "198.51.100.99"
    assert log_in(client, "kepala_uptd") == 429
    _, by_address = store.login_failures("-", "127.0.0.1",
                                         datetime.now(UTC) - timedelta(minutes=15))
    assert len(by_address) == 10


def test_behind_one_proxy_the_forwarded_address_is_the_one_throttled(office: Office) -> None:
    """Behind nginx (`trusted_proxies = 1`) every request comes from 127.0.0.1; the client is
    the address nginx adds last to X-Forwarded-For, whatever the client wrote before it."""
    text = office.config_path.read_text(encoding="utf-8")
    office.config_path.write_text(text + "\n[web]\ntrusted_proxies = 1\n", encoding="utf-8")
    config = office.config
    store = Store(config.database.url)
    for role in ROLES:
        add_user(config, store, role, role)
    app = create_app(config)

    def through_proxy(client_address: str) -> FlaskClient:
        client = app.test_client()
        client.environ_base["HTTP_X_FORWARDED_FOR"] = client_address
        return client

    attacker = through_proxy("203.0.113.7")
    for n in range(10):
        assert log_in(attacker, f"tebak{n}", "salah-salah-salah") == 401
    assert log_in(attacker, "sekretariat") == 429
    # A header the attacker wrote comes first; nginx appends the real address after it.
    assert log_in(through_proxy("198.51.100.4, 203.0.113.7"), "kepala_dinas") == 429
    # Everyone else behind the same proxy logs in as usual.
    assert log_in(through_proxy("198.51.100.4"), "kepala_uptd") == 302
    _, by_address = store.login_failures("-", "203.0.113.7",
                                         datetime.now(UTC) - timedelta(minutes=15))
    assert len(by_address) == 10
    app.extensions["kunjungan"].close()
    store.close()


def test_the_wait_grows_with_each_failure_up_to_a_limit() -> None:
    throttle = Throttle()
    now = datetime(2026, 9, 6, 9, 0, tzinfo=UTC)
    failures = [now - timedelta(seconds=1)] * 4
    assert throttle.wait(failures, [], now) == timedelta(0)
    waits = [throttle.wait([*failures, *[now] * extra], [], now) for extra in (1, 2, 3, 12)]
    assert waits == [timedelta(seconds=30), timedelta(seconds=60), timedelta(seconds=120),
                     timedelta(minutes=15)]
    # The wait runs from the last failure: once it has passed, the next try may go ahead.
    assert throttle.wait([*failures, now], [], now + timedelta(seconds=31)) == timedelta(0)


def test_forms_without_their_csrf_token_are_refused(desk: tuple[Flask, Store]) -> None:
    app, store = desk
    client = app.test_client()
    answer = client.post(LOGIN, data={"username": "admin", "password": PASSWORD})
    assert answer.status_code == 400
    assert "Formulir ini sudah kedaluwarsa atau tidak sah" in answer.get_data(as_text=True)
    assert log_in(client, "admin") == 302
    before = store.account_named("admin").password_hash
    answer = client.post("/akun", data={"current": PASSWORD, "new": "y" * 12,
                                        "repeat": "y" * 12})
    assert answer.status_code == 400
    assert store.account_named("admin").password_hash == before
    answer = client.post("/pengguna/tambah", data={"username": "susup", "role": "admin",
                                                   "password": "z" * 12})
    assert answer.status_code == 400
    assert "susup" not in {a.username for a in store.accounts()}


def test_security_headers_on_pages_errors_and_assets(desk: tuple[Flask, Store]) -> None:
    app, _ = desk
    client = app.test_client()
    for path in (LOGIN, "/tidak-ada", "/static/desk.css", "/static/desk.js"):
        answer = client.get(path)
        headers = answer.headers
        csp = headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, path
        assert "unsafe-inline" not in csp
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
    page = app.test_client().get(LOGIN)
    html = page.get_data(as_text=True)
    assert "<script>" not in html and "style=" not in html  # no inline script or style
    assert re.search(r'<script src="/static/desk.js"', html)
    cookie = page.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # public_url is http here; https would add it
    assert "Strict-Transport-Security" not in page.headers


def test_session_cookie_is_secure_when_the_desk_is_published_over_https(
        office: Office) -> None:
    text = office.config_path.read_text(encoding="utf-8")
    office.config_path.write_text(
        text + '\n[web]\npublic_url = "https://kunjungan.example.go.id"\n', encoding="utf-8")
    app = create_app(office.config)
    answer = app.test_client().get(LOGIN, base_url="https://kunjungan.example.go.id")
    assert "Secure" in answer.headers["Set-Cookie"]
    assert answer.headers["Strict-Transport-Security"] == "max-age=31536000"
    app.extensions["kunjungan"].close()


def test_the_session_key_is_kept_private_beside_the_config(desk: tuple[Flask, Store],
                                                            office: Office) -> None:
    key = office.root / "kunjungan.web.secret"
    assert key.is_file() and key.stat().st_mode & 0o077 == 0
    assert not (office.outbox / key.name).exists()
    # Made once: a second app (the restarted server) keeps everyone's session.
    app, _ = desk
    client = app.test_client()
    assert log_in(client, "sekretariat") == 302
    again = create_app(office.config)
    other = again.test_client()
    cookie = client.get_cookie("kunjungan_sesi")
    assert cookie is not None
    other.set_cookie("kunjungan_sesi", cookie.value)
    assert other.get("/akun").status_code == 200
    again.extensions["kunjungan"].close()


def _get(url: str) -> tuple[int, dict[str, str], str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.status, dict(answer.headers), answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def _wait_for(url: str, seconds: float = 30) -> tuple[int, dict[str, str], str]:
    deadline = time.monotonic() + seconds
    while True:
        try:
            return _get(url)
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True,
                           check=False)
    return [int(p) for p in found.stdout.split()]


def _web_child(service: int) -> int:
    for child in _children(service):
        command = Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")
        if b"web" in command and b"--parent" in command:
            return child
    raise AssertionError("no web desk process beside the service")


def test_run_serves_the_desk_with_waitress_in_its_own_process(office: Office) -> None:
    """`kunjungan run` prints the address and serves the desk from a child process (waitress,
    not a development server), starts it again when it dies, and stops it on SIGTERM."""
    port = free_port()
    text = office.config_path.read_text(encoding="utf-8")
    office.config_path.write_text(text + f"\n[web]\nport = {port}\n", encoding="utf-8")
    service = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "--config", str(office.config_path), "run"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
        env={"KUNJUNGAN_PDF": "0", "PATH": "/usr/bin:/bin"},
    )
    try:
        base = f"http://127.0.0.1:{port}"
        status, headers, page = _wait_for(f"{base}/masuk")
        assert status == 200 and "Kata sandi" in page
        assert headers["Server"] == "kunjungan"  # waitress, named
        assert headers["X-Frame-Options"] == "DENY"
        status, headers, css = _get(f"{base}/static/desk.css")
        assert status == 200 and headers["Content-Type"].startswith("text/css") and css
        first = _web_child(service.pid)
        # It yields the CPU to intake: niceness is field 19 of /proc/PID/stat.
        assert int(Path(f"/proc/{first}/stat").read_text().rsplit(")", 1)[1].split()[16]) >= 5
        subprocess.run(["kill", "-KILL", str(first)], check=True)
        status, _, _ = _wait_for(f"{base}/masuk")  # started again
        assert status == 200
        second = _web_child(service.pid)
        assert second != first
        service.send_signal(signal.SIGTERM)
        output, _ = service.communicate(timeout=60)
        assert service.returncode == 0
        assert f"Meja layanan web: {base}" in output
        assert "Layanan berhenti." in output
        assert not Path(f"/proc/{second}").exists() or _zombie(second)
    finally:
        if service.poll() is None:
            power_off(service)


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z"
    except FileNotFoundError:
        return True


def test_the_desk_stops_when_the_service_is_killed(office: Office) -> None:
    """A service killed without a chance to stop its desk (SIGKILL) leaves no server behind
    holding the port."""
    port = free_port()
    text = office.config_path.read_text(encoding="utf-8")
    office.config_path.write_text(text + f"\n[web]\nport = {port}\n", encoding="utf-8")
    service = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "--config", str(office.config_path), "run"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        env={"KUNJUNGAN_PDF": "0", "PATH": "/usr/bin:/bin"},
    )
    try:
        _wait_for(f"http://127.0.0.1:{port}/masuk")
        desk_pid = _web_child(service.pid)
    finally:
        power_off(service)  # the service and its workers; the desk runs in a session of its own
    deadline = time.monotonic() + 10
    while Path(f"/proc/{desk_pid}").exists() and not _zombie(desk_pid):
        assert time.monotonic() < deadline, "the desk outlived its service"
        time.sleep(0.2)
    with pytest.raises((urllib.error.URLError, ConnectionError)):
        _get(f"http://127.0.0.1:{port}/masuk")


def test_a_port_already_taken_is_one_line(office: Office, kunjungan: CliRunner) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        text = office.config_path.read_text(encoding="utf-8")
        office.config_path.write_text(text + f"\n[web]\nport = {port}\n", encoding="utf-8")
        done = kunjungan("web")
    assert done.code == 3
    assert done.err.startswith(f"galat: web.port: http://127.0.0.1:{port} tidak dapat dipakai")
    assert len(done.err.strip().splitlines()) == 1



def test_the_address_printed_is_one_people_can_open(office: Office) -> None:
    text = office.config_path.read_text(encoding="utf-8")
    assert address(office.config) == "http://127.0.0.1:8080"
    office.config_path.write_text(text + '\n[web]\nhost = "0.0.0.0"\nport = 80\n',
                                  encoding="utf-8")
    assert address(office.config) == (f"http://{socket.gethostname()}:80 "
                                      "(semua alamat jaringan komputer ini)")
