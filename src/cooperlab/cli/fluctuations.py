"""``cooperlab fluctuations ...`` (alias ``rpa``): multi-orbital RPA, pairing, spin resonance."""

from __future__ import annotations

import functools
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from cooperlab import fluctuations as fl
from cooperlab.cli.command import execution_from, execution_options, save_plot, solver_command
from cooperlab.cli.generate import parse_range


@click.group("fluctuations")
def group() -> None:
    """Multi-orbital RPA: susceptibilities, Stoner U_c, bands, pairing, spin resonance."""


def _ranges(ctx: Any, param: Any, text: str) -> Any:
    """Click callback: a number or ``start:stop:count`` as an array."""
    try:
        return parse_range(param.opts[0], text)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


def _swept(solve: Any, model: Any, **values: Any) -> Any:
    """``solve`` on cl.sweep, its store OUT.points (calls are not given --out: context)."""
    return solve(model, **execution_from(values, click.get_current_context().params["out"]),
                 **values)


def _resonance(model: Any, options: Any = None, *, compare: bool, plot: Path | None) -> Any:
    """The resonance; ``--plot`` with the partner gap (s+- <-> s++) when ``compare``."""
    result = fl.solve_spin_resonance(model, options)
    partner = {"s+-": "s++", "s++": "s+-"}.get(model.gap)
    other = (fl.solve_spin_resonance(replace(model, gap=partner), options)
             if compare and partner and plot is not None else None)
    save_plot(lambda r: r.plot(compare=other), result, plot)
    return result


RPA, INTERACTION = fl.RPAModel.from_preset, ("U", "J", "U_prime", "J_prime")
solver_command(group, "stoner", fl.solve_stoner, model=RPA, exclude=("U", "U_prime", "J_prime"),
               fixed={"U": 1.0}, aliases={"model__J": ("--j-over-u",)}, plot=True)
solver_command(group, "chi", fl.solve_rpa, model=RPA, plot=True)
solver_command(group, "bands", fl.RPAModel.solve_bands, model=RPA, exclude=INTERACTION,
               call=fl.RPAModel.solve_bands, plot=True, extra=(click.option(
                   "--path", default="G-X-M-G", show_default=True, help="Corners G, X, Y, M."),))
solver_command(group, "fermi-surface", fl.RPAModel.solve_fermi_surface, model=RPA,
               exclude=INTERACTION, plot=True)
solver_command(group, "sweep", fl.sweep_interaction, model=RPA, exclude=("U", "J"),
               call=functools.partial(_swept, fl.sweep_interaction), extra=(
                   click.option("--U", "U", default="0.5", show_default=True, callback=_ranges,
                                help="U: a number or start:stop:count."),
                   click.option("--J", "J", default="0", show_default=True, callback=_ranges,
                                help="J (J/U for --quantity u_c): a number or start:stop:count."),
                   click.option("--quantity", type=click.Choice(["peaks", "u_c"]),
                                default="peaks", show_default=True), execution_options))
solver_command(group, "pairing", fl.solve_pairing, model=RPA, plot=True,
               aliases={"options__check_half_mesh": ("--check-mesh",)})
solver_command(group, "pairing-diagram", fl.solve_pairing_diagram, model=RPA, plot=True,
               call=functools.partial(_swept, fl.solve_pairing_diagram, progress=False), extra=(
                   click.option("--u-prime-over-u", "u_prime_over_u", default="0.5:1.4:10",
                                show_default=True, callback=_ranges,
                                help="U'/U: start:stop:count (J and J' stay as given)."),
                   execution_options))
solver_command(group, "resonance", fl.solve_spin_resonance, model=fl.ResonanceModel.from_preset,
               call=_resonance, aliases={"model__gap_amplitude": ("--delta",),
                                         "model__temperature": ("--T",),
                                         "model__temperature_K": ("--T-K",)}, extra=(
                   click.option("--compare/--no-compare", default=True, show_default=True,
                                help="With --plot, also the same |Delta| without sign change."),
                   click.option("--plot", type=click.Path(path_type=Path),
                                help="chi''(Q, omega), RPA and bare, with Omega_c.")))
