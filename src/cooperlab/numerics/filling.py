"""Chemical potential from filling: one bracketing rule, one tolerance policy.

The electron count ``N(mu)`` is non-decreasing in ``mu``. The root of ``N(mu) = target`` is
bracketed by ``[bottom - pad, top + pad]`` (band bottom and top, a padding of a few T and
broadenings), and the padding is doubled (at most ``MAX_DOUBLINGS`` times) until
``N(low) < target < N(high)``; Brent's method then finds ``mu`` to ``xtol + rtol |mu|`` with
``xtol = rtol = MU_TOLERANCE`` unless the caller asks otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from scipy.optimize import brentq

from cooperlab.numerics.occupations import fermi_dirac

#: Default absolute and relative tolerance on ``mu`` (energy units of the bands).
MU_TOLERANCE = 1e-13
#: At most this many doublings of the bracket's padding.
MAX_DOUBLINGS = 60


def electrons_per_cell(energies: Any, mu: float, temperature: float,
                       spin_degeneracy: float = 2.0) -> float:
    """``n = (g / N_k) sum_{k, band} f(e_band(k) - mu)`` for band energies on a mesh of shape
    ``(..., n_bands)`` (``g = spin_degeneracy``, 2 for both spins)."""
    e = np.asarray(energies, dtype=float)
    n_k = e.size // e.shape[-1]
    return float(spin_degeneracy * fermi_dirac(e - mu, temperature).sum() / n_k)


def solve_chemical_potential(count: Callable[[float], float], target: float, bottom: float,
                             top: float, pad: float, *, name: str = "filling",
                             xtol: float = MU_TOLERANCE, rtol: float = MU_TOLERANCE) -> float:
    """The ``mu`` with ``count(mu) = target`` for a non-decreasing ``count``.

    Parameters
    ----------
    count : callable
        ``mu -> N(mu)``, non-decreasing.
    target : float
        The filling wanted (named ``name`` in errors).
    bottom, top, pad : float
        Initial bracket ``[bottom - pad, top + pad]``; ``pad`` doubles until it holds the root.
    xtol, rtol : float
        Brent tolerances on ``mu``.

    Raises
    ------
    ValueError
        Naming ``name`` when no bracket within ``MAX_DOUBLINGS`` doublings holds ``target``.
    """
    pad = float(pad)
    if not pad > 0:
        raise ValueError(f"pad must be > 0, got {pad!r}")
    low, high = bottom - pad, top + pad
    for _ in range(MAX_DOUBLINGS):
        if count(low) - target < 0 < count(high) - target:
            break
        pad *= 2
        low, high = bottom - pad, top + pad
    else:
        raise ValueError(f"{name} = {target!r} is out of range: the count runs from "
                         f"{count(low):g} to {count(high):g} over mu in [{low:g}, {high:g}]")
    return float(brentq(lambda mu: count(mu) - target, low, high, xtol=xtol, rtol=rtol))


def chemical_potential_from_bands(energies: Any, filling: float, temperature: float, *,
                                  spin_degeneracy: float = 2.0, xtol: float = MU_TOLERANCE,
                                  rtol: float = MU_TOLERANCE) -> float:
    """The ``mu`` at which :func:`electrons_per_cell` equals ``filling`` at ``temperature``.

    Bracket ``[e_min - pad, e_max + pad]`` with ``pad = 40 T + 1`` (band units), widened by
    :func:`solve_chemical_potential`'s doubling rule. ``filling`` must lie strictly between 0
    and ``spin_degeneracy * n_bands``.
    """
    e = np.asarray(energies, dtype=float)
    full = spin_degeneracy * e.shape[-1]
    if not 0.0 < filling < full:
        raise ValueError(f"filling must lie in (0, {full:g}) electrons per cell, got {filling}")
    t = float(temperature)
    if not t > 0:
        raise ValueError(f"temperature must be > 0, got {temperature!r}")
    return solve_chemical_potential(
        lambda mu: electrons_per_cell(e, mu, t, spin_degeneracy), filling, float(e.min()),
        float(e.max()), 40 * t + 1.0, xtol=xtol, rtol=rtol)


__all__ = ["MAX_DOUBLINGS", "MU_TOLERANCE", "chemical_potential_from_bands",
           "electrons_per_cell", "solve_chemical_potential"]
