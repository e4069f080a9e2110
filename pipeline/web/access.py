"""THE role matrix: every endpoint of the desk, and who may open it. One `before_request` hook
(`app.create_app`) applies it to every request; an endpoint missing from the table is refused
to everyone (and a test fails), so a new page is closed until it is given its roles here.

The matrix decides who may open a page or send a form. Whether an action may be taken now,
and by which role, is the core's decision (`Workflow.execute` refuses an action the SOP gives
to another role): the action endpoints are open to every role that takes some SOP step.
README.md shows this table ("Web desk"); a test keeps the two the same.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

from pipeline.web.accounts import ROLES


class Open(enum.Enum):
    """An endpoint that answers without a session."""

    PUBLIC = "publik"


PUBLIC = Open.PUBLIC
Rule = frozenset[str] | Open

EVERY_ACCOUNT: frozenset[str] = frozenset(ROLES)
# Roles that read cases: the four SOP roles and the archivist (an admin manages accounts only).
READERS: frozenset[str] = frozenset(
    {"sekretariat", "kepala_dinas", "kepala_uptd", "pelaksana", "arsiparis"})
# Roles that take SOP steps: the core decides which step each may take.
ACTORS: frozenset[str] = frozenset({"sekretariat", "kepala_dinas", "kepala_uptd", "pelaksana"})
ADMIN: frozenset[str] = frozenset({"admin"})

ACCESS: Mapping[str, Rule] = {
    # Without a session: assets, the login page (the kiosk and the verification page go here).
    "static": PUBLIC,
    "auth.login": PUBLIC,
    # The guest-book kiosk at reception (the core lets it sign today's visits only) and the
    # public verification page.
    "kiosk.index": PUBLIC,
    "kiosk.visit": PUBLIC,
    "kiosk.check_in": PUBLIC,
    "kiosk.check_out": PUBLIC,
    "public.verify_form": PUBLIC,
    "public.verify": PUBLIC,
    # Every account: its own page and logging out.
    "auth.logout": EVERY_ACCOUNT,
    "auth.account": EVERY_ACCOUNT,
    # The desk's pages (desk.py): every role that reads cases; the actions: every role that
    # takes SOP steps (the core refuses a step the SOP gives to another role).
    "desk.index": READERS,
    "desk.index_status": READERS,
    "desk.review": READERS,
    "desk.review_case": READERS,
    "desk.review_save": ACTORS,
    "desk.case": READERS,
    "desk.letter_page": READERS,
    "desk.download": READERS,
    "desk.act": ACTORS,
    "desk.search": READERS,
    "desk.register": READERS,
    "desk.register_download": READERS,
    "desk.register_document": READERS,
    # Accounts, for the admin.
    "accounts.index": ADMIN,
    "accounts.add": ADMIN,
    "accounts.disable_account": ADMIN,
    "accounts.password": ADMIN,
}


def allows(rule: Rule, role: str | None) -> bool:
    """May someone with `role` (None: no session) open an endpoint with this rule?"""
    return rule is PUBLIC or (role is not None and isinstance(rule, frozenset) and role in rule)


def describe(rule: Rule) -> str:
    """The rule in the words of README's table."""
    if rule is PUBLIC:
        return "tanpa masuk (publik)"
    assert isinstance(rule, frozenset)
    return ", ".join(role for role in ROLES if role in rule)
