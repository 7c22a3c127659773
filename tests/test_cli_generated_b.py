"""The generated ``hubbard``, ``gl`` and ``fluctuations`` (``rpa``) commands: every ``--help``
shows defaults and units, and a:b:n options sweep."""

import json

import pytest
from click.testing import CliRunner

from cooperlab.cli import fluctuations, gl, hubbard, main

#: Per group: an option whose help must show its units, per command that has it.
UNITS = {
    "hubbard": (hubbard.group, {"--U FLOAT": "units of t", "--beta FLOAT": "[1/t]",
                                "--temperature FLOAT": "units of t"}),
    "gl": (gl.group, {"--xi-um, --xi FLOAT": "[um]", "--field-mT": "[mT]", "--phi": "[deg]",
                      "--b NUMBERS": "[Bc2]"}),
    "rpa": (fluctuations.group, {"--temperature FLOAT": "model units", "--gap-amplitude": "|t1|",
                                 "--temperature-K": "[K]"}),
}


def _help(*args):
    result = CliRunner().invoke(main, [*args, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("name", sorted(UNITS))
def test_every_command_help_shows_defaults_and_units(name):
    group, units = UNITS[name]
    found = set()
    for command in group.commands:
        text = _help(name, command)
        assert "[default: " in text, (name, command)
        for option, unit in units.items():
            line = next((row for row in text.splitlines() if row.strip().startswith(option)),
                        None)
            if line is not None:
                assert unit in line, (name, command, line)
                found.add(option)
    assert found == set(units)          # every listed option appears in some command


def test_defaults_in_help_are_the_models_and_the_commands():
    assert "[default: square:4x4]" in _help("hubbard", "ed")
    assert "[default: square:8x4]" in _help("hubbard", "stripes")    # the stripes cluster
    assert "[default: 0.25]" in _help("hubbard", "dqmc").split("--temperature")[1].split("\n")[0]
    film = _help("gl", "film")
    assert "--time FLOAT" in film and "[default: 100.0]" in film.split("--time")[1]
    assert "[default: 0:60:13]" in _help("gl", "mh")
    assert "[default: 240]" in _help("rpa", "resonance").split("--n-mesh")[1].split("\n")[0]


def test_fluctuations_is_rpa():
    assert _help("fluctuations", "chi") == _help("rpa", "chi").replace("rpa", "fluctuations")


def test_rpa_sweep_and_pairing_diagram_sweep_a_b_n(tmp_path):
    result = CliRunner().invoke(main, ["rpa", "sweep", "--model", "square", "--T", "0.2",
                                       "--nk", "8", "--U", "0.5:1.0:3", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["n_points"] == 3 and data["params"]["U"]["last"] == 1.0
    bad = CliRunner().invoke(main, ["rpa", "sweep", "--nk", "8", "--U", "0.5:1"])
    assert bad.exit_code == 2 and "--U" in bad.output


def test_gl_field_range_sweeps_and_keeps_the_points_next_to_out(tmp_path):
    out = tmp_path / "mh.nc"
    result = CliRunner().invoke(main, ["gl", "mh", "--field-mT", "0,5:10:2", "--radius-um",
                                       "0.3", "--time", "1", "--grid-xi", "0.5", "--json",
                                       "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["points"] == 3
    assert (tmp_path / "mh.nc.points").is_dir()


def test_hubbard_chains_store_next_to_out(tmp_path):
    out = tmp_path / "qmc.nc"
    result = CliRunner().invoke(main, [
        "hubbard", "dqmc", "--lattice", "square:2x2", "--beta", "1", "--warmup", "2",
        "--sweeps", "10", "--chains", "2", "--executor", "serial", "--json", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["n_chains"] == 2
    assert (tmp_path / "qmc.nc.points").is_dir()


@pytest.mark.parametrize("flag, triplet", [([], True), (["--singlet-only"], False),
                                           (["--no-triplet"], False)])
def test_rpa_pairing_keeps_singlet_only(flag, triplet):
    result = CliRunner().invoke(main, ["rpa", "pairing", "--model", "square", "--U", "1",
                                       "--T", "0.2", "--nk", "8", "--json", *flag])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)["convergence"]
    assert data["discretisation"]["triplet"] is triplet
    assert ("triplet" in data["eigen_residual"]) is triplet
