"""Ginzburg-Landau laboratory: TDGL films, Meissner screening, vortices, nematic GL.

- :class:`FilmModel`, :class:`TDGLOptions`, :func:`solve_film` -> :class:`FilmResult`:
  generalised TDGL of a film of any shape in a perpendicular field, with transport current.
- :func:`magnetization_curve`, :func:`iv_curve`: M(H) and I-V sweeps of a film;
  :func:`animate_film`: a movie of its snapshots.
- :class:`BulkModel`, :func:`bulk_magnetization`: equilibrium M(H) of the vortex lattice.
- :class:`NematicModel`, :func:`nematic_hc2`: in-plane Hc2(phi) of a nematic superconductor.
"""

from __future__ import annotations

from cooperlab.gl.animate import animate as animate_film
from cooperlab.gl.bulk import BulkModel, bulk_magnetization
from cooperlab.gl.film import FilmResult, solve_film
from cooperlab.gl.model import FilmModel, TDGLOptions
from cooperlab.gl.nematic import NematicModel, nematic_hc2
from cooperlab.gl.protocols import iv_curve, magnetization_curve

__all__ = ["BulkModel", "FilmModel", "FilmResult", "NematicModel", "TDGLOptions",
           "animate_film", "bulk_magnetization", "iv_curve", "magnetization_curve",
           "nematic_hc2", "solve_film"]
