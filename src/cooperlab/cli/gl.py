"""``cooperlab gl ...``: Ginzburg-Landau films, M(H), I-V, bulk M(H), nematic Hc2(phi), movies."""

from __future__ import annotations

import functools
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import click
import numpy as np

from cooperlab import gl
from cooperlab.cli.command import execution_from, execution_options, fail, solver_command
from cooperlab.cli.generate import options_from, parse_range


@click.group("gl")
def group() -> None:
    """Ginzburg-Landau: TDGL films, Meissner, vortices, M(H), I-V, nematic Hc2."""


def _out() -> Path | None:  # calls are not given --out: read it from click's context
    return click.get_current_context().params["out"]


def _film(model: Any, radius_um: float | None) -> Any:
    return model if radius_um is None else replace(model, width_um=2 * radius_um)


def _solve(model: Any, options: Any = None, *, radius_um: float | None,
           checkpoint: Path | None) -> Any:
    store = checkpoint or (_out().with_name(_out().name + ".run.nc") if _out() else None)
    return gl.solve_film(_film(model, radius_um), options, checkpoint=store)


def _curve(protocol: Any, model: Any, options: Any = None, *, radius_um: float | None,
           values: str, **run: Any) -> Any:
    name = "--field-mT" if protocol is gl.magnetization_curve else "--current-uA"
    return protocol(_film(model, radius_um), parse_range(name, values), options,
                    **execution_from(run, _out()))


def _bulk(model: Any, options: Any = None, *, inductions: str, square: bool, **run: Any) -> Any:
    values = np.concatenate([parse_range("--b", part) for part in inductions.split(",")])
    model = replace(model, n_flux=1, aspect=1.0) if square else model
    return gl.bulk_magnetization(model, values, **execution_from(run, _out()))


def _nematic(model: Any, options: Any = None, *, phi: str, **values: Any) -> Any:
    return gl.nematic_hc2(model, parse_range("--phi", phi), **values)


TIME = {"options__solve_time": ("--time",)}
RADIUS = click.option("--radius-um", type=float, help="Disk/ring radius: the width is 2x. [um]")
QUIET = {"options__progress": False}


def _range(flag: str, default: str, text: str) -> Any:
    return click.option(flag, "values", default=default, show_default=True, help=text)


solver_command(group, "film", gl.solve_film, aliases=TIME, call=_solve, plot=True, help=(
    "TDGL of a film in a perpendicular field (and a current through a strip)."), extra=(
    RADIUS, click.option("--checkpoint", type=click.Path(path_type=Path), help=(
        "Snapshot file written while running (resumed when it exists); default OUT.run.nc."))))
solver_command(group, "mh", gl.magnetization_curve, exclude=("field_mT",), aliases=TIME,
               defaults=QUIET, call=functools.partial(_curve, gl.magnetization_curve), extra=(
                   RADIUS, _range("--field-mT", "0:60:13", "Fields: start:stop:count. [mT]"),
                   execution_options), plot=True,
               help="Magnetisation curve M(H) of a film (a sweep; dask with --scheduler).")
solver_command(group, "iv", gl.iv_curve, exclude=("current_uA",), aliases=TIME, defaults=QUIET,
               call=functools.partial(_curve, gl.iv_curve), plot=True, extra=(
                   RADIUS, _range("--current-uA", "0:800:9", "Currents: start:stop:count. [uA]"),
                   execution_options),
               help="I-V curve of a strip (--shape strip): four-probe and terminal voltage, "
                    "normal resistance and the critical current.")
solver_command(group, "bulk-mh", gl.bulk_magnetization, exclude=("b",), call=_bulk, plot=True,
               extra=(click.option("--b", "inductions", default="0.03,0.06,0.1:0.9:9,0.95",
                                   show_default=True, help="Mean inductions (units of Bc2): "
                                   "comma-separated numbers or start:stop:count ranges."),
                      click.option("--square", is_flag=True,
                                   help="Square vortex lattice (default: triangular)."),
                      execution_options))
solver_command(group, "nematic", gl.nematic_hc2, call=_nematic, plot=True, extra=(
    click.option("--phi", default="0:180:37", show_default=True,
                 help="Angles: start:stop:count. [deg]"),
    options_from(gl.nematic_hc2, exclude=("model", "phi_deg"))))


@group.command()
@click.argument("result_path", metavar="RESULT",
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--movie", type=click.Path(path_type=Path),
              help="Output .gif (or .mp4 with ffmpeg); default RESULT with .gif.")
@click.option("--fps", type=int, default=8, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def animate(result_path: Path, movie: Path | None, fps: int, as_json: bool) -> None:
    """Animate the |psi|^2 snapshots of a saved film result."""
    import cooperlab as cl

    try:
        result = cl.load(result_path)
        if not hasattr(result, "snapshot_density"):
            raise ValueError(f"{result_path} is not a TDGL film result")
        target = gl.animate_film(result, movie or result_path.with_suffix(".gif"), fps=fps)
    except (ValueError, OSError) as error:
        fail(str(error).splitlines()[0])
    summary = {"movie": str(target), "frames": int(result.snapshot_density.shape[0])}
    click.echo(json.dumps(summary) if as_json else f"wrote {target}")
