"""Matplotlib helpers: each ``plot_*(result, ax=None) -> Axes``; imported lazily."""

from __future__ import annotations

from typing import Any


def new_axes(ax: Any = None, figsize: tuple[float, float] = (5.0, 4.0)) -> Any:
    """Return ``ax`` or fresh Axes on a new figure (non-interactive backends are fine)."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax
