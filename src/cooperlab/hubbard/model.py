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

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from cooperlab.lattice import Cluster, Lattice, chain_lattice, parse_lattice_spec, square_lattice
from cooperlab.naming import warn_renamed
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
    temperature
        Temperature (units of t, keyword only); ``None`` for the ground state (ED only). The
        inverse temperature :attr:`beta` ``= 1 / temperature`` is derived from it.
        (Deprecated: ``beta=`` as a keyword or the sixth positional argument, converted to
        ``temperature = 1 / beta``; removed in the next release.)
    """

    lattice: Lattice
    shape: tuple[int, ...]
    boundary: Any = "periodic"
    U: Any = 4.0
    mu: float = 0.0
    temperature: float | None = field(default=None, kw_only=True)

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
        if self.temperature is not None:
            object.__setattr__(self, "temperature",
                               require_positive("temperature", self.temperature, "t"))

    @property
    def beta(self) -> float | None:
        """Inverse temperature ``1 / temperature`` (units of 1/t; derived, read-only);
        ``None`` for the ground state."""
        return None if self.temperature is None else 1.0 / self.temperature

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
               temperature: float | None = None, **deprecated: Any) -> HubbardModel:
        """Square-lattice ``lx x ly`` cluster with hoppings t, t' (``beta=`` deprecated)."""
        return cls(square_lattice(t, t_prime), (lx, ly), boundary, U, mu,
                   temperature=temperature, **deprecated)

    @classmethod
    def from_spec(cls, lattice: str = "square:4x4",
                  boundary: Literal["periodic", "open"] = "periodic", *, t: float = 1.0,
                  t_prime: float = 0.0, U: float = 4.0, mu: float = 0.0,
                  temperature: float | None = None) -> HubbardModel:
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
        temperature
            Temperature, units of t; None: the ground state (ED only).
        """
        cells, shape = parse_lattice_spec(lattice, t=t, t_prime=t_prime)
        return cls(cells, shape, boundary, U, mu, temperature=temperature)

    @classmethod
    def ring(cls, n: int, *, t: float = 1.0, U: float = 4.0, mu: float = 0.0,
             temperature: float | None = None, **deprecated: Any) -> HubbardModel:
        """Periodic ``n``-site ring (``beta=`` deprecated)."""
        return cls(chain_lattice(t), (n,), "periodic", U, mu, temperature=temperature,
                   **deprecated)


_NO_BETA = object()
_dataclass_init = HubbardModel.__init__


def _init_with_deprecated_beta(self: HubbardModel, *args: Any, beta: Any = _NO_BETA,
                               **kwargs: Any) -> None:
    """``HubbardModel(..., beta=b)`` or ``HubbardModel(lattice, shape, boundary, U, mu, b)``
    (the old field, now deprecated) means ``temperature = 1 / b``."""
    if len(args) == 6:
        if beta is not _NO_BETA:
            raise TypeError("HubbardModel got beta both by position and by keyword")
        *args, beta = args
        warn_renamed("beta (sixth positional argument)", "temperature=1/beta",
                     "argument of HubbardModel")
    elif beta is not _NO_BETA:
        warn_renamed("beta", "temperature=1/beta", "argument of HubbardModel")
    if beta is not _NO_BETA:
        if kwargs.get("temperature") is not None:
            raise TypeError("HubbardModel got both beta (deprecated) and temperature")
        kwargs["temperature"] = None if beta is None else 1.0 / require_positive(
            "beta", beta, "1/t")
    _dataclass_init(self, *args, **kwargs)


_init_with_deprecated_beta.__wrapped__ = _dataclass_init  # type: ignore[attr-defined]
HubbardModel.__init__ = _init_with_deprecated_beta  # type: ignore[method-assign]


def pi_point(dim: int) -> np.ndarray:
    """The antiferromagnetic wave vector ``(pi, ..., pi)``."""
    return np.full(dim, np.pi)


def structure_factor(correlation: np.ndarray, positions: np.ndarray,
                     q: np.ndarray) -> np.ndarray:
    """``S(q) = (1/N) sum_ij e^{i q.(r_i - r_j)} C_ij`` for every row of ``q``."""
    phase = np.exp(1j * (np.atleast_2d(q) @ positions.T))       # (nq, N)
    value = np.einsum("qi,ij,qj->q", phase, correlation, phase.conj())
    return value.real / positions.shape[0]
