"""Physical constants, taken once from :mod:`scipy.constants` (CODATA values of the installed
SciPy; the SI-defining constants h, e, k_B are exact).

Names carry their unit. :mod:`cooperlab.units` and :mod:`cooperlab.gl.tdgl.units` re-export these
under their historical names; nothing else in cooperlab types a constant's digits.
"""

from __future__ import annotations

import math

from scipy import constants as _si

#: Planck constant ``h`` in J s (exact).
PLANCK_J_S: float = _si.h
#: Reduced Planck constant ``hbar = h / 2 pi`` in J s.
HBAR_J_S: float = _si.hbar
#: Elementary charge ``e`` in C (exact); also 1 eV in J.
ELEMENTARY_CHARGE_C: float = _si.e
#: Boltzmann constant ``k_B`` in J / K (exact).
BOLTZMANN_J_PER_K: float = _si.k
#: Boltzmann constant ``k_B / e`` in meV / K.
BOLTZMANN_MEV_PER_K: float = _si.k / _si.e * 1e3
#: Reduced Planck constant ``hbar / e`` in meV s, as the 10-digit CODATA 2018 value: the
#: moire velocity conversion is pinned to it (rel 1e-12); ``scipy.constants.hbar / e * 1e3``
#: is 6.5821195695e-13, 8e-11 higher.
HBAR_MEV_S: float = 6.582119569e-13
#: Planck constant in meV / GHz: ``h * 1 GHz / e`` in meV.
PLANCK_MEV_PER_GHZ: float = _si.h * 1e9 / _si.e * 1e3
#: Superconducting flux quantum ``Phi_0 = h / 2e`` in Wb.
FLUX_QUANTUM_WB: float = _si.h / (2 * _si.e)
#: Electron rest mass ``m_e`` in kg.
ELECTRON_MASS_KG: float = _si.m_e
#: Vacuum permeability ``mu_0`` in T m / A.
VACUUM_PERMEABILITY_T_M_PER_A: float = _si.mu_0
#: Coulomb constant ``e^2 / (4 pi epsilon_0)`` in meV nm.
COULOMB_MEV_NM: float = _si.e / (4 * math.pi * _si.epsilon_0) * 1e9 * 1e3

__all__ = [
    "BOLTZMANN_J_PER_K",
    "BOLTZMANN_MEV_PER_K",
    "COULOMB_MEV_NM",
    "ELECTRON_MASS_KG",
    "ELEMENTARY_CHARGE_C",
    "FLUX_QUANTUM_WB",
    "HBAR_J_S",
    "HBAR_MEV_S",
    "PLANCK_J_S",
    "PLANCK_MEV_PER_GHZ",
    "VACUUM_PERMEABILITY_T_M_PER_A",
]
