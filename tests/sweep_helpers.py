"""Picklable toy model and swept functions for tests/test_sweep.py.

They live in their own importable module so that process-pool and dask workers (which
get this folder on PYTHONPATH) can unpickle them. Fault injection and call counting are
driven by environment variables, which worker processes inherit:

- ``COOPERLAB_TEST_LOG``: file to which :func:`work` appends one line ``a b`` per call
  that got past fault injection (so an interrupted or killed call is not counted);
- ``COOPERLAB_TEST_DELAY``: seconds :func:`work` sleeps per point;
- ``COOPERLAB_TEST_FAULT`` (``interrupt``, ``error``, ``kill``, ``kill-always``) with
  ``COOPERLAB_TEST_FAULT_AT`` (the value of ``a`` that triggers it) and
  ``COOPERLAB_TEST_MARKER`` (a file created atomically: the one-shot faults fire only for
  the call that creates it, so a rerun or a retried task goes through).
"""

from __future__ import annotations

import os
import signal
import time
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
import xarray as xr
from threadpoolctl import threadpool_info

from cooperlab.results import Result, Variable
from cooperlab.validation import require_nonnegative


@dataclass(frozen=True)
class Toy:
    """A toy model: ``a >= 0`` validated on construction, ``b`` free."""

    a: float = field(metadata={"units": "meV", "long_name": "coupling a"})
    b: float = 1.0

    def __post_init__(self) -> None:
        require_nonnegative("a", self.a)


@dataclass(kw_only=True)
class ToyBands(Result):
    """A Result subclass with a ``(k, band)`` array and a ``k`` coordinate."""

    VARIABLES: ClassVar[dict[str, Variable]] = {
        "k": Variable(("k",), "1/nm", "momentum", coordinate=True),
        "energy": Variable(("k", "band"), "meV", "band energy"),
    }
    k: Any = None
    energy: Any = None


def square(model: Toy) -> float:
    """A scalar: ``a**2 + b``."""
    return model.a**2 + model.b


def levels(model: Toy) -> dict[str, Any]:
    """A dict: a ``band`` array, a plain array and a scalar."""
    return {
        "energy": xr.DataArray(model.a * np.arange(3.0) + model.b, dims="band"),
        "raw": np.array([model.a, -model.a]),
        "gap": model.a * model.b,
    }


def dispersion(model: Toy) -> xr.Dataset:
    """A Dataset with an index coordinate ``k``, a scalar copy of ``a`` and attrs."""
    k = np.linspace(-1.0, 1.0, 5)
    energy = xr.DataArray(model.a * k**2 + model.b, dims="k", attrs={"units": "meV"})
    return xr.Dataset({"energy": energy, "a": model.a}, coords={"k": k}, attrs={"note": "x"})


def bands(model: Toy) -> ToyBands:
    """A cooperlab Result."""
    k = np.linspace(0.0, 1.0, 4)
    energy = np.stack([model.a * k, -model.b * k], axis=1)
    return ToyBands(k=k, energy=energy, metadata={"model_a": model.a})


def blas_threads(model: Toy) -> int:
    """The largest thread count of any BLAS/OpenMP pool loaded in this process."""
    return max((pool["num_threads"] for pool in threadpool_info()), default=1)


def worker_pid(model: Toy) -> int:
    """The id of the process that computed the point (to see which pool ran it)."""
    return os.getpid()


def _inject_fault(model: Toy) -> None:
    fault = os.environ.get("COOPERLAB_TEST_FAULT")
    if not fault or float(os.environ["COOPERLAB_TEST_FAULT_AT"]) != model.a:
        return
    if fault != "kill-always":
        try:
            os.close(os.open(os.environ["COOPERLAB_TEST_MARKER"], os.O_CREAT | os.O_EXCL))
        except FileExistsError:
            return
    if fault == "interrupt":
        raise KeyboardInterrupt
    if fault == "error":
        raise RuntimeError(f"injected failure at a={model.a}")
    os.kill(os.getpid(), signal.SIGKILL)


def work(model: Toy) -> dict[str, Any]:
    """:func:`levels` with fault injection, a delay and a call log (see module docstring)."""
    _inject_fault(model)
    time.sleep(float(os.environ.get("COOPERLAB_TEST_DELAY", "0")))
    log = os.environ.get("COOPERLAB_TEST_LOG")
    if log:
        with open(log, "a") as handle:
            handle.write(f"{model.a!r} {model.b!r}\n")
    return levels(model)


@dataclass(kw_only=True)
class ToyFit(Result):
    """A result with a convergence verdict: ``a < 1`` converges."""

    VARIABLES: ClassVar[dict[str, Variable]] = {"value": Variable((), "meV", "fitted value")}
    value: Any = None


def fit(model: Toy) -> ToyFit:
    """``a + b`` with a verdict that fails for ``a >= 1`` (to test unconverged points)."""
    from cooperlab.results import Convergence, make_metadata

    verdict = Convergence(passed=model.a < 1.0, criterion="a < 1", achieved=model.a, target=1.0)
    return ToyFit(value=model.a + model.b, metadata=make_metadata(convergence=verdict))
