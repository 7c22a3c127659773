"""``cooperlab hubbard ...``: exact diagonalisation, DQMC and stripes from the command line.

Thin wrappers over :mod:`cooperlab.hubbard`; every command has ``--json`` and ``--out``.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from types import ModuleType
from typing import Any

import click

from cooperlab.cli import stacked

model_options = stacked(
    click.option("--lattice", "lattice_spec", default="square:4x4", show_default=True,
                 help="NAME:LxM with NAME square, chain or emery (e.g. square:8x8, chain:4)."),
    click.option("--bc", type=click.Choice(["periodic", "open"]), default="periodic",
                 show_default=True, help="Boundary conditions."),
    click.option("--t", "t", type=float, default=1.0, show_default=True, help="Hopping t."),
    click.option("--t-prime", type=float, default=0.0, show_default=True,
                 help="Next-nearest-neighbour hopping t' (square)."),
    click.option("--U", "U", type=float, default=4.0, show_default=True,
                 help="On-site U (units of t)."),
    click.option("--mu", type=float, default=0.0, show_default=True,
                 help="Chemical potential; 0 = half filling (particle-hole symmetric form)."),
)

dqmc_options = stacked(
    click.option("--dtau", type=float, default=0.1, show_default=True,
                 help="Imaginary-time step."),
    click.option("--warmup", type=int, default=200, show_default=True, help="Warm-up sweeps."),
    click.option("--sweeps", type=int, default=2000, show_default=True,
                 help="Measured sweeps per chain."),
    click.option("--bin-size", type=int, default=1, show_default=True,
                 help="Sweeps per stored bin (the time series tau_int is measured on)."),
    click.option("--block-size", type=int, default=0, show_default=True,
                 help="Sweeps per jackknife block (0: at least 8 tau_int, from the measured "
                      "autocorrelation)."),
    click.option("--chains", type=int, default=1, show_default=True,
                 help="Independent Markov chains (SeedSequence.spawn streams)."),
    click.option("--seed", type=int, default=0, show_default=True, help="Root seed."),
    click.option("--checkpoint-every", type=int, default=0, show_default=True,
                 help="Checkpoint every N sweeps (with --store or --out)."),
    click.option("--progress/--no-progress", default=None,
                 help="Progress bar (default: on a terminal)."),
)


def build_model(lattice_spec: str, bc: str, t: float, t_prime: float, U: float, mu: float,
                beta: float | None) -> Any:
    """The :class:`HubbardModel` of the command-line options."""
    from cooperlab.hubbard import HubbardModel
    from cooperlab.lattice import parse_lattice_spec

    lattice, shape = parse_lattice_spec(lattice_spec, t=t, t_prime=t_prime)
    return HubbardModel(lattice, shape, bc, U, mu, beta)


def build_dqmc_options(dtau: float, warmup: int, sweeps: int, bin_size: int,
                       checkpoint_every: int, measure_unequal_every: int = 0,
                       block_size: int = 0) -> Any:
    """:class:`DQMCOptions` of the command-line options."""
    from cooperlab.hubbard import DQMCOptions

    return DQMCOptions(dtau=dtau, n_warmup=warmup, n_sweeps=sweeps, bin_size=bin_size,
                       block_size=block_size, checkpoint_every=checkpoint_every,
                       measure_unequal_every=measure_unequal_every)


def hubbard_group(cli: ModuleType) -> click.Group:
    """Build the ``hubbard`` group with the shared helpers of the ``cli`` module.

    Taking the module as an argument (instead of importing it) keeps ``python -m
    cooperlab.cli`` free of a circular import.
    """
    output_options = cli.output_options
    run_command = cli.run_command
    save_plot = cli.save_plot
    sweep_execution_options = cli.sweep_execution_options

    @click.group()
    def hubbard() -> None:
        """Hubbard models: exact diagonalisation, determinant QMC, stripes."""


    @hubbard.command("ed")
    @model_options
    @click.option("--beta", type=float, default=None,
                  help="Inverse temperature (full finite-T ED); omit for the ground state.")
    @click.option("--n-up", type=int, default=None, help="Ground state: up electrons.")
    @click.option("--n-down", type=int, default=None, help="Ground state: down electrons.")
    @click.option("--susceptibility/--no-susceptibility", default=True,
                  help="Finite T: Lehmann sums for chi(q) and the pair susceptibilities "
                       "(about 3x the cost of the equal-time observables; on by default).")
    @output_options
    def ed_command(lattice_spec: str, bc: str, t: float, t_prime: float, U: float, mu: float,
                   beta: float | None, n_up: int | None, n_down: int | None,
                   susceptibility: bool, as_json: bool, out: Path | None) -> None:
        """Exact diagonalisation (Lanczos ground state, or finite T with --beta)."""
        from cooperlab.hubbard import solve_ed

        def action() -> Any:
            model = build_model(lattice_spec, bc, t, t_prime, U, mu, beta)
            return solve_ed(model, n_up, n_down, susceptibility=susceptibility)

        run_command(action, as_json, out)


    def _dqmc_run(model: Any, options: Any, seed: int, chains: int, executor: str | None,
                  scheduler: str | None, workers: int | None, store: Path | None,
                  out: Path | None, progress: bool | None) -> Any:
        from cooperlab.hubbard import DQMCStatisticsWarning, solve_dqmc

        points = store or (out.with_name(out.name + ".points") if out is not None else None)
        chosen = executor or ("dask" if scheduler else "process")
        # the summary lists the statistics warnings (under "warnings"), so they are not
        # printed a second time on stderr, where they would also break --json output
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DQMCStatisticsWarning)
            if chains == 1 and points is None:
                return solve_dqmc(model, options, seed=seed, progress=progress)
            return solve_dqmc(model, options, seed=seed, n_chains=chains, executor=chosen,
                              scheduler=scheduler, max_workers=workers, store=points,
                              progress=progress)


    @hubbard.command("dqmc")
    @model_options
    @click.option("--beta", type=float, default=4.0, show_default=True, help="Inverse temperature.")
    @dqmc_options
    @click.option("--density", type=float, default=None,
                  help="Target density: tune mu first (short runs), then measure.")
    @click.option("--unequal-every", "measure_unequal_every", type=int, default=0,
                  show_default=True,
                  help="Measure G(tau), chi(q), P_s, P_d every N sweeps (0: off; divides "
                       "--bin-size; costs O(L N^3) each).")
    @sweep_execution_options
    @output_options
    def dqmc_command(lattice_spec: str, bc: str, t: float, t_prime: float, U: float, mu: float,
                     beta: float, dtau: float, warmup: int, sweeps: int, bin_size: int,
                     block_size: int, chains: int, seed: int, checkpoint_every: int,
                     progress: bool | None, density: float | None,
                     measure_unequal_every: int, executor: str | None, scheduler: str | None,
                     workers: int | None,
                     store: Path | None, as_json: bool, out: Path | None) -> None:
        """Determinant QMC: energies, double occupancy, S(q), N(q), pair correlations, sign;
        with --unequal-every also chi(q), pair susceptibilities and G(k, tau)."""
        import dataclasses

        from cooperlab.hubbard import tune_chemical_potential

        def action() -> Any:
            model = build_model(lattice_spec, bc, t, t_prime, U, mu, beta)
            options = build_dqmc_options(dtau, warmup, sweeps, bin_size, checkpoint_every,
                                         measure_unequal_every, block_size)
            tuned = None
            if density is not None:
                tuned, history = tune_chemical_potential(model, density, seed=seed)
                model = dataclasses.replace(model, mu=tuned)
            result = _dqmc_run(model, options, seed, chains, executor, scheduler, workers, store,
                               out, progress)
            if tuned is not None:
                result.metadata["tuned_mu"] = tuned
                result.metadata["mu_history"] = history
            return result

        run_command(action, as_json, out)


    @hubbard.command("stripes")
    @click.option("--lattice", "lattice_spec", default="square:8x4", show_default=True,
                  help="Cluster (Huang et al. used square:16x4).")
    @click.option("--bc", type=click.Choice(["periodic", "open"]), default="periodic",
                  show_default=True)
    @click.option("--t", "t", type=float, default=1.0, show_default=True)
    @click.option("--t-prime", type=float, default=-0.25, show_default=True)
    @click.option("--U", "U", type=float, default=6.0, show_default=True)
    @click.option("--mu", type=float, default=-1.0, show_default=True,
                  help="Chemical potential (negative: hole doping).")
    @click.option("--beta", type=float, default=2.0, show_default=True)
    @dqmc_options
    @sweep_execution_options
    @click.option("--plot", "plot_path", type=click.Path(path_type=Path), default=None,
                  help="Save S(q_x, pi) and N(q_x, 0) to this image.")
    @output_options
    def stripes_command(lattice_spec: str, bc: str, t: float, t_prime: float, U: float, mu: float,
                        beta: float, dtau: float, warmup: int, sweeps: int, bin_size: int,
                        block_size: int, chains: int, seed: int, checkpoint_every: int,
                        progress: bool | None, executor: str | None, scheduler: str | None,
                        workers: int | None,
                        store: Path | None, plot_path: Path | None, as_json: bool,
                        out: Path | None) -> None:
        """Stripe incommensurabilities delta_s (S(q)) and delta_c (N(q)) from DQMC; the
        'statistics' key says whether the run is long enough to trust them."""
        from cooperlab.hubbard.stripes import analyse_stripes

        def action() -> Any:
            model = build_model(lattice_spec, bc, t, t_prime, U, mu, beta)
            options = build_dqmc_options(dtau, warmup, sweeps, bin_size, checkpoint_every,
                                         block_size=block_size)
            result = analyse_stripes(_dqmc_run(model, options, seed, chains, executor, scheduler,
                                               workers, store, out, progress))
            save_plot(lambda r: r.plot(), result, plot_path)
            return result

        run_command(action, as_json, out)

    return hubbard
