"""Click options generated from the parameters a model or solver takes.

One option per parameter (:mod:`cooperlab.parameters`: dataclass fields, or the keywords of
a constructor such as ``HubbardModel.from_spec``), so the CLI cannot drift from the library:
the flag is the name with dashes (``theta_deg`` -> ``--theta-deg``, plus ``--theta`` when
the unit suffix can be dropped without a clash), the type, default, help and units are the
parameter's, and the old names of renamed fields still work (not listed). Float options of
a sweepable command also take ``start:stop:count``: :func:`build` returns those under
``cl.sweep``'s names (``continuum__theta_deg``).
"""

from __future__ import annotations

import dataclasses
import inspect
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, Literal

import click
import numpy as np

from cooperlab.parameters import (
    MISSING,
    Parameter,
    entries,
    parameters,
    plain,
    unit_suffix,
    unwrap_optional,
)
from cooperlab.study import parse_range


def float_or_range(text: Any) -> Any:
    """A click type: a float, or ``start:stop:count`` kept as text for :func:`build` (whose
    error for a bad range is then one line, not a usage message)."""
    return text if isinstance(text, float | int | np.ndarray) or ":" in str(text) else float(text)


def numbers(text: Any) -> np.ndarray:
    """A click type: comma-separated numbers and ``start:stop:count`` ranges, one array."""
    return np.concatenate([parse_range("each value", part) for part in str(text).split(",")])


def numbers_option(flag: str, dest: str, default: str, text: str) -> Callable[..., Any]:
    """An option (not a field) taking :func:`numbers`."""
    return click.option(flag, dest, type=numbers, default=default, show_default=True,
                        help=f"{text}: numbers and start:stop:count ranges, comma-separated.")


def _click_type(hint: Any) -> Any:
    if hint in (bool, float, int, str):
        return hint
    args = typing.get_args(hint)
    if typing.get_origin(hint) is Literal:
        return click.Choice([str(v) for v in args])
    if typing.get_origin(hint) in (typing.Union, types.UnionType) and set(args) <= {
            int, str, float}:
        return str  # e.g. bands: "flat" or a number of bands
    return None


def _convert(p: Parameter, value: Any) -> Any:
    """A parsed value as the field's type: a range as an array, a choice as its literal."""
    if isinstance(value, str) and ":" in value and p.hint is float:
        return parse_range("--" + p.name.replace("_", "-"), value)
    if typing.get_origin(p.hint) is Literal and isinstance(value, str):
        return next(v for v in typing.get_args(p.hint) if str(v) == value)
    if isinstance(value, str) and typing.get_origin(p.hint) in (typing.Union, types.UnionType):
        for kind in (int, float):
            if kind in typing.get_args(p.hint):
                try:
                    return kind(value)
                except ValueError:
                    pass
    return value


def flag_names(params: list[Parameter], taken: set[str] = frozenset()) -> dict[str, list[str]]:
    """Flags per parameter: ``--name`` (the full path on a clash) and ``--name-without-unit``."""
    def flag(name: str) -> str:
        return "--" + name.replace("_", "-")

    main = [flag(p.name) for p in params]
    flags: dict[str, list[str]] = {}
    for p, name in zip(params, main, strict=True):
        if main.count(name) > 1:  # a nested field named like another: its full path
            name = flag(p.dest)
        if name in taken:  # e.g. an options field named like a model field
            name = flag(f"{getattr(p.owner, '__name__', 'option')}_{p.dest}".lower())
        flags[p.dest] = [name]
    used = {f for fl in flags.values() for f in fl} | set(taken)
    for p in params:
        suffix = unit_suffix(p.name)
        if suffix and flag(p.name[: -len(suffix)]) not in used:
            flags[p.dest].append(flag(p.name[: -len(suffix)]))
            used.add(flags[p.dest][-1])
    return flags


def options_from(target: Any, *, prefix: str = "", exclude: tuple[str, ...] = (),
                 sweepable: bool = False, defaults: Mapping[str, Any] | None = None,
                 aliases: Mapping[str, tuple[str, ...]] | None = None,
                 taken: set[str] = frozenset()) -> Callable[[Callable[..., Any]], Any]:
    """Decorator adding one click option per parameter of ``target`` (module docstring).

    ``defaults`` overrides defaults for this command and ``aliases`` adds flags (both keyed
    by dest, e.g. ``{"coupling_meV": ("--g",)}``); ``taken`` are flags of other options.
    """
    params = parameters(target, exclude=exclude)
    defaults, aliases = dict(defaults or {}), dict(aliases or {})
    flags = flag_names(params, set(taken) | {a for al in aliases.values() for a in al})

    def decorate(func: Callable[..., Any]) -> Any:
        for p in reversed(params):
            names = flags[p.dest] + list(aliases.get(p.dest, ()))
            renamed = {**getattr(p.owner, "RENAMED_FIELDS", {}),
                       **getattr(p.owner, "RENAMED_PARAMETERS", {})}
            old = [f"--{o.replace('_', '-')}" for o, new in renamed.items() if new == p.name]
            func = _option(p, prefix, names + [f for f in old if f not in names],
                           defaults.get(p.dest, p.default), sweepable, old)(func)
        return func

    return decorate


class DeprecatedNamesOption(click.Option):
    """An option whose old names (of renamed fields) still work but are not listed."""

    def __init__(self, *args: Any, old_names: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.old_names = set(old_names)

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        shown, self.opts = self.opts, [o for o in self.opts if o not in self.old_names]
        try:
            return super().get_help_record(ctx)
        finally:
            self.opts = shown


def _option(p: Parameter, prefix: str, flags: list[str], default: Any,
            sweepable: bool, old_names: list[str]) -> Callable[..., Any]:
    text = (plain(p.help) or p.name.replace("_", " ")).rstrip(".") + "." + (
        f" [{p.units}]" if p.units else "")
    if p.hint is bool:
        decls = [f"{flags[0]}/--no-{flags[0][2:]}"]
        decls += [f" /{f}" if f.startswith("--no-") else f for f in flags[1:]]
        return click.option(*decls, prefix + p.dest, help=text, cls=DeprecatedNamesOption,
                            old_names=tuple(old_names),
                            default=None if default is None else default is True,
                            show_default=default is not None)
    kind = _click_type(p.hint)
    if sweepable and p.hint is float:
        kind, text = float_or_range, text + " A number or start:stop:count (a sweep)."
    if default is MISSING or default is None:
        default = None
    elif isinstance(kind, click.Choice):
        default = str(default)
    return click.option(*flags, prefix + p.dest, type=kind, default=default, help=text,
                        cls=DeprecatedNamesOption, old_names=tuple(old_names),
                        required=p.default is MISSING and not p.optional and default is None,
                        show_default=default is not None)


def build(target: Any, values: dict[str, Any], *, prefix: str = "",
          exclude: tuple[str, ...] = (), **fixed: Any) -> tuple[Any, dict[str, np.ndarray]]:
    """The object the options describe (``target(**fields)``) and the swept fields.

    Pops the ``prefix``-ed keys of ``values``; ``fixed`` sets fields (by dest) that the
    command does not expose. A range builds the object at its first value and is returned
    in the swept mapping.
    """
    flat, swept = dict(fixed), {}
    for p in parameters(target, exclude=exclude):
        value = _convert(p, values.pop(prefix + p.dest, None))
        if isinstance(value, np.ndarray):
            if len(value) > 1:
                swept[p.dest] = value
            value = float(value[0])
        if value is not None and p.dest not in fixed:
            flat[p.dest] = value
    return _instantiate(target, flat), swept


def _instantiate(target: Any, flat: dict[str, Any]) -> Any:
    kwargs: dict[str, Any] = {}
    for name, hint, default, _ in entries(target):
        hint, _ = unwrap_optional(hint)
        nested = {k[len(name) + 2:]: v for k, v in flat.items() if k.startswith(name + "__")}
        if dataclasses.is_dataclass(hint) and isinstance(hint, type) and name not in flat and (
                nested or default is MISSING):
            kwargs[name] = _instantiate(hint, nested)
        elif name in flat:
            kwargs[name] = flat[name]
    if not dataclasses.is_dataclass(target) and any(  # a function's **keywords take the rest
            p.kind == p.VAR_KEYWORD for p in inspect.signature(target).parameters.values()):
        kwargs.update({k: v for k, v in flat.items() if k not in kwargs and "__" not in k})
    return target(**kwargs)
