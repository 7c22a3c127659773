"""What a model or solver takes: each parameter's name, type, default, units and description.

Read from the dataclass fields of a model or options class, or from the keyword parameters of
a function (a constructor such as ``HubbardModel.from_spec``, a solver): the type from the
annotations, the description from the numpydoc ``Parameters``/``Attributes`` section, the
units from the field's ``field_label`` metadata or else from the unit suffix of its name
(``coupling_meV``). Nested dataclass fields are flattened as ``field__sub`` (the names
``cl.sweep`` uses). The command line generates its options from these records, and study
files are checked against them.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import re
import types
import typing
from typing import Any, Literal

#: Unit suffixes of names, longest first (``hbar_v_meV_nm`` drops ``_meV_nm``).
UNIT_SUFFIXES = ("_meV_nm", "_uOhm_cm", "_meV", "_eV", "_deg", "_nm", "_um", "_mm", "_mT",
                 "_uA", "_nA", "_mA", "_GHz", "_MHz", "_fF", "_ohm", "_mV", "_uV", "_ns",
                 "_ps", "_K", "_T")
MISSING = dataclasses.MISSING
#: The types a parameter can have to be given as text (a number, a word, a choice).
SIMPLE = (bool, float, int, str)


@functools.cache
def docstring_entries(target: Any) -> dict[str, str]:
    """Name -> description from the Parameters/Attributes sections of a numpydoc docstring."""
    entries: dict[str, str] = {}
    current, in_section = None, False
    lines = inspect.getdoc(target) or ""
    rows = lines.splitlines()
    for line, following in zip(rows, [*rows[1:], ""], strict=True):
        if re.fullmatch(r"-{3,}", following.strip()):
            in_section, current = line.strip() in ("Parameters", "Attributes"), None
        elif in_section and not re.fullmatch(r"-{3,}", line.strip()):
            header = re.fullmatch(r"(\w+(?:, *\w+)*)( *:.*)?", line)  # not indented: new entry
            if header:
                current = [name.strip() for name in header.group(1).split(",")]
                entries.update(dict.fromkeys(current, ""))
            elif current is not None and line.strip():
                for name in current:
                    entries[name] = f"{entries[name]} {line.strip()}".strip()
    return entries


def plain(text: str) -> str:
    """Docstring text without its reST markup (``x``, :func:`x`)."""
    return re.sub(r":\w+:`~?([^`]+)`", r"\1", text).replace("``", "")


def unit_suffix(name: str) -> str | None:
    """The unit suffix of a name (``_meV`` of ``coupling_meV``), if any."""
    return next((s for s in UNIT_SUFFIXES if name.endswith(s) and len(name) > len(s)), None)


def unwrap_optional(hint: Any) -> tuple[Any, bool]:
    args = typing.get_args(hint)
    if typing.get_origin(hint) in (typing.Union, types.UnionType) and type(None) in args:
        rest = tuple(a for a in args if a is not type(None))
        return (rest[0] if len(rest) == 1 else typing.Union[rest]), True  # noqa: UP007
    return hint, False


@dataclasses.dataclass(frozen=True)
class Parameter:
    """One command-line option made from one field or keyword parameter."""

    dest: str      #: the keyword the command receives, also ``cl.sweep``'s name
    name: str      #: the field's name in its owner
    owner: Any     #: the dataclass or function it belongs to
    hint: Any
    optional: bool
    default: Any   #: MISSING when required
    help: str
    units: str | None


def entries(target: Any) -> list[tuple[str, Any, Any, dict[str, Any]]]:
    """(name, hint, default, metadata) of a dataclass's fields or a callable's keywords."""
    hints = typing.get_type_hints(target)
    if dataclasses.is_dataclass(target):
        return [(f.name, hints[f.name], f.default if f.default is not MISSING else (
            f.default_factory() if f.default_factory is not MISSING else MISSING),
            dict(f.metadata)) for f in dataclasses.fields(target) if f.init]
    return [(p.name, hints.get(p.name, str), MISSING if p.default is p.empty else p.default, {})
            for p in inspect.signature(target).parameters.values()
            if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]


def parameters(target: Any, *, prefix: str = "", exclude: tuple[str, ...] = ()) -> list[Parameter]:
    """The options of a dataclass or function, nested dataclass fields as ``field__sub``."""
    docs = docstring_entries(target)
    found: list[Parameter] = []
    for name, hint, default, metadata in entries(target):
        hint, optional = unwrap_optional(hint)
        if name.startswith("_") or name in exclude:
            continue
        if dataclasses.is_dataclass(hint) and isinstance(hint, type):
            found += parameters(hint, prefix=f"{prefix}{name}__", exclude=exclude)
        elif is_simple(hint):  # arrays, callables, objects: library-only
            suffix = unit_suffix(name)
            units = metadata.get("units", suffix[1:].replace("_", " ") if suffix else None)
            found.append(Parameter(prefix + name, name, target, hint, optional or default is None,
                                   default, docs.get(name, ""), units))
    return found


def is_simple(hint: Any) -> bool:
    """A number, a word, a flag, a Literal choice, or a union of number and word."""
    args = typing.get_args(hint)
    return hint in SIMPLE or typing.get_origin(hint) is Literal or (
        typing.get_origin(hint) in (typing.Union, types.UnionType) and set(args) <= {
            int, str, float})
