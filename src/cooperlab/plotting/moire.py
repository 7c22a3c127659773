"""Plots of twisted-bilayer-graphene results."""

from __future__ import annotations

from typing import Any

import numpy as np

from cooperlab.plotting import new_axes

VALLEY_STYLE = {1: {"color": "tab:blue", "ls": "-"}, -1: {"color": "tab:red", "ls": "--"}}


def plot_bands(
    bands: Any, ax: Any = None, *, window_meV: float | None = 60.0, **kwargs: Any
) -> Any:
    """Band structure ``E(k)`` along the path, valley K solid and K' dashed.

    ``window_meV`` limits the energy axis to +-window around zero (None: all bands).
    """
    ax = new_axes(ax)
    for v_index, valley in enumerate(bands.valley):
        style = {**VALLEY_STYLE[int(valley)], "lw": 1.0, **kwargs}
        lines = ax.plot(bands.distance, bands.energy[v_index], **style)
        lines[0].set_label("valley K" if valley == 1 else "valley K'")
    if bands.tick_distance is not None:
        ax.set_xticks(bands.tick_distance, [str(s) for s in bands.tick_label])
        for x in bands.tick_distance:
            ax.axvline(x, color="0.7", lw=0.5)
    ax.set_xlim(bands.distance[0], bands.distance[-1])
    if window_meV is not None:
        ax.set_ylim(-window_meV, window_meV)
    theta = bands.metadata.get("model", {}).get("theta_deg")
    if theta is not None:
        ax.set_title(f"TBG continuum bands, θ = {theta:.3f}°")
    ax.set_ylabel("E (meV)")
    ax.legend(loc="upper right", fontsize="small")
    return ax


def plot_dos(dos: Any, ax: Any = None, *, show_filling: bool = True, **kwargs: Any) -> Any:
    """Density of states per moire cell, with the filling nu(E) on a twin axis."""
    ax = new_axes(ax)
    ax.plot(dos.energy, dos.dos, color="k", lw=1.0, **kwargs)
    ax.set_xlabel("E (meV)")
    ax.set_ylabel("DOS (states / meV / moiré cell)")
    ax.set_ylim(bottom=0)
    if show_filling:
        twin = ax.twinx()
        twin.plot(dos.energy, dos.filling, color="tab:orange", lw=1.0)
        twin.set_ylabel("filling ν", color="tab:orange")
        twin.set_yticks(np.arange(np.floor(dos.filling.min()), np.ceil(dos.filling.max()) + 1))
    return ax


def plot_magic_angles(result: Any, ax: Any = None, **kwargs: Any) -> Any:
    """Magic angles as points (alpha, theta)."""
    ax = new_axes(ax)
    ax.plot(result.alpha, result.theta_deg, "o", **kwargs)
    for a, t in zip(result.alpha, result.theta_deg, strict=True):
        ax.annotate(f"{t:.3f}°", (a, t), textcoords="offset points", xytext=(5, 5))
    ax.set_xlabel("α = w₁ / (ħ v k_θ)")
    ax.set_ylabel("magic angle θ (deg)")
    return ax


def plot_wilson_loop(result: Any, ax: Any = None, **kwargs: Any) -> Any:
    """Wilson-loop eigenphases of the two flat bands versus k_2."""
    ax = new_axes(ax)
    ax.plot(result.k2_fraction, result.wilson_phases / np.pi, "o", ms=3, **kwargs)
    ax.set_xlabel("k₂ / |b₂|")
    ax.set_ylabel("Wilson-loop phase / π")
    ax.set_ylim(-1.05, 1.05)
    ax.set_title(f"winding {list(int(w) for w in result.wilson_winding)}")
    return ax


def plot_dome(result: Any, ax: Any = None, **kwargs: Any) -> Any:
    """Superconducting dome(s): mean-field T_c and T_BKT versus the swept parameter."""
    ax = new_axes(ax)
    data = result.to_xarray() if hasattr(result, "to_xarray") else result
    (swept,) = [d for d in data["tc_K"].dims]
    x = data[swept].values
    ax.plot(x, data["tc_K"].values, "o-", color="tab:blue", label="mean-field $T_c$", **kwargs)
    ax.fill_between(x, 0, data["t_bkt_K"].values, color="tab:orange", alpha=0.35,
                    label="superconducting ($T < T_{BKT}$)")
    ax.plot(x, data["t_bkt_K"].values, "s-", color="tab:orange", ms=3, label="$T_{BKT}$")
    names = {"nu": "filling ν", "continuum__theta_deg": "twist angle θ (deg)"}
    ax.set_xlabel(names.get(swept, swept))
    ax.set_ylabel("temperature (K)")
    ax.set_ylim(bottom=0)
    ax.legend()
    return ax


def plot_stm_map(result: Any, ax: Any = None, **kwargs: Any) -> Any:
    """dI/dV(nu, V) as a colour map (the gate-versus-bias STM figure)."""
    ax = new_axes(ax, figsize=(5.0, 4.5))
    data = result.to_xarray() if hasattr(result, "to_xarray") else result
    mesh = ax.pcolormesh(data["nu"].values, data["bias"].values, data["didv"].values.T,
                         shading="auto", cmap="magma", **kwargs)
    ax.figure.colorbar(mesh, ax=ax, label="dI/dV (LDOS units)")
    ax.set_xlabel("filling ν")
    ax.set_ylabel("V (mV)")
    return ax


def plot_hartree_fock(state: Any, ax: Any = None, *, broadening_meV: float = 0.5,
                      **kwargs: Any) -> Any:
    """Density of the mean-field levels against the bare bands, with mu.

    Both are Gaussian-broadened (``broadening_meV``) and normalised per moire cell and
    flavour sum (states / meV / cell).
    """
    from cooperlab.numerics.spectral_density import broadened_density

    ax = new_axes(ax)
    levels = np.asarray(state.energy)
    bare = np.asarray(state.bare_energy)
    n_k = levels.shape[0]
    low = min(levels.min(), bare.min()) - 5 * broadening_meV
    high = max(levels.max(), bare.max()) + 5 * broadening_meV
    grid = np.linspace(low, high, 1201)
    mean_field = broadened_density(levels, grid, broadening_meV, "gaussian", 1.0 / n_k)[0]
    bare_dos = sum(broadened_density(bare[v], grid, broadening_meV, "gaussian", 2.0 / n_k)[0]
                   for v in range(bare.shape[0]))
    ax.plot(grid, bare_dos, color="0.6", lw=1.0, label="bare bands")
    ax.plot(grid, mean_field, **{"color": "tab:blue", "lw": 1.2, "label": "mean field",
                                 **kwargs})
    ax.axvline(state.mu_meV, color="k", ls=":", lw=1.0, label="μ")
    ax.set_xlabel("E (meV)")
    ax.set_ylabel("DOS (states / meV / cell)")
    ax.set_title(f"ν = {float(state.nu_mesh):+.2f}: {state.phase}, gap {state.gap_meV:.1f} meV")
    ax.legend(fontsize="small")
    return ax


def plot_stm_comparison(result: Any, ax: Any = None, **kwargs: Any) -> Any:
    """The dI/dV(nu, V) maps of each approximation side by side, then the flat-band peak
    splitting versus nu; returns the splitting Axes (``ax`` is not used: a new figure)."""
    import matplotlib.pyplot as plt

    names = [str(a) for a in result.approximation]
    fig, axes = plt.subplots(1, len(names) + 1, figsize=(4.0 * (len(names) + 1), 4.0),
                             layout="constrained")
    titles = {"none": "non-interacting", "hartree": "Hartree", "hartree-fock": "Hartree-Fock"}
    for panel, name, block in zip(axes, names, result.didv, strict=False):
        panel.pcolormesh(result.nu, result.bias, np.asarray(block).T, shading="auto",
                         cmap="magma", **kwargs)
        panel.set_title(titles.get(name, name))
        panel.set_xlabel("filling ν")
        panel.set_ylabel("V (mV)")
    split = axes[-1]
    for name, row in zip(names, result.splitting_meV, strict=True):
        split.plot(result.nu, row, marker="o", ms=3, label=titles.get(name, name))
    split.set_xlabel("filling ν")
    split.set_ylabel("peak splitting (meV)")
    split.legend(fontsize="small")
    fig.suptitle(f"STM at {result.metadata.get('tip', 'AA')} versus gate")
    return split


def plot_hartree_fock_bands(state: Any, ax: Any = None, *, path: str = "K-G-M-K'",
                            **kwargs: Any) -> Any:
    """Mean-field levels (points, joined) against the bare bands (grey) along a path of
    mesh points, with mu: the renormalised bands at the state's filling."""
    ax = new_axes(ax)
    data = state.path_levels(path)
    for valley in data["bare"]:
        ax.plot(data["distance"], valley, color="0.6", lw=1.0)
    ax.plot(data["distance"], data["levels"], **{"color": "tab:blue", "marker": ".",
                                                  "lw": 0.8, **kwargs})
    ax.axhline(state.mu_meV, color="k", ls=":", lw=1.0)
    ax.set_xticks(data["ticks"], [str(x) for x in data["labels"]])
    for x in data["ticks"]:
        ax.axvline(x, color="0.8", lw=0.5)
    ax.set_xlim(data["distance"][0], data["distance"][-1])
    ax.set_ylabel("E (meV)")
    ax.set_title(f"ν = {float(state.nu_mesh):+.2f}: {state.phase}")
    return ax
