"""The merged result of a sweep."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from cooperlab.results import (
    METADATA_ATTR,
    RESULT_CLASS_ATTR,
    SCHEMA_VERSION_ATTR,
    Result,
    to_jsonable,
)

if TYPE_CHECKING:
    import xarray as xr

__all__ = ["SweepResult"]

_PROVENANCE_ATTRS = ("cooperlab_version", "created_utc", "wall_time_s")


def _label(array: Any) -> str:
    name = array.attrs.get("long_name") or array.name
    units = array.attrs.get("units")
    return f"{name} ({units})" if units else str(name)


@dataclass(kw_only=True)
class SweepResult(Result, aliases=("cooperlab.sweep.SweepResult",)):
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

    #: The whole content is one Dataset whose variables carry their own dims and units
    #: (what the swept function returned), not a fixed set of declared fields.
    HOLDS_DATASET: ClassVar[bool] = True
    dataset: xr.Dataset

    def _failed_mask(self) -> np.ndarray | None:
        """True where a point's convergence check failed (swept dims), or None."""
        if "converged" not in self.dataset.data_vars:
            return None
        return ~self.dataset["converged"].transpose(*self.swept).values.astype(bool)

    def unconverged(self) -> list[dict[str, Any]]:
        """Parameter values of the points whose convergence check failed (from the
        ``converged`` variable; empty when the points recorded no verdict)."""
        failed = self._failed_mask()
        if failed is None:
            return []
        out = []
        for index in zip(*np.nonzero(failed), strict=True):
            out.append({name: self.dataset[name].values[i].item()
                        for name, i in zip(self.swept, index, strict=True)})
        return out

    @property
    def swept(self) -> tuple[str, ...]:
        """Names of the swept parameters, in dimension order."""
        return tuple(self.metadata.get("params", {}))

    def to_xarray(self) -> xr.Dataset:
        """Return the merged Dataset carrying the class and metadata attributes."""
        dataset = self.dataset.copy()
        attrs = dict(self.dataset.attrs)
        attrs[RESULT_CLASS_ATTR] = self.REGISTRY_NAME
        attrs[SCHEMA_VERSION_ATTR] = self.SCHEMA_VERSION
        attrs[METADATA_ATTR] = json.dumps(to_jsonable(self.metadata))
        attrs.update({k: self.metadata[k] for k in _PROVENANCE_ATTRS if k in self.metadata})
        dataset.attrs = attrs
        return dataset

    @classmethod
    def from_xarray(cls, dataset: xr.Dataset) -> SweepResult:
        """Rebuild a sweep from the Dataset written by :meth:`to_xarray`."""
        metadata = json.loads(dataset.attrs.get(METADATA_ATTR, "{}"))
        merged = dataset.copy()
        drop = {RESULT_CLASS_ATTR, METADATA_ATTR, SCHEMA_VERSION_ATTR, *_PROVENANCE_ATTRS}
        merged.attrs = {k: v for k, v in dataset.attrs.items() if k not in drop}
        return cls(dataset=merged, metadata=metadata)

    def plot(self, ax: Any = None, var: str | None = None, **kwargs: Any) -> Any:
        """Plot ``var`` (default: the first data variable) against a 1-D sweep's parameter.

        A variable with one extra dimension (e.g. ``band``) is drawn as one line per
        entry; points whose convergence check failed are marked with hollow circles
        (labelled "not converged"). Extra keyword arguments go to
        :meth:`matplotlib.axes.Axes.plot`.

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
        lines = ax.plot(x.values, y.values, **kwargs)
        failed = self._failed_mask()
        if failed is not None and failed.any() and var != "converged":
            values = np.asarray(y.values).reshape(len(x), -1)
            for column, line in zip(values.T, lines, strict=False):
                ax.plot(x.values[failed], column[failed], "o", mfc="none",
                        color=line.get_color())
            ax.plot([], [], "o", mfc="none", color="0.3", label="not converged")
            ax.legend(loc="best")
        ax.set_xlabel(_label(x))
        ax.set_ylabel(_label(y))
        return ax

    def summary(self) -> dict[str, Any]:
        """Small JSON-compatible summary: what was swept, over how many points, how fast,
        and (where the points recorded a verdict) which points did not converge."""
        keys = ("func", "executor", "n_points", "n_computed_this_run", "n_reused", "wall_time_s")
        params = {
            name: {"n": len(values), "first": values[0], "last": values[-1]}
            for name, values in self.metadata.get("params", {}).items()
        }
        out = {
            "result": type(self).__name__,
            **{k: self.metadata.get(k) for k in keys},
            "params": params,
            "variables": [str(v) for v in self.dataset.data_vars],
        }
        if self._failed_mask() is not None:
            out["unconverged"] = self.unconverged()
        return to_jsonable(out)


