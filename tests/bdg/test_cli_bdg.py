"""``cooperlab bdg``: solve (dense and KPM), the uniform gap, Josephson-STM maps."""

import json

import pytest
from click.testing import CliRunner

import cooperlab as cl
from cooperlab.cli import main


def invoke(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_uniform_gap_json_key_delta():
    result = invoke("bdg", "uniform", "--lattice", "square:12x12", "--U=-2", "--filling", "1",
                    "--T", "0", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["delta"] > 0.3 and data["filling"] == pytest.approx(1.0, abs=1e-9)


def test_solve_then_jstm(tmp_path):
    state_file, maps_file = tmp_path / "state.nc", tmp_path / "maps.nc"
    result = invoke("bdg", "solve", "--lattice", "square:8x8", "--U", "-2", "--filling", "0.9",
                    "--disorder", "box:1.0", "--seed", "1", "--json", "--out", str(state_file),
                    "--plot", str(tmp_path / "gap.png"))
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["converged"] and data["filling"] == pytest.approx(0.9, abs=1e-6)
    result = invoke("bdg", "jstm", str(state_file), "--tip-gap", "0.3", "--json", "--out",
                    str(maps_file), "--plot", str(tmp_path / "icrn.png"))
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["ic_rn_mean"] > 0
    assert cl.load(maps_file).ic_rn.shape == (64,)
    assert (tmp_path / "gap.png").stat().st_size > 0 and (tmp_path / "icrn.png").exists()


def test_spectra_command_gap_map_and_plots(tmp_path):
    state_file = tmp_path / "state.nc"
    result = invoke("bdg", "solve", "--lattice", "square:8x8", "--U", "-2.5", "--mu", "-0.4",
                    "--disorder", "box:1.0", "--out", str(state_file), "--json")
    assert result.exit_code == 0, result.output
    for kind in ("gap_map", "spectra"):
        result = invoke("bdg", "spectra", str(state_file), "--energy", "-1:1:11", "--moments",
                        "96", "--probe-period", "0", "--json", "--out",
                        str(tmp_path / "spectra.nc"), "--plot", str(tmp_path / f"{kind}.png"),
                        "--plot-kind", kind)
        assert result.exit_code == 0, result.output
        assert (tmp_path / f"{kind}.png").stat().st_size > 0
    data = json.loads(result.output)
    assert data["solver"] == "kpm" and 0.3 < data["gap_mean"] < 1.2
    assert cl.load(tmp_path / "spectra.nc").ldos.shape == (64, 11)
    result = invoke("bdg", "jstm", str(state_file), "--tip-gap", "0.3", "--T", "0.05",
                    "--solver", "kpm", "--moments", "256", "--probe-period", "0", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["correlation_icrn_delta"] > 0.5


def test_disorder_sweep_command_resumes_from_its_store(tmp_path):
    args = ["bdg", "disorder-sweep", "--lattice", "square:6x6", "--U", "-2.5", "--mu", "-0.4",
            "--T", "0.05", "--disorder", "0:1:2", "--realisations", "2", "--seed", "3",
            "--tip-gap", "0.3", "--json", "--out", str(tmp_path / "sweep.nc")]
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["n_points"] == 4 and data["n_computed_this_run"] == 4
    swept = cl.load(tmp_path / "sweep.nc").to_xarray()
    assert swept["gap_std"].dims == ("disorder", "realisation")
    assert float(swept["gap_std"].sel(disorder=1.0).min()) > 0
    again = json.loads(invoke(*args).output)  # resumed from sweep.nc.points
    assert again["n_reused"] == 4 and again["n_computed_this_run"] == 0


def test_kpm_solver_from_the_command_line():
    result = invoke("bdg", "solve", "--lattice", "square:8x8", "--U", "-2", "--mu", "-0.3",
                    "--solver", "kpm", "--moments", "128", "--probe-period", "4", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["spectral_gap"] is None and data["delta"] > 0.2
    assert data["probe_period"] == [4, 4]


def test_kpm_probe_period_that_does_not_divide_the_cluster_is_reported():
    with pytest.warns(UserWarning, match="probe_period=3 does not divide"):
        result = CliRunner().invoke(main, [
            "bdg", "solve", "--lattice", "square:8x8", "--U", "-2", "--mu", "-0.3",
            "--solver", "kpm", "--moments", "64", "--probe-period", "3", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["probe_period"] == [4, 4]


@pytest.mark.parametrize(("args", "name"), [
    (["bdg", "solve", "--disorder", "cube:1"], "--disorder"),
    (["bdg", "uniform", "--U", "2"], "U"),
    (["bdg", "solve", "--lattice", "hex:4x4"], "lattice"),
    (["bdg", "solve", "--solver", "kpm", "--probe-period", "-1"], "probe_period"),
])
def test_bad_input_is_one_line(args, name):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and name in lines[0]
