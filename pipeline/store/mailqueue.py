"""The mail queue's rows and statements (tables `users` and `notifications`, revision 0007).

A mail is queued in the transaction of the action that causes it and sent later, apart from
it; `dedupe_key` is unique, so the same reason never queues a second mail. Queue times are
kept in UTC ISO form, so that comparing them as text compares the moments.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import text


@dataclass(frozen=True)
class Recipient:
    """An active account with an e-mail address."""

    username: str
    full_name: str
    role: str
    email: str
    official: str | None  # config key of an official, or a pelaksana's NIP


@dataclass(frozen=True)
class MailDraft:
    """A composed mail, not yet in the queue."""

    recipient: str  # the address
    subject: str
    body: str
    dedupe_key: str
    case_id: int | None


@dataclass(frozen=True)
class Notification:
    """A queued mail and how sending it went."""

    id: int
    case_id: int | None
    recipient: str
    subject: str
    body: str
    dedupe_key: str
    created_at: datetime
    attempts: int
    next_attempt_at: datetime
    sent_at: datetime | None
    last_error: str | None


def queue_time(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def notification_from_row(row: dict[str, object]) -> Notification:
    sent = row["sent_at"]
    return Notification(
        id=int(str(row["id"])),
        case_id=int(str(row["case_id"])) if row["case_id"] is not None else None,
        recipient=str(row["recipient"]),
        subject=str(row["subject"]),
        body=str(row["body"]),
        dedupe_key=str(row["dedupe_key"]),
        created_at=datetime.fromisoformat(str(row["created_at"])),
        attempts=int(str(row["attempts"])),
        next_attempt_at=datetime.fromisoformat(str(row["next_attempt_at"])),
        sent_at=datetime.fromisoformat(str(sent)) if sent else None,
        last_error=str(row["last_error"]) if row["last_error"] is not None else None,
    )


RECIPIENTS_IN_ROLE = text(
    "SELECT username, full_name, role, email, official FROM users"
    " WHERE role = :role AND active AND email IS NOT NULL AND email <> '' ORDER BY id"
)
ALL_RECIPIENTS = text(
    "SELECT username, full_name, role, email, official FROM users"
    " WHERE active AND email IS NOT NULL AND email <> '' ORDER BY id"
)
QUEUE = text(
    "INSERT INTO notifications (case_id, recipient, subject, body, dedupe_key, created_at,"
    " attempts, next_attempt_at)"
    " VALUES (:case_id, :recipient, :subject, :body, :dedupe_key, :at, 0, :at)"
    " ON CONFLICT (dedupe_key) DO NOTHING RETURNING id"
)
DUE = text(
    "SELECT * FROM notifications WHERE sent_at IS NULL AND attempts < :max_attempts"
    " AND next_attempt_at <= :now ORDER BY id LIMIT :limit"
)
POSTPONE = text("UPDATE notifications SET next_attempt_at = :until WHERE id = :id")
MARK_SENT = text(
    "UPDATE notifications SET sent_at = :at, attempts = attempts + 1, last_error = NULL"
    " WHERE id = :id"
)
MARK_FAILED = text(
    "UPDATE notifications SET attempts = attempts + 1, next_attempt_at = :retry_at,"
    " last_error = :error WHERE id = :id"
)
RECENT = text("SELECT * FROM notifications ORDER BY id DESC LIMIT :limit")
UNSENT = text("SELECT * FROM notifications WHERE sent_at IS NULL ORDER BY id")
