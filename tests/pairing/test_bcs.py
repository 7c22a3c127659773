"""BCS mean field on given bands.

* Weak coupling in a dispersive band: 2 Delta(0) / k_B T_c = 3.53 (BCS 1957) within 2%.
* Flat band: T_c = g n_flat / 4 at half filling, linear in g (not exponential).
"""

import numpy as np
import pytest

from cooperlab.pairing.bcs import BandPairingData, critical_temperature, number_equation, solve_gap
from cooperlab.units import K_B_MEV_PER_K


@pytest.fixture(scope="module")
def cosine_band():
    n = 400
    k = 2 * np.pi * np.arange(n) / n
    kx, ky = np.meshgrid(k, k, indexing="ij")
    return BandPairingData((-200.0 * (np.cos(kx) + np.cos(ky))).reshape(-1, 1), 0)


@pytest.mark.parametrize("coupling", [150.0, 200.0])
def test_weak_coupling_gap_to_tc_ratio(cosine_band, coupling):
    tc = critical_temperature(cosine_band, 1.2, coupling, cutoff_meV=50.0)
    gap = solve_gap(cosine_band, 1.2, coupling, 0.01 * tc, cutoff_meV=50.0).gap_meV
    assert 2 * gap / (K_B_MEV_PER_K * tc) == pytest.approx(3.528, rel=0.02)


def test_dispersive_tc_is_exponential_in_one_over_g(cosine_band):
    tcs = [critical_temperature(cosine_band, 1.2, g, cutoff_meV=50.0) for g in (150, 200)]
    assert tcs[1] / tcs[0] > 2.5  # far more than the ratio of couplings (1.33)


@pytest.mark.parametrize("coupling", [0.5, 1.0, 2.0])
def test_flat_band_tc_is_linear_in_g(coupling):
    flat = BandPairingData(np.zeros((64, 2)), 1)
    tc = critical_temperature(flat, 0.0, coupling)
    assert K_B_MEV_PER_K * tc == pytest.approx(coupling * 2 / 4, rel=1e-8)


def test_number_equation_and_gap_are_consistent(cosine_band):
    solution = solve_gap(cosine_band, 1.2, 150.0, 1.0, cutoff_meV=50.0)
    t = K_B_MEV_PER_K * 1.0
    # States outside the pairing window count with their Fermi occupation.
    assert number_equation(cosine_band, solution.mu_meV, solution.gap_meV, t,
                           50.0) == pytest.approx(1.2)
    above = solve_gap(cosine_band, 1.2, 150.0, 100.0, cutoff_meV=50.0)
    assert above.gap_meV == 0.0


def test_filling_outside_the_bands_is_refused():
    with pytest.raises(ValueError, match="nu"):
        solve_gap(BandPairingData(np.zeros((4, 2)), 1), 4.5, 1.0, 1.0)
