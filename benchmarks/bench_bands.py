"""Speed and memory of cooperlab's continuum-model band solver against two references.

Run from the repository root::

    PYTHONPATH=src python benchmarks/bench_bands.py [--n-k 1000] [--memory-k 10000]
        [--repeats 3] [--threads 1] [--json out.json]

Everything runs in one process with the same BLAS/LAPACK thread cap (``--threads``,
default 1, through ``threadpoolctl.threadpool_limits``) on the same physical problem:
the Bistritzer-MacDonald model at theta = 1.05 deg with ``ContinuumModel()`` defaults
(cutoff 4 |b_M|, Hamiltonian dimension 216 per valley), valley K, at ``--n-k`` random
(seeded) k points of the moire Brillouin zone.

(a) cooperlab: ``cooperlab.moire.bands.diagonalize`` (the work ``solve_bands`` does) and
    the user-level ``solve_bands`` with the same k points given as an explicit path.
(b) "research script": a Python loop over k that fills a dense complex H(k) plane wave by
    plane wave from the BM formulas (written here, independent of ``BlochHamiltonian``;
    only the Q points and couplings of ``model.basis`` are reused) and calls
    ``numpy.linalg.eigh`` (``eigvalsh`` for the eigenvalue-only row) per k point.
(c) bare LAPACK limit: one batched ``numpy.linalg.eigh`` (``eigvalsh``) call on the same
    pre-built complex matrices, building excluded. For the flat-band and window cases the
    limit is the same full solve (numpy has no partial batched solver).
    Also shown, for information: the same batched call on the C2T-real matrices that
    cooperlab diagonalises (its own inner LAPACK limit).

Timings are the best of ``--repeats`` run back to back (see :func:`time_cases`); the first
and the worst run are printed too. Targets are reported as
PASS/MISS and never asserted; the physics agreement (b) == (a) is asserted.

Memory: ``tracemalloc`` peak (numpy reports its data buffers to it) of ``diagonalize`` for
``--memory-k`` k points with eigenvectors, flat bands and ``bands=4``, against the size
of the eigenvectors returned; ``--memory-chunks`` shows the chunk-size trade-off (peak and
time of the flat-band solve at ``--n-k`` points, where the chunk buffer matters most).
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
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np
from machine import cpu_model
from threadpoolctl import threadpool_info, threadpool_limits

from cooperlab.moire import lattice
from cooperlab.moire.bands import BandOptions, band_window, diagonalize, solve_bands
from cooperlab.moire.continuum import ContinuumModel

#: Agreement required between the reference and cooperlab (meV).
TOLERANCE_MEV = 1e-8
#: Cases of (a): name -> (bands, vectors).
CASES: dict[str, tuple[str | int, bool]] = {
    "all, vectors": ("all", True),
    "all, values only": ("all", False),
    "flat, vectors": ("flat", True),
    "window bands=4, vectors": (4, True),
}
#: Cases also timed through the user-level ``solve_bands`` (explicit k points in 1/nm; it
#: adds the cutoff-convergence check at Gamma, K, M and the result's metadata).
USER_LEVEL_CASES = ("all, vectors", "flat, vectors")


# -- (b) reference: a research script's Hamiltonian, from the formulas --------------------
class ReferenceBM:
    """Dense BM Hamiltonian of valley K filled plane wave by plane wave (no vectorisation).

    H = [[h_1(k - Q), T], [T^dag, h_2(k - Q')]], with
    h_l(p) = hbar v [[0, (p_x - i p_y) e^{i phi_l}], [c.c., 0]], phi_{1,2} = +-theta/2,
    T_j = w0 sigma_0 + w1 [[0, omega^{-(j-1)}], [omega^{j-1}, 0]], omega = e^{2 pi i/3}
    (Bistritzer & MacDonald, PNAS 108, 12233 (2011), with the layer rotation phases of
    Koshino et al., PRX 8, 031087 (2018)). k and Q in units of k_theta.
    """

    def __init__(self, model: ContinuumModel) -> None:
        a = model.lattice_constant_nm
        k_dirac = 4.0 * math.pi / (3.0 * a)
        k_theta = 2.0 * k_dirac * math.sin(math.radians(model.theta_deg) / 2.0)
        self.hv = model.hbar_v_meV_nm * k_theta  # meV per k_theta
        half = math.radians(model.theta_deg) / 2.0
        basis = model.basis
        self.q_points = [(float(q[0]), float(q[1])) for q in basis.q_points]
        self.phases = [complex(math.cos(half), math.sin(half)) if layer == 0
                       else complex(math.cos(half), -math.sin(half)) for layer in basis.layer]
        self.dim = 2 * len(self.q_points)
        omega = complex(math.cos(2 * math.pi / 3), math.sin(2 * math.pi / 3))
        w0, w1 = model.w0_meV, model.w1_meV
        self.t_matrices = [
            np.array([[w0, w1 * omega ** (-j)], [w1 * omega**j, w0]]) for j in range(3)
        ]
        self.couplings = [(int(i), int(j), int(m)) for i, j, m in basis.couplings]

    def matrix(self, k: np.ndarray) -> np.ndarray:
        """H(k) in meV, built from scratch."""
        h = np.zeros((self.dim, self.dim), dtype=complex)
        kx, ky = float(k[0]), float(k[1])
        for n, (qx, qy) in enumerate(self.q_points):
            off = self.hv * complex(kx - qx, -(ky - qy)) * self.phases[n]
            h[2 * n, 2 * n + 1] = off
            h[2 * n + 1, 2 * n] = off.conjugate()
        for i, j, m in self.couplings:
            t = self.t_matrices[m]
            h[2 * i : 2 * i + 2, 2 * j : 2 * j + 2] = t
            h[2 * j : 2 * j + 2, 2 * i : 2 * i + 2] = t.conj().T
        return h


def research_script(reference: ReferenceBM, k: np.ndarray, vectors: bool) -> Any:
    """The loop a research script writes: build H(k), diagonalise, store."""
    energies = np.empty((len(k), reference.dim))
    eigvecs = np.empty((len(k), reference.dim, reference.dim), dtype=complex) if vectors else None
    for index, point in enumerate(k):
        h = reference.matrix(point)
        if vectors:
            energies[index], eigvecs[index] = np.linalg.eigh(h)
        else:
            energies[index] = np.linalg.eigvalsh(h)
    return energies, eigvecs


# -- checks ---------------------------------------------------------------------------------
def check_agreement(model: ContinuumModel, reference: ReferenceBM, k: np.ndarray) -> float:
    """Assert (b) and (a) solve the same problem; return the largest deviation in meV."""
    points = np.vstack([k[:4], [lattice.HIGH_SYMMETRY_POINTS[n] for n in ("K", "G", "M")]])
    worst = 0.0
    for point in points:
        h = reference.matrix(point)
        exact = np.linalg.eigvalsh(h)
        for bands, vectors in CASES.values():
            window, _ = band_window(model.dimension, bands)
            got = diagonalize(model, point[None], bands=bands, valleys=(1,), vectors=vectors)
            deviation = float(np.abs(got.energy[0, 0] - exact[window[0] : window[1]]).max())
            assert deviation < TOLERANCE_MEV, (bands, point, deviation)
            worst = max(worst, deviation)
            if vectors:
                v = got.vectors[0, 0]
                residual = np.abs(h @ v - v * got.energy[0, 0]).max()
                assert residual < TOLERANCE_MEV * 10, ("eigenvector residual", bands, residual)
    # The batched complex matrices of (c) are the reference's matrices.
    built = model.hamiltonian(1).matrices(points)
    assert np.abs(built - np.stack([reference.matrix(p) for p in points])).max() < 1e-9
    return worst


# -- timing ---------------------------------------------------------------------------------
def time_cases(cases: dict[str, Callable[[], Any]], repeats: int) -> dict[str, list[float]]:
    """Wall times of each case, its repeats run back to back.

    Back to back because on this VM the first touch of memory the host has reclaimed costs
    about 1.7 s per GiB (0.1 s when pages freed a moment ago are reused): the best of the
    repeats measures the solver, the first run also shows that fresh-memory cost.
    """
    times: dict[str, list[float]] = {}
    for name, run in cases.items():
        times[name] = []
        for _ in range(repeats):
            gc.collect()
            start = time.perf_counter()
            result = run()
            times[name].append(time.perf_counter() - start)
            del result
    return times


def traced_peak(run: Callable[[], Any]) -> tuple[int, Any, float]:
    """(tracemalloc peak above the starting level in bytes, result, wall time)."""
    gc.collect()
    tracemalloc.start()
    base, _ = tracemalloc.get_traced_memory()
    start = time.perf_counter()
    result = run()
    wall = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak - base, result, wall


# -- report ---------------------------------------------------------------------------------
def machine_info(threads: int) -> dict[str, Any]:
    cpu = cpu_model()
    blas = [
        {key: entry.get(key) for key in ("internal_api", "version", "architecture", "filepath")}
        for entry in threadpool_info()
        if entry.get("user_api") == "blas"
    ]
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "blas": blas,
        "blas_threads": threads,
        "load_average_at_start": load,
    }


def a_user_text(row: dict[str, Any]) -> str:
    value = row["a_solve_bands_s"]
    return "-" if value is None else f"{value:.3f}"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def mib(n: float) -> str:
    return f"{n / 2**20:.1f} MiB"


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--n-k", type=int, default=1000, help="k points for the timings")
    parser.add_argument("--memory-k", type=int, default=10000, help="k points for memory")
    parser.add_argument("--repeats", type=int, default=3, help="best of this many runs")
    parser.add_argument("--threads", type=int, default=1, help="BLAS/LAPACK threads for all")
    parser.add_argument("--theta", type=float, default=1.05, help="twist angle in degrees")
    parser.add_argument("--seed", type=int, default=20240605, help="seed of the k points")
    parser.add_argument(
        "--memory-chunks", type=str, default="64,16,8",
        help="chunk sizes of the flat-band memory/time trade-off at --n-k points ('' none)",
    )
    parser.add_argument("--json", type=str, default=None, help="write the results here")
    args = parser.parse_args(argv)

    model = ContinuumModel(theta_deg=args.theta)
    rng = np.random.default_rng(args.seed)
    # Uniform in one moire reciprocal cell (units of k_theta).
    k = rng.random((args.n_k, 2)) @ lattice.RECIPROCAL_VECTORS
    dim = model.dimension
    info = machine_info(args.threads)
    print(f"cooperlab band benchmark: theta = {args.theta} deg, dimension {dim}, "
          f"{args.n_k} k points, best of {args.repeats}, {args.threads} BLAS thread(s)")
    print(f"machine: {info['nproc']} cpus, {info['cpu']}, numpy {info['numpy']}, BLAS "
          + ", ".join(f"{b['internal_api']} {b['version']}" for b in info["blas"])
          + f", load average at start {info['load_average_at_start']}")

    reference = ReferenceBM(model)
    with threadpool_limits(args.threads):
        worst = check_agreement(model, reference, k)
        print(f"check: reference (b) and cooperlab (a) eigenvalues agree to {worst:.1e} meV "
              f"(< {TOLERANCE_MEV:g}), eigenvector residuals small, (c) matrices == (b)'s")

        complex_h = model.hamiltonian(1).matrices(k)
        real_h = model.hamiltonian(1).real_form().matrices(k)
        k_nm = k * model.k_theta_per_nm

        timed: dict[str, Callable[[], Any]] = {}
        for name, (bands, vectors) in CASES.items():
            timed[f"(a) diagonalize {name}"] = (
                lambda b=bands, v=vectors: diagonalize(
                    model, k, bands=b, valleys=(1,), vectors=v, blas_threads=args.threads
                )
            )
            if name in USER_LEVEL_CASES:
                options = BandOptions(bands=bands, valleys=(1,), vectors=vectors,
                                      blas_threads=args.threads, progress=False)
                timed[f"(a) solve_bands {name}"] = (
                    lambda o=options: solve_bands(model, k_nm, options=o)
                )
        timed["(b) loop build + eigh"] = lambda: research_script(reference, k, True)
        timed["(b) loop build + eigvalsh"] = lambda: research_script(reference, k, False)
        timed["(c) batched eigh (complex)"] = lambda h=complex_h: np.linalg.eigh(h)
        timed["(c) batched eigvalsh (complex)"] = lambda h=complex_h: np.linalg.eigvalsh(h)
        timed["(c') batched eigh (C2T-real), info"] = lambda h=real_h: np.linalg.eigh(h)
        timed["(c') batched eigvalsh (C2T-real), info"] = lambda h=real_h: np.linalg.eigvalsh(h)
        all_times = time_cases(timed, args.repeats)
        times = {name: min(values) for name, values in all_times.items()}
        timed.clear()
        del complex_h, real_h

    print(f"\n{'timing (' + str(args.n_k) + ' k points)':<44}{'best s':>9}{'ms / k':>9}"
          f"{'first s':>9}{'worst s':>9}")
    for name, seconds in times.items():
        runs = all_times[name]
        print(f"{name:<44}{seconds:>9.3f}{1e3 * seconds / args.n_k:>9.3f}"
              f"{runs[0]:>9.3f}{max(runs):>9.3f}")

    c_vec, c_val = times["(c) batched eigh (complex)"], times["(c) batched eigvalsh (complex)"]
    b_vec, b_val = times["(b) loop build + eigh"], times["(b) loop build + eigvalsh"]
    rows = []
    for name, (_, vectors) in CASES.items():
        a = times[f"(a) diagonalize {name}"]
        a_user = times.get(f"(a) solve_bands {name}", math.nan)
        c, b = (c_vec, b_vec) if vectors else (c_val, b_val)
        if name.startswith("all"):
            targets = {"(a)/(c) <= 1.5": a / c <= 1.5, "(b)/(a) > 1": b / a > 1.0}
        else:
            targets = {"(c)/(a) > 1": c / a > 1.0, "(b)/(a) >= 3": b / a >= 3.0}
        rows.append({
            "case": name, "a_s": a,
            "a_solve_bands_s": None if math.isnan(a_user) else a_user,
            "b_s": b, "c_s": c,
            "a_over_c": a / c, "c_over_a": c / a, "b_over_a": b / a,
            "targets": {key: verdict(ok) for key, ok in targets.items()},
        })
    print(f"\n{'case':<26}{'(a) s':>8}{'solve_b':>9}{'(b) s':>8}{'(c) s':>8}"
          f"{'a/c':>7}{'c/a':>7}{'b/a':>7}  targets")
    for row in rows:
        marks = ", ".join(f"{key}: {value}" for key, value in row["targets"].items())
        print(f"{row['case']:<26}{row['a_s']:>8.3f}{a_user_text(row):>9}"
              f"{row['b_s']:>8.3f}{row['c_s']:>8.3f}{row['a_over_c']:>7.2f}"
              f"{row['c_over_a']:>7.2f}{row['b_over_a']:>7.2f}  {marks}")

    # -- memory ------------------------------------------------------------------------------
    k_mem = rng.random((args.memory_k, 2)) @ lattice.RECIPROCAL_VECTORS
    chunks = [int(c) for c in args.memory_chunks.split(",") if c.strip()]
    runs: list[tuple[str | int, int, np.ndarray]] = [("flat", 64, k_mem), (4, 64, k_mem)]
    runs += [("flat", chunk, k) for chunk in chunks]
    memory = []
    with threadpool_limits(args.threads):
        for bands, chunk, points in runs:
            peak, solved, wall = traced_peak(
                lambda b=bands, c=chunk, p=points: diagonalize(
                    model, p, bands=b, valleys=(1,), vectors=True, chunk_size=c,
                    blas_threads=args.threads,
                )
            )
            n_bands = solved.vectors.shape[-1]
            vec_bytes = len(points) * dim * n_bands * 16
            assert solved.vectors.nbytes == vec_bytes
            del solved
            memory.append({
                "n_k": len(points), "bands": bands, "chunk_size": chunk, "n_bands": n_bands,
                "peak_bytes": peak, "eigenvector_bytes": vec_bytes, "ratio": peak / vec_bytes,
                "wall_s": wall, "chunk_buffer_bytes": chunk * dim * dim * 8,
                "target": verdict(peak < 2 * vec_bytes),
            })

    print("\nmemory (diagonalize with vectors, tracemalloc peak; target peak < 2x eigenvectors;"
          " last rows: chunk-size trade-off)")
    print(f"{'n_k':>6} {'bands':<6}{'chunk':>6}{'peak':>13}{'eigvecs':>13}{'ratio':>7}"
          f"{'chunk buf':>12}{'wall s':>8}  target")
    for row in memory:
        print(f"{row['n_k']:>6} {str(row['bands']):<6}{row['chunk_size']:>6}"
              f"{mib(row['peak_bytes']):>13}{mib(row['eigenvector_bytes']):>13}"
              f"{row['ratio']:>7.2f}{mib(row['chunk_buffer_bytes']):>12}{row['wall_s']:>8.2f}"
              f"  {row['target']}")

    results = {
        "benchmark": "bench_bands",
        "command": " ".join([os.path.basename(sys.executable), *sys.argv]),
        "model": {"theta_deg": model.theta_deg, "cutoff": model.cutoff, "dimension": dim,
                  "valleys": [1]},
        "n_k": args.n_k, "repeats": args.repeats, "seed": args.seed,
        "machine": info,
        "max_deviation_meV": worst,
        "times_s": times,
        "all_times_s": all_times,
        "cases": rows,
        "memory_k": args.memory_k,
        "memory": memory,
        "load_average_at_end": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(results, handle, indent=2)
        print(f"\nwrote {args.json}")
    return results


if __name__ == "__main__":
    main()
