import json

import numpy as np
from click.testing import CliRunner

import cooperlab
from cooperlab.cli import main


def test_rpa_resonance_json_out_and_plot(tmp_path):
    out, png = tmp_path / "res.nc", tmp_path / "res.png"
    result = CliRunner().invoke(main, ["rpa", "resonance", "--gap", "s+-", "--nk", "96",
                                       "--n-omega", "60", "--json", "--out", str(out),
                                       "--plot", str(png)])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["has_resonance"] and summary["resonance_energy"] < summary["omega_c"]
    saved = cooperlab.load(out)
    assert np.isclose(saved.resonance_energy, summary["resonance_energy"])
    assert png.stat().st_size > 0


def test_rpa_resonance_preset_reports_mev_and_s_plus_plus_has_none():
    result = CliRunner().invoke(main, ["rpa", "resonance", "--preset", "BaKFe2As2", "--gap",
                                       "s++", "--nk", "96", "--n-omega", "60", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert not summary["has_resonance"] and "omega_c_meV" in summary


def test_rpa_resonance_bad_input_exits_2_naming_the_parameter():
    result = CliRunner().invoke(main, ["rpa", "resonance", "--delta", "-0.1"])
    assert result.exit_code == 2 and "gap_amplitude" in result.output
