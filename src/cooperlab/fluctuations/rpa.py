"""RPA spin and charge/orbital susceptibilities, the Stoner criterion and the critical U.

With the static bare susceptibility ``chi0(q)`` of :mod:`cooperlab.fluctuations.chi0` (an
``n^2 x n^2`` matrix per q) and the Kanamori vertices ``U^s, U^c``
(:mod:`cooperlab.fluctuations.kanamori`):

    chi_s(q) = [1 - chi0(q) U^s]^{-1} chi0(q),      chi_c(q) = [1 + chi0(q) U^c]^{-1} chi0(q).

The spin channel diverges where the largest eigenvalue of ``chi0(q) U^s`` reaches 1 (Stoner);
the charge/orbital channel where the smallest eigenvalue of ``chi0(q) U^c`` reaches -1.
At fixed ratios ``J/U, U'/U, J'/U`` both vertices are ``U`` times a fixed matrix, so

    U_c = 1 / max_q lambda_max(chi0(q) U^s(U=1)),

exact on the mesh and with no root search. For one band ``U_c = 1/max_q chi0(q)``, at half
filling and perfect nesting the mean-field Neel condition
``1 = U (1/N) sum_k tanh(xi_k/2T)/(2 xi_k)``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Any, Literal

import numpy as np

from cooperlab.fluctuations.chi0 import (
    PAIR_MESH_COORDINATES,
    chi0_mesh,
    ir_check,
    ir_discretisation,
    pair_mesh_coordinates,
    physical,
)
from cooperlab.fluctuations.kanamori import KanamoriInteraction
from cooperlab.fluctuations.model import RPAModel
from cooperlab.naming import deprecated_alias
from cooperlab.numerics.kmesh import square_mesh_axis
from cooperlab.results import Convergence, Result, make_metadata, scalar, variable
from cooperlab.sweep.result import SweepResult

#: Largest relative change of ``U_c`` from the N/2 mesh that :func:`solve_stoner`
#: reports as converged.
MESH_TOLERANCE = 0.05


def rpa_susceptibility(chi0: np.ndarray, vertex: np.ndarray, sign: float = 1.0) -> np.ndarray:
    """``[1 - sign chi0 V]^{-1} chi0`` for stacks of ``(n^2, n^2)`` matrices.

    ``sign = +1`` with ``U^s`` is the spin channel, ``sign = -1`` with ``U^c`` the charge one.
    """
    eye = np.eye(chi0.shape[-1])
    return np.linalg.solve(eye - sign * chi0 @ vertex, chi0)


def leading_eigenvalue(chi0: np.ndarray, vertex: np.ndarray, sign: float = 1.0) -> np.ndarray:
    """``max Re eig(sign chi0(q) V)`` per q (the Stoner parameter of that channel)."""
    values = np.linalg.eigvals(sign * chi0 @ vertex)
    return values.real.max(axis=-1)


def rpa_mesh(model: RPAModel, chi0: np.ndarray | None = None
             ) -> tuple[np.ndarray, np.ndarray]:
    """Static RPA spin and charge susceptibilities on the full mesh.

    Returns ``(chi_s, chi_c)``, each of shape ``(n_mesh, n_mesh, n^2, n^2)`` (q index, orbital pairs
    of :mod:`cooperlab.fluctuations`), for the pairing vertex at ``q = k - k'``. ``chi0``
    (shape ``(n_mesh, n_mesh, n^2, n^2)``) is computed when not given.
    """
    if chi0 is None:
        chi0 = chi0_mesh(model.band_mesh())[0]
    n = model.n_orbitals
    interaction = model.interaction()
    chi_s = rpa_susceptibility(chi0, interaction.spin_vertex(n), 1.0)
    chi_c = rpa_susceptibility(chi0, interaction.charge_vertex(n), -1.0)
    return chi_s, chi_c


def _unit_interaction(model: RPAModel) -> KanamoriInteraction:
    """The Kanamori interaction at U = 1 with the model's J/U, U'/U and J'/U.

    With ``U = 0`` the ratios are undefined: ``J`` is then read as ``J/U`` and an
    explicit ``U_prime``/``J_prime`` as ``U'/U``/``J'/U``.
    """
    scale = model.U if model.U > 0 else 1.0
    u_prime = None if model.U_prime is None else model.U_prime / scale
    j_prime = None if model.J_prime is None else model.J_prime / scale
    return KanamoriInteraction(1.0, model.J / scale, u_prime, j_prime)


def critical_u(chi0: np.ndarray, interaction: KanamoriInteraction, n_orbitals: int
               ) -> dict[str, Any]:
    """Critical U of the spin and charge channels at the ratios of ``interaction`` (U = 1).

    Returns ``U_c`` (spin), its ``q`` index, ``lambda_s`` (the per-q eigenvalue map at
    U = 1), and ``U_c_charge`` (``inf`` where the charge channel never diverges).
    """
    lam_s = leading_eigenvalue(chi0, interaction.spin_vertex(n_orbitals), 1.0)
    lam_c = leading_eigenvalue(chi0, interaction.charge_vertex(n_orbitals), -1.0)
    index = np.unravel_index(np.argmax(lam_s), lam_s.shape)
    top_c = float(lam_c.max())
    return {"U_c": 1.0 / float(lam_s[index]) if lam_s[index] > 0 else float("inf"),
            "q_index": tuple(int(i) for i in index), "lambda_s": lam_s, "lambda_c": lam_c,
            "U_c_charge": 1.0 / top_c if top_c > 0 else float("inf")}


def _finite_or_none(value: float) -> float | None:
    """JSON has no infinity: a channel that never diverges reports ``None``."""
    return float(value) if np.isfinite(value) else None


@dataclass(kw_only=True)
class StonerResult(Result):
    """Stoner eigenvalue map at U = 1 and the critical interactions of both channels."""

    qx: np.ndarray = variable(("qx",), "1/a", "q_x", coordinate=True)
    qy: np.ndarray = variable(("qy",), "1/a", "q_y", coordinate=True)
    lambda_spin: np.ndarray = variable(("qx", "qy"), "", "max eig chi0(q) U^s at U = 1")
    lambda_charge: np.ndarray = variable(("qx", "qy"), "", "max eig -chi0(q) U^c at U = 1")
    U_c: float = scalar("t", "critical U of the spin channel")
    U_c_charge: float = scalar("t", "critical U of the charge channel")

    @property
    def q_c(self) -> tuple[float, float]:
        """The q of the mesh where the spin channel diverges first."""
        i, j = np.unravel_index(np.argmax(self.lambda_spin), self.lambda_spin.shape)
        return float(self.qx[i]), float(self.qy[j])

    def summary(self) -> dict[str, Any]:
        """``U_c``, the ordering vector, ``U_c_charge``, mu."""
        return {"result": "StonerResult", "U_c": float(self.U_c), "q_c": list(self.q_c),
                "U_c_charge": _finite_or_none(self.U_c_charge),
                "J_over_U": self.metadata["J_over_U"],
                "mu": self.metadata["mu"], "filling": self.metadata["filling"]}

    def plot(self, ax: Any = None, **kwargs: Any) -> Any:
        """Map of the Stoner eigenvalue over q."""
        from cooperlab.plotting.fluctuations import plot_chi_map

        return plot_chi_map(self, ax=ax, variable="lambda_spin", **kwargs)


def solve_stoner(model: RPAModel) -> StonerResult:
    """Critical ``U_c`` at the model's ``J/U`` (and ``U'/U, J'/U``), mu or filling, T, mesh.

    ``U_c`` is where the RPA spin susceptibility first diverges on the mesh (max over q);
    the model's own ``U`` only sets the ratios (``J`` is ``J/U`` when ``U = 0``). Its
    ``convergence`` compares ``U_c`` with the N/2 mesh (``U_c_half_mesh``,
    ``relative_change``; passed below :data:`MESH_TOLERANCE`, not checked for ``n_mesh < 8``).
    """
    start = time.perf_counter()
    bands = model.band_mesh()
    chi0 = chi0_mesh(bands)[0]
    unit = _unit_interaction(model)
    found = critical_u(chi0, unit, model.n_orbitals)
    criterion = f"|U_c(N) - U_c(N/2)| / U_c(N) < {MESH_TOLERANCE} (k mesh)"
    discretisation = ir_discretisation(bands)
    details = {"ir_check_error": ir_check(bands, chi0[None])}
    if model.n_mesh >= 8:   # the same problem on the N/2 mesh: how far U_c still moves with N
        coarse = replace(model, n_mesh=model.n_mesh // 2)
        half = critical_u(chi0_mesh(coarse.band_mesh())[0], unit, model.n_orbitals)["U_c"]
        change = abs(found["U_c"] - half) / found["U_c"]
        convergence = Convergence(passed=bool(change < MESH_TOLERANCE), criterion=criterion,
                                  achieved=change, target=MESH_TOLERANCE,
                                  discretisation=discretisation,
                                  details={**details, "U_c_half_mesh": half,
                                           "relative_change": change})
    else:
        convergence = Convergence(passed=False, criterion=criterion + ": not checked, n_mesh < 8",
                                  target=MESH_TOLERANCE, discretisation=discretisation,
                                  details=details)
    axis = square_mesh_axis(model.n_mesh)
    meta = make_metadata(model=model, wall_time_s=time.perf_counter() - start, mu=bands.mu,
                         convergence=convergence,
                         filling=bands.filling, J_over_U=float(unit.J),
                         U_prime_over_U=float(unit.U_prime), J_prime_over_U=float(unit.J_prime))
    return StonerResult(qx=axis, qy=axis, lambda_spin=found["lambda_s"],
                        lambda_charge=found["lambda_c"], U_c=found["U_c"],
                        U_c_charge=found["U_c_charge"], metadata=meta)


@dataclass(kw_only=True)
class RPAResult(Result):
    """Static RPA spin and charge/orbital susceptibilities on the q mesh (per spin)."""

    pair_a: np.ndarray = PAIR_MESH_COORDINATES["pair_a"]
    pair_b: np.ndarray = PAIR_MESH_COORDINATES["pair_b"]
    qx: np.ndarray = PAIR_MESH_COORDINATES["qx"]
    qy: np.ndarray = PAIR_MESH_COORDINATES["qy"]
    orbital: np.ndarray = variable(("orbital",), "", "orbital index", coordinate=True)
    chi_spin: np.ndarray = variable(("qx", "qy", "pair1", "pair2"), "1/t",
                                    "RPA spin susceptibility chi^s_{ab,cd}")
    chi_charge: np.ndarray = variable(("qx", "qy", "pair1", "pair2"), "1/t",
                                      "RPA charge/orbital susceptibility chi^c_{ab,cd}")
    chi_spin_physical: np.ndarray = variable(("qx", "qy"), "1/t", "sum_ab chi^s_{aa,bb}")
    chi_charge_physical: np.ndarray = variable(("qx", "qy"), "1/t", "sum_ab chi^c_{aa,bb}")
    chi0_physical: np.ndarray = variable(("qx", "qy"), "1/t", "sum_ab chi0_{aa,bb}")
    stoner: np.ndarray = variable(("qx", "qy"), "", "max eig chi0(q) U^s at the model's U")

    def peak(self, variable: str = "chi_spin_physical") -> tuple[float, float, float]:
        """``(qx, qy, value)`` of the maximum of a physical susceptibility map."""
        values = np.real(getattr(self, variable))
        i, j = np.unravel_index(np.argmax(values), values.shape)
        return float(self.qx[i]), float(self.qy[j]), float(values[i, j])

    def summary(self) -> dict[str, Any]:
        """Peaks of the spin and charge maps and the largest Stoner eigenvalue."""
        qx, qy, value = self.peak()
        cx, cy, charge = self.peak("chi_charge_physical")
        return {"result": "RPAResult", "chi_spin_max": value, "q_spin": [qx, qy],
                "chi_charge_max": charge, "q_charge": [cx, cy],
                "stoner_max": float(np.max(self.stoner)), "mu": self.metadata["mu"]}

    def plot(self, ax: Any = None, **kwargs: Any) -> Any:
        """Map of the physical spin susceptibility over q."""
        from cooperlab.plotting.fluctuations import plot_chi_map

        return plot_chi_map(self, ax=ax, **kwargs)


def _stability(bands: Any, chi0: np.ndarray, stoner: np.ndarray, charge: np.ndarray,
               **discretisation: Any) -> Convergence:
    """The RPA's verdict: finite (both Stoner eigenvalues below 1) on the static mesh, with
    the accuracy of ``chi0`` (:func:`~cooperlab.fluctuations.chi0.ir_check`)."""
    spin, charge_max = float(np.max(stoner)), float(np.max(charge))
    largest = max(spin, charge_max)
    return Convergence(
        passed=largest < 1.0, achieved=largest, target=1.0,
        criterion="RPA finite: largest Stoner eigenvalue of chi0 U^s and -chi0 U^c over the "
                  "q mesh < 1",
        discretisation={**ir_discretisation(bands), **discretisation},
        details={"stoner_spin": spin, "stoner_charge": charge_max,
                 "ir_check_error": ir_check(bands, chi0[None])})


def solve_rpa(model: RPAModel) -> RPAResult:
    """RPA spin and charge susceptibilities of ``model`` on its q mesh (static).

    Raises ``ValueError`` when ``U`` is at or beyond the spin (or charge) instability of the
    mesh, where the RPA has no finite answer.
    Its ``convergence`` records the largest Stoner eigenvalue (below 1) and the IR mesh.
    """
    start = time.perf_counter()
    bands = model.band_mesh()
    chi0 = chi0_mesh(bands)[0]
    n = model.n_orbitals
    interaction = model.interaction()
    stoner = leading_eigenvalue(chi0, interaction.spin_vertex(n), 1.0)
    charge = leading_eigenvalue(chi0, interaction.charge_vertex(n), -1.0)
    if stoner.max() >= 1.0 or charge.max() >= 1.0:
        unit = _unit_interaction(model) if model.U > 0 else None
        hint = ""
        if unit is not None:
            found = critical_u(chi0, unit, n)
            hint = f" (U_c = {found['U_c']:.6g}, charge U_c = {found['U_c_charge']:.6g})"
        raise ValueError(f"U = {model.U} is beyond the RPA instability on this mesh: Stoner "
                         f"eigenvalue {stoner.max():.4g}, charge {charge.max():.4g}{hint}")
    chi_s, chi_c = rpa_mesh(model, chi0)
    meta = make_metadata(model=model, wall_time_s=time.perf_counter() - start, mu=bands.mu,
                         convergence=_stability(bands, chi0, stoner, charge),
                         filling=bands.filling,
                         orbitals=[o.name for o in model.lattice.orbitals])
    return RPAResult(**pair_mesh_coordinates(n, model.n_mesh), orbital=np.arange(n),
                     chi_spin=chi_s, chi_charge=chi_c,
                     chi_spin_physical=physical(chi_s, n).real,
                     chi_charge_physical=physical(chi_c, n).real,
                     chi0_physical=physical(chi0, n).real, stoner=stoner, metadata=meta)


def stoner_u_c(model: RPAModel) -> float:
    """``U_c`` alone (for sweeps): :func:`solve_stoner` ``(model).U_c``."""
    return float(solve_stoner(model).U_c)



@dataclass(kw_only=True)
class DynamicResult(Result):
    """Retarded ``chi0``, RPA spin and charge susceptibilities at q points and real omega.

    ``chi(q, omega + i eta)`` with ``chi0`` from :func:`~cooperlab.fluctuations.chi0.
    chi0_real_frequency` on the model's k mesh and the RPA of the module docstring at each
    omega (per spin; ``chi''`` is the imaginary part of the physical combination).
    """

    omega: np.ndarray = variable(("omega",), "t", "real frequency", coordinate=True)
    qx: np.ndarray = variable(("q",), "1/a", "q_x")
    qy: np.ndarray = variable(("q",), "1/a", "q_y")
    chi0: np.ndarray = variable(("q", "omega", "pair1", "pair2"), "1/t", "retarded chi0")
    chi_spin: np.ndarray = variable(("q", "omega", "pair1", "pair2"), "1/t",
                                    "retarded RPA chi^s")
    chi_charge: np.ndarray = variable(("q", "omega", "pair1", "pair2"), "1/t",
                                      "retarded RPA chi^c")
    chi0_physical: np.ndarray = variable(("q", "omega"), "1/t", "sum_ab chi0_{aa,bb}")
    chi_spin_physical: np.ndarray = variable(("q", "omega"), "1/t", "sum_ab chi^s_{aa,bb}")

    def summary(self) -> dict[str, Any]:
        """Peak of chi_s'' per q (omega and value)."""
        spectral = self.chi_spin_physical.imag
        index = np.argmax(spectral, axis=1)
        return {"result": "DynamicResult", "eta": self.metadata["eta"],
                "omega_peak": [float(self.omega[i]) for i in index],
                "chi_spin_imag_peak": [float(spectral[j, i]) for j, i in enumerate(index)]}


def solve_dynamic(model: RPAModel, q: Any, omega: Any, eta: float) -> DynamicResult:
    """Retarded susceptibilities at momenta ``q`` (shape (n_q, 2)) and frequencies ``omega``.

    The spin RPA is ``[1 - chi0(q, omega) U^s]^{-1} chi0(q, omega)`` (charge likewise);
    ``eta`` is the Lorentzian broadening of the band sum.
    """
    from cooperlab.fluctuations.chi0 import chi0_real_frequency

    start = time.perf_counter()
    bands = model.band_mesh()
    q = np.atleast_2d(np.asarray(q, dtype=float))
    omega = np.atleast_1d(np.asarray(omega, dtype=float))
    chi0 = chi0_real_frequency(model.lattice, bands, q, omega, eta)
    n = model.n_orbitals
    interaction = model.interaction()
    chi_s = rpa_susceptibility(chi0, interaction.spin_vertex(n), 1.0)
    chi_c = rpa_susceptibility(chi0, interaction.charge_vertex(n), -1.0)
    static = chi0_mesh(bands)[0]   # the dynamic RPA holds where the static one is finite
    convergence = _stability(bands, static,
                             leading_eigenvalue(static, interaction.spin_vertex(n), 1.0),
                             leading_eigenvalue(static, interaction.charge_vertex(n), -1.0),
                             eta=float(eta), n_omega=int(omega.size), n_q=int(len(q)))
    meta = make_metadata(model=model, wall_time_s=time.perf_counter() - start, mu=bands.mu,
                         convergence=convergence,
                         filling=bands.filling, eta=float(eta),
                         orbitals=[o.name for o in model.lattice.orbitals])
    return DynamicResult(omega=omega, qx=q[:, 0], qy=q[:, 1], chi0=chi0, chi_spin=chi_s,
                         chi_charge=chi_c, chi0_physical=physical(chi0, n),
                         chi_spin_physical=physical(chi_s, n), metadata=meta)


def solve_interaction_sweep(model: RPAModel, U: Any = 0.5, J: Any = 0.0, *,
                            quantity: Literal["peaks", "u_c"] = "peaks",
                            **sweep_kwargs: Any) -> SweepResult:
    """U, J sweeps of the Stoner eigenvalues and susceptibility peaks, or of U_c per J/U.

    Parameters
    ----------
    model
        The model; its U and J are replaced by the swept values.
    U, J
        Numbers or arrays; for ``peaks`` those with more than one value are swept (``U``
        when neither is).
    quantity
        peaks: :func:`rpa_peaks` per (U, J); u_c: :func:`stoner_u_c` per J/U (J holds the
        ratios, U is ignored).
    sweep_kwargs
        To :func:`cooperlab.sweep` (executor, scheduler, store, ...).
    """
    from cooperlab.sweep import sweep

    us, js = np.atleast_1d(np.asarray(U, float)), np.atleast_1d(np.asarray(J, float))
    if quantity not in ("peaks", "u_c"):
        raise ValueError(f"quantity must be 'peaks' or 'u_c', got {quantity!r}")
    if quantity == "u_c":
        return sweep(stoner_u_c, replace(model, U=1.0, J=js[0]), J=js, **sweep_kwargs)
    swept = {k: v for k, v in (("U", us), ("J", js)) if len(v) > 1} or {"U": us}
    return sweep(rpa_peaks, replace(model, U=us[0], J=js[0]), **swept, **sweep_kwargs)


def rpa_peaks(model: RPAModel) -> dict[str, float]:
    """Largest Stoner eigenvalues and peak physical susceptibilities (for U, J sweeps).

    ``stoner_spin``/``stoner_charge`` are the leading eigenvalues of ``chi0 U^s`` and
    ``-chi0 U^c`` over q; the peaks of ``sum_ab chi_{aa,bb}`` are NaN where either
    channel is unstable (eigenvalue >= 1).
    """
    bands = model.band_mesh()
    chi0 = chi0_mesh(bands)[0]
    n = model.n_orbitals
    interaction = model.interaction()
    spin = float(leading_eigenvalue(chi0, interaction.spin_vertex(n), 1.0).max())
    charge = float(leading_eigenvalue(chi0, interaction.charge_vertex(n), -1.0).max())
    out = {"stoner_spin": spin, "stoner_charge": charge,
           "chi_spin_max": float("nan"), "chi_charge_max": float("nan")}
    if spin < 1.0 and charge < 1.0:
        chi_s, chi_c = rpa_mesh(model, chi0)
        out["chi_spin_max"] = float(physical(chi_s, n).real.max())
        out["chi_charge_max"] = float(physical(chi_c, n).real.max())
    return out


# Deprecated name (removed in the next release).
sweep_interaction = deprecated_alias(solve_interaction_sweep, "sweep_interaction")
