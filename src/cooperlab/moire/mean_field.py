"""The mean-field operator of projected, gate-screened Coulomb interactions in TBG.

Everything :func:`~cooperlab.moire.hartree_fock.solve_hartree_fock` reuses between
iterations: the bare levels ``h0``, the reference density ``P_ref``, the form factors (built
once per mesh and interaction, cached per process), and the linear map from a density
change ``dP`` to the Hartree + Fock field (module docstring of
:mod:`cooperlab.moire.hartree_fock` for the equations); plus the symmetry projections, the
seed fields of the starts, and the levels' ``|psi(r)|^2`` for STM.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from cooperlab.moire.coulomb import (
    FormFactors,
    GateScreenedCoulomb,
    MeshStates,
    form_factors,
    mesh_states,
)
from cooperlab.moire.ldos import envelopes

if TYPE_CHECKING:
    from cooperlab.moire.hartree_fock import HartreeFockOptions, InteractingTBG


@dataclass(frozen=True, eq=False)
class MeanFieldProblem:
    """Everything of one mesh that the iteration reuses: h0, P_ref, form factors."""

    states: MeshStates
    factors: FormFactors
    bare: np.ndarray  # (n_k, 4 n_b) diagonal of h0 in the flavour-band basis
    reference: np.ndarray  # (n_k, 4, n_b, 4, n_b)
    n_bands: int
    exchange: bool

    @property
    def n_k(self) -> int:
        """Mesh points."""
        return self.states.n_k


def decoupled_reference(states: MeshStates) -> np.ndarray:
    """``U^dag P_dec U`` per valley: the filled Dirac seas of the decoupled layers at
    neutrality (``w0 = w1 = 0``), projected onto the active bands, ``(valley, k, n_b, n_b)``."""
    decoupled = replace(states.continuum, w0_meV=0.0, w1_meV=0.0)
    out = []
    for v, sign in enumerate((1, -1)):
        h = decoupled.hamiltonian(sign)
        n_q = h.dimension // 2
        a, b = 2 * np.arange(n_q), 2 * np.arange(n_q) + 1
        matrices = h.matrices(states.k)
        z = matrices[:, a, b]  # (k, q): the 2x2 Dirac blocks [[0, z], [z*, 0]]
        phase = np.where(np.abs(z) > 1e-12, -z / np.maximum(np.abs(z), 1e-300), 0.0)
        # Filled (negative-energy) projector of each block: (1/2) [[1, -z/|z|], [c.c., 1]].
        u = states.vectors[v]  # (k, dim, n_b)
        ua, ub = u[:, a, :], u[:, b, :]
        projected = 0.5 * (
            np.einsum("kqm,kqn->kmn", ua.conj(), ua) + np.einsum("kqm,kqn->kmn", ub.conj(), ub)
            + np.einsum("kqm,kq,kqn->kmn", ua.conj(), phase, ub)
            + np.einsum("kqm,kq,kqn->kmn", ub.conj(), phase.conj(), ua)
        )
        out.append(projected)
    return np.stack(out)


def prepare_mean_field(model: InteractingTBG, options: HartreeFockOptions) -> MeanFieldProblem:
    states = mesh_states(model.continuum, options.n_mesh, model.bands, options.blas_threads)
    factors = _cached_factors(states, model.interaction, options.g_cutoff,
                              options.symmetry == "none", options.blas_threads)
    n_b = states.energy.shape[-1]
    bare = np.concatenate([states.energy[f // 2] for f in range(4)], axis=1)
    reference = np.zeros((states.n_k, 4, n_b, 4, n_b), dtype=complex)
    if model.reference == "cnp":
        per_valley = np.broadcast_to(0.5 * np.eye(n_b), (2, states.n_k, n_b, n_b))
    else:
        per_valley = decoupled_reference(states)
    for f in range(4):
        reference[:, f, :, f, :] = per_valley[f // 2]
    return MeanFieldProblem(states, factors, bare, reference, n_b, options.exchange)


_FACTOR_CACHE: dict[tuple[Any, ...], FormFactors] = {}


def _cached_factors(states: MeshStates, interaction: GateScreenedCoulomb, g_cutoff: float,
                    intervalley: bool, blas_threads: int | None) -> FormFactors:
    """Form factors kept per process (one mesh at a time): a filling sweep builds them once."""
    key = (id(states), states.continuum, states.n_mesh, states.bands, interaction, g_cutoff,
           intervalley)
    if key not in _FACTOR_CACHE:
        _FACTOR_CACHE.clear()
        _FACTOR_CACHE[key] = form_factors(states, interaction, g_cutoff, intervalley,
                                          blas_threads)
    return _FACTOR_CACHE[key]


def mean_field(problem: MeanFieldProblem, delta: np.ndarray) -> np.ndarray:
    """Hartree (+ Fock) field ``(n_k, 4, n_b, 4, n_b)`` of a density change ``delta``."""
    ff, n_b, n_k = problem.factors, problem.n_bands, problem.n_k
    out = np.zeros_like(delta)
    rho = np.zeros(ff.hartree.shape[1], dtype=complex)
    for f in range(4):
        rho += np.einsum("gkab,kba->g", ff.hartree[f // 2], delta[:, f, :, f, :])
    weights = ff.hartree_potential * rho[ff.minus_g] / ff.area_nm2
    for v in range(2):
        field_v = np.einsum("g,gkab->kab", weights, ff.hartree[v])
        for s in range(2):
            out[:, 2 * v + s, :, 2 * v + s, :] += field_v
    if not problem.exchange:
        return out
    for (v, vp), kernel in ff.exchange.items():
        block = delta[:, 2 * v : 2 * v + 2, :, 2 * vp : 2 * vp + 2, :]  # (k', s, b, s', c)
        columns = block.transpose(0, 2, 4, 1, 3).reshape(-1, 4)  # ((k' b c), (s s'))
        fock = -(kernel @ columns) / ff.area_nm2  # ((k a d), (s s'))
        fock = fock.reshape(n_k, n_b, n_b, 2, 2).transpose(0, 3, 1, 4, 2)
        out[:, 2 * v : 2 * v + 2, :, 2 * vp : 2 * vp + 2, :] += fock
        if v != vp:
            out[:, 2 * vp : 2 * vp + 2, :, 2 * v : 2 * v + 2, :] += (
                fock.transpose(0, 3, 4, 1, 2).conj())
    return out


def seed_field(options: HartreeFockOptions, n_b: int, size: float, nu: float = 0.0
               ) -> np.ndarray:
    """k-independent seed field ``(4 n_b, 4 n_b)`` of largest eigenvalue ``size`` (meV)
    that prepares the start (see :class:`~cooperlab.moire.hartree_fock.HartreeFockOptions`).

    ``"ivc"``: a random intervalley field (K <-> K', same spin). ``"spin_ivc"`` has its
    order developed for the filling ``nu``: the same intervalley field plus a spin
    splitting that puts the electrons beyond half filling of the spin-up pair (K up,
    K' up) into it, up to ``n_b`` per k (the pair full at nu >= 2 with the flat bands,
    empty at nu <= -2). The intervalley field is k-independent in the band basis, whose
    gauge varies from k to k: it seeds an incoherent intervalley texture, from which the
    minimisation at nu = +-2 can end in an intervalley-coherent metal whose filled levels
    vary from k to k (:func:`~cooperlab.moire.hartree_fock.solve_hartree_fock_ground_state`
    refills such metals level by level, which leads to the insulator).
    """
    eye = np.eye(n_b)
    rng = np.random.default_rng(options.seed)
    if options.start == "symmetric":
        return np.zeros((4 * n_b, 4 * n_b))
    if options.start in ("valley", "spin", "flavour"):
        order = {"valley": (-1, -1, 1, 1), "spin": (-1, 1, -1, 1),
                 "flavour": (-3, 1, 3, -1)}[options.start]  # K up, K' down, K down, K' up
        return np.kron(np.diag(order) * size / max(map(abs, order)), eye)
    random = rng.normal(size=(4 * n_b, 4 * n_b)) + 1j * rng.normal(size=(4 * n_b, 4 * n_b))
    random = (random + random.conj().T) / 2
    if options.start == "random":
        return size * random / np.linalg.norm(random, 2)
    # "ivc", "spin_ivc": only the intervalley blocks (K <-> K'), same spin.
    intervalley = np.kron(np.array([[0, 1], [1, 0]]), np.eye(2))
    random = (random.reshape(4, n_b, 4, n_b) * intervalley[:, None, :, None]).reshape(
        4 * n_b, 4 * n_b)
    random = random / np.linalg.norm(random, 2)
    if options.start == "ivc":
        return size * random
    extra_up = float(np.clip(nu, -n_b, n_b)) / n_b  # +1: spin-up pair full, -1: empty
    splitting = np.kron(np.diag([-1.0, 1.0, -1.0, 1.0]) * extra_up, eye)
    return size * (random + splitting)


def project_symmetry(density: np.ndarray, symmetry: str, minus: np.ndarray) -> np.ndarray:
    """Project ``(n_k, 4, n_b, 4, n_b)`` onto the symmetry class.

    ``flavour_symmetric``: spin rotation and time reversal, ``P_K'(k) = P_K(-k)^*`` in the
    time-reversal gauge of :func:`~cooperlab.moire.coulomb.mesh_states`, and no intervalley
    block; ``minus`` is the mesh index of ``-k``.
    """
    if symmetry == "none":
        return density
    out = np.zeros_like(density)
    if symmetry == "valley_diagonal":
        out[:, 0:2, :, 0:2, :] = density[:, 0:2, :, 0:2, :]
        out[:, 2:4, :, 2:4, :] = density[:, 2:4, :, 2:4, :]
        return out
    valley_k = (density[:, 0, :, 0, :] + density[:, 1, :, 1, :]
                + density[minus, 2, :, 2, :].conj() + density[minus, 3, :, 3, :].conj()) / 4
    for f in range(2):
        out[:, f, :, f, :] = valley_k
        out[:, 2 + f, :, 2 + f, :] = valley_k[minus].conj()
    return out


def level_weights(states: MeshStates, vectors: np.ndarray, r_nm: np.ndarray) -> np.ndarray:
    """``|psi(r)|^2`` (1/nm^2) of levels ``vectors`` ``(n_k, 4 n_b, n)`` at points ``(n_r, 2)``
    nm, ``(n_r, k, level)``.

    Each flavour's envelope is ``sum_n psi_{v,k,n}(r) c_{(f n)}``; the intervalley
    interference oscillates on the atomic scale (``K - K'``) and averages out under a tip,
    so the flavours add in ``|psi|^2``.
    """
    continuum = states.continuum
    n_k, n_b = states.n_k, states.vectors.shape[-1]
    r_nm = np.asarray(r_nm, dtype=float).reshape(-1, 2)
    coefficients = vectors.reshape(n_k, 4, n_b, -1)
    total = np.zeros((len(r_nm), n_k, vectors.shape[-1]))
    for v, sign in enumerate((1, -1)):
        env = envelopes(continuum, states.vectors[v], r_nm, sign)  # (k, r, layer, sub, n)
        for s in range(2):
            psi = np.einsum("krlsn,knm->krlsm", env, coefficients[:, 2 * v + s])
            total += np.sum(np.abs(psi) ** 2, axis=(2, 3)).transpose(1, 0, 2)
    return total / continuum.moire_cell_area_nm2
