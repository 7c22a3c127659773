"""The command line: --json output, --out files, one-line errors, the demo."""

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

import cooperlab as cl
from cooperlab.cli import main
from cooperlab.cli.generate import parse_range


def invoke(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_bands_json_and_out(tmp_path):
    out = tmp_path / "bands.nc"
    result = invoke("tbg", "bands", "--theta", "1.05", "--n-k", "11", "--bands", "flat",
                    "--cutoff", "3", "--json", "--out", str(out))
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["n_k"] == 11
    assert cl.load(out).energy.shape == (2, 11, 2)


def test_dos_json():
    result = invoke("tbg", "dos", "--theta", "1.05", "--mesh", "6", "--cutoff", "3", "--json")
    data = json.loads(result.output)
    assert data["filling_range"] == pytest.approx([-4.0, 4.0])


def test_magic_angle_json_has_theta_and_alpha():
    result = invoke("tbg", "magic-angle", "--w0", "0", "--w1", "110", "--count", "1",
                    "--no-width", "--json")
    data = json.loads(result.output)
    assert set(data) == {"theta_deg", "alpha"}
    assert data["alpha"][0] == pytest.approx(0.586, abs=1e-3)


def test_geometry_json():
    result = invoke("tbg", "geometry", "--theta", "1.05", "--mesh", "12", "--json")
    data = json.loads(result.output)
    assert data["chern_numbers"] == pytest.approx({"A": -1.0, "B": 1.0}, abs=1e-6)
    assert data["winding_number"] == 1 and data["metric_bound_holds"]


def test_pairing_json():
    result = invoke("tbg", "pairing", "--theta", "1.05", "--nu", "-2.5", "--g", "1",
                    "--mesh", "12", "--json")
    data = json.loads(result.output)
    assert 0 < data["t_bkt_K"] < data["tc_K"] and data["gap_meV"] > 0


def test_phase_diagram_writes_a_dome(tmp_path):
    out, picture = tmp_path / "dome.nc", tmp_path / "dome.png"
    result = invoke("tbg", "phase-diagram", "--nu", "-3:3:3", "--mesh", "8", "--json",
                    "--out", str(out), "--plot", str(picture))
    assert result.exit_code == 0, result.output
    ds = cl.load(out).to_xarray()
    assert ds["tc_K"].dims == ("nu",) and ds.sizes["nu"] == 3
    assert picture.stat().st_size > 0
    assert (ds["t_bkt_K"] <= ds["tc_K"]).all()


def test_ldos_and_stm_json(tmp_path):
    result = invoke("tbg", "ldos", "--mesh", "6", "--json")
    data = json.loads(result.output)
    assert data["aa_over_ab"] > 5
    out = tmp_path / "stm.nc"
    result = invoke("tbg", "stm", "--nu", "-2", "--tip", "AA", "--mesh", "6", "--json",
                    "--out", str(out))
    data = json.loads(result.output)
    assert data["tip"] == "AA" and data["nu"] == -2.0
    assert cl.load(out).didv.shape == (601,)


def test_stm_map_writes_a_map(tmp_path):
    out, picture = tmp_path / "map.nc", tmp_path / "map.png"
    result = invoke("tbg", "stm-map", "--nu", "-2:2:3", "--mesh", "6", "--json",
                    "--out", str(out), "--plot", str(picture))
    assert result.exit_code == 0, result.output
    assert cl.load(out).to_xarray()["didv"].dims == ("nu", "bias")
    assert picture.stat().st_size > 0


def test_hartree_fock_json_out_and_plot(tmp_path):
    out, picture = tmp_path / "hf.nc", tmp_path / "hf.png"
    result = invoke("tbg", "hartree-fock", "--nu", "-2", "--mesh", "6", "--start", "valley",
                    "--json", "--out", str(out), "--plot", str(picture),
                    "--plot-bands", str(tmp_path / "bands.png"))
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["nu"] == -2.0 and data["converged"]
    assert data["valley_polarization"] == pytest.approx(2.0, abs=0.1)
    assert cl.load(out).energy.shape == (36, 8)
    assert picture.stat().st_size > 0 and (tmp_path / "bands.png").stat().st_size > 0


def test_stm_map_compares_approximations(tmp_path):
    out, picture = tmp_path / "cmp.nc", tmp_path / "cmp.png"
    result = invoke("tbg", "stm-map", "--nu", "-2:2:3", "--mesh", "6", "--approximation",
                    "all", "--json", "--out", str(out), "--plot", str(picture),
                    "--store", str(tmp_path / "points"))
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data["splitting_meV"]) == {"none", "hartree", "hartree-fock"}
    saved = cl.load(out)
    assert saved.didv.shape == (3, 3, 601)
    assert picture.stat().st_size > 0
    # the per-point store resumes: a second run reuses every point
    again = invoke("tbg", "stm-map", "--nu", "-2:2:3", "--mesh", "6", "--approximation",
                   "all", "--json", "--store", str(tmp_path / "points"))
    assert json.loads(again.output) == data


def test_sweep_command_writes_dataset(tmp_path):
    out = tmp_path / "sweep.nc"
    result = invoke("tbg", "sweep", "--theta", "1.0:1.2:3", "--cutoff", "3", "--json",
                    "--out", str(out), "--store", str(tmp_path / "store"))
    assert result.exit_code == 0, result.output
    ds = cl.load(out).to_xarray()
    assert ds["width_meV"].dims == ("theta_deg",) and ds.sizes["theta_deg"] == 3


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (["tbg", "bands", "--theta", "0"], "theta_deg"),
        (["tbg", "bands", "--theta", "31"], "theta_deg"),
        (["tbg", "bands", "--w0", "-3"], "w0_meV"),
        (["tbg", "bands", "--cutoff", "1"], "cutoff"),
        (["tbg", "dos", "--mesh", "1"], "n_mesh"),
        (["tbg", "sweep", "--theta", "1:2"], "--theta"),
        (["tbg", "sweep", "--theta", "1:2:x"], "--theta"),
        (["tbg", "sweep", "--theta", "0:1:3"], "theta_deg"),
        (["tbg", "pairing", "--nu", "4.5"], "nu"),
        (["tbg", "stm", "--nu", "5"], "nu"),
        (["tbg", "stm", "--tip", "XY"], "tip"),
        (["tbg", "stm-map", "--nu", "-1:1"], "--nu"),
        (["tbg", "hartree-fock", "--nu", "4.5"], "nu"),
        (["tbg", "hartree-fock", "--epsilon", "0"], "epsilon"),
        (["tbg", "hartree-fock", "--mesh", "1"], "n_mesh"),
        (["tbg", "stm-map", "--approximation", "hartree", "--layer", "0"], "--layer"),
        (["tbg", "pairing", "--g", "-1"], "coupling_meV"),
        (["tbg", "phase-diagram", "--nu", "1:2"], "--nu"),
    ],
)
def test_bad_input_is_one_line_naming_the_parameter(tmp_path, args, name):
    out = tmp_path / "never.nc"
    result = CliRunner().invoke(main, [*args, "--out", str(out)])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and name in lines[0]
    assert not out.exists()


def test_parse_range():
    assert list(parse_range("x", "1:2:3")) == [1.0, 1.5, 2.0]
    assert list(parse_range("x", "1.5")) == [1.5]


def test_demo_writes_figures_and_data(tmp_path):
    result = invoke("demo", "--quick", "--out-dir", str(tmp_path / "demo"), "--json")
    assert result.exit_code == 0, result.output
    written = json.loads(result.output)
    for name in ("bands.png", "bands.nc", "dos.png", "dos.nc", "bandwidth_vs_angle.png",
                 "bandwidth_vs_angle.nc", "magic_angle.nc", "geometry.nc", "dome.png",
                 "dome.nc", "stm_map.png", "stm_map.nc", "summary.json", "spin_resonance.nc",
                 "spin_resonance.png"):
        assert (tmp_path / "demo" / name).stat().st_size > 0, name
    assert 1.0 < written["magic_angle"]["theta_deg"][0] < 1.15
    summary = json.loads((tmp_path / "demo" / "summary.json").read_text())
    assert summary["spin_resonance"]["s+-"]["has_resonance"]
    assert not summary["spin_resonance"]["s++"]["has_resonance"]


def test_installed_entry_point_runs():
    completed = subprocess.run(
        [sys.executable, "-m", "cooperlab.cli", "--help"], capture_output=True, text=True
    )
    assert completed.returncode == 0 and "tbg" in completed.stdout


@pytest.mark.parametrize(
    ("args", "name"),
    [(["tbg", "dos", "--method", "foo"], "method"), (["tbg", "bands", "--theta", "x"], "--theta"),
     (["tbg", "bands", "--no-such-option"], "--no-such-option")],
)
def test_usage_errors_are_one_line(args, name):
    completed = subprocess.run(
        [sys.executable, "-m", "cooperlab.cli", *args], capture_output=True, text=True
    )
    lines = [line for line in completed.stderr.splitlines() if line.strip()]
    assert completed.returncode == 2 and len(lines) == 1 and name in lines[0]


def test_magic_angle_ignores_the_twist_angle_and_keeps_its_json_shape(tmp_path):
    result = invoke("tbg", "magic-angle", "--w1", "250", "--no-width", "--json",
                    "--out", str(tmp_path / "magic.nc"))
    data = json.loads(result.output)
    assert set(data) == {"theta_deg", "alpha"}
    assert data["alpha"][0] == pytest.approx(0.585, abs=0.01)


def test_sweep_with_out_keeps_points_as_they_finish(tmp_path):
    out = tmp_path / "width.nc"
    invoke("tbg", "sweep", "--theta", "1.0:1.1:2", "--cutoff", "3", "--out", str(out))
    assert len(list((tmp_path / "width.nc.points" / "points").glob("*.nc"))) == 2
