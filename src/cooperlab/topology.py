"""Band topology and quantum geometry from Bloch states on a periodic k mesh.

Every quantity here is built from overlaps of states at neighbouring mesh points, which
makes it gauge invariant (no derivative of an eigenvector is ever taken):

* Fukui-Hatsugai-Suzuki lattice Chern number (J. Phys. Soc. Jpn. 74, 1674 (2005)):
  link variables ``U_mu(k) = det <u(k)|u(k + d_mu)>`` and plaquette fluxes
  ``F(k) = -arg[U_1(k) U_2(k + d_1) U_1(k + d_2)^* U_2(k)^*]``, ``C = sum_k F(k) / 2 pi``,
  an integer for any mesh on which the bands stay gapped. Sign convention: Berry
  connection ``A = i <u|grad u>``, curvature ``Omega = curl A`` (Xiao, Chang & Niu, RMP 82,
  1959 (2010)), the convention of the Kubo formula
  ``Omega_n = i sum_m [<n|dH/dk_x|m><m|dH/dk_y|n> - (x <-> y)] / (E_n - E_m)^2``
  (tests/test_topology.py checks the two agree).
* Wilson loops ``W(k_2) = prod_k1 <u(k_1)|u(k_1 + d_1)>`` (multiband overlap matrices)
  around the zone along ``b_1``; their eigenphases versus ``k_2`` show the winding.
* Quantum (Fubini-Study) metric from the fidelity of neighbouring states,
  ``g(d) = [n_b - ||<u(k)|u(k + d)>||_F^2] / |d|^2 + O(d^2)``, along three mesh
  directions, converted to Cartesian components.

``states`` are arrays ``(n_1, n_2, dimension, n_bands)`` on the mesh
``k = (i b_1 + j b_2) / n``; ``source_1`` and ``source_2`` map a state at ``k`` onto the
basis of ``k + b_1`` and ``k + b_2`` (index arrays, -1 for dropped components), which
closes the mesh periodically.
"""

from __future__ import annotations

import itertools

import numpy as np


def move(states: np.ndarray, source: np.ndarray) -> np.ndarray:
    """Re-index states (``..., dimension, n_bands``) by ``source`` (-1 -> 0)."""
    moved = states[..., np.maximum(source, 0), :]
    moved[..., source < 0, :] = 0.0
    return moved


def _neighbours(states: np.ndarray, axis: int, source: np.ndarray) -> np.ndarray:
    """States at ``k + d`` along mesh ``axis``, the last row brought round by ``source``."""
    rolled = np.roll(states, -1, axis=axis)
    edge = [slice(None)] * states.ndim
    edge[axis] = -1
    first = [slice(None)] * states.ndim
    first[axis] = 0
    rolled[tuple(edge)] = move(states[tuple(first)], source)
    return rolled


def overlaps(states: np.ndarray, axis: int, source: np.ndarray) -> np.ndarray:
    """Overlap matrices ``<u(k)|u(k + d_axis)>``, shape ``(n_1, n_2, n_b, n_b)``."""
    after = _neighbours(states, axis, source)
    return np.einsum("...an,...am->...nm", states.conj(), after)


def _unit(z: np.ndarray) -> np.ndarray:
    return z / np.maximum(np.abs(z), 1e-300)


def plaquette_flux(
    states: np.ndarray, source_1: np.ndarray, source_2: np.ndarray
) -> np.ndarray:
    """Berry flux through each mesh plaquette, ``(n_1, n_2)`` in radians (in [-pi, pi)).

    Plaquette ``(i, j)`` has corners ``k_ij``, ``k_i+1,j``, ``k_i+1,j+1``, ``k_i,j+1``.
    """
    u1 = _unit(np.linalg.det(overlaps(states, 0, source_1)))
    u2 = _unit(np.linalg.det(overlaps(states, 1, source_2)))
    # U_2 at k + d_1 and U_1 at k + d_2 (periodic in the mesh indices: link phases are
    # gauge-invariant products, and the moved edge states close the torus).
    loop = u1 * np.roll(u2, -1, axis=0) * np.roll(u1, -1, axis=1).conj() * u2.conj()
    return -np.angle(loop)


def vertex_curvature(flux: np.ndarray) -> np.ndarray:
    """Berry flux per mesh point: the mean of the four plaquettes around it.

    Puts the curvature on the same points as the states (and the metric), so that
    pointwise relations such as ``tr g >= |Omega|`` can be compared; sums are unchanged.
    """
    before_1 = np.roll(flux, 1, axis=0)
    return 0.25 * (flux + before_1 + np.roll(flux, 1, axis=1) + np.roll(before_1, 1, axis=1))


def chern_number(
    states: np.ndarray, source_1: np.ndarray, source_2: np.ndarray
) -> tuple[float, np.ndarray]:
    """Fukui-Hatsugai-Suzuki Chern number and the plaquette fluxes it sums."""
    flux = plaquette_flux(states, source_1, source_2)
    return float(flux.sum() / (2 * np.pi)), flux


def wilson_loop_phases(states: np.ndarray, source_1: np.ndarray) -> np.ndarray:
    """Eigenphases of the Wilson loop along ``b_1`` for each ``k_2``: ``(n_2, n_bands)``.

    Each link matrix is replaced by its closest unitary (polar factor), the standard
    discretisation that converges to the continuum Wilson loop as the mesh is refined.
    """
    links = overlaps(states, 0, source_1)  # (n1, n2, nb, nb)
    u, _, vh = np.linalg.svd(links)
    links = u @ vh
    n_2, n_b = states.shape[1], states.shape[-1]
    loops = np.broadcast_to(np.eye(n_b, dtype=complex), (n_2, n_b, n_b)).copy()
    for link in links:
        loops = loops @ link
    phases = np.angle(np.linalg.eigvals(loops))
    return np.sort(phases, axis=1)


def track_branches(phases: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Follow Wilson-loop eigenphases continuously around a periodic ``k_2`` loop.

    ``phases`` is ``(n_2, n_bands)``, each row in any order (sample the loop so that no
    point sits exactly on a crossing, e.g. a half-step-shifted mesh). Each new row is
    matched to the linear extrapolation of the branches (so branches go straight through
    crossings, as smooth eigenphases do) and unwrapped. Returns the unwrapped branches
    ``(n_2, n_bands)`` and each branch's winding (integers) after closing the loop.
    """
    n_2, n_b = phases.shape
    orders = list(itertools.permutations(range(n_b))) if n_b <= 5 else None
    tracked = np.empty((n_2 + 1, n_b))
    tracked[0] = phases[0]
    closing = np.vstack([phases[1:], phases[:1]])
    for j, row in enumerate(closing, start=1):
        predicted = tracked[j - 1] if j == 1 else 2 * tracked[j - 1] - tracked[j - 2]
        if orders is None:  # many bands: match by rank of the wrapped phases
            matched = np.empty(n_b)
            matched[np.argsort(_wrap(predicted))] = np.sort(row)
        else:
            cost = [np.abs(_wrap(row[list(p)] - predicted)).sum() for p in orders]
            matched = row[list(orders[int(np.argmin(cost))])]
        tracked[j] = predicted + _wrap(matched - predicted)
    # The loop closes on the first row: each branch ends on some branch's start + 2 pi w.
    ends = tracked[-1]
    starts = tracked[0]
    nearest = np.array([np.argmin(np.abs(_wrap(end - starts))) for end in ends])
    windings = np.rint((ends - starts[nearest]) / (2 * np.pi)).astype(int)
    return tracked[:-1], windings


def _wrap(angle: np.ndarray) -> np.ndarray:
    """Map angles to (-pi, pi]."""
    return np.angle(np.exp(1j * np.asarray(angle)))


def fidelity_metric(
    states: np.ndarray,
    source_1: np.ndarray,
    source_2: np.ndarray,
    reciprocal: np.ndarray,
) -> np.ndarray:
    """Quantum metric ``g_ij(k)`` (Cartesian) of the band projector, ``(n_1, n_2, 2, 2)``.

    ``reciprocal`` holds ``b_1, b_2`` as rows (units of 1/length); the mesh steps are
    ``d_a = b_a / n_a``. With ``f(d) = n_b - ||<u(k)|u(k + d)>||_F^2 = d^T g d + O(d^3)``
    along ``d_1``, ``d_2`` and ``d_1 + d_2`` the three reduced components follow, and
    ``g = D^{-1} G D^{-T}`` with ``D`` the matrix of steps (rows ``d_a``). The one-sided
    difference is centred by averaging ``f`` at ``k`` and ``k - d``.
    """
    n_1, n_2, _, n_b = states.shape
    steps = np.array([reciprocal[0] / n_1, reciprocal[1] / n_2])
    s1 = overlaps(states, 0, source_1)
    s2 = overlaps(states, 1, source_2)
    # k -> k + d1 + d2: move along 1, then along 2 from there.
    after_1 = _neighbours(states, 0, source_1)
    after_12 = _neighbours(after_1, 1, source_2)
    s12 = np.einsum("...an,...am->...nm", states.conj(), after_12)
    f = [n_b - np.sum(np.abs(s) ** 2, axis=(-1, -2)) for s in (s1, s2, s12)]
    # Centre each forward difference on k by averaging with the one ending at k.
    f[0] = 0.5 * (f[0] + np.roll(f[0], 1, axis=0))
    f[1] = 0.5 * (f[1] + np.roll(f[1], 1, axis=1))
    f[2] = 0.5 * (f[2] + np.roll(np.roll(f[2], 1, axis=0), 1, axis=1))
    reduced = np.empty((n_1, n_2, 2, 2))
    reduced[..., 0, 0] = f[0]
    reduced[..., 1, 1] = f[1]
    reduced[..., 0, 1] = reduced[..., 1, 0] = 0.5 * (f[2] - f[0] - f[1])
    inverse = np.linalg.inv(steps)  # rows of steps are d_a; k = f^T D
    return np.einsum("ia,...ab,jb->...ij", inverse, reduced, inverse)
