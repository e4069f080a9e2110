"""The desk's menu: the pages of the role matrix an account may open, in order."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, request, url_for

from pipeline.web import access, context

# The menu, in order; an entry shows when its blueprint is registered and the role may open it.
MENU: tuple[tuple[str, str], ...] = (
    ("desk.index", "Kotak Masuk"),
    ("desk.review", "Periksa"),
    ("desk.search", "Cari"),
    ("desk.register", "Register"),
    ("accounts.index", "Pengguna"),
    ("auth.account", "Akun saya"),
)


@dataclass(frozen=True)
class MenuEntry:
    endpoint: str
    label: str
    url: str
    active: bool


def menu() -> list[MenuEntry]:
    """The menu entries the signed-in account may open."""
    account = context.current_account()
    if account is None:
        return []
    return [
        MenuEntry(endpoint, label, url_for(endpoint), request.endpoint == endpoint)
        for endpoint, label in MENU
        if endpoint in current_app.view_functions
        and access.allows(access.ACCESS.get(endpoint, frozenset()), account.role)
    ]
