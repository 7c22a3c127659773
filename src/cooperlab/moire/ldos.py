"""Local density of states of twisted bilayer graphene and simulated STM spectra.

Bloch states of the continuum model are envelopes
``psi_{l,s}(r) = A_cell^{-1/2} sum_Q c_{l,Q,s} e^{i (k - Q) . r}`` (layer l, sublattice s),
normalised on the moire cell, so the local density of states

    LDOS(r, E) = 4 (1/N_k) sum_{n,k} |psi_nk(r)|^2 delta(E - E_nk)   [1/(meV nm^2)]

(4 = spin x valley; valley K' by time reversal has the same |psi|^2) integrates over the
cell to the DOS per cell: the sum rule tested in tests/moire/test_ldos.py.

Named positions, fractions of the moire lattice vectors ``a_1, a_2`` (``a_i . b_j = 2 pi
delta_ij``): AA (0, 0), where the interlayer tunnelling is ``3 w0`` on both sublattices;
AB (1/3, 2/3), where it couples A of layer 1 to B of layer 2 only; BA (2/3, 1/3); and DW
(1/2, 0), the saddle point on the domain wall between AB and BA.

STM (Tersoff-Hamann): the tip, a normal metal at temperature T, measures
``dI/dV(V) ~ int LDOS(r_tip, E) [-f'(E - mu - eV)] dE`` convolved with the lock-in kernel
of a sinusoidal modulation of amplitude ``V_m``,
``K(x) = 2 sqrt(V_m^2 - x^2) / (pi V_m^2)`` for ``|x| < V_m``. The chemical potential mu is
set by the gate filling nu through the same broadened spectrum (so the occupied part of the
cell-averaged spectrum holds exactly the electrons the gate added).
"""

from __future__ import annotations

import functools
import math
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from cooperlab.moire import lattice
from cooperlab.moire.bands import band_window, diagonalize, require_bands
from cooperlab.moire.continuum import ContinuumModel
from cooperlab.moire.dos import SPIN_DEGENERACY
from cooperlab.naming import deprecated_alias
from cooperlab.numerics.filling import solve_chemical_potential
from cooperlab.numerics.occupations import fermi_dirac, fermi_dirac_derivative
from cooperlab.numerics.spectral_density import broadened_density
from cooperlab.results import Convergence, Result, field_label, make_metadata, scalar, variable
from cooperlab.sweep.result import SweepResult
from cooperlab.units import K_B_MEV_PER_K
from cooperlab.validation import (
    require_choice,
    require_int,
    require_nonnegative,
    require_positive,
    require_range,
)

#: Named positions in fractions of the moire lattice vectors a_1, a_2.
POSITIONS: dict[str, tuple[float, float]] = {
    "AA": (0.0, 0.0),
    "AB": (1.0 / 3.0, 2.0 / 3.0),
    "BA": (2.0 / 3.0, 1.0 / 3.0),
    "DW": (0.5, 0.0),
}
VALLEYS = 2
DEGENERACY_BELOW = SPIN_DEGENERACY * VALLEYS
#: At the ends of the filling range (empty or full bands) mu is placed where this fraction
#: of one electron per cell is missing (present).
EDGE_FRACTION = 1e-6


def lattice_vectors() -> np.ndarray:
    """Moire lattice vectors ``a_1, a_2`` (rows) in units of ``1 / k_theta``."""
    return 2 * np.pi * np.linalg.inv(lattice.RECIPROCAL_VECTORS).T


def position_nm(model: ContinuumModel, name: str) -> np.ndarray:
    """Cartesian position (nm) of a named stacking region."""
    require_choice("position", name, tuple(POSITIONS))
    f1, f2 = POSITIONS[name]
    a = lattice_vectors() / model.k_theta_per_nm
    return f1 * a[0] + f2 * a[1]


@dataclass(frozen=True)
class LDOSOptions:
    """Options of :func:`solve_ldos` and :func:`solve_stm_spectrum`.

    Parameters
    ----------
    n_mesh : int
        ``n_mesh x n_mesh`` k mesh.
    bands : "flat", "all" or int
        Bands included.
    broadening_meV : float
        Gaussian standard deviation of each state (the energy resolution of the LDOS).
    n_energy : int
        Points of the energy grid (spanning the included bands plus a margin).
    layer : int or None
        0 or 1 for one layer (the top layer is what a tip sees most), None for both.
    """

    n_mesh: int = 18
    bands: str | int = "flat"
    broadening_meV: float = 0.3
    n_energy: int = 801
    layer: int | None = None

    def __post_init__(self) -> None:
        require_int("n_mesh", self.n_mesh, 2, 500)
        require_bands(self.bands)
        require_positive("broadening_meV", self.broadening_meV, "meV")
        require_int("n_energy", self.n_energy, 2)
        if self.layer not in (None, 0, 1):
            raise ValueError(f"layer must be 0, 1 or None, got {self.layer!r}")


def envelopes(model: ContinuumModel, vectors: np.ndarray, r_nm: np.ndarray,
              valley: int = 1) -> np.ndarray:
    """Envelopes ``sum_Q c_{l,Q,s} e^{-i v Q.r}`` of states ``(n_k, dim, n_b)`` at points
    ``(n_r, 2)`` nm, ``(n_k, n_r, layer, sublattice, n_b)`` (times ``A_cell^{-1/2}``).

    Valley K' states are stored as time-reversed partners (``H_K'(k) = H_K(-k)^*``), whose
    periodic parts carry ``e^{+i Q.r}``: hence the sign ``v`` (+1 for K, -1 for K').
    """
    basis = model.basis
    q_nm = basis.q_points * model.k_theta_per_nm
    phases = np.exp(-1j * valley * q_nm @ np.asarray(r_nm, dtype=float).T)  # (n_q, n_r)
    coefficients = vectors.reshape(vectors.shape[0], basis.n_q, 2, -1)  # (k, q, s, n)
    return np.stack([
        np.einsum("kqsn,qr->krsn", coefficients[:, basis.layer == which],
                  phases[basis.layer == which])
        for which in (0, 1)
    ], axis=2)


def _amplitudes(model: ContinuumModel, vectors: np.ndarray, r_nm: np.ndarray,
                layer: int | None) -> np.ndarray:
    """``sum_{l,s} |psi(r)|^2`` (1/nm^2) of states ``(n_k, dim, n_b)`` at points ``(n_r, 2)``."""
    density = np.abs(envelopes(model, vectors, r_nm)) ** 2  # (k, r, l, s, n)
    layers = (0, 1) if layer is None else (layer,)
    return density[:, :, list(layers)].sum(axis=(2, 3)) / model.moire_cell_area_nm2


def _cell_weights(model: ContinuumModel, vectors: np.ndarray, layer: int | None) -> np.ndarray:
    """Cell average of ``|psi|^2`` over the chosen layer(s) (1/nm^2), ``(n_k, n_b)``."""
    if layer is None:
        share = np.ones(vectors.shape[::2])
    else:
        mask = np.repeat(model.basis.layer == layer, 2)
        share = np.sum(np.abs(vectors[:, mask, :]) ** 2, axis=1)
    return share / model.moire_cell_area_nm2


@dataclass(kw_only=True)
class LocalDensityOfStates(Result):
    """LDOS at positions versus energy, and the DOS per area it averages to."""

    ldos: np.ndarray = variable(("position", "energy"), "1/(meV nm^2)", "local density of states")
    dos_per_area: np.ndarray = variable(("energy",), "1/(meV nm^2)", "DOS per area (cell average)")
    x_nm: np.ndarray = variable(("position",), "nm", "x", coordinate=True)
    y_nm: np.ndarray = variable(("position",), "nm", "y", coordinate=True)
    position: np.ndarray = variable(("position",), "", "position name", coordinate=True)
    energy: np.ndarray = variable(("energy",), "meV", "energy", coordinate=True)

    def peak_ratio(self, first: str = "AA", second: str = "AB") -> float:
        """Ratio of the LDOS maxima (over energy) at two named positions."""
        names = [str(p) for p in self.position]
        return float(self.ldos[names.index(first)].max() / self.ldos[names.index(second)].max())

    def summary(self) -> dict[str, Any]:
        """Peak LDOS per position and the AA/AB ratio, for ``--json``."""
        names = [str(p) for p in self.position]
        out: dict[str, Any] = {
            "result": "LocalDensityOfStates",
            "peak_ldos_per_meV_nm2": {n: float(v.max()) for n, v in zip(names, self.ldos,
                                                                            strict=True)},
        }
        if {"AA", "AB"} <= set(names):
            out["aa_over_ab"] = self.peak_ratio()
        return out

    def plot(self, ax: Any = None, **kwargs: Any) -> Any:
        """LDOS spectra at each position."""
        from cooperlab.plotting import new_axes

        ax = new_axes(ax)
        for name, row in zip(self.position, self.ldos, strict=True):
            ax.plot(self.energy, row, label=str(name), **kwargs)
        ax.set_xlabel("E (meV)")
        ax.set_ylabel("LDOS (1 / meV nm²)")
        ax.legend()
        return ax


def _states(model: ContinuumModel, options: LDOSOptions) -> tuple[np.ndarray, np.ndarray]:
    """Bands and states on the options' mesh (see :func:`_mesh_states`)."""
    return _mesh_states(model, options.n_mesh, options.bands)


@functools.lru_cache(maxsize=4)
def _mesh_states(model: ContinuumModel, n_mesh: int,
                 bands: str | int) -> tuple[np.ndarray, np.ndarray]:
    """Bands and states on the mesh, cached per process and keyed by what they depend on
    only, so a filling sweep or a change of broadening, layer or tip reuses them."""
    mesh = lattice.monkhorst_pack(n_mesh).reshape(-1, 2)
    solved = diagonalize(model, mesh, bands=bands, valleys=(1,), vectors=True)
    return solved.energy[0], solved.vectors[0]


def solve_ldos(
    model: ContinuumModel,
    positions: tuple[str, ...] | np.ndarray = ("AA", "AB", "BA", "DW"),
    options: LDOSOptions | None = None,
) -> LocalDensityOfStates:
    """LDOS(r, E) at named positions (or points ``(n, 2)`` in nm) and the cell-averaged DOS."""
    options = options or LDOSOptions()
    start = time.perf_counter()
    if isinstance(positions, tuple | list) and all(isinstance(p, str) for p in positions):
        names = np.array(positions)
        r_nm = np.array([position_nm(model, p) for p in positions])
    else:
        r_nm = np.asarray(positions, dtype=float).reshape(-1, 2)
        if not np.all(np.isfinite(r_nm)):
            raise ValueError("positions must be names or finite points (n, 2) in nm")
        names = np.array([f"r{i}" for i in range(len(r_nm))])
    energy, vectors = _states(model, options)
    weights = _amplitudes(model, vectors, r_nm, options.layer)  # (k, r, n)
    pad = 5 * options.broadening_meV
    grid = np.linspace(energy.min() - pad, energy.max() + pad, options.n_energy)
    per_state = SPIN_DEGENERACY * VALLEYS / energy.shape[0]
    ldos = np.array([
        broadened_density(energy, grid, options.broadening_meV, "gaussian", per_state,
                          weights[:, i, :])[0]
        for i in range(len(r_nm))
    ])
    dos = broadened_density(energy, grid, options.broadening_meV, "gaussian", per_state,
                            _cell_weights(model, vectors, options.layer))[0]
    return LocalDensityOfStates(
        ldos=ldos,
        dos_per_area=dos,
        x_nm=r_nm[:, 0], y_nm=r_nm[:, 1], position=names, energy=grid,
        metadata=make_metadata(
            model=model, options=options, wall_time_s=time.perf_counter() - start,
            convergence=Convergence(
                passed=True, criterion="complete diagonalisation on the k mesh (Gaussian "
                                       "broadening sets the energy resolution)",
                discretisation={"n_mesh": options.n_mesh, "bands": options.bands,
                                "broadening_meV": options.broadening_meV,
                                "n_energy": options.n_energy, "cutoff": model.cutoff},
                details={"n_mesh": options.n_mesh, "broadening_meV": options.broadening_meV}),
        ),
    )


def broadened_chemical_potential(energy: np.ndarray, bands_below: int, nu: float,
                                 temperature_K: float, broadening_meV: float,
                                 degeneracy: int = DEGENERACY_BELOW) -> float:
    """Chemical potential (meV) at filling ``nu`` of the broadened spectrum, T in K.

    Each state of ``energy`` ``(n_k, n_b)`` is a Gaussian of width ``broadening_meV`` (the
    same spectral function the LDOS and STM use) holding ``degeneracy`` electrons (4 for
    spin x valley bands, 1 for mean-field levels), occupied with the Fermi function, so the
    spectrum below mu holds exactly the electrons the gate put in; ``bands_below`` columns
    lie below neutrality.
    """
    t = K_B_MEV_PER_K * max(temperature_K, 1e-6)
    pad = 8 * broadening_meV + 40 * t
    grid = np.linspace(energy.min() - pad, energy.max() + pad, 4001)
    dos = broadened_density(energy, grid, broadening_meV, "gaussian",
                            degeneracy / energy.shape[0])[0]
    lo, hi = -degeneracy * bands_below, degeneracy * (energy.shape[1] - bands_below)
    if not lo <= nu <= hi:
        raise ValueError(f"nu must lie in [{lo:g}, {hi:g}] for these bands, got {nu}")
    # Empty or full bands: mu where all but EDGE_FRACTION of a state is empty (full), just
    # outside the broadened spectrum (the gap to the next bands is not in the model).
    nu = min(max(nu, lo + EDGE_FRACTION), hi - EDGE_FRACTION)

    def filling(mu: float) -> float:
        occupation = fermi_dirac(grid - mu, t)
        return float(np.trapezoid(dos * occupation, grid)) - degeneracy * bands_below

    # The bracket is the grid (the root lies inside after the clamp above); tolerances as
    # before the shared solver (xtol 1e-10, brentq's default rtol 4 eps).
    return solve_chemical_potential(filling, nu, float(energy.min()), float(energy.max()), pad,
                                    name="nu", xtol=1e-10, rtol=4 * np.finfo(float).eps)


@dataclass(frozen=True)
class STMOptions:
    """Tip and lock-in of :func:`solve_stm_spectrum`.

    Parameters
    ----------
    temperature_K : float
        Temperature of tip and sample (Fermi functions).
    modulation_meV : float
        Lock-in modulation amplitude ``e V_m`` (0: none).
    bias_window_meV : float
        Bias range ``|V| <=`` this (mV).
    n_bias : int
        Bias points.
    """

    temperature_K: float = 1.0
    modulation_meV: float = 0.2
    bias_window_meV: float = 15.0
    n_bias: int = 601

    def __post_init__(self) -> None:
        require_nonnegative("temperature_K", self.temperature_K, "K")
        require_nonnegative("modulation_meV", self.modulation_meV, "meV")
        require_positive("bias_window_meV", self.bias_window_meV, "meV")
        require_int("n_bias", self.n_bias, 3)


@dataclass(kw_only=True)
class STMSpectrum(Result):
    """Simulated dI/dV(V) at a tip position for a gate-set filling."""

    didv: np.ndarray = variable(("bias",), "1/(meV nm^2)", "dI/dV in units of the LDOS")
    bias: np.ndarray = variable(("bias",), "mV", "sample bias", coordinate=True)
    mu_meV: float = scalar("meV", "chemical potential at the gate filling")

    def summary(self) -> dict[str, Any]:
        """Peak positions and mu, for ``--json``."""
        peaks = _peaks(self.bias, self.didv)
        return {"result": "STMSpectrum", "mu_meV": float(self.mu_meV),
                "peaks_mV": [float(p) for p in peaks],
                "tip": self.metadata.get("tip"), "nu": self.metadata.get("nu")}

    def plot(self, ax: Any = None, **kwargs: Any) -> Any:
        """dI/dV versus bias."""
        from cooperlab.plotting import new_axes

        ax = new_axes(ax)
        ax.plot(self.bias, self.didv, **kwargs)
        ax.set_xlabel("V (mV)")
        ax.set_ylabel("dI/dV (arb., LDOS units)")
        return ax


def _peaks(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    inner = (y[1:-1] > y[:-2]) & (y[1:-1] >= y[2:]) & (y[1:-1] > 0.2 * y.max())
    return x[1:-1][inner]


def _lock_in_kernel(step: float, amplitude: float) -> np.ndarray:
    """Discrete lock-in kernel ``2 sqrt(V_m^2 - x^2) / (pi V_m^2)``, unit sum."""
    if amplitude <= 0:
        return np.ones(1)
    half = int(math.ceil(amplitude / step))
    x = step * np.arange(-half, half + 1)
    kernel = np.sqrt(np.clip(amplitude**2 - x**2, 0.0, None))
    return kernel / kernel.sum()


def tunnelling_spectrum(energy: np.ndarray, weights: np.ndarray, mu: float, per_state: float,
                        broadening_meV: float, stm: STMOptions) -> tuple[np.ndarray, np.ndarray]:
    """``(bias, dI/dV)``: the LDOS of states ``energy`` with local weights ``weights`` (same
    shape, 1/nm^2; ``per_state`` states each), Gaussian-broadened, seen by the tip's
    thermal ``-f'`` and the lock-in kernel, at sample bias ``V = (E - mu) / e``."""
    bias = np.linspace(-stm.bias_window_meV, stm.bias_window_meV, stm.n_bias)
    step = bias[1] - bias[0]
    # Fine grid with margins for the thermal and lock-in kernels.
    t = K_B_MEV_PER_K * stm.temperature_K
    margin = 10 * t + stm.modulation_meV + 5 * broadening_meV
    n_margin = int(math.ceil(margin / step))
    fine = mu + step * np.arange(-n_margin, stm.n_bias + n_margin) - stm.bias_window_meV
    ldos = broadened_density(energy, fine, broadening_meV, "gaussian", per_state, weights)[0]
    kernel = np.ones(1)
    if t > 0:
        x = step * np.arange(-int(math.ceil(10 * t / step)), int(math.ceil(10 * t / step)) + 1)
        kernel = -fermi_dirac_derivative(x, t) * step
        kernel /= kernel.sum()
    kernel = np.convolve(kernel, _lock_in_kernel(step, stm.modulation_meV))
    smoothed = np.convolve(ldos, kernel, mode="same")
    return bias, smoothed[n_margin : n_margin + stm.n_bias]


def solve_stm_spectrum(
    model: ContinuumModel,
    nu: float,
    tip: str | np.ndarray = "AA",
    options: LDOSOptions | None = None,
    stm: STMOptions | None = None,
) -> STMSpectrum:
    """dI/dV(V) at the tip for filling ``nu`` (chemical potential from the bands).

    ``tip`` is a named position (AA, AB, BA, DW), a point in nm, or ``"average"`` (the
    cell-averaged spectrum, i.e. the DOS per area).

    The sample's chemical potential mu follows from ``nu`` (number equation on the same
    mesh, at the STM temperature); the LDOS at ``E = mu + eV`` is broadened by the tip's
    ``-f'`` (thermal) and the lock-in kernel.
    """
    options = options or LDOSOptions()
    stm = stm or STMOptions()
    start = time.perf_counter()
    energy, vectors = _states(model, options)
    _, labels = band_window(model.dimension, options.bands)
    mu = broadened_chemical_potential(energy, int(np.sum(labels < 0)), nu, stm.temperature_K,
                                      options.broadening_meV)
    if isinstance(tip, str) and tip == "average":
        # The cell average of |psi(r)|^2 (the LDOS sum rule).
        weights = _cell_weights(model, vectors, options.layer)
        r_nm = np.full((1, 2), np.nan)
    else:
        r_nm = position_nm(model, tip)[None] if isinstance(tip, str) else np.asarray(
            tip, dtype=float).reshape(1, 2)
        weights = _amplitudes(model, vectors, r_nm, options.layer)[:, 0, :]
    per_state = SPIN_DEGENERACY * VALLEYS / energy.shape[0]
    bias, didv = tunnelling_spectrum(energy, weights, mu, per_state, options.broadening_meV,
                                     stm)
    return STMSpectrum(
        didv=didv, bias=bias, mu_meV=mu,
        metadata=make_metadata(
            model=model, options=options, wall_time_s=time.perf_counter() - start,
            stm=stm, nu=nu, tip=tip if isinstance(tip, str) else [float(x) for x in r_nm[0]],
            convergence=Convergence(
                passed=True, criterion="complete diagonalisation on the k mesh (Gaussian "
                                       "broadening sets the energy resolution)",
                discretisation={"n_mesh": options.n_mesh, "bands": options.bands,
                                "broadening_meV": options.broadening_meV,
                                "n_bias": stm.n_bias, "cutoff": model.cutoff}),
        ),
    )


@dataclass(frozen=True)
class GatedTip:
    """An STM tip over gated TBG: the sample, the filling set by the gate, the tip site.

    The model of :func:`solve_stm_point` and :func:`solve_bare_stm_map` (``nu`` is what a
    gate sweeps).
    """

    continuum: ContinuumModel = field(default_factory=ContinuumModel)
    nu: float = field(default=0.0, metadata=field_label("", "filling nu"))
    tip: str = "AA"

    def __post_init__(self) -> None:
        require_choice("tip", self.tip, (*POSITIONS, "average"))
        require_range("nu", self.nu, -4.0, 4.0)


def solve_stm_point(model: GatedTip, options: LDOSOptions | None = None,
              stm: STMOptions | None = None) -> STMSpectrum:
    """:func:`solve_stm_spectrum` of a :class:`GatedTip` (sweepable over ``nu``)."""
    return solve_stm_spectrum(model.continuum, model.nu, model.tip, options, stm)


def solve_bare_stm_map(model: GatedTip, nu: np.ndarray, options: LDOSOptions | None = None,
            stm: STMOptions | None = None, **sweep_options: Any) -> SweepResult:
    """dI/dV(nu, V) at the tip: the Princeton-style map of the flat-band peaks versus gate.

    Runs :func:`cooperlab.sweep` over ``nu`` (``sweep_options``: ``store``, ``executor``,
    ``scheduler``, ``progress`` ...); the bands are diagonalised once per process.
    """
    from cooperlab.sweep import sweep

    point = functools.partial(solve_stm_point, options=options or LDOSOptions(),
                              stm=stm or STMOptions())
    return sweep(point, model, nu=np.asarray(nu, dtype=float), **sweep_options)


def peak_splitting(bias: np.ndarray, didv: np.ndarray) -> float:
    """Distance (mV) between the two highest peaks of a spectrum (NaN if fewer than two)."""
    inner = (didv[1:-1] > didv[:-2]) & (didv[1:-1] >= didv[2:])
    index = np.flatnonzero(inner) + 1
    if index.size < 2:
        return math.nan
    top = index[np.argsort(didv[index])[-2:]]
    return float(abs(bias[top[1]] - bias[top[0]]))


# Deprecated names (removed in the next release).
stm_spectrum = deprecated_alias(solve_stm_spectrum, "stm_spectrum")
stm_point = deprecated_alias(solve_stm_point, "stm_point")
stm_map = deprecated_alias(solve_bare_stm_map, "stm_map")
