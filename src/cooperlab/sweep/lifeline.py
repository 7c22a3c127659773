"""Worker processes that die with their parent: no orphan keeps computing (and writing a
store or checkpoint) after the run that started it was killed.

A pool's worker runs :func:`die_with_parent` (through :func:`init_worker`, the
initializer of the reusable loky pool) at start-up: a daemon thread checks
every ``interval_s`` whether the process that started the pool is still its parent, and
ends the worker (``os._exit``) when it is not (the parent was killed, even by SIGKILL,
and the worker was re-parented). Portable (no ``prctl``), and cheap: one ``getppid`` a
second.
"""

from __future__ import annotations

import os
import threading
import time

__all__ = ["die_with_parent", "init_worker", "pool_initializer"]

#: Exit status of a worker that ended because its parent died.
ORPHAN_EXIT_STATUS = 3


def die_with_parent(parent_pid: int, interval_s: float = 1.0) -> None:
    """Start the watch thread in this worker (the pool's ``initializer``)."""
    if os.getppid() != parent_pid:  # already orphaned before the thread could start
        os._exit(ORPHAN_EXIT_STATUS)

    def watch() -> None:
        while True:
            time.sleep(interval_s)
            if os.getppid() != parent_pid:
                os._exit(ORPHAN_EXIT_STATUS)

    threading.Thread(target=watch, name="cooperlab-lifeline", daemon=True).start()


def init_worker(parent_pid: int, blas_threads: int | None) -> None:
    """A pool worker's start-up: die with ``parent_pid``, cap BLAS at ``blas_threads``
    (``None``: leave it) for the worker's life; each point caps it again (``run_point``)."""
    die_with_parent(parent_pid)
    if blas_threads is not None:
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=blas_threads)


def pool_initializer(blas_threads: int | None = None) -> tuple[object, tuple[int, int | None]]:
    """``(initializer, initargs)`` for a process pool started by this process. Equal
    arguments give equal values, so a reusable pool is kept across sweeps."""
    return init_worker, (os.getpid(), blas_threads)
