"""``cooperlab rpa ...``: multi-orbital RPA spin and orbital fluctuations from the command line.

Thin wrappers over :mod:`cooperlab.fluctuations`; every command has ``--json`` and ``--out``.
New commands (``rpa pairing``, ``rpa resonance``) reuse :data:`rpa_model_options` and
:func:`build_rpa_model` and are added inside :func:`rpa_group`.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import click

from cooperlab.cli import stacked
from cooperlab.lattice.presets import PNICTIDE2_MU, PNICTIDE5_FILLING

#: Model names, their energy unit and the default temperature and filling/mu.
MODEL_DEFAULTS: dict[str, dict[str, Any]] = {
    "square": {"unit": "t", "T": 0.1, "mu": 0.0},
    "pnictide2": {"unit": "|t1|", "T": 0.05, "mu": PNICTIDE2_MU},       # Raghu et al. (2008)
    "pnictide5": {"unit": "eV", "T": 0.01, "filling": PNICTIDE5_FILLING},  # Graser (2009)
}

#: Lattice, filling and temperature options shared by every ``rpa`` command.
lattice_options = stacked(
    click.option("--model", "model_name", type=click.Choice(sorted(MODEL_DEFAULTS)),
                 default="square", show_default=True,
                 help="square (t, t', t''), pnictide2 (Raghu 2008) or pnictide5 (Graser 2009)."),
    click.option("--t", "t", type=float, default=1.0, show_default=True,
                 help="square: hopping t."),
    click.option("--t-prime", type=float, default=0.0, show_default=True,
                 help="square: second-neighbour t'."),
    click.option("--t-second", type=float, default=0.0, show_default=True,
                 help="square: third-neighbour t''."),
    click.option("--mu", type=float, default=None,
                 help="Chemical potential (default: 0 square, 1.45 pnictide2; pnictide5 "
                      "uses --filling 6)."),
    click.option("--filling", type=float, default=None,
                 help="Electrons per cell, both spins, instead of --mu (mu found on the "
                      "mesh at T)."),
    click.option("--T", "T", type=float, default=None,
                 help="Temperature in the model's units (default 0.1 t, 0.05 |t1|, "
                      "0.01 eV)."),
    click.option("--nk", type=int, default=32, show_default=True,
                 help="N of the Gamma-centred N x N k and q mesh."),
)

#: Kanamori interaction options.
interaction_options = stacked(
    click.option("--U", "U", type=float, default=0.0, show_default=True,
                 help="Intra-orbital U (model units)."),
    click.option("--J", "J", type=float, default=0.0, show_default=True, help="Hund's J."),
    click.option("--U-prime", "U_prime", type=float, default=None,
                 help="Inter-orbital U' (default U - 2J)."),
    click.option("--J-prime", "J_prime", type=float, default=None,
                 help="Pair hopping J' (default J)."),
)

rpa_model_options = stacked(lattice_options, interaction_options)


def build_lattice(model_name: str, t: float, t_prime: float, t_second: float) -> Any:
    """The preset lattice of ``--model`` (the t's only enter the square lattice)."""
    from cooperlab.lattice import pnictide2_lattice, pnictide5_lattice, square_lattice

    if model_name == "square":
        return square_lattice(t, t_prime, t_second)
    if model_name == "pnictide2":
        return pnictide2_lattice()
    return pnictide5_lattice()


def build_rpa_model(model_name: str, t: float, t_prime: float, t_second: float,
                    mu: float | None, filling: float | None, T: float | None, nk: int,
                    U: float = 0.0, J: float = 0.0, U_prime: float | None = None,
                    J_prime: float | None = None) -> Any:
    """The :class:`~cooperlab.fluctuations.RPAModel` of the command-line options."""
    from cooperlab.fluctuations import RPAModel

    if mu is not None and filling is not None:
        raise ValueError("give at most one of --mu and --filling")
    defaults = MODEL_DEFAULTS[model_name]
    if mu is None and filling is None:
        mu, filling = defaults.get("mu"), defaults.get("filling")
    lattice = build_lattice(model_name, t, t_prime, t_second)
    return RPAModel(lattice, defaults["T"] if T is None else T, U=U, J=J, U_prime=U_prime,
                    J_prime=J_prime, mu=mu, filling=filling, nk=nk)


def rpa_group(cli: ModuleType) -> click.Group:
    """Build the ``rpa`` group with the shared helpers of the ``cli`` module."""
    output_options = cli.output_options
    run_command = cli.run_command
    save_plot = cli.save_plot

    plot_option = click.option("--plot", "plot_path", type=click.Path(path_type=Path),
                               default=None, help="Save a figure to this image file.")

    @click.group()
    def rpa() -> None:
        """Multi-orbital RPA: bare and RPA susceptibilities, Stoner U_c, bands."""

    @rpa.command("stoner")
    @lattice_options
    @click.option("--j-over-u", type=float, default=0.0, show_default=True,
                  help="Hund's coupling ratio J/U (U' = U - 2J, J' = J).")
    @plot_option
    @output_options
    def stoner_command(model_name: str, t: float, t_prime: float, t_second: float,
                       mu: float | None, filling: float | None, T: float | None, nk: int,
                       j_over_u: float, plot_path: Path | None, as_json: bool,
                       out: Path | None) -> None:
        """Critical U_c where the RPA spin susceptibility diverges (max over the q mesh),
        for H = U sum_i n_up n_dn (one band) or Kanamori at fixed J/U."""
        from cooperlab.fluctuations import solve_stoner

        def action() -> Any:
            model = build_rpa_model(model_name, t, t_prime, t_second, mu, filling, T, nk,
                                    U=1.0, J=j_over_u)
            result = solve_stoner(model)
            save_plot(lambda r: r.plot(), result, plot_path)
            return result

        run_command(action, as_json, out)

    @rpa.command("chi")
    @rpa_model_options
    @plot_option
    @output_options
    def chi_command(model_name: str, t: float, t_prime: float, t_second: float,
                    mu: float | None, filling: float | None, T: float | None, nk: int,
                    U: float, J: float, U_prime: float | None, J_prime: float | None,
                    plot_path: Path | None, as_json: bool, out: Path | None) -> None:
        """Static RPA spin and charge/orbital susceptibilities chi_{ab,cd}(q) on the mesh;
        --plot draws the physical spin susceptibility map."""
        from cooperlab.fluctuations import solve_rpa

        def action() -> Any:
            model = build_rpa_model(model_name, t, t_prime, t_second, mu, filling, T, nk,
                                    U=U, J=J, U_prime=U_prime, J_prime=J_prime)
            result = solve_rpa(model)
            save_plot(lambda r: r.plot(), result, plot_path)
            return result

        run_command(action, as_json, out)

    @rpa.command("bands")
    @lattice_options
    @click.option("--path", default="G-X-M-G", show_default=True, help="Corners G, X, Y, M.")
    @plot_option
    @output_options
    def bands_command(model_name: str, t: float, t_prime: float, t_second: float,
                      mu: float | None, filling: float | None, T: float | None, nk: int,
                      path: str, plot_path: Path | None, as_json: bool,
                      out: Path | None) -> None:
        """Bands along a path with orbital weights (mu from --mu or --filling)."""
        from cooperlab.fluctuations import solve_bands

        def action() -> Any:
            model = build_rpa_model(model_name, t, t_prime, t_second, mu, filling, T, nk)
            result = solve_bands(model.lattice, model.T, mu=model.mu, n=model.filling,
                                 path=path, nk=nk)
            save_plot(lambda r: r.plot(), result, plot_path)
            return result

        run_command(action, as_json, out)

    @rpa.command("fermi-surface")
    @lattice_options
    @plot_option
    @output_options
    def fermi_surface_command(model_name: str, t: float, t_prime: float, t_second: float,
                              mu: float | None, filling: float | None, T: float | None,
                              nk: int, plot_path: Path | None, as_json: bool,
                              out: Path | None) -> None:
        """Orbital-resolved Fermi surface on the nk mesh."""
        from cooperlab.fluctuations import solve_fermi_surface

        def action() -> Any:
            model = build_rpa_model(model_name, t, t_prime, t_second, mu, filling, T, nk)
            result = solve_fermi_surface(model.lattice, model.T, mu=model.mu,
                                         n=model.filling, nk=nk)
            save_plot(lambda r: r.plot(), result, plot_path)
            return result

        run_command(action, as_json, out)

    @rpa.command("sweep")
    @lattice_options
    @click.option("--U", "U", default="0.5", show_default=True,
                  help="U: a number or start:stop:count.")
    @click.option("--J", "J", default="0", show_default=True,
                  help="J (or J/U for --quantity u_c): a number or start:stop:count.")
    @click.option("--quantity", type=click.Choice(["peaks", "u_c"]), default="peaks",
                  show_default=True,
                  help="peaks: Stoner eigenvalues and susceptibility maxima per (U, J); "
                       "u_c: critical U per J/U.")
    @cli.sweep_execution_options
    @output_options
    def sweep_command(model_name: str, t: float, t_prime: float, t_second: float,
                      mu: float | None, filling: float | None, T: float | None, nk: int,
                      U: str, J: str, quantity: str, executor: str | None,
                      scheduler: str | None, workers: int | None, store: Path | None,
                      as_json: bool, out: Path | None) -> None:
        """U, J sweeps on cooperlab.sweep (resumable with --store or --out)."""
        from cooperlab.fluctuations import rpa_peaks, stoner_u_c
        from cooperlab.sweep import sweep

        def action() -> Any:
            u_values, j_values = cli.parse_range("--U", U), cli.parse_range("--J", J)
            if quantity == "u_c":
                base = build_rpa_model(model_name, t, t_prime, t_second, mu, filling, T, nk,
                                       U=1.0, J=float(j_values[0]))
                swept, func = {"J": j_values}, stoner_u_c
            else:
                base = build_rpa_model(model_name, t, t_prime, t_second, mu, filling, T, nk,
                                       U=float(u_values[0]), J=float(j_values[0]))
                swept = {name: v for name, v in (("U", u_values), ("J", j_values))
                         if len(v) > 1} or {"U": u_values}
                func = rpa_peaks
            chosen, points = cli.sweep_target(executor, scheduler, store, out)
            return sweep(func, base, store=points, executor=chosen, scheduler=scheduler,
                         max_workers=workers, **swept)

        run_command(action, as_json, out)

    from cooperlab.cli_pairing import add_pairing_commands

    add_pairing_commands(rpa, cli, plot_option)
    return rpa
