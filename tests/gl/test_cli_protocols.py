"""`cooperlab gl ...` commands and the M(H) / I-V protocols."""

import json

import numpy as np
import pytest
from click.testing import CliRunner

import cooperlab as cl
from cooperlab.cli import main
from cooperlab.gl import FilmModel, TDGLOptions
from cooperlab.gl.tdgl.protocols import solve_iv_curve, solve_magnetization_curve


def test_magnetization_curve_shows_meissner_entry_and_upper_field():
    # plain TDGL (gamma = 0) relaxes fastest; 1 um disk, xi = 0.1 um (Bc2 = 32.9 mT)
    model = FilmModel(shape="disk", width_um=1.0, grid_xi=0.35, gamma=0.0)
    fields = np.array([0.0, 5.0, 30.0, 90.0])
    curve = solve_magnetization_curve(model, fields, TDGLOptions(solve_time=60.0, progress=False))
    m = curve.magnetization_mT
    assert m[0] == 0 and m[1] < 0                      # diamagnetic Meissner response
    assert curve.n_vortices[1] == 0 and curve.n_vortices[2] > 0
    assert 5.0 < curve.h_entry_mT <= 30.0
    assert curve.h_upper_mT == 90.0                    # above the surface nucleation field
    assert abs(m[3]) < 1e-3 * abs(m[1])


def test_iv_curve_is_ohmic_above_zero_and_odd():
    model = FilmModel(shape="strip", width_um=0.8, height_um=0.4, grid_xi=0.35)
    curve = solve_iv_curve(model, [-200.0, 0.0, 200.0],
                           TDGLOptions(solve_time=20.0, progress=False))
    v = curve.voltage_uV
    assert v[1] == 0 and v[2] > 0
    assert v[0] == -v[2] or abs(v[0] + v[2]) < 1e-6 * abs(v[2])


def test_four_probe_iv_is_zero_below_ic_and_ohmic_in_the_normal_state():
    # 3 um x 0.4 um strip (xi = 0.1 um), probes 1 um apart, 1 um from each terminal;
    # the depairing current is 0.385 W/xi I0 ~ 500 uA
    model = FilmModel(shape="strip", width_um=3.0, height_um=0.4, grid_xi=0.35, probe_um=1.0)
    curve = solve_iv_curve(model, [150.0, 700.0, 2500.0],
                     TDGLOptions(solve_time=40.0, progress=False))
    # R_n = R_s L / W, R_s = 1 / (sigma d) = 1.667 ohm, L = 1.015 um between the probe
    # columns (the nodes nearest to -0.5 and 0.5 um), W = 11 cells of 0.035 um
    distance = curve.metadata["probe_distance_um"]
    assert distance == pytest.approx(1.0, abs=0.035)
    assert curve.metadata["probe_width_um"] == pytest.approx(0.385)
    units = model.units          # the TDGL's V0 / I0 is the sheet resistance 1 / (sigma d)
    assert units.voltage_unit_uV / units.current_unit_uA == pytest.approx(
        units.sheet_resistance_ohm, rel=1e-9)
    assert curve.normal_resistance_ohm == pytest.approx(1 / (12 * 0.05) * distance / 0.385,
                                                        rel=1e-9)
    ohmic = curve.current_uA * curve.normal_resistance_ohm
    ratio = curve.probe_voltage_uV / ohmic
    assert abs(ratio[0]) < 2e-3                      # supercurrent between the probes
    assert curve.voltage_uV[0] > 0.3 * ohmic[0]      # ... while the terminals see contacts
    assert 0.005 < ratio[1] < 0.5                    # above Ic: phase-slip / flux-flow branch
    assert ratio[2] == pytest.approx(1.0, abs=0.01)  # normal state: the film's resistance
    assert curve.critical_current_uA == 700.0


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
    res = runner.invoke(main, ["gl", "iv", "--shape", "strip", "--width-um", "1.0",
                               "--height-um", "0.3", "--current-uA", "0:60:2", "--time", "2",
                               "--grid-xi", "0.5", "--probe-um", "0.4", "--json"])
    assert res.exit_code == 0, res.output
    summary = json.loads(res.output)
    assert summary["normal_resistance_ohm"] > 0 and "critical_current_uA" in summary
