"""`cooperlab circuits ...` commands and their JSON keys."""

import json

import pytest
from click.testing import CliRunner

import cooperlab as cl
from cooperlab.cli import main


def invoke(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_junction_transmon_fluxonium_json(tmp_path):
    jj = json.loads(invoke("circuits", "junction", "--tc-K", "1.2", "--rn-ohm", "1000",
                           "--T-K", "0.6", "--json").output)
    assert 200 < jj["ic_nA"] < 290
    tr = json.loads(invoke("circuits", "transmon", "--EJ", "30.02", "--EC", "1.2", "--ng",
                           "0.3", "--ncut", "31", "--levels", "6", "--json").output)
    assert len(tr["energies_GHz"]) == 6
    out = tmp_path / "flux.nc"
    fl = json.loads(invoke("circuits", "fluxonium", "--EJ", "8.9", "--EC", "2.5", "--EL", "0.5",
                           "--flux", "0.5", "--json", "--out", str(out)).output)
    assert fl["f01_GHz"] == pytest.approx(cl.load(out).f01_GHz)


def test_sweep_and_engine_plots(tmp_path):
    spectrum, waves, work = tmp_path / "s.png", tmp_path / "w.png", tmp_path / "e.png"
    r = invoke("circuits", "fluxonium", "--EJ", "8.9", "--EC", "2.5", "--EL", "0.5",
               "--sweep-flux", "0:1:11", "--plot", str(spectrum), "--plot-wavefunctions",
               str(waves), "--json")
    assert json.loads(r.output)["points"] == 11
    r = invoke("circuits", "engine", "--well", "double", "--amplitude", "0.2", "--period", "2",
               "--levels", "3", "--json", "--plot", str(work))
    assert abs(json.loads(r.output)["first_law_residual"]) < 1e-6
    assert spectrum.stat().st_size > 0 and waves.stat().st_size > 0 and work.stat().st_size > 0


def test_bad_input_is_one_line_error(tmp_path):
    out = tmp_path / "x.nc"
    r = CliRunner().invoke(main, ["circuits", "transmon", "--EJ", "-1", "--EC", "1",
                                  "--out", str(out)])
    assert r.exit_code == 2 and "EJ" in r.output and not out.exists()
