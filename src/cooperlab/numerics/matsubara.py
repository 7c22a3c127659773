"""Matsubara frequencies, tail-corrected fermionic sums and the sparse-ir bosonic transform.

Frequencies (``T`` in energy units): fermionic ``w_n = pi T (2n + 1)``, bosonic
``nu_m = 2 pi T m``. A fermionic sum over ``n >= 0`` is kept explicitly for ``n < N`` and the
rest, where the summand falls as ``c_2 / w^2 + c_4 / w^4``, is added in closed form with

    sum_{n >= N} 1 / w_n^2 = psi_1(N + 1/2) / (4 (pi T)^2),
    sum_{n >= N} 1 / w_n^4 = psi_3(N + 1/2) / (96 (pi T)^4)

(``psi_k`` the polygamma functions). Example: ``2 T sum_{n >= 0} 1 / (w_n^2 + E^2) =
tanh(E / 2T) / (2E)``.

Bosonic transforms with the intermediate representation (IR): a bosonic function built from
band energies, ``chi(tau) = sum_j c_j e^{-w_j tau}`` with ``|w_j| <= w_max``, known at a few
imaginary times ``tau_i``, is wanted at ``i nu_m``:

    chi(i nu_m) = int_0^beta dtau e^{i nu_m tau} chi(tau) = sum_i W_{m i} chi(tau_i).

The weights ``W = U_hat(i nu_m) . U(tau_i)^{-1}`` come from the IR basis of Shinaoka et al.,
PRB 96, 035147 (2017) (``sparse-ir``, Wallerberger et al., SoftwareX 21, 101266 (2023)):
the basis of the logistic kernel with ``Lambda = beta w_max`` keeps ``L ~ log(Lambda)
log(1/eps)`` functions (40 at Lambda = 100, 72 at 1000, 104 at 10^4 for eps = 1e-15), and
its ``L`` sampling times make the fit exact to ``eps``. The singular-value expansion depends
only on ``Lambda``, which is rounded up to a power of ten (a larger ``w_max`` is still exact)
so that one expansion per decade serves every temperature; it is computed locally (no
download) and cached for the process.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import numpy as np
from scipy.special import polygamma

from cooperlab.validation import require_int, require_positive

#: Relative accuracy of the IR basis (singular-value cutoff) used by default.
IR_EPS = 1e-15


def fermionic_frequencies(temperature: Any, count: int) -> np.ndarray:
    """``w_n = pi T (2n + 1)`` for ``n = 0 .. count - 1``; an array of temperatures gives
    shape ``T.shape + (count,)``."""
    n = np.arange(require_int("count", count, 0))
    t = np.asarray(temperature, dtype=float)
    return np.pi * t[..., None] * (2 * n + 1) if t.ndim else np.pi * float(t) * (2 * n + 1)


def bosonic_frequencies(temperature: float, count: int) -> np.ndarray:
    """``nu_m = 2 pi T m`` for ``m = 0 .. count - 1``."""
    return 2 * np.pi * float(temperature) * np.arange(require_int("count", count, 0))


def fermionic_count_below(temperature: float, highest: float) -> int:
    """Number of positive ``w_n = pi T (2n + 1)`` needed to reach ``highest`` (at least 1)."""
    require_positive("temperature", temperature)
    return max(1, int(math.ceil((highest / (math.pi * temperature) - 1) / 2)))


def fermionic_frequencies_below(temperature: float, highest: float) -> np.ndarray:
    """Positive fermionic ``w_n = pi T (2n + 1)`` up to ``highest`` (at least one)."""
    count = fermionic_count_below(temperature, highest)
    return math.pi * temperature * (2 * np.arange(count) + 1)


def fermionic_tail(temperature: Any, n_kept: int, power: int = 2) -> Any:
    """``sum_{n >= N} 1 / w_n^p`` for ``p = 2`` or ``4``, ``w_n = pi T (2n + 1)``:
    ``psi_1(N + 1/2) / (4 (pi T)^2)`` and ``psi_3(N + 1/2) / (96 (pi T)^4)``."""
    if power == 2:
        return polygamma(1, n_kept + 0.5) / 4 / (np.pi * temperature) ** 2
    if power == 4:
        return polygamma(3, n_kept + 0.5) / 96 / (np.pi * temperature) ** 4
    raise ValueError(f"power must be 2 or 4, got {power!r}")


def tail_corrected_fermionic_sum(values: Any, temperature: float, coefficient2: Any,
                                 coefficient4: Any = 0.0) -> np.ndarray:
    """``sum_{n >= 0} g(w_n)`` from ``values = g(w_n)``, ``n < N`` (last axis) and the
    asymptotic ``g ~ c_2 / w^2 + c_4 / w^4``: the kept sum plus
    ``c_2 sum_{n >= N} w_n^-2 + c_4 sum_{n >= N} w_n^-4``."""
    values = np.asarray(values, dtype=float)
    n_kept = values.shape[-1]
    tail = np.asarray(coefficient2) * fermionic_tail(temperature, n_kept, 2)
    if np.any(np.asarray(coefficient4) != 0):
        tail = tail + np.asarray(coefficient4) * fermionic_tail(temperature, n_kept, 4)
    return values.sum(axis=-1) + tail


# -- sparse-ir (intermediate representation) ------------------------------------------------
@lru_cache(maxsize=8)
def _sve(lambda_: float, eps: float) -> Any:
    import sparse_ir

    return sparse_ir.SVEResult(sparse_ir.LogisticKernel(lambda_), eps)


def ir_lambda(beta: float, w_max: float) -> float:
    """``beta * w_max`` rounded up to the next power of ten (at least 10)."""
    value = require_positive("beta", beta) * require_positive("w_max", w_max)
    return float(10.0 ** max(1, int(np.ceil(np.log10(value) - 1e-12))))


@lru_cache(maxsize=32)
def bosonic_weights(beta: float, w_max: float, m: tuple[int, ...] = (0,),
                    eps: float = IR_EPS) -> tuple[np.ndarray, np.ndarray]:
    """IR sampling times and Matsubara weights for bosonic frequencies ``nu_m``.

    Returns ``(tau, W)`` with ``tau`` of shape ``(L,)`` in ``(0, beta)`` and ``W`` of shape
    ``(len(m), L)`` such that ``chi(i nu_m) = W @ chi(tau)`` for every bosonic ``chi``
    whose spectrum lies in ``[-w_max, w_max]`` (to relative accuracy ~ eps).
    """
    import sparse_ir

    lambda_ = ir_lambda(beta, w_max)
    basis = sparse_ir.FiniteTempBasis("B", beta, lambda_ / beta, eps,
                                      sve_result=_sve(lambda_, eps))
    sampling = sparse_ir.TauSampling(basis)
    tau = np.asarray(sampling.tau, dtype=float)
    fit = np.linalg.pinv(np.asarray(basis.u(tau)).T, rcond=1e-15)      # (L, n_tau)
    uhat = np.asarray(basis.uhat(2 * np.asarray(m, dtype=np.int64)))  # (L, n_freq)
    weights = uhat.T @ fit
    return tau, weights


__all__ = ["IR_EPS", "bosonic_frequencies", "bosonic_weights", "fermionic_count_below",
           "fermionic_frequencies", "fermionic_frequencies_below", "fermionic_tail",
           "ir_lambda", "tail_corrected_fermionic_sum"]
