"""Numerically stable products of DQMC B matrices: UDT decompositions and Green's functions.

A long product ``B_L ... B_1`` has singular values spread over ``e^{beta W}``; writing
partial products as ``U D T`` (``U`` orthogonal, ``D`` positive diagonal, ``T`` well
conditioned) by pivoted QR keeps every scale (Loh & Gubernatis, in *Electronic Phase
Transitions* (1992); White et al., PRB 40, 506 (1989)). Arrays may carry a leading spin axis.
"""

from __future__ import annotations

import numpy as np
import scipy.linalg as sla

UDT = tuple[np.ndarray, np.ndarray, np.ndarray]


def udt(matrix: np.ndarray) -> UDT:
    """``X = U diag(D) T`` by QR with column pivoting: ``X P = Q R``, ``T = D^-1 R P^T``."""
    if matrix.ndim == 3:
        parts = [udt(m) for m in matrix]
        return tuple(np.stack(p) for p in zip(*parts, strict=True))  # type: ignore[return-value]
    q, r, perm = sla.qr(matrix, pivoting=True, check_finite=False)
    d = np.abs(np.diag(r))
    d = np.where(d == 0.0, np.finfo(float).tiny, d)
    t = np.empty_like(r)
    t[:, perm] = r / d[:, None]
    return q, d, t


def identity_udt(n: int, spins: int = 2) -> UDT:
    """``U = T = 1``, ``D = 1`` for each spin."""
    eye = np.broadcast_to(np.eye(n), (spins, n, n)).copy()
    return eye, np.ones((spins, n)), eye.copy()


def left_multiply(c: np.ndarray, decomposition: UDT) -> UDT:
    """UDT of ``C U D T``: QR of ``(C U) D`` (columns scaled after the product), then T' T."""
    u, d, t = decomposition
    q, d_new, t_new = udt((c @ u) * d[..., None, :])
    return q, d_new, t_new @ t


def stable_green(right: UDT, left: UDT) -> np.ndarray:
    """``G = (1 + B(tau,0) B(beta,tau))^-1`` from ``B(tau,0) = U_R D_R T_R`` and
    ``B(beta,tau)^T = U_L D_L T_L``.

    With ``D = D_big D_small`` (entries ``max(D,1)`` and ``min(D,1)``)::

        G = U_L D_Lb^-1 [D_Rb^-1 U_R^T U_L D_Lb^-1 + D_Rs T_R T_L^T D_Ls]^-1 D_Rb^-1 U_R^T

    so that no large and small scales are ever added.
    """
    ur, dr, tr = right
    ul, dl, tl = left
    drb, drs = np.maximum(dr, 1.0), np.minimum(dr, 1.0)
    dlb, dls = np.maximum(dl, 1.0), np.minimum(dl, 1.0)
    urt = np.swapaxes(ur, -1, -2)
    middle = tr @ np.swapaxes(tl, -1, -2)
    y = ((urt @ ul) / drb[..., :, None] / dlb[..., None, :]
         + drs[..., :, None] * middle * dls[..., None, :])
    return (ul / dlb[..., None, :]) @ np.linalg.solve(y, urt / drb[..., :, None])


def stable_displaced_greens(right: UDT, left: UDT) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``G(tau,tau)``, ``G(tau,0)`` and ``G(0,tau)`` from the same UDT pair as
    :func:`stable_green` (Hirsch, PRB 38, 12023 (1988); Assaad & Evertz, Lect. Notes Phys. 739).

    With ``G_ij(tau,0) = <c_i(tau) c^dag_j(0)>`` and ``G_ij(0,tau) = -<c^dag_j(tau) c_i(0)>``::

        G(tau,0) = [B(tau,0)^-1 + B(beta,tau)]^-1 = U_L D_Lb^-1 M^-1 D_Rs T_R
        G(0,tau) = -[B(tau,0) + B(beta,tau)^-1]^-1 = -T_L^T D_Ls M^-1 D_Rb^-1 U_R^T

    with ``M = D_Rb^-1 U_R^T U_L D_Lb^-1 + D_Rs T_R T_L^T D_Ls`` the matrix inverted by
    :func:`stable_green` (one solve with both right-hand sides).
    """
    ur, dr, tr = right
    ul, dl, tl = left
    n = ur.shape[-1]
    drb, drs = np.maximum(dr, 1.0), np.minimum(dr, 1.0)
    dlb, dls = np.maximum(dl, 1.0), np.minimum(dl, 1.0)
    urt = np.swapaxes(ur, -1, -2)
    tlt = np.swapaxes(tl, -1, -2)
    y = ((urt @ ul) / drb[..., :, None] / dlb[..., None, :]
         + drs[..., :, None] * (tr @ tlt) * dls[..., None, :])
    rhs = np.concatenate([urt / drb[..., :, None], drs[..., :, None] * tr], axis=-1)
    x = np.linalg.solve(y, rhs)
    left_factor = ul / dlb[..., None, :]
    g_tt = left_factor @ x[..., :n]
    g_t0 = left_factor @ x[..., n:]
    g_0t = -(tlt * dls[..., None, :]) @ x[..., :n]
    return g_tt, g_t0, g_0t
