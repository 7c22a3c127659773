"""Cost of the superfluid weight on a dense mesh: one (T, nu) point and the full nu-dome.

Run from the repository root::

    PYTHONPATH=src python benchmarks/bench_superfluid.py [--mesh 36] [--n-nu 41]
        [--workers 2] [--repeats 5] [--band-repeats 2] [--dome-repeats 2]
        [--json out.json]

The problem: ``FlatBandPairingModel`` defaults (continuum model at theta = 1.05 deg, flat
bands of valley K, coupling 1 meV, T = 0.1 K) on an ``--mesh`` x ``--mesh`` Monkhorst-Pack
mesh, ``FlatBandPairingOptions(n_mesh=--mesh)`` (twist q = 2e-3 k_theta). The Bloch-state
derivatives enter only through the gauge-invariant overlaps ``Phi(k + q)^dag Phi(k - q)``
of states diagonalised at ``k +- q`` (central differences of the grand potential in q),
never through differences of eigenvectors; the script checks that the result does not
depend on the eigenvector phases.

1. One point (nu = ``--nu``), in this process, 1 BLAS thread (``threadpoolctl``):
   (a) band/state preparation ``prepare_bands(...)`` (diagonalisation with eigenvectors at
       the 5 n^2 points k, k +- q x, k +- q y, flat bands), its cache cleared first;
   (b) ``solve_superconductor`` with the bands cached (gap + T_c + D_s + T_BKT), the
       second and later calls timed; with its parts ``solve_gap`` and
       ``critical_temperature`` alone;
   (c) ``superfluid_weight(...)`` alone at that (T, nu).
2. The nu-dome, ``--n-nu`` fillings from -3.9 to 3.9, through ``solve_phase_diagram``:
   serial from a cold cache (and again warm, for the per-point cost alone), and on a local
   dask cluster of ``--workers`` single-threaded worker processes, (i) started by the sweep
   itself (``executor="dask"``, ``scheduler=None``: cluster start-up and shut-down
   included), (ii) on a cluster started here and passed as ``scheduler=client``: start-up
   timed apart, the sweep timed on fresh workers (``solve_phase_diagram`` prepares the bands in
   chunks on the workers, assembles them and ships them with every point) and once more
   on the same workers. Parallel efficiency = T_serial / (workers x T_dask).
   Each variant is run ``--dome-repeats`` times, interleaved, each from a cold cache or a
   fresh cluster; the best is reported (all runs are in the JSON).
3. Correctness (asserted): every dask dataset equals the serial one
   (``xarray.testing.assert_allclose``); the flat-band limit on the same mesh (the cached
   Bloch states with the dispersion set to its mean, which is what ``bandwidth_scale=0``
   builds) has no conventional part and a geometric part equal to the quantum-metric value
   ``tr D_s = 4 Delta I / pi`` (T = 0, nu = 0; I from ``solve_geometry``; 2 %, asserted for
   ``--mesh`` >= 24) above the
   bound ``8 Delta / pi``; and D_s is unchanged by random phases of the Bloch states.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import platform
import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import xarray as xr
from machine import cpu_model
from threadpoolctl import threadpool_info, threadpool_limits

from cooperlab.moire import GeometryOptions, solve_geometry
from cooperlab.moire.superconductivity import (
    FlatBandPairingModel,
    FlatBandPairingOptions,
    prepare_bands,
    solve_phase_diagram,
    solve_superconductor,
)
from cooperlab.pairing.bcs import critical_temperature, solve_gap
from cooperlab.pairing.superfluid import TwistedBands, superfluid_weight

#: Filling range of the dome.
NU_RANGE = (-3.9, 3.9)
#: Flat-limit agreement with the quantum metric (as tests/pairing/test_superfluid.py).
METRIC_RTOL = 0.02
#: ... asserted from this mesh on (measured: -1.5 % at 36, -1.2 % at 12, -5.5 % at 9).
METRIC_MIN_MESH = 24


def best_of(run: Callable[[], Any], repeats: int, before: Callable[[], None] | None = None
            ) -> tuple[list[float], Any]:
    """Wall times of ``repeats`` back-to-back runs (``before`` untimed), and the last result."""
    times, result = [], None
    for _ in range(repeats):
        if before is not None:
            before()
        gc.collect()
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return times, result


def timed(run: Callable[[], Any]) -> tuple[float, Any]:
    gc.collect()
    start = time.perf_counter()
    result = run()
    return time.perf_counter() - start, result


def mesh_key(model: FlatBandPairingModel, options: FlatBandPairingOptions) -> tuple[Any, ...]:
    """The arguments ``solve_superconductor`` passes to ``prepare_bands``."""
    return (model.continuum, model.bands, options.n_mesh, options.q_fraction,
            options.superfluid)


def worker_cache_info() -> dict[str, int]:
    """Run on a dask worker: how often it prepared the bands (misses) and reused them."""
    from cooperlab.moire.superconductivity import prepare_bands as cached

    info = cached.cache_info()
    return {"misses": info.misses, "hits": info.hits}


# -- correctness ----------------------------------------------------------------------------
def check_flat_limit(model: FlatBandPairingModel,
                     options: FlatBandPairingOptions) -> dict[str, float]:
    """The flat-band limit from the cached bands: conventional part 0, geometric part the
    quantum metric (T = 0, nu = 0), as ``bandwidth_scale=0`` would give on this mesh."""
    bands = prepare_bands(*mesh_key(model, options)).scaled(0.0)
    flat, twists, data = bands.data.energies, list(bands.twists), bands.data
    gap = solve_gap(data, 0.0, model.coupling_meV, 0.0)
    ds = superfluid_weight(flat, twists, gap.mu_meV, gap.gap_meV, 0.0, bands.area_nm2)
    assert np.all(ds.conventional_meV == 0.0), ds.conventional_meV
    start = time.perf_counter()
    metric = solve_geometry(model.continuum, GeometryOptions(n_mesh=options.n_mesh)
                            ).integrated_metric
    geometry_s = time.perf_counter() - start
    expected = 4 * gap.gap_meV * metric / np.pi
    trace = float(ds.total_meV.sum())
    if options.n_mesh >= METRIC_MIN_MESH:  # coarser meshes miss the metric by more
        assert abs(trace / expected - 1) < METRIC_RTOL, (trace, expected)
    assert trace > 8 * gap.gap_meV / np.pi, (trace, gap.gap_meV)
    return {"gap_meV": gap.gap_meV, "trace_Ds_meV": trace, "metric_value_meV": expected,
            "relative_deviation": trace / expected - 1, "bound_8Delta_over_pi_meV":
            8 * gap.gap_meV / np.pi, "integrated_metric": metric, "geometry_s": geometry_s}


def check_gauge(model: FlatBandPairingModel, options: FlatBandPairingOptions, seed: int) -> float:
    """D_s with random phases on the Bloch states at k + q and k - q; return the relative change."""
    bands = prepare_bands(*mesh_key(model, options))
    gap = solve_gap(bands.data, model.nu, model.coupling_meV, model.temperature_K)
    args = (gap.mu_meV, gap.gap_meV, model.temperature_K, bands.area_nm2)
    reference = superfluid_weight(bands.data.energies, list(bands.twists), *args)
    rng = np.random.default_rng(seed)
    rotated = []
    for twist in bands.twists:
        n_k, n_b, _ = twist.overlap.shape
        plus = np.exp(2j * np.pi * rng.random((n_k, n_b)))  # Phi(k+q) -> Phi(k+q) e^{i a}
        minus = np.exp(2j * np.pi * rng.random((n_k, n_b)))
        overlap = plus.conj()[:, :, None] * twist.overlap * minus[:, None, :]
        rotated.append(TwistedBands(twist.plus, twist.minus, overlap, twist.q_per_nm))
    changed = superfluid_weight(bands.data.energies, rotated, *args)
    change = float(np.abs(changed.total_meV - reference.total_meV).max()
                   / np.abs(reference.total_meV).max())
    assert change < 1e-9, change
    return change


def compare(serial: Any, other: Any) -> float:
    """Assert two dome datasets agree; return the largest absolute difference."""
    a, b = serial.dataset, other.dataset
    xr.testing.assert_allclose(a, b)
    return max(float(np.nanmax(np.abs(a[v].values - b[v].values), initial=0.0))
               for v in a.data_vars)


# -- report ---------------------------------------------------------------------------------
def machine_info() -> dict[str, Any]:
    cpu = cpu_model()
    import dask
    import distributed

    blas = [  # default thread counts; every timing runs under a cap of 1
        {"internal_api": entry.get("internal_api"), "version": entry.get("version"),
         "default_threads": entry.get("num_threads")}
        for entry in threadpool_info()
        if entry.get("user_api") == "blas"
    ]
    return {
        "nproc": os.cpu_count(), "cpu": cpu, "python": platform.python_version(),
        "numpy": np.__version__, "dask": dask.__version__, "distributed": distributed.__version__,
        "xarray": xr.__version__, "blas": blas,
        "load_average_at_start": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--mesh", type=int, default=36, help="n x n k mesh")
    parser.add_argument("--n-nu", type=int, default=41, help="fillings of the dome")
    parser.add_argument("--nu", type=float, default=-2.5, help="filling of the one-point timing")
    parser.add_argument("--workers", type=int, default=2, help="dask worker processes")
    parser.add_argument("--repeats", type=int, default=5, help="best of, for the cheap timings")
    parser.add_argument("--band-repeats", type=int, default=2, help="best of, band preparation")
    parser.add_argument("--dome-repeats", type=int, default=2,
                        help="best of, for the dome timings (each from a cold start)")
    parser.add_argument("--theta", type=float, default=1.05, help="twist angle in degrees")
    parser.add_argument("--seed", type=int, default=20240605, help="seed of the gauge check")
    parser.add_argument("--json", type=str, default=None, help="write the results here")
    args = parser.parse_args(argv)

    from cooperlab.moire.continuum import ContinuumModel

    model = FlatBandPairingModel(continuum=ContinuumModel(theta_deg=args.theta), nu=args.nu,
                                 coupling_meV=1.0, temperature_K=0.1)
    options = FlatBandPairingOptions(n_mesh=args.mesh)
    nu = np.linspace(*NU_RANGE, args.n_nu)
    n_k = args.mesh**2
    info = machine_info()
    print(f"cooperlab superfluid-weight benchmark: theta = {args.theta} deg, flat bands, "
          f"{args.mesh} x {args.mesh} mesh ({n_k} k, {5 * n_k} diagonalisations with vectors), "
          f"g = {model.coupling_meV} meV, T = {model.temperature_K} K, 1 BLAS thread")
    print(f"machine: {info['nproc']} cpus, {info['cpu']}, numpy {info['numpy']}, "
          f"distributed {info['distributed']}, load average at start "
          f"{info['load_average_at_start']}")
    key = mesh_key(model, options)
    times: dict[str, list[float]] = {}
    wall_start = time.perf_counter()

    with threadpool_limits(limits=1):
        # -- 1. one point ------------------------------------------------------------------
        times["(a) band preparation prepare_bands"], bands = best_of(
            lambda: prepare_bands(*key), args.band_repeats, before=prepare_bands.cache_clear)
        solve_superconductor(model, options)  # cache warm (it is already), first call
        times["(b) solve_superconductor, cached bands"], point = best_of(
            lambda: solve_superconductor(model, options), args.repeats)
        times["(b) part: solve_gap"], gap = best_of(
            lambda: solve_gap(bands.data, model.nu, model.coupling_meV, model.temperature_K,
                              model.cutoff_meV), args.repeats)
        times["(b) part: critical_temperature"], _ = best_of(
            lambda: critical_temperature(bands.data, model.nu, model.coupling_meV,
                                         model.cutoff_meV), args.repeats)
        times["(c) superfluid_weight alone"], ds = best_of(
            lambda: superfluid_weight(bands.data.energies, list(bands.twists), gap.mu_meV,
                                      gap.gap_meV, model.temperature_K, bands.area_nm2),
            4 * args.repeats)
        assert math.isclose(ds.isotropic_meV, point.superfluid_weight_meV, rel_tol=1e-12)

        # -- 3. correctness (cheap; uses the cached bands) ---------------------------------
        flat = check_flat_limit(model, options)
        gauge = check_gauge(model, options, args.seed)
        print(f"check: flat limit (bandwidth 0, T = 0, nu = 0): conventional part 0, "
              f"tr D_s = {flat['trace_Ds_meV']:.4f} meV vs 4 Delta I / pi = "
              f"{flat['metric_value_meV']:.4f} meV ({100 * flat['relative_deviation']:+.2f} %), "
              f"> 8 Delta / pi = {flat['bound_8Delta_over_pi_meV']:.4f} meV")
        print(f"check: random Bloch-state phases change D_s by {gauge:.1e} (relative)")

        # -- 2. the dome ---------------------------------------------------------------------
        def dome(**kwargs: Any) -> Any:
            return solve_phase_diagram(model, options, progress=False, nu=nu, **kwargs)

        from distributed import Client, LocalCluster

        # Repeats are interleaved (serial, dask, dask) so that a slow spell of the machine
        # hits every variant; every repeat starts from a cold cache / fresh workers.
        runs: dict[str, list[Any]] = {}
        cache_cold: dict[str, Any] = {}
        cache_warm: dict[str, Any] = {}

        def record(name: str, seconds: float, result: Any) -> None:
            times.setdefault(name, []).append(seconds)
            runs.setdefault(name, []).append(result)

        for _ in range(args.dome_repeats):
            prepare_bands.cache_clear()
            record("dome serial, cold cache", *timed(lambda: dome(executor="serial")))
            record("dome serial, warm cache", *timed(lambda: dome(executor="serial")))
            prepare_bands.cache_clear()  # every dask run prepares the bands again, once
            record(f"dome dask {args.workers}w, incl. cluster start/stop",
                   *timed(lambda: dome(executor="dask", max_workers=args.workers)))
            start = time.perf_counter()
            cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1,
                                   processes=True, host="127.0.0.1", dashboard_address=None)
            client = Client(cluster)
            client.wait_for_workers(args.workers)
            times.setdefault("dask cluster start-up", []).append(time.perf_counter() - start)
            try:
                prepare_bands.cache_clear()
                record(f"dome dask {args.workers}w, fresh workers (sweep only)",
                       *timed(lambda c=client: dome(executor="dask", scheduler=c)))
                cache_cold = client.run(worker_cache_info)
                # solve_phase_diagram prepares the bands in chunks on the workers (not through
                # the per-process cache) and ships them with every point.
                assert all(c["misses"] == 0 for c in cache_cold.values()), cache_cold
                record(f"dome dask {args.workers}w, second run, same workers (sweep only)",
                       *timed(lambda c=client: dome(executor="dask", scheduler=c)))
                cache_warm = client.run(worker_cache_info)
            finally:
                start = time.perf_counter()
                client.close()
                cluster.close()
                times.setdefault("dask cluster shut-down", []).append(
                    time.perf_counter() - start)

    serial = runs["dome serial, cold cache"][0]
    differences = {
        name.removeprefix("dome "): max(compare(serial, result) for result in results)
        for name, results in runs.items()
    }
    total_s = time.perf_counter() - wall_start

    best = {name: min(values) for name, values in times.items()}
    w = args.workers
    t_bands = best["(a) band preparation prepare_bands"]
    t_serial, t_serial_warm = best["dome serial, cold cache"], best["dome serial, warm cache"]
    t_incl = best[f"dome dask {w}w, incl. cluster start/stop"]
    t_cold = best[f"dome dask {w}w, fresh workers (sweep only)"]
    t_warm = best[f"dome dask {w}w, second run, same workers (sweep only)"]
    efficiency = {
        "including cluster start-up (executor='dask', scheduler=None)": t_serial / (w * t_incl),
        "excluding start-up (fresh workers, scheduler=client)": t_serial / (w * t_cold),
        "info: second run on the same workers (imports done)": t_serial / (w * t_warm),
    }
    # Cost model: the client prepares the bands once (serial), the points are shared.
    per_point = t_serial_warm / args.n_nu
    model_dask = t_bands / w + t_serial_warm / w  # bands split over the workers, then points
    cost_model = {
        "per_point_s": per_point,
        "band_fraction_of_serial": t_bands / t_serial,
        "dask_predicted_s (bands / workers + points / workers, no overhead)": model_dask,
        "efficiency_predicted (no overhead)": t_serial / (w * model_dask),
        "dask_overhead_over_prediction_s": t_cold - model_dask,
    }

    print(f"\n{'timing':<52}{'best s':>9}{'runs':>6}{'first s':>9}")
    for name, values in times.items():
        print(f"{name:<52}{min(values):>9.3f}{len(values):>6}{values[0]:>9.3f}")
    print(f"\none point (nu = {model.nu}, T = {model.temperature_K} K): gap "
          f"{point.gap_meV:.4f} meV, T_c {point.tc_K:.3f} K, D_s {point.superfluid_weight_meV:.4f}"
          f" meV (conventional {point.conventional_weight_meV:.4f}, geometric "
          f"{point.geometric_weight_meV:.4f}), T_BKT {point.t_bkt_K:.3f} K")
    print(f"band preparation: {1e3 * t_bands / (5 * n_k):.3f} ms per k point "
          f"(of {5 * n_k}); {100 * t_bands / t_serial:.0f} % of the serial dome")
    print(f"dome: {args.n_nu} points, {1e3 * per_point:.0f} ms per point with cached bands")
    print("\nparallel efficiency T_serial / (workers x T_dask):")
    for name, value in efficiency.items():
        print(f"  {name:<62}{value:>6.2f}")
    print("cost model (bands prepared in chunks on the workers, then the points):")
    for name, value in cost_model.items():
        print(f"  {name:<62}{value:>8.3f}")
    print(f"dask worker caches after the fresh-worker sweep: {cache_cold}")
    print("serial vs other runs, max |difference| over all variables: "
          + ", ".join(f"{k} {v:.1e}" for k, v in differences.items()))
    load_end = os.getloadavg() if hasattr(os, "getloadavg") else None
    print(f"total benchmark wall {total_s:.0f} s; load average at end {load_end}")

    results = {
        "benchmark": "bench_superfluid",
        "command": " ".join([os.path.basename(sys.executable), *sys.argv]),
        "model": {"theta_deg": args.theta, "bands": model.bands, "nu_point": model.nu,
                  "coupling_meV": model.coupling_meV, "temperature_K": model.temperature_K,
                  "n_mesh": args.mesh, "q_fraction": options.q_fraction},
        "n_nu": args.n_nu, "nu_range": NU_RANGE, "workers": w, "machine": info,
        "times_s": best, "all_times_s": times,
        "point": {k: getattr(point, k) for k in ("gap_meV", "mu_meV", "tc_K",
                                                 "superfluid_weight_meV",
                                                 "conventional_weight_meV",
                                                 "geometric_weight_meV", "t_bkt_K")},
        "efficiency": efficiency, "cost_model": cost_model,
        "worker_cache_after_fresh_sweep": cache_cold, "worker_cache_after_warm_sweep": cache_warm,
        "max_abs_difference_vs_serial": differences,
        "flat_limit_check": flat, "gauge_check_relative_change": gauge,
        "total_wall_s": total_s, "load_average_at_end": load_end,
    }
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(results, handle, indent=2, default=str)
        print(f"\nwrote {args.json}")
    return results


if __name__ == "__main__":
    main()
