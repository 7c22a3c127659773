"""Lattice topology tools on a model with known answers: the Qi-Wu-Zhang Chern insulator.

h(k) = sin kx sx + sin ky sy + (m + cos kx + cos ky) sz on the square lattice has a lower
band with |C| = 1 for 0 < |m| < 2 and C = 0 for |m| > 2 (Qi, Wu & Zhang PRB 74, 085308
(2006)); the sign is pinned against the Kubo formula for the Berry curvature,
Omega = i sum_m [<n|dH/dkx|m><m|dH/dky|n> - c.c.] / (E_n - E_m)^2 (Xiao, Chang & Niu, RMP 82,
1959 (2010)), so the lattice formula and the textbook one share one convention;
its lower band's quantum metric is g_ij = (1/4) d_i n . d_j n with n = h / |h|, and
tr g >= |Omega| pointwise (Roy PRB 90, 165139 (2014)).
"""

import numpy as np
import pytest

from cooperlab import topology

IDENTITY = np.arange(2)  # the QWZ basis is periodic in k: moving to k + G changes nothing


def qwz_lower_band(mass, n, rng=None):
    k = 2 * np.pi * (np.arange(n) + 0.5) / n
    kx, ky = np.meshgrid(k, k, indexing="ij")
    h = np.zeros((n, n, 2, 2), complex)
    dz = mass + np.cos(kx) + np.cos(ky)
    h[..., 0, 0], h[..., 1, 1] = dz, -dz
    h[..., 0, 1] = np.sin(kx) - 1j * np.sin(ky)
    h[..., 1, 0] = np.sin(kx) + 1j * np.sin(ky)
    _, vecs = np.linalg.eigh(h)
    lower = vecs[..., :1]
    if rng is not None:  # a random gauge must not matter
        lower = lower * np.exp(2j * np.pi * rng.random((n, n, 1, 1)))
    return lower, kx, ky


def kubo_chern_number(mass, n):
    """Chern number of the QWZ lower band from the sum-over-states Berry curvature."""
    k = 2 * np.pi * (np.arange(n) + 0.5) / n
    kx, ky = (x[..., None, None] for x in np.meshgrid(k, k, indexing="ij"))
    sx, sy, sz = np.array([[0, 1], [1, 0]]), np.array([[0, -1j], [1j, 0]]), np.diag([1.0, -1])
    h = np.sin(kx) * sx + np.sin(ky) * sy + (mass + np.cos(kx) + np.cos(ky)) * sz
    dh_x = np.cos(kx) * sx - np.sin(kx) * sz
    dh_y = np.cos(ky) * sy - np.sin(ky) * sz
    energy, vecs = np.linalg.eigh(h)
    lower, upper = vecs[..., 0], vecs[..., 1]

    def element(bra, op, ket):
        return np.einsum("...i,...ij,...j->...", bra.conj(), op, ket)

    omega = 1j * (element(lower, dh_x, upper) * element(upper, dh_y, lower)
                  - element(lower, dh_y, upper) * element(upper, dh_x, lower))
    omega = (omega / (energy[..., 0] - energy[..., 1]) ** 2).real
    return omega.sum() * (2 * np.pi / n) ** 2 / (2 * np.pi)


@pytest.mark.parametrize("mass", [1.0, -1.0, 2.5, -0.4])
def test_fukui_chern_numbers_agree_with_the_kubo_formula(mass):
    states, _, _ = qwz_lower_band(mass, 16, np.random.default_rng(1))
    number, flux = topology.chern_number(states, IDENTITY, IDENTITY)
    expected = kubo_chern_number(mass, 96)
    assert abs(expected - round(expected)) < 1e-3
    assert number == pytest.approx(round(expected), abs=1e-10)
    assert abs(number) == pytest.approx(1 if abs(mass) < 2 else 0, abs=1e-10)
    assert flux.shape == (16, 16)


def test_fidelity_metric_matches_the_analytic_two_band_metric():
    n = 96
    states, kx, ky = qwz_lower_band(1.0, n, np.random.default_rng(2))
    reciprocal = 2 * np.pi * np.eye(2)
    g = topology.fidelity_metric(states, IDENTITY, IDENTITY, reciprocal)

    def unit_vector(x, y):
        d = np.stack([np.sin(x), np.sin(y), 1.0 + np.cos(x) + np.cos(y)])
        return d / np.linalg.norm(d, axis=0)

    step = 1e-5
    dn_dx = (unit_vector(kx + step, ky) - unit_vector(kx - step, ky)) / (2 * step)
    dn_dy = (unit_vector(kx, ky + step) - unit_vector(kx, ky - step)) / (2 * step)
    exact = np.empty_like(g)
    exact[..., 0, 0] = 0.25 * np.sum(dn_dx**2, axis=0)
    exact[..., 1, 1] = 0.25 * np.sum(dn_dy**2, axis=0)
    exact[..., 0, 1] = exact[..., 1, 0] = 0.25 * np.sum(dn_dx * dn_dy, axis=0)
    # Second-order accurate: 0.9% of the largest component at n = 96.
    assert np.abs(g - exact).max() < 1.5e-2 * np.abs(exact).max()
    # Integrated bound: (1/2 pi) int tr g >= |C| = 1.
    cell = (2 * np.pi / n) ** 2
    assert np.trace(g, axis1=-2, axis2=-1).sum() * cell / (2 * np.pi) > 1.0


def test_wilson_loop_winding_of_a_chern_band_equals_its_chern_number():
    states, _, _ = qwz_lower_band(1.0, 32, np.random.default_rng(3))
    phases = topology.wilson_loop_phases(states, IDENTITY)
    _, windings = topology.track_branches(phases)
    # The Berry phase along x winds once as ky goes round: |winding| = |C| = 1.
    assert np.abs(windings).tolist() == [1]


def test_trivial_band_has_no_winding():
    states, _, _ = qwz_lower_band(3.0, 24)
    _, windings = topology.track_branches(topology.wilson_loop_phases(states, IDENTITY))
    assert windings.tolist() == [0]
