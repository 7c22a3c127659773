"""Figure for the README: s+- -> s++ as orbital fluctuations take over (U' > U).

Run: ``python examples/pairing_phase_diagram.py [OUTPUT.png] [--n_mesh N]`` (default
docs/pairing_phase_diagram.png, N = 32; about two minutes on 2 cores). The five-orbital
model of Graser et al., New J. Phys. 11, 025016 (2009) at n = 6.0, T = 0.01 eV,
U = 0.8 eV and J = J' = 0 (no Hund's coupling, so U' is free): the inter-orbital U' is
swept from 0.5 U to 1.42 U, where the orbital (charge-channel) RPA is at 0.98 of its
instability (reached near U' = 1.43 U). Left: the leading eigenvalue of every pairing
channel; right: the leading gap functions at the two ends (s+- at U' = 0.5 U, s++ at
U' = 1.4 U), coloured by sign (Kontani & Onari, PRL 104, 157001 (2010)). The sweep is
written next to the figure as netCDF (``cooperlab.load`` reads it back).
"""

import json
import sys
from pathlib import Path

import matplotlib
import numpy as np

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from cooperlab.fluctuations import RPAModel, solve_pairing, solve_pairing_diagram  # noqa: E402
from cooperlab.lattice import pnictide5_lattice  # noqa: E402

U = 0.8
RATIOS = np.array([0.5, 0.7, 0.9, 1.0, 1.1, 1.2, 1.3, 1.35, 1.4, 1.42])


def main() -> None:
    args = sys.argv[1:]
    n_mesh = 32
    if "--n_mesh" in args:
        n_mesh = int(args[args.index("--n_mesh") + 1])
        del args[args.index("--n_mesh"):args.index("--n_mesh") + 2]
    output = Path(args[0]) if args else Path("docs/pairing_phase_diagram.png")
    model = RPAModel(pnictide5_lattice(), 0.01, U=U, J=0.0, J_prime=0.0, filling=6.0, n_mesh=n_mesh)
    diagram = solve_pairing_diagram(model, U_prime=RATIOS * U, progress=False)
    diagram.save(output.with_suffix(".nc"))
    print(json.dumps({"ratios": RATIOS.tolist(), "leading": diagram.leading_channels(),
                      "leading_A1_sign": diagram.dataset["leading_A1_sign"].values.tolist(),
                      "stoner_charge": diagram.dataset["stoner_charge"].values.tolist()}))
    fig, axes = plt.subplots(1, 3, figsize=(13, 4), layout="constrained")
    diagram.plot(ax=axes[0])
    axes[0].set_yscale("log")
    axes[0].set_title("five-orbital model, U = 0.8 eV, J = 0")
    for ax, ratio in zip(axes[1:], (0.5, 1.4), strict=True):
        from dataclasses import replace

        result = solve_pairing(replace(model, U_prime=ratio * U))
        result.plot(ax=ax)
        ax.set_title(f"U'/U = {ratio}: {result.labels[result.leading]}, "
                     f"$\\lambda$ = {result.eigenvalue.max():.3f}")
    output.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(output, dpi=130)
    print(f"wrote {output}")


if __name__ == "__main__":
    main()
