"""Plots of multi-orbital band structures, Fermi surfaces and susceptibility maps."""

from __future__ import annotations

from typing import Any

import numpy as np

from cooperlab.naming import deprecated_alias
from cooperlab.plotting import new_axes


def _centre(values: np.ndarray) -> tuple[np.ndarray, tuple[float, float, float, float]]:
    """Roll a map on the mesh ``2 pi j / n`` (first two axes) so that q runs over (-pi, pi]
    with Gamma in the middle; returns it with its imshow extent."""
    n = values.shape[0]
    first = n // 2 + 1 if n % 2 == 0 else (n + 1) // 2      # smallest index with q > -pi
    rolled = np.roll(values, (n - first, n - first), axis=(0, 1))
    low = 2 * np.pi * (first - n) / n - np.pi / n
    return rolled, (low, low + 2 * np.pi, low, low + 2 * np.pi)


def plot_orbital_bands(result: Any, ax: Any = None, **kwargs: Any) -> Any:
    """Bands (energy from mu) along the path, each point coloured by its dominant orbital."""
    ax = new_axes(ax)
    orbitals = result.metadata.get("orbitals", [])
    dominant = np.argmax(result.weight, axis=-1)
    colors = [f"C{i}" for i in range(result.weight.shape[-1])]
    for band in range(result.energy.shape[1]):
        ax.plot(result.distance, result.energy[:, band], color="0.7", lw=0.8, zorder=1)
        ax.scatter(result.distance, result.energy[:, band], s=4, zorder=2,
                   c=[colors[i] for i in dominant[:, band]])
    for index, name in enumerate(orbitals):
        ax.plot([], [], "o", color=colors[index], label=name)
    ax.axhline(0.0, color="k", lw=0.6, ls="--")
    ticks = result.metadata.get("ticks", [])
    labels = [s.replace("G", r"$\Gamma$") for s in result.metadata.get("path", "").split("-")]
    if ticks:
        ax.set_xticks(ticks, labels[:len(ticks)])
    ax.set_xlim(result.distance[0], result.distance[-1])
    ax.set_ylabel(rf"$E - \mu$ ({result.VARIABLES['energy'].units})")
    if orbitals:
        ax.legend(fontsize=7, loc="best")
    return ax


def plot_fermi_surface(result: Any, ax: Any = None, **kwargs: Any) -> Any:
    """Orbital-resolved spectral weight at the Fermi level (one colour per orbital)."""
    ax = new_axes(ax, figsize=(4.5, 4.5))
    spectral = result.spectral / result.spectral.max()
    n = spectral.shape[-1]
    import matplotlib.colors as mcolors

    rgb = np.array([mcolors.to_rgb(f"C{i}") for i in range(n)])
    weight = spectral.sum(axis=-1, keepdims=True)
    color = (spectral @ rgb) / np.maximum(weight, 1e-12)
    alpha = np.clip(weight / weight.max(), 0, 1)
    image = np.concatenate([color, alpha], axis=-1)
    image, extent = _centre(image)
    ax.imshow(np.swapaxes(image, 0, 1), origin="lower", extent=extent)
    for index, name in enumerate(result.metadata.get("orbitals", [])):
        ax.plot([], [], "s", color=f"C{index}", label=name)
    ax.set_xlabel(r"$k_x$")
    ax.set_ylabel(r"$k_y$")
    if result.metadata.get("orbitals"):
        ax.legend(fontsize=7, loc="upper right")
    return ax


def plot_chi_map(result: Any, ax: Any = None, variable: str = "chi_spin_physical",
                 **kwargs: Any) -> Any:
    """Colour map of a susceptibility (or Stoner eigenvalue) over the q mesh."""
    ax = new_axes(ax, figsize=(4.8, 4.0))
    values = np.real(getattr(result, variable))
    if values.ndim == 3:
        values = values[0]
    shifted, extent = _centre(values)
    mesh = ax.imshow(shifted.T, origin="lower", extent=extent,
                     cmap=kwargs.get("cmap", "viridis"))
    ax.figure.colorbar(mesh, ax=ax, label=variable)
    ax.set_xlabel(r"$q_x$")
    ax.set_ylabel(r"$q_y$")
    return ax


# Deprecated names (removed in the next release).
plot_bands = deprecated_alias(plot_orbital_bands, "plot_bands")
