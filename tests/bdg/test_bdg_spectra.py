"""LDOS maps and coherence-peak gap maps, dense versus KPM.

On a box-disordered 24 x 24 cluster (a fixed gap 0.55 t, not self-consistent: the check is
of the spectra) the KPM LDOS of every site agrees with the dense LDOS broadened by a
Gaussian of the kernel's resolution pi a / M within 3 % of its maximum (measured 2.8 % at
M = 128 and 2.7 % at 256), and the coherence-peak gap maps agree (median difference 1e-3 t,
98 % of the sites within a quarter of the resolution). With every site its own probe the
expansion is exactly the Jackson-kernel sum over the eigenpairs; with probes coloured by
period P, the error falls as P grows (M = 128: 58 %, 35 % at P = 8, 12 on 24 x 24; on 48 x 48
7 % at P = 24 with a gap map within 0.004 t rms: the period must grow like M / 5).
"""

import math

import numpy as np
import pytest

import cooperlab as cl
from cooperlab.bdg import BdGModel, BdGOptions, Disorder, solve_bdg
from cooperlab.bdg.dense import state_eigensystem, state_nambu
from cooperlab.bdg.spectra import SpectraOptions, solve_local_spectra
from cooperlab.lattice import square_lattice
from cooperlab.numerics.kpm import density_weights, spectral_scale

ENERGY = np.linspace(-1.5, 1.5, 31)


def film(side, seed=1):
    model = BdGModel(square_lattice().cluster((side, side)), U=-2.5, mu=-0.4,
                     temperature=0.05, disorder=Disorder("box", 1.0, seed))
    return model, solve_bdg(model, BdGOptions(self_consistent=False, initial_gap=0.55,
                                              solver="kpm", n_moments=16, probe_period=2))


@pytest.fixture(scope="module")
def film24():
    return film(24)


@pytest.mark.parametrize("moments", [128, 256])
def test_kpm_ldos_and_gap_map_agree_with_dense_within_the_kernel(film24, moments):
    model, state = film24
    kpm = solve_local_spectra(model, state, ENERGY, SpectraOptions(solver="kpm", n_moments=moments,
                                                             probe_period=0))
    dense = solve_local_spectra(model, state, ENERGY, SpectraOptions(broadening=kpm.resolution))
    assert kpm.resolution == pytest.approx(math.pi * 5.6 / moments, rel=0.1)
    assert np.abs(kpm.ldos - dense.ldos).max() < 0.03 * dense.ldos.max()
    difference = np.abs(kpm.coherence_gap - dense.coherence_gap)
    assert np.median(difference) < 0.005
    assert np.mean(difference < kpm.resolution / 4) > 0.95
    assert kpm.coherence_gap.mean() == pytest.approx(dense.coherence_gap.mean(), abs=0.01)


def test_unprobed_expansion_is_the_jackson_sum_over_eigenpairs():
    model, state = film(8, seed=2)
    kpm = solve_local_spectra(model, state, ENERGY, SpectraOptions(solver="kpm", n_moments=64,
                                                             probe_period=0))
    energies, vectors = state_eigensystem(model, state)
    n = model.n_sites
    scale = spectral_scale(state_nambu(model, state))
    theta = np.arccos(scale.to_unit(energies))
    cosines = np.cos(np.arange(64)[:, None] * theta[None, :])  # T_n(x_m)
    particle = cosines @ (np.abs(vectors[:n]) ** 2).T  # mu_n(i) = sum_m |u_m(i)|^2 T_n
    hole = cosines @ (np.abs(vectors[n:]) ** 2).T
    expected = (particle.T @ density_weights(64, ENERGY, scale)
                + hole.T @ density_weights(64, -ENERGY, scale))
    np.testing.assert_allclose(kpm.ldos, expected, atol=1e-10)


def test_probing_error_falls_with_the_period(film24):
    model, state = film24
    exact = solve_local_spectra(model, state, ENERGY, SpectraOptions(solver="kpm", n_moments=128,
                                                               probe_period=0)).ldos
    errors = [np.abs(solve_local_spectra(model, state, ENERGY, SpectraOptions(
        solver="kpm", n_moments=128, probe_period=period)).ldos - exact).max() / exact.max()
        for period in (6, 8, 12)]
    assert errors[0] > errors[1] > errors[2]


@pytest.mark.slow
def test_probing_period_of_m_over_5_on_48x48():
    model, state = film(48)
    grid = np.linspace(-2, 2, 21)
    exact = solve_local_spectra(model, state, grid, SpectraOptions(
        solver="kpm", n_moments=128, probe_period=0, gap_points=81, gap_range=2.0))
    probed = solve_local_spectra(model, state, grid, SpectraOptions(
        solver="kpm", n_moments=128, probe_period=24, gap_points=81, gap_range=2.0))
    error = np.abs(probed.ldos - exact.ldos).max() / exact.ldos.max()
    gap_error = np.sqrt(np.mean((probed.coherence_gap - exact.coherence_gap) ** 2))
    assert error < 0.1  # 0.073
    assert gap_error < 0.01  # 0.004 t


def test_kpm_ldos_sum_rule_and_round_trip(tmp_path):
    model, state = film(8, seed=3)
    grid = np.linspace(-7, 7, 2801)
    spectra = solve_local_spectra(model, state, grid, SpectraOptions(solver="kpm", n_moments=128,
                                                               probe_period=0))
    np.testing.assert_allclose(np.trapezoid(spectra.ldos, grid, axis=1), 2.0, atol=1e-3)
    assert np.all(spectra.ldos > -1e-3 * spectra.ldos.max())  # Jackson: positive
    spectra.save(tmp_path / "spectra.nc")
    again = cl.load(tmp_path / "spectra.nc")
    np.testing.assert_allclose(again.ldos, spectra.ldos)
    assert again.to_xarray()["ldos"].dims == ("site", "energy")


def test_bad_options_name_the_parameter():
    with pytest.raises(ValueError, match="solver"):
        SpectraOptions(solver="lanczos")
    with pytest.raises(ValueError, match="gap_points"):
        SpectraOptions(gap_points=1)


def test_spectra_cupy_backend_absence_is_reported():
    from cooperlab.backend import cupy_available

    with pytest.raises(ValueError, match="backend"):
        SpectraOptions(solver="dense", backend="cupy")
    if cupy_available():
        pytest.skip("a GPU is present")
    model, state = film(4)
    with pytest.raises(ValueError, match="CuPy"):
        solve_local_spectra(model, state, [0.0], SpectraOptions(solver="kpm", n_moments=16,
                                                          backend="cupy"))
