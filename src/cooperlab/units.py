"""Physical constants and unit conversions, in one place.

CODATA 2018 exact or recommended values. Energies inside cooperlab's public API are in
meV unless a docstring says otherwise; lengths in nm; temperatures in K; angles in degrees.
"""

from __future__ import annotations

#: Boltzmann constant in meV / K (CODATA 2018, exact).
K_B_MEV_PER_K = 8.617333262e-2
#: Reduced Planck constant in meV s.
HBAR_MEV_S = 6.582119569e-13
#: Planck constant in meV / GHz (h * 1 GHz).
H_MEV_PER_GHZ = 4.135667696e-3
#: Graphene lattice constant in nm (a = sqrt(3) * 0.142 nm).
GRAPHENE_LATTICE_CONSTANT_NM = 0.246


def velocity_m_per_s(hbar_v_mev_nm: float) -> float:
    """Convert hbar*v in meV nm to a velocity in m/s."""
    return hbar_v_mev_nm * 1e-9 / HBAR_MEV_S

#: Coulomb constant e^2 / (4 pi epsilon_0) in meV nm (CODATA 2018: 1.439964548 eV nm).
COULOMB_MEV_NM = 1439.964548

#: Elementary charge in C (CODATA 2018, exact): 1 eV in J.
EV_J = 1.602176634e-19
#: Vacuum permeability in T m / A (CODATA 2018).
MU_0_T_M_PER_A = 1.25663706212e-6

# -- circuits (SI, CODATA 2018 exact unless stated) -------------------------------------
#: Planck constant in J s (exact).
H_J_S = 6.62607015e-34
#: Reduced Planck constant in J s.
HBAR_J_S = H_J_S / (2 * 3.141592653589793)
#: Elementary charge in C (exact; equal to EV_J numerically).
E_CHARGE_C = EV_J
#: Superconducting flux quantum h / 2e in Wb.
FLUX_QUANTUM_WB = H_J_S / (2 * E_CHARGE_C)
#: Boltzmann constant in J / K (exact).
K_B_J_PER_K = 1.380649e-23
