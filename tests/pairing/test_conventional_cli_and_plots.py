"""`cooperlab tc` and `cooperlab bcs`: --json (key tc_K), --out, one-line errors; plots."""

import json

import matplotlib.pyplot as plt
import pytest
from click.testing import CliRunner

import cooperlab as cl
from cooperlab.cli import main
from cooperlab.pairing.materials import material
from cooperlab.pairing.tc_formulas import allen_dynes, mcmillan


def invoke(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize(("method", "expected"), [
    ("allen-dynes", allen_dynes(2.2, 100.0, 0.1)), ("mcmillan", mcmillan(2.2, 100.0, 0.1))])
def test_tc_formula_json(method, expected):
    result = invoke("tc", "--lambda", "2.2", "--omega-log-meV", "100", "--mu-star", "0.1",
                    "--method", method, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["tc_K"] == pytest.approx(expected)


def test_tc_eliashberg_json_and_out(tmp_path):
    out = tmp_path / "tc.nc"
    # mu* = 0.1 quoted at omega_max = 110 meV of the Einstein peak (2 % wide, cut at 5
    # sigma), the scale at which the formula takes it.
    result = invoke("tc", "--lambda", "2.2", "--omega-log-meV", "100", "--mu-star", "0.1",
                    "--mu-star-reference-meV", "110", "--method", "eliashberg", "--json",
                    "--out", str(out))
    data = json.loads(result.output)
    # Einstein spectrum at omega_log: close to Allen-Dynes (f2 = 1), measured 205.4 K.
    assert data["tc_K"] == pytest.approx(allen_dynes(2.2, 100.0, 0.1), rel=0.05)
    assert data["allen_dynes_K"] == pytest.approx(allen_dynes(2.2, 100.0, 0.1), rel=1e-3)
    assert cl.load(out).tc_K == pytest.approx(data["tc_K"])
    # The same 0.1 quoted at the cutoff (the default) is weaker there: measured 215.9 K.
    here = json.loads(invoke("tc", "--lambda", "2.2", "--omega-log-meV", "100", "--mu-star",
                             "0.1", "--method", "eliashberg", "--json").output)
    assert here["tc_K"] == pytest.approx(215.9, abs=0.1)


def test_tc_material_json():
    data = json.loads(invoke("tc", "--material", "LaH10", "--json").output)
    assert 200 < data["tc_K"] < 280


def test_tc_mu_star_reference_option():
    pb = material("Pb")
    # Default: the preset's convention (mu* = 0.14 at its 10 omega_max), as the library.
    data = json.loads(invoke("tc", "--material", "Pb", "--json").output)
    assert data["tc_K"] == pytest.approx(7.2, rel=0.02)            # measured 7.189 K
    assert data["mu_star"] == 0.14
    assert data["mu_star_reference_meV"] == pytest.approx(pb.model.mu_star_reference_meV)
    # 0.13 quoted at omega_max: cooperlab's old convention, 6.64 K.
    old = json.loads(invoke("tc", "--material", "Pb", "--mu-star", "0.13",
                            "--mu-star-reference-meV", str(pb.spectrum.omega_max_meV),
                            "--json").output)
    assert old["tc_K"] == pytest.approx(6.64, abs=0.01)
    assert old["mu_star_cutoff"] == pytest.approx(0.19, abs=0.005)
    # 'cutoff': quoted at the cutoff of this run, applied there as given.
    here = json.loads(invoke("tc", "--material", "Pb", "--mu-star", "0.13",
                             "--mu-star-reference-meV", "cutoff", "--json").output)
    assert here["mu_star_reference_meV"] == pytest.approx(10 * pb.spectrum.omega_max_meV)
    assert here["tc_K"] == pytest.approx(7.33, abs=0.01)           # measured 7.326 K


def test_tc_from_alpha2f_file(tmp_path):
    spectrum = material("Pb").spectrum
    path = tmp_path / "pb.dat"
    path.write_text("\n".join(f"{w} {a}" for w, a in zip(spectrum.omega_meV,
                                                         spectrum.alpha2f, strict=True)))
    data = json.loads(invoke("tc", "--alpha2f", str(path), "--mu-star", "0.13",
                             "--json").output)
    assert data["coupling"] == pytest.approx(1.55, rel=1e-6)
    assert 5 < data["tc_K"] < 8


def test_bcs_json_and_out(tmp_path):
    out = tmp_path / "bcs.nc"
    result = invoke("bcs", "--tc", "9.2", "--n-temperatures", "25", "--json", "--out",
                    str(out))
    data = json.loads(result.output)
    assert data["tc_K"] == pytest.approx(9.2)
    assert data["gap_ratio"] == pytest.approx(3.528, rel=1e-3)
    assert cl.load(out).gap_meV.shape == (25,)


@pytest.mark.parametrize(("args", "name"), [
    (["tc", "--lambda", "-1", "--omega-log-meV", "100"], "lambda"),
    (["tc", "--lambda", "1", "--omega-log-meV", "100", "--mu-star", "0.9"], "mu_star"),
    (["tc", "--material", "Unobtainium"], "material"),
    (["tc", "--material", "Pb", "--mu-star-reference-meV", "omega"], "mu_star_reference_meV"),
    (["tc", "--material", "Pb", "--mu-star-reference-meV", "-3"], "mu_star_reference_meV"),
    (["tc", "--lambda", "1"], "--omega-log-meV"),
    (["tc", "--material", "Pb", "--lambda", "1", "--omega-log-meV", "5"], "--material"),
    (["bcs", "--tc", "-3"], "tc_K"),
    (["bcs"], "--tc"),
    (["bcs", "--coupling", "0.3"], "--cutoff-meV"),
])
def test_bad_input_is_one_line_naming_the_parameter(tmp_path, args, name):
    out = tmp_path / "never.nc"
    result = CliRunner().invoke(main, [*args, "--out", str(out)])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and name in lines[0]
    assert not out.exists()


def test_plots_return_axes():
    from cooperlab.pairing import BCSModel, solve_bcs_thermodynamics, solve_eliashberg
    from cooperlab.pairing.tc_tables import solve_tc_versus_coupling
    from cooperlab.plotting.conventional import plot_alpha2f

    pb = material("Pb")
    axes = [
        plot_alpha2f(pb),
        cl.plot(solve_eliashberg(pb.model, 2.0)),
        cl.plot(solve_bcs_thermodynamics(BCSModel.from_tc(9.2), n_temperatures=11)),
        cl.plot(solve_tc_versus_coupling(pb.spectrum, 0.13, [1.0, 1.5])),
    ]
    for ax in axes:
        assert ax.has_data()
    plt.close("all")
