"""``cooperlab gl ...``: Ginzburg-Landau films, M(H), I-V, bulk M(H), nematic Hc2(phi), movies."""

import functools
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from cooperlab import gl
from cooperlab.cli.command import execution_from, execution_options, fail, solver_command
from cooperlab.cli.generate import numbers_option, options_from
from cooperlab.results import load

group = click.Group("gl", help="Ginzburg-Landau: TDGL films, M(H), I-V, bulk M(H), nematic Hc2.")


def _call(solve: Any, model: Any, options: Any = None, *, radius_um: float | None = None,
          **values: Any) -> Any:
    """``solve``; store and checkpoint default to OUT.points, OUT.run.nc (click's context)."""
    out = click.get_current_context().params.get("out")
    model = model if radius_um is None else replace(model, width_um=2 * radius_um)
    if "checkpoint" in values:
        values["checkpoint"] = values["checkpoint"] or out and out.with_name(out.name + ".run.nc")
    elif "store" in values:
        values.update(execution_from(values, out))
    return solve(model, **values, **({} if options is None else {"options": options}))


TIME, QUIET = {"options__solve_time": ("--time",)}, {"options__progress": False}
RADIUS = click.option("--radius-um", type=float, help="Disk/ring radius: the width is 2x. [um]")
solver_command(group, "film", gl.solve_film, aliases=TIME, plot=True, extra=(RADIUS, click.option(
    "--checkpoint", type=click.Path(path_type=Path), help="Snapshots, resumed when present; "
    "default OUT.run.nc.")), call=functools.partial(_call, gl.solve_film))
for name, solve, flag, dest, default, text in (
        ("mh", gl.solve_magnetization_curve, "--field-mT", "fields_mT", "0:60:13", "Fields [mT]"),
        ("iv", gl.solve_iv_curve, "--current-uA", "currents_uA", "0:800:9", "Currents [uA]")):
    solver_command(group, name, solve, exclude=(flag[2:].replace("-", "_"),), aliases=TIME,
                   defaults=QUIET, call=functools.partial(_call, solve), plot=True, extra=(
                       RADIUS, numbers_option(flag, dest, default, text), execution_options))
solver_command(group, "bulk-mh", gl.solve_bulk_magnetization, exclude=("b",), plot=True,
               call=functools.partial(_call, gl.solve_bulk_magnetization), extra=(
                   numbers_option("--b", "inductions", "0.03,0.06,0.1:0.9:9,0.95",
                          "Mean inductions of the lattice cells [Bc2]"), execution_options))
solver_command(group, "nematic", gl.solve_nematic_hc2, call=gl.solve_nematic_hc2, plot=True, extra=(
    numbers_option("--phi", "phi_deg", "0:180:37", "In-plane angles [deg]"),
    options_from(gl.solve_nematic_hc2, exclude=("model", "phi_deg"))))


@group.command()
@click.argument("path", metavar="RESULT", type=click.Path(exists=True, path_type=Path))
@click.option("--movie", type=click.Path(path_type=Path),
              help="Output .gif (or .mp4 with ffmpeg); default RESULT with .gif.")
@click.option("--fps", type=int, default=8, show_default=True, help="Frames per second.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def animate(path: Path, movie: Path | None, fps: int, as_json: bool) -> None:
    """Animate the |psi|^2 snapshots of a saved film result."""
    try:
        result = load(path)
        target = gl.animate_film(result, movie or path.with_suffix(".gif"), fps=fps)
    except (ValueError, OSError) as error:
        fail(f"{path}: {str(error).splitlines()[0]}")
    summary = {"movie": str(target), "frames": int(result.snapshot_density.shape[0])}
    click.echo(json.dumps(summary) if as_json else f"wrote {target}")
