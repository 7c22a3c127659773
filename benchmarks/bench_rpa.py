"""Static chi0_{ab,cd}(q, 0) of the five-orbital model on all q of an N x N mesh: FFT vs direct.

Run from the repository root::

    PYTHONPATH=src python benchmarks/bench_rpa.py [--sizes 16 32 64] [--repeats 3]
        [--direct-q 64] [--json out.json]

The problem: Graser et al. (2009) five-orbital model (``pnictide5_lattice``), n = 6.0
electrons per Fe, T = 0.02 eV (beta * bandwidth = 236, IR Lambda = 1000, 72 sampling
times), the static bare susceptibility ``chi0_{ab,cd}(q, i nu = 0)`` (625 orbital-pair
elements) at every q of the Gamma-centred N x N mesh.

(a) cooperlab: ``chi0_mesh(bands)``: imaginary-time factors, FFT convolution over k, IR
    weights (the one-time singular-value expansion is timed separately and excluded: it is
    cached per process and per decade of Lambda).
(b) direct reference written here: the band-basis Lindhard double sum, numpy vectorised
    over k and band pairs (two BLAS contractions per q), looped over q. Timed on
    ``--direct-q`` evenly spread q points and extrapolated to all N^2 q where that is fewer
    than N^2 (the table says which). At the smallest N all q are computed and (a) and (b)
    must agree to 1e-10 (asserted).
Diagonalisation (shared by both) is excluded. BLAS/OpenMP threads capped at 1. Also timed:
the RPA spin and charge solves on all q of the largest mesh (``rpa_mesh`` given chi0).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time

import numpy as np
from threadpoolctl import threadpool_limits

sys.path.insert(0, os.path.dirname(__file__))
from machine import cpu_model  # noqa: E402

from cooperlab.fluctuations import RPAModel, band_mesh, chi0_mesh, rpa_mesh  # noqa: E402
from cooperlab.fluctuations.matsubara import bosonic_weights  # noqa: E402
from cooperlab.lattice import pnictide5_lattice  # noqa: E402

T = 0.02


def direct_chi0(bands, q_indices: list[tuple[int, int]]) -> np.ndarray:
    """Reference: chi0_{ab,cd}(q) = (1/N) sum_k sum_st U_cs U*_as W_st U_bt(k+q) U*_dt(k+q).

    W_st = [f(xi_s(k)) - f(xi_t(k+q))] / [xi_t(k+q) - xi_s(k)], and -f'(xi) where the two
    energies coincide (to 1e-9).
    """
    nk, n = bands.nk, bands.n_orbitals
    xi = bands.xi.reshape(nk * nk, n)
    u = bands.vectors.reshape(nk * nk, n, n)
    f = 0.5 * (1 - np.tanh(xi / (2 * bands.T)))
    dfde = -1 / (4 * bands.T * np.cosh(xi / (2 * bands.T)) ** 2)
    left_pairs = np.einsum("kcs,kas->kcas", u, np.conj(u)).reshape(nk * nk, n * n, n)
    out = []
    grid = np.arange(nk * nk).reshape(nk, nk)
    for i, j in q_indices:
        shifted = np.roll(grid, (-i, -j), axis=(0, 1)).ravel()
        xi_q, u_q, f_q = xi[shifted], u[shifted], f[shifted]
        gap = xi_q[:, None, :] - xi[:, :, None]
        degenerate = np.abs(gap) < 1e-9
        w = np.where(degenerate, -np.broadcast_to(dfde[:, :, None], gap.shape),
                     (f[:, :, None] - f_q[:, None, :]) / np.where(degenerate, 1.0, gap))
        left = left_pairs @ w                                          # (k, ca, t)
        right = np.einsum("kbt,kdt->kbdt", u_q, np.conj(u_q)).reshape(nk * nk, n * n, n)
        chi = np.einsum("kxt,kyt->xy", left, right, optimize=True) / nk**2   # (ca, bd)
        out.append(chi.reshape(n, n, n, n).transpose(1, 2, 0, 3).reshape(n * n, n * n))
    return np.asarray(out)


def best_of(func, repeats: int):
    times, value = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        value = func()
        times.append(time.perf_counter() - start)
    return min(times), value


def main() -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[16, 32, 64])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--direct-q", type=int, default=64,
                        help="q points timed for the direct sum where N^2 is larger")
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    lattice = pnictide5_lattice()
    report: dict = {"machine": {"cpu": cpu_model(), "python": platform.python_version()},
                    "T_eV": T, "filling": 6.0, "rows": []}
    with threadpool_limits(1):
        bands = band_mesh(lattice, min(args.sizes), T, n=6.0)
        width = float(bands.xi.max() - bands.xi.min())
        bosonic_weights.cache_clear()
        start = time.perf_counter()
        tau, _ = bosonic_weights(1 / T, width, (0,))
        report["ir_setup_s"] = time.perf_counter() - start
        report["ir_sampling_times"] = int(tau.size)
        print(f"IR basis (one-time, cached): {report['ir_setup_s']:.2f} s, "
              f"{tau.size} sampling times")
        print(f"{'N':>4} {'FFT (s)':>9} {'direct (s)':>11} {'q timed':>8} {'speed-up':>9}")
        for nk in sorted(args.sizes):
            bands = band_mesh(lattice, nk, T, n=6.0)
            fft_time, fast = best_of(lambda b=bands: chi0_mesh(b)[0], args.repeats)
            all_q = [(i, j) for i in range(nk) for j in range(nk)]
            if len(all_q) <= args.direct_q or nk == min(args.sizes):
                q_list = all_q
            else:
                step = len(all_q) / args.direct_q
                q_list = [all_q[int(s * step)] for s in range(args.direct_q)]
            timed, ref = best_of(lambda b=bands, q=q_list: direct_chi0(b, q), 1)
            direct_time = timed * len(all_q) / len(q_list)
            picked = np.array([fast[i, j] for i, j in q_list])
            error = float(np.abs(picked - ref).max())
            if nk == min(args.sizes):
                assert error < 1e-10, error
            row = {"N": nk, "fft_s": fft_time, "direct_s": direct_time,
                   "direct_extrapolated": len(q_list) < len(all_q),
                   "direct_q_timed": len(q_list), "speedup": direct_time / fft_time,
                   "max_abs_difference": error}
            report["rows"].append(row)
            label = f"{len(q_list)}" + ("*" if row["direct_extrapolated"] else "")
            print(f"{nk:>4} {fft_time:>9.3f} {direct_time:>11.2f} {label:>8} "
                  f"{row['speedup']:>8.0f}x   max |FFT - direct| = {error:.1e}")
        nk = max(args.sizes)
        model = RPAModel(lattice, T, U=1.0, J=0.25, filling=6.0, n_mesh=nk)
        bands = model.band_mesh()
        chi0 = chi0_mesh(bands)[0]
        rpa_time, _ = best_of(lambda: rpa_mesh(model, chi0), args.repeats)
        report["rpa_mesh_s"] = rpa_time
        print(f"RPA spin + charge on all q of {nk} x {nk} (given chi0, U = 1 eV, J = U/4): "
              f"{rpa_time:.3f} s")
    print("* direct time extrapolated from the q timed to all N^2 q")
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(report, handle, indent=2)
    return report


if __name__ == "__main__":
    main()
