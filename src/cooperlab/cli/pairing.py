"""``cooperlab pairing tc|bcs`` (also top-level ``tc``, ``bcs``): library calls whose keyword
parameters are the options (:func:`~cooperlab.pairing.conventional_tc`, BCS thermodynamics)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from cooperlab import pairing
from cooperlab.cli.command import output_options, run_command
from cooperlab.cli.generate import build, options_from


@click.group("pairing")
def group() -> None:
    """Conventional superconductors: McMillan, Allen-Dynes and Eliashberg T_c, BCS."""


@group.command("tc")
@options_from(pairing.conventional_tc, aliases={"coupling": ("--lambda",),
                                                "alpha2f_file": ("--alpha2f",)})
@output_options
def tc(as_json: bool, out: Path | None, **values: Any) -> None:
    """Superconducting T_c: McMillan, Allen-Dynes or full Eliashberg (JSON key tc_K)."""
    run_command(lambda: build(pairing.conventional_tc, values)[0], as_json, out)


@group.command("bcs")
@options_from(pairing.BCSModel.constant_dos, prefix="model__", aliases={
    "n0_per_eV_nm3": ("--n0",), "london_depth_0_nm": ("--london-depth-nm",)})
@options_from(pairing.solve_bcs_thermodynamics, exclude=("model",))
@output_options
def bcs(as_json: bool, out: Path | None, **values: Any) -> None:
    """BCS thermodynamics: Delta(T), F, S, C, H_c(T), lambda_L(T) (constant DOS)."""
    run_command(lambda: build(pairing.solve_bcs_thermodynamics, values, exclude=("model",), model=(
        build(pairing.BCSModel.constant_dos, values, prefix="model__")[0]))[0], as_json, out)
