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


def _ranges(ctx: Any, param: Any, text: str) -> Any:
    """Click callback: comma-separated numbers and ``start:stop:count`` ranges, one array."""
    try:
        return np.concatenate([parse_range(param.opts[0], part) for part in text.split(",")])
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


def _call(solve: Any, model: Any, options: Any = None, *, radius_um: float | None = None,
          square: bool = False, **values: Any) -> Any:
    """``solve`` of the film (width 2 x --radius-um) or the bulk cell (--square); the sweep
    store and the checkpoint default to OUT.points, OUT.run.nc (--out from click's context)."""
    out = click.get_current_context().params["out"]
    model = model if radius_um is None else replace(model, width_um=2 * radius_um)
    model = replace(model, n_flux=1, aspect=1.0) if square else model
    if "checkpoint" in values:
        values["checkpoint"] = values["checkpoint"] or out and out.with_name(out.name + ".run.nc")
    elif "store" in values:
        values.update(execution_from(values, out))
    return solve(model, **values, **({} if options is None else {"options": options}))


def _range(flag: str, dest: str, default: str, text: str) -> Any:
    return click.option(flag, dest, default=default, show_default=True, callback=_ranges,
                        help=f"{text}: numbers and start:stop:count ranges, comma-separated.")


TIME, QUIET = {"options__solve_time": ("--time",)}, {"options__progress": False}
RADIUS = click.option("--radius-um", type=float, help="Disk/ring radius: the width is 2x. [um]")
solver_command(group, "film", gl.solve_film, aliases=TIME, plot=True, extra=(
    RADIUS, click.option("--checkpoint", type=click.Path(path_type=Path), help=(
        "Snapshot file written while running (resumed when it exists); default OUT.run.nc."))),
               call=functools.partial(_call, gl.solve_film))
solver_command(group, "mh", gl.magnetization_curve, exclude=("field_mT",), aliases=TIME,
               defaults=QUIET, call=functools.partial(_call, gl.magnetization_curve), plot=True,
               extra=(RADIUS, _range("--field-mT", "fields_mT", "0:60:13", "Fields [mT]"),
                      execution_options))
solver_command(group, "iv", gl.iv_curve, exclude=("current_uA",), aliases=TIME, defaults=QUIET,
               call=functools.partial(_call, gl.iv_curve), plot=True, extra=(
                   RADIUS, _range("--current-uA", "currents_uA", "0:800:9", "Currents [uA]"),
                   execution_options))
solver_command(group, "bulk-mh", gl.bulk_magnetization, exclude=("b",), plot=True,
               call=functools.partial(_call, gl.bulk_magnetization), extra=(
                   _range("--b", "inductions", "0.03,0.06,0.1:0.9:9,0.95",
                          "Mean inductions of the lattice cells [Bc2]"),
                   click.option("--square", is_flag=True, help="Square vortex lattice (default: "
                                "triangular)."), execution_options))
solver_command(group, "nematic", gl.nematic_hc2, call=gl.nematic_hc2, plot=True, extra=(
    _range("--phi", "phi_deg", "0:180:37", "In-plane angles [deg]"),
    options_from(gl.nematic_hc2, exclude=("model", "phi_deg"))))


@group.command()
@click.argument("path", metavar="RESULT", type=click.Path(exists=True, dir_okay=False,
                                                          path_type=Path))
@click.option("--movie", type=click.Path(path_type=Path), help="Output .gif (or .mp4 with "
              "ffmpeg); default RESULT with .gif.")
@click.option("--fps", type=int, default=8, show_default=True, help="Frames per second.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def animate(path: Path, movie: Path | None, fps: int, as_json: bool) -> None:
    """Animate the |psi|^2 snapshots of a saved film result."""
    import cooperlab as cl

    try:
        result = cl.load(path)
        if not hasattr(result, "snapshot_density"):
            raise ValueError(f"{path} is not a TDGL film result")
        target = gl.animate_film(result, movie or path.with_suffix(".gif"), fps=fps)
    except (ValueError, OSError) as error:
        fail(str(error).splitlines()[0])
    summary = {"movie": str(target), "frames": int(result.snapshot_density.shape[0])}
    click.echo(json.dumps(summary) if as_json else f"wrote {target}")
