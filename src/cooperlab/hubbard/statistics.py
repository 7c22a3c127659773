"""Binning and jackknife error bars for sign-weighted Monte Carlo averages.

Each bin holds the averages ``<s O>_b`` and ``<s>_b`` over its sweeps; the estimate of
``<O> = <s O> / <s>`` and its error come from the delete-one jackknife over bins
(Efron; see e.g. Gubernatis, Kawashima & Werner, *Quantum Monte Carlo Methods* (2016)),
which handles the ratio's bias and correlations longer than a sweep if bins are long enough.
"""

from __future__ import annotations

import numpy as np


def jackknife_ratio(signed: np.ndarray, sign: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean and jackknife error of ``sum_b signed_b / sum_b sign_b``.

    Parameters
    ----------
    signed
        Bin averages of ``s O``, shape ``(n_bins, ...)``.
    sign
        Bin averages of the sign ``s``, shape ``(n_bins,)``.
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


def jackknife_mean(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean and standard error of bin averages (the jackknife of a plain mean)."""
    values = np.asarray(values, dtype=float)
    return jackknife_ratio(values, np.ones(values.shape[0]))
