"""Every CLI command is documented in the README, and has help text."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from pipeline.cli import cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def command_paths(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    out = []
    for name, command in group.commands.items():
        path = f"{prefix}{name}"
        if isinstance(command, click.Group):
            out += command_paths(command, path + " ")
        else:
            out.append((path, command))
    return out


@pytest.mark.parametrize(("path", "command"), command_paths(cli))
def test_command_is_in_readme_and_has_help(path: str, command: click.Command) -> None:
    assert f"`kunjungan {path}" in README, f"README does not document `kunjungan {path}`"
    assert command.help, f"`kunjungan {path}` has no help text"


def test_readme_starts_with_the_two_commands() -> None:
    block = README.split("```", 2)[1]
    lines = [line.split("#")[0].strip() for line in block.splitlines()[1:] if line.strip()]
    assert lines == ["make run", "make test"]
