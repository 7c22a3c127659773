"""Pade analytic continuation from Matsubara frequencies to the real axis.

Vidberg & Serene, J. Low Temp. Phys. 29, 179 (1977): the N-point Pade approximant through
``u_i = f(z_i)`` is the continued fraction

    C_N(z) = a_1 / (1 + a_2 (z - z_1) / (1 + a_3 (z - z_2) / (1 + ... a_N (z - z_{N-1})))),

with ``a_p = g_p(z_p)``, ``g_1(z_i) = u_i`` and
``g_p(z) = [g_{p-1}(z_{p-1}) - g_{p-1}(z)] / [(z - z_{p-1}) g_{p-1}(z)]``. It is evaluated by
the three-term recursion ``A_{n+1} = A_n + (z - z_n) a_{n+1} A_{n-1}`` (same for ``B``),
``C_N = A_N / B_N``, renormalised at every step against overflow. Each step acts on all
points at once (numpy); only the order of the fraction is a Python loop.
"""

from __future__ import annotations

import numpy as np


def pade_coefficients(z: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Continued-fraction coefficients ``a_p`` through the points ``(z_i, u_i)``."""
    z = np.asarray(z, dtype=complex)
    g = np.array(u, dtype=complex)
    if z.shape != g.shape or z.ndim != 1:
        raise ValueError("z and u must be 1-d arrays of the same length")
    a = np.empty_like(g)
    a[0] = g[0]
    for p in range(1, len(z)):
        g[p:] = (g[p - 1] - g[p:]) / ((z[p:] - z[p - 1]) * g[p:])
        a[p] = g[p]
    return a


def pade_evaluate(coefficients: np.ndarray, z_points: np.ndarray, z: np.ndarray) -> np.ndarray:
    """Value of the continued fraction with ``coefficients`` and nodes ``z_points`` at ``z``."""
    z = np.asarray(z, dtype=complex)
    a_prev, a_curr = np.zeros_like(z), np.full_like(z, coefficients[0])
    b_prev, b_curr = np.ones_like(z), np.ones_like(z)
    for n in range(1, len(coefficients)):
        step = (z - z_points[n - 1]) * coefficients[n]
        a_prev, a_curr = a_curr, a_curr + step * a_prev
        b_prev, b_curr = b_curr, b_curr + step * b_prev
        scale = np.where(np.abs(b_curr) > 0, b_curr, 1.0)
        a_prev, a_curr, b_prev, b_curr = (a_prev / scale, a_curr / scale, b_prev / scale,
                                          b_curr / scale)
    return a_curr / b_curr


def pade_continue(z: np.ndarray, u: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Continue ``u(z)`` (given at the points ``z``) to ``targets`` by a Pade approximant."""
    coefficients = pade_coefficients(z, u)
    return pade_evaluate(coefficients, np.asarray(z, dtype=complex), targets)
