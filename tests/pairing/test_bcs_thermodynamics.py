"""BCS thermodynamics for a given DOS: the weak-coupling universal numbers.

* 2 Delta(0) / k_B T_c = 2 pi e^{-gamma_E} = 3.528 (BCS 1957).
* Delta C / (gamma T_c) = 12 / (7 zeta(3)) = 1.426.
* Delta(T) -> pi sqrt(8 / (7 zeta(3))) k_B T_c sqrt(1 - T/T_c) = 3.063 k_B T_c sqrt(1 - t).
* Clean-limit superfluid density lambda(0)^2 / lambda(T)^2 -> 2 (1 - T/T_c): linear.
* Normal state above T_c: S = C = gamma T.
"""

import numpy as np
import pytest
from scipy.special import zeta

import cooperlab as cl
from cooperlab.pairing.bcs_thermodynamics import (
    BCSModel,
    critical_temperature_K,
    solve_bcs_thermodynamics,
)
from cooperlab.units import K_B_MEV_PER_K

GAP_RATIO = 2 * np.pi * np.exp(-np.euler_gamma)         # 3.5278
JUMP = 12 / (7 * zeta(3))                                # 1.4261
GL_GAP = np.pi * np.sqrt(8 / (7 * zeta(3)))              # 3.0633


@pytest.fixture(scope="module")
def weak():
    return solve_bcs_thermodynamics(BCSModel.from_tc(9.2, n0_per_eV_nm3=1.0,
                                                     london_depth_0_nm=40.0))


def test_from_tc_reproduces_tc(weak):
    assert weak.tc_K == pytest.approx(9.2, rel=1e-9)


def test_weak_coupling_gap_ratio(weak):
    assert weak.gap_ratio == pytest.approx(GAP_RATIO, rel=2e-4)


def test_specific_heat_jump(weak):
    assert weak.specific_heat_jump == pytest.approx(JUMP, rel=2e-3)
    assert weak.specific_heat_jump == pytest.approx(1.43, abs=0.01)


def test_gap_near_tc_follows_ginzburg_landau(weak):
    tc = weak.tc_K
    t = np.array([0.999, 0.9999])
    near = solve_bcs_thermodynamics(BCSModel.from_tc(9.2), t * tc)
    ratio = near.gap_meV / (K_B_MEV_PER_K * tc * np.sqrt(1 - t))
    assert ratio == pytest.approx(GL_GAP, rel=2e-3)


def test_superfluid_density_linear_near_tc(weak):
    tc = weak.tc_K
    t = np.array([0.996, 0.998, 0.999])
    near = solve_bcs_thermodynamics(BCSModel.from_tc(9.2), t * tc)
    slope = near.superfluid_fraction / (1 - t)
    assert slope == pytest.approx(2.0, rel=5e-3)        # rho_s = 2 (1 - t): linear
    fit = np.polyfit(1 - t, near.superfluid_fraction, 1)
    assert abs(fit[1]) < 1e-4                            # through zero at T_c


def test_normal_state_and_zero_temperature_limits(weak):
    above = weak.T > 1.05 * weak.tc_K
    assert np.all(weak.gap_meV[above] == 0)
    t_over_tc = weak.T[above] / weak.tc_K
    assert weak.entropy[above] == pytest.approx(t_over_tc, rel=1e-6)       # S = gamma T
    assert weak.specific_heat[above] == pytest.approx(t_over_tc, rel=1e-6)
    assert weak.entropy[0] == pytest.approx(0.0, abs=1e-12)
    assert weak.superfluid_fraction[0] == pytest.approx(1.0, abs=1e-12)
    # F(0) = -N Delta^2 / 2 and mu_0 H_c^2 / 2 = -F (SI), N = 1 / (eV nm^3).
    assert weak.free_energy_meV2[0] == pytest.approx(-weak.gap0_meV**2 / 2, rel=1e-3)
    joule = 1e-6 * 1.602176634e-19 * 1e27 * weak.gap0_meV**2 / 2
    assert weak.critical_field_T[0] == pytest.approx(np.sqrt(2 * 1.25663706212e-6 * joule),
                                                     rel=1e-3)
    assert weak.penetration_depth_nm[0] == pytest.approx(40.0)
    # H_c(T) / H_c(0) ~ 1.74 (1 - t) near T_c (BCS, Tinkham Eq. 3.66).
    near = (weak.T > 0.97 * weak.tc_K) & (weak.T < weak.tc_K)
    ratio = weak.critical_field_ratio[near] / (1 - weak.T[near] / weak.tc_K)
    assert ratio == pytest.approx(1.74, rel=0.02)


def test_entropy_is_the_temperature_derivative_of_free_energy(weak):
    # S = -dF/dT: central differences of F against the computed S (units of gamma T_c).
    tc_mev = K_B_MEV_PER_K * weak.tc_K
    t = weak.T * K_B_MEV_PER_K
    inside = (weak.T > 0.2 * weak.tc_K) & (weak.T < 0.95 * weak.tc_K)
    ds = -np.gradient(weak.free_energy_meV2, t)[inside] / (2 * np.pi**2 / 3 * tc_mev)
    normal_entropy = weak.T[inside] / weak.tc_K                  # S_n / (gamma T_c)
    assert normal_entropy + ds == pytest.approx(weak.entropy[inside], abs=3e-3)


def test_tabulated_constant_dos_equals_constant_model():
    energy = np.linspace(-200, 200, 11)
    table = BCSModel(0.3, 30.0, dos_energy_meV=energy, dos=np.full(11, 2.5))
    assert critical_temperature_K(table) == pytest.approx(
        critical_temperature_K(BCSModel(0.3, 30.0)), rel=1e-12)


def test_dos_peaks_inside_the_window_raise_tc():
    # lambda = N(E_F) V is fixed, so extra states at +-10 meV (inside the 30 meV window,
    # N(E_F) unchanged) add pairing phase space: T_c must rise.
    energy = np.linspace(-100, 100, 2001)
    peaked = 1 + 2 * np.exp(-((np.abs(energy) - 10.0) / 3.0) ** 2)
    base = BCSModel(0.3, 30.0, dos_energy_meV=energy, dos=np.ones_like(energy))
    peak = BCSModel(0.3, 30.0, dos_energy_meV=energy, dos=peaked)
    assert critical_temperature_K(peak) > 1.5 * critical_temperature_K(base)


def test_moire_dos_result_can_drive_the_gap_equation():
    from cooperlab.moire.dos import DensityOfStates

    energy = np.linspace(-30, 30, 601)
    dos = DensityOfStates(energy=energy, dos=1 + 0.01 * energy**2, dos_per_area=energy * 0,
                          filling=energy * 0)
    model = BCSModel.from_density_of_states(dos, 0.0, 0.25, 10.0)
    result = solve_bcs_thermodynamics(model, n_temperatures=11)
    assert result.tc_K > critical_temperature_K(BCSModel(0.25, 10.0))   # DOS grows off E_F


def test_save_load_round_trip(weak, tmp_path):
    path = weak.save(tmp_path / "bcs.nc")
    same = cl.load(path)
    assert isinstance(same, type(weak))
    np.testing.assert_allclose(same.gap_meV, weak.gap_meV)
    assert float(same.gap_ratio) == pytest.approx(weak.gap_ratio)
    assert same.to_xarray()["gap_meV"].dims == ("T",)
    assert same.to_xarray()["gap_meV"].attrs["units"] == "meV"


@pytest.mark.parametrize("kwargs, name", [
    ({"coupling": -0.1, "cutoff_meV": 10.0}, "coupling"),
    ({"coupling": 0.3, "cutoff_meV": 0.0}, "cutoff_meV"),
    ({"coupling": 0.3, "cutoff_meV": 10.0, "london_depth_0_nm": -1.0}, "london_depth_0_nm"),
    ({"coupling": 0.3, "cutoff_meV": 50.0, "dos_energy_meV": np.linspace(-10, 10, 5),
      "dos": np.ones(5)}, "cutoff_meV"),
])
def test_bad_input_names_the_parameter(kwargs, name):
    with pytest.raises(ValueError, match=name):
        BCSModel(**kwargs)


def test_universal_gap_fraction():
    """Weak-coupling Delta(T)/Delta(0): ln(Delta0/Delta) = 2 int_0^inf f(E)/E dxi, solved
    independently (scipy quad + brentq) at T/T_c = 0.5 and 0.9; -> 1.74 sqrt(1 - t)."""
    from cooperlab.pairing.bcs_thermodynamics import bcs_gap_fraction

    got = bcs_gap_fraction([0.0, 0.5, 0.9, 0.9999, 1.0, 1.5])
    assert got[0] == 1.0 and got[4] == 0.0 and got[5] == 0.0
    assert got[1] == pytest.approx(0.95688, abs=2e-4)
    assert got[2] == pytest.approx(0.52634, abs=2e-4)
    assert got[3] == pytest.approx(1.7367 * np.sqrt(1e-4), rel=2e-3)
    with pytest.raises(ValueError, match="reduced_temperature"):
        bcs_gap_fraction(-0.1)


def test_constant_dos_model_from_tc_or_from_coupling():
    by_tc = BCSModel.constant_dos(tc_K=9.2, london_depth_0_nm=40.0)
    assert critical_temperature_K(by_tc) == pytest.approx(9.2, rel=1e-9)
    assert by_tc.london_depth_0_nm == 40.0
    by_coupling = BCSModel.constant_dos(coupling=by_tc.coupling, cutoff_meV=by_tc.cutoff_meV)
    assert critical_temperature_K(by_coupling) == pytest.approx(9.2, rel=1e-9)
    for kwargs, message in (({}, "exactly one of tc_K"), ({"coupling": 0.3}, "cutoff_meV")):
        with pytest.raises(ValueError, match=message):
            BCSModel.constant_dos(**kwargs)
