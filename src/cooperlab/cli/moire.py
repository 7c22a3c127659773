"""``cooperlab moire ...`` (alias ``tbg``): twisted bilayer graphene from the command line."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import click

from cooperlab import moire
from cooperlab.cli.command import (
    execution_from,
    execution_options,
    output_options,
    plot_option,
    run_command,
    save_plot,
    solver_command,
    stacked,
)
from cooperlab.cli.generate import build, options_from
from cooperlab.moire import hartree_fock, interacting_stm, ldos
from cooperlab.plotting import moire as plots


@click.group("moire")
def group() -> None:
    """Magic-angle twisted bilayer graphene (continuum model)."""


#: Flags of the first CLI kept for its README commands and scripts.
MESH = {"options__n_mesh": ("--mesh",)}
CONTINUUM = {"model__rotate_dirac": ("--no-rotate",),
             "model__continuum__rotate_dirac": ("--no-rotate",)}


def _bands(model: Any, options: Any = None, *, path: str) -> Any:
    return moire.solve_bands(model, path, options)


def _sweep_quantity(model: Any, options: Any = None, *, quantity: str) -> Any:
    return (moire.flat_bandwidth if quantity == "bandwidth" else moire.dirac_velocity)(model)


solver_command(group, "bands", moire.solve_bands, aliases=CONTINUUM, call=_bands, extra=(
    click.option("--path", default="K-G-M-K'", show_default=True,
                 help="k path through K, K', M, G."),), help="Band structure along a path.")
solver_command(group, "dos", moire.solve_dos, aliases=CONTINUUM | MESH)
solver_command(group, "bandwidth", moire.flat_bandwidth, aliases=CONTINUUM | MESH)
solver_command(group, "velocity", moire.dirac_velocity, aliases=CONTINUUM)
solver_command(group, "magic-angle", moire.magic_angles, exclude=("theta_deg",),
               fixed={"theta_deg": 10.0},  # solved for; 10 deg is valid for any cutoff
               aliases=CONTINUUM | {"options__minimize_bandwidth": ("--no-width",)})
solver_command(group, "geometry", moire.solve_geometry, aliases=CONTINUUM | MESH)
PAIRING = CONTINUUM | MESH | {"model__coupling_meV": ("--g",),
                              "model__cutoff_meV": ("--pair-cutoff",)}
solver_command(group, "pairing", moire.solve_superconductor, aliases=PAIRING)
solver_command(group, "sweep", moire.flat_bandwidth, sweepable=True, aliases=CONTINUUM,
               defaults={"model__theta_deg": "0.9:1.3:41"}, call=_sweep_quantity,
               exclude=("n_mesh", "n_path", "convergence_tolerance_meV", "refine_rounds"),
               extra=(click.option("--quantity", type=click.Choice(["bandwidth", "velocity"]),
                                   default="bandwidth", show_default=True),),
               help="Flat bandwidth or Dirac velocity over theta, w0 and/or w1 (a:b:n).")


@group.command("phase-diagram")
@options_from(moire.FlatBandPairingModel, prefix="model__", sweepable=True,
              defaults={"nu": "-3.9:3.9:41"}, aliases={
                  k[7:]: v for k, v in PAIRING.items() if k.startswith("model__")})
@options_from(moire.PairingOptions, prefix="options__", aliases={"n_mesh": ("--mesh",)})
@stacked(execution_options, plot_option("Also draw the dome to this image file."),
         output_options)
def phase_diagram(plot_file: Path | None, as_json: bool, out: Path | None, **values: Any) -> None:
    """T_c and T_BKT over filling (--nu a:b:n), twist angle (--theta) and/or w0, w1."""
    def action() -> Any:
        execution = execution_from(values, out)
        base, swept = build(moire.FlatBandPairingModel, values, prefix="model__")
        options, _ = build(moire.PairingOptions, values, prefix="options__")
        if plot_file is not None and len(swept) != 1:
            raise ValueError(f"--plot draws a dome over one swept parameter, got {len(swept)}")
        result = moire.phase_diagram(base, options, **execution,
                                     **(swept or {"nu": [base.nu]}))
        save_plot(plots.plot_dome, result, plot_file)
        return result

    run_command(action, as_json, out)


#: The LDOS and STM options of ``stm`` and ``stm-map`` (whose --bands are the mean field's).
LDOS = stacked(options_from(ldos.LDOSOptions, prefix="ldos__", aliases={"n_mesh": ("--mesh",)},
                            exclude=("bands",)), options_from(ldos.STMOptions, prefix="stm__"))


@group.command("ldos")
@options_from(moire.ContinuumModel, prefix="model__", aliases={"rotate_dirac": ("--no-rotate",)})
@options_from(ldos.LDOSOptions, prefix="ldos__", aliases={"n_mesh": ("--mesh",)})
@click.option("--positions", default="AA,AB,BA,DW", show_default=True,
              help="Comma-separated named positions (AA, AB, BA, DW).")
@output_options
def ldos_command(positions: str, as_json: bool, out: Path | None, **values: Any) -> None:
    """Local density of states at named stacking regions."""
    names = tuple(p.strip() for p in positions.split(",") if p.strip())
    run_command(lambda: ldos.solve_ldos(build(moire.ContinuumModel, values, prefix="model__")[0],
                                        names, build(ldos.LDOSOptions, values, prefix="ldos__")[0]),
                as_json, out)


@group.command("stm")
@options_from(ldos.GatedTip, prefix="model__",
              aliases={"continuum__rotate_dirac": ("--no-rotate",)})
@LDOS
@output_options
def stm(as_json: bool, out: Path | None, **values: Any) -> None:
    """Simulated STM dI/dV(V) at a tip position for a gate filling."""
    def action() -> Any:
        tip = build(ldos.GatedTip, values, prefix="model__")[0]
        return ldos.stm_spectrum(tip.continuum, tip.nu, tip.tip,
                                 build(ldos.LDOSOptions, values, prefix="ldos__")[0],
                                 build(ldos.STMOptions, values, prefix="stm__")[0])

    run_command(action, as_json, out)


START = click.option("--start", type=click.Choice(["best", *hartree_fock.STARTS]), default="best",
                     show_default=True, help="Initial state; best: the lowest of all of them.")
APPROXIMATION = {"hartree-fock": True, "hartree": False}


@group.command("hartree-fock")
@options_from(hartree_fock.InteractingTBG, prefix="model__", aliases={
    "continuum__rotate_dirac": ("--no-rotate",), "bands": ("--active-bands",)})
@options_from(hartree_fock.HartreeFockOptions, prefix="options__", exclude=("start", "exchange"),
              aliases={"n_mesh": ("--mesh",)}, taken={"--bands"})
@START
@click.option("--approximation", type=click.Choice(list(APPROXIMATION)), default="hartree-fock",
              show_default=True)
@click.option("--n-random", type=int, default=2, show_default=True,
              help="With --start best: random starts besides the named ones.")
@click.option("--n-perturbations", type=int, default=1, show_default=True,
              help="With --start best: restarts from the lowest state (refilled, kicked).")
@plot_option("Also draw the mean-field density of states to this image file.")
@click.option("--plot-bands", "bands_file", type=click.Path(path_type=Path), default=None,
              help="Also draw the renormalised bands along K-G-M-K' (mesh a multiple of 6).")
@output_options
def hartree_fock_command(start: str, approximation: str, n_random: int, n_perturbations: int,
                         plot_file: Path | None, bands_file: Path | None, as_json: bool,
                         out: Path | None, **values: Any) -> None:
    """Self-consistent Hartree(-Fock) state at filling nu: phase, gap, order parameters.

    With --start best (the default), the lowest state of a search over every named start,
    --n-random random ones and --n-perturbations restarts from the lowest; the summary
    lists every candidate (energy per cell, gap, phase, converged, iterations) and the
    search's warnings (e.g. nearly degenerate states of different order).
    """
    def action() -> Any:
        system = build(hartree_fock.InteractingTBG, values, prefix="model__")[0]
        options = build(hartree_fock.HartreeFockOptions, values, prefix="options__",
                        exchange=APPROXIMATION[approximation],
                        start="symmetric" if start == "best" else start)[0]
        if start == "best":
            with warnings.catch_warnings():  # reported in the summary's "warnings"
                warnings.simplefilter("ignore")
                state = hartree_fock.hartree_fock_ground_state(
                    system, options, hartree_fock.STARTS, n_random=n_random,
                    n_perturbations=n_perturbations)
        else:
            state = hartree_fock.solve_hartree_fock(system, options)
        save_plot(plots.plot_hartree_fock, state, plot_file)
        save_plot(plots.plot_hartree_fock_bands, state, bands_file)
        return state

    run_command(action, as_json, out)


@group.command("stm-map")
@options_from(hartree_fock.InteractingTBG, prefix="model__", sweepable=True,
              defaults={"nu": "-3.9:3.9:33"}, aliases={
                  "continuum__rotate_dirac": ("--no-rotate",), "bands": ("--active-bands",)})
@click.option("--tip", default="AA", show_default=True,
              help="Tip position: AA, AB, BA, DW or average.")
@LDOS
@click.option("--g-cutoff", type=float, default=2.0, show_default=True,
              help="Reciprocal vectors |G| <= G_CUTOFF |b| in the form factors.")
@click.option("--approximation", type=click.Choice(["none", *APPROXIMATION, "all"]),
              default="none", show_default=True,
              help="Bare bands, Hartree, Hartree-Fock, or all three side by side.")
@stacked(execution_options, plot_option("Also draw the map to this image file."),
         output_options)
def stm_map(tip: str, g_cutoff: float, approximation: str, plot_file: Path | None,
            as_json: bool, out: Path | None, **values: Any) -> None:
    """dI/dV at the tip versus gate filling and bias (progress bar; dask with --scheduler).

    With an interacting --approximation the mean field runs on the --mesh (12 is a good
    choice; both layers).
    """
    def action() -> Any:
        execution = execution_from(values, out)
        system, swept = build(hartree_fock.InteractingTBG, values, prefix="model__")
        fillings = swept.get("nu", [system.nu])
        ldos_options = build(ldos.LDOSOptions, values, prefix="ldos__")[0]
        stm_options = build(ldos.STMOptions, values, prefix="stm__")[0]
        if approximation == "none":
            result = ldos.stm_map(ldos.GatedTip(continuum=system.continuum, nu=system.nu,
                                                tip=tip), fillings, ldos_options, stm_options,
                                  **execution)
            save_plot(plots.plot_stm_map, result, plot_file)
            return result
        if ldos_options.layer is not None:
            raise ValueError("--layer must be both with an interacting --approximation")
        options = hartree_fock.HartreeFockOptions(n_mesh=ldos_options.n_mesh, g_cutoff=g_cutoff)
        if approximation == "all":
            result = interacting_stm.compare_stm_maps(
                system, fillings, tip, interacting_stm.APPROXIMATIONS, options,
                ldos_options.broadening_meV, stm_options, **execution)
            save_plot(plots.plot_stm_comparison, result, plot_file)
            return result
        result = interacting_stm.mean_field_stm_map(
            system, fillings, tip, approximation, options, ldos_options.broadening_meV,
            stm_options, **execution)
        save_plot(plots.plot_stm_map, result, plot_file)
        return result

    run_command(action, as_json, out)
