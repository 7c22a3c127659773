"""Every ``cooperlab ...`` command the README shows parses: its group, command and flags exist
and its values have the right types (the generated CLI keeps the documented spellings)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest

from cooperlab.cli import main

README = (Path(__file__).parents[1] / "README.md").read_text().replace("\\\n", " ")
#: Code lines (four-space indent) and inline code; ``[...]`` optional parts and ``...`` dropped.
COMMANDS = sorted({re.sub(r"\[[^\]]*\]|\.\.\.", "", line.split("#")[0]).strip()
                   for line in [*re.findall(r"(?m)^ {4}cooperlab (.+)$", README),
                                *re.findall(r"`cooperlab ([a-z][^`]+)`", README)]})


def test_the_readme_shows_many_commands():
    assert len(COMMANDS) > 40


@pytest.mark.parametrize("line", COMMANDS)
def test_readme_command_parses(line):
    command, rest, parent = main, shlex.split(line), click.Context(main)
    while isinstance(command, click.Group):
        name, command, rest = command.resolve_command(parent, rest)
        parent = click.Context(command, parent=parent)
    if "--help" in rest:
        return
    try:
        command.make_context(name, rest, parent=parent)
    except click.BadParameter as error:  # an input file the README's earlier command writes
        assert "does not exist" in str(error), error
