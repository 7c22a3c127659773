"""Superfluid weight of the TBG flat bands: conventional and geometric parts.

* Flat-band limit (dispersion scaled to 0, Bloch states kept): the conventional part
  vanishes, the geometric part stays, and at T = 0, nu = 0 it equals
  tr D_s = 8 Delta int tr g d^2k / (2 pi)^2 = 4 Delta I / pi, with I = (1/2 pi) int tr g
  from the independent fidelity metric of cooperlab.moire.geometry (Peotta & Torma, Nat.
  Commun. 6, 8944 (2015)); since I >= |C_A| + |C_B| = 2 it is bounded below by 8 Delta / pi
  (Xie et al. PRL 124, 167002 (2020)).
* A flat band whose Bloch states do not depend on k (zero quantum metric) has D_s = 0.
* The normal state (Delta = 0) has no superfluid weight: its discretised curvature near T_c
  is a small mesh error.
* T_BKT < T_c, and in the kelvin range at the magic angle for Delta ~ 1 meV.
"""

from dataclasses import replace

import numpy as np
import pytest

from cooperlab.moire import ContinuumModel, GeometryOptions, solve_geometry
from cooperlab.moire.superconductivity import (
    FlatBandPairingModel,
    FlatBandPairingOptions,
    prepare_bands,
    solve_superconductor,
)
from cooperlab.pairing.bcs import BandPairingData, solve_gap
from cooperlab.pairing.superfluid import TwistedBands, superfluid_weight
from cooperlab.units import K_B_MEV_PER_K

MODEL = ContinuumModel(theta_deg=1.05)


@pytest.mark.slow
def test_flat_limit_weight_is_the_quantum_metric():
    n = 36
    bands = prepare_bands(MODEL, "flat", n).scaled(0.0)
    gap = solve_gap(bands.data, 0.0, 1.0, 0.0)
    ds = superfluid_weight(bands.data.energies, list(bands.twists), gap.mu_meV, gap.gap_meV,
                           0.0, bands.area_nm2)
    assert np.all(ds.conventional_meV == 0.0)
    metric = solve_geometry(MODEL, GeometryOptions(n_mesh=n)).integrated_metric
    assert ds.total_meV.sum() == pytest.approx(4 * gap.gap_meV * metric / np.pi, rel=0.02)
    assert ds.total_meV.sum() > 8 * gap.gap_meV / np.pi


def test_conventional_part_vanishes_with_the_bandwidth():
    parts = {}
    for scale in (1.0, 0.1, 0.01):
        result = solve_superconductor(
            FlatBandPairingModel(nu=-2.0, bandwidth_scale=scale, temperature_K=0.05),
            FlatBandPairingOptions(n_mesh=18),
        )
        parts[scale] = (result.conventional_weight_meV, result.geometric_weight_meV)
    assert parts[0.01][0] < 1e-3 * parts[0.01][1]
    assert parts[0.1][0] < 0.05 * parts[1.0][0]
    assert parts[0.01][1] > 0.5 * parts[1.0][1]


def test_trivial_flat_band_has_no_superfluid_weight():
    n_k = 100
    flat = np.zeros((n_k, 1))
    identity = np.ones((n_k, 1, 1), complex)  # Bloch states independent of k
    twist = TwistedBands(flat, flat, identity, q_per_nm=1e-3)
    data = BandPairingData(flat, 0)
    gap = solve_gap(data, 2.0, 1.0, 0.0)
    assert gap.gap_meV > 0.1
    ds = superfluid_weight(flat, [twist, twist], gap.mu_meV, gap.gap_meV, 0.0, 100.0)
    np.testing.assert_allclose(ds.total_meV, 0.0, atol=1e-9)


@pytest.mark.slow
def test_normal_state_has_no_superfluid_weight():
    bands = prepare_bands(MODEL, "flat", 24)
    superconducting = solve_superconductor(FlatBandPairingModel(nu=-2.0, temperature_K=0.05))
    normal = superfluid_weight(bands.data.energies, list(bands.twists), 1.0, 0.0, 2.0,
                               bands.area_nm2)
    np.testing.assert_allclose(normal.total_meV, normal.normal_state_meV)
    assert np.abs(normal.total_meV).max() < 0.05 * superconducting.superfluid_weight_meV


@pytest.mark.parametrize("nu", [-3.0, -2.5, -1.0, 1.0, 2.5])
def test_bkt_temperature_solves_nelson_kosterlitz_below_tc(nu):
    model = FlatBandPairingModel(nu=nu, coupling_meV=1.0)
    result = solve_superconductor(model)
    assert 0 < result.t_bkt_K < result.tc_K
    assert result.metadata["convergence"]["converged"]
    # At T_BKT: k_B T = pi D_s(T) / 8 (D_s solved self-consistently at that temperature).
    at_bkt = solve_superconductor(replace(model, temperature_K=result.t_bkt_K))
    assert np.pi * at_bkt.superfluid_weight_meV / 8 == pytest.approx(
        K_B_MEV_PER_K * result.t_bkt_K, rel=1e-4)


def test_flat_band_tc_is_linear_in_g_on_the_tbg_bands():
    tcs = [solve_superconductor(FlatBandPairingModel(nu=0.0, coupling_meV=g, bandwidth_scale=0.0),
                                FlatBandPairingOptions(n_mesh=8, superfluid=False)).tc_K
           for g in (0.5, 1.0, 2.0)]
    np.testing.assert_allclose(tcs, np.array([0.5, 1.0, 2.0]) * 2 / 4 / K_B_MEV_PER_K, rtol=1e-8)


def test_pairing_window_applies_to_the_superfluid_weight():
    bands = prepare_bands(MODEL, "flat", 12)
    args = (bands.data.energies, list(bands.twists), 1.0, 0.5, 0.1, bands.area_nm2)
    full = superfluid_weight(*args)
    none_paired = superfluid_weight(*args, cutoff_meV=1e-9)
    np.testing.assert_allclose(none_paired.total_meV, none_paired.normal_state_meV)
    assert full.total_meV[0] > none_paired.total_meV[0] + 0.5


def test_bandwidth_scale_needs_flat_bands():
    with pytest.raises(ValueError, match="bandwidth_scale"):
        FlatBandPairingModel(bands=2, bandwidth_scale=0.0)


def test_kelvin_range_at_the_magic_angle():
    # g = 2 meV gives Delta = 1.44 meV at nu = -2.5; T_c = 9.3 K, T_BKT = 7.4 K. Experiment
    # (Cao et al. Nature 556, 43 (2018)): T_c ~ 1.7 K; g = 0.5 meV gives T_BKT = 1.19 K.
    # Regression values on the default 24 x 24 mesh, 2 %.
    strong = solve_superconductor(FlatBandPairingModel(nu=-2.5, coupling_meV=2.0))
    assert strong.gap_meV == pytest.approx(1.44, rel=0.02)
    assert strong.tc_K == pytest.approx(9.32, rel=0.02)
    assert strong.t_bkt_K == pytest.approx(7.44, rel=0.02)
    weak = solve_superconductor(FlatBandPairingModel(nu=-2.5, coupling_meV=0.5))
    assert weak.t_bkt_K == pytest.approx(1.19, rel=0.02)


def test_prepared_bands_must_match():
    prepared = prepare_bands(MODEL, "flat", 6)
    with pytest.raises(ValueError, match="prepared bands"):
        solve_superconductor(FlatBandPairingModel(continuum=MODEL),
                             FlatBandPairingOptions(n_mesh=8),
                             prepared=prepared)


def test_dome_versus_twist_angle_peaks_near_the_magic_angle():
    from cooperlab.moire import solve_phase_diagram

    dome = solve_phase_diagram(FlatBandPairingModel(nu=-2.5), FlatBandPairingOptions(n_mesh=12),
                         continuum__theta_deg=np.array([0.95, 1.08, 1.3])).to_xarray()
    tc = dome["tc_K"].values
    assert dome["tc_K"].dims == ("continuum__theta_deg",)
    assert tc[1] > tc[0] and tc[1] > 5 * tc[2]  # flat bands pair most strongly


@pytest.mark.parametrize("executor", ["process", "dask"])
def test_parallel_phase_diagram_matches_serial(executor):
    import xarray as xr

    from cooperlab.moire import solve_phase_diagram

    model = FlatBandPairingModel(continuum=ContinuumModel(theta_deg=1.05, cutoff=3.0))
    options = FlatBandPairingOptions(n_mesh=8)
    nus = np.array([-2.0, 0.5, 2.5])
    serial = solve_phase_diagram(model, options, nu=nus).to_xarray()
    parallel = solve_phase_diagram(model, options, executor=executor, max_workers=2,
                             nu=nus).to_xarray()
    xr.testing.assert_allclose(serial, parallel, rtol=1e-10)
