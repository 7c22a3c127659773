"""`cooperlab gl ...` commands and the M(H) / I-V protocols."""

import json

import numpy as np
from click.testing import CliRunner

import cooperlab as cl
from cooperlab.cli import main
from cooperlab.gl import FilmModel, TDGLOptions
from cooperlab.gl.protocols import iv_curve, magnetization_curve


def test_magnetization_curve_shows_meissner_entry_and_upper_field():
    # plain TDGL (gamma = 0) relaxes fastest; 1 um disk, xi = 0.1 um (Bc2 = 32.9 mT)
    model = FilmModel(shape="disk", width_um=1.0, grid_xi=0.35, gamma=0.0)
    fields = np.array([0.0, 5.0, 30.0, 90.0])
    curve = magnetization_curve(model, fields, TDGLOptions(solve_time=60.0, progress=False))
    m = curve.magnetization_mT
    assert m[0] == 0 and m[1] < 0                      # diamagnetic Meissner response
    assert curve.n_vortices[1] == 0 and curve.n_vortices[2] > 0
    assert 5.0 < curve.h_entry_mT <= 30.0
    assert curve.h_upper_mT == 90.0                    # above the surface nucleation field
    assert abs(m[3]) < 1e-3 * abs(m[1])


def test_iv_curve_is_ohmic_above_zero_and_odd():
    model = FilmModel(shape="strip", width_um=0.8, height_um=0.4, grid_xi=0.35)
    curve = iv_curve(model, [-200.0, 0.0, 200.0], TDGLOptions(solve_time=20.0, progress=False))
    v = curve.voltage_uV
    assert v[1] == 0 and v[2] > 0
    assert v[0] == -v[2] or abs(v[0] + v[2]) < 1e-6 * abs(v[2])


def test_cli_film_animate_nematic_and_errors(tmp_path):
    runner = CliRunner()
    out = tmp_path / "film.nc"
    res = runner.invoke(main, ["gl", "film", "--shape", "disk", "--radius-um", "0.4",
                               "--field-mT", "20", "--time", "4", "--save-every", "1",
                               "--json", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["time_tau0"] == 4.0
    assert cl.load(out).snapshot_density.shape[0] == 4
    assert (tmp_path / "film.nc.run.nc").exists()
    res = runner.invoke(main, ["gl", "animate", str(out), "--json"])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "film.gif").stat().st_size > 0
    res = runner.invoke(main, ["gl", "nematic", "--phi", "0:90:3", "--strain", "0.1",
                               "--n-levels", "20", "--json"])
    assert res.exit_code == 0 and json.loads(res.output)["anisotropy"] > 1
    res = runner.invoke(main, ["gl", "film", "--shape", "disk", "--radius-um", "0.3",
                               "--field-mT", "20", "--time", "1", "--screening",
                               "--stabilised-dt", "0.02", "--json"])
    assert res.exit_code == 0, res.output
    # snapshots every 0.05 tau0: the 0.02 step is rounded down to 0.05 / 3
    assert json.loads(res.output)["steps"] == 60
    res = runner.invoke(main, ["gl", "film", "--xi-um", "-1"])
    assert res.exit_code == 2 and "xi_um" in res.output
    res = runner.invoke(main, ["gl", "mh", "--field-mT", "0:10:2", "--radius-um", "0.3",
                               "--time", "3", "--grid-xi", "0.4", "--json",
                               "--out", str(tmp_path / "mh.nc")])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["points"] == 2
