"""``cooperlab hubbard ...``: exact diagonalisation, DQMC and stripes from the command line."""

from __future__ import annotations

import warnings
from dataclasses import replace
from typing import Any

import click

from cooperlab import hubbard
from cooperlab.cli.command import execution_from, execution_options, solver_command
from cooperlab.cli.generate import options_from


@click.group("hubbard")
def group() -> None:
    """Hubbard models: exact diagonalisation, determinant QMC, stripes."""


def _dqmc(model: Any, options: Any = None, *, seed: int, chains: int, progress: bool | None,
          density: float | None = None, **run: Any) -> Any:
    """DQMC (tuning mu to ``density`` first); several chains or a store run on cl.sweep."""
    tuned = None if density is None else hubbard.tune_chemical_potential(model, density,
                                                                         seed=seed)
    model = model if tuned is None else replace(model, mu=tuned[0])
    chosen = run["executor"] or ("dask" if run["scheduler"] else "process")
    execution = {**execution_from(run, click.get_current_context().params["out"]),
                 "executor": chosen}  # --out is not passed to calls: read from the context
    with warnings.catch_warnings():  # listed in the summary's "warnings", not on stderr
        warnings.simplefilter("ignore", hubbard.DQMCStatisticsWarning)
        result = hubbard.solve_dqmc(model, options, seed=seed, n_chains=chains,
                                    progress=progress, **(execution if chains > 1 or
                                                          execution["store"] else {}))
    if tuned is not None:
        result.metadata.update(tuned_mu=tuned[0], mu_history=tuned[1])
    return result


def _stripes(model: Any, options: Any = None, **values: Any) -> Any:
    return hubbard.analyse_stripes(_dqmc(model, options, **values))


MODEL = hubbard.HubbardModel.from_spec
DQMC = {"model__boundary": ("--bc",), "options__n_warmup": ("--warmup",),
        "options__n_sweeps": ("--sweeps",), "options__measure_unequal_every": ("--unequal-every",)}
RUN = (click.option("--chains", type=int, default=1, show_default=True,
                    help="Independent Markov chains (SeedSequence.spawn streams)."),
       click.option("--seed", type=int, default=0, show_default=True, help="Root seed."),
       click.option("--progress/--no-progress", default=None,
                    help="Progress bar (default: on a terminal)."), execution_options)
solver_command(group, "ed", hubbard.solve_ed, model=MODEL, call=hubbard.solve_ed, help=(
    "Exact diagonalisation (Lanczos ground state, or finite T with --beta)."),
               aliases={"model__boundary": ("--bc",)},
               extra=(options_from(hubbard.solve_ed, exclude=("model",)),))
solver_command(group, "dqmc", hubbard.solve_dqmc, model=MODEL, aliases=DQMC, call=_dqmc,
               defaults={"model__beta": 4.0}, extra=(*RUN, click.option(
                   "--density", type=float, help="Target density: tune mu first (short runs).")),
               help="Determinant QMC: energies, double occupancy, S(q), N(q), pair "
                    "correlations, sign; with --unequal-every chi(q), pair susceptibilities.")
solver_command(group, "stripes", hubbard.solve_dqmc, model=MODEL, aliases=DQMC, call=_stripes,
               extra=RUN, plot=True, defaults={
                   "model__lattice": "square:8x4", "model__t_prime": -0.25, "model__U": 6.0,
                   "model__mu": -1.0, "model__beta": 2.0},
               help="Stripe incommensurabilities delta_s (S(q)) and delta_c (N(q)) from DQMC; "
                    "'statistics' says whether the run is long enough to trust them.")
