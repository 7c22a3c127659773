"""Generated commands of the pairing, circuits and bdg groups: --help shows the units and
defaults of the library's fields, and a:b:n ranges sweep where a command is sweepable."""

import json
import re

import pytest
from click.testing import CliRunner

import cooperlab as cl
from cooperlab.cli import main


def help_text(*command):
    result = CliRunner().invoke(main, [*command, "--help"], terminal_width=240)
    assert result.exit_code == 0, result.output
    return result.output


def option_line(text, flag):
    """The help of the option whose first flag is ``flag`` (its lines joined)."""
    block = re.search(rf"^  {flag}\b.*?(?=^  -|\Z)", text, re.M | re.S)
    assert block, f"{flag} not in help"
    return " ".join(block.group(0).split())


@pytest.mark.parametrize(("command", "flag", "units", "default"), [
    (("pairing", "tc"), "--omega-log-meV", "[meV]", None),
    (("pairing", "tc"), "--cutoff-factor", None, "[default: 10.0]"),
    (("tc",), "--unit", None, "[default: meV]"),
    (("bcs",), "--tc-K", "[K]", None),
    (("pairing", "bcs"), "--n-temperatures", None, "[default: 121]"),
    (("pairing", "bcs"), "--london-depth-0-nm", "[nm]", None),
])
def test_pairing_help_lists_units_and_defaults(command, flag, units, default):
    line = option_line(help_text(*command), flag)
    assert (units is None or units in line) and (default is None or default in line)


@pytest.mark.parametrize(("command", "flag", "units", "default"), [
    ("junction", "--temperature-K", "[K]", "[default: 0.0]"),
    ("junction", "--rn-ohm", "[ohm]", "[required]"),
    ("interconnect", "--width-um", "[um]", "[default: 1.0]"),
    ("interconnect", "--normal-resistivity-uohm-cm", "[uOhm cm]", "[default: 0.02]"),
    ("transmon", "--EJ", "(GHz", "[required]"),
    ("fluxonium", "--flux", "Phi_0", "[default: 0.5]"),
    ("engine", "--period", "ns", "[default: 10.0]"),
])
def test_circuits_help_lists_units_and_defaults(command, flag, units, default):
    line = option_line(help_text("circuits", command), flag)
    assert units in line and default in line


def test_circuits_float_options_take_no_range():
    """No circuits command is sweepable: a:b:n is a usage error (the qubits sweep with
    --sweep-ng / --sweep-flux)."""
    result = CliRunner().invoke(main, ["circuits", "transmon", "--EJ", "30", "--EC", "1",
                                       "--ng", "0:1:3"])
    assert result.exit_code == 2 and "--ng" in result.output


@pytest.mark.parametrize(("command", "flag", "units", "default"), [
    ("solve", "--temperature", "units of t", "[default: 0.0]"),
    ("solve", "--n-moments", "Chebyshev", "[default: 512]"),
    ("uniform", "--U", "units of t", "[default: -2.0]"),
    ("jstm", "--tip-gap", "units of t", "[required]"),
    ("jstm", "--n-moments", "Chebyshev", "[default: 256]"),
    ("spectra", "--energy", "[t]", "[default: -1.5:1.5:31]"),
    ("spectra", "--solver", "kpm", "[default: kpm]"),
    ("disorder-sweep", "--disorder", "[t]", "[default: 0:2:5]"),
])
def test_bdg_help_lists_units_and_defaults(command, flag, units, default):
    line = option_line(help_text("bdg", command), flag)
    assert units in line and default in line


def test_bdg_disorder_range_sweeps(tmp_path):
    result = CliRunner().invoke(main, [
        "bdg", "disorder-sweep", "--lattice", "square:4x4", "--U", "-2.5", "--mu", "-0.4",
        "--disorder", "0.2:0.6:3", "--realisations", "1", "--json",
        "--out", str(tmp_path / "sweep.nc")])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["n_points"] == 3
    swept = cl.load(tmp_path / "sweep.nc").to_xarray()
    assert swept["disorder"].values.tolist() == pytest.approx([0.2, 0.4, 0.6])
    single = CliRunner().invoke(main, [
        "bdg", "disorder-sweep", "--lattice", "square:4x4", "--disorder", "0.3",
        "--realisations", "1", "--json"])
    assert json.loads(single.output)["n_points"] == 1
