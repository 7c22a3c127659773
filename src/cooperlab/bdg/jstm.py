"""Simulated Josephson STM: local critical current of a superconducting tip over a BdG sample.

A BCS tip (gap ``Delta_t``) coupled to site r of the sample carries the Josephson critical
current (Ambegaokar-Baratoff generalised to a local, inhomogeneous sample; e.g. Graham &
Morr, PRB 96, 184501 (2017)):

    I_c(r) R_N(r) = (2 pi k_B T / e) sum_{n >= 0} f_t(w_n) f_s(r, w_n),
    f_t(w) = Delta_t / sqrt(w^2 + Delta_t^2),
    f_s(r, w) = F(r, r; i w) / (pi N_s(r)),
    F(r, r; i w) = -sum_m u_m(r) v_m(r)^* / (i w - E_m)     (sample anomalous function),

with ``w_n = pi k_B T (2n + 1)``, ``N_s(r)`` the normal-state LDOS per spin at the Fermi
level (the tunnel resistance ``R_N(r) ~ 1 / N_s(r)``). For a uniform BCS sample with a flat
DOS, ``f_s = Delta / sqrt(w^2 + Delta^2)`` and the sum is ``(pi Delta / 2e) tanh(Delta/2T)``
for equal gaps. ``I_c R_N`` maps the local pairing, ``(I_c R_N)^2`` is the superfluid-density
proxy of Josephson STM (Cho et al., Nature 571, 541 (2019)); the single-particle gap map is
read from the LDOS coherence peaks. Matsubara sums are one matrix product, truncated at
``cutoff x max(Delta)`` with the ``1/w^2`` tail added in closed form.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.special import polygamma

from cooperlab.bdg.dense import BdGState, local_density_of_states, state_eigensystem
from cooperlab.bdg.model import BdGModel
from cooperlab.results import Result, Variable, make_metadata, scalar
from cooperlab.validation import require_positive


def matsubara(temperature: float, highest: float) -> np.ndarray:
    """Positive fermionic ``w_n = pi T (2n + 1)`` up to ``highest``."""
    require_positive("temperature", temperature)
    count = max(1, int(math.ceil((highest / (math.pi * temperature) - 1) / 2)))
    return math.pi * temperature * (2 * np.arange(count) + 1)


def tip_anomalous(omega: np.ndarray, tip_gap: float) -> np.ndarray:
    """``f_t(w) = Delta_t / sqrt(w^2 + Delta_t^2)`` of a BCS tip."""
    return tip_gap / np.sqrt(omega**2 + tip_gap**2)


def ic_rn(f_tip: np.ndarray, f_sample: np.ndarray, temperature: float, omega: np.ndarray,
          tail: np.ndarray | None = None) -> np.ndarray:
    """``(2 pi T) sum_n f_t f_s`` (units of energy / e) over the last axis, plus ``tail``."""
    total = 2 * math.pi * temperature * (f_sample @ f_tip)
    return total if tail is None else total + tail


def _tail(tip_gap: float, sample_weight: np.ndarray, temperature: float, n_kept: int
          ) -> np.ndarray:
    """``2 pi T sum_{n >= N} Delta_t c / w_n^2``: the tail of the sum where ``f_t ~ Delta_t / w``
    and ``f_s ~ c / w`` (``sum_{n >= N} 1 / (2n + 1)^2 = psi'(N + 1/2) / 4``)."""
    series = float(polygamma(1, n_kept + 0.5)) / 4 / (math.pi * temperature) ** 2
    return 2 * math.pi * temperature * tip_gap * sample_weight * series


def sample_anomalous_dense(model: BdGModel, state: BdGState, sites: Any, omega: np.ndarray,
                           eigensystem: tuple[np.ndarray, np.ndarray] | None = None
                           ) -> np.ndarray:
    """``F(r, r; i w)`` (real part) at ``sites`` from the BdG eigenpairs, ``(site, w)``;
    ``eigensystem`` (from :func:`~cooperlab.bdg.dense.state_eigensystem`) avoids
    diagonalising again."""
    n = model.n_sites
    energies, vectors = eigensystem or state_eigensystem(model, state)
    sites = np.atleast_1d(np.asarray(sites, dtype=int))
    weights = vectors[sites] * vectors[n + sites].conj()  # u_m(r) v_m(r)^*
    resolvent = 1.0 / (1j * omega[None, :] - energies[:, None])
    return -(weights @ resolvent).real


def normal_state_ldos(model: BdGModel, mu: float, sites: Any, broadening: float) -> np.ndarray:
    """Normal-state LDOS per spin at the Fermi level (Lorentzian width ``broadening``)."""
    require_positive("broadening", broadening)
    h = model.cluster.hopping_matrix() + np.diag(model.onsite_potential() - mu)
    energies, vectors = np.linalg.eigh(h)
    sites = np.atleast_1d(np.asarray(sites, dtype=int))
    lorentz = broadening / math.pi / (energies**2 + broadening**2)
    return np.abs(vectors[sites]) ** 2 @ lorentz


@dataclass(kw_only=True)
class JosephsonMap(Result):
    """Josephson-STM maps of a BdG state: I_c R_N, (I_c R_N)^2, R_N, the LDOS gap."""

    VARIABLES = {
        "ic_rn": Variable(("site",), "t/e", "local I_c R_N"),
        "superfluid_proxy": Variable(("site",), "(t/e)^2", "(I_c R_N)^2"),
        "normal_ldos": Variable(("site",), "1/t", "normal-state LDOS per spin at E_F"),
        "critical_current": Variable(("site",), "arb.", "I_c ~ I_c R_N x N_s (tip fixed)"),
        "coherence_gap": Variable(("site",), "t", "LDOS coherence-peak energy (E > 0)"),
        "pair_potential": Variable(("site",), "t", "|Delta_i| of the state"),
        "x": Variable(("site",), "a", "site x", coordinate=True),
        "y": Variable(("site",), "a", "site y", coordinate=True),
        "correlation_icrn_gap": scalar("", "Pearson correlation of I_c R_N and the LDOS gap"),
        "correlation_icrn_delta": scalar("", "Pearson correlation of I_c R_N and |Delta_i|"),
    }
    ic_rn: np.ndarray
    superfluid_proxy: np.ndarray
    normal_ldos: np.ndarray
    critical_current: np.ndarray
    coherence_gap: np.ndarray
    pair_potential: np.ndarray
    x: np.ndarray
    y: np.ndarray
    correlation_icrn_gap: float
    correlation_icrn_delta: float

    def summary(self) -> dict[str, Any]:
        """Map statistics, for ``--json``."""
        return {"result": "JosephsonMap", "ic_rn_mean": float(np.mean(self.ic_rn)),
                "ic_rn_std": float(np.std(self.ic_rn)),
                "correlation_icrn_gap": float(self.correlation_icrn_gap),
                "correlation_icrn_delta": float(self.correlation_icrn_delta)}


def _correlation(a: np.ndarray, b: np.ndarray) -> float:
    if np.std(a) == 0 or np.std(b) == 0:
        return math.nan
    return float(np.corrcoef(a, b)[0, 1])


def josephson_map(model: BdGModel, state: BdGState, tip_gap: float, temperature: float,
                  sites: Any = None, broadening: float = 0.05, cutoff: float = 200.0
                  ) -> JosephsonMap:
    """I_c R_N(r) and companions at ``sites`` (default all) for a BCS tip of gap ``tip_gap``
    at ``temperature`` (both in hopping units); ``broadening`` for the LDOS maps."""
    start = time.perf_counter()
    require_positive("tip_gap", tip_gap)
    sites = np.arange(model.n_sites) if sites is None else np.atleast_1d(np.asarray(sites))
    gaps = np.abs(np.asarray(state.gap))
    scale = max(tip_gap, float(gaps.max(initial=0.0)), 1e-3)
    omega = matsubara(temperature, cutoff * scale)
    normal = normal_state_ldos(model, state.mu, sites, broadening)
    eigensystem = state_eigensystem(model, state)
    f_sample = sample_anomalous_dense(model, state, sites, omega, eigensystem) / (
        math.pi * normal[:, None])
    weight = f_sample[:, -1] * omega[-1]  # f_s ~ c / w beyond the cutoff
    product = ic_rn(tip_anomalous(omega, tip_gap), f_sample, temperature, omega,
                    _tail(tip_gap, weight, temperature, omega.size))
    grid = np.linspace(0.0, 4 * scale, 801)
    ldos = local_density_of_states(model, state, sites, grid, broadening, eigensystem)
    coherence = grid[np.argmax(ldos, axis=1)]
    positions = model.cluster.positions()[sites]
    return JosephsonMap(
        ic_rn=product, superfluid_proxy=product**2, normal_ldos=normal,
        critical_current=product * normal / normal.mean(), coherence_gap=coherence,
        pair_potential=gaps[sites], x=positions[:, 0],
        y=positions[:, 1] if positions.shape[1] > 1 else np.zeros(len(sites)),
        correlation_icrn_gap=_correlation(product, coherence),
        correlation_icrn_delta=_correlation(product, gaps[sites]),
        metadata=make_metadata(wall_time_s=time.perf_counter() - start, tip_gap=tip_gap,
                               temperature=temperature, broadening=broadening,
                               convergence={"matsubara": int(omega.size),
                                            "cutoff": float(omega[-1])}),
    )


def uniform_ic_rn(xi: np.ndarray, gap: float, tip_gap: float, temperature: float,
                  normal_dos: float, cutoff: float = 200.0) -> float:
    """I_c R_N (energy / e) of a uniform s-wave sample with band energies ``xi`` (from mu,
    one value per state of a uniform mesh), gap ``gap`` and normal DOS per state
    ``normal_dos`` at the Fermi level: ``F(i w) = mean_xi Delta / (w^2 + xi^2 + Delta^2)``."""
    require_positive("normal_dos", normal_dos)
    xi = np.ravel(np.asarray(xi, dtype=float))
    omega = matsubara(temperature, cutoff * max(gap, tip_gap))
    anomalous = np.array([np.mean(gap / (w**2 + xi**2 + gap**2)) for w in omega])
    f_sample = anomalous / (math.pi * normal_dos)
    weight = f_sample[-1] * omega[-1]
    return float(ic_rn(tip_anomalous(omega, tip_gap), f_sample[None, :], temperature, omega,
                       _tail(tip_gap, np.array([weight]), temperature, omega.size))[0])
