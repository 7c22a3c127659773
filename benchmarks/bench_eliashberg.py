"""Cost of one root-found Eliashberg T_c, and how it scales with the Matsubara count.

Run from the repository root::

    PYTHONPATH=src python benchmarks/bench_eliashberg.py [--repeats 5] [--json out.json]

The problem: a 1000-point hydride-like alpha^2F (the shape of the H3S/LaH10 presets:
truncated Lorentzians at 30, 110, 150 and 190 meV, omega_log = 112 meV, omega_max = 273
meV) with mu* = 0.13 quoted at omega_max (``mu_star_reference_meV``, the convention these
timings were first taken with), scaled to lambda = 2.2 (T_c ~ 250 K) and to lambda = 0.51
(T_c ~ 10 K): the same cutoff (10 omega_max) then holds about 25x more Matsubara
frequencies at 10 K. Timed: ``eliashberg_tc`` (Brent root of the largest eigenvalue of the
linearised kernel, plus the double-cutoff convergence check), best of ``--repeats``, 1 BLAS
thread. Scaling: one eigenvalue evaluation (kernel build + top eigenvalue) at fixed T for
N = 64 ... 4096 Matsubara frequencies, and the kernel build alone.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from dataclasses import replace

import numpy as np
from threadpoolctl import threadpool_limits

sys.path.insert(0, os.path.dirname(__file__))
from machine import cpu_model  # noqa: E402

from cooperlab.pairing.alpha2f import lorentzian_peaks  # noqa: E402
from cooperlab.pairing.eliashberg import (  # noqa: E402
    EliashbergModel,
    EliashbergOptions,
    build_kernels,
    largest_eigenvalue,
    solve_eliashberg_tc,
)
from cooperlab.units import K_B_MEV_PER_K  # noqa: E402


def best_of(func, repeats: int) -> tuple[float, list[float], object]:
    times, value = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        value = func()
        times.append(time.perf_counter() - start)
    return min(times), times, value


def main() -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    shape = lorentzian_peaks(1.0, [30.0, 110.0, 150.0, 190.0], [8.0, 15.0, 15.0, 15.0],
                             [0.05, 0.3, 0.4, 0.25], n_points=1000)
    shape = shape.scaled(omega_log_meV=1300 * K_B_MEV_PER_K)
    options = EliashbergOptions()
    cases = {"T_c ~ 250 K (lambda 2.2)": 2.2, "T_c ~ 10 K (lambda 0.51)": 0.51}
    rows = {}
    with threadpool_limits(limits=1):
        for name, coupling in cases.items():
            model = EliashbergModel(shape.scaled(coupling), 0.13,
                                    mu_star_reference_meV=shape.omega_max_meV)
            best, times, result = best_of(lambda m=model: solve_eliashberg_tc(m, options),
                                          args.repeats)
            no_check, _, _ = best_of(
                lambda m=model: solve_eliashberg_tc(m, replace(options, check_convergence=False)),
                args.repeats)
            rows[name] = {
                "tc_K": result.tc_K, "n_matsubara": int(result.n_matsubara),
                "eigenvalue_evaluations": result.metadata["convergence"][
                    "eigenvalue_evaluations"],
                "best_s": best, "all_s": times, "best_without_check_s": no_check,
                "relative_tc_shift_at_double_cutoff": result.metadata["convergence"][
                    "relative_tc_shift_at_double_cutoff"],
            }
        model = EliashbergModel(shape.scaled(1.0), 0.13,
                                mu_star_reference_meV=shape.omega_max_meV)
        t = 10 * K_B_MEV_PER_K
        scaling = []
        for n in (64, 128, 256, 512, 1024, 2048, 4096):
            build, _, kernels = best_of(lambda n=n: build_kernels(model, t, n, options),
                                        args.repeats)
            total, _, _ = best_of(lambda k=kernels: largest_eigenvalue(k), args.repeats)
            scaling.append({"n_matsubara": n, "kernel_build_s": build,
                            "top_eigenvalue_s": total, "one_evaluation_s": build + total})
    print(f"{'case':<28}{'T_c K':>9}{'N':>6}{'evals':>7}{'best s':>9}{'no check s':>12}")
    for name, row in rows.items():
        print(f"{name:<28}{row['tc_K']:>9.2f}{row['n_matsubara']:>6}"
              f"{row['eigenvalue_evaluations']:>7}{row['best_s']:>9.4f}"
              f"{row['best_without_check_s']:>12.4f}")
    print(f"\n{'N':>6}{'build s':>10}{'eigen s':>10}{'total s':>10}")
    for row in scaling:
        print(f"{row['n_matsubara']:>6}{row['kernel_build_s']:>10.4f}"
              f"{row['top_eigenvalue_s']:>10.4f}{row['one_evaluation_s']:>10.4f}")
    ns = np.array([r["n_matsubara"] for r in scaling], dtype=float)
    ts = np.array([r["one_evaluation_s"] for r in scaling])
    big = ns >= 512
    exponent = float(np.polyfit(np.log(ns[big]), np.log(ts[big]), 1)[0])
    print(f"\none evaluation ~ N^{exponent:.2f} for N >= 512")
    results = {"benchmark": "bench_eliashberg", "cases": rows, "scaling": scaling,
               "scaling_exponent_N_ge_512": exponent,
               "machine": {"cpu": cpu_model(), "nproc": os.cpu_count(),
                           "python": platform.python_version(), "numpy": np.__version__}}
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(results, handle, indent=2)
    return results


if __name__ == "__main__":
    main()
