"""Finite-temperature determinant quantum Monte Carlo of the Hubbard model.

Blankenbecler, Scalapino & Sugar, PRD 24, 2278 (1981); White et al., PRB 40, 506 (1989).
With ``L = beta / dtau`` slices and Hirsch's discrete field (Hirsch, PRB 28, 4059 (1983))

    e^{-dtau U (n_up - 1/2)(n_dn - 1/2)}
        = (e^{-dtau U/4} / 2) sum_{s=+-1} e^{lambda s (n_up - n_dn)},
    cosh(lambda) = e^{dtau U / 2},

the weight of a field configuration is ``det(1 + B^up_L ... B^up_1) det(1 + B^dn_L ... B^dn_1)``
with ``B^sigma_l = e^{sigma lambda s_l} e^{-dtau K}``, ``K = h - mu``. Observables use the
symmetric Trotter splitting ``e^{-dtau K/2} e^{V} e^{-dtau K/2}`` through
``G_sym = e^{-dtau K/2} G e^{dtau K/2}`` (errors O(dtau^2)).

Algorithm of one sweep (forward, slice 1..L):

* the left stack ``B(beta, tau_c)`` at the chunk boundaries ``tau_c`` is built by pivoted-QR
  UDT products (:mod:`cooperlab.hubbard.stable`) from the current fields;
* at each slice ``G`` is wrapped ``G <- B_l G B_l^-1`` and every site is proposed a flip with
  the ratio ``R_s = 1 + Delta_s (1 - G_ii)``, ``Delta_s = e^{-2 s lambda s_il} - 1``
  (Metropolis on ``|R_up R_dn|``); accepted flips are *delayed*: the rank-1 corrections
  ``u w^T`` are collected and applied as one rank-k BLAS-3 update every ``delay_rank``
  acceptances (Alvarez et al., Comput. Phys. Commun. 179, 110 (2008));
* at each chunk boundary ``G`` is recomputed from the UDT stacks, the difference to the wrapped
  ``G`` is the measured stabilisation error; the chunk length ``n_stab`` halves when it exceeds
  ``stabilization_tolerance`` (and grows during warm-up while it is 100x below);
* measurements (:mod:`cooperlab.hubbard.measure`) are taken at the chunk boundaries;
* every ``measure_unequal_every`` measured sweeps the time-displaced ``G(tau,0)``, ``G(0,tau)``
  (:meth:`DQMCEngine.displaced_greens`, UDT-stabilised at every slice) give ``G(k, tau)``, the
  static spin susceptibility ``chi(q)`` and the s/d/extended-s pair susceptibilities
  (:data:`UNEQUAL_OBSERVABLES`, their own bins and sign bins); the tau integrals use the
  trapezoid rule on ``tau_l = l dtau``, ``l = 0 .. L`` (error O(dtau^2)).

The per-site Metropolis loop is compiled with numba when available
(:mod:`cooperlab.hubbard.updates`).

The sign of the weight is tracked; averages are ``<s O>/<s>`` with jackknife errors over blocks
of consecutive bins (:mod:`cooperlab.hubbard.statistics`). Local updates decorrelate some
observables (the staggered moment ``S(pi, pi)`` above all) over several sweeps, so the errors
are not taken from bins of a fixed size: the integrated autocorrelation time ``tau_int`` of
every scalar observable is measured on its bin series (Sokal's automatic window), the blocks are
at least :data:`BLOCK_TAUS` times the largest ``tau_int`` long, and the run is reported as too
short (a :class:`DQMCStatisticsWarning`, recorded in ``metadata["warnings"]`` and
``metadata["convergence"]``) when it holds fewer than :data:`MIN_BLOCKS` such blocks, a window
did not converge, the binned error still grows when the block doubles, or the warm-up is shorter
than :data:`WARMUP_TAUS` ``tau_int``. Runs checkpoint every ``checkpoint_every`` sweeps and
resume exactly: the checkpoint holds the fields, the generator's ``bit_generator.state``, the
stabilisation interval and the partial bins, and ``G`` is rebuilt from scratch every sweep.
"""

from __future__ import annotations

import json
import math
import time
import warnings
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import scipy.linalg as sla
from threadpoolctl import threadpool_limits

from cooperlab.fingerprint import fingerprint_text
from cooperlab.hubbard.measure import Estimators
from cooperlab.hubbard.model import HubbardModel
from cooperlab.hubbard.stable import (
    identity_udt,
    left_multiply,
    stable_displaced_greens,
    stable_green,
)
from cooperlab.hubbard.statistics import (
    binning_errors,
    blocked_jackknife_ratio,
    integrated_autocorrelation_time,
    ratio_autocorrelation,
)
from cooperlab.hubbard.updates import resolve_backend, update_slice
from cooperlab.naming import deprecated_alias
from cooperlab.progress import progress_bar
from cooperlab.results import (
    Convergence,
    Result,
    Variable,
    atomic_write,
    dataclass_to_dict,
    make_metadata,
    scalar,
    variable,
)
from cooperlab.sweep.execution import UNSET, Execution
from cooperlab.validation import require_int, require_positive

#: Observables with their (dims beyond bins), units, long names.
OBSERVABLES: dict[str, tuple[tuple[str, ...], str, str]] = {
    "density": ((), "", "electrons per site"),
    "double_occupancy": ((), "", "<n_up n_dn> per site"),
    "kinetic_energy": ((), "t", "one-body energy per site <H_0>/N"),
    "energy": ((), "t", "energy per site <H_0 + U n_up n_dn>/N"),
    "local_moment": ((), "", "<m_i^2> per site"),
    "spin_structure_factor_pi_pi": ((), "", "S(pi,...,pi), m = n_up - n_dn"),
    "spin_structure_factor": (("q",), "", "S(q)"),
    "charge_structure_factor": (("q",), "", "N(q)"),
    "spin_correlation": (("displacement",), "", "<m_i m_{i+r}> averaged over pairs"),
    "charge_correlation": (("displacement",), "", "<n_i n_{i+r}> averaged over pairs"),
    "orbital_density": (("orbital",), "", "electrons per site of each orbital of the cell"),
    "orbital_double_occupancy": (("orbital",), "", "<n_up n_dn> of each orbital of the cell"),
    "pair_s": ((), "", "equal-time on-site s-wave pair structure factor"),
    "pair_d": ((), "", "equal-time d-wave pair structure factor (nearest neighbours)"),
    "pair_extended_s": ((), "", "equal-time extended s-wave pair structure factor"),
}

#: Time-displaced observables, measured every ``measure_unequal_every`` sweeps (O(L N^3)).
UNEQUAL_OBSERVABLES: dict[str, tuple[tuple[str, ...], str, str]] = {
    "spin_susceptibility": (("q",), "1/t", "chi(q) = (1/N) int_0^beta dtau sum_ij "
                            "e^{iq.(r_i-r_j)} <m_i(tau) m_j(0)>, m = n_up - n_dn"),
    "spin_susceptibility_pi_pi": ((), "1/t", "chi(pi,...,pi)"),
    "pair_susceptibility_s": ((), "1/t", "on-site s-wave pair susceptibility "
                              "int_0^beta dtau <D(tau) D^dag(0)>/N"),
    "pair_susceptibility_d": ((), "1/t", "singlet d-wave (nearest-neighbour) pair "
                              "susceptibility"),
    "pair_susceptibility_extended_s": ((), "1/t", "singlet extended s-wave pair susceptibility"),
    "green_tau": (("tau", "q"), "", "G(k, tau) = <c_k(tau) c^dag_k(0)>, spin averaged"),
    "green_tau_local": (("tau",), "", "local G(tau) = (1/N) sum_i <c_i(tau) c^dag_i(0)>"),
}
ALL_OBSERVABLES = {**OBSERVABLES, **UNEQUAL_OBSERVABLES}
#: Scalar observables, each with its own integrated autocorrelation time ``<name>_tau_int``.
SCALAR_OBSERVABLES = [name for name, (dims, _, _) in ALL_OBSERVABLES.items() if dims == ()]
#: Fields of :class:`DQMCResult` that describe the run rather than an observable.
_RUN_FIELDS = ("momentum", "displacement", "sign", "sign_error", "bins_sign")


def observable_fields() -> dict[str, Variable]:
    """Schema of the per-observable fields of :class:`DQMCResult`, in file order: the value
    of every observable of :data:`ALL_OBSERVABLES`, its jackknife error (``<name>_error``),
    its sign-weighted bins (``bins_<name>``), and the integrated autocorrelation time
    (``<name>_tau_int``) of the sign and of each scalar observable."""
    return {
        **{name: Variable(dims, units, long)
           for name, (dims, units, long) in ALL_OBSERVABLES.items()},
        **{f"{name}_error": Variable(dims, units, f"jackknife error of {name}")
           for name, (dims, units, _) in ALL_OBSERVABLES.items()},
        **{f"bins_{name}": Variable(("bin", *dims), units, f"bin averages of s * {name}")
           for name, (dims, units, _) in ALL_OBSERVABLES.items()},
        **{f"{name}_tau_int": Variable((), "1", f"integrated autocorrelation time of {name} "
                                       "(Sokal window on the bin series), in sweeps")
           for name in ["sign", *SCALAR_OBSERVABLES]},
    }

#: Jackknife blocks are at least this many times the largest ``tau_int`` (plus its statistical
#: error) long (for an exponential autocorrelation the error of blocks ``b tau_int`` long is
#: low by about ``tau_int / (2 b)``: 6 % here).
BLOCK_TAUS = 8.0
#: Fewer blocks than this and the error bars are reported as unreliable (the jackknife error of
#: ``n`` blocks is itself uncertain by ``1 / sqrt(2 (n - 1))``, 16 % at 20).
MIN_BLOCKS = 20
#: The warm-up should be at least this many ``tau_int`` long.
WARMUP_TAUS = 20.0


class DQMCStatisticsWarning(UserWarning):
    """A DQMC run too short for its error bars (see :attr:`DQMCResult.metadata` warnings)."""


@dataclass(frozen=True)
class DQMCOptions:
    """Controls of a DQMC run.

    Parameters
    ----------
    dtau
        Imaginary-time step (1/t); ``L = round(beta / dtau)`` slices, the ``dtau`` used is
        ``beta / L``.
    n_warmup
        Warm-up sweeps (not measured) per chain.
    n_sweeps
        Measured sweeps per chain. With the default warm-up this gives 20 blocks of 8
        ``tau_int`` for ``tau_int`` up to 12 sweeps (the 2 x 4 cluster at U = 4, beta = 4 has
        ``tau_int(S(pi, pi))`` of about 4).
    bin_size
        Sweeps per stored bin: the resolution of the time series on which ``tau_int`` is
        measured (``1`` resolves it best; larger bins store less).
    block_size
        Sweeps per jackknife block (a multiple of ``bin_size``); ``0`` (default): chosen from
        the measured autocorrelation, :data:`BLOCK_TAUS` times the largest ``tau_int`` plus
        its statistical error.
    delay_rank
        Accepted flips collected before one rank-k update of G (``0``: ``min(N, 32)``).
    stabilization_interval
        Starting number of slices between QR re-stabilisations.
    stabilization_tolerance
        Largest allowed ``max |G_wrapped - G_stable|``; the interval adapts to it.
    checkpoint_every
        Write a checkpoint every this many sweeps (``0``: only at the end of the run).
    measure_unequal_every
        Measure the time-displaced observables of :data:`UNEQUAL_OBSERVABLES` every this
        many measured sweeps (``0``: never); must divide ``bin_size``.
    update_backend
        ``"auto"`` (numba-compiled site loop when numba is installed, else numpy), ``"numba"``
        or ``"numpy"``; both follow the same chain up to rounding.
    """

    dtau: float = 0.1
    n_warmup: int = 200
    n_sweeps: int = 2000
    bin_size: int = 1
    block_size: int = 0
    delay_rank: int = 0
    stabilization_interval: int = 10
    stabilization_tolerance: float = 1e-5
    checkpoint_every: int = 0
    update_backend: str = "auto"
    measure_unequal_every: int = 0

    def __post_init__(self) -> None:
        require_positive("dtau", self.dtau, "1/t")
        require_int("n_warmup", self.n_warmup, 0)
        require_int("n_sweeps", self.n_sweeps, 1)
        require_int("bin_size", self.bin_size, 1, self.n_sweeps)
        require_int("block_size", self.block_size, 0, self.n_sweeps)
        if self.block_size % self.bin_size:
            raise ValueError(f"block_size must be a multiple of bin_size={self.bin_size}, "
                             f"got {self.block_size}")
        require_int("delay_rank", self.delay_rank, 0)
        require_int("stabilization_interval", self.stabilization_interval, 1)
        require_positive("stabilization_tolerance", self.stabilization_tolerance)
        require_int("checkpoint_every", self.checkpoint_every, 0)
        resolve_backend(self.update_backend)
        require_int("measure_unequal_every", self.measure_unequal_every, 0)
        if self.measure_unequal_every and self.bin_size % self.measure_unequal_every:
            raise ValueError(f"measure_unequal_every must divide bin_size={self.bin_size}, "
                             f"got {self.measure_unequal_every}")


def n_slices(model: HubbardModel, options: DQMCOptions) -> int:
    """Number of imaginary-time slices ``L = max(1, round(beta / dtau))``."""
    if model.temperature is None:
        raise ValueError("temperature must be given for DQMC (finite temperature), got None")
    return max(1, int(round(model.beta / options.dtau)))


class DQMCEngine:
    """The Markov chain of one DQMC run: fields, generator, Green's functions, bins."""

    def __init__(self, model: HubbardModel, options: DQMCOptions,
                 rng: np.random.Generator) -> None:
        self.model, self.options, self.rng = model, options, rng
        self.n = model.n_sites
        self.L = n_slices(model, options)
        self.dtau = float(model.beta) / self.L
        k = model.hopping_matrix() - model.mu * np.eye(self.n)
        self.exp_k = sla.expm(-self.dtau * k)
        self.exp_k_inv = sla.expm(self.dtau * k)
        self.exp_half = sla.expm(-0.5 * self.dtau * k)
        self.exp_half_inv = sla.expm(0.5 * self.dtau * k)
        u = model.site_u()
        self.lam = np.arccosh(np.exp(0.5 * self.dtau * u))
        self.active = np.flatnonzero(u > 0)
        self.rank = options.delay_rank or min(self.n, 32)
        self.backend = resolve_backend(options.update_backend)
        self.n_stab = min(options.stabilization_interval, self.L)
        self.fields = rng.choice(np.array([-1, 1], dtype=np.int8), size=(self.L, self.n))
        self.estimators = Estimators.for_model(model)
        self.sweeps_done = 0
        self.max_error = 0.0       # over measured sweeps
        self.last_error = 0.0
        self.accepted = 0
        self.proposed = 0
        self.sign = 1.0
        self.bins: dict[str, list[np.ndarray]] = {name: [] for name in OBSERVABLES}
        self.bins["sign"] = []
        if options.measure_unequal_every:
            self.bins.update({name: [] for name in UNEQUAL_OBSERVABLES})
            self.bins["sign_unequal"] = []
        self._bin_sum: dict[str, np.ndarray] = {}
        self._bin_count = 0

    # -- B matrices ------------------------------------------------------------------------
    def _ev(self, slice_index: int) -> np.ndarray:
        """``e^{sigma lambda s_l}`` for both spins, shape (2, N)."""
        out = np.empty((2, self.n))
        np.exp(self.lam * self.fields[slice_index], out=out[0])
        np.divide(1.0, out[0], out=out[1])
        return out

    def _chunk_product(self, start: int, stop: int) -> np.ndarray:
        """``B_stop ... B_{start+1}`` (slices start..stop-1, 0-based) for both spins."""
        prod = self._ev(start)[:, :, None] * self.exp_k
        for l in range(start + 1, stop):
            prod = self._ev(l)[:, :, None] * (self.exp_k @ prod)
        return prod

    def boundaries(self) -> list[int]:
        """Chunk boundaries ``0 = tau_0 < ... < tau_nc = L`` (slice counts)."""
        return [*range(0, self.L, self.n_stab), self.L]

    def green_from_scratch(self) -> np.ndarray:
        """Stable ``G(0)`` of the current fields (used by tests)."""
        left = self._left_stack(self.boundaries())
        return stable_green(identity_udt(self.n), left[0])

    def _left_stack(self, bounds: list[int]) -> list[Any]:
        """UDT of ``B(beta, tau_c)^T`` for every boundary (last is the identity)."""
        stack: list[Any] = [None] * len(bounds)
        stack[-1] = identity_udt(self.n)
        for c in range(len(bounds) - 2, -1, -1):
            chunk = self._chunk_product(bounds[c], bounds[c + 1])
            stack[c] = left_multiply(np.swapaxes(chunk, -1, -2), stack[c + 1])
        return stack

    # -- one sweep -------------------------------------------------------------------------
    def sweep(self, measure: bool) -> None:
        """One forward sweep over all slices and sites; measure at chunk boundaries."""
        bounds = self.boundaries()
        left = self._left_stack(bounds)
        green = stable_green(identity_udt(self.n), left[0])
        signs, _ = np.linalg.slogdet(green)
        self.sign = float(np.prod(signs))
        right = identity_udt(self.n)
        chunk = 0
        sweep_error = 0.0
        sums: dict[str, np.ndarray] = {}
        n_meas = 0
        for l in range(self.L):
            ev = self._ev(l)
            green = ev[:, :, None] * (self.exp_k @ green @ self.exp_k_inv) / ev[:, None, :]
            green = self._update_slice(l, green)
            if l + 1 == bounds[chunk + 1]:
                right = left_multiply(self._chunk_product(bounds[chunk], bounds[chunk + 1]),
                                      right)
                chunk += 1
                stable = stable_green(right, left[chunk])
                sweep_error = max(sweep_error, float(np.max(np.abs(stable - green))))
                green = stable
                if measure:
                    g_sym = self.exp_half @ green @ self.exp_half_inv
                    values = self.estimators.measure(g_sym)
                    for key, value in values.items():
                        sums[key] = sums.get(key, 0.0) + self.sign * value
                    sums["sign"] = sums.get("sign", 0.0) + np.asarray(self.sign)
                    n_meas += 1
        if measure:
            means = {k: v / n_meas for k, v in sums.items()}
            every = self.options.measure_unequal_every
            if every and (self.sweeps_done - self.options.n_warmup) % every == 0:
                unequal = self.estimators.measure_unequal(self.displaced_greens(), self.dtau)
                means.update({k: self.sign * v for k, v in unequal.items()})
                means["sign_unequal"] = np.asarray(self.sign)
        self.last_error = sweep_error
        self.sweeps_done += 1
        if measure:
            self.max_error = max(self.max_error, sweep_error)
            self._add_to_bin(means)
        self._adapt(sweep_error, measure)

    def displaced_greens(self) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """``(G(tau_l,tau_l), G(tau_l,0), G(0,tau_l))`` of the current fields for
        ``l = 0 .. L-1``, symmetric-Trotter transformed like the equal-time ``G``.

        ``B(beta,tau_l)^T`` (all ``l``, from the end) and ``B(tau_l,0)`` (on the fly) are kept
        as UDT products re-orthogonalised at every slice, and each triple comes from one
        solve (:func:`cooperlab.hubbard.stable.stable_displaced_greens`): O(L N^3).
        """
        b = [self._ev(l)[:, :, None] * self.exp_k for l in range(self.L)]
        left: list[Any] = [None] * (self.L + 1)
        left[self.L] = identity_udt(self.n)
        for l in range(self.L - 1, -1, -1):
            left[l] = left_multiply(np.swapaxes(b[l], -1, -2), left[l + 1])
        right = identity_udt(self.n)
        for l in range(self.L):
            greens = stable_displaced_greens(right, left[l])
            yield tuple(self.exp_half @ g @ self.exp_half_inv for g in greens)
            right = left_multiply(b[l], right)

    def _adapt(self, error: float, measuring: bool) -> None:
        if error > self.options.stabilization_tolerance and self.n_stab > 1:
            self.n_stab = max(1, self.n_stab // 2)
        elif (not measuring and error < 0.01 * self.options.stabilization_tolerance
              and self.n_stab < self.L):
            self.n_stab += 1

    def _update_slice(self, l: int, green: np.ndarray) -> np.ndarray:
        """Metropolis single-site flips on slice ``l`` with delayed rank-k updates of G
        (:func:`cooperlab.hubbard.updates.update_slice`, compiled when numba is present)."""
        rand = self.rng.random(self.n)
        green, accepted, flips = update_slice(green, self.fields[l], self.lam, rand,
                                              self.active, self.rank, self.backend)
        self.proposed += self.active.size
        self.accepted += accepted
        if flips % 2:
            self.sign = -self.sign
        return green

    # -- bins ------------------------------------------------------------------------------
    def _add_to_bin(self, values: dict[str, np.ndarray]) -> None:
        for key, value in values.items():
            self._bin_sum[key] = self._bin_sum.get(key, 0.0) + value
        self._bin_count += 1
        if self._bin_count == self.options.bin_size:
            for key, total in self._bin_sum.items():
                count = (self._bin_count // self.options.measure_unequal_every
                         if key in UNEQUAL_OBSERVABLES or key == "sign_unequal"
                         else self._bin_count)
                self.bins[key].append(np.asarray(total / count))
            self._bin_sum = {}
            self._bin_count = 0

    # -- checkpoints -----------------------------------------------------------------------
    def state(self) -> dict[str, Any]:
        """Everything needed to continue the chain exactly."""
        return {
            "fields": self.fields.copy(),
            "rng": json.dumps(self.rng.bit_generator.state),
            "scalars": json.dumps({
                "sweeps_done": self.sweeps_done, "n_stab": self.n_stab,
                "max_error": self.max_error, "last_error": self.last_error,
                "accepted": self.accepted, "proposed": self.proposed,
                "bin_count": self._bin_count,
            }),
            **{f"bin/{k}": np.asarray(v) for k, v in self.bins.items() if v},
            **{f"partial/{k}": np.asarray(v) for k, v in self._bin_sum.items()},
        }

    def restore(self, state: dict[str, Any]) -> None:
        """Continue from :meth:`state`."""
        self.fields = np.asarray(state["fields"], dtype=np.int8).copy()
        self.rng.bit_generator.state = json.loads(str(state["rng"]))
        scalars = json.loads(str(state["scalars"]))
        self.sweeps_done = scalars["sweeps_done"]
        self.n_stab = scalars["n_stab"]
        self.max_error = scalars["max_error"]
        self.last_error = scalars["last_error"]
        self.accepted = scalars["accepted"]
        self.proposed = scalars["proposed"]
        self._bin_count = scalars["bin_count"]
        self.bins = {name: [] for name in self.bins}
        self._bin_sum = {}
        for key, value in state.items():
            if key.startswith("bin/"):
                self.bins[key[4:]] = list(np.asarray(value))
            elif key.startswith("partial/"):
                self._bin_sum[key[8:]] = np.asarray(value)


#: Options that do not change the Markov chain (``block_size`` is analysis only).
UNTRACKED_OPTIONS = ("checkpoint_every", "update_backend", "block_size")


def _fingerprint(model: HubbardModel, options: DQMCOptions, seed: Any) -> str:
    return fingerprint_text(model, options, ignore=UNTRACKED_OPTIONS, seed=str(seed))


def save_checkpoint(path: Path, engine: DQMCEngine, fingerprint: str) -> None:
    """Write the engine state to ``path`` (npz, atomically)."""
    state = engine.state()
    state["fingerprint"] = np.asarray(fingerprint)

    def write(tmp: str) -> None:
        with open(tmp, "wb") as handle:
            np.savez(handle, **state)

    atomic_write(path, write)


def load_checkpoint(path: Path, fingerprint: str) -> dict[str, Any] | None:
    """The state in ``path``, or None if there is none; refuses another run's checkpoint."""
    if not path.exists():
        return None
    with np.load(path, allow_pickle=False) as data:
        state = {k: data[k] for k in data.files}
    if str(state.pop("fingerprint")) != fingerprint:
        raise ValueError(f"checkpoint {path} belongs to another model/options/seed: remove it "
                         "or choose another checkpoint path")
    return state


def analyse_errors(bins: dict[str, np.ndarray], signs: dict[str, np.ndarray],
                   sign_bins: np.ndarray, segments: list[int], *, bin_size: int = 1,
                   block_size: int = 0, n_warmup: int | None = None) -> dict[str, Any]:
    """Autocorrelation times, the jackknife block and the verdict on the run's length.

    Parameters
    ----------
    bins, signs
        Bin averages ``<s O>_b`` of each observable and the sign bins they are divided by.
    sign_bins
        Bin averages of the sign.
    segments
        Number of bins of each independent chain, in the order they are stacked.
    bin_size, block_size, n_warmup
        Sweeps per bin, sweeps per block (``0``: automatic) and warm-up sweeps per chain.

    Returns
    -------
    dict
        ``tau_int`` (sweeps, per scalar observable and the sign), ``tau_int_window`` and
        ``tau_int_converged`` (Sokal), ``block_sweeps``, ``block_bins``, ``n_blocks``,
        ``effective_samples`` (``n_sweeps / (2 tau_int)``), ``binning_plateau`` (the error
        with blocks twice as long agrees within 3 of its standard errors; ``None`` with fewer
        than 10 such blocks), ``binning_curve`` (error against block length of the slowest
        observable), ``statistics_passed``,
        ``criterion``, ``achieved``/``target`` (blocks) and ``warnings``.
    """
    total = int(sum(segments))
    n_min = min(segments)
    names = [name for name in bins if name in SCALAR_OBSERVABLES]
    autocorrelations = {name: ratio_autocorrelation(bins[name], signs[name], segments)
                        for name in names}
    autocorrelations["sign"] = integrated_autocorrelation_time(sign_bins, segments)
    tau = {name: bin_size * a.tau for name, a in autocorrelations.items()}
    slowest = max(tau, key=lambda name: tau[name])
    if block_size:
        block = block_size // bin_size
    else:
        # tau_int of a run of a few hundred tau_int is uncertain by ~20 %: size the blocks on
        # tau_int + its error, so that an estimate one error low still gives 8 tau_int
        upper = max(a.tau + (a.error if np.isfinite(a.error) else 0.0)
                    for a in autocorrelations.values())
        longest = max(1, n_min // max(1, math.ceil(4 / len(segments))))
        block = min(max(1, math.ceil(BLOCK_TAUS * upper)), longest)
    n_blocks = int(sum(max(1, n // block) for n in segments))
    plateau: dict[str, bool | None] = {}
    n_doubled = int(sum(n // (2 * block) for n in segments))
    for name in names:
        mean, base = blocked_jackknife_ratio(bins[name], signs[name], block, segments)
        if not np.isfinite(base) or float(base) <= 1e-12 * max(abs(float(mean)), 1.0):
            plateau[name] = bool(np.isfinite(base))     # an exact estimator has no error
        elif n_doubled >= 10 and min(n // (2 * block) for n in segments) >= 1:
            _, twice = blocked_jackknife_ratio(bins[name], signs[name], 2 * block, segments)
            noise = 3.0 / math.sqrt(2 * (n_doubled - 1))
            plateau[name] = bool(float(twice) <= float(base) * (1 + noise))
        else:
            plateau[name] = None                        # too few blocks to tell
    sizes, curve, _ = binning_errors(bins[slowest], signs[slowest], segments) \
        if slowest in bins else binning_errors(sign_bins, np.ones_like(sign_bins), segments)
    messages = []
    if n_blocks < MIN_BLOCKS:
        needed = math.ceil(MIN_BLOCKS * BLOCK_TAUS * tau[slowest] / len(segments))
        messages.append(f"only {n_blocks} jackknife blocks of {block * bin_size} sweeps "
                        f"(target {MIN_BLOCKS} blocks of >= {BLOCK_TAUS:g} tau_int; "
                        f"tau_int({slowest}) = {tau[slowest]:.3g} sweeps): error bars "
                        f"unreliable, run about {needed} sweeps per chain")
    if block * bin_size < BLOCK_TAUS * tau[slowest]:
        messages.append(f"blocks of {block * bin_size} sweeps are shorter than "
                        f"{BLOCK_TAUS:g} tau_int({slowest}) = "
                        f"{BLOCK_TAUS * tau[slowest]:.3g} sweeps: error bars too small")
    unconverged = [name for name, a in autocorrelations.items() if not a.converged]
    if unconverged:
        messages.append(f"the autocorrelation window of {', '.join(unconverged)} did not "
                        f"converge within a quarter of the run: tau_int is a lower bound")
    growing = [name for name, ok in plateau.items() if ok is False]
    if growing:
        messages.append(f"the binned error of {', '.join(growing)} has not reached a plateau "
                        f"(blocks of {2 * block * bin_size} sweeps give a larger error): "
                        f"error bars too small")
    if n_warmup is not None and n_warmup < WARMUP_TAUS * tau[slowest]:
        messages.append(f"warm-up of {n_warmup} sweeps is shorter than {WARMUP_TAUS:g} "
                        f"tau_int({slowest}) = {WARMUP_TAUS * tau[slowest]:.3g} sweeps")
    return {
        "tau_int": tau,
        "tau_int_error": {name: bin_size * a.error for name, a in autocorrelations.items()},
        "tau_int_window": {name: bin_size * a.window for name, a in autocorrelations.items()},
        "tau_int_converged": {name: a.converged for name, a in autocorrelations.items()},
        "slowest_observable": slowest,
        "block_bins": int(block), "block_sweeps": int(block * bin_size), "n_blocks": n_blocks,
        "effective_samples": {name: total * bin_size / (2 * t) for name, t in tau.items()},
        "binning_plateau": plateau,
        "binning_curve": {"block_sweeps": (sizes * bin_size).tolist(),
                          "error": curve.tolist(), "observable": slowest},
        "statistics_passed": not messages,
        "criterion": (f">= {MIN_BLOCKS} jackknife blocks each >= {BLOCK_TAUS:g} tau_int "
                      f"(Sokal window, c = 6), windows converged, binned errors on a plateau, "
                      f"warm-up >= {WARMUP_TAUS:g} tau_int"),
        "achieved": n_blocks, "target": MIN_BLOCKS,
        "warnings": messages,
    }


class ObservableFields(MutableMapping[str, Any]):
    """Dict-like view of the observable fields of a :class:`DQMCResult` that are not None
    (``result.values["density"]`` is ``result.density``)."""

    def __init__(self, result: DQMCResult) -> None:
        self._result = result

    def _known(self, name: str) -> bool:
        return name in type(self._result).VARIABLES and name not in _RUN_FIELDS

    def __getitem__(self, name: str) -> Any:
        value = getattr(self._result, name) if self._known(name) else None
        if value is None:
            raise KeyError(name)
        return value

    def __setitem__(self, name: str, value: Any) -> None:
        if not self._known(name):
            raise KeyError(f"{name!r} is not an observable field of DQMCResult")
        setattr(self._result, name, value)

    def __delitem__(self, name: str) -> None:
        self[name]                                   # KeyError when absent
        setattr(self._result, name, None)

    def __iter__(self) -> Iterator[str]:
        return (name for name in type(self._result).VARIABLES if name not in _RUN_FIELDS
                and getattr(self._result, name) is not None)

    def __len__(self) -> int:
        return sum(1 for _ in self)


@dataclass(kw_only=True)
class DQMCResult(Result):
    """DQMC estimates with jackknife errors, and the bins they came from.

    ``<name>`` and ``<name>_error`` hold each observable of :data:`OBSERVABLES`; ``bins_<name>``
    the sign-weighted bin averages ``<s O>_b`` (all chains), ``bins_sign`` the bin signs;
    ``<name>_tau_int`` (and ``sign_tau_int``) the integrated autocorrelation time in sweeps of
    each scalar observable: one declared field each (:func:`observable_fields`), and
    ``result.values`` is a dict-like view of those that were measured.
    ``metadata["convergence"]`` holds the typed verdict (:class:`~cooperlab.results.Convergence`:
    enough jackknife blocks of several tau_int and a stable run, with dtau, slices and sweeps as
    the discretisation) and beside it the error analysis (block length, number of blocks,
    windows, binning plateau); ``metadata["warnings"]`` what makes the error bars unreliable.
    """

    momentum: np.ndarray = variable(("q", "axis"), "1/a", "cluster momenta")
    displacement: np.ndarray = variable(("displacement", "axis"), "a", "separation r_j - r_i")
    sign: float = scalar("", "average sign <s>")
    sign_error: float = scalar("", "jackknife error of <s>")
    bins_sign: np.ndarray = variable(("bin",), "", "bin averages of the sign")
    tau: np.ndarray | None = variable(("tau",), "1/t",
                                      "imaginary times l dtau, l = 0..L, of green_tau")
    bins_sign_unequal: np.ndarray | None = variable(
        ("bin",), "", "bin averages of the sign at the time-displaced measurements")
    # One field per entry of observable_fields() (value, jackknife error and bins of every
    # observable of the tables, tau_int of each scalar), written into the class namespace
    # like the lines above, so that Result.__init_subclass__ turns each into a field with its
    # schema. Time-displaced observables that were not measured stay None.
    for _name, _spec in observable_fields().items():
        __annotations__[_name] = "np.ndarray | None"
        vars()[_name] = _spec
    del _name, _spec

    def __post_init__(self) -> None:
        for name in ("sign", "sign_error"):       # floats also when read from a file
            if getattr(self, name) is not None:
                setattr(self, name, float(getattr(self, name)))

    @property
    def values(self) -> ObservableFields:
        """The measured observable fields by name (value, ``<name>_error``, ``bins_<name>``,
        ``<name>_tau_int``, ``tau``, ``bins_sign_unequal``), a view: unmeasured ones are left
        out, and setting an entry sets the field."""
        return ObservableFields(self)

    @classmethod
    def from_bins(cls, bins: dict[str, np.ndarray], momentum: np.ndarray,
                  displacement: np.ndarray, metadata: dict[str, Any]) -> DQMCResult:
        """Estimates from stacked bins ``(n_bins, ...)``: jackknife over blocks of bins chosen
        by :func:`analyse_errors` (``metadata["options"]`` gives ``bin_size``, ``block_size``
        and ``n_warmup``, ``metadata["chain_bins"]`` the bins of each independent chain)."""
        sign_bins = np.asarray(bins["sign"], dtype=float)
        unequal = "sign_unequal" in bins and len(bins["sign_unequal"])
        names = [*OBSERVABLES, *(UNEQUAL_OBSERVABLES if unequal else ())]
        sign_of = {name: np.asarray(bins["sign_unequal"] if name in UNEQUAL_OBSERVABLES
                                    else sign_bins, dtype=float) for name in names}
        metadata = dict(metadata)
        options = metadata.get("options") or {}
        segments = list(metadata.get("chain_bins") or [sign_bins.shape[0]])
        analysis = analyse_errors({name: bins[name] for name in names}, sign_of, sign_bins,
                                  segments, bin_size=int(options.get("bin_size", 1)),
                                  block_size=int(options.get("block_size", 0)),
                                  n_warmup=options.get("n_warmup"))
        block = analysis["block_bins"]
        values: dict[str, np.ndarray] = {}
        for name in names:
            mean, error = blocked_jackknife_ratio(bins[name], sign_of[name], block, segments)
            values[name], values[f"{name}_error"] = mean, error
            values[f"bins_{name}"] = np.asarray(bins[name])
        for name, tau in analysis["tau_int"].items():
            values[f"{name}_tau_int"] = np.asarray(tau)
        if unequal:
            values["bins_sign_unequal"] = np.asarray(bins["sign_unequal"], dtype=float)
            dtau = metadata.get("dtau")
            if dtau is not None:
                values["tau"] = dtau * np.arange(values["green_tau"].shape[0])
        sign, sign_error = blocked_jackknife_ratio(sign_bins, np.ones_like(sign_bins), block,
                                                   segments)
        convergence = dict(metadata.get("convergence") or {})
        stabilization = convergence.get("stabilization_passed", convergence.get("passed", True))
        if "stabilization_error" in metadata and "stabilization_tolerance" in convergence:
            stabilization = bool(metadata["stabilization_error"]
                                 <= convergence["stabilization_tolerance"])
        convergence.update(analysis, stabilization_passed=bool(stabilization))
        discretisation = {"dtau": metadata.get("dtau"), "n_slices": metadata.get("n_slices"),
                          "n_warmup": options.get("n_warmup"),
                          "n_sweeps": options.get("n_sweeps"),
                          "bin_size": options.get("bin_size"), "n_chains": len(segments),
                          "block_sweeps": analysis["block_sweeps"]}
        record = Convergence(
            passed=bool(stabilization and analysis["statistics_passed"]),
            criterion=analysis["criterion"] + "; stabilization error within tolerance",
            achieved=analysis["achieved"],
            target=analysis["target"],
            discretisation={k: v for k, v in discretisation.items() if v is not None},
            details={k: v for k, v in convergence.items() if k not in Convergence.FIELDS})
        metadata.update(convergence=record.to_dict(), warnings=list(analysis["warnings"]))
        return cls(momentum=momentum, displacement=displacement, sign=float(sign),
                   sign_error=float(sign_error), bins_sign=sign_bins, **values,
                   metadata=metadata)

    def estimate(self, name: str) -> tuple[float, float]:
        """``(value, error)`` of a scalar observable."""
        return float(self.values[name]), float(self.values[f"{name}_error"])

    def summary(self) -> dict[str, Any]:
        """Scalars as ``{"value": x, "error": e}`` plus run statistics, for ``--json``."""
        out: dict[str, Any] = {"result": "DQMCResult"}
        key_map = {"energy": "energy_per_site", "kinetic_energy": "kinetic_energy_per_site"}
        for name, (dims, _, _) in OBSERVABLES.items():
            if dims == ():
                value, error = self.estimate(name)
                out[key_map.get(name, name)] = {"value": value, "error": error}
        out["sign"] = {"value": self.sign, "error": self.sign_error}
        for name, (dims, _, _) in UNEQUAL_OBSERVABLES.items():
            if dims == () and name in self.values:
                value, error = self.estimate(name)
                out[name] = {"value": value, "error": error}
        for key in ("n_chains", "n_bins", "acceptance", "dtau", "n_slices",
                    "stabilization_error", "stabilization_interval", "seed"):
            if key in self.metadata:
                out[key] = self.metadata[key]
        convergence = self.metadata.get("convergence", {})
        if "tau_int" in convergence:
            out["tau_int_sweeps"] = convergence["tau_int"]
            out["statistics"] = {key: convergence[key] for key in (
                "passed", "statistics_passed", "block_sweeps", "n_blocks", "target",
                "slowest_observable") if key in convergence}
            if isinstance(out["statistics"].get("target"), float):
                out["statistics"]["target"] = int(out["statistics"]["target"])  # blocks
        out["warnings"] = list(self.metadata.get("warnings", []))
        return out


@dataclass(frozen=True)
class ChainTask:
    """One chain of a multi-chain run (what :func:`cooperlab.sweep` distributes)."""

    model: HubbardModel
    options: DQMCOptions
    seed: int = 0
    n_chains: int = 1
    chain: int = 0
    checkpoint_dir: str | None = None


def chain_generator(seed: int, n_chains: int, chain: int) -> np.random.Generator:
    """Independent stream of chain ``chain``: ``SeedSequence(seed).spawn(n_chains)[chain]``."""
    return np.random.default_rng(np.random.SeedSequence(seed).spawn(n_chains)[chain])


def solve_dqmc_chain(model: HubbardModel, options: DQMCOptions | None = None, *,
              rng: np.random.Generator | int | None = None, checkpoint: Any = None,
              progress: bool | None = None, callback: Any = None,
              seed_label: Any = None, warn: bool = True) -> DQMCResult:
    """Run one Markov chain (warm-up then measurement) and return its estimates.

    Parameters
    ----------
    rng
        ``numpy.random.Generator`` or integer seed (the chain's only source of randomness).
    checkpoint
        Path of an ``.npz`` checkpoint: written every ``options.checkpoint_every`` sweeps and
        at the end; if it exists the run continues from it (exactly: same stream, no sweep
        counted twice).
    callback
        Called as ``callback(engine)`` after each sweep (e.g. to stop a run in tests).
    warn
        Issue a :class:`DQMCStatisticsWarning` for each reason the run is too short for its
        error bars (they are recorded in ``metadata["warnings"]`` either way).
    """
    options = options or DQMCOptions()
    seed_label = rng if seed_label is None and isinstance(rng, int) else seed_label
    generator = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
    started = time.perf_counter()
    engine = DQMCEngine(model, options, generator)
    path = Path(checkpoint) if checkpoint is not None else None
    fingerprint = _fingerprint(model, options, seed_label)
    if path is not None:
        state = load_checkpoint(path, fingerprint)
        if state is not None:
            engine.restore(state)
    total = options.n_warmup + options.n_sweeps
    bar = progress_bar(total, "DQMC", progress, initial=engine.sweeps_done, unit="sweep")
    with threadpool_limits(limits=1), bar:
        while engine.sweeps_done < total:
            engine.sweep(measure=engine.sweeps_done >= options.n_warmup)
            if path is not None and options.checkpoint_every and \
                    engine.sweeps_done % options.checkpoint_every == 0:
                save_checkpoint(path, engine, fingerprint)
            bar.update(1)
            bar.set_postfix(acc=f"{engine.accepted / max(engine.proposed, 1):.3f}",
                            sign=f"{engine.sign:+.0f}", n_stab=engine.n_stab, refresh=False)
            if callback is not None:
                callback(engine)
    if path is not None:
        save_checkpoint(path, engine, fingerprint)
    bins = {k: np.asarray(v) for k, v in engine.bins.items()}
    meta = make_metadata(
        model=model, options=options, wall_time_s=time.perf_counter() - started,
        convergence={"stabilization_error": engine.max_error,
                     "stabilization_tolerance": options.stabilization_tolerance,
                     "passed": engine.max_error <= options.stabilization_tolerance},
        method="DQMC", n_chains=1, n_bins=int(bins["sign"].shape[0]),
        chain_bins=[int(bins["sign"].shape[0])],
        acceptance=engine.accepted / max(engine.proposed, 1), dtau=engine.dtau,
        n_slices=engine.L, stabilization_error=engine.max_error,
        stabilization_interval=engine.n_stab, delay_rank=engine.rank,
        seed=None if seed_label is None else str(seed_label), sweeps=engine.sweeps_done,
    )
    cluster = model.cluster
    _, displacement = cluster.displacement_classes()
    result = DQMCResult.from_bins(bins, cluster.momenta(), displacement, meta)
    if warn:
        warn_statistics(result)
    return result


def warn_statistics(result: DQMCResult) -> None:
    """Issue each of ``result.metadata["warnings"]`` as a :class:`DQMCStatisticsWarning`."""
    for message in result.metadata.get("warnings", []):
        warnings.warn(f"DQMC: {message}", DQMCStatisticsWarning, stacklevel=3)


def solve_dqmc_chain_task(task: ChainTask) -> DQMCResult:
    """Run chain ``task.chain`` of ``task.n_chains`` (picklable, for :func:`cooperlab.sweep`)."""
    checkpoint = (None if task.checkpoint_dir is None
                  else Path(task.checkpoint_dir) / f"chain{task.chain:04d}.npz")
    return solve_dqmc_chain(task.model, task.options,
                     rng=chain_generator(task.seed, task.n_chains, task.chain),
                     checkpoint=checkpoint, progress=False,
                     seed_label=f"{task.seed}/{task.n_chains}/{task.chain}",
                     warn=False)


def merge_chains(results: list[DQMCResult], warn: bool = True) -> DQMCResult:
    """Pool the bins of independent chains and recompute the estimates (blocks never straddle
    two chains; autocorrelations are measured inside each chain)."""
    if not results:
        raise ValueError("results must hold at least one chain, got none")
    names = [*OBSERVABLES, *(UNEQUAL_OBSERVABLES if "bins_sign_unequal" in results[0].values
                             else ())]
    bins = {name: np.concatenate([r.values[f"bins_{name}"] for r in results]) for name in names}
    bins["sign"] = np.concatenate([r.bins_sign for r in results])
    if "bins_sign_unequal" in results[0].values:
        bins["sign_unequal"] = np.concatenate([r.values["bins_sign_unequal"] for r in results])
    first = results[0].metadata
    meta = dict(first)
    meta.update(
        n_chains=len(results), n_bins=int(bins["sign"].shape[0]),
        acceptance=float(np.mean([r.metadata["acceptance"] for r in results])),
        stabilization_error=float(max(r.metadata["stabilization_error"] for r in results)),
        chain_seeds=[r.metadata.get("seed") for r in results],
        wall_time_s=float(sum(r.metadata.get("wall_time_s", 0.0) for r in results)),
        chain_bins=[int(n) for r in results
                    for n in (r.metadata.get("chain_bins") or [r.bins_sign.shape[0]])],
    )
    merged = DQMCResult.from_bins(bins, results[0].momentum, results[0].displacement, meta)
    if warn:
        warn_statistics(merged)
    return merged


def solve_dqmc(model: HubbardModel, options: DQMCOptions | None = None, *, seed: int = 0,
               n_chains: int = 1, execution: Execution | None = None,
               executor: str = UNSET, scheduler: Any = UNSET, max_workers: int | None = UNSET,
               store: Any = UNSET, progress: bool | None = UNSET,
               density: float | None = None) -> DQMCResult:
    """DQMC with ``n_chains`` independent chains, merged with jackknife errors over all bins.

    One chain runs in-process (with a progress bar). Several run through
    :func:`cooperlab.sweep` as ``execution`` says (a :class:`cooperlab.Execution`, or its
    fields as keywords: ``executor="process"`` for local processes, ``"dask"`` with a
    ``scheduler``); chain ``c`` uses ``SeedSequence(seed).spawn(n_chains)[c]``. With a
    ``store`` finished chains are kept (a rerun skips them) and running chains checkpoint
    under ``store/checkpoints`` every ``options.checkpoint_every`` sweeps. With a target
    ``density`` mu is tuned first (:func:`tune_chemical_potential`, short runs); the result's
    metadata hold ``tuned_mu`` and ``mu_history``.

    Parameters
    ----------
    seed
        Root seed of the chains.
    n_chains
        Independent Markov chains (``SeedSequence.spawn`` streams).
    progress
        Progress bar (None: on a terminal).
    density
        Target density <n>: tune mu to it first (short runs), then measure.
    """
    if density is not None:
        mu, history = tune_chemical_potential(model, density, seed=seed)
        result = solve_dqmc(replace(model, mu=mu), options, seed=seed, n_chains=n_chains,
                            execution=execution, executor=executor, scheduler=scheduler,
                            max_workers=max_workers, store=store, progress=progress)
        result.metadata.update(tuned_mu=mu, mu_history=history)
        return result
    options = options or DQMCOptions()
    require_int("n_chains", n_chains, 1)
    require_int("seed", seed, 0)
    run = Execution.from_keywords(execution, executor=executor, scheduler=scheduler,
                                  max_workers=max_workers, store=store, progress=progress)
    if n_chains == 1 and run.store is None:
        return solve_dqmc_chain(model, options, rng=chain_generator(seed, 1, 0),
                         progress=run.progress, seed_label=f"{seed}/1/0")
    from cooperlab.sweep import sweep

    ckpt = None if run.store is None else str(Path(run.store) / "checkpoints")
    task = ChainTask(model, options, seed, n_chains, 0, ckpt)
    swept = sweep(solve_dqmc_chain_task, task, execution=run, chain=np.arange(n_chains))
    data = swept.to_xarray()
    chains = []
    for c in range(n_chains):
        point = data.isel(chain=c)
        meta = {"acceptance": float("nan"), "stabilization_error": float("nan"),
                "seed": f"{seed}/{n_chains}/{c}", "options": dataclass_to_dict(options),
                "dtau": float(model.beta) / n_slices(model, options)}
        values = {name: point[name].values for name in DQMCResult.VARIABLES
                  if name in point.variables and name.startswith("bins_")
                  and name != "bins_sign"}
        chains.append(DQMCResult(momentum=point["momentum"].values,
                                 displacement=point["displacement"].values,
                                 sign=float(point["sign"]), sign_error=float(point["sign_error"]),
                                 bins_sign=point["bins_sign"].values, **values,
                                 metadata=meta))
    merged = merge_chains(chains, warn=False)
    merged.metadata.update(make_metadata(model=model, options=options))
    merged.metadata.update(n_chains=n_chains, seed=str(seed), executor=run.executor,
                           n_slices=n_slices(model, options),
                           dtau=float(model.beta) / n_slices(model, options))
    merged.metadata.pop("acceptance", None)
    merged.metadata.pop("stabilization_error", None)
    warn_statistics(merged)
    return merged


def extrapolate_dtau(dtaus: Any, values: Any, errors: Any) -> tuple[float, float]:
    """Weighted least-squares fit ``O(dtau) = O_0 + a dtau^2``; returns ``(O_0, error)``.

    The symmetric Trotter splitting makes the leading error quadratic in dtau.
    """
    x = np.asarray(dtaus, dtype=float) ** 2
    y, e = np.asarray(values, dtype=float), np.asarray(errors, dtype=float)
    if x.size < 2 or x.shape != y.shape or y.shape != e.shape:
        raise ValueError(f"dtaus, values, errors must be equal-length arrays of >= 2, got "
                         f"{x.size}, {y.size}, {e.size}")
    if np.any(e <= 0):
        raise ValueError("errors must be > 0 for a weighted fit")
    design = np.stack([np.ones_like(x), x], axis=1) / e[:, None]
    cov = np.linalg.inv(design.T @ design)
    coef = cov @ design.T @ (y / e)
    return float(coef[0]), float(math.sqrt(cov[0, 0]))


def tune_chemical_potential(model: HubbardModel, target_density: float,
                            options: DQMCOptions | None = None, *, seed: int = 0,
                            tolerance: float = 0.01, max_iterations: int = 8,
                            mu_step: float = 0.5) -> tuple[float, list[tuple[float, float]]]:
    """Find ``mu`` with ``<n> = target_density`` by secant steps on short DQMC runs.

    Returns ``(mu, history)`` with ``history`` the list of ``(mu, density)`` tried; stops when
    ``|n - target| < tolerance`` (or after ``max_iterations``, the best point is returned).
    """
    import dataclasses

    require_positive("target_density", target_density)
    options = options or DQMCOptions(n_warmup=50, n_sweeps=100)
    history: list[tuple[float, float]] = []
    mu = model.mu
    for it in range(max_iterations):
        res = solve_dqmc_chain(dataclasses.replace(model, mu=mu), options, rng=seed + it,
                        progress=False, warn=False)
        density = float(res.values["density"])
        history.append((mu, density))
        if abs(density - target_density) < tolerance:
            return mu, history
        if len(history) >= 2 and history[-1][1] != history[-2][1]:
            (m0, n0), (m1, n1) = history[-2], history[-1]
            slope = (n1 - n0) / (m1 - m0)
            step = (target_density - n1) / slope if slope > 0 else mu_step
        else:
            step = mu_step * np.sign(target_density - density)
        mu = mu + float(np.clip(step, -2 * mu_step, 2 * mu_step))
    best = min(history, key=lambda p: abs(p[1] - target_density))
    return best[0], history


# Deprecated names (removed in the next release).
run_chain = deprecated_alias(solve_dqmc_chain, "run_chain")
run_chain_task = deprecated_alias(solve_dqmc_chain_task, "run_chain_task")
