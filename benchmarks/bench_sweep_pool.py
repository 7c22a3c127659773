"""Start-up cost of the process executor of ``cooperlab.sweep``: fresh pool vs reused pool.

Run from the repository root::

    PYTHONPATH=src python benchmarks/bench_sweep_pool.py [--repeats 3] [--workers 2]
        [--points 8]

Two consecutive sweeps of ``--points`` points of a trivial function (``a**2 + b`` of a
frozen dataclass) with ``executor="process"`` and ``--workers`` workers, timed together:

fresh
    the reusable loky pool is shut down (its idle workers stopped) before each sweep, so each
    sweep starts its own pool (what the process executor did before it reused one);
reused
    the pool is shut down once before the first sweep only: the first sweep starts it, the
    second reuses its workers.

Each case is timed ``--repeats`` times; the best and the worst are printed, wall clock and
CPU time (this process plus every worker: the workers still alive are read with psutil,
the reaped ones from ``RUSAGE_CHILDREN``). The ratios fresh / reused are printed, never
asserted. The two cases give the same sweep result (checked).
"""

from __future__ import annotations

import argparse
import importlib
import os
import resource
import time
from dataclasses import dataclass

import numpy as np
import psutil

from cooperlab import sweep
from cooperlab.sweep import Execution

# ``cooperlab.sweep`` the attribute is the function; its modules are reached by import_module
executors = importlib.import_module("cooperlab.sweep.executors")


@dataclass(frozen=True)
class Pair:
    """A trivial model: two numbers."""

    a: float = 0.0
    b: float = 1.0


def trivial(model: Pair) -> float:
    """The swept function: nothing to compute, so the timing is the pool's overhead."""
    return model.a**2 + model.b


def cpu_seconds(alive: dict[int, float]) -> float:
    """CPU seconds of this process, its reaped children, and ``alive`` (updated in place:
    pid -> CPU seconds of each live descendant, read now)."""
    own = time.process_time()
    reaped = resource.getrusage(resource.RUSAGE_CHILDREN)
    for child in psutil.Process().children(recursive=True):
        try:
            times = child.cpu_times()
        except psutil.NoSuchProcess:
            continue
        alive[child.pid] = times.user + times.system
    return own + reaped.ru_utime + reaped.ru_stime + sum(alive.values())


def two_sweeps(run: Execution, points: int, fresh: bool) -> tuple[float, float, float, object]:
    """Wall and CPU seconds of two consecutive sweeps (the pool shut down first), and the
    wall seconds of the second one alone."""
    executors.process_pool(run).shutdown(wait=True)
    alive: dict[int, float] = {}
    values = np.arange(points) * 0.5
    cpu0, wall0 = cpu_seconds(alive), time.perf_counter()
    results = []
    for _ in range(2):
        if fresh:
            executors.process_pool(run).shutdown(wait=True)
        second0 = time.perf_counter()
        results.append(sweep(trivial, Pair(), execution=run, a=values).dataset)
    wall = time.perf_counter() - wall0
    cpu = cpu_seconds(alive) - cpu0
    return wall, cpu, time.perf_counter() - second0, results[-1]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--points", type=int, default=8)
    args = parser.parse_args(argv)
    run = Execution(executor="process", max_workers=args.workers, progress=False)
    rows: dict[str, list[tuple[float, float, float]]] = {"fresh": [], "reused": []}
    results = {}
    for _ in range(args.repeats):
        for case in rows:
            wall, cpu, second, results[case] = two_sweeps(run, args.points, case == "fresh")
            rows[case].append((wall, cpu, second))
    assert results["fresh"].identical(results["reused"])
    print(f"two consecutive {args.points}-point process sweeps, {args.workers} workers, "
          f"{args.repeats} repeats, {os.cpu_count()} CPUs")
    print(f"{'case':8s} {'wall best':>10s} {'wall worst':>11s} {'CPU best':>9s} "
          f"{'CPU worst':>10s} {'2nd sweep wall best':>20s}")
    for case, timings in rows.items():
        walls, cpus, seconds = ([t[j] for t in timings] for j in range(3))
        print(f"{case:8s} {min(walls):9.3f}s {max(walls):10.3f}s {min(cpus):8.3f}s "
              f"{max(cpus):9.3f}s {min(seconds):19.3f}s")
    best = {case: [min(t[j] for t in v) for j in range(3)] for case, v in rows.items()}
    print(f"fresh / reused, best of {args.repeats}: both sweeps wall "
          f"{best['fresh'][0] / best['reused'][0]:.2f}x, CPU "
          f"{best['fresh'][1] / best['reused'][1]:.2f}x; second sweep wall "
          f"{best['fresh'][2] / best['reused'][2]:.2f}x")
    executors.process_pool(run).shutdown(wait=True)


if __name__ == "__main__":
    main()
