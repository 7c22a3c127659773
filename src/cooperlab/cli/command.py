"""Running a command: outputs, one-line errors, sweeps, and whole commands made from solvers.

Every command accepts ``--json`` (one JSON object on stdout) and ``--out FILE`` (the result
saved as netCDF/HDF5, written atomically). Bad input ends with a one-line error that names
the parameter, exit status 2, and no file written.
"""

from __future__ import annotations

import functools
import inspect
import json
import re
import sys
import typing
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import click

from cooperlab.cli.generate import build, flag_names, options_from
from cooperlab.parameters import parameters, plain
from cooperlab.study import solve_or_sweep, solver_classes


def fail(message: str) -> typing.NoReturn:
    """One line on stderr and exit status 2."""
    click.echo(f"Error: {message}", err=True)
    sys.exit(2)


def echo_summary(summary: Mapping[str, Any], as_json: bool) -> None:
    """Print a summary as one JSON object, or as ``key: value`` lines (a table a row a line)."""
    if as_json:
        return click.echo(json.dumps(summary))
    for key, value in summary.items():
        if isinstance(value, dict) and value and all(isinstance(r, dict) for r in value.values()):
            click.echo(f"{key}:")
            for name, row in value.items():
                click.echo(f"  {name}: " + ", ".join(
                    f"{k}={v:.6g}" if isinstance(v, float) else f"{k}={v}" for k, v in row.items()))
        else:
            click.echo(f"{key}: {value}")


def name_the_flag(message: str) -> str:
    """``--flag: message`` when the library's message names fields of command options."""
    context = click.get_current_context(silent=True)
    if context is None:
        return message
    flags = {param.name.rsplit("__", 1)[-1]: param.opts[0] for param in context.command.params
             if isinstance(param, click.Option) and param.name and param.opts}
    named = [flags[word] for word in dict.fromkeys(re.findall(r"\w+", message))
             if word in flags and flags[word] not in message]
    return f"{', '.join(named)}: {message}" if named else message


def run_command(action: Callable[[], Any], as_json: bool, out: Path | None) -> None:
    """Run ``action`` (returns a Result), save it to ``out``, print its summary.

    Bad input (``ValueError``), a missing file or an unreachable scheduler ends with one
    line on stderr and exit status 2; the output file is written only on success.
    """
    try:
        result = action()
    except ValueError as error:
        fail(name_the_flag(str(error).splitlines()[0]))
    except (OSError, TimeoutError) as error:
        fail(f"{type(error).__name__}: {str(error).splitlines()[0]}")
    summary = result.summary()
    if out is not None:
        result.save(out)
    echo_summary(summary, as_json)


def save_plot(draw: Callable[[Any], Any] | None, result: Any, path: Path | None) -> None:
    """Draw ``result`` with ``draw`` (returns Axes; ``None``: ``cl.plot``) into ``path``."""
    if path is None:
        return
    import matplotlib

    matplotlib.use("Agg")
    if draw is None:
        from cooperlab.results import plot as draw
    draw(result).figure.savefig(path, dpi=150)


def stacked(*options: Callable[..., Any]) -> Callable[..., Any]:
    """One decorator applying several click options in the order listed."""
    return functools.reduce(lambda f, g: lambda func: f(g(func)), options, lambda func: func)


output_options = stacked(
    click.option("--json", "as_json", is_flag=True, help="Print one JSON object."),
    click.option("--out", type=click.Path(path_type=Path), default=None,
                 help="Save the result to this netCDF/HDF5 file."))


def plot_option(help: str = "Also draw the result to this image file.") -> Callable[..., Any]:
    """``--plot FILE``."""
    return click.option("--plot", "plot_file", type=click.Path(path_type=Path), help=help)


EXECUTION_KEYS = ("executor", "scheduler", "workers", "store")
#: Where a sweep command runs and stores its points.
execution_options = stacked(
    click.option("--executor", type=click.Choice(["serial", "process", "dask"]),
                 help="Default: dask when --scheduler is given, else serial."),
    click.option("--scheduler", help="dask.distributed scheduler address."),
    click.option("--workers", type=int, help="Worker processes (process pool or dask)."),
    click.option("--store", type=click.Path(path_type=Path),
                 help="Directory of per-point results (resumable); default OUT.points."))


def execution_from(values: dict[str, Any], out: Any = "--out") -> dict[str, Any]:
    """The :class:`~cooperlab.sweep.Execution` fields of the execution options (popped).

    dask when a scheduler is given; with ``--out F`` (``out``, default the command's) and
    no ``--store`` the points go to ``F.points``, so an interrupted command resumes.
    """
    if out == "--out":
        out = click.get_current_context().params.get("out")
    executor, scheduler, workers, store = (values.pop(k, None) for k in EXECUTION_KEYS)
    return {"executor": executor or ("dask" if scheduler else "serial"), "scheduler": scheduler,
            "max_workers": workers,
            "store": store or (out.with_name(out.name + ".points") if out else None)}


def solver_command(group: click.Group, name: str, solve: Callable[..., Any], *,
                   model: Any = None, options: Any = None, sweepable: bool = False,
                   plot: Callable[[Any], Any] | bool | None = None,
                   defaults: Mapping[str, Any] | None = None,
                   aliases: Mapping[str, tuple[str, ...]] | None = None,
                   exclude: tuple[str, ...] = (), fixed: Mapping[str, Any] | None = None,
                   extra: tuple[Callable[..., Any], ...] = (),
                   call: Callable[..., Any] | None = None,
                   help: str | None = None) -> click.Command:
    """Add the command ``name`` calling ``solve(model, options=options)`` to ``group``.

    Options come from the model and options classes of ``solve``'s annotations (or from
    ``model``, a class or constructor, and ``options``), prefixed ``model__``/``options__``
    in ``defaults`` and ``aliases``. With ``sweepable`` a float given as
    ``start:stop:count`` sweeps the model over it (resumable with ``--store``/``--out``);
    ``plot`` adds ``--plot FILE`` (``True``: ``cl.plot``); ``fixed`` sets model fields the
    command hides; the values of the ``extra`` click options go as keywords to ``call``
    (default ``solve``; at module level, so that process sweeps can pickle it).
    """
    model_cls, options_cls = solver_classes(solve)
    model_cls, options_cls = model or model_cls, options or options_cls
    excluded = {prefix: tuple(e.removeprefix(prefix) for e in exclude if "__" not in e or
                              e.startswith(prefix)) for prefix in ("model__", "options__")}
    defaults, aliases = dict(defaults or {}), dict(aliases or {})
    taken = {"--json", "--out", "--plot", *("--" + k for k in EXECUTION_KEYS)}

    def pick(mapping: Mapping[str, Any], prefix: str) -> dict[str, Any]:
        return {k[len(prefix):]: v for k, v in mapping.items() if k.startswith(prefix)}

    def command(as_json: bool, out: Path | None, **values: Any) -> None:
        def action() -> Any:
            plot_file = values.pop("plot_file", None)
            execution = execution_from(values, out) if sweepable else {}
            built, swept = build(model_cls, values, prefix="model__", exclude=excluded["model__"],
                                 **dict(fixed or {}))
            settings = None if options_cls is None else build(
                options_cls, values, prefix="options__", exclude=excluded["options__"])[0]
            func = functools.partial(call or solve, **values)
            result = solve_or_sweep(func, built, settings, swept, execution)
            if plot:
                save_plot(None if plot is True else plot, result, plot_file)
            return result

        run_command(action, as_json, out)

    def options_of(target: Any, prefix: str, **more: Any) -> Callable[..., Any]:
        return options_from(target, prefix=prefix, exclude=excluded[prefix], **more,
                            defaults=pick(defaults, prefix), aliases=pick(aliases, prefix))

    decorators = [options_of(model_cls, "model__", sweepable=sweepable, taken=taken)]
    if options_cls is not None:  # its flags may not shadow the model's
        model_flags = flag_names(parameters(model_cls, exclude=excluded["model__"]), taken)
        taken |= {f for fl in [*model_flags.values(), *aliases.values()] for f in fl}
        decorators.append(options_of(options_cls, "options__", taken=taken))
    decorators += [*extra, *([execution_options] if sweepable else []),
                   *([plot_option()] if plot else []), output_options]
    doc = plain(help or (inspect.getdoc(solve) or "").split("\n\n")[0])
    return group.command(name, help=doc)(stacked(*decorators)(command))
