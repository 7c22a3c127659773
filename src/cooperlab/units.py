"""Physical constants and unit conversions, in one place.

CODATA 2018 exact or recommended values. Energies inside cooperlab's public API are in
meV unless a docstring says otherwise; lengths in nm; temperatures in K; angles in degrees.
"""

from __future__ import annotations

import math

#: Boltzmann constant in meV / K (CODATA 2018, exact).
K_B_MEV_PER_K = 8.617333262e-2
#: Reduced Planck constant in meV s.
HBAR_MEV_S = 6.582119569e-13
#: Planck constant in meV / GHz (h * 1 GHz).
H_MEV_PER_GHZ = 4.135667696e-3
#: Graphene lattice constant in nm (a = sqrt(3) * 0.142 nm).
GRAPHENE_LATTICE_CONSTANT_NM = 0.246


def degrees_to_radians(angle_deg: float) -> float:
    """Convert degrees to radians."""
    return angle_deg * math.pi / 180.0


def kelvin_to_mev(temperature_k: float) -> float:
    """Thermal energy k_B T in meV for a temperature in K."""
    return K_B_MEV_PER_K * temperature_k


def velocity_m_per_s(hbar_v_mev_nm: float) -> float:
    """Convert hbar*v in meV nm to a velocity in m/s."""
    return hbar_v_mev_nm * 1e-9 / HBAR_MEV_S
