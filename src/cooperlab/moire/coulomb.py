"""Dual-gate-screened Coulomb interaction and flat-band form factors of the continuum model.

Interaction (a TBG sheet midway between two metallic gates a distance ``d`` away, in a
dielectric ``epsilon``; e.g. Bultinck et al., Phys. Rev. X 10, 031034 (2020), Eq. (4)):

    V(q) = e^2 tanh(q d) / (2 epsilon_0 epsilon q) = 2 pi k_e tanh(q d) / (epsilon q)
    [meV nm^2],  V(0) = 2 pi k_e d / epsilon,  k_e = e^2 / (4 pi epsilon_0).

Form factors of the Bloch states ``|u_{n,k}>`` (periodic parts) of one valley,

    Lambda_k(q + G)_{mn} = <u_{m,k} | u_{n,k+q+G}>,

with ``q`` on the ``N x N`` mesh and ``G`` a reciprocal vector. A state at ``k + g`` (``g``
reciprocal) is the state at ``k`` with its plane-wave components moved
(:meth:`PlaneWaveBasis.shift_map`), so for each distinct total shift ``g`` one complex
matrix product ``M_g = U^dag S_g U`` of the stacked states ``U`` (``dimension x N_k n_b``)
gives the overlaps of every pair of mesh points at once: the form factors are computed once
per mesh, as BLAS-3 products, and then only gathered.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
from threadpoolctl import threadpool_limits

from cooperlab.moire import lattice
from cooperlab.moire.bands import band_window, diagonalize
from cooperlab.moire.continuum import ContinuumModel
from cooperlab.units import COULOMB_MEV_NM
from cooperlab.validation import require_nonnegative, require_positive, require_range

VALLEY_SIGNS = (1, -1)


@dataclass(frozen=True)
class GateScreenedCoulomb:
    """Coulomb interaction screened by two symmetric metallic gates.

    Parameters
    ----------
    epsilon : float
        Relative permittivity of the surroundings (hBN about 4.4; 10 to 15 stands in for the
        screening by the remote bands as well).
    gate_distance_nm : float
        Distance from the sheet to each gate.
    strength : float
        Multiplier of ``V(q)``: 1 is the physical interaction, 0 switches it off (the
        mean field then returns the bare bands exactly).
    """

    epsilon: float = 10.0
    gate_distance_nm: float = 25.0
    strength: float = 1.0

    def __post_init__(self) -> None:
        require_range("epsilon", self.epsilon, 1.0, 1e4)
        require_positive("gate_distance_nm", self.gate_distance_nm, "nm")
        require_nonnegative("strength", self.strength)

    def potential(self, q_per_nm: np.ndarray) -> np.ndarray:
        """``V(q)`` in meV nm^2 at momenta ``|q|`` in 1/nm (the q -> 0 limit at q = 0)."""
        q = np.abs(np.asarray(q_per_nm, dtype=float))
        d = self.gate_distance_nm
        safe = np.where(q > 0, q, 1.0)
        ratio = np.where(q * d > 1e-8, np.tanh(q * d) / safe, d)
        return self.strength * 2 * math.pi * COULOMB_MEV_NM / self.epsilon * ratio


def reciprocal_shells(g_cutoff: float) -> np.ndarray:
    """Integer coordinates ``(m1, m2)`` of ``G = m1 b1 + m2 b2`` with ``|G| <= g_cutoff |b|``,
    ``G = 0`` first, sorted by length (shells of 1, 6, 6, 6, 12 ... vectors)."""
    require_range("g_cutoff", g_cutoff, 0.0, 10.0)
    n = int(math.ceil(2 * g_cutoff)) + 1
    m1, m2 = np.meshgrid(np.arange(-n, n + 1), np.arange(-n, n + 1), indexing="ij")
    coords = np.column_stack([m1.ravel(), m2.ravel()])
    vectors = coords @ lattice.RECIPROCAL_VECTORS
    length = np.linalg.norm(vectors, axis=1) / np.linalg.norm(lattice.RECIPROCAL_VECTORS[0])
    keep = length <= g_cutoff + 1e-9
    order = np.lexsort((coords[keep, 1], coords[keep, 0], np.round(length[keep], 9)))
    return coords[keep][order]


@dataclass(frozen=True, eq=False)
class MeshStates:
    """Bands and Bloch states of both valleys on a Gamma-centred ``n_mesh x n_mesh`` mesh.

    ``k`` index ``i * n_mesh + j`` is ``(i b1 + j b2) / n_mesh`` (units of k_theta);
    ``energy`` is ``(valley, k, band)`` in meV and ``vectors`` ``(valley, k, dim, band)``.
    """

    continuum: ContinuumModel
    n_mesh: int
    bands: str | int
    energy: np.ndarray
    vectors: np.ndarray
    labels: np.ndarray

    @property
    def n_k(self) -> int:
        """Number of mesh points."""
        return self.n_mesh**2

    @property
    def k(self) -> np.ndarray:
        """Mesh points ``(n_k, 2)`` in units of k_theta."""
        return lattice.monkhorst_pack(self.n_mesh).reshape(-1, 2)


@functools.lru_cache(maxsize=4)
def mesh_states(continuum: ContinuumModel, n_mesh: int, bands: str | int = "flat",
                blas_threads: int | None = 1) -> MeshStates:
    """Diagonalise valley K on the mesh; valley K' by time reversal (cached per process).

    The K' states are ``u_{K', k} = u_{K, -k}^*`` (``H_K'(k) = H_K(-k)^*``), so the two
    valleys' band bases are time-reversal partners: a time-reversal-symmetric density has
    ``P_K'(k) = P_K(-k)^*`` in this gauge.
    """
    band_window(continuum.dimension, bands)
    mesh = lattice.monkhorst_pack(n_mesh).reshape(-1, 2)
    solved = diagonalize(continuum, mesh, bands=bands, valleys=VALLEY_SIGNS, vectors=True,
                         blas_threads=blas_threads)
    minus, shifts = inverse_index(n_mesh)
    partner = np.empty_like(solved.vectors[0])
    for shift in {tuple(x) for x in shifts}:
        # -k = [-k] + g: the state at -k is the state at [-k] moved by g.
        chosen = np.all(shifts == shift, axis=1)
        source = continuum.basis.shift_map(np.asarray(shift, float) @ lattice.RECIPROCAL_VECTORS)
        states = solved.vectors[0][minus[chosen]]
        partner[chosen] = np.where((source >= 0)[None, :, None],
                                   states[:, np.maximum(source, 0)], 0.0)
    vectors = solved.vectors.copy()
    vectors[1] = align_gauge(solved.vectors[1], solved.energy[1], partner.conj())
    return MeshStates(continuum, n_mesh, bands, solved.energy, vectors, solved.labels)


def align_gauge(vectors: np.ndarray, energy: np.ndarray, target: np.ndarray,
                degeneracy_meV: float = 1e-5) -> np.ndarray:
    """Eigenvectors ``(k, dim, n)`` re-phased (and rotated within degenerate groups) to be
    as close as possible to ``target``: the unitary factor of the polar decomposition of
    each group's overlap ``V^dag T``. They stay exact eigenvectors."""
    out = vectors.copy()
    for k in range(vectors.shape[0]):
        start = 0
        n = vectors.shape[-1]
        while start < n:
            stop = start + 1
            while stop < n and energy[k, stop] - energy[k, stop - 1] < degeneracy_meV:
                stop += 1
            group = slice(start, stop)
            overlap = vectors[k][:, group].conj().T @ target[k][:, group]
            left, _, right = np.linalg.svd(overlap)
            out[k][:, group] = vectors[k][:, group] @ (left @ right)
            start = stop
    return out


def inverse_index(n_mesh: int) -> tuple[np.ndarray, np.ndarray]:
    """Mesh index of ``[-k]`` and the integer shift ``g`` with ``-k = [-k] + g``."""
    i = np.arange(n_mesh)
    ki, kj = (x.ravel() for x in np.meshgrid(i, i, indexing="ij"))
    minus = ((-ki) % n_mesh) * n_mesh + (-kj) % n_mesh
    shifts = -np.stack([(ki > 0), (kj > 0)], axis=1).astype(int)
    return minus, shifts


def shifted_index(n_mesh: int) -> tuple[np.ndarray, np.ndarray]:
    """``[k + q]`` and the reciprocal-lattice wrap of ``k + q`` for every mesh pair.

    Returns ``(target, wrap)`` with ``target`` ``(n_k, n_q)`` the mesh index of ``k + q``
    folded into the mesh and ``wrap`` ``(n_k, n_q, 2)`` integer coordinates of
    ``k + q - [k + q]``.
    """
    i = np.arange(n_mesh)
    ki, kj = (x.ravel() for x in np.meshgrid(i, i, indexing="ij"))
    si = ki[:, None] + ki[None, :]
    sj = kj[:, None] + kj[None, :]
    target = (si % n_mesh) * n_mesh + (sj % n_mesh)
    wrap = np.stack([si // n_mesh, sj // n_mesh], axis=-1)
    return target, wrap


def _shift_overlaps(continuum: ContinuumModel, stacked: np.ndarray, valley: int,
                    g: np.ndarray) -> np.ndarray:
    """``M_g = U^dag S_g U``: overlaps of every state with every state moved by ``g``."""
    g_vec = np.asarray(g, dtype=float) @ lattice.RECIPROCAL_VECTORS
    source = continuum.basis.shift_map(g_vec if valley == 1 else -g_vec)
    moved = np.where((source >= 0)[:, None], stacked[np.maximum(source, 0)], 0.0)
    return stacked.conj().T @ moved


@dataclass(frozen=True, eq=False)
class FormFactors:
    """Form factors and the exchange kernel of one mesh, interaction and band window.

    Attributes
    ----------
    hartree : (valley, n_G, n_k, n_b, n_b) complex, ``Lambda_k(G)`` (q = 0).
    hartree_potential : (n_G,) meV nm^2, ``V(G)`` with the ``G = 0`` term set to zero (the
        uniform charge is neutralised by the gates).
    minus_g : (n_G,) int, index of ``-G`` in the shell list.
    exchange : dict ``(v, v') -> (n_k n_b^2, n_k n_b^2)`` complex, the kernel
        ``X[(k a d), (k' b c)] = sum_G V(q + G) Lambda^v_k(q + G)_ab conj(Lambda^v'_k(q + G)_dc)``
        with ``k' = [k + q]`` (meV nm^2), so the exchange field is one matrix product.
    target : (n_k, n_q) int, mesh index of ``k + q``.
    area_nm2 : float, sample area ``N_k A_cell``.
    """

    hartree: np.ndarray
    hartree_potential: np.ndarray
    minus_g: np.ndarray
    exchange: dict[tuple[int, int], np.ndarray]
    target: np.ndarray
    area_nm2: float
    g_coords: np.ndarray


def form_factors(states: MeshStates, interaction: GateScreenedCoulomb, g_cutoff: float = 2.0,
                 intervalley: bool = True, blas_threads: int | None = 1) -> FormFactors:
    """Form factors of ``states`` and the exchange kernel for ``interaction``.

    Costs one ``(N_k n_b) x dim x (N_k n_b)`` complex GEMM per distinct shift ``g = G + w``
    (``w`` the wrap of ``k + q``) and valley; memory ``n_pairs N_k^2 n_b^4`` complex for the
    exchange kernel (3 valley pairs with ``intervalley``, 2 without).
    """
    continuum, n = states.continuum, states.n_mesh
    n_k, n_b = states.n_k, states.vectors.shape[-1]
    g_coords = reciprocal_shells(g_cutoff)
    target, wrap = shifted_index(n)
    k_frac = np.stack(np.meshgrid(np.arange(n), np.arange(n), indexing="ij"), -1).reshape(-1, 2)
    q_frac = k_frac / n  # q index runs over the same mesh
    pairs = [(0, 0), (1, 1)] + ([(0, 1)] if intervalley else [])
    kernel = {p: np.zeros((n_k, n_k, n_b, n_b, n_b, n_b), dtype=complex) for p in pairs}
    hartree = np.empty((2, len(g_coords), n_k, n_b, n_b), dtype=complex)
    scale = continuum.k_theta_per_nm
    wraps = [np.array(w) for w in ((0, 0), (0, 1), (1, 0), (1, 1))]
    rows = np.arange(n_k)[:, None]
    with threadpool_limits(limits=blas_threads):
        stacked = [
            np.ascontiguousarray(
                states.vectors[v].transpose(1, 0, 2).reshape(continuum.dimension, n_k * n_b))
            for v in range(2)
        ]
        for gi, g in enumerate(g_coords):
            q_vec = (q_frac + g) @ lattice.RECIPROCAL_VECTORS * scale
            potential = interaction.potential(np.linalg.norm(q_vec, axis=1))  # (n_q,)
            lam = np.empty((2, n_k, n_k, n_b, n_b), dtype=complex)
            for v in range(2):
                for w in wraps:
                    overlaps = _shift_overlaps(continuum, stacked[v], VALLEY_SIGNS[v], g + w)
                    overlaps = overlaps.reshape(n_k, n_b, n_k, n_b).transpose(0, 2, 1, 3)
                    mask = np.all(wrap == w, axis=-1)
                    picked = overlaps[rows, target]  # (n_k, n_q, n_b, n_b)
                    lam[v][mask] = picked[mask]
                hartree[v, gi] = lam[v][:, 0]
            for (v, vp), x in kernel.items():
                x += potential[None, :, None, None, None, None] * (
                    lam[v][:, :, :, :, None, None] * lam[vp][:, :, None, None, :, :].conj())
    # Index the second momentum by k' = [k + q] instead of q, in the layout
    # (k, a, d, k', b, c): the exchange field of every k is then one matrix product.
    exchange = {}
    for p, x in kernel.items():
        by_target = np.empty_like(x)
        by_target[rows, target] = x
        exchange[p] = np.ascontiguousarray(by_target.transpose(0, 2, 4, 1, 3, 5)).reshape(
            n_k * n_b**2, n_k * n_b**2)
        del by_target
    g_vectors = g_coords @ lattice.RECIPROCAL_VECTORS * scale
    hartree_potential = interaction.potential(np.linalg.norm(g_vectors, axis=1))
    hartree_potential[0] = 0.0
    index = {tuple(c): i for i, c in enumerate(g_coords)}
    minus_g = np.array([index[(-c[0], -c[1])] for c in g_coords])
    return FormFactors(hartree, hartree_potential, minus_g, exchange, target,
                       n_k * continuum.moire_cell_area_nm2, g_coords)
