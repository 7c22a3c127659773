"""``cooperlab info FILE`` and ``cooperlab demo``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from cooperlab.cli.command import fail, run_command


@click.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def info(path: Path, as_json: bool) -> None:
    """Summarise a saved result file."""
    from cooperlab.results import load

    run_command(lambda: load(path), as_json, None)


@click.command()
@click.option("--out-dir", type=click.Path(path_type=Path), default=Path("cooperlab-demo"),
              show_default=True, help="Folder for the figures and data.")
@click.option("--quick", is_flag=True, help="Coarser meshes (for tests).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def demo(out_dir: Path, quick: bool, as_json: bool) -> None:
    """Embedded default study: magic-angle bands, DOS, bandwidth, topology, the dome."""
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
