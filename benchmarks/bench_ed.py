"""Finite-temperature ED of the 2 x 4 Hubbard cluster: cooperlab against QuSpin.

Problem: square lattice 2 x 4, open boundaries, t = 1, U = 4, beta = 4, mu = 0 (the README
command ``cooperlab hubbard ed --lattice square:2x4 --bc open --U 4 --beta 4 --mu 0``):
all 4^8 = 65,536 states, full spectrum of every (N_up, N_dn) sector, grand-canonical
averages.

* cooperlab: ``solve_thermal(model, susceptibility=False, pairs=...)`` (its symmetry blocks:
  the two reflections, the spin flip, particle-hole; every equal-time observable).
* QuSpin (``quspin`` 1.0.1, separate virtual environment, never a cooperlab dependency): the
  script in :func:`quspin_child`, written here from the model's definition, as a careful
  user would: ``spinful_fermion_basis_general`` per (N_up, N_dn) sector with N_up <= N_dn
  (the mirror sector by spin symmetry, as cooperlab does), QuSpin's symmetry blocks for the
  two reflections and, for N_up = N_dn, the spin inversion; ``hamiltonian(...).toarray()``
  and ``numpy.linalg.eigh`` per block (checks off). Diagonal observables (double occupancy,
  density, S(q) and N(q) at the 8 cluster momenta, all invariant under the blocks'
  symmetries) from the representative states' probabilities, no operator built; with
  ``--pairs`` also the equal-time s, d and extended-s pair structure factors as QuSpin
  operators ``sum M_ij M_kl c_i c^dag_k | c_j c^dag_l`` per block (``M`` and ``M^T`` for
  the mirror sector; the matrices ``M`` are cooperlab's :func:`pair_amplitudes`, passed in
  as data, not timed).

Each side runs in its own subprocess (1 BLAS / OpenMP thread), does a warm-up solve of a
2 x 2 cluster (imports, numba JIT, caches), then times the 2 x 4 solve with
``time.process_time``; the subprocesses alternate (cooperlab, QuSpin, cooperlab, ...),
``--repeats`` times each (``--pair-repeats`` for the case with the pair structure factors).
Energies, double occupancies and S(pi, pi) (and the pair structure factors) must agree to
1e-9 before any time is reported.

    python -m venv /tmp/quspin-venv && /tmp/quspin-venv/bin/pip install quspin numpy scipy
    PYTHONPATH=src python benchmarks/bench_ed.py --quspin-python /tmp/quspin-venv/bin/python \\
        --repeats 3 --json /tmp/bench_ed.json
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

SHAPE, U, BETA, MU = (2, 4), 4.0, 4.0, 0.0
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                    "NUMBA_NUM_THREADS")


def cluster_geometry(lx: int, ly: int) -> tuple[list[tuple[int, int]], list[list[int]],
                                                 list[tuple[float, float]]]:
    """Open lx x ly square cluster, site = x * ly + y: bonds, the two reflections, positions."""
    bonds = [(x * ly + y, (x + 1) * ly + y) for x in range(lx - 1) for y in range(ly)]
    bonds += [(x * ly + y, x * ly + y + 1) for x in range(lx) for y in range(ly - 1)]
    reflect_x = [(lx - 1 - x) * ly + y for x in range(lx) for y in range(ly)]
    reflect_y = [x * ly + (ly - 1 - y) for x in range(lx) for y in range(ly)]
    positions = [(float(x), float(y)) for x in range(lx) for y in range(ly)]
    return bonds, [reflect_x, reflect_y], positions


def cooperlab_child(pairs: bool) -> dict:
    """cooperlab's solve: warm-up on 2 x 2, then the timed 2 x 4 solve."""
    from cooperlab.hubbard import HubbardModel, solve_thermal

    solve_thermal(HubbardModel.square(2, 2, boundary="open", U=U, mu=MU, temperature=1 / BETA),
                  susceptibility=False, pairs=pairs)
    model = HubbardModel.square(*SHAPE, boundary="open", U=U, mu=MU, temperature=1 / BETA)
    start = time.process_time()
    result = solve_thermal(model, susceptibility=False, pairs=pairs)
    cpu = time.process_time() - start
    out = {"cpu_s": cpu, "energy_per_site": result.energy_per_site,
           "double_occupancy": result.double_occupancy, "density": result.density,
           "s_pi_pi": result.spin_structure_factor_pi_pi}
    if pairs:
        out.update({f"pair_{p}": getattr(result, f"pair_{p}") for p in ("s", "d", "extended_s")})
    return out


def pair_matrices() -> dict:
    """cooperlab's pair matrices ``M`` of ``A^dag = sum M_ij c^dag_{i up} c^dag_{j dn}``
    (input data for the QuSpin script; not timed)."""
    from cooperlab.hubbard import HubbardModel
    from cooperlab.hubbard.ed import pair_amplitudes

    model = HubbardModel.square(*SHAPE, boundary="open", U=U, mu=MU, temperature=1 / BETA)
    return {name: m_a.tolist() for name, (m_a, _) in pair_amplitudes(model).items()}


def quspin_child(pairs: dict | None) -> dict:
    """The QuSpin script (runs under the QuSpin interpreter; imports no cooperlab)."""
    import numpy as np
    from quspin.basis import spinful_fermion_basis_general
    from quspin.operators import hamiltonian

    no_checks = {"check_symm": False, "check_herm": False, "check_pcon": False}

    def solve(lx: int, ly: int, pair_m: dict | None) -> dict:
        n = lx * ly
        bonds, reflections, positions = cluster_geometry(lx, ly)
        hop = [[-1.0, i, j] for i, j in bonds]          # -t c^dag_i c_j
        hop_back = [[1.0, i, j] for i, j in bonds]      # +t c_i c^dag_j = -t c^dag_j c_i
        # U (n_up - 1/2)(n_dn - 1/2) - mu n = U n_up n_dn - (U/2 + mu) n + U/4
        static = [["+-|", hop], ["-+|", hop_back], ["|+-", hop], ["|-+", hop_back],
                  ["n|n", [[U, i, i] for i in range(n)]],
                  ["n|", [[-U / 2 - MU, i] for i in range(n)]],
                  ["|n", [[-U / 2 - MU, i] for i in range(n)]]]
        pair_ops = {}
        for name, m in (pair_m or {}).items():
            m = np.asarray(m)
            for label, mat in (("", m), ("_T", m.T)):
                idx = np.argwhere(mat != 0)
                terms = [[float(mat[i, j] * mat[k, l]), int(i), int(k), int(j), int(l)]
                         for i, j in idx for k, l in idx]
                pair_ops[name + label] = [["-+|-+", terms]]
        pos = np.asarray(positions)
        q = np.array([(2 * np.pi * a / lx, 2 * np.pi * b / ly)
                      for a in range(lx) for b in range(ly)])
        cos_q = np.cos(np.einsum("qd,ijd->qij", q, pos[:, None, :] - pos[None, :, :]))
        pi_row = int(np.flatnonzero((np.abs(q[:, 0] - np.pi) < 1e-12)
                                    & (np.abs(q[:, 1] - np.pi) < 1e-12))[0])
        spectra = []
        for a in range(n + 1):
            for b in range(a, n + 1):
                mirror = 1.0 if a == b else 2.0
                blocks = [{}]
                for k, perm in enumerate(reflections):
                    if perm != list(range(n)):
                        blocks = [{**blk, f"p{k}": (perm, qn)} for blk in blocks for qn in (0, 1)]
                if a == b:
                    flip = [-(s + 1) for s in range(n)]
                    blocks = [{**blk, "z": (flip, qn)} for blk in blocks for qn in (0, 1)]
                for blk in blocks:
                    basis = spinful_fermion_basis_general(n, Nf=(a, b), **blk)
                    if basis.Ns == 0:
                        continue
                    h = hamiltonian(static, [], basis=basis, dtype=np.float64, **no_checks)
                    values, vectors = np.linalg.eigh(h.toarray())
                    values = values + n * U / 4
                    states = basis.states
                    bits = 1 << np.arange(2 * n - 1, -1, -1)
                    occ = ((states[:, None] & bits[None, :]) > 0).astype(float)
                    up, dn = occ[:, :n], occ[:, n:]
                    extra = {}
                    for name, ops in pair_ops.items():
                        op = hamiltonian(ops, [], basis=basis, dtype=np.float64,
                                         **no_checks).tocsr()
                        extra[name] = np.einsum("sn,sn->n", vectors, op @ vectors)
                    spectra.append((mirror, a == b, values, vectors, up, dn, extra))
        e_min = min(s[2][0] for s in spectra)
        z = energy = double = density = 0.0
        s_q, n_q = np.zeros(len(q)), np.zeros(len(q))
        pair_sum = dict.fromkeys(pair_m or {}, 0.0)
        for mirror, _, values, vectors, up, dn, extra in spectra:
            w = np.exp(-BETA * (values - e_min))
            prob = (vectors**2) @ w                       # on the representatives
            m, nn = up - dn, up + dn
            z += mirror * w.sum()
            energy += mirror * float(w @ values)
            double += mirror * float(prob @ (up * dn).sum(axis=1))
            density += mirror * float(prob @ nn.sum(axis=1))
            s_q += mirror * np.einsum("s,si,qij,sj->q", prob, m, cos_q, m)
            n_q += mirror * np.einsum("s,si,qij,sj->q", prob, nn, cos_q, nn)
            for name in pair_sum:
                own = float(w @ extra[name])
                pair_sum[name] += own if mirror == 1.0 else own + float(w @ extra[name + "_T"])
        nbar = density / z
        out = {"energy_per_site": (energy / z + U / 2 * nbar + MU * nbar - n * U / 4) / n,
               "double_occupancy": double / z / n, "density": nbar / n,
               "s_pi_pi": s_q[pi_row] / z / n}
        out.update({f"pair_{k}": v / z / n for k, v in pair_sum.items()})
        return out

    warm = {k: np.asarray(v)[np.ix_([0, 1, 4, 5], [0, 1, 4, 5])].tolist()
            for k, v in (pairs or {}).items()} if pairs else None
    solve(2, 2, warm)
    start = time.process_time()
    out = solve(*SHAPE, pairs)
    out["cpu_s"] = time.process_time() - start
    return out


def run_child(python: str, side: str, pairs: bool, matrices_file: str | None) -> dict:
    env = {**os.environ, **dict.fromkeys(THREAD_VARIABLES, "1")}
    if side == "cooperlab":
        env["PYTHONPATH"] = str(Path(__file__).resolve().parents[1] / "src")
    args = [python, __file__, "--child", side] + (["--pairs"] if pairs else [])
    if matrices_file:
        args += ["--matrices", matrices_file]
    before = os.times()
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=True)
    after = os.times()
    out = json.loads(done.stdout.strip().splitlines()[-1])
    out["process_cpu_s"] = (after.children_user - before.children_user
                            + after.children_system - before.children_system)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--child", choices=("cooperlab", "quspin"))
    parser.add_argument("--pairs", action="store_true")
    parser.add_argument("--matrices")
    parser.add_argument("--quspin-python", default="/tmp/quspin-venv/bin/python")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--pair-repeats", type=int, default=1,
                        help="repeats of the case with pair structure factors (QuSpin builds "
                             "a ~1,000-term operator per block: minutes per run)")
    parser.add_argument("--json")
    args = parser.parse_args()
    if args.child == "cooperlab":
        print(json.dumps(cooperlab_child(args.pairs)))
        return
    if args.child == "quspin":
        matrices = json.loads(Path(args.matrices).read_text()) if args.matrices else None
        print(json.dumps(quspin_child(matrices if args.pairs else None)))
        return

    matrices_file = "/tmp/bench_ed_pair_matrices.json"
    Path(matrices_file).write_text(json.dumps(pair_matrices()))
    report = {"problem": f"square {SHAPE[0]}x{SHAPE[1]} open, U={U}, beta={BETA}, mu={MU}",
              "cases": {}}
    for pairs in (False, True):
        if pairs and args.pair_repeats < 1:
            continue
        label = "equal-time + pairs" if pairs else "equal-time, no pairs"
        runs: dict[str, list[dict]] = {"cooperlab": [], "quspin": []}
        for _ in range(args.pair_repeats if pairs else args.repeats):
            for side, python in (("cooperlab", sys.executable),
                                 ("quspin", args.quspin_python)):
                runs[side].append(run_child(python, side, pairs, matrices_file))
        reference = runs["quspin"][0]
        for key in ("energy_per_site", "double_occupancy", "density", "s_pi_pi",
                    *([f"pair_{p}" for p in ("s", "d", "extended_s")] if pairs else [])):
            diff = abs(runs["cooperlab"][0][key] - reference[key])
            assert diff < 1e-9, (label, key, runs["cooperlab"][0][key], reference[key])
        summary = {}
        for side, rows in runs.items():
            cpu = [r["cpu_s"] for r in rows]
            total = [r["process_cpu_s"] for r in rows]
            summary[side] = {"solve_cpu_s": cpu, "min": min(cpu),
                             "median": statistics.median(cpu),
                             "process_cpu_median": statistics.median(total)}
        summary["ratio_median"] = summary["quspin"]["median"] / summary["cooperlab"]["median"]
        summary["ratio_min"] = summary["quspin"]["min"] / summary["cooperlab"]["min"]
        summary["values"] = {k: v for k, v in runs["cooperlab"][0].items() if "cpu" not in k}
        report["cases"][label] = summary
        print(f"{label}: cooperlab median {summary['cooperlab']['median']:.2f} s "
              f"(min {summary['cooperlab']['min']:.2f}), QuSpin median "
              f"{summary['quspin']['median']:.2f} s (min {summary['quspin']['min']:.2f}); "
              f"QuSpin / cooperlab = {summary['ratio_median']:.1f}x (medians), "
              f"{summary['ratio_min']:.1f}x (minima)", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
