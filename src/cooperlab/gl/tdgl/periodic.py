"""A periodic cell in a perpendicular field (magnetic translations in the link phases)."""

from __future__ import annotations

import numpy as np

from cooperlab.gl.tdgl.geometry import Grid
from cooperlab.gl.tdgl.links import LinkLattice, landau_gauge_periodic


def periodic_lattice(nx: int, ny: int, h: float, n_flux: int) -> tuple[LinkLattice, float]:
    """Lattice of an ``nx h`` x ``ny h`` torus threaded by ``n_flux`` flux quanta.

    Returns the lattice and the field ``b = 2 pi n_flux / (nx ny h^2)`` (units of Bc2).
    """
    x = (np.arange(nx) + 0.5) * h
    y = (np.arange(ny) + 0.5) * h
    mask = np.ones((nx, ny), dtype=bool)
    none = np.zeros_like(mask)
    grid = Grid(x, y, h, mask, none, none.copy(), periodic=True)
    tx, ty, b = landau_gauge_periodic(nx, ny, h, n_flux)
    return LinkLattice(grid, tx, ty), b
