"""Load the SOP data file and check it once at start: states, actions, transitions, documents."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from pipeline.errors import ConfigError

NUMBER_SEQUENCES = frozenset({"agenda", "surat_keluar", "surat_tugas"})


@dataclass(frozen=True)
class State:
    name: str
    label: str
    final: bool
    waiting: str


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    role: str
    from_states: tuple[str, ...]
    to: str  # "" keeps the current state
    step: int | None
    documents: tuple[str, ...]
    numbers: tuple[str, ...]
    guards: tuple[str, ...]
    standard_minutes: int | None
    receipt: str | None
    receipt_from: tuple[str, ...]
    rerender: bool


@dataclass(frozen=True)
class Signature:
    """A document signed on paper; a signed return may record `advance` on the case."""

    document: str
    advance: str | None


@dataclass(frozen=True)
class Sop:
    states: Mapping[str, State]
    actions: Mapping[str, Action]
    signatures: Mapping[str, Signature]

    def state(self, name: str) -> State:
        return self.states[name]

    def action(self, name: str) -> Action:
        return self.actions[name]

    def order(self, state: str) -> int:
        return list(self.states).index(state)


def load_sop(
    document_kinds: frozenset[str], guards: frozenset[str], text: str | None = None
) -> Sop:
    """Parse and check the SOP (the packaged `sop.toml` unless `text` is given)."""
    if text is None:
        text = resources.files("pipeline.workflow").joinpath("sop.toml").read_text("utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"sop.toml: bukan TOML yang valid ({exc})") from exc
    states = {s["name"]: _state(s) for s in data.get("states", [])}
    actions = {a["name"]: _action(a) for a in data.get("actions", [])}
    signatures = {
        s["document"]: Signature(s["document"], s.get("advance"))
        for s in data.get("signatures", [])
    }
    sop = Sop(states=states, actions=actions, signatures=signatures)
    _check(sop, document_kinds, guards)
    return sop


def _state(raw: Mapping[str, Any]) -> State:
    return State(
        name=raw["name"],
        label=raw.get("label", raw["name"]),
        final=bool(raw.get("final", False)),
        waiting=raw.get("waiting", ""),
    )


def _action(raw: Mapping[str, Any]) -> Action:
    return Action(
        name=raw["name"],
        label=raw.get("label", raw["name"]),
        role=raw["role"],
        from_states=tuple(raw.get("from", ())),
        to=raw.get("to", ""),
        step=raw.get("step"),
        documents=tuple(raw.get("documents", ())),
        numbers=tuple(raw.get("numbers", ())),
        guards=tuple(raw.get("guards", ())),
        standard_minutes=raw.get("standard_minutes"),
        receipt=raw.get("receipt"),
        receipt_from=tuple(raw.get("receipt_from", ())),
        rerender=bool(raw.get("rerender", False)),
    )


def _check(sop: Sop, document_kinds: frozenset[str], guards: frozenset[str]) -> None:
    problems: list[str] = []
    for action in sop.actions.values():
        targets = [action.to] if action.to else []
        for state in (*action.from_states, *action.receipt_from, *targets):
            if state not in sop.states:
                problems.append(f"aksi {action.name}: status {state!r} tidak ada")
        problems += [f"aksi {action.name}: dokumen {d!r} tidak dikenal"
                     for d in action.documents if d not in document_kinds]
        problems += [f"aksi {action.name}: urutan nomor {n!r} tidak dikenal"
                     for n in action.numbers if n not in NUMBER_SEQUENCES]
        problems += [f"aksi {action.name}: pemeriksaan {g!r} tidak dikenal"
                     for g in action.guards if g not in guards]
        if action.receipt and action.receipt not in sop.actions:
            problems.append(f"aksi {action.name}: aksi penerimaan {action.receipt!r} tidak ada")
        for state in action.from_states:
            if state in sop.states and sop.states[state].final:
                problems.append(f"aksi {action.name}: berangkat dari status akhir {state}")
    for signature in sop.signatures.values():
        if signature.document not in document_kinds:
            problems.append(f"tanda tangan: dokumen {signature.document!r} tidak dikenal")
        if signature.advance and signature.advance not in sop.actions:
            problems.append(f"tanda tangan {signature.document}: aksi {signature.advance!r} "
                            "tidak ada")
    if not any(not a.from_states for a in sop.actions.values()):
        problems.append("tidak ada aksi registrasi (aksi tanpa 'from')")
    if problems:
        raise ConfigError("sop.toml: " + problems[0])
