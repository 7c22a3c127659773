"""Experiment protocols on films: the magnetisation curve M(H) and the I-V curve.

Both are sweeps (:func:`cooperlab.sweep`) of one TDGL run per point, so they run serially,
on a process pool or on a dask cluster, resume from their point store, and cap BLAS threads.
Every M(H) point starts from the Meissner state (psi = 1) and relaxes in its field (a
zero-field-cooled branch); every I-V point from psi = 1 at its current.

M(H): the film's moment ``m = (1/2) int r x K dA`` gives the mean magnetisation
``mu0 M = m / (A d)``, which in these units is ``(m / A) Bc2 / kappa^2`` (mT). Read from it:
``H_entry`` (the first field where vortices are inside: the film's penetration field, which
plays Hc1's role for a film) and ``H_upper`` (the first field where superconductivity is gone,
mean |psi|^2 < 1e-3; for a finite film with edges this is the surface-nucleation field
~1.69 Hc2, not the bulk Hc2 of :func:`cooperlab.gl.landau.solve_upper_critical_field`).
The equilibrium M(H) of a bulk sample, with its Hc1, Hc2 and the type-I jump at Hc, is
:func:`cooperlab.gl.bulk.solve_bulk_magnetization` (the vortex lattice at fixed induction).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import numpy as np

from cooperlab.gl.tdgl.film import build_lattice, solve_film
from cooperlab.gl.tdgl.model import FilmModel, TDGLOptions
from cooperlab.naming import deprecated_alias
from cooperlab.results import Convergence, Result, ScalarResult, make_metadata, scalar, variable


@dataclass(kw_only=True)
class FilmPoint(ScalarResult):
    """Observables of one relaxed film (one point of M(H) or I-V)."""

    magnetization_mT: float = scalar("mT", "mean magnetisation mu0 M")
    n_vortices: float = scalar("", "vortices in the film")
    mean_density: float = scalar("", "mean |psi|^2")
    voltage_uV: float = scalar("uV", "time-averaged terminal voltage")
    probe_voltage_uV: float = scalar("uV", "time-averaged four-probe voltage")


def solve_film_point(model: FilmModel, options: TDGLOptions | None = None) -> FilmPoint:
    """Run one film and return its magnetisation, vortex count, density and voltage."""
    options = options or TDGLOptions(solve_time=100.0, progress=False)
    result = solve_film(model, options)
    lattice = build_lattice(model)
    film = lattice.grid.mask & ~lattice.grid.terminals
    area = film.sum() * lattice.h**2
    units = model.units
    magnetization = result.moment[-1] / area * units.bc2_mT / model.kappa**2
    return FilmPoint(magnetization_mT=float(magnetization),
                     n_vortices=float(result.n_vortices[-1]),
                     mean_density=float(result.mean_density[-1]),
                     voltage_uV=result.mean_voltage() * units.voltage_unit_uV,
                     probe_voltage_uV=result.mean_voltage(probes=True) * units.voltage_unit_uV,
                     metadata=make_metadata(model=model, options=options,
                                            convergence=result.convergence))


@dataclass(kw_only=True)
class MagnetizationCurve(Result):
    """M(H) of a film, with the vortex-entry and upper fields read from it."""

    field_mT: np.ndarray = variable(("field_mT",), "mT", "applied field", coordinate=True)
    magnetization_mT: np.ndarray = variable(("field_mT",), "mT", "mean magnetisation mu0 M")
    n_vortices: np.ndarray = variable(("field_mT",), "", "vortices in the film")
    mean_density: np.ndarray = variable(("field_mT",), "", "mean |psi|^2")
    h_entry_mT: float = scalar("mT", "first field with vortices (film's Hc1)")
    h_upper_mT: float = scalar("mT", "first field without superconductivity")

    def summary(self) -> dict[str, Any]:
        return {"result": type(self).__name__, "h_entry_mT": float(self.h_entry_mT),
                "h_upper_mT": float(self.h_upper_mT),
                "min_magnetization_mT": float(self.magnetization_mT.min()),
                "points": int(self.field_mT.size)}

    def plot(self, ax: Any = None, **kwargs: Any) -> Any:
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots()
        ax.plot(self.field_mT, self.magnetization_mT, "o-")
        for value, label in ((self.h_entry_mT, "H_entry"), (self.h_upper_mT, "H_upper")):
            if np.isfinite(value):
                ax.axvline(value, ls=":", color="gray")
                ax.text(value, 0, label, rotation=90, va="bottom")
        ax.set_xlabel("applied field (mT)")
        ax.set_ylabel(r"$\mu_0 M$ (mT)")
        return ax


def _first(field: np.ndarray, condition: np.ndarray) -> float:
    hits = np.flatnonzero(condition)
    return float(field[hits[0]]) if hits.size else float("nan")


def _fixed_time(model: FilmModel, options: TDGLOptions, points: int) -> Convergence:
    """Convergence of a curve of film runs: every point integrated for ``solve_time``."""
    return Convergence(
        passed=True, criterion="every point integrated to solve_time (fixed-time runs, "
                               "no steady-state check)",
        achieved=options.solve_time, target=options.solve_time,
        discretisation={"grid_xi": model.grid_xi, "dt_max_tau0": options.dt_max,
                        "cfl": options.cfl, "stabilised_dt_tau0": options.stabilised_dt,
                        "points": points})


def solve_magnetization_curve(model: FilmModel, fields_mT: Any, options: TDGLOptions | None = None,
                        **sweep_kwargs: Any) -> MagnetizationCurve:
    """Magnetisation curve M(H) of a film, a sweep of the field (cooperlab.sweep keywords:
    ``executor=``, ``scheduler=``, ``store=``)."""
    from cooperlab.sweep import sweep

    options = options or TDGLOptions(solve_time=100.0, progress=False)
    fields = np.asarray(fields_mT, float)
    result = sweep(functools.partial(solve_film_point, options=options), model,
                   field_mT=fields, **sweep_kwargs)
    ds = result.to_xarray()
    m = ds["magnetization_mT"].values
    n = ds["n_vortices"].values
    d = ds["mean_density"].values
    meta = make_metadata(model=model, options=options, sweep=result.metadata,
                         convergence=_fixed_time(model, options, fields.size))
    return MagnetizationCurve(field_mT=fields, magnetization_mT=m, n_vortices=n,
                              mean_density=d, h_entry_mT=_first(fields, n > 0),
                              h_upper_mT=_first(fields, d < 1e-3), metadata=meta)


@dataclass(kw_only=True)
class IVCurve(Result):
    """Time-averaged voltage of a strip versus current: four-probe and between terminals.

    ``probe_voltage_uV`` is measured between two lines across the strip
    (``FilmModel.probe_um`` apart, centred), away from the normal terminals: zero while the
    current between them is a supercurrent, then the flux-flow / phase-slip branch, and
    ``I R_n`` in the normal state with ``R_n = R_s L / W`` (``R_s = 1 / (sigma d)``,
    ``normal_resistance_ohm``). ``voltage_uV`` is the terminal voltage, which adds the
    resistance of the normal contact regions (psi = 0 at the terminals) at every current.
    ``critical_current_uA``: the smallest |I| whose four-probe voltage exceeds
    ``threshold`` times ``|I| R_n`` (NaN when none does).
    """

    current_uA: np.ndarray = variable(("current_uA",), "uA", "transport current", coordinate=True)
    voltage_uV: np.ndarray = variable(("current_uA",), "uV", "time-averaged terminal voltage")
    probe_voltage_uV: np.ndarray = variable(("current_uA",), "uV",
                                            "time-averaged four-probe voltage")
    n_vortices: np.ndarray = variable(("current_uA",), "", "vortices at the end")
    normal_resistance_ohm: float = scalar("ohm", "R_s L / W between the probes")
    critical_current_uA: float = scalar("uA", "first current with four-probe voltage")

    def summary(self) -> dict[str, Any]:
        return {"result": type(self).__name__, "points": int(self.current_uA.size),
                "max_voltage_uV": float(np.max(self.voltage_uV)),
                "max_probe_voltage_uV": float(np.max(self.probe_voltage_uV)),
                "normal_resistance_ohm": float(self.normal_resistance_ohm),
                "critical_current_uA": float(self.critical_current_uA)}

    def plot(self, ax: Any = None, **kwargs: Any) -> Any:
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots()
        ax.plot(self.current_uA, self.probe_voltage_uV, "o-", label="four-probe")
        ax.plot(self.current_uA, self.voltage_uV, "s:", color="gray", label="terminals")
        ax.plot(self.current_uA, self.current_uA * self.normal_resistance_ohm, "k--", lw=0.8,
                label=r"$I R_n$")
        ax.set_xlabel("current (uA)")
        ax.set_ylabel("voltage (uV)")
        ax.legend()
        return ax


def critical_current(currents: np.ndarray, voltages: np.ndarray, resistance: float,
                     threshold: float = 0.01) -> float:
    """Smallest |I| with ``|V| > threshold |I| R`` (the voltage criterion), NaN if none."""
    on = np.abs(voltages) > threshold * np.abs(currents) * resistance
    return float(np.min(np.abs(currents[on]))) if on.any() else float("nan")


def solve_iv_curve(model: FilmModel, currents_uA: Any, options: TDGLOptions | None = None,
             *, threshold: float = 0.01, **sweep_kwargs: Any) -> IVCurve:
    """I-V curve of a strip, a sweep of the current: four-probe and terminal voltage, the
    normal resistance and the critical current (cooperlab.sweep keywords)."""
    from cooperlab.gl.tdgl.observables import probe_geometry
    from cooperlab.sweep import sweep

    if model.shape != "strip":
        raise ValueError(f"iv_curve needs shape='strip' (terminals), got {model.shape!r}")
    options = options or TDGLOptions(solve_time=100.0, progress=False)
    currents = np.asarray(currents_uA, float)
    result = sweep(functools.partial(solve_film_point, options=options), model,
                   current_uA=currents, **sweep_kwargs)
    ds = result.to_xarray()
    distance, width = probe_geometry(build_lattice(model))
    units = model.units
    resistance = distance / width * units.voltage_unit_uV / units.current_unit_uA
    probe = ds["probe_voltage_uV"].values
    return IVCurve(current_uA=currents, voltage_uV=ds["voltage_uV"].values,
                   probe_voltage_uV=probe, n_vortices=ds["n_vortices"].values,
                   normal_resistance_ohm=resistance,
                   critical_current_uA=critical_current(currents, probe, resistance,
                                                        threshold),
                   metadata=make_metadata(model=model, options=options, sweep=result.metadata,
                                          convergence=_fixed_time(model, options, currents.size),
                                          probe_distance_um=distance * model.xi_um,
                                          probe_width_um=width * model.xi_um,
                                          threshold=threshold))


# Deprecated names (removed in the next release).
film_point = deprecated_alias(solve_film_point, "film_point")
iv_curve = deprecated_alias(solve_iv_curve, "iv_curve")
magnetization_curve = deprecated_alias(solve_magnetization_curve, "magnetization_curve")
