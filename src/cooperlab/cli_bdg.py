"""``cooperlab bdg ...``: real-space BdG (dense or KPM), the uniform gap, Josephson-STM maps.

Thin wrappers over :mod:`cooperlab.bdg`; every command has ``--json`` and ``--out``. A state
saved by ``bdg solve`` records its command-line model, so ``bdg jstm RESULT`` rebuilds it.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import click

from cooperlab.cli import stacked

lattice_options = stacked(
    click.option("--lattice", "lattice_spec", default="square:24x24", show_default=True,
                 help="NAME:LxM (square or chain)."),
    click.option("--bc", type=click.Choice(["periodic", "open"]), default="periodic",
                 show_default=True),
    click.option("--t-prime", type=float, default=0.0, show_default=True,
                 help="Next-nearest-neighbour hopping t' (units of t)."),
    click.option("--U", "U", type=float, default=-2.0, show_default=True,
                 help="On-site interaction (< 0 attractive), units of t."),
    click.option("--filling", type=float, default=None,
                 help="Electrons per site (mu tuned); default: --mu."),
    click.option("--mu", type=float, default=None, help="Chemical potential (default 0)."),
    click.option("--T", "temperature", type=float, default=0.0, show_default=True,
                 help="k_B T in units of t."),
)


def parse_disorder(text: str | None, seed: int) -> Any:
    """``box:W`` or ``gaussian:W`` (or None)."""
    from cooperlab.bdg import Disorder

    if text is None:
        return Disorder()
    kind, _, strength = text.partition(":")
    try:
        return Disorder(kind, float(strength), seed)
    except ValueError as error:
        raise ValueError(f"--disorder must be box:W or gaussian:W, got {text!r} ({error})"
                         ) from None


def build_bdg_model(spec: dict[str, Any]) -> Any:
    """The :class:`BdGModel` of a command-line specification (also stored in results)."""
    from cooperlab.bdg import BdGModel
    from cooperlab.lattice import parse_lattice_spec

    lattice, shape = parse_lattice_spec(spec["lattice"], t=1.0, t_prime=spec["t_prime"])
    mu = spec["mu"] if spec["filling"] is None and spec["mu"] is not None else (
        0.0 if spec["filling"] is None else None)
    return BdGModel(lattice.cluster(shape, spec["bc"]), U=spec["U"], V=spec["V"], mu=mu,
                    filling=spec["filling"], temperature=spec["temperature"],
                    disorder=parse_disorder(spec["disorder"], spec["seed"]))


def bdg_group(cli: ModuleType) -> click.Group:
    """Build the ``bdg`` group with the shared helpers of the ``cli`` module."""
    output_options, run_command, save_plot = cli.output_options, cli.run_command, cli.save_plot

    @click.group()
    def bdg() -> None:
        """Inhomogeneous superconductors: real-space BdG, KPM, Josephson STM."""

    @bdg.command("solve")
    @lattice_options
    @click.option("--V", "V", type=float, default=0.0, show_default=True,
                  help="Nearest-neighbour interaction (< 0: bond / d-wave pairing).")
    @click.option("--disorder", default=None, help="box:W or gaussian:W (units of t).")
    @click.option("--seed", type=int, default=0, show_default=True, help="Disorder seed.")
    @click.option("--solver", type=click.Choice(["dense", "kpm"]), default="dense",
                  show_default=True)
    @click.option("--moments", type=int, default=512, show_default=True,
                  help="Chebyshev moments (kpm).")
    @click.option("--probe-period", type=int, default=8, show_default=True,
                  help="Probe colouring period in cells (kpm; 0: one probe per site; "
                       "one not dividing a periodic side is raised to the next divisor).")
    @click.option("--progress/--no-progress", default=None,
                  help="Progress bar with the residual (default: on a terminal).")
    @click.option("--plot", type=click.Path(path_type=Path), default=None,
                  help="Map of the local gap Delta_i.")
    @output_options
    def solve(lattice_spec: str, bc: str, t_prime: float, U: float, filling: float | None,
              mu: float | None, temperature: float, V: float, disorder: str | None,
              seed: int, solver: str, moments: int, probe_period: int,
              progress: bool | None, plot: Path | None, as_json: bool,
              out: Path | None) -> None:
        """Self-consistent BdG state of a (disordered) film: Delta_i, n_i, spectrum."""
        from cooperlab.bdg import BdGOptions, solve_bdg

        spec = {"lattice": lattice_spec, "bc": bc, "t_prime": t_prime, "U": U, "V": V,
                "filling": filling, "mu": mu, "temperature": temperature,
                "disorder": disorder, "seed": seed}

        def action() -> Any:
            model = build_bdg_model(spec)
            state = solve_bdg(model, BdGOptions(solver=solver, n_moments=moments,
                                                probe_period=probe_period, progress=progress))
            state.metadata["cli_model"] = spec
            save_plot(lambda r: r.plot(), state, plot)
            return state

        run_command(action, as_json, out)

    @bdg.command("uniform")
    @lattice_options
    @output_options
    def uniform(lattice_spec: str, bc: str, t_prime: float, U: float, filling: float | None,
                mu: float | None, temperature: float, as_json: bool, out: Path | None) -> None:
        """Clean uniform s-wave gap from the k-space BCS equations on the cluster's momenta
        (JSON key ``delta``, units of t)."""
        from cooperlab.bdg.dense import uniform_lattice_gap

        spec = {"lattice": lattice_spec, "bc": bc, "t_prime": t_prime, "U": U, "V": 0.0,
                "filling": filling, "mu": mu, "temperature": temperature, "disorder": None,
                "seed": 0}
        run_command(lambda: uniform_lattice_gap(build_bdg_model(spec)), as_json, out)

    @bdg.command("jstm")
    @click.argument("result", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--tip-gap", type=float, required=True, help="Tip gap (units of t).")
    @click.option("--T", "temperature", type=float, default=0.02, show_default=True,
                  help="k_B T of tip and sample (units of t).")
    @click.option("--broadening", type=float, default=0.05, show_default=True,
                  help="LDOS width (units of t).")
    @click.option("--normal-window", type=float, default=None,
                  help="R_N from the Lorentzian LDOS at E_F of this width (units of t); "
                       "default: the normal LDOS over the Josephson window.")
    @click.option("--plot", type=click.Path(path_type=Path), default=None,
                  help="Map of --plot-quantity.")
    @click.option("--plot-quantity", default="ic_rn", show_default=True,
                  type=click.Choice(["ic_rn", "superfluid_proxy", "coherence_gap",
                                     "pair_potential", "normal_ldos"]))
    @click.option("--solver", type=click.Choice(["dense", "kpm"]), default="dense",
                  show_default=True, help="kpm: Chebyshev expansions (large clusters).")
    @click.option("--moments", type=int, default=256, show_default=True,
                  help="Chebyshev moments (kpm).")
    @click.option("--probe-period", type=int, default=24, show_default=True,
                  help="Probe colouring period in cells (kpm; 0: one probe per site; "
                       "one not dividing a periodic side is raised to the next divisor).")
    @output_options
    def jstm(result: Path, tip_gap: float, temperature: float, broadening: float,
             normal_window: float | None, plot: Path | None, plot_quantity: str,
             solver: str, moments: int, probe_period: int, as_json: bool,
             out: Path | None) -> None:
        """Josephson-STM maps (I_c R_N, (I_c R_N)^2, R_N, LDOS gap) of a saved BdG state."""
        from cooperlab.bdg import SpectraOptions, josephson_map

        def action() -> Any:
            model, state = _saved_state(result)
            options = SpectraOptions(solver=solver, n_moments=moments,
                                     probe_period=probe_period, broadening=broadening)
            maps = josephson_map(model, state, tip_gap, temperature, broadening=broadening,
                                 normal_window=normal_window, options=options)
            save_plot(lambda r: r.plot(quantity=plot_quantity), maps, plot)
            return maps

        run_command(action, as_json, out)

    @bdg.command("spectra")
    @click.argument("result", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--energy", default="-1.5:1.5:31", show_default=True,
                  help="LDOS energies START:STOP:COUNT (or one value), units of t.")
    @click.option("--solver", type=click.Choice(["dense", "kpm"]), default="kpm",
                  show_default=True)
    @click.option("--moments", type=int, default=128, show_default=True,
                  help="Chebyshev moments (kpm; resolution ~ pi a / M).")
    @click.option("--probe-period", type=int, default=24, show_default=True,
                  help="Probe colouring period in cells (kpm; ~ M / 5 keeps the LDOS within "
                       "a few per cent; 0: one probe per site; one not dividing a "
                       "periodic side is raised to the next divisor).")
    @click.option("--broadening", type=float, default=0.05, show_default=True,
                  help="Gaussian width (dense), units of t.")
    @click.option("--plot", type=click.Path(path_type=Path), default=None,
                  help="Gap map, spectra or histogram (--plot-kind).")
    @click.option("--plot-kind", type=click.Choice(["gap_map", "spectra", "histogram"]),
                  default="gap_map", show_default=True)
    @output_options
    def spectra(result: Path, energy: str, solver: str, moments: int, probe_period: int,
                broadening: float, plot: Path | None, plot_kind: str, as_json: bool,
                out: Path | None) -> None:
        """LDOS(r, E) maps and the coherence-peak gap map of a saved BdG state."""
        from cooperlab.bdg import SpectraOptions, local_spectra

        def action() -> Any:
            model, state = _saved_state(result)
            options = SpectraOptions(solver=solver, n_moments=moments,
                                     probe_period=probe_period, broadening=broadening)
            maps = local_spectra(model, state, cli.parse_range("energy", energy), options)
            save_plot(lambda r: r.plot(kind=plot_kind), maps, plot)
            return maps

        run_command(action, as_json, out)

    @bdg.command("disorder-sweep")
    @lattice_options
    @click.option("--V", "V", type=float, default=0.0, show_default=True,
                  help="Nearest-neighbour interaction (< 0: bond / d-wave pairing).")
    @click.option("--disorder", "strengths", default="0:2:5", show_default=True,
                  help="Disorder strengths W (units of t), START:STOP:COUNT or one value.")
    @click.option("--kind", type=click.Choice(["box", "gaussian"]), default="box",
                  show_default=True)
    @click.option("--realisations", type=int, default=4, show_default=True)
    @click.option("--seed", type=int, default=0, show_default=True,
                  help="Root of the SeedSequence the realisations are spawned from.")
    @click.option("--tip-gap", type=float, default=None,
                  help="Also map I_c R_N with a tip of this gap (units of t).")
    @click.option("--solver", type=click.Choice(["dense", "kpm"]), default="dense",
                  show_default=True)
    @click.option("--moments", type=int, default=512, show_default=True)
    @click.option("--probe-period", type=int, default=8, show_default=True)
    @cli.sweep_execution_options
    @output_options
    def disorder_sweep_command(lattice_spec: str, bc: str, t_prime: float, U: float,
                               filling: float | None, mu: float | None, temperature: float,
                               V: float, strengths: str, kind: str, realisations: int,
                               seed: int, tip_gap: float | None, solver: str, moments: int,
                               probe_period: int, executor: str | None, scheduler: str | None,
                               workers: int | None, store: Path | None, as_json: bool,
                               out: Path | None) -> None:
        """Disorder strength x realisations (dims disorder, realisation) on cooperlab.sweep;
        dask when --scheduler is given. With --tip-gap the tip is at the sample's --T (at
        least 0.01 t: the Matsubara sum needs T > 0)."""
        from cooperlab.bdg import BdGOptions, DisorderEnsemble, disorder_sweep

        spec = {"lattice": lattice_spec, "bc": bc, "t_prime": t_prime, "U": U, "V": V,
                "filling": filling, "mu": mu, "temperature": temperature, "disorder": None,
                "seed": 0}

        def action() -> Any:
            ensemble = DisorderEnsemble(build_bdg_model(spec), kind=kind, seed=seed)
            chosen, points = cli.sweep_target(executor, scheduler, store, out)
            return disorder_sweep(
                ensemble, cli.parse_range("--disorder", strengths), realisations,
                BdGOptions(solver=solver, n_moments=moments, probe_period=probe_period),
                tip_gap=tip_gap, jstm_temperature=max(temperature, 0.01), store=points,
                executor=chosen, scheduler=scheduler, max_workers=workers)

        run_command(action, as_json, out)

    return bdg


def _saved_state(path: Path) -> tuple[Any, Any]:
    """The model and state of a file written by ``cooperlab bdg solve``."""
    from cooperlab.results import load

    state = load(path)
    spec = state.metadata.get("cli_model")
    if spec is None:
        raise ValueError(f"{path} was not written by 'cooperlab bdg solve' (no "
                         "command-line model to rebuild); use the Python API")
    return build_bdg_model(spec), state
