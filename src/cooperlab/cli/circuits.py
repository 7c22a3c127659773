"""``cooperlab circuits ...``: junctions, interconnects, qubit spectra, quantum piston engines."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from cooperlab import circuits
from cooperlab.cli.command import save_plot, solver_command
from cooperlab.cli.generate import parse_range


@click.group("circuits")
def group() -> None:
    """Superconducting circuits: junctions, transmon / fluxonium spectra, piston engines."""


def _interconnect(model: Any, T_K: str | None = None) -> Any:
    return circuits.solve_interconnect(model, None if T_K is None else parse_range("--T-K", T_K))


def _spectrum(model: Any, options: Any = None, *, sweep: str | None = None,
              wave_plot: Path | None = None) -> Any:
    """The spectrum, or with ``sweep`` its fast sweep over ng (transmon) or flux."""
    if wave_plot is not None:
        save_plot(None, circuits.solve_wavefunctions(model, min(options.levels, 5)), wave_plot)
    if sweep is None:
        return circuits.solve_spectrum(model, options)
    name = "ng" if isinstance(model, circuits.Transmon) else "flux"
    values = parse_range(f"--sweep-{name}", sweep)
    return circuits.solve_spectrum_sweep(model, name, values, options)


def _qubit_options(name: str) -> tuple[Any, ...]:
    return (click.option(f"--sweep-{name}", "sweep", help=f"start:stop:count values of {name}; "
                         "--plot then draws the spectrum versus it."),
            click.option("--plot-wavefunctions", "wave_plot", type=click.Path(path_type=Path),
                         help="Wavefunctions in their potential (PNG/PDF)."))


solver_command(group, "junction", circuits.solve_junction,
               model=circuits.JunctionModel.from_electrodes,
               aliases={"model__capacitance_fF": ("--c-fF",)})
solver_command(group, "interconnect", circuits.solve_interconnect, plot=True, call=_interconnect,
               aliases={"model__lambda_0_nm": ("--lambda-nm",), "model__xi_0_nm": ("--xi-nm",),
                        "model__normal_resistivity_uohm_cm": ("--rho-normal",)},
               extra=(click.option("--T-K", "T_K", help="Temperature(s) [K]: a number or "
                                   "start:stop:count (default 0 .. 0.99 T_c)."),))
solver_command(group, "transmon", circuits.solve_spectrum, model=circuits.Transmon,
               exclude=("method", "grid_points"), plot=True, call=_spectrum,
               extra=_qubit_options("ng"))
solver_command(group, "fluxonium", circuits.solve_spectrum, model=circuits.Fluxonium, plot=True,
               call=_spectrum, extra=_qubit_options("flux"))
solver_command(group, "engine", circuits.solve_engine, plot=True, defaults={"options__levels": 6})
