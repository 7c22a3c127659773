"""DQMC speed: cooperlab (delayed rank-k updates) against a plain numpy rank-1 reference.

Problems: 8x8 square, U = 4, beta = 8, dtau = 0.1, half filling; 16x4, U = 4, beta = 4.6.
The reference below is written here (not imported from cooperlab): Hirsch field, forward
sweep, immediate rank-1 (Sherman-Morrison) update of both spins' G after each accepted flip,
stabilisation by QR every ``n_stab`` slices from a left stack, no measurements. cooperlab
runs with measurements at every stabilisation point (so its numbers include them).
1 BLAS thread for both (threadpoolctl).

    PYTHONPATH=src python benchmarks/bench_dqmc.py --sweeps 4 --json /tmp/bench_dqmc.json
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np
import scipy.linalg as sla
from threadpoolctl import threadpool_limits

from cooperlab.hubbard import DQMCEngine, DQMCOptions, HubbardModel


class ReferenceDQMC:
    """Plain rank-1-update DQMC of the square-lattice Hubbard model at half filling."""

    def __init__(self, lx: int, ly: int, U: float, beta: float, dtau: float, seed: int,
                 n_stab: int = 10) -> None:
        n = lx * ly
        h = np.zeros((n, n))
        for x in range(lx):
            for y in range(ly):
                i = x * ly + y
                for j in (((x + 1) % lx) * ly + y, x * ly + (y + 1) % ly):
                    h[i, j] -= 1.0
                    h[j, i] -= 1.0
        self.n, self.L, self.n_stab = n, int(round(beta / dtau)), n_stab
        self.expk = sla.expm(-dtau * h)
        self.expk_inv = sla.expm(dtau * h)
        self.lam = np.arccosh(np.exp(dtau * U / 2))
        self.rng = np.random.default_rng(seed)
        self.s = self.rng.choice([-1.0, 1.0], size=(self.L, n))

    def b(self, l: int, sigma: int) -> np.ndarray:
        return np.exp(sigma * self.lam * self.s[l])[:, None] * self.expk

    def green(self, l0: int, sigma: int) -> np.ndarray:
        """G at slice l0 from QR products of B_{l0}...B_1 B_L...B_{l0+1} (chunks of n_stab)."""
        order = [*range(l0, self.L), *range(0, l0)]
        q, d, t = np.eye(self.n), np.ones(self.n), np.eye(self.n)
        for start in range(0, self.L, self.n_stab):
            chunk = np.eye(self.n)
            for l in order[start:start + self.n_stab]:
                chunk = self.b(l, sigma) @ chunk
            q, r = np.linalg.qr((chunk @ q) * d)
            d = np.abs(np.diag(r))
            t = (r / d[:, None]) @ t
        # G = (1 + Q D T)^-1 = T^-1 (Q^T T^-1 + D)^-1 Q^T
        tinv = np.linalg.inv(t)
        return tinv @ np.linalg.inv(q.T @ tinv + np.diag(d)) @ q.T

    def sweep(self) -> None:
        g = [self.green(0, 1), self.green(0, -1)]
        for l in range(self.L):
            for k, sigma in enumerate((1, -1)):
                bl = self.b(l, sigma)
                g[k] = bl @ g[k] @ np.linalg.inv(bl)
            for i in range(self.n):
                deltas = [np.exp(-2 * sigma * self.lam * self.s[l, i]) - 1 for sigma in (1, -1)]
                ratios = [1 + deltas[k] * (1 - g[k][i, i]) for k in range(2)]
                if self.rng.random() < abs(ratios[0] * ratios[1]):
                    for k in range(2):
                        row = g[k][i, :].copy()
                        row[i] -= 1.0
                        g[k] = g[k] + np.outer(g[k][:, i], row) * (deltas[k] / ratios[k])
                    self.s[l, i] *= -1
            if (l + 1) % self.n_stab == 0 and l + 1 < self.L:
                g = [self.green(l + 1, 1), self.green(l + 1, -1)]
                # (stabilised G at the next slice boundary, before its wrap)
                g = [np.linalg.inv(self.b(l + 1, s_)) @ gg @ self.b(l + 1, s_)
                     for gg, s_ in zip(g, (1, -1), strict=True)]


def time_sweeps(step, warm: int, sweeps: int) -> float:
    for _ in range(warm):
        step()
    start = time.perf_counter()
    for _ in range(sweeps):
        step()
    return sweeps / (time.perf_counter() - start)


def cooperlab_rate(lx: int, ly: int, U: float, beta: float, dtau: float, sweeps: int,
                   warm: int = 1) -> tuple[float, dict]:
    model = HubbardModel.square(lx, ly, U=U, temperature=1 / beta)
    engine = DQMCEngine(model, DQMCOptions(dtau=dtau), np.random.default_rng(1))
    rate = time_sweeps(lambda: engine.sweep(True), warm, sweeps)
    return rate, {"acceptance": engine.accepted / engine.proposed, "n_stab": engine.n_stab,
                  "backend": engine.backend,
                  "stabilization_error": engine.last_error}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sweeps", type=int, default=4)
    parser.add_argument("--no-scaling", action="store_true")
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    out: dict = {}
    with threadpool_limits(limits=1):
        problems = {"8x8_beta8": (8, 8, 8.0), "16x4_beta4.6": (16, 4, 4.6)}
        for name, (lx, ly, beta) in problems.items():
            rate, info = cooperlab_rate(lx, ly, 4.0, beta, 0.1, args.sweeps)
            ref = ReferenceDQMC(lx, ly, 4.0, beta, 0.1, seed=1)
            ref_rate = time_sweeps(ref.sweep, 1, args.sweeps)
            out[name] = {"cooperlab_sweeps_per_s": rate, "reference_sweeps_per_s": ref_rate,
                         "ratio": rate / ref_rate, **info}
            print(f"{name}: cooperlab {rate:.2f} sweeps/s, reference {ref_rate:.2f} sweeps/s, "
                  f"ratio {rate / ref_rate:.2f}  ({info})", flush=True)
        if not args.no_scaling:
            scaling = {}
            for lx, ly, beta in ((4, 4, 4.0), (6, 6, 4.0), (8, 8, 4.0), (10, 10, 4.0),
                                 (12, 12, 4.0), (8, 8, 2.0), (8, 8, 8.0), (8, 8, 16.0)):
                rate, _ = cooperlab_rate(lx, ly, 4.0, beta, 0.1, max(2, args.sweeps // 2))
                scaling[f"N={lx * ly},beta={beta}"] = 1.0 / rate
                print(f"N={lx * ly:3d} beta={beta}: {1e3 / rate:.1f} ms/sweep", flush=True)
            out["seconds_per_sweep"] = scaling
    try:
        import cupy  # noqa: F401
        out["gpu"] = "cupy present but no GPU path implemented in cooperlab DQMC"
    except ImportError:
        out["gpu"] = "no GPU path (cupy absent); not measured"
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(out, handle, indent=2)


if __name__ == "__main__":
    main()
