"""Qubit spectra as Results: energies, matrix elements, anharmonicity, dispersion, sweeps.

``solve_spectrum(model, options)`` works for every qubit of :mod:`cooperlab.circuits.qubits`;
``spectrum_vs(model, parameter, values)`` computes a whole sweep in one batched pass (charge
basis: one tridiagonal LAPACK call per point; oscillator basis: one stacked ``eigh``); the
same function of one model also runs on :func:`cooperlab.sweep` (``cl.sweep(solve_spectrum,
model, ng=...)``). Energies are ``E / h`` in GHz.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from cooperlab.circuits.qubits import (
    Fluxonium,
    Transmon,
    charge_qubit_eigensystem,
    koch_charge_dispersion_GHz,
    phase_grid,
    phase_qubit_eigensystem,
)
from cooperlab.naming import deprecated_alias, renamed_parameters
from cooperlab.results import Convergence, Result, make_metadata, scalar, variable
from cooperlab.validation import require_choice, require_int

__all__ = [
    "ChargeDispersion",
    "Spectrum",
    "SpectrumOptions",
    "SpectrumSweep",
    "Wavefunctions",
    "charge_dispersion",
    "solve_spectrum",
    "spectrum_vs",
    "transmon_from_junction",
    "wavefunctions",
]


@dataclass(frozen=True)
class SpectrumOptions:
    """How a spectrum is computed.

    Parameters
    ----------
    levels : int
        Eigenstates kept (>= 2).
    method : str
        Phase qubits only: ``"oscillator"`` (harmonic-oscillator basis) or ``"grid"``
        (sinc-DVR phase grid). Charge qubits always use the charge basis.
    grid_points : int
        Phase-grid points for ``method="grid"``.
    """

    levels: int = 6
    method: str = "oscillator"
    grid_points: int = 401

    def __post_init__(self) -> None:
        require_int("levels", self.levels, 2, 10_000)
        require_choice("method", self.method, ("oscillator", "grid"))
        require_int("grid_points", self.grid_points, 16, 20_000)


def _charge_phi(ncut: int) -> np.ndarray:
    """``<m|phi|m'> = i (-1)^(m-m') / (m - m')`` (phi in (-pi, pi)) as its imaginary part."""
    m = np.arange(2 * ncut + 1)
    diff = m[:, None] - m[None, :]
    with np.errstate(divide="ignore"):
        return np.where(diff == 0, 0.0, (-1.0) ** diff / np.where(diff == 0, 1, diff))


def _eigensystem(model: Any, values: np.ndarray | None, name: str, options: SpectrumOptions,
                 vectors: bool) -> tuple[np.ndarray, np.ndarray | None, np.ndarray | None]:
    """Energies (points, levels) and |n|, |phi| matrix elements (points, levels, levels)."""
    if isinstance(model, Transmon):
        ng = None if values is None else values
        energies, states = charge_qubit_eigensystem(model, ng, options.levels, vectors)
        if states is None:
            return energies, None, None
        charges = np.arange(-model.ncut, model.ncut + 1, dtype=float)
        n_el = np.einsum("pbi,b,pbj->pij", states, charges, states)
        phi_el = np.einsum("pai,ab,pbj->pij", states, _charge_phi(model.ncut), states)
        return energies, np.abs(n_el), np.abs(phi_el)
    system = phase_qubit_eigensystem(model, values, options.levels, options.method,
                                     options.grid_points, vectors)
    states = system["vectors"]
    if states is None:
        return system["energies"], None, None
    if system["basis"] == "oscillator":
        n_el = np.einsum("pai,ab,pbj->pij", states, system["n"], states)
        phi_el = np.einsum("pai,ab,pbj->pij", states, system["phi"], states)
    else:
        grid = system["grid"]
        step = grid[1] - grid[0]
        weights = states * np.sqrt(step)
        index = np.arange(grid.size)
        diff = index[:, None] - index[None, :]
        with np.errstate(divide="ignore"):
            deriv = np.where(diff == 0, 0.0, (-1.0) ** diff / (np.where(diff == 0, 1, diff)
                                                              * step))
        n_el = np.einsum("pai,ab,pbj->pij", weights, deriv, weights)
        phi_el = np.einsum("pai,a,paj->pij", weights, grid, weights)
    return system["energies"], np.abs(n_el), np.abs(phi_el)


@dataclass(kw_only=True)
class Spectrum(Result):
    """Eigenenergies and matrix elements of one qubit at one operating point."""

    energies_GHz: np.ndarray = variable(("level",), "GHz", "eigenenergies E_i / h")
    n_matrix: np.ndarray = variable(("level", "level_b"), "", "|<i|n|j>| (Cooper pairs)")
    phi_matrix: np.ndarray = variable(("level", "level_b"), "rad", "|<i|phi|j>|")
    f01_GHz: float = scalar("GHz", "qubit frequency (E_1 - E_0) / h")
    anharmonicity_GHz: float = scalar("GHz", "(E_2 - E_1) - (E_1 - E_0)")

    def summary(self) -> dict[str, Any]:
        """Energies, f01 and anharmonicity for ``--json``."""
        return {"result": "Spectrum", "energies_GHz": np.asarray(self.energies_GHz).tolist(),
                "f01_GHz": float(self.f01_GHz),
                "anharmonicity_GHz": float(self.anharmonicity_GHz),
                "qubit": self.metadata.get("model", {}).get("class", "").rpartition(".")[2]}

    def plot(self, ax: Any = None, **kwargs: Any) -> Any:
        """Level diagram: ``E_i - E_0`` (GHz) as horizontal lines."""
        from cooperlab.plotting.circuits import _axes

        ax = _axes(ax)
        ax.hlines(self.energies_GHz - self.energies_GHz[0], 0, 1, **kwargs)
        ax.set_xticks([])
        ax.set_ylabel("E_i - E_0 (GHz)")
        return ax


def solve_spectrum(model: Transmon | Fluxonium, options: SpectrumOptions | None = None
                   ) -> Spectrum:
    """Qubit spectrum: eigenenergies (GHz), f01, anharmonicity and the matrix elements.

    Eigenenergies, ``|<i|n|j>|``, ``|<i|phi|j>|``, ``f01`` and anharmonicity of ``model``.
    """
    options = options or SpectrumOptions()
    start = time.perf_counter()
    energies, n_el, phi_el = _eigensystem(model, None, "", options, vectors=True)
    e = energies[0]
    levels = e.size
    return Spectrum(
        energies_GHz=e, n_matrix=n_el[0], phi_matrix=phi_el[0], f01_GHz=float(e[1] - e[0]),
        anharmonicity_GHz=float(e[2] - 2 * e[1] + e[0]) if levels > 2 else float("nan"),
        metadata=make_metadata(model=model, options=options,
                               wall_time_s=time.perf_counter() - start,
                               convergence=_basis_report(model, options)))


#: Largest change (GHz) of the kept levels when the basis is halved, for a converged basis.
BASIS_TOLERANCE_GHZ = 1e-6


def _basis_report(model: Any, options: SpectrumOptions) -> Convergence:
    """Cutoff used and how much the kept levels move when the basis is halved."""
    levels = options.levels
    if isinstance(model, Transmon):
        small = dataclasses.replace(model, ncut=max(model.ncut // 2, (levels + 1) // 2 + 1))
        basis, smaller, kind = model.ncut, small.ncut, "charge (ncut)"
        full = charge_qubit_eigensystem(model, None, levels, False)[0]
        half = charge_qubit_eigensystem(small, None, levels, False)[0]
    elif options.method == "grid":
        basis, smaller, kind = options.grid_points, max(options.grid_points // 2, 16), "phase grid"
        full = phase_qubit_eigensystem(model, None, levels, "grid", basis, False)["energies"]
        half = phase_qubit_eigensystem(model, None, levels, "grid", smaller, False)["energies"]
    else:
        small = dataclasses.replace(model, cutoff=max(model.cutoff // 2, levels + 1))
        basis, smaller, kind = model.cutoff, small.cutoff, "oscillator (cutoff)"
        full = phase_qubit_eigensystem(model, None, levels, vectors=False)["energies"]
        half = phase_qubit_eigensystem(small, None, levels, vectors=False)["energies"]
    change = float(np.max(np.abs(full - half)))
    passed = change < BASIS_TOLERANCE_GHZ
    details: dict[str, Any] = (
        {"grid_points": basis, "half_grid_points": smaller} if kind == "phase grid" else
        {"basis_size": basis, "half_basis_size": smaller})
    return Convergence(
        passed=passed,
        criterion="max change (GHz) of the kept levels when the basis is halved",
        achieved=change, target=BASIS_TOLERANCE_GHZ,
        discretisation={"basis": kind, "basis_size": basis, "levels": levels},
        details={**details, "max_change_on_halving_GHz": change, "converged": passed})


@dataclass(kw_only=True)
class SpectrumSweep(Result):
    """Spectrum versus one swept parameter (``metadata["parameter"]`` names it)."""

    values: np.ndarray = variable(("point",), "", "swept parameter value", coordinate=True)
    energies_GHz: np.ndarray = variable(("point", "level"), "GHz", "eigenenergies E_i / h")
    n_matrix: np.ndarray | None = variable(("point", "level", "level_b"), "", "|<i|n|j>|")
    phi_matrix: np.ndarray | None = variable(("point", "level", "level_b"), "rad", "|<i|phi|j>|")

    @property
    def parameter(self) -> str:
        """Name of the swept model field."""
        return str(self.metadata.get("parameter", "value"))

    def summary(self) -> dict[str, Any]:
        """Range of the sweep and the f01 extremes."""
        f01 = self.energies_GHz[:, 1] - self.energies_GHz[:, 0]
        return {"result": "SpectrumSweep", "parameter": self.parameter,
                "points": int(len(self.values)), "f01_min_GHz": float(f01.min()),
                "f01_max_GHz": float(f01.max())}

    def plot(self, ax: Any = None, relative: bool = True, **kwargs: Any) -> Any:
        """Energies (relative to the ground state) versus the swept parameter."""
        from cooperlab.plotting.circuits import plot_spectrum_sweep

        return plot_spectrum_sweep(self, ax=ax, relative=relative, **kwargs)


_FAST_PARAMETER = {Transmon: "ng", Fluxonium: "flux"}


def solve_spectrum_sweep(model: Transmon | Fluxonium, parameter: str, values: Any,
                options: SpectrumOptions | None = None, matrix_elements: bool = False
                ) -> SpectrumSweep:
    """Spectrum of ``model`` versus ``parameter`` (any model field, e.g. ``"ng"``, ``"flux"``,
    ``"EJ"``) at ``values``.

    ``ng`` (charge qubits) and ``flux`` (phase qubits) take the batched fast path (the
    Hamiltonian's fixed parts are built once); other fields rebuild the model per point.
    """
    options = options or SpectrumOptions()
    start = time.perf_counter()
    array = np.atleast_1d(np.asarray(values, dtype=float))
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"values must be a non-empty 1-d array, got shape {array.shape}")
    fields = {f.name for f in dataclasses.fields(model)}
    if parameter not in fields:
        raise ValueError(f"parameter must be a field of {type(model).__name__} "
                         f"({', '.join(sorted(fields))}), got {parameter!r}")
    fast = next((p for cls, p in _FAST_PARAMETER.items() if isinstance(model, cls)), None)
    if parameter == fast:
        dataclasses.replace(model, **{parameter: float(array[0])})  # validates
        energies, n_el, phi_el = _eigensystem(model, array, parameter, options,
                                              matrix_elements)
    else:
        parts = [_eigensystem(dataclasses.replace(model, **{parameter: float(v)}), None,
                              parameter, options, matrix_elements) for v in array]
        energies = np.concatenate([p[0] for p in parts])
        n_el = None if not matrix_elements else np.concatenate([p[1] for p in parts])
        phi_el = None if not matrix_elements else np.concatenate([p[2] for p in parts])
    ends = [_basis_report(dataclasses.replace(model, **{parameter: float(v)}), options)
            for v in dict.fromkeys((float(array[0]), float(array[-1])))]
    convergence = Convergence(
        passed=all(e.passed for e in ends),
        criterion=ends[0].criterion + ", at the first and last swept values",
        achieved=max(e.achieved for e in ends), target=BASIS_TOLERANCE_GHZ,
        discretisation={**ends[0].discretisation, "points": int(array.size)})
    return SpectrumSweep(values=array, energies_GHz=energies, n_matrix=n_el, phi_matrix=phi_el,
                         metadata=make_metadata(model=model, options=options,
                                                wall_time_s=time.perf_counter() - start,
                                                parameter=parameter, convergence=convergence))


@dataclass(kw_only=True)
class ChargeDispersion(Result):
    """Charge dispersion ``eps_m = E_m(n_g = 1/2) - E_m(n_g = 0)`` of a charge qubit."""

    dispersion_GHz: np.ndarray = variable(("level",), "GHz", "E_m(1/2) - E_m(0)")
    koch_asymptotic_GHz: np.ndarray = variable(("level",), "GHz",
                                               "|eps_m| of Koch et al. (2007) Eq. (2.5)")


def solve_charge_dispersion(model: Transmon, levels: int = 3) -> ChargeDispersion:
    """Charge dispersion of the lowest ``levels`` levels and Koch's asymptotic formula."""
    if not isinstance(model, Transmon):
        raise ValueError(f"model must be a Transmon or CooperPairBox, got {type(model).__name__}")
    energies, _ = charge_qubit_eigensystem(model, np.array([0.0, 0.5]), levels, False)
    koch = np.array([koch_charge_dispersion_GHz(model.EJ, model.EC, m) for m in range(levels)])
    return ChargeDispersion(dispersion_GHz=energies[1] - energies[0], koch_asymptotic_GHz=koch,
                            metadata=make_metadata(model=model, convergence=_basis_report(
                                model, SpectrumOptions(levels=max(levels, 2)))))


@dataclass(kw_only=True)
class Wavefunctions(Result):
    """Eigenfunctions ``psi_i(phi)`` on a phase grid with the potential they live in."""

    phi: np.ndarray = variable(("phi",), "rad", "superconducting phase", coordinate=True)
    potential_GHz: np.ndarray = variable(("phi",), "GHz", "potential energy U(phi) / h")
    energies_GHz: np.ndarray = variable(("level",), "GHz", "eigenenergies")
    psi: np.ndarray = variable(("phi", "level"), "rad^-0.5", "eigenfunction psi_i(phi)")

    def plot(self, ax: Any = None, **kwargs: Any) -> Any:
        """Potential and the wavefunctions offset by their energies."""
        from cooperlab.plotting.circuits import plot_wavefunctions

        return plot_wavefunctions(self, ax=ax, **kwargs)


def solve_wavefunctions(model: Transmon | Fluxonium, levels: int = 4, points: int = 401
                  ) -> Wavefunctions:
    """Eigenfunctions in the phase representation (transmon: ``phi`` in (-pi, pi],
    ``psi(phi) = sum_n c_n e^(i n phi) / sqrt(2 pi)`` made real by a global phase;
    fluxonium / rf-SQUID: the sinc-DVR phase-grid solution)."""
    if isinstance(model, Transmon):
        energies, states = charge_qubit_eigensystem(model, None, levels, True)
        phi = np.linspace(-np.pi, np.pi, points)
        charges = np.arange(-model.ncut, model.ncut + 1)
        psi = np.exp(1j * np.outer(phi, charges)) @ states[0] / np.sqrt(2 * np.pi)
        k = np.argmax(np.abs(psi), axis=0)
        psi = np.real(psi * np.exp(-1j * np.angle(psi[k, np.arange(levels)])))
        potential = -model.EJ * np.cos(phi)
        return Wavefunctions(phi=phi, potential_GHz=potential, energies_GHz=energies[0],
                             psi=psi, metadata=make_metadata(model=model, convergence=_basis_report(
                                 model, SpectrumOptions(levels=max(levels, 2)))))
    system = phase_qubit_eigensystem(model, None, levels, "grid", points, True)
    grid, _ = phase_grid(model, points)
    return Wavefunctions(phi=grid, potential_GHz=model.potential(grid),
                         energies_GHz=system["energies"][0], psi=system["vectors"][0],
                         metadata=make_metadata(model=model, convergence=_basis_report(
                             model, SpectrumOptions(levels=max(levels, 2), method="grid",
                                                    grid_points=points))))


@renamed_parameters(T_K="temperature_K")
def solve_transmon_from_junction(tc_K: float | str, rn_ohm: float, capacitance_fF: float,
                           temperature_K: float = 0.0, ng: float = 0.0, ncut: int = 31,
                           levels: int = 6) -> Spectrum:
    """Material -> junction -> qubit in one call.

    ``tc_K`` is a critical temperature (K) or a preset name (``"Al"``, ``"Nb"``...); the
    Ambegaokar-Baratoff ``I_c`` from the BCS gap gives ``E_J``, the capacitance ``E_C``, and
    the transmon spectrum follows. The junction result is in ``metadata["junction"]``.
    """
    from cooperlab.circuits.junction import JunctionModel, solve_junction

    if isinstance(tc_K, str):
        junction = JunctionModel.from_material(tc_K, rn_ohm, temperature_K, capacitance_fF)
    else:
        junction = JunctionModel(tc_K, rn_ohm, temperature_K, capacitance_fF=capacitance_fF)
    jj = solve_junction(junction)
    spectrum = solve_spectrum(Transmon(jj.ej_GHz, jj.ec_GHz, ng, ncut),
                              SpectrumOptions(levels=levels))
    spectrum.metadata["junction"] = jj.summary()
    return spectrum


# Deprecated names (removed in the next release).
charge_dispersion = deprecated_alias(solve_charge_dispersion, "charge_dispersion")
spectrum_vs = deprecated_alias(solve_spectrum_sweep, "spectrum_vs")
transmon_from_junction = deprecated_alias(solve_transmon_from_junction, "transmon_from_junction")
wavefunctions = deprecated_alias(solve_wavefunctions, "wavefunctions")
