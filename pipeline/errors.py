"""Error types. Each carries a one-line Indonesian message for office staff and an exit code.

Library code raises these; only `pipeline.cli` turns them into output and exit codes.
"""

from __future__ import annotations


class KunjunganError(Exception):
    """Base class: a problem a person can act on. `message` is shown as is, in Indonesian."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(KunjunganError):
    """A command was called with values that cannot work (bad date, unknown NIP, ...)."""

    exit_code = 2


class ConfigError(KunjunganError):
    """The configuration file is missing, unreadable or has a bad key."""

    exit_code = 3


class NotFoundError(KunjunganError):
    """A case, file or template that was asked for does not exist."""

    exit_code = 4


class TransitionError(KunjunganError):
    """The SOP does not allow this action in the case's current state."""

    exit_code = 5


class UnreadableLetterError(KunjunganError):
    """An input file cannot be read as a letter (corrupt, encrypted, wrong type, ...).

    `hint` says what the secretary should do; it goes into the note beside the file.
    `maybe_incomplete`: the file may still be arriving (empty, cut short), so the service
    waits a while before calling it broken.
    """

    exit_code = 6

    def __init__(self, message: str, hint: str, maybe_incomplete: bool = False) -> None:
        super().__init__(message)
        self.hint = hint
        self.maybe_incomplete = maybe_incomplete


class TemplateError(KunjunganError):
    """A .docx template is broken or uses a variable that does not exist."""

    exit_code = 7


class ServiceBusyError(KunjunganError):
    """Another service already watches this inbox."""

    exit_code = 8
