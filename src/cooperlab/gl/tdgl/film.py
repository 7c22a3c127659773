"""Solve the TDGL of a film: :func:`solve_film` -> :class:`FilmResult`.

The run integrates :class:`~cooperlab.gl.tdgl.model.FilmModel` with
:class:`~cooperlab.gl.tdgl.stepper.TDGLStepper`, records observables and snapshots every
``save_every``, appends them to an optional checkpoint file while running, and resumes from
that file (the last snapshot holds the full state, so the continuation is identical to an
uninterrupted run: no step lost or counted twice).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from cooperlab.backend import array_module, to_numpy
from cooperlab.gl.tdgl.checkpoint import SERIES, CheckpointFile, Snapshot, checkpoint_manifest
from cooperlab.gl.tdgl.links import LinkLattice, symmetric_gauge
from cooperlab.gl.tdgl.model import FilmModel, TDGLOptions
from cooperlab.gl.tdgl.observables import (
    magnetic_moment,
    node_current_density,
    probe_voltage,
    terminal_voltage,
    vortex_charges,
    vortex_positions,
)
from cooperlab.gl.tdgl.screening import SheetScreening, field_map, total_link_current
from cooperlab.gl.tdgl.stepper import TDGLStepper
from cooperlab.progress import progress_bar
from cooperlab.results import Convergence, Result, make_metadata, variable


def build_lattice(model: FilmModel, backend: str = "numpy") -> LinkLattice:
    """The film's lattice with the applied field in the symmetric gauge."""
    grid = model.grid()
    tx, ty = symmetric_gauge(grid, model.b)
    return LinkLattice(grid, tx, ty, xp=array_module(backend))


def initial_state(lattice: LinkLattice, init: str, seed: int) -> np.ndarray:
    """psi at t = 0: ``uniform`` (1), ``random`` (random amplitude and phase) or ``normal``."""
    grid = lattice.grid
    rng = np.random.default_rng(seed)
    if init == "uniform":
        psi = np.ones(grid.shape, complex)
    else:
        scale = 1.0 if init == "random" else 1e-3
        psi = scale * rng.random(grid.shape) * np.exp(2j * np.pi * rng.random(grid.shape))
    return psi * (grid.mask & ~grid.terminals)


def observe(lattice: LinkLattice, psi: np.ndarray, mu: np.ndarray, t: float, step: int
            ) -> dict[str, float]:
    """Per-snapshot observables (units: tau0, V0, 1, count, K0 xi^3)."""
    film = lattice.grid.mask & ~lattice.grid.terminals
    return {
        "time": t, "step": float(step),
        "voltage": terminal_voltage(lattice, mu),
        "probe_voltage": probe_voltage(lattice, mu),
        "mean_density": float(np.mean(np.abs(psi[film]) ** 2)),
        "n_vortices": float(np.abs(vortex_charges(lattice, psi)).sum()),
        "moment": magnetic_moment(lattice, psi, mu),
    }


@dataclass(kw_only=True)
class FilmResult(Result):
    """Final state and time series of a TDGL film run.

    Attributes
    ----------
    x, y : coordinates (um); psi : final order parameter; density : |psi|^2;
    mu : electric potential (V0); jx, jy : sheet current density at the nodes (K0);
    mask : film; snapshot_* : the snapshot times, |psi|^2 maps and observables;
    a_induced_x, a_induced_y : induced vector potential on the links (xi Bc2, zero without
    screening); bz : total field through every plaquette (mT, applied + induced).
    """

    RAGGED_DIMS: ClassVar[tuple[str, ...]] = ("vortex",)
    x: np.ndarray = variable(("x",), "um", "x", coordinate=True)
    y: np.ndarray = variable(("y",), "um", "y", coordinate=True)
    psi_real: np.ndarray = variable(("x", "y"), "", "Re psi")
    psi_imag: np.ndarray = variable(("x", "y"), "", "Im psi")
    mu: np.ndarray = variable(("x", "y"), "V0", "electric potential")
    jx: np.ndarray = variable(("x", "y"), "K0", "sheet current density x")
    jy: np.ndarray = variable(("x", "y"), "K0", "sheet current density y")
    mask: np.ndarray = variable(("x", "y"), "", "film mask")
    a_induced_x: np.ndarray = variable(("x", "y"), "xi Bc2", "induced vector potential x (x-links)")
    a_induced_y: np.ndarray = variable(("x", "y"), "xi Bc2", "induced vector potential y (y-links)")
    bz: np.ndarray = variable(("x", "y"), "mT", "total field on plaquette [i, j]")
    snapshot_time: np.ndarray = variable(("snapshot",), "tau0", "time", coordinate=True)
    snapshot_density: np.ndarray = variable(("snapshot", "x", "y"), "", "|psi|^2")
    voltage: np.ndarray = variable(("snapshot",), "V0", "terminal voltage")
    probe_voltage: np.ndarray = variable(("snapshot",), "V0", "four-probe voltage (inner probes)")
    mean_density: np.ndarray = variable(("snapshot",), "", "mean |psi|^2")
    n_vortices: np.ndarray = variable(("snapshot",), "", "vortex count")
    moment: np.ndarray = variable(("snapshot",), "K0 xi^3", "magnetic moment")
    step: np.ndarray = variable(("snapshot",), "", "time steps taken")
    vortices: np.ndarray = variable(("vortex", "vortex_field"), "um", "vortex x, y (um), charge")

    @property
    def psi(self) -> np.ndarray:
        return self.psi_real + 1j * self.psi_imag

    @property
    def density(self) -> np.ndarray:
        return self.psi_real**2 + self.psi_imag**2

    @property
    def model(self) -> FilmModel:
        from cooperlab.results import dataclass_from_dict

        data = dict(self.metadata["model"])
        if data.get("mask") is not None:
            data["mask"] = np.asarray(data["mask"], dtype=bool)
        return dataclass_from_dict(data)

    def lattice(self) -> LinkLattice:
        """The film's lattice with the final link phases (applied + induced field)."""
        lattice = build_lattice(self.model)
        h = lattice.h
        lattice.set_link_phases(lattice.theta_x + self.a_induced_x * h,
                                lattice.theta_y + self.a_induced_y * h)
        return lattice

    def mean_voltage(self, start: float | None = None, *, probes: bool = False) -> float:
        """Time-averaged voltage after ``start`` (default: ``average_from``), V0: between
        the terminals, or with ``probes`` between the inner voltage probes (four-probe)."""
        if start is None:
            frac = self.metadata.get("options", {}).get("average_from", 0.5)
            start = frac * float(self.snapshot_time[-1])
        keep = self.snapshot_time >= start - 1e-12
        return float(np.mean((self.probe_voltage if probes else self.voltage)[keep]))

    def summary(self) -> dict[str, Any]:
        units = self.metadata.get("units", {})
        return {
            "result": type(self).__name__,
            "time_tau0": float(self.snapshot_time[-1]),
            "steps": int(self.step[-1]),
            "n_vortices": int(self.n_vortices[-1]),
            "mean_density": float(self.mean_density[-1]),
            "voltage_uV": self.mean_voltage() * units.get("voltage_unit_uV", float("nan")),
            "probe_voltage_uV": self.mean_voltage(probes=True) * units.get(
                "voltage_unit_uV", float("nan")),
            "moment_K0xi3": float(self.moment[-1]),
            "wall_time_s": self.metadata.get("wall_time_s"),
        }

    def plot(self, ax: Any = None, **kwargs: Any) -> Any:
        """|psi|^2 map with vortices (and the current density as streamlines)."""
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=(5, 4.2))
        density = np.where(self.mask, self.density, np.nan)
        image = ax.pcolormesh(self.x, self.y, density.T, shading="auto", cmap="viridis",
                              vmin=0, vmax=1)
        ax.figure.colorbar(image, ax=ax, label=r"$|\psi|^2$")
        if self.vortices.size:
            ax.plot(self.vortices[:, 0], self.vortices[:, 1], "r+", ms=6)
        ax.set_aspect("equal")
        ax.set_xlabel("x (um)")
        ax.set_ylabel("y (um)")
        return ax


def solve_film(model: FilmModel, options: TDGLOptions | None = None, *,
               checkpoint: str | Path | None = None, resume: bool = True,
               initial_psi: np.ndarray | None = None, max_steps: int | None = None
               ) -> FilmResult:
    """Integrate the generalised TDGL of ``model`` for ``options.solve_time`` (tau0).

    Parameters
    ----------
    model, options
        The film and the integration options.
    checkpoint
        Snapshot file (netCDF4/HDF5) written while running; with ``resume`` an existing
        file of the same run is continued from its last snapshot.
    initial_psi
        Start from this psi instead of ``options.init`` (e.g. a previous solution).
    max_steps
        Stop after this many steps of this call (to simulate an interruption; the
        checkpoint keeps every finished snapshot).

    Returns
    -------
    FilmResult
    """
    options = options or TDGLOptions()
    started = time.perf_counter()
    lattice = build_lattice(model, options.backend)
    xp = lattice.xp
    interval = options.snapshot_interval
    fixed_dt = None
    if options.stabilised_dt is not None:
        fixed_dt = interval / math.ceil(interval / options.stabilised_dt - 1e-9)
    stepper = TDGLStepper(lattice, u=model.u, gamma=model.gamma,
                          current=model.current_dimensionless(), solve_mu=options.solve_mu,
                          cfl=options.cfl, dt_max=options.dt_max,
                          kernels=options.kernels, stabilised_dt=fixed_dt,
                          potential_solver=options.potential_solver)
    screening = SheetScreening(lattice, model.pearl_xi) if options.screening else None
    store = None
    snaps: list[Snapshot] = []
    if checkpoint is not None:
        store = CheckpointFile(checkpoint, checkpoint_manifest(model, options), lattice.grid.shape,
                               screening=options.screening)
        if resume:
            snaps = store.read()
        elif Path(checkpoint).exists():
            Path(checkpoint).unlink()
    if snaps:
        psi_host = snaps[-1].psi
        t, step = snaps[-1].values["time"], int(snaps[-1].values["step"])
        if screening is not None and snaps[-1].induced is not None:
            screening.set_state(*snaps[-1].induced)
    else:
        psi_host = (initial_state(lattice, options.init, options.seed) if initial_psi is None
                    else np.asarray(initial_psi, complex) * lattice.grid.mask)
        t, step = 0.0, 0
    psi = xp.asarray(psi_host)
    k_next = len(snaps) + 1
    total = options.solve_time
    steps_here = 0
    interrupted = False
    with progress_bar(total=int(round(total)), description="TDGL", enabled=options.progress,
                      initial=int(t), unit="tau0") as bar:
        while t < total - 1e-12:
            target = min(k_next * interval, total)
            dt = min(stepper.stable_dt(psi), target - t)
            psi, used = stepper.step(psi, dt)
            t = target if used == target - t else t + used
            step += 1
            steps_here += 1
            if screening is not None and step % options.screening_every == 0:
                screening.update(*total_link_current(lattice, psi, stepper.mu))
            if t >= target - 1e-12:
                mu_host = to_numpy(stepper.mu)
                host = to_numpy(psi)
                induced = None if screening is None else (screening.ax.copy(),
                                                           screening.ay.copy())
                snap = Snapshot(host, mu_host, observe(lattice, host, mu_host, t, step),
                                induced)
                snaps.append(snap)
                if store is not None:
                    store.append(snap)
                k_next += 1
                bar.update(int(t) - bar.n)
            if max_steps is not None and steps_here >= max_steps:
                interrupted = True
                break
    if not snaps:
        host = to_numpy(psi)
        mu_host = to_numpy(stepper.potential_from(psi))
        snaps.append(Snapshot(host, mu_host, observe(lattice, host, mu_host, t, step)))
    final = snaps[-1]
    psi_f = final.psi
    grid = lattice.grid
    zero = np.zeros(grid.shape)
    ax_ind, ay_ind = final.induced if final.induced is not None else (zero, zero)
    screening_info = None
    if screening is not None:
        screening.set_state(ax_ind, ay_ind)
        screening_info = {
            "pearl_length_um": model.pearl_xi * model.xi_um, "gain": screening.gain,
            "relaxation": screening.alpha, "update_every_steps": options.screening_every,
            "self_consistency_residual": screening.residual(
                *total_link_current(lattice, xp.asarray(psi_f), xp.asarray(final.mu)))}
    jx, jy = node_current_density(lattice, psi_f, final.mu)
    s = model.xi_um
    vort = vortex_positions(lattice, psi_f)
    vort[:, :2] *= s
    series = {name: np.array([sn.values[name] for sn in snaps]) for name in SERIES}
    units = model.units
    meta = make_metadata(
        model=model, options=options, wall_time_s=time.perf_counter() - started,
        convergence=Convergence(
            passed=not interrupted,
            criterion="integrated to solve_time (fixed-time run, no steady-state check)",
            achieved=float(t), target=float(total),
            discretisation={"h_xi": grid.h, "nx": grid.shape[0], "ny": grid.shape[1],
                            "dt_max_tau0": options.dt_max, "cfl": options.cfl,
                            "stabilised_dt_tau0": options.stabilised_dt,
                            "steps": int(step)},
            details={"completed": not interrupted, "time_reached_tau0": float(t),
                     "steps": int(step), "steps_this_call": steps_here,
                     "stability_bound_dt": options.cfl * model.u * grid.h**2 / (
                         4.0 * math.sqrt(1.0 + model.gamma**2)),    # at |psi| = 1
                     "screening": screening_info,
                     "kernels": stepper.kernels.kind,
                     "potential_solver": stepper.potential_solver}),
        units={"bc2_mT": units.bc2_mT, "tau0_ns": units.tau0_ns,
               "voltage_unit_uV": units.voltage_unit_uV,
               "current_unit_uA": units.current_unit_uA, "kappa": model.kappa},
        checkpoint=None if checkpoint is None else str(checkpoint),
    )
    return FilmResult(
        x=grid.x * s, y=grid.y * s, psi_real=psi_f.real.copy(), psi_imag=psi_f.imag.copy(),
        mu=final.mu, jx=jx, jy=jy, mask=grid.mask.astype(np.int8),
        a_induced_x=np.asarray(ax_ind), a_induced_y=np.asarray(ay_ind),
        bz=field_map(lattice) * units.bc2_mT,
        snapshot_time=series["time"],
        snapshot_density=np.stack([np.abs(sn.psi) ** 2 for sn in snaps]).astype(np.float32),
        voltage=series["voltage"], probe_voltage=series["probe_voltage"],
        mean_density=series["mean_density"],
        n_vortices=series["n_vortices"], moment=series["moment"], step=series["step"],
        vortices=vort.reshape(-1, 3), metadata=meta,
    )
