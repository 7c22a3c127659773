"""Binning, jackknife and autocorrelation analysis of sign-weighted Monte Carlo averages.

Each stored bin holds the averages ``<s O>_b`` and ``<s>_b`` over its sweeps; the estimate of
``<O> = <s O> / <s>`` and its error come from the delete-one jackknife over *blocks* of
consecutive bins (Efron; see e.g. Gubernatis, Kawashima & Werner, *Quantum Monte Carlo
Methods* (2016)). The jackknife treats blocks as independent, so a block must be several
integrated autocorrelation times long, or the error bar comes out too small by up to
``sqrt(2 tau_int / block)``.

The integrated autocorrelation time of the ratio is measured on the linearised series
``y_b = (a_b - R s_b) / <s>`` (``a = s O``, ``R = <a>/<s>``; Wolff, Comput. Phys. Commun. 156,
143 (2004)) with Sokal's automatic window (Madras & Sokal, J. Stat. Phys. 50, 109 (1988)):

    tau_int(M) = 1/2 + sum_{t=1}^{M} rho(t),   M = the smallest window with M >= c tau_int(M),

``rho(t) = Gamma(t) / Gamma(0)`` the normalised autocorrelation function. Its statistical
error is ``tau_int sqrt(2 (2M + 1) / n)``. Independent chains are separate segments: their
``Gamma(t)`` are summed over the pairs inside each segment around a common mean.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

#: Sokal's window factor ``c`` (the window ends at the first ``M >= c tau_int(M)``).
SOKAL_WINDOW = 6.0


def jackknife_ratio(signed: np.ndarray, sign: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean and jackknife error of ``sum_b signed_b / sum_b sign_b``.

    Parameters
    ----------
    signed
        Bin averages (or sums) of ``s O``, shape ``(n_bins, ...)``.
    sign
        Bin averages (or sums, the same as ``signed``) of the sign ``s``, shape ``(n_bins,)``.
    """
    signed = np.asarray(signed, dtype=float)
    sign = np.asarray(sign, dtype=float)
    n = sign.shape[0]
    extra = (slice(None),) + (None,) * (signed.ndim - 1)
    total, total_sign = signed.sum(axis=0), sign.sum()
    mean = total / total_sign
    if n < 2:
        return mean, np.full_like(mean, np.nan)
    leave_out = (total[None] - signed) / (total_sign - sign)[extra]
    error = np.sqrt((n - 1) / n * np.sum((leave_out - leave_out.mean(axis=0)) ** 2, axis=0))
    return mean, error


def block_sums(values: np.ndarray, block: int,
               segments: Sequence[int] | None = None) -> np.ndarray:
    """Sums of ``block`` consecutive bins, shape ``(n_blocks, ...)``.

    Blocks never straddle two ``segments`` (bin counts of independent chains, in order); the
    bins left over at the end of a segment join its last block, so every bin is counted once
    and the jackknife mean equals the mean over all bins.
    """
    values = np.asarray(values, dtype=float)
    segments = [values.shape[0]] if segments is None else list(segments)
    if sum(segments) != values.shape[0]:
        raise ValueError(f"segments must add up to the {values.shape[0]} bins, got {segments}")
    out = []
    start = 0
    for length in segments:
        n_blocks = max(1, length // block)
        edges = [start + b * block for b in range(n_blocks)] + [start + length]
        out.extend(values[edges[b]:edges[b + 1]].sum(axis=0) for b in range(n_blocks))
        start += length
    return np.asarray(out)


def blocked_jackknife_ratio(signed: np.ndarray, sign: np.ndarray, block: int,
                            segments: Sequence[int] | None = None
                            ) -> tuple[np.ndarray, np.ndarray]:
    """:func:`jackknife_ratio` over blocks of ``block`` bins (see :func:`block_sums`)."""
    return jackknife_ratio(block_sums(signed, block, segments),
                           block_sums(sign, block, segments))


@dataclass(frozen=True)
class Autocorrelation:
    """Integrated autocorrelation time of one series, in units of its samples.

    ``tau`` is ``1/2`` for independent samples; ``window`` the Sokal window ``M``;
    ``converged`` whether a window ``M >= c tau(M)`` was found below a quarter of the
    shortest segment (otherwise ``tau`` is the value at that largest window, a lower bound).
    """

    tau: float
    error: float
    window: int
    converged: bool


def autocorrelation_function(series: np.ndarray,
                             segments: Sequence[int] | None = None) -> np.ndarray:
    """``Gamma(t)``, ``t = 0 .. n_min - 1``, of a 1-d series made of independent segments
    (mean over all pairs ``(i, i + t)`` inside one segment, about the common mean)."""
    x = np.asarray(series, dtype=float)
    segments = [x.size] if segments is None else list(segments)
    n_min = min(segments)
    d = x - x.mean()
    num = np.zeros(n_min)
    count = np.zeros(n_min)
    start = 0
    for length in segments:
        part = d[start:start + length]
        spectrum = np.fft.rfft(part, 2 * length)
        full = np.fft.irfft(spectrum * np.conj(spectrum), 2 * length)[:length]
        num += full[:n_min]
        count += length - np.arange(n_min)
        start += length
    return num / count


def integrated_autocorrelation_time(series: np.ndarray,
                                    segments: Sequence[int] | None = None,
                                    window_factor: float = SOKAL_WINDOW,
                                    scale: float | None = None) -> Autocorrelation:
    """Sokal's self-consistent window estimate of ``tau_int`` (module docstring).

    A series whose spread is below ``1e-12 scale`` (default scale: its largest magnitude),
    such as an exact estimator at ``U = 0``, has ``tau = 1/2``.
    """
    x = np.asarray(series, dtype=float)
    segments = [x.size] if segments is None else list(segments)
    n = x.size
    if n < 2:
        return Autocorrelation(0.5, float("nan"), 0, False)
    gamma = autocorrelation_function(x, segments)
    scale = max(float(np.max(np.abs(x))) if scale is None else scale, 1e-300)
    if gamma[0] <= (1e-12 * scale) ** 2:
        return Autocorrelation(0.5, 0.0, 0, True)
    taus = 0.5 + np.cumsum(gamma[1:] / gamma[0])
    largest = max(1, min(segments) // 4)
    for m in range(1, min(largest, taus.size) + 1):
        if m >= window_factor * taus[m - 1]:
            tau = max(float(taus[m - 1]), 0.5)
            return Autocorrelation(tau, tau * np.sqrt(2 * (2 * m + 1) / n), m, True)
    m = min(largest, taus.size)
    tau = max(float(taus[m - 1]), 0.5) if m else 0.5
    return Autocorrelation(tau, tau * np.sqrt(2 * (2 * m + 1) / n), m, False)


def ratio_autocorrelation(signed: np.ndarray, sign: np.ndarray,
                          segments: Sequence[int] | None = None,
                          window_factor: float = SOKAL_WINDOW) -> Autocorrelation:
    """``tau_int`` (in bins) of ``<s O> / <s>`` from its linearised series (Wolff 2004)."""
    signed = np.asarray(signed, dtype=float)
    sign = np.asarray(sign, dtype=float)
    mean_sign = sign.mean()
    ratio = signed.mean() / mean_sign
    return integrated_autocorrelation_time((signed - ratio * sign) / mean_sign, segments,
                                           window_factor, float(np.max(np.abs(signed))))


def binning_errors(signed: np.ndarray, sign: np.ndarray, segments: Sequence[int] | None = None,
                   min_blocks: int = 8) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Jackknife error of ``<s O>/<s>`` against block size ``1, 2, 4, ...`` bins.

    Returns ``(block_sizes, errors, n_blocks)`` for every doubling that leaves at least
    ``min_blocks`` blocks. The error grows with the block size until blocks are longer than
    the correlations, then stays on a plateau (up to noise ``error / sqrt(2 (n_blocks - 1))``).
    """
    n_min = min(segments) if segments is not None else np.asarray(sign).shape[0]
    n_segments = 1 if segments is None else len(segments)
    sizes, errors, counts = [], [], []
    block = 1
    while block == 1 or (n_min // block) * n_segments >= min_blocks:
        _, error = blocked_jackknife_ratio(signed, sign, block, segments)
        sizes.append(block)
        errors.append(float(error))
        counts.append((n_min // block) * n_segments)
        block *= 2
    return np.asarray(sizes), np.asarray(errors), np.asarray(counts)
