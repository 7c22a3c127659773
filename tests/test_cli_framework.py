"""The generated CLI: options follow the dataclass fields (defaults, units, types, ranges)."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from typing import Literal

import click
import numpy as np
import pytest
from click.testing import CliRunner

from cooperlab.cli import main
from cooperlab.cli.app import ALIASES, LAZY_COMMANDS
from cooperlab.cli.generate import build, options_from
from cooperlab.moire import ContinuumModel, FlatBandPairingModel
from cooperlab.results import field_label


@dataclasses.dataclass(frozen=True)
class Inner:
    """Inner.

    Parameters
    ----------
    width_um : float
        Strip width.
    """

    width_um: float = 2.0


@dataclasses.dataclass(frozen=True)
class Outer:
    """Outer.

    Parameters
    ----------
    temperature : float
        Temperature in units of t.
    kind : {1, -1}
        Valley.
    """

    RENAMED_FIELDS = {"T": "temperature"}
    inner: Inner = dataclasses.field(default_factory=Inner)
    temperature: float = dataclasses.field(default=0.1, metadata=field_label("t", "T"))
    kind: Literal[1, -1] = 1
    flag: bool = True


def _command(sweepable: bool = False) -> click.Command:
    @click.command()
    @options_from(Outer, prefix="m__", sweepable=sweepable)
    def command(**values: object) -> None:
        built, swept = build(Outer, values, prefix="m__")
        click.echo(repr((built, {k: [float(x) for x in v] for k, v in swept.items()})))

    return command


def test_options_follow_fields_types_units_and_old_names():
    runner = CliRunner()
    text = runner.invoke(_command(), ["--help"]).output
    assert "--width-um, --width" in text and "[um]" in text and "[default: 2.0]" in text
    assert "Temperature in units of t. [t]" in text and "--T " not in text  # old name: hidden
    assert "--flag / --no-flag" in text and "[1|-1]" in text
    out = runner.invoke(_command(), ["--width", "3", "--T", "0.5", "--kind", "-1", "--no-flag"])
    assert out.output.strip() == repr((Outer(Inner(3.0), 0.5, -1, False), {}))
    assert runner.invoke(_command(), []).output.strip() == repr((Outer(), {}))


def test_ranges_sweep_only_where_allowed_and_bad_ranges_are_one_line():
    runner = CliRunner()
    out = runner.invoke(_command(sweepable=True), ["--temperature", "0.1:0.3:3"])
    swept = [float(x) for x in np.linspace(0.1, 0.3, 3)]
    assert out.output.strip() == repr((Outer(), {"temperature": swept}))
    assert runner.invoke(_command(), ["--temperature", "0.1:0.3:3"]).exit_code == 2
    bad = runner.invoke(_command(sweepable=True), ["--temperature", "0.1:0.3"])
    assert "--temperature must be a number or start:stop:count" in str(bad.exception)


@pytest.mark.parametrize("command", ["bands", "dos", "pairing", "phase-diagram", "stm-map",
                                     "hartree-fock", "sweep", "stm", "ldos", "geometry"])
def test_moire_help_shows_units_and_defaults_of_the_library(command):
    text = CliRunner().invoke(main, ["tbg", command, "--help"]).output
    assert "[degree]" in text and "[meV]" in text
    assert f"[default: {ContinuumModel().w1_meV}]" in text


def test_pairing_defaults_build_the_library_default_model():
    result = CliRunner().invoke(main, ["moire", "pairing", "--help"])
    assert f"[default: {FlatBandPairingModel().nu}]" in result.output


def test_top_level_help_imports_no_group():
    code = ("import sys; from cooperlab.cli import app; from click.testing import CliRunner; "
            "CliRunner().invoke(app.main, ['--help']); "
            "print(sorted(m for m in sys.modules if m.startswith('cooperlab.cli.')))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout
    assert "cooperlab.cli.moire" not in loaded and "cooperlab.cli.app" in loaded


def test_every_group_and_alias_resolves():
    for name in [*LAZY_COMMANDS, *ALIASES]:
        assert CliRunner().invoke(main, [name, "--help"]).exit_code == 0, name
