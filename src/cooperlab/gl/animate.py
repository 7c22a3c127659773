"""Moved to :mod:`cooperlab.gl.tdgl.animate`; this path re-exports it (same object) for
``cooperlab.cli_gl`` until the command line imports the new path."""

from cooperlab.gl.tdgl.animate import animate

__all__ = ["animate"]
