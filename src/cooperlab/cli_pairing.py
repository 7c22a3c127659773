"""``cooperlab rpa pairing`` and ``cooperlab rpa pairing-diagram``: the linearised gap equation
of RPA spin and orbital fluctuations (thin wrappers over :mod:`cooperlab.fluctuations.pairing`).
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import click

from cooperlab.cli_rpa import build_rpa_model, rpa_model_options

#: Numerics of the gap equation shared by both commands.
pairing_options = [
    click.option("--n-states", type=int, default=6, show_default=True,
                 help="Eigenvalues kept per channel (singlet, triplet)."),
    click.option("--smearing", type=float, default=1.0, show_default=True,
                 help="Adaptive Gaussian width of the Fermi shell, in mesh steps."),
]


def add_pairing_commands(rpa: click.Group, cli: ModuleType, plot_option: Any) -> None:
    """Add ``pairing`` and ``pairing-diagram`` to the ``rpa`` group."""
    output_options = cli.output_options
    run_command = cli.run_command
    save_plot = cli.save_plot

    @rpa.command("pairing")
    @rpa_model_options
    @cli.stacked(*pairing_options)
    @click.option("--singlet-only", is_flag=True, help="Skip the triplet channel.")
    @click.option("--check-mesh", is_flag=True,
                  help="Also solve on the N/2 mesh and report the change of lambda.")
    @plot_option
    @output_options
    def pairing_command(model_name: str, t: float, t_prime: float, t_second: float,
                        mu: float | None, filling: float | None, T: float | None, nk: int,
                        U: float, J: float, U_prime: float | None, J_prime: float | None,
                        n_states: int, smearing: float, singlet_only: bool,
                        check_mesh: bool, plot_path: Path | None, as_json: bool,
                        out: Path | None) -> None:
        """Leading pairing eigenvalues and symmetries (s+-, s++, d_x2-y2, d_xy, g, p) of the
        linearised gap equation with the RPA spin/orbital-fluctuation vertex; --plot draws
        the leading gap function on the Fermi surface, coloured by sign."""
        from cooperlab.fluctuations import PairingOptions, solve_pairing

        def action() -> Any:
            model = build_rpa_model(model_name, t, t_prime, t_second, mu, filling, T, nk,
                                    U=U, J=J, U_prime=U_prime, J_prime=J_prime)
            options = PairingOptions(n_states=n_states, smearing=smearing,
                                     triplet=not singlet_only, check_half_mesh=check_mesh)
            result = solve_pairing(model, options)
            save_plot(lambda r: r.plot(), result, plot_path)
            return result

        run_command(action, as_json, out)

    @rpa.command("pairing-diagram")
    @rpa_model_options
    @click.option("--u-prime-over-u", "ratios", default="0.5:1.4:10", show_default=True,
                  help="U'/U values, start:stop:count (J and J' stay as given).")
    @cli.sweep_execution_options
    @plot_option
    @output_options
    def pairing_diagram_command(model_name: str, t: float, t_prime: float, t_second: float,
                                mu: float | None, filling: float | None, T: float | None,
                                nk: int, U: float, J: float, U_prime: float | None,
                                J_prime: float | None, ratios: str, executor: str | None,
                                scheduler: str | None, workers: int | None,
                                store: Path | None, plot_path: Path | None, as_json: bool,
                                out: Path | None) -> None:
        """Leading eigenvalue of every pairing channel across U'/U (orbital fluctuations grow
        for U' > U: s+- -> s++, Kontani & Onari 2010), run on cooperlab.sweep."""
        from cooperlab.fluctuations import solve_pairing_diagram

        def action() -> Any:
            model = build_rpa_model(model_name, t, t_prime, t_second, mu, filling, T, nk,
                                    U=U, J=J, U_prime=U_prime, J_prime=J_prime)
            if model.U <= 0:
                raise ValueError(f"--U must be positive for a U'/U sweep, got {model.U}")
            values = cli.parse_range("--u-prime-over-u", ratios) * model.U
            chosen, points = cli.sweep_target(executor, scheduler, store, out)
            result = solve_pairing_diagram(model, U_prime=values, executor=chosen,
                                           scheduler=scheduler, max_workers=workers,
                                           store=points, progress=False)
            save_plot(lambda r: r.plot(), result, plot_path)
            return result

        run_command(action, as_json, out)
