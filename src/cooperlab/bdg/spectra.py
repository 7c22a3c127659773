"""Local spectra of a BdG state: LDOS(r, E) maps and the single-particle gap map.

The spin-summed local density of states in the Nambu basis ``(c_up, c^dag_down)``,

    N(r, E) = rho_{r r}(E) + rho_{N+r, N+r}(-E),    rho_{ab}(E) = <a| delta(E - H_BdG) |b>,

(spin up from the particle block, spin down from the hole block at -E) integrates to 2 per
site. Two solvers behind one interface: ``"dense"`` (eigenvectors, Gaussian broadening) and
``"kpm"`` (Chebyshev moments with the Jackson kernel, resolution ~ pi a / M for ``M``
moments and half-width ``a``; all sites at once by probing vectors coloured with period
``P`` cells and sparse-times-block products, :func:`~cooperlab.bdg.kpm_solver.
probed_local_expansions`, never one full-size vector per site). The gap map is the energy
of the coherence peak of the particle-hole symmetrised LDOS ``N(r, E) + N(r, -E)`` on
``E > 0`` (parabolic refinement on the grid), as read from STM spectra.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from cooperlab.backend import BACKENDS
from cooperlab.bdg.dense import BdGState, local_density_of_states, state_nambu
from cooperlab.bdg.kpm_solver import probe_record, probed_local_expansions
from cooperlab.bdg.model import BdGModel
from cooperlab.naming import deprecated_alias
from cooperlab.numerics.kpm import density_weights, rescaled, spectral_scale
from cooperlab.results import Convergence, Result, make_metadata, scalar, variable
from cooperlab.validation import require_choice, require_int, require_positive


@dataclass(frozen=True)
class SpectraOptions:
    """Options of :func:`solve_local_spectra`: ``solver`` ``"dense"`` (Gaussian ``broadening``) or
    ``"kpm"`` (``n_moments`` Chebyshev moments, probe period ``probe_period`` cells, 0: one
    probe per site; keep ``probe_period >~ n_moments / 5``: the defaults resolve 0.135 t with
    the LDOS within 7 % and the gap map within 0.004 t rms; a period that does not divide a
    periodic direction is raised to the next divisor of its length, with a warning, and
    ``metadata["probe_period"]`` records the periods used); ``gap_points`` energies on
    ``(0, gap_range]`` for the coherence-peak gap map (``gap_range`` default: 4
    max|Delta_i|); ``backend`` ``"cupy"`` / ``"auto"`` runs the KPM recursion on a GPU.

    Attributes
    ----------
    solver : str
        ``dense`` or ``kpm`` (Chebyshev expansions, large clusters).
    broadening : float
        Gaussian width of the dense LDOS (units of t).
    n_moments : int
        Chebyshev moments (kpm; resolution ~ pi a / M).
    probe_period : int
        Probe colouring period in cells (kpm; ~ M / 5 keeps the LDOS within a few per cent;
        0: one probe per site).
    gap_points : int
        Energies of the coherence-peak gap map.
    gap_range : float or None
        Top of the gap-map energies (units of t); default 4 max|Delta_i|.
    blas_threads : int or None
        BLAS threads (None: leave them alone).
    backend : str
        ``numpy``, or ``cupy`` / ``auto`` for the KPM recursion on a GPU.
    """

    solver: str = "dense"
    broadening: float = 0.05
    n_moments: int = 128
    probe_period: int = 24
    gap_points: int = 241
    gap_range: float | None = None
    blas_threads: int | None = 1
    backend: str = "numpy"

    def __post_init__(self) -> None:
        require_choice("solver", self.solver, ("dense", "kpm"))
        require_choice("backend", self.backend, BACKENDS)
        if self.backend != "numpy" and self.solver != "kpm":
            raise ValueError(f"backend {self.backend!r} needs solver='kpm'")
        require_positive("broadening", self.broadening)
        require_int("n_moments", self.n_moments, 8)
        require_int("probe_period", self.probe_period, 0)
        require_int("gap_points", self.gap_points, 3)
        if self.gap_range is not None:
            require_positive("gap_range", self.gap_range)


@dataclass(kw_only=True)
class LocalSpectra(Result):
    """LDOS maps ``(site, energy)`` and the coherence-peak gap map of a BdG state."""

    ldos: np.ndarray = variable(("site", "energy"), "1/t", "spin-summed LDOS N(r, E)")
    coherence_gap: np.ndarray = variable(("site",), "t", "coherence-peak energy of N(E) + N(-E)")
    energy: np.ndarray = variable(("energy",), "t", "energy", coordinate=True)
    x: np.ndarray = variable(("site",), "a", "site x", coordinate=True)
    y: np.ndarray = variable(("site",), "a", "site y", coordinate=True)
    resolution: float = scalar("t", "energy resolution (Gaussian sigma or pi a / M)")

    def plot(self, ax: Any = None, kind: str = "gap_map", sites: Any = None,
             **kwargs: Any) -> Any:
        """``kind="gap_map"`` (coherence-peak gaps, scale bar), ``"spectra"`` (LDOS at
        ``sites``) or ``"histogram"`` (of the gaps)."""
        from cooperlab.plotting.bdg import plot_gap_histogram, plot_gap_map, plot_spectra

        require_choice("kind", kind, ("gap_map", "spectra", "histogram"))
        if kind == "spectra":
            return plot_spectra(self, sites, ax=ax, **kwargs)
        return (plot_gap_map if kind == "gap_map" else plot_gap_histogram)(self, ax=ax,
                                                                           **kwargs)

    def summary(self) -> dict[str, Any]:
        """Gap-map statistics, for ``--json``."""
        return {"result": "LocalSpectra", "solver": self.metadata.get("solver"),
                "gap_mean": float(np.mean(self.coherence_gap)),
                "gap_std": float(np.std(self.coherence_gap)),
                "resolution": float(self.resolution), "sites": int(self.ldos.shape[0]),
                "energies": int(self.ldos.shape[1])}


def coherence_peaks(symmetric: np.ndarray, grid: np.ndarray) -> np.ndarray:
    """Energy of the largest maximum of each row of ``symmetric`` (site, E) on the uniform
    positive ``grid``, refined by the parabola through the maximum and its neighbours."""
    index = np.clip(np.argmax(symmetric, axis=1), 1, grid.size - 2)
    rows = np.arange(symmetric.shape[0])
    left, centre, right = (symmetric[rows, index + k] for k in (-1, 0, 1))
    curvature = left - 2 * centre + right
    shift = np.where(curvature < 0, 0.5 * (left - right) / np.where(curvature < 0, curvature,
                                                                     -1.0), 0.0)
    return grid[index] + np.clip(shift, -1, 1) * (grid[1] - grid[0])


def kpm_ldos(model: BdGModel, state: BdGState, energy: np.ndarray, n_moments: int,
             probe_period: int, backend: str = "numpy") -> tuple[np.ndarray, float]:
    """``(N(r, E) for all sites (site, E), resolution pi a / M)`` by Chebyshev expansion."""
    ham = state_nambu(model, state)
    scale = spectral_scale(ham)
    x = rescaled(ham, scale)
    energy = np.asarray(energy, dtype=float)
    sums = probed_local_expansions(x, model, probe_period, {
        "particle": density_weights(n_moments, energy, scale),
        "hole": density_weights(n_moments, -energy, scale)}, backend=backend)
    return sums["particle"] + sums["hole"], math.pi * scale.half_width / n_moments


def solve_local_spectra(model: BdGModel, state: BdGState, energy: Any,
                  options: SpectraOptions | None = None) -> LocalSpectra:
    """LDOS ``N(r, E)`` of every site at the energies ``energy`` (hopping units) and the
    coherence-peak gap map, by ``options.solver`` (see the module docstring)."""
    options = options or SpectraOptions()
    start = time.perf_counter()
    energy = np.atleast_1d(np.asarray(energy, dtype=float))
    gaps = np.abs(np.asarray(state.gap))
    top = options.gap_range or 4 * max(float(gaps.max(initial=0.0)), 0.05)
    grid = np.linspace(0.0, top, options.gap_points)
    everything = np.concatenate([energy, grid, -grid])
    probe = probe_record(model.cluster, options.probe_period) if options.solver == "kpm" \
        else None
    with threadpool_limits(limits=options.blas_threads):
        if options.solver == "kpm":
            ldos, resolution = kpm_ldos(model, state, everything, options.n_moments,
                                        options.probe_period, options.backend)
        else:
            ldos = local_density_of_states(model, state, np.arange(model.n_sites),
                                           everything, options.broadening)
            resolution = options.broadening
    k = energy.size
    symmetric = ldos[:, k:k + grid.size] + ldos[:, k + grid.size:]
    positions = model.cluster.positions()
    return LocalSpectra(
        ldos=ldos[:, :k], coherence_gap=coherence_peaks(symmetric, grid), energy=energy,
        x=positions[:, 0], y=positions[:, 1] if positions.shape[1] > 1 else np.zeros(
            model.n_sites), resolution=float(resolution),
        metadata=make_metadata(options=options, solver=options.solver,
                               wall_time_s=time.perf_counter() - start,
                               **({"probe_period": probe} if probe is not None else {}),
                               gap_grid={"points": int(grid.size), "range": float(top)},
                               convergence=spectra_convergence(options, float(resolution))))


def spectra_convergence(options: SpectraOptions, resolution: float) -> Convergence:
    """The record of a spectrum of a given state: exact for its discretisation (complete
    diagonalisation with Gaussian broadening, or a Chebyshev expansion of ``n_moments``
    moments, resolution ``pi a / M``), nothing iterated."""
    if options.solver == "kpm":
        return Convergence(
            passed=True, criterion="Chebyshev expansion of n_moments moments (closed form; "
                                   "resolution pi a / M)",
            discretisation={"solver": "kpm", "n_moments": options.n_moments,
                            "probe_period": options.probe_period, "resolution": resolution,
                            "gap_points": options.gap_points})
    return Convergence(
        passed=True, criterion="complete diagonalisation (Gaussian broadening)",
        discretisation={"solver": options.solver, "broadening": options.broadening,
                        "gap_points": options.gap_points})


# Deprecated names (removed in the next release).
local_spectra = deprecated_alias(solve_local_spectra, "local_spectra")
