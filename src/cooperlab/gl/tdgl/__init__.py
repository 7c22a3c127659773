"""The time-dependent Ginzburg-Landau engine: films on a link-variable lattice.

What a run is made of, one module each:

- :mod:`~cooperlab.gl.tdgl.model`: :class:`FilmModel` (the sample: shape, xi, lambda,
  thickness, field, current; built from a :class:`~cooperlab.gl.material.GLMaterial` by
  :meth:`FilmModel.from_material`) and :class:`TDGLOptions` (how to integrate);
- :mod:`~cooperlab.gl.tdgl.units`: :class:`GLUnits`, physical <-> dimensionless units;
- :mod:`~cooperlab.gl.tdgl.geometry`, :mod:`~cooperlab.gl.tdgl.links`,
  :mod:`~cooperlab.gl.tdgl.periodic`: the grid, the gauge links, periodic cells;
- :mod:`~cooperlab.gl.tdgl.stepper`, :mod:`~cooperlab.gl.tdgl.kernels`,
  :mod:`~cooperlab.gl.tdgl.poisson`, :mod:`~cooperlab.gl.tdgl.screening`: the time step,
  its per-node kernels, the potential solvers and the film's self-field;
- :mod:`~cooperlab.gl.tdgl.film`: :func:`solve_film` -> :class:`FilmResult`, with
  :mod:`~cooperlab.gl.tdgl.checkpoint` (resume) and :mod:`~cooperlab.gl.tdgl.observables`;
- :mod:`~cooperlab.gl.tdgl.protocols` (M(H), I-V) and :mod:`~cooperlab.gl.tdgl.animate`.

The GL physics that is not time-dependent (Meissner, Hc2, the vortex lattice, bulk M(H),
nematic GL, the material) lives one level up, in :mod:`cooperlab.gl`.
"""

from __future__ import annotations

from cooperlab.gl.tdgl.film import FilmResult, solve_film
from cooperlab.gl.tdgl.model import FilmModel, TDGLOptions
from cooperlab.gl.tdgl.units import GLUnits

__all__ = ["FilmModel", "FilmResult", "GLUnits", "TDGLOptions", "solve_film"]
