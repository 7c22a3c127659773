"""Each shared kernel of cooperlab.numerics against its analytic limit."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.constants as si

from cooperlab.numerics import constants
from cooperlab.numerics.filling import (
    chemical_potential_from_bands,
    electrons_per_cell,
    solve_chemical_potential,
)
from cooperlab.numerics.josephson import ambegaokar_baratoff, ambegaokar_baratoff_equal_gaps
from cooperlab.numerics.kmesh import mesh_fractions, mesh_weights, square_mesh, uniform_mesh
from cooperlab.numerics.matsubara import (
    bosonic_frequencies,
    fermionic_frequencies,
    fermionic_frequencies_below,
    tail_corrected_fermionic_sum,
)
from cooperlab.numerics.occupations import (
    bose_einstein,
    bose_einstein_derivative,
    fermi_dirac,
    fermi_dirac_derivative,
)


def test_occupations_limits_and_symmetries() -> None:
    x = np.linspace(-50.0, 50.0, 201)
    assert fermi_dirac(0.0, 0.3) == 0.5
    np.testing.assert_allclose(fermi_dirac(x, 0.7) + fermi_dirac(-x, 0.7), 1.0, rtol=1e-15)
    assert np.all(np.isfinite(fermi_dirac([-1e5, 1e5], 1e-3)))          # no overflow
    np.testing.assert_array_equal(fermi_dirac([-1.0, 0.0, 1.0], 0.0), [1.0, 0.5, 0.0])
    np.testing.assert_allclose(fermi_dirac([-1.0, 1.0], 1e-4), [1.0, 0.0], atol=1e-300)
    # df/dx = -1 / (4T cosh^2(x/2T)), checked against a central difference
    t, h = 0.4, 1e-5
    y = np.linspace(-3, 3, 13)
    np.testing.assert_allclose(fermi_dirac_derivative(y, t),
                               (fermi_dirac(y + h, t) - fermi_dirac(y - h, t)) / (2 * h),
                               rtol=1e-8)
    # n(-x) = -1 - n(x), n(x) -> T/x for small x, n'(x) by differences, the T = 0 limit
    z = np.array([0.3, 1.0, 4.0])
    np.testing.assert_allclose(bose_einstein(-z, 0.5), -1 - bose_einstein(z, 0.5), rtol=1e-14)
    assert bose_einstein(1e-9, 1.0) == pytest.approx(1e9, rel=1e-8)
    np.testing.assert_allclose(bose_einstein_derivative(z, 0.5),
                               (bose_einstein(z + h, 0.5) - bose_einstein(z - h, 0.5)) / (2 * h),
                               rtol=1e-7)
    np.testing.assert_array_equal(bose_einstein([-1.0, 1.0], 0.0), [-1.0, 0.0])


def test_matsubara_sum_with_tail_equals_tanh() -> None:
    t, e = 0.05, 0.8
    np.testing.assert_allclose(fermionic_frequencies(t, 3), np.pi * t * np.array([1, 3, 5]))
    np.testing.assert_allclose(bosonic_frequencies(t, 3), 2 * np.pi * t * np.arange(3))
    assert fermionic_frequencies_below(t, 10.0)[-1] >= 10.0 - 2 * np.pi * t
    w = fermionic_frequencies(t, 200)
    # 2T sum_{n>=0} 1/(w_n^2 + E^2) = tanh(E/2T)/(2E); tail c2 = 1, c4 = -E^2
    exact = np.tanh(e / (2 * t)) / (2 * e)
    kept = 2 * t * np.sum(1 / (w**2 + e**2))
    summed = 2 * t * tail_corrected_fermionic_sum(1 / (w**2 + e**2), t, 1.0, -e**2)
    assert abs(kept - exact) > 1e-4 * exact                 # the tail matters ...
    assert summed == pytest.approx(exact, rel=1e-9)         # ... and closes the sum


def test_chemical_potential_inverts_filling() -> None:
    n = 48
    k = square_mesh(n)
    band = (-2 * np.cos(k[..., 0]) - 2 * np.cos(k[..., 1]))[..., None]      # square lattice
    assert chemical_potential_from_bands(band, 1.0, 0.1) == pytest.approx(0.0, abs=1e-12)
    band_nnn = band - 0.6 * np.cos(k[..., 0]) * np.cos(k[..., 1])[..., None]
    for mu in (-1.3, 0.2, 2.1):
        target = electrons_per_cell(band_nnn, mu, 0.2)
        assert chemical_potential_from_bands(band_nnn, target, 0.2) == pytest.approx(mu, abs=1e-11)
    with pytest.raises(ValueError, match="filling"):
        chemical_potential_from_bands(band, 2.0, 0.1)
    # the bracket widens until it holds the root; an unreachable target names the parameter
    assert solve_chemical_potential(lambda mu: mu, 1e3, 0.0, 1.0, 0.5) == pytest.approx(1e3)
    with pytest.raises(ValueError, match="nu = 3"):
        solve_chemical_potential(lambda mu: float(np.tanh(mu)), 3.0, -1.0, 1.0, 1.0, name="nu")


def test_meshes_sum_cosines_to_zero_and_weights_to_one() -> None:
    for shift in (0.0, 0.5):
        k = square_mesh(8, shift=shift)
        w = mesh_weights(8)
        assert w.sum() == pytest.approx(1.0, rel=1e-14)
        assert np.sum(w * np.cos(k[..., 0])) == pytest.approx(0.0, abs=1e-15)
        assert np.sum(w * np.cos(k[..., 0] + 2 * k[..., 1])) == pytest.approx(0.0, abs=1e-15)
    b = np.array([[1.0, 0.0], [0.5, np.sqrt(3) / 2]])
    mesh = uniform_mesh(6, 2 * np.pi * b, shift=0.5)
    assert mesh.shape == (6, 6, 2)
    np.testing.assert_allclose(mesh[1, 2], 2 * np.pi * (1.5 * b[0] + 2.5 * b[1]) / 6)
    np.testing.assert_allclose(mesh_fractions(4, endpoint=True), [0, 0.25, 0.5, 0.75, 1.0])


def test_ambegaokar_baratoff_limits() -> None:
    gap = np.array([0.2, 1.0, 1.76])
    np.testing.assert_allclose(ambegaokar_baratoff(gap, gap, 0.0), np.pi * gap / 2, rtol=1e-14)
    np.testing.assert_allclose(ambegaokar_baratoff_equal_gaps(gap, 0.0), np.pi * gap / 2)
    for t in (0.05, 0.5, 1.0):
        np.testing.assert_allclose(ambegaokar_baratoff(gap, gap, t),
                                   ambegaokar_baratoff_equal_gaps(gap, t), rtol=1e-9)
    # unequal gaps: symmetric, between the two equal-gap values
    ab = ambegaokar_baratoff(0.5, 1.0, 0.2)
    assert ab == pytest.approx(float(ambegaokar_baratoff(1.0, 0.5, 0.2)), rel=1e-14)
    assert ambegaokar_baratoff_equal_gaps(0.5, 0.2) < ab < ambegaokar_baratoff_equal_gaps(1.0, 0.2)


def test_constants_equal_scipy() -> None:
    assert constants.BOLTZMANN_MEV_PER_K == pytest.approx(si.k / si.e * 1e3, rel=1e-15)
    assert constants.PLANCK_J_S == si.h and constants.HBAR_J_S == si.hbar
    assert constants.ELEMENTARY_CHARGE_C == si.e
    assert constants.FLUX_QUANTUM_WB == pytest.approx(
        si.physical_constants["mag. flux quantum"][0], rel=1e-15)
    assert constants.HBAR_MEV_S == pytest.approx(si.hbar / si.e * 1e3, rel=1e-10)  # 10 digits
    assert constants.PLANCK_MEV_PER_GHZ == pytest.approx(si.h / si.e * 1e12, rel=1e-15)
    assert constants.VACUUM_PERMEABILITY_T_M_PER_A == si.mu_0
    assert constants.COULOMB_MEV_NM == pytest.approx(
        si.e**2 / (4 * np.pi * si.epsilon_0) / si.e * 1e12, rel=1e-14)
