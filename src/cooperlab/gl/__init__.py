"""Ginzburg-Landau laboratory: one GL material, its TDGL films, Meissner, Hc2, vortices.

- :class:`GLMaterial` (:mod:`cooperlab.gl.material`): xi, lambda, thickness and T_c of a
  superconductor with kappa, Hc2, Hc, the Pearl length and the GL temperature laws; the
  pairing results make it (``gl_material()`` on BCS, Eliashberg-preset and flat-band TBG
  results) and every GL solver takes it.
- :mod:`cooperlab.gl.tdgl`: the time-dependent engine. :class:`FilmModel`,
  :class:`TDGLOptions`, :func:`solve_film` -> :class:`FilmResult`: generalised TDGL of a
  film of any shape in a perpendicular field, with transport current.
- GL physics: :mod:`~cooperlab.gl.meissner` (screening, N-S surface energy),
  :mod:`~cooperlab.gl.landau` (Hc2), :mod:`~cooperlab.gl.abrikosov` (vortex lattice),
  :mod:`~cooperlab.gl.bulk` (bulk M(H)), :mod:`~cooperlab.gl.nematic` (two-component GL).
- :func:`solve_magnetization_curve`, :func:`solve_iv_curve`: M(H) and I-V sweeps of a film;
  :func:`animate_film`: a movie of its snapshots.
- :class:`BulkModel`, :func:`solve_bulk_magnetization`: equilibrium M(H) of the vortex lattice.
- :class:`NematicModel`, :func:`solve_nematic_hc2`: in-plane Hc2(phi) of a nematic superconductor.
"""

from __future__ import annotations

from cooperlab.gl.bulk import BulkModel, solve_bulk_magnetization
from cooperlab.gl.material import GLMaterial
from cooperlab.gl.nematic import NematicModel, solve_nematic_hc2
from cooperlab.gl.tdgl.animate import animate as animate_film
from cooperlab.gl.tdgl.film import FilmResult, solve_film
from cooperlab.gl.tdgl.model import FilmModel, TDGLOptions
from cooperlab.gl.tdgl.protocols import solve_iv_curve, solve_magnetization_curve

__all__ = ["BulkModel", "FilmModel", "FilmResult", "GLMaterial", "NematicModel", "TDGLOptions",
           "animate_film", "solve_bulk_magnetization", "solve_film", "solve_iv_curve",
           "solve_magnetization_curve", "solve_nematic_hc2"]
