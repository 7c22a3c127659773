"""Kernel polynomial method: Chebyshev expansions of spectral functions of sparse matrices.

For a Hermitian ``H`` rescaled to ``X = (H - b) / a`` with its spectrum inside (-1, 1), the
moments ``mu_n = <l| T_n(X) |r>`` follow from the recursion ``|r_{n+1}> = 2 X |r_n> - |r_{n-1}>``
(one sparse product per moment, done on blocks of vectors at once), and

    rho_lr(E) = <l| delta(E - H) |r>
              = [g_0 mu_0 + 2 sum_{n>=1} g_n mu_n T_n(x)] / (pi a sqrt(1 - x^2)),  x = (E - b)/a,
    <l| F(H) |r> = sum_n g_n c_n mu_n,   c_n = (2 - delta_n0) int_{-1}^{1} F T_n / (pi sqrt(1-x^2)),
    G_lr(E + i0) = -i [g_0 mu_0 + 2 sum_n g_n mu_n exp(-i n arccos x)] / (a sqrt(1 - x^2)),

with the Jackson kernel ``g_n`` (no Gibbs oscillations, a positive spectral function; energy
resolution about ``pi a / N``). Diagonal moments use the doubling identities
``mu_{2n} = 2 <r_n|r_n> - mu_0`` and ``mu_{2n+1} = 2 <r_{n+1}|r_n> - mu_1`` (half the
products). Traces use random-phase vectors, ``Tr T_n(X) ~ (1/R) sum_r <r|T_n(X)|r>``.
Reference: Weisse, Wellein, Alvermann & Fehske, Rev. Mod. Phys. 78, 275 (2006).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.fft
import scipy.sparse as sp

from cooperlab.numerics.occupations import fermi_dirac
from cooperlab.validation import require_int, require_positive, require_range

#: Fraction of the spectral width kept free at each end of (-1, 1) after rescaling.
DEFAULT_MARGIN = 0.01


@dataclass(frozen=True)
class SpectralScale:
    """``X = (H - center) / half_width``: maps the spectrum of ``H`` into (-1, 1)."""

    center: float
    half_width: float

    def to_unit(self, energy: np.ndarray | float) -> np.ndarray:
        """Energies to the rescaled variable ``x``."""
        return (np.asarray(energy, dtype=float) - self.center) / self.half_width

    def to_energy(self, x: np.ndarray | float) -> np.ndarray:
        """Rescaled ``x`` back to energies."""
        return np.asarray(x, dtype=float) * self.half_width + self.center


def spectral_scale(matrix: Any, margin: float = DEFAULT_MARGIN,
                   bounds: tuple[float, float] | None = None) -> SpectralScale:
    """Scale from given spectral ``bounds`` or from Gershgorin discs (always safe)."""
    require_range("margin", margin, 0.0, 0.5, high_inclusive=False)
    if bounds is None:
        m = sp.csr_matrix(matrix)
        diagonal = m.diagonal().real
        radius = np.asarray(abs(m).sum(axis=1)).ravel() - np.abs(m.diagonal())
        low, high = float(np.min(diagonal - radius)), float(np.max(diagonal + radius))
    else:
        low, high = map(float, bounds)
    if not high > low:
        high, low = low + 1.0, low - 1.0  # a multiple of the identity: any scale works
    return SpectralScale(0.5 * (high + low), 0.5 * (high - low) / (1.0 - margin))


def rescaled(matrix: Any, scale: SpectralScale) -> sp.csr_matrix:
    """The sparse ``X = (H - center) / half_width``."""
    m = sp.csr_matrix(matrix, dtype=np.result_type(matrix.dtype, float))
    return ((m - scale.center * sp.identity(m.shape[0], format="csr")) / scale.half_width).tocsr()


def jackson_kernel(n_moments: int) -> np.ndarray:
    """Jackson damping factors ``g_n``, n = 0 .. N-1 (Weisse et al. Eq. (71))."""
    n_total = require_int("n_moments", n_moments, 1)
    n = np.arange(n_total)
    q = math.pi / (n_total + 1)
    return ((n_total - n + 1) * np.cos(q * n) + np.sin(q * n) / math.tan(q)) / (n_total + 1)


def moments(x: sp.spmatrix, right: np.ndarray, n_moments: int,
            left: np.ndarray | None = None) -> np.ndarray:
    """``mu_n = <l_i| T_n(X) |r_j>`` for blocks ``right`` (dim, m) and ``left`` (dim, p).

    Returns ``(n_moments, p, m)``; with ``left=None`` the diagonal ``<r_i|T_n|r_i>``,
    ``(n_moments, m)``, computed with the doubling identities.
    """
    n_total = require_int("n_moments", n_moments, 2)
    r0 = np.asarray(right)
    if r0.ndim == 1:
        r0 = r0[:, None]
    if left is not None:
        lv = np.asarray(left).reshape(r0.shape[0], -1).conj().T
        out = np.empty((n_total, lv.shape[0], r0.shape[1]), dtype=np.result_type(lv, r0, x))
        previous, current = r0, x @ r0
        out[0], out[1] = lv @ previous, lv @ current
        for n in range(2, n_total):
            previous, current = current, 2 * (x @ current) - previous
            out[n] = lv @ current
        return out
    out = np.empty((n_total, r0.shape[1]), dtype=np.result_type(r0, x))
    mu0 = np.einsum("dm,dm->m", r0.conj(), r0)
    r1 = x @ r0
    mu1 = np.einsum("dm,dm->m", r0.conj(), r1)
    out[0], out[1] = mu0, mu1
    previous, current = r0, r1
    n = 1
    while 2 * n < n_total:
        # here current = |r_n>, previous = |r_{n-1}>
        out[2 * n] = 2 * np.einsum("dm,dm->m", current.conj(), current) - mu0
        following = 2 * (x @ current) - previous
        if 2 * n + 1 < n_total:
            out[2 * n + 1] = 2 * np.einsum("dm,dm->m", following.conj(), current) - mu1
        previous, current = current, following
        n += 1
    return out


def local_moments(x: sp.spmatrix, sites: np.ndarray, n_moments: int,
                  block: int = 64) -> np.ndarray:
    """Diagonal moments ``<i|T_n(X)|i>`` of the basis states ``sites``, ``(n_moments, n_sites)``,
    in blocks of ``block`` unit vectors (one sparse-times-dense product per moment)."""
    sites = np.asarray(sites, dtype=int).ravel()
    dim = x.shape[0]
    out = []
    for start in range(0, len(sites), block):
        chunk = sites[start:start + block]
        vectors = np.zeros((dim, len(chunk)), dtype=x.dtype)
        vectors[chunk, np.arange(len(chunk))] = 1.0
        out.append(moments(x, vectors, n_moments))
    return np.concatenate(out, axis=1)


def trace_moments(x: sp.spmatrix, n_moments: int, n_vectors: int,
                  rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """``Tr T_n(X) / dim`` by random-phase vectors: ``(mean, standard error)`` per moment."""
    require_int("n_vectors", n_vectors, 1)
    dim = x.shape[0]
    phases = np.exp(2j * np.pi * rng.random((dim, n_vectors)))
    samples = moments(x, phases, n_moments).real / dim  # (n, R)
    error = samples.std(axis=1, ddof=1) / math.sqrt(n_vectors) if n_vectors > 1 else (
        np.full(n_moments, np.nan))
    return samples.mean(axis=1), error


def density_weights(n_moments: int, energy: np.ndarray, scale: SpectralScale,
                    kernel: np.ndarray | None = None) -> np.ndarray:
    """``w_n(E) = g_n (2 - delta_n0) T_n(x) / (pi a sqrt(1 - x^2))``, ``(n_moments, E)``: the
    density at E is ``sum_n w_n(E) mu_n`` (0 outside the rescaled range)."""
    g = jackson_kernel(n_moments) if kernel is None else kernel
    x = scale.to_unit(np.atleast_1d(energy))
    inside = np.abs(x) < 1
    theta = np.arccos(np.clip(x, -1, 1))
    n = np.arange(n_moments)
    weights = (g * np.where(n == 0, 1.0, 2.0))[:, None] * np.cos(n[:, None] * theta[None, :])
    denominator = math.pi * scale.half_width * np.sqrt(np.where(inside, 1 - x**2, 1.0))
    return np.where(inside[None, :], weights / denominator[None, :], 0.0)


def spectral_density(mu: np.ndarray, energy: np.ndarray, scale: SpectralScale,
                     kernel: np.ndarray | None = None) -> np.ndarray:
    """``rho(E)`` from moments ``mu`` (first axis n): per unit energy, 0 outside the range."""
    mu = np.asarray(mu)
    weights = density_weights(mu.shape[0], energy, scale, kernel)
    values = np.tensordot(weights, mu, axes=(0, 0)).real  # (E, ...)
    return values.reshape(np.shape(energy) + values.shape[1:])


def green_function(mu: np.ndarray, energy: np.ndarray, scale: SpectralScale,
                   kernel: np.ndarray | None = None) -> np.ndarray:
    """Retarded ``G(E + i0)`` from moments (first axis n); ``-Im G / pi`` is the density."""
    mu = np.asarray(mu)
    g = jackson_kernel(mu.shape[0]) if kernel is None else kernel
    x = np.clip(scale.to_unit(energy), -1 + 1e-12, 1 - 1e-12)
    n = np.arange(mu.shape[0])
    phases = (g * np.where(n == 0, 1.0, 2.0))[:, None] * np.exp(
        -1j * n[:, None] * np.arccos(x)[None, :])
    values = np.tensordot(phases, mu, axes=(0, 0))
    shape = (-1,) + (1,) * (values.ndim - 1)
    return -1j * values / (scale.half_width * np.sqrt(1 - x**2)).reshape(shape)


def expansion_coefficients(function: Any, n_moments: int) -> np.ndarray:
    """``c_n`` of ``F(x) = sum_n c_n T_n(x)`` on (-1, 1) by Chebyshev-Gauss quadrature (DCT)."""
    n_total = require_int("n_moments", n_moments, 1)
    nodes = 2 * n_total
    x = np.cos(np.pi * (np.arange(nodes) + 0.5) / nodes)
    c = scipy.fft.dct(np.asarray(function(x), dtype=float), type=2) / nodes
    c[0] /= 2
    return c[:n_total]


def fermi_coefficients(n_moments: int, mu: float, temperature: float,
                       scale: SpectralScale) -> np.ndarray:
    """Chebyshev coefficients of the Fermi function ``f(E) = 1 / (e^{(E - mu)/T} + 1)``
    (``mu``, ``temperature`` in energy units of H; T must resolve on the moment grid)."""
    require_positive("temperature", temperature)

    def occupation(x: np.ndarray) -> np.ndarray:
        return fermi_dirac(scale.to_energy(x) - mu, temperature)

    return expansion_coefficients(occupation, n_moments)


def expectation(mu: np.ndarray, coefficients: np.ndarray,
                kernel: np.ndarray | None = None) -> np.ndarray:
    """``<l| F(H) |r> = sum_n g_n c_n mu_n`` (first axis of ``mu`` is n)."""
    mu = np.asarray(mu)
    g = jackson_kernel(mu.shape[0]) if kernel is None else kernel
    return np.tensordot(g * coefficients[: mu.shape[0]], mu, axes=(0, 0))
