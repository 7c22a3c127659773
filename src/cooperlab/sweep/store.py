"""The store of a resumable sweep: manifest, one file per finished point, a writer lock.

    store/manifest.json           what the sweep is: func, model, parameters, grid shape
    store/points/00000012.nc      one finished point (flat C-order index), written atomically
    store/sweep.nc                the merged SweepResult, written at the end
    store/.lock                   held by the one run that writes the store

The lock is an OS file lock (``filelock``): it is released when its holder exits, also on
``kill -9``, so a resumed run starts at once after a crash, while a second run started
beside a live one stops with a one-line error instead of deleting the first run's
half-written files.
"""

from __future__ import annotations

import json
import os
import re
import reprlib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cooperlab.fingerprint import fingerprint
from cooperlab.results import (
    atomic_write,
    open_dataset,
    save_dataset,
)
from cooperlab.sweep.grid import NESTED, SweepGrid
from cooperlab.sweep.points import func_path

if TYPE_CHECKING:
    import xarray as xr

__all__ = ["MANIFEST_FORMAT", "Store", "StoreBusyError", "manifest", "manifest_difference"]

MANIFEST_FORMAT = "cooperlab-sweep-1"
_POINT_FILE = re.compile(r"^(\d{8,})\.nc$")
_SHORT = reprlib.Repr()
_SHORT.maxstring = 80
_SHORT.maxother = 80
_SHORT.maxlist = 8
_SHORT.maxdict = 8


class StoreBusyError(BlockingIOError):
    """Another live run holds the store's lock."""


def write_json(path: Path, data: Any) -> None:
    """Write JSON atomically (temporary file in the same folder, then rename)."""
    atomic_write(path, lambda tmp: Path(tmp).write_text(json.dumps(data, indent=1)))


def manifest(func: Callable[..., Any], model: Any, grid: SweepGrid) -> dict[str, Any]:
    """What the sweep is (its :func:`~cooperlab.fingerprint.fingerprint`): the function, the
    base model, the swept values and the grid shape."""
    return fingerprint(
        model,
        format=MANIFEST_FORMAT,
        func=func_path(func),
        params={n: v.tolist() for n, v in zip(grid.names, grid.values, strict=True)},
        shape=list(grid.shape),
    )


def manifest_difference(
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


class Store:
    """A sweep's folder: manifest, one file per finished point, the merged sweep, a lock.

    Open it with :meth:`open` as a context manager; the lock is held until it closes.
    """

    LOCK_NAME = ".lock"

    def __init__(self, root: Path) -> None:
        self.root = root
        self.points = root / "points"
        self.manifest = root / "manifest.json"
        self.merged = root / "sweep.nc"
        self._lock: Any = None

    @classmethod
    def open(
        cls, path: str | os.PathLike[str], manifest: Mapping[str, Any], swept: Sequence[str]
    ) -> Store:
        """Lock (or create and lock) the store at ``path`` for the sweep ``manifest``.

        Raises
        ------
        StoreBusyError
            Another live process holds the store.
        ValueError
            ``path`` is a file, or the store holds a different sweep.
        """
        store = cls(Path(path))
        if store.root.exists() and not store.root.is_dir():
            raise ValueError(f"store must be a directory, {store.root} is a file")
        store.root.mkdir(parents=True, exist_ok=True)
        store._acquire()
        try:
            store._check_or_write_manifest(manifest, swept)
            store._remove_temporaries()
        except BaseException:
            store.close()
            raise
        return store

    def _acquire(self) -> None:
        from filelock import FileLock, Timeout

        lock = FileLock(self.root / self.LOCK_NAME, timeout=0)
        try:
            lock.acquire()
        except Timeout:
            raise StoreBusyError(
                f"store {self.root} is being written by another running sweep (its lock "
                f"{self.root / self.LOCK_NAME} is held); wait for it or choose another store"
            ) from None
        self._lock = lock

    def close(self) -> None:
        """Release the lock (idempotent)."""
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def _check_or_write_manifest(self, manifest: Mapping[str, Any],
                                 swept: Sequence[str]) -> None:
        if self.manifest.exists():
            stored = json.loads(self.manifest.read_text())
            difference = manifest_difference(stored, manifest, swept)
            if difference:
                raise ValueError(f"store {self.root} holds a different sweep: {difference}")
        elif self.done():
            raise ValueError(f"store {self.root} holds points but no manifest.json")
        else:
            write_json(self.manifest, dict(manifest))
        self.points.mkdir(exist_ok=True)

    def _remove_temporaries(self) -> None:
        """Delete half-written files a killed run left: points, manifest and merged sweep
        (safe under the lock: no other writer is alive)."""
        for folder in (self.points, self.root):
            for leftover in folder.glob(".*.tmp"):
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
