"""Fluctuating stripes: incommensurate peaks of S(q) and N(q), the Yamada plot.

Huang et al., Science 358, 1161 (2017) found, in DQMC of the t-t'-U Hubbard model on 16 x 4
clusters at hole doping, spin correlations peaked at ``(pi +- delta_s, pi)`` and charge
correlations at ``(2 delta_s, 0)``. Here the peak positions are read off a DQMC result by a
parabola through the largest point of the symmetrised line cut and its neighbours; the errors
come from the jackknife over bins (the fit is repeated on every leave-one-out estimate).
A fit-free test of a split spin peak is ``spin_split = S(pi +- 2 pi/L_x, pi) - S(pi, pi)``
(mean of the two neighbours), with its own jackknife error: it is positive beyond its error
only when the maximum has left ``(pi, pi)``.
The Yamada plot (Yamada et al., PRB 57, 6165 (1998)) shows ``delta/(2 pi)`` against doping with
the line ``delta/(2 pi) = x`` that the cuprates follow up to x = 1/8.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from cooperlab.hubbard.dqmc import DQMCOptions, DQMCResult, solve_dqmc
from cooperlab.hubbard.model import HubbardModel
from cooperlab.hubbard.statistics import block_sums
from cooperlab.naming import deprecated_alias
from cooperlab.results import Result, make_metadata, scalar, variable


def line_cut(values: np.ndarray, momenta: np.ndarray, qy: float) -> tuple[np.ndarray, np.ndarray]:
    """``(q_x, values)`` along the row ``q_y = qy`` (mod 2 pi), sorted in q_x in [0, 2 pi)."""
    qx = np.mod(momenta[:, 0], 2 * np.pi)
    on_row = np.isclose(np.mod(momenta[:, 1] - qy + np.pi, 2 * np.pi) - np.pi, 0.0, atol=1e-9)
    order = np.argsort(qx[on_row])
    return qx[on_row][order], np.asarray(values)[..., on_row][..., order]


def peak_offset(qx: np.ndarray, values: np.ndarray, centre: float) -> float:
    """Distance from ``centre`` of the peak of a line cut symmetrised about ``centre``.

    The cut ``f(centre + x) + f(centre - x)`` for ``x >= 0`` on the cluster grid is maximised
    and the maximum refined by a parabola through it and its neighbours (clipped to the grid
    cell); returns 0 when the maximum sits at ``centre`` itself.
    """
    step = 2 * np.pi / qx.size
    x = np.arange(qx.size // 2 + 1) * step
    def at(q: np.ndarray) -> np.ndarray:
        index = np.rint(np.mod(q, 2 * np.pi) / step).astype(int) % qx.size
        return values[index]
    sym = at(centre + x) + at(centre - x)
    m = int(np.argmax(sym))
    if m == 0:
        return 0.0
    if m == x.size - 1:
        return float(x[m])
    y0, y1, y2 = sym[m - 1], sym[m], sym[m + 1]
    curvature = y0 - 2 * y1 + y2
    shift = 0.0 if curvature >= 0 else 0.5 * (y0 - y2) / curvature
    return float(x[m] + np.clip(shift, -0.5, 0.5) * step)


def _jackknife(bins: np.ndarray, signs: np.ndarray, func: Any) -> tuple[float, float]:
    total, total_sign = bins.sum(axis=0), signs.sum()
    value = func(total / total_sign)
    n = signs.size
    if n < 2:
        return value, float("nan")
    loo = np.array([func((total - bins[b]) / (total_sign - signs[b])) for b in range(n)])
    return value, float(np.sqrt((n - 1) / n * np.sum((loo - loo.mean()) ** 2)))


@dataclass(kw_only=True)
class StripeResult(Result):
    """Stripe analysis of a DQMC run: line cuts and fitted incommensurabilities."""

    qx: np.ndarray = variable(("qx",), "1/a", "momentum along the stripe direction",
                              coordinate=True)
    spin_cut: np.ndarray = variable(("qx",), "", "S(q_x, pi)")
    spin_cut_error: np.ndarray = variable(("qx",), "", "error of S(q_x, pi)")
    charge_cut: np.ndarray = variable(("qx",), "", "N(q_x, 0)")
    charge_cut_error: np.ndarray = variable(("qx",), "", "error of N(q_x, 0)")
    delta_spin: float = scalar("1/a", "delta_s: S(q) peaks at (pi +- delta_s, pi)")
    delta_spin_error: float = scalar("1/a", "jackknife error of delta_s")
    delta_charge: float = scalar("1/a", "N(q) peak at (delta_c, 0); stripes: delta_c = 2 "
                                 "delta_s (NaN when N(q_x, 0) has no peak below q_x = pi)")
    delta_charge_error: float = scalar("1/a", "jackknife error of delta_c")
    doping: float = scalar("", "hole doping x = 1 - <n>")
    doping_error: float = scalar("", "error of x")
    sign: float = scalar("", "average sign")
    spin_split: float = scalar("", "S(pi +- 2pi/L_x, pi) (mean of both) - S(pi, pi): > 0 when "
                               "the spin peak has moved off (pi, pi) by at least one grid step")
    spin_split_error: float = scalar("", "jackknife error of spin_split")

    def summary(self) -> dict[str, Any]:
        """Fitted numbers with errors and the statistics caveat, for ``--json``."""
        out: dict[str, Any] = {"result": "StripeResult"}
        for name in ("delta_spin", "delta_charge", "doping", "spin_split"):
            value, error = float(getattr(self, name)), float(getattr(self, f"{name}_error"))
            out[name] = {"value": value if np.isfinite(value) else None,
                         "error": error if np.isfinite(error) else None}
        out["sign"] = float(self.sign)
        out.update({k: self.metadata[k] for k in ("n_bins", "n_blocks", "n_chains",
                                                  "statistics", "charge_peak", "warnings")
                    if k in self.metadata})
        return out

    def plot(self, ax: Any = None, **kwargs: Any) -> Any:
        """S(q_x, pi) and N(q_x, 0) with error bars."""
        import matplotlib.pyplot as plt

        ax = ax or plt.subplots(figsize=(5, 3.5))[1]
        ax.errorbar(self.qx / np.pi, self.spin_cut, self.spin_cut_error, marker="o",
                    label="S(q_x, pi)")
        ax.errorbar(self.qx / np.pi, self.charge_cut, self.charge_cut_error, marker="s",
                    label="N(q_x, 0)")
        ax.set_xlabel("q_x / pi")
        ax.legend()
        return ax


#: Below this average sign the stripe fit is reported as statistically weak: every error bar
#: grows as 1/sign, and a peak pinned to one grid point gives a jackknife error of zero.
MIN_SIGN = 0.1


def solve_stripe_analysis(result: DQMCResult) -> StripeResult:
    """Fit ``delta_s`` (S(q) near ``(pi, pi)``) and ``delta_c`` (N(q) near ``(0, 0)``)."""
    momenta = result.momentum
    if momenta.shape[1] != 2:
        raise ValueError(f"stripes need a 2-D lattice, got momenta of dimension {momenta.shape[1]}")
    # jackknife over the blocks the DQMC error analysis chose (several tau_int long)
    convergence = result.metadata.get("convergence", {})
    block = int(convergence.get("block_bins", 1))
    segments = result.metadata.get("chain_bins") or [result.bins_sign.shape[0]]
    signs = block_sums(result.bins_sign, block, segments)
    s_bins = block_sums(result.values["bins_spin_structure_factor"], block, segments)
    n_bins = block_sums(result.values["bins_charge_structure_factor"], block, segments)
    qx, s_cut = line_cut(result.values["spin_structure_factor"], momenta, np.pi)
    _, s_err = line_cut(result.values["spin_structure_factor_error"], momenta, np.pi)
    _, n_cut = line_cut(result.values["charge_structure_factor"], momenta, 0.0)
    _, n_err = line_cut(result.values["charge_structure_factor_error"], momenta, 0.0)

    def spin_delta(s: np.ndarray) -> float:
        return peak_offset(qx, line_cut(s, momenta, np.pi)[1], np.pi)

    def charge_delta(n: np.ndarray) -> float:
        q, cut = line_cut(n, momenta, 0.0)
        cut = cut.copy()
        cut[0] = -np.inf          # q = 0 is the total charge, not a correlation peak
        return peak_offset(q, np.where(np.isfinite(cut), cut, np.min(cut[1:])), 0.0)

    def split(s: np.ndarray) -> float:
        cut = line_cut(s, momenta, np.pi)[1]
        centre = int(np.argmin(np.abs(qx - np.pi)))
        return float(0.5 * (cut[centre - 1] + cut[(centre + 1) % cut.size]) - cut[centre])

    ds, ds_err = _jackknife(s_bins, signs, spin_delta)
    sp, sp_err = _jackknife(s_bins, signs, split)
    dc, dc_err = _jackknife(n_bins, signs, charge_delta)
    if np.isclose(dc, np.pi):
        # N(q_x, 0) largest at the zone boundary: the smooth rise of uncorrelated charge
        # fluctuations (Pauli hole), no stripe peak at 2 delta_s to fit
        dc, dc_err = float("nan"), float("nan")
        charge_peak = "none: N(q_x, 0) is largest at q_x = pi, delta_c undefined"
    else:
        charge_peak = "interior"
    density, density_error = result.estimate("density")
    n_bins_total = int(signs.size)
    sign = float(result.sign)
    statistics = ("low: fewer than 20 blocks, error bars unreliable" if n_bins_total < 20
                  else f"low: average sign {sign:.3f} < {MIN_SIGN} (errors scale as 1/sign)"
                  if abs(sign) < MIN_SIGN else
                  "low: the DQMC run is short for its autocorrelation times (see warnings)"
                  if not convergence.get("statistics_passed", True) else
                  "ok" if ds_err < 0.25 * (2 * np.pi / qx.size) else
                  "low: delta_s error exceeds a quarter of the momentum grid spacing")
    meta = dict(result.metadata)
    meta.update(statistics=statistics, n_bins=int(result.bins_sign.shape[0]),
                n_blocks=n_bins_total, charge_peak=charge_peak)
    return StripeResult(qx=qx, spin_cut=s_cut, spin_cut_error=s_err, charge_cut=n_cut,
                        charge_cut_error=n_err, delta_spin=ds, delta_spin_error=ds_err,
                        delta_charge=dc, delta_charge_error=dc_err, doping=1 - density,
                        doping_error=density_error, sign=result.sign, spin_split=sp,
                        spin_split_error=sp_err, metadata=meta)


def solve_stripes(model: HubbardModel, options: DQMCOptions | None = None, *, seed: int = 0,
                  n_chains: int = 1, **run: Any) -> StripeResult:
    """Run DQMC on ``model`` (e.g. 16 x 4, t' = -0.25, hole doped) and fit the stripe peaks."""
    started = time.perf_counter()
    result = solve_dqmc(model, options, seed=seed, n_chains=n_chains, **run)
    stripes = solve_stripe_analysis(result)
    stripes.metadata.update(make_metadata(model=model, options=options,
                                          wall_time_s=time.perf_counter() - started))
    return stripes


def yamada_plot(dopings: Any, deltas: Any, errors: Any = None, ax: Any = None,
                label: str = "DQMC delta_s") -> Any:
    """Incommensurability ``delta/(2 pi)`` versus doping with the Yamada line ``= x``."""
    import matplotlib.pyplot as plt

    ax = ax or plt.subplots(figsize=(4.5, 3.5))[1]
    x = np.asarray(dopings, dtype=float)
    y = np.asarray(deltas, dtype=float) / (2 * np.pi)
    yerr = None if errors is None else np.asarray(errors, dtype=float) / (2 * np.pi)
    ax.errorbar(x, y, yerr=yerr, marker="o", linestyle="none", label=label)
    line = np.linspace(0, max(0.125, float(np.max(x)) if x.size else 0.125), 50)
    ax.plot(line, np.minimum(line, 0.125), "k--", label="Yamada: delta/2pi = x")
    ax.set_xlabel("hole doping x")
    ax.set_ylabel("incommensurability delta / 2 pi (r.l.u.)")
    ax.legend()
    return ax


# Deprecated names (removed in the next release).
analyse_stripes = deprecated_alias(solve_stripe_analysis, "analyse_stripes")
