"""cooperlab: a Python laboratory for superconductors.

Build a model, solve it, get a labelled :class:`~cooperlab.results.Result`::

    import cooperlab as cl
    tbg = cl.moire.ContinuumModel(theta_deg=1.05)
    bands = cl.moire.solve_bands(tbg)
    bands.save("bands.nc"); same = cl.load("bands.nc")
    width = cl.run_study("study.yaml")   # a computation recorded in a file

Every subpackage (``cl.moire``, ``cl.pairing``, ``cl.hubbard``, ``cl.bdg``, ``cl.gl``,
``cl.lattice``, ``cl.fluctuations``, ``cl.circuits``, ``cl.plotting``) is reachable as an
attribute right after ``import cooperlab``; each is imported on first use, so the import of
the package itself stays cheap.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

from cooperlab.results import Result, load, plot
from cooperlab.study import run_study
from cooperlab.sweep import Execution, SweepResult, sweep

#: Subpackages imported on first attribute access (PEP 562 module ``__getattr__``).
SUBPACKAGES = ("bdg", "circuits", "fluctuations", "gl", "hubbard", "lattice", "moire",
               "pairing", "plotting")


def __getattr__(name: str) -> Any:
    if name in SUBPACKAGES:
        module = importlib.import_module(f"cooperlab.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'cooperlab' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *SUBPACKAGES])


__all__ = ["Execution", "Result", "SweepResult", "__version__", "load", "plot", "run_study",
           "sweep",
           *SUBPACKAGES]
