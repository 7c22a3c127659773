"""Cost of the Hartree-Fock mean field of twisted bilayer graphene versus the k mesh.

Run from the repository root::

    PYTHONPATH=src python benchmarks/bench_hartree_fock.py [--meshes 6 12 18] [--repeats 20]
        [--reference-meshes 6 12] [--json out.json]

The problem: ``InteractingTBG`` defaults (theta = 1.05 deg, Koshino parameters, the two flat
bands of each of the four flavours: 8 bands; epsilon = 10, gates at 25 nm, CNP reference),
Hartree-Fock with intervalley coherence allowed (three exchange kernels), 19 reciprocal
vectors (|G| <= 2 |b|), 1 BLAS thread. For each ``N x N`` mesh:

1. Form factors, once per mesh (``form_factors``): one complex GEMM ``U^dag S_g U`` per
   distinct shift g and valley (BLAS-3), gathered into the exchange kernels.
2. One iteration of the self-consistency: the mean field of a density change (Hartree +
   exchange: one GEMM per valley pair), the batched ``eigh`` of the 8 x 8 mean-field
   Hamiltonians and the Aufbau filling; the median of ``--repeats`` runs.
3. A whole ground-state search at nu = 0 from the "random" start (iterations and time).

Reference, in the same process on the smaller meshes: a direct implementation of the same
exchange field that loops over the N^2 momentum transfers q and the 19 G, building the
form factors <u_k|u_{k+q+G}> of all k by einsum each time (nothing cached), i.e. what
an iteration costs without precomputed BLAS-3 form factors. Their exchange fields agree
(asserted).
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from typing import Any

import numpy as np
from machine import cpu_model
from threadpoolctl import threadpool_limits

from cooperlab.moire import lattice
from cooperlab.moire.coulomb import form_factors, mesh_states, reciprocal_shells, shifted_index
from cooperlab.moire.hartree_fock import HartreeFockOptions, InteractingTBG, solve_hartree_fock
from cooperlab.moire.mean_field import mean_field, prepare_mean_field
from cooperlab.moire.scf import aufbau


def median_time(func: Any, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def direct_exchange(problem: Any, delta: np.ndarray) -> np.ndarray:
    """Exchange field by explicit loops over q and G (the reference, valley-diagonal part
    plus the K-K' block), with the form factors rebuilt by einsum at every call."""
    states = problem.states
    continuum, n = states.continuum, states.n_mesh
    n_k = states.n_k
    target, wrap = shifted_index(n)
    g_coords = reciprocal_shells(2.0)
    interaction = InteractingTBG().interaction
    area = n_k * continuum.moire_cell_area_nm2
    out = np.zeros_like(delta)
    k_frac = np.stack(np.meshgrid(np.arange(n), np.arange(n), indexing="ij"), -1).reshape(-1, 2)
    for q in range(n_k):
        for g in g_coords:
            lam = []
            for v, sign in enumerate((1, -1)):
                moved = np.empty_like(states.vectors[v])
                for w in {tuple(x) for x in wrap[:, q]}:
                    rows = np.all(wrap[:, q] == w, axis=1)
                    shift = (np.array(w) + g) @ lattice.RECIPROCAL_VECTORS
                    source = continuum.basis.shift_map(sign * shift)
                    picked = states.vectors[v][target[rows, q]]
                    moved[rows] = np.where((source >= 0)[None, :, None],
                                           picked[:, np.maximum(source, 0)], 0.0)
                lam.append(np.einsum("kam,kan->kmn", states.vectors[v].conj(), moved))
            q_vec = (k_frac[q] / n + g) @ lattice.RECIPROCAL_VECTORS * continuum.k_theta_per_nm
            potential = float(interaction.potential(np.linalg.norm(q_vec)))
            shifted = delta[target[:, q]]
            for v in range(2):
                for vp in range(2):
                    block = shifted[:, 2 * v : 2 * v + 2, :, 2 * vp : 2 * vp + 2, :]
                    out[:, 2 * v : 2 * v + 2, :, 2 * vp : 2 * vp + 2, :] -= potential / area * (
                        np.einsum("kab,ksbtc,kdc->ksatd", lam[v], block, lam[vp].conj()))
    return out


def measure(n_mesh: int, repeats: int, with_reference: bool) -> dict[str, Any]:
    model = InteractingTBG(nu=0.0)
    options = HartreeFockOptions(n_mesh=n_mesh)
    with threadpool_limits(limits=1):
        start = time.perf_counter()
        states = mesh_states(model.continuum, n_mesh, "flat")
        t_states = time.perf_counter() - start
        start = time.perf_counter()
        factors = form_factors(states, model.interaction, 2.0, True)
        t_factors = time.perf_counter() - start
        kernel_mib = sum(x.nbytes for x in factors.exchange.values()) / 2**20
        problem = prepare_mean_field(model, options)
        n_k = problem.n_k
        rng = np.random.default_rng(1)
        x = rng.normal(size=(n_k, 8, 8)) + 1j * rng.normal(size=(n_k, 8, 8))
        delta = ((x + x.conj().swapaxes(1, 2)) / 2).reshape(n_k, 4, 2, 4, 2)
        h0 = np.zeros((n_k, 8, 8), complex)
        h0[:, np.arange(8), np.arange(8)] = problem.bare

        def iteration() -> None:
            field = mean_field(problem, delta)
            energy, vectors = np.linalg.eigh(h0 + field.reshape(n_k, 8, 8))
            aufbau(energy, vectors, 4 * n_k)

        t_iteration = median_time(iteration, repeats)
        t_field = median_time(lambda: mean_field(problem, delta), repeats)
        start = time.perf_counter()
        state = solve_hartree_fock(model, HartreeFockOptions(n_mesh=n_mesh, start="random"))
        t_solve = time.perf_counter() - start
        row = {
            "n_mesh": n_mesh, "n_k": n_k, "bands_states_s": t_states,
            "form_factors_s": t_factors, "exchange_kernel_MiB": kernel_mib,
            "iteration_s": t_iteration, "mean_field_s": t_field,
            "ground_state_s": t_solve,
            "iterations": state.metadata["convergence"]["iterations"],
            "phase": state.phase, "gap_meV": float(state.gap_meV),
        }
        if with_reference:
            hartree_only = InteractingTBG(nu=0.0)
            problem_h = prepare_mean_field(hartree_only, HartreeFockOptions(n_mesh=n_mesh))
            exchange = mean_field(problem, delta) - mean_field(
                type(problem)(problem.states, problem.factors, problem.bare,
                              problem.reference, problem.n_bands, False), delta)
            start = time.perf_counter()
            direct = direct_exchange(problem_h, delta)
            row["reference_exchange_s"] = time.perf_counter() - start
            row["reference_max_difference"] = float(np.abs(direct - exchange).max())
            assert row["reference_max_difference"] < 1e-8 * max(1.0, np.abs(exchange).max())
            row["reference_ratio"] = row["reference_exchange_s"] / t_field
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meshes", type=int, nargs="+", default=[6, 12, 18])
    parser.add_argument("--reference-meshes", type=int, nargs="*", default=[6, 12])
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    rows = []
    for n in args.meshes:
        row = measure(n, args.repeats, n in args.reference_meshes)
        rows.append(row)
        print(json.dumps({k: (round(v, 4) if isinstance(v, float) else v)
                          for k, v in row.items()}), flush=True)
    if len(rows) > 1:
        n_k = np.array([r["n_k"] for r in rows], float)
        for key in ("form_factors_s", "iteration_s"):
            slope = np.polyfit(np.log(n_k), np.log([r[key] for r in rows]), 1)[0]
            print(f"{key} scales as N_k^{slope:.2f}")
    report = {"machine": {"cpu": cpu_model(), "python": sys.version.split()[0],
                          "platform": platform.platform()}, "rows": rows}
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(report, handle, indent=2)


if __name__ == "__main__":
    main()
