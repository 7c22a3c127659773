"""LDOS and simulated STM of twisted bilayer graphene.

* Sum rule: the LDOS averaged over the moire cell is the DOS per area (exact on a uniform
  grid of the cell, since |psi|^2 is a finite Fourier series).
* At the magic angle the flat-band LDOS peaks at AA: AA/AB = 43 at 1.05 deg on an 18x18
  mesh (AB and BA equal by C2T); far from the magic angle the contrast is much weaker.
  The AA concentration is the observation of Kerelsky et al. Nature 572, 95 (2019) and
  Xie et al. Nature 572, 101 (2019).
* The STM spectrum averaged over the cell integrates to the electrons added by the gate:
  A_cell int_{V<0} [dI/dV_nu - dI/dV_0] dV = nu.
"""

import numpy as np
import pytest

from cooperlab.moire import ContinuumModel
from cooperlab.moire.ldos import (
    LDOSOptions,
    STMOptions,
    lattice_vectors,
    solve_ldos,
    solve_stm_spectrum,
)

MODEL = ContinuumModel(theta_deg=1.05)


@pytest.mark.parametrize("layer", [None, 0])
def test_ldos_averages_to_the_dos(layer):
    n = 12
    f = (np.arange(n) + 0.5) / n
    a = lattice_vectors() / MODEL.k_theta_per_nm
    points = np.array([i * a[0] + j * a[1] for i in f for j in f])
    result = solve_ldos(MODEL, points, LDOSOptions(n_mesh=6, layer=layer))
    np.testing.assert_allclose(result.ldos.mean(axis=0), result.dos_per_area,
                               atol=1e-12 * result.dos_per_area.max())
    # and the DOS per area integrates to 8 states per cell (4 per layer)
    total = np.trapezoid(result.dos_per_area, result.energy) * MODEL.moire_cell_area_nm2
    assert total == pytest.approx(8.0 if layer is None else 4.0, rel=1e-3)


def test_flat_band_weight_sits_on_aa_sites():
    magic = solve_ldos(MODEL)
    assert magic.peak_ratio("AA", "AB") == pytest.approx(42.8, rel=0.05)
    assert magic.peak_ratio("AB", "BA") == pytest.approx(1.0, rel=1e-6)
    far = solve_ldos(ContinuumModel(theta_deg=2.0), options=LDOSOptions(n_mesh=9))
    assert far.peak_ratio("AA", "AB") < magic.peak_ratio("AA", "AB") / 3


def test_stm_spectrum_counts_the_gate_electrons():
    options = LDOSOptions(n_mesh=9)
    stm = STMOptions(temperature_K=1.0, modulation_meV=0.0, bias_window_meV=15.0, n_bias=1201)

    def occupied(nu):
        spectrum = solve_stm_spectrum(MODEL, nu, "average", options, stm)
        below = spectrum.bias <= 0
        return np.trapezoid(spectrum.didv[below], spectrum.bias[below])

    added = (occupied(-2.0) - occupied(0.0)) * MODEL.moire_cell_area_nm2
    assert added == pytest.approx(-2.0, rel=0.02)


def test_stm_at_aa_sees_the_flat_band_peaks_and_mu_moves_with_the_gate():
    low = solve_stm_spectrum(MODEL, -3.0, "AA", LDOSOptions(n_mesh=9))
    high = solve_stm_spectrum(MODEL, 3.0, "AA", LDOSOptions(n_mesh=9))
    assert high.mu_meV > low.mu_meV
    # Filling the bands moves their peaks from above the Fermi level to below it.
    assert low.bias[np.argmax(low.didv)] > high.bias[np.argmax(high.didv)]


def test_bad_tip_is_refused():
    with pytest.raises(ValueError, match="position"):
        solve_stm_spectrum(MODEL, 0.0, "XX", LDOSOptions(n_mesh=4))


def test_non_interacting_stm_map_is_a_rigid_band():
    from cooperlab.moire.ldos import GatedTip, peak_splitting, solve_bare_stm_map

    nus = np.linspace(-3.5, 3.5, 8)
    data = solve_bare_stm_map(GatedTip(continuum=MODEL), nus, LDOSOptions(n_mesh=9)).to_xarray()
    assert data["didv"].dims == ("nu", "bias")
    # Without interactions the gate only moves mu: the two flat-band peaks keep their
    # splitting (2.8 meV here) and shift rigidly with -mu (Xie et al. Nature 572, 101
    # (2019) see the splitting change with nu: that is the interaction effect).
    splits = [peak_splitting(data["bias"].values, row) for row in data["didv"].values]
    assert np.ptp(splits) <= 2 * float(data["bias"][1] - data["bias"][0]) + 1e-9
    top = data["bias"].values[np.argmax(data["didv"].values, axis=1)]
    mu = data["mu_meV"].values
    assert np.all(np.diff(mu) > 0)
    assert np.ptp(top + mu) < np.ptp(mu)  # peak bias follows E_peak - mu


@pytest.mark.parametrize("nu", [-4.0, 4.0])
def test_empty_or_full_flat_bands_put_mu_outside_them(nu):
    # The gate range -4:4 includes empty and full flat bands: mu sits just outside
    # the broadened spectrum, so the whole flat-band peak is on one side of zero bias.
    spectrum = solve_stm_spectrum(MODEL, nu, "average", LDOSOptions(n_mesh=6, broadening_meV=0.3),
                            STMOptions(bias_window_meV=20.0))
    occupied = spectrum.bias < 0
    weight_below = np.trapezoid(spectrum.didv[occupied], spectrum.bias[occupied])
    total = np.trapezoid(spectrum.didv, spectrum.bias)
    assert weight_below / total == pytest.approx(1.0 if nu > 0 else 0.0, abs=1e-3)
