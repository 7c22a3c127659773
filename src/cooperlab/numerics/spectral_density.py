"""Density of states from band energies on a k mesh: linear triangles or broadening.

Every function returns the density ``g(E)`` and the integrated count ``N(E)`` per band
and per unit-weight Brillouin zone: ``N(+inf) = 1`` for each band, so a caller multiplies
by its degeneracy.

* :func:`triangle_density` - the 2D linear-triangle (tetrahedron) method: band energies
  interpolated linearly on the two triangles of each mesh cell, integrated exactly
  (Lehmann & Taut, Phys. Stat. Sol. (b) 54, 469 (1972), in two dimensions). For a triangle
  of weight ``A`` and sorted corner energies ``e1 <= e2 <= e3``::

      N(E) = A (E - e1)^2 / ((e2 - e1)(e3 - e1))             e1 <= E < e2
      N(E) = A [1 - (e3 - E)^2 / ((e3 - e1)(e3 - e2))]       e2 <= E < e3
      g(E) = dN/dE.

* :func:`broadened_density` - each state replaced by a normalised Gaussian
  ``exp(-x^2 / 2 s^2) / (s sqrt(2 pi))`` or Lorentzian ``(s / pi) / (x^2 + s^2)``.
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtr

#: Number of (state, energy) pairs evaluated at a time (bounds temporary memory).
_BLOCK = 4_000_000


def mesh_triangles(band_energies: np.ndarray) -> np.ndarray:
    """Corner energies of the two triangles of each cell of a closed mesh.

    ``band_energies`` has shape ``(n + 1, n + 1, n_bands)`` (the mesh with both edges);
    returns ``(2 n^2 n_bands, 3)``.
    """
    e = band_energies
    a, b, c, d = e[:-1, :-1], e[1:, :-1], e[:-1, 1:], e[1:, 1:]
    lower = np.stack([a, b, d], axis=-1).reshape(-1, 3)
    upper = np.stack([a, c, d], axis=-1).reshape(-1, 3)
    return np.concatenate([lower, upper])


def triangle_density(
    corners: np.ndarray, energies: np.ndarray, weight: float
) -> tuple[np.ndarray, np.ndarray]:
    """Exact DOS and count of linearly interpolated triangles.

    Only the grid energies inside each triangle's range ``[e1, e3)`` are evaluated (the
    triangle is a step of height ``weight`` above ``e3``), so the cost is the number of
    (triangle, energy) pairs that overlap, not ``n_triangles * n_E``.

    Parameters
    ----------
    corners : (n_triangles, 3) array of corner energies.
    energies : (n_E,) ascending energy grid.
    weight : float, Brillouin-zone weight of one triangle.
    """
    e = np.sort(np.asarray(corners, dtype=float), axis=1)
    energies = np.asarray(energies, dtype=float)
    # Triangles entirely below an energy count fully.
    count = np.searchsorted(np.sort(e[:, 2]), energies, side="right").astype(float)
    dos = np.zeros_like(energies)
    first = np.searchsorted(energies, e[:, 0], side="left")
    last = np.searchsorted(energies, e[:, 2], side="left")
    lengths = last - first
    inside = np.flatnonzero(lengths > 0)
    for chunk in np.array_split(inside, max(1, int(lengths[inside].sum()) // _BLOCK + 1)):
        if chunk.size == 0:
            continue
        reps = lengths[chunk]
        owner = np.repeat(chunk, reps)
        offsets = np.arange(reps.sum()) - np.repeat(np.cumsum(reps) - reps, reps)
        grid_index = first[owner] + offsets
        x = energies[grid_index]
        e1, e2, e3 = e[owner, 0], e[owner, 1], e[owner, 2]
        tiny = 1e-300
        rising = x < e2
        denom_r = np.maximum((e2 - e1) * (e3 - e1), tiny)
        denom_f = np.maximum((e3 - e1) * (e3 - e2), tiny)
        g = np.where(rising, 2 * (x - e1) / denom_r, 2 * (e3 - x) / denom_f)
        n = np.where(rising, (x - e1) ** 2 / denom_r, 1 - (e3 - x) ** 2 / denom_f)
        dos += np.bincount(grid_index, weights=g, minlength=energies.size)
        count += np.bincount(grid_index, weights=n, minlength=energies.size)
    dos += _flat_triangles(e, energies)
    return weight * dos, weight * count


def _flat_triangles(e: np.ndarray, energies: np.ndarray) -> np.ndarray:
    """DOS of triangles whose three corners share one energy (a delta function).

    Their count is a step, exact above; their DOS is put on the nearest grid point as
    ``1 / spacing`` so that the DOS still integrates to the count (exactly flat bands, as
    in the chiral limit at a magic angle).
    """
    scale = max(1.0, float(np.abs(energies).max()))
    flat = np.flatnonzero(e[:, 2] - e[:, 0] <= 1e-12 * scale)
    inside = flat[(e[flat, 0] >= energies[0]) & (e[flat, 0] <= energies[-1])]
    dos = np.zeros_like(energies)
    if inside.size == 0 or energies.size < 2:
        return dos
    index = np.clip(np.rint(np.interp(e[inside, 0], energies, np.arange(energies.size))),
                    0, energies.size - 1).astype(int)
    spacing = np.gradient(energies)
    np.add.at(dos, index, 1.0 / spacing[index])
    return dos


def broadened_density(
    states: np.ndarray, energies: np.ndarray, width: float, shape: str, weight: float,
    state_weights: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """DOS and count with each state broadened by a Gaussian or a Lorentzian.

    ``states`` is an array of eigenvalues each of weight ``weight`` (times
    ``state_weights``, same shape, when given: e.g. ``|psi(r)|^2`` for a local DOS);
    ``width`` is the Gaussian standard deviation or the Lorentzian half width.
    """
    states = np.ravel(states)
    extra = np.ones_like(states) if state_weights is None else np.ravel(state_weights)
    dos = np.zeros_like(energies, dtype=float)
    count = np.zeros_like(energies, dtype=float)
    step = max(1, _BLOCK // max(1, energies.size))
    for start in range(0, states.size, step):
        x = (energies[None, :] - states[start : start + step, None]) / width
        w = extra[start : start + step, None]
        if shape == "gaussian":
            dos += (w * np.exp(-0.5 * x**2)).sum(axis=0) / (width * np.sqrt(2 * np.pi))
            count += (w * ndtr(x)).sum(axis=0)
        elif shape == "lorentzian":
            dos += (w / (np.pi * width * (1 + x**2))).sum(axis=0)
            count += (w * (0.5 + np.arctan(x) / np.pi)).sum(axis=0)
        else:
            raise ValueError(f"shape must be 'gaussian' or 'lorentzian', got {shape!r}")
    return weight * dos, weight * count
