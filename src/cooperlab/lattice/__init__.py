"""Tight-binding lattices: Bravais vectors, orbitals, hoppings, finite clusters, Bloch H(k).

Build a :class:`Lattice` (or take a preset), cut a finite :class:`Cluster` out of it with
periodic or open boundaries, and get its hopping matrix (dense or sparse)::

    from cooperlab.lattice import square_lattice
    lat = square_lattice(t=1.0, t_prime=-0.25)
    cluster = lat.cluster((16, 4), boundary="periodic")
    h = cluster.hopping_matrix()            # (64, 64), H = sum_ij h_ij c_i^dag c_j
    hk = lat.bloch_hamiltonian([[0.0, 0.0], [np.pi, np.pi]])

The same objects feed the Hubbard solvers (exact diagonalisation, DQMC) and later the
RPA and BdG modules.
"""

from cooperlab.lattice.cluster import Cluster, parse_lattice_spec
from cooperlab.lattice.lattice import Hopping, Lattice, Orbital
from cooperlab.lattice.presets import (
    PNICTIDE2_MU,
    PNICTIDE5_FILLING,
    EmeryParameters,
    chain_lattice,
    emery_lattice,
    pnictide2_lattice,
    pnictide5_lattice,
    square_lattice,
)

__all__ = [
    "PNICTIDE2_MU",
    "PNICTIDE5_FILLING",
    "Cluster",
    "EmeryParameters",
    "Hopping",
    "Lattice",
    "Orbital",
    "chain_lattice",
    "emery_lattice",
    "parse_lattice_spec",
    "pnictide2_lattice",
    "pnictide5_lattice",
    "square_lattice",
]
