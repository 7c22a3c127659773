"""Figure for the README: continuum bands and DOS of TBG at theta = 1.05 deg.

Run: ``python examples/magic_angle_bands.py [OUTPUT.png]`` (default docs/magic_angle_bands.png).
Koshino et al. PRX 8, 031087 (2018) parameters (u = 79.7 meV, u' = 97.5 meV); compare their
Fig. 3: two flat bands a few meV wide, separated from the remote bands by global gaps of
13.7 meV (above) and 15.0 meV (below); 15.1 and 16.2 meV apart at Gamma.
"""

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import cooperlab as cl  # noqa: E402


def main(output: Path) -> None:
    """Draw bands (left) and the flat-band DOS with its filling (right)."""
    model = cl.moire.ContinuumModel(theta_deg=1.05)
    bands = cl.moire.solve_bands(model, options=cl.moire.BandOptions(n_mesh=241, bands=6))
    dos = cl.moire.solve_dos(model, cl.moire.DOSOptions(n_mesh=36))
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 4), layout="constrained",
                                      width_ratios=[1.4, 1])
    cl.plot(bands, ax=left, window_meV=60)
    cl.plot(dos, ax=right)
    right.set_title("flat-band DOS and filling ν")
    output.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(output, dpi=110)
    print(f"wrote {output}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/magic_angle_bands.png"))
