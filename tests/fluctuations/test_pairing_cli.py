"""``cooperlab rpa pairing`` and ``cooperlab rpa pairing-diagram``."""

import json

import numpy as np
import pytest
from click.testing import CliRunner

import cooperlab as cl
from cooperlab.cli import main


def invoke(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_pairing_json_plot_and_round_trip(tmp_path):
    out, image = tmp_path / "pairing.nc", tmp_path / "gap.png"
    result = invoke("rpa", "pairing", "--model", "square", "--t-prime", "-0.3", "--filling",
                    "0.85", "--T", "0.1", "--U", "2.1", "--nk", "32", "--json", "--out",
                    str(out), "--plot", str(image))
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["symmetry"] == "d_x2-y2"
    assert data["lambda"] == pytest.approx(0.7571, abs=1e-3)
    loaded = cl.load(out)
    assert loaded.eigenvalue.max() == pytest.approx(data["lambda"])
    assert image.stat().st_size > 0
    bad = CliRunner().invoke(main, ["rpa", "pairing", "--model", "square", "--U", "9",
                                    "--T", "0.1", "--nk", "8"])
    assert bad.exit_code == 2 and "beyond the RPA instability" in bad.output


def test_pairing_diagram_over_u_prime(tmp_path):
    out, image = tmp_path / "diagram.nc", tmp_path / "diagram.png"
    result = invoke("rpa", "pairing-diagram", "--model", "pnictide2", "--U", "2.0", "--J",
                    "0.5", "--nk", "12", "--u-prime-over-u", "0.5:1.0:2", "--json", "--out",
                    str(out), "--plot", str(image))
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["n_points"] == 2 and len(data["leading"]) == 2
    loaded = cl.load(out)
    assert type(loaded).__name__ == "PairingDiagramResult"
    values = loaded.to_xarray()["U_prime"].values
    assert values == pytest.approx([1.0, 2.0])
    assert np.all(np.isfinite(loaded.to_xarray()["lambda_leading"].values))
    assert image.stat().st_size > 0
