"""Sending queued mail over SMTP, apart from the actions that queued it.

Each pass claims the mails that are due (putting them off for a while, so that a second sender
on the same database passes them by), sends them over one connection, and records each
outcome: sent, or failed with the error and a later time to try again (doubling from one
minute up to an hour, `MAX_ATTEMPTS` times in all).
"""

from __future__ import annotations

import logging
import os
import smtplib
import ssl
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from pipeline.config import Mail
from pipeline.store import Store
from pipeline.store.mailqueue import Notification

log = logging.getLogger(__name__)

# About a day of trying, at most an hour apart; then the mail stays listed as failed.
MAX_ATTEMPTS = 30
MAX_RETRY_DELAY = timedelta(hours=1)
# How long a claimed mail is left to its sender before another may try it.
CLAIM = timedelta(minutes=10)
BATCH = 50
SMTP_TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class SendReport:
    sent: int
    failed: int
    last_error: str | None = None


class MailSetupError(Exception):
    """The settings cannot work as they are (a password variable not set)."""


def retry_delay(attempts: int) -> timedelta:
    """How long after its `attempts`-th failure a mail is tried again."""
    return min(timedelta(minutes=2 ** min(attempts - 1, 10)), MAX_RETRY_DELAY)


def send_due(store: Store, mail: Mail, now: datetime | None = None) -> SendReport:
    """Send one batch of due mail. Never raises for a mail server's failure: each mail records
    it and is tried again later."""
    now = now or datetime.now(UTC)
    with store.transaction() as conn:
        due = store.claim_due_notifications(conn, now, now + CLAIM, MAX_ATTEMPTS, BATCH)
    if not due:
        return SendReport(0, 0)
    try:
        smtp = _open(mail)
    except (OSError, smtplib.SMTPException, MailSetupError) as exc:
        problem = _describe(exc)
        log.warning("mail server %s:%d: %s; %d mail(s) to try again later", mail.host,
                    mail.port, problem, len(due))
        _record_failures(store, due, now, problem)
        return SendReport(0, len(due), problem)
    sent = failed = 0
    error: str | None = None
    try:
        for index, notification in enumerate(due):
            try:
                smtp.send_message(_message(notification, mail.sender, now))
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused,
                    smtplib.SMTPDataError) as exc:  # this mail only
                error = _describe(exc)
                log.warning("mail %d to %s refused: %s", notification.id,
                            notification.recipient, error)
                _record_failures(store, [notification], now, error)
                failed += 1
                continue
            except (OSError, smtplib.SMTPException) as exc:  # the connection is gone
                error = _describe(exc)
                log.warning("mail server %s:%d: %s; %d mail(s) to try again later",
                            mail.host, mail.port, error, len(due) - index)
                _record_failures(store, due[index:], now, error)
                failed += len(due) - index
                break
            with store.transaction() as conn:
                store.mark_notification_sent(conn, notification.id, datetime.now(UTC))
            sent += 1
    finally:
        with suppress(OSError, smtplib.SMTPException):
            smtp.quit()
    if sent:
        log.info("sent %d mail(s)", sent)
    return SendReport(sent, failed, error)


def send_all_due(store: Store, mail: Mail) -> SendReport:
    """Batches until nothing is due (a mail failing now is due again only later)."""
    sent = failed = 0
    error = None
    while True:
        report = send_due(store, mail)
        sent, failed = sent + report.sent, failed + report.failed
        error = report.last_error or error
        if report.sent + report.failed < BATCH:
            return SendReport(sent, failed, error)


def password_missing(mail: Mail) -> bool:
    """A login is set but the environment variable meant to hold its password is not."""
    return bool(mail.username) and os.environ.get(mail.password_env) is None


def _open(mail: Mail) -> smtplib.SMTP:
    if password_missing(mail):
        raise MailSetupError(f"environment variable {mail.password_env} (the password of "
                             f"{mail.username}) is not set")
    password = os.environ.get(mail.password_env)
    smtp = smtplib.SMTP(mail.host, mail.port, timeout=SMTP_TIMEOUT_SECONDS)
    try:
        if mail.starttls:
            smtp.starttls(context=ssl.create_default_context())
        if mail.username and password is not None:
            smtp.login(mail.username, password)
    except BaseException:
        smtp.close()
        raise
    return smtp


def _message(notification: Notification, sender: str, now: datetime) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = notification.recipient
    message["Subject"] = notification.subject
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(f"kunjungan.{notification.id}")
    message["Auto-Submitted"] = "auto-generated"  # no out-of-office replies
    message.set_content(notification.body)
    return message


def _record_failures(store: Store, failed: Sequence[Notification], now: datetime,
                     error: str) -> None:
    with store.transaction() as conn:
        for notification in failed:
            retry_at = now + retry_delay(notification.attempts + 1)
            store.mark_notification_failed(conn, notification.id, retry_at, error)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, refusal = next(iter(exc.recipients.values()))
        return f"recipient refused ({code} {refusal.decode(errors='replace')})"
    if isinstance(exc, smtplib.SMTPResponseException):
        reply: bytes | str = exc.smtp_error
        text = reply.decode(errors="replace") if isinstance(reply, bytes) else reply
        return f"{exc.smtp_code} {text}"
    return f"{type(exc).__name__}: {exc}"
