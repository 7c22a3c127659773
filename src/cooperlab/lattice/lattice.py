"""Bravais lattices with orbitals and hoppings: the tight-binding model in the bulk.

A :class:`Lattice` holds primitive vectors ``a_1..a_d`` (rows of ``vectors``), orbitals with
positions inside the unit cell and on-site energies, and a list of :class:`Hopping` terms.
A hopping with amplitude ``h`` from orbital ``b`` in cell ``R + d`` to orbital ``a`` in cell
``R`` stands for ``h c^dag_{a,R} c_{b,R+d} + h.c.``; the one-body Hamiltonian is

    H_0 = sum_{R,a} eps_a n_{a,R} + sum_hoppings sum_R (h c^dag_{a,R} c_{b,R+d} + h.c.).

So the usual nearest-neighbour ``-t`` has ``amplitude=-t``. Each bond is listed once (its
Hermitian partner is implied).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from cooperlab.numerics.kmesh import square_mesh
from cooperlab.validation import require_finite, require_int

if TYPE_CHECKING:
    from cooperlab.lattice.cluster import Cluster


@dataclass(frozen=True)
class Orbital:
    """One orbital of the unit cell.

    Parameters
    ----------
    name
        Label (e.g. ``"d"``, ``"px"``).
    position
        Position inside the unit cell in Cartesian units of the lattice vectors.
    onsite
        On-site energy ``eps_a`` (energy units of the model, e.g. t).
    """

    name: str
    position: tuple[float, ...]
    onsite: float = 0.0

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise ValueError(f"name must be a non-empty string, got {self.name!r}")
        object.__setattr__(self, "position",
                           tuple(require_finite("position", x) for x in self.position))
        object.__setattr__(self, "onsite", require_finite("onsite", self.onsite))


@dataclass(frozen=True)
class Hopping:
    """The bond ``amplitude * c^dag_{to_orbital, R} c_{from_orbital, R + displacement} + h.c.``.

    Parameters
    ----------
    amplitude
        Matrix element ``h`` (real; ``-t`` for the usual hopping ``t``).
    to_orbital, from_orbital
        Orbital indices in the unit cell.
    displacement
        Integer cell displacement ``d`` (one entry per lattice vector).
    """

    amplitude: float
    to_orbital: int
    from_orbital: int
    displacement: tuple[int, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "amplitude", require_finite("amplitude", self.amplitude))
        object.__setattr__(self, "to_orbital", require_int("to_orbital", self.to_orbital, 0))
        object.__setattr__(self, "from_orbital",
                           require_int("from_orbital", self.from_orbital, 0))
        object.__setattr__(self, "displacement",
                           tuple(require_int("displacement", d) for d in self.displacement))


@dataclass(frozen=True)
class Lattice:
    """A Bravais lattice with a basis of orbitals and hoppings (see the module docstring).

    Parameters
    ----------
    vectors
        Primitive vectors as rows, shape ``(d, d)``.
    orbitals
        The orbitals of the unit cell.
    hoppings
        Bonds, each listed once.
    name
        Label used in results and the CLI.
    """

    vectors: tuple[tuple[float, ...], ...]
    orbitals: tuple[Orbital, ...]
    hoppings: tuple[Hopping, ...]
    name: str = "lattice"

    def __post_init__(self) -> None:
        vectors = np.asarray(self.vectors, dtype=float)
        if vectors.ndim != 2 or vectors.shape[0] != vectors.shape[1] or vectors.shape[0] < 1:
            raise ValueError(f"vectors must be a square (d, d) array, got shape {vectors.shape}")
        if not np.all(np.isfinite(vectors)) or abs(np.linalg.det(vectors)) < 1e-12:
            raise ValueError(f"vectors must be finite and linearly independent, got {self.vectors}")
        object.__setattr__(self, "vectors", tuple(tuple(float(x) for x in v) for v in vectors))
        object.__setattr__(self, "orbitals", tuple(self.orbitals))
        object.__setattr__(self, "hoppings", tuple(self.hoppings))
        if not self.orbitals:
            raise ValueError("orbitals must hold at least one Orbital, got none")
        dim = self.dim
        for orb in self.orbitals:
            if len(orb.position) != dim:
                raise ValueError(f"orbital {orb.name!r} position must have {dim} entries, "
                                 f"got {orb.position}")
        for hop in self.hoppings:
            if len(hop.displacement) != dim:
                raise ValueError(f"hopping displacement must have {dim} entries, "
                                 f"got {hop.displacement}")
            for index in (hop.to_orbital, hop.from_orbital):
                if index >= self.n_orbitals:
                    raise ValueError(f"hopping orbital index must lie in [0, "
                                     f"{self.n_orbitals - 1}], got {index}")
            if hop.to_orbital == hop.from_orbital and not any(hop.displacement):
                raise ValueError("a hopping from an orbital to itself in the same cell is an "
                                 "on-site energy: use Orbital(onsite=...)")

    @property
    def dim(self) -> int:
        """Spatial dimension d."""
        return len(self.vectors)

    @property
    def n_orbitals(self) -> int:
        """Orbitals per unit cell."""
        return len(self.orbitals)

    @property
    def vector_array(self) -> np.ndarray:
        """Primitive vectors as a ``(d, d)`` array (rows)."""
        return np.asarray(self.vectors, dtype=float)

    @property
    def positions(self) -> np.ndarray:
        """Orbital positions in the cell, shape ``(n_orbitals, d)``."""
        return np.asarray([o.position for o in self.orbitals], dtype=float)

    def reciprocal_vectors(self) -> np.ndarray:
        """Reciprocal vectors ``b_i`` as rows with ``a_i . b_j = 2 pi delta_ij``."""
        return 2 * np.pi * np.linalg.inv(self.vector_array).T

    def bloch_hamiltonian(self, k: Any, *, position_phases: bool = True) -> np.ndarray:
        """Bloch Hamiltonian ``H_ab(k)`` at Cartesian momenta ``k``, shape ``(..., n, n)``.

        ``H_ab(k) = eps_a delta_ab + sum_bonds h e^{i k . (R_d + r_b - r_a)} + h.c.`` with
        orbital positions in the phase (``position_phases=True``, periodic in k only up to a
        gauge) or without them (``False``: cell phases ``e^{i k . R_d}`` only).
        """
        k = np.asarray(k, dtype=float)
        if k.shape[-1] != self.dim:
            raise ValueError(f"k must have last axis of length {self.dim}, got shape {k.shape}")
        n = self.n_orbitals
        out = np.zeros((*k.shape[:-1], n, n), dtype=complex)
        out[..., np.arange(n), np.arange(n)] = [o.onsite for o in self.orbitals]
        lattice = self.vector_array
        positions = self.positions
        for hop in self.hoppings:
            shift = np.asarray(hop.displacement, dtype=float) @ lattice
            if position_phases:
                shift = shift + positions[hop.from_orbital] - positions[hop.to_orbital]
            term = hop.amplitude * np.exp(1j * (k @ shift))
            out[..., hop.to_orbital, hop.from_orbital] += term
            out[..., hop.from_orbital, hop.to_orbital] += np.conj(term)
        return out

    def bands(self, k: Any) -> np.ndarray:
        """Band energies at ``k``, shape ``(..., n_orbitals)`` (ascending)."""
        return np.linalg.eigvalsh(self.bloch_hamiltonian(k))

    def cluster(self, shape: Any, boundary: Any = "periodic") -> Cluster:
        """A finite rectangular cluster of ``shape`` cells (see :class:`Cluster`)."""
        from cooperlab.lattice.cluster import Cluster

        return Cluster(self, tuple(shape), boundary)


def hoppings_from_bloch(bloch: Any, n_orbitals: int, reach: int, dim: int = 2,
                        tol: float = 1e-12) -> tuple[tuple[float, ...], tuple[Hopping, ...]]:
    """On-site energies and bond list of a Bloch Hamiltonian given as a function of k.

    ``bloch(k)`` returns ``H_ab(k) = sum_R H_ab(R) e^{i k . R}`` (``k`` of shape ``(..., d)``
    in units of the inverse lattice constant of a hypercubic lattice, result ``(..., n, n)``,
    Hermitian) with harmonics ``|R_i| <= reach``. The Fourier coefficients

        H_ab(R) = (1/M^d) sum_k H_ab(k) e^{-i k . R}

    on an ``M = 2 reach + 2`` point mesh are exact (no aliasing); each bond is listed once
    (``a < b``, or ``a == b`` with ``R`` lexicographically positive), ``H_aa(0)`` is the
    on-site energy. Coefficients must be real (``ValueError`` otherwise).
    """
    n = require_int("n_orbitals", n_orbitals, 1)
    reach = require_int("reach", reach, 1)
    m = 2 * reach + 2
    k = square_mesh(m, dim)
    hk = np.asarray(bloch(k))
    coeff = np.fft.fftn(hk, axes=tuple(range(dim))) / m**dim   # e^{-ikR} sum
    if np.abs(coeff.imag).max() > tol:
        raise ValueError("hoppings_from_bloch needs real hopping amplitudes, got complex ones")
    coeff = coeff.real
    onsite = tuple(float(coeff[(0,) * dim][a, a]) for a in range(n))
    hops = []
    for shift in np.ndindex(*([m] * dim)):
        r = tuple(int(s if s <= reach else s - m) for s in shift)
        if any(abs(x) > reach for x in r):
            continue
        block = coeff[shift]
        for a in range(n):
            for b in range(a, n):
                if abs(block[a, b]) <= tol:
                    continue
                if a == b and not r > (0,) * dim:
                    continue
                hops.append(Hopping(float(block[a, b]), a, b, r))
    return onsite, tuple(hops)
