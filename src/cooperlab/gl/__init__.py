"""Ginzburg-Landau laboratory: TDGL films, Meissner screening, vortices, nematic GL.

- :class:`FilmModel`, :class:`TDGLOptions`, :func:`solve_film` -> :class:`FilmResult`:
  generalised TDGL of a film of any shape in a perpendicular field, with transport current.
"""

from __future__ import annotations

from cooperlab.gl.film import FilmResult, solve_film
from cooperlab.gl.model import FilmModel, TDGLOptions

__all__ = ["FilmModel", "FilmResult", "TDGLOptions", "solve_film"]
