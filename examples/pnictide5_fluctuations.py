"""Figure for the README: five-orbital iron-pnictide bands, Fermi surface and RPA chi_s(q).

Run: ``python examples/pnictide5_fluctuations.py [OUTPUT.png]`` (default
docs/pnictide5_fluctuations.png). Model of Graser et al., New J. Phys. 11, 025016 (2009),
n = 6.0 electrons per Fe, T = 0.02 eV, 48 x 48 mesh, J/U = 0.25 (U' = U - 2J, J' = J),
U = 0.9 U_c. Compare their Figs. 1-2 (bands and orbital character: xz/yz hole pockets at
Gamma, electron pockets at (pi, 0) with yz sides and xy tips; with the published table also
a small d_xy hole pocket at (pi, pi), whose top lies 7 meV above mu) and the spin
susceptibility peaked near (pi, 0) and (0, pi) (their Fig. 4).
"""

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import cooperlab as cl  # noqa: E402
import cooperlab.fluctuations as fl  # noqa: E402
from cooperlab.lattice import pnictide5_lattice  # noqa: E402


def main(output: Path) -> None:
    """Draw bands (left), Fermi surface (middle) and chi_s(q) at 0.9 U_c (right)."""
    lattice, temperature = pnictide5_lattice(), 0.02
    bands = fl.solve_orbital_bands(lattice, temperature, filling=6.0, n_mesh=64)
    surface = fl.solve_fermi_surface(lattice, temperature, filling=6.0, n_mesh=128)
    stoner = fl.solve_stoner(fl.RPAModel(lattice, temperature, U=1.0, J=0.25, filling=6.0,
                                         n_mesh=48))
    u = 0.9 * stoner.U_c
    rpa = fl.solve_rpa(fl.RPAModel(lattice, temperature, U=u, J=0.25 * u, filling=6.0, n_mesh=48))
    fig, axes = plt.subplots(1, 3, figsize=(14, 4.2), layout="constrained",
                             width_ratios=[1.3, 1, 1.15])
    cl.plot(bands, ax=axes[0])
    axes[0].set_ylim(-1.0, 1.0)
    axes[0].set_title("bands, n = 6.0 (eV)")
    cl.plot(surface, ax=axes[1])
    axes[1].set_title("Fermi surface by orbital")
    cl.plot(rpa, ax=axes[2])
    axes[2].set_title(f"RPA chi_s(q), U = {u:.2f} eV = 0.9 U_c, J = U/4")
    output.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(output, dpi=100)
    print(f"wrote {output}; U_c = {stoner.U_c:.4f} eV at q = {stoner.q_c}; "
          f"chi_s peak {rpa.peak()}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/pnictide5_fluctuations.png"))
