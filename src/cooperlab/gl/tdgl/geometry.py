"""Film shapes as boolean masks on a square grid, with current terminals.

A film is the union of the square cells (side ``h``, in units of xi) centred at the grid
nodes where ``mask`` is True; holes are simply nodes left out. Transport current enters
through the ``source`` nodes and leaves through the ``drain`` nodes (the normal-metal
terminals of a strip, where psi = 0 as in pyTDGL).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SHAPES = ("disk", "ring", "square", "rectangle", "strip", "mask")


@dataclass(frozen=True, eq=False)
class Grid:
    """Nodes ``x[i], y[j]`` (units of xi) of a film, its mask and terminals."""

    x: np.ndarray
    y: np.ndarray
    h: float
    mask: np.ndarray
    source: np.ndarray
    drain: np.ndarray
    periodic: bool = False
    #: columns of the two voltage probes of a strip (four-probe voltage), or None
    probes: tuple[int, int] | None = None

    @property
    def shape(self) -> tuple[int, int]:
        return self.mask.shape  # type: ignore[return-value]

    @property
    def coordinates(self) -> tuple[np.ndarray, np.ndarray]:
        """Node coordinates as (nx, ny) arrays."""
        return np.meshgrid(self.x, self.y, indexing="ij")

    @property
    def terminals(self) -> np.ndarray:
        return self.source | self.drain


def _axis(length: float, h: float) -> np.ndarray:
    n = max(int(round(length / h)), 2)
    return (np.arange(n) + 0.5) * h - n * h / 2


def shape_grid(shape: str, width: float, height: float, hole: float, h: float,
               *, mask: np.ndarray | None = None, probe: float = 0.0) -> Grid:
    """Grid of a film of ``shape`` with sizes in units of xi.

    Parameters
    ----------
    shape : {"disk", "ring", "square", "rectangle", "strip", "mask"}
        ``disk``/``ring``: diameter ``width``, ring hole diameter ``hole``;
        ``square``: side ``width`` with a centred square hole of side ``hole`` (0: none);
        ``rectangle``: ``width`` x ``height`` with a centred square hole of side ``hole``;
        ``strip``: ``width`` (along x, the current direction) x ``height``, with terminals
        on its first and last columns; ``mask``: the given boolean array.
    probe : float
        Strip only: distance between the two voltage probes, centred on the strip (the
        node columns nearest to ``-probe/2`` and ``+probe/2``); 0: half the strip length.
    """
    if shape == "mask":
        assert mask is not None
        m = np.asarray(mask, dtype=bool)
        x = (np.arange(m.shape[0]) + 0.5) * h - m.shape[0] * h / 2
        y = (np.arange(m.shape[1]) + 0.5) * h - m.shape[1] * h / 2
        none = np.zeros_like(m)
        return Grid(x, y, h, m, none, none.copy())
    ly = width if shape in ("disk", "ring", "square") else height
    x, y = _axis(width, h), _axis(ly, h)
    X, Y = np.meshgrid(x, y, indexing="ij")
    if shape in ("disk", "ring"):
        r = np.hypot(X, Y)
        film = r <= width / 2
        if shape == "ring" or hole > 0:
            film &= r >= hole / 2
    else:
        film = np.ones(X.shape, dtype=bool)
        if hole > 0:
            film &= ~((np.abs(X) < hole / 2) & (np.abs(Y) < hole / 2))
    source = np.zeros_like(film)
    drain = np.zeros_like(film)
    probes = None
    if shape == "strip":
        source[0, :] = film[0, :]
        drain[-1, :] = film[-1, :]
        half = 0.5 * (probe if probe > 0 else width / 2)
        first = int(np.argmin(np.abs(x + half)))
        second = int(np.argmin(np.abs(x - half)))
        probes = (max(first, 1), min(second, x.size - 2))
    return Grid(x, y, h, film, source, drain, probes=probes)
