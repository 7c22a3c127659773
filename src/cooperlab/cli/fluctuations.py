"""``cooperlab fluctuations ...`` (alias ``rpa``): multi-orbital RPA, pairing, spin resonance."""

from __future__ import annotations

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


def _execution(run: dict[str, Any]) -> dict[str, Any]:  # calls are not given --out
    return execution_from(run, click.get_current_context().params["out"])


def _bands(model: Any, options: Any = None, *, path: str) -> Any:
    return fl.solve_bands(model.lattice, model.T, mu=model.mu, n=model.filling, path=path,
                          nk=model.nk)


def _fermi_surface(model: Any, options: Any = None) -> Any:
    return fl.solve_fermi_surface(model.lattice, model.T, mu=model.mu, n=model.filling,
                                  nk=model.nk)


def _uj_sweep(model: Any, options: Any = None, *, quantity: str, U: str, J: str,
              **run: Any) -> Any:
    from cooperlab.sweep import sweep

    us, js = parse_range("--U", U), parse_range("--J", J)
    swept = {"J": js} if quantity == "u_c" else (
        {k: v for k, v in (("U", us), ("J", js)) if len(v) > 1} or {"U": us})
    return sweep(fl.stoner_u_c if quantity == "u_c" else fl.rpa_peaks,
                 replace(model, U=1.0 if quantity == "u_c" else us[0], J=js[0]), **swept,
                 **_execution(run))


def _diagram(model: Any, options: Any = None, *, ratios: str, **run: Any) -> Any:
    if model.U <= 0:
        raise ValueError(f"--U must be positive for a U'/U sweep, got {model.U}")
    return fl.solve_pairing_diagram(model, U_prime=parse_range("--u-prime-over-u", ratios)
                                    * model.U, progress=False, **_execution(run))


def _resonance(model: Any, options: Any = None, *, compare: bool, plot: Path | None) -> Any:
    result = fl.solve_spin_resonance(model, options)
    partner = {"s+-": "s++", "s++": "s+-"}.get(model.gap)
    other = (fl.solve_spin_resonance(replace(model, gap=partner), options)
             if compare and partner and plot is not None else None)
    save_plot(lambda r: r.plot(compare=other), result, plot)
    return result


RPA, INTERACTION = fl.RPAModel.from_preset, ("U", "J", "U_prime", "J_prime")
solver_command(group, "stoner", fl.solve_stoner, model=RPA, exclude=("U", "U_prime", "J_prime"),
               fixed={"U": 1.0}, aliases={"model__J": ("--j-over-u",)}, plot=True,
               help="Critical U_c where the RPA spin susceptibility diverges (max over the q "
                    "mesh), at fixed J/U (--J, alias --j-over-u).")
solver_command(group, "chi", fl.solve_rpa, model=RPA, plot=True)
solver_command(group, "bands", fl.solve_bands, model=RPA, exclude=INTERACTION, call=_bands,
               plot=True, help="Bands along a path with orbital weights.", extra=(
                   click.option("--path", default="G-X-M-G", show_default=True,
                                help="Corners G, X, Y, M."),))
solver_command(group, "fermi-surface", fl.solve_fermi_surface, model=RPA, exclude=INTERACTION,
               call=_fermi_surface, plot=True, help="Orbital-resolved Fermi surface on the mesh.")
solver_command(group, "sweep", fl.rpa_peaks, model=RPA, exclude=("U", "J"), call=_uj_sweep,
               help="U, J sweeps on cooperlab.sweep (resumable with --store or --out).", extra=(
                   click.option("--U", "U", default="0.5", show_default=True,
                                help="U: a number or start:stop:count."),
                   click.option("--J", "J", default="0", show_default=True,
                                help="J (J/U for --quantity u_c): a number or start:stop:count."),
                   click.option("--quantity", type=click.Choice(["peaks", "u_c"]),
                                default="peaks", show_default=True, help=(
                                    "peaks: Stoner eigenvalues and susceptibility maxima per "
                                    "(U, J); u_c: critical U per J/U.")), execution_options))
solver_command(group, "pairing", fl.solve_pairing, model=RPA, plot=True,
               aliases={"options__check_half_mesh": ("--check-mesh",)})
solver_command(group, "pairing-diagram", fl.solve_pairing_diagram, model=RPA, call=_diagram,
               plot=True, extra=(click.option(
                   "--u-prime-over-u", "ratios", default="0.5:1.4:10", show_default=True,
                   help="U'/U values, start:stop:count (J and J' stay as given)."),
                   execution_options),
               help="Leading eigenvalue of every pairing channel across U'/U (s+- -> s++, "
                    "Kontani & Onari 2010), run on cooperlab.sweep.")
solver_command(group, "resonance", fl.solve_spin_resonance, model=fl.ResonanceModel.from_preset,
               call=_resonance, aliases={"model__gap_amplitude": ("--delta",),
                                         "model__temperature": ("--T",),
                                         "model__temperature_K": ("--T-K",)}, extra=(
                   click.option("--compare/--no-compare", default=True, show_default=True,
                                help="With --plot, also the same |Delta| without sign change."),
                   click.option("--plot", type=click.Path(path_type=Path),
                                help="chi''(Q, omega), RPA and bare, with Omega_c.")),
               help="Spin resonance at Q = (pi, 0) of the two-orbital pnictide model (omega_c, "
                    "resonance_energy, has_resonance; *_meV with --preset).")
