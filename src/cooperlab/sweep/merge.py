"""Merging the per-point datasets of a sweep into one Dataset over the grid."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from cooperlab.results import METADATA_ATTR, RAGGED_ATTR
from cooperlab.sweep.grid import SweepGrid, field_of

if TYPE_CHECKING:
    import xarray as xr

__all__ = ["CONVERGED_VARIABLE", "merge_points", "point_verdict"]

_POINT_DIM = "__cooperlab_point__"
#: Data variable of a sweep over the grid: whether each point's convergence check passed.
CONVERGED_VARIABLE = "converged"


def point_verdict(dataset: xr.Dataset) -> bool | None:
    """The convergence verdict a point's result recorded (``metadata["convergence"]``
    with ``passed``), or None when it recorded none."""
    try:
        metadata = json.loads(dataset.attrs.get(METADATA_ATTR, "{}"))
    except (TypeError, ValueError):
        return None
    record = metadata.get("convergence") if isinstance(metadata, dict) else None
    if isinstance(record, dict) and isinstance(record.get("passed"), bool):
        return record["passed"]
    return None


def _prepare_point(dataset: xr.Dataset, names: Sequence[str]) -> xr.Dataset:
    """Drop the point's own attrs and any scalar copy of a swept parameter."""
    dataset = dataset.copy()
    dataset.attrs = {}
    for name in names:
        if name in dataset.dims or (name in dataset.variables and dataset[name].ndim > 0):
            raise ValueError(f"func's result has a dimension or array {name!r}, which is swept")
        if name in dataset.variables:
            dataset = dataset.drop_vars(name)
    return dataset


def _pad_ragged(datasets: list[xr.Dataset], ragged: list[list[str]]) -> list[xr.Dataset]:
    """Pad the dimensions the results declare ragged (``Result.RAGGED_DIMS``, e.g. an
    iteration history) with NaN to their longest length over the points."""
    names = {name for names in ragged for name in names}
    for name in names:
        longest = max(ds.sizes.get(name, 0) for ds in datasets)
        datasets = [
            ds.pad({name: (0, longest - ds.sizes[name])}, constant_values=np.nan)
            if name in ds.dims and ds.sizes[name] < longest else ds
            for ds in datasets
        ]
    return datasets


def _unflatten(variable: xr.Variable, grid: SweepGrid) -> xr.Variable:
    """Replace the stacked point dimension by one dimension per swept parameter."""
    import xarray as xr

    if _POINT_DIM not in variable.dims:
        return xr.Variable(variable.dims, variable.data, attrs=variable.attrs)
    variable = variable.transpose(_POINT_DIM, ...)
    data = np.asarray(variable.data).reshape(grid.shape + variable.shape[1:])
    return xr.Variable(grid.names + variable.dims[1:], data, attrs=variable.attrs)


def swept_coordinate(model: Any, name: str, values: np.ndarray) -> xr.Variable:
    import xarray as xr

    field_meta = field_of(model, name).metadata
    attrs = {key: field_meta[key] for key in ("units", "long_name") if key in field_meta}
    return xr.Variable((name,), values, attrs=attrs)


def merge_points(datasets: Sequence[xr.Dataset], grid: SweepGrid, model: Any) -> xr.Dataset:
    """Merge the per-point datasets (flat C order) into one Dataset over the grid.

    Swept dimensions come first, in keyword order; the points' own dimensions (``k``,
    ``band``, ...) follow. Coordinates equal at every point stay unswept; points whose
    index coordinates differ are an error (return such grids as data variables instead).
    Where every point's result recorded a convergence verdict, a boolean ``converged``
    variable over the swept dims holds them.
    """
    import xarray as xr

    verdicts = [point_verdict(ds) for ds in datasets]
    prepared = _pad_ragged([_prepare_point(ds, grid.names) for ds in datasets],
                           [json.loads(ds.attrs.get(RAGGED_ATTR, "[]")) for ds in datasets])
    try:
        stacked = xr.concat(
            prepared,
            dim=_POINT_DIM,
            data_vars="all",
            coords="different",
            compat="equals",
            join="exact",
            combine_attrs="override",
            create_index_for_new_dim=False,
        )
    except ValueError as exc:
        message = str(exc).splitlines()[0]
        raise ValueError(f"func: the points' results do not fit together: {message}") from None
    data_vars = {n: _unflatten(stacked[n].variable, grid) for n in stacked.data_vars}
    coords = {n: _unflatten(stacked[n].variable, grid) for n in stacked.coords}
    for name, values in zip(grid.names, grid.values, strict=True):
        coords[name] = swept_coordinate(model, name, values)
    if all(v is not None for v in verdicts) and CONVERGED_VARIABLE not in data_vars:
        data_vars[CONVERGED_VARIABLE] = xr.Variable(
            grid.names, np.array(verdicts, dtype=bool).reshape(grid.shape),
            attrs={"units": "", "long_name": "convergence check of the point passed"})
    return xr.Dataset(data_vars, coords)


