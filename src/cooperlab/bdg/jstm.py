"""Simulated Josephson STM: local critical current of a superconducting tip over a BdG sample.

A BCS tip (gap ``Delta_t``) coupled to site r of the sample carries the Josephson critical
current (Ambegaokar-Baratoff generalised to a local, inhomogeneous sample; e.g. Graham &
Morr, PRB 96, 184501 (2017)):

    I_c(r) R_N(r) = (2 pi k_B T / e) sum_{n >= 0} f_t(w_n) f_s(r, w_n),
    f_t(w) = Delta_t / sqrt(w^2 + Delta_t^2),
    f_s(r, w) = F(r, r; i w) / (pi N_s(r)),
    F(r, r; i w) = -sum_m u_m(r) v_m(r)^* / (i w - E_m)     (sample anomalous function),

with ``w_n = pi k_B T (2n + 1)`` and ``N_s(r)`` the normal-state LDOS per spin that sets the
tunnel resistance ``R_N(r) ~ 1 / N_s(r)``. The current samples the normal states within
``~ sqrt(w^2 + Delta^2)`` of E_F, so ``N_s`` is the normal LDOS averaged over that window
(:func:`josephson_normal_ldos`): a region of uniform gap then gives Ambegaokar-Baratoff
whatever its LDOS, and I_c R_N maps the pairing. (The LDOS at E_F alone, with a broadening
near the level spacing of a small cluster, fluctuates from site to site far more than
Delta_i and made I_c R_N anticorrelate with it: -0.71 on a 12 x 12 box-disordered film,
+0.79 with the window.) For a uniform BCS sample with a flat
DOS, ``f_s = Delta / sqrt(w^2 + Delta^2)`` and the sum is ``(pi Delta / 2e) tanh(Delta/2T)``
for equal gaps. ``I_c R_N`` maps the local pairing, ``(I_c R_N)^2`` is the superfluid-density
proxy of Josephson STM (Cho et al., Nature 571, 541 (2019)); the single-particle gap map is
read from the LDOS coherence peaks. Matsubara sums are one matrix product, truncated at
``cutoff x max(Delta)`` with the ``1/w^2`` tail added in closed form.
"""

from __future__ import annotations

import dataclasses
import math
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from cooperlab.bdg.dense import (
    BdGState,
    local_density_of_states,
    normal_hamiltonians,
    state_eigensystem,
    state_nambu,
)
from cooperlab.bdg.kpm_solver import probed_local_expansions
from cooperlab.bdg.model import BdGModel
from cooperlab.bdg.spectra import SpectraOptions, coherence_peaks, solve_local_spectra
from cooperlab.naming import deprecated_alias
from cooperlab.numerics.kpm import expansion_coefficients, jackson_kernel, rescaled, spectral_scale
from cooperlab.numerics.matsubara import fermionic_frequencies_below, fermionic_tail
from cooperlab.results import Convergence, Result, make_metadata, scalar, variable
from cooperlab.validation import require_positive


def matsubara(temperature: float, highest: float) -> np.ndarray:
    """Positive fermionic ``w_n = pi T (2n + 1)`` up to ``highest``
    (:func:`cooperlab.numerics.fermionic_frequencies_below`)."""
    return fermionic_frequencies_below(temperature, highest)


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
    series = float(fermionic_tail(temperature, n_kept, 2))
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


def josephson_sums(energies: np.ndarray, omega: np.ndarray, f_tip: np.ndarray,
                   gap: float | np.ndarray | None = None, chunk: int | None = None
                   ) -> np.ndarray:
    """The Matsubara kernels of the Josephson current, one value per energy:

        K_J(E)       = sum_n f_t(w_n) E / (w_n^2 + E^2)             (``gap=None``),
        k(xi; Delta) = sum_n f_t(w_n) / (w_n^2 + xi^2 + Delta^2)      (otherwise),

    so that ``sum_n f_t F(r, r; i w_n) = sum_m u_m(r) v_m(r)^* K_J(E_m)`` for the sample and
    ``Delta sum_j |phi_j(r)|^2 k(xi_j; Delta)`` for a uniform gap on the normal states
    ``phi_j``. ``gap`` may be one value per row of a 2-D ``energies`` (per-site gaps);
    frequencies are summed ``chunk`` at a time (default: ~2e7 elements per chunk)."""
    energies = np.asarray(energies, dtype=float)
    out = np.zeros(energies.shape)
    flat_e, flat_out = energies.reshape(-1, energies.shape[-1]), out.reshape(
        -1, energies.shape[-1])
    gaps = None if gap is None else np.broadcast_to(np.asarray(gap, dtype=float) ** 2,
                                                    flat_e.shape[:1])
    chunk = chunk or max(1, int(2e7 // max(flat_e.size, 1)))  # ~160 MB of temporaries
    for start in range(0, omega.size, chunk):
        w2 = omega[start:start + chunk, None, None] ** 2
        ft = f_tip[start:start + chunk, None, None]
        if gaps is None:
            flat_out += np.sum(ft * flat_e / (w2 + flat_e**2), axis=0)
        else:
            flat_out += np.sum(ft / (w2 + flat_e**2 + gaps[:, None]), axis=0)
    return out


def flat_band_factor(tip_gap: float, gap: np.ndarray, temperature: float,
                     omega: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(A(Delta) / Delta, truncated)`` for a flat-DOS sample of gap ``Delta``:
    ``A(Delta) = 2 pi T sum_{n>=0} f_t(w_n) Delta / sqrt(w_n^2 + Delta^2)`` is its
    Ambegaokar-Baratoff I_c R_N (tail beyond the kept ``omega`` in closed form) and
    ``truncated = sum_{kept n} f_t / sqrt(w_n^2 + Delta^2)``."""
    gap = np.atleast_1d(np.asarray(gap, dtype=float))
    f_t = tip_anomalous(omega, tip_gap)
    truncated = (f_t[None, :] / np.sqrt(omega[None, :] ** 2 + gap[:, None] ** 2)).sum(axis=1)
    tail = _tail(tip_gap, np.ones_like(gap), temperature, omega.size)
    return 2 * math.pi * temperature * truncated + tail, truncated


def normal_state_ldos(model: BdGModel, state: BdGState, sites: Any, broadening: float
                      ) -> np.ndarray:
    """Normal-state LDOS per spin at the Fermi level (Lorentzian width ``broadening``), from
    the state's normal Hamiltonians (mu, Hartree shifts, exchange: both spins averaged)."""
    require_positive("broadening", broadening)
    sites = np.atleast_1d(np.asarray(sites, dtype=int))
    total = np.zeros(sites.size)
    hamiltonians = normal_hamiltonians(model, state)
    for h in hamiltonians[:1] if model.exchange is None else hamiltonians:
        energies, vectors = np.linalg.eigh(h)
        total += np.abs(vectors[sites]) ** 2 @ (broadening / math.pi / (energies**2
                                                                        + broadening**2))
    return total if model.exchange is None else total / 2


def josephson_normal_ldos(model: BdGModel, state: BdGState, sites: np.ndarray,
                          omega: np.ndarray, tip_gap: float, gap: np.ndarray) -> np.ndarray:
    """Normal-state LDOS per spin seen through the Josephson kernel at each site:

        N_J(r) = sum_j |phi_j(r)|^2 k(xi_j; Delta_r) / (pi sum_n f_t(w_n) / sqrt(w_n^2
                 + Delta_r^2)),

    with ``k`` of :func:`josephson_sums` and ``phi_j``, ``xi_j`` the normal states of
    :func:`~cooperlab.bdg.dense.normal_hamiltonians` (both spins averaged with an exchange
    field): the normal density of states averaged over the energies ``|xi| <~ sqrt(w^2 +
    Delta^2)`` that the Josephson current samples at r, weighted as in a uniform
    superconductor of gap ``Delta_r``. A flat normal DOS gives the DOS at E_F; a uniform gap
    gives ``I_c R_N = A(Delta)`` at every site whatever the LDOS structure."""
    f_tip = tip_anomalous(omega, tip_gap)
    total = np.zeros(sites.size)
    hamiltonians = normal_hamiltonians(model, state)
    spins = hamiltonians[:1] if model.exchange is None else hamiltonians
    for h in spins:
        energies, vectors = np.linalg.eigh(h)
        weights = np.abs(vectors[sites]) ** 2
        kernel = josephson_sums(np.broadcast_to(energies, weights.shape), omega, f_tip, gap)
        total += np.einsum("rj,rj->r", weights, kernel)
    _, truncated = flat_band_factor(tip_gap, gap, 1.0, omega)
    return total / len(spins) / (math.pi * truncated)


@dataclass(kw_only=True)
class JosephsonMap(Result):
    """Josephson-STM maps of a BdG state: I_c R_N, (I_c R_N)^2, R_N, the LDOS gap."""

    ic_rn: np.ndarray = variable(("site",), "t/e", "local I_c R_N")
    superfluid_proxy: np.ndarray = variable(("site",), "(t/e)^2", "(I_c R_N)^2")
    normal_ldos: np.ndarray = variable(("site",), "1/t", "normal-state LDOS per spin at E_F")
    critical_current: np.ndarray = variable(
        ("site",), "1", "I_c ~ I_c R_N x N_s (tip fixed), arbitrary units")
    coherence_gap: np.ndarray = variable(("site",), "t", "coherence-peak energy of N(E) + N(-E)")
    pair_potential: np.ndarray = variable(("site",), "t", "|Delta_i| of the state")
    x: np.ndarray = variable(("site",), "a", "site x", coordinate=True)
    y: np.ndarray = variable(("site",), "a", "site y", coordinate=True)
    correlation_icrn_gap: float = scalar("", "Pearson correlation of I_c R_N and the LDOS gap")
    correlation_icrn_delta: float = scalar("", "Pearson correlation of I_c R_N and |Delta_i|")

    def plot(self, ax: Any = None, quantity: str = "ic_rn", **kwargs: Any) -> Any:
        """Map of ``quantity`` (default I_c R_N; see
        :func:`cooperlab.plotting.bdg.plot_jstm_map`) with a scale bar in lattice units."""
        from cooperlab.plotting.bdg import plot_jstm_map

        return plot_jstm_map(self, quantity, ax=ax, **kwargs)

    def summary(self) -> dict[str, Any]:
        """Map statistics, for ``--json``."""
        return {"result": "JosephsonMap", "ic_rn_mean": float(np.mean(self.ic_rn)),
                "ic_rn_std": float(np.std(self.ic_rn)),
                "correlation_icrn_gap": float(self.correlation_icrn_gap),
                "correlation_icrn_delta": float(self.correlation_icrn_delta)}


def _correlation(a: np.ndarray, b: np.ndarray) -> float:
    """Pearson correlation; NaN when either map is flat (to 1e-10 of its mean)."""
    if any(np.std(v) <= 1e-10 * max(abs(float(np.mean(v))), 1e-300) for v in (a, b)):
        return math.nan
    return float(np.corrcoef(a, b)[0, 1])


def kpm_josephson(model: BdGModel, state: BdGState, omega: np.ndarray, tip_gap: float,
                  gaps: np.ndarray, normal_window: float | None, options: SpectraOptions,
                  table: int = 129) -> tuple[np.ndarray, np.ndarray]:
    """``(sum_n f_t F(r, r; i w_n), N(r))`` for all sites by Chebyshev expansion: the first is
    ``Re [K_J(H_BdG)]_{r, N+r}`` (:func:`josephson_sums`), the second the normal LDOS that
    sets R_N, from the diagonal of an even function of the normal Nambu matrix (both spins):
    ``k(xi; Delta)`` expanded on ``table`` gaps from 0 to max|Delta_i| and interpolated
    linearly to each site's gap (Josephson window), or a Lorentzian (``normal_window``).
    Probing, moments and backend from ``options``."""
    moments, period = options.n_moments, options.probe_period
    kernel = jackson_kernel(moments)[:, None]
    f_tip = tip_anomalous(omega, tip_gap)
    ham = state_nambu(model, state)
    scale = spectral_scale(ham)
    weights = kernel * expansion_coefficients(
        lambda u: josephson_sums(scale.to_energy(u), omega, f_tip), moments)[:, None]
    pair = probed_local_expansions(rescaled(ham, scale), model, period, {"anomalous": weights},
                                   backend=options.backend)["anomalous"][:, 0]
    normal = state_nambu(model, state, pairing=False)
    nscale = spectral_scale(normal)
    if normal_window is None:
        values = np.linspace(0.0, max(float(gaps.max(initial=0.0)), 1e-12), table)

        def column(gap: float) -> np.ndarray:
            return expansion_coefficients(lambda u: josephson_sums(
                nscale.to_energy(u)[None, :], omega, f_tip, gap)[0], moments)
    else:
        values = np.zeros(1)

        def column(gap: float) -> np.ndarray:
            return expansion_coefficients(lambda u: normal_window / math.pi / (
                nscale.to_energy(u) ** 2 + normal_window**2), moments)
    normal_weights = kernel * np.stack([column(float(v)) for v in values], axis=1)
    sums = probed_local_expansions(rescaled(normal, nscale), model, period, {
        "particle": normal_weights, "hole": normal_weights}, backend=options.backend)
    both = 0.5 * (sums["particle"] + sums["hole"])  # (site, table)
    if normal_window is not None:
        return pair, both[:, 0]
    position = np.clip(gaps / (values[1] - values[0]), 0, table - 1 - 1e-9)
    low = position.astype(int)
    fraction = position - low
    rows = np.arange(gaps.size)
    window = (1 - fraction) * both[rows, low] + fraction * both[rows, low + 1]
    _, truncated = flat_band_factor(tip_gap, gaps, 1.0, omega)
    return pair, window / (math.pi * truncated)


def solve_josephson_map(model: BdGModel, state: BdGState, tip_gap: float, temperature: float,
                  sites: Any = None, broadening: float = 0.05, cutoff: float = 200.0,
                  normal_window: float | None = None, options: SpectraOptions | None = None
                  ) -> JosephsonMap:
    """I_c R_N(r) and companions at ``sites`` (default all) for a BCS tip of gap ``tip_gap``
    at ``temperature`` (both in hopping units); ``broadening`` for the LDOS gap map.

        I_c R_N(r) = (A(Delta_r) / Delta_r) / S_t(Delta_r) x sum_n f_t(w_n) F(r, r; i w_n)
                     / (pi N(r)),    S_t(Delta) = sum_{kept n} f_t / sqrt(w_n^2 + Delta^2),

    i.e. ``(2 pi T) sum_n f_t f_s`` with the Matsubara tail added in closed form (``A`` of
    :func:`flat_band_factor`, ``Delta_r = |Delta_i|`` at r). ``N(r)`` is the normal LDOS per
    spin that sets R_N: by default (``normal_window=None``) :func:`josephson_normal_ldos`,
    the normal LDOS averaged over the energies the Josephson current samples, so that a
    region of uniform gap gives Ambegaokar-Baratoff ``A(Delta)`` exactly and I_c R_N
    follows the local pairing; a float gives the Lorentzian LDOS at E_F of that width (a
    narrow-window R_N: on small clusters its mesoscopic fluctuations, level spacing ~
    bandwidth / N, dominate I_c R_N and can anticorrelate it with Delta_i).
    ``options`` (:class:`~cooperlab.bdg.spectra.SpectraOptions`) with ``solver="kpm"``
    computes everything by Chebyshev expansions with probing (:func:`kpm_josephson`, the
    gap map by :func:`~cooperlab.bdg.spectra.solve_local_spectra`): large clusters, no
    diagonalisation; the default is dense.

    Parameters
    ----------
    tip_gap : float
        Gap of the BCS tip (units of t).
    temperature : float
        k_B T of tip and sample (units of t, > 0).
    broadening : float
        Width of the LDOS of the gap map (units of t).
    cutoff : float
        Matsubara sum up to this many times the largest gap.
    normal_window : float or None
        R_N from the Lorentzian LDOS at E_F of this width (units of t); default: the normal
        LDOS over the Josephson window.
    """
    start = time.perf_counter()
    require_positive("tip_gap", tip_gap)
    if normal_window is not None:
        require_positive("normal_window", normal_window)
    options = options or SpectraOptions(broadening=broadening)
    n = model.n_sites
    sites = np.arange(n) if sites is None else np.atleast_1d(np.asarray(sites, dtype=int))
    gaps = np.abs(np.asarray(state.gap))
    local = gaps[sites]
    scale = max(tip_gap, float(gaps.max(initial=0.0)), 1e-3)
    omega = matsubara(temperature, cutoff * scale)
    f_tip = tip_anomalous(omega, tip_gap)
    probe: dict[str, Any] = {}
    if options.solver == "kpm":
        spectra = solve_local_spectra(model, state, np.zeros(0), dataclasses.replace(
            options, gap_range=4 * scale, gap_points=401))   # warns on a non-dividing period
        probe = {"probe_period": spectra.metadata["probe_period"]}
        coherence = spectra.coherence_gap[sites]
        with threadpool_limits(limits=options.blas_threads):
            josephson, normal = (values[sites] for values in kpm_josephson(
                model, state, omega, tip_gap, gaps, normal_window, options))
    else:
        energies, vectors = eigensystem = state_eigensystem(model, state)
        pair_weight = (vectors[sites] * vectors[n + sites].conj()).real  # Re u_m(r) v_m(r)^*
        josephson = pair_weight @ josephson_sums(energies, omega, f_tip)  # sum_n f_t F(r, r)
        if normal_window is None:
            normal = josephson_normal_ldos(model, state, sites, omega, tip_gap, local)
        else:
            normal = normal_state_ldos(model, state, sites, normal_window)
        grid = np.linspace(0.0, 4 * scale, 401)
        ldos = local_density_of_states(model, state, sites, np.concatenate([grid, -grid]),
                                       options.broadening, eigensystem)
        coherence = coherence_peaks(ldos[:, :grid.size] + ldos[:, grid.size:], grid)
    factor, truncated = flat_band_factor(tip_gap, local, temperature, omega)
    product = factor / truncated * josephson / (math.pi * normal)
    positions = model.cluster.positions()[sites]
    return JosephsonMap(
        ic_rn=product, superfluid_proxy=product**2, normal_ldos=normal,
        critical_current=product * normal / normal.mean(), coherence_gap=coherence,
        pair_potential=local, x=positions[:, 0],
        y=positions[:, 1] if positions.shape[1] > 1 else np.zeros(len(sites)),
        correlation_icrn_gap=_correlation(product, coherence),
        correlation_icrn_delta=_correlation(product, local),
        metadata=make_metadata(wall_time_s=time.perf_counter() - start, tip_gap=tip_gap,
                               temperature=temperature, broadening=options.broadening,
                               solver=options.solver, options=options, **probe,
                               normal_window="josephson" if normal_window is None
                               else normal_window,
                               convergence=Convergence(
                                   passed=(state.convergence.passed
                                           if state.convergence is not None else True),
                                   criterion="closed form: Matsubara sum to cutoff x max gap "
                                             "(its truncation corrected by the flat-band "
                                             "ratio) over the state's spectrum; passed: the "
                                             "state's self-consistency verdict",
                                   discretisation={"matsubara": int(omega.size),
                                                   "cutoff": float(omega[-1]),
                                                   "solver": options.solver,
                                                   **({"n_moments": options.n_moments}
                                                      if options.solver == "kpm" else {})},
                                   details={"matsubara": int(omega.size),
                                            "cutoff": float(omega[-1])})),
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


# Deprecated names (removed in the next release).
josephson_map = deprecated_alias(solve_josephson_map, "josephson_map")
