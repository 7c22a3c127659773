"""``cooperlab bdg ...``: BdG films (``BdGModel.from_spec``) and maps of saved states."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from cooperlab import bdg, load
from cooperlab.cli import command as cmd
from cooperlab.cli.generate import build, options_from, parse_range


@click.group("bdg")
def group() -> None:
    """Inhomogeneous superconductors: real-space BdG, KPM, Josephson STM."""


#: Flags of the first CLI (README); BdGOptions.seed (a random start) yields --seed to the disorder.
T, MOMENTS = {"temperature": ("--T",)}, {"n_moments": ("--moments",)}
cmd.solver_command(group, "solve", bdg.solve_bdg, model=bdg.BdGModel.from_spec, plot=True,
                   exclude=("seed",), defaults={"options__progress": None},
                   aliases={"model__temperature": ("--T",), "model__disorder_seed": ("--seed",),
                            "options__n_moments": ("--moments",)})
cmd.solver_command(group, "uniform", bdg.solve_uniform_gap, model=bdg.BdGModel.from_spec,
                   exclude=("V", "disorder", "disorder_seed"),
                   aliases={"model__temperature": ("--T",)})


def saved_state_command(name: str, run: Any, plot: str, kinds: list[str],
                        defaults: dict[str, Any], *extra: Any, help: str) -> None:
    """``bdg NAME RESULT``: ``run(model, state, options, values)`` on a saved ``bdg solve``."""
    @cmd.stacked(group.command(name, help=help), click.argument("result", type=click.Path(
        exists=True, dir_okay=False, path_type=Path)), *extra, options_from(
        bdg.SpectraOptions, prefix="options__", aliases=MOMENTS, defaults=defaults),
        cmd.plot_option(f"Draw --plot-{plot} to this image file."), click.option(
        f"--plot-{plot}", plot, type=click.Choice(kinds), default=kinds[0], show_default=True),
        cmd.output_options)
    def run_saved(result: Path, plot_file: Path | None, as_json: bool, out: Path | None,
                  **values: Any) -> None:
        def action() -> Any:
            state = load(result)
            maps = run(bdg.BdGModel.from_saved(state), state, build(
                bdg.SpectraOptions, values, prefix="options__")[0], values)
            cmd.save_plot(lambda r: r.plot(**{plot: values[plot]}), maps, plot_file)
            return maps

        cmd.run_command(action, as_json, out)


#: Keywords of solve_josephson_map that are not options (the broadening is SpectraOptions').
SAVED = ("model", "state", "sites", "options", "broadening")
saved_state_command("jstm", lambda m, s, o, v: build(
    bdg.solve_josephson_map, v, exclude=SAVED, model=m, state=s, options=o)[0], "quantity",
    ["ic_rn", "superfluid_proxy", "coherence_gap", "pair_potential", "normal_ldos"],
    {"n_moments": 256}, options_from(bdg.solve_josephson_map, exclude=SAVED, aliases=T,
                                     defaults={"temperature": 0.02}),
    help="Josephson-STM maps (I_c R_N, (I_c R_N)^2, R_N, LDOS gap) of a saved BdG state.")
saved_state_command("spectra", lambda m, s, o, v: bdg.solve_local_spectra(
    m, s, parse_range("--energy", v["energy"]), o), "kind", ["gap_map", "spectra", "histogram"],
    {"solver": "kpm"}, click.option("--energy", default="-1.5:1.5:31", show_default=True,
                                    help="LDOS energies START:STOP:COUNT or one value [t]."),
    help="LDOS(r, E) maps and the coherence-peak gap map of a saved BdG state.")

@group.command("disorder-sweep")
@options_from(bdg.BdGModel.from_spec, prefix="model__", exclude=("disorder", "disorder_seed"),
              aliases=T)
@options_from(bdg.DisorderEnsemble, prefix="ensemble__", exclude=("base", "realisation"),
              sweepable=True, defaults={"disorder": "0:2:5"})
@options_from(bdg.solve_disorder_sweep,
              exclude=("ensemble", "disorder", "options", "jstm_temperature"),
              defaults={"realisations": 4})
@options_from(bdg.BdGOptions, prefix="options__", exclude=("seed",), aliases=MOMENTS)
@cmd.stacked(cmd.execution_options, cmd.output_options)
def disorder_sweep(as_json: bool, out: Path | None, **values: Any) -> None:
    """Disorder strength x realisations (dims disorder, realisation) on cooperlab.sweep; with
    --tip-gap the tip is at the sample's --T (at least 0.01 t: the Matsubara sum needs T > 0)."""
    def action() -> Any:
        execution = cmd.execution_from(values, out)
        base = build(bdg.BdGModel.from_spec, values, prefix="model__")[0]
        ensemble, swept = build(bdg.DisorderEnsemble, values, prefix="ensemble__", base=base)
        return bdg.solve_disorder_sweep(
            ensemble, swept.get("disorder", [ensemble.disorder]), values.pop("realisations"),
            build(bdg.BdGOptions, values, prefix="options__")[0], tip_gap=values.pop("tip_gap"),
            jstm_temperature=max(base.temperature, 0.01), **execution)

    cmd.run_command(action, as_json, out)
