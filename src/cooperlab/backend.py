"""The array backend of cooperlab's GPU-capable solvers (TDGL films, KPM BdG): numpy, or CuPy
when asked for and importable.

One module decides, so that the physics is written once against ``xp`` (the numpy API).
``backend="auto"`` takes CuPy when it imports and sees a GPU, numpy otherwise;
``backend="cupy"`` without CuPy raises a ``ValueError`` that says so (no silent fallback).
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

import numpy as np

BACKENDS = ("numpy", "cupy", "auto")


def cupy_available() -> bool:
    """True when CuPy imports and reports at least one GPU."""
    try:
        import cupy  # type: ignore[import-not-found]

        return int(cupy.cuda.runtime.getDeviceCount()) > 0
    except Exception:  # ImportError, CUDA driver errors: no usable GPU
        return False


def array_module(backend: str) -> ModuleType:
    """The array module for ``backend`` (``"numpy"``, ``"cupy"`` or ``"auto"``)."""
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {BACKENDS}, got {backend!r}")
    if backend == "numpy" or (backend == "auto" and not cupy_available()):
        return np
    if not cupy_available():
        raise ValueError("backend 'cupy' was requested but CuPy with a GPU is not available "
                         "(pip install cupy-cuda12x on a machine with an NVIDIA GPU)")
    import cupy

    return cupy


def to_numpy(array: Any) -> np.ndarray:
    """A host numpy copy of a numpy or CuPy array."""
    if hasattr(array, "get"):
        return np.asarray(array.get())
    return np.asarray(array)
