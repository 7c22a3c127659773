"""Plots of the spin resonance: chi''(Q, omega) bare and RPA, with the continuum edge."""

from __future__ import annotations

from typing import Any

import numpy as np

from cooperlab.plotting import new_axes


def plot_spin_resonance(result: Any, ax: Any = None, *, compare: Any = None,
                        **kwargs: Any) -> Any:
    """``chi''(Q, omega)`` (RPA solid; bare dashed, right axis) with ``Omega_c`` marked.

    ``compare`` is a second :class:`~cooperlab.fluctuations.resonance.SpinResonance` (e.g.
    the s++ state with the same ``|Delta|``) drawn on the same axes. Energies are in meV
    when the model gave ``energy_unit_meV``, else in the model's energy unit ``t``.
    """
    ax = new_axes(ax)
    bare_ax = ax.twinx()
    for item, colour in ((result, "tab:red"), (compare, "tab:blue")):
        if item is None:
            continue
        scale = item.energy_unit_meV or 1.0
        label = item.metadata.get("gap", "")
        ax.plot(item.omega * scale, item.chi.imag, color=colour, lw=1.5,
                label=f"{label} RPA", **kwargs)
        bare_ax.plot(item.omega * scale, item.chi0.imag, color=colour, lw=1.0, ls="--",
                     label=f"{label} bare (right axis)")
        ax.axvline(item.omega_c * scale, color=colour, ls=":", lw=1.0)
        if np.isfinite(item.resonance_energy):
            ax.annotate("resonance", (item.resonance_energy * scale,
                                      float(np.max(item.chi.imag))),
                        textcoords="offset points", xytext=(-60, -10), fontsize="small")
    unit = "meV" if result.energy_unit_meV else result.VARIABLES["omega"].units
    ax.set_xlabel(f"ω ({unit})")
    ax.set_ylabel("χ''(Q, ω)")
    ax.set_ylim(bottom=0)
    bare_ax.set_ylim(bottom=0)
    bare_ax.set_ylabel("bare χ0''(Q, ω), dashed")
    ax.set_title("spin response at Q; dotted: Ω_c = min(E_k + E_k+Q)")
    ax.legend(fontsize="small")
    return ax
