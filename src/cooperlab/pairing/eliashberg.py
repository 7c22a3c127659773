"""Isotropic Migdal-Eliashberg theory on the imaginary axis: Z, Delta, T_c, real-axis gap.

The equations (Eliashberg, Sov. Phys. JETP 11, 696 (1960); in the form of Allen & Mitrovic,
Solid State Phys. 37, 1 (1982) and Carbotte, Rev. Mod. Phys. 62, 1027 (1990)), at fermionic
Matsubara frequencies ``w_n = pi T (2n + 1)``, half filling and an infinite flat band:

    Z_n       = 1 + (pi T / w_n) sum_m lambda(n - m) w_m / R_m,
    Z_n D_n   = pi T sum_m [lambda(n - m) - mu*(w_c) theta(w_c - |w_m|)] D_m / R_m,
    R_m       = sqrt(w_m^2 + D_m^2),
    lambda(k) = 2 int dw w alpha^2F(w) / (w^2 + (2 pi T k)^2).

``D_{-n-1} = D_n`` folds the sums onto ``m >= 0``: the kernels ``lambda(n-m) -+ lambda(n+m+1)``
are ``(N, N)`` matrices built with numpy fancy indexing, and every sum is a matrix-vector
product (no Python loop over frequencies). ``Z_n`` uses the exact Delta = 0 sum
``lambda(0) + 2 sum_{k=1}^{n} lambda(k)`` plus the correction from the ``N`` retained
frequencies, so it is free of the Matsubara cutoff.

**Matsubara cutoff and mu*.** The Coulomb pseudopotential acts up to ``w_c``; the ``N``
positive frequencies are those with ``w_n < w_c = max(cutoff_factor * omega_max,
2 pi T min_matsubara)``, and the effective cutoff is ``w_c = 2 pi T N``. ``mu*`` depends
on the cutoff it belongs to, so a value means nothing without its frequency: the model
carries both, ``mu_star`` and ``mu_star_reference_meV``,

* ``mu_star_reference_meV = None`` (the default): ``mu*`` is quoted **at the Matsubara
  cutoff** of the solve, ``cutoff_factor * omega_max``, the convention of Eliashberg
  calculations that quote ``mu*`` together with their cutoff (a value taken from such a
  paper belongs to that paper's cutoff: give it as the reference when it is known);
* ``mu_star_reference_meV = w_ref`` (meV): ``mu*`` is quoted at ``w_ref`` (for example
  ``omega_max`` for a McMillan-formula value) and rescaled to the cutoff,

    mu*(w_c) = mu* / [1 + mu* ln(w_ref / w_c)]

(Allen & Mitrovic 1982; Carbotte 1990). The same rescaling carries a ``mu*`` quoted at
the nominal cutoff to the effective one ``2 pi T N`` (a fraction of a Matsubara spacing
away) and to the doubled cutoff of the convergence check, so that the physics is held
fixed while the discretisation changes and T_c is independent of ``w_c`` once ``w_c`` is
many phonon frequencies. ``tests/pairing/test_eliashberg.py`` checks that independence
and chooses the default ``cutoff_factor = 10`` from it. Results record ``mu_star`` as
given, the frequency it is quoted at (``mu_star_reference_meV``) and the ``mu*(w_c)``
used (``mu_star_cutoff``). The McMillan and Allen-Dynes estimates beside T_c take ``mu*``
carried to ``omega_max``, McMillan's scale (``mu_star_formula``, :func:`formula_mu_star`).
Before this convention was explicit the solver took every ``mu*`` at ``omega_max``, which
turned Pb's 0.13 into 0.19 at the cutoff.

**T_c.** Linearised (``D -> 0``), the gap equation is ``D = K D`` with the symmetrisable
kernel ``K_nm = [lambda(n-m) + lambda(n+m+1) - 2 mu*(w_c)] / (Z_n (2m + 1))``; T_c is where
its largest eigenvalue equals 1, found by Brent's method on ``rho(T) - 1`` (not a scan)
with the symmetric form ``w_n A_nm w_m``, ``w_n = [Z_n (2n+1)]^(-1/2)`` (LAPACK ``syevr``
for the top eigenvalue only).

**Real axis.** ``D(i w_n)`` is continued to ``D(w + i0+)`` by Pade (Vidberg & Serene 1977,
:mod:`cooperlab.pairing.pade`); the gap edge is ``Delta_0 = Re D(w = Delta_0)``.
"""

from __future__ import annotations

import contextlib
import math
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import scipy.linalg
from scipy.optimize import brentq
from scipy.sparse.linalg import eigsh
from threadpoolctl import threadpool_limits

from cooperlab.naming import deprecated_alias
from cooperlab.numerics.matsubara import bosonic_frequencies, fermionic_frequencies
from cooperlab.pairing.alpha2f import EliashbergFunction
from cooperlab.pairing.pade import pade_continue
from cooperlab.pairing.tc_formulas import allen_dynes, mcmillan
from cooperlab.results import Convergence, Result, ScalarResult, make_metadata, scalar, variable
from cooperlab.units import K_B_MEV_PER_K
from cooperlab.validation import require_int, require_positive, require_range

#: Largest relative T_c shift on doubling the cutoff that counts as converged.
CONVERGENCE_TOLERANCE = 5e-3
#: Above this many Matsubara frequencies the top eigenvalue comes from Lanczos (ARPACK).
LANCZOS_ABOVE = 512


@dataclass(frozen=True, eq=False)
class EliashbergModel:
    """A phonon superconductor: its Eliashberg function and Coulomb pseudopotential.

    Parameters
    ----------
    spectrum : EliashbergFunction
        ``alpha^2 F(omega)``.
    mu_star : float
        Coulomb pseudopotential, in [0, 0.5], quoted at ``mu_star_reference_meV``.
    name : str
        Label used in tables and plots.
    mu_star_reference_meV : float or None
        Frequency (meV) at which ``mu_star`` is quoted. None: at the Matsubara cutoff of the
        solve (``cutoff_factor * omega_max``), applied there as given; a number: rescaled
        from that frequency to the cutoff (see the module docstring).
    """

    spectrum: EliashbergFunction
    mu_star: float = 0.1
    name: str = ""
    mu_star_reference_meV: float | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.spectrum, EliashbergFunction):
            raise ValueError(f"spectrum must be an EliashbergFunction, got "
                             f"{type(self.spectrum).__name__}")
        require_range("mu_star", self.mu_star, 0.0, 0.5)
        if self.mu_star_reference_meV is not None:
            require_positive("mu_star_reference_meV", self.mu_star_reference_meV, "meV")

    @property
    def mu_star_convention(self) -> str:
        """Where ``mu_star`` is quoted, in words."""
        if self.mu_star_reference_meV is None:
            return "at the Matsubara cutoff"
        return f"at {self.mu_star_reference_meV:.6g} meV"

    def to_dict(self) -> dict[str, Any]:
        """JSON description for result metadata."""
        return {"mu_star": float(self.mu_star), "name": self.name,
                "mu_star_reference_meV": self.mu_star_reference_meV,
                "spectrum": self.spectrum.to_dict()}


@dataclass(frozen=True)
class EliashbergOptions:
    """Options of the Eliashberg solvers.

    Parameters
    ----------
    cutoff_factor : float
        Matsubara cutoff ``w_c = cutoff_factor * omega_max``. Default 10, chosen from
        ``solve_matsubara_convergence`` on the presets: T_c at 10 lies within 0.21 % (Al),
        0.16 % (MgB2), 0.07 % (Pb), 0.06 % (H3S) of its value at 80, and the error falls
        as ``w_c^-2`` (factor 20: <= 0.05 %, at 2-4 times the cost).
    min_matsubara : int
        At least this many positive Matsubara frequencies (matters when ``T`` is comparable
        to ``omega_max``, e.g. the strong-coupling limit).
    max_matsubara : int
        Refuse problems needing more (memory is ``8 N^2`` bytes per kernel).
    mu_star_reference_meV : float or None
        Deprecated (use :attr:`EliashbergModel.mu_star_reference_meV`, where the value
        belongs): when given, overrides the model's reference frequency.
    rescale_mu_star : bool
        Apply ``mu*(w_c) = mu* / (1 + mu* ln(w_ref / w_c))``; False uses ``mu_star`` as is
        at the effective cutoff, whatever that is (no rescaling at all).
    rtol : float
        Relative tolerance of T_c (Brent's method).
    tolerance : float
        Self-consistency: max change of Delta_n relative to max |Delta| per iteration.
    max_iterations : int
        Iterations of the nonlinear equations.
    mixing : float
        Linear mixing of the new Delta, in (0, 1].
    pade_points : int
        Matsubara points used by the Pade continuation (the lowest ones).
    n_real : int
        Points of the real-frequency grid ``(0, real_max_factor * omega_max]``.
    real_max_factor : float
        Upper end of the real-frequency grid in units of ``omega_max``.
    check_convergence : bool
        With T_c, also evaluate the eigenvalue at twice the cutoff and report the implied
        T_c shift (costs about one eigenvalue at 2N frequencies).
    blas_threads : int or None
        BLAS threads during a solve (threadpoolctl; None leaves them alone). The matrices
        are at most a few thousand wide, where one thread is fastest and is not slowed down
        by other processes competing for the cores.
    """

    cutoff_factor: float = 10.0
    min_matsubara: int = 32
    max_matsubara: int = 20_000
    mu_star_reference_meV: float | None = None
    rescale_mu_star: bool = True
    rtol: float = 1e-7
    tolerance: float = 1e-10
    max_iterations: int = 5000
    mixing: float = 0.6
    pade_points: int = 128
    n_real: int = 2000
    real_max_factor: float = 3.0
    check_convergence: bool = True
    blas_threads: int | None = 1

    def __post_init__(self) -> None:
        require_range("cutoff_factor", self.cutoff_factor, 1.0, 1e4)
        require_int("min_matsubara", self.min_matsubara, 4, 100_000)
        require_int("max_matsubara", self.max_matsubara, self.min_matsubara, 200_000)
        if self.mu_star_reference_meV is not None:
            require_positive("mu_star_reference_meV", self.mu_star_reference_meV, "meV")
            warnings.warn("EliashbergOptions.mu_star_reference_meV is deprecated: give the "
                          "frequency at which mu* is quoted to EliashbergModel("
                          "mu_star_reference_meV=...)", DeprecationWarning, stacklevel=3)
        require_range("rtol", self.rtol, 1e-14, 1e-2)
        require_range("tolerance", self.tolerance, 1e-15, 1e-2)
        require_int("max_iterations", self.max_iterations, 1)
        require_range("mixing", self.mixing, 0.0, 1.0, low_inclusive=False)
        require_int("pade_points", self.pade_points, 4, 4096)
        require_int("n_real", self.n_real, 10)
        require_positive("real_max_factor", self.real_max_factor)
        if self.blas_threads is not None:
            require_int("blas_threads", self.blas_threads, 1, 1024)


def _blas(options: EliashbergOptions) -> contextlib.AbstractContextManager[Any]:
    """Cap BLAS threads for a solve (or do nothing)."""
    if options.blas_threads is None:
        return contextlib.nullcontext()
    return threadpool_limits(limits=options.blas_threads)


# -- the Matsubara problem -----------------------------------------------------------------
def matsubara_count(model: EliashbergModel, temperature_meV: float,
                    options: EliashbergOptions) -> int:
    """Number ``N`` of positive Matsubara frequencies below the cutoff at ``T`` (meV)."""
    cutoff = options.cutoff_factor * model.spectrum.omega_max_meV
    n = int(np.floor((cutoff / (np.pi * temperature_meV) - 1) / 2)) + 1
    n = max(n, options.min_matsubara)
    if n > options.max_matsubara:
        raise ValueError(
            f"temperature_K = {temperature_meV / K_B_MEV_PER_K:.4g} needs {n} Matsubara "
            f"frequencies, more than max_matsubara = {options.max_matsubara}")
    return n


def mu_star_reference(model: EliashbergModel, options: EliashbergOptions) -> float:
    """Frequency (meV) at which ``model.mu_star`` is quoted for a solve with ``options``.

    The model's ``mu_star_reference_meV``; when that is None (quoted at the cutoff), the
    nominal Matsubara cutoff ``cutoff_factor * omega_max``. The deprecated
    ``options.mu_star_reference_meV`` overrides both.
    """
    if options.mu_star_reference_meV is not None:
        return float(options.mu_star_reference_meV)
    if model.mu_star_reference_meV is not None:
        return float(model.mu_star_reference_meV)
    return float(options.cutoff_factor * model.spectrum.omega_max_meV)


def formula_mu_star(model: EliashbergModel, options: EliashbergOptions) -> float:
    """``mu*`` carried to ``omega_max``, the scale of the McMillan / Allen-Dynes formulas.

    McMillan's ``mu*`` is the Coulomb repulsion renormalised down to the maximum phonon
    frequency (McMillan, Phys. Rev. 167, 331 (1968)), so a ``mu*`` quoted at a Matsubara
    cutoff is rescaled, ``mu*(omega_max) = mu* / (1 + mu* ln(w_ref / omega_max))``, before
    the formulas see it (a ``mu*`` quoted at ``omega_max`` passes unchanged). With
    ``rescale_mu_star=False`` the value is passed as given.
    """
    if not options.rescale_mu_star or model.mu_star == 0:
        return float(model.mu_star)
    reference = mu_star_reference(model, options)
    return float(model.mu_star / (1 + model.mu_star * np.log(
        reference / model.spectrum.omega_max_meV)))


def effective_mu_star(model: EliashbergModel, cutoff_meV: float,
                      options: EliashbergOptions) -> float:
    """``mu*(w_c) = mu* / (1 + mu* ln(w_ref / w_c))`` (or ``mu*`` unscaled).

    ``w_ref`` is :func:`mu_star_reference`. The rescaling exists only while
    ``mu* ln(w_c / w_ref) < 1`` (at 1 the implied ``mu*(w_c)`` diverges, beyond it changes
    sign); a larger ``mu*`` or cutoff raises ``ValueError`` naming ``mu_star``.
    """
    if not options.rescale_mu_star or model.mu_star == 0:
        return float(model.mu_star)
    reference = mu_star_reference(model, options)
    denominator = 1 + model.mu_star * np.log(reference / cutoff_meV)
    if denominator <= 0:
        raise ValueError(
            f"mu_star = {model.mu_star:g} at {reference:.4g} meV cannot be rescaled to the "
            f"Matsubara cutoff {cutoff_meV:.4g} meV: it needs mu_star < "
            f"{1 / np.log(cutoff_meV / reference):.3g} (mu_star ln(w_c / w_ref) < 1); "
            "lower cutoff_factor or mu_star, or quote mu_star at a frequency nearer the "
            "cutoff (EliashbergModel.mu_star_reference_meV)")
    return float(model.mu_star / denominator)


@dataclass(frozen=True)
class MatsubaraKernels:
    """Kernels of the folded Eliashberg equations at one temperature (all meV)."""

    temperature_meV: float
    omega: np.ndarray            # (N,) w_n
    minus: np.ndarray            # (N, N) lambda(n - m) - lambda(n + m + 1)
    plus: np.ndarray             # (N, N) lambda(n - m) + lambda(n + m + 1) - 2 mu*(w_c)
    normal_sum: np.ndarray       # (N,) lambda(0) + 2 sum_{k=1}^{n} lambda(k)
    mu_star_cutoff: float
    cutoff_meV: float


def build_kernels(model: EliashbergModel, temperature_meV: float, n_matsubara: int,
                  options: EliashbergOptions) -> MatsubaraKernels:
    """``lambda(k)`` at ``k = 0 .. 2N`` and the ``(N, N)`` kernels, by numpy indexing."""
    t = temperature_meV
    n = np.arange(n_matsubara)
    lam = model.spectrum.kernel(bosonic_frequencies(t, 2 * n_matsubara + 1))
    diff = lam[np.abs(n[:, None] - n[None, :])]
    summ = lam[n[:, None] + n[None, :] + 1]
    cutoff = 2 * np.pi * t * n_matsubara
    mu_c = effective_mu_star(model, cutoff, options)
    normal_sum = lam[0] + 2 * np.concatenate([[0.0], np.cumsum(lam[1:n_matsubara])])
    return MatsubaraKernels(t, fermionic_frequencies(t, n_matsubara), diff - summ,
                            diff + summ - 2 * mu_c, normal_sum, mu_c, cutoff)


def largest_eigenvalue(kernels: MatsubaraKernels) -> float:
    """Largest eigenvalue of the linearised gap equation (1 at T_c)."""
    n = np.arange(len(kernels.omega))
    z = 1 + kernels.normal_sum / (2 * n + 1)
    w = 1.0 / np.sqrt(z * (2 * n + 1))
    matrix = w[:, None] * kernels.plus * w[None, :]
    top = len(n) - 1
    if top < LANCZOS_ABOVE:
        return float(scipy.linalg.eigh(matrix, eigvals_only=True, subset_by_index=[top, top],
                                       driver="evr")[0])
    # Lanczos: a few dozen dense matrix-vector products instead of a full tridiagonalisation.
    return float(eigsh(matrix, k=1, which="LA", return_eigenvectors=False)[0])


def eigenvalue_at(model: EliashbergModel, temperature_K: float,
                  options: EliashbergOptions | None = None,
                  n_matsubara: int | None = None) -> float:
    """Largest eigenvalue of the linearised equations at ``temperature_K``."""
    options = options or EliashbergOptions()
    t = K_B_MEV_PER_K * require_positive("temperature_K", temperature_K, "K")
    n = n_matsubara or matsubara_count(model, t, options)
    return largest_eigenvalue(build_kernels(model, t, n, options))


# -- T_c -----------------------------------------------------------------------------------
@dataclass(kw_only=True)
class EliashbergTc(ScalarResult):
    """Eliashberg T_c with the moments of alpha^2F and the closed-form estimates."""

    tc_K: float = scalar("K", "Eliashberg T_c (largest eigenvalue of the linearised kernel = 1)")
    coupling: float = scalar("", "lambda = 2 int alpha^2F / w")
    omega_log_meV: float = scalar("meV", "omega_log")
    omega_2_meV: float = scalar("meV", "omega_2 = sqrt(<w^2>)")
    mu_star: float = scalar("", "mu* as given (quoted at mu_star_reference_meV)")
    mu_star_reference_meV: float = scalar("meV", "frequency at which mu* is quoted")
    mu_star_cutoff: float = scalar("", "mu*(w_c) used in the kernel")
    cutoff_meV: float = scalar("meV", "effective Matsubara cutoff 2 pi T_c N")
    n_matsubara: float = scalar("", "positive Matsubara frequencies N")
    mu_star_formula: float = scalar(
        "", "mu* at omega_max, fed to the McMillan and Allen-Dynes formulas")
    mcmillan_K: float = scalar("K", "Allen-Dynes-modified McMillan T_c")
    allen_dynes_K: float = scalar("K", "Allen-Dynes T_c (with f1 f2)")


def _root_tc(model: EliashbergModel, guess_K: float, options: EliashbergOptions
             ) -> tuple[float, int, int]:
    """Brent root of ``rho(T) - 1`` at fixed N; returns (T_c K, N, evaluations)."""
    t_guess = K_B_MEV_PER_K * guess_K
    n = matsubara_count(model, t_guess, options)
    calls = 0
    floor = options.cutoff_factor * model.spectrum.omega_max_meV / (
        2 * np.pi * options.max_matsubara)

    def residual(t: float) -> float:
        nonlocal calls
        calls += 1
        return largest_eigenvalue(build_kernels(model, t, n, options)) - 1.0

    low = high = t_guess
    f_low = f_high = residual(t_guess)
    step = 1.25
    while f_high > 0:
        low, f_low = high, f_high
        high *= step
        f_high = residual(high)
    while f_low < 0:
        high, f_high = low, f_low
        low /= step
        if low < floor:
            return 0.0, n, calls
        f_low = residual(low)
    t_c = brentq(residual, low, high, rtol=options.rtol, xtol=1e-14)
    return t_c / K_B_MEV_PER_K, n, calls


def solve_eliashberg_tc(model: EliashbergModel, options: EliashbergOptions | None = None
                       ) -> EliashbergTc:
    """Eliashberg T_c (K): root of ``rho(T) = 1`` for the linearised equations.

    The number of Matsubara frequencies is held fixed during one root search (so that
    ``rho(T)`` is continuous) at the value the cutoff gives at the starting estimate
    (Allen-Dynes); when the root's own count differs by more than 2 %, the search is
    repeated from the root. ``metadata["convergence"]`` reports the eigenvalue at T_c with
    twice the cutoff and the T_c shift it implies.
    """
    options = options or EliashbergOptions()
    with _blas(options):
        return _critical_temperature(model, options)


def _critical_temperature(model: EliashbergModel, options: EliashbergOptions) -> EliashbergTc:
    start = time.perf_counter()
    spec = model.spectrum
    coupling, w_log, w_2 = spec.coupling, spec.omega_log_meV, spec.omega_2_meV
    mu_formula = formula_mu_star(model, options)
    ad = allen_dynes(coupling, w_log, mu_formula, w_2)
    mm = mcmillan(coupling, w_log, mu_formula)
    guess = ad if ad > 0 else 1e-3 * w_log / K_B_MEV_PER_K
    evaluations = 0
    tc, n = 0.0, 0
    for _ in range(4):
        tc, n, calls = _root_tc(model, guess, options)
        evaluations += calls
        if tc == 0.0:
            break
        n_at_root = matsubara_count(model, K_B_MEV_PER_K * tc, options)
        if abs(n_at_root - n) <= 0.02 * n:
            break
        guess = tc
    convergence: dict[str, Any] = {"eigenvalue_evaluations": evaluations}
    achieved = None
    if tc > 0:
        t = K_B_MEV_PER_K * tc
        kernels = build_kernels(model, t, n, options)
        mu_c, cutoff = kernels.mu_star_cutoff, kernels.cutoff_meV
        if options.check_convergence:
            try:
                rho_2 = largest_eigenvalue(build_kernels(model, t, 2 * n, options))
            except ValueError as error:        # mu* cannot be rescaled that far
                convergence.update({"passed": False, "note": str(error)})
            else:
                rho_up = largest_eigenvalue(build_kernels(model, t * 1.001, n, options))
                slope = (rho_up - 1.0) / (0.001 * t)
                shift = (rho_2 - 1.0) / abs(slope) / K_B_MEV_PER_K if slope != 0 else np.nan
                convergence.update({
                    "eigenvalue_at_double_cutoff": rho_2,
                    "tc_shift_at_double_cutoff_K": float(shift),
                    "relative_tc_shift_at_double_cutoff": float(shift / tc),
                    "passed": bool(abs(shift / tc) < CONVERGENCE_TOLERANCE),
                })
                achieved = abs(float(shift / tc))
    else:
        cutoff = options.cutoff_factor * spec.omega_max_meV
        mu_c = effective_mu_star(model, cutoff, options)
        convergence["note"] = "no root above the temperature floor set by max_matsubara"
    checked = "passed" in convergence
    record = Convergence(
        passed=bool(convergence.pop("passed", False)),
        criterion=("relative T_c shift implied by the largest eigenvalue at T_c with twice "
                   "the Matsubara cutoff" if checked else
                   "not checked (check_convergence=False or no T_c root)"),
        achieved=achieved, target=CONVERGENCE_TOLERANCE if checked else None,
        discretisation={"n_matsubara": int(n), "cutoff_meV": float(cutoff),
                        "cutoff_factor": options.cutoff_factor},
        details=convergence)
    return EliashbergTc(
        tc_K=float(tc), coupling=coupling, omega_log_meV=w_log, omega_2_meV=w_2,
        mu_star=float(model.mu_star),
        mu_star_reference_meV=mu_star_reference(model, options),
        mu_star_cutoff=float(mu_c), cutoff_meV=float(cutoff),
        n_matsubara=float(n), mu_star_formula=mu_formula, mcmillan_K=mm, allen_dynes_K=ad,
        metadata=make_metadata(model=None, options=options,
                               wall_time_s=time.perf_counter() - start,
                               convergence=record, eliashberg_model=model.to_dict(),
                               mu_star_convention=model.mu_star_convention),
    )


# -- the gap at T ----------------------------------------------------------------------------
@dataclass(kw_only=True)
class EliashbergSolution(Result):
    """Z(i w_n), Delta(i w_n) at one temperature, and Delta(w) on the real axis by Pade."""

    n: np.ndarray = variable(("n",), "", "Matsubara index n >= 0", coordinate=True)
    matsubara_meV: np.ndarray = variable(("n",), "meV", "w_n = pi T (2n + 1)")
    z: np.ndarray = variable(("n",), "", "renormalisation Z(i w_n)")
    gap_meV: np.ndarray = variable(("n",), "meV", "gap function Delta(i w_n)")
    omega: np.ndarray = variable(("omega",), "meV", "real frequency", coordinate=True)
    gap_real_meV: np.ndarray = variable(("omega",), "meV", "Delta(w + i0+) by Pade continuation")
    temperature_K: float = scalar("K", "temperature")
    gap_edge_meV: float = scalar("meV", "Delta_0 = Re Delta(w = Delta_0)")
    mu_star: float = scalar("", "mu* as given (quoted at mu_star_reference_meV)")
    mu_star_reference_meV: float = scalar("meV", "frequency at which mu* is quoted")
    mu_star_cutoff: float = scalar("", "mu*(w_c) used in the kernel")

    def plot(self, ax: Any = None, **kwargs: Any) -> Any:
        """Delta(i w_n) and Z(i w_n) (:func:`~cooperlab.plotting.conventional.plot_matsubara_gap`).
        """
        from cooperlab.plotting.conventional import plot_matsubara_gap

        return plot_matsubara_gap(self, ax=ax, **kwargs)

    def summary(self) -> dict[str, Any]:
        """Gap at the lowest Matsubara frequency, gap edge, Z, for ``--json``."""
        return {
            "result": "EliashbergSolution",
            "temperature_K": float(self.temperature_K),
            "gap_iw0_meV": float(self.gap_meV[0]),
            "z_iw0": float(self.z[0]),
            "gap_edge_meV": float(self.gap_edge_meV),
            "n_matsubara": int(len(self.n)),
            "converged": bool(self.metadata.get("convergence", {}).get("passed", False)),
        }


def _iterate(kernels: MatsubaraKernels, options: EliashbergOptions, gap0: float
             ) -> tuple[np.ndarray, np.ndarray, int, float]:
    """Fixed-point iteration of the folded equations; returns (Z, Delta, iterations, change)."""
    omega, t = kernels.omega, kernels.temperature_meV
    gap = np.full_like(omega, gap0)
    z = np.ones_like(omega)
    change = np.inf
    iteration = 0
    for iteration in range(1, options.max_iterations + 1):  # noqa: B007 - reported
        r = np.sqrt(omega**2 + gap**2)
        z = 1 + (np.pi * t / omega) * (kernels.normal_sum + kernels.minus @ (omega / r - 1))
        new = (np.pi * t / z) * (kernels.plus @ (gap / r))
        scale = max(float(np.max(np.abs(new))), 1e-300)
        change = float(np.max(np.abs(new - gap))) / scale
        gap = gap + options.mixing * (new - gap)
        if change < options.tolerance or scale < 1e-14 * omega[0]:
            break
    return z, gap, iteration, change


def gap_edge_from(omega: np.ndarray, gap_real: np.ndarray) -> float:
    """First root of ``w - Re Delta(w)`` on the real grid (linear interpolation), meV."""
    f = omega - gap_real.real
    sign = np.nonzero((f[:-1] < 0) & (f[1:] >= 0))[0]
    if len(sign) == 0:
        return float("nan")
    i = sign[0]
    return float(omega[i] - f[i] * (omega[i + 1] - omega[i]) / (f[i + 1] - f[i]))


def solve_eliashberg(model: EliashbergModel, temperature_K: float,
                     options: EliashbergOptions | None = None) -> EliashbergSolution:
    """Solve the nonlinear Eliashberg equations at ``temperature_K``; continue to real axis.

    Fixed-point iteration with linear mixing from the constant start ``Delta_n =
    omega_log lambda / (2 (1 + lambda))``; above T_c it converges to Delta = 0. The real-axis gap
    is the Pade continuation of the lowest ``pade_points`` values, evaluated at
    ``w + i 1e-6 omega_max``; the gap edge is the first crossing ``w = Re Delta(w)``.
    """
    options = options or EliashbergOptions()
    start = time.perf_counter()
    t = K_B_MEV_PER_K * require_positive("temperature_K", temperature_K, "K")
    n_mats = matsubara_count(model, t, options)
    spec = model.spectrum
    gap0 = 0.5 * spec.omega_log_meV * spec.coupling / (1 + spec.coupling)
    with _blas(options):
        kernels = build_kernels(model, t, n_mats, options)
        z, gap, iterations, change = _iterate(kernels, options, gap0)
    omega_max = spec.omega_max_meV
    real = np.linspace(omega_max * options.real_max_factor / options.n_real,
                       omega_max * options.real_max_factor, options.n_real)
    m = min(options.pade_points, n_mats)
    if np.max(np.abs(gap)) > 1e-10 * omega_max:
        gap_real = pade_continue(1j * kernels.omega[:m], gap[:m].astype(complex),
                                 real + 1j * 1e-6 * omega_max)
        edge = gap_edge_from(real, gap_real)
    else:
        gap_real, edge = np.zeros_like(real, dtype=complex), 0.0
    convergence = Convergence(
        passed=bool(change < options.tolerance or edge == 0.0),
        criterion="max |Delta_new - Delta_old| / max |Delta_new| of the fixed-point "
                  "iteration < tolerance (or no gap)",
        achieved=change, target=options.tolerance,
        discretisation={"n_matsubara": n_mats, "cutoff_meV": kernels.cutoff_meV,
                        "pade_points": m, "n_real": options.n_real},
        details={"iterations": iterations, "final_relative_change": change,
                 "n_matsubara": n_mats, "cutoff_meV": kernels.cutoff_meV,
                 "pade_points": m})
    return EliashbergSolution(
        n=np.arange(n_mats), matsubara_meV=kernels.omega, z=z, gap_meV=gap, omega=real,
        gap_real_meV=gap_real, temperature_K=float(temperature_K), gap_edge_meV=edge,
        mu_star=float(model.mu_star), mu_star_reference_meV=mu_star_reference(model, options),
        mu_star_cutoff=kernels.mu_star_cutoff,
        metadata=make_metadata(options=options, wall_time_s=time.perf_counter() - start,
                               convergence=convergence, eliashberg_model=model.to_dict(),
                               mu_star_convention=model.mu_star_convention),
    )


# -- sweeps ------------------------------------------------------------------------------------
@dataclass(kw_only=True)
class CutoffConvergence(Result):
    """Eliashberg T_c versus the Matsubara cutoff factor."""

    cutoff_factor: np.ndarray = variable(("cutoff_factor",), "", "w_c / omega_max", coordinate=True)
    tc_K: np.ndarray = variable(("cutoff_factor",), "K", "Eliashberg T_c")
    n_matsubara: np.ndarray = variable(("cutoff_factor",), "", "positive Matsubara frequencies")
    mu_star_cutoff: np.ndarray = variable(("cutoff_factor",), "", "mu*(w_c)")

    def summary(self) -> dict[str, Any]:
        """T_c at each cutoff factor."""
        return {"result": "CutoffConvergence",
                "tc_K": dict(zip(map(float, self.cutoff_factor), map(float, self.tc_K),
                                 strict=True))}


def solve_matsubara_convergence(model: EliashbergModel,
                          factors: Sequence[float] = (2.5, 5.0, 10.0, 20.0, 40.0),
                          options: EliashbergOptions | None = None) -> CutoffConvergence:
    """T_c at several Matsubara cutoffs ``w_c = factor * omega_max``.

    The physics is held fixed: a ``mu*`` quoted at the cutoff (reference None) is taken as
    quoted at the cutoff of ``options`` and rescaled to each of the scanned cutoffs, so the
    scan measures the discretisation, not a change of ``mu*``.
    """
    options = options or EliashbergOptions()
    start = time.perf_counter()
    if model.mu_star_reference_meV is None and options.mu_star_reference_meV is None:
        model = replace(model, mu_star_reference_meV=mu_star_reference(model, options))
    runs = [solve_eliashberg_tc(model, replace(options, cutoff_factor=float(f),
                                                check_convergence=False)) for f in factors]
    tcs = [r.tc_K for r in runs]
    change = (abs(tcs[-1] - tcs[-2]) / tcs[-1] if len(tcs) > 1 and tcs[-1] > 0
              else math.nan)
    return CutoffConvergence(
        cutoff_factor=np.asarray(factors, dtype=float),
        tc_K=np.array([r.tc_K for r in runs]),
        n_matsubara=np.array([r.n_matsubara for r in runs]),
        mu_star_cutoff=np.array([r.mu_star_cutoff for r in runs]),
        metadata=make_metadata(
            options=options, wall_time_s=time.perf_counter() - start,
            eliashberg_model=model.to_dict(),
            convergence=Convergence(
                passed=bool(change < CONVERGENCE_TOLERANCE),
                criterion="relative T_c change between the two largest cutoff factors",
                achieved=change, target=CONVERGENCE_TOLERANCE,
                discretisation={"cutoff_factors": [float(f) for f in factors],
                                "n_matsubara": [int(r.n_matsubara) for r in runs]})),
    )


# Deprecated names (removed in the next release).
matsubara_convergence = deprecated_alias(solve_matsubara_convergence, "matsubara_convergence")
eliashberg_tc = deprecated_alias(solve_eliashberg_tc, "eliashberg_tc")
critical_temperature = deprecated_alias(solve_eliashberg_tc, "critical_temperature")
