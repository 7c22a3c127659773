"""Moire geometry of twisted bilayer graphene (momentum space).

Conventions (Bistritzer & MacDonald, PNAS 108, 12233 (2011)):

* graphene lattice constant ``a``; Dirac momentum ``k_D = 4 pi / (3 a)``;
* moire Dirac-point separation ``k_theta = 2 k_D sin(theta / 2)``;
* interlayer momentum transfers ``q_1 = k_theta (0, -1)``,
  ``q_{2,3} = k_theta (+-sqrt(3)/2, 1/2)``;
* moire reciprocal vectors ``b_1 = q_2 - q_1``, ``b_2 = q_3 - q_1`` (length ``sqrt(3) k_theta``);
* moire Brillouin-zone corners ``K_M = k_theta (sqrt(3)/2, 1/2)`` (Dirac point of layer 1),
  ``K'_M = K_M + q_1`` (Dirac point of layer 2), ``M_M = (K_M + K'_M) / 2``, ``Gamma_M = 0``.

All momenta here are in units of ``k_theta`` unless a name ends in ``_per_nm``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from cooperlab.naming import renamed_parameters
from cooperlab.numerics.kmesh import uniform_mesh

SQRT3 = math.sqrt(3.0)

#: Interlayer momentum transfers q_j in units of k_theta, shape (3, 2).
Q_VECTORS = np.array([[0.0, -1.0], [SQRT3 / 2, 0.5], [-SQRT3 / 2, 0.5]])
#: Moire reciprocal lattice vectors b_1, b_2 (rows) in units of k_theta.
RECIPROCAL_VECTORS = np.array([Q_VECTORS[1] - Q_VECTORS[0], Q_VECTORS[2] - Q_VECTORS[0]])
#: High-symmetry points of the moire Brillouin zone in units of k_theta.
HIGH_SYMMETRY_POINTS: dict[str, np.ndarray] = {
    "K": np.array([SQRT3 / 2, 0.5]),
    "K'": np.array([SQRT3 / 2, -0.5]),
    "M": np.array([SQRT3 / 2, 0.0]),
    "G": np.array([0.0, 0.0]),
}
#: Plot labels of the high-symmetry points.
POINT_LABELS = {"K": "K", "K'": "K'", "M": "M", "G": "Γ"}


def dirac_momentum_per_nm(lattice_constant_nm: float) -> float:
    """Graphene Dirac momentum ``k_D = 4 pi / (3 a)`` in 1/nm."""
    return 4.0 * math.pi / (3.0 * lattice_constant_nm)


def moire_momentum_per_nm(theta_deg: float, lattice_constant_nm: float) -> float:
    """Moire Dirac-point separation ``k_theta = 2 k_D sin(theta/2)`` in 1/nm."""
    return 2.0 * dirac_momentum_per_nm(lattice_constant_nm) * math.sin(math.radians(theta_deg) / 2)


def moire_period_nm(theta_deg: float, lattice_constant_nm: float) -> float:
    """Moire lattice constant ``L_M = a / (2 sin(theta/2))`` in nm."""
    return lattice_constant_nm / (2.0 * math.sin(math.radians(theta_deg) / 2))


def moire_cell_area_nm2(theta_deg: float, lattice_constant_nm: float) -> float:
    """Area of the moire unit cell ``sqrt(3)/2 L_M^2`` in nm^2."""
    return SQRT3 / 2 * moire_period_nm(theta_deg, lattice_constant_nm) ** 2


@dataclass(frozen=True)
class PlaneWaveBasis:
    """Truncated plane-wave basis of the continuum model (the honeycomb "Q lattice").

    Layer ``l`` carries plane waves whose momentum measured from that layer's Dirac
    point is ``p = k - Q`` with ``Q`` in ``{K_l - G}``; together the two sets form a
    honeycomb lattice whose hexagon centres are the moire Gamma points. The basis keeps
    every ``Q`` with ``|Q| <= cutoff * |b|``: a circle about a hexagon centre, so the
    truncated Hamiltonian keeps the C3 rotation about Gamma_M exactly.

    Attributes
    ----------
    q_points : (n_q, 2) array, Q vectors of both layers in units of k_theta.
    layer : (n_q,) int array, 0 for layer 1 and 1 for layer 2.
    couplings : (n_links, 3) int array, rows ``(i, j, m)``: layer-1 point ``i`` couples to
        layer-2 point ``j`` through the tunnelling matrix ``T_m`` (``m = 0, 1, 2``).
    """

    cutoff: float
    q_points: np.ndarray
    layer: np.ndarray
    couplings: np.ndarray

    @property
    def n_q(self) -> int:
        """Number of Q points (both layers)."""
        return int(self.q_points.shape[0])

    @property
    def dimension(self) -> int:
        """Hamiltonian dimension: two sublattices per Q point."""
        return 2 * self.n_q

    def index_of(self, layer: int, q: np.ndarray) -> int:
        """Index of the Q point of ``layer`` at ``q`` (units of k_theta)."""
        distance = np.linalg.norm(self.q_points - np.asarray(q), axis=1)
        candidates = np.flatnonzero((distance < 1e-9) & (self.layer == layer))
        if candidates.size == 0:
            raise KeyError(f"no Q point of layer {layer} at {q}")
        return int(candidates[0])


    def shift_map(self, g: np.ndarray) -> np.ndarray:
        """Component map of a Bloch state moved by a reciprocal vector ``g`` (valley K).

        The same state seen from ``k + g`` has the component at ``Q`` that it had at
        ``Q - g`` seen from ``k`` (``p = k - Q`` is unchanged), so
        ``psi_{k+g}[i] = psi_k[source[i]]``, with ``source[i] = -1`` where ``Q_i - g``
        falls outside the truncated basis (those components are exponentially small in a
        converged basis). For valley K' use ``-g``.
        """
        target = self.q_points - np.asarray(g, dtype=float)
        source = np.full(self.n_q, -1, dtype=np.int64)
        for i, (point, layer) in enumerate(zip(target, self.layer, strict=True)):
            distance = np.linalg.norm(self.q_points - point, axis=1)
            hit = np.flatnonzero((distance < 1e-9) & (self.layer == layer))
            if hit.size:
                source[i] = hit[0]
        both = np.repeat(2 * source, 2) + np.tile([0, 1], self.n_q)
        return np.where(np.repeat(source, 2) >= 0, both, -1)


def build_plane_wave_basis(cutoff: float) -> PlaneWaveBasis:
    """Build the honeycomb Q-lattice basis inside the circle ``|Q| <= cutoff |b|``.

    A layer-1 wave at ``p`` couples to the layer-2 wave at ``p - q_j`` (j = 1, 2, 3),
    i.e. ``Q_2 = Q_1 + q_j``.
    """
    radius = cutoff * SQRT3
    n_max = int(math.ceil(2 * cutoff)) + 2
    m, n = np.meshgrid(np.arange(-n_max, n_max + 1), np.arange(-n_max, n_max + 1), indexing="ij")
    g = m.reshape(-1, 1) * RECIPROCAL_VECTORS[0] + n.reshape(-1, 1) * RECIPROCAL_VECTORS[1]
    layer_points = []
    for dirac in (HIGH_SYMMETRY_POINTS["K"], HIGH_SYMMETRY_POINTS["K'"]):
        q = dirac - g
        keep = np.linalg.norm(q, axis=1) <= radius + 1e-9
        q = q[keep]
        order = np.lexsort((q[:, 0], q[:, 1], np.round(np.linalg.norm(q, axis=1), 9)))
        layer_points.append(q[order])
    q_points = np.vstack(layer_points)
    layer = np.repeat([0, 1], [len(layer_points[0]), len(layer_points[1])])
    couplings = []
    n1 = len(layer_points[0])
    for i, q1 in enumerate(layer_points[0]):
        for mi, qj in enumerate(Q_VECTORS):
            distance = np.linalg.norm(layer_points[1] - (q1 + qj), axis=1)
            hit = np.flatnonzero(distance < 1e-9)
            if hit.size:
                couplings.append((i, n1 + int(hit[0]), mi))
    return PlaneWaveBasis(
        cutoff=float(cutoff),
        q_points=q_points,
        layer=layer,
        couplings=np.array(couplings, dtype=np.int64),
    )


def path_through(
    labels: list[str] | tuple[str, ...], n_points: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Straight-segment k path through named points, sampled by arc length.

    Returns ``(k, distance, tick_distance)``: ``k`` of shape (n_points, 2) in units of
    k_theta, the cumulative arc length of each point, and the arc length of each label.
    """
    corners = np.array([HIGH_SYMMETRY_POINTS[name] for name in labels])
    lengths = np.linalg.norm(np.diff(corners, axis=0), axis=1)
    ticks = np.concatenate([[0.0], np.cumsum(lengths)])
    distance = np.linspace(0.0, ticks[-1], n_points)
    k = np.column_stack([np.interp(distance, ticks, corners[:, axis]) for axis in range(2)])
    return k, distance, ticks


def parse_path(path: str) -> list[str]:
    """Split a path string such as ``"K-G-M-K'"`` into point names (``Gamma`` = ``G``)."""
    names = [part.strip() for part in path.replace("Γ", "G").split("-")]
    names = ["G" if name.lower() in {"g", "gamma"} else name for name in names]
    unknown = [name for name in names if name not in HIGH_SYMMETRY_POINTS]
    if len(names) < 2 or unknown:
        raise ValueError(
            f"path must name at least two of {', '.join(HIGH_SYMMETRY_POINTS)} "
            f"joined by '-', got {path!r}"
        )
    return names


@renamed_parameters(n="n_mesh")
def monkhorst_pack(n_mesh: int, include_endpoints: bool = False) -> np.ndarray:
    """Uniform k mesh over the moire Brillouin zone, ``k = (i b_1 + j b_2) / n_mesh``.

    With ``include_endpoints`` the mesh has ``(n_mesh + 1)^2`` points (the closed
    parallelogram, for the triangle method); otherwise ``n_mesh^2`` points each of equal
    weight. Returns an array of shape (n_i, n_j, 2) in units of k_theta.
    """
    return uniform_mesh(n_mesh, RECIPROCAL_VECTORS, endpoint=include_endpoints)


def mesh_steps(points: np.ndarray, n_mesh: int) -> np.ndarray | None:
    """Integer mesh coordinates ``(i, j)`` with ``k = (i b_1 + j b_2) / n_mesh`` of points
    ``(..., 2)`` (units of k_theta), or None when any of them is off the mesh."""
    frac = np.linalg.solve(RECIPROCAL_VECTORS.T, np.asarray(points, float).reshape(-1, 2).T)
    frac = frac.T * n_mesh
    if np.any(np.abs(frac - np.round(frac)) > 1e-9):
        return None
    return np.round(frac).astype(int).reshape(np.shape(points))


def mesh_path(n_mesh: int, labels: list[str] | tuple[str, ...]) -> tuple[np.ndarray, np.ndarray,
                                                                         np.ndarray]:
    """The points of the Gamma-centred ``n_mesh x n_mesh`` mesh lying on a path through named
    points (straight segments), for quantities known only on the mesh.

    Returns ``(index, distance, tick_distance)``: mesh indices ``i * n_mesh + j`` along the
    path, their arc length (units of k_theta) and the arc length of each label. Raises
    ``ValueError`` when a named point is not on the mesh (K needs ``n_mesh`` divisible by 3,
    M an even ``n_mesh``).
    """
    frac = mesh_steps(np.array([HIGH_SYMMETRY_POINTS[name] for name in labels]), n_mesh)
    if frac is None:
        raise ValueError(f"n_mesh={n_mesh} does not hold every point of {'-'.join(labels)} "
                         "(K needs a multiple of 3, M an even mesh)")
    index, points = [], []
    ticks = [0.0]
    last = len(frac) - 2
    for segment, (a, b) in enumerate(zip(frac[:-1], frac[1:], strict=True)):
        step = b - a
        count = int(np.gcd(abs(step[0]), abs(step[1])))
        for s in range(count + (1 if segment == last else 0)):
            f = a + step * s // count
            index.append((f[0] % n_mesh) * n_mesh + f[1] % n_mesh)
            points.append(f / n_mesh @ RECIPROCAL_VECTORS)
        ticks.append(ticks[-1] + float(np.linalg.norm((b - a) / n_mesh @ RECIPROCAL_VECTORS)))
    points = np.array(points)
    distance = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(points, axis=0),
                                                                axis=1))])
    return np.array(index), distance, np.array(ticks)
