"""Uniform (Monkhorst-Pack) k meshes over a Brillouin zone given by its reciprocal vectors.

Fractional coordinates ``f_i = (i + s) / n``, ``i = 0 .. n - 1`` (``n + 1`` points with
``endpoint``, the closed cell for the triangle method); ``s = 0`` is Gamma-centred and
``s = 1/2`` the half-step-shifted Monkhorst-Pack mesh (Monkhorst & Pack, PRB 13, 5188 (1976)).
The mesh is ``k = sum_a f_a b_a``; every point of the open mesh has weight ``1 / n^d``.
"""

from __future__ import annotations

import operator
from typing import Any

import numpy as np

from cooperlab.naming import renamed_parameters


def _mesh_size(n_mesh: Any) -> int:
    try:
        size = operator.index(n_mesh)
    except TypeError:
        raise ValueError(f"n_mesh must be an integer, got {n_mesh!r}") from None
    if size < 1:
        raise ValueError(f"n_mesh must be an integer in [1, inf], got {n_mesh!r}")
    return size


@renamed_parameters(n="n_mesh")
def mesh_fractions(n_mesh: Any, shift: float = 0.0, endpoint: bool = False) -> np.ndarray:
    """``(i + shift) / n`` for ``i = 0 .. n - 1`` (``.. n`` with ``endpoint``)."""
    n_mesh = _mesh_size(n_mesh)
    count = n_mesh + 1 if endpoint else n_mesh
    return (np.arange(count) + shift) / n_mesh if shift else np.arange(count) / n_mesh


@renamed_parameters(n="n_mesh")
def uniform_mesh(n_mesh: int, reciprocal_vectors: Any, shift: float = 0.0,
                 endpoint: bool = False) -> np.ndarray:
    """``k = sum_a f_a b_a`` on the ``n^d`` mesh of :func:`mesh_fractions`, shape
    ``(n, ..., n, d)`` (``d`` = number of reciprocal vectors ``b_a``, the rows)."""
    b = np.asarray(reciprocal_vectors, dtype=float)
    frac = mesh_fractions(n_mesh, shift, endpoint)
    grids = np.meshgrid(*([frac] * b.shape[0]), indexing="ij")
    total = grids[0][..., None] * b[0]
    for grid, vector in zip(grids[1:], b[1:], strict=True):
        total = total + grid[..., None] * vector
    return total


@renamed_parameters(n="n_mesh")
def square_mesh_axis(n_mesh: Any, shift: float = 0.0) -> np.ndarray:
    """One axis ``k_i = 2 pi (i + shift) / n``, ``i = 0 .. n - 1``, of a hypercubic mesh."""
    n_mesh = _mesh_size(n_mesh)
    if shift:
        return 2 * np.pi * (np.arange(n_mesh) + shift) / n_mesh
    return 2 * np.pi * np.arange(n_mesh) / n_mesh


@renamed_parameters(n="n_mesh")
def square_mesh(n_mesh: Any, dimension: int = 2, shift: float = 0.0) -> np.ndarray:
    """The mesh ``k_a = 2 pi (i_a + shift) / n`` of a hypercubic lattice (unit spacing),
    shape ``(n,) * dimension + (dimension,)``; Gamma at index 0 when ``shift = 0``."""
    axis = square_mesh_axis(n_mesh, shift)
    return np.stack(np.meshgrid(*([axis] * dimension), indexing="ij"), axis=-1)


@renamed_parameters(n="n_mesh")
def mesh_weights(n_mesh: int, dimension: int = 2) -> np.ndarray:
    """Equal weights ``1 / n^d`` of the open mesh, shape ``(n,) * dimension``."""
    n_mesh = _mesh_size(n_mesh)
    return np.full((n_mesh,) * dimension, 1.0 / n_mesh**dimension)


__all__ = ["mesh_fractions", "mesh_weights", "square_mesh", "square_mesh_axis", "uniform_mesh"]
