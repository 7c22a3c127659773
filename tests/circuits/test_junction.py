"""Ambegaokar-Baratoff junctions from cooperlab's BCS gap."""

import numpy as np
import pytest

from cooperlab import load
from cooperlab.circuits import (
    JunctionModel,
    ambegaokar_baratoff_ic_rn_uV,
    bcs_gap_meV,
    charging_energy_GHz,
    josephson_energy_GHz,
    solve_junction,
)
from cooperlab.units import K_B_MEV_PER_K


def test_ic_rn_at_zero_temperature_is_pi_delta0_over_2e():
    jj = solve_junction(JunctionModel(tc_K=1.2, rn_ohm=1000.0, temperature_K=0.0))
    gap0 = bcs_gap_meV(1.2, 0.0)[0]
    assert gap0 / (K_B_MEV_PER_K * 1.2) == pytest.approx(1.764, abs=2e-3)  # BCS 2D/kTc = 3.53
    assert jj.ic_rn_uV == pytest.approx(np.pi * gap0 / 2 * 1e3, rel=1e-10)
    assert jj.ic_nA == pytest.approx(jj.ic_rn_uV, rel=1e-12)  # uV / kOhm = nA


@pytest.mark.parametrize("temperature_K", [0.05, 0.4, 0.8, 1.1])
def test_matsubara_sum_equals_tanh_form_at_finite_temperature(temperature_K):
    gap = bcs_gap_meV(1.2, temperature_K)[0]
    expected = np.pi * gap / 2 * np.tanh(gap / (2 * K_B_MEV_PER_K * temperature_K)) * 1e3
    assert ambegaokar_baratoff_ic_rn_uV(gap, gap, temperature_K) == pytest.approx(expected,
                                                                                  rel=1e-8)
    jj = solve_junction(JunctionModel(1.2, 2000.0, temperature_K))
    assert jj.ic_nA == pytest.approx(expected / 2.0, rel=1e-8)


def test_asymmetric_reduces_to_symmetric_and_is_between_limits():
    temps = np.array([0.0, 0.1, 0.5, 0.9])
    gaps = bcs_gap_meV(1.2, temps)
    same = ambegaokar_baratoff_ic_rn_uV(gaps, gaps, temps)
    sym = np.pi * gaps / 2 * np.tanh(gaps / (2 * K_B_MEV_PER_K * np.maximum(temps, 1e-300)))
    assert np.allclose(same, sym * 1e3, rtol=1e-8)
    # Al / Nb at T = 0: the elliptic-integral limit equals the low-T Matsubara sum
    zero = ambegaokar_baratoff_ic_rn_uV(0.18, 1.5, 0.0)
    assert ambegaokar_baratoff_ic_rn_uV(0.18, 1.5, 1e-3) == pytest.approx(zero, rel=1e-7)
    # and lies between pi Delta_small / 2 and pi sqrt(D1 D2) / 2
    assert np.pi * 0.18 / 2 * 1e3 < zero < np.pi * np.sqrt(0.18 * 1.5) / 2 * 1e3
    jj = solve_junction(JunctionModel(1.2, 1000.0, 0.3, tc2_K=9.2))
    assert jj.gap2_meV > jj.gap1_meV
    assert jj.ic_rn_uV == pytest.approx(float(ambegaokar_baratoff_ic_rn_uV(
        jj.gap1_meV, jj.gap2_meV, 0.3)), rel=1e-12)


def test_ic_vanishes_at_tc_and_decreases_with_T():
    temps = np.linspace(0.0, 1.3, 14)
    gaps = bcs_gap_meV(1.2, temps)
    ic = ambegaokar_baratoff_ic_rn_uV(gaps, gaps, temps)
    assert np.all(np.diff(ic) <= 1e-9)
    assert ic[-1] == 0.0


def test_energies_from_ic_and_capacitance():
    # E_J = hbar I_c / 2e: 1 nA is 0.4967 GHz; E_C = e^2 / 2C: 80 fF is 0.2421 GHz
    assert josephson_energy_GHz(1.0) == pytest.approx(0.49673, rel=1e-4)
    assert charging_energy_GHz(80.0) == pytest.approx(0.24213, rel=1e-4)
    jj = solve_junction(JunctionModel.from_material("Al", 10_000.0, 0.02, capacitance_fF=80.0))
    assert jj.ej_over_ec == pytest.approx(jj.ej_GHz / jj.ec_GHz)
    assert 50 < jj.ej_over_ec < 200


def test_round_trip(tmp_path):
    jj = solve_junction(JunctionModel(1.2, 1000.0, 0.6, capacitance_fF=70.0))
    same = load(jj.save(tmp_path / "jj.nc"))
    assert same.ic_nA == pytest.approx(jj.ic_nA)
    assert same.metadata["model"]["rn_ohm"] == 1000.0


@pytest.mark.parametrize("kwargs, name", [
    ({"tc_K": -1.0, "rn_ohm": 1.0}, "tc_K"),
    ({"tc_K": 1.0, "rn_ohm": 0.0}, "rn_ohm"),
    ({"tc_K": 1.0, "rn_ohm": 1.0, "temperature_K": -0.1}, "temperature_K"),
    ({"tc_K": 1.0, "rn_ohm": 1.0, "capacitance_fF": -2.0}, "capacitance_fF"),
])
def test_bad_inputs_name_the_parameter(kwargs, name):
    with pytest.raises(ValueError, match=name):
        JunctionModel(**kwargs)
    with pytest.raises(ValueError, match="material"):
        JunctionModel.from_material("Unobtainium", 1000.0)


def test_from_electrodes_takes_a_tc_or_a_preset():
    by_tc = JunctionModel.from_electrodes(1000.0, tc_K=1.2, tc2_K=9.25, temperature_K=0.1)
    assert (by_tc.tc_K, by_tc.tc2_K, by_tc.temperature_K) == (1.2, 9.25, 0.1)
    preset = JunctionModel.from_electrodes(1000.0, material="Al", tc2_K=9.25, capacitance_fF=50)
    assert preset == JunctionModel(1.18, 1000.0, 0.0, 9.25, 50)
    for kwargs in ({}, {"tc_K": 1.2, "material": "Al"}):
        with pytest.raises(ValueError, match="exactly one of tc_K or material"):
            JunctionModel.from_electrodes(1000.0, **kwargs)
