"""Figure for the README: the Princeton-style STM map at an AA site in three approximations.

Run: ``python examples/stm_maps_compared.py [OUTPUT.png]`` (default
docs/stm_maps_compared.png; about a minute on 2 cores). Theta = 1.05 deg, Koshino parameters,
epsilon = 10, gates at 25 nm, CNP reference, 12 x 12 mesh, 1 meV broadening, T = 1 K.
Compare Xie et al., Nature 572, 101 (2019), Fig. 2: the flat-band peaks, a few meV apart at
the band edges, split by tens of meV near neutrality where the correlated states form.
"""

import sys
from pathlib import Path

import matplotlib
import numpy as np

matplotlib.use("Agg")
import cooperlab as cl  # noqa: E402


def main(output: Path) -> None:
    """Draw the bare, Hartree and Hartree-Fock maps and the peak splitting versus nu."""
    maps = cl.moire.solve_stm_map_comparison(
        cl.moire.InteractingTBG(), np.linspace(-3.5, 3.5, 15),
        options=cl.moire.HartreeFockOptions(n_mesh=12), broadening_meV=1.0,
        stm=cl.moire.STMOptions(bias_window_meV=40.0, n_bias=801), progress=False)
    ax = cl.plot(maps)
    output.parent.mkdir(parents=True, exist_ok=True)
    ax.figure.savefig(output, dpi=90)
    print(maps.summary())


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/stm_maps_compared.png"))
