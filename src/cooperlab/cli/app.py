"""The ``cooperlab`` command group: one subcommand group per subpackage, loaded lazily.

``cooperlab --help`` imports nothing but this module; a group's module (and the physics it
wraps) is imported only when that group runs. Group names are the subpackages' names;
``tbg`` (moire) and ``rpa`` (fluctuations) are kept as aliases, and ``tc``/``bcs`` as
top-level shortcuts of ``pairing tc``/``pairing bcs``.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import Any

import click

#: Group or command name -> ("module:attribute" of the click object, one-line help).
LAZY_COMMANDS = {
    "moire": ("cooperlab.cli.moire:group", "Twisted bilayer graphene (alias tbg)."),
    "pairing": ("cooperlab.cli.pairing:group", "BCS, Eliashberg and T_c (tc, bcs)."),
    "bdg": ("cooperlab.cli.bdg:group", "Real-space BdG films, Josephson STM, KPM spectra."),
    "gl": ("cooperlab.cli.gl:group", "Ginzburg-Landau and TDGL films, nematic GL."),
    "hubbard": ("cooperlab.cli.hubbard:group", "Hubbard model: ED, DQMC, stripes."),
    "fluctuations": ("cooperlab.cli.fluctuations:group",
                     "Multi-orbital RPA, spin-fluctuation pairing, resonance (alias rpa)."),
    "circuits": ("cooperlab.cli.circuits:group", "Junctions, qubits, quantum engines."),
    "info": ("cooperlab.cli.app:info", "Summarise a saved result file."),
    "demo": ("cooperlab.cli.app:demo", "The embedded default study and report."),
    "run": ("cooperlab.cli.study:run_study", "Run a study file (model, solver, sweep)."),
}
#: Other names of groups and commands: name -> (group, command or None).
ALIASES = {
    "tbg": ("moire", None),
    "rpa": ("fluctuations", None),
    "tc": ("pairing", "tc"),
    "bcs": ("pairing", "bcs"),
}


@click.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def info(path: Path, as_json: bool) -> None:
    """Summarise a saved result file."""
    from cooperlab.cli.command import run_command
    from cooperlab.results import load

    run_command(lambda: load(path), as_json, None)


@click.command()
@click.option("--out-dir", type=click.Path(path_type=Path), default=Path("cooperlab-demo"),
              show_default=True, help="Folder for the figures and data.")
@click.option("--quick", is_flag=True, help="Coarser meshes (for tests).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def demo(out_dir: Path, quick: bool, as_json: bool) -> None:
    """Embedded default study: magic-angle bands, DOS, bandwidth, topology, the dome."""
    from cooperlab.cli.command import fail
    from cooperlab.demo import run_demo

    try:
        written = run_demo(out_dir, quick=quick)
    except ValueError as error:
        fail(str(error).splitlines()[0])
    if as_json:
        click.echo(json.dumps(written))
    else:
        click.echo(f"cooperlab demo wrote {len(written['files'])} files to {out_dir}/:")
        for name in written["files"]:
            click.echo(f"  {name}")


class LazyGroup(click.Group):
    """A click group whose subcommands are imported when first used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(LAZY_COMMANDS)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):  # without importing every group
            formatter.write_dl([(name, LAZY_COMMANDS[name][1]) for name in LAZY_COMMANDS])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target, command = ALIASES.get(name, (name, None))
        if target not in LAZY_COMMANDS:
            return None
        module, attribute = LAZY_COMMANDS[target][0].split(":")
        found = getattr(importlib.import_module(module), attribute)
        if command is not None:
            found = found.get_command(ctx, command)
        return found


@click.group(cls=LazyGroup)
@click.version_option(package_name="cooperlab")
def main() -> None:
    """cooperlab: a laboratory for superconductors.

    Groups follow the library's subpackages (tbg = moire, rpa = fluctuations); every
    option of a model or solver is its field, with units and default in --help.
    """


def run(args: list[str] | None = None) -> Any:
    """Console entry point: click's usage errors become one line naming the option."""
    from cooperlab.cli.command import fail

    try:
        return main.main(args, standalone_mode=False)
    except click.exceptions.Abort:
        fail("aborted")
    except click.UsageError as error:
        fail(error.format_message())
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
