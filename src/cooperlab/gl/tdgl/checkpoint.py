"""The running snapshot file of a TDGL run: one netCDF4/HDF5 file written through h5netcdf.

Every snapshot appends the full state (psi as real and imaginary parts, in float64, so that
a resumed run continues bit for bit), the time, the step count and the observables along an
unlimited ``snapshot`` dimension; the file is closed after each append, so an interrupted
run leaves every finished snapshot readable. The model and options are stored as JSON and
checked on resume: a file written by another problem is refused, not silently continued.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from cooperlab.fingerprint import fingerprint_text
from cooperlab.naming import deprecated_alias
from cooperlab.results import MOVED_MODULES

#: Per-snapshot scalars stored in the file and in :class:`FilmResult`.
SERIES = ("time", "step", "voltage", "probe_voltage", "mean_density", "n_vortices", "moment")


@dataclass
class Snapshot:
    """One saved state and its observables."""

    psi: np.ndarray
    mu: np.ndarray
    values: dict[str, float]
    #: induced vector potential on the x and y links (screened runs), units of xi Bc2
    induced: tuple[np.ndarray, np.ndarray] | None = None


#: Options that do not change the trajectory (a resume may change them).
UNTRACKED_OPTIONS = ("progress", "backend", "kernels", "potential_solver", "solve_time")


def checkpoint_manifest(model: Any, options: Any) -> str:
    """What the run is: model and the options that change the trajectory."""
    return fingerprint_text(model, options, ignore=UNTRACKED_OPTIONS)


def same_run(found: Any, what: str) -> bool:
    """Whether a file's manifest ``found`` is the run ``what``; a manifest written before
    the engine moved to :mod:`cooperlab.gl.tdgl` names the model's and options' classes by
    their old module paths (:data:`cooperlab.results.MOVED_MODULES`) and still matches."""
    if found == what:
        return True
    try:
        record = json.loads(found)
    except (TypeError, ValueError):
        return False
    for key in ("model", "options"):
        part = record.get(key) if isinstance(record, dict) else None
        if isinstance(part, dict) and isinstance(part.get("class"), str):
            module, _, name = part["class"].rpartition(".")
            part["class"] = f"{MOVED_MODULES.get(module, module)}.{name}"
    return json.dumps(record, sort_keys=True) == what


class CheckpointFile:
    """Append-only snapshot store of one run."""

    def __init__(self, path: str | Path, what: str, shape: tuple[int, int],
                 screening: bool = False) -> None:
        self.path = Path(path)
        self.what = what
        self.shape = shape
        self.fields = ("psi_real", "psi_imag", "mu") + (
            ("a_induced_x", "a_induced_y") if screening else ())

    def _create(self) -> None:
        import h5netcdf

        self.path.parent.mkdir(parents=True, exist_ok=True)
        with h5netcdf.File(self.path, "w") as f:
            f.dimensions = {"snapshot": None, "x": self.shape[0], "y": self.shape[1]}
            f.attrs["cooperlab_checkpoint"] = self.what
            for name in self.fields:
                f.create_variable(name, ("snapshot", "x", "y"), float,
                                  chunks=(1, *self.shape))
            for name in SERIES:
                f.create_variable(name, ("snapshot",), float)

    def read(self) -> list[Snapshot]:
        """Every snapshot in the file (empty when there is none); checks the manifest."""
        import h5netcdf

        if not self.path.exists():
            return []
        with h5netcdf.File(self.path, "r") as f:
            found = f.attrs.get("cooperlab_checkpoint")
            if not same_run(found, self.what):
                raise ValueError(f"checkpoint {self.path} was written by another model or "
                                 "options; remove it or give another checkpoint path")
            n = f.dimensions["snapshot"].size
            out = []
            for k in range(n):
                psi = f["psi_real"][k] + 1j * f["psi_imag"][k]
                values = {name: float(f[name][k]) for name in SERIES}
                induced = None
                if "a_induced_x" in self.fields:
                    induced = (np.asarray(f["a_induced_x"][k]), np.asarray(f["a_induced_y"][k]))
                out.append(Snapshot(psi, np.asarray(f["mu"][k]), values, induced))
        return out

    def append(self, snap: Snapshot) -> None:
        """Write one more snapshot (creating the file on the first)."""
        import h5netcdf

        if not self.path.exists():
            self._create()
        with h5netcdf.File(self.path, "a") as f:
            k = f.dimensions["snapshot"].size
            f.resize_dimension("snapshot", k + 1)
            f["psi_real"][k] = snap.psi.real
            f["psi_imag"][k] = snap.psi.imag
            f["mu"][k] = snap.mu
            if snap.induced is not None and "a_induced_x" in self.fields:
                f["a_induced_x"][k] = snap.induced[0]
                f["a_induced_y"][k] = snap.induced[1]
            for name in SERIES:
                f[name][k] = snap.values[name]


# Deprecated names (removed in the next release).
manifest = deprecated_alias(checkpoint_manifest, "manifest")
