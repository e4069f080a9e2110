"""Error types. Each carries a one-line Indonesian message for office staff and an exit code.

Library code raises these; only `pipeline.cli` turns them into output and exit codes.
"""

from __future__ import annotations

import enum


class ExitCode(enum.IntEnum):
    """Every exit code of `kunjungan`, in one table (documented in the README)."""

    OK = 0
    FAILED = 1  # a problem a person can act on; `ingest`: a file went to _gagal; `verify`: not ours
    USAGE = 2
    CONFIG = 3
    NOT_FOUND = 4
    NOT_ALLOWED = 5  # not allowed by the SOP now
    UNREADABLE = 6
    TEMPLATE = 7
    SERVICE_RUNNING = 8
    DATABASE_BUSY = 9
    STORAGE = 10  # a file or folder that cannot be used (full, read-only, no rights)
    INTERRUPTED = 130


class KunjunganError(Exception):
    """Base class: a problem a person can act on. `message` is shown as is, in Indonesian."""

    exit_code = ExitCode.FAILED

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(KunjunganError):
    """A command was called with values that cannot work (bad date, unknown NIP, ...)."""

    exit_code = ExitCode.USAGE


class ConfigError(KunjunganError):
    """The configuration file is missing, unreadable or has a bad key."""

    exit_code = ExitCode.CONFIG


class NotFoundError(KunjunganError):
    """A case, file or template that was asked for does not exist."""

    exit_code = ExitCode.NOT_FOUND


class TransitionError(KunjunganError):
    """The SOP does not allow this action in the case's current state."""

    exit_code = ExitCode.NOT_ALLOWED


class UnreadableLetterError(KunjunganError):
    """An input file cannot be read as a letter (corrupt, encrypted, wrong type, ...).

    `hint` says what the secretary should do; it goes into the note beside the file.
    `maybe_incomplete`: the file may still be arriving (empty, cut short), so the service
    waits a while before calling it broken.
    """

    exit_code = ExitCode.UNREADABLE

    def __init__(self, message: str, hint: str, maybe_incomplete: bool = False) -> None:
        super().__init__(message)
        self.hint = hint
        self.maybe_incomplete = maybe_incomplete


class TemplateError(KunjunganError):
    """A .docx template is broken or uses a variable that does not exist."""

    exit_code = ExitCode.TEMPLATE


class ServiceBusyError(KunjunganError):
    """Another service already watches this inbox."""

    exit_code = ExitCode.SERVICE_RUNNING


class DatabaseBusyError(KunjunganError):
    """Another process held the database's write lock for longer than the configured wait."""

    exit_code = ExitCode.DATABASE_BUSY


class StorageError(KunjunganError):
    """A file or folder cannot be written (disk full, read-only, no rights). What was recorded
    before stays recorded; the message says what and what is still to be done."""

    exit_code = ExitCode.STORAGE


def describe_os_error(error: OSError) -> str:
    """An OSError in the words office staff use, with the path concerned."""
    import errno

    words = {
        errno.ENOSPC: "disk penuh",
        errno.EDQUOT: "kuota disk habis",
        errno.EROFS: "disk hanya-baca",
        errno.EACCES: "tidak ada izin",
        errno.EPERM: "tidak ada izin",
        errno.ENAMETOOLONG: "nama berkas terlalu panjang",
        errno.EIO: "kesalahan baca/tulis pada disk",
    }
    what = words.get(error.errno or 0, error.strerror or type(error).__name__)
    where = f": {error.filename}" if error.filename else ""
    return f"{what}{where}"
