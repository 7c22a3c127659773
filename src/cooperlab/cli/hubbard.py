"""``cooperlab hubbard ...``: exact diagonalisation, DQMC and stripes from the command line."""

import functools
import warnings
from dataclasses import replace
from typing import Any

import click

from cooperlab import hubbard
from cooperlab.cli.command import execution_from, execution_options, solver_command
from cooperlab.cli.generate import options_from

group = click.Group("hubbard", help="Hubbard models: exact diagonalisation, DQMC, stripes.")


def _at_beta(model: Any, beta: float | None) -> Any:
    """``--beta`` (the DQMC habit) sets the model's temperature 1/beta."""
    return model if beta is None else replace(model, temperature=1.0 / beta)


def _ed(model: Any, options: Any = None, *, beta: float | None, **values: Any) -> Any:
    return hubbard.solve_ed(_at_beta(model, beta), **values)


def _dqmc(solve: Any, model: Any, options: Any = None, *, beta: float | None,
          **values: Any) -> Any:
    """``solve`` with chains in processes, store OUT.points (--out from click's context)."""
    values["executor"] = values["executor"] or ("dask" if values["scheduler"] else "process")
    values.update(execution_from(values))
    with warnings.catch_warnings():  # the summary lists them under "warnings"
        warnings.simplefilter("ignore", hubbard.DQMCStatisticsWarning)
        return solve(_at_beta(model, beta), options, **values)


MODEL, BC = hubbard.HubbardModel.from_spec, {"model__boundary": ("--bc",)}
DQMC = {**BC, "options__n_warmup": ("--warmup",), "options__n_sweeps": ("--sweeps",),
        "options__measure_unequal_every": ("--unequal-every",)}
BETA = click.option("--beta", type=float, help="Inverse temperature 1/T instead of "
                    "--temperature (default: 4 dqmc, 2 stripes, ground state ed). [1/t]")
RUN = (BETA, options_from(hubbard.solve_dqmc, aliases={"n_chains": ("--chains",)}, defaults={
    "progress": None}, exclude=("model", "options", "execution", "executor", "max_workers")),
       execution_options)
solver_command(group, "ed", hubbard.solve_ed, model=MODEL, call=_ed, aliases=BC,
               extra=(BETA, options_from(hubbard.solve_ed, exclude=("model",))))
solver_command(group, "dqmc", hubbard.solve_dqmc, model=MODEL, aliases=DQMC, extra=RUN,
               call=functools.partial(_dqmc, hubbard.solve_dqmc),
               defaults={"model__temperature": 0.25})
solver_command(group, "stripes", hubbard.solve_stripes, model=MODEL, aliases=DQMC, extra=RUN,
               call=functools.partial(_dqmc, hubbard.solve_stripes), plot=True, defaults={
                   "model__lattice": "square:8x4", "model__t_prime": -0.25, "model__U": 6.0,
                   "model__mu": -1.0, "model__temperature": 0.5})
