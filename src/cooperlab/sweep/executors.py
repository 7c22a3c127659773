"""The executors of a sweep: serial, a reusable crash-tolerant process pool, dask.distributed.

Each yields ``(flat index, dataset)`` as points finish; every worker caps its BLAS threads
with threadpoolctl so that parallel points do not oversubscribe the cores.

``"process"`` runs on loky's reusable executor (:func:`process_pool`): a second sweep in
the same session with the same worker count and BLAS cap reuses the running workers
instead of starting a pool. A worker that dies (segfault, ``os._exit``, killed for memory)
breaks the pool without hanging the sweep; the points it may have held run again alone,
and one that kills its worker alone stops the sweep with :class:`WorkerCrashedError`.
Workers exit when this process dies, even by SIGKILL (:mod:`~cooperlab.sweep.lifeline`).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from typing import TYPE_CHECKING, Any

from cooperlab.sweep.execution import Execution
from cooperlab.sweep.lifeline import pool_initializer
from cooperlab.sweep.points import run_point

if TYPE_CHECKING:
    import xarray as xr

__all__ = ["MAX_POOL_RESTARTS", "POOL_IDLE_TIMEOUT_S", "RUNNERS", "WorkerCrashedError",
           "dask_client", "dask_client_for", "process_pool"]

#: How many times the ``"process"`` executor restarts a broken pool before giving up.
MAX_POOL_RESTARTS = 3

#: Seconds a worker of the reusable pool may stay idle before it exits (loky respawns it
#: on demand, running the initializer again).
POOL_IDLE_TIMEOUT_S = 300.0


_Points = Iterator[tuple[int, "xr.Dataset"]]


def _run_serial(
    func: Callable[..., Any], models: Sequence[Any], todo: list[int], options: Execution
) -> _Points:
    for index in todo:
        yield index, run_point(func, models[index], options.blas_threads)


class WorkerCrashedError(RuntimeError):
    """A worker process died (segfault, ``os._exit``, killed for memory) while computing
    the point with flat ``index``, also when that point ran alone in the pool.

    Its ``__cause__`` is loky's ``TerminatedWorkerError`` (with the workers' exit codes).
    :func:`cooperlab.sweep` re-raises it with the point's parameter values in the message;
    the points finished before are in the store, so a rerun computes only the rest.
    (Not a loky subclass, so that ``import cooperlab`` does not import loky.)
    """

    def __init__(self, index: int, message: str | None = None) -> None:
        self.index = index
        super().__init__(message or f"a worker process died computing point {index}")

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self.index, str(self))


def process_pool(options: Execution) -> Any:
    """The reusable loky pool for ``options``: the same executor (and worker processes)
    across sweeps with the same worker count, BLAS cap and environment (``os.environ``,
    which workers inherit when they start: a sweep after a change of it gets fresh
    workers, as a fresh pool would); a broken or shut-down one is replaced. Each worker
    dies with this process (:mod:`~cooperlab.sweep.lifeline`)."""
    from loky import get_reusable_executor

    initializer, initargs = pool_initializer(options.blas_threads)
    return get_reusable_executor(
        max_workers=options.workers,
        timeout=POOL_IDLE_TIMEOUT_S,
        initializer=initializer,
        initargs=initargs,
        env=dict(os.environ),
    )


def _tracked_point(
    running: str, index: int, func: Callable[..., Any], model: Any, blas_threads: int | None
) -> xr.Dataset:
    """:func:`run_point` in a worker, leaving the file ``running/index`` while it runs: a
    worker that dies mid-point leaves it behind, so the parent knows which points were
    being computed when the pool broke (loky does not say which work items a dead worker
    held). A Python exception is no crash: the file goes."""
    marker = os.path.join(running, str(index))
    with open(marker, "w"):
        pass
    try:
        return run_point(func, model, blas_threads)
    finally:
        os.remove(marker)


def _run_batch(
    func: Callable[..., Any],
    models: Sequence[Any],
    batch: list[int],
    options: Execution,
    running: str,
) -> Iterator[tuple[int, Any]]:
    """Run ``batch`` on the reusable pool: yields ``(index, dataset)``, then, when a worker
    died, ``(-1, (suspects, error))`` once: the unfinished points that were being computed
    (one of them killed its worker) and loky's ``TerminatedWorkerError``. Leaving early (an
    error raised by ``func``, Ctrl-C) kills the workers: queued points are dropped and the
    next sweep starts a fresh pool."""
    from concurrent.futures import as_completed

    from loky.process_executor import TerminatedWorkerError

    pool = process_pool(options)
    futures = {
        pool.submit(_tracked_point, running, i, func, models[i], options.blas_threads): i
        for i in batch
    }
    finished = False
    try:
        for future in as_completed(futures):
            error = future.exception()
            if isinstance(error, TerminatedWorkerError):
                unfinished = futures.values()
                yield -1, ([i for i in unfinished
                            if os.path.exists(os.path.join(running, str(i)))], error)
                finished = True
                return
            yield futures.pop(future), future.result()
        finished = True
    finally:
        if not finished:
            pool.shutdown(wait=True, kill_workers=True)


def _run_process(
    func: Callable[..., Any], models: Sequence[Any], todo: list[int], options: Execution
) -> _Points:
    """The reusable loky pool. A dead worker breaks it (loky fails every unfinished point
    with ``TerminatedWorkerError``): the points no worker had started run again in a
    fresh pool, and those being computed (the suspects) run one at a time, so that a
    point that kills its worker when alone is named (:class:`WorkerCrashedError`)."""
    from loky.process_executor import BrokenProcessPool

    missing, suspects, breaks = list(todo), [], 0
    with tempfile.TemporaryDirectory(prefix="cooperlab-running-") as running:
        while missing or suspects:
            batch = [suspects.pop(0)] if suspects else missing
            done: set[int] = set()
            with closing(_run_batch(func, models, batch, options, running)) as points:
                for index, value in points:
                    if index < 0:
                        breaks += 1
                        suspects, error = value
                        if len(batch) == 1:
                            raise WorkerCrashedError(batch[0]) from error
                        break
                    done.add(index)
                    yield index, value
            for name in os.listdir(running):  # the markers of the dead workers' points
                os.remove(os.path.join(running, name))
            missing = [i for i in missing if i not in done and i not in suspects]
            if breaks > MAX_POOL_RESTARTS and (missing or suspects):
                raise BrokenProcessPool(
                    f"executor='process': workers died {breaks} time(s), more restarts than "
                    f"MAX_POOL_RESTARTS = {MAX_POOL_RESTARTS}; "
                    f"{len(missing) + len(suspects)} points left undone"
                )


@contextmanager
def dask_client_for(options: Execution) -> Iterator[Any]:
    """A client for ``options.scheduler``: a given Client, an address, or a LocalCluster."""
    from distributed import Client, LocalCluster

    if isinstance(options.scheduler, Client):
        yield options.scheduler
    elif options.scheduler is None:
        with LocalCluster(
            n_workers=options.workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster:
            with Client(cluster) as client:
                yield client
    else:
        with Client(options.scheduler) as client:
            yield client


@contextmanager
def dask_client(scheduler: Any = None, max_workers: int | None = None) -> Iterator[Any]:
    """A dask.distributed client as :func:`sweep` makes one: a given ``Client``, one
    connected to a scheduler address, or a local cluster of ``max_workers`` processes."""
    with dask_client_for(Execution("dask", scheduler, max_workers, None)) as client:
        yield client


def _run_dask(
    func: Callable[..., Any], models: Sequence[Any], todo: list[int], options: Execution
) -> _Points:
    """dask.distributed: tasks of a dead worker are rescheduled by the scheduler."""
    from distributed import as_completed

    with dask_client_for(options) as client:
        futures = {
            client.submit(run_point, func, models[i], options.blas_threads, pure=False): i
            for i in todo
        }
        try:
            for future in as_completed(list(futures)):
                yield futures.pop(future), future.result()
        finally:
            if futures:
                client.cancel(list(futures))


RUNNERS = {"serial": _run_serial, "process": _run_process, "dask": _run_dask}

