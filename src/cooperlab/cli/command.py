"""Running a command: outputs, one-line errors, sweeps, and commands made from a solver.

Every command accepts ``--json`` (one JSON object on stdout) and ``--out FILE`` (the result
saved as netCDF/HDF5, written atomically). Bad input ends with a one-line error that names
the parameter, exit status 2, and no file written. :func:`solver_command` makes a whole
command from ``solve(model, options)``: its options come from the two dataclasses
(:mod:`cooperlab.cli.generate`), and with ``sweepable=True`` any float field given as
``start:stop:count`` runs ``cl.sweep`` over it.
"""

from __future__ import annotations

import functools
import inspect
import json
import sys
import typing
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import click

from cooperlab.cli.generate import build, flag_names, options_from, parameters


def fail(message: str) -> typing.NoReturn:
    """One line on stderr and exit status 2."""
    click.echo(f"Error: {message}", err=True)
    sys.exit(2)


def echo_summary(summary: Mapping[str, Any], as_json: bool) -> None:
    """Print a summary as one JSON object or as ``key: value`` lines (tables one row a line)."""
    if as_json:
        click.echo(json.dumps(summary))
        return
    for key, value in summary.items():
        if isinstance(value, dict) and value and all(isinstance(r, dict) for r in value.values()):
            click.echo(f"{key}:")
            for name, row in value.items():
                click.echo(f"  {name}: " + ", ".join(
                    f"{k}={v:.6g}" if isinstance(v, float) else f"{k}={v}"
                    for k, v in row.items()))
        else:
            click.echo(f"{key}: {value}")


def run_command(action: Callable[[], Any], as_json: bool, out: Path | None) -> None:
    """Run ``action`` (which returns a Result), save it to ``out``, print the summary.

    Bad input (``ValueError``), a missing file or a failure to reach a scheduler ends with
    one line on stderr and exit status 2; the output file is written only on success.
    """
    try:
        result = action()
    except ValueError as error:
        fail(str(error).splitlines()[0])
    except (OSError, TimeoutError) as error:
        fail(f"{type(error).__name__}: {str(error).splitlines()[0]}")
    summary = result.summary()
    if out is not None:
        result.save(out)
    echo_summary(summary, as_json)


def save_plot(draw: Callable[[Any], Any], result: Any, path: Path | None) -> None:
    """Draw ``result`` with ``draw`` (returns Axes) into ``path`` when one is given."""
    if path is None:
        return
    import matplotlib

    matplotlib.use("Agg")
    draw(result).figure.savefig(path, dpi=150)


def stacked(*options: Callable[..., Any]) -> Callable[..., Any]:
    """One decorator applying several click options in the order listed."""

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


def output_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--json`` and ``--out`` for every command."""
    func = click.option("--out", type=click.Path(path_type=Path), default=None,
                        help="Save the result to this netCDF/HDF5 file.")(func)
    return click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")(func)


def plot_option(help: str = "Also draw the result to this image file.") -> Callable[..., Any]:
    """``--plot FILE``."""
    return click.option("--plot", "plot_file", type=click.Path(path_type=Path), default=None,
                        help=help)


#: Where a sweep command runs and stores its points.
execution_options = stacked(
    click.option("--executor", type=click.Choice(["serial", "process", "dask"]), default=None,
                 help="Default: dask when --scheduler is given, else serial."),
    click.option("--scheduler", default=None, help="dask.distributed scheduler address."),
    click.option("--workers", type=int, default=None,
                 help="Worker processes (process pool or local dask cluster)."),
    click.option("--store", type=click.Path(path_type=Path), default=None,
                 help="Directory for per-point results (resumable); default OUT.points "
                      "when --out is given."),
)

EXECUTION_KEYS = ("executor", "scheduler", "workers", "store")


def execution_from(values: dict[str, Any], out: Path | None) -> dict[str, Any]:
    """The :class:`~cooperlab.sweep.Execution` fields of the execution options (popped).

    dask when a scheduler is given; with ``--out F`` and no ``--store`` the points go to
    ``F.points``, so an interrupted command resumes instead of starting over.
    """
    executor, scheduler, workers, store = (values.pop(k, None) for k in EXECUTION_KEYS)
    points = store or (out.with_name(out.name + ".points") if out is not None else None)
    return {"executor": executor or ("dask" if scheduler else "serial"),
            "scheduler": scheduler, "max_workers": workers, "store": points}


def solver_classes(solve: Callable[..., Any]) -> tuple[type, type | None]:
    """The model and options classes of ``solve(model, options)`` from its annotations."""
    hints = typing.get_type_hints(solve)
    names = list(inspect.signature(solve).parameters)
    options = hints.get("options")
    args = [a for a in typing.get_args(options) if a is not type(None)]
    return hints[names[0]], (args[0] if args else options)


def solve_or_sweep(solve: Callable[..., Any], model: Any, options: Any,
                   swept: dict[str, Any], execution: Any) -> Any:
    """``solve(model, options)``, or ``cl.sweep`` of it over the swept model fields."""
    func = solve if options is None else functools.partial(solve, options=options)
    if not swept:
        return func(model)
    from cooperlab.sweep import sweep

    return sweep(func, model, **execution, **swept)


def solver_command(
    group: click.Group,
    name: str,
    solve: Callable[..., Any],
    *,
    sweepable: bool = False,
    plot: Callable[[Any], Any] | None = None,
    defaults: Mapping[str, Any] | None = None,
    aliases: Mapping[str, tuple[str, ...]] | None = None,
    exclude: tuple[str, ...] = (),
    fixed: Mapping[str, Any] | None = None,
    extra: tuple[Callable[..., Any], ...] = (),
    call: Callable[..., Any] | None = None,
    help: str | None = None,
) -> click.Command:
    """Add ``name`` to ``group``: options from ``solve``'s model and options classes.

    The command builds the model (``model__`` options) and options (``options__``) and
    calls ``solve``; with ``sweepable`` a float given as ``start:stop:count`` sweeps the
    model over it (resumable with ``--store``/``--out``); ``plot`` adds ``--plot FILE``.
    ``fixed`` sets model fields (by dest) the command does not expose; ``extra`` adds
    click options whose values go, with the model and options, to ``call(model, options,
    **values)`` (a module-level function, so that process sweeps can pickle it).
    """
    model_cls, options_cls = solver_classes(solve)
    defaults, aliases = dict(defaults or {}), dict(aliases or {})

    def pick(mapping: Mapping[str, Any], prefix: str) -> dict[str, Any]:
        return {k[len(prefix):]: v for k, v in mapping.items() if k.startswith(prefix)}

    def command(as_json: bool, out: Path | None, **values: Any) -> None:
        def action() -> Any:
            plot_file = values.pop("plot_file", None)
            execution = execution_from(values, out) if sweepable else None
            model, swept = build(model_cls, values, prefix="model__", exclude=exclude,
                                 **dict(fixed or {}))
            options = None
            if options_cls is not None:
                options, _ = build(options_cls, values, prefix="options__", exclude=exclude)
            if call is None:
                result = solve_or_sweep(solve, model, options, swept, execution)
            else:
                result = solve_or_sweep(functools.partial(call, **values), model, options,
                                        swept, execution)
            if plot is not None:
                save_plot(plot, result, plot_file)
            return result

        run_command(action, as_json, out)

    taken = {"--json", "--out", "--plot", *(("--" + k for k in EXECUTION_KEYS)
                                            if sweepable else ())}
    decorators = [options_from(model_cls, prefix="model__", exclude=exclude,
                               sweepable=sweepable, defaults=pick(defaults, "model__"),
                               aliases=pick(aliases, "model__"), taken=taken)]
    if options_cls is not None:
        model_flags = {f for fl in flag_names(parameters(model_cls, exclude=exclude),
                                              taken).values() for f in fl}
        model_flags |= {f for fl in aliases.values() for f in fl}
        decorators.append(options_from(options_cls, prefix="options__", exclude=exclude,
                                       defaults=pick(defaults, "options__"),
                                       aliases=pick(aliases, "options__"),
                                       taken=taken | model_flags))
    decorators += list(extra)
    if sweepable:
        decorators.append(execution_options)
    if plot is not None:
        decorators.append(plot_option())
    decorators.append(output_options)
    doc = help or (inspect.getdoc(solve) or "").split("\n\n")[0]
    return group.command(name, help=doc)(stacked(*decorators)(command))
