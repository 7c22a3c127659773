"""Simulated Josephson STM.

* Uniform s-wave sample with a flat normal-state DOS (band half-width W = 1000 Delta) and
  the tip's gap equal to the sample's: I_c R_N = (pi Delta / 2e) tanh(Delta / 2 k_B T)
  (Ambegaokar & Baratoff, PRL 10, 486 (1963)) within 1 % (0.3 % measured; the rest is the
  finite bandwidth, ~ (Delta / W) ln(W / Delta));
* the real-space anomalous function of a clean periodic cluster equals its k-space form;
* I_c R_N falls where the local pairing is weaker and vanishes in a normal region;
* R_N from the normal LDOS averaged over the Josephson window: a uniform gap over a
  disordered potential gives Ambegaokar-Baratoff at every site (the LDOS at E_F alone, width
  0.05 t, scatters I_c R_N by ~30 % on small clusters: level spacing), I_c R_N tracks a
  smooth step in the pairing strength with and without weak disorder, and correlates with
  |Delta_i| on a disordered film (measured +0.79 on 12 x 12, box 1, seed 1, where the
  E_F-only R_N gave -0.71).
"""

import math

import numpy as np
import pytest

from cooperlab.bdg.dense import BdGOptions, solve_bdg
from cooperlab.bdg.jstm import (
    matsubara,
    sample_anomalous_dense,
    solve_josephson_map,
    uniform_ic_rn,
)
from cooperlab.bdg.model import BdGModel, Disorder
from cooperlab.lattice import square_lattice


@pytest.mark.parametrize("temperature", [0.002, 0.02, 0.04])
def test_flat_band_reproduces_ambegaokar_baratoff(temperature):
    delta, half_width = 0.05, 50.0
    xi = np.linspace(-half_width, half_width, 1_000_001)
    value = uniform_ic_rn(xi, delta, delta, temperature, 1 / (2 * half_width))
    expected = math.pi * delta / 2 * math.tanh(delta / (2 * temperature))
    assert value == pytest.approx(expected, rel=0.01)


def test_real_space_anomalous_function_equals_k_space():
    lattice = square_lattice()
    cluster = lattice.cluster((10, 10))
    model = BdGModel(cluster, U=-2.0, mu=-0.5)
    state = solve_bdg(model, BdGOptions(tolerance=1e-12))
    delta = float(state.gap.real.mean())
    omega = matsubara(0.05, 5.0)
    real_space = sample_anomalous_dense(model, state, [0, 37], omega)
    xi = lattice.bands(cluster.momenta()).ravel() + 0.5
    k_space = np.array([np.mean(delta / (w**2 + xi**2 + delta**2)) for w in omega])
    np.testing.assert_allclose(real_space, np.broadcast_to(k_space, real_space.shape),
                               atol=1e-10)


def test_icrn_follows_the_local_pairing():
    # strong | weaker (80 % of U) | normal stripes across a 32 x 4 periodic cluster, at
    # T = 0.1 t so that the proximity tail in the normal metal (v_F / 2 pi T) is short:
    # measured I_c R_N 0.317 | 0.269 | 0.009 t/e at x = 4, 11, 22
    cluster = square_lattice().cluster((32, 4))
    x = cluster.positions()[:, 0]
    profile = np.where(x < 8, 1.0, np.where(x < 14, 0.8, 0.0))
    model = BdGModel(cluster, U=-3.0, mu=-0.4, pairing_profile=profile, temperature=0.1)
    state = solve_bdg(model, BdGOptions(tolerance=1e-8))
    sites = [int(np.flatnonzero((x == column) & (cluster.positions()[:, 1] == 2))[0])
             for column in (4, 11, 22)]
    result = solve_josephson_map(model, state, tip_gap=0.3, temperature=0.1, sites=sites)
    strong, weak, normal = result.ic_rn
    assert strong > weak > normal >= 0
    assert normal < 0.05 * strong
    assert result.pair_potential[0] > result.pair_potential[1] > result.pair_potential[2] == 0


def _ambegaokar_baratoff(tip_gap, gap, temperature, count=2_000_000):
    omega = math.pi * temperature * (2 * np.arange(count) + 1)
    terms = tip_gap * gap / np.sqrt((omega**2 + tip_gap**2) * (omega**2 + gap**2))
    return 2 * math.pi * temperature * terms.sum() + tip_gap * gap / omega[-1]  # + tail


def test_uniform_gap_over_disorder_gives_ambegaokar_baratoff_at_every_site():
    # a fixed uniform gap (not self-consistent) commutes with the disordered normal
    # Hamiltonian, F(r, r; i w) = Delta sum_j |phi_j(r)|^2 / (w^2 + xi_j^2 + Delta^2): the
    # Josephson-window R_N makes I_c R_N = A(Delta_t, Delta) everywhere
    cluster = square_lattice().cluster((10, 10))
    model = BdGModel(cluster, U=-2.0, mu=-0.4, disorder=Disorder("box", 2.0, 3))
    state = solve_bdg(model, BdGOptions(self_consistent=False, initial_gap=0.4))
    expected = _ambegaokar_baratoff(0.3, 0.4, 0.05)
    window = solve_josephson_map(model, state, tip_gap=0.3, temperature=0.05)
    np.testing.assert_allclose(window.ic_rn, expected, rtol=1e-6)
    fermi = solve_josephson_map(model, state, tip_gap=0.3, temperature=0.05, normal_window=0.05)
    assert np.std(fermi.ic_rn) / np.mean(fermi.ic_rn) > 0.1  # the artefact it removes


def test_icrn_tracks_a_smooth_pairing_step_with_weak_disorder():
    cluster = square_lattice().cluster((24, 6))
    x = cluster.positions()[:, 0]
    profile = 0.8 + 0.2 * np.tanh((np.minimum(x, 24 - x) - 6) / 2.0)
    for strength in (0.0, 0.3):
        model = BdGModel(cluster, U=-2.5, mu=-0.4, temperature=0.05, pairing_profile=profile,
                         disorder=Disorder("box", strength, 1))
        result = solve_josephson_map(model, solve_bdg(model), tip_gap=0.3, temperature=0.05)
        assert result.correlation_icrn_delta > 0.95
        assert np.ptp(result.ic_rn) > 0.2  # 0.36 to 0.63 t/e across the step


def test_icrn_correlates_with_the_local_gap_on_a_disordered_film():
    model = BdGModel(square_lattice().cluster((12, 12)), U=-2.5, mu=-0.4, temperature=0.05,
                     disorder=Disorder("box", 1.0, 1))
    state = solve_bdg(model)
    result = solve_josephson_map(model, state, tip_gap=0.3, temperature=0.05)
    assert result.correlation_icrn_delta > 0.5  # 0.79
    fermi = solve_josephson_map(model, state, tip_gap=0.3, temperature=0.05, normal_window=0.05)
    assert fermi.correlation_icrn_delta < 0  # -0.71: R_N from the LDOS at E_F only


def test_kpm_josephson_map_converges_to_dense():
    # measured on the 12 x 12 film: max relative I_c R_N error 2.4e-3 (M = 256) and 6.3e-4
    # (M = 512) with every site its own probe; 1.0e-2 with probes of period 6
    from cooperlab.bdg.spectra import SpectraOptions

    model = BdGModel(square_lattice().cluster((12, 12)), U=-2.5, mu=-0.4, temperature=0.05,
                     disorder=Disorder("box", 1.0, 1))
    state = solve_bdg(model)
    dense = solve_josephson_map(model, state, tip_gap=0.3, temperature=0.05)
    errors = []
    for moments in (256, 512):
        kpm = solve_josephson_map(model, state, tip_gap=0.3, temperature=0.05,
                                  options=SpectraOptions(solver="kpm", n_moments=moments,
                                                         probe_period=0))
        errors.append(float(np.abs(kpm.ic_rn / dense.ic_rn - 1).max()))
    assert errors[1] < errors[0] < 5e-3
    probed = solve_josephson_map(model, state, tip_gap=0.3, temperature=0.05,
                                 options=SpectraOptions(solver="kpm", n_moments=256,
                                                        probe_period=6))
    assert np.abs(probed.ic_rn / dense.ic_rn - 1).max() < 0.03
    assert probed.correlation_icrn_delta > 0.5
    assert probed.metadata["solver"] == "kpm"
    assert probed.metadata["probe_period"] == {"requested": 6, "used": [6, 6], "note": ""}
    # a Lorentzian R_N window wider than the kernel's resolution (0.034 t at M = 512)
    fermi = solve_josephson_map(model, state, tip_gap=0.3, temperature=0.05, normal_window=0.3,
                          options=SpectraOptions(solver="kpm", n_moments=512, probe_period=0))
    np.testing.assert_allclose(fermi.normal_ldos, solve_josephson_map(
        model, state, tip_gap=0.3, temperature=0.05, normal_window=0.3).normal_ldos, rtol=0.02)
