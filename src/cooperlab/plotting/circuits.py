"""Plots of circuit results: spectra versus a parameter, wavefunctions, engine work."""

from __future__ import annotations

from typing import Any

import numpy as np


def _axes(ax: Any) -> Any:
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(6, 4))
    return ax


def plot_spectrum_sweep(result: Any, ax: Any = None, relative: bool = True, **kwargs: Any) -> Any:
    """Levels ``E_i - E_0`` (or ``E_i``) in GHz versus the swept parameter."""
    ax = _axes(ax)
    energies = np.asarray(result.energies_GHz)
    shown = energies - energies[:, :1] if relative else energies
    ax.plot(result.values, shown, **kwargs)
    ax.set_xlabel(result.parameter)
    ax.set_ylabel("E_i - E_0 (GHz)" if relative else "E_i (GHz)")
    return ax


def plot_wavefunctions(result: Any, ax: Any = None, scale: float | None = None,
                       **kwargs: Any) -> Any:
    """The potential and each ``psi_i(phi)`` drawn about its energy."""
    ax = _axes(ax)
    energies = np.asarray(result.energies_GHz)
    spacing = np.min(np.diff(energies)) if energies.size > 1 else 1.0
    size = scale or 0.8 * max(spacing, 1e-3) / np.max(np.abs(result.psi))
    ax.plot(result.phi, result.potential_GHz, color="k", lw=1)
    for i, energy in enumerate(energies):
        ax.axhline(energy, color="0.8", lw=0.5)
        ax.plot(result.phi, energy + size * result.psi[:, i], **kwargs)
    top = energies[-1] + 2 * max(spacing, 1e-3)
    ax.set_ylim(np.min(result.potential_GHz) - 0.1 * abs(top), top)
    ax.set_xlabel("phase phi (rad)")
    ax.set_ylabel("energy (GHz)")
    return ax


def plot_engine(result: Any, ax: Any = None, **kwargs: Any) -> Any:
    """Work on the particle (population and coherence parts) and ``E(t) - E(0)``."""
    ax = _axes(ax)
    ax.plot(result.t, result.work_population, label="W population", **kwargs)
    ax.plot(result.t, result.work_coherence, label="W coherence", **kwargs)
    ax.plot(result.t, result.energy - result.energy[0], "k--", label="E(t) - E(0)")
    ax.set_xlabel(f"time ({result.metadata.get('time_unit', '')})")
    ax.set_ylabel(f"energy ({result.metadata.get('energy_unit', '')})")
    ax.legend()
    return ax
