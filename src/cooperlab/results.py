"""The :class:`Result` base class: labelled arrays, provenance, netCDF/HDF5 round trips.

Every solver in cooperlab returns a subclass of :class:`Result`. A subclass is a dataclass
whose array fields are declared in the class attribute ``VARIABLES`` (dims, units,
long name); everything else it knows lives in ``metadata`` (a JSON-compatible dict that
holds the model, the options, the cooperlab version, wall time and convergence report).

``to_xarray`` turns a result into an :class:`xarray.Dataset` with named dimensions and
``units``/``long_name`` attributes; ``save`` writes that Dataset to a netCDF4/HDF5 file
through h5netcdf (atomically: a temporary file renamed into place), and
:func:`load` reads any result back as the class that wrote it.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import importlib
import json
import os
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Self

import numpy as np

RESULT_CLASS_ATTR = "cooperlab_result"
METADATA_ATTR = "cooperlab_metadata"
#: Dataset attribute naming the dimensions whose length may differ between the points of a
#: sweep (histories such as iterations); :func:`cooperlab.sweep` pads them with NaN.
RAGGED_ATTR = "cooperlab_ragged_dims"
_REGISTRY: dict[str, type[Result]] = {}


@dataclass(frozen=True)
class Variable:
    """How one array field of a result appears in its xarray Dataset."""

    dims: tuple[str, ...]
    units: str = ""
    long_name: str = ""
    coordinate: bool = False


def _json_default(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, Path):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclass_to_dict(value)
    raise TypeError(f"cannot store {type(value).__name__} in result metadata")


def to_jsonable(value: Any) -> Any:
    """Return ``value`` converted to plain JSON types (round trip through json)."""
    return json.loads(json.dumps(value, default=_json_default))


def class_path(obj_or_cls: Any) -> str:
    """Importable dotted path of a class or of an instance's class."""
    cls = obj_or_cls if isinstance(obj_or_cls, type) else type(obj_or_cls)
    return f"{cls.__module__}.{cls.__qualname__}"


def import_class(path: str) -> type:
    """Import a class from its dotted path."""
    module_name, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module_name), name)


def dataclass_to_dict(obj: Any) -> dict[str, Any]:
    """Fields of a dataclass as a JSON-compatible dict, with its class path under ``"class"``."""
    values = {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
    return {"class": class_path(obj), **to_jsonable(values)}


def dataclass_from_dict(data: Mapping[str, Any]) -> Any:
    """Rebuild a dataclass written by :func:`dataclass_to_dict`."""
    cls = import_class(data["class"])
    kwargs = {
        k: dataclass_from_dict(v) if isinstance(v, Mapping) and "class" in v else v
        for k, v in data.items() if k != "class"
    }
    for f in dataclasses.fields(cls):
        if f.name in kwargs and isinstance(kwargs[f.name], list):
            kwargs[f.name] = tuple(kwargs[f.name])
    return cls(**kwargs)


def make_metadata(
    *,
    model: Any = None,
    options: Any = None,
    wall_time_s: float | None = None,
    convergence: Mapping[str, Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """Standard provenance record stored with every result.

    Holds the model and options (as dicts with their class paths), the cooperlab
    version, a UTC timestamp, the wall time, and the convergence report of the solver.
    """
    from cooperlab import __version__

    meta: dict[str, Any] = {
        "cooperlab_version": __version__,
        "created_utc": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
    }
    if model is not None:
        meta["model"] = dataclass_to_dict(model)
    if options is not None:
        meta["options"] = dataclass_to_dict(options)
    if wall_time_s is not None:
        meta["wall_time_s"] = float(wall_time_s)
    if convergence is not None:
        meta["convergence"] = dict(convergence)
    meta.update(extra)
    return to_jsonable(meta)


@dataclass(kw_only=True)
class Result:
    """Base class of every cooperlab result.

    Subclasses are ``@dataclass(kw_only=True)`` classes declaring their array fields and
    ``VARIABLES``: a mapping from field name to :class:`Variable`. Fields named there are
    stored as data variables (or coordinates when ``Variable.coordinate``); ``metadata``
    is stored as a JSON attribute.
    """

    VARIABLES: ClassVar[dict[str, Variable]] = {}
    #: Dimensions of variable length (e.g. an iteration history), padded in sweeps.
    RAGGED_DIMS: ClassVar[tuple[str, ...]] = ()
    metadata: dict[str, Any] = field(default_factory=dict)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _REGISTRY[class_path(cls)] = cls

    # -- xarray ---------------------------------------------------------------------
    def to_xarray(self) -> Any:
        """Return the result as an :class:`xarray.Dataset` with named dims and units."""
        import xarray as xr

        data_vars: dict[str, Any] = {}
        coords: dict[str, Any] = {}
        for name, spec in self.VARIABLES.items():
            value = getattr(self, name)
            if value is None:
                continue
            attrs = {"units": spec.units, "long_name": spec.long_name}
            target = coords if spec.coordinate else data_vars
            target[name] = xr.Variable(spec.dims, np.asarray(value), attrs=attrs)
        attrs = {
            RESULT_CLASS_ATTR: class_path(self),
            METADATA_ATTR: json.dumps(self.metadata, default=_json_default),
        }
        for key in ("cooperlab_version", "created_utc", "wall_time_s"):
            if key in self.metadata:
                attrs[key] = self.metadata[key]
        if self.RAGGED_DIMS:
            attrs[RAGGED_ATTR] = json.dumps(list(self.RAGGED_DIMS))
        return xr.Dataset(data_vars=data_vars, coords=coords, attrs=attrs)

    @classmethod
    def from_xarray(cls, dataset: Any) -> Self:
        """Rebuild a result from the Dataset written by :meth:`to_xarray`."""
        kwargs: dict[str, Any] = {}
        for name in cls.VARIABLES:
            kwargs[name] = dataset[name].values if name in dataset.variables else None
        kwargs["metadata"] = json.loads(dataset.attrs.get(METADATA_ATTR, "{}"))
        return cls(**kwargs)

    # -- files ----------------------------------------------------------------------
    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the result to a netCDF4/HDF5 file (atomic: nothing is half-written)."""
        return save_dataset(self.to_xarray(), path)

    def plot(self, ax: Any = None, **kwargs: Any) -> Any:  # pragma: no cover - overridden
        """Plot the result on matplotlib Axes (subclasses implement this)."""
        raise NotImplementedError(f"{type(self).__name__} has no plot")

    def summary(self) -> dict[str, Any]:
        """Small JSON-compatible summary printed by the CLI's ``--json``."""
        return {"result": type(self).__name__}


def field_label(units: str, long_name: str) -> dict[str, str]:
    """Metadata for a model's dataclass field; sweeps copy it onto their coordinates."""
    return {"units": units, "long_name": long_name}


def scalar(units: str, long_name: str) -> Variable:
    """A 0-d variable: one number with its units."""
    return Variable((), units, long_name)


@dataclass(kw_only=True)
class ScalarResult(Result):
    """A result made of named scalars (all declared with :func:`scalar`)."""

    def summary(self) -> dict[str, Any]:
        """Every scalar, for ``--json``."""
        values = {name: float(getattr(self, name)) for name in self.VARIABLES}
        return {"result": type(self).__name__, **values}


def atomic_write(path: str | os.PathLike[str], write: Callable[[str], Any]) -> Path:
    """Call ``write(tmp)`` on a temporary file beside ``path``, then rename it into place.

    Readers never see a half-written file, and a failure leaves no temporary behind.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        write(tmp_name)
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return target


def save_dataset(dataset: Any, path: str | os.PathLike[str]) -> Path:
    """Write an xarray Dataset with h5netcdf to ``path`` atomically."""
    has_complex = any(np.iscomplexobj(v.values) for v in dataset.variables.values())
    return atomic_write(path, lambda tmp: dataset.to_netcdf(
        tmp, engine="h5netcdf", invalid_netcdf=True if has_complex else None
    ))


def open_dataset(path: str | os.PathLike[str]) -> Any:
    """Read a netCDF/HDF5 file fully into memory (the file is closed on return)."""
    import xarray as xr

    if not Path(path).exists():
        raise FileNotFoundError(f"no result file at {path}")
    with xr.open_dataset(path, engine="h5netcdf") as ds:
        return ds.load()


def from_xarray(dataset: Any) -> Any:
    """Rebuild whichever cooperlab result class wrote ``dataset``."""
    name = dataset.attrs.get(RESULT_CLASS_ATTR)
    if name is None:
        raise ValueError("dataset carries no cooperlab_result attribute: not a cooperlab result")
    cls = _REGISTRY.get(name) or import_class(name)
    return cls.from_xarray(dataset)


def load(path: str | os.PathLike[str]) -> Any:
    """Load a result saved by :meth:`Result.save` (or a sweep) as the class that wrote it."""
    return from_xarray(open_dataset(path))


def plot(result: Result, ax: Any = None, **kwargs: Any) -> Any:
    """Plot any cooperlab result on matplotlib Axes; returns the Axes."""
    return result.plot(ax=ax, **kwargs)
