"""What a page needs from the core, per request: the configuration, the workflow (one per
server thread: a Store holds one database connection, which threads must not share), the
signed-in account and its `Actor`.

Every account acts as `Actor(username, role)`: the event log records the username, and the
core checks the role against the SOP. An arsiparis or admin reads without an Actor (the case
view needs none); any action they tried would be refused by the core, since the SOP gives no
step to those roles (the role matrix already keeps them from the action endpoints).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

from flask import current_app
from flask_login import UserMixin, current_user

from pipeline.config import Config
from pipeline.store.db import Account, Store
from pipeline.workflow.commands import Actor

if TYPE_CHECKING:
    from pipeline.workflow.engine import Workflow

EXTENSION = "kunjungan"


@dataclass(frozen=True)
class DeskUser(UserMixin):  # type: ignore[misc]
    """The signed-in account, as Flask-Login sees it. Its id carries the session epoch: when
    the account's epoch goes up (password changed, account disabled, logged out), every
    session holding the old id stops loading."""

    account: Account

    def get_id(self) -> str:
        return f"{self.account.id}.{self.account.session_epoch}"

    @property
    def role(self) -> str:
        return self.account.role


@dataclass
class DeskCore:
    """Kept in `app.extensions`: the configuration and one workflow per thread."""

    config: Config
    make_workflow: Callable[[], Workflow]
    _local: threading.local = field(default_factory=threading.local)
    _opened: list[Workflow] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def workflow(self) -> Workflow:
        made: Workflow | None = getattr(self._local, "workflow", None)
        if made is None:
            made = self._local.workflow = self.make_workflow()
            with self._lock:
                self._opened.append(made)
        return made

    def close(self) -> None:
        with self._lock:
            for workflow in self._opened:
                workflow.store.close()
            self._opened.clear()


def desk_core() -> DeskCore:
    return cast(DeskCore, current_app.extensions[EXTENSION])


def config() -> Config:
    return desk_core().config


def workflow() -> Workflow:
    return desk_core().workflow()


def store() -> Store:
    return workflow().store


def current_account() -> Account | None:
    """The signed-in account, or None without a session."""
    if not current_user.is_authenticated:
        return None
    return cast(DeskUser, current_user).account


def current_actor() -> Actor:
    """Who acts in a request: the signed-in account's username, in its role."""
    account = current_account()
    if account is None:  # the role matrix lets no request without a session reach an action
        raise RuntimeError("an action without a signed-in account")
    return Actor(account.username, account.role)
