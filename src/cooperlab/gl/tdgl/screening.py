"""Self-field of a thin film: the vector potential of its own sheet current (Pearl screening).

A film of thickness ``d << lambda`` screens with the Pearl length ``Lambda = lambda^2 / d``.
The sheet current ``K`` induces (Biot-Savart in the film plane, as pyTDGL)::

    A_ind(r) = (mu0 / 4 pi) int K(r') d^2 r' / |r - r'|,

which in GL units (lengths xi, A in xi Bc2, current density in J0, see
:mod:`cooperlab.gl.tdgl.units`) reads ``a_ind(r) = (1 / (4 pi Lambda)) int j(r') d^2r' / |r - r'|``
with ``Lambda`` in units of xi. The x (y) component lives on the x (y) links and comes
from the x (y) link currents only; the x-links form a square grid of spacing ``h``, so the
integral is a discrete convolution with ``G(dr) = h^2 / |dr|`` (``G(0) = 4 h ln(1 + sqrt 2)``,
the exact integral of ``1/|r|`` over one ``h x h`` cell), done by zero-padded FFTs in
O(N log N) with the kernel transformed once.

Self-consistency. The current responds at once to the link phases (``dJ/da = -|psi|^2``),
so substituting the current of step n into the potential of step n+1 is a fixed-point
iteration with gain up to ``g`` = the largest eigenvalue of the convolution on the film
(about ``W / Lambda`` for a film of width W): it diverges for ``g > 1``. The induced
potential therefore relaxes towards its target, ``a <- a + alpha (a_target - a)`` with
``alpha = 1 / (1 + g)``, which contracts every mode (factor ``1 - alpha (1 + g_mode)`` in
[0, 1)); stationary states are exactly self-consistent, and during fast dynamics the field
lags the current by about ``1 / alpha`` updates.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import scipy.fft as sfft

from cooperlab.gl.tdgl.links import LinkLattice


class SheetScreening:
    """Induced link phases of a film with Pearl length ``pearl_xi`` (units of xi).

    Parameters
    ----------
    lattice : Lattice
        The film; its current link phases are taken as the applied ones.
    pearl_xi : float
        ``Lambda = lambda^2 / d`` in units of xi.
    """

    def __init__(self, lattice: LinkLattice, pearl_xi: float) -> None:
        if not pearl_xi > 0:
            raise ValueError(f"pearl_xi must be > 0, got {pearl_xi!r}")
        grid = lattice.grid
        if grid.periodic:
            raise ValueError("sheet screening is implemented for finite films, not periodic cells")
        self.lattice = lattice
        self.pearl_xi = pearl_xi
        self.applied = (np.array(lattice.theta_x, float), np.array(lattice.theta_y, float))
        nx, ny = grid.shape
        h = grid.h
        self.shape = (nx, ny)
        self.padded = (sfft.next_fast_len(2 * nx - 1, real=True),
                       sfft.next_fast_len(2 * ny - 1, real=True))
        px, py = self.padded
        di = np.arange(px)
        dj = np.arange(py)
        di = np.where(di < px // 2 + 1, di, di - px)[:, None]      # signed offsets
        dj = np.where(dj < py // 2 + 1, dj, dj - py)[None, :]
        dist = h * np.hypot(di, dj)
        with np.errstate(divide="ignore"):
            kernel = np.where(dist > 0, h * h / dist, 4.0 * h * math.log1p(math.sqrt(2.0)))
        kernel /= 4.0 * math.pi * pearl_xi
        self.kernel_ft = sfft.rfft2(kernel)
        self.wx = lattice.wx_host.astype(float)
        self.wy = lattice.wy_host.astype(float)
        self.gain = self._largest_gain()
        self.alpha = 1.0 / (1.0 + self.gain)
        self.ax = np.zeros((nx, ny))
        self.ay = np.zeros((nx, ny))

    def convolve(self, j: np.ndarray) -> np.ndarray:
        """``(1 / 4 pi Lambda) sum_j' j(r') G(r - r')`` on the same grid (units of xi Bc2)."""
        nx, ny = self.shape
        ft = sfft.rfft2(j, s=self.padded)
        ft *= self.kernel_ft
        return sfft.irfft2(ft, s=self.padded)[:nx, :ny]

    def _largest_gain(self, iterations: int = 40) -> float:
        """Largest eigenvalue of the convolution restricted to the film's x-links (power)."""
        v = self.wx.copy()
        value = 0.0
        for _ in range(iterations):
            w = self.wx * self.convolve(v)
            value = float(np.vdot(v, w) / np.vdot(v, v))
            norm = np.linalg.norm(w)
            if norm == 0:
                return 0.0
            v = w / norm
        return value

    def targets(self, jx: np.ndarray, jy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Induced potential of the link currents ``jx``, ``jy`` on the film's links."""
        return self.wx * self.convolve(jx), self.wy * self.convolve(jy)

    def update(self, jx: np.ndarray, jy: np.ndarray) -> None:
        """Relax the induced potential towards that of the currents and set the link phases."""
        tx, ty = self.targets(jx, jy)
        self.ax += self.alpha * (tx - self.ax)
        self.ay += self.alpha * (ty - self.ay)
        self.apply()

    def set_state(self, ax: np.ndarray, ay: np.ndarray) -> None:
        """Restore the induced potential (resume from a checkpoint)."""
        self.ax = np.array(ax, float)
        self.ay = np.array(ay, float)
        self.apply()

    def apply(self) -> None:
        """Link phases = applied + ``a_ind h`` (exact line integral of a constant on a link)."""
        h = self.lattice.h
        self.lattice.set_link_phases(self.applied[0] + self.ax * h,
                                     self.applied[1] + self.ay * h)

    def residual(self, jx: np.ndarray, jy: np.ndarray) -> float:
        """``max |a_ind - a_target(j)| / max |a_target(j)|``: 0 when self-consistent."""
        tx, ty = self.targets(jx, jy)
        top = max(np.abs(tx).max(), np.abs(ty).max(), 1e-300)
        return float(max(np.abs(self.ax - tx).max(), np.abs(self.ay - ty).max()) / top)


def field_map(lattice: LinkLattice) -> np.ndarray:
    """Total field ``B_z`` on every plaquette (units of Bc2) from the link phases."""
    return lattice.plaquette_flux() / (lattice.h * lattice.h)


def full_plaquettes(lattice: LinkLattice) -> np.ndarray:
    """Plaquettes whose four corners are film nodes (boolean, same shape as the grid)."""
    m = lattice.grid.mask
    full = m & np.roll(m, -1, 0) & np.roll(m, -1, 1) & np.roll(np.roll(m, -1, 0), -1, 1)
    full[-1, :] = False
    full[:, -1] = False
    return full


def total_link_current(lattice: LinkLattice, psi: Any, mu: Any | None,
                       xp: Any = np) -> tuple[np.ndarray, np.ndarray]:
    """Host arrays of ``Js - grad mu`` on the film's links (units of J0)."""
    from cooperlab.backend import to_numpy

    jx, jy = lattice.supercurrent(psi)
    if mu is not None:
        gx, gy = lattice.gradient(mu)
        jx, jy = jx - gx, jy - gy
    return to_numpy(jx) * lattice.wx_host, to_numpy(jy) * lattice.wy_host
