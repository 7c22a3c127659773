"""Plots of conventional (phonon) superconductors: alpha^2F, Delta(i w_n), Delta(T), T_c(lambda)."""

from __future__ import annotations

from typing import Any

import numpy as np

from cooperlab.plotting import new_axes


def plot_alpha2f(spectrum: Any, ax: Any = None, *, show_coupling: bool = True,
                 **kwargs: Any) -> Any:
    """``alpha^2F(omega)`` with the running coupling ``lambda(omega)`` on a twin axis.

    ``spectrum`` is an :class:`~cooperlab.pairing.alpha2f.EliashbergFunction` (or anything
    with a ``spectrum`` attribute holding one, such as a material preset).
    """
    spectrum = getattr(spectrum, "spectrum", spectrum)
    ax = new_axes(ax)
    ax.plot(spectrum.omega_meV, spectrum.alpha2f, color="k", lw=1.0, **kwargs)
    ax.fill_between(spectrum.omega_meV, 0, spectrum.alpha2f, color="0.85")
    ax.set_xlabel("ω (meV)")
    ax.set_ylabel("α²F(ω)")
    ax.set_xlim(0, spectrum.omega_meV[-1])
    ax.set_ylim(bottom=0)
    ax.axvline(spectrum.omega_log_meV, color="tab:green", ls=":", lw=1.0,
               label=f"ω_log = {spectrum.omega_log_meV:.3g} meV")
    if show_coupling:
        twin = ax.twinx()
        twin.plot(spectrum.omega_meV, spectrum.cumulative_coupling(), color="tab:blue", lw=1.2)
        twin.set_ylabel("λ(ω) = 2∫α²F/ω", color="tab:blue")
        twin.set_ylim(bottom=0)
    title = spectrum.label or "α²F"
    ax.set_title(f"{title}: λ = {spectrum.coupling:.3g}")
    ax.legend(loc="upper left", fontsize="small")
    return ax


def plot_matsubara_gap(solution: Any, ax: Any = None, *, max_points: int = 60,
                       **kwargs: Any) -> Any:
    """``Delta(i w_n)`` (points) and ``Z(i w_n)`` (twin axis) at the solution's temperature."""
    ax = new_axes(ax)
    m = min(max_points, len(solution.matsubara_meV))
    w = solution.matsubara_meV[:m]
    ax.plot(w, solution.gap_meV[:m], "o-", ms=3, color="tab:red", label="Δ(iω_n)", **kwargs)
    ax.set_xlabel("ω_n (meV)")
    ax.set_ylabel("Δ(iω_n) (meV)", color="tab:red")
    twin = ax.twinx()
    twin.plot(w, solution.z[:m], "s-", ms=3, color="tab:blue")
    twin.set_ylabel("Z(iω_n)", color="tab:blue")
    ax.set_title(f"T = {float(solution.temperature_K):.3g} K, "
                 f"Δ₀ = {float(solution.gap_edge_meV):.3g} meV")
    return ax


def plot_gap_temperature(result: Any, ax: Any = None, **kwargs: Any) -> Any:
    """``Delta(T)`` of a BCS thermodynamics result, with the ``3.06 k_B T_c sqrt(1 - t)``
    asymptote near T_c."""
    from cooperlab.units import K_B_MEV_PER_K

    ax = new_axes(ax)
    tc = float(result.tc_K)
    ax.plot(result.T, result.gap_meV, color="k", lw=1.2, label="Δ(T)", **kwargs)
    t = np.linspace(0.7, 1.0, 50)
    ax.plot(t * tc, 3.06 * K_B_MEV_PER_K * tc * np.sqrt(1 - t), ":", color="tab:red",
            label="3.06 k_B T_c √(1 − T/T_c)")
    ax.set_xlabel("T (K)")
    ax.set_ylabel("Δ (meV)")
    ax.set_xlim(0, float(np.max(result.T)))
    ax.set_ylim(bottom=0)
    ax.set_title(f"T_c = {tc:.3g} K, 2Δ(0)/k_BT_c = {float(result.gap_ratio):.3f}")
    ax.legend()
    return ax


def plot_tc_versus_lambda(result: Any, ax: Any = None, **kwargs: Any) -> Any:
    """Eliashberg T_c against lambda, with the McMillan and Allen-Dynes curves."""
    ax = new_axes(ax)
    ax.plot(result.coupling, result.eliashberg_K, "o-", color="k", label="Eliashberg",
            **kwargs)
    ax.plot(result.coupling, result.allen_dynes_K, "--", color="tab:blue", label="Allen-Dynes")
    ax.plot(result.coupling, result.mcmillan_K, ":", color="tab:orange", label="McMillan (AD)")
    ax.set_xlabel("λ")
    ax.set_ylabel("T_c (K)")
    ax.set_ylim(bottom=0)
    ax.legend()
    return ax
