"""``cooperlab rpa resonance``: chi''(Q, omega) of an s+- or s++ superconductor (added to the
``rpa`` group by :func:`cooperlab.cli._register_groups`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from cooperlab.cli import output_options, run_command, save_plot


@click.command("resonance")
@click.option("--gap", type=click.Choice(["s+-", "s++", "s", "dx2-y2"]), default="s+-",
              show_default=True, help="Gap form Delta(k) = Delta_0 g(k).")
@click.option("--preset", type=click.Choice(["none", "BaKFe2As2"]), default="none",
              show_default=True,
              help="Ba0.6K0.4Fe2As2-like parameters (energies in meV; ignores --U/--J/--delta/"
                   "--mu; --T-K sets the temperature).")
@click.option("--delta", "gap_amplitude", type=float, default=0.1, show_default=True,
              help="Delta_0 in units of |t1|.")
@click.option("--U", "U", type=float, default=2.7, show_default=True, help="Kanamori U.")
@click.option("--J", "J", type=float, default=None, help="Hund J (default U/4).")
@click.option("--mu", type=float, default=None, help="Chemical potential (default 1.45).")
@click.option("--T", "temperature", type=float, default=0.0, show_default=True,
              help="k_B T in units of |t1|.")
@click.option("--T-K", "temperature_K", type=float, default=7.0, show_default=True,
              help="Temperature of the preset (K).")
@click.option("--nk", type=int, default=240, show_default=True, help="k mesh nk x nk.")
@click.option("--n-omega", type=int, default=160, show_default=True)
@click.option("--compare/--no-compare", default=True, show_default=True,
              help="Also solve the same |Delta| without sign change (s+- <-> s++) for --plot.")
@click.option("--plot", type=click.Path(path_type=Path), default=None,
              help="chi''(Q, omega), RPA and bare, with Omega_c.")
@output_options
def resonance_command(gap: str, preset: str, gap_amplitude: float, U: float,
                      J: float | None, mu: float | None, temperature: float,
                      temperature_K: float, nk: int, n_omega: int, compare: bool,
                      plot: Path | None, as_json: bool, out: Path | None) -> None:
    """Spin resonance at Q = (pi, 0) of the two-orbital pnictide model (JSON keys
    omega_c, resonance_energy, has_resonance; *_meV with --preset)."""
    from dataclasses import replace

    from cooperlab.fluctuations.resonance import (
        ResonanceModel,
        ResonanceOptions,
        ba_k_fe2as2_model,
        solve_spin_resonance,
    )
    from cooperlab.lattice import PNICTIDE2_MU

    def action() -> Any:
        if preset == "BaKFe2As2":
            model = ba_k_fe2as2_model(temperature_K, gap=gap)
        else:
            model = ResonanceModel(gap=gap, gap_amplitude=gap_amplitude, U=U,
                                   J=U / 4 if J is None else J,
                                   mu=PNICTIDE2_MU if mu is None else mu,
                                   temperature=temperature)
        options = ResonanceOptions(nk=nk, n_omega=n_omega)
        result = solve_spin_resonance(model, options)
        partner = {"s+-": "s++", "s++": "s+-"}.get(gap)
        other = (solve_spin_resonance(replace(model, gap=partner), options)
                 if compare and partner and plot is not None else None)
        save_plot(lambda r: r.plot(compare=other), result, plot)
        return result

    run_command(action, as_json, out)
