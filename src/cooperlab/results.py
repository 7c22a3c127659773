"""The :class:`Result` base class: labelled arrays, provenance, netCDF/HDF5 round trips.

Every solver in cooperlab returns a subclass of :class:`Result`. A subclass is a dataclass
whose array fields are declared once, as fields (``energy: np.ndarray = variable(("k",
"band"), "meV", "band energy")``, ``gap_meV: float = scalar("meV", "gap")``) or in the
class attribute ``VARIABLES``; the schema, ``to_xarray``, save/load and the default
``summary()`` follow from them. Everything else it knows lives in ``metadata`` (a
JSON-compatible dict that holds the model, the options, the cooperlab version and the
versions of its main dependencies, the git commit of a checkout, wall time and the
:class:`Convergence` record).

Files carry the class's stable registry name (``"moire.BandStructure"``: the subpackage
and the class name, or a name given with ``class X(Result, name=...)``) and its schema
version; files that name a dotted class path (written before the registry) or an alias
still load.

``to_xarray`` turns a result into an :class:`xarray.Dataset` with named dimensions and
``units``/``long_name`` attributes; ``save`` writes that Dataset to a netCDF4/HDF5 file
through h5netcdf (atomically: a temporary file renamed into place), and
:func:`load` reads any result back as the class that wrote it.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import functools
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
SCHEMA_VERSION_ATTR = "cooperlab_schema_version"
#: Variable attribute of a complex array stored as (real, imaginary) along :data:`COMPLEX_DIM`.
COMPLEX_ATTR = "cooperlab_complex"
COMPLEX_DIM = "real_imag"
_REGISTRY: dict[str, type[Result]] = {}


@dataclass(frozen=True)
class Variable:
    """How one array field of a result appears in its xarray Dataset.

    Also a field specifier: ``x: np.ndarray = variable(("x",), "um", "depth")`` in a
    :class:`Result` subclass declares the field (default None) and its schema at once.
    """

    dims: tuple[str, ...]
    units: str = ""
    long_name: str = ""
    coordinate: bool = False


def variable(dims: tuple[str, ...] | list[str], units: str = "", long_name: str = "", *,
             coordinate: bool = False) -> Any:
    """Declare an array field of a result: its dims, units and long name (and whether it is
    a coordinate). Use as a field default in a :class:`Result` subclass."""
    return Variable(tuple(dims), units, long_name, coordinate)


@dataclass(frozen=True)
class Convergence:
    """Whether a result's convergence check passed, and on what.

    Attributes
    ----------
    passed
        The verdict.
    criterion
        What was checked, in words (``"max |Delta_new - Delta_old| < tol"``); for exact
        methods, what makes them exact (``"complete diagonalisation"``).
    achieved, target
        The measured value of the criterion and the value it had to reach.
    discretisation
        The meshes, cutoffs, moments, time steps... the result was computed with.
    details
        Further solver-specific entries (iterations, residual histories...), stored beside
        the five fields at the top level of ``metadata["convergence"]``.
    """

    passed: bool
    criterion: str
    achieved: float | None = None
    target: float | None = None
    discretisation: Mapping[str, Any] = field(default_factory=dict)
    details: Mapping[str, Any] = field(default_factory=dict)

    FIELDS: ClassVar[tuple[str, ...]] = ("passed", "criterion", "achieved", "target",
                                         "discretisation")

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON types (non-finite numbers as None); ``details`` at the top level."""
        def number(x: float | None) -> float | None:
            return None if x is None or not np.isfinite(x) else float(x)

        return {**to_jsonable(dict(self.details)),
                "passed": bool(self.passed), "criterion": self.criterion,
                "achieved": number(self.achieved), "target": number(self.target),
                "discretisation": to_jsonable(dict(self.discretisation))}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Convergence:
        """Read back :meth:`to_dict`."""
        return cls(passed=bool(data["passed"]), criterion=str(data["criterion"]),
                   achieved=data.get("achieved"), target=data.get("target"),
                   discretisation=dict(data.get("discretisation") or {}),
                   details={k: v for k, v in data.items() if k not in cls.FIELDS})


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


#: Modules that moved: old dotted path -> new one. Files and metadata written before a move
#: name the old path (a result class before the registry, a model's ``"class"``); they
#: still load.
MOVED_MODULES: dict[str, str] = {
    f"cooperlab.gl.{name}": f"cooperlab.gl.tdgl.{name}"
    for name in ("animate", "checkpoint", "film", "geometry", "kernels", "links", "model",
                 "observables", "periodic", "poisson", "protocols", "screening", "stepper",
                 "units")
}


def import_class(path: str) -> type:
    """Import a class from its dotted path (an old path of a moved module included)."""
    module_name, _, name = path.rpartition(".")
    module_name = MOVED_MODULES.get(module_name, module_name)
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


#: Distributions whose versions every result records (read from their metadata, not imported).
TRACKED_DEPENDENCIES = ("numpy", "scipy", "xarray", "h5netcdf", "h5py", "matplotlib", "numba",
                        "sparse-ir")


@functools.cache
def dependency_versions() -> dict[str, str]:
    """Installed versions of :data:`TRACKED_DEPENDENCIES` (missing ones are left out)."""
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in TRACKED_DEPENDENCIES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            continue
    return found


@functools.cache
def git_commit() -> str | None:
    """The commit of the checkout the package runs from (``+dirty`` not checked), or None.

    Reads ``.git/HEAD`` (and the ref it names, loose or packed) beside ``src/``; no
    subprocess, so it costs nothing where the package is installed from a wheel.
    """
    root = Path(__file__).resolve().parents[2] / ".git"
    try:
        if root.is_file():  # a worktree: "gitdir: <path>"
            root = Path(root.read_text().split(":", 1)[1].strip())
        head = (root / "HEAD").read_text().strip()
        if not head.startswith("ref:"):
            return head or None
        ref = head.split(":", 1)[1].strip()
        common = root / "commondir"
        base = (root / common.read_text().strip()).resolve() if common.exists() else root
        for folder in (root, base):
            if (folder / ref).exists():
                return (folder / ref).read_text().strip()
        packed = base / "packed-refs"
        if packed.exists():
            for line in packed.read_text().splitlines():
                if line.endswith(" " + ref):
                    return line.split()[0]
    except (OSError, IndexError):
        return None
    return None


def make_metadata(
    *,
    model: Any = None,
    options: Any = None,
    wall_time_s: float | None = None,
    convergence: Convergence | Mapping[str, Any] | None = None,
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
        "versions": dependency_versions(),
    }
    commit = git_commit()
    if commit is not None:
        meta["git_commit"] = commit
    if model is not None:
        meta["model"] = dataclass_to_dict(model)
    if options is not None:
        meta["options"] = dataclass_to_dict(options)
    if wall_time_s is not None:
        meta["wall_time_s"] = float(wall_time_s)
    if convergence is not None:
        meta["convergence"] = (convergence.to_dict() if isinstance(convergence, Convergence)
                               else dict(convergence))
    meta.update(extra)
    return to_jsonable(meta)


@dataclass(kw_only=True)
class Result:
    """Base class of every cooperlab result.

    Subclasses are ``@dataclass(kw_only=True)`` classes. Their array and scalar fields are
    declared once, either as fields with a :func:`variable` / :func:`scalar` default::

        energy: np.ndarray = variable(("valley", "k", "band"), "meV", "band energy")
        gap_meV: float = scalar("meV", "gap")

    or in ``VARIABLES`` (a mapping of field name to :class:`Variable`). Declared fields are
    stored as data variables (or coordinates when ``Variable.coordinate``); ``metadata``
    is stored as a JSON attribute. Class keywords: ``name`` (the stable registry name
    written into files; default ``"<subpackage>.<ClassName>"``), ``aliases`` (older names
    or dotted paths that still load as this class) and ``schema_version``.
    """

    VARIABLES: ClassVar[dict[str, Variable]] = {}
    #: Dimensions of variable length (e.g. an iteration history), padded in sweeps.
    RAGGED_DIMS: ClassVar[tuple[str, ...]] = ()
    #: Registry name written into files (set from the class keyword ``name``).
    REGISTRY_NAME: ClassVar[str] = "results.Result"
    #: Version of the file layout of this class; bumped when a field changes meaning.
    SCHEMA_VERSION: ClassVar[int] = 1
    #: True for results that hold one whole Dataset (sweeps) instead of declared fields.
    HOLDS_DATASET: ClassVar[bool] = False
    #: Variables renamed since older schema versions: old name -> new name.
    RENAMED: ClassVar[dict[str, str]] = {}
    metadata: dict[str, Any] = field(default_factory=dict)

    def __init_subclass__(cls, *, name: str | None = None, aliases: tuple[str, ...] = (),
                          schema_version: int | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        declared = _declared_fields(cls)
        if "VARIABLES" in cls.__dict__:
            cls.VARIABLES = {**cls.__dict__["VARIABLES"], **declared}
        else:
            cls.VARIABLES = {**cls.VARIABLES, **declared}
        if schema_version is not None:
            cls.SCHEMA_VERSION = int(schema_version)
        cls.REGISTRY_NAME = name or default_registry_name(cls)
        for key in {cls.REGISTRY_NAME, class_path(cls), *aliases}:
            known = _REGISTRY.get(key)
            if known is not None and class_path(known) != class_path(cls):
                raise TypeError(f"result name {key!r} of {class_path(cls)} is taken by "
                                f"{class_path(known)}")
            _REGISTRY[key] = cls

    @classmethod
    def upgrade(cls, dataset: Any, version: int) -> Any:
        """Bring a Dataset written with schema ``version`` (older than
        :attr:`SCHEMA_VERSION`) to the current layout: renames :attr:`RENAMED`; subclasses
        whose fields changed meaning extend it."""
        renames = {old: new for old, new in cls.RENAMED.items()
                   if old in dataset.variables and new not in dataset.variables}
        return dataset.rename(renames) if renames else dataset

    @property
    def convergence(self) -> Convergence | None:
        """The typed convergence record in the metadata, or None where the solver has none."""
        record = self.metadata.get("convergence")
        if isinstance(record, Mapping) and "passed" in record and "criterion" in record:
            return Convergence.from_dict(record)
        return None

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
            RESULT_CLASS_ATTR: self.REGISTRY_NAME,
            SCHEMA_VERSION_ATTR: self.SCHEMA_VERSION,
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

    def plot(self, ax: Any = None, **kwargs: Any) -> Any:
        """Plot the result on matplotlib Axes (subclasses with a figure implement this).

        Raises
        ------
        TypeError
            This result has no plot; the message names the results that have one in the
            same subpackage (a sweep of it plots through ``SweepResult.plot``).
        """
        family = self.REGISTRY_NAME.split(".")[0]
        siblings = sorted(name for name in plottable_results() if name.startswith(family + "."))
        raise TypeError(
            f"{type(self).__name__} has no plot (its numbers are in summary() and to_xarray()); "
            f"results of {family} with a plot: {', '.join(siblings) or 'none'}")

    def summary(self) -> dict[str, Any]:
        """Small JSON-compatible summary printed by the CLI's ``--json``: every declared
        scalar (non-finite values as None) and the convergence verdict, if recorded."""
        out: dict[str, Any] = {"result": type(self).__name__}
        for name, spec in self.VARIABLES.items():
            value = getattr(self, name, None)
            if spec.dims or value is None or np.ndim(value) != 0:
                continue
            if isinstance(value, str | np.str_):
                out[name] = str(value)
            elif np.iscomplexobj(value):
                continue
            else:
                number = float(value)
                out[name] = number if np.isfinite(number) else None
        verdict = self.convergence
        if verdict is not None:
            out["converged"] = verdict.passed
        return out


def field_label(units: str, long_name: str) -> dict[str, str]:
    """Metadata for a model's dataclass field; sweeps copy it onto their coordinates."""
    return {"units": units, "long_name": long_name}


def scalar(units: str, long_name: str) -> Any:
    """A 0-d variable: one number with its units (in ``VARIABLES`` or as a field default)."""
    return Variable((), units, long_name)


def default_registry_name(cls: type) -> str:
    """``"<subpackage>.<ClassName>"`` for a class of cooperlab, else its dotted path."""
    parts = cls.__module__.split(".")
    if parts[0] == "cooperlab" and len(parts) >= 2:
        return f"{parts[1]}.{cls.__qualname__}"
    return class_path(cls)


def _declared_fields(cls: type) -> dict[str, Variable]:
    """Turn the class body's ``name: T = variable(...)`` lines into dataclass fields with a
    None default, and return their schema (runs before ``@dataclass`` sees the class)."""
    annotations = cls.__dict__.get("__annotations__", {})
    declared = {}
    for name, value in list(cls.__dict__.items()):
        if isinstance(value, Variable) and name in annotations:
            declared[name] = value
            setattr(cls, name, field(default=None, metadata={"cooperlab": value}))
    return declared


def _import_modules(package: str) -> None:
    """Import every module of ``cooperlab.<package>`` (the command line excluded), so that
    every result class defined there is registered."""
    import pkgutil

    module = importlib.import_module(f"cooperlab.{package}")
    for info in pkgutil.walk_packages(getattr(module, "__path__", []), f"{module.__name__}."):
        importlib.import_module(info.name)


def plottable_results() -> list[str]:
    """Registry names of the result classes that draw a figure (loaded so far)."""
    return sorted(name for name, cls in {c.REGISTRY_NAME: c for c in _REGISTRY.values()}.items()
                  if cls.plot is not Result.plot)


def _result_packages() -> tuple[str, ...]:
    """The subpackages of cooperlab that define result classes."""
    import cooperlab

    return (*cooperlab.SUBPACKAGES, "sweep")


def registered_results() -> dict[str, type[Result]]:
    """Every result class by registry name (after importing every module that holds one)."""
    for package in _result_packages():
        _import_modules(package)
    return {cls.REGISTRY_NAME: cls for cls in set(_REGISTRY.values())}


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


def split_complex(dataset: Any) -> Any:
    """Store each complex variable as real numbers with a trailing ``real_imag`` dimension
    (netCDF has no complex type: every file stays readable by standard netCDF tools)."""
    import xarray as xr

    complex_names = [n for n, v in dataset.variables.items() if np.iscomplexobj(v.values)]
    if not complex_names:
        return dataset
    dataset = dataset.copy()
    for name in complex_names:
        old = dataset.variables[name]
        data = np.stack([old.values.real, old.values.imag], axis=-1)
        attrs = {**old.attrs, COMPLEX_ATTR: 1}
        new = xr.Variable((*old.dims, COMPLEX_DIM), data, attrs=attrs)
        if name in dataset.coords:
            raise ValueError(f"complex coordinate {name!r} cannot be stored")
        dataset[name] = new
    return dataset


def join_complex(dataset: Any) -> Any:
    """Undo :func:`split_complex` on a dataset read from a file."""
    import xarray as xr

    names = [n for n, v in dataset.variables.items() if v.attrs.get(COMPLEX_ATTR)]
    if not names:
        return dataset
    for name in names:
        old = dataset.variables[name]
        values = np.asarray(old.values)
        attrs = {k: v for k, v in old.attrs.items() if k != COMPLEX_ATTR}
        dims = tuple(d for d in old.dims if d != COMPLEX_DIM)
        axis = old.dims.index(COMPLEX_DIM)
        data = np.take(values, 0, axis=axis) + 1j * np.take(values, 1, axis=axis)
        dataset[name] = xr.Variable(dims, data, attrs=attrs)
    if COMPLEX_DIM in dataset.dims and not any(COMPLEX_DIM in v.dims
                                               for v in dataset.variables.values()):
        dataset = dataset.drop_dims(COMPLEX_DIM)
    return dataset


def save_dataset(dataset: Any, path: str | os.PathLike[str]) -> Path:
    """Write an xarray Dataset with h5netcdf to ``path`` atomically, as valid netCDF4
    (complex arrays split by :func:`split_complex`)."""
    stored = split_complex(dataset)
    return atomic_write(path, lambda tmp: stored.to_netcdf(tmp, engine="h5netcdf"))


def open_dataset(path: str | os.PathLike[str]) -> Any:
    """Read a netCDF/HDF5 file fully into memory (the file is closed on return); complex
    arrays come back complex (also from older files that stored them as HDF5 compound)."""
    import xarray as xr

    if not Path(path).exists():
        raise FileNotFoundError(f"no result file at {path}")
    with xr.open_dataset(path, engine="h5netcdf") as ds:
        return join_complex(ds.load())


def from_xarray(dataset: Any) -> Any:
    """Rebuild whichever cooperlab result class wrote ``dataset``."""
    name = dataset.attrs.get(RESULT_CLASS_ATTR)
    if name is None:
        raise ValueError("dataset carries no cooperlab_result attribute: not a cooperlab result")
    cls = result_class(str(name))
    version = int(dataset.attrs.get(SCHEMA_VERSION_ATTR, 1))
    if version > cls.SCHEMA_VERSION:
        raise ValueError(f"{name} file has schema version {version}; this cooperlab reads "
                         f"up to {cls.SCHEMA_VERSION}: upgrade cooperlab")
    if version < cls.SCHEMA_VERSION:
        dataset = cls.upgrade(dataset, version)
    return cls.from_xarray(dataset)


def result_class(name: str) -> type[Result]:
    """The class a file's registry name (or old dotted path, or alias) refers to."""
    if name in _REGISTRY:
        return _REGISTRY[name]
    package = name.split(".")[0]
    if package in _result_packages():
        _import_modules(package)
        if name in _REGISTRY:
            return _REGISTRY[name]
    try:
        return import_class(name)  # a dotted path written before the registry
    except (ImportError, AttributeError, ValueError):
        raise ValueError(f"unknown result class {name!r} (not registered, not importable)"
                         ) from None


def load(path: str | os.PathLike[str]) -> Any:
    """Load a result saved by :meth:`Result.save` (or a sweep) as the class that wrote it."""
    return from_xarray(open_dataset(path))


def plot(result: Result, ax: Any = None, **kwargs: Any) -> Any:
    """Plot any cooperlab result on matplotlib Axes; returns the Axes.

    A result without a figure raises ``TypeError`` naming the results of its subpackage
    that have one.
    """
    if not isinstance(result, Result):
        raise TypeError(f"cooperlab.plot takes a cooperlab result, got {type(result).__name__}")
    return result.plot(ax=ax, **kwargs)
