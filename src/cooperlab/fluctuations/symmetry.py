"""C4v symmetry of gap functions on the Gamma-centred N x N mesh, and Fermi-surface pockets.

The eight operations of the square lattice's point group act on mesh indices ``(i, j)``
(``k = 2 pi (i, j)/N``) as integer matrices, so every image of a mesh point is a mesh point:
no interpolation. The character table (classes E, 2C4, C2, 2sigma_v, 2sigma_d; sigma_v the
mirrors kx -> -kx, ky -> -ky through the Fe-Fe bonds, sigma_d the diagonals kx <-> ky) is

    A1   1  1  1  1  1      s (extended s; s+- or s++ by the sign between pockets)
    A2   1  1  1 -1 -1      g    ~ sin kx sin ky (cos kx - cos ky)
    B1   1 -1  1  1 -1      d_{x^2-y^2} ~ cos kx - cos ky
    B2   1 -1  1 -1  1      d_xy ~ sin kx sin ky
    E    2  0 -2  0  0      p    ~ (sin kx, sin ky)

In two dimensions the inversion is C2, so A1, A2, B1, B2 are even (g: A1g, A2g, B1g, B2g,
spin singlet) and E is odd (Eu, spin triplet). The weight of an irrep in a gap function
``g`` is ``<g, P_G g> / <g, g>`` with the projector ``P_G = (d_G/8) sum_R chi_G(R) O_R``
(``O_R g(k) = g(R^-1 k)``) and the Fermi-surface measure as inner product; the weights of
the five irreps sum to one.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from cooperlab.naming import renamed_parameters

#: The eight C4v operations as integer matrices on (i, j): E, C4, C4^3, C2, sigma_x,
#: sigma_y, sigma_d, sigma_d'.
OPERATIONS: tuple[np.ndarray, ...] = tuple(np.array(m) for m in (
    [[1, 0], [0, 1]], [[0, -1], [1, 0]], [[0, 1], [-1, 0]], [[-1, 0], [0, -1]],
    [[-1, 0], [0, 1]], [[1, 0], [0, -1]], [[0, 1], [1, 0]], [[0, -1], [-1, 0]]))
#: Irreps of C4v and their characters on :data:`OPERATIONS` (in that order).
IRREPS: tuple[str, ...] = ("A1", "A2", "B1", "B2", "E")
CHARACTERS: np.ndarray = np.array([
    [1, 1, 1, 1, 1, 1, 1, 1],
    [1, 1, 1, 1, -1, -1, -1, -1],
    [1, -1, -1, 1, 1, 1, -1, -1],
    [1, -1, -1, 1, -1, -1, 1, 1],
    [2, 0, 0, -2, 0, 0, 0, 0],
], dtype=float)
#: Names of the gap symmetries (A1 is refined to s+- / s++ by the pocket signs).
IRREP_LABELS: dict[str, str] = {"A1": "s", "A2": "g", "B1": "d_x2-y2", "B2": "d_xy",
                                "E": "p"}
#: Index of the inversion k -> -k (C2) in :data:`OPERATIONS`.
INVERSION = 3


@renamed_parameters(nk="n_mesh")
def image_indices(i: np.ndarray, j: np.ndarray, n_mesh: int, operation: np.ndarray
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Mesh indices of ``R k`` for mesh points ``(i, j)`` (modulo N)."""
    return ((operation[0, 0] * i + operation[0, 1] * j) % n_mesh,
            (operation[1, 0] * i + operation[1, 1] * j) % n_mesh)


def mesh_images(values: np.ndarray, operation: np.ndarray) -> np.ndarray:
    """``values(R k)`` on the whole mesh for an array of shape ``(N, N, ...)``."""
    n_mesh = values.shape[0]
    i, j = np.meshgrid(np.arange(n_mesh), np.arange(n_mesh), indexing="ij")
    a, b = image_indices(i, j, n_mesh, operation)
    return values[a, b]


def is_symmetric(values: np.ndarray, tol: float = 1e-9) -> bool:
    """Whether a mesh array ``(N, N, ...)`` (band energies) is invariant under all of C4v."""
    scale = max(float(np.abs(values).max()), 1.0)
    return all(np.abs(mesh_images(values, op) - values).max() <= tol * scale
               for op in OPERATIONS)


@renamed_parameters(nk="n_mesh")
def point_permutations(i: np.ndarray, j: np.ndarray, band: np.ndarray, n_mesh: int,
                       n_bands: int) -> np.ndarray:
    """``perm[R, p]``: index of the point ``(R k_p, band_p)`` in the point list (or -1).

    Returns shape ``(8, n_points)``; a point list closed under the group has no -1.
    """
    table = np.full((n_mesh, n_mesh, n_bands), -1, dtype=int)
    table[i, j, band] = np.arange(i.size)
    perms = []
    for op in OPERATIONS:
        a, b = image_indices(i, j, n_mesh, op)
        perms.append(table[a, b, band])
    return np.asarray(perms)


def irrep_weights(g: np.ndarray, weight: np.ndarray, perms: np.ndarray) -> np.ndarray:
    """Weights of A1, A2, B1, B2, E in ``g`` (module docstring); shape ``(..., 5)``.

    ``g`` has the points on its last axis, ``weight`` is the Fermi-surface measure and
    ``perms`` the output of :func:`point_permutations` (group-closed).
    """
    # O_R g (k_p) = g(R^-1 k_p); summing over the group, R and R^-1 run over the same set
    # and share characters (all classes of C4v are closed under inversion), so g(R k_p)
    # can be used in place of g(R^-1 k_p).
    images = g[..., perms]                                       # (..., 8, n)
    norm = np.sum(weight * np.abs(g) ** 2, axis=-1)
    out = []
    for dim, chars in zip(CHARACTERS[:, 0], CHARACTERS, strict=True):
        projected = dim / 8 * np.tensordot(images, chars, axes=([-2], [0]))
        out.append(np.sum(weight * np.conj(g) * projected, axis=-1).real / norm)
    return np.stack(out, axis=-1)


@renamed_parameters(nk="n_mesh")
def pockets(i: np.ndarray, j: np.ndarray, band: np.ndarray, n_mesh: int) -> np.ndarray:
    """Connected Fermi-surface pieces: points of one band joined by mesh neighbours.

    Two points belong to the same pocket when they sit on the same band and their mesh
    indices differ by at most one in each direction (periodically). Returns the pocket
    label of every point (0, 1, ...).
    """
    table = np.full((n_mesh, n_mesh, int(band.max()) + 1), -1, dtype=int)
    table[i, j, band] = np.arange(i.size)
    rows, cols = [], []
    for di in (-1, 0, 1):
        for dj in (-1, 0, 1):
            other = table[(i + di) % n_mesh, (j + dj) % n_mesh, band]
            linked = other >= 0
            rows.append(np.arange(i.size)[linked])
            cols.append(other[linked])
    rows_a, cols_a = np.concatenate(rows), np.concatenate(cols)
    graph = coo_matrix((np.ones(rows_a.size), (rows_a, cols_a)), shape=(i.size, i.size))
    return connected_components(graph, directed=False)[1]


#: High-symmetry centres of pockets in the one-Fe zone, in units of pi.
CENTRES: dict[str, tuple[int, int]] = {"G": (0, 0), "X": (1, 0), "Y": (0, 1), "M": (1, 1)}


def pocket_centre(kx: np.ndarray, ky: np.ndarray, weight: np.ndarray) -> str:
    """The high-symmetry point (G, X, Y, M) a pocket encloses.

    The unit vectors from the enclosed centre to the pocket's points (periodic minimum
    image) point every way and average to nearly zero; seen from any other centre they
    bunch up. The centre with the smallest weighted mean unit vector is returned.
    """
    best, score = "G", np.inf
    for name, (cx, cy) in CENTRES.items():
        dx = np.angle(np.exp(1j * (kx - cx * np.pi)))
        dy = np.angle(np.exp(1j * (ky - cy * np.pi)))
        d = np.maximum(np.hypot(dx, dy), 1e-12)
        value = np.hypot(np.sum(weight * dx / d), np.sum(weight * dy / d)) / np.sum(weight)
        if value < score:
            best, score = name, value
    return best
