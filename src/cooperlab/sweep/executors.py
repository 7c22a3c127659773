"""The executors of a sweep: serial, a restartable local process pool, dask.distributed.

Each yields ``(flat index, dataset)`` as points finish; every worker caps its BLAS threads
with threadpoolctl so that parallel points do not oversubscribe the cores.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from typing import TYPE_CHECKING, Any

from cooperlab.sweep.execution import Execution
from cooperlab.sweep.lifeline import pool_initializer
from cooperlab.sweep.points import run_point

if TYPE_CHECKING:
    import xarray as xr

__all__ = ["MAX_POOL_RESTARTS", "RUNNERS", "dask_client", "dask_client_for"]

#: How many times the ``"process"`` executor restarts a broken pool before giving up.
MAX_POOL_RESTARTS = 3


_Points = Iterator[tuple[int, "xr.Dataset"]]


def _run_serial(
    func: Callable[..., Any], models: Sequence[Any], todo: list[int], options: Execution
) -> _Points:
    for index in todo:
        yield index, run_point(func, models[index], options.blas_threads)


def _kill_pool(pool: Any) -> None:
    """Stop a process pool now: cancel queued points and terminate running workers."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()
    pool.shutdown(wait=True, cancel_futures=True)


def _run_pool_once(
    func: Callable[..., Any], models: Sequence[Any], todo: set[int], options: Execution
) -> Iterator[tuple[int, Any]]:
    """One process pool over ``todo``: yields ``(index, dataset)``, or ``(-1, error)`` and
    stops when a worker died (the pool is then broken and every pending point is lost)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    initializer, initargs = pool_initializer()
    pool = ProcessPoolExecutor(
        max_workers=min(options.workers, len(todo)),
        mp_context=multiprocessing.get_context("spawn"),
        initializer=initializer,
        initargs=initargs,
    )
    finished = False
    try:
        futures = {
            pool.submit(run_point, func, models[i], options.blas_threads): i for i in sorted(todo)
        }
        for future in as_completed(futures):
            error = future.exception()
            if isinstance(error, BrokenProcessPool):
                yield -1, error
                return
            yield futures.pop(future), future.result()
        finished = True
    finally:
        if finished:
            pool.shutdown(wait=True)
        else:
            _kill_pool(pool)


def _run_process(
    func: Callable[..., Any], models: Sequence[Any], todo: list[int], options: Execution
) -> _Points:
    """Process pool; a dead worker breaks the pool, so restart it for the missing points."""
    from concurrent.futures.process import BrokenProcessPool

    missing, restarts = set(todo), 0
    while missing:
        with closing(_run_pool_once(func, models, missing, options)) as points:
            for index, value in points:
                if isinstance(value, BrokenProcessPool):
                    restarts += 1
                    break
                missing.discard(index)
                yield index, value
        if missing and restarts > MAX_POOL_RESTARTS:
            raise BrokenProcessPool(
                f"executor='process': the pool broke {restarts} times (a worker died); "
                f"{len(missing)} points left undone"
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

