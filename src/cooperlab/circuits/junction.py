"""Josephson tunnel junctions from the electrodes' BCS gap: Ambegaokar-Baratoff I_c(T), E_J, E_C.

For an S-I-S tunnel junction of normal-state resistance ``R_N`` between electrodes with gaps
``Delta_1(T)``, ``Delta_2(T)`` the critical current is (Ambegaokar & Baratoff, Phys. Rev.
Lett. 10, 486 (1963); erratum 11, 104 (1963)), as a Matsubara sum with
``omega_n = pi k_B T (2n + 1)``::

    I_c R_N = (2 pi k_B T / e) sum_{n >= 0} Delta_1 Delta_2
                                / sqrt((omega_n^2 + Delta_1^2)(omega_n^2 + Delta_2^2)),

which for equal gaps sums to the closed form ``I_c R_N = (pi Delta / 2e) tanh(Delta / 2 k_B T)``
(so ``pi Delta(0) / 2e`` at T = 0). At T = 0 the sum becomes an integral,
``I_c R_N = (Delta_1 Delta_2 / e Delta_>) K(1 - Delta_<^2 / Delta_>^2)`` with ``K`` the complete
elliptic integral of the first kind (parameter ``m``). ``Delta(T)`` comes from cooperlab's own
BCS gap equation (:mod:`cooperlab.pairing.bcs_thermodynamics`) for the electrode's T_c.

The Josephson energy is ``E_J = hbar I_c / 2e = Phi_0 I_c / 2 pi`` and the charging energy
``E_C = e^2 / 2C``; both are returned as frequencies ``E / h`` in GHz.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from cooperlab.naming import renamed_fields, renamed_parameters
from cooperlab.numerics.josephson import MATSUBARA_REACH, ambegaokar_baratoff
from cooperlab.results import Convergence, ScalarResult, make_metadata, scalar
from cooperlab.units import E_CHARGE_C, FLUX_QUANTUM_WB, H_J_S, K_B_MEV_PER_K
from cooperlab.validation import require_nonnegative, require_positive

__all__ = [
    "JunctionModel",
    "JunctionResult",
    "ambegaokar_baratoff_ic_rn_uV",
    "bcs_gap_meV",
    "charging_energy_GHz",
    "josephson_energy_GHz",
    "solve_junction",
]


def bcs_gap_meV(tc_K: float, temperatures_K: Any) -> np.ndarray:
    """Weak-coupling BCS gap ``Delta(T)`` (meV) of a superconductor with critical temperature
    ``tc_K``, from cooperlab's gap equation (:class:`~cooperlab.pairing.BCSModel.from_tc`,
    constant DOS, cutoff ``100 k_B T_c``). Zero at and above T_c.
    """
    from cooperlab.pairing.bcs_thermodynamics import (
        T_FLOOR_FRACTION,
        BCSModel,
        critical_temperature_K,
        solve_gap_T,
    )

    require_positive("tc_K", tc_K, "K")
    temps = np.atleast_1d(np.asarray(temperatures_K, dtype=float))
    if np.any(~np.isfinite(temps)) or np.any(temps < 0):
        raise ValueError(f"temperatures_K must be finite and >= 0 K, got {temperatures_K!r}")
    model = BCSModel.from_tc(tc_K)
    tc_meV = K_B_MEV_PER_K * critical_temperature_K(model)
    t = np.maximum(K_B_MEV_PER_K * temps, T_FLOOR_FRACTION * tc_meV)
    return solve_gap_T(model, t, tc_meV)


@renamed_parameters(T_K="temperature_K")
def ambegaokar_baratoff_ic_rn_uV(gap1_meV: Any, gap2_meV: Any, temperature_K: Any) -> np.ndarray:
    """``I_c R_N`` in microvolts for gaps ``gap1_meV``, ``gap2_meV`` at ``temperature_K``.

    Vectorised over broadcast arrays. ``T = 0`` uses the elliptic-integral limit; ``T > 0``
    the Matsubara sum (see the module docstring) with an analytic tail.

    Parameters
    ----------
    gap1_meV, gap2_meV : array_like
        Gaps of the two electrodes (meV, >= 0).
    temperature_K : array_like
        Temperature (K, >= 0).

    Returns
    -------
    numpy.ndarray
        ``I_c R_N`` (uV); numerically ``Delta / e`` in meV is ``Delta`` in mV.
    """
    d1, d2, temps = np.broadcast_arrays(*(np.asarray(v, dtype=float)
                                          for v in (gap1_meV, gap2_meV, temperature_K)))
    if np.any(d1 < 0) or np.any(d2 < 0) or np.any(temps < 0):
        raise ValueError("gaps and temperature_K must be >= 0")
    return ambegaokar_baratoff(d1, d2, K_B_MEV_PER_K * temps) * 1e3  # meV / e = mV -> uV


def josephson_energy_GHz(ic_nA: Any) -> np.ndarray:
    """``E_J / h = Phi_0 I_c / (2 pi h)`` in GHz for a critical current in nA."""
    return np.asarray(ic_nA, dtype=float) * 1e-9 * FLUX_QUANTUM_WB / (2 * np.pi * H_J_S) / 1e9


def charging_energy_GHz(capacitance_fF: Any) -> np.ndarray:
    """``E_C / h = e^2 / (2 C h)`` in GHz for a capacitance in fF."""
    return E_CHARGE_C**2 / (2 * np.asarray(capacitance_fF, dtype=float) * 1e-15 * H_J_S) / 1e9


@renamed_fields(T_K="temperature_K")
@dataclass(frozen=True)
class JunctionModel:
    """An S-I-S tunnel junction between two BCS electrodes.

    Parameters
    ----------
    tc_K : float
        Critical temperature of electrode 1 (K). Use :meth:`from_material` for a preset.
    rn_ohm : float
        Normal-state tunnel resistance ``R_N`` (ohm).
    temperature_K : float
        Temperature (K, >= 0).
    tc2_K : float or None
        Critical temperature of electrode 2 (K); None: the same as electrode 1 (symmetric).
    capacitance_fF : float or None
        Total capacitance shunting the junction (fF); gives ``E_C`` and ``E_J / E_C``.
    """

    tc_K: float
    rn_ohm: float
    temperature_K: float = 0.0
    tc2_K: float | None = None
    capacitance_fF: float | None = None

    def __post_init__(self) -> None:
        require_positive("tc_K", self.tc_K, "K")
        require_positive("rn_ohm", self.rn_ohm, "ohm")
        require_nonnegative("temperature_K", self.temperature_K, "K")
        if self.tc2_K is not None:
            require_positive("tc2_K", self.tc2_K, "K")
        if self.capacitance_fF is not None:
            require_positive("capacitance_fF", self.capacitance_fF, "fF")

    @classmethod
    @renamed_parameters(T_K="temperature_K")
    def from_material(cls, name: str, rn_ohm: float, temperature_K: float = 0.0,
                      capacitance_fF: float | None = None,
                      material2: str | None = None) -> JunctionModel:
        """Junction whose electrodes are cooperlab presets (``"Al"``, ``"Nb"``, ``"Pb"``...).

        The gap is the weak-coupling BCS gap for the preset's *measured* T_c
        (``Material.tc_experiment_K``); strong-coupling corrections to ``2 Delta / k_B T_c``
        (about 4.3 for Pb, 3.9 for Nb) are not included.
        """
        from cooperlab.pairing.materials import material

        tc2 = None if material2 is None else material(material2).tc_experiment_K
        return cls(material(name).tc_experiment_K, rn_ohm, temperature_K, tc2, capacitance_fF)


    @classmethod
    @renamed_parameters(T_K="temperature_K")
    def from_electrodes(cls, rn_ohm: float, tc_K: float | None = None,
                        material: str | None = None, tc2_K: float | None = None,
                        temperature_K: float = 0.0,
                        capacitance_fF: float | None = None) -> JunctionModel:
        """Junction whose first electrode is given by its T_c or by a preset name.

        Parameters
        ----------
        rn_ohm : float
            Normal-state tunnel resistance R_N.
        tc_K : float or None
            Electrode T_c; exactly one of tc_K and material.
        material : str or None
            Preset (Al, Nb, Pb...) instead of tc_K (its measured T_c, :meth:`from_material`).
        tc2_K : float or None
            T_c of the second electrode (asymmetric junction); None: symmetric.
        temperature_K : float
            Temperature.
        capacitance_fF : float or None
            Shunt capacitance: gives E_C and E_J / E_C.
        """
        if (tc_K is None) == (material is None):
            raise ValueError("give exactly one of tc_K or material")
        if material is not None:
            return replace(cls.from_material(material, rn_ohm, temperature_K, capacitance_fF),
                           tc2_K=tc2_K)
        return cls(tc_K, rn_ohm, temperature_K, tc2_K, capacitance_fF)

@dataclass(kw_only=True)
class JunctionResult(ScalarResult):
    """Critical current and circuit energies of a junction (see :func:`solve_junction`)."""

    ic_nA: float = scalar("nA", "Ambegaokar-Baratoff critical current")
    ic_rn_uV: float = scalar("uV", "I_c R_N product")
    gap1_meV: float = scalar("meV", "BCS gap of electrode 1 at T")
    gap2_meV: float = scalar("meV", "BCS gap of electrode 2 at T")
    ej_GHz: float = scalar("GHz", "Josephson energy E_J / h")
    ec_GHz: float = scalar("GHz", "charging energy E_C / h (NaN without a capacitance)")
    ej_over_ec: float = scalar("", "E_J / E_C (NaN without a capacitance)")


def solve_junction(model: JunctionModel) -> JunctionResult:
    """Ambegaokar-Baratoff critical current I_c(T) from the BCS gap, E_J and E_C of a junction.

    ``I_c = (I_c R_N) / R_N`` with ``I_c R_N`` from :func:`ambegaokar_baratoff_ic_rn_uV` and
    the gaps from :func:`bcs_gap_meV` at ``model.T_K``.
    """
    start = time.perf_counter()
    gap1 = float(bcs_gap_meV(model.tc_K, model.temperature_K)[0])
    gap2 = gap1 if model.tc2_K is None else float(bcs_gap_meV(model.tc2_K, model.temperature_K)[0])
    ic_rn = float(ambegaokar_baratoff_ic_rn_uV(gap1, gap2, model.temperature_K))
    ic_nA = ic_rn * 1e-6 / model.rn_ohm * 1e9
    ej = float(josephson_energy_GHz(ic_nA))
    ec = math.nan if model.capacitance_fF is None else float(
        charging_energy_GHz(model.capacitance_fF))
    return JunctionResult(
        ic_nA=ic_nA, ic_rn_uV=ic_rn, gap1_meV=gap1, gap2_meV=gap2, ej_GHz=ej, ec_GHz=ec,
        ej_over_ec=ej / ec if math.isfinite(ec) else math.nan,
        metadata=make_metadata(model=model, wall_time_s=time.perf_counter() - start,
                               convergence=Convergence(
                                   passed=True,
                                   criterion="closed form: Ambegaokar-Baratoff Matsubara sum, "
                                             "explicit to matsubara_reach x max(Delta), the "
                                             "tail in closed form (relative error "
                                             "~ matsubara_reach^-5)",
                                   discretisation={"matsubara_reach": MATSUBARA_REACH},
                                   details={"matsubara_reach": MATSUBARA_REACH})),
    )
