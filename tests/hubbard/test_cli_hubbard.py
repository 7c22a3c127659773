"""``cooperlab hubbard`` commands: JSON keys, files, one-line errors."""

import json

from click.testing import CliRunner

from cooperlab.cli import main
from cooperlab.results import load


def _run(args):
    return CliRunner().invoke(main, args, catch_exceptions=False)


def test_ed_finite_t_json_keys_and_out(tmp_path):
    out = tmp_path / "ed.nc"
    result = _run(["hubbard", "ed", "--lattice", "chain:4", "--U", "4", "--beta", "2",
                   "--mu", "0", "--json", "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert abs(data["energy_per_site"] + 0.368155) < 1e-6
    assert {"double_occupancy", "density", "spin_structure_factor_pi_pi"} <= set(data)
    assert load(out).double_occupancy == data["double_occupancy"]
    assert data["pair_susceptibility_s"] > 0 and data["pair_s"] > 0
    fast = json.loads(_run(["hubbard", "ed", "--lattice", "chain:4", "--U", "4", "--beta", "2",
                            "--no-susceptibility", "--json"]).output)
    assert "spin_susceptibility_pi_pi" not in fast and "pair_susceptibility_s" not in fast
    assert fast["pair_s"] == data["pair_s"] and fast["energy_per_site"] == data["energy_per_site"]


def test_ed_ground_state_without_beta():
    result = _run(["hubbard", "ed", "--lattice", "square:2x2", "--bc", "open", "--U", "4",
                   "--json"])
    data = json.loads(result.output)
    assert data["ground_state_energy"] < 0 and data["n_up"] == 2


def test_dqmc_json_value_error_pairs():
    result = _run(["hubbard", "dqmc", "--lattice", "square:2x2", "--U", "4", "--beta", "1",
                   "--warmup", "2", "--sweeps", "10", "--bin-size", "5", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    for key in ("energy_per_site", "double_occupancy", "density", "spin_structure_factor_pi_pi"):
        assert set(data[key]) == {"value", "error"}
    assert data["sign"]["value"] == 1.0


def test_dqmc_json_reports_susceptibilities_with_unequal_every():
    result = _run(["hubbard", "dqmc", "--lattice", "square:2x2", "--U", "4", "--beta", "1",
                   "--warmup", "2", "--sweeps", "10", "--bin-size", "5", "--unequal-every", "5",
                   "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    for key in ("spin_susceptibility_pi_pi", "pair_susceptibility_s", "pair_susceptibility_d"):
        assert set(data[key]) == {"value", "error"}
        assert data[key]["value"] > 0


def test_bad_input_is_one_line_naming_the_parameter():
    result = CliRunner().invoke(main, ["hubbard", "ed", "--lattice", "square:2x2", "--U", "-1"])
    assert result.exit_code == 2
    assert "U must lie" in result.output and len(result.output.strip().splitlines()) == 1
