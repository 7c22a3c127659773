"""Ambegaokar-Baratoff critical current of a tunnel junction, unit-free.

Energies (gaps, ``T = k_B T``) share one unit; ``I_c R_N`` comes out in that unit divided by
``e`` (meV in -> mV out). Ambegaokar & Baratoff, PRL 10, 486 (1963); erratum 11, 104 (1963):

    e I_c R_N = 2 pi T sum_{n >= 0} Delta_1 Delta_2
                                / sqrt((w_n^2 + Delta_1^2)(w_n^2 + Delta_2^2)),

``w_n = pi T (2n + 1)``. For equal gaps it sums to ``(pi Delta / 2) tanh(Delta / 2T)``; at
``T = 0`` it is ``(Delta_1 Delta_2 / Delta_>) K(1 - Delta_<^2 / Delta_>^2)`` with ``K`` the
complete elliptic integral of the first kind (parameter ``m``), ``pi Delta / 2`` for equal gaps.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.special import ellipk

from cooperlab.numerics.matsubara import fermionic_frequencies, fermionic_tail

#: Matsubara frequencies kept explicitly reach ``MATSUBARA_REACH * max(Delta)``; the rest of
#: the sum is added in closed form (its expansion ``ab / w^2 - ab (a^2 + b^2) / 2 w^4``),
#: leaving a relative error of order ``MATSUBARA_REACH^-5``.
MATSUBARA_REACH = 60.0


def ambegaokar_baratoff_equal_gaps(gap: Any, temperature: Any) -> np.ndarray:
    """``e I_c R_N = (pi Delta / 2) tanh(Delta / 2T)`` for two equal gaps (``T >= 0``)."""
    gap, t = np.broadcast_arrays(np.asarray(gap, dtype=float),
                                 np.asarray(temperature, dtype=float))
    with np.errstate(divide="ignore"):
        return np.pi * gap / 2 * np.tanh(np.where(t > 0, gap / (2 * t), np.inf))


def ambegaokar_baratoff(gap1: Any, gap2: Any, temperature: Any,
                        reach: float = MATSUBARA_REACH) -> np.ndarray:
    """``e I_c R_N`` for gaps ``Delta_1``, ``Delta_2`` at ``T`` (broadcast arrays, all >= 0).

    ``T = 0``: the elliptic-integral limit. ``T > 0``: the Matsubara sum up to
    ``reach * max(Delta)`` plus the closed-form tail of its large-``w`` expansion.
    """
    d1, d2, kt = np.broadcast_arrays(*(np.asarray(v, dtype=float)
                                       for v in (gap1, gap2, temperature)))
    if np.any(d1 < 0) or np.any(d2 < 0) or np.any(kt < 0):
        raise ValueError("gaps and temperature must be >= 0")
    out = np.zeros(d1.shape)
    big, small = np.maximum(d1, d2), np.minimum(d1, d2)
    zero_t = (kt == 0) & (big > 0)
    if np.any(zero_t):
        m = 1 - (small[zero_t] / big[zero_t]) ** 2
        out[zero_t] = small[zero_t] * ellipk(m)
    finite = (kt > 0) & (big > 0) & (small > 0)
    if np.any(finite):
        a, b, t = d1[finite], d2[finite], kt[finite]
        count = int(np.ceil(reach * np.max(np.maximum(a, b) / (2 * np.pi * t)))) + 8
        omega = fermionic_frequencies(t, count)
        terms = a[:, None] * b[:, None] / np.sqrt((omega**2 + a[:, None] ** 2)
                                                  * (omega**2 + b[:, None] ** 2))
        tail = (a * b * fermionic_tail(t, count, 2)
                - a * b * (a**2 + b**2) / 2 * fermionic_tail(t, count, 4))
        out[finite] = 2 * np.pi * t * (terms.sum(axis=1) + tail)
    return out


__all__ = ["MATSUBARA_REACH", "ambegaokar_baratoff", "ambegaokar_baratoff_equal_gaps"]
