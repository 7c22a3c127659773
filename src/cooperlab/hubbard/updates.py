"""Single-site Metropolis updates of one DQMC time slice with delayed rank-k Green's updates.

For the Hirsch field flip ``s_il -> -s_il`` the weight ratio of spin ``sigma`` is
``R_sigma = 1 + Delta_sigma (1 - G_ii)``, ``Delta_sigma = e^{-2 sigma lambda_i s_il} - 1``, and
the accepted flip changes ``G -> G + u w^T`` with ``u = G e_i`` and
``w^T = (Delta_sigma / R_sigma) (e_i^T G - e_i^T)`` (Sherman-Morrison). Delayed updates
(Alvarez et al., Comput. Phys. Commun. 179, 110 (2008)) keep the accepted ``u``, ``w`` in two
``k x N`` blocks and build each new column/row of the current ``G`` from them in O(kN); the
blocks are flushed into ``G`` by one ``N x k x N`` product every ``rank`` acceptances.

The proposal loop is sequential (every decision depends on the previous ones), so it cannot be
vectorised: :func:`update_slice` runs a numba-compiled kernel when numba is importable and a
numpy implementation otherwise. Both consume the same uniform numbers (one per site, drawn by
the caller) and do the same arithmetic up to the summation order of the O(kN) sums, so they
follow the same Markov chain (tested).
"""

from __future__ import annotations

import math

import numpy as np

try:  # numba is a declared dependency; the numpy path keeps the package usable without it
    import numba
except ImportError:  # pragma: no cover - exercised by forcing backend="numpy" in the tests
    numba = None

HAVE_NUMBA = numba is not None
BACKENDS = ("auto", "numba", "numpy")


def resolve_backend(name: str) -> str:
    """``"auto"`` -> ``"numba"`` when numba is importable, else ``"numpy"``."""
    if name not in BACKENDS:
        raise ValueError(f"update backend must be one of {BACKENDS}, got {name!r}")
    if name == "auto":
        return "numba" if HAVE_NUMBA else "numpy"
    if name == "numba" and not HAVE_NUMBA:
        raise ValueError("update backend 'numba' requested but numba is not installed")
    return name


def _kernel(green: np.ndarray, s: np.ndarray, lam: np.ndarray, rand: np.ndarray,
            active: np.ndarray, rank: int, us: np.ndarray, ws: np.ndarray,
            diag: np.ndarray) -> tuple[int, int]:
    """Loop form of the slice update (compiled by numba); ``green`` and ``s`` change in place.

    ``us[sigma, m]``, ``ws[sigma, m]`` hold the pending ``u``, ``w`` (``rank x N`` each);
    ``diag`` the current diagonals of both spins. Returns ``(accepted, sign_flips)``.
    """
    n = green.shape[1]
    accepted = 0
    flips = 0
    k = 0
    for idx in range(active.size):
        i = active[idx]
        x = -2.0 * lam[i] * s[i]
        du = math.expm1(x)
        dd = math.expm1(-x)
        r_up = 1.0 + du * (1.0 - diag[0, i])
        r_dn = 1.0 + dd * (1.0 - diag[1, i])
        ratio = r_up * r_dn
        if rand[i] >= abs(ratio):
            continue
        accepted += 1
        for sp in range(2):
            fac = du / r_up if sp == 0 else dd / r_dn
            for j in range(n):
                us[sp, k, j] = green[sp, j, i]
                ws[sp, k, j] = green[sp, i, j]
            for m in range(k):
                wmi = ws[sp, m, i]
                umi = us[sp, m, i]
                for j in range(n):
                    us[sp, k, j] += us[sp, m, j] * wmi
                    ws[sp, k, j] += umi * ws[sp, m, j]
            ws[sp, k, i] -= 1.0
            for j in range(n):
                ws[sp, k, j] *= fac
                diag[sp, j] += us[sp, k, j] * ws[sp, k, j]
        k += 1
        s[i] = -s[i]
        if ratio < 0.0:
            flips += 1
        if k == rank:
            for sp in range(2):
                green[sp] += np.dot(us[sp, :k].T, ws[sp, :k])
            k = 0
    if k:
        for sp in range(2):
            green[sp] += np.dot(us[sp, :k].T, ws[sp, :k])
    return accepted, flips


_compiled = numba.njit(cache=True, nogil=True)(_kernel) if HAVE_NUMBA else None


def _update_numpy(green: np.ndarray, s: np.ndarray, lam: np.ndarray, rand: np.ndarray,
                  active: np.ndarray, rank: int) -> tuple[np.ndarray, int, int]:
    """The same update with numpy vector operations inside the Python site loop."""
    n = green.shape[1]
    x = -2.0 * lam * s
    delta_up, delta_dn = np.expm1(x), np.expm1(-x)
    diag = np.array([np.diag(green[0]), np.diag(green[1])])
    us = np.empty((2, rank, n))
    ws = np.empty((2, rank, n))
    k = accepted = flips = 0
    for i in active:
        du, dd = delta_up[i], delta_dn[i]
        r_up = 1.0 + du * (1.0 - diag[0, i])
        r_dn = 1.0 + dd * (1.0 - diag[1, i])
        ratio = r_up * r_dn
        if rand[i] >= abs(ratio):
            continue
        accepted += 1
        col = green[:, :, i].copy()
        row = green[:, i, :].copy()
        if k:
            col += np.einsum("smj,sm->sj", us[:, :k], ws[:, :k, i])
            row += np.einsum("sm,smj->sj", us[:, :k, i], ws[:, :k])
        row[:, i] -= 1.0
        row[0] *= du / r_up
        row[1] *= dd / r_dn
        us[:, k] = col
        ws[:, k] = row
        diag += col * row
        k += 1
        s[i] = -s[i]
        if ratio < 0:
            flips += 1
        if k == rank:
            green = green + np.swapaxes(us, -1, -2) @ ws
            k = 0
    if k:
        green = green + np.swapaxes(us[:, :k], -1, -2) @ ws[:, :k]
    return green, accepted, flips


def update_slice(green: np.ndarray, s: np.ndarray, lam: np.ndarray, rand: np.ndarray,
                 active: np.ndarray, rank: int, backend: str) -> tuple[np.ndarray, int, int]:
    """Propose a flip of ``s[i]`` for every ``i`` in ``active`` (in order), Metropolis on
    ``|R_up R_dn|`` against ``rand[i]``.

    Parameters
    ----------
    green
        ``G(tau_l)`` of both spins, shape ``(2, N, N)`` (not modified by the numpy path).
    s
        Fields of the slice (int8, flipped in place).
    lam
        ``lambda_i`` per site; ``rand`` one uniform number per site; ``rank`` the delay.
    backend
        ``"numba"`` or ``"numpy"`` (see :func:`resolve_backend`).

    Returns
    -------
    (green, accepted, sign_flips)
        The updated ``G``, the number of accepted flips and of accepted negative ratios.
    """
    if backend == "numba":
        out = np.ascontiguousarray(green, dtype=float).copy()
        n = out.shape[1]
        diag = np.array([np.diag(out[0]), np.diag(out[1])])
        us = np.empty((2, rank, n))
        ws = np.empty((2, rank, n))
        accepted, flips = _compiled(out, s, lam, rand, active, rank, us, ws, diag)
        return out, int(accepted), int(flips)
    return _update_numpy(green, s, lam, rand, active, rank)
