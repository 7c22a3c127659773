"""Moved to :mod:`cooperlab.gl.tdgl.protocols`; this path re-exports it (same objects) for
``cooperlab.cli_gl`` until the command line imports the new path."""

from cooperlab.gl.tdgl.protocols import (
    FilmPoint,
    IVCurve,
    MagnetizationCurve,
    film_point,
    iv_curve,
    magnetization_curve,
)

__all__ = ["FilmPoint", "IVCurve", "MagnetizationCurve", "film_point", "iv_curve",
           "magnetization_curve"]
