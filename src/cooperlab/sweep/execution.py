"""How a sweep runs: one frozen value passed unchanged to every sweep-style function.

QuTiP 5's ``options["map"]`` idea: where and how the points are computed (executor,
scheduler, workers, BLAS threads per point, the resumable store, progress) is one value,
not a set of keywords repeated by every function that sweeps::

    run = cl.Execution(executor="process", max_workers=2, store="width-sweep")
    cl.sweep(cl.moire.solve_flat_bandwidth, tbg, execution=run, theta_deg=thetas)
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from typing import Any

from cooperlab.validation import require_choice, require_int

__all__ = ["EXECUTORS", "EXECUTION_FIELDS", "UNSET", "Execution"]

#: Where the points run: in this process, a local process pool, a dask.distributed cluster.
EXECUTORS = ("serial", "process", "dask")


@dataclass(frozen=True)
class Execution:
    """Where and how the points of a sweep are computed.

    Parameters
    ----------
    executor
        ``"serial"`` (in this process), ``"process"`` (a local process pool of
        ``max_workers``, loky's reusable executor: kept for the next sweep, restarted
        when a worker dies) or ``"dask"`` (dask.distributed).
    scheduler
        For ``executor="dask"``: a scheduler address such as ``"tcp://127.0.0.1:8786"`` or
        a ``distributed.Client``; ``None`` starts a local cluster of ``max_workers``
        single-threaded worker processes on the loopback interface.
    max_workers
        Worker processes for ``"process"`` and a local dask cluster (``None``: CPU count).
    blas_threads
        BLAS/OpenMP threads per point (threadpoolctl), also in serial mode; ``None``
        leaves them alone.
    store
        Directory of a resumable sweep (one writer at a time, locked); ``None`` keeps the
        points in memory.
    progress
        Show a progress bar over the points; ``None`` shows it when stderr is a terminal.
    """

    executor: str = "serial"
    scheduler: Any = None
    max_workers: int | None = None
    blas_threads: int | None = 1
    store: str | os.PathLike[str] | None = None
    progress: bool | None = None

    def __post_init__(self) -> None:
        require_choice("executor", self.executor, EXECUTORS)
        if self.scheduler is not None and self.executor != "dask":
            raise ValueError(
                f"scheduler is only used with executor='dask', got executor={self.executor!r}")
        if self.max_workers is not None:
            require_int("max_workers", self.max_workers, 1)
        if self.blas_threads is not None:
            require_int("blas_threads", self.blas_threads, 1)

    @property
    def workers(self) -> int:
        """Worker processes to start: ``max_workers``, or the CPU count."""
        return int(self.max_workers) if self.max_workers is not None else (os.cpu_count() or 1)

    @classmethod
    def from_keywords(cls, execution: Execution | None, **keywords: Any) -> Execution:
        """``execution``, or one built from the keywords the caller passed (those left
        at the sentinel :data:`UNSET` take :class:`Execution`'s defaults). Both at once is
        an error naming the keywords, so that a call never silently ignores one of them."""
        given = {k: v for k, v in keywords.items() if v is not UNSET}
        if execution is None:
            return cls(**given)
        if given:
            raise ValueError(f"give either execution= or {', '.join(sorted(given))}=, not both")
        if not isinstance(execution, Execution):
            raise TypeError(f"execution must be an Execution, got {type(execution).__name__}")
        return execution


class _Unset:
    """Marks a keyword the caller did not pass (``None`` is a meaningful value)."""

    def __repr__(self) -> str:
        return "<unset>"


#: Default of the execution keywords of :func:`cooperlab.sweep`: not given.
UNSET: Any = _Unset()
EXECUTION_FIELDS = tuple(f.name for f in fields(Execution))
