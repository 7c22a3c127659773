"""Ginzburg-Landau units: physical (um, mT, uA, ns, uV) <-> dimensionless (xi, Bc2, tau0).

Inside every GL solver lengths are in units of the coherence length ``xi``, magnetic fields
in units of the upper critical field ``Bc2 = Phi0 / (2 pi xi^2)``, the vector potential in
units of ``xi Bc2 = Phi0 / (2 pi xi)`` (so that a closed line integral of ``A`` is
``2 pi Phi/Phi0``), times in units of ``tau0 = mu0 sigma lambda^2`` and the
electric potential in units of ``V0 = hbar / (2 e tau0)``. Current densities are in units of
``J0 = Phi0 / (2 pi mu0 lambda^2 xi)`` (the GL current ``J = Im[psi* (grad - iA) psi]``),
sheet currents ``K0 = J0 d`` and currents ``I0 = K0 xi`` for a film of thickness ``d``.
These are the units of Kramer & Watts-Tobin, PRL 40, 1041 (1978) and of pyTDGL
(Bishop-Van Horn, Comput. Phys. Commun. 291, 108799 (2023)) up to the factor 4 in pyTDGL's
J0, which cooperlab absorbs in the current: Jn = -grad(mu) in the same units as Js.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from cooperlab.gl.material import upper_critical_field_T
from cooperlab.units import E_CHARGE_C as ELEMENTARY_CHARGE_C
from cooperlab.units import FLUX_QUANTUM_WB, HBAR_J_S, MU_0_T_M_PER_A

__all__ = ["ELEMENTARY_CHARGE_C", "FLUX_QUANTUM_WB", "GLUnits", "HBAR_J_S"]


@dataclass(frozen=True)
class GLUnits:
    """Conversion factors of a film with coherence length ``xi_um``, depth ``lambda_um``.

    Parameters
    ----------
    xi_um, lambda_um, thickness_um : float
        Coherence length, London penetration depth and film thickness (um).
    conductivity_S_per_um : float
        Normal-state conductivity sigma (S/um, as pyTDGL).
    """

    xi_um: float
    lambda_um: float
    thickness_um: float
    conductivity_S_per_um: float

    @property
    def bc2_mT(self) -> float:
        """Upper critical field ``Phi0 / (2 pi xi^2)`` in mT."""
        return upper_critical_field_T(self.xi_um * 1e-6) * 1e3

    @property
    def tau0_ns(self) -> float:
        """Time unit ``mu0 sigma lambda^2`` in ns."""
        sigma_S_per_m = self.conductivity_S_per_um * 1e6
        return MU_0_T_M_PER_A * sigma_S_per_m * (self.lambda_um * 1e-6) ** 2 * 1e9

    @property
    def j0_A_per_m2(self) -> float:
        """Current density unit ``Phi0 / (2 pi mu0 lambda^2 xi)`` in A/m^2."""
        return FLUX_QUANTUM_WB / (
            2 * math.pi * MU_0_T_M_PER_A * (self.lambda_um * 1e-6) ** 2 * self.xi_um * 1e-6
        )

    @property
    def current_unit_uA(self) -> float:
        """Current unit ``I0 = J0 d xi`` in uA."""
        return self.j0_A_per_m2 * self.thickness_um * 1e-6 * self.xi_um * 1e-6 * 1e6

    @property
    def voltage_unit_uV(self) -> float:
        """Voltage unit ``V0 = hbar / (2 e tau0)`` in uV."""
        return HBAR_J_S / (2 * ELEMENTARY_CHARGE_C * self.tau0_ns * 1e-9) * 1e6

    @property
    def sheet_resistance_ohm(self) -> float:
        """Normal sheet resistance ``R_s = 1 / (sigma d)`` (ohm); equals V0 / I0."""
        return 1.0 / (self.conductivity_S_per_um * self.thickness_um)

    @property
    def flux_quantum_mT_um2(self) -> float:
        """Phi0 in mT um^2."""
        return FLUX_QUANTUM_WB * 1e3 * 1e12
