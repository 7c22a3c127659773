"""Fast solver of the TDGL potential equation: a cosine transform plus a capacitance matrix.

The potential obeys ``L_F mu = rhs`` with ``L_F`` the graph Laplacian of the film's links
(Neumann on every edge and hole), grounded once per connected piece of the film. The film
sits in a box of ``Nx x ny`` nodes (``Nx``: the grid's ``nx`` padded to a length that
scipy's FFT handles fast). The box Laplacian ``L_B`` (all links of the box) is diagonal in
a cosine transform along x (DCT-II, Neumann) and tridiagonal along y, so ``L_B`` solves in
two transforms and one tridiagonal sweep per x-mode. The film's operator differs from it by
a low-rank term (capacitance-matrix method, Buzbee, Dorr, George & Golub, SIAM J. Numer.
Anal. 8, 722 (1971))::

    L' = L_B + sum_{cut links e} w_e w_e^T / h^2        (w_e = e_i - e_j)

cuts the ``m`` links between film and non-film nodes, leaving the film's Laplacian and,
decoupled from it, that of the non-film nodes (holes, padding). ``L'`` is singular (one
constant per connected piece ``c``); ``M = L' - tau sum_c q_c q_c^T`` (``q_c``: normalised
indicator of piece c) is not, and for a right-hand side with zero sum on every piece (true
of ``div Js - s``) ``M^{-1} rhs`` is the zero-mean solution of ``L' x = rhs``. With
``B = L_B - tau v v^T`` (v: the x-constant mode on the first row, which makes every
tridiagonal block regular), ``M = B + U S U^T`` with ``U = [w_e, q_c, v]`` (rank
``r = m + pieces + 1``), and Woodbury's identity gives::

    M^{-1} b = y - B^{-1} U K^{-1} U^T y,   y = B^{-1} b,   K = S^{-1} + U^T B^{-1} U,

two box solves and an ``r x r`` product per call (``K^{-1}`` is formed once, from r box
solves). The result is shifted to zero at each piece's ground node, as the sparse LU
(:class:`~cooperlab.gl.tdgl.stepper.PotentialSolver`) does; both agree to ~1e-12.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import scipy.fft as sfft
import scipy.sparse as sp
import scipy.sparse.csgraph as csgraph

from cooperlab.gl.tdgl.kernels import HAVE_NUMBA, numba

#: ``potential_solver`` choices of :class:`~cooperlab.gl.tdgl.model.TDGLOptions`.
POTENTIAL_SOLVERS = ("auto", "superlu", "fft")


def _jit(func: Any) -> Any:
    return numba.njit(cache=True, nogil=True)(func) if HAVE_NUMBA else func


@_jit
def _tridiagonal_rows(d: Any, cp: Any, dinv: Any, off: float) -> None:
    """Solve every column ``d[:, k]`` with its factorised tridiagonal (in place)."""
    ny, nk = d.shape
    for k in range(nk):
        d[0, k] *= dinv[0, k]
    for j in range(1, ny):
        for k in range(nk):
            d[j, k] = (d[j, k] - off * d[j - 1, k]) * dinv[j, k]
    for j in range(ny - 2, -1, -1):
        for k in range(nk):
            d[j, k] -= cp[j, k] * d[j + 1, k]


@_jit
def _project(y: Any, ca: Any, cb: Any, labels: Any, qscale: Any, nv: int, vscale: float,
             t: Any) -> None:
    """``t = U^T y``: cut-link differences, piece sums, the v component."""
    m = ca.size
    k = qscale.size
    for e in range(m):
        t[e] = y[ca[e]] - y[cb[e]]
    for c in range(k):
        t[m + c] = 0.0
    for i in range(y.size):
        t[m + labels[i]] += y[i]
    for c in range(k):
        t[m + c] *= qscale[c]
    s = 0.0
    for i in range(nv):
        s += y[i]
    t[m + k] = s * vscale


@_jit
def _expand(z: Any, ca: Any, cb: Any, labels: Any, qscale: Any, nv: int, vscale: float,
            out: Any) -> None:
    """``out = U z``."""
    m = ca.size
    k = qscale.size
    for i in range(out.size):
        c = labels[i]
        out[i] = z[m + c] * qscale[c]
    for e in range(m):
        out[ca[e]] += z[e]
        out[cb[e]] -= z[e]
    zv = z[m + k] * vscale
    for i in range(nv):
        out[i] += zv


@_jit
def _finish(y: Any, y2: Any, labels: Any, ground: Any, ground_piece: Any, pieces: int,
            box_mask: Any, out: Any) -> float:
    """``out[i, j] = (y - y2)[j, i]`` minus its piece's ground value; 0 off the film.
    Returns max |out|."""
    shift = np.zeros(pieces)
    for g in range(ground.size):
        node = ground[g]
        shift[ground_piece[g]] = y[node] - y2[node]
    ny, nbox = box_mask.shape
    nx = out.shape[0]
    top = 0.0
    for j in range(ny):
        for i in range(nx):
            p = j * nbox + i
            value = (y[p] - y2[p] - shift[labels[p]]) if box_mask[j, i] else 0.0
            out[i, j] = value
            top = max(top, abs(value))
    return top


class FastPotentialSolver:
    """``L_F mu = rhs`` on the film's nodes by DCT + tridiagonal + capacitance matrix.

    Same interface and grounding as :class:`~cooperlab.gl.tdgl.stepper.PotentialSolver` (the
    node picked per connected piece: the first in the grid's C order, or the first in
    ``ground``). Needs numba (its loops) and a non-periodic grid.
    """

    def __init__(self, lattice: Any, ground: np.ndarray | None = None) -> None:
        if not HAVE_NUMBA:
            raise ValueError("potential_solver='fft' needs numba (pip install numba)")
        grid = lattice.grid
        if grid.periodic:
            raise ValueError("potential_solver='fft' is for films, not periodic cells")
        self.xp = lattice.xp
        mask = grid.mask
        nx, ny = mask.shape
        h = grid.h
        nbox = sfft.next_fast_len(nx, real=True)
        self.nx, self.ny, self.nbox = nx, ny, nbox
        box = np.zeros((ny, nbox), bool)            # [j, i]: x along the fast axis
        box[:, :nx] = mask.T
        self.box_mask = box
        index = np.arange(nbox * ny).reshape(ny, nbox)
        a = np.concatenate([index[:, :-1].ravel(), index[:-1, :].ravel()])
        b = np.concatenate([index[:, 1:].ravel(), index[1:, :].ravel()])
        flat = box.ravel()
        cut = flat[a] != flat[b]
        self.ca, self.cb = a[cut].astype(np.int64), b[cut].astype(np.int64)
        n = nbox * ny
        keep = ~cut
        graph = sp.csr_matrix((np.ones(int(keep.sum())), (a[keep], b[keep])), shape=(n, n))
        pieces, labels = csgraph.connected_components(graph, directed=False)
        self.labels = labels.astype(np.int64)
        self.pieces = int(pieces)
        self.qscale = 1.0 / np.sqrt(np.bincount(labels, minlength=pieces))
        tau = 1.0 / h**2
        self.vscale = 1.0 / math.sqrt(nbox)
        # tridiagonal along y for every x-mode k: (L_y + lambda_k - tau e0 e0^T delta_k0)
        lam = -(4.0 / h**2) * np.sin(np.pi * np.arange(nbox) / (2 * nbox)) ** 2
        diag = np.full((ny, nbox), -2.0 / h**2) + lam[None, :]
        diag[0] += 1.0 / h**2
        diag[-1] += 1.0 / h**2
        diag[0, 0] -= tau
        self.off = 1.0 / h**2
        self.cp = np.zeros((ny, nbox))
        self.dinv = np.zeros((ny, nbox))
        upper = np.zeros(nbox)
        for j in range(ny):
            den = diag[j] - self.off * upper
            self.dinv[j] = 1.0 / den
            upper = self.off / den if j < ny - 1 else np.zeros(nbox)
            self.cp[j] = upper
        m = self.ca.size
        self.rank = m + self.pieces + 1
        capacitance = np.diag(np.concatenate([np.full(m, h * h), np.full(self.pieces, -1 / tau),
                                              [1 / tau]]))
        column = np.empty(n)
        t = np.empty(self.rank)
        for c in range(self.rank):
            unit = np.zeros(self.rank)
            unit[c] = 1.0
            _expand(unit, self.ca, self.cb, self.labels, self.qscale, nbox, self.vscale, column)
            y = self._box_solve(column.reshape(ny, nbox).copy()).ravel()
            _project(y, self.ca, self.cb, self.labels, self.qscale, nbox, self.vscale, t)
            capacitance[:, c] += t
        self.k_inverse = np.linalg.inv(capacitance)
        # ground nodes: first film node of each piece in the grid's C order (as SuperLU's)
        ii, jj = np.nonzero(mask)
        order = jj * nbox + ii
        if ground is not None and ground.any():
            gi, gj = np.nonzero(ground & mask)
            order = np.concatenate([gj * nbox + gi, order])
        seen: dict[int, int] = {}
        for node in order:
            seen.setdefault(int(labels[node]), int(node))
        self.ground = np.array(list(seen.values()), dtype=np.int64)
        self.ground_piece = self.labels[self.ground]
        self._b = np.zeros((ny, nbox))
        self._u = np.empty(n)
        self._t = np.empty(self.rank)
        self.max_abs = 0.0

    def _box_solve(self, b: np.ndarray) -> np.ndarray:
        """``B^{-1} b`` for a (ny, Nx) array (overwritten)."""
        d = sfft.dct(b, type=2, axis=1, norm="ortho", workers=1, overwrite_x=True)
        _tridiagonal_rows(d, self.cp, self.dinv, self.off)
        return sfft.idct(d, type=2, axis=1, norm="ortho", workers=1, overwrite_x=True)

    def solve(self, rhs: Any) -> Any:
        """mu on the grid (0 off the film), grounded per piece."""
        from cooperlab.backend import to_numpy

        b = self._b
        b[:, :self.nx] = to_numpy(rhs).T * self.box_mask[:, :self.nx]
        y = self._box_solve(b.copy()).ravel()
        _project(y, self.ca, self.cb, self.labels, self.qscale, self.nbox, self.vscale, self._t)
        z = self.k_inverse @ self._t
        _expand(z, self.ca, self.cb, self.labels, self.qscale, self.nbox, self.vscale, self._u)
        y2 = self._box_solve(self._u.reshape(self.ny, self.nbox)).ravel()
        mu = np.empty((self.nx, self.ny))
        self.max_abs = float(_finish(y, y2, self.labels, self.ground, self.ground_piece,
                                     self.pieces, self.box_mask, mu))
        return self.xp.asarray(mu)


def choose_potential_solver(kind: str, lattice: Any) -> str:
    """``"fft"`` or ``"superlu"`` for ``kind`` (``"auto"``: the transform where it pays).

    ``auto`` takes the transform solver on the numpy backend with numba, for non-periodic
    grids of at least 6,000 nodes whose film cuts at most one link in 20 of the box (its
    cost is two transforms plus the rank-r capacitance product, measured 1.6x faster than
    SuperLU on the 89 x 89 benchmark film, slower below ~4,000 nodes). The choice depends on
    the geometry only, so a resumed run takes the same one.
    """
    if kind not in POTENTIAL_SOLVERS:
        raise ValueError(f"potential_solver must be one of {POTENTIAL_SOLVERS}, got {kind!r}")
    if kind != "auto":
        return kind
    grid = lattice.grid
    if not HAVE_NUMBA or lattice.xp is not np or grid.periodic:
        return "superlu"
    nx, ny = grid.mask.shape
    nodes = sfft.next_fast_len(nx, real=True) * ny
    m = int(np.sum(grid.mask[:-1] != grid.mask[1:]) + np.sum(grid.mask[:, :-1]
                                                               != grid.mask[:, 1:]))
    m += int(grid.mask[-1].sum()) if sfft.next_fast_len(nx, real=True) > nx else 0
    return "fft" if nodes >= 6000 and m <= nodes / 20 else "superlu"
