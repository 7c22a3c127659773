"""Superconducting interconnects: depairing current and kinetic inductance versus temperature.

A strip, via or bump of cross-section ``A`` and length ``l`` made of a BCS superconductor
with London depth ``lambda_L(0)`` and Pippard length ``xi_0``:

    lambda(T)  = lambda_L(0) / sqrt(rho_s(T)),  rho_s = 1 - Y(T)  (clean BCS, cooperlab's own
                 :func:`~cooperlab.pairing.bcs_thermodynamics.solve_bcs_thermodynamics`),
    xi(T)      = 0.74 xi_0 / sqrt(1 - T / T_c)   (Ginzburg-Landau coherence length, clean limit;
                 Tinkham, *Introduction to Superconductivity*, Eq. (4.24a)),
    J_d(T)     = Phi_0 / (3 sqrt(3) pi mu_0 lambda(T)^2 xi(T))   (GL depairing current density,
                 Tinkham Eq. (4.36)),
    L_k(T)     = mu_0 lambda(T)^2 l / A   (kinetic inductance of a conductor thinner than
                 lambda: the current is uniform over the cross-section).

``J_d`` uses GL forms down to T = 0, where they are extrapolations (the microscopic
Kupriyanov-Lukichev result is about 25 % lower at T = 0); near T_c it is exact and falls as
``(1 - T/T_c)^(3/2)``, while ``L_k`` grows as ``1 / (1 - T/T_c)``. The normal-metal
alternative of the same shape has the resistance ``R = rho l / A`` (e.g. copper at 4 K,
residual resistivity about 0.02 uOhm cm for RRR = 100) and dissipates ``I^2 R``.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from cooperlab.results import Convergence, Result, field_label, make_metadata, scalar, variable
from cooperlab.units import FLUX_QUANTUM_WB, MU_0_T_M_PER_A
from cooperlab.validation import require_choice, require_int, require_positive

SHAPES = ("strip", "via", "bump")
#: GL coherence length at T -> 0 in units of the Pippard xi_0 (clean limit).
GL_CLEAN_FACTOR = 0.74

#: London depth lambda_L(0) and Pippard length xi_0 (nm), Kittel, *Introduction to Solid
#: State Physics*, 8th ed., Table 10.5 (calculated London depths, Pippard lengths); T_c (K)
#: measured.
SUPERCONDUCTORS: dict[str, tuple[float, float, float]] = {
    "Al": (1.18, 16.0, 1600.0),
    "Sn": (3.72, 34.0, 230.0),
    "Pb": (7.19, 37.0, 83.0),
    "Nb": (9.25, 39.0, 38.0),
}


def depairing_current_density(lambda_nm: Any, xi_nm: Any) -> np.ndarray:
    """GL depairing current density ``Phi_0 / (3 sqrt(3) pi mu_0 lambda^2 xi)`` in A/m^2."""
    lam = np.asarray(lambda_nm, dtype=float) * 1e-9
    xi = np.asarray(xi_nm, dtype=float) * 1e-9
    return FLUX_QUANTUM_WB / (3 * math.sqrt(3) * math.pi * MU_0_T_M_PER_A * lam**2 * xi)


def kinetic_inductance(lambda_nm: Any, length_um: float, area_um2: float) -> np.ndarray:
    """``mu_0 lambda^2 l / A`` in henry (thin-conductor limit)."""
    lam = np.asarray(lambda_nm, dtype=float) * 1e-9
    return MU_0_T_M_PER_A * lam**2 * (length_um * 1e-6) / (area_um2 * 1e-12)


@dataclass(frozen=True)
class Interconnect:
    """A superconducting wire between chips: material, shape and size.

    Parameters
    ----------
    material : str
        Preset name (``Al``, ``Sn``, ``Pb``, ``Nb``) giving ``tc_K``, ``lambda_0_nm``,
        ``xi_0_nm``; or ``"custom"`` with those three given.
    shape : "strip", "via" or "bump"
        A strip has ``width_um x thickness_um``; a via or bump a circular section of
        diameter ``width_um``.
    width_um : float
        Strip width or via/bump diameter.
    thickness_um : float
        Strip thickness.
    length_um : float
        Length.
    tc_K : float or None
        Critical temperature (custom material).
    lambda_0_nm : float or None
        London depth lambda_L(0) (custom material).
    xi_0_nm : float or None
        Pippard length xi_0 (custom material).
    normal_resistivity_uohm_cm : float
        Resistivity of the normal-metal alternative (default: copper at 4 K, RRR 100).
    """

    material: str = "Nb"
    shape: str = "strip"
    width_um: float = 1.0
    thickness_um: float = 0.02
    length_um: float = 1000.0
    tc_K: float | None = None
    lambda_0_nm: float | None = None
    xi_0_nm: float | None = None
    normal_resistivity_uohm_cm: float = field(default=0.02, metadata=field_label(
        "uOhm cm", "normal-metal resistivity"))

    def __post_init__(self) -> None:
        require_choice("material", self.material, (*SUPERCONDUCTORS, "custom"))
        require_choice("shape", self.shape, SHAPES)
        require_positive("width_um", self.width_um, "um")
        require_positive("thickness_um", self.thickness_um, "um")
        require_positive("length_um", self.length_um, "um")
        require_positive("normal_resistivity_uohm_cm", self.normal_resistivity_uohm_cm,
                         "uOhm cm")
        if self.material == "custom":
            for name in ("tc_K", "lambda_0_nm", "xi_0_nm"):
                if getattr(self, name) is None:
                    raise ValueError(f"{name} is required with material='custom'")
                require_positive(name, getattr(self, name))

    @property
    def parameters(self) -> tuple[float, float, float]:
        """``(T_c K, lambda_L(0) nm, xi_0 nm)``."""
        if self.material == "custom":
            return float(self.tc_K), float(self.lambda_0_nm), float(self.xi_0_nm)
        return SUPERCONDUCTORS[self.material]

    @property
    def area_um2(self) -> float:
        """Cross-section (um^2)."""
        if self.shape == "strip":
            return self.width_um * self.thickness_um
        return math.pi * self.width_um**2 / 4


@dataclass(kw_only=True)
class InterconnectResult(Result):
    """Depairing current, kinetic inductance and the normal-metal comparison versus T."""

    T: np.ndarray = variable(("T",), "K", "temperature", coordinate=True)
    lambda_nm: np.ndarray = variable(("T",), "nm", "penetration depth lambda(T)")
    xi_nm: np.ndarray = variable(("T",), "nm", "GL coherence length xi(T)")
    depairing_MA_per_cm2: np.ndarray = variable(("T",), "MA/cm^2", "GL depairing current density")
    depairing_current_mA: np.ndarray = variable(("T",), "mA", "depairing current of the section")
    kinetic_inductance_pH: np.ndarray = variable(("T",), "pH",
                                                 "kinetic inductance mu0 lambda^2 l/A")
    tc_K: float = scalar("K", "critical temperature")
    normal_resistance_ohm: float = scalar("ohm", "resistance of the normal-metal alternative")
    thin_limit: float = scalar("", "1 if the section is thinner than lambda(0), else 0")

    def summary(self) -> dict[str, Any]:
        """Values at the lowest temperature, for ``--json``."""
        return {"result": "InterconnectResult", "tc_K": float(self.tc_K),
                "T_K": float(self.T[0]), "lambda_nm": float(self.lambda_nm[0]),
                "depairing_MA_per_cm2": float(self.depairing_MA_per_cm2[0]),
                "depairing_current_mA": float(self.depairing_current_mA[0]),
                "kinetic_inductance_pH": float(self.kinetic_inductance_pH[0]),
                "normal_resistance_ohm": float(self.normal_resistance_ohm),
                "thin_limit": bool(self.thin_limit)}

    def plot(self, ax: Any = None, **kwargs: Any) -> Any:
        """Depairing current and kinetic inductance versus T."""
        from cooperlab.plotting import new_axes

        ax = new_axes(ax)
        ax.plot(self.T, self.depairing_current_mA, label="I_d (mA)", **kwargs)
        twin = ax.twinx()
        twin.plot(self.T, self.kinetic_inductance_pH, color="tab:red", label="L_k (pH)")
        ax.set_xlabel("T (K)")
        ax.set_ylabel("depairing current (mA)")
        twin.set_ylabel("kinetic inductance (pH)")
        return ax


def solve_interconnect(model: Interconnect, temperatures_K: Any = None,
                       n_temperatures: int = 41) -> InterconnectResult:
    """Depairing current and kinetic inductance of a strip, via or bump versus T.

    ``lambda(T)``, ``xi(T)``, ``J_d(T)``, ``I_d(T)`` and ``L_k(T)`` of ``model`` below T_c
    (default grid: ``n_temperatures`` points from 0 to 0.99 T_c)."""
    from cooperlab.pairing.bcs_thermodynamics import BCSModel, solve_bcs_thermodynamics

    start = time.perf_counter()
    tc, lambda0, xi0 = model.parameters
    if temperatures_K is None:
        require_int("n_temperatures", n_temperatures, 2, 10_000)
        temps = np.linspace(0.0, 0.99 * tc, n_temperatures)
    else:
        temps = np.atleast_1d(np.asarray(temperatures_K, dtype=float))
        if temps.ndim != 1 or np.any(~np.isfinite(temps)) or np.any(temps < 0) or np.any(
                temps >= tc):
            raise ValueError(f"temperatures_K must lie in [0, T_c = {tc:g} K), got {temps}")
    bcs = solve_bcs_thermodynamics(BCSModel.from_tc(tc, london_depth_0_nm=lambda0), temps)
    lam = np.asarray(bcs.penetration_depth_nm)
    xi = GL_CLEAN_FACTOR * xi0 / np.sqrt(1 - temps / tc)
    jd = depairing_current_density(lam, xi)
    area = model.area_um2
    lk = kinetic_inductance(lam, model.length_um, area)
    resistance = model.normal_resistivity_uohm_cm * 1e-8 * (model.length_um * 1e-6) / (
        area * 1e-12)
    thickness = model.thickness_um if model.shape == "strip" else model.width_um
    return InterconnectResult(
        T=temps, lambda_nm=lam, xi_nm=xi, depairing_MA_per_cm2=jd * 1e-4 / 1e6,
        depairing_current_mA=jd * area * 1e-12 * 1e3, kinetic_inductance_pH=lk * 1e12,
        tc_K=tc, normal_resistance_ohm=resistance,
        thin_limit=float(thickness * 1e3 < lambda0),
        metadata=make_metadata(model=model, wall_time_s=time.perf_counter() - start,
                               bcs_tc_K=float(bcs.tc_K),
                               convergence=Convergence(
                                   passed=bcs.convergence.passed,
                                   criterion="closed-form GL and London formulas on the BCS "
                                             "lambda(T): " + bcs.convergence.criterion,
                                   discretisation={**bcs.convergence.discretisation,
                                                   "n_temperatures": int(temps.size)})),
    )
