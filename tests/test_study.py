"""Study files (cl.run_study, cooperlab run): a recorded computation repeats exactly."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

import cooperlab as cl
from cooperlab.cli import main

WIDTH = """\
solver: moire.solve_flat_bandwidth
model: {theta_deg: 1.05, cutoff: 3.0}
options: {n_mesh: 6, n_path: 13}
sweep: {theta_deg: "1.0:1.1:2"}
out: width.nc
"""


def test_study_sweeps_and_matches_the_library(tmp_path):
    study = tmp_path / "study.yaml"
    study.write_text(WIDTH)
    result = cl.run_study(study)
    assert (tmp_path / "width.nc").exists()
    widths = result.to_xarray()["width_meV"].values
    options = cl.moire.FlatBandOptions(n_mesh=6, n_path=13)
    for theta, width in zip((1.0, 1.1), widths, strict=True):
        direct = cl.moire.solve_flat_bandwidth(
            cl.moire.ContinuumModel(theta_deg=theta, cutoff=3.0), options)
        assert width == pytest.approx(direct.width_meV, abs=1e-12)
    again = cl.load(tmp_path / "width.nc").to_xarray()["width_meV"].values
    np.testing.assert_array_equal(again, widths)


def test_nested_model_fields_and_a_named_class(tmp_path):
    study = tmp_path / "pairing.yaml"
    study.write_text("solver: moire.solve_superconductor\n"
                     "model: {continuum: {theta_deg: 1.05, cutoff: 3.0}, nu: -2.5,"
                     " coupling_meV: 1.0}\n"
                     "options: {class: moire.FlatBandPairingOptions, n_mesh: 6,"
                     " superfluid: false}\n")
    result = cl.run_study(study)
    direct = cl.moire.solve_superconductor(
        cl.moire.FlatBandPairingModel(continuum=cl.moire.ContinuumModel(cutoff=3.0), nu=-2.5,
                                      coupling_meV=1.0),
        cl.moire.FlatBandPairingOptions(n_mesh=6, superfluid=False))
    assert result.summary()["gap_meV"] == pytest.approx(direct.summary()["gap_meV"], rel=1e-12)


@pytest.mark.parametrize(("text", "name"), [
    ("solver: moire.solve_flat_bandwidth\nmodel: {theta: 1.0}\n", "theta"),
    ("solver: moire.no_such_solver\n", "no_such_solver"),
    ("solver: moire.solve_flat_bandwidth\nsweeep: {theta_deg: [1.0]}\n", "sweeep"),
    ("solver: moire.solve_flat_bandwidth\nsweep: {theta_deg: '1:2'}\nout: x.nc\n",
     "sweep.theta_deg"),
    ("model: {}\n", "solver"),
])
def test_bad_study_is_one_line_exit_2_nothing_written(tmp_path, text, name):
    study = tmp_path / "bad.yaml"
    study.write_text(text)
    result = CliRunner().invoke(main, ["run", str(study), "--out", str(tmp_path / "o.nc")])
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert result.exit_code == 2 and len(lines) == 1 and name in lines[0], result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml"]


def test_cli_run_prints_the_summary(tmp_path):
    study = tmp_path / "v.yaml"
    study.write_text("solver: moire.solve_dirac_velocity\nmodel: {theta_deg: 1.2, cutoff: 3.0}\n")
    result = CliRunner().invoke(main, ["run", str(study), "--json"])
    assert result.exit_code == 0, result.output
    assert 0 < json.loads(result.output)["velocity_ratio"] < 1
