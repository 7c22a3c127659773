"""Gauge-invariant lattice operators: link variables U = exp(-i A.dl) on a square grid.

The covariant derivative along the link from node i to its neighbour j is
``(U_ij psi_j - psi_i) / h`` with ``U_ij = exp(-i theta_ij)``, ``theta_ij`` the line
integral of A along the link (units of xi Bc2, so the phases of the links around a plaquette
add up to ``2 pi Phi_plaquette / Phi0`` exactly: flux quantisation is exact on the grid).
This is the discretisation of Gropp et al., J. Comput. Phys. 123, 254 (1996), a finite volume
scheme on the square cells centred at the nodes; missing links (outside the film, in holes)
give the natural boundary condition n.(grad - iA) psi = 0.

Arrays are indexed ``[i, j]`` with x = x[i], y = y[j]. The x-link ``[i, j]`` joins node
``[i, j]`` to ``[i+1, j]`` (periodic wrap for the last column of a periodic cell), the
y-link ``[i, j]`` joins ``[i, j]`` to ``[i, j+1]``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp

from cooperlab.gl.tdgl.geometry import Grid
from cooperlab.naming import deprecated_attributes


def symmetric_gauge(grid: Grid, b: float) -> tuple[np.ndarray, np.ndarray]:
    """Link phases of a uniform field ``b`` (units of Bc2) in the gauge A = (b/2)(-y, x).

    The phases are exact line integrals: ``theta_x = -(b/2) y h``, ``theta_y = (b/2) x h``.
    """
    X, Y = grid.coordinates
    h = grid.h
    return -0.5 * b * Y * h, 0.5 * b * X * h


def landau_gauge_periodic(nx: int, ny: int, h: float, n_flux: int) -> tuple[np.ndarray,
                                                                           np.ndarray, float]:
    """Link phases of ``n_flux`` flux quanta through a periodic ``nx h`` x ``ny h`` cell.

    Landau gauge A = (0, b x) inside the cell, with the magnetic translation folded into the
    wrapping x-links (phase ``-b h^2 nx j``), so every plaquette, the wrapping ones included,
    holds the flux ``b h^2`` with ``b nx ny h^2 = 2 pi n_flux``. Returns (theta_x, theta_y, b).
    """
    b = 2 * np.pi * n_flux / (nx * ny * h * h)
    i = np.arange(nx)[:, None]
    j = np.arange(ny)[None, :]
    theta_y = np.broadcast_to(b * h * h * i, (nx, ny)).astype(float)
    theta_x = np.zeros((nx, ny))
    theta_x[-1, :] = -b * h * h * nx * j[0]
    return theta_x, theta_y, b


class LinkLattice:
    """Covariant lattice operators of one film (or periodic cell) with given link phases."""

    def __init__(self, grid: Grid, theta_x: np.ndarray, theta_y: np.ndarray,
                 xp: Any = np) -> None:
        self.grid = grid
        self.xp = xp
        self.h = grid.h
        mask = grid.mask
        if grid.periodic:
            wx = mask & np.roll(mask, -1, axis=0)
            wy = mask & np.roll(mask, -1, axis=1)
        else:
            wx = np.zeros_like(mask)
            wy = np.zeros_like(mask)
            wx[:-1] = mask[:-1] & mask[1:]
            wy[:, :-1] = mask[:, :-1] & mask[:, 1:]
        self.wx_host, self.wy_host = wx, wy
        self.wx = xp.asarray(wx.astype(float))
        self.wy = xp.asarray(wy.astype(float))
        self.set_link_phases(theta_x, theta_y)
        ix, iy = wx.astype(int), wy.astype(int)
        degree = ix + np.roll(ix, 1, axis=0) + iy + np.roll(iy, 1, axis=1)
        self.degree = xp.asarray(degree.astype(float))

    def set_link_phases(self, theta_x: np.ndarray, theta_y: np.ndarray) -> None:
        """Set the link phases (line integrals of A, host arrays) and the link variables U."""
        self.theta_x, self.theta_y = theta_x, theta_y
        self.ux = self.xp.asarray(np.where(self.wx_host, np.exp(-1j * theta_x), 0.0))
        self.uy = self.xp.asarray(np.where(self.wy_host, np.exp(-1j * theta_y), 0.0))

    # -- operators on node fields -------------------------------------------------------
    def laplacian(self, psi: Any) -> Any:
        """Covariant Laplacian ``(grad - iA)^2 psi`` (sum over links of U psi_j - psi_i)/h^2."""
        xp = self.xp
        out = self.ux * xp.roll(psi, -1, axis=0)
        out += xp.roll(self.ux.conj() * psi, 1, axis=0)
        out += self.uy * xp.roll(psi, -1, axis=1)
        out += xp.roll(self.uy.conj() * psi, 1, axis=1)
        out -= self.degree * psi
        return out / (self.h * self.h)

    def supercurrent(self, psi: Any) -> tuple[Any, Any]:
        """Link supercurrents ``Js = Im[psi_i^* U_ij psi_j] / h`` (x-links, y-links)."""
        xp = self.xp
        cx = psi.conj() * self.ux * xp.roll(psi, -1, axis=0)
        cy = psi.conj() * self.uy * xp.roll(psi, -1, axis=1)
        return cx.imag / self.h, cy.imag / self.h

    def divergence(self, jx: Any, jy: Any) -> Any:
        """Node divergence of link currents: (outgoing - incoming) / h."""
        xp = self.xp
        return (jx - xp.roll(jx, 1, axis=0) + jy - xp.roll(jy, 1, axis=1)) / self.h

    def gradient(self, mu: Any) -> tuple[Any, Any]:
        """Link gradients ``(mu_j - mu_i)/h`` of a real node field (0 on missing links)."""
        xp = self.xp
        gx = (xp.roll(mu, -1, axis=0) - mu) * self.wx / self.h
        gy = (xp.roll(mu, -1, axis=1) - mu) * self.wy / self.h
        return gx, gy

    def graph_laplacian(self) -> sp.csr_matrix:
        """Sparse scalar Laplacian (no field) over the film's links, shape (n, n), n = nodes."""
        nx, ny = self.grid.shape
        index = np.arange(nx * ny).reshape(nx, ny)
        rows, cols = [], []
        for w, shift in ((self.wx_host, (-1, 0)), (self.wy_host, (0, -1))):
            a = index[w]
            b = np.roll(np.roll(index, shift[0], axis=0), shift[1], axis=1)[w]
            rows += [a, b]
            cols += [b, a]
        r = np.concatenate(rows)
        c = np.concatenate(cols)
        adjacency = sp.csr_matrix((np.ones(r.size), (r, c)), shape=(nx * ny, nx * ny))
        degree = np.asarray(adjacency.sum(axis=1)).ravel()
        return ((adjacency - sp.diags(degree)) / self.h**2).tocsr()

    # -- gauge-invariant phases -----------------------------------------------------------
    def plaquette_flux(self) -> np.ndarray:
        """Phase ``theta`` around every plaquette ``[i, j]`` (2 pi Phi/Phi0), host array.

        Reduced to (-pi, pi] (a plaquette holds less than half a flux quantum on any grid
        that resolves xi), which removes the 2 pi N of the wrapping plaquette of a torus.
        """
        tx, ty = self.theta_x, self.theta_y
        raw = tx + np.roll(ty, -1, axis=0) - np.roll(tx, -1, axis=1) - ty
        return np.angle(np.exp(1j * raw))

    def link_phase_differences(self, psi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Gauge-invariant phase differences ``arg(psi_i^* U_ij psi_j)`` in (-pi, pi]."""
        ux = np.exp(-1j * self.theta_x)
        uy = np.exp(-1j * self.theta_y)
        dx = np.angle(psi.conj() * ux * np.roll(psi, -1, axis=0))
        dy = np.angle(psi.conj() * uy * np.roll(psi, -1, axis=1))
        return dx, dy


# Deprecated names (removed in the next release).
__getattr__ = deprecated_attributes(__name__, Lattice=LinkLattice)
