"""Parameter sweeps of any function of a model, on any executor, resumable from a store.

A sweep runs ``func(dataclasses.replace(model, **point))`` for every point of the outer
product of the swept parameter values and merges the results into one
:class:`xarray.Dataset` with one dimension per swept parameter (Kwant's ``params=`` idea:
the model's structure stays, only the swept fields change)::

    import numpy as np, cooperlab as cl
    tbg = cl.moire.ContinuumModel(theta_deg=1.05)
    widths = cl.sweep(cl.moire.flat_bandwidth, tbg, theta_deg=np.linspace(0.9, 1.3, 41),
                      store="width_sweep", executor="process")
    widths.to_xarray()                        # dims (theta_deg,)

With ``store`` every finished point is written as it arrives, so an interrupted sweep
(a crash, Ctrl-C, a killed job) resumes where it stopped when started again::

    store/manifest.json           what the sweep is: func, model, parameters, grid shape
    store/points/00000012.nc      one finished point (flat C-order index), written atomically
    store/sweep.nc                the merged SweepResult, written at the end

Executors: ``"serial"`` (in process), ``"process"`` (a local process pool that is
restarted when a worker dies) and ``"dask"`` (a dask.distributed cluster; tasks of a dead
worker are rescheduled by the scheduler). Every worker caps its BLAS threads with
threadpoolctl so that parallel points do not oversubscribe the cores.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import numbers
import os
import re
import reprlib
import signal
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from threadpoolctl import threadpool_limits

from cooperlab.progress import progress_bar
from cooperlab.results import (
    METADATA_ATTR,
    RAGGED_ATTR,
    RESULT_CLASS_ATTR,
    Result,
    atomic_write,
    class_path,
    dataclass_to_dict,
    make_metadata,
    open_dataset,
    save_dataset,
    to_jsonable,
)
from cooperlab.validation import require_choice, require_int

if TYPE_CHECKING:
    import xarray as xr

__all__ = ["MAX_POOL_RESTARTS", "SweepResult", "sweep", "to_point_dataset"]

#: How many times the ``"process"`` executor restarts a broken pool before giving up.
MAX_POOL_RESTARTS = 3

EXECUTORS = ("serial", "process", "dask")
MANIFEST_FORMAT = "cooperlab-sweep-1"
_POINT_DIM = "__cooperlab_point__"
_POINT_FILE = re.compile(r"^(\d{8,})\.nc$")
_PROVENANCE_ATTRS = ("cooperlab_version", "created_utc", "wall_time_s")
_SHORT = reprlib.Repr()
_SHORT.maxstring = 80
_SHORT.maxother = 80
_SHORT.maxlist = 8
_SHORT.maxdict = 8


# -- the grid ---------------------------------------------------------------------------
@dataclass(frozen=True)
class _Grid:
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


def _field(model: Any, name: str) -> dataclasses.Field[Any]:
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


def _replace(model: Any, name: str, value: Any) -> Any:
    """``dataclasses.replace`` along a possibly nested field path."""
    head, _, rest = name.partition(NESTED)
    if not rest:
        return dataclasses.replace(model, **{head: value})
    return dataclasses.replace(model, **{head: _replace(getattr(model, head), rest, value)})


def _make_grid(model: Any, params: Mapping[str, Any]) -> _Grid:
    """Check the swept parameters against the model's fields and build the grid."""
    if not dataclasses.is_dataclass(model) or isinstance(model, type):
        raise TypeError(f"model must be a dataclass instance, got {type(model).__name__}")
    if not params:
        raise ValueError("params: sweep needs at least one parameter to sweep, e.g. a=[0.1, 0.2]")
    values = []
    for name, raw in params.items():
        _field(model, name)
        array = np.asarray(raw)
        if array.ndim != 1 or array.size == 0:
            raise ValueError(
                f"{name} must be a non-empty 1-D array of values, got shape {array.shape}"
            )
        values.append(array)
    return _Grid(tuple(params), tuple(values))


def _grid_models(model: Any, grid: _Grid) -> list[Any]:
    """Build (and so validate) the model of every grid point before any work starts."""
    models = []
    for index in range(grid.size):
        point = model
        for name, value in grid.point(index).items():
            point = _replace(point, name, value)
        models.append(point)
    return models


# -- one point --------------------------------------------------------------------------
def _func_name(func: Callable[..., Any]) -> str:
    name = getattr(func, "__name__", None) or getattr(getattr(func, "func", None), "__name__", "")
    return name if name and name != "<lambda>" else "value"


def _func_path(func: Callable[..., Any]) -> str:
    """Dotted path of ``func``; a ``functools.partial`` also records its bound arguments
    (so a store made with other options is not mistaken for this sweep)."""
    if isinstance(func, functools.partial):
        bound = [repr(a) for a in func.args] + [f"{k}={v!r}" for k, v in func.keywords.items()]
        return f"{_func_path(func.func)}({', '.join(bound)})"
    module = getattr(func, "__module__", None) or type(func).__module__
    name = getattr(func, "__qualname__", None) or type(func).__qualname__
    return f"{module}.{name}"


def _as_variable(name: str, value: Any) -> Any:
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
        return xr.Dataset({str(k): _as_variable(str(k), v) for k, v in value.items()})
    if isinstance(value, numbers.Number | np.generic | np.ndarray):
        return xr.Dataset({name: _as_variable(name, value)})
    raise TypeError(
        f"func returned {type(value).__name__}; a sweep needs a Result, xarray Dataset, "
        "scalar, array or dict of them"
    )


def _run_point(func: Callable[..., Any], model: Any, blas_threads: int | None) -> xr.Dataset:
    """Compute one point with BLAS threads capped (this runs in the worker)."""
    if blas_threads is None:
        value = func(model)
    else:
        with threadpool_limits(limits=blas_threads):
            value = func(model)
    return to_point_dataset(value, _func_name(func))


# -- executors --------------------------------------------------------------------------
@dataclass(frozen=True)
class _RunOptions:
    executor: str
    scheduler: Any
    max_workers: int
    blas_threads: int | None


def _run_options(
    executor: str, scheduler: Any, max_workers: int | None, blas_threads: int | None
) -> _RunOptions:
    require_choice("executor", executor, EXECUTORS)
    if scheduler is not None and executor != "dask":
        raise ValueError(f"scheduler is only used with executor='dask', got executor={executor!r}")
    workers = (os.cpu_count() or 1) if max_workers is None else max_workers
    require_int("max_workers", workers, 1)
    if blas_threads is not None:
        require_int("blas_threads", blas_threads, 1)
    return _RunOptions(executor, scheduler, int(workers), blas_threads)


_Points = Iterator[tuple[int, "xr.Dataset"]]


def _run_serial(
    func: Callable[..., Any], models: Sequence[Any], todo: list[int], options: _RunOptions
) -> _Points:
    for index in todo:
        yield index, _run_point(func, models[index], options.blas_threads)


def _kill_pool(pool: Any) -> None:
    """Stop a process pool now: cancel queued points and terminate running workers."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()
    pool.shutdown(wait=True, cancel_futures=True)


def _run_pool_once(
    func: Callable[..., Any], models: Sequence[Any], todo: set[int], options: _RunOptions
) -> Iterator[tuple[int, Any]]:
    """One process pool over ``todo``: yields ``(index, dataset)``, or ``(-1, error)`` and
    stops when a worker died (the pool is then broken and every pending point is lost)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    pool = ProcessPoolExecutor(
        max_workers=min(options.max_workers, len(todo)),
        mp_context=multiprocessing.get_context("spawn"),
    )
    finished = False
    try:
        futures = {
            pool.submit(_run_point, func, models[i], options.blas_threads): i for i in sorted(todo)
        }
        for future in as_completed(futures):
            error = future.exception()
            if isinstance(error, BrokenProcessPool):
                yield -1, error
                return
            yield futures.pop(future), future.result()
        finished = True
    finally:
        if finished:
            pool.shutdown(wait=True)
        else:
            _kill_pool(pool)


def _run_process(
    func: Callable[..., Any], models: Sequence[Any], todo: list[int], options: _RunOptions
) -> _Points:
    """Process pool; a dead worker breaks the pool, so restart it for the missing points."""
    from concurrent.futures.process import BrokenProcessPool

    missing, restarts = set(todo), 0
    while missing:
        with closing(_run_pool_once(func, models, missing, options)) as points:
            for index, value in points:
                if isinstance(value, BrokenProcessPool):
                    restarts += 1
                    break
                missing.discard(index)
                yield index, value
        if missing and restarts > MAX_POOL_RESTARTS:
            raise BrokenProcessPool(
                f"executor='process': the pool broke {restarts} times (a worker died); "
                f"{len(missing)} points left undone"
            )


@contextmanager
def _dask_client(options: _RunOptions) -> Iterator[Any]:
    """A client for ``options.scheduler``: a given Client, an address, or a LocalCluster."""
    from distributed import Client, LocalCluster

    if isinstance(options.scheduler, Client):
        yield options.scheduler
    elif options.scheduler is None:
        with LocalCluster(
            n_workers=options.max_workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster:
            with Client(cluster) as client:
                yield client
    else:
        with Client(options.scheduler) as client:
            yield client


@contextmanager
def dask_client(scheduler: Any = None, max_workers: int | None = None) -> Iterator[Any]:
    """A dask.distributed client as :func:`sweep` makes one: a given ``Client``, one
    connected to a scheduler address, or a local cluster of ``max_workers`` processes."""
    with _dask_client(_run_options("dask", scheduler, max_workers, None)) as client:
        yield client


def _run_dask(
    func: Callable[..., Any], models: Sequence[Any], todo: list[int], options: _RunOptions
) -> _Points:
    """dask.distributed: tasks of a dead worker are rescheduled by the scheduler."""
    from distributed import as_completed

    with _dask_client(options) as client:
        futures = {
            client.submit(_run_point, func, models[i], options.blas_threads, pure=False): i
            for i in todo
        }
        try:
            for future in as_completed(list(futures)):
                yield futures.pop(future), future.result()
        finally:
            if futures:
                client.cancel(list(futures))


_RUNNERS = {"serial": _run_serial, "process": _run_process, "dask": _run_dask}


# -- the store --------------------------------------------------------------------------
def _write_json(path: Path, data: Any) -> None:
    """Write JSON atomically (temporary file in the same folder, then rename)."""
    atomic_write(path, lambda tmp: Path(tmp).write_text(json.dumps(data, indent=1)))


def _manifest(func: Callable[..., Any], model: Any, grid: _Grid) -> dict[str, Any]:
    return to_jsonable(
        {
            "format": MANIFEST_FORMAT,
            "func": _func_path(func),
            "model": dataclass_to_dict(model),
            "params": {n: v.tolist() for n, v in zip(grid.names, grid.values, strict=True)},
            "shape": list(grid.shape),
        }
    )


def _manifest_difference(
    stored: Mapping[str, Any], wanted: Mapping[str, Any], swept: Sequence[str]
) -> str | None:
    """Name what differs between two manifests (swept fields of the model are ignored)."""

    def without(tree: Any, path: list[str]) -> Any:
        if not isinstance(tree, Mapping):
            return tree
        if len(path) == 1:
            return {k: v for k, v in tree.items() if k != path[0]}
        return {k: (without(v, path[1:]) if k == path[0] else v) for k, v in tree.items()}

    def comparable(manifest: Mapping[str, Any], key: str) -> Any:
        value = manifest.get(key)
        if key == "model" and isinstance(value, Mapping):
            for name in swept:
                value = without(value, name.split(NESTED))
        if key == "params" and isinstance(value, Mapping):
            value = list(value.items())  # the order of the parameters is the order of the dims
        return value

    for key in ("format", "func", "params", "shape", "model"):
        old, new = comparable(stored, key), comparable(wanted, key)
        if json.dumps(old) != json.dumps(new):
            return f"{key} differs (stored {_SHORT.repr(old)}, now {_SHORT.repr(new)})"
    return None


class _InterruptGuard:
    """Raise Ctrl-C (SIGINT) as KeyboardInterrupt at a safe moment, and never lose it.

    While a point is written the interrupt is held back and raised right after the write
    (an interrupt inside HDF5 can surface as an unrelated h5py error and leave noise); an
    interrupt swallowed elsewhere (Python ignores exceptions raised in ``__del__``) is
    raised when the next point arrives. Only active in the main thread with Python's
    default handler installed; otherwise it does nothing.
    """

    def __init__(self) -> None:
        self.interrupted = False
        self.deferring = False
        self._previous: Any = None

    def __enter__(self) -> _InterruptGuard:
        in_main = threading.current_thread() is threading.main_thread()
        if in_main and signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            self._previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *exc_info: Any) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)

    def _handle(self, signum: int, frame: Any) -> None:
        self.interrupted = True
        if not self.deferring:
            raise KeyboardInterrupt

    @contextmanager
    def deferred(self) -> Iterator[None]:
        """Hold interrupts back inside the block; raise a held one when it ends."""
        self.deferring = True
        try:
            yield
        finally:
            self.deferring = False
        self.check()

    def check(self) -> None:
        """Raise KeyboardInterrupt if an interrupt arrived and was lost on the way."""
        if self.interrupted:
            raise KeyboardInterrupt


class _Store:
    """A sweep's folder: manifest, one file per finished point, and the merged sweep."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.points = root / "points"
        self.manifest = root / "manifest.json"
        self.merged = root / "sweep.nc"

    @classmethod
    def open(
        cls, path: str | os.PathLike[str], manifest: Mapping[str, Any], swept: Sequence[str]
    ) -> _Store:
        """Open (or create) the store at ``path`` for the sweep described by ``manifest``."""
        store = cls(Path(path))
        if store.root.exists() and not store.root.is_dir():
            raise ValueError(f"store must be a directory, {store.root} is a file")
        if store.manifest.exists():
            stored = json.loads(store.manifest.read_text())
            difference = _manifest_difference(stored, manifest, swept)
            if difference:
                raise ValueError(f"store {store.root} holds a different sweep: {difference}")
        elif store.done():
            raise ValueError(f"store {store.root} holds points but no manifest.json")
        else:
            store.points.mkdir(parents=True, exist_ok=True)
            _write_json(store.manifest, dict(manifest))
        store.points.mkdir(exist_ok=True)
        store._remove_temporaries()
        return store

    def _remove_temporaries(self) -> None:
        """Delete half-written files a killed run left (a store has one writer at a time)."""
        for leftover in self.points.glob(".*.tmp"):
            leftover.unlink(missing_ok=True)

    def path(self, index: int) -> Path:
        return self.points / f"{index:08d}.nc"

    def done(self) -> set[int]:
        """Flat indices of the points already written."""
        if not self.points.is_dir():
            return set()
        matches = (_POINT_FILE.match(p.name) for p in self.points.iterdir())
        return {int(m.group(1)) for m in matches if m}

    def write(self, index: int, dataset: xr.Dataset) -> None:
        save_dataset(dataset, self.path(index))

    def read(self, index: int) -> xr.Dataset:
        return open_dataset(self.path(index))


# -- merging ----------------------------------------------------------------------------
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


def _unflatten(variable: xr.Variable, grid: _Grid) -> xr.Variable:
    """Replace the stacked point dimension by one dimension per swept parameter."""
    import xarray as xr

    if _POINT_DIM not in variable.dims:
        return xr.Variable(variable.dims, variable.data, attrs=variable.attrs)
    variable = variable.transpose(_POINT_DIM, ...)
    data = np.asarray(variable.data).reshape(grid.shape + variable.shape[1:])
    return xr.Variable(grid.names + variable.dims[1:], data, attrs=variable.attrs)


def _swept_coordinate(model: Any, name: str, values: np.ndarray) -> xr.Variable:
    import xarray as xr

    field_meta = _field(model, name).metadata
    attrs = {key: field_meta[key] for key in ("units", "long_name") if key in field_meta}
    return xr.Variable((name,), values, attrs=attrs)


def _merge_points(datasets: Sequence[xr.Dataset], grid: _Grid, model: Any) -> xr.Dataset:
    """Merge the per-point datasets (flat C order) into one Dataset over the grid.

    Swept dimensions come first, in keyword order; the points' own dimensions (``k``,
    ``band``, ...) follow. Coordinates equal at every point stay unswept; points whose
    index coordinates differ are an error (return such grids as data variables instead).
    """
    import xarray as xr

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
        coords[name] = _swept_coordinate(model, name, values)
    return xr.Dataset(data_vars, coords)


# -- the result -------------------------------------------------------------------------
def _label(array: Any) -> str:
    name = array.attrs.get("long_name") or array.name
    units = array.attrs.get("units")
    return f"{name} ({units})" if units else str(name)


@dataclass(kw_only=True)
class SweepResult(Result):
    """The merged result of :func:`sweep`: one Dataset over the swept parameters.

    Attributes
    ----------
    dataset
        The merged :class:`xarray.Dataset`: one dimension per swept parameter (in the
        order they were given, with their values as coordinates) followed by the
        dimensions of each point's result.
    metadata
        Provenance: ``func`` (dotted path), ``model`` (the base model), ``params`` (swept
        values), ``executor``, ``n_points``, ``n_computed_this_run``, ``n_reused``,
        ``wall_time_s``, ``cooperlab_version``.
    """

    dataset: xr.Dataset

    @property
    def swept(self) -> tuple[str, ...]:
        """Names of the swept parameters, in dimension order."""
        return tuple(self.metadata.get("params", {}))

    def to_xarray(self) -> xr.Dataset:
        """Return the merged Dataset carrying the class and metadata attributes."""
        dataset = self.dataset.copy()
        attrs = dict(self.dataset.attrs)
        attrs[RESULT_CLASS_ATTR] = class_path(self)
        attrs[METADATA_ATTR] = json.dumps(to_jsonable(self.metadata))
        attrs.update({k: self.metadata[k] for k in _PROVENANCE_ATTRS if k in self.metadata})
        dataset.attrs = attrs
        return dataset

    @classmethod
    def from_xarray(cls, dataset: xr.Dataset) -> SweepResult:
        """Rebuild a sweep from the Dataset written by :meth:`to_xarray`."""
        metadata = json.loads(dataset.attrs.get(METADATA_ATTR, "{}"))
        merged = dataset.copy()
        drop = {RESULT_CLASS_ATTR, METADATA_ATTR, *_PROVENANCE_ATTRS}
        merged.attrs = {k: v for k, v in dataset.attrs.items() if k not in drop}
        return cls(dataset=merged, metadata=metadata)

    def plot(self, ax: Any = None, var: str | None = None, **kwargs: Any) -> Any:
        """Plot ``var`` (default: the first data variable) against a 1-D sweep's parameter.

        A variable with one extra dimension (e.g. ``band``) is drawn as one line per
        entry. Extra keyword arguments go to :meth:`matplotlib.axes.Axes.plot`.

        Returns
        -------
        matplotlib.axes.Axes
        """
        if len(self.swept) != 1:
            raise ValueError(f"plot needs a 1-D sweep, this one sweeps {', '.join(self.swept)}")
        names = list(self.dataset.data_vars)
        var = names[0] if var is None else var
        if var not in names:
            raise ValueError(f"var must be one of {', '.join(names)}, got {var!r}")
        x = self.dataset[self.swept[0]]
        y = self.dataset[var].transpose(self.swept[0], ...)
        if y.ndim > 2:
            raise ValueError(f"var {var!r} has dims {y.dims}; plot shows at most one extra dim")
        if ax is None:
            import matplotlib.pyplot as plt

            ax = plt.subplots()[1]
        ax.plot(x.values, y.values, **kwargs)
        ax.set_xlabel(_label(x))
        ax.set_ylabel(_label(y))
        return ax

    def summary(self) -> dict[str, Any]:
        """Small JSON-compatible summary: what was swept, over how many points, how fast."""
        keys = ("func", "executor", "n_points", "n_computed_this_run", "n_reused", "wall_time_s")
        params = {
            name: {"n": len(values), "first": values[0], "last": values[-1]}
            for name, values in self.metadata.get("params", {}).items()
        }
        return to_jsonable(
            {
                "result": type(self).__name__,
                **{k: self.metadata.get(k) for k in keys},
                "params": params,
                "variables": [str(v) for v in self.dataset.data_vars],
            }
        )


# -- the sweep --------------------------------------------------------------------------
def _compute(
    func: Callable[..., Any],
    models: Sequence[Any],
    todo: list[int],
    options: _RunOptions,
    sink: Callable[[int, Any], None],
    bar: Any,
    guard: _InterruptGuard,
) -> int:
    """Run the missing points, handing each to ``sink`` as it arrives; return how many."""
    seen: set[int] = set()
    runner = _RUNNERS[options.executor](func, models, todo, options)
    with closing(runner):
        for index, dataset in runner:
            if index in seen:  # never store a point twice
                continue
            seen.add(index)
            with guard.deferred():
                sink(index, dataset)
            bar.update()
    return len(seen)


def _run_missing(
    func: Callable[..., Any],
    models: Sequence[Any],
    store: _Store | None,
    options: _RunOptions,
    progress: bool | None,
    guard: _InterruptGuard,
) -> tuple[list[xr.Dataset], int]:
    """Compute the points the store lacks; return every point's dataset and how many ran."""
    in_memory: dict[int, Any] = {}
    done = store.done() if store is not None else set()
    todo = [i for i in range(len(models)) if i not in done]
    sink = store.write if store is not None else in_memory.__setitem__
    with progress_bar(len(models), "sweep", progress, initial=len(models) - len(todo),
                      unit="point", leave=True) as bar:
        computed = _compute(func, models, todo, options, sink, bar, guard) if todo else 0
    read = store.read if store is not None else in_memory.__getitem__
    return [read(i) for i in range(len(models))], computed


def sweep(
    func: Callable[[Any], Any],
    model: Any,
    *,
    store: str | os.PathLike[str] | None = None,
    executor: str = "serial",
    scheduler: Any = None,
    max_workers: int | None = None,
    blas_threads: int | None = 1,
    progress: bool | None = None,
    **params: Any,
) -> SweepResult:
    """Run ``func`` over the outer product of swept model parameters.

    Every grid point computes ``func(dataclasses.replace(model, **point))``. All the
    points' models are built (and so validated) before any work starts, so a bad range
    fails at once and writes nothing.

    Parameters
    ----------
    func
        Function of one model returning a :class:`~cooperlab.results.Result`, an
        :class:`xarray.Dataset`, a scalar (stored under ``func.__name__``) or a dict of
        name to scalar or array. With ``executor="process"`` or ``"dask"`` it must be
        importable (defined at module level) by the workers.
    model
        Frozen dataclass model; its non-swept fields are the same at every point.
    store
        Directory for a resumable sweep: each finished point is written there as it
        arrives, a rerun with the same store computes only the missing points, and the
        merged result is written to ``store/sweep.nc``. A store has one client at a time.
    executor
        ``"serial"`` (in this process), ``"process"`` (local process pool of
        ``max_workers``) or ``"dask"`` (dask.distributed).
    scheduler
        For ``executor="dask"``: a scheduler address such as ``"tcp://127.0.0.1:8786"``
        or a ``distributed.Client``; ``None`` starts a local cluster of ``max_workers``
        single-threaded worker processes on the loopback interface.
    max_workers
        Worker processes for ``"process"`` and a local dask cluster (default: CPU count).
    blas_threads
        BLAS/OpenMP threads per point (threadpoolctl), also in serial mode; ``None``
        leaves them alone.
    progress
        Show a tqdm bar over the points; ``None`` shows it when stderr is a terminal.
    **params
        Swept fields of ``model``, each a non-empty 1-D array of values. Their keyword
        order is the order of the result's dimensions.

    Returns
    -------
    SweepResult
        The merged dataset with dims ``(*params, *point dims)`` and provenance.

    Raises
    ------
    ValueError
        An unknown or malformed parameter, an invalid model at some grid point, an
        unknown executor, or a store that holds a different sweep.
    KeyboardInterrupt
        Propagated after shutting the workers down; points already stored stay.
    """
    start = time.perf_counter()
    if not callable(func):
        raise TypeError(f"func must be callable, got {type(func).__name__}")
    options = _run_options(executor, scheduler, max_workers, blas_threads)
    grid = _make_grid(model, params)
    models = _grid_models(model, grid)
    manifest = _manifest(func, model, grid)
    store_ = None if store is None else _Store.open(store, manifest, grid.names)
    with _InterruptGuard() as guard:
        datasets, computed = _run_missing(func, models, store_, options, progress, guard)
        dataset = _merge_points(datasets, grid, model)
        metadata = make_metadata(
            model=model,
            wall_time_s=time.perf_counter() - start,
            func=manifest["func"],
            params=manifest["params"],
            shape=list(grid.shape),
            executor=executor,
            n_points=grid.size,
            n_computed_this_run=computed,
            n_reused=grid.size - computed,
            store=None if store is None else str(store),
        )
        result = SweepResult(dataset=dataset, metadata=metadata)
        if store_ is not None:
            with guard.deferred():
                result.save(store_.merged)
        guard.check()
    return result
