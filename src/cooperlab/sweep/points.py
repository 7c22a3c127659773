"""One point of a sweep: run the function with BLAS capped, normalise what it returned."""

from __future__ import annotations

import functools
import numbers
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
from threadpoolctl import threadpool_limits

from cooperlab.results import Result

if TYPE_CHECKING:
    import xarray as xr

__all__ = ["func_name", "func_path", "run_point", "to_point_dataset"]


def func_name(func: Callable[..., Any]) -> str:
    name = getattr(func, "__name__", None) or getattr(getattr(func, "func", None), "__name__", "")
    return name if name and name != "<lambda>" else "value"


def func_path(func: Callable[..., Any]) -> str:
    """Dotted path of ``func``; a ``functools.partial`` also records its bound arguments
    (so a store made with other options is not mistaken for this sweep)."""
    if isinstance(func, functools.partial):
        bound = [repr(a) for a in func.args] + [f"{k}={v!r}" for k, v in func.keywords.items()]
        return f"{func_path(func.func)}({', '.join(bound)})"
    module = getattr(func, "__module__", None) or type(func).__module__
    name = getattr(func, "__qualname__", None) or type(func).__qualname__
    return f"{module}.{name}"


def as_variable(name: str, value: Any) -> Any:
    """A dict entry as something :class:`xarray.Dataset` accepts (arrays get dim names)."""
    import xarray as xr

    if isinstance(value, xr.DataArray | xr.Variable | tuple):
        return value
    array = np.asarray(value)
    return (tuple(f"{name}_dim_{i}" for i in range(array.ndim)), array)


def to_point_dataset(value: Any, name: str = "value") -> xr.Dataset:
    """Normalise what a swept function returned to an :class:`xarray.Dataset`.

    Parameters
    ----------
    value
        A cooperlab :class:`~cooperlab.results.Result` (its ``to_xarray()``), an
        :class:`xarray.Dataset` or ``DataArray``, a scalar (stored as variable ``name``),
        a numpy array (variable ``name`` with dims ``name_dim_0, ...``) or a mapping of
        variable name to scalar, array, ``DataArray`` or ``(dims, data)`` tuple.
    name
        Variable name for a bare scalar or array (the sweep passes ``func.__name__``).

    Returns
    -------
    xarray.Dataset
    """
    import xarray as xr

    if isinstance(value, Result):
        return value.to_xarray()
    if isinstance(value, xr.Dataset):
        return value
    if isinstance(value, xr.DataArray):
        return value.to_dataset(name=value.name if value.name is not None else name)
    if isinstance(value, Mapping):
        return xr.Dataset({str(k): as_variable(str(k), v) for k, v in value.items()})
    if isinstance(value, numbers.Number | np.generic | np.ndarray):
        return xr.Dataset({name: as_variable(name, value)})
    raise TypeError(
        f"func returned {type(value).__name__}; a sweep needs a Result, xarray Dataset, "
        "scalar, array or dict of them"
    )


def run_point(func: Callable[..., Any], model: Any, blas_threads: int | None) -> xr.Dataset:
    """Compute one point with BLAS threads capped (this runs in the worker)."""
    if blas_threads is None:
        value = func(model)
    else:
        with threadpool_limits(limits=blas_threads):
            value = func(model)
    return to_point_dataset(value, func_name(func))

