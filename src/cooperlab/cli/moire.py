"""``cooperlab moire ...`` (alias ``tbg``): twisted bilayer graphene from the command line."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import click

from cooperlab import moire
from cooperlab.cli import command as cmd
from cooperlab.cli.generate import build, numbers_option, options_from
from cooperlab.moire import hartree_fock as hf
from cooperlab.moire import interacting_stm, ldos
from cooperlab.plotting import moire as plots


@click.group("moire")
def group() -> None:
    """Magic-angle twisted bilayer graphene (continuum model)."""


#: Flags of the first CLI, kept (README commands, scripts).
ROTATE = {"rotate_dirac": ("--no-rotate",), "continuum__rotate_dirac": ("--no-rotate",),
          "bands": ("--active-bands",)}
MODEL = {f"model__{k}": v for k, v in ROTATE.items() if k != "bands"}
MESH_OF = {"n_mesh": ("--mesh",)}
MESH = {f"options__{k}": v for k, v in MESH_OF.items()}
PAIRING = MODEL | MESH | {"model__coupling_meV": ("--g",), "model__cutoff_meV": ("--pair-cutoff",)}
STM = options_from(ldos.STMOptions, prefix="stm__", aliases={"bias_window_meV": ("--window",)})


def _bands(model: Any, options: Any = None, *, path: str) -> Any:
    return moire.solve_bands(model, path, options)


def _quantity(model: moire.ContinuumModel, *, quantity: str) -> Any:
    """Flat bandwidth or Dirac velocity over theta, w0 and/or w1 (a:b:n)."""
    solve = moire.solve_flat_bandwidth if quantity == "bandwidth" else moire.solve_dirac_velocity
    return solve(model)


def _ldos(model: Any, options: Any = None, *, positions: str) -> Any:
    return ldos.solve_ldos(model, tuple(p.strip() for p in positions.split(",")), options)


def _stm(tip: Any, options: Any = None, **values: Any) -> Any:
    stm = build(ldos.STMOptions, values, prefix="stm__")[0]
    return ldos.solve_stm_spectrum(tip.continuum, tip.nu, tip.tip, options, stm)


cmd.solver_command(group, "bands", moire.solve_bands, aliases=MODEL, call=_bands, extra=(
    click.option("--path", default="K-G-M-K'", show_default=True, help="Through K, K', M, G."),),
    help="Band structure along a path.")
cmd.solver_command(group, "dos", moire.solve_dos, aliases=MODEL | MESH)
cmd.solver_command(group, "bandwidth", moire.solve_flat_bandwidth, aliases=MODEL | MESH)
cmd.solver_command(group, "velocity", moire.solve_dirac_velocity, aliases=MODEL)
cmd.solver_command(group, "magic-angle", moire.solve_magic_angles, exclude=("theta_deg",),
                   fixed={"theta_deg": 10.0},  # solved for; 10 deg is valid for any cutoff
                   aliases=MODEL | {"options__minimize_bandwidth": ("--no-width",)})
cmd.solver_command(group, "geometry", moire.solve_geometry, aliases=MODEL | MESH)
cmd.solver_command(group, "pairing", moire.solve_superconductor, aliases=PAIRING)
cmd.solver_command(group, "sweep", _quantity, sweepable=True, aliases=MODEL,
                   defaults={"model__theta_deg": "0.9:1.3:41"}, extra=(click.option(
                       "--quantity", type=click.Choice(["bandwidth", "velocity"]),
                       default="bandwidth", show_default=True),))
cmd.solver_command(group, "ldos", ldos.solve_ldos, aliases=MODEL | MESH, call=_ldos, extra=(
    click.option("--positions", default="AA,AB,BA,DW", show_default=True,
                 help="Comma-separated named positions (AA, AB, BA, DW)."),),
    help="Local density of states at named stacking regions.")
cmd.solver_command(group, "stm", ldos.solve_stm_spectrum, model=ldos.GatedTip,
                   options=ldos.LDOSOptions, aliases=MODEL | MESH, call=_stm, extra=(STM,),
                   help="Simulated STM dI/dV(V) at a tip position for a gate filling.")
cmd.solver_command(group, "hartree-fock-temperature", moire.solve_hartree_fock_temperatures,
                   sweepable=True, plot=True, aliases=MODEL | MESH,
                   exclude=("options__start", "options__temperature_K"), extra=(numbers_option(
                       "--temperatures", "temperatures_K", "1,5,10:200:20", "Temperatures [K]"),))


@group.command("phase-diagram")
@options_from(moire.FlatBandPairingModel, prefix="model__", sweepable=True,
              defaults={"nu": "-3.9:3.9:41"}, aliases={k[7:]: v for k, v in PAIRING.items()})
@cmd.stacked(options_from(moire.FlatBandPairingOptions, prefix="options__", aliases=MESH_OF),
             cmd.execution_options, cmd.plot_option("Also draw the dome to this image file."),
             cmd.output_options)
def phase_diagram(plot_file: Path | None, as_json: bool, out: Path | None, **values: Any) -> None:
    """T_c and T_BKT over filling (--nu a:b:n), twist angle (--theta) and/or w0, w1."""
    def action() -> Any:
        execution = cmd.execution_from(values, out)
        base, swept = build(moire.FlatBandPairingModel, values, prefix="model__")
        if plot_file is not None and len(swept) != 1:
            raise ValueError(f"--plot draws a dome over one swept parameter, got {len(swept)}")
        options = build(moire.FlatBandPairingOptions, values, prefix="options__")[0]
        result = moire.solve_phase_diagram(base, options, **execution,
                                           **(swept or {"nu": [base.nu]}))
        cmd.save_plot(plots.plot_dome, result, plot_file)
        return result

    cmd.run_command(action, as_json, out)


APPROXIMATION = {"hartree-fock": True, "hartree": False}
SYSTEM = options_from(hf.InteractingTBG, prefix="model__", aliases=ROTATE)


@group.command("hartree-fock")
@SYSTEM
@click.option("--approximation", type=click.Choice(list(APPROXIMATION)), default="hartree-fock",
              show_default=True)
@options_from(hf.HartreeFockOptions, prefix="options__", exclude=("start", "exchange"),
              aliases=MESH_OF, taken={"--bands"})
@click.option("--start", type=click.Choice(["best", *hf.STARTS]), default="best",
              show_default=True, help="Initial state; best: the lowest of all of them.")
@click.option("--n-random", type=int, default=2, show_default=True,
              help="With --start best: random starts besides the named ones.")
@click.option("--n-perturbations", type=int, default=1, show_default=True,
              help="With --start best: restarts from the lowest state (refilled, kicked).")
@cmd.plot_option("Also draw the mean-field density of states to this image file.")
@click.option("--plot-bands", "bands_file", type=click.Path(path_type=Path),
              help="Also draw the renormalised bands along K-G-M-K' (mesh a multiple of 6).")
@cmd.output_options
def hartree_fock(approximation: str, start: str, n_random: int, n_perturbations: int,
                 plot_file: Path | None, bands_file: Path | None, as_json: bool,
                 out: Path | None, **values: Any) -> None:
    """Self-consistent Hartree(-Fock) state at filling nu: phase, gap, order parameters.

    With --start best (the default), the lowest state of a search over every named start,
    --n-random random ones and --n-perturbations restarts from the lowest; the summary
    lists every candidate (energy per cell, gap, phase, converged, iterations) and the
    search's warnings (e.g. nearly degenerate states of different order).
    """
    def action() -> Any:
        system = build(hf.InteractingTBG, values, prefix="model__")[0]
        options = build(hf.HartreeFockOptions, values, prefix="options__",
                        exchange=APPROXIMATION[approximation],
                        start="symmetric" if start == "best" else start)[0]
        with warnings.catch_warnings():  # the search's warnings are in the summary
            warnings.simplefilter("ignore")
            state = hf.solve_hartree_fock(system, options) if start != "best" else (
                hf.solve_hartree_fock_ground_state(system, options, hf.STARTS, n_random=n_random,
                                             n_perturbations=n_perturbations))
        cmd.save_plot(plots.plot_hartree_fock, state, plot_file)
        cmd.save_plot(plots.plot_hartree_fock_bands, state, bands_file)
        return state

    cmd.run_command(action, as_json, out)

@group.command("stm-map")
@options_from(hf.InteractingTBG, prefix="model__", sweepable=True, aliases=ROTATE,
              defaults={"nu": "-3.9:3.9:33"})
@options_from(ldos.LDOSOptions, prefix="ldos__", aliases=MESH_OF,
              exclude=("bands",))
@cmd.stacked(STM, options_from(interacting_stm.solve_stm_map, exclude=(
    "model", "nu", "ldos", "stm")), cmd.execution_options,
             cmd.plot_option("Also draw the map to this image file."), cmd.output_options)
def stm_map(plot_file: Path | None, as_json: bool, out: Path | None, **values: Any) -> None:
    """dI/dV at the tip versus gate filling (--nu a:b:n) and bias; an interacting
    --approximation runs the mean field on the --mesh (12 is a good choice; both layers)."""
    def action() -> Any:
        execution = cmd.execution_from(values, out)
        system, swept = build(hf.InteractingTBG, values, prefix="model__")
        result = build(interacting_stm.solve_stm_map, values, model=system,
                       nu=swept.get("nu", [system.nu]), **execution,
                       ldos=build(ldos.LDOSOptions, values, prefix="ldos__")[0],
                       stm=build(ldos.STMOptions, values, prefix="stm__")[0])[0]
        cmd.save_plot(None if hasattr(result, "splitting_meV") else plots.plot_stm_map, result,
                  plot_file)
        return result

    cmd.run_command(action, as_json, out)
