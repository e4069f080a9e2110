"""For the notification tests: accounts inserted through the store, and a real SMTP server on
loopback (aiosmtpd) that keeps what it receives, or refuses it when told to."""

from __future__ import annotations

import ssl
import subprocess
import time
from collections.abc import Callable
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from postgres_server import free_port as free_port  # the tests' one port finder
from sqlalchemy import text

from pipeline.store import Store

_INSERT_USER = text(
    "INSERT INTO users (username, full_name, role, email, password_hash, official, active,"
    " created_at) VALUES (:username, :full_name, :role, :email, '!', :official, :active, :at)"
)


def add_user(store: Store, username: str, role: str, email: str | None, *,
             full_name: str | None = None, official: str | None = None,
             active: bool = True) -> None:
    """An account as the web desk's account management makes it (its password hash is
    unusable: these accounts only receive mail)."""
    with store.transaction() as conn:
        conn.execute(_INSERT_USER, {
            "username": username, "full_name": full_name or username.title(), "role": role,
            "email": email, "official": official, "active": active,
            "at": datetime.now(UTC).isoformat(),
        })


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key, made by openssl; a client trusts it through
    SSL_CERT_FILE."""
    certificate, key = folder / "smtp-cert.pem", folder / "smtp-key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(certificate)],
        check=True, capture_output=True,
    )
    return certificate, key


class Mailbox:
    """aiosmtpd's handler: keeps each message, or answers `refusal` (e.g. `451 ...`)."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refusal: str | None = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refusal:
            return self.refusal
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]

    def wait(self, condition: Callable[[], bool], seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"mail not received within {seconds} s: "
                                     f"{[m['Subject'] for m in self.messages]}")
            time.sleep(0.1)


class SmtpServer:
    """A real SMTP server on 127.0.0.1 and a free port, until `stop`. With `login`
    (username, password) it takes mail only after that login (over plain SMTP: loopback)."""

    def __init__(self, port: int | None = None, login: tuple[str, str] | None = None,
                 tls: tuple[Path, Path] | None = None) -> None:
        self.port = port or free_port()
        self.mailbox = Mailbox()
        options: dict[str, Any] = {}
        if tls is not None:  # (certificate, key): mail only after STARTTLS
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(*tls)
            options = {"tls_context": context, "require_starttls": True}
        if login is not None:
            wanted = LoginPassword(login[0].encode(), login[1].encode())

            def authenticate(_server: Any, _session: Any, _envelope: Any, _mechanism: str,
                             data: Any) -> AuthResult:
                return AuthResult(success=data == wanted)

            options |= {"authenticator": authenticate, "auth_required": True,
                        "auth_require_tls": False}
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port,
                                     **options)

    def start(self) -> SmtpServer:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()
