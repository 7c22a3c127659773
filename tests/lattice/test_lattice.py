"""Lattice module: cluster hopping matrices agree with Bloch bands; presets; bad input."""

import numpy as np
import pytest

from cooperlab.lattice import (
    Cluster,
    Hopping,
    Lattice,
    Orbital,
    emery_lattice,
    parse_lattice_spec,
    square_lattice,
)


def test_periodic_cluster_spectrum_equals_bloch_bands_on_cluster_momenta():
    lat = square_lattice(t=1.0, t_prime=-0.3, t_second=0.1)
    cluster = lat.cluster((6, 4))
    h = cluster.hopping_matrix()
    assert np.allclose(h, h.T)
    expected = np.sort(lat.bands(cluster.momenta()).ravel())
    assert np.allclose(np.linalg.eigvalsh(h), expected, atol=1e-12)
    # analytic dispersion of the square lattice with t, t', t''
    q = cluster.momenta()
    eps = (-2 * (np.cos(q[:, 0]) + np.cos(q[:, 1])) + 1.2 * np.cos(q[:, 0]) * np.cos(q[:, 1])
           - 0.2 * (np.cos(2 * q[:, 0]) + np.cos(2 * q[:, 1])))
    assert np.allclose(np.sort(eps), expected, atol=1e-12)


def test_open_boundary_chain_has_sine_spectrum_and_sparse_equals_dense():
    cluster = square_lattice().cluster((5, 1), boundary="open")
    h = cluster.hopping_matrix()
    expected = -2 * np.cos(np.pi * np.arange(1, 6) / 6)
    assert np.allclose(np.linalg.eigvalsh(h), np.sort(expected))
    assert np.allclose(cluster.hopping_matrix(sparse=True).toarray(), h)


def test_emery_model_d_orbital_decouples_at_gamma_and_cluster_matches_bloch():
    lat = emery_lattice(t_pd=1.13, t_pp=0.49, delta_pd=3.24)
    assert np.allclose(np.linalg.eigvalsh(lat.bloch_hamiltonian([0.0, 0.0])), [0, 3.24, 3.24])
    # at (pi, pi) without t_pp: eps = Delta/2 +- sqrt(Delta^2/4 + 8 t_pd^2) and Delta
    bare = emery_lattice(t_pd=1.0, t_pp=0.0, delta_pd=2.0)
    root = np.sqrt(1 + 8.0)
    assert np.allclose(bare.bands([np.pi, np.pi]), [1 - root, 2.0, 1 + root])
    cluster = lat.cluster((4, 2))
    assert cluster.n_sites == 24
    assert np.allclose(np.linalg.eigvalsh(cluster.hopping_matrix()),
                       np.sort(lat.bands(cluster.momenta()).ravel()), atol=1e-12)


def test_displacement_classes_and_neighbour_table():
    cluster = square_lattice().cluster((4, 4))
    labels, disp = cluster.displacement_classes()
    assert labels.shape == (16, 16) and len(disp) == 16
    nb = cluster.neighbour_table((1, 0))
    assert nb[0] == 4 and nb[12] == 0      # C order: cell (3, 0) wraps to (0, 0)
    open_nb = square_lattice().cluster((4, 4), "open").neighbour_table((1, 0))
    assert open_nb[12] == -1


@pytest.mark.parametrize("build, word", [
    (lambda: square_lattice().cluster((4, 0)), "shape"),
    (lambda: square_lattice().cluster((4, 4), "twisted"), "boundary"),
    (lambda: Lattice(((1.0,),), (Orbital("s", (0.0,)),), (Hopping(1.0, 0, 3, (1,)),)),
     "orbital"),
    (lambda: Orbital("s", (float("nan"),)), "position"),
    (lambda: parse_lattice_spec("hexagon:4x4"), "lattice"),
    (lambda: parse_lattice_spec("square:4"), "square"),
    (lambda: Cluster(square_lattice(t=0.0, t_second=1.0), (2, 2)).hopping_matrix(),
     "onto itself"),
])
def test_bad_input_names_the_parameter(build, word):
    with pytest.raises(ValueError, match=word):
        build()


def test_pnictide2_matches_raghu_dispersion_and_filling():
    """Raghu et al., PRB 77, 220503(R) (2008), eq. (1), published t1..t4 and mu = 1.45."""
    from cooperlab.lattice import PNICTIDE2_MU, pnictide2_lattice

    lat = pnictide2_lattice()
    k = np.linspace(-np.pi, np.pi, 400, endpoint=False)
    mesh = np.stack(np.meshgrid(k, k, indexing="ij"), axis=-1)
    h = lat.bloch_hamiltonian(mesh)
    kx, ky = mesh[..., 0], mesh[..., 1]
    t1, t2, t3, t4 = -1.0, 1.3, -0.85, -0.85
    eps_xx = -2 * t1 * np.cos(kx) - 2 * t2 * np.cos(ky) - 4 * t3 * np.cos(kx) * np.cos(ky)
    eps_yy = -2 * t2 * np.cos(kx) - 2 * t1 * np.cos(ky) - 4 * t3 * np.cos(kx) * np.cos(ky)
    eps_xy = -4 * t4 * np.sin(kx) * np.sin(ky)
    assert np.allclose(h[..., 0, 0], eps_xx, atol=1e-12)
    assert np.allclose(h[..., 1, 1], eps_yy, atol=1e-12)
    assert np.allclose(h[..., 0, 1], eps_xy, atol=1e-12)
    energies = np.sort(np.linalg.eigvalsh(h).ravel())
    density = 2 * np.mean(energies < PNICTIDE2_MU) * 2       # both spins, both orbitals
    assert density == pytest.approx(1.934, abs=2e-3)
    half = energies.size // 2
    assert 0.5 * (energies[half - 1] + energies[half]) == pytest.approx(1.542, abs=2e-3)
