"""``cooperlab demo``: the embedded default study of magic-angle twisted bilayer graphene.

Writes into one folder: the band structure at theta = 1.05 deg (Koshino et al. parameters),
the density of states with the filling nu(E), the flat-band width versus twist angle (a
resumable sweep), the magic angle, the flat bands' Chern numbers, Wilson loop and quantum
metric, the superconducting dome T_c(nu), T_BKT(nu) for a 1 meV attraction, and the
non-interacting STM map dI/dV(nu, V) at an AA site, the same map in the Hartree and
Hartree-Fock approximations side by side with the flat-band peak splitting, and the
Hartree-Fock ground state at charge neutrality, a small Josephson-STM map of a
disordered s-wave film (real-space BdG), and the neutron spin resonance of a
Ba0.6K0.4Fe2As2-like s+- superconductor against the same gap without sign change (RPA), as
netCDF data and PNG figures, plus ``summary.json``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np


def run_demo(out_dir: Path, quick: bool = False) -> dict[str, Any]:
    """Run the default study and return ``{"out_dir": ..., "files": [...], ...}``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from cooperlab import moire
    from cooperlab.moire.ldos import GatedTip, LDOSOptions, solve_bare_stm_map
    from cooperlab.plotting.moire import plot_dome, plot_stm_map
    from cooperlab.sweep import sweep

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    model = moire.ContinuumModel(theta_deg=1.05)
    files: list[str] = []

    def save(result: Any, stem: str, plotter: Any) -> None:
        result.save(out_dir / f"{stem}.nc")
        ax = plotter(result)
        ax.figure.savefig(out_dir / f"{stem}.png", dpi=150)
        plt.close(ax.figure)
        files.extend([f"{stem}.nc", f"{stem}.png"])

    bands = moire.solve_bands(model, options=moire.BandOptions(n_mesh=121 if quick else 241))
    save(bands, "bands", lambda r: r.plot(window_meV=80))
    dos = moire.solve_dos(model, moire.DOSOptions(n_mesh=12 if quick else 36))
    save(dos, "dos", lambda r: r.plot())
    angles = np.linspace(0.9, 1.3, 5 if quick else 21)
    width = sweep(moire.solve_flat_bandwidth, model, store=out_dir / "bandwidth_sweep",
                  theta_deg=angles)
    magic = moire.solve_magic_angles(model, moire.MagicAngleOptions(minimize_bandwidth=not quick))
    magic.save(out_dir / "magic_angle.nc")
    files.append("magic_angle.nc")

    def plot_width(result: Any) -> Any:
        ax = result.plot(var="width_meV", marker="o")
        ax.axvline(magic.theta_deg[0], color="tab:red", ls="--",
                   label=f"v* = 0 at {magic.theta_deg[0]:.3f}°")
        ax.legend()
        return ax

    save(width, "bandwidth_vs_angle", plot_width)
    magic_info = {**magic.summary(), "bandwidth_meV": magic.bandwidth_meV.tolist()}
    if magic.theta_min_width_deg is not None:
        magic_info["theta_min_width_deg"] = magic.theta_min_width_deg.tolist()
    geometry = moire.solve_geometry(model, moire.GeometryOptions(n_mesh=12 if quick else 24))
    geometry.save(out_dir / "geometry.nc")
    files.append("geometry.nc")
    pairing = moire.FlatBandPairingModel(continuum=model, coupling_meV=1.0, temperature_K=0.1)
    dome = moire.solve_phase_diagram(
        pairing, moire.FlatBandPairingOptions(n_mesh=12 if quick else 24),
        store=out_dir / "dome_sweep", nu=np.linspace(-3.9, 3.9, 5 if quick else 27),
    )
    save(dome, "dome", plot_dome)
    spectra = solve_bare_stm_map(GatedTip(continuum=model, tip="AA"),
                      np.linspace(-3.9, 3.9, 9 if quick else 33),
                      LDOSOptions(n_mesh=9 if quick else 18), store=out_dir / "stm_sweep")
    save(spectra, "stm_map", plot_stm_map)
    interacting = moire.InteractingTBG(continuum=model)
    mean_field_mesh = 6 if quick else 12
    neutral = moire.solve_hartree_fock_ground_state(
        interacting, moire.HartreeFockOptions(n_mesh=mean_field_mesh))
    save(neutral, "hartree_fock_cnp", lambda r: r.plot())
    from cooperlab.plotting.moire import plot_hartree_fock_bands

    ax = plot_hartree_fock_bands(neutral)
    ax.figure.savefig(out_dir / "hartree_fock_cnp_bands.png", dpi=150)
    plt.close(ax.figure)
    files.append("hartree_fock_cnp_bands.png")
    compared = moire.solve_stm_map_comparison(
        interacting, np.linspace(-3.5, 3.5, 5 if quick else 15),
        options=moire.HartreeFockOptions(n_mesh=mean_field_mesh), broadening_meV=1.0,
        stm=moire.STMOptions(bias_window_meV=40.0, n_bias=801), store=out_dir / "stm_compared")
    save(compared, "stm_map_compared", lambda r: r.plot())
    from cooperlab.bdg import BdGModel, Disorder, solve_bdg, solve_josephson_map
    from cooperlab.lattice import square_lattice

    side = 10 if quick else 16
    film = BdGModel(square_lattice().cluster((side, side)), U=-2.5, mu=-0.4, temperature=0.05,
                    disorder=Disorder("box", 1.5, seed=1))
    film_state = solve_bdg(film)
    jstm = solve_josephson_map(film, film_state, tip_gap=0.3, temperature=0.05)
    jstm.save(out_dir / "jstm_map.nc")
    for name in ("ic_rn", "pair_potential"):
        ax = jstm.plot(quantity=name)
        ax.figure.savefig(out_dir / f"jstm_{name}.png", dpi=150)
        plt.close(ax.figure)
    files.extend(["jstm_map.nc", "jstm_ic_rn.png", "jstm_pair_potential.png"])
    from dataclasses import replace

    from cooperlab.fluctuations import ResonanceOptions, ba_k_fe2as2_model, solve_spin_resonance

    pnictide = ba_k_fe2as2_model(7.0)
    resonance_options = ResonanceOptions(n_mesh=96 if quick else 160, n_omega=120)
    resonance = solve_spin_resonance(pnictide, resonance_options)
    no_sign_change = solve_spin_resonance(replace(pnictide, gap="s++"), resonance_options)
    save(resonance, "spin_resonance", lambda r: r.plot(compare=no_sign_change))
    summary = {
        "model": {"theta_deg": model.theta_deg, "w0_meV": model.w0_meV,
                  "w1_meV": model.w1_meV, "hbar_v_meV_nm": model.hbar_v_meV_nm,
                  "alpha": model.alpha},
        "bands": bands.summary(),
        "dos": dos.summary(),
        "magic_angle": magic_info,
        "geometry": geometry.summary(),
        "dome": {
            "coupling_meV": pairing.coupling_meV,
            "nu": [float(x) for x in dome.to_xarray()["nu"].values],
            "tc_K": [float(x) for x in dome.to_xarray()["tc_K"].values],
            "t_bkt_K": [float(x) for x in dome.to_xarray()["t_bkt_K"].values],
        },
        "hartree_fock_cnp": neutral.summary(),
        "stm_map_compared": compared.summary(),
        "josephson_stm": jstm.summary(),
        "spin_resonance": {"s+-": resonance.summary(), "s++": no_sign_change.summary()},
        "bandwidth_vs_angle": {
            "theta_deg": [float(x) for x in angles],
            "width_meV": [float(x) for x in width.to_xarray()["width_meV"].values],
        },
    }
    (out_dir / "summary.json").write_text(json.dumps(summary, indent=2))
    files.append("summary.json")
    return {"out_dir": str(out_dir), "files": files, "magic_angle": magic_info}
