"""Finite rectangular clusters of a :class:`~cooperlab.lattice.Lattice`.

Sites are numbered ``site = orbital + n_orbitals * cell`` with ``cell`` the C-order flat
index of the integer cell coordinates ``(n_1, ..., n_d)``, ``0 <= n_i < L_i``. A periodic
direction wraps bonds around (on a length-2 periodic direction the bond and its wrapped
image join the same pair, so the amplitude doubles, as on any 2-site ring); an open one
drops the bonds that leave the cluster. A direction of length 1 is always open.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

from cooperlab.lattice.lattice import Lattice
from cooperlab.validation import require_choice, require_int

BOUNDARIES = ("periodic", "open")


@dataclass(frozen=True)
class Cluster:
    """A ``L_1 x ... x L_d`` cluster of unit cells cut from ``lattice``.

    Parameters
    ----------
    lattice
        The bulk lattice.
    shape
        Number of cells along each lattice vector.
    boundary
        ``"periodic"``, ``"open"``, or one of them per direction.
    """

    lattice: Lattice
    shape: tuple[int, ...]
    boundary: Any = "periodic"

    def __post_init__(self) -> None:
        if not isinstance(self.lattice, Lattice):
            raise ValueError(f"lattice must be a Lattice, got {type(self.lattice).__name__}")
        shape = tuple(self.shape)
        if len(shape) != self.lattice.dim:
            raise ValueError(f"shape must have {self.lattice.dim} entries, got {shape}")
        object.__setattr__(self, "shape",
                           tuple(require_int("shape", n, 1, 4096) for n in shape))
        bc = self.boundary
        bcs = (bc,) * self.lattice.dim if isinstance(bc, str) else tuple(bc)
        if len(bcs) != self.lattice.dim:
            raise ValueError(f"boundary must be a string or {self.lattice.dim} strings, got {bc}")
        for b in bcs:
            require_choice("boundary", b, BOUNDARIES)
        object.__setattr__(self, "boundary", bcs)

    # -- geometry -----------------------------------------------------------------------
    @property
    def n_cells(self) -> int:
        """Number of unit cells."""
        return int(np.prod(self.shape))

    @property
    def n_sites(self) -> int:
        """Number of orbitals (sites) in the cluster."""
        return self.n_cells * self.lattice.n_orbitals

    @property
    def periodic(self) -> tuple[bool, ...]:
        """Whether each direction wraps (length-1 directions never do)."""
        return tuple(b == "periodic" and n > 1
                     for b, n in zip(self.boundary, self.shape, strict=True))

    def cell_coordinates(self) -> np.ndarray:
        """Integer cell coordinates of every site, shape ``(n_sites, d)``."""
        cells = np.array(np.unravel_index(np.arange(self.n_cells), self.shape)).T
        return np.repeat(cells, self.lattice.n_orbitals, axis=0)

    def orbital_index(self) -> np.ndarray:
        """Orbital index of every site, shape ``(n_sites,)``."""
        return np.tile(np.arange(self.lattice.n_orbitals), self.n_cells)

    def positions(self) -> np.ndarray:
        """Cartesian positions of every site, shape ``(n_sites, d)``."""
        return (self.cell_coordinates() @ self.lattice.vector_array
                + self.lattice.positions[self.orbital_index()])

    def momenta(self) -> np.ndarray:
        """The cluster's momentum grid ``q = sum_i (m_i / L_i) b_i``, shape ``(n_cells, d)``.

        These are the allowed Bloch momenta of a periodic cluster (used for S(q), N(q) on
        open clusters too); order is the C-order of ``(m_1, ..., m_d)``.
        """
        m = np.array(np.unravel_index(np.arange(self.n_cells), self.shape)).T
        return (m / np.asarray(self.shape)) @ self.lattice.reciprocal_vectors()

    # -- bonds --------------------------------------------------------------------------
    def bonds(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """All bonds ``(i, j, h)``: the term ``h c^dag_i c_j + h.c.`` of every hopping."""
        cells = np.array(np.unravel_index(np.arange(self.n_cells), self.shape)).T
        shape = np.asarray(self.shape)
        n_orb = self.lattice.n_orbitals
        rows, cols, amps = [], [], []
        for hop in self.lattice.hoppings:
            target = cells + np.asarray(hop.displacement)
            keep = np.ones(len(cells), dtype=bool)
            for axis, wraps in enumerate(self.periodic):
                if wraps:
                    target[:, axis] %= shape[axis]
                else:
                    keep &= (target[:, axis] >= 0) & (target[:, axis] < shape[axis])
            src = np.ravel_multi_index(cells[keep].T, self.shape)
            dst = np.ravel_multi_index(target[keep].T, self.shape)
            i = hop.to_orbital + n_orb * src
            j = hop.from_orbital + n_orb * dst
            self_loop = i == j
            if np.any(self_loop):
                raise ValueError(f"hopping {hop} maps a site onto itself on cluster {self.shape}:"
                                 " make the cluster longer or the boundary open")
            rows.append(i)
            cols.append(j)
            amps.append(np.full(i.size, hop.amplitude))
        if not rows:
            empty = np.zeros(0, dtype=int)
            return empty, empty, np.zeros(0)
        return np.concatenate(rows), np.concatenate(cols), np.concatenate(amps)

    def hopping_matrix(self, *, sparse: bool = False) -> Any:
        """One-body matrix ``h`` with ``H_0 = sum_ij h_ij c^dag_i c_j`` (Hermitian, real).

        Includes the on-site energies on the diagonal. ``sparse=True`` returns a CSR matrix.
        """
        i, j, h = self.bonds()
        n = self.n_sites
        onsite = np.asarray([o.onsite for o in self.lattice.orbitals])[self.orbital_index()]
        rows = np.concatenate([i, j, np.arange(n)])
        cols = np.concatenate([j, i, np.arange(n)])
        vals = np.concatenate([h, h, onsite])
        matrix = sp.coo_matrix((vals, (rows, cols)), shape=(n, n)).tocsr()
        matrix.sum_duplicates()
        return matrix if sparse else matrix.toarray()

    def neighbour_table(self, displacement: Any, orbital: int = 0) -> np.ndarray:
        """Site index of ``orbital`` in the cell displaced by ``displacement`` from each cell.

        Returns shape ``(n_cells,)``; ``-1`` where an open boundary cuts the displacement.
        """
        cells = np.array(np.unravel_index(np.arange(self.n_cells), self.shape)).T
        target = cells + np.asarray(displacement, dtype=int)
        ok = np.ones(self.n_cells, dtype=bool)
        for axis, wraps in enumerate(self.periodic):
            if wraps:
                target[:, axis] %= self.shape[axis]
            else:
                ok &= (target[:, axis] >= 0) & (target[:, axis] < self.shape[axis])
        out = np.full(self.n_cells, -1)
        out[ok] = orbital + self.lattice.n_orbitals * np.ravel_multi_index(target[ok].T,
                                                                           self.shape)
        return out

    def displacement_classes(self) -> tuple[np.ndarray, np.ndarray]:
        """Group site pairs by separation ``r_j - r_i`` (wrapped on periodic directions).

        Returns ``(labels, displacements)``: ``labels`` has shape ``(n_sites, n_sites)`` and
        ``displacements`` is ``(n_classes, d)`` Cartesian, so that a correlation matrix
        ``C_ij`` averages to ``C(r) = bincount(labels, C) / bincount(labels)``.
        """
        frac = self.cell_coordinates().astype(float)
        orb = self.orbital_index()
        diff = frac[None, :, :] - frac[:, None, :]
        for axis, wraps in enumerate(self.periodic):
            if wraps:
                n = self.shape[axis]
                diff[..., axis] = (diff[..., axis] + n // 2) % n - n // 2
        cart = diff @ self.lattice.vector_array
        pos = self.lattice.positions
        cart = cart + pos[orb][None, :, :] - pos[orb][:, None, :]
        flat = np.round(cart.reshape(-1, cart.shape[-1]), 9)
        displacements, labels = np.unique(flat, axis=0, return_inverse=True)
        return labels.reshape(self.n_sites, self.n_sites), displacements

    def involutions(self) -> list[np.ndarray]:
        """Site permutations of the cluster's commuting geometric involutions.

        Candidates: the reflection ``f_a -> (L_a - 1) - f_a`` of each fractional coordinate
        ``f = cell + orbital offset`` along a lattice vector, and on a periodic direction of
        even length the half translation ``f_a -> f_a + L_a / 2``. A candidate is kept when it
        maps every site onto a site (modulo ``L_a`` on periodic directions); whether it leaves
        a Hamiltonian invariant is for the caller to check (a fractional reflection is a
        geometric one only on rectangular lattices). Any two of them commute: they act on
        separate coordinates, and ``R_a T_a R_a = T_a^{-1} = T_a`` for the half translation.
        Returns a list of ``(n_sites,)`` integer arrays ``p`` (site ``i`` goes to ``p[i]``),
        the identity left out.
        """
        offsets = np.linalg.solve(self.lattice.vector_array.T, self.lattice.positions.T).T
        frac = self.cell_coordinates() + offsets[self.orbital_index()]
        shape = np.asarray(self.shape, dtype=float)
        periodic = np.asarray(self.periodic)

        def key(points: np.ndarray) -> list[tuple[float, ...]]:
            wrapped = np.where(periodic, np.mod(points, shape), points)
            return [tuple(row) for row in np.round(wrapped, 8) + 0.0]

        index = {k: i for i, k in enumerate(key(frac))}
        out = []
        for axis, length in enumerate(self.shape):
            moves = [(-1.0, length - 1.0)]
            if self.periodic[axis] and length % 2 == 0:
                moves.append((1.0, length / 2))
            for scale, shift in moves:
                image = frac.copy()
                image[:, axis] = scale * frac[:, axis] + shift
                targets = [index.get(k, -1) for k in key(image)]
                perm = np.asarray(targets)
                if np.all(perm >= 0) and np.any(perm != np.arange(self.n_sites)):
                    out.append(perm)
        return out

    def describe(self) -> dict[str, Any]:
        """JSON-compatible description (lattice name, shape, boundaries, sites)."""
        return {"lattice": self.lattice.name, "shape": list(self.shape),
                "boundary": list(self.boundary), "n_sites": self.n_sites}


def parse_lattice_spec(text: str, **parameters: float) -> tuple[Lattice, tuple[int, ...]]:
    """Parse the CLI's ``--lattice`` text: ``square:8x8``, ``chain:4``, ``emery:2x2``.

    ``parameters`` go to the preset (``t``, ``t_prime``, ``t_second``; Emery's ``t_pd``...).
    Returns the lattice and the cluster shape.
    """
    from cooperlab.lattice.presets import PRESETS

    name, _, dims = text.partition(":")
    if name not in PRESETS or not dims:
        raise ValueError(f"lattice must look like NAME:LxM with NAME one of "
                         f"{', '.join(PRESETS)}, got {text!r}")
    try:
        shape = tuple(int(x) for x in dims.lower().split("x"))
    except ValueError:
        raise ValueError(f"lattice size must be integers joined by 'x', got {text!r}") from None
    builder, dim = PRESETS[name]
    if len(shape) != dim:
        raise ValueError(f"lattice {name} needs {dim} sizes, got {text!r}")
    return builder(**parameters), shape
