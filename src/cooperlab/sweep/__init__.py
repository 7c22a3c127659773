"""Parameter sweeps of any function of a model, on any executor, resumable from a store.

A sweep runs ``func(dataclasses.replace(model, **point))`` for every point of the outer
product of the swept parameter values and merges the results into one
:class:`xarray.Dataset` with one dimension per swept parameter (Kwant's ``params=`` idea:
the model's structure stays, only the swept fields change)::

    import numpy as np, cooperlab as cl
    tbg = cl.moire.ContinuumModel(theta_deg=1.05)
    widths = cl.sweep(cl.moire.solve_flat_bandwidth, tbg, theta_deg=np.linspace(0.9, 1.3, 41),
                      store="width_sweep", executor="process")
    widths.to_xarray()                        # dims (theta_deg,)

How the points run is one :class:`Execution` value (executor, scheduler, workers, BLAS
threads, store, progress), given as ``execution=`` or as the same keywords. With a store
every finished point is written as it arrives, so an interrupted sweep (a crash, Ctrl-C, a
killed job) resumes where it stopped when started again; the store is locked while a run
writes it (:mod:`cooperlab.sweep.store`).

``executor="process"`` runs the points on a reusable crash-tolerant process pool (loky's
reusable executor): later sweeps of the session with the same ``max_workers``,
``blas_threads`` and environment reuse its workers instead of paying the start-up again;
a worker that dies (a segfault, ``os._exit``, killed for memory) does not hang the sweep:
the points it may have held run again alone, and one that kills its worker even alone
stops the sweep with one :class:`WorkerCrashedError` naming the point (the finished
points are in the store, a rerun resumes); workers exit when the sweeping process dies,
even by SIGKILL (:mod:`cooperlab.sweep.lifeline`).

The package, by concern: :mod:`~cooperlab.sweep.grid` (the swept values),
:mod:`~cooperlab.sweep.points` (one point), :mod:`~cooperlab.sweep.execution` and
:mod:`~cooperlab.sweep.executors` (where points run), :mod:`~cooperlab.sweep.store`,
:mod:`~cooperlab.sweep.guard` (Ctrl-C), :mod:`~cooperlab.sweep.merge` and
:mod:`~cooperlab.sweep.result`.
"""

from __future__ import annotations

import os
import time
import warnings
from collections.abc import Callable, Sequence
from contextlib import closing, nullcontext
from typing import TYPE_CHECKING, Any

from cooperlab.progress import progress_bar
from cooperlab.results import make_metadata
from cooperlab.sweep.execution import EXECUTORS, UNSET, Execution
from cooperlab.sweep.executors import (
    MAX_POOL_RESTARTS,
    RUNNERS,
    WorkerCrashedError,
    dask_client,
)
from cooperlab.sweep.grid import NESTED, SweepGrid, grid_models, make_grid
from cooperlab.sweep.guard import InterruptGuard
from cooperlab.sweep.merge import merge_points
from cooperlab.sweep.points import to_point_dataset
from cooperlab.sweep.result import SweepResult
from cooperlab.sweep.store import Store, StoreBusyError, manifest

if TYPE_CHECKING:
    import xarray as xr

__all__ = ["EXECUTORS", "MAX_POOL_RESTARTS", "NESTED", "Execution", "StoreBusyError",
           "SweepResult", "UnconvergedPointsWarning", "WorkerCrashedError", "dask_client",
           "sweep", "to_point_dataset"]


def _compute(
    func: Callable[..., Any],
    models: Sequence[Any],
    todo: list[int],
    options: Execution,
    sink: Callable[[int, Any], None],
    bar: Any,
    guard: InterruptGuard,
) -> int:
    """Run the missing points, handing each to ``sink`` as it arrives; return how many."""
    seen: set[int] = set()
    runner = RUNNERS[options.executor](func, models, todo, options)
    with closing(runner):
        for index, dataset in runner:
            if index in seen:  # never store a point twice
                continue
            seen.add(index)
            with guard.deferred():
                sink(index, dataset)
            bar.update()
    return len(seen)


def _run_missing(
    func: Callable[..., Any],
    models: Sequence[Any],
    store: Store | None,
    options: Execution,
    guard: InterruptGuard,
) -> tuple[list[xr.Dataset], int]:
    """Compute the points the store lacks; return every point's dataset and how many ran."""
    in_memory: dict[int, Any] = {}
    done = store.done() if store is not None else set()
    todo = [i for i in range(len(models)) if i not in done]
    sink = store.write if store is not None else in_memory.__setitem__
    with progress_bar(len(models), "sweep", options.progress, initial=len(models) - len(todo),
                      unit="point", leave=True) as bar:
        computed = _compute(func, models, todo, options, sink, bar, guard) if todo else 0
    read = store.read if store is not None else in_memory.__getitem__
    return [read(i) for i in range(len(models))], computed


def _crash_message(error: WorkerCrashedError, grid: SweepGrid, store: Store | None) -> str:
    """One line naming the point whose worker died, and what a rerun will do."""
    point = ", ".join(f"{k}={v!r}" for k, v in grid.point(error.index).items())
    kept = (f"the {len(store.done())} finished points are in the store {str(store.root)!r}; "
            "a rerun computes only the rest" if store is not None
            else "no store was given, so the finished points are lost")
    return (f"executor='process': a worker process died (a segfault, os._exit, or killed for "
            f"memory) computing the point {point} (index {error.index}), also when it ran "
            f"alone; {kept}")


class UnconvergedPointsWarning(UserWarning):
    """Some points of a sweep failed their convergence check (``result.unconverged()``)."""


def _warn_unconverged(result: SweepResult) -> None:
    failed = result.unconverged()
    if failed:
        shown = "; ".join(", ".join(f"{k}={v:g}" if isinstance(v, float) else f"{k}={v}"
                                    for k, v in point.items()) for point in failed[:3])
        more = f" and {len(failed) - 3} more" if len(failed) > 3 else ""
        warnings.warn(f"{len(failed)} of {result.metadata.get('n_points')} sweep points did not "
                      f"converge: {shown}{more} (see the 'converged' variable)",
                      UnconvergedPointsWarning, stacklevel=3)


def sweep(
    func: Callable[[Any], Any],
    model: Any,
    *,
    execution: Execution | None = None,
    store: str | os.PathLike[str] | None = UNSET,
    executor: str = UNSET,
    scheduler: Any = UNSET,
    max_workers: int | None = UNSET,
    blas_threads: int | None = UNSET,
    progress: bool | None = UNSET,
    **params: Any,
) -> SweepResult:
    """Run ``func`` over the outer product of swept model parameters.

    Every grid point computes ``func(dataclasses.replace(model, **point))``. All the
    points' models are built (and so validated) before any work starts, so a bad range
    fails at once and writes nothing.

    Parameters
    ----------
    func
        Function of one model returning a :class:`~cooperlab.results.Result`, an
        :class:`xarray.Dataset`, a scalar (stored under ``func.__name__``) or a dict of
        name to scalar or array. With ``executor="process"`` or ``"dask"`` it must be
        importable (defined at module level) by the workers.
    model
        Frozen dataclass model; its non-swept fields are the same at every point.
    execution
        How the points run (:class:`Execution`); or give its fields as keywords
        (``store``, ``executor``, ``scheduler``, ``max_workers``, ``blas_threads``,
        ``progress``, defaults as in :class:`Execution`), not both. With a store, each
        finished point is written as it arrives, a rerun with the same store computes only
        the missing points, and the merged result is written to ``store/sweep.nc``.
    **params
        Swept fields of ``model``, each a non-empty 1-D array of values. Their keyword
        order is the order of the result's dimensions.

    Returns
    -------
    SweepResult
        The merged dataset with dims ``(*params, *point dims)`` and provenance.

    Raises
    ------
    ValueError
        An unknown or malformed parameter, an invalid model at some grid point, an
        unknown executor, or a store that holds a different sweep.
    StoreBusyError
        Another running sweep holds the store.
    KeyboardInterrupt
        Propagated after shutting the workers down; points already stored stay.
    """
    start = time.perf_counter()
    if not callable(func):
        raise TypeError(f"func must be callable, got {type(func).__name__}")
    run = Execution.from_keywords(
        execution, store=store, executor=executor, scheduler=scheduler,
        max_workers=max_workers, blas_threads=blas_threads, progress=progress)
    grid = make_grid(model, params)
    models = grid_models(model, grid)
    description = manifest(func, model, grid)
    opened = None if run.store is None else Store.open(run.store, description, grid.names)
    with opened or nullcontext(), InterruptGuard() as guard:
        try:
            datasets, computed = _run_missing(func, models, opened, run, guard)
        except WorkerCrashedError as error:
            message = _crash_message(error, grid, opened)
            raise WorkerCrashedError(error.index, message) from error.__cause__
        dataset = merge_points(datasets, grid, model)
        metadata = make_metadata(
            model=model,
            wall_time_s=time.perf_counter() - start,
            func=description["func"],
            params=description["params"],
            shape=list(grid.shape),
            executor=run.executor,
            n_points=grid.size,
            n_computed_this_run=computed,
            n_reused=grid.size - computed,
            store=None if run.store is None else str(run.store),
        )
        result = SweepResult(dataset=dataset, metadata=metadata)
        _warn_unconverged(result)
        if opened is not None:
            with guard.deferred():
                result.save(opened.merged)
        guard.check()
    return result
