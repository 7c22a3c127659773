"""The Hubbard model on any :class:`~cooperlab.lattice.Lattice` cluster.

Convention (particle-hole symmetric form, used by ED and DQMC alike)::

    H = sum_{ij,s} h_ij c^dag_{is} c_{js} + sum_i U_i (n_{i up} - 1/2)(n_{i dn} - 1/2)
        - mu sum_{i,s} n_{is}

which equals ``H_0 + sum_i U_i n_{i up} n_{i dn} - sum_i (mu + U_i/2) n_i + const``, the
convention of the atomic-limit closed forms (so ``mu = 0`` is half filling on a bipartite
lattice). Reported energies are ``E = <H_0> + sum_i U_i <n_{i up} n_{i dn}>`` per site
(kinetic plus interaction, no ``mu`` term).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from cooperlab.lattice import Cluster, Lattice, chain_lattice, parse_lattice_spec, square_lattice
from cooperlab.validation import require_finite, require_nonnegative, require_positive


@dataclass(frozen=True)
class HubbardModel:
    """Hubbard model on a finite cluster.

    Parameters
    ----------
    lattice
        The tight-binding lattice (hoppings, on-site energies), units of t.
    shape
        Cluster size in unit cells along each lattice vector.
    boundary
        ``"periodic"``, ``"open"`` or one per direction.
    U
        On-site repulsion (units of t): one number, or one per orbital of the unit cell.
    mu
        Chemical potential in the particle-hole symmetric convention (module docstring).
    beta
        Inverse temperature 1/T (units of 1/t); ``None`` for the ground state (ED only).
    """

    lattice: Lattice
    shape: tuple[int, ...]
    boundary: Any = "periodic"
    U: Any = 4.0
    mu: float = 0.0
    beta: float | None = None

    def __post_init__(self) -> None:
        cluster = Cluster(self.lattice, tuple(self.shape), self.boundary)
        object.__setattr__(self, "shape", cluster.shape)
        object.__setattr__(self, "boundary", cluster.boundary)
        if np.ndim(self.U) == 0:
            object.__setattr__(self, "U", require_nonnegative("U", self.U))
        else:
            values = tuple(require_nonnegative("U", u) for u in self.U)
            if len(values) != self.lattice.n_orbitals:
                raise ValueError(f"U must be one number or {self.lattice.n_orbitals} "
                                 f"(one per orbital), got {self.U}")
            object.__setattr__(self, "U", values)
        object.__setattr__(self, "mu", require_finite("mu", self.mu))
        if self.beta is not None:
            object.__setattr__(self, "beta", require_positive("beta", self.beta, "1/t"))

    @property
    def cluster(self) -> Cluster:
        """The finite cluster."""
        return Cluster(self.lattice, self.shape, self.boundary)

    @property
    def n_sites(self) -> int:
        """Number of sites (orbitals) of the cluster."""
        return self.cluster.n_sites

    def site_u(self) -> np.ndarray:
        """U on every site, shape ``(n_sites,)``."""
        per_orbital = np.broadcast_to(np.asarray(self.U, dtype=float), (self.lattice.n_orbitals,))
        return per_orbital[self.cluster.orbital_index()].copy()

    def hopping_matrix(self) -> np.ndarray:
        """Dense one-body matrix ``h`` of ``H_0`` (no ``mu``)."""
        return self.cluster.hopping_matrix()

    @classmethod
    def square(cls, lx: int, ly: int, *, t: float = 1.0, t_prime: float = 0.0,
               boundary: Any = "periodic", U: float = 4.0, mu: float = 0.0,
               beta: float | None = None) -> HubbardModel:
        """Square-lattice ``lx x ly`` cluster with hoppings t, t'."""
        return cls(square_lattice(t, t_prime), (lx, ly), boundary, U, mu, beta)

    @classmethod
    def from_spec(cls, lattice: str = "square:4x4",
                  boundary: Literal["periodic", "open"] = "periodic", *, t: float = 1.0,
                  t_prime: float = 0.0, U: float = 4.0, mu: float = 0.0,
                  beta: float | None = None) -> HubbardModel:
        """A cluster named by a lattice spec: ``HubbardModel.from_spec("square:8x8", U=6)``.

        Parameters
        ----------
        lattice
            ``NAME:LxM`` with NAME square, chain or emery (``square:8x8``, ``chain:4``).
        boundary
            Boundary conditions.
        t
            Nearest-neighbour hopping (the energy unit t).
        t_prime
            Next-nearest-neighbour hopping t' (square), units of t.
        U
            On-site repulsion, units of t.
        mu
            Chemical potential, units of t; 0 = half filling (particle-hole symmetric form).
        beta
            Inverse temperature, units of 1/t; None: the ground state (ED only).
        """
        cells, shape = parse_lattice_spec(lattice, t=t, t_prime=t_prime)
        return cls(cells, shape, boundary, U, mu, beta)

    @classmethod
    def ring(cls, n: int, *, t: float = 1.0, U: float = 4.0, mu: float = 0.0,
             beta: float | None = None) -> HubbardModel:
        """Periodic ``n``-site ring."""
        return cls(chain_lattice(t), (n,), "periodic", U, mu, beta)


def pi_point(dim: int) -> np.ndarray:
    """The antiferromagnetic wave vector ``(pi, ..., pi)``."""
    return np.full(dim, np.pi)


def structure_factor(correlation: np.ndarray, positions: np.ndarray,
                     q: np.ndarray) -> np.ndarray:
    """``S(q) = (1/N) sum_ij e^{i q.(r_i - r_j)} C_ij`` for every row of ``q``."""
    phase = np.exp(1j * (np.atleast_2d(q) @ positions.T))       # (nq, N)
    value = np.einsum("qi,ij,qj->q", phase, correlation, phase.conj())
    return value.real / positions.shape[0]
