"""Bulk GL: Meissner screening, N-S surface energy, Hc2 from the linearised problem, beta_A."""

import math

import numpy as np
import pytest
from scipy.optimize import brentq

from cooperlab.gl.abrikosov import BETA_TRIANGULAR, vortex_lattice
from cooperlab.gl.landau import lowest_eigenvalues, upper_critical_field
from cooperlab.gl.meissner import meissner_profile, surface_energy


@pytest.mark.parametrize("lambda_um", [0.2, 0.5, 1.5])
def test_meissner_profile_decays_with_the_input_lambda(lambda_um):
    profile = meissner_profile(xi_um=0.1, lambda_um=lambda_um, field_mT=0.3)
    assert profile.lambda_fit_um == pytest.approx(lambda_um, rel=0.05)
    assert profile.field[0] == pytest.approx(0.3, rel=1e-6)       # boundary condition held
    assert profile.field[-1] < 1e-3 * profile.field[0]            # screened deep inside


def test_meissner_field_above_hc_is_refused():
    with pytest.raises(ValueError, match="field_mT"):
        meissner_profile(xi_um=0.1, lambda_um=0.5, field_mT=50.0)


def test_surface_energy_changes_sign_at_kappa_one_over_sqrt2():
    sigma = {k: surface_energy(k).sigma for k in (0.5, 0.7, 0.72, 1.0)}
    assert sigma[0.5] > 0 and sigma[0.7] > 0            # type I
    assert sigma[0.72] < 0 and sigma[1.0] < 0           # type II
    root = brentq(lambda k: surface_energy(k).sigma, 0.69, 0.73, xtol=1e-4)
    assert root == pytest.approx(1 / math.sqrt(2), rel=0.005)


def test_hc2_from_the_linearised_problem():
    coarse = upper_critical_field(0.1, grid_xi=0.25)
    fine = upper_critical_field(0.1, grid_xi=0.2)
    bc2 = 2.067833848e-15 / (2 * math.pi * 1e-14) * 1e3             # Phi0/(2 pi xi^2), mT
    # hc2_mT is the closed form (exact for bulk isotropic GL), not the lattice eigenvalue,
    # which was 0.5 % above it at h = 0.2 xi and is now reported beside it
    assert fine.hc2_mT == pytest.approx(bc2, rel=1e-9)
    assert fine.lattice_hc2_mT == pytest.approx(bc2 * fine.lattice_hc2_over_bc2, rel=1e-12)
    assert fine.discretisation_error == pytest.approx(fine.lattice_hc2_mT / bc2 - 1, rel=1e-9)
    assert 0.003 < fine.discretisation_error < 0.007
    conv = fine.metadata["convergence"]
    assert conv["passed"] and conv["achieved"] == pytest.approx(fine.discretisation_error)
    assert conv["target"] == 0.01 and conv["grid_xi"] == pytest.approx(0.2)
    assert not upper_critical_field(0.1, grid_xi=0.25, tolerance=0.005).metadata[
        "convergence"]["passed"]                                     # +0.8 % at h = 0.25 xi
    # the lattice error is O(h^2): it shrinks by (0.2/0.25)^2 = 0.64 from the coarse grid
    ratio = fine.discretisation_error / coarse.discretisation_error
    assert ratio == pytest.approx(0.64, abs=0.05)


def test_landau_levels_of_the_lattice_operator():
    # 4 flux quanta through a 7.5 xi torus: the lowest level is 4-fold degenerate at ~b,
    # the next one at ~3b
    n, h, n_flux = 30, 0.25, 4
    b = 2 * math.pi * n_flux / (n * h) ** 2
    values = lowest_eigenvalues(n, n, h, n_flux, 2 * n_flux + 1)
    assert np.ptp(values[:n_flux]) < 1e-9
    assert values[0] == pytest.approx(b, rel=0.01)
    assert values[n_flux] == pytest.approx(3 * b, rel=0.02)


def test_abrikosov_beta_of_the_triangular_lattice_near_hc2():
    # Setup: periodic cell Ly/Lx = sqrt(3) with two flux quanta (the conventional cell of the
    # triangular lattice), b = 0.9 Bc2, h = 0.25 xi, relaxed from a random state.
    triangular = vortex_lattice(0.9, n_flux=2, solve_time=600.0, seed=1)
    assert len(triangular.vortices) == 2 and triangular.vortices[:, 2].sum() == 2
    assert triangular.beta_a == pytest.approx(BETA_TRIANGULAR, rel=0.01)
    square = vortex_lattice(0.9, n_flux=1, aspect=1.0, solve_time=300.0)
    assert square.beta_a > triangular.beta_a + 0.01       # the square lattice costs more
