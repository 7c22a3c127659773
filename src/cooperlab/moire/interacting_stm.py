"""STM spectra of mean-field states and the gate maps of three approximations side by side.

A :class:`~cooperlab.moire.hartree_fock.HartreeFockState` carries each level's energy and
``|psi(r)|^2`` at the named positions, so its tunnelling spectrum is the same Tersoff-Hamann
sum as in :mod:`cooperlab.moire.ldos`, over mean-field levels (one electron each) instead
of bands (four each):

    dI/dV(V) ~ sum_{k, l} |psi_kl(r_tip)|^2 (1/N_k) [g * (-f') * K_lock-in](E_kl - mu - eV),

with ``mu`` from the gate filling through the same broadened spectrum. The map over nu in
the ``"none"`` (bare bands), ``"hartree"`` (flavour-symmetric Hartree) and
``"hartree-fock"`` (lowest of several symmetry-broken starts) approximations is the
Princeton-style figure (Xie et al., Nature 572, 101 (2019)).
"""

from __future__ import annotations

import functools
import time
import warnings
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from cooperlab.moire.hartree_fock import (
    GroundStateWarning,
    HartreeFockOptions,
    HartreeFockState,
    InteractingTBG,
    solve_hartree_fock,
    solve_hartree_fock_ground_state,
)
from cooperlab.moire.ldos import (
    GatedTip,
    LDOSOptions,
    STMOptions,
    STMSpectrum,
    broadened_chemical_potential,
    peak_splitting,
    solve_bare_stm_map,
    tunnelling_spectrum,
)
from cooperlab.naming import deprecated_alias
from cooperlab.results import Convergence, Result, make_metadata, variable
from cooperlab.sweep.result import SweepResult
from cooperlab.validation import require_choice

APPROXIMATIONS = ("none", "hartree", "hartree-fock")
#: Starts compared at each filling of a Hartree-Fock map (see hartree_fock_ground_state).
MAP_STARTS = ("symmetric", "flavour", "random")


def solve_mean_field_stm_spectrum(state: HartreeFockState, tip: str = "AA",
                            broadening_meV: float = 0.3,
                            stm: STMOptions | None = None) -> STMSpectrum:
    """dI/dV of a mean-field state at a named tip position or ``"average"``."""
    stm = stm or STMOptions()
    start = time.perf_counter()
    positions = [str(p) for p in state.position]
    require_choice("tip", tip, (*positions, "average"))
    energy = np.asarray(state.energy)
    cell_area = state.metadata.get("cell_area_nm2")
    if tip == "average":
        weights = np.full_like(energy, 1.0 / cell_area)
    else:
        weights = np.asarray(state.local_weight)[positions.index(tip)]
    levels_below = energy.shape[1] // 2
    mu = broadened_chemical_potential(energy, levels_below, float(state.nu_mesh),
                                      stm.temperature_K, broadening_meV, degeneracy=1)
    bias, didv = tunnelling_spectrum(energy, weights, mu, 1.0 / energy.shape[0],
                                     broadening_meV, stm)
    return STMSpectrum(
        didv=didv, bias=bias, mu_meV=mu,
        metadata=make_metadata(
            wall_time_s=time.perf_counter() - start, state_model=state.metadata.get("model"),
            state_options=state.metadata.get("options"), stm=stm, nu=float(state.nu_mesh),
            tip=tip, phase=state.phase, gap_meV=float(state.gap_meV),
            broadening_meV=broadening_meV,
            convergence=Convergence(
                passed=state.convergence.passed if state.convergence is not None else True,
                criterion="closed form over the mean-field levels; passed: the state's "
                          "self-consistency verdict",
                discretisation={"n_k": int(energy.shape[0]), "levels": int(energy.shape[1]),
                                "broadening_meV": broadening_meV, "n_bias": stm.n_bias}),
        ),
    )


def solve_mean_field_state(model: InteractingTBG, approximation: str,
                     options: HartreeFockOptions | None = None,
                     starts: tuple[str, ...] = MAP_STARTS) -> HartreeFockState:
    """The state a map uses: flavour-symmetric Hartree, or the HF ground state of ``starts``
    (no weak or extra random starts, no kicked restarts: a map solves many fillings)."""
    require_choice("approximation", approximation, APPROXIMATIONS[1:])
    options = options or HartreeFockOptions()
    if approximation == "hartree":
        return solve_hartree_fock(model, replace(options, exchange=False,
                                                 symmetry="flavour_symmetric"))
    with warnings.catch_warnings():  # a map's fillings: recorded in each state's metadata
        warnings.simplefilter("ignore", GroundStateWarning)
        return solve_hartree_fock_ground_state(model, options, starts, weak_seeds=False,
                                         n_random=0, n_perturbations=0)


def solve_mean_field_stm_point(model: InteractingTBG, tip: str = "AA",
                         approximation: str = "hartree-fock",
                         options: HartreeFockOptions | None = None,
                         broadening_meV: float = 0.3, stm: STMOptions | None = None,
                         starts: tuple[str, ...] = MAP_STARTS) -> STMSpectrum:
    """STM spectrum at ``model.nu`` in a mean-field approximation (sweepable over nu)."""
    state = solve_mean_field_state(model, approximation, options, starts)
    spectrum = solve_mean_field_stm_spectrum(state, tip, broadening_meV, stm)
    spectrum.metadata.update(approximation=approximation,
                             total_energy_meV=float(state.total_energy_meV))
    return spectrum


def solve_mean_field_stm_map(model: InteractingTBG, nu: np.ndarray, tip: str = "AA",
                       approximation: str = "hartree-fock",
                       options: HartreeFockOptions | None = None,
                       broadening_meV: float = 0.3, stm: STMOptions | None = None,
                       starts: tuple[str, ...] = MAP_STARTS, **sweep_options: Any) -> SweepResult:
    """dI/dV(nu, V) of the mean-field states, on :func:`cooperlab.sweep` over ``nu``.

    The form factors are built once per process and reused along the sweep.
    """
    from cooperlab.sweep import sweep

    point = functools.partial(solve_mean_field_stm_point, tip=tip, approximation=approximation,
                              options=options or HartreeFockOptions(),
                              broadening_meV=broadening_meV, stm=stm or STMOptions(),
                              starts=starts)
    return sweep(point, model, nu=np.asarray(nu, dtype=float), **sweep_options)


@dataclass(kw_only=True)
class STMMapComparison(Result):
    """dI/dV(nu, V) at one tip in several approximations, with the peak splitting."""

    didv: np.ndarray = variable(("approximation", "nu", "bias"), "1/(meV nm^2)",
                                "dI/dV in units of the LDOS")
    mu_meV: np.ndarray = variable(("approximation", "nu"), "meV", "chemical potential")
    splitting_meV: np.ndarray = variable(("approximation", "nu"), "meV",
                                         "distance between the two strongest peaks")
    approximation: np.ndarray = variable(("approximation",), "", "approximation", coordinate=True)
    nu: np.ndarray = variable(("nu",), "", "filling nu", coordinate=True)
    bias: np.ndarray = variable(("bias",), "mV", "sample bias", coordinate=True)

    def summary(self) -> dict[str, Any]:
        """Splitting versus nu per approximation, for ``--json``."""
        return {
            "result": "STMMapComparison", "tip": self.metadata.get("tip"),
            "nu": [float(x) for x in self.nu],
            "splitting_meV": {str(a): [None if np.isnan(x) else round(float(x), 3)
                                       for x in row]
                              for a, row in zip(self.approximation, self.splitting_meV,
                                                strict=True)},
        }

    def plot(self, ax: Any = None, **kwargs: Any) -> Any:
        """The maps side by side and the splitting versus nu."""
        from cooperlab.plotting.moire import plot_stm_comparison

        return plot_stm_comparison(self, ax=ax, **kwargs)


def solve_stm_map_comparison(model: InteractingTBG, nu: np.ndarray, tip: str = "AA",
                     approximations: tuple[str, ...] = APPROXIMATIONS,
                     options: HartreeFockOptions | None = None, broadening_meV: float = 0.3,
                     stm: STMOptions | None = None, starts: tuple[str, ...] = MAP_STARTS,
                     **sweep_options: Any) -> STMMapComparison:
    """The maps of several approximations on one nu grid and their peak splittings.

    ``"none"`` uses the bare bands on the same mesh
    (:func:`~cooperlab.moire.ldos.solve_bare_stm_map`).
    A ``store`` in ``sweep_options`` gets one sub-folder per approximation, so an
    interrupted comparison resumes.
    """
    options = options or HartreeFockOptions()
    start = time.perf_counter()
    maps = []
    for approximation in approximations:
        require_choice("approximation", approximation, APPROXIMATIONS)
        extra = dict(sweep_options)
        if extra.get("store") is not None:
            extra["store"] = Path(extra["store"]) / approximation
        if approximation == "none":
            swept = solve_bare_stm_map(
                GatedTip(model.continuum, 0.0, tip), nu,
                LDOSOptions(n_mesh=options.n_mesh, bands=model.bands,
                            broadening_meV=broadening_meV), stm, **extra)
        else:
            swept = solve_mean_field_stm_map(model, nu, tip, approximation, options, broadening_meV,
                                       stm, starts, **extra)
        maps.append(swept.to_xarray())
    bias = np.asarray(maps[0]["bias"])
    didv = np.stack([np.asarray(m["didv"]) for m in maps])
    return STMMapComparison(
        didv=didv, mu_meV=np.stack([np.asarray(m["mu_meV"]) for m in maps]),
        splitting_meV=np.array([[peak_splitting(bias, row) for row in block]
                                for block in didv]),
        approximation=np.array(approximations), nu=np.asarray(nu, dtype=float), bias=bias,
        metadata=make_metadata(model=model, options=options,
                               wall_time_s=time.perf_counter() - start, tip=tip,
                               broadening_meV=broadening_meV, stm=stm or STMOptions(),
                               starts=list(starts),
                               convergence=_map_verdict(maps, approximations, nu, options,
                                                        broadening_meV, bias.size)),
    )


def _map_verdict(maps: list[Any], approximations: tuple[str, ...], nu: Any,
                 options: HartreeFockOptions, broadening_meV: float, n_bias: int) -> Convergence:
    """Passed when every filling of every map converged (the sweeps' per-point verdicts)."""
    fillings = np.atleast_1d(np.asarray(nu, dtype=float))
    flags = [np.broadcast_to(np.asarray(m["converged"].values if "converged" in m else True,
                                        dtype=bool), fillings.shape) for m in maps]
    failed = {a: [float(x) for x in fillings[~f]] for a, f in zip(approximations, flags,
                                                                     strict=True) if not f.all()}
    return Convergence(
        passed=not failed, criterion="every filling of every map converged (bare bands: "
        "complete diagonalisation on the mesh; mean field: self-consistency of its search)",
        achieved=float(sum(int(f.sum()) for f in flags)), target=float(fillings.size * len(maps)),
        discretisation={"n_mesh": options.n_mesh, "broadening_meV": broadening_meV,
                        "n_bias": int(n_bias), "n_nu": int(fillings.size)},
        details={"unconverged_nu": failed})


def solve_stm_map(model: InteractingTBG, nu: np.ndarray, tip: str = "AA",
                  approximation: str = "none", ldos: LDOSOptions | None = None,
                  stm: STMOptions | None = None, g_cutoff: float = 2.0,
                  **sweep_options: Any) -> SweepResult | STMMapComparison:
    """dI/dV(nu, V) at ``tip`` in one approximation, swept over the gate filling ``nu``.

    ``"none"``: the bare bands (:func:`~cooperlab.moire.ldos.solve_bare_stm_map` with ``ldos``);
    ``"hartree"``, ``"hartree-fock"``: the mean-field states on the ``ldos`` mesh (both
    layers, reciprocal vectors up to ``g_cutoff``; :func:`solve_mean_field_stm_map`); ``"all"``:
    the three side by side (:func:`solve_stm_map_comparison`).
    """
    require_choice("approximation", approximation, (*APPROXIMATIONS, "all"))
    ldos = ldos or LDOSOptions()
    if approximation == "none":
        return solve_bare_stm_map(GatedTip(model.continuum, model.nu, tip), nu, ldos, stm,
                                  **sweep_options)
    if ldos.layer is not None:
        raise ValueError("layer must be both (None) for the mean-field maps "
                         f"(approximation={approximation!r}); got layer={ldos.layer}")
    mean_field = HartreeFockOptions(n_mesh=ldos.n_mesh, g_cutoff=g_cutoff)
    if approximation == "all":
        return solve_stm_map_comparison(model, nu, tip, APPROXIMATIONS, mean_field,
                                        ldos.broadening_meV, stm, **sweep_options)
    return solve_mean_field_stm_map(model, nu, tip, approximation, mean_field, ldos.broadening_meV,
                              stm, **sweep_options)


# Deprecated names (removed in the next release).
compare_stm_maps = deprecated_alias(solve_stm_map_comparison, "compare_stm_maps")
mean_field_stm_spectrum = deprecated_alias(solve_mean_field_stm_spectrum, "mean_field_stm_spectrum")
mean_field_stm_point = deprecated_alias(solve_mean_field_stm_point, "mean_field_stm_point")
mean_field_state = deprecated_alias(solve_mean_field_state, "mean_field_state")
mean_field_stm_map = deprecated_alias(solve_mean_field_stm_map, "mean_field_stm_map")
