"""Superfluid weight of a paired set of bands, split into conventional and geometric parts.

A uniform phase twist gives the Cooper pairs momentum ``2q``: electrons at ``k + q`` pair
with the time-reversed partners of ``k - q``, so the BdG matrix of one (K up, K' down)
sector is

    H_BdG(k, q) = [[xi(k + q),            Delta M(k, q)],
                   [Delta M(k, q)^dag,   -xi(k - q)   ]],   M = Phi(k + q)^dag Phi(k - q),

with ``xi`` the band energies minus mu (diagonal) and ``M`` the overlap of the Bloch
states. The superfluid weight is the curvature of the grand potential,

    D_s,dd = (1 / A) d^2 Omega / dq_d^2,
    Omega(q) = 2 sum_k [ sum_a -T ln(1 + e^{-E_a / T}) + sum_n xi_n(k - q) ],

(2 sectors; A = N_k A_cell), taken by central differences at fixed Delta and mu (their
q-derivatives vanish at q = 0 by symmetry). The normal state has no superfluid weight
(its ``Omega(q)`` curvature is the integral of a total derivative over the zone), but on a
finite mesh its discretised curvature is not zero: it is reported as ``normal_state_meV``,
an estimate of the mesh error near T_c (at low T it is large, because the normal state's
Fermi surface is sharp while the gapped state is smooth, so it is not subtracted).
With ``M`` replaced by the identity only the
band dispersion enters: that is the conventional part; the rest, from the q dependence of
the Bloch states, is the geometric part (Peotta & Torma, Nat. Commun. 6, 8944 (2015);
Liang et al. PRB 95, 024515 (2017)). ``M`` is built from states at ``k +- q`` (a
gauge-invariant overlap), never from differences of eigenvectors. In an isolated flat band
at T = 0 this gives ``D_s = 8 Delta sqrt(n(1 - n)) * 2 int g d^2k / (2 pi)^2``-type
geometric weight (tests/pairing/test_superfluid.py checks it against the quantum metric).

The Berezinskii-Kosterlitz-Thouless temperature solves the Nelson-Kosterlitz criterion
``k_B T_BKT = pi D_s(T_BKT) / 8`` (Nelson & Kosterlitz PRL 39, 1201 (1977)), D_s in meV.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

from cooperlab.pairing.bcs import state_gaps
from cooperlab.units import K_B_MEV_PER_K

SECTORS = 2


@dataclass(frozen=True)
class TwistedBands:
    """Bands at ``k +- q`` along one direction, for the superfluid weight.

    Attributes
    ----------
    plus, minus : (n_k, n_bands) energies (meV) at ``k + q`` and ``k - q``.
    overlap : (n_k, n_bands, n_bands) ``Phi(k + q)^dag Phi(k - q)``.
    q_per_nm : float, the twist ``q``.
    """

    plus: np.ndarray
    minus: np.ndarray
    overlap: np.ndarray
    q_per_nm: float


@dataclass(frozen=True)
class SuperfluidWeight:
    """Diagonal superfluid weight ``D_s,dd`` (meV) and its conventional part."""

    total_meV: np.ndarray
    conventional_meV: np.ndarray
    normal_state_meV: np.ndarray

    @property
    def geometric_meV(self) -> np.ndarray:
        """Geometric (interband, quantum-metric) part."""
        return self.total_meV - self.conventional_meV

    @property
    def isotropic_meV(self) -> float:
        """``sqrt(det D_s)`` of the diagonal tensor."""
        return float(np.sqrt(np.prod(np.maximum(self.total_meV, 0.0))))


def _free_energy(electron: np.ndarray, hole: np.ndarray, pairing: np.ndarray | None,
                 gaps: np.ndarray, t: float) -> float:
    """``sum_k [sum_a -T ln(1 + e^{-E_a/T}) + sum_n xi_hole]`` of one sector (meV).

    ``gaps`` (n_k, n_bands) is the gap of each state (0 outside the pairing window); the
    pairing block is ``gaps_n M_nm gaps_m / Delta`` (``M`` the overlap, identity if None).
    """
    n_b = electron.shape[1]
    if pairing is None:  # band-diagonal: eigenvalues are +-sqrt(...) per band pair
        # [[a, D], [D, -b]] has eigenvalues (a - b)/2 +- sqrt(((a + b)/2)^2 + D^2).
        centre = 0.5 * (electron - hole)
        root = np.sqrt((0.5 * (electron + hole)) ** 2 + gaps**2)
        values = np.concatenate([centre + root, centre - root], axis=1)
    else:
        weight = np.sqrt(gaps)  # Delta w_n w_m with w in {0, 1}: sqrt splits it evenly
        block = weight[:, :, None] * pairing * weight[:, None, :]
        bdg = np.zeros((electron.shape[0], 2 * n_b, 2 * n_b), dtype=complex)
        index = np.arange(n_b)
        bdg[:, index, index] = electron
        bdg[:, n_b + index, n_b + index] = -hole
        bdg[:, :n_b, n_b:] = block
        bdg[:, n_b:, :n_b] = np.conj(np.swapaxes(block, 1, 2))
        values = np.linalg.eigvalsh(bdg)
    if t > 0:
        grand = -t * np.logaddexp(0.0, -values / t)
    else:
        grand = np.minimum(values, 0.0)
    return float(grand.sum() + hole.sum())


def superfluid_weight(
    energies: np.ndarray,
    twists: list[TwistedBands],
    mu_meV: float,
    gap_meV: float,
    temperature_K: float,
    area_nm2: float,
    cutoff_meV: float = np.inf,
) -> SuperfluidWeight:
    """Diagonal superfluid weight along each twist direction (meV).

    ``energies`` are the bands at ``q = 0``; ``area_nm2`` is the total area ``N_k A_cell``;
    states with ``|xi(k)| >= cutoff_meV`` at ``q = 0`` are unpaired (the window of the gap
    equation).
    """
    t = K_B_MEV_PER_K * temperature_K
    xi0 = energies - mu_meV
    paired = state_gaps(xi0, gap_meV, cutoff_meV)
    unpaired = np.zeros_like(paired)
    total, conventional, normal = [], [], []
    for twist in twists:
        plus, minus = twist.plus - mu_meV, twist.minus - mu_meV
        scale = SECTORS / (area_nm2 * twist.q_per_nm**2)

        def curvature(gaps: np.ndarray, overlap: np.ndarray | None, t=t, plus=plus,
                      minus=minus) -> float:
            back = None if overlap is None else np.conj(np.swapaxes(overlap, 1, 2))
            return (_free_energy(plus, minus, overlap, gaps, t)
                    + _free_energy(minus, plus, back, gaps, t)
                    - 2 * _free_energy(xi0, xi0, None, gaps, t))

        total.append(scale * curvature(paired, twist.overlap))
        conventional.append(scale * curvature(paired, None))
        normal.append(scale * curvature(unpaired, None))
    return SuperfluidWeight(np.array(total), np.array(conventional), np.array(normal))


def bkt_temperature(
    stiffness_at: Callable[[float], SuperfluidWeight], tc_K: float
) -> tuple[float, bool]:
    """Solve ``k_B T = pi D_s(T) / 8`` for T in (0, T_c) (Brent's method), in K.

    ``stiffness_at(T)`` returns the :class:`SuperfluidWeight` at temperature T (K), with the
    gap and mu solved self-consistently at that T. Physically ``D_s(T_c) = 0``, so a root
    lies below T_c; when the mesh's normal-state curvature keeps ``D_s`` above ``8 k_B T /
    pi`` up to T_c (a small T_c on a coarse mesh), the root is taken with that normal-state
    value subtracted, and the second return value says so.
    """
    if tc_K <= 0:
        return 0.0, False

    def residual(temperature_K: float, subtract: bool) -> float:
        weight = stiffness_at(temperature_K)
        value = weight.isotropic_meV
        if subtract:
            value = float(np.sqrt(np.prod(np.maximum(
                weight.total_meV - weight.normal_state_meV, 0.0))))
        return np.pi * value / 8 - K_B_MEV_PER_K * temperature_K

    low, high = 1e-3 * tc_K, tc_K * (1 - 1e-9)
    subtract = residual(high, False) > 0
    if residual(low, subtract) <= 0:
        return 0.0, subtract
    return brentq(residual, low, high, args=(subtract,), xtol=1e-6 * tc_K), subtract
