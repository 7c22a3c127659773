"""cooperlab: a Python laboratory for superconductors.

Build a model, solve it, get a labelled :class:`~cooperlab.results.Result`::

    import cooperlab as cl
    tbg = cl.moire.ContinuumModel(theta_deg=1.05)
    bands = cl.moire.solve_bands(tbg)
    bands.save("bands.nc"); same = cl.load("bands.nc")
"""

from __future__ import annotations

__version__ = "0.1.0"

from cooperlab import moire
from cooperlab.results import Result, load, plot
from cooperlab.sweep import SweepResult, sweep

__all__ = ["Result", "SweepResult", "__version__", "load", "moire", "plot", "sweep"]
