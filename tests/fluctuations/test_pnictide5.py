"""Five-orbital model of Graser et al., New J. Phys. 11, 025016 (2009): table, symmetry,
filling and Fermi-surface pockets."""

import numpy as np
import pytest

from cooperlab.fluctuations import band_mesh, solve_bands, solve_fermi_surface
from cooperlab.lattice import PNICTIDE5_FILLING, pnictide5_lattice
from cooperlab.lattice.presets import PRESETS, graser_bloch


def test_lattice_bonds_reproduce_the_published_bloch_hamiltonian():
    lattice = pnictide5_lattice()
    k = np.random.default_rng(1).uniform(-np.pi, np.pi, (40, 2))
    h = lattice.bloch_hamiltonian(k, position_phases=False)
    assert np.abs(h - graser_bloch(k)).max() < 1e-14
    assert PRESETS["pnictide5"][0]().n_orbitals == 5


def test_s4_symmetry_of_the_feas_layer():
    # k -> (-ky, kx) with xz -> -yz, yz -> xz, x2-y2 -> -(x2-y2), xy -> -xy, 3z2-r2 -> 3z2-r2
    k = np.random.default_rng(2).uniform(-np.pi, np.pi, (40, 2))
    rotated = np.stack([-k[:, 1], k[:, 0]], axis=-1)
    o = np.zeros((5, 5))
    o[1, 0], o[0, 1], o[2, 2], o[3, 3], o[4, 4] = -1, 1, -1, -1, 1
    assert np.abs(graser_bloch(rotated) - o @ graser_bloch(k) @ o.T).max() < 1e-14


def test_levels_at_high_symmetry_points_from_the_table():
    # At Gamma and M every inter-orbital element vanishes: the levels are xi_aa + eps_a of
    # table A1 (eV), e.g. xz/yz at Gamma: 2(-0.14) + 2(-0.40) + 4(0.28) + 4(-0.035)
    # + 4(0.005) + 4(0.035) + 0.13 = 0.19.
    gamma = np.linalg.eigvalsh(graser_bloch(np.zeros(2)))
    assert gamma == pytest.approx([-0.651, 0.19, 0.19, 0.68, 1.34], abs=1e-12)
    m_point = np.linalg.eigvalsh(graser_bloch(np.array([np.pi, np.pi])))
    assert m_point == pytest.approx([-2.12, -0.171, -0.02, 2.59, 2.59], abs=1e-12)


def test_published_filling_gives_hole_and_electron_pockets():
    # n = 6.0 per Fe: mu sits at the LDA Fermi level of the fit (|mu| < 0.02 eV);
    # two hole pockets (xz/yz) at Gamma, electron pockets at X and Y, and the xy band
    # at M stays just below mu (it forms the (pi, pi) pocket only on hole doping).
    lattice = pnictide5_lattice()
    bands = band_mesh(lattice, 64, 0.005, n=PNICTIDE5_FILLING)
    assert abs(bands.mu) < 0.02
    assert bands.filling == pytest.approx(6.0, abs=1e-10)
    fs = solve_fermi_surface(lattice, 0.005, n=PNICTIDE5_FILLING, nk=64)
    empty = fs.pockets()
    assert empty == {"G": 4, "X": 1, "Y": 1, "M": 2}
    occupied_generic = np.sum(bands.xi[16, 8] < 0)       # (pi/2, pi/4): between pockets
    assert occupied_generic == 3
    assert np.sum(bands.xi[0, 0] > 0) - 2 == 2          # two more empty bands at Gamma
    hole_doped = band_mesh(lattice, 64, 0.005, n=5.8)
    assert np.sum(hole_doped.xi[32, 32] > 0) == 3        # the (pi, pi) xy pocket appears


def test_bands_and_fermi_surface_results_round_trip(tmp_path):
    import cooperlab

    lattice = pnictide5_lattice()
    bands = solve_bands(lattice, 0.01, n=6.0, nk=16, n_per_segment=10)
    assert bands.energy.shape == (31, 5) and bands.weight.sum(axis=-1) == pytest.approx(1.0)
    again = cooperlab.load(bands.save(tmp_path / "bands.nc"))
    assert np.allclose(again.energy, bands.energy)
    fs = solve_fermi_surface(lattice, 0.01, n=6.0, nk=16)
    assert cooperlab.load(fs.save(tmp_path / "fs.nc")).spectral.shape == (16, 16, 5)
