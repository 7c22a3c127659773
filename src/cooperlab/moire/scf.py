"""Minimisers of a Hartree-Fock energy that is quadratic in the density matrix.

The energy ``E[P] = Tr h0 P + (1/2) Tr S[P - P_ref] (P - P_ref)`` with ``S`` linear (the
mean field) has the gradient ``h[P] = h0 + S[P - P_ref]``. Two minimisers, both with a
monotonically decreasing energy:

* :func:`optimal_damping`: the optimal damping algorithm (Cances & Le Bris, Int. J. Quantum
  Chem. 79, 82 (2000)): mix in the Aufbau density ``P'`` of ``h[P]`` as
  ``P + lambda (P' - P)`` with the exactly minimising ``lambda`` in [0, 1]. Robust for metals
  and far from the solution, but linear (slow) along soft directions such as rotations
  between nearly degenerate flavour orders.
* :func:`grassmann_cg`: for insulators, preconditioned nonlinear conjugate gradients on the
  occupied subspace of each k (direct minimisation, cf. Edelman, Arias & Smith, SIAM J.
  Matrix Anal. Appl. 20, 303 (1998)): orbitals rotate as ``U exp(t A)`` with
  ``A = [[0, -Z^dag], [Z, 0]]`` (occupied / virtual blocks), the gradient is the
  virtual-occupied block of ``h``, preconditioned by ``1 / (e_a - e_i)`` (Polak-Ribiere).

Both stop when the first-order gain ``-Tr h[P] (P' - P)`` per cell (``P'`` the Aufbau
density) is below the tolerance: the same optimality test whichever method ran.

At a temperature ``T > 0`` (energies in meV, ``T = k_B T``) the functional is the free
energy ``F[P] = E[P] - T S[P]`` with the fermionic entropy
``S[P] = -Tr[P ln P + (1 - P) ln(1 - P)]`` (Mermin, Phys. Rev. 137, A1441 (1965)), and
:func:`thermal_damping` replaces the Aufbau density by the Fermi-Dirac one,
``P' = f(h[P] - mu)`` with ``mu`` fixed by the electron count
(:func:`cooperlab.numerics.chemical_potential_from_bands`). It mixes ``P + lambda (P' - P)``
with the ``lambda`` in [0, 1] that minimises ``F`` on the segment (``E`` is quadratic,
``-T S`` convex, so ``F`` decreases monotonically) and stops when the gain
``F_lin[P] - F_lin[P']`` per cell (``F_lin[X] = Tr h[P] X - T S[X]``, which ``P'``
minimises; zero only at self-consistency; ``-Tr h (P' - P)`` at ``T = 0``) is below the
tolerance.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import minimize_scalar
from scipy.special import entr

from cooperlab.naming import deprecated_alias, renamed_parameters

#: Levels closer than this (meV) to the Fermi level share the remaining electrons equally.
DEGENERACY_MEV = 1e-6


def aufbau_occupations(energy: np.ndarray, n_occupied: int) -> np.ndarray:
    """Aufbau occupations of levels ``(n_k, d)``: the ``n_occupied`` lowest of all k filled.

    Levels within :data:`DEGENERACY_MEV` of the Fermi level share the remaining electrons
    equally, so a symmetric Hamiltonian gives a symmetric density.
    """
    occupation = np.zeros_like(energy)
    if n_occupied > 0:
        fermi = np.sort(energy.ravel())[n_occupied - 1]
        below = energy < fermi - DEGENERACY_MEV
        at = np.abs(energy - fermi) <= DEGENERACY_MEV
        occupation[below] = 1.0
        occupation[at] = (n_occupied - int(below.sum())) / int(at.sum())
    return occupation


def fermi_occupations(energy: np.ndarray, n_occupied: int, temperature: float
                      ) -> tuple[np.ndarray, float]:
    """Fermi-Dirac occupations of levels ``(n_k, d)`` holding ``n_occupied`` electrons on
    the mesh at ``temperature`` (meV, > 0), and the chemical potential (meV) that gives them
    (:func:`cooperlab.numerics.chemical_potential_from_bands`, one electron per level)."""
    from cooperlab.numerics import chemical_potential_from_bands, fermi_dirac

    n_k, d = energy.shape
    if n_occupied <= 0:
        return np.zeros_like(energy), float(energy.min())
    if n_occupied >= n_k * d:
        return np.ones_like(energy), float(energy.max())
    mu = chemical_potential_from_bands(energy, n_occupied / n_k, temperature,
                                       spin_degeneracy=1.0)
    return fermi_dirac(energy - mu, temperature), mu


def occupation_entropy(occupation: np.ndarray) -> float:
    """``-sum [n ln n + (1 - n) ln(1 - n)]`` over occupations (clipped to [0, 1]), in k_B."""
    n = np.clip(occupation, 0.0, 1.0)
    return float(np.sum(entr(n) + entr(1.0 - n)))


def density_entropy(density: np.ndarray) -> float:
    """Fermionic entropy ``S[P]`` (k_B, summed over k) of a density ``(n_k, d, d)``."""
    return occupation_entropy(np.linalg.eigvalsh(density))


def aufbau(energy: np.ndarray, vectors: np.ndarray, n_occupied: int) -> tuple[np.ndarray,
                                                                              np.ndarray]:
    """``(P, occupation)``: the density matrix ``(n_k, d, d)`` of :func:`occupations`."""
    occupation = aufbau_occupations(energy, n_occupied)
    density = np.einsum("kan,kn,kbn->kab", vectors, occupation, vectors.conj())
    return density, occupation


def trace_product(a: np.ndarray, b: np.ndarray) -> float:
    """``sum_k Re Tr(a_k b_k)`` of two ``(n_k, d, d)`` stacks."""
    return float(np.einsum("kab,kba->", a, b).real)


@dataclass
class QuadraticEnergy:
    """``E[P]`` and its gradient from ``h0``, ``P_ref`` and the linear field ``S``.

    ``project`` maps a density onto the allowed symmetry class (identity by default).
    """

    h0: np.ndarray
    reference: np.ndarray
    field_of: Callable[[np.ndarray], np.ndarray]
    n_occupied: int
    project: Callable[[np.ndarray], np.ndarray] = field(default=lambda p: p)

    def evaluate(self, density: np.ndarray) -> tuple[float, np.ndarray]:
        """Total energy (sum over k) and the mean field ``S[P - P_ref]``."""
        field_now = self.field_of(density - self.reference)
        energy = trace_product(self.h0, density) + 0.5 * trace_product(
            field_now, density - self.reference)
        return energy, field_now

    def aufbau_step(self, hamiltonian: np.ndarray, density: np.ndarray
                    ) -> tuple[np.ndarray, float, np.ndarray, np.ndarray]:
        """``(P' - P, slope, energies, vectors)`` for the Aufbau density ``P'`` of ``h``."""
        energy, vectors = np.linalg.eigh(hamiltonian)
        target = self.project(aufbau(energy, vectors, self.n_occupied)[0])
        step = target - density
        return step, trace_product(hamiltonian, step), energy, vectors


@dataclass
class Minimisation:
    """State of a minimisation: density, field, energy history (per cell), gain."""

    density: np.ndarray
    field: np.ndarray
    total: float
    history: list[float]
    gain: float = math.inf
    iterations: int = 0
    method_iterations: dict[str, int] = field(default_factory=dict)


@renamed_parameters(n_k="n_kpoints")
def optimal_damping(problem: QuadraticEnergy, state: Minimisation, max_iterations: int,
                    tolerance: float, n_kpoints: int, progress: Callable[[int], object],
                    stop_when_gapped: float | None = None) -> Minimisation:
    """ODA iterations until the gain per cell is below ``tolerance`` (or, with
    ``stop_when_gapped``, until the gain is below that and the Aufbau levels have a gap)."""
    count = 0
    while state.iterations < max_iterations:
        hamiltonian = problem.h0 + state.field
        step, slope, energy, _ = problem.aufbau_step(hamiltonian, state.density)
        state.gain = -slope / n_kpoints
        if state.gain < tolerance:
            break
        if stop_when_gapped is not None and state.gain < stop_when_gapped and _gapped(
                energy, problem.n_occupied):
            break
        field_step = problem.field_of(step)
        curvature = 0.5 * trace_product(field_step, step)
        mixing = 1.0 if curvature <= 0 else min(1.0, -slope / (2 * curvature))
        state.density = state.density + mixing * step
        state.field = state.field + mixing * field_step
        state.total += mixing * slope + mixing**2 * curvature
        state.history.append(state.total / n_kpoints)
        state.iterations += 1
        count += 1
        progress(1)
    state.method_iterations["optimal_damping"] = (
        state.method_iterations.get("optimal_damping", 0) + count)
    return state


@renamed_parameters(n_k="n_kpoints")
def thermal_damping(problem: QuadraticEnergy, state: Minimisation, max_iterations: int,
                    tolerance: float, n_kpoints: int, progress: Callable[[int], object],
                    temperature: float) -> Minimisation:
    """Optimal damping of the free energy ``F = E - T S`` at ``temperature`` (meV, > 0):
    see the module docstring. ``state.total`` stays the energy ``E`` (summed over k) and
    ``state.history`` records ``F`` per cell."""
    entropy = density_entropy(state.density)
    count = 0
    while state.iterations < max_iterations:
        hamiltonian = problem.h0 + state.field
        energy, vectors = np.linalg.eigh(hamiltonian)
        occupation, _ = fermi_occupations(energy, problem.n_occupied, temperature)
        target = problem.project(np.einsum("kan,kn,kbn->kab", vectors, occupation,
                                           vectors.conj()))
        step = target - state.density
        slope = trace_product(hamiltonian, step)
        state.gain = (-slope - temperature * (entropy - density_entropy(target))) / n_kpoints
        if state.gain < tolerance:
            break
        field_step = problem.field_of(step)
        curvature = 0.5 * trace_product(field_step, step)

        def change(t: float, density: np.ndarray = state.density, step: np.ndarray = step,
                   slope: float = slope, curvature: float = curvature,
                   entropy: float = entropy) -> float:
            return t * slope + t**2 * curvature - temperature * (
                density_entropy(density + t * step) - entropy)

        best = minimize_scalar(change, bounds=(0.0, 1.0), method="bounded",
                               options={"xatol": 1e-10})
        mixing = min((float(best.x), 1.0), key=change)
        if change(mixing) >= 0:
            break  # no decrease on the segment (round-off at convergence)
        state.density = state.density + mixing * step
        state.field = state.field + mixing * field_step
        state.total += mixing * slope + mixing**2 * curvature
        entropy = density_entropy(state.density)
        state.history.append((state.total - temperature * entropy) / n_kpoints)
        state.iterations += 1
        count += 1
        progress(1)
    state.method_iterations["thermal_damping"] = (
        state.method_iterations.get("thermal_damping", 0) + count)
    return state


def _gapped(energy: np.ndarray, n_occupied: int, minimum: float = 1e-3) -> bool:
    levels = np.sort(energy.ravel())
    return bool(0 < n_occupied < levels.size
                and levels[n_occupied] - levels[n_occupied - 1] > minimum)


def _rotation(generator: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Eigen-decomposition of the Hermitian ``i A`` for ``exp(t A)`` at any t."""
    return np.linalg.eigh(1j * generator)


def _exp(decomposition: tuple[np.ndarray, np.ndarray], t: float) -> np.ndarray:
    values, vectors = decomposition
    return np.einsum("kan,kn,kbn->kab", vectors, np.exp(-1j * t * values), vectors.conj())


@renamed_parameters(n_k="n_kpoints")
def grassmann_cg(problem: QuadraticEnergy, state: Minimisation, max_iterations: int,
                 tolerance: float, n_kpoints: int, progress: Callable[[int], object],
                 minimum_gap: float = 0.5) -> Minimisation:
    """Preconditioned conjugate gradients on the occupied subspaces (insulators only).

    Starts from the Aufbau state of the current field (used only if its energy is not
    higher, so the history stays monotonic); each accepted step lowers the energy. Returns
    when converged, when no step lowers the energy, or when the Aufbau filling of the
    current field is no longer gapped by ``minimum_gap`` (meV) or puts a different number
    of electrons at some k (occupations must move: optimal damping's job).
    """
    hamiltonian = problem.h0 + state.field
    energy, frame = np.linalg.eigh(hamiltonian)
    occupied_mask = aufbau(energy, frame, problem.n_occupied)[1] > 0.5
    density = problem.project(np.einsum("kan,kn,kbn->kab", frame, occupied_mask, frame.conj()))
    total, field_now = problem.evaluate(density)
    if total > state.total:
        return state
    if total < state.total:
        state.history.append(total / n_kpoints)
    state.density, state.field, state.total = density, field_now, total
    occ = occupied_mask.astype(float)
    block = (1 - occ)[:, :, None] * occ[:, None, :]  # virtual rows, occupied columns
    direction = previous_gradient = previous_preconditioned = None
    count = 0
    while state.iterations < max_iterations:
        hamiltonian = problem.h0 + state.field
        _, slope_aufbau, levels, _ = problem.aufbau_step(hamiltonian, state.density)
        state.gain = -slope_aufbau / n_kpoints
        if state.gain < tolerance:
            break
        counts = aufbau_occupations(levels, problem.n_occupied).sum(axis=1)
        if not np.allclose(counts, occ.sum(axis=1)) or not _gapped(levels, problem.n_occupied,
                                                                  minimum_gap):
            break  # the occupied levels moved between k points: back to optimal damping
        h_frame = np.einsum("kai,kab,kbj->kij", frame.conj(), hamiltonian, frame)
        gradient = h_frame * block
        diagonal = np.einsum("kii->ki", h_frame).real
        spacing = diagonal[:, :, None] - diagonal[:, None, :]
        preconditioned = np.where(block > 0, gradient / np.maximum(spacing, 0.5), 0.0)
        if direction is None:
            direction = -preconditioned
        else:
            beta = max(0.0, float(np.sum((gradient.conj() * (
                preconditioned - previous_preconditioned)).real)) / float(np.sum(
                    (previous_gradient.conj() * previous_preconditioned).real)))
            direction = -preconditioned + beta * direction
        slope = 2 * float(np.sum((gradient.conj() * direction).real))
        if slope >= 0:
            direction = -preconditioned
            slope = 2 * float(np.sum((gradient.conj() * direction).real))
        generator = direction - np.conj(np.swapaxes(direction, 1, 2))
        decomposition = _rotation(generator)

        def energy_at(t: float, frame: np.ndarray = frame,
                      decomposition: tuple[np.ndarray, np.ndarray] = decomposition
                      ) -> tuple[float, np.ndarray, np.ndarray, np.ndarray]:
            rotated = frame @ _exp(decomposition, t)
            rho = problem.project(np.einsum("kan,kn,kbn->kab", rotated, occ, rotated.conj()))
            value, field_t = problem.evaluate(rho)
            return value, field_t, rho, rotated

        accepted = None
        t = 1.0
        for _ in range(8):
            trial = energy_at(t)
            curvature = (trial[0] - state.total - slope * t) / t**2
            if curvature > 0:
                t_best = -slope / (2 * curvature)
                better = energy_at(t_best)
                trial = min(trial, better, key=lambda x: x[0])
            if trial[0] < state.total:
                accepted = trial
                break
            t *= 0.25
        if accepted is None:
            break
        state.total, state.field, state.density, frame = accepted
        state.history.append(state.total / n_kpoints)
        previous_gradient, previous_preconditioned = gradient, preconditioned
        state.iterations += 1
        count += 1
        progress(1)
    state.method_iterations["conjugate_gradient"] = (
        state.method_iterations.get("conjugate_gradient", 0) + count)
    return state


# Deprecated names (removed in the next release).
occupations = deprecated_alias(aufbau_occupations, "occupations")
