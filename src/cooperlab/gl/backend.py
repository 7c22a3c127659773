"""The array backend of the GL solvers: :mod:`cooperlab.backend` (shared with the KPM BdG)."""

from cooperlab.backend import BACKENDS, array_module, cupy_available, to_numpy

__all__ = ["BACKENDS", "array_module", "cupy_available", "to_numpy"]
