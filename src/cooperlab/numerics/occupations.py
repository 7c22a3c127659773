"""Fermi-Dirac and Bose-Einstein occupations and their energy derivatives.

Energies and temperature share one unit (``x = E - mu``, ``T = k_B T``). The Fermi function
is evaluated as ``expit(-x / T)``, which never overflows; ``T = 0`` gives the step limits.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.special import expit


def _temperature(temperature: Any) -> Any:
    t = np.asarray(temperature, dtype=float)
    if np.any(~np.isfinite(t)) or np.any(t < 0):
        raise ValueError(f"temperature must be finite and >= 0, got {temperature!r}")
    return float(t) if t.ndim == 0 else t


def fermi_dirac(energy: Any, temperature: Any) -> np.ndarray:
    """Fermi function ``f(x) = 1 / (e^{x/T} + 1) = expit(-x/T)`` (``T`` broadcasts with ``x``).

    At ``T = 0`` the step ``f = 1`` (x < 0), ``1/2`` (x = 0), ``0`` (x > 0).
    """
    x = np.asarray(energy, dtype=float)
    t = _temperature(temperature)
    if np.all(t > 0):
        return expit(-x / t)
    step = np.where(x < 0, 1.0, np.where(x > 0, 0.0, 0.5))
    if np.ndim(t) == 0:
        return step
    return np.where(t > 0, expit(-x / np.where(t > 0, t, 1.0)), step)


def fermi_dirac_derivative(energy: Any, temperature: float) -> np.ndarray:
    """``df/dx = -f(x) (1 - f(x)) / T = -1 / (4 T cosh^2(x / 2T))`` (needs ``T > 0``; at
    ``T = 0`` it is ``-delta(x)``, which has no pointwise value)."""
    x = np.asarray(energy, dtype=float)
    t = _temperature(temperature)
    if np.any(t == 0):
        raise ValueError("temperature must be > 0 for the Fermi derivative, got 0")
    return -expit(x / t) * expit(-x / t) / t


def bose_einstein(energy: Any, temperature: float) -> np.ndarray:
    """Bose function ``n(x) = 1 / (e^{x/T} - 1)`` (``expm1``-accurate near ``x = 0``, where it
    diverges). At ``T = 0``: ``0`` for x > 0, ``-1`` for x < 0 (``n(-x) = -1 - n(x)``)."""
    x = np.asarray(energy, dtype=float)
    t = _temperature(temperature)
    if np.ndim(t) == 0 and t == 0:
        return np.where(x > 0, 0.0, np.where(x < 0, -1.0, np.inf))
    with np.errstate(divide="ignore", over="ignore"):
        return 1.0 / np.expm1(x / t)


def bose_einstein_derivative(energy: Any, temperature: float) -> np.ndarray:
    """``dn/dx = -n(x) (1 + n(x)) / T = -1 / (4 T sinh^2(x / 2T))`` (needs ``T > 0``)."""
    x = np.asarray(energy, dtype=float)
    t = _temperature(temperature)
    if np.any(t == 0):
        raise ValueError("temperature must be > 0 for the Bose derivative, got 0")
    with np.errstate(divide="ignore", over="ignore"):
        return -0.25 / (t * np.sinh(x / (2 * t)) ** 2)


__all__ = ["bose_einstein", "bose_einstein_derivative", "fermi_dirac", "fermi_dirac_derivative"]
