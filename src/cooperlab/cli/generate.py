"""Command-line options generated from the models' and options' dataclass fields.

One option per field, so the CLI cannot drift from the library: the flag is the field name
with dashes (``theta_deg`` -> ``--theta-deg``, plus ``--theta`` when the unit suffix can be
dropped without a clash), the type and default are the field's, the help is the field's
entry in the class docstring (numpydoc ``Parameters``/``Attributes``) with its units (the
field's ``field_label`` metadata, else the name's unit suffix), and the hidden old flags of
renamed fields (``cls.RENAMED_FIELDS``) keep working. A field whose type is itself a
dataclass (``FlatBandPairingModel.continuum``) contributes its own fields, and float fields
of a sweepable command also take ``start:stop:count``: :func:`build` then returns the swept
values under ``cl.sweep``'s names (``continuum__theta_deg``).
"""

from __future__ import annotations

import dataclasses
import functools
import re
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Literal

import click
import numpy as np

#: Unit suffixes of field names, longest first (``hbar_v_meV_nm`` drops ``_meV_nm``).
UNIT_SUFFIXES = ("_meV_nm", "_uOhm_cm", "_meV", "_eV", "_deg", "_nm", "_um", "_mm", "_mT",
                 "_uA", "_nA", "_mA", "_GHz", "_MHz", "_fF", "_ohm", "_mV", "_uV", "_ns",
                 "_ps", "_K", "_T")
#: Dimension-less units spelt out in help texts.
_UNIT_OF_SUFFIX = {"_meV_nm": "meV nm", "_uOhm_cm": "uOhm cm", "_deg": "degree"}


def parse_range(name: str, text: str) -> np.ndarray:
    """``start:stop:count`` (inclusive, ``count`` points) or one number, as an array."""
    parts = text.split(":")
    try:
        if len(parts) == 1:
            return np.array([float(parts[0])])
        if len(parts) != 3:
            raise ValueError
        start, stop, count = float(parts[0]), float(parts[1]), int(parts[2])
    except ValueError:
        raise ValueError(f"{name} must be a number or start:stop:count, got {text!r}") from None
    if count < 1 or not (np.isfinite(start) and np.isfinite(stop)):
        raise ValueError(f"{name} must be start:stop:count with count >= 1, got {text!r}")
    if count > 1 and start == stop:
        raise ValueError(f"{name} has start == stop with count > 1, got {text!r}")
    return np.linspace(start, stop, count)


class FloatOrRange(click.ParamType):
    """A float, or ``start:stop:count`` for a sweep (converted to a 1-D array)."""

    name = "float|a:b:n"

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        if isinstance(value, float | int | np.ndarray) or ":" in str(value):
            return value  # a range is parsed by build(), so its error is one line
        try:
            return float(value)
        except ValueError:
            self.fail(f"{value!r} is not a number or start:stop:count", param, ctx)


@functools.cache
def docstring_entries(cls: type) -> dict[str, str]:
    """Field name -> description from the class docstring's Parameters/Attributes sections."""
    entries: dict[str, str] = {}
    current: str | None = None
    in_section = False
    lines = (cls.__doc__ or "").expandtabs().splitlines()
    for line, following in zip(lines, [*lines[1:], ""], strict=True):
        stripped = line.strip()
        if re.fullmatch(r"-{3,}", following.strip()):
            in_section = stripped in ("Parameters", "Attributes", "Other Parameters")
            current = None
            continue
        if not in_section or re.fullmatch(r"-{3,}", stripped):
            continue
        header = re.fullmatch(r"(\w+)(\s*:.*)?", stripped)
        if header and len(line) - len(line.lstrip()) <= 4:
            current = header.group(1)
            entries[current] = ""
        elif current is not None and stripped:
            entries[current] = f"{entries[current]} {stripped}".strip()
    return entries


def unit_suffix(name: str) -> str | None:
    """The unit suffix of a field name (``_meV`` of ``coupling_meV``), if any."""
    return next((s for s in UNIT_SUFFIXES if name.endswith(s) and len(name) > len(s)), None)


def field_units(field: dataclasses.Field[Any]) -> str | None:
    """A field's units: its metadata's ``units``, else its name's unit suffix."""
    if "units" in field.metadata:
        return str(field.metadata["units"])
    suffix = unit_suffix(field.name)
    return None if suffix is None else _UNIT_OF_SUFFIX.get(suffix, suffix[1:])


def _unwrap_optional(hint: Any) -> tuple[Any, bool]:
    args = typing.get_args(hint)
    if typing.get_origin(hint) in (typing.Union, types.UnionType) and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        return (rest[0] if len(rest) == 1 else typing.Union[tuple(rest)]), True  # noqa: UP007
    return hint, False


@dataclasses.dataclass(frozen=True)
class Parameter:
    """One command-line option made from one dataclass field."""

    dest: str             #: keyword the command receives (``continuum__theta_deg``)
    field: str            #: the field's name in its class
    owner: type           #: the dataclass holding the field
    hint: Any             #: the field's type (``None`` allowed when ``optional``)
    optional: bool
    default: Any          #: dataclasses.MISSING when the field is required
    help: str
    units: str | None

    @property
    def sweep_name(self) -> str:
        """The name ``cl.sweep`` sweeps (nested fields joined with ``__``)."""
        return self.dest


def parameters(cls: type, *, prefix: str = "", exclude: tuple[str, ...] = ()) -> list[Parameter]:
    """The options of a dataclass, nested dataclass fields flattened with ``prefix__``."""
    hints = typing.get_type_hints(cls)
    docs = docstring_entries(cls)
    found: list[Parameter] = []
    for field in dataclasses.fields(cls):
        if not field.init or field.name.startswith("_") or field.name in exclude:
            continue
        hint, optional = _unwrap_optional(hints[field.name])
        if dataclasses.is_dataclass(hint) and isinstance(hint, type):
            found += parameters(hint, prefix=f"{prefix}{field.name}__", exclude=exclude)
            continue
        if field.default is not dataclasses.MISSING:
            default = field.default
        elif field.default_factory is not dataclasses.MISSING:
            default = field.default_factory()
        else:
            default = dataclasses.MISSING
        if _click_type(hint) is None:
            continue  # arrays, callables, mappings: library-only fields
        found.append(Parameter(f"{prefix}{field.name}", field.name, cls, hint, optional, default,
                               docs.get(field.name, ""), field_units(field)))
    return found


def _click_type(hint: Any) -> Any:
    if hint is bool:
        return bool
    if hint is float:
        return float
    if hint is int:
        return int
    if hint is str:
        return str
    if typing.get_origin(hint) is Literal:
        return click.Choice([str(v) for v in typing.get_args(hint)])
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = typing.get_args(hint)
        if set(args) <= {int, str, float}:  # e.g. bands: "flat" | int
            return str
    return None


def _convert(param: Parameter, value: Any) -> Any:
    """A parsed option value as the field's type (Literal choices back to ints, etc.)."""
    if value is None or isinstance(value, np.ndarray):
        return value
    hint = param.hint
    if typing.get_origin(hint) is Literal:
        return next(v for v in typing.get_args(hint) if str(v) == value)
    if typing.get_origin(hint) in (typing.Union, types.UnionType) and isinstance(value, str):
        for kind in (int, float):
            if kind in typing.get_args(hint):
                try:
                    return kind(value)
                except ValueError:
                    pass
    return value


def flag_names(params: list[Parameter], taken: set[str] = frozenset()) -> dict[str, list[str]]:
    """Flags per parameter: ``--field-name`` and, when free, the name without its unit."""
    def flag(name: str) -> str:
        return "--" + name.replace("_", "-")

    flags = {p.dest: [flag(p.field)] for p in params}
    counts: dict[str, int] = {}
    for p in params:
        counts[flags[p.dest][0]] = counts.get(flags[p.dest][0], 0) + 1
    for p in params:  # a nested field whose flag clashes keeps its full path
        if counts[flags[p.dest][0]] > 1:
            flags[p.dest] = [flag(p.dest)]
        if flags[p.dest][0] in taken:  # e.g. an options field named like a model field
            flags[p.dest] = [flag(f"{p.owner.__name__.lower()}_{p.dest}")]
    used = {f for fl in flags.values() for f in fl} | set(taken)
    for p in params:
        suffix = unit_suffix(p.field)
        if suffix is not None:
            short = flag(p.field[: -len(suffix)])
            if short not in used:
                flags[p.dest].append(short)
                used.add(short)
    return flags


def options_from(
    cls: type,
    *,
    prefix: str = "",
    exclude: tuple[str, ...] = (),
    sweepable: bool = False,
    defaults: Mapping[str, Any] | None = None,
    aliases: Mapping[str, tuple[str, ...]] | None = None,
    taken: set[str] = frozenset(),
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorator adding one click option per field of ``cls`` (see the module docstring).

    ``defaults`` overrides a field's default for this command (keyed by dest); ``aliases``
    adds flags (``{"coupling_meV": ("--g",)}``); ``taken`` lists flags the command uses
    for other options, so no short flag collides with them.
    """
    params = parameters(cls, exclude=exclude)
    defaults, aliases = dict(defaults or {}), dict(aliases or {})
    flags = flag_names(params, set(taken) | {a for al in aliases.values() for a in al})

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        for p in reversed(params):
            func = _option(p, prefix, flags[p.dest] + list(aliases.get(p.dest, ())),
                           defaults.get(p.dest, p.default), sweepable)(func)
        for p in params:
            owner_renames = getattr(p.owner, "RENAMED_FIELDS", {})
            for old, new in owner_renames.items():
                if new == p.field:
                    old_flag = "--" + old.replace("_", "-")
                    if old_flag not in flags[p.dest]:
                        func = click.option(old_flag, prefix + p.dest, hidden=True,
                                            type=_click_type(p.hint) if p.hint is not bool
                                            else bool, default=None, expose_value=True,
                                            callback=_deprecated_flag(old_flag))(func)
        return func

    return decorate


def _deprecated_flag(old: str) -> Callable[..., Any]:
    def callback(ctx: Any, param: Any, value: Any) -> Any:
        if value is not None:
            click.echo(f"Warning: {old} is deprecated; see --help for its new name.", err=True)
        return value

    return callback


def _option(p: Parameter, prefix: str, flags: list[str], default: Any,
            sweepable: bool) -> Callable[..., Any]:
    units = f" [{p.units}]" if p.units else ""
    plain = re.sub(r":\w+:`~?([^`]+)`", r"\1", p.help).replace("``", "")
    text = (plain or p.field.replace("_", " ")).rstrip(".") + "." + units
    required = default is dataclasses.MISSING
    if p.hint is bool:
        on = flags[0]
        decls = [f"{on}/--no-{on[2:]}"]
        decls += [f" /{f}" if f.startswith("--no-") else f for f in flags[1:]]
        return click.option(*decls, prefix + p.dest,
                            default=None if default is None else bool(default),
                            show_default=default is not None, help=text)
    kind = _click_type(p.hint)
    if sweepable and p.hint is float:
        kind = FloatOrRange()
        text += " A number or start:stop:count (a sweep)."
    return click.option(*flags, prefix + p.dest, type=kind,
                        default=None if required or default is None else (
                            str(default) if isinstance(kind, click.Choice) else default),
                        required=required and not p.optional, show_default=not required,
                        help=text)


def build(cls: type, values: dict[str, Any], *, prefix: str = "",
          exclude: tuple[str, ...] = (), **fixed: Any) -> tuple[Any, dict[str, np.ndarray]]:
    """The instance of ``cls`` the options describe, and the swept fields.

    Consumes (pops) the ``prefix``-ed keys of ``values``. A range (array) value builds the
    instance at its first point and is returned in the swept mapping under ``cl.sweep``'s
    name; ``fixed`` gives fields (by dest) the command sets itself.
    """
    params = parameters(cls, exclude=exclude)
    flat: dict[str, Any] = {}
    swept: dict[str, np.ndarray] = {}
    for p in params:
        value = values.pop(prefix + p.dest, None)
        if p.dest in fixed:
            value = fixed.pop(p.dest)
        if value is None:
            if p.default is dataclasses.MISSING and not p.optional:
                raise ValueError(f"--{p.dest.replace('_', '-')} is required")
            continue
        if isinstance(value, str) and ":" in value and p.hint is float:
            value = parse_range("--" + p.field.replace("_", "-"), value)
        value = _convert(p, value)
        if isinstance(value, np.ndarray):
            if len(value) > 1:
                swept[p.sweep_name] = value
            value = float(value[0])
        flat[p.dest] = value
    flat.update(fixed)
    return _instantiate(cls, flat), swept


def _instantiate(cls: type, flat: dict[str, Any]) -> Any:
    hints = typing.get_type_hints(cls)
    kwargs: dict[str, Any] = {}
    for field in dataclasses.fields(cls):
        hint, _ = _unwrap_optional(hints[field.name])
        if dataclasses.is_dataclass(hint) and isinstance(hint, type):
            nested = {k[len(field.name) + 2:]: v for k, v in flat.items()
                      if k.startswith(field.name + "__")}
            if nested or field.name not in flat:
                if field.name in flat:
                    kwargs[field.name] = flat[field.name]
                elif nested or (field.default is dataclasses.MISSING
                                and field.default_factory is dataclasses.MISSING):
                    kwargs[field.name] = _instantiate(hint, nested)
                continue
        if field.name in flat:
            kwargs[field.name] = flat[field.name]
    return cls(**kwargs)


def iter_params(*classes: type) -> Iterator[Parameter]:
    """Every generated parameter of ``classes`` (for ``--help`` tests and study files)."""
    for cls in classes:
        yield from parameters(cls)
