"""Plots of inhomogeneous superconductors (real-space BdG, Josephson STM, local spectra):
site maps with a scale bar in lattice units, LDOS spectra at chosen sites, gap histograms.

Every helper takes a result of :mod:`cooperlab.bdg` (``BdGState``, ``JosephsonMap`` or
``LocalSpectra``: anything with per-site arrays and ``x``, ``y``) and returns the Axes.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from cooperlab.plotting import new_axes

#: Labels of the per-site quantities of the BdG results.
LABELS = {
    "gap": "Δ_i (t)",
    "pair_potential": "|Δ_i| (t)",
    "d_wave_gap": "Δ_d,i (t)",
    "density": "n_i",
    "pair_amplitude": "<c_i↓ c_i↑>",
    "ic_rn": "I_c R_N (t/e)",
    "superfluid_proxy": "(I_c R_N)² ((t/e)²)",
    "normal_ldos": "N_J(r) (1/t)",
    "critical_current": "I_c (arb.)",
    "coherence_gap": "coherence-peak gap (t)",
}


def _real(values: Any) -> np.ndarray:
    values = np.asarray(values)
    if np.iscomplexobj(values):
        if np.abs(values.imag).max(initial=0.0) > 1e-12 * np.abs(values).max(initial=1.0):
            return np.abs(values)
        return values.real
    return values.astype(float)


def _scale_bar_length(extent: float) -> int:
    """A round length (1, 2, 5 x 10^k lattice constants) near a fifth of ``extent``."""
    target = max(extent / 5, 1.0)
    power = 10 ** int(np.floor(np.log10(target)))
    return int(min((m * power for m in (1, 2, 5, 10)), key=lambda v: abs(v - target)))


def plot_site_map(result: Any, name: str = "gap", ax: Any = None, *, label: str | None = None,
                  cmap: str = "viridis", scale_bar: bool = True, **kwargs: Any) -> Any:
    """Map of the per-site array ``name`` of ``result`` on the cluster, in lattice units.

    Square-lattice positions (integers) are drawn as an image of one pixel per site, other
    lattices as square markers; a scale bar of a round number of lattice constants ``a``
    sits in the lower right. Extra keyword arguments go to ``imshow`` / ``scatter``.
    """
    from mpl_toolkits.axes_grid1.anchored_artists import AnchoredSizeBar

    ax = new_axes(ax, figsize=(4.8, 4.0))
    values = _real(getattr(result, name))
    x, y = np.asarray(result.x, dtype=float), np.asarray(result.y, dtype=float)
    on_grid = np.allclose(x, np.round(x)) and np.allclose(y, np.round(y))
    if on_grid:
        ix, iy = np.round(x - x.min()).astype(int), np.round(y - y.min()).astype(int)
        image = np.full((iy.max() + 1, ix.max() + 1), np.nan)
        image[iy, ix] = values
        artist = ax.imshow(image, origin="lower", cmap=cmap, interpolation="nearest",
                           extent=(x.min() - 0.5, x.max() + 0.5, y.min() - 0.5, y.max() + 0.5),
                           **kwargs)
    else:
        artist = ax.scatter(x, y, c=values, marker="s", s=12, cmap=cmap, **kwargs)
    ax.figure.colorbar(artist, ax=ax, label=label or LABELS.get(name, name))
    ax.set_aspect("equal")
    ax.set_xlabel("x (a)")
    ax.set_ylabel("y (a)")
    if scale_bar:
        length = _scale_bar_length(float(np.ptp(x)) + 1)
        ax.add_artist(AnchoredSizeBar(ax.transData, length, f"{length} a", "lower right",
                                      pad=0.3, color="white", frameon=False, size_vertical=0.3))
    return ax


def plot_gap_map(result: Any, ax: Any = None, **kwargs: Any) -> Any:
    """Map of the local gap: ``Delta_i`` of a ``BdGState``, ``|Delta_i|`` of a
    ``JosephsonMap``, the coherence-peak gap of ``LocalSpectra``."""
    name = next(n for n in ("gap", "pair_potential", "coherence_gap") if hasattr(result, n))
    return plot_site_map(result, name, ax, **kwargs)


def plot_jstm_map(result: Any, quantity: str = "ic_rn", ax: Any = None, **kwargs: Any) -> Any:
    """Map of a Josephson-STM quantity: ``ic_rn``, ``superfluid_proxy`` ((I_c R_N)^2),
    ``coherence_gap``, ``pair_potential``, ``normal_ldos`` or ``critical_current``."""
    if quantity not in LABELS or not hasattr(result, quantity):
        raise ValueError(f"quantity must be a per-site array of the map, got {quantity!r}")
    return plot_site_map(result, quantity, ax, cmap="magma" if quantity in (
        "ic_rn", "superfluid_proxy") else "viridis", **kwargs)


def plot_spectra(spectra: Any, sites: Any = None, ax: Any = None, **kwargs: Any) -> Any:
    """LDOS ``N(r, E)`` of ``LocalSpectra`` at ``sites`` (default: the sites of the smallest,
    median and largest coherence-peak gap), dashed lines at their ``+-`` gaps."""
    ax = new_axes(ax)
    gaps = np.asarray(spectra.coherence_gap)
    if sites is None:
        order = np.argsort(gaps)
        sites = [order[0], order[len(order) // 2], order[-1]]
    for site in np.atleast_1d(sites):
        site = int(site)
        (line,) = ax.plot(spectra.energy, spectra.ldos[site],
                          label=f"site {site} ({spectra.x[site]:g}, {spectra.y[site]:g})",
                          **kwargs)
        for sign in (-1, 1):
            ax.axvline(sign * gaps[site], color=line.get_color(), ls="--", lw=0.8)
    ax.set_xlabel("E (t)")
    ax.set_ylabel("N(r, E) (1/t)")
    ax.set_ylim(bottom=0)
    ax.legend(fontsize="small")
    ax.set_title(f"LDOS ({spectra.metadata.get('solver', '')}, resolution "
                 f"{float(spectra.resolution):.3g} t)")
    return ax


def plot_gap_histogram(result: Any, ax: Any = None, bins: int = 40, **kwargs: Any) -> Any:
    """Histogram of the local gaps ``|Delta_i|`` (and of the coherence-peak gaps when the
    result has them), with their means."""
    ax = new_axes(ax)
    series = []
    for name in ("gap", "pair_potential", "coherence_gap"):
        if hasattr(result, name):
            series.append((name, np.abs(np.asarray(getattr(result, name)))))
    for name, values in series:
        _, _, patches = ax.hist(values, bins=bins, alpha=0.6, label=LABELS[name], **kwargs)
        ax.axvline(values.mean(), color=patches[0].get_facecolor(), ls="--", lw=1.0)
    ax.set_xlabel("gap (t)")
    ax.set_ylabel("sites")
    ax.legend(fontsize="small")
    return ax
