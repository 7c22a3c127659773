"""Finite-temperature Hartree-Fock of twisted bilayer graphene: the competing ordered states
of the zero-temperature search followed over temperature at one filling.

Each named start of :data:`~cooperlab.moire.hartree_fock.STARTS` (the flavour-symmetric
state, the valley, spin and flavour polarised ones, the intervalley-coherent ones) is
solved at ``T = 0`` (:func:`~cooperlab.moire.hartree_fock.solve_hartree_fock`) and then
followed upward in temperature, each temperature warm-started from the density of the
previous one, minimising the free energy ``F = E - T S`` per moire cell with Fermi-Dirac
occupations at the filling nu (:func:`~cooperlab.moire.scf.thermal_damping`; Mermin,
Phys. Rev. 137, A1441 (1965)). Recorded per state and temperature: ``F``, ``E``, ``S``,
the charge gap of the quasiparticle levels (0 where the levels below ``mu`` vary from k to
k: a Fermi surface), the order parameters; per state the ordering temperature ``T_order``,
the temperature at which its order parameter (the rms over k of the part of the density
matrix that breaks the symmetries of the flavour-symmetric state) falls below
:data:`ORDER_THRESHOLD`, bracketed on the grid and refined by bisection (each midpoint
warm-started from the ordered side) to ``order_tolerance_K``. Near the transition the
order parameter relaxes slowly (the free energy is flat in it), so the self-consistency
tolerance limits ``T_order`` to about 2 % (nu = 2, 6x6: 114, 116 and 117 K from three grids
with the default tolerance), whatever the bisection's tolerance.

``T_order`` is where the mean-field branch of the state ends. Mean field has no
fluctuations: it marks the scale at which the flavour moments form, not where long-range
order (forbidden at T > 0 in 2D for a continuous symmetry: Mermin-Wagner) or a transport
gap appears; it overestimates the experiments' transition temperatures (README, "Physics
and conventions (TBG)").
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from cooperlab.moire.hartree_fock import (
    STARTS,
    HartreeFockOptions,
    HartreeFockState,
    InteractingTBG,
    _solve,
)
from cooperlab.results import Convergence, Result, make_metadata, scalar, variable
from cooperlab.units import K_B_MEV_PER_K
from cooperlab.validation import require_choice, require_int, require_positive

#: A state counts as ordered while its order parameter (rms over k of the
#: symmetry-breaking part of P; of order 1 in an ordered state) exceeds this.
ORDER_THRESHOLD = 1e-2
#: The states followed by default: every named start but the random one.
ORDERED_STARTS = tuple(s for s in STARTS if s != "random")
#: Free energies per cell closer than this (meV) count as equal (the lowest state).
FREE_ENERGY_MATCH_MEV = 1e-4


@dataclass(kw_only=True)
class HartreeFockTemperatures(Result):
    """Competing mean-field states of TBG at one filling, followed over temperature."""

    state: np.ndarray = variable(("state",), "", "start the state was followed from",
                                 coordinate=True)
    temperature_K: np.ndarray = variable(("temperature",), "K", "temperature",
                                         coordinate=True)
    free_energy: np.ndarray = variable(("state", "temperature"), "meV",
                                       "free energy E - T S per moire cell")
    energy: np.ndarray = variable(("state", "temperature"), "meV",
                                  "mean-field energy per moire cell")
    entropy: np.ndarray = variable(("state", "temperature"), "",
                                   "fermionic entropy per moire cell (units of k_B)")
    gap: np.ndarray = variable(("state", "temperature"), "meV",
                               "charge gap of the quasiparticle levels (0 in a metal)")
    order: np.ndarray = variable(("state", "temperature"), "", "order parameter: rms over k "
                                 "of the symmetry-breaking part of P")
    valley_polarization: np.ndarray = variable(("state", "temperature"), "",
                                               "n_K - n_K' per cell")
    spin_polarization: np.ndarray = variable(("state", "temperature"), "",
                                             "n_up - n_down per cell")
    ivc_amplitude: np.ndarray = variable(("state", "temperature"), "",
                                         "rms norm of the intervalley block of P")
    gain: np.ndarray = variable(("state", "temperature"), "meV",
                                "free-energy gain of the last self-consistency step")
    energy_zero: np.ndarray = variable(("state",), "meV", "energy per cell at T = 0")
    gap_zero: np.ndarray = variable(("state",), "meV", "charge gap at T = 0 (0 in a metal)")
    order_zero: np.ndarray = variable(("state",), "", "order parameter at T = 0")
    phase_zero: np.ndarray = variable(("state",), "", "phase at T = 0")
    order_temperature_K: np.ndarray = variable(
        ("state",), "K", "ordering temperature (NaN: not ordered at T = 0, or beyond the grid)")
    order_bracket_low_K: np.ndarray = variable(("state",), "K",
                                               "highest temperature found ordered")
    order_bracket_high_K: np.ndarray = variable(("state",), "K",
                                                "lowest temperature found disordered")
    lowest: np.ndarray = variable(("temperature",), "", "state of the lowest free energy")
    nu_mesh: float = scalar("", "filling realised on the mesh")
    ground_gap_meV: float = scalar("meV", "T = 0 gap of the lowest state at T = 0")
    ground_order_temperature_K: float = scalar(
        "K", "ordering temperature of the lowest state at T = 0")

    def ground_state(self) -> str:
        """Name of the state of the lowest energy at T = 0."""
        return str(self.state[int(np.argmin(self.energy_zero))])

    def summary(self) -> dict[str, Any]:
        """Per state: T = 0 phase, energy and gap, T_order and k_B T_order / gap; the
        lowest state at each temperature; the convergence verdicts."""
        def number(x: Any) -> float | None:
            return float(x) if np.isfinite(x) else None

        states = {}
        for i, name in enumerate(self.state):
            t_order, gap = float(self.order_temperature_K[i]), float(self.gap_zero[i])
            states[str(name)] = {
                "phase": str(self.phase_zero[i]), "energy_meV": float(self.energy_zero[i]),
                "gap_meV": gap, "order_temperature_K": number(t_order),
                "gap_over_kT_order": number(gap / (K_B_MEV_PER_K * t_order))
                if gap > 0 and t_order > 0 else None}
        verdict = self.convergence
        return {"result": type(self).__name__, "nu": float(self.nu_mesh),
                "ground_state": self.ground_state(),
                "ground_gap_meV": float(self.ground_gap_meV),
                "ground_order_temperature_K": number(self.ground_order_temperature_K),
                "states": states,
                "lowest": dict(zip(map(float, self.temperature_K), map(str, self.lowest),
                                   strict=True)),
                "converged": None if verdict is None else verdict.passed}

    def plot(self, ax: Any = None, **kwargs: Any) -> Any:
        """Free energy (relative to the flavour-symmetric state, or the mean) and order
        parameter (dashed, right axis) of every state versus temperature."""
        import matplotlib.pyplot as plt

        if ax is None:
            ax = plt.subplots(figsize=(6, 4))[1]
        names = [str(s) for s in self.state]
        base = (self.free_energy[names.index("symmetric")] if "symmetric" in names
                else np.mean(self.free_energy, axis=0))
        twin = ax.twinx()
        for i, name in enumerate(names):
            line, = ax.plot(self.temperature_K, self.free_energy[i] - base, label=name,
                            **kwargs)
            twin.plot(self.temperature_K, self.order[i], "--",
                      color=line.get_color())
        ax.set_xlabel("T (K)")
        ax.set_ylabel("F - F_symmetric (meV per cell)")
        twin.set_ylabel("order parameter (dashed)")
        ax.legend(fontsize="small")
        ax.set_title(f"nu = {float(self.nu_mesh):g}")
        return ax


def _point(state: HartreeFockState) -> dict[str, float]:
    gap = float(state.gap_meV) if state.filled_levels_spread == 0 and np.isfinite(
        state.gap_meV) else 0.0
    return {"free_energy": state.free_energy_meV, "energy": state.total_energy_meV,
            "entropy": state.entropy, "gap": gap, "order": state.order_parameter,
            "valley_polarization": state.valley_polarization,
            "spin_polarization": state.spin_polarization, "ivc_amplitude": state.ivc_amplitude,
            "gain": float(state.metadata["convergence"]["energy_gain_meV"]),
            "converged": bool(state.metadata["convergence"]["converged"])}


def solve_hartree_fock_temperatures(
    model: InteractingTBG, options: HartreeFockOptions | None = None,
    temperatures_K: Sequence[float] = (1.0, 5.0, 10.0, 20.0, 40.0, 60.0, 80.0, 100.0,
                                       120.0, 150.0),
    starts: Sequence[str] = ORDERED_STARTS, *, order_tolerance_K: float = 0.5,
    max_bisections: int = 12,
) -> HartreeFockTemperatures:
    """Follow each state of the Hartree-Fock search from ``T = 0`` up in temperature.

    Parameters
    ----------
    model : InteractingTBG
        The filling nu and the screening (``interaction.epsilon``, gate distance).
    options : HartreeFockOptions
        Mesh, cutoff, tolerance ... (``start`` and ``temperature_K`` are set per state and
        temperature).
    temperatures_K : sequence of float
        Temperatures (K, > 0), sorted ascending here.
    starts : sequence of str
        Named starts of :data:`~cooperlab.moire.hartree_fock.STARTS` to follow;
        ``"symmetric"`` is solved with ``symmetry="flavour_symmetric"``: the reference
        state without order (order parameter 0 at every T), whose free energy the ordered
        states reach above their ``T_order``.
    order_tolerance_K : float
        Bisection of each ``T_order`` until its bracket is narrower than this (K).
    max_bisections : int
        At most this many bisection steps per state.

    Returns
    -------
    HartreeFockTemperatures
        dims ``(state, temperature)``; ``metadata["convergence"]`` passes when every point
        met the self-consistency tolerance and every ``T_order`` found on the grid was
        refined within ``order_tolerance_K`` (``details``: the points that did not, the
        states whose order outlived the grid).
    """
    began = time.perf_counter()
    options = options or HartreeFockOptions()
    for name in starts:
        require_choice("starts", name, STARTS)
    if not starts:
        raise ValueError("starts must name at least one start")
    temperatures = np.sort(np.asarray(temperatures_K, dtype=float))
    if temperatures.size == 0 or not np.all(temperatures > 0) or np.any(
            np.diff(temperatures) == 0):
        raise ValueError(f"temperatures_K must be distinct and > 0 K, got {temperatures_K!r}")
    require_positive("order_tolerance_K", order_tolerance_K, "K")
    require_int("max_bisections", max_bisections, 0)
    names = list(dict.fromkeys(starts))
    keys = ("free_energy", "energy", "entropy", "gap", "order",
            "valley_polarization", "spin_polarization", "ivc_amplitude", "gain")
    table = {key: np.full((len(names), temperatures.size), np.nan) for key in keys}
    zero: dict[str, list[Any]] = {"energy": [], "gap": [], "order": [], "phase": []}
    t_order = np.full(len(names), np.nan)
    low, high = np.full(len(names), np.nan), np.full(len(names), np.nan)
    unconverged: list[str] = []
    outlived: list[str] = []
    unrefined: list[str] = []
    nu_mesh = float(model.nu)
    for i, name in enumerate(names):
        # the symmetric state is the reference without order: kept flavour symmetric
        settings = replace(options, symmetry="flavour_symmetric") if name == "symmetric" \
            else options
        ground, density = _solve(model, replace(settings, start=name, temperature_K=0.0))
        # the T = 0 energy of the final density evaluated afresh (a resumed solve), as at T > 0
        ground, density = _solve(model, replace(settings, temperature_K=0.0), initial=density,
                                 resume=True)
        nu_mesh = float(ground.nu_mesh)
        zero["energy"].append(ground.total_energy_meV)
        zero["gap"].append(_point(ground)["gap"])
        zero["order"].append(ground.order_parameter)
        zero["phase"].append(ground.phase)
        if not ground.metadata["convergence"]["converged"]:
            unconverged.append(f"{name} at 0 K")
        ordered = ground.order_parameter > ORDER_THRESHOLD
        low[i] = 0.0 if ordered else np.nan
        ordered_density = density
        for j, temperature in enumerate(temperatures):
            state, density = _solve(model, replace(settings, temperature_K=float(temperature)),
                                    initial=density, resume=True)
            point = _point(state)
            for key in keys:
                table[key][i, j] = point[key]
            if not point["converged"]:
                unconverged.append(f"{name} at {temperature:g} K")
            if ordered and state.order_parameter > ORDER_THRESHOLD:
                low[i], ordered_density = temperature, density
            elif ordered and np.isnan(high[i]):
                high[i] = temperature
        if not ordered:
            continue
        if np.isnan(high[i]):
            outlived.append(name)
            continue
        for _ in range(max_bisections):
            if high[i] - low[i] <= order_tolerance_K:
                break
            middle = 0.5 * (low[i] + high[i])
            state, trial = _solve(model, replace(settings, temperature_K=middle),
                                  initial=ordered_density, resume=True)
            if not state.metadata["convergence"]["converged"]:
                unconverged.append(f"{name} at {middle:g} K (bisection)")
            if state.order_parameter > ORDER_THRESHOLD:
                low[i], ordered_density = middle, trial
            else:
                high[i] = middle
        if high[i] - low[i] > order_tolerance_K:
            unrefined.append(name)
        t_order[i] = 0.5 * (low[i] + high[i])
    free = table["free_energy"]
    lowest = np.array([names[int(np.argmax(free[:, j] <= np.min(free[:, j])
                                           + FREE_ENERGY_MATCH_MEV))]
                       for j in range(temperatures.size)])  # the first listed of ties
    ground_index = int(np.argmin(zero["energy"]))
    passed = not unconverged and not unrefined
    convergence = Convergence(
        passed=passed,
        criterion=("every point's free-energy gain < tolerance_meV and every T_order found "
                   "on the grid bisected to within order_tolerance_K"),
        achieved=float(np.nanmax(table["gain"])), target=options.tolerance_meV,
        discretisation={"n_mesh": options.n_mesh, "g_cutoff": options.g_cutoff,
                        "temperatures": int(temperatures.size),
                        "order_tolerance_K": order_tolerance_K,
                        "order_threshold": ORDER_THRESHOLD},
        details={"unconverged": unconverged, "not_refined": unrefined,
                 "order_beyond_grid": outlived,
                 "bracket_widths_K": {n: float(high[i] - low[i]) for i, n in enumerate(names)
                                      if np.isfinite(t_order[i])}})
    return HartreeFockTemperatures(
        state=np.array(names), temperature_K=temperatures,
        **{key: table[key] for key in keys},
        energy_zero=np.array(zero["energy"]), gap_zero=np.array(zero["gap"]),
        order_zero=np.array(zero["order"]), phase_zero=np.array(zero["phase"]),
        order_temperature_K=t_order, order_bracket_low_K=low, order_bracket_high_K=high,
        lowest=lowest, nu_mesh=nu_mesh, ground_gap_meV=float(zero["gap"][ground_index]),
        ground_order_temperature_K=float(t_order[ground_index]),
        metadata=make_metadata(model=model, options=options,
                               wall_time_s=time.perf_counter() - began,
                               convergence=convergence, starts=names,
                               order_tolerance_K=order_tolerance_K,
                               max_bisections=max_bisections,
                               free_energy_match_meV=FREE_ENERGY_MATCH_MEV))
