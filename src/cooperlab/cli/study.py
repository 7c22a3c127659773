"""``cooperlab run study.yaml``: run a study file (:mod:`cooperlab.study`)."""

from __future__ import annotations

from pathlib import Path

import click

from cooperlab.cli.command import echo_summary, fail


@click.command("run")
@click.argument("study", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), help="Save here, not the study's out.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def run_study(study: Path, out: Path | None, as_json: bool) -> None:
    """Run a study file (YAML: solver, model, options, sweep, execution, out)."""
    from cooperlab.study import run_study

    try:
        result = run_study(study, out)
    except ValueError as error:
        fail(str(error).splitlines()[0])
    echo_summary(result.summary(), as_json)
