"""Self-consistent BCS mean field in a set of bands, at fixed filling.

The pairing is intervalley s-wave between time-reversed partners (``k, K, up`` with
``-k, K', down``) from a local attraction, ``Delta_nm(k) = Delta <n, k|m, k>`` restricted to
the states with ``|xi| < cutoff`` (phonon-like window about the chemical potential). At
``q = 0`` the BdG problem is band diagonal, ``E = sqrt(xi^2 + Delta^2)``, and the
mean-field equations are (Bardeen, Cooper & Schrieffer, Phys. Rev. 108, 1175 (1957))

    gap:     1 = g (1/N_k) sum_{k, n in window} tanh(E / 2T) / (2E),
    number:  nu = 4 (1/N_k) sum_{k, n} v^2_nk - 4 n_below,
             v^2 = [1 - (xi / E) tanh(E / 2T)] / 2,

with ``g`` (meV) the attraction per moire cell, 4 = spin x valley, and ``n_below`` the
bands counted below charge neutrality. In a flat band the gap equation gives
``T_c = g n_flat / 4`` at half filling: linear in g (not exponential, as in a dispersive
band, where ``2 Delta(0) / k_B T_c = 3.53`` at weak coupling).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

from cooperlab.naming import deprecated_alias
from cooperlab.numerics.filling import solve_chemical_potential
from cooperlab.units import K_B_MEV_PER_K

DEGENERACY = 4  # spin x valley
#: Lowest temperature (K) the self-consistency uses: T = 0 is evaluated here, where the
#: Fermi functions of a gapped spectrum are exactly those of T = 0, and the flat-band
#: limits (xi = 0, Delta = 0) stay well defined.
T_FLOOR_K = 1e-6


@dataclass(frozen=True)
class BandPairingData:
    """Band energies the pairing acts in.

    Attributes
    ----------
    energies : (n_k, n_bands) array, meV, the bands on a uniform k mesh.
    bands_below : int, how many of the bands lie below charge neutrality.
    degeneracy : int, states per band and k (4 = spin x valley in TBG, 2 = spin on a lattice).
    """

    energies: np.ndarray
    bands_below: int
    degeneracy: int = DEGENERACY

    @property
    def filling_range(self) -> tuple[float, float]:
        """Filling with all bands empty and all full."""
        n_bands = self.energies.shape[1]
        return (-self.degeneracy * self.bands_below,
                self.degeneracy * (n_bands - self.bands_below))


@dataclass(frozen=True)
class GapSolution:
    """Gap and chemical potential at one (T, nu)."""

    gap_meV: float
    mu_meV: float
    temperature_K: float
    nu: float


def _tanh_over(e: np.ndarray, t: float) -> np.ndarray:
    """``tanh(E / 2T) / E`` (T > 0 in meV), with its limit ``1 / 2T`` at ``E -> 0``."""
    e = np.asarray(e, dtype=float)
    x = e / (2 * t)
    small = x < 1e-8
    out = np.full_like(e, 1.0 / (2 * t))
    out[~small] = np.tanh(x[~small]) / e[~small]
    return out


def state_gaps(xi: np.ndarray, gap: float, cutoff: float) -> np.ndarray:
    """The gap each state feels: ``Delta`` inside the window ``|xi| < cutoff``, else 0."""
    return np.where(np.abs(xi) < cutoff, gap, 0.0)


def number_equation(data: BandPairingData, mu: float, gap: float, t: float,
            cutoff: float = np.inf) -> float:
    """Number equation: ``nu`` for chemical potential ``mu`` and gap (meV), T in meV.

    States outside the pairing window are unpaired (Fermi occupation).
    """
    xi = data.energies - mu
    e = np.sqrt(xi**2 + state_gaps(xi, gap, cutoff) ** 2)
    v2 = 0.5 * (1.0 - xi * _tanh_over(e, t))
    return float(data.degeneracy * (v2.mean(axis=0).sum() - data.bands_below))


def gap_kernel(data: BandPairingData, mu: float, gap: float, t: float, cutoff: float) -> float:
    """``(1/N_k) sum tanh(E/2T) / (2E)`` over the states inside the window (1/meV)."""
    xi = data.energies - mu
    inside = np.abs(xi) < cutoff
    e = np.sqrt(xi**2 + gap**2)
    return float(np.where(inside, 0.5 * _tanh_over(e, t), 0.0).sum() / data.energies.shape[0])


def number_equation_mu(data: BandPairingData, nu: float, gap: float, t: float,
                       cutoff: float = np.inf) -> float:
    """Solve the number equation for ``mu`` (meV) at fixed gap, T and window."""
    lo, hi = data.filling_range
    if not lo < nu < hi:
        raise ValueError(f"nu must lie inside ({lo:g}, {hi:g}) for these bands, got {nu}")
    e = data.energies
    # Near a band edge with a finite gap the filling approaches its limit only as
    # Delta^2 / xi^2: the padding of the bracket doubles until it holds the root. Tolerances
    # as before the shared solver (xtol 1e-12, brentq's default rtol 4 eps).
    return solve_chemical_potential(
        lambda mu: number_equation(data, mu, gap, t, cutoff), nu, float(e.min()), float(e.max()),
        float(e.max() - e.min()) + 10 * (gap + t) + 1.0, name="nu", xtol=1e-12,
        rtol=4 * np.finfo(float).eps)


def solve_gap(
    data: BandPairingData, nu: float, coupling_meV: float, temperature_K: float,
    cutoff_meV: float = np.inf, xtol: float = 1e-10,
) -> GapSolution:
    """Self-consistent gap and chemical potential at filling ``nu`` and temperature T.

    The gap equation ``g K(Delta, mu(Delta)) = 1`` is solved by Brent's method on Delta with
    ``mu(Delta)`` from the number equation at every step; ``Delta = 0`` when
    ``g K(0, mu(0)) <= 1`` (above T_c).
    """
    t = K_B_MEV_PER_K * max(temperature_K, T_FLOOR_K)

    def residual(gap: float) -> float:
        mu = number_equation_mu(data, nu, gap, t, cutoff_meV)
        return coupling_meV * gap_kernel(data, mu, gap, t, cutoff_meV) - 1.0

    if residual(0.0) <= 0:
        return GapSolution(0.0, number_equation_mu(data, nu, 0.0, t), temperature_K, nu)
    high = max(coupling_meV, 1e-6)
    while residual(high) > 0:
        high *= 2
    gap = brentq(residual, 0.0, high, xtol=xtol)
    return GapSolution(gap, number_equation_mu(data, nu, gap, t, cutoff_meV), temperature_K, nu)


def critical_temperature(
    data: BandPairingData, nu: float, coupling_meV: float, cutoff_meV: float = np.inf,
    xtol_K: float = 1e-9,
) -> float:
    """Mean-field T_c (K): the root of ``g K(0, mu(T); T) = 1`` (Brent's method).

    A T_c below 0.1 mK (the lower end of the search) is reported as 0.
    """

    def residual(temperature_K: float) -> float:
        t = K_B_MEV_PER_K * temperature_K
        mu = number_equation_mu(data, nu, 0.0, t)
        return coupling_meV * gap_kernel(data, mu, 0.0, t, cutoff_meV) - 1.0

    low = 1e-4
    if residual(low) <= 0:
        return 0.0
    high = max(1.0, coupling_meV / K_B_MEV_PER_K)
    while residual(high) > 0:
        high *= 2
    return brentq(residual, low, high, xtol=xtol_K)


def uniform_gap(data: BandPairingData, coupling: float, temperature: float,
                mu: float | None = None, filling_target: float | None = None
                ) -> tuple[float, float]:
    """Uniform s-wave gap ``(Delta, mu)`` in the energy units of ``data`` (T in the same units).

    ``1 = g (1/N_k) sum_k tanh(E_k / 2T) / (2 E_k)`` at fixed ``mu`` or, with
    ``filling_target``, together with the number equation. For the attractive Hubbard
    model on a lattice, ``g = |U|``, ``degeneracy = 2`` and ``bands_below = 0`` (filling =
    electrons per site): the k-space reference of :mod:`cooperlab.bdg`'s real-space solver.
    """
    t = max(float(temperature), 1e-12)
    if (mu is None) == (filling_target is None):
        raise ValueError("give exactly one of mu and filling_target")

    def chem(gap: float) -> float:
        return float(mu) if mu is not None else number_equation_mu(data, filling_target, gap, t)

    def residual(gap: float) -> float:
        return coupling * gap_kernel(data, chem(gap), gap, t, np.inf) - 1.0

    if residual(0.0) <= 0:
        return 0.0, chem(0.0)
    high = max(coupling, 1e-6)
    while residual(high) > 0:
        high *= 2
    gap = brentq(residual, 0.0, high, xtol=1e-14, rtol=1e-15)
    return gap, chem(gap)


# Deprecated names (removed in the next release).
filling = deprecated_alias(number_equation, "filling")
chemical_potential = deprecated_alias(number_equation_mu, "chemical_potential")
