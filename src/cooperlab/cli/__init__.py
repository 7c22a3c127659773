"""The ``cooperlab`` command line, generated from the library's models and solvers.

:mod:`~cooperlab.cli.app` holds the top-level group (subcommand groups load lazily, one
module per subpackage), :mod:`~cooperlab.cli.generate` makes options from dataclass fields,
:mod:`~cooperlab.cli.command` runs commands (outputs, errors, sweeps) and
:mod:`~cooperlab.cli.study` runs a study file (``cooperlab run study.yaml``).
"""

from cooperlab.cli.app import main, run

__all__ = ["main", "run"]
