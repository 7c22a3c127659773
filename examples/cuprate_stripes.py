"""Figure for the README: fluctuating stripes of the t-t'-U Hubbard model (Yamada plot).

Run: ``python examples/cuprate_stripes.py [OUTPUT.png] [--beta B] [--U U] [--mu MU ...]
[--sweeps N] [--chains C] [--workers W] [--json RESULTS.json]``.

The model of Huang et al., Science 358, 1161 (2017): 16 x 4 periodic cluster, t' = -0.25 t,
U = 6 t, dtau = 0.1, hole doped by mu; independent Markov chains per filling (local
processes). Huang et al. work at T = 0.22 t (beta = 4.6), where the average sign on 16 x 4
is 0.02-0.2 between x = 0.27 and 0.02 and a few thousand sweeps do not resolve the peaks; the
default here is beta = 3 (T = 0.33 t), where the sign is about 0.65 near x = 1/8 (five
fillings x 2 chains x 2,000 sweeps: about 12 minutes with ``--workers 1``). For each
filling the spin structure factor along (q_x, pi) and the charge structure factor along
(q_x, 0) are fitted for their incommensurabilities delta_s and delta_c (jackknife errors);
the figure shows S(q_x, pi) and delta_s / 2 pi versus doping against the Yamada line
delta / 2 pi = x. On 16 x 4 the momentum grid along x is 2 pi / 16, so delta_s / 2 pi can
only take the values 0, 1/16, 2/16, ...: the fit interpolates between them.
"""

import argparse
import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from cooperlab.hubbard import DQMCOptions, HubbardModel  # noqa: E402
from cooperlab.hubbard.stripes import solve_stripes, yamada_plot  # noqa: E402
from cooperlab.lattice import square_lattice  # noqa: E402

CHEMICAL_POTENTIALS = (-1.0, -1.5, -1.62, -1.75, -2.0)


def main(output: Path, beta: float, U: float, mus: list[float], sweeps: int, chains: int,
         workers: int, json_path: Path | None) -> None:
    """Run the fillings and draw S(q_x, pi) and the Yamada plot."""
    lattice = square_lattice(t=1.0, t_prime=-0.25)
    results, rows = [], []
    fig, (cuts, yamada) = plt.subplots(1, 2, figsize=(9, 3.8), layout="constrained")
    for mu in mus:
        model = HubbardModel(lattice, (16, 4), U=U, mu=mu, temperature=1 / beta)
        options = DQMCOptions(dtau=0.1, n_warmup=200, n_sweeps=sweeps, bin_size=20)
        run = ({"executor": "process", "max_workers": workers} if chains > 1 else {})
        stripes = solve_stripes(model, options, seed=7, n_chains=chains, **run)
        results.append(stripes)
        row = {"mu": mu, "beta": beta, "U": U, **stripes.summary(),
               "qx_over_pi": (stripes.qx / np.pi).round(4).tolist(),
               "spin_cut": stripes.spin_cut.tolist(),
               "spin_cut_error": stripes.spin_cut_error.tolist(),
               "charge_cut": stripes.charge_cut.tolist(),
               "charge_cut_error": stripes.charge_cut_error.tolist(),
               "wall_time_s": stripes.metadata.get("wall_time_s")}
        rows.append(row)
        print(json.dumps({k: v for k, v in row.items() if not isinstance(v, list)}), flush=True)
        cuts.errorbar(stripes.qx / np.pi, stripes.spin_cut, stripes.spin_cut_error,
                      marker="o", label=f"x = {stripes.doping:.3f}, sign {stripes.sign:.2f}")
    cuts.set_xlabel("q_x / pi")
    cuts.set_ylabel("S(q_x, pi)")
    cuts.set_title(f"16 x 4, U = {U:g}, t' = -0.25, beta = {beta:g}", fontsize="medium")
    cuts.legend(fontsize="small")
    yamada_plot([r.doping for r in results], [r.delta_spin for r in results],
                [r.delta_spin_error for r in results], ax=yamada)
    output.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(output, dpi=110)
    if json_path is not None:
        json_path.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", nargs="?", type=Path, default=Path("docs/cuprate_stripes.png"))
    parser.add_argument("--beta", type=float, default=3.0)
    parser.add_argument("--U", type=float, default=6.0)
    parser.add_argument("--mu", type=float, nargs="+", default=list(CHEMICAL_POTENTIALS))
    parser.add_argument("--sweeps", type=int, default=2000)
    parser.add_argument("--chains", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    main(args.output, args.beta, args.U, args.mu, args.sweeps, args.chains, args.workers,
         args.json)
