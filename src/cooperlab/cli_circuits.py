"""``cooperlab circuits ...``: junctions, qubit spectra and the quantum piston engine."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from cooperlab.cli import output_options, parse_range, run_command, save_plot, stacked


@click.group("circuits")
def circuits() -> None:
    """Superconducting circuits: junctions, transmon / fluxonium spectra, piston engines."""


@circuits.command("junction")
@click.option("--tc-K", "tc_K", type=float, default=None, help="Electrode T_c (K).")
@click.option("--material", "material_name", default=None, help="Preset instead of --tc-K.")
@click.option("--tc2-K", "tc2_K", type=float, default=None,
              help="T_c of the second electrode (asymmetric junction).")
@click.option("--rn-ohm", type=float, required=True, help="Normal-state resistance (ohm).")
@click.option("--T-K", "T_K", type=float, default=0.0, show_default=True,
              help="Temperature (K).")
@click.option("--c-fF", "capacitance", type=float, default=None, help="Capacitance (fF).")
@output_options
def junction_command(tc_K: float | None, material_name: str | None, tc2_K: float | None,
                     rn_ohm: float, T_K: float, capacitance: float | None, as_json: bool,
                     out: Path | None) -> None:
    """Ambegaokar-Baratoff I_c(T) from the BCS gap, E_J, E_C (JSON key ic_nA)."""
    from cooperlab.circuits.junction import JunctionModel, solve_junction

    def action() -> Any:
        if (tc_K is None) == (material_name is None):
            raise ValueError("give exactly one of --tc-K or --material")
        if material_name is not None:
            model = JunctionModel.from_material(material_name, rn_ohm, T_K, capacitance)
        else:
            model = JunctionModel(tc_K, rn_ohm, T_K, tc2_K, capacitance)
        return solve_junction(model)

    run_command(action, as_json, out)


@circuits.command("interconnect")
@click.option("--material", default="Nb", show_default=True,
              help="Al, Sn, Pb, Nb (or custom with --tc-K --lambda-nm --xi-nm).")
@click.option("--shape", type=click.Choice(["strip", "via", "bump"]), default="strip",
              show_default=True)
@click.option("--width-um", type=float, default=1.0, show_default=True,
              help="Strip width or via/bump diameter (um).")
@click.option("--thickness-um", type=float, default=0.02, show_default=True,
              help="Strip thickness (um).")
@click.option("--length-um", type=float, default=1000.0, show_default=True)
@click.option("--tc-K", "tc_K", type=float, default=None)
@click.option("--lambda-nm", type=float, default=None, help="London depth lambda_L(0) (nm).")
@click.option("--xi-nm", type=float, default=None, help="Pippard length xi_0 (nm).")
@click.option("--rho-normal", type=float, default=0.02, show_default=True,
              help="Normal-metal alternative's resistivity (uOhm cm).")
@click.option("--T-K", "T_K", default=None,
              help="Temperature(s) in K: a number or start:stop:count (default 0 .. 0.99 T_c).")
@click.option("--plot", type=click.Path(path_type=Path), default=None,
              help="Depairing current and kinetic inductance versus T.")
@output_options
def interconnect_command(material: str, shape: str, width_um: float, thickness_um: float,
                         length_um: float, tc_K: float | None, lambda_nm: float | None,
                         xi_nm: float | None, rho_normal: float, T_K: str | None,
                         plot: Path | None, as_json: bool, out: Path | None) -> None:
    """Depairing current and kinetic inductance of a strip, via or bump versus T."""
    from cooperlab.circuits.interconnect import Interconnect, solve_interconnect

    def action() -> Any:
        model = Interconnect(material, shape, width_um, thickness_um, length_um, tc_K,
                             lambda_nm, xi_nm, rho_normal)
        temps = None if T_K is None else parse_range("--T-K", T_K)
        result = solve_interconnect(model, temps)
        save_plot(lambda r: r.plot(), result, plot)
        return result

    run_command(action, as_json, out)


def _spectrum(model_factory: Any, sweep_name: str, sweep_text: str | None, levels: int,
              method: str, as_json: bool, out: Path | None, plot: Path | None,
              wave_plot: Path | None) -> None:
    from cooperlab.circuits.spectra import (
        SpectrumOptions,
        solve_spectrum,
        spectrum_vs,
        wavefunctions,
    )

    def action() -> Any:
        model = model_factory()
        options = SpectrumOptions(levels=levels, method=method)
        if wave_plot is not None:
            save_plot(lambda r: r.plot(), wavefunctions(model, min(levels, 5)), wave_plot)
        if sweep_text is None:
            return solve_spectrum(model, options)
        values = parse_range(f"--sweep-{sweep_name}", sweep_text)
        result = spectrum_vs(model, sweep_name, values, options)
        save_plot(lambda r: r.plot(), result, plot)
        return result

    run_command(action, as_json, out)


_plot_options = [
    click.option("--plot", type=click.Path(path_type=Path), default=None,
                 help="With a sweep: spectrum versus the swept parameter (PNG/PDF)."),
    click.option("--plot-wavefunctions", "wave_plot", type=click.Path(path_type=Path),
                 default=None, help="Wavefunctions in their potential (PNG/PDF)."),
]


@circuits.command("transmon")
@click.option("--EJ", "EJ", type=float, required=True, help="E_J / h (GHz).")
@click.option("--EC", "EC", type=float, required=True, help="E_C / h (GHz).")
@click.option("--ng", type=float, default=0.0, show_default=True, help="Offset charge.")
@click.option("--ncut", type=int, default=31, show_default=True, help="Charge cutoff.")
@click.option("--levels", type=int, default=6, show_default=True)
@click.option("--sweep-ng", "sweep", default=None, help="start:stop:count offset charges.")
@stacked(*_plot_options)
@output_options
def transmon_command(EJ: float, EC: float, ng: float, ncut: int, levels: int,
                     sweep: str | None, plot: Path | None, wave_plot: Path | None,
                     as_json: bool, out: Path | None) -> None:
    """Transmon / Cooper-pair-box spectrum in the charge basis (JSON key energies_GHz)."""
    from cooperlab.circuits.qubits import Transmon

    _spectrum(lambda: Transmon(EJ, EC, ng, ncut), "ng", sweep, levels, "oscillator",
              as_json, out, plot, wave_plot)


@circuits.command("fluxonium")
@click.option("--EJ", "EJ", type=float, required=True, help="E_J / h (GHz).")
@click.option("--EC", "EC", type=float, required=True, help="E_C / h (GHz).")
@click.option("--EL", "EL", type=float, required=True, help="E_L / h (GHz).")
@click.option("--flux", type=float, default=0.5, show_default=True, help="Phi_ext / Phi_0.")
@click.option("--cutoff", type=int, default=110, show_default=True, help="Oscillator states.")
@click.option("--levels", type=int, default=6, show_default=True)
@click.option("--method", type=click.Choice(["oscillator", "grid"]), default="oscillator",
              show_default=True)
@click.option("--sweep-flux", "sweep", default=None, help="start:stop:count fluxes.")
@stacked(*_plot_options)
@output_options
def fluxonium_command(EJ: float, EC: float, EL: float, flux: float, cutoff: int, levels: int,
                      method: str, sweep: str | None, plot: Path | None,
                      wave_plot: Path | None, as_json: bool, out: Path | None) -> None:
    """Fluxonium / rf-SQUID spectrum (JSON keys f01_GHz, energies_GHz)."""
    from cooperlab.circuits.qubits import Fluxonium

    _spectrum(lambda: Fluxonium(EJ, EC, EL, flux, cutoff), "flux", sweep, levels, method,
              as_json, out, plot, wave_plot)


@circuits.command("engine")
@click.option("--well", type=click.Choice(["box", "double"]), default="box", show_default=True)
@click.option("--amplitude", type=float, default=0.2, show_default=True,
              help="Relative modulation of L (box) or E_L (double).")
@click.option("--period", type=float, default=10.0, show_default=True,
              help="Drive period (box: m L0^2/hbar; double: ns).")
@click.option("--cycles", type=float, default=1.0, show_default=True)
@click.option("--method", type=click.Choice(["eigenbasis", "grid"]), default="eigenbasis",
              show_default=True)
@click.option("--levels", type=int, default=6, show_default=True)
@click.option("--plot", type=click.Path(path_type=Path), default=None,
              help="Work decomposition versus time (PNG/PDF).")
@output_options
def engine_command(well: str, amplitude: float, period: float, cycles: float, method: str,
                   levels: int, plot: Path | None, as_json: bool, out: Path | None) -> None:
    """Quantum piston engine: populations, coherences, force, work split (PRL 119, 090601)."""
    from cooperlab.circuits.engine import EngineOptions, PistonEngine, solve_engine

    def action() -> Any:
        result = solve_engine(PistonEngine(well=well, amplitude=amplitude, period=period,
                                           cycles=cycles),
                              EngineOptions(method=method, levels=levels))
        save_plot(lambda r: r.plot(), result, plot)
        return result

    run_command(action, as_json, out)

