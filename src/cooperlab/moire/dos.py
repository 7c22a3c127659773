"""Density of states and filling of the continuum model on a k mesh over the moire zone.

The DOS counts spin (x2) and both valleys; per moire cell,

    g(E) = 2 sum_{valley, n} (1 / N_k) sum_k delta(E - E_{valley, n}(k))   [states / (meV cell)],

and the filling ``nu(E)`` counts electrons per moire cell from charge neutrality, so the
two flat bands of each spin and valley (8 states in all) span ``nu = -4 ... +4``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from cooperlab.moire import lattice
from cooperlab.moire.bands import (
    band_convergence,
    band_window,
    diagonalize,
    require_bands,
    require_valleys,
)
from cooperlab.moire.continuum import ContinuumModel
from cooperlab.numerics.spectral_density import broadened_density, mesh_triangles, triangle_density
from cooperlab.results import Result, make_metadata, variable
from cooperlab.validation import require_choice, require_int, require_positive

SPIN_DEGENERACY = 2


@dataclass(frozen=True)
class DOSOptions:
    """Options of :func:`solve_dos`.

    Parameters
    ----------
    n_mesh : int
        The k mesh has ``n_mesh x n_mesh`` cells over the moire Brillouin zone.
    method : {"triangle", "gaussian", "lorentzian"}
        Linear-triangle integration (no broadening) or broadened eigenvalues.
    broadening_meV : float
        Gaussian standard deviation / Lorentzian half width (ignored by "triangle").
    bands : "all", "flat" or int
        Bands included (see :func:`cooperlab.moire.bands.band_window`).
    n_energy : int
        Points of the energy grid.
    energy_min_meV, energy_max_meV : float or None
        Energy window; default: the included bands' range plus ``padding_meV``.
    padding_meV : float
        Margin added to the default window.
    valleys : tuple of int
        Valleys computed; a single valley is doubled by time reversal.
    convergence_tolerance_meV : float
        Allowed change of the included bands when the cutoff grows by 1 (reported).
    progress : bool or None
        Progress bar (None: only on a terminal).
    """

    n_mesh: int = 36
    method: str = "triangle"
    broadening_meV: float = 0.25
    bands: str | int = "flat"
    n_energy: int = 1201
    energy_min_meV: float | None = None
    energy_max_meV: float | None = None
    padding_meV: float = 2.0
    valleys: tuple[int, ...] = (1, -1)
    convergence_tolerance_meV: float = 0.1
    progress: bool | None = None

    def __post_init__(self) -> None:
        require_int("n_mesh", self.n_mesh, 2, 2000)
        require_choice("method", self.method, ("triangle", "gaussian", "lorentzian"))
        require_positive("broadening_meV", self.broadening_meV, "meV")
        require_bands(self.bands)
        require_int("n_energy", self.n_energy, 2)
        require_positive("padding_meV", self.padding_meV, "meV")
        require_positive("convergence_tolerance_meV", self.convergence_tolerance_meV, "meV")
        require_valleys(self.valleys)
        lo, hi = self.energy_min_meV, self.energy_max_meV
        if lo is not None and hi is not None and not lo < hi:
            raise ValueError(f"energy_min_meV must be below energy_max_meV, got {lo} >= {hi}")


@dataclass(kw_only=True)
class DensityOfStates(Result):
    """DOS per moire cell and filling ``nu`` versus energy."""

    dos: np.ndarray = variable(("energy",), "1/meV", "density of states per moire cell")
    dos_per_area: np.ndarray = variable(("energy",), "1/(meV nm^2)", "density of states per area")
    filling: np.ndarray = variable(("energy",), "",
                                   "filling nu (electrons per moire cell from neutrality)")
    energy: np.ndarray = variable(("energy",), "meV", "energy", coordinate=True)

    def energy_at_filling(self, nu: float) -> float:
        """Chemical potential (meV) at which the filling equals ``nu`` (linear interpolation)."""
        lo, hi = float(self.filling[0]), float(self.filling[-1])
        if not lo <= nu <= hi:
            raise ValueError(f"nu must lie in [{lo:.3g}, {hi:.3g}] for this DOS, got {nu}")
        monotone = np.maximum.accumulate(self.filling)
        return float(np.interp(nu, monotone, self.energy))

    def plot(self, ax: Any = None, **kwargs: Any) -> Any:
        """DOS with the filling on a twin axis (:func:`cooperlab.plotting.moire.plot_dos`)."""
        from cooperlab.plotting.moire import plot_dos

        return plot_dos(self, ax=ax, **kwargs)

    def summary(self) -> dict[str, Any]:
        """Window, peak and filling range, for ``--json``."""
        peak = int(np.argmax(self.dos))
        return {
            "result": "DensityOfStates",
            "energy_range_meV": [float(self.energy[0]), float(self.energy[-1])],
            "peak_energy_meV": float(self.energy[peak]),
            "peak_dos_per_meV_cell": float(self.dos[peak]),
            "filling_range": [float(self.filling[0]), float(self.filling[-1])],
            "method": self.metadata.get("options", {}).get("method"),
        }


def solve_dos(model: ContinuumModel, options: DOSOptions | None = None) -> DensityOfStates:
    """Density of states and filling ``nu(E)`` of ``model`` on a uniform k mesh.

    Returns a :class:`DensityOfStates` whose ``filling`` runs from ``-4 m`` to ``+4 m`` for
    ``m`` bands per side per spin and valley (``nu = -4 ... 4`` across the two flat bands).
    """
    options = options or DOSOptions()
    start = time.perf_counter()
    closed = options.method == "triangle"
    mesh = lattice.monkhorst_pack(options.n_mesh, include_endpoints=closed)
    solved = diagonalize(
        model, mesh.reshape(-1, 2), bands=options.bands, valleys=options.valleys,
        progress=options.progress,
    )
    energies = _energy_grid(solved.energy, options)
    degeneracy = SPIN_DEGENERACY * (2 if len(options.valleys) == 1 else 1)
    dos = np.zeros_like(energies)
    count = np.zeros_like(energies)
    for valley_energy in solved.energy:
        if closed:
            grid = valley_energy.reshape(*mesh.shape[:2], -1)
            weight = 1.0 / (2 * options.n_mesh**2)
            g, n = triangle_density(mesh_triangles(grid), energies, weight)
        else:
            weight = 1.0 / options.n_mesh**2
            g, n = broadened_density(
                valley_energy, energies, options.broadening_meV, options.method, weight
            )
        dos += degeneracy * g
        count += degeneracy * n
    _, labels = band_window(model.dimension, options.bands)
    states_below = SPIN_DEGENERACY * 2 * int(np.sum(labels < 0))
    filling = count - states_below
    convergence = band_convergence(
        model, options.bands, options.convergence_tolerance_meV,
        discretisation={"n_mesh": options.n_mesh, "bands": options.bands,
                        "method": options.method,
                        **({} if closed else {"broadening_meV": options.broadening_meV})},
        states_counted=float(count[-1]))
    return DensityOfStates(
        energy=energies,
        dos=dos,
        dos_per_area=dos / model.moire_cell_area_nm2,
        filling=filling,
        metadata=make_metadata(
            model=model, options=options, wall_time_s=time.perf_counter() - start,
            convergence=convergence, n_k=int(len(mesh.reshape(-1, 2))),
        ),
    )


def _energy_grid(band_energies: np.ndarray, options: DOSOptions) -> np.ndarray:
    pad = options.padding_meV
    if options.method != "triangle":
        pad += 5 * options.broadening_meV
    lo = options.energy_min_meV
    hi = options.energy_max_meV
    lo = float(band_energies.min()) - pad if lo is None else lo
    hi = float(band_energies.max()) + pad if hi is None else hi
    if not lo < hi:
        raise ValueError(f"energy_min_meV must be below energy_max_meV, got {lo} >= {hi}")
    return np.linspace(lo, hi, options.n_energy)
