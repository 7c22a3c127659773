"""The full five-orbital pairing eigenproblem (RPA spin/orbital vertex, Fermi-shell gap
equation, singlet and triplet) on an N x N mesh, stage by stage.

Run from the repository root::

    PYTHONPATH=src python benchmarks/bench_pairing.py [--sizes 32 64] [--full-projection]
        [--json out.json]

The problem: Graser et al. (2009) five-orbital model (``pnictide5_lattice``), n = 6.0,
T = 0.01 eV, U = 1.0 eV, J = J' = U/4, U' = U - 2J (spin Stoner eigenvalue 0.82): bands,
chi0 on all q (IR Matsubara, FFT), RPA chi_s and chi_c, the singlet and triplet vertices,
the Fermi shell, the band projection of each vertex (one row per C4v orbit, the rest by
symmetry) and the two eigenproblems. ``--full-projection`` also times the projection of
every row (no symmetry) at the largest N: the step the symmetry replaced. The one-time IR
singular-value expansion (cached per process and decade of Lambda) is timed separately
and excluded from the totals. BLAS/OpenMP threads capped at 1.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time

from threadpoolctl import threadpool_limits

sys.path.insert(0, os.path.dirname(__file__))
from machine import cpu_model  # noqa: E402

from cooperlab.fluctuations import (  # noqa: E402
    RPAModel,
    SpinFluctuationPairingOptions,
    chi0_mesh,
    fermi_shell,
    pairing_vertex,
    project_vertex,
    rpa_mesh,
    solve_pairing,
)
from cooperlab.fluctuations.pairing import symmetric_projection  # noqa: E402
from cooperlab.lattice import pnictide5_lattice  # noqa: E402


def model(nk: int) -> RPAModel:
    """The benchmark problem on an nk x nk mesh."""
    return RPAModel(pnictide5_lattice(), 0.01, U=1.0, J=0.25, filling=6.0, n_mesh=nk)


def stages(nk: int, full: bool) -> dict:
    """Wall time of every stage and of solve_pairing as a whole."""
    m = model(nk)
    out: dict = {"nk": nk}
    start = time.perf_counter()
    bands = m.band_mesh()
    chi0 = chi0_mesh(bands)[0]
    out["bands_chi0_s"] = time.perf_counter() - start
    start = time.perf_counter()
    chi_s, chi_c = rpa_mesh(m, chi0)
    vertex = pairing_vertex(chi_s, chi_c, m.interaction(), 5)
    out["rpa_vertex_s"] = time.perf_counter() - start
    start = time.perf_counter()
    shell = fermi_shell(m.lattice, bands)
    out["shell_s"] = time.perf_counter() - start
    out["shell_points"] = int(shell.i.size)
    start = time.perf_counter()
    symmetric_projection(vertex, shell)
    out["projection_one_channel_s"] = time.perf_counter() - start
    if full:
        start = time.perf_counter()
        project_vertex(vertex, shell)
        out["projection_all_rows_s"] = time.perf_counter() - start
    start = time.perf_counter()
    result = solve_pairing(m, SpinFluctuationPairingOptions())
    out["solve_pairing_s"] = time.perf_counter() - start
    summary = result.summary()
    out["leading"] = [summary["symmetry"], summary["lambda"]]
    out["states"] = summary["states"][:4]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[32, 64])
    parser.add_argument("--full-projection", action="store_true")
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    with threadpool_limits(limits=1):
        start = time.perf_counter()
        chi0_mesh(model(8).band_mesh())                 # one-time IR singular-value expansion
        sve = time.perf_counter() - start
        rows = [stages(nk, args.full_projection and nk == max(args.sizes))
                for nk in args.sizes]
    report = {"machine": {"cpu": cpu_model(), "python": platform.python_version()},
              "ir_setup_s": sve, "rows": rows}
    print(f"IR setup (one-time, excluded): {sve:.1f} s")
    for row in rows:
        print(json.dumps(row))
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(report, handle, indent=1)


if __name__ == "__main__":
    main()
