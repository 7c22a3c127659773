"""The ``cooperlab`` command line: thin wrappers over the library's solve functions.

Every command accepts ``--json`` (one JSON object on stdout) and ``--out FILE`` (the result
saved as netCDF/HDF5, written atomically). Bad input ends with a one-line error that names
the parameter, exit status 2, and no file written.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import numpy as np

from cooperlab.moire.continuum import KOSHINO_HBAR_V_MEV_NM


def parse_range(name: str, text: str) -> np.ndarray:
    """Parse ``start:stop:count`` (inclusive, count points) or a single number."""
    parts = text.split(":")
    try:
        if len(parts) == 1:
            return np.array([float(parts[0])])
        if len(parts) != 3:
            raise ValueError
        start, stop, count = float(parts[0]), float(parts[1]), int(parts[2])
    except ValueError:
        raise ValueError(f"{name} must be a number or start:stop:count, got {text!r}") from None
    if count < 1 or not (np.isfinite(start) and np.isfinite(stop)):
        raise ValueError(f"{name} must be start:stop:count with count >= 1, got {text!r}")
    if count > 1 and start == stop:
        raise ValueError(f"{name} has start == stop with count > 1, got {text!r}")
    return np.linspace(start, stop, count)


def _fail(message: str) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(2)


def run_command(action: Callable[[], Any], as_json: bool, out: Path | None) -> None:
    """Run ``action`` (which returns a Result), save it to ``out``, print the summary.

    Bad input (``ValueError``), a missing file or a failure to reach a scheduler ends with
    one line on stderr and exit status 2; the output file is written only on success.
    """
    try:
        result = action()
    except (ValueError, OSError, TimeoutError) as error:
        _fail(f"{type(error).__name__}: {str(error).splitlines()[0]}"
              if not isinstance(error, ValueError) else str(error).splitlines()[0])
        return
    summary = result.summary()
    if out is not None:
        result.save(out)
    if as_json:
        click.echo(json.dumps(summary))
    else:
        for key, value in summary.items():
            if isinstance(value, dict) and value and all(
                    isinstance(row, dict) for row in value.values()):
                click.echo(f"{key}:")  # a table: one line per row
                for name, row in value.items():
                    click.echo(f"  {name}: " + ", ".join(
                        f"{k}={v:.6g}" if isinstance(v, float) else f"{k}={v}"
                        for k, v in row.items()))
            else:
                click.echo(f"{key}: {value}")


def sweep_target(executor: str | None, scheduler: str | None, store: Path | None,
                 out: Path | None) -> tuple[str, Path | None]:
    """The executor (dask when a scheduler is given) and the point store of a sweep command.

    With ``--out F`` and no ``--store`` the points go to ``F.points``, so an interrupted
    command resumes instead of starting over.
    """
    chosen = executor or ("dask" if scheduler else "serial")
    points = store or (out.with_name(out.name + ".points") if out is not None else None)
    return chosen, points


def stacked(*options: Callable[..., Any]) -> Callable[..., Any]:
    """One decorator applying several click options in the order listed."""

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


#: Where a sweep command runs and stores its points.
sweep_execution_options = stacked(
    click.option("--executor", type=click.Choice(["serial", "process", "dask"]), default=None,
                 help="Default: dask when --scheduler is given, else serial."),
    click.option("--scheduler", default=None, help="dask.distributed scheduler address."),
    click.option("--workers", type=int, default=None,
                 help="Worker processes (process pool or local dask cluster)."),
    click.option("--store", type=click.Path(path_type=Path), default=None,
                 help="Directory for per-point results (resumable); default OUT.points "
                      "when --out is given."),
)

#: The STM tip, temperature and lock-in.
tip_options = stacked(
    click.option("--tip", default="AA", show_default=True,
                 help="Tip position: AA, AB, BA, DW or average."),
    click.option("--temperature", type=float, default=1.0, show_default=True,
                 help="Temperature (K)."),
    click.option("--modulation", type=float, default=0.2, show_default=True,
                 help="Lock-in modulation amplitude (mV)."),
    click.option("--window", type=float, default=15.0, show_default=True,
                 help="Bias range +-WINDOW (mV)."),
)


def save_plot(draw: Callable[[Any], Any], result: Any, path: Path | None) -> None:
    """Draw ``result`` with ``draw`` (returns Axes) into ``path`` when one is given."""
    if path is None:
        return
    import matplotlib

    matplotlib.use("Agg")
    draw(result).figure.savefig(path, dpi=150)


def output_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--json`` and ``--out`` for every command."""
    func = click.option("--out", type=click.Path(path_type=Path), default=None,
                        help="Save the result to this netCDF/HDF5 file.")(func)
    return click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")(func)


def model_options(
    *, theta: bool = True, ranges: bool = False, theta_default: str = "1.05"
) -> Callable[..., Any]:
    """Continuum-model parameters shared by the ``tbg`` commands.

    With ``ranges`` the twist angle and tunnellings take ``start:stop:count`` (a sweep;
    ``theta_default`` is then the default angle text); without ``theta`` the command has no
    twist angle (it solves for one).
    """
    kind = str if ranges else float
    suffix = ": a number or start:stop:count" if ranges else ""
    options = [
        click.option("--w0", type=kind, default=kind(79.7), show_default=True,
                     help=f"AA tunnelling u (meV); 0 is the chiral limit{suffix}."),
        click.option("--w1", type=kind, default=kind(97.5), show_default=True,
                     help=f"AB tunnelling u' (meV){suffix}."),
        click.option("--hbar-v", type=float, default=KOSHINO_HBAR_V_MEV_NM, show_default=True,
                     help="Dirac velocity hbar*v (meV nm)."),
        click.option("--cutoff", type=float, default=4.0, show_default=True,
                     help="Plane-wave cutoff (units of |b_M|)."),
        click.option("--no-rotate", is_flag=True, help="Do not rotate the Dirac cones by theta/2."),
    ]
    if theta:
        options.insert(0, click.option(
            "--theta", type=kind, default=theta_default if ranges else 1.05, show_default=True,
            help=f"Twist angle (degrees){suffix}."))
    return stacked(*options)


def build_model(w0: float, w1: float, hbar_v: float, cutoff: float, no_rotate: bool,
                theta: float = 1.05) -> Any:
    """ContinuumModel from CLI values."""
    from cooperlab.moire import ContinuumModel

    return ContinuumModel(theta_deg=float(theta), w0_meV=float(w0), w1_meV=float(w1),
                          hbar_v_meV_nm=hbar_v, cutoff=cutoff, rotate_dirac=not no_rotate)


def parse_bands(text: str) -> str | int:
    """``all``, ``flat`` or a positive integer."""
    if text in ("all", "flat"):
        return text
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"bands must be 'all', 'flat' or an integer, got {text!r}") from None


@click.group()
@click.version_option(package_name="cooperlab")
def main() -> None:
    """cooperlab: a laboratory for superconductors."""


@main.group()
def tbg() -> None:
    """Magic-angle twisted bilayer graphene (continuum model)."""


@tbg.command()
@model_options()
@click.option("--path", default="K-G-M-K'", show_default=True, help="k path through K, K', M, G.")
@click.option("--n-k", type=int, default=241, show_default=True, help="Points on the path.")
@click.option("--bands", default="all", show_default=True, help="all, flat or N per side.")
@output_options
def bands(path: str, n_k: int, bands: str, as_json: bool, out: Path | None, **model: Any) -> None:
    """Band structure along a path."""
    from cooperlab.moire import BandOptions, solve_bands

    run_command(lambda: solve_bands(
        build_model(**model), path, BandOptions(n_k=n_k, bands=parse_bands(bands))
    ), as_json, out)


@tbg.command()
@model_options()
@click.option("--mesh", type=int, default=36, show_default=True, help="k mesh is MESH x MESH.")
@click.option("--method", type=click.Choice(["triangle", "gaussian", "lorentzian"]),
              default="triangle", show_default=True)
@click.option("--broadening", type=float, default=0.25, show_default=True,
              help="Gaussian sigma / Lorentzian half width (meV).")
@click.option("--bands", default="flat", show_default=True, help="all, flat or N per side.")
@output_options
def dos(mesh: int, method: str, broadening: float, bands: str, as_json: bool,
        out: Path | None, **model: Any) -> None:
    """Density of states and filling nu(E)."""
    from cooperlab.moire import DOSOptions, solve_dos

    run_command(lambda: solve_dos(build_model(**model), DOSOptions(
        n_mesh=mesh, method=method, broadening_meV=broadening, bands=parse_bands(bands),
    )), as_json, out)


@tbg.command()
@model_options()
@click.option("--mesh", type=int, default=18, show_default=True)
@output_options
def bandwidth(mesh: int, as_json: bool, out: Path | None, **model: Any) -> None:
    """Width of the two flat bands and their gaps to the remote bands."""
    from cooperlab.moire import FlatBandOptions, flat_bandwidth

    run_command(lambda: flat_bandwidth(build_model(**model), FlatBandOptions(n_mesh=mesh)),
                as_json, out)


@tbg.command()
@model_options()
@output_options
def velocity(as_json: bool, out: Path | None, **model: Any) -> None:
    """Renormalised Dirac velocity v*/v at K."""
    from cooperlab.moire import dirac_velocity

    run_command(lambda: dirac_velocity(build_model(**model)), as_json, out)


@tbg.command("magic-angle")
@model_options(theta=False)
@click.option("--count", type=int, default=1, show_default=True, help="How many magic angles.")
@click.option("--no-width", is_flag=True, help="Skip the flat-band-width minimisation.")
@output_options
def magic_angle(count: int, no_width: bool, as_json: bool, out: Path | None,
                **model: Any) -> None:
    """The first COUNT magic angles (zeros of the Dirac velocity)."""
    from cooperlab.moire import MagicAngleOptions, magic_angles

    # The twist angle is what is solved for: the model is built at a large angle (small
    # alpha, valid for any cutoff) and magic_angles moves it.
    run_command(lambda: magic_angles(build_model(**model, theta=10.0), MagicAngleOptions(
        count=count, minimize_bandwidth=not no_width)), as_json, out)


@tbg.command()
@model_options()
@click.option("--mesh", type=int, default=24, show_default=True, help="k mesh is MESH x MESH.")
@click.option("--valley", type=click.Choice(["1", "-1"]), default="1", show_default=True,
              help="1 = K, -1 = K'.")
@output_options
def geometry(mesh: int, valley: str, as_json: bool, out: Path | None, **model: Any) -> None:
    """Chern numbers, Wilson loop and quantum metric of the flat bands."""
    from cooperlab.moire import GeometryOptions, solve_geometry

    run_command(lambda: solve_geometry(
        build_model(**model), GeometryOptions(n_mesh=mesh, valley=int(valley))
    ), as_json, out)


def pairing_options(*, ranges: bool = False) -> Callable[..., Any]:
    """Options of the flat-band pairing commands."""
    kind = str if ranges else float
    options = [
        click.option("--nu", type=kind, default="-3.9:3.9:41" if ranges else -2.5,
                     show_default=True,
                     help="Filling nu" + (": a number or start:stop:count." if ranges else ".")),
        click.option("--g", "coupling", type=float, default=1.0, show_default=True,
                     help="Attraction g per moire cell (meV)."),
        click.option("--temperature", type=float, default=0.1, show_default=True,
                     help="Temperature of the gap and superfluid weight (K)."),
        click.option("--pair-cutoff", type=float, default=float("inf"), show_default=True,
                     help="Pairing window |xi| < cutoff about mu (meV)."),
        click.option("--bandwidth-scale", type=float, default=1.0, show_default=True,
                     help="Factor on the flat bands' dispersion (0: exactly flat)."),
        click.option("--mesh", type=int, default=24, show_default=True,
                     help="k mesh is MESH x MESH."),
    ]
    return stacked(*options)


def build_pairing(continuum: Any, nu: float, coupling: float, temperature: float,
                  pair_cutoff: float, bandwidth_scale: float) -> Any:
    """FlatBandPairingModel from CLI values."""
    from cooperlab.moire import FlatBandPairingModel

    return FlatBandPairingModel(continuum=continuum, nu=float(nu), coupling_meV=coupling,
                                temperature_K=temperature, cutoff_meV=pair_cutoff,
                                bandwidth_scale=bandwidth_scale)


@tbg.command()
@model_options()
@pairing_options()
@output_options
def pairing(nu: float, coupling: float, temperature: float, pair_cutoff: float,
            bandwidth_scale: float, mesh: int, as_json: bool, out: Path | None,
            **model: Any) -> None:
    """Flat-band pairing at filling NU: gap, T_c, superfluid weight, T_BKT."""
    from cooperlab.moire import PairingOptions, solve_superconductor

    run_command(lambda: solve_superconductor(
        build_pairing(build_model(**model), nu, coupling, temperature, pair_cutoff,
                      bandwidth_scale),
        PairingOptions(n_mesh=mesh)), as_json, out)


@tbg.command("phase-diagram")
@model_options(ranges=True)
@pairing_options(ranges=True)
@sweep_execution_options
@click.option("--plot", "plot_file", type=click.Path(path_type=Path), default=None,
              help="Also draw the dome to this image file.")
@output_options
def phase_diagram_command(theta: str, w0: str, w1: str, hbar_v: float, cutoff: float,
                          no_rotate: bool, nu: str, coupling: float, temperature: float,
                          pair_cutoff: float, bandwidth_scale: float, mesh: int,
                          executor: str | None, scheduler: str | None, workers: int | None,
                          store: Path | None, plot_file: Path | None, as_json: bool,
                          out: Path | None) -> None:
    """T_c and T_BKT over filling (--nu a:b:n), twist angle (--theta) and/or w0, w1."""
    from cooperlab.moire import PairingOptions, phase_diagram

    def action() -> Any:
        values = {
            "nu": parse_range("--nu", nu),
            "continuum__theta_deg": parse_range("--theta", theta),
            "continuum__w0_meV": parse_range("--w0", w0),
            "continuum__w1_meV": parse_range("--w1", w1),
        }
        params = {name: v for name, v in values.items() if len(v) > 1} or {
            "nu": values["nu"]}
        if plot_file is not None and len(params) != 1:
            raise ValueError(f"--plot draws a dome over one swept parameter, got {len(params)}")
        fillings = values["nu"]
        continuum = build_model(values["continuum__w0_meV"][0], values["continuum__w1_meV"][0],
                                hbar_v, cutoff, no_rotate,
                                theta=values["continuum__theta_deg"][0])
        base = build_pairing(continuum, fillings[0], coupling, temperature, pair_cutoff,
                             bandwidth_scale)
        chosen, points = sweep_target(executor, scheduler, store, out)
        result = phase_diagram(
            base, PairingOptions(n_mesh=mesh), store=points, executor=chosen,
            scheduler=scheduler, max_workers=workers, **params)
        from cooperlab.plotting.moire import plot_dome

        save_plot(plot_dome, result, plot_file)
        return result

    run_command(action, as_json, out)


#: Options shared by the LDOS and STM commands.
ldos_options = stacked(
    click.option("--mesh", type=int, default=18, show_default=True,
                 help="k mesh is MESH x MESH."),
    click.option("--broadening", type=float, default=0.3, show_default=True,
                 help="Gaussian width of each state (meV)."),
    click.option("--layer", type=click.Choice(["both", "0", "1"]), default="both",
                 show_default=True, help="Layer(s) the LDOS counts."),
)


def build_ldos_options(mesh: int, broadening: float, layer: str) -> Any:
    """LDOSOptions from CLI values."""
    from cooperlab.moire.ldos import LDOSOptions

    return LDOSOptions(n_mesh=mesh, broadening_meV=broadening,
                       layer=None if layer == "both" else int(layer))


def build_stm_options(temperature: float, modulation: float, window: float) -> Any:
    """STMOptions from CLI values."""
    from cooperlab.moire.ldos import STMOptions

    return STMOptions(temperature_K=temperature, modulation_meV=modulation,
                      bias_window_meV=window)


@tbg.command()
@model_options()
@ldos_options
@click.option("--positions", default="AA,AB,BA,DW", show_default=True,
              help="Comma-separated named positions (AA, AB, BA, DW).")
@output_options
def ldos(mesh: int, broadening: float, layer: str, positions: str, as_json: bool,
         out: Path | None, **model: Any) -> None:
    """Local density of states at named stacking regions."""
    from cooperlab.moire.ldos import solve_ldos

    names = tuple(p.strip() for p in positions.split(",") if p.strip())
    run_command(lambda: solve_ldos(build_model(**model), names,
                                   build_ldos_options(mesh, broadening, layer)), as_json, out)


@tbg.command()
@model_options()
@ldos_options
@click.option("--nu", type=float, default=0.0, show_default=True, help="Gate filling nu.")
@tip_options
@output_options
def stm(mesh: int, broadening: float, layer: str, nu: float, tip: str, temperature: float,
        modulation: float, window: float, as_json: bool, out: Path | None,
        **model: Any) -> None:
    """Simulated STM dI/dV(V) at a tip position for a gate filling."""
    from cooperlab.moire.ldos import stm_spectrum

    run_command(lambda: stm_spectrum(
        build_model(**model), nu, tip, build_ldos_options(mesh, broadening, layer),
        build_stm_options(temperature, modulation, window)), as_json, out)


#: The Coulomb interaction and the mean field's band window and reference.
interaction_options = stacked(
    click.option("--epsilon", type=float, default=10.0, show_default=True,
                 help="Relative permittivity of the surroundings."),
    click.option("--gate-distance", type=float, default=25.0, show_default=True,
                 help="Distance from the sheet to each gate (nm)."),
    click.option("--reference", type=click.Choice(["cnp", "decoupled"]), default="cnp",
                 show_default=True, help="Density subtracted from the interaction."),
    click.option("--active-bands", default="flat", show_default=True,
                 help="Bands in the mean field: flat or N per side of neutrality."),
    click.option("--g-cutoff", type=float, default=2.0, show_default=True,
                 help="Reciprocal vectors |G| <= G_CUTOFF |b| in the form factors."),
)


def build_interacting(model: dict[str, Any], nu: float, epsilon: float, gate_distance: float,
                      reference: str, active_bands: str) -> Any:
    """InteractingTBG from CLI values."""
    from cooperlab.moire.coulomb import GateScreenedCoulomb
    from cooperlab.moire.hartree_fock import InteractingTBG

    return InteractingTBG(
        continuum=build_model(**model), nu=nu, reference=reference,
        bands=parse_bands(active_bands),
        interaction=GateScreenedCoulomb(epsilon=epsilon, gate_distance_nm=gate_distance))


@tbg.command("hartree-fock")
@model_options()
@interaction_options
@click.option("--nu", type=float, default=0.0, show_default=True, help="Filling nu.")
@click.option("--mesh", type=int, default=12, show_default=True, help="k mesh MESH x MESH.")
@click.option("--approximation", type=click.Choice(["hartree-fock", "hartree"]),
              default="hartree-fock", show_default=True)
@click.option("--start", type=click.Choice(["best", "symmetric", "valley", "spin", "flavour",
                                            "ivc", "spin_ivc", "random"]),
              default="best", show_default=True,
              help="Initial state; best: the lowest of all of them.")
@click.option("--symmetry", type=click.Choice(["none", "valley_diagonal", "flavour_symmetric"]),
              default="none", show_default=True, help="Symmetry imposed on the state.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of random starts.")
@click.option("--n-random", type=int, default=2, show_default=True,
              help="With --start best: random starts besides the named ones.")
@click.option("--n-perturbations", type=int, default=1, show_default=True,
              help="With --start best: restarts from the lowest state (refilled, kicked).")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on a tty).")
@click.option("--plot", "plot_file", type=click.Path(path_type=Path), default=None,
              help="Also draw the mean-field density of states to this image file.")
@click.option("--plot-bands", "bands_file", type=click.Path(path_type=Path), default=None,
              help="Also draw the renormalised bands along K-G-M-K' (mesh a multiple of 6).")
@output_options
def hartree_fock_command(epsilon: float, gate_distance: float, reference: str,
                         active_bands: str, g_cutoff: float, nu: float, mesh: int,
                         approximation: str, start: str, symmetry: str, seed: int,
                         n_random: int, n_perturbations: int,
                         progress: bool | None, plot_file: Path | None,
                         bands_file: Path | None, as_json: bool, out: Path | None,
                         **model: Any) -> None:
    """Self-consistent Hartree(-Fock) state at filling nu: phase, gap, order parameters.

    With --start best (the default), the lowest state of a search over every named start,
    --n-random random ones and --n-perturbations restarts from the lowest; the summary
    lists every candidate (energy per cell, gap, phase, converged, iterations) and the
    search's warnings (e.g. nearly degenerate states of different order).
    """
    import warnings

    from cooperlab.moire.hartree_fock import (
        STARTS,
        HartreeFockOptions,
        hartree_fock_ground_state,
        solve_hartree_fock,
    )
    from cooperlab.plotting.moire import plot_hartree_fock, plot_hartree_fock_bands

    def action() -> Any:
        system = build_interacting(model, nu, epsilon, gate_distance, reference, active_bands)
        options = HartreeFockOptions(
            n_mesh=mesh, g_cutoff=g_cutoff, exchange=approximation == "hartree-fock",
            symmetry=symmetry, seed=seed, progress=progress,
            start="symmetric" if start == "best" else start)
        if start == "best":
            with warnings.catch_warnings():  # reported in the summary's "warnings"
                warnings.simplefilter("ignore")
                state = hartree_fock_ground_state(system, options, STARTS, n_random=n_random,
                                                  n_perturbations=n_perturbations)
        else:
            state = solve_hartree_fock(system, options)
        save_plot(plot_hartree_fock, state, plot_file)
        save_plot(plot_hartree_fock_bands, state, bands_file)
        return state

    run_command(action, as_json, out)


@tbg.command("stm-map")
@model_options()
@ldos_options
@click.option("--nu", default="-3.9:3.9:33", show_default=True,
              help="Gate fillings start:stop:count.")
@tip_options
@click.option("--approximation",
              type=click.Choice(["none", "hartree", "hartree-fock", "all"]), default="none",
              show_default=True,
              help="Bare bands, Hartree, Hartree-Fock, or all three side by side.")
@interaction_options
@sweep_execution_options
@click.option("--plot", "plot_file", type=click.Path(path_type=Path), default=None,
              help="Also draw the map to this image file.")
@output_options
def stm_map_command(mesh: int, broadening: float, layer: str, nu: str, tip: str,
                    temperature: float, modulation: float, window: float, approximation: str,
                    epsilon: float, gate_distance: float, reference: str, active_bands: str,
                    g_cutoff: float, executor: str | None, scheduler: str | None,
                    workers: int | None, store: Path | None, plot_file: Path | None,
                    as_json: bool, out: Path | None, **model: Any) -> None:
    """dI/dV at the tip versus gate filling and bias (progress bar; dask with --scheduler).

    With an interacting --approximation the mean field runs on the --mesh (12 is a good
    choice; both layers).
    """
    from cooperlab.moire.hartree_fock import HartreeFockOptions
    from cooperlab.moire.interacting_stm import (
        APPROXIMATIONS,
        compare_stm_maps,
        mean_field_stm_map,
    )
    from cooperlab.moire.ldos import GatedTip, stm_map
    from cooperlab.plotting.moire import plot_stm_comparison, plot_stm_map

    def action() -> Any:
        fillings = parse_range("--nu", nu)
        chosen, points = sweep_target(executor, scheduler, store, out)
        execution = {"store": points, "executor": chosen, "scheduler": scheduler,
                     "max_workers": workers}
        stm = build_stm_options(temperature, modulation, window)
        if approximation == "none":
            result = stm_map(
                GatedTip(continuum=build_model(**model), nu=float(fillings[0]), tip=tip),
                fillings, build_ldos_options(mesh, broadening, layer), stm, **execution)
            save_plot(plot_stm_map, result, plot_file)
            return result
        if layer != "both":
            raise ValueError("--layer must be both with an interacting --approximation")
        system = build_interacting(model, float(fillings[0]), epsilon, gate_distance,
                                   reference, active_bands)
        options = HartreeFockOptions(n_mesh=mesh, g_cutoff=g_cutoff)
        if approximation == "all":
            result = compare_stm_maps(system, fillings, tip, APPROXIMATIONS, options,
                                      broadening, stm, **execution)
            save_plot(plot_stm_comparison, result, plot_file)
            return result
        result = mean_field_stm_map(system, fillings, tip, approximation, options, broadening,
                                    stm, **execution)
        save_plot(plot_stm_map, result, plot_file)
        return result

    run_command(action, as_json, out)


SWEEP_QUANTITIES = ("bandwidth", "velocity")


@tbg.command("sweep")
@model_options(ranges=True, theta_default="0.9:1.3:41")
@click.option("--quantity", type=click.Choice(SWEEP_QUANTITIES), default="bandwidth",
              show_default=True)
@sweep_execution_options
@output_options
def sweep_command(theta: str, w0: str, w1: str, hbar_v: float, cutoff: float, no_rotate: bool,
                  quantity: str, executor: str | None, scheduler: str | None,
                  workers: int | None, store: Path | None, as_json: bool,
                  out: Path | None) -> None:
    """Sweep theta, w0 and/or w1 (each a number or start:stop:count)."""
    from cooperlab.moire import dirac_velocity, flat_bandwidth
    from cooperlab.sweep import sweep

    def action() -> Any:
        values = {
            "theta_deg": parse_range("--theta", theta),
            "w0_meV": parse_range("--w0", w0),
            "w1_meV": parse_range("--w1", w1),
        }
        swept = {name: v for name, v in values.items() if len(v) > 1} or {
            "theta_deg": values["theta_deg"]
        }
        base = build_model(values["w0_meV"][0], values["w1_meV"][0], hbar_v, cutoff,
                           no_rotate, theta=values["theta_deg"][0])
        func = flat_bandwidth if quantity == "bandwidth" else dirac_velocity
        chosen, points = sweep_target(executor, scheduler, store, out)
        return sweep(func, base, store=points, executor=chosen, scheduler=scheduler,
                     max_workers=workers, **swept)

    run_command(action, as_json, out)


@main.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def info(path: Path, as_json: bool) -> None:
    """Summarise a saved result file."""
    from cooperlab.results import load

    run_command(lambda: load(path), as_json, None)


@main.command()
@click.option("--out-dir", type=click.Path(path_type=Path), default=Path("cooperlab-demo"),
              show_default=True, help="Folder for the figures and data.")
@click.option("--quick", is_flag=True, help="Coarser meshes (for tests).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def demo(out_dir: Path, quick: bool, as_json: bool) -> None:
    """Embedded default study: magic-angle bands, DOS, bandwidth, topology, the dome."""
    from cooperlab.demo import run_demo

    try:
        written = run_demo(out_dir, quick=quick)
    except ValueError as error:
        _fail(str(error).splitlines()[0])
        return
    if as_json:
        click.echo(json.dumps(written))
    else:
        click.echo(f"cooperlab demo wrote {len(written['files'])} files to {out_dir}/:")
        for name in written["files"]:
            click.echo(f"  {name}")


def run() -> None:
    """Console entry point: click's usage errors become one line naming the option."""
    try:
        main.main(standalone_mode=False)
    except click.exceptions.Abort:
        _fail("aborted")
    except click.UsageError as error:
        _fail(error.format_message())
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)




def _register_groups() -> None:
    """Add the command groups that live in their own modules (``cli_gl``, ``cli_hubbard``,
    ``cli_circuits``, ``cli_bdg``, ``cli_rpa``; they use helpers from this one).

    Under ``python -m cooperlab.cli`` this module runs as ``__main__``: the groups are then
    taken from the package module ``cooperlab.cli``, which registers them on import.
    """
    if __name__ == "__main__":
        import cooperlab.cli as package

        for name in ("gl", "hubbard", "rpa"):
            main.add_command(package.main.commands[name])
        return
    from cooperlab.cli_gl import gl
    from cooperlab.cli_hubbard import hubbard_group
    from cooperlab.cli_resonance import resonance_command
    from cooperlab.cli_rpa import rpa_group

    main.add_command(gl)
    main.add_command(hubbard_group(sys.modules[__name__]))
    rpa = rpa_group(sys.modules[__name__])
    rpa.add_command(resonance_command)
    main.add_command(rpa)


_register_groups()


if __name__ == "__main__":  # pragma: no cover - ``python -m cooperlab.cli``
    run()
