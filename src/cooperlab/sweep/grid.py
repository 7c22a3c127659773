"""The grid of a sweep: the outer product of swept model fields, nested field paths."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from cooperlab.naming import warn_renamed

__all__ = ["NESTED", "SweepGrid", "field_of", "grid_models", "make_grid", "replace_field"]


@dataclass(frozen=True)
class SweepGrid:
    """Outer product of the swept values, in the keyword order the user gave."""

    names: tuple[str, ...]
    values: tuple[np.ndarray, ...]

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(v) for v in self.values)

    @property
    def size(self) -> int:
        return int(np.prod(self.shape))

    def point(self, index: int) -> dict[str, Any]:
        """Parameter values of the point with flat (C-order) ``index``, as Python scalars."""
        position = np.unravel_index(index, self.shape)
        return {n: v[j].item() for n, v, j in zip(self.names, self.values, position, strict=True)}


#: Separator of a nested field path: ``continuum__theta_deg`` sweeps
#: ``model.continuum.theta_deg``.
NESTED = "__"


def current_name(model: Any, name: str) -> str:
    """``name`` (possibly ``outer__inner``) with renamed fields mapped to their new names
    through each dataclass's ``RENAMED_FIELDS`` (:func:`cooperlab.naming.renamed_fields`),
    warning for each old one."""
    target, parts = model, name.split(NESTED)
    for depth, part in enumerate(parts):
        renamed = getattr(type(target), "RENAMED_FIELDS", {})
        if part in renamed:
            warn_renamed(part, renamed[part], f"field of {type(target).__name__}", stacklevel=5)
            parts[depth] = part = renamed[part]
        target = getattr(target, part, None)
        if not dataclasses.is_dataclass(target):
            break
    return NESTED.join(parts)


def field_of(model: Any, name: str) -> dataclasses.Field[Any]:
    """The dataclass field that ``name`` (possibly ``outer__inner``) refers to."""
    target, parts = model, name.split(NESTED)
    for depth, part in enumerate(parts):
        fields = {f.name: f for f in dataclasses.fields(target) if f.init}
        if part not in fields:
            raise ValueError(
                f"unknown parameter {name!r}: {type(target).__name__} has no field {part!r} "
                f"(fields: {', '.join(fields)})"
            )
        if depth == len(parts) - 1:
            return fields[part]
        target = getattr(target, part)
        if not dataclasses.is_dataclass(target):
            raise ValueError(f"unknown parameter {name!r}: {part!r} is not a dataclass field")
    raise AssertionError("unreachable")


def replace_field(model: Any, name: str, value: Any) -> Any:
    """``dataclasses.replace`` along a possibly nested field path."""
    head, _, rest = name.partition(NESTED)
    if not rest:
        return dataclasses.replace(model, **{head: value})
    return dataclasses.replace(model, **{head: replace_field(getattr(model, head), rest, value)})


def make_grid(model: Any, params: Mapping[str, Any]) -> SweepGrid:
    """Check the swept parameters against the model's fields and build the grid."""
    if not dataclasses.is_dataclass(model) or isinstance(model, type):
        raise TypeError(f"model must be a dataclass instance, got {type(model).__name__}")
    if not params:
        raise ValueError("params: sweep needs at least one parameter to sweep, e.g. a=[0.1, 0.2]")
    values = []
    params = {current_name(model, name): raw for name, raw in params.items()}
    for name, raw in params.items():
        field_of(model, name)
        array = np.asarray(raw)
        if array.ndim != 1 or array.size == 0:
            raise ValueError(
                f"{name} must be a non-empty 1-D array of values, got shape {array.shape}"
            )
        values.append(array)
    return SweepGrid(tuple(params), tuple(values))


def grid_models(model: Any, grid: SweepGrid) -> list[Any]:
    """Build (and so validate) the model of every grid point before any work starts."""
    models = []
    for index in range(grid.size):
        point = model
        for name, value in grid.point(index).items():
            point = replace_field(point, name, value)
        models.append(point)
    return models


