"""Self-consistent Hartree and Hartree-Fock mean field of twisted bilayer graphene.

The Coulomb interaction (:class:`~cooperlab.moire.coulomb.GateScreenedCoulomb`) is projected
onto the active bands (the flat bands, or ``m`` bands per side of neutrality) of the four
flavours ``f = (valley, spin)``. With ``P_k[(f a), (f' b)] = <c^dag_{k f' b} c_{k f a}>`` and
the subtracted density matrix ``dP = P - P_ref``, the mean-field Hamiltonian is
(Bultinck et al., Phys. Rev. X 10, 031034 (2020); Xie & MacDonald, Phys. Rev. Lett. 124,
097601 (2020))

    h_k = h0_k + H_k[dP] + F_k[dP],
    H_k[dP] = (1/A) sum_{G != 0} V(G) Lambda_k(G) rho(-G),  rho(G) = sum_k Tr Lambda_k(G) dP_k,
    F_k[dP] = -(1/A) sum_{q, G} V(q + G) Lambda_k(q + G) dP_{k+q} Lambda_k(q + G)^dag,

and the energy per moire cell ``E = (1/N_k) sum_k {Tr h0 P + (1/2) Tr (H + F)[dP] dP}``
(``A = N_k A_cell``; the ``G = 0`` Hartree term is cancelled by the gates' charge).
References ``P_ref``: ``"cnp"`` is ``1/2`` in every active band (the particle-hole symmetric
"average" scheme); ``"decoupled"`` is the filled Dirac sea of the two decoupled layers at
neutrality projected onto the active bands. Bands outside the window are frozen (their
mean field is taken as absorbed in the reference).

The iteration is the optimal damping algorithm (Cances & Le Bris, Int. J. Quantum Chem. 79,
82 (2000)): the Aufbau density ``P'`` of ``h[P]`` is mixed in as ``P + lambda (P' - P)``
with the ``lambda`` in [0, 1] that minimises the (quadratic) energy, so the energy
decreases monotonically; it stops when the first-order energy gain ``Tr h (P' - P)`` per
cell falls below the tolerance.
"""

from __future__ import annotations

import math
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from cooperlab.moire import lattice
from cooperlab.moire.bands import band_window, require_bands
from cooperlab.moire.continuum import ContinuumModel
from cooperlab.moire.coulomb import (
    GateScreenedCoulomb,
    inverse_index,
)
from cooperlab.moire.ldos import POSITIONS, position_nm
from cooperlab.moire.mean_field import (
    level_weights,
    mean_field,
    prepare_mean_field,
    project_symmetry,
    seed_field,
)
from cooperlab.moire.scf import (
    Minimisation,
    QuadraticEnergy,
    aufbau,
    aufbau_occupations,
    density_entropy,
    fermi_occupations,
    grassmann_cg,
    optimal_damping,
    thermal_damping,
)
from cooperlab.naming import deprecated_alias
from cooperlab.progress import progress_bar
from cooperlab.results import Convergence, Result, field_label, make_metadata, scalar, variable
from cooperlab.units import K_B_MEV_PER_K
from cooperlab.validation import require_choice, require_int, require_nonnegative, require_range

FLAVOURS = ("K up", "K down", "K' up", "K' down")
REFERENCES = ("cnp", "decoupled")
SYMMETRIES = ("none", "valley_diagonal", "flavour_symmetric")
STARTS = ("symmetric", "valley", "spin", "flavour", "ivc", "spin_ivc", "random")
METHODS = ("auto", "optimal_damping")
#: A state counts as insulating when every k has the same number of filled levels and the
#: charge gap exceeds this (meV). (A metal on a coarse mesh has a finite level spacing too,
#: but its filled levels vary from k to k: it has a Fermi surface.)
INSULATING_GAP_MEV = 0.1
#: ``method="auto"`` switches from optimal damping to conjugate gradients once the gain per
#: cell is below this (meV) and the levels are gapped.
SWITCH_GAIN_MEV = 1e-2
#: ... and conjugate gradients run only while the Aufbau levels are gapped by this (meV).
CG_GAP_MEV = 0.5
#: Two candidates of a ground-state search are the same state when their energies per
#: cell agree within the degeneracy window, their phases agree and their gaps within this
#: (meV).
GAP_MATCH_MEV = 0.5
#: The default seed field is this times the spread of the bare active levels.
SEED_FIELD_FACTOR = 2.0
#: The weak seed field (meV) of the ground-state search (the seed field of earlier versions).
WEAK_SEED_FIELD_MEV = 2.0


@dataclass(frozen=True)
class InteractingTBG:
    """Twisted bilayer graphene with the gate-screened Coulomb interaction at filling nu.

    Parameters
    ----------
    continuum : ContinuumModel
        Single-particle bands.
    nu : float
        Electrons per moire cell from charge neutrality, inside ``(-4 m, 4 m)`` for ``m``
        active bands per side (rounded to the nearest multiple of ``1 / N_k`` on the mesh).
    interaction : GateScreenedCoulomb
        ``epsilon``, gate distance and strength.
    bands : "flat" or int
        Active bands per flavour: the two flat bands, or ``m`` per side of neutrality.
    reference : "cnp" or "decoupled"
        Density subtracted from the interaction (see the module docstring).
    """

    continuum: ContinuumModel = field(default_factory=ContinuumModel)
    nu: float = field(default=0.0, metadata=field_label("", "filling nu"))
    interaction: GateScreenedCoulomb = field(default_factory=GateScreenedCoulomb)
    bands: str | int = "flat"
    reference: str = "cnp"

    def __post_init__(self) -> None:
        if not isinstance(self.continuum, ContinuumModel):
            raise ValueError(f"continuum must be a ContinuumModel, got {self.continuum!r}")
        if not isinstance(self.interaction, GateScreenedCoulomb):
            raise ValueError(f"interaction must be a GateScreenedCoulomb, got {self.interaction!r}")
        require_bands(self.bands)
        require_choice("reference", self.reference, REFERENCES)
        m = self.bands_per_side
        require_range("nu", self.nu, -4.0 * m, 4.0 * m)

    @property
    def bands_per_side(self) -> int:
        """Active bands per flavour below (and above) neutrality."""
        _, labels = band_window(self.continuum.dimension, self.bands)
        return int(np.sum(labels < 0))


@dataclass(frozen=True)
class HartreeFockOptions:
    """Options of :func:`solve_hartree_fock`.

    Parameters
    ----------
    n_mesh : int
        ``n_mesh x n_mesh`` Gamma-centred mesh (a multiple of 6 holds Gamma, K, K' and M).
    g_cutoff : float
        Reciprocal vectors ``|G| <= g_cutoff |b|`` in the form factors (2: 19 vectors).
    exchange : bool
        Hartree-Fock (True) or Hartree only (False).
    symmetry : str
        ``"none"``; ``"valley_diagonal"`` (no intervalley coherence); ``"flavour_symmetric"``
        (the U(4)-symmetric state: every flavour alike).
    start : str
        Initial density: ``"symmetric"`` (the non-interacting state, flavours alike);
        ``"valley"``, ``"spin"``, ``"flavour"`` (flavours filled in the order K up, K' down,
        K down, K' up), ``"ivc"`` (intervalley coherent), ``"spin_ivc"`` (intervalley
        coherent with the doped charge in one spin: at nu = +-2 one spin's pair full or
        empty, the other's coherent) or ``"random"``: the Aufbau state of the bare bands
        plus a seed field of size ``seed_field_meV`` (see
        :func:`~cooperlab.moire.mean_field.seed_field`).
    seed_field_meV : float or None
        Size of the symmetry-breaking seed field of the start (largest eigenvalue, meV).
        None (default): :data:`SEED_FIELD_FACTOR` times the spread of the bare active
        levels (7.4 meV for the flat bands of the particle-hole symmetric model), so that
        the start has its order developed rather than growing from the bare Fermi sea. The
        two routes can end in different states (nu = 2: on 6x6 the 2 meV "ivc" seed ends
        in an intervalley-coherent metal 1.2 meV per cell above the insulator; on 12x12 it
        reaches the lowest insulator, the developed one a state 1.2 meV higher):
        :func:`solve_hartree_fock_ground_state` tries both.
    seed : int
        Random seed of the ``"random"``, ``"ivc"`` and ``"spin_ivc"`` seed fields.
    max_iterations, tolerance_meV :
        Stop when the first-order energy gain per cell is below ``tolerance_meV``.
    method : str
        ``"auto"``: optimal damping, then (for ``symmetry="none"`` and gapped levels)
        preconditioned conjugate gradients on the occupied subspaces, which converge the
        soft rotations between nearly degenerate orders many times faster;
        ``"optimal_damping"`` only. See :mod:`cooperlab.moire.scf`. At a temperature above
        zero both mean the optimal damping of the free energy
        (:func:`~cooperlab.moire.scf.thermal_damping`).
    temperature_K : float
        Temperature (K) of the electrons: Fermi-Dirac occupations of the mean-field levels
        at the filling nu, and the free energy ``F = E - T S`` (fermionic entropy ``S``) is
        minimised. 0 (default): Aufbau occupations, the ground state. An option rather than
        a model field: the Hamiltonian and filling are the model's, the temperature is how
        the solver occupies its levels, and :func:`solve_hartree_fock_temperatures` follows
        one state over many temperatures.
    """

    n_mesh: int = 12
    g_cutoff: float = 2.0
    exchange: bool = True
    symmetry: str = "none"
    start: str = "symmetric"
    seed_field_meV: float | None = None
    seed: int = 0
    max_iterations: int = 1000
    tolerance_meV: float = 1e-6
    method: str = "auto"
    temperature_K: float = 0.0
    blas_threads: int | None = 1
    progress: bool | None = False

    def __post_init__(self) -> None:
        require_int("n_mesh", self.n_mesh, 2, 60)
        require_range("g_cutoff", self.g_cutoff, 0.0, 10.0)
        require_choice("symmetry", self.symmetry, SYMMETRIES)
        require_choice("start", self.start, STARTS)
        if self.seed_field_meV is not None:
            require_nonnegative("seed_field_meV", self.seed_field_meV, "meV")
        require_int("max_iterations", self.max_iterations, 1)
        require_choice("method", self.method, METHODS)
        require_range("tolerance_meV", self.tolerance_meV, 0.0, 1.0, low_inclusive=False)
        require_range("temperature_K", self.temperature_K, 0.0, 1e4)


@dataclass(kw_only=True)
class HartreeFockState(Result):
    """Self-consistent mean-field state: levels, occupations, order parameters."""

    RAGGED_DIMS = ("iteration",)
    energy: np.ndarray = variable(("k", "level"), "meV", "mean-field level energy")
    occupation: np.ndarray = variable(("k", "level"), "", "occupation of the level")
    bare_energy: np.ndarray = variable(("valley", "k", "band"), "meV",
                                       "non-interacting band energy")
    local_weight: np.ndarray = variable(("position", "k", "level"), "1/nm^2",
                                        "|psi(r)|^2 of the level at the named position")
    flavour_filling: np.ndarray = variable(("flavour",), "",
                                           "filling of each flavour from neutrality")
    energy_history: np.ndarray = variable(("iteration",), "meV",
                                          "free energy per moire cell (the energy at T = 0)")
    kx: np.ndarray = variable(("k",), "1/nm", "k_x", coordinate=True)
    ky: np.ndarray = variable(("k",), "1/nm", "k_y", coordinate=True)
    valley: np.ndarray = variable(("valley",), "", "valley", coordinate=True)
    position: np.ndarray = variable(("position",), "", "tip position", coordinate=True)
    flavour: np.ndarray = variable(("flavour",), "", "flavour (valley, spin)", coordinate=True)
    total_energy_meV: float = scalar("meV", "mean-field energy per moire cell")
    free_energy_meV: float = scalar("meV", "free energy E - T S per moire cell")
    entropy: float = scalar("", "fermionic entropy per moire cell (units of k_B)")
    temperature_K: float = scalar("K", "temperature of the occupations")
    order_parameter: float = scalar(
        "", "rms over k of the part of P that breaks the flavour-symmetric state's symmetry")
    gap_meV: float = scalar("meV", "charge gap of the mean-field levels")
    mu_meV: float = scalar("meV", "chemical potential (mid-gap in an insulator)")
    nu_mesh: float = scalar("", "filling realised on the mesh")
    valley_polarization: float = scalar("", "n_K - n_K' per cell")
    spin_polarization: float = scalar("", "n_up - n_down per cell")
    ivc_amplitude: float = scalar("", "rms norm of the intervalley block of P")
    filled_levels_spread: float = scalar("", "max - min over k of the filled levels per k")

    @property
    def insulating(self) -> bool:
        """True when every k holds the same number of filled levels (no Fermi surface) and
        the levels have a charge gap above :data:`INSULATING_GAP_MEV`."""
        return bool(self.filled_levels_spread == 0 and self.gap_meV > INSULATING_GAP_MEV)

    @property
    def phase(self) -> str:
        """Name of the state from its order parameters."""
        filling = np.asarray(self.flavour_filling)
        if self.ivc_amplitude > 0.05:
            kind = "intervalley coherent"
        elif np.ptp(filling) < 0.05:
            kind = "flavour symmetric"
        elif abs(self.valley_polarization) > 0.05 and abs(self.spin_polarization) < 0.05:
            kind = "valley polarised"
        elif abs(self.spin_polarization) > 0.05 and abs(self.valley_polarization) < 0.05:
            kind = "spin polarised"
        else:
            kind = "flavour polarised"
        return f"{kind} {'insulator' if self.insulating else 'metal'}"

    def high_symmetry_levels(self) -> dict[str, list[float]]:
        """Mean-field levels at Gamma, K, K' and M where the mesh holds them (meV)."""
        n = int(round(math.sqrt(len(self.kx))))
        out = {}
        for name, point in lattice.HIGH_SYMMETRY_POINTS.items():
            steps = lattice.mesh_steps(point, n)
            if steps is not None:
                i, j = (int(x) % n for x in steps)
                out[name] = [float(x) for x in self.energy[i * n + j]]
        return out

    def path_levels(self, path: str = "K-G-M-K'") -> dict[str, np.ndarray]:
        """Mean-field levels and bare bands at the mesh points on a path (e.g. the
        renormalised bands at this filling). Keys: ``distance`` (1/nm), ``levels``
        ``(n_points, n_levels)``, ``bare`` ``(valley, n_points, n_bands)``, ``ticks``,
        ``labels`` and the mesh ``index`` of each point. The mesh must hold the path's
        corners (a multiple of 6 holds all)."""
        names = lattice.parse_path(path)
        n = int(round(math.sqrt(len(self.kx))))
        index, distance, ticks = lattice.mesh_path(n, names)
        k_theta = float(self.metadata.get("k_theta_per_nm", 1.0))
        return {"index": index, "distance": distance * k_theta,
                "levels": np.asarray(self.energy)[index],
                "bare": np.asarray(self.bare_energy)[:, index], "ticks": ticks * k_theta,
                "labels": np.array([lattice.POINT_LABELS[x] for x in names])}

    def van_hove_pinning(self, broadening_meV: float = 0.5, bare: bool = False) -> float:
        """``N(mu) / max N`` over the flat bands on the doped side of neutrality.

        1 means the chemical potential sits at the density-of-states peak (a van Hove
        singularity pinned to the Fermi level, as the Hartree term does over a range of
        fillings: Guinea & Walet, PNAS 115, 13174 (2018); Cea et al., PRB 100, 205113
        (2019)). ``bare``: the same for the non-interacting bands at this filling.
        """
        from cooperlab.moire.ldos import broadened_chemical_potential
        from cooperlab.numerics.spectral_density import broadened_density

        if bare:
            levels, degeneracy = np.asarray(self.bare_energy[0]), 4
        else:
            levels, degeneracy = np.asarray(self.energy), 1
        nu = float(self.nu_mesh)
        half = levels.shape[1] // 2
        mu = broadened_chemical_potential(levels, half, nu, 1.0, broadening_meV, degeneracy)
        grid = np.linspace(levels.min() - 3, levels.max() + 3, 4001)
        dos = broadened_density(levels, grid, broadening_meV, "gaussian",
                                degeneracy / levels.shape[0])[0]
        side = (grid > levels[:, half:].min() - 1) if nu > 0 else (
            grid < levels[:, :half].max() + 1)
        return float(np.interp(mu, grid, dos) / dos[side].max())

    def summary(self) -> dict[str, Any]:
        """Energy, gap, order parameters and the levels at high-symmetry points."""
        convergence = self.metadata.get("convergence", {})
        return {
            "result": "HartreeFockState", "phase": self.phase,
            "nu": float(self.nu_mesh), "total_energy_meV": float(self.total_energy_meV),
            "free_energy_meV": _number(self.free_energy_meV), "entropy": _number(self.entropy),
            "temperature_K": _number(self.temperature_K),
            "order_parameter": _number(self.order_parameter),
            "gap_meV": float(self.gap_meV), "mu_meV": float(self.mu_meV),
            "flavour_filling": dict(zip(FLAVOURS, map(float, self.flavour_filling),
                                        strict=True)),
            "valley_polarization": float(self.valley_polarization),
            "spin_polarization": float(self.spin_polarization),
            "ivc_amplitude": float(self.ivc_amplitude),
            "iterations": convergence.get("iterations"),
            "converged": convergence.get("converged"),
            "van_hove_pinning": self.van_hove_pinning() if abs(self.nu_mesh) > 1e-9 else None,
            "levels_at": self.high_symmetry_levels(),
            "candidates": self.metadata.get("candidates"),
            "warnings": self.metadata.get("warnings"),
        }

    def plot(self, ax: Any = None, **kwargs: Any) -> Any:
        """Mean-field level energies against the bare bands, sorted per k."""
        from cooperlab.plotting.moire import plot_hartree_fock

        return plot_hartree_fock(self, ax=ax, **kwargs)


def _number(value: Any) -> float | None:
    """A float, or None for a missing or non-finite value (files of earlier versions)."""
    return None if value is None or not np.isfinite(value) else float(value)


def solve_hartree_fock(model: InteractingTBG,
                       options: HartreeFockOptions | None = None) -> HartreeFockState:
    """Self-consistent Hartree(-Fock) state of ``model`` from ``options.start``.

    Returns the levels, occupations, energy history (monotonically decreasing), gap,
    chemical potential, flavour fillings and order parameters; ``metadata["convergence"]``
    holds the iterations, the final first-order energy gain and whether it met the
    tolerance.
    """
    return _solve(model, options or HartreeFockOptions())[0]


def _solve(model: InteractingTBG, options: HartreeFockOptions,
           kick: Callable[[np.ndarray], np.ndarray] | None = None,
           initial: np.ndarray | None = None, per_k: bool = False, resume: bool = False
           ) -> tuple[HartreeFockState, np.ndarray]:
    """:func:`solve_hartree_fock`, optionally from the Aufbau state of
    ``h[initial] + kick(h[initial])`` (a density ``(n_k, d, d)``) instead of the seed;
    ``per_k``: the same number of lowest levels filled at every k (when the filling on the
    mesh allows it); ``resume``: from ``initial`` itself (continuing a minimisation).
    Returns the state and its density matrix."""
    start = time.perf_counter()
    problem = prepare_mean_field(model, options)
    temperature = options.temperature_K * K_B_MEV_PER_K  # meV
    n_k, n_b = problem.n_k, problem.n_bands
    d = 4 * n_b
    n_occupied = int(round((model.nu + 4 * model.bands_per_side) * n_k))
    nu_mesh = n_occupied / n_k - 4 * model.bands_per_side
    h0 = np.zeros((n_k, d, d), dtype=complex)
    h0[:, np.arange(d), np.arange(d)] = problem.bare
    shape = (n_k, 4, n_b, 4, n_b)

    minus, _ = inverse_index(options.n_mesh)

    def project(density: np.ndarray) -> np.ndarray:
        return project_symmetry(density.reshape(shape), options.symmetry, minus).reshape(n_k, d, d)

    energy_problem = QuadraticEnergy(
        h0=h0, reference=problem.reference.reshape(n_k, d, d),
        field_of=lambda delta: mean_field(problem, delta.reshape(shape)).reshape(n_k, d, d),
        n_occupied=n_occupied, project=project,
    )
    with threadpool_limits(limits=options.blas_threads), progress_bar(
            options.max_iterations, "Hartree-Fock", options.progress) as bar:
        if initial is None:
            seed_size = options.seed_field_meV
            if seed_size is None:
                seed_size = SEED_FIELD_FACTOR * float(np.ptp(problem.bare))
            start_field = h0 + seed_field(options, n_b, seed_size, model.nu)[None]
        else:
            seed_size = None
            start_field = h0 + energy_problem.evaluate(initial)[1]
            if kick is not None:
                start_field = start_field + kick(start_field)
        energy, vectors = np.linalg.eigh(start_field)
        if resume:
            density = project(initial)
        elif per_k and n_occupied % n_k == 0:
            filled = vectors[:, :, : n_occupied // n_k]
            density = project(filled @ np.conj(np.swapaxes(filled, 1, 2)))
        elif temperature > 0:
            occupied = fermi_occupations(energy, n_occupied, temperature)[0]
            density = project(np.einsum("kan,kn,kbn->kab", vectors, occupied, vectors.conj()))
        else:
            density = project(aufbau(energy, vectors, n_occupied)[0])
        total, field_now = energy_problem.evaluate(density)
        entropy = density_entropy(density) if temperature > 0 else 0.0
        run = Minimisation(density, field_now, total, [(total - temperature * entropy) / n_k])
        accelerate = options.method == "auto" and options.symmetry == "none" and (
            temperature == 0)
        if temperature > 0:
            run = thermal_damping(energy_problem, run, options.max_iterations,
                                  options.tolerance_meV, n_k, bar.update, temperature)
        else:
            run = optimal_damping(energy_problem, run, options.max_iterations,
                                  options.tolerance_meV, n_k, bar.update,
                                  stop_when_gapped=SWITCH_GAIN_MEV if accelerate else None)
        while accelerate and run.gain >= options.tolerance_meV and (
                run.iterations < options.max_iterations):
            before = run.iterations
            run = grassmann_cg(energy_problem, run, options.max_iterations,
                               options.tolerance_meV, n_k, bar.update, CG_GAP_MEV)
            stalled = run.iterations == before
            run = optimal_damping(energy_problem, run, options.max_iterations,
                                  options.tolerance_meV, n_k, bar.update,
                                  stop_when_gapped=None if stalled else SWITCH_GAIN_MEV)
        energy, vectors = np.linalg.eigh(h0 + run.field)
    density, history, gain, iterations = run.density.reshape(shape), run.history, run.gain, \
        run.iterations
    occupation = np.einsum("kan,kab,kbn->kn", vectors.conj(), density.reshape(n_k, d, d),
                           vectors).real
    levels = np.sort(energy.ravel())
    if 0 < n_occupied < levels.size:
        gap = float(levels[n_occupied] - levels[n_occupied - 1])
        mu = float(0.5 * (levels[n_occupied] + levels[n_occupied - 1]))
    else:
        gap, mu = math.nan, float(levels[min(max(n_occupied - 1, 0), levels.size - 1)])
    entropy = density_entropy(density.reshape(n_k, d, d)) / n_k if temperature > 0 else 0.0
    if temperature > 0:
        mu = fermi_occupations(energy, n_occupied, temperature)[1]
    breaking = density - project_symmetry(density, "flavour_symmetric", minus)
    order = float(np.sqrt(np.sum(np.abs(breaking) ** 2) / n_k))
    # the energy of the final density evaluated afresh (not accumulated over the steps)
    internal = energy_problem.evaluate(run.density)[0] / n_k if temperature > 0 else history[-1]
    filling = np.einsum("kfafa->f", density).real / n_k - model.bands_per_side
    intervalley = density[:, 0:2, :, 2:4, :]
    ivc = float(np.sqrt(np.sum(np.abs(intervalley) ** 2) / n_k))
    weights = level_weights(problem.states, vectors, np.array(
        [position_nm(model.continuum, name) for name in POSITIONS]))
    converged = bool(gain < options.tolerance_meV)
    state = HartreeFockState(
        energy=energy, occupation=occupation,
        bare_energy=problem.states.energy, local_weight=weights,
        flavour_filling=filling, energy_history=np.array(history),
        kx=problem.states.k[:, 0] * model.continuum.k_theta_per_nm,
        ky=problem.states.k[:, 1] * model.continuum.k_theta_per_nm,
        valley=np.array([1, -1]), position=np.array(list(POSITIONS)),
        flavour=np.array(FLAVOURS),
        total_energy_meV=internal, free_energy_meV=internal - temperature * entropy
        if temperature > 0 else history[-1], entropy=entropy, temperature_K=options.temperature_K,
        order_parameter=order, gap_meV=gap, mu_meV=mu, nu_mesh=nu_mesh,
        valley_polarization=float(filling[0] + filling[1] - filling[2] - filling[3]),
        spin_polarization=float(filling[0] - filling[1] + filling[2] - filling[3]),
        ivc_amplitude=ivc,
        filled_levels_spread=float(np.ptp(aufbau_occupations(energy, n_occupied).sum(axis=1))),
        metadata=make_metadata(
            model=model, options=options, wall_time_s=time.perf_counter() - start,
            cell_area_nm2=model.continuum.moire_cell_area_nm2,
            k_theta_per_nm=model.continuum.k_theta_per_nm, seed_field_meV=seed_size,
            convergence=Convergence(
                passed=converged,
                criterion=("free-energy" if temperature > 0 else "energy") +
                " gain (meV) of the last self-consistency step < tolerance",
                achieved=float(gain), target=options.tolerance_meV,
                discretisation={"n_mesh": options.n_mesh,
                                "g_vectors": len(problem.factors.g_coords),
                                "bands_per_side": model.bands_per_side},
                details={"iterations": iterations, "energy_gain_meV": float(gain),
                         "method_iterations": run.method_iterations,
                         "tolerance_meV": options.tolerance_meV, "converged": converged,
                         "n_mesh": options.n_mesh,
                         "g_vectors": len(problem.factors.g_coords)}),
        ),
    )
    return state, run.density


class GroundStateWarning(UserWarning):
    """The lowest state of a Hartree-Fock search may not be the ground state: another
    candidate of a different order lies within the degeneracy window, or only one start
    reached it (a smaller search could have missed it)."""


def _candidate(state: HartreeFockState, start: str, seed: int | None,
               kind: str) -> dict[str, Any]:
    convergence = state.metadata["convergence"]
    return {"start": start, "kind": kind, "seed": seed,
            "energy_meV": float(state.total_energy_meV), "gap_meV": float(state.gap_meV),
            "phase": state.phase, "insulating": state.insulating,
            "converged": bool(convergence["converged"]),
            "iterations": int(convergence["iterations"])}


def _hermitian_kick(rng: np.random.Generator, shape: tuple[int, ...], size: float
                    ) -> np.ndarray:
    """Random Hermitian ``(n_k, d, d)`` field, largest eigenvalue ``size`` at every k."""
    x = rng.normal(size=shape) + 1j * rng.normal(size=shape)
    x = (x + np.conj(np.swapaxes(x, 1, 2))) / 2
    return size * x / np.linalg.norm(x, 2, axis=(1, 2))[:, None, None]


def random_start_seeds(seed: int, n_random: int) -> list[int]:
    """Seeds of the ``n_random`` extra random starts: independent streams from
    ``SeedSequence(seed).spawn`` (the ``"random"`` start itself uses ``seed``)."""
    return [int(child.generate_state(1)[0])
            for child in np.random.SeedSequence(seed).spawn(n_random)]


def solve_hartree_fock_ground_state(
    model: InteractingTBG, options: HartreeFockOptions | None = None,
    starts: Sequence[str] = STARTS, *, weak_seeds: bool = True, n_random: int = 2,
    refill: bool = True,
    n_perturbations: int = 1, perturbation_meV: float = 1.0, degeneracy_meV: float = 1e-2,
    explore_iterations: int = 200, polish_meV: float = 0.05,
) -> HartreeFockState:
    """The lowest-energy self-consistent state of a search over many starts.

    The search, each step kept when lower:

    1. every start in ``starts`` (the named seeds of :data:`STARTS`), with
       ``weak_seeds`` each also with a seed field of :data:`WEAK_SEED_FIELD_MEV` (key
       ``"ivc weak"`` ...), and ``n_random`` further random starts (seeds from
       :func:`random_start_seeds` of ``options.seed``). A developed seed (larger than the
       bandwidth) imposes its order; a weak one lets the order grow from the bare Fermi
       sea; they can lead to different states. Each runs at most ``explore_iterations``
       iterations; those stopped there within ``polish_meV`` per cell of the lowest
       candidate (and the lowest itself) then continue to the tolerance. (A start that
       needs more iterations to leave a plateau is lost: at nu = 2 on 12x12 the weak
       "ivc" seed, run to convergence, reaches in 370 iterations an intervalley-coherent
       insulator 0.015 meV per cell below the one the search returns.)
    2. with ``refill``, at integer nu, every start that ended in a metal restarts from
       the same number of the lowest levels of its mean-field Hamiltonian at every k.
       The minimisation, which moves fractional occupations, can settle at integer nu in
       a metal whose filled levels vary from k to k (a local minimum: moving them means
       crossing the gap); refilled, it reaches the insulator in tens of iterations
       (nu = 2, 6x6: the random start's metal, 0.054 meV per cell higher, in 18).
    3. ``n_perturbations`` restarts from the lowest state so far, refilled likewise, with
       a random Hermitian field of size ``perturbation_meV`` at every k (seeded by
       ``options.seed``).

    The returned state is the lowest candidate (ties broken by name): the same whatever
    the order of ``starts``.

    ``metadata["candidates"]`` holds one entry per candidate (keys ``"ivc"``,
    ``"random 2"``, ``"random refilled"``, ``"perturbation 1"`` ...): start, kind
    (``"named"``, ``"random"``, ``"refill"``, ``"perturbation"``), seed, energy per cell
    (meV), gap (meV), phase, insulating, converged and iterations; ``metadata["search"]``
    the search settings, the lowest candidate and the candidates that reached it.

    Warns (:class:`GroundStateWarning`, also listed in ``metadata["warnings"]``) when a
    candidate within ``degeneracy_meV`` per cell of the lowest has another phase or a gap
    differing by more than :data:`GAP_MATCH_MEV`, or when at most one of the named and
    random starts reached the returned state (itself or refilled; within
    ``degeneracy_meV``, same phase and gap).
    """
    from dataclasses import replace

    options = options or HartreeFockOptions()
    for name in starts:
        require_choice("starts", name, STARTS)
    if not starts and n_random == 0:
        raise ValueError("starts must name at least one start when n_random is 0")
    require_int("n_random", n_random, 0)
    require_int("n_perturbations", n_perturbations, 0)
    require_nonnegative("perturbation_meV", perturbation_meV, "meV")
    require_nonnegative("degeneracy_meV", degeneracy_meV, "meV")
    require_int("explore_iterations", explore_iterations, 1)
    require_nonnegative("polish_meV", polish_meV, "meV")
    began = time.perf_counter()
    explore = replace(options, max_iterations=min(options.max_iterations,
                                                  explore_iterations))
    named = sorted(set(starts), key=STARTS.index)
    plan: list[tuple[str, HartreeFockOptions, str, int | None]] = [
        (name, replace(explore, start=name), "named",
         options.seed if name in ("random", "ivc", "spin_ivc") else None) for name in named]
    if weak_seeds:
        plan += [(f"{name} weak", replace(explore, start=name,
                                          seed_field_meV=WEAK_SEED_FIELD_MEV), "named",
                  options.seed if name in ("random", "ivc", "spin_ivc") else None)
                 for name in named if name != "symmetric"]
    plan += [(f"random {i + 1}", replace(explore, start="random", seed=seed), "random", seed)
             for i, seed in enumerate(random_start_seeds(options.seed, n_random))]
    states: dict[str, tuple[HartreeFockState, np.ndarray]] = {}
    candidates: dict[str, dict[str, Any]] = {}
    origin: dict[str, str] = {}  # the independent start each candidate descends from
    for name, start_options, kind, seed in plan:
        states[name] = _solve(model, start_options)
        candidates[name] = _candidate(states[name][0], start_options.start, seed, kind)
        origin[name] = name

    def lowest() -> str:
        return min(states, key=lambda n: (states[n][0].total_energy_meV, n))

    nu_mesh = states[plan[0][0]][0].nu_mesh
    if refill and abs(nu_mesh - round(nu_mesh)) < 1e-9:  # the same levels at every k
        for name in [n for n in states if not states[n][0].insulating]:
            refilled = f"{name} refilled"
            states[refilled] = _solve(model, explore, initial=states[name][1], per_k=True)
            candidates[refilled] = _candidate(states[refilled][0], f"refill of {name}", None,
                                              "refill")
            origin[refilled] = name
    kicks = np.random.SeedSequence([options.seed, 1]).spawn(n_perturbations)
    for i, stream in enumerate(kicks):
        rng = np.random.default_rng(stream)
        best = lowest()
        name = f"perturbation {i + 1}"
        states[name] = _solve(model, explore, initial=states[best][1], per_k=True,
                              kick=lambda h, r=rng: _hermitian_kick(r, h.shape, perturbation_meV))
        candidates[name] = _candidate(states[name][0], f"perturbation of {best}", None,
                                      "perturbation")
        origin[name] = origin[best]
    # Candidates stopped by the exploration budget and near the lowest continue to the
    # tolerance (or max_iterations in all), the lowest always.
    polished: set[str] = set()
    while True:
        floor = states[lowest()][0].total_energy_meV
        todo = [n for n in states if n not in polished and not candidates[n]["converged"]
                and (n == lowest() or candidates[n]["energy_meV"] - floor <= polish_meV)]
        if not todo:
            break
        for name in todo:
            done = candidates[name]["iterations"]
            budget = replace(options, max_iterations=max(options.max_iterations - done, 1))
            before = states[name][0]
            states[name] = _solve(model, budget, initial=states[name][1], resume=True)
            after = states[name][0]
            after.energy_history = np.concatenate([before.energy_history,
                                                   after.energy_history[1:]])
            after.metadata["convergence"]["iterations"] += done
            candidates[name] = _candidate(after, candidates[name]["start"],
                                          candidates[name]["seed"], candidates[name]["kind"])
            polished.add(name)
    best = lowest()
    state = states[best][0]
    found = [n for n, c in candidates.items()
             if c["energy_meV"] - state.total_energy_meV <= degeneracy_meV]
    same = [n for n in found if candidates[n]["phase"] == state.phase
            and abs(candidates[n]["gap_meV"] - state.gap_meV) <= GAP_MATCH_MEV]
    messages = []
    rivals = [n for n in found if n not in same]
    if rivals:
        others = "; ".join(f"{n}: {candidates[n]['phase']}, gap {candidates[n]['gap_meV']:.3g} meV"
                           for n in rivals)
        messages.append(
            f"nu = {state.nu_mesh:g}: candidates within {degeneracy_meV:g} meV per cell of the "
            f"lowest state ({best}: {state.phase}, gap {state.gap_meV:.3g} meV) have another "
            f"order or gap ({others}): the ground state is not resolved at this tolerance "
            "and mesh")
    independent = sorted({origin[n] for n in same if candidates[n]["kind"] != "perturbation"})
    if len(independent) <= 1:
        reached = (f"only the start {independent[0]!r}" if independent else
                   f"none of the starts (only a {candidates[best]['start']})")
        messages.append(
            f"nu = {state.nu_mesh:g}: {reached} of {len(plan)} reached the lowest state "
            f"({state.phase}, {state.total_energy_meV:.4f} meV per cell): a search with "
            "fewer starts may miss it")
    for message in messages:
        warnings.warn(message, GroundStateWarning, stacklevel=2)
    state.metadata["candidates"] = candidates
    state.metadata["warnings"] = messages
    state.metadata["search"] = {
        "starts": [p[0] for p in plan if p[2] == "named"], "weak_seeds": weak_seeds,
        "n_random": n_random,
        "refill": refill, "n_perturbations": n_perturbations,
        "explore_iterations": explore_iterations, "polish_meV": polish_meV,
        "perturbation_meV": perturbation_meV,
        "degeneracy_meV": degeneracy_meV, "seed": options.seed, "lowest": best,
        "reached_by": same, "wall_time_s": time.perf_counter() - began}
    return state


# Deprecated names (removed in the next release).
hartree_fock_ground_state = deprecated_alias(solve_hartree_fock_ground_state,
                                             "hartree_fock_ground_state")
