"""Time per BdG self-consistency iteration versus cluster size: dense versus KPM.

Run from the repository root::

    PYTHONPATH=src python benchmarks/bench_bdg.py [--dense 8 12 16 24 32]
        [--kpm 16 32 64 128] [--moments 256] [--probe-period 8] [--json out.json]
        [--backend numpy|cupy] [--ldos L]

The problem: square lattice, t = 1, U = -2.5, mu = -0.4, T = 0.05, box disorder of width 1
(seed 1), periodic L x L clusters, 1 BLAS thread. One iteration = the mean fields from the
current fields: for the dense solver one ``eigh`` of the 2N x 2N Nambu matrix plus the
field sums; for KPM the Chebyshev expansion of the Fermi function (``--moments``) applied to
2 P^2 probe vectors (``--probe-period`` P) by sparse-times-block products. The slopes of
log(time) versus log(N) are fitted; the crossover is where the two fits meet.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np
from machine import cpu_model
from threadpoolctl import threadpool_limits

from cooperlab.bdg import BdGModel, Disorder
from cooperlab.bdg.dense import BdGOptions, _initial, mean_fields, nambu_hamiltonian
from cooperlab.bdg.kpm_solver import kpm_mean_fields
from cooperlab.lattice import square_lattice


def model(side: int) -> BdGModel:
    return BdGModel(square_lattice().cluster((side, side)), U=-2.5, mu=-0.4, temperature=0.05,
                    disorder=Disorder("box", 1.0, 1))


def dense_iteration(side: int) -> float:
    m = model(side)
    bonds = (np.zeros(0, int), np.zeros(0, int))
    site, bond, density = _initial(m, BdGOptions(), bonds)
    hopping = m.cluster.hopping_matrix()
    start = time.perf_counter()
    ham = nambu_hamiltonian(m, -0.4, site, bond, density, bonds, hopping)
    energies, vectors = np.linalg.eigh(ham)
    mean_fields(m, energies, vectors, bonds)
    return time.perf_counter() - start


def kpm_iteration(side: int, moments: int, period: int, backend: str = "numpy") -> float:
    m = model(side)
    bonds = (np.zeros(0, int), np.zeros(0, int))
    site, bond, density = _initial(m, BdGOptions(), bonds)
    hopping = m.cluster.hopping_matrix(sparse=True)
    start = time.perf_counter()
    kpm_mean_fields(m, -0.4, site, bond, density, bonds, hopping, moments, period, backend)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dense", type=int, nargs="*", default=[8, 12, 16, 24, 32])
    parser.add_argument("--kpm", type=int, nargs="*", default=[16, 32, 64, 128])
    parser.add_argument("--moments", type=int, default=256)
    parser.add_argument("--probe-period", type=int, default=8)
    parser.add_argument("--converge", type=int, default=None,
                        help="Also run a converged KPM solve of this L x L film.")
    parser.add_argument("--backend", default="numpy", choices=["numpy", "cupy"],
                        help="Array backend of the KPM recursion (cupy: on a GPU).")
    parser.add_argument("--ldos", type=int, default=None,
                        help="Also time KPM LDOS maps + gap map of an L x L film.")
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    rows: dict[str, list[tuple[int, float]]] = {"dense": [], "kpm": []}
    with threadpool_limits(limits=1):
        for side in args.dense:
            rows["dense"].append((side * side, dense_iteration(side)))
            print(f"dense {side}x{side}: {rows['dense'][-1][1]:.3f} s", flush=True)
        for side in args.kpm:
            rows["kpm"].append((side * side, kpm_iteration(side, args.moments,
                                                           args.probe_period, args.backend)))
            print(f"kpm {side}x{side}: {rows['kpm'][-1][1]:.3f} s", flush=True)
    fits = {}
    for name, data in rows.items():
        if len(data) > 1:
            n, t = np.array(data, dtype=float).T
            fits[name] = np.polyfit(np.log(n[-3:]), np.log(t[-3:]), 1)
            print(f"{name}: time ~ N^{fits[name][0]:.2f}")
    if len(fits) == 2:
        (a1, b1), (a2, b2) = fits["dense"], fits["kpm"]
        crossover = float(np.exp((b2 - b1) / (a1 - a2)))
        print(f"crossover at N ~ {crossover:.0f} sites (L ~ {np.sqrt(crossover):.0f})")
    if args.converge:
        from cooperlab.bdg import BdGOptions, solve_bdg

        with threadpool_limits(limits=1):
            start = time.perf_counter()
            state = solve_bdg(model(args.converge), BdGOptions(
                solver="kpm", n_moments=args.moments, probe_period=args.probe_period,
                tolerance=1e-5, max_iterations=60))
        print(f"converged KPM {args.converge}x{args.converge}: "
              f"{time.perf_counter() - start:.0f} s, {json.dumps(state.summary())}")
    if args.ldos:
        from cooperlab.bdg import BdGOptions, SpectraOptions, solve_bdg, solve_local_spectra

        film = model(args.ldos)
        fixed = solve_bdg(film, BdGOptions(self_consistent=False, initial_gap=0.55,
                                           solver="kpm", n_moments=16, probe_period=2))
        start = time.perf_counter()
        spectra = solve_local_spectra(film, fixed, np.linspace(-1.5, 1.5, 31), SpectraOptions(
            solver="kpm", n_moments=128, probe_period=24, backend=args.backend))
        print(f"KPM LDOS maps {args.ldos}x{args.ldos} (31 energies + gap map, M = 128, "
              f"P = 24): {time.perf_counter() - start:.1f} s, {json.dumps(spectra.summary())}")
        from cooperlab.bdg import solve_josephson_map

        start = time.perf_counter()
        maps = solve_josephson_map(film, fixed, 0.3, 0.05, options=SpectraOptions(
            solver="kpm", n_moments=256, probe_period=24, backend=args.backend))
        print(f"KPM Josephson map {args.ldos}x{args.ldos} (M = 256, P = 24, gap map with the "
              f"same): {time.perf_counter() - start:.1f} s, {json.dumps(maps.summary())}")
    if args.json:
        with open(args.json, "w") as handle:
            json.dump({"cpu": cpu_model(), "rows": rows, "moments": args.moments,
                       "probe_period": args.probe_period}, handle, indent=2)


if __name__ == "__main__":
    main()
