"""Interconnects: kinetic inductance and depairing current.

* L_k = mu0 lambda^2 l / A in the thin-strip limit and J_d = Phi0 / (3 sqrt(3) pi mu0
  lambda^2 xi) (Tinkham Eq. (4.36)), checked by hand numbers;
* near T_c: lambda^-2 ~ (1 - t) (clean BCS), xi ~ (1 - t)^(-1/2), hence J_d ~ (1 - t)^(3/2)
  and L_k ~ 1 / (1 - t);
* a Nb strip at T = 0 carries about 2.4e8 A/cm^2 (the GL extrapolation with Kittel's
  lambda_L = 39 nm, xi_0 = 38 nm).
"""

import json
import math

import numpy as np
import pytest
from click.testing import CliRunner

import cooperlab as cl
from cooperlab.circuits import (
    Interconnect,
    depairing_current_density,
    kinetic_inductance,
    solve_interconnect,
)
from cooperlab.cli import main


def test_formulas_by_hand():
    mu0, phi0 = 4e-7 * math.pi * (1 + 5.5e-10), 2.067833848e-15
    # 100 nm lambda, 1 mm long, 1 um x 20 nm: mu0 * 1e-14 * 1e-3 / 2e-14
    assert float(kinetic_inductance(100.0, 1000.0, 0.02)) == pytest.approx(
        mu0 * 1e-14 * 1e-3 / 2e-14, rel=1e-9)
    expected = phi0 / (3 * math.sqrt(3) * math.pi * mu0 * (50e-9) ** 2 * 20e-9)
    assert float(depairing_current_density(50.0, 20.0)) == pytest.approx(expected, rel=1e-8)


def test_temperature_dependence_near_tc():
    model = Interconnect(material="Nb")
    tc = model.parameters[0]
    result = solve_interconnect(model, np.array([0.98, 0.99]) * tc)
    one_minus_t = np.array([0.02, 0.01])
    ratio_jd = result.depairing_MA_per_cm2[0] / result.depairing_MA_per_cm2[1]
    assert ratio_jd == pytest.approx((one_minus_t[0] / one_minus_t[1]) ** 1.5, rel=0.02)
    ratio_lk = result.kinetic_inductance_pH[1] / result.kinetic_inductance_pH[0]
    assert ratio_lk == pytest.approx(one_minus_t[0] / one_minus_t[1], rel=0.02)


def test_niobium_strip_at_zero_temperature():
    result = solve_interconnect(Interconnect(), np.array([0.0]))
    assert result.lambda_nm[0] == pytest.approx(39.0, rel=1e-6)
    assert result.depairing_MA_per_cm2[0] == pytest.approx(236, rel=0.01)
    assert result.depairing_current_mA[0] == pytest.approx(
        result.depairing_MA_per_cm2[0] * 1e6 * 1e4 * 0.02e-12 * 1e3, rel=1e-9)  # J A in mA
    assert result.thin_limit == 1.0
    # copper at 4 K, same strip: rho l / A = 2e-10 ohm m * 1e-3 m / 2e-14 m^2 = 10 ohm
    assert result.normal_resistance_ohm == pytest.approx(10.0, rel=1e-9)
    assert np.all(np.diff(solve_interconnect(Interconnect()).depairing_current_mA) < 0)


def test_via_round_trip_and_cli(tmp_path):
    via = solve_interconnect(Interconnect(material="Al", shape="via", width_um=2.0,
                                          length_um=10.0))
    same = cl.load(via.save(tmp_path / "via.nc"))
    np.testing.assert_array_equal(same.kinetic_inductance_pH, via.kinetic_inductance_pH)
    result = CliRunner().invoke(main, ["circuits", "interconnect", "--material", "Nb",
                                       "--T-K", "4.2", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["T_K"] == 4.2 and data["depairing_current_mA"] > 0


@pytest.mark.parametrize(("kwargs", "name"), [
    ({"material": "Cu"}, "material"), ({"shape": "coax"}, "shape"),
    ({"width_um": 0}, "width_um"), ({"material": "custom", "tc_K": 5.0}, "lambda_0_nm"),
])
def test_bad_input_names_the_parameter(kwargs, name):
    with pytest.raises(ValueError, match=name):
        Interconnect(**kwargs)
