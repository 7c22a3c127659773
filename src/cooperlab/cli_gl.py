"""``cooperlab gl ...``: Ginzburg-Landau films, M(H), I-V, nematic Hc2(phi), movies.

Thin wrappers over :mod:`cooperlab.gl`; registered on the main group by :mod:`cooperlab.cli`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from cooperlab.cli import (
    _fail,
    output_options,
    parse_range,
    run_command,
    save_plot,
    stacked,
    sweep_execution_options,
    sweep_target,
)

#: The film and the integration, shared by film, mh and iv.
film_options = stacked(
    click.option("--shape", type=click.Choice(["disk", "ring", "square", "rectangle", "strip"]),
                 default="disk", show_default=True),
    click.option("--radius-um", type=float, default=None, help="Disk/ring radius (um)."),
    click.option("--width-um", type=float, default=2.0, show_default=True,
                 help="Width (um); the diameter when no --radius-um."),
    click.option("--height-um", type=float, default=1.0, show_default=True),
    click.option("--hole-um", type=float, default=0.0, show_default=True, help="Hole size (um)."),
    click.option("--xi-um", type=float, default=0.1, show_default=True),
    click.option("--lambda-um", type=float, default=0.2, show_default=True),
    click.option("--thickness-um", type=float, default=0.05, show_default=True),
    click.option("--gamma", type=float, default=10.0, show_default=True),
    click.option("--grid-xi", type=float, default=0.25, show_default=True,
                 help="Grid spacing (units of xi)."),
    click.option("--time", "solve_time", type=float, default=100.0, show_default=True,
                 help="Simulated time (tau0)."),
    click.option("--save-every", type=float, default=None, help="Snapshot interval (tau0)."),
    click.option("--init", type=click.Choice(["uniform", "random", "normal"]), default="uniform",
                 show_default=True),
    click.option("--seed", type=int, default=0, show_default=True),
    click.option("--backend", type=click.Choice(["numpy", "cupy", "auto"]), default="numpy",
                 show_default=True),
    click.option("--screening/--no-screening", default=False, show_default=True,
                 help="Include the film's self-field (Pearl length lambda^2/d)."),
    click.option("--stabilised-dt", type=float, default=None,
                 help="Fixed step (tau0) of the stabilised semi-implicit integrator "
                      "(default: explicit adaptive steps)."),
)


def _model(shape: str, radius_um: float | None, width_um: float, height_um: float,
           hole_um: float, xi_um: float, lambda_um: float, thickness_um: float, gamma: float,
           grid_xi: float, **extra: Any) -> Any:
    from cooperlab.gl import FilmModel

    width = 2 * radius_um if radius_um is not None else width_um
    return FilmModel(shape=shape, width_um=width, height_um=height_um, hole_um=hole_um,
                     xi_um=xi_um, lambda_um=lambda_um, thickness_um=thickness_um,
                     gamma=gamma, grid_xi=grid_xi, **extra)


def _options(solve_time: float, save_every: float | None, init: str, seed: int, backend: str,
             screening: bool = False, stabilised_dt: float | None = None,
             progress: bool | None = False) -> Any:
    from cooperlab.gl import TDGLOptions

    return TDGLOptions(solve_time=solve_time, save_every=save_every, init=init, seed=seed,
                       backend=backend, screening=screening, stabilised_dt=stabilised_dt,
                       progress=progress)


def _split(kwargs: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    opt_keys = ("solve_time", "save_every", "init", "seed", "backend", "screening",
                "stabilised_dt")
    return ({k: v for k, v in kwargs.items() if k not in opt_keys},
            {k: kwargs[k] for k in opt_keys})


@click.group()
def gl() -> None:
    """Ginzburg-Landau: TDGL films, Meissner, vortices, M(H), I-V, nematic Hc2."""


@gl.command()
@film_options
@click.option("--field-mT", "field_mT", type=float, default=0.0, show_default=True)
@click.option("--current-uA", "current_uA", type=float, default=0.0, show_default=True)
@click.option("--checkpoint", type=click.Path(path_type=Path), default=None,
              help="Snapshot file written while running (resumed when it exists); "
                   "default OUT.run.nc when --out is given.")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on a tty).")
@click.option("--plot", "plot_file", type=click.Path(path_type=Path), default=None,
              help="Save a |psi|^2 map.")
@output_options
def film(field_mT: float, current_uA: float, checkpoint: Path | None, progress: bool | None,
         plot_file: Path | None, as_json: bool, out: Path | None, **kwargs: Any) -> None:
    """TDGL of a film in a perpendicular field (and a current through a strip)."""
    from cooperlab.gl import solve_film

    model_kw, opt_kw = _split(kwargs)
    store = checkpoint or (out.with_name(out.name + ".run.nc") if out is not None else None)

    def action() -> Any:
        model = _model(field_mT=field_mT, current_uA=current_uA, **model_kw)
        result = solve_film(model, _options(**opt_kw, progress=progress), checkpoint=store)
        save_plot(lambda r: r.plot(), result, plot_file)
        return result

    run_command(action, as_json, out)


@gl.command()
@film_options
@click.option("--field-mT", "fields", default="0:60:13", show_default=True,
              help="Fields (mT): start:stop:count.")
@sweep_execution_options
@click.option("--plot", "plot_file", type=click.Path(path_type=Path), default=None)
@output_options
def mh(fields: str, executor: str | None, scheduler: str | None, workers: int | None,
       store: Path | None, plot_file: Path | None, as_json: bool, out: Path | None,
       **kwargs: Any) -> None:
    """Magnetisation curve M(H) of a film (a sweep; dask when --scheduler is given)."""
    from cooperlab.gl.protocols import magnetization_curve

    model_kw, opt_kw = _split(kwargs)

    def action() -> Any:
        values = parse_range("field-mT", fields)
        chosen, points = sweep_target(executor, scheduler, store, out)
        result = magnetization_curve(_model(**model_kw), values, _options(**opt_kw),
                                     executor=chosen, scheduler=scheduler,
                                     max_workers=workers, store=points)
        save_plot(lambda r: r.plot(), result, plot_file)
        return result

    run_command(action, as_json, out)


@gl.command("bulk-mh")
@click.option("--kappa", type=float, default=2.0, show_default=True,
              help="GL parameter lambda/xi (< 0.707: type I).")
@click.option("--xi-um", type=float, default=0.1, show_default=True,
              help="Coherence length (um), sets Bc2 = Phi0/(2 pi xi^2).")
@click.option("--b", "inductions", default="0.03,0.06,0.1:0.9:9,0.95", show_default=True,
              help="Mean inductions (units of Bc2) of the lattice cells: comma-separated "
                   "numbers or start:stop:count ranges.")
@click.option("--grid-xi", type=float, default=0.3, show_default=True,
              help="Grid spacing (units of xi).")
@click.option("--square", is_flag=True, help="Square vortex lattice (default: triangular).")
@sweep_execution_options
@click.option("--plot", "plot_file", type=click.Path(path_type=Path), default=None)
@output_options
def bulk_mh(kappa: float, xi_um: float, inductions: str, grid_xi: float, square: bool,
            executor: str | None, scheduler: str | None, workers: int | None,
            store: Path | None, plot_file: Path | None, as_json: bool, out: Path | None
            ) -> None:
    """Equilibrium M(H) of a bulk superconductor (periodic vortex lattice at fixed B):
    Hc1, Hc2, and the first-order jump of a type-I superconductor."""
    import numpy as np

    from cooperlab.gl.bulk import BulkModel, bulk_magnetization

    def action() -> Any:
        values = np.concatenate([parse_range("b", part) for part in inductions.split(",")])
        model = BulkModel(kappa=kappa, xi_um=xi_um, grid_xi=grid_xi,
                          n_flux=1 if square else 2, aspect=1.0 if square else 3**0.5)
        chosen, points = sweep_target(executor, scheduler, store, out)
        result = bulk_magnetization(model, values, executor=chosen, scheduler=scheduler,
                                    max_workers=workers, store=points)
        save_plot(lambda r: r.plot(), result, plot_file)
        return result

    run_command(action, as_json, out)


@gl.command()
@film_options
@click.option("--current-uA", "currents", default="0:800:9", show_default=True,
              help="Currents (uA): start:stop:count.")
@click.option("--field-mT", "field_mT", type=float, default=0.0, show_default=True)
@click.option("--probe-um", type=float, default=0.0, show_default=True,
              help="Distance between the voltage probes, centred (0: half the strip).")
@sweep_execution_options
@click.option("--plot", "plot_file", type=click.Path(path_type=Path), default=None)
@output_options
def iv(currents: str, field_mT: float, probe_um: float, executor: str | None,
       scheduler: str | None, workers: int | None, store: Path | None,
       plot_file: Path | None, as_json: bool, out: Path | None, **kwargs: Any) -> None:
    """I-V curve of a strip (use --shape strip): four-probe voltage (inner probes, no
    contact part), terminal voltage, normal resistance and the critical current."""
    from cooperlab.gl.protocols import iv_curve

    model_kw, opt_kw = _split(kwargs)

    def action() -> Any:
        values = parse_range("current-uA", currents)
        chosen, points = sweep_target(executor, scheduler, store, out)
        model = _model(field_mT=field_mT, probe_um=probe_um, **model_kw)
        result = iv_curve(model, values, _options(**opt_kw), executor=chosen,
                          scheduler=scheduler, max_workers=workers, store=points)
        save_plot(lambda r: r.plot(), result, plot_file)
        return result

    run_command(action, as_json, out)


@gl.command()
@click.option("--phi", default="0:180:37", show_default=True, help="Angles (deg) start:stop:count.")
@click.option("--strain", type=float, default=0.0, show_default=True, help="Strain coupling delta.")
@click.option("--k1", type=float, default=1.0, show_default=True)
@click.option("--k2", type=float, default=0.5, show_default=True)
@click.option("--k3", type=float, default=0.3, show_default=True)
@click.option("--k4", type=float, default=0.1, show_default=True)
@click.option("--kz", type=float, default=0.2, show_default=True)
@click.option("--n-levels", type=int, default=60, show_default=True)
@click.option("--plot", "plot_file", type=click.Path(path_type=Path), default=None)
@output_options
def nematic(phi: str, strain: float, k1: float, k2: float, k3: float, k4: float, kz: float,
            n_levels: int, plot_file: Path | None, as_json: bool, out: Path | None) -> None:
    """In-plane Hc2(phi) and flux-flow R(phi) of a two-component (nematic) superconductor."""
    from cooperlab.gl.nematic import NematicModel, nematic_hc2

    def action() -> Any:
        model = NematicModel(k1=k1, k2=k2, k3=k3, k4=k4, kz=kz, strain=strain)
        result = nematic_hc2(model, parse_range("phi", phi), n_levels=n_levels)
        save_plot(lambda r: r.plot(), result, plot_file)
        return result

    run_command(action, as_json, out)


@gl.command()
@click.argument("result_path", metavar="RESULT", type=click.Path(exists=True, dir_okay=False,
                                                                 path_type=Path))
@click.option("--movie", type=click.Path(path_type=Path), default=None,
              help="Output .gif (or .mp4 with ffmpeg); default RESULT with .gif.")
@click.option("--fps", type=int, default=8, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def animate(result_path: Path, movie: Path | None, fps: int, as_json: bool) -> None:
    """Animate the |psi|^2 snapshots of a saved film result."""
    import cooperlab as cl
    from cooperlab.gl.animate import animate as write_movie

    try:
        result = cl.load(result_path)
        if not hasattr(result, "snapshot_density"):
            raise ValueError(f"{result_path} is not a TDGL film result")
        target = write_movie(result, movie or result_path.with_suffix(".gif"), fps=fps)
    except (ValueError, OSError) as error:
        _fail(str(error).splitlines()[0])
        return
    summary = {"movie": str(target), "frames": int(result.snapshot_density.shape[0])}
    click.echo(json.dumps(summary) if as_json else f"wrote {target}")
