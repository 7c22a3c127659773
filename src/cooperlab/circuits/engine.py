"""Quantum piston engines: a particle in a 1D well driven by a moving wall or a parameter.

After Sachtleben, Mazon & Rego, Phys. Rev. Lett. 119, 090601 (2017): a superconducting circuit
is a particle tunnelling in a double well whose width oscillates; driving it is a piston.
Two working media (``PistonEngine.well``):

* ``"box"``: a particle (``hbar = m = 1``, lengths in units of the rest width ``L_0``) in a box
  ``0 < x < L(t)`` with a central Gaussian barrier ``V_0 exp(-(x/L - 1/2)^2 / 2 s^2)`` that
  scales with the box; ``L(t) = L_0 (1 + A sin(2 pi t / T))``. Energies in ``hbar^2 / m L_0^2``,
  time in ``m L_0^2 / hbar``.
* ``"double"``: the rf-SQUID / flux-qubit double well ``H = 4 E_C n^2 + E_L phi^2 / 2 -
  E_J cos(phi - 2 pi flux)`` with ``E_L(t) = E_L (1 + A sin(2 pi t / T))`` (the inductance sets
  the well separation); energies in GHz (``E / h``), time in ns.

In the instantaneous eigenbasis ``H(lambda)|n> = E_n|n>``, with ``rho_nm = c_n c_m^*``, the
generalised force conjugate to ``lambda`` and the power split into the population
("classical") and coherence ("quantum", friction-like) parts of the PRL::

    dE/dt = lambda' [ sum_n rho_nn dE_n/dlambda  +  sum_{n != m} rho_mn <n|dH/dlambda|m> ],
    <n|dH/dlambda|m> = (E_m - E_n) <n|d m/dlambda>      (n != m),

so ``W = W_pop + W_coh`` is the work done on the particle and the force on the wall is
``F = -dE/dL``. Two independent solvers of the time-dependent Schrodinger equation:

(a) ``method="eigenbasis"``: ``i dc_n/dt = E_n c_n - i lambda' sum_m A_nm c_m`` with the
    moving-basis couplings ``A_nm = <n|d m/dlambda>`` (for the box these include the dilation of
    the domain, ``-(1/L) <n|y d/dy + 1/2|m>`` with ``y = x / L``), in a sine basis, integrated by
    ``scipy.integrate.solve_ivp`` (DOP853) together with ``W_pop`` and ``W_coh``.
(b) ``method="grid"``: Crank-Nicolson on a finite-difference grid. For the box in the dilated
    coordinate ``y = x / L`` with the gauge ``psi = L^(-1/2) exp(i L L' y^2 / 2) phi`` (Berry &
    Klein, J. Phys. A 17, 1805 (1984)) the wall is fixed: ``i phi_t = -phi_yy / 2L^2 + U(y) phi +
    (L L'' / 2) y^2 phi``; the power is the wall pressure plus the barrier term,
    ``dE/dt = -L' [|phi_y(1)|^2 / 2L^3 + <y U'(y)> / L]`` -- a formula independent of (a).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from scipy.integrate import solve_ivp
from scipy.linalg import eigh, eigh_tridiagonal, solve_banded

from cooperlab.naming import deprecated_alias
from cooperlab.results import Convergence, Result, ScalarResult, make_metadata, scalar, variable
from cooperlab.validation import (
    require_choice,
    require_int,
    require_nonnegative,
    require_positive,
    require_range,
)

__all__ = [
    "EngineOptions",
    "EngineResult",
    "OttoCycle",
    "PistonEngine",
    "otto_cycle",
    "solve_engine",
]

WELLS = ("box", "double")
METHODS = ("eigenbasis", "grid")
#: Largest relative first-law residual of a converged run (:func:`solve_engine`: of
#: ``<H>(t) - <H>(0) - W(t)`` against ``max |<H>|``; :func:`solve_otto_cycle`: of the cycle's
#: ``W - (Q_hot - Q_cold)`` against ``Q_hot``).
FIRST_LAW_TOLERANCE = 1e-3


@dataclass(frozen=True)
class PistonEngine:
    """A driven 1D well (see the module docstring for units).

    Parameters
    ----------
    well : str
        ``"box"`` (moving wall, central barrier) or ``"double"`` (rf-SQUID double well).
    amplitude : float
        Relative modulation ``A`` of ``L`` (box) or ``E_L`` (double), ``0 <= A < 0.9``.
    period : float
        Drive period ``T`` (box: ``m L_0^2 / hbar``; double: ns).
    cycles : float
        Duration in periods.
    barrier_height : float
        Box: ``V_0`` (``hbar^2 / m L_0^2``).
    barrier_width : float
        Box: the Gaussian width ``s`` of the barrier as a fraction of L.
    EJ : float
        Double well: Josephson energy (GHz).
    EC : float
        Double well: charging energy (GHz).
    EL : float
        Double well: inductive energy at rest (GHz).
    flux : float
        Double well: external flux (``Phi_0``).
    initial_level : int
        Instantaneous eigenstate the particle starts in.
    """

    well: str = "box"
    amplitude: float = 0.2
    period: float = 10.0
    cycles: float = 1.0
    barrier_height: float = 200.0
    barrier_width: float = 0.05
    EJ: float = 20.0
    EC: float = 0.5
    EL: float = 10.0
    flux: float = 0.5
    initial_level: int = 0

    def __post_init__(self) -> None:
        require_choice("well", self.well, WELLS)
        require_range("amplitude", self.amplitude, 0.0, 0.9, high_inclusive=False)
        require_positive("period", self.period)
        require_positive("cycles", self.cycles)
        require_nonnegative("barrier_height", self.barrier_height)
        require_range("barrier_width", self.barrier_width, 0.0, 0.3, low_inclusive=False)
        for name in ("EJ", "EC", "EL"):
            require_positive(name, getattr(self, name), "GHz")
        require_range("flux", self.flux, -10.0, 10.0)
        require_int("initial_level", self.initial_level, 0, 100)

    @property
    def rest_value(self) -> float:
        """``lambda_0``: ``L_0 = 1`` (box) or ``E_L`` (double)."""
        return 1.0 if self.well == "box" else float(self.EL)

    @property
    def energy_unit(self) -> str:
        return "hbar^2/(m L0^2)" if self.well == "box" else "GHz"

    @property
    def time_unit(self) -> str:
        return "m L0^2/hbar" if self.well == "box" else "ns"

    def drive(self) -> tuple[Callable[[float], float], ...]:
        """``lambda(t)``, ``lambda'(t)``, ``lambda''(t)`` of the sinusoidal drive."""
        lam0, amp, w = self.rest_value, self.amplitude, 2 * np.pi / self.period
        return (lambda t: lam0 * (1 + amp * np.sin(w * t)),
                lambda t: lam0 * amp * w * np.cos(w * t),
                lambda t: -lam0 * amp * w**2 * np.sin(w * t))


@dataclass(frozen=True)
class EngineOptions:
    """Numerics of :func:`solve_engine`.

    Parameters
    ----------
    method : str
        ``"eigenbasis"`` or ``"grid"``.
    levels : int
        Instantaneous eigenstates kept (eigenbasis) / reported (grid).
    basis_size : int
        Sine functions of the eigenbasis solver.
    grid_points : int
        Interior grid points of the Crank-Nicolson solver.
    steps_per_period : int
        Crank-Nicolson steps per drive period.
    samples_per_period : int
        Stored time points per period (both solvers).
    rtol : float
        Relative tolerance of ``solve_ivp`` (absolute: ``rtol / 100``).
    """

    method: str = "eigenbasis"
    levels: int = 8
    basis_size: int = 64
    grid_points: int = 800
    steps_per_period: int = 4000
    samples_per_period: int = 100
    rtol: float = 1e-10

    def __post_init__(self) -> None:
        require_choice("method", self.method, METHODS)
        require_int("levels", self.levels, 2, 200)
        require_int("basis_size", self.basis_size, 8, 2000)
        if self.levels > self.basis_size:
            raise ValueError(f"levels must be <= basis_size = {self.basis_size}, "
                             f"got {self.levels}")
        require_int("grid_points", self.grid_points, 50, 200_000)
        require_int("steps_per_period", self.steps_per_period, 10, 10_000_000)
        require_int("samples_per_period", self.samples_per_period, 2, 100_000)
        require_range("rtol", self.rtol, 1e-14, 1e-2)


# -- the working media on y in [0, 1] ------------------------------------------------------------
_PHI_REACH = 3 * np.pi  # the double well lives on phi in [-3 pi, 3 pi], phi = R (2y - 1)


def _medium(engine: PistonEngine) -> dict[str, Any]:
    """``h(lambda) = a(lambda) (-d^2/dy^2) + U(y; lambda)`` on ``0 < y < 1`` and its pieces.

    Returns ``a``, ``da`` (functions of lambda), ``U``, ``dU`` (functions of y, lambda),
    ``dilation`` (True for the moving wall) and ``u`` (rad per time unit per energy unit).
    """
    if engine.well == "box":
        v0, s = engine.barrier_height, engine.barrier_width
        return {
            "a": lambda lam: 0.5 / lam**2, "da": lambda lam: -1.0 / lam**3,
            "U": lambda y, lam: v0 * np.exp(-((y - 0.5) ** 2) / (2 * s**2)),
            "dU": lambda y, lam: np.zeros_like(y),
            "yU'": lambda y: -v0 * y * (y - 0.5) / s**2 * np.exp(-((y - 0.5) ** 2) / (2 * s**2)),
            "dilation": True, "u": 1.0,
        }
    reach = _PHI_REACH
    ej, ec, flux = engine.EJ, engine.EC, engine.flux

    def phi(y: np.ndarray) -> np.ndarray:
        return reach * (2 * y - 1)

    return {
        "a": lambda lam: ec / reach**2, "da": lambda lam: 0.0,
        "U": lambda y, lam: 0.5 * lam * phi(y) ** 2 - ej * np.cos(phi(y) - 2 * np.pi * flux),
        "dU": lambda y, lam: 0.5 * phi(y) ** 2,
        "dilation": False, "u": 2 * np.pi,
    }


class _SineBasis:
    """``s_k(y) = sqrt(2) sin(k pi y)`` on [0, 1] with Gauss-Legendre matrix elements."""

    def __init__(self, size: int) -> None:
        x, w = np.polynomial.legendre.leggauss(4 * size + 32)
        self.y, self.w = 0.5 * (x + 1), 0.5 * w
        k = np.arange(1, size + 1)
        self.s = np.sqrt(2) * np.sin(np.pi * np.outer(self.y, k))
        ds = np.sqrt(2) * np.pi * k * np.cos(np.pi * np.outer(self.y, k))
        self.kinetic = (np.pi * k) ** 2                       # -d^2/dy^2, diagonal
        # y d/dy + 1/2 (real antisymmetric)
        self.dilation = (self.s * (self.w * self.y)[:, None]).T @ ds + 0.5 * np.eye(size)

    def matrix(self, values: np.ndarray) -> np.ndarray:
        return (self.s * (self.w * values)[:, None]).T @ self.s


def _eigen_frame(engine: PistonEngine, options: EngineOptions) -> Callable[..., Any]:
    """Function ``lam -> (E, G, F, A)``: energies, ``<n|dh/dlam|m>``, the generalised force
    matrix ``(E_m - E_n) A_nm`` (diagonal ``dE_n``) and the couplings ``A_nm``.

    ``U(y; lambda)`` is affine in lambda for both media, so its matrix is
    ``U(y; 0) + lambda dU`` with both parts built once.
    """
    medium = _medium(engine)
    basis = _SineBasis(options.basis_size)
    levels = options.levels
    base = basis.matrix(medium["U"](basis.y, 0.0))
    slope = basis.matrix(medium["dU"](basis.y, 0.0))

    def hamiltonian(lam: float) -> np.ndarray:
        return np.diag(medium["a"](lam) * basis.kinetic) + base + lam * slope

    def lowest(lam: float) -> tuple[np.ndarray, np.ndarray]:
        return eigh(hamiltonian(lam), subset_by_index=(0, levels - 1), driver="evr")

    reference = lowest(engine.rest_value)[1]

    def frame(lam: float) -> tuple[np.ndarray, ...]:
        e, v = lowest(lam)
        v = v * np.where(np.sum(v * reference, axis=0) < 0, -1.0, 1.0)
        dh_v = (medium["da"](lam) * basis.kinetic)[:, None] * v + slope @ v
        g = v.T @ dh_v
        gap = e[None, :] - e[:, None]                     # E_m - E_n
        with np.errstate(divide="ignore", invalid="ignore"):
            a = np.where(gap != 0, g / np.where(gap == 0, 1, gap), 0.0)
        np.fill_diagonal(a, 0.0)
        if medium["dilation"]:
            a = a - (v.T @ basis.dilation @ v) / lam
            np.fill_diagonal(a, 0.0)
        force = gap * a
        np.fill_diagonal(force, np.diag(g))
        return e, g, force, a

    return frame


# -- results -----------------------------------------------------------------------------------
@dataclass(kw_only=True)
class EngineResult(Result):
    """Time evolution of a piston engine (see :func:`solve_engine`)."""

    t: np.ndarray = variable(("t",), "", "time (box: m L0^2/hbar; double: ns)", coordinate=True)
    drive: np.ndarray = variable(("t",), "", "driven parameter (L / L0 or E_L in GHz)")
    energy: np.ndarray = variable(("t",), "", "<H>")
    levels_energy: np.ndarray = variable(("t", "level"), "", "instantaneous eigenenergies E_n")
    populations: np.ndarray = variable(("t", "level"), "", "rho_nn")
    coherences: np.ndarray = variable(("t", "level", "level_b"), "", "rho_nm (complex)")
    coherence_l1: np.ndarray = variable(("t",), "", "sum_{n != m} |rho_nm|")
    force: np.ndarray = variable(("t",), "", "generalised force -dE/dlambda")
    work_population: np.ndarray = variable(("t",), "", "work on the particle, population part")
    work_coherence: np.ndarray = variable(("t",), "", "work on the particle, coherence part")
    work: np.ndarray = variable(("t",), "", "total work on the particle W = W_pop + W_coh")

    def summary(self) -> dict[str, Any]:
        """Final energy change, works and the first-law residual."""
        return {"result": "EngineResult", "method": self.metadata.get("method"),
                "energy_change": float(self.energy[-1] - self.energy[0]),
                "work": float(self.work[-1]),
                "work_population": float(self.work_population[-1]),
                "work_coherence": float(self.work_coherence[-1]),
                "first_law_residual": float(np.max(np.abs(
                    self.energy - self.energy[0] - self.work))),
                "final_populations": np.asarray(self.populations[-1]).tolist()}

    def plot(self, ax: Any = None, **kwargs: Any) -> Any:
        """Work decomposition and energy change versus time."""
        from cooperlab.plotting.circuits import plot_engine

        return plot_engine(self, ax=ax, **kwargs)


def _sample_times(engine: PistonEngine, options: EngineOptions, duration: float | None
                  ) -> np.ndarray:
    total = engine.cycles * engine.period if duration is None else duration
    count = max(2, int(round(options.samples_per_period * total / engine.period)) + 1)
    return np.linspace(0.0, total, count)


def _solve_eigenbasis(engine: PistonEngine, options: EngineOptions,
                      drive: tuple[Callable[[float], float], ...], times: np.ndarray,
                      initial: np.ndarray) -> dict[str, np.ndarray]:
    frame = _eigen_frame(engine, options)
    lam, dlam = drive[0], drive[1]
    u = _medium(engine)["u"]
    levels = options.levels

    def rhs(t: float, state: np.ndarray) -> np.ndarray:
        c = state[:levels]
        e, _, force, a = frame(lam(t))
        rate = dlam(t)
        dc = -1j * u * (e - e[0]) * c - rate * (a @ c)    # global phase dropped
        rho = np.outer(c, c.conj())                         # rho_nm = c_n c_m^*
        w_pop = rate * np.real(np.sum(np.diag(rho) * np.diag(force)))
        off = force - np.diag(np.diag(force))
        w_coh = rate * np.real(np.sum(rho.T * off))         # sum rho_mn F_nm
        return np.concatenate([dc, [w_pop, w_coh]])

    start = np.concatenate([initial.astype(complex), [0.0, 0.0]])
    sol = solve_ivp(rhs, (times[0], times[-1]), start, method="DOP853", t_eval=times,
                    rtol=options.rtol, atol=options.rtol / 100)
    if not sol.success:  # pragma: no cover - integrator failure
        raise RuntimeError(f"solve_ivp failed: {sol.message}")
    c = sol.y[:levels].T
    frames = [frame(lam(t)) for t in times]
    energies = np.array([f[0] for f in frames])
    rho = c[:, :, None] * c[:, None, :].conj()
    force = -np.array([np.real(np.sum(r.T * f[2])) for r, f in zip(rho, frames, strict=True)])
    return {"levels_energy": energies, "rho": rho, "force": force,
            "energy": np.real(np.einsum("tnn,tn->t", rho, energies)),
            "work_population": np.real(sol.y[levels]), "work_coherence": np.real(sol.y[levels + 1]),
            "nfev": np.array(sol.nfev)}


def _grid_hamiltonian(medium: dict[str, Any], y: np.ndarray, lam: float, step: float
                      ) -> tuple[np.ndarray, np.ndarray]:
    """Diagonal and off-diagonal of the finite-difference ``h(lambda)``."""
    a = medium["a"](lam)
    return 2 * a / step**2 + medium["U"](y, lam), np.full(y.size - 1, -a / step**2)


def _solve_grid(engine: PistonEngine, options: EngineOptions,
                drive: tuple[Callable[[float], float], ...], times: np.ndarray,
                initial_level: int) -> dict[str, np.ndarray]:
    medium = _medium(engine)
    lam, dlam, ddlam = drive
    box = medium["dilation"]
    u = medium["u"]
    points = options.grid_points
    step = 1.0 / (points + 1)
    y = step * np.arange(1, points + 1)
    levels = options.levels

    def eigen(value: float) -> tuple[np.ndarray, np.ndarray]:
        d, e = _grid_hamiltonian(medium, y, value, step)
        w, v = eigh_tridiagonal(d, e, select="i", select_range=(0, levels - 1))
        return w, v / np.sqrt(step)

    def gauge(t: float) -> np.ndarray:
        return np.exp(0.5j * lam(t) * dlam(t) * y**2) if box else np.ones_like(y)

    e0, v0 = eigen(lam(0.0))
    phi = v0[:, initial_level] * np.conj(gauge(0.0)) + 0j
    dt_target = engine.period / options.steps_per_period
    observed: dict[str, list[Any]] = {k: [] for k in ("levels_energy", "rho", "energy", "force",
                                                      "dE", "work")}
    reference = v0

    def force_of(value: float, state: np.ndarray) -> float:
        """Generalised force ``-dE/dlambda`` from the state (box: wall pressure + barrier)."""
        if box:
            slope = (4 * state[-1] - state[-2]) / (2 * step)   # -phi_y(1), phi(1) = 0
            barrier = float(step * np.sum(medium["yU'"](y) * np.abs(state) ** 2))
            return float(np.abs(slope) ** 2 / (2 * value**3) + barrier / value)
        return -float(step * np.sum(medium["dU"](y, value) * np.abs(state) ** 2))

    def observe(t: float, state: np.ndarray, work: float) -> None:
        value = lam(t)
        psi = gauge(t) * state                             # dilated wavefunction, no gauge
        w, v = eigen(value)
        v = v * np.where(np.sum(v * reference, axis=0) < 0, -1.0, 1.0)
        c = step * (v.T @ psi)
        d, e = _grid_hamiltonian(medium, y, value, step)
        h_psi = d * psi
        h_psi[:-1] += e * psi[1:]
        h_psi[1:] += e * psi[:-1]
        if box:  # dE_n/dL = -2 <n|K|n> / L, the kinetic part of E_n
            de = -2 * (w - step * np.sum(v**2 * medium["U"](y, value)[:, None], axis=0)) / value
        else:
            de = step * np.sum(v**2 * medium["dU"](y, value)[:, None], axis=0)
        observed["levels_energy"].append(w)
        observed["rho"].append(np.outer(c, c.conj()))
        observed["energy"].append(float(np.real(step * np.vdot(psi, h_psi))))
        observed["force"].append(force_of(value, state))
        observed["dE"].append(de)
        observed["work"].append(work)

    # Crank-Nicolson with the Hamiltonian at each step's midpoint; the work -int lambda' F dt
    # accumulates by the trapezoid rule on the same fine steps.
    work = 0.0
    observe(times[0], phi, work)
    power_old = -dlam(times[0]) * force_of(lam(times[0]), phi)
    ab = np.zeros((3, points), dtype=complex)
    for t0, t1 in zip(times[:-1], times[1:], strict=True):
        count = max(1, int(np.ceil((t1 - t0) / dt_target)))
        dt = (t1 - t0) / count
        for k in range(count):
            tm = t0 + (k + 0.5) * dt
            d, e = _grid_hamiltonian(medium, y, lam(tm), step)
            if box:
                d = d + 0.5 * lam(tm) * ddlam(tm) * y**2
            d, e = u * d, u * e
            rhs = (1 - 0.5j * dt * d) * phi
            rhs[:-1] -= 0.5j * dt * e * phi[1:]
            rhs[1:] -= 0.5j * dt * e * phi[:-1]
            ab[0, 1:] = 0.5j * dt * e
            ab[1] = 1 + 0.5j * dt * d
            ab[2, :-1] = 0.5j * dt * e
            phi = solve_banded((1, 1), ab, rhs)
            t_new = t0 + (k + 1) * dt
            power_new = -dlam(t_new) * force_of(lam(t_new), phi)
            work += 0.5 * dt * (power_old + power_new)
            power_old = power_new
        observe(t1, phi, work)
    out = {k: np.array(v) for k, v in observed.items()}
    rates = np.array([dlam(t) for t in times])
    pop_power = rates * np.real(np.einsum("tnn,tn->t", out["rho"], out["dE"]))
    w_pop = np.concatenate([[0.0], np.cumsum(0.5 * np.diff(times)
                                             * (pop_power[1:] + pop_power[:-1]))])
    return {"levels_energy": out["levels_energy"], "rho": out["rho"], "force": out["force"],
            "energy": out["energy"], "work_population": w_pop,
            "work_coherence": out["work"] - w_pop}


def solve_engine(engine: PistonEngine, options: EngineOptions | None = None) -> EngineResult:
    """Quantum piston engine: populations, coherences, force, work split (PRL 119, 090601).

    Evolves ``engine`` from its ``initial_level`` over ``cycles`` drive periods.

    Returns populations, coherences, the force on the wall, ``<H>`` and the work split into
    population and coherence parts versus time (module docstring for the equations).
    """
    options = options or EngineOptions()
    start = time.perf_counter()
    if engine.initial_level >= options.levels:
        raise ValueError(f"initial_level must be < levels = {options.levels}, "
                         f"got {engine.initial_level}")
    drive = engine.drive()
    times = _sample_times(engine, options, None)
    if options.method == "eigenbasis":
        initial = np.zeros(options.levels, dtype=complex)
        initial[engine.initial_level] = 1.0
        out = _solve_eigenbasis(engine, options, drive, times, initial)
    else:
        out = _solve_grid(engine, options, drive, times, engine.initial_level)
    rho = out["rho"]
    off = np.abs(rho) * (1 - np.eye(options.levels))
    work = out["work_population"] + out["work_coherence"]
    residual = float(np.max(np.abs(out["energy"] - out["energy"][0] - work)))
    scale = max(float(np.max(np.abs(out["energy"]))), 1e-300)
    return EngineResult(
        t=times, drive=np.array([drive[0](t) for t in times]), energy=out["energy"],
        levels_energy=out["levels_energy"], populations=np.real(np.einsum("tnn->tn", rho)),
        coherences=rho, coherence_l1=off.sum(axis=(1, 2)), force=out["force"],
        work_population=out["work_population"], work_coherence=out["work_coherence"],
        work=work,
        metadata=make_metadata(model=engine, options=options, method=options.method,
                               wall_time_s=time.perf_counter() - start,
                               energy_unit=engine.energy_unit, time_unit=engine.time_unit,
                               convergence=Convergence(
                                   passed=bool(residual <= FIRST_LAW_TOLERANCE * scale),
                                   criterion="first-law residual max_t |<H>(t) - <H>(0) - "
                                             "W(t)| / max_t |<H>(t)|",
                                   achieved=residual / scale, target=FIRST_LAW_TOLERANCE,
                                   discretisation=_discretisation(options),
                                   details={"first_law_residual": residual,
                                            "population_sum_error": float(np.max(np.abs(
                                                np.real(np.einsum("tnn->t", rho)) - 1)))})))


def _discretisation(options: EngineOptions) -> dict[str, Any]:
    """The numerics a run of ``options.method`` depends on."""
    common = {"method": options.method, "levels": options.levels,
              "samples_per_period": options.samples_per_period}
    if options.method == "eigenbasis":
        return {**common, "basis_size": options.basis_size, "rtol": options.rtol}
    return {**common, "grid_points": options.grid_points,
            "steps_per_period": options.steps_per_period}


# -- Otto cycle ---------------------------------------------------------------------------------
@dataclass(kw_only=True)
class OttoCycle(ScalarResult):
    """Quantum Otto cycle: two thermalisations joined by two driven (unitary) strokes."""

    work: float = scalar("", "net work done by the engine per cycle (> 0: engine)")
    heat_hot: float = scalar("", "heat taken from the hot bath")
    heat_cold: float = scalar("", "heat given to the cold bath")
    efficiency: float = scalar("", "work / heat_hot")
    omega_hot: float = scalar("", "E_1 - E_0 at the hot point")
    omega_cold: float = scalar("", "E_1 - E_0 at the cold point")
    otto_efficiency: float = scalar("", "1 - omega_cold / omega_hot")
    coherence_work: float = scalar("", "coherence (friction) part of the stroke work on it")


def solve_otto_cycle(engine: PistonEngine, lambda_hot: float, lambda_cold: float, T_hot: float,
               T_cold: float, stroke_time: float, options: EngineOptions | None = None
               ) -> OttoCycle:
    """An Otto cycle of ``engine``'s working medium, the drive parameter taking
    ``lambda_hot`` (hot bath, temperature ``T_hot`` in energy units, ``k_B = 1``) and
    ``lambda_cold`` (cold bath); each driven stroke lasts ``stroke_time`` with the smooth ramp
    ``lambda(t) = l0 + (l1 - l0) (1 - cos(pi t / tau)) / 2`` and is solved by the eigenbasis
    solver on every thermal eigenstate. With ``options.levels = 2`` and slow strokes the
    efficiency is the two-level Otto value ``1 - omega_c / omega_h``; fast strokes create
    coherences and lose work (quantum friction).
    """
    options = options or EngineOptions(levels=2)
    for name, value in (("lambda_hot", lambda_hot), ("lambda_cold", lambda_cold),
                        ("T_hot", T_hot), ("T_cold", T_cold), ("stroke_time", stroke_time)):
        require_positive(name, value)
    levels = options.levels
    frame = _eigen_frame(engine, options)
    e_hot, e_cold = frame(lambda_hot)[0], frame(lambda_cold)[0]

    def thermal(e: np.ndarray, temperature: float) -> np.ndarray:
        weights = np.exp(-(e - e[0]) / temperature)
        return weights / weights.sum()

    def stroke(l0: float, l1: float, populations: np.ndarray) -> tuple[np.ndarray, float, float]:
        """Populations after the stroke (diagonal of rho), work on it, coherence work."""
        def lam(t: float) -> float:
            return l0 + (l1 - l0) * (1 - np.cos(np.pi * t / stroke_time)) / 2

        def dlam(t: float) -> float:
            return (l1 - l0) * np.pi / (2 * stroke_time) * np.sin(np.pi * t / stroke_time)

        times = np.array([0.0, stroke_time])
        final = np.zeros(levels)
        work = coherence = 0.0
        for k, p in enumerate(populations):
            if p < 1e-300:
                continue
            start = np.zeros(levels, dtype=complex)
            start[k] = 1.0
            out = _solve_eigenbasis(engine, options, (lam, dlam), times, start)
            final += p * np.real(np.diag(out["rho"][-1]))
            work += p * (out["work_population"][-1] + out["work_coherence"][-1])
            coherence += p * out["work_coherence"][-1]
        return final, work, coherence

    p_hot = thermal(e_hot, T_hot)
    p_after_2, w_2, c_2 = stroke(lambda_hot, lambda_cold, p_hot)
    p_cold = thermal(e_cold, T_cold)
    q_cold = float(np.dot(p_after_2 - p_cold, e_cold))
    p_after_4, w_4, c_4 = stroke(lambda_cold, lambda_hot, p_cold)
    q_hot = float(np.dot(p_hot - p_after_4, e_hot))
    work = -(w_2 + w_4)
    omega_h, omega_c = float(e_hot[1] - e_hot[0]), float(e_cold[1] - e_cold[0])
    balance = abs(work - (q_hot - q_cold)) / max(abs(q_hot), 1e-300)
    return OttoCycle(work=work, heat_hot=q_hot, heat_cold=q_cold,
                     efficiency=work / q_hot if q_hot != 0 else float("nan"),
                     omega_hot=omega_h, omega_cold=omega_c,
                     otto_efficiency=1 - omega_c / omega_h, coherence_work=c_2 + c_4,
                     metadata=make_metadata(model=engine, options=options,
                                            lambda_hot=lambda_hot, lambda_cold=lambda_cold,
                                            T_hot=T_hot, T_cold=T_cold, stroke_time=stroke_time,
                                            convergence=Convergence(
                                                passed=bool(balance <= FIRST_LAW_TOLERANCE),
                                                criterion="first law of the cycle: |W - (Q_hot "
                                                          "- Q_cold)| / |Q_hot|",
                                                achieved=balance, target=FIRST_LAW_TOLERANCE,
                                                discretisation=_discretisation(
                                                    replace(options, method="eigenbasis")))))


# Deprecated names (removed in the next release).
otto_cycle = deprecated_alias(solve_otto_cycle, "otto_cycle")
