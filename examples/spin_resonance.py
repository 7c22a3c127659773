"""Figure for the README: the spin resonance of an s+- superconductor and its absence for s++.

Run: ``python examples/spin_resonance.py [OUTPUT.png]`` (default docs/spin_resonance.png;
about a minute on 2 cores). Left: chi''(Q = (pi, 0), omega) of the Ba0.6K0.4Fe2As2-like
two-orbital model at 7 K (``ba_k_fe2as2_model``) for the sign-changing gap
Delta_0 cos kx cos ky and for the same |Delta(k)| without the sign change; the dotted line is
the continuum edge Omega_c. Middle: the resonance energy versus U / U_c moves up to Omega_c
as U decreases (Maier & Scalapino, PRB 78, 020514 (2008)). Right: resonance and edge versus
the gap amplitude Delta_0 at U = 0.95 U_c.
"""

import sys
from dataclasses import replace
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from cooperlab.fluctuations.resonance import (  # noqa: E402
    BA_K_FE2AS2_RESONANCE_MEV,
    ResonanceOptions,
    ba_k_fe2as2_model,
    solve_spin_resonance,
)

#: U_c of the normal state at (pi, 0), J = U / 4, 7 K (see resonance.BA_K_FE2AS2_U).
CRITICAL_U = 2.984


def main(output: Path) -> None:
    options = ResonanceOptions(n_mesh=240, n_omega=200)
    model = ba_k_fe2as2_model(7.0)
    spm = solve_spin_resonance(model, options)
    spp = solve_spin_resonance(replace(model, gap="s++"), options)
    fig, (left, right, gaps) = plt.subplots(1, 3, figsize=(15, 4.2), layout="constrained")
    spm.plot(ax=left, compare=spp)
    left.axvline(BA_K_FE2AS2_RESONANCE_MEV, color="k", lw=0.8, alpha=0.4)
    left.set_title("Ba0.6K0.4Fe2As2-like, 7 K (grey: measured 14 meV)", fontsize="medium")
    fractions = np.linspace(0.90, 0.97, 8)
    scale = model.energy_unit_meV
    energies = [solve_spin_resonance(replace(model, U=f * CRITICAL_U, J=f * CRITICAL_U / 4),
                                     options).resonance_energy * scale for f in fractions]
    right.plot(fractions, energies, "o-", color="tab:red", label="resonance")
    right.axhline(spm.omega_c * scale, color="tab:red", ls=":", label="Ω_c")
    right.set_xlabel("U / U_c")
    right.set_ylabel("ω_res (meV)")
    right.set_title("resonance moves to the edge as U decreases", fontsize="medium")
    right.legend()
    delta_meV = np.linspace(6.0, 14.0, 5)
    scans = [solve_spin_resonance(replace(model, gap_amplitude=d / scale), options)
             for d in delta_meV]
    gaps.plot(delta_meV, [r.resonance_energy * scale for r in scans], "o-", color="tab:red",
              label="resonance")
    gaps.plot(delta_meV, [r.omega_c * scale for r in scans], "s:", color="tab:red",
              label="Ω_c")
    gaps.set_xlabel("Δ_0 (meV)")
    gaps.set_ylabel("energy (meV)")
    gaps.set_title("both scale with the gap (U = 0.95 U_c)", fontsize="medium")
    gaps.legend()
    fig.savefig(output, dpi=120)
    print(f"wrote {output}: resonance {spm.resonance_energy * scale:.2f} meV, "
          f"Omega_c {spm.omega_c * scale:.2f} meV")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/spin_resonance.png"))
