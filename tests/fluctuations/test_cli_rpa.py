"""``cooperlab rpa``: stoner, chi, bands, fermi-surface."""

import json

import numpy as np
import pytest
from click.testing import CliRunner

import cooperlab as cl
from cooperlab.cli import main


def invoke(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_stoner_json_is_the_mean_field_neel_u_c():
    result = invoke("rpa", "stoner", "--model", "square", "--t-prime", "0", "--mu", "0",
                    "--T", "0.1", "--nk", "32", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    k = 2 * np.pi * np.arange(32) / 32
    xi = -2 * (np.cos(k)[:, None] + np.cos(k)[None, :])
    safe = np.where(np.abs(xi) < 1e-12, 1.0, xi)
    kernel = np.where(np.abs(xi) < 1e-12, 2.5, np.tanh(safe / 0.2) / (2 * safe))
    assert data["U_c"] == pytest.approx(1 / kernel.mean(), rel=1e-10)
    assert data["q_c"] == pytest.approx([np.pi, np.pi])
    assert data["U_c_charge"] is None


def test_stoner_with_filling_finds_mu_on_the_mesh():
    result = invoke("rpa", "stoner", "--model", "square", "--t-prime", "-0.3", "--filling",
                    "0.85", "--T", "0.1", "--nk", "16", "--json")
    data = json.loads(result.output)
    assert data["filling"] == pytest.approx(0.85, abs=1e-10)
    assert data["mu"] < 0 and 0 < data["U_c"] < 10


def test_chi_out_plot_and_round_trip(tmp_path):
    out, image = tmp_path / "chi.nc", tmp_path / "chi.png"
    result = invoke("rpa", "chi", "--model", "pnictide2", "--U", "1.3", "--J", "0.25",
                    "--T", "0.12", "--nk", "8", "--json", "--out", str(out),
                    "--plot", str(image))
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    loaded = cl.load(out)
    assert loaded.chi_spin.shape == (8, 8, 4, 4)
    assert loaded.peak()[2] == pytest.approx(data["chi_spin_max"])
    assert image.stat().st_size > 0
    dataset = loaded.to_xarray()
    assert dataset["chi_spin"].dims == ("qx", "qy", "pair1", "pair2")


def test_bands_and_fermi_surface_commands(tmp_path):
    image = tmp_path / "fs.png"
    result = invoke("rpa", "fermi-surface", "--model", "pnictide5", "--nk", "32", "--json",
                    "--plot", str(image))
    assert json.loads(result.output)["empty_bands"]["G"] == 4
    assert image.stat().st_size > 0
    result = invoke("rpa", "bands", "--model", "pnictide5", "--nk", "16", "--json",
                    "--plot", str(tmp_path / "bands.png"))
    assert result.exit_code == 0, result.output


def test_bad_input_is_one_line():
    result = CliRunner().invoke(main, ["rpa", "stoner", "--mu", "0", "--filling", "1",
                                       "--nk", "8"])
    assert result.exit_code == 2
    assert "--mu and --filling" in result.output
    result = CliRunner().invoke(main, ["rpa", "chi", "--U", "10", "--nk", "8", "--mu", "0"])
    assert result.exit_code == 2 and "beyond the RPA instability" in result.output


def test_sweep_over_u_and_j(tmp_path):
    out = tmp_path / "sweep.nc"
    result = invoke("rpa", "sweep", "--model", "pnictide2", "--T", "0.125", "--nk", "8",
                    "--U", "0.5:1:2", "--J", "0:0.1:2", "--json", "--out", str(out))
    assert json.loads(result.output)["n_points"] == 4
    data = cl.load(out).to_xarray()
    spin = data["stoner_spin"].values
    assert spin.shape == (2, 2)
    assert spin[1, 0] == pytest.approx(2 * spin[0, 0], rel=1e-10)   # linear in U at J = 0
    assert np.all(data["chi_spin_max"].values > 0)
