"""Physical constants and unit conversions, in one place.

The constants come from :mod:`cooperlab.numerics.constants` (``scipy.constants``, CODATA values
of the installed SciPy); this module keeps their historical names. Energies inside cooperlab's
public API are in meV unless a docstring says otherwise; lengths in nm; temperatures in K;
angles in degrees.
"""

from __future__ import annotations

from cooperlab.numerics import constants as _constants

#: Boltzmann constant in meV / K.
K_B_MEV_PER_K = _constants.BOLTZMANN_MEV_PER_K
#: Reduced Planck constant in meV s.
HBAR_MEV_S = _constants.HBAR_MEV_S
#: Planck constant in meV / GHz (h * 1 GHz).
H_MEV_PER_GHZ = _constants.PLANCK_MEV_PER_GHZ
#: Graphene lattice constant in nm (a = sqrt(3) * 0.142 nm).
GRAPHENE_LATTICE_CONSTANT_NM = 0.246


def velocity_m_per_s(hbar_v_mev_nm: float) -> float:
    """Convert hbar*v in meV nm to a velocity in m/s."""
    return hbar_v_mev_nm * 1e-9 / HBAR_MEV_S

#: Coulomb constant e^2 / (4 pi epsilon_0) in meV nm.
COULOMB_MEV_NM = _constants.COULOMB_MEV_NM

#: Elementary charge in C (exact): 1 eV in J.
EV_J = _constants.ELEMENTARY_CHARGE_C
#: Vacuum permeability in T m / A.
MU_0_T_M_PER_A = _constants.VACUUM_PERMEABILITY_T_M_PER_A

# -- circuits (SI) ------------------------------------------------------------------------
#: Planck constant in J s (exact).
H_J_S = _constants.PLANCK_J_S
#: Reduced Planck constant in J s.
HBAR_J_S = _constants.HBAR_J_S
#: Elementary charge in C (exact; equal to EV_J numerically).
E_CHARGE_C = _constants.ELEMENTARY_CHARGE_C
#: Superconducting flux quantum h / 2e in Wb.
FLUX_QUANTUM_WB = _constants.FLUX_QUANTUM_WB
#: Boltzmann constant in J / K (exact).
K_B_J_PER_K = _constants.BOLTZMANN_J_PER_K


# -- the unit vocabulary of results ---------------------------------------------------------
#: Unit symbols of the natural scales that dimensionless solvers work in. A result's
#: ``units`` attribute is a unit expression that pint parses (``meV``, ``1/nm``, ``K``,
#: ``GHz``, ``mT``, ``um``, ``""`` or ``"1"`` for dimensionless, ``"rad^-0.5"``) in which
#: these symbols may stand as units of their own (``"1/t"``, ``"t/e"``, ``"K0 xi^3"``).
MODEL_SCALE_UNITS: dict[str, str] = {
    "t": "energy unit of a lattice model: its hopping t (eV for the pnictide presets)",
    "a": "lattice constant of a lattice model",
    "xi": "Ginzburg-Landau coherence length",
    "tau0": "Ginzburg-Landau time unit",
    "K0": "Ginzburg-Landau sheet-current unit",
    "V0": "Ginzburg-Landau voltage unit",
    "Bc2": "upper critical field, the Ginzburg-Landau field unit",
    "Hc": "thermodynamic critical field (GL energy densities in mu0 Hc^2)",
}
