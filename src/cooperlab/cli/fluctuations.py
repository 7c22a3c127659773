"""``cooperlab fluctuations ...`` (alias ``rpa``): multi-orbital RPA, pairing, spin resonance."""

import functools
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from cooperlab import fluctuations as fl
from cooperlab.cli.command import execution_from, execution_options, save_plot, solver_command
from cooperlab.cli.generate import numbers, options_from

group = click.Group("fluctuations", help="Multi-orbital RPA, spin-fluctuation pairing, resonance.")


def _swept(solve: Any, model: Any, **values: Any) -> Any:
    """``solve`` with its sweep's store OUT.points (--out from click's context)."""
    return solve(model, **execution_from(values),
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
solver_command(group, "bands", fl.RPAModel.solve_orbital_bands, model=RPA, exclude=INTERACTION,
               call=fl.RPAModel.solve_orbital_bands, plot=True, extra=(options_from(
                   fl.RPAModel.solve_orbital_bands, exclude=("self",)),))
solver_command(group, "fermi-surface", fl.RPAModel.solve_fermi_surface, model=RPA,
               exclude=INTERACTION, plot=True)
solver_command(group, "sweep", fl.solve_interaction_sweep, model=RPA, exclude=("U", "J"), extra=(
    click.option("--U", "U", type=numbers, default="0.5", show_default=True, help="U, or a:b:n."),
    click.option("--J", "J", type=numbers, default="0", show_default=True,
                 help="J (J/U with --quantity u_c), or a:b:n."),
    options_from(fl.solve_interaction_sweep, exclude=("model",)), execution_options),
               call=functools.partial(_swept, fl.solve_interaction_sweep))
solver_command(group, "pairing", fl.solve_pairing, model=RPA, plot=True, extra=(click.option(
    "--singlet-only", "options__triplet", flag_value=False, help="Same as --no-triplet."),),
               aliases={"options__check_half_mesh": ("--check-mesh",)})
solver_command(group, "pairing-diagram", fl.solve_pairing_diagram, model=RPA, plot=True,
               call=functools.partial(_swept, fl.solve_pairing_diagram, progress=False), extra=(
                   click.option("--u-prime-over-u", type=numbers, default="0.5:1.4:10",
                                show_default=True, help="U'/U values, a:b:n."), execution_options))
solver_command(group, "resonance", fl.solve_spin_resonance, model=fl.ResonanceModel.from_preset,
               call=_resonance, aliases={"model__gap_amplitude": ("--delta",), "model__temperature":
                                         ("--T",), "model__temperature_K": ("--T-K",)}, extra=(
                   click.option("--compare/--no-compare", default=True, show_default=True,
                                help="With --plot, also the same |Delta| without sign change."),
                   click.option("--plot", type=click.Path(path_type=Path),
                                help="chi''(Q, omega), RPA and bare, with Omega_c.")))
