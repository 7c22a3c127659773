"""alpha^2F moments, file reading, model builders, McMillan / Allen-Dynes, Pade.

* Debye model alpha^2F = a w^2 (w < w_D): lambda = a w_D^2, omega_log = w_D e^{-1/2},
  omega_2 = w_D / sqrt(2) (exact integrals).
* McMillan / Allen-Dynes against hand-evaluated formulas (Allen & Dynes PRB 12, 905 (1975)).
* Pade (Vidberg & Serene 1977) continues a rational function exactly.
"""

import numpy as np
import pytest

import cooperlab as cl
from cooperlab.pairing import alpha2f as a2f
from cooperlab.pairing.pade import pade_continue
from cooperlab.pairing.tc_formulas import (
    allen_dynes,
    allen_dynes_factors,
    mcmillan,
    solve_formula_tc,
)
from cooperlab.units import K_B_MEV_PER_K


def test_debye_moments_are_exact():
    spectrum = a2f.debye(0.8, 30.0, n_points=4000)
    assert spectrum.coupling == pytest.approx(0.8, rel=1e-12)
    assert spectrum.omega_log_meV == pytest.approx(30.0 * np.exp(-0.5), rel=1e-5)
    assert spectrum.omega_2_meV == pytest.approx(30.0 / np.sqrt(2), rel=1e-5)
    assert spectrum.cumulative_coupling()[-1] == pytest.approx(0.8, rel=1e-12)


def test_einstein_peak_moments_and_kernel():
    spectrum = a2f.einstein(1.2, 50.0)
    assert spectrum.coupling == pytest.approx(1.2, rel=1e-12)
    assert spectrum.omega_log_meV == pytest.approx(50.0, rel=1e-3)
    # lambda(nu) of a delta function: lambda w_E^2 / (w_E^2 + nu^2).
    nu = np.array([0.0, 10.0, 50.0, 400.0])
    assert spectrum.kernel(nu) == pytest.approx(1.2 * 2500 / (2500 + nu**2), rel=2e-3)


def test_scaled_sets_lambda_and_omega_log():
    shape = a2f.lorentzian_peaks(1.0, [20.0, 60.0], [3.0, 5.0], [1.0, 0.5])
    scaled = shape.scaled(2.5, 33.0)
    assert scaled.coupling == pytest.approx(2.5, rel=1e-12)
    assert scaled.omega_log_meV == pytest.approx(33.0, rel=1e-12)
    # The shape is kept: omega_2 / omega_log is invariant under the frequency scaling.
    assert scaled.omega_2_meV / scaled.omega_log_meV == pytest.approx(
        shape.omega_2_meV / shape.omega_log_meV, rel=1e-12)


def test_two_column_file_round_trip_with_units(tmp_path):
    spectrum = a2f.lorentzian_peaks(1.3, [10.0, 25.0], [1.0, 2.0])
    path = tmp_path / "a2f.dat"
    cm = spectrum.omega_meV / 0.1239841984
    np.savetxt(path, np.column_stack([np.concatenate([[0.0], cm]),
                                      np.concatenate([[0.0], spectrum.alpha2f])]),
               header="omega (cm-1)  alpha2F")
    read = a2f.from_file(path, unit="cm-1")
    assert read.coupling == pytest.approx(1.3, rel=1e-10)
    assert read.omega_log_meV == pytest.approx(spectrum.omega_log_meV, rel=1e-10)


@pytest.mark.parametrize(("call", "name"), [
    (lambda: a2f.EliashbergFunction(np.array([1.0, 2.0]), np.array([0.1, -0.1])), "alpha2f"),
    (lambda: a2f.EliashbergFunction(np.array([2.0, 1.0]), np.array([0.1, 0.1])), "omega_meV"),
    (lambda: a2f.einstein(-1.0, 10.0), "lambda"),
    (lambda: a2f.einstein(1.0, 0.0), "omega_E_meV"),
    (lambda: a2f.from_file("x.dat", unit="furlong"), "unit"),
    (lambda: a2f.lorentzian_peaks(1.0, [2.0], [1.0]), "centres_meV"),
    (lambda: mcmillan(1.0, 10.0, 0.9), "mu_star"),
])
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_missing_file_is_reported():
    with pytest.raises(FileNotFoundError, match="alpha2F"):
        a2f.from_file("/nonexistent/a2f.dat")


def test_mcmillan_by_hand():
    lam, w_log, mu = 1.0, 20.0, 0.1
    expected = w_log / 1.2 * np.exp(-1.04 * 2.0 / (1.0 - 0.1 * 1.62)) / K_B_MEV_PER_K
    assert mcmillan(lam, w_log, mu) == pytest.approx(expected, rel=1e-12)
    assert mcmillan(0.1, 20.0, 0.13) == 0.0          # lambda < mu* (1 + 0.62 lambda)


def test_allen_dynes_corrections():
    f1, f2 = allen_dynes_factors(2.0, 100.0, 0.1)
    assert f2 == 1.0                                  # omega_2 = omega_log
    assert f1 == pytest.approx((1 + (2.0 / (2.46 * 1.38)) ** 1.5) ** (1 / 3), rel=1e-12)
    assert allen_dynes(2.0, 100.0, 0.1, 130.0) > allen_dynes(2.0, 100.0, 0.1) > mcmillan(
        2.0, 100.0, 0.1)


def test_formula_result_round_trip(tmp_path):
    result = solve_formula_tc(2.2, 100.0, 0.1, 130.0, method="allen-dynes")
    assert result.tc_K == pytest.approx(allen_dynes(2.2, 100.0, 0.1, 130.0), rel=1e-12)
    same = cl.load(result.save(tmp_path / "tc.nc"))
    assert float(same.tc_K) == pytest.approx(result.tc_K, rel=1e-12)
    assert float(same.omega_2_meV) == 130.0
    assert same.metadata["method"] == "allen-dynes"


def test_duan_h3s_numbers_reproduce_their_quoted_tc():
    # Duan et al., Sci. Rep. 4, 6968 (2014): Im-3m H3S at 200 GPa, lambda = 2.19,
    # omega_log = 1335 K; Allen-Dynes-modified McMillan T_c = 191-204 K (mu* 0.13-0.10).
    w_log = 1335 * K_B_MEV_PER_K
    assert mcmillan(2.19, w_log, 0.10) == pytest.approx(204, abs=1.0)
    assert mcmillan(2.19, w_log, 0.13) == pytest.approx(191, abs=1.0)


def test_pade_continues_a_rational_function_exactly():
    def f(z):
        return (z + 2.0) / ((z - 1.0 + 0.5j) * (z + 3.0 - 0.2j))

    z = 1j * np.pi * 0.1 * (2 * np.arange(20) + 1)
    real = np.linspace(-5, 5, 101) + 1e-3j
    assert pade_continue(z, f(z), real) == pytest.approx(f(real), rel=1e-8, abs=1e-10)
