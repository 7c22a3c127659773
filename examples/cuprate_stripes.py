"""Figure for the README: fluctuating stripes of the t-t'-U Hubbard model (Yamada plot).

Run: ``python examples/cuprate_stripes.py [OUTPUT.png] [--sweeps N]`` (default
docs/cuprate_stripes.png; about 10 minutes on 2 cores with the defaults). The model of
Huang et al., Science 358, 1161 (2017): 16 x 4 periodic cluster, t' = -0.25 t, U = 6 t,
beta = 4.6 / t (T = 0.22 t), dtau = 0.1, hole doped by mu; two independent Markov chains per
filling (local processes). For each filling the spin structure factor along (q_x, pi) and the
charge structure factor along (q_x, 0) are fitted for their incommensurabilities delta_s and
delta_c (jackknife errors); the figure shows S(q_x, pi) and delta_s / 2 pi versus doping
against the Yamada line delta / 2 pi = x. On 16 x 4 the momentum grid along x is 2 pi / 16,
so delta_s / 2 pi can only take the values 0, 1/16, 2/16, ...: the fit interpolates
between them.
"""

import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from cooperlab.hubbard import DQMCOptions, HubbardModel  # noqa: E402
from cooperlab.hubbard.stripes import solve_stripes, yamada_plot  # noqa: E402
from cooperlab.lattice import square_lattice  # noqa: E402

CHEMICAL_POTENTIALS = (-0.8, -1.4, -2.0)


def main(output: Path, sweeps: int) -> None:
    """Run the three fillings and draw S(q_x, pi) and the Yamada plot."""
    lattice = square_lattice(t=1.0, t_prime=-0.25)
    results = []
    fig, (cuts, yamada) = plt.subplots(1, 2, figsize=(9, 3.8), layout="constrained")
    for mu in CHEMICAL_POTENTIALS:
        model = HubbardModel(lattice, (16, 4), U=6.0, mu=mu, beta=4.6)
        stripes = solve_stripes(model, DQMCOptions(dtau=0.1, n_warmup=200, n_sweeps=sweeps,
                                                   bin_size=20),
                                seed=7, n_chains=2, executor="process", max_workers=2)
        results.append(stripes)
        summary = stripes.summary()
        print(json.dumps({"mu": mu, **summary}), flush=True)
        cuts.errorbar(stripes.qx / 3.141592653589793, stripes.spin_cut, stripes.spin_cut_error,
                      marker="o", label=f"x = {stripes.doping:.3f}")
    cuts.set_xlabel("q_x / pi")
    cuts.set_ylabel("S(q_x, pi)")
    cuts.legend(fontsize="small")
    yamada_plot([r.doping for r in results], [r.delta_spin for r in results],
                [r.delta_spin_error for r in results], ax=yamada)
    output.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(output, dpi=110)


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    count = int(sys.argv[sys.argv.index("--sweeps") + 1]) if "--sweeps" in sys.argv else 2000
    if "--sweeps" in sys.argv:
        args = [a for a in args if a != str(count)]
    main(Path(args[0]) if args else Path("docs/cuprate_stripes.png"), count)
