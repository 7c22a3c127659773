"""Kernel polynomial method: moments, densities, Green's functions, Fermi expansions.

Checked against exact diagonalisation (moments of random sparse Hermitian matrices, the
density matrix), the analytic density of states and Green's function of the
infinite tight-binding chain, rho(E) = 1 / (pi sqrt(4 t^2 - E^2)),
G(E + i0) = -i / sqrt(4 t^2 - E^2) for |E| < 2t, and the statistics of stochastic traces.
"""

import numpy as np
import pytest
import scipy.sparse as sp

from cooperlab.numerics import kpm


def random_sparse_hermitian(n, density, seed):
    rng = np.random.default_rng(seed)
    a = sp.random(n, n, density=density, random_state=rng, format="csr") + 1j * sp.random(
        n, n, density=density, random_state=rng, format="csr")
    return ((a + a.conj().T) / 2).tocsr()


def chain(n, t=1.0):
    hop = sp.diags([np.full(n - 1, -t), np.full(n - 1, -t)], [1, -1], format="lil")
    hop[0, n - 1] = hop[n - 1, 0] = -t
    return hop.tocsr()


def test_moments_match_exact_diagonalisation():
    h = random_sparse_hermitian(120, 0.05, 1)
    scale = kpm.spectral_scale(h)
    values, vectors = np.linalg.eigh(h.toarray())
    assert scale.to_unit(values).min() > -1 and scale.to_unit(values).max() < 1
    x = kpm.rescaled(h, scale)
    theta = np.arccos(scale.to_unit(values))
    rng = np.random.default_rng(2)
    right = rng.normal(size=(120, 3)) + 1j * rng.normal(size=(120, 3))
    left = rng.normal(size=(120, 2))
    n = np.arange(40)
    exact = np.einsum("dp,dk,nk,ek,em->npm", left.conj(), vectors, np.cos(n[:, None] * theta),
                      vectors.conj(), right)
    np.testing.assert_allclose(kpm.moments(x, right, 40, left), exact, atol=1e-9)
    diagonal = np.einsum("dm,dk,nk,ek,em->nm", right.conj(), vectors,
                         np.cos(n[:, None] * theta), vectors.conj(), right)
    np.testing.assert_allclose(kpm.moments(x, right, 40), diagonal, atol=1e-9)
    np.testing.assert_allclose(kpm.moments(x, right, 41)[:40], diagonal, atol=1e-9)


def test_chain_density_and_green_function():
    h = chain(4000)
    scale = kpm.spectral_scale(h)
    x = kpm.rescaled(h, scale)
    mu = kpm.local_moments(x, np.array([0]), 1024)[:, 0]
    energy = np.array([-1.5, -0.5, 0.0, 0.7, 1.2])
    rho = kpm.spectral_density(mu, energy, scale)
    np.testing.assert_allclose(rho, 1 / (np.pi * np.sqrt(4 - energy**2)), rtol=5e-3)
    green = kpm.green_function(mu, energy, scale)
    np.testing.assert_allclose(-green.imag / np.pi, rho, rtol=1e-10)
    # real part: zero inside the band of the chain (analytic G is purely imaginary there)
    np.testing.assert_allclose(green.real, 0.0, atol=2e-2 * np.abs(green).max())
    # the density integrates to one state per site
    grid = np.linspace(-2.5, 2.5, 20001)
    assert np.trapezoid(kpm.spectral_density(mu, grid, scale), grid) == pytest.approx(1, abs=2e-3)


def test_fermi_expectation_is_the_density_matrix():
    h = random_sparse_hermitian(150, 0.04, 3)
    values, vectors = np.linalg.eigh(h.toarray())
    mu_chem, temperature = 0.05, 0.08
    exact = (vectors * (1 / (np.exp((values - mu_chem) / temperature) + 1))) @ vectors.conj().T
    scale = kpm.spectral_scale(h)
    x = kpm.rescaled(h, scale)
    coefficients = kpm.fermi_coefficients(600, mu_chem, temperature, scale)
    sites = np.arange(10)
    local = kpm.expectation(kpm.local_moments(x, sites, 600), coefficients)
    np.testing.assert_allclose(local.real, np.diag(exact)[sites].real, atol=2e-3)
    unit = np.zeros((150, 1))
    unit[4] = 1
    off = kpm.expectation(kpm.moments(x, unit, 600, np.eye(150)[:, [7]]), coefficients)
    assert off[0, 0] == pytest.approx(exact[7, 4], abs=2e-3)


def test_stochastic_trace_within_its_error_bars():
    h = random_sparse_hermitian(400, 0.02, 5)
    scale = kpm.spectral_scale(h)
    x = kpm.rescaled(h, scale)
    values = np.linalg.eigvalsh(h.toarray())
    n = np.arange(30)
    exact = np.cos(n[:, None] * np.arccos(scale.to_unit(values))[None, :]).mean(axis=1)
    mean, error = kpm.trace_moments(x, 30, 40, np.random.default_rng(0))
    assert mean[0] == pytest.approx(1.0, abs=1e-12)  # random phases: exact for T_0
    assert np.all(np.abs(mean[1:] - exact[1:]) < 5 * error[1:] + 1e-12)
    assert error[1:].max() < 0.05


def test_jackson_kernel_and_coefficients():
    g = kpm.jackson_kernel(64)
    assert g[0] == pytest.approx(1.0)
    assert np.all(np.diff(g) < 0) and g[-1] > 0
    # c_n of a polynomial are exact: x^2 = (T_0 + T_2) / 2
    np.testing.assert_allclose(kpm.expansion_coefficients(lambda x: x**2, 5),
                               [0.5, 0, 0.5, 0, 0], atol=1e-14)


@pytest.mark.parametrize(("call", "name"), [
    (lambda: kpm.jackson_kernel(0), "n_moments"),
    (lambda: kpm.spectral_scale(sp.eye(3), margin=0.7), "margin"),
    (lambda: kpm.fermi_coefficients(10, 0.0, -1.0, kpm.SpectralScale(0.0, 1.0)), "temperature"),
])
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()
