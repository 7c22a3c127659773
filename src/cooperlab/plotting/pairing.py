"""Plots of pairing solutions: gap functions on the Fermi surface, phase diagrams."""

from __future__ import annotations

from typing import Any

import numpy as np

from cooperlab.plotting import new_axes


def plot_gap(result: Any, ax: Any = None, state: int | None = None, **kwargs: Any) -> Any:
    """Gap function ``g(k)`` of one state on the Fermi shell, coloured by sign (red > 0).

    Points are the shell's mesh momenta in (-pi, pi]^2, sized by their Fermi-surface weight.
    """
    ax = new_axes(ax, figsize=(4.8, 4.2))
    state = result.leading if state is None else int(state)
    gap = result.gap[state]
    size = 4 + 30 * result.weight / result.weight.max()
    points = ax.scatter(result.kx, result.ky, c=gap, s=size, cmap="RdBu_r", vmin=-1, vmax=1,
                        **kwargs)
    ax.figure.colorbar(points, ax=ax, label=r"$g(\mathbf{k})$")
    ax.set_xlim(-np.pi, np.pi)
    ax.set_ylim(-np.pi, np.pi)
    ax.set_aspect("equal")
    ax.set_xlabel(r"$k_x$")
    ax.set_ylabel(r"$k_y$")
    ax.set_title(f"{result.labels[state]}, $\\lambda$ = {result.eigenvalue[state]:.3f}")
    return ax


def plot_pairing_diagram(sweep: Any, ax: Any = None,
                         channels: tuple[str, ...] = ("s+-", "s++", "d_x2-y2", "d_xy", "p"),
                         **kwargs: Any) -> Any:
    """Leading eigenvalue per symmetry channel across a 1-D pairing sweep."""
    ax = new_axes(ax)
    data = sweep.to_xarray()
    name = sweep.swept[0]
    x = np.asarray(data[name].values, dtype=float)
    label = name.replace("_prime", "'")
    u = float(sweep.metadata.get("model", {}).get("U", 0.0) or 0.0)
    if name in ("U_prime", "J", "J_prime") and u > 0:    # ratios to the fixed U
        x, label = x / u, f"{label}/U"
    for channel in channels:
        key = f"lambda_{channel}"
        if key in data:
            ax.plot(x, data[key].values, "o-", label=channel, **kwargs)
    ax.set_xlabel(label)
    ax.set_ylabel(r"leading $\lambda$")
    ax.legend(fontsize=8)
    return ax
