"""Disorder ensembles: sweeps over disorder strength and realisations on :func:`cooperlab.sweep`.

A :class:`DisorderEnsemble` is the sweepable model: a base :class:`~cooperlab.bdg.model.
BdGModel` (lattice, interactions, filling, impurities) plus the disorder strength ``W`` and the
realisation index ``r``. Realisation ``r`` draws its potentials from the ``r``-th child of
``numpy.random.SeedSequence(seed)`` (``SeedSequence.spawn``): realisations are independent
streams, and one realisation keeps its pattern (scaled) across strengths, so that the
strength dependence is free of realisation-to-realisation noise (common random numbers).
Every point solves the self-consistent BdG state and, with a tip, its Josephson-STM map;
:func:`solve_disorder_sweep` returns the sweep with dims ``(disorder, realisation)`` (serial,
process pool or dask, resumable with ``store=``) and :func:`ensemble_statistics` the
realisation averages with their standard errors.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from cooperlab.bdg.dense import BdGOptions, solve_bdg
from cooperlab.bdg.jstm import solve_josephson_map
from cooperlab.bdg.model import BdGModel, Disorder
from cooperlab.naming import deprecated_alias
from cooperlab.results import field_label
from cooperlab.sweep.result import SweepResult
from cooperlab.validation import require_choice, require_int, require_nonnegative


@dataclass(frozen=True, eq=False)
class DisorderEnsemble:
    """One disorder realisation of a film (see the module docstring).

    Parameters
    ----------
    base : BdGModel
        Everything but the random potentials (its own ``disorder`` is replaced).
    disorder : float
        Strength ``W`` (units of t): box width or Gaussian standard deviation.
    realisation : int
        Index of the independent random stream.
    kind : str
        ``"box"`` or ``"gaussian"``.
    seed : int
        Root of the ``SeedSequence`` the realisations are spawned from.
    """

    base: BdGModel
    disorder: float = field(default=0.0, metadata=field_label("t", "disorder strength W"))
    realisation: int = field(default=0, metadata=field_label("", "disorder realisation"))
    kind: str = "box"
    seed: int = 0

    def __post_init__(self) -> None:
        if not isinstance(self.base, BdGModel):
            raise ValueError(f"base must be a BdGModel, got {type(self.base).__name__}")
        require_nonnegative("disorder", self.disorder)
        object.__setattr__(self, "realisation", require_int("realisation", self.realisation, 0))
        require_choice("kind", self.kind, ("box", "gaussian"))
        require_int("seed", self.seed, 0)

    @property
    def point_seed(self) -> int:
        """The seed of this realisation: ``SeedSequence(seed).spawn(r + 1)[r]``, as an int."""
        child = np.random.SeedSequence(self.seed, spawn_key=(self.realisation,))
        return int(child.generate_state(1, np.uint32)[0])

    def model(self) -> BdGModel:
        """The BdG model of this realisation."""
        return dataclasses.replace(self.base, disorder=Disorder(self.kind, self.disorder,
                                                                self.point_seed))


def _mean_std(values: np.ndarray) -> tuple[float, float]:
    return float(np.mean(values)), float(np.std(values))


def disorder_point(ensemble: DisorderEnsemble, options: BdGOptions | None = None,
                   tip_gap: float | None = None, jstm_temperature: float = 0.05
                   ) -> dict[str, float]:
    """Site statistics of one realisation: the mean and spread of ``|Delta_i|`` and of the
    density, the spectral gap (dense solver), convergence, and with a ``tip_gap`` the mean
    and spread of I_c R_N and its correlation with ``|Delta_i|``."""
    state = solve_bdg(ensemble.model(), options or BdGOptions())
    gap_mean, gap_std = _mean_std(np.abs(state.gap))
    out = {"gap_mean": gap_mean, "gap_std": gap_std,
           "d_wave_gap_mean": float(np.mean(np.abs(state.d_wave_gap))),
           "density_std": float(np.std(state.density)), "mu": float(state.mu),
           "spectral_gap": float(state.spectral_gap),
           "converged": float(bool(state.metadata["convergence"]["converged"])),
           "seed": float(ensemble.point_seed)}
    if tip_gap is not None:
        maps = solve_josephson_map(ensemble.model(), state, tip_gap, jstm_temperature)
        out["icrn_mean"], out["icrn_std"] = _mean_std(maps.ic_rn)
        out["correlation_icrn_delta"] = float(maps.correlation_icrn_delta)
    return out


def solve_disorder_sweep(ensemble: DisorderEnsemble, disorder: Any, realisations: int,
                   options: BdGOptions | None = None, tip_gap: float | None = None,
                   jstm_temperature: float = 0.05, **sweep_kwargs: Any) -> SweepResult:
    """Sweep ``disorder`` strengths x ``realisations`` realisations of ``ensemble`` through
    :func:`cooperlab.sweep` (``executor=``, ``scheduler=`` for dask, ``store=``): a
    :class:`~cooperlab.sweep.SweepResult` with dims ``(disorder, realisation)`` holding
    the quantities of :func:`disorder_point`.

    Parameters
    ----------
    realisations : int
        Independent disorder realisations per strength.
    tip_gap : float or None
        Also map I_c R_N with a tip of this gap (units of t).
    jstm_temperature : float
        k_B T of the Josephson-STM maps (units of t, > 0).
    """
    from cooperlab.sweep import sweep

    require_int("realisations", realisations, 1)
    point = functools.partial(disorder_point, options=options, tip_gap=tip_gap,
                              jstm_temperature=jstm_temperature)
    return sweep(point, ensemble, disorder=np.asarray(disorder, dtype=float),
                 realisation=np.arange(realisations), **sweep_kwargs)


def ensemble_statistics(result: Any) -> Any:
    """Realisation averages of a :func:`solve_disorder_sweep`: for every quantity ``q`` its mean
    ``q`` and standard error ``q_error`` (``std / sqrt(R)``) over ``realisation``, dims
    ``(disorder,)`` (the seeds are dropped)."""
    import xarray as xr

    dataset = result.to_xarray() if hasattr(result, "to_xarray") else result
    count = dataset.sizes["realisation"]
    out = {}
    for name, variable in dataset.data_vars.items():
        if name == "seed" or "realisation" not in variable.dims:
            continue
        out[name] = variable.mean("realisation").assign_attrs(variable.attrs)
        spread = variable.std("realisation", ddof=1) if count > 1 else variable.isel(
            realisation=0) * math.nan
        out[f"{name}_error"] = (spread / math.sqrt(count)).assign_attrs(
            long_name=f"standard error of {name}")
    return xr.Dataset(out, attrs={"realisations": count})


# Deprecated name (removed in the next release).
disorder_sweep = deprecated_alias(solve_disorder_sweep, "disorder_sweep")
