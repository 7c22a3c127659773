"""Self-consistent real-space BdG by full diagonalisation (clusters up to a few thousand sites).

Each iteration builds the ``2N x 2N`` Nambu Hamiltonian of :mod:`cooperlab.bdg.model`,
diagonalises it (LAPACK ``eigh``), and updates the pairing fields from the eigenvectors
``(u_n, v_n)`` and Fermi factors ``f(E_n)``:

    Delta_ii = U_i sum_n u_n(i) v_n(i)^* f(E_n),
    Delta_ij = (V/2) sum_n [u_n(i) v_n(j)^* + u_n(j) v_n(i)^*] f(E_n),
    n_i      = sum_n [|u_n(i)|^2 f(E_n) + |v_n(i)|^2 (1 - f(E_n))],

with Anderson mixing (:mod:`cooperlab.bdg.mixing`) of ``(Delta, n)``; at fixed filling mu
follows from a secant update on ``n(mu)`` each iteration. The sum over all 2N states counts
every quasiparticle once (the ``E -> -E`` partner is the same excitation).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from threadpoolctl import threadpool_limits

from cooperlab.backend import BACKENDS
from cooperlab.bdg.kpm_solver import kpm_mean_fields, probe_record, sparse_nambu
from cooperlab.bdg.mixing import AndersonMixer
from cooperlab.bdg.model import BdGModel
from cooperlab.naming import deprecated_alias
from cooperlab.numerics.occupations import fermi_dirac
from cooperlab.progress import progress_bar
from cooperlab.results import Convergence, Result, ScalarResult, make_metadata, scalar, variable
from cooperlab.validation import require_choice, require_int, require_positive, require_range

INITIAL = ("uniform", "random")


@dataclass(frozen=True)
class BdGOptions:
    """Options of :func:`solve_bdg`.

    ``initial``: uniform pairing of size ``initial_gap`` (s-wave on sites, d-wave signs
    ``+`` on x bonds and ``-`` on y bonds) or random (seeded, with random densities).
    ``self_consistent=False`` diagonalises once with the initial fields (a fixed host gap,
    e.g. for impurity bound states). ``solver="kpm"``: the fields from Chebyshev expansions
    with ``n_moments`` moments and probes of period ``probe_period`` cells
    (:mod:`cooperlab.bdg.kpm_solver`; 0: one probe per site); no eigenvalues are stored. A
    period that does not divide a periodic direction is raised to the next divisor of its
    length, with a warning; ``metadata["probe_period"]`` records the periods used.
    ``backend``: ``"numpy"``, or ``"cupy"`` / ``"auto"`` to run the KPM recursion on a GPU
    (a ``ValueError`` when CuPy or a GPU is missing).
    Convergence: max change of the fields below ``tolerance`` (and ``|n - filling|`` below it
    at fixed filling).

    Attributes
    ----------
    solver : str
        ``dense`` (full diagonalisation) or ``kpm`` (Chebyshev expansions).
    n_moments : int
        Chebyshev moments (kpm).
    probe_period : int
        Probe colouring period in cells (kpm; 0: one probe per site).
    initial : str
        Initial fields: ``uniform`` or ``random``.
    initial_gap : float
        Size of the initial pairing (units of t).
    seed : int
        Seed of a random initial state.
    self_consistent : bool
        Iterate to self-consistency (False: one diagonalisation with the initial fields).
    max_iterations : int
        Self-consistency iterations.
    tolerance : float
        Convergence threshold of the fields.
    anderson_depth : int
        History of the Anderson mixing (0: linear mixing).
    mixing : float
        Mixing of the new fields, in (0, 1].
    blas_threads : int or None
        BLAS threads during the solve (None: leave them alone).
    progress : bool or None
        Progress bar with the residual (None: on a terminal).
    backend : str
        ``numpy``, or ``cupy`` / ``auto`` for the KPM recursion on a GPU.
    """

    solver: str = "dense"
    n_moments: int = 512
    probe_period: int = 8
    initial: str = "uniform"
    initial_gap: float = 0.5
    seed: int = 0
    self_consistent: bool = True
    max_iterations: int = 300
    tolerance: float = 1e-9
    anderson_depth: int = 6
    mixing: float = 0.6
    blas_threads: int | None = 1
    progress: bool | None = False
    backend: str = "numpy"

    def __post_init__(self) -> None:
        require_choice("solver", self.solver, ("dense", "kpm"))
        require_choice("backend", self.backend, BACKENDS)
        if self.backend != "numpy" and self.solver != "kpm":
            raise ValueError(f"backend {self.backend!r} needs solver='kpm' (the dense "
                             "solver runs on numpy)")
        require_int("n_moments", self.n_moments, 8)
        require_int("probe_period", self.probe_period, 0)
        require_choice("initial", self.initial, INITIAL)
        require_range("initial_gap", self.initial_gap, 0.0, 100.0)
        require_int("max_iterations", self.max_iterations, 1)
        require_positive("tolerance", self.tolerance)
        require_int("anderson_depth", self.anderson_depth, 0, 100)
        require_range("mixing", self.mixing, 0.0, 1.0, low_inclusive=False)


@dataclass(kw_only=True)
class BdGState(Result):
    """Self-consistent BdG state: local gaps, bond gaps, densities, quasiparticles."""

    gap: np.ndarray = variable(("site",), "t", "on-site pair potential Delta_i")
    pair_amplitude: np.ndarray = variable(("site",), "", "<c_i,down c_i,up>")
    d_wave_gap: np.ndarray = variable(("site",), "t", "d-wave combination of the bond gaps")
    bond_gap: np.ndarray = variable(("bond",), "t", "bond pair potential Delta_ij")
    bond_i: np.ndarray = variable(("bond",), "", "first site of the bond")
    bond_j: np.ndarray = variable(("bond",), "", "second site of the bond")
    density: np.ndarray = variable(("site",), "", "electrons per site")
    x: np.ndarray = variable(("site",), "a", "site x", coordinate=True)
    y: np.ndarray = variable(("site",), "a", "site y", coordinate=True)
    energies: np.ndarray = variable(("state",), "t", "BdG eigenvalues")
    residual_history: np.ndarray = variable(("iteration",), "t", "max change of the fields")
    mu: float = scalar("t", "chemical potential")
    spectral_gap: float = scalar("t", "smallest |E_n|")
    mean_density: float = scalar("", "electrons per site, averaged")
    RAGGED_DIMS = ("iteration",)

    def plot(self, ax: Any = None, kind: str = "map", **kwargs: Any) -> Any:
        """``kind="map"``: map of Delta_i with a scale bar; ``"histogram"``: of |Delta_i|."""
        from cooperlab.plotting.bdg import plot_gap_histogram, plot_gap_map

        require_choice("kind", kind, ("map", "histogram"))
        return (plot_gap_map if kind == "map" else plot_gap_histogram)(self, ax=ax, **kwargs)

    def summary(self) -> dict[str, Any]:
        """Averages and the convergence, for ``--json``."""
        conv = self.metadata.get("convergence", {})
        return {"result": "BdGState", "delta": float(np.mean(np.abs(self.gap))),
                "delta_d": float(np.mean(np.abs(self.d_wave_gap))),
                "spectral_gap": None if math.isnan(self.spectral_gap) else float(
                    self.spectral_gap), "mu": float(self.mu),
                "filling": float(self.mean_density), "iterations": conv.get("iterations"),
                "converged": conv.get("converged"),
                **({"probe_period": self.metadata["probe_period"]["used"]}
                   if "probe_period" in self.metadata else {})}


def nambu_hamiltonian(model: BdGModel, mu: float, site_gap: np.ndarray, bond_gap: np.ndarray,
                      density: np.ndarray, bonds: tuple[np.ndarray, np.ndarray],
                      hopping: Any) -> np.ndarray:
    """The dense ``2N x 2N`` Nambu Hamiltonian for the given mean fields (the matrix of
    :func:`cooperlab.bdg.kpm_solver.sparse_nambu`)."""
    return sparse_nambu(model, mu, site_gap, bond_gap, density, bonds,
                        sp.csr_matrix(hopping)).toarray()


def state_eigensystem(model: BdGModel, state: BdGState) -> tuple[np.ndarray, np.ndarray]:
    """Eigenvalues and Nambu eigenvectors ``(u; v)`` of a solved state's Hamiltonian."""
    return np.linalg.eigh(state_nambu(model, state).toarray())


def state_nambu(model: BdGModel, state: BdGState, pairing: bool = True) -> sp.csr_matrix:
    """The sparse Nambu Hamiltonian of a solved state (its mu and mean fields); with
    ``pairing=False`` the normal state (pairing switched off, mu and Hartree shifts kept)."""
    bonds = (np.asarray(state.bond_i, int), np.asarray(state.bond_j, int))
    site, bond = np.asarray(state.gap), np.asarray(state.bond_gap)
    if not pairing:
        site, bond = np.zeros(site.shape), np.zeros(bond.shape)
    return sparse_nambu(model, state.mu, site, bond, np.asarray(state.density), bonds,
                        sp.csr_matrix(model.cluster.hopping_matrix(sparse=True)))


def normal_hamiltonians(model: BdGModel, state: BdGState) -> tuple[np.ndarray, np.ndarray]:
    """Dense normal-state Hamiltonians ``(h_up, h_down)`` of a solved state: the particle
    block of ``state_nambu(model, state, pairing=False)`` and ``-(hole block)^*``."""
    n = model.n_sites
    ham = state_nambu(model, state, pairing=False)
    return ham[:n, :n].toarray(), -ham[n:, n:].toarray().conj()


def mean_fields(model: BdGModel, energies: np.ndarray, vectors: np.ndarray,
                bonds: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, ...]:
    """``(Delta_ii, Delta_ij, n_i, <c_down c_up>_i)`` from the eigenpairs."""
    n = model.n_sites
    f = fermi_dirac(energies, model.temperature)
    u, v = vectors[:n], vectors[n:]
    anomalous = np.einsum("in,in,n->i", u, v.conj(), f)
    density = np.einsum("in,n->i", np.abs(u) ** 2, f) + np.einsum(
        "in,n->i", np.abs(v) ** 2, 1 - f)
    i, j = bonds
    bond = (model.V / 2) * (np.einsum("bn,bn,n->b", u[i], v[j].conj(), f)
                            + np.einsum("bn,bn,n->b", u[j], v[i].conj(), f))
    return model.interaction() * anomalous, bond, density, anomalous


def _d_wave(model: BdGModel, bonds: tuple[np.ndarray, np.ndarray],
            bond_gap: np.ndarray) -> np.ndarray:
    """``(Delta_+x + Delta_-x - Delta_+y - Delta_-y) / 4`` at each site."""
    i, j = bonds
    if i.size == 0:
        return np.zeros(model.n_sites)
    positions = model.cluster.positions()
    delta = positions[j] - positions[i]
    shape = np.asarray(model.cluster.shape, dtype=float)
    delta = delta - np.round(delta / shape) * shape  # wrapped bonds
    sign = np.where(np.abs(delta[:, 0]) > np.abs(delta[:, 1]), 1.0, -1.0)
    out = np.zeros(model.n_sites, dtype=complex)
    np.add.at(out, i, sign * bond_gap)
    np.add.at(out, j, sign * bond_gap)
    return out / 4


def _initial(model: BdGModel, options: BdGOptions, bonds: tuple[np.ndarray, np.ndarray]
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = model.n_sites
    rng = np.random.default_rng(options.seed)
    size = options.initial_gap
    site = np.full(n, size, dtype=complex) if model.U != 0 else np.zeros(n, dtype=complex)
    positions = model.cluster.positions()
    i, j = bonds
    delta = positions[j] - positions[i]
    sign = np.where(np.abs(delta[:, 0]) > np.abs(delta[:, 1]), 1.0, -1.0)
    bond = (size * sign).astype(complex) if model.V != 0 else np.zeros(i.size, dtype=complex)
    density = np.full(n, model.filling if model.filling is not None else 1.0)
    if options.initial == "random":
        site = site * rng.random(n)
        bond = bond * rng.random(i.size)
        density = density + 0.2 * (rng.random(n) - 0.5)
    return site, bond, density


def solve_bdg(model: BdGModel, options: BdGOptions | None = None) -> BdGState:
    """Self-consistent BdG state of a (disordered) film: Delta_i, n_i, spectrum.

    By full diagonalisation or Chebyshev expansion (``options.solver``).
    """
    options = options or BdGOptions()
    start = time.perf_counter()
    n = model.n_sites
    bonds = model.nearest_bonds() if model.V != 0 else (np.zeros(0, int), np.zeros(0, int))
    kpm = options.solver == "kpm"
    probe = probe_record(model.cluster, options.probe_period) if kpm else None
    hopping = model.cluster.hopping_matrix(sparse=kpm)
    site, bond, density = _initial(model, options, bonds)

    def fields(mu: float, site: np.ndarray, bond: np.ndarray, density: np.ndarray
               ) -> tuple[np.ndarray, ...]:
        if kpm:
            return (np.zeros(0), *kpm_mean_fields(model, mu, site, bond, density, bonds, hopping,
                                                  options.n_moments, options.probe_period,
                                                  options.backend))
        ham = nambu_hamiltonian(model, mu, site, bond, density, bonds, hopping)
        energies, vectors = np.linalg.eigh(ham)
        return (energies, *mean_fields(model, energies, vectors, bonds))

    mu = model.mu if model.mu is not None else 0.0
    mixer = AndersonMixer(options.anderson_depth, options.mixing)
    history: list[float] = []
    mu_history: list[tuple[float, float]] = []
    converged = False
    iterations = 0
    with threadpool_limits(limits=options.blas_threads), progress_bar(
            options.max_iterations, "BdG", options.progress) as bar:
        for iterations in range(1, options.max_iterations + 1):  # noqa: B007 - reported
            energies, new_site, new_bond, new_density, anomalous = fields(mu, site, bond,
                                                                          density)
            if not options.self_consistent:
                break
            change = max(float(np.abs(new_site - site).max(initial=0)),
                         float(np.abs(new_bond - bond).max(initial=0)),
                         float(np.abs(new_density - density).max()) if model.hartree else 0.0)
            filling_error = 0.0
            if model.filling is not None:
                filling_error = float(new_density.mean() - model.filling)
                mu_history.append((mu, filling_error))
                slope = 0.5
                if len(mu_history) > 1 and mu_history[-1][0] != mu_history[-2][0]:
                    slope = (mu_history[-1][1] - mu_history[-2][1]) / (
                        mu_history[-1][0] - mu_history[-2][0])
                    slope = float(np.clip(slope, 0.05, 5.0))
                mu = mu - filling_error / slope
            history.append(change)
            bar.update(1)
            if change < options.tolerance and abs(filling_error) < options.tolerance:
                site, bond, density = new_site, new_bond, new_density
                converged = True
                break
            packed = mixer.step(_pack(site, bond, density), _pack(new_site, new_bond,
                                                                  new_density))
            site, bond, density = _unpack(packed, n, bonds[0].size)
        energies, _, _, final_density, anomalous = fields(mu, site, bond, density)
    positions = model.cluster.positions()
    return BdGState(
        gap=site, pair_amplitude=anomalous, d_wave_gap=_d_wave(model, bonds, bond),
        bond_gap=bond, bond_i=bonds[0], bond_j=bonds[1], density=final_density,
        x=positions[:, 0], y=positions[:, 1] if positions.shape[1] > 1 else np.zeros(n),
        energies=energies, residual_history=np.array(history), mu=float(mu),
        spectral_gap=float(np.abs(energies).min()) if energies.size else math.nan,
        mean_density=float(final_density.mean()),
        metadata=make_metadata(
            bdg_model={"cluster": model.cluster.describe(), "U": model.U, "V": model.V,
                       "mu": model.mu, "filling": model.filling,
                       "temperature": model.temperature, "disorder": model.disorder,
                       "hartree": model.hartree, "spec": model.spec},
            options=options, wall_time_s=time.perf_counter() - start, solver=options.solver,
            **({"probe_period": probe} if probe is not None else {}),
            convergence=Convergence(
                passed=converged or not options.self_consistent,
                criterion=("max change of Delta_i, Delta_ij (and n_i with Hartree) between "
                           "iterations, and |filling error|, < tolerance"
                           if options.self_consistent else
                           "not self-consistent: one evaluation of the mean fields"),
                achieved=history[-1] if history else None,
                target=options.tolerance if options.self_consistent else None,
                discretisation={"solver": options.solver, "n_sites": n,
                                **({"n_moments": options.n_moments,
                                    "probe_period": probe["used"] if probe else None}
                                   if kpm else {"eigenstates": 2 * n})},
                details={"iterations": iterations, "converged": converged or
                         not options.self_consistent,
                         "final_change": history[-1] if history else math.nan,
                         "tolerance": options.tolerance})),
    )


def _pack(site: np.ndarray, bond: np.ndarray, density: np.ndarray) -> np.ndarray:
    return np.concatenate([site.real, site.imag, bond.real, bond.imag, density])


def _unpack(x: np.ndarray, n: int, n_bonds: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    site = x[:n] + 1j * x[n:2 * n]
    bond = x[2 * n:2 * n + n_bonds] + 1j * x[2 * n + n_bonds:2 * n + 2 * n_bonds]
    return site, bond, x[2 * n + 2 * n_bonds:]


def local_density_of_states(model: BdGModel, state: BdGState, sites: Any, energy: Any,
                            broadening: float = 0.05,
                            eigensystem: tuple[np.ndarray, np.ndarray] | None = None
                            ) -> np.ndarray:
    """Spin-summed LDOS ``(site, E)`` of a solved state (Gaussian width ``broadening``):

        N_i(E) = sum_n [|u_n(i)|^2 g(E - E_n) + |v_n(i)|^2 g(E + E_n)],

    spin up from ``u`` and spin down from ``v`` (Nambu basis); it integrates to 2 per site.
    ``eigensystem`` (from :func:`state_eigensystem`) avoids diagonalising again.
    """
    require_positive("broadening", broadening)
    n = model.n_sites
    energies, vectors = eigensystem or state_eigensystem(model, state)
    sites = np.atleast_1d(np.asarray(sites, dtype=int))
    grid = np.asarray(energy, dtype=float)
    u2, v2 = np.abs(vectors[sites]) ** 2, np.abs(vectors[n + sites]) ** 2

    def gauss(x: np.ndarray) -> np.ndarray:
        return np.exp(-0.5 * (x / broadening) ** 2) / (math.sqrt(2 * math.pi) * broadening)

    return u2 @ gauss(grid[None, :] - energies[:, None]) + v2 @ gauss(
        grid[None, :] + energies[:, None])


@dataclass(kw_only=True)
class UniformGap(ScalarResult):
    """Clean uniform s-wave gap of a lattice from the k-space BCS equations."""

    delta: float = scalar("t", "uniform s-wave gap")
    mu: float = scalar("t", "chemical potential")
    filling: float = scalar("", "electrons per site")


def solve_uniform_gap(model: BdGModel) -> UniformGap:
    """Clean uniform s-wave gap (units of t) from the k-space BCS equations on the momenta.

    The gap of ``model`` without disorder from the k-space equations on the cluster's
    momentum mesh (:func:`cooperlab.pairing.bcs.uniform_gap`, ``g = |U|``): what the
    real-space solver gives for the clean cluster, to the self-consistency tolerance."""
    from cooperlab.pairing.bcs import BandPairingData, number_equation, uniform_gap

    if model.U >= 0:
        raise ValueError(f"U must be negative (attractive) for a gap, got {model.U}")
    start = time.perf_counter()
    lattice = model.cluster.lattice
    data = BandPairingData(lattice.bands(model.cluster.momenta()), 0, degeneracy=2)
    gap, mu = uniform_gap(data, -model.U, model.temperature, mu=model.mu,
                          filling_target=model.filling)
    electrons = number_equation(data, mu, gap, max(model.temperature, 1e-12))
    return UniformGap(delta=gap, mu=mu, filling=electrons, metadata=make_metadata(
        wall_time_s=time.perf_counter() - start, cluster=model.cluster.describe(), U=model.U,
        temperature=model.temperature, convergence=Convergence(
            passed=True, criterion="k-space BCS gap equation solved by root finding on the "
                                   "cluster's momentum mesh",
            discretisation={"n_k": int(len(data.energies))})))


# Deprecated names (removed in the next release).
uniform_lattice_gap = deprecated_alias(solve_uniform_gap, "uniform_lattice_gap")
