"""Load the SOP data file and check it once at start: states, actions, transitions, documents,
roles, effects, chained steps. Anything it names that the code does not know stops the program
with one line, so renaming an action there can never silently drop what it records."""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from importlib import resources
from typing import Any

from pipeline.errors import ConfigError, KunjunganError

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
    role: str  # the role the SOP gives the step to (whom it waits on)
    roles: tuple[str, ...]  # every role that may take it: `role` first
    from_states: tuple[str, ...]
    to: str  # "" keeps the current state
    step: int | None
    documents: tuple[str, ...]
    numbers: tuple[str, ...]
    guards: tuple[str, ...]
    standard_minutes: int | None
    standard_from_visit: bool  # the standard counts from the visit's time, not the last event
    receipt: str | None
    receipt_from: tuple[str, ...]
    rerender: bool
    effect: str
    then: str | None  # an action recorded right after this one when the case can take it


@dataclass(frozen=True)
class Signature:
    """A document signed on paper; a signed return may record `advance` on the case."""

    document: str
    signer: str
    advance: str | None
    advance_with: Mapping[str, Any]  # the advanced action's command, as the paper states it


@dataclass(frozen=True)
class Sop:
    states: Mapping[str, State]
    actions: Mapping[str, Action]
    signatures: Mapping[str, Signature]
    roles: Mapping[str, str]  # name -> label
    register: str  # the action that registers a letter read whole
    register_for_review: str  # ... one a person must check first

    def role_label(self, role: str) -> str:
        return self.roles.get(role, role)

    def state(self, name: str) -> State:
        return self.states[name]

    def action(self, name: str) -> Action:
        return self.actions[name]

    def order(self, state: str) -> int:
        return list(self.states).index(state)

    def next_steps(self, state: str) -> tuple[Action, ...]:
        """The numbered SOP steps a case in `state` waits for (whose turn it is); in a state
        outside the numbered steps (perlu diperiksa), the actions that move it on."""
        numbered = tuple(a for a in self.actions.values()
                         if state in a.from_states and a.step is not None)
        return numbered or tuple(
            a for a in self.actions.values()
            if state in a.from_states and a.to and a.to != state and not self.state(a.to).final)


@dataclass(frozen=True)
class Vocabulary:
    """What the code knows, for the SOP to be checked against: document kinds, guards, and
    effects with the command type each takes (None: no parameters)."""

    document_kinds: frozenset[str]
    guards: frozenset[str]
    effects: Mapping[str, type | None]
    commands: Mapping[str, type]  # action name -> the command people give for it


def load_sop(known: Vocabulary, text: str | None = None) -> Sop:
    """Parse and check the SOP (the packaged `sop.toml` unless `text` is given)."""
    if text is None:
        text = resources.files("pipeline.workflow").joinpath("sop.toml").read_text("utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"sop.toml: bukan TOML yang valid ({exc})") from exc
    try:
        states = {s["name"]: _state(s) for s in data.get("states", [])}
        actions = {a["name"]: _action(a) for a in data.get("actions", [])}
        signatures = {
            s["document"]: Signature(s["document"], s["signer"], s.get("advance"),
                                     dict(s.get("advance_with", {})))
            for s in data.get("signatures", [])
        }
        registration = data.get("registration", {})
        sop = Sop(states=states, actions=actions, signatures=signatures,
                  roles=dict(data.get("roles", {})), register=registration["action"],
                  register_for_review=registration["for_review"])
    except KeyError as exc:
        raise ConfigError(f"sop.toml: kunci {exc.args[0]!r} wajib diisi") from exc
    _check(sop, known)
    return sop


def _state(raw: Mapping[str, Any]) -> State:
    return State(
        name=raw["name"],
        label=raw.get("label", raw["name"]),
        final=bool(raw.get("final", False)),
        waiting=raw.get("waiting", ""),
    )


def _action(raw: Mapping[str, Any]) -> Action:
    roles = _roles(raw["name"], raw["role"])
    return Action(
        name=raw["name"],
        label=raw.get("label", raw["name"]),
        role=roles[0],
        roles=roles,
        from_states=tuple(raw.get("from", ())),
        to=raw.get("to", ""),
        step=raw.get("step"),
        documents=tuple(raw.get("documents", ())),
        numbers=tuple(raw.get("numbers", ())),
        guards=tuple(raw.get("guards", ())),
        standard_minutes=raw.get("standard_minutes"),
        standard_from_visit=_standard_from(raw["name"], raw.get("standard_from", "event")),
        receipt=raw.get("receipt"),
        receipt_from=tuple(raw.get("receipt_from", ())),
        rerender=bool(raw.get("rerender", False)),
        effect=raw["effect"],
        then=raw.get("then"),
    )


def _standard_from(action: str, raw: object) -> bool:
    if raw not in ("event", "visit"):
        raise ConfigError(f"sop.toml: aksi {action}: 'standard_from' harus \"event\" atau "
                          "\"visit\"")
    return raw == "visit"


def _roles(action: str, raw: object) -> tuple[str, ...]:
    """An action's `role`: one role, or a list whose first is the one the step waits on (the
    others may take it too, e.g. a guest signing the guest book at the kiosk)."""
    roles = (raw,) if isinstance(raw, str) else tuple(raw) if isinstance(raw, list) else ()
    if not roles or not all(isinstance(role, str) and role for role in roles):
        raise ConfigError(f"sop.toml: aksi {action}: 'role' harus nama peran atau daftar nama "
                          "peran")
    return roles


def _check(sop: Sop, known: Vocabulary) -> None:
    problems: list[str] = []
    for action in sop.actions.values():
        targets = [action.to] if action.to else []
        for state in (*action.from_states, *action.receipt_from, *targets):
            if state not in sop.states:
                problems.append(f"aksi {action.name}: status {state!r} tidak ada")
        problems += [f"aksi {action.name}: dokumen {d!r} tidak dikenal"
                     for d in action.documents if d not in known.document_kinds]
        problems += [f"aksi {action.name}: urutan nomor {n!r} tidak dikenal"
                     for n in action.numbers if n not in NUMBER_SEQUENCES]
        problems += [f"aksi {action.name}: pemeriksaan {g!r} tidak dikenal"
                     for g in action.guards if g not in known.guards]
        problems += [f"aksi {action.name}: peran {role!r} tidak ada di [roles]"
                     for role in action.roles if role not in sop.roles]
        problems += _effect_problems(action, known)
        for linked, what in ((action.receipt, "aksi penerimaan"), (action.then, "aksi lanjutan")):
            if linked and linked not in sop.actions:
                problems.append(f"aksi {action.name}: {what} {linked!r} tidak ada")
        for state in action.from_states:
            if state in sop.states and sop.states[state].final:
                problems.append(f"aksi {action.name}: berangkat dari status akhir {state}")
    for name in known.commands:
        if name not in sop.actions:
            problems.append(f"aksi {name!r} tidak ada, padahal perintahnya ada")
    for signature in sop.signatures.values():
        if signature.document not in known.document_kinds:
            problems.append(f"tanda tangan: dokumen {signature.document!r} tidak dikenal")
        if signature.signer not in sop.roles:
            problems.append(f"tanda tangan {signature.document}: peran {signature.signer!r} "
                            "tidak ada di [roles]")
        if signature.advance and signature.advance not in sop.actions:
            problems.append(f"tanda tangan {signature.document}: aksi {signature.advance!r} "
                            "tidak ada")
        elif signature.advance:
            problems += _advance_problems(signature, sop.actions[signature.advance], known)
    for registration in (sop.register, sop.register_for_review):
        registers = sop.actions.get(registration)
        if registers is None or registers.from_states:
            problems.append(f"registration: {registration!r} bukan aksi registrasi (tanpa 'from')")
    if problems:
        raise ConfigError("sop.toml: " + problems[0])


def _effect_problems(action: Action, known: Vocabulary) -> list[str]:
    if action.effect not in known.effects:
        return [f"aksi {action.name}: efek {action.effect!r} tidak dikenal"]
    wanted = known.effects[action.effect]
    command = known.commands.get(action.name)
    takes_values = command is not None and bool(fields(command))
    if wanted is not None and wanted is not command:
        return [f"aksi {action.name}: efek {action.effect!r} tidak cocok dengan perintahnya"]
    if wanted is None and takes_values:
        return [f"aksi {action.name}: efek 'none' akan membuang isian perintahnya"]
    return []


def _advance_problems(signature: Signature, action: Action, known: Vocabulary) -> list[str]:
    command: Callable[..., object] | None = known.effects.get(action.effect)
    if command is None:
        return []
    try:
        command(**signature.advance_with)
    except (TypeError, KunjunganError) as exc:
        return [f"tanda tangan {signature.document}: advance_with tidak valid ({exc})"]
    return []
