"""One Ginzburg-Landau material: xi, lambda, thickness, T_c, and the formulas that make it.

:class:`GLMaterial` is what every GL solver needs to know about a superconductor: the
coherence length ``xi``, the penetration depth ``lambda`` (both at ``temperature_K``), the
thickness of a film (None: bulk), the critical temperature and where the numbers came from.
The pairing results produce it (``gl_material()`` on
:class:`~cooperlab.pairing.BCSThermodynamics`, on a preset
:class:`~cooperlab.pairing.Material` with its Eliashberg or BCS result, and on the flat-band
:class:`~cooperlab.moire.superconductivity.FlatBandSuperconductor`); the film
(:meth:`~cooperlab.gl.tdgl.model.FilmModel.from_material`), the bulk vortex lattice
(:meth:`~cooperlab.gl.bulk.BulkModel.from_material`), the Meissner profile, the N-S surface
energy, Hc2 and the Abrikosov lattice take it. The chain bands -> pairing -> GL material ->
TDGL film then runs without a number copied by hand.

Formulas (SI; ``Phi0 = h / 2e``; every constant from :mod:`cooperlab.numerics.constants`):

- ``kappa = lambda / xi`` (GL parameter; type II for ``kappa > 1/sqrt 2``).
- ``mu0 Hc2 = Phi0 / (2 pi xi^2)`` (Abrikosov 1957; Tinkham, *Introduction to
  Superconductivity*, 2nd ed. (1996), ch. 4; equation numbers below are from memory, the
  formulas are the standard ones).
- ``mu0 Hc = Phi0 / (2 sqrt 2 pi xi lambda)``: the thermodynamic field (Tinkham eq. 4.20).
- Pearl length of a film of thickness ``d``: ``Lambda = 2 lambda^2 / d`` (Pearl, Appl. Phys.
  Lett. 5, 65 (1964)); the film solver screens with the effective depth ``lambda^2 / d``.
- GL temperature laws near T_c: ``xi(T) = xi(0) / sqrt(1 - T/T_c)`` and
  ``lambda(T) = lambda(0) / sqrt(1 - T/T_c)`` (Tinkham ch. 4), so kappa does not
  depend on T; :meth:`GLMaterial.at_temperature` moves a material along them. ``xi(0)`` and
  ``lambda(0)`` are the extrapolations of these near-T_c laws, not the microscopic T = 0
  lengths.
- BCS (Pippard) coherence length ``xi0 = hbar v_F / (pi Delta0)`` (BCS 1957; Tinkham
  ch. 3) and the London depth ``lambda_L = sqrt(m* / (mu0 n e^2))`` (London & London 1935;
  Tinkham ch. 1).
- Clean-limit GL lengths from a BCS metal (Gor'kov 1959; Tinkham eqs. 4.24a, 4.26a):
  ``xi_GL(T) = sqrt(7 zeta(3) / 48) / pi * hbar v_F / (k_B T_c) / sqrt(1 - t)`` (= 0.739
  xi0 / sqrt(1 - t) with the weak-coupling ``Delta0 = 1.764 k_B T_c``) and
  ``lambda_GL(T) = lambda_L(0) / sqrt(2 (1 - t))``; together ``kappa = 0.96 lambda_L / xi0``.
- Penetration depth of a two-dimensional superconductor from its superfluid weight ``D_s``
  (the curvature of the grand potential per area in the electron twist ``q``,
  ``Omega = Omega_0 + A D_s q^2 / 2``, with ``hbar q -> e A`` minimal coupling): the sheet
  current is ``K = -(e^2 D_s / hbar^2) A``, London's ``K = -(d / mu0 lambda^2) A``, so
  ``1 / lambda^2 = mu0 e^2 D_s / (hbar^2 d)`` for a sheet of thickness ``d`` and
  ``Lambda = 2 hbar^2 / (mu0 e^2 D_s)`` whatever ``d`` (Hu, Hyart, Pikulin & Rossi, PRL 123,
  237002 (2019); Julku, Peltonen, Liang, Heikkila & Torma, PRB 101, 060505 (2020)). Check:
  a parabolic band has ``D_s = hbar^2 n / m`` at T = 0, which gives London's lambda_L.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from scipy.special import zeta

from cooperlab.numerics.constants import (
    BOLTZMANN_J_PER_K,
    ELECTRON_MASS_KG,
    ELEMENTARY_CHARGE_C,
    FLUX_QUANTUM_WB,
    HBAR_J_S,
    VACUUM_PERMEABILITY_T_M_PER_A,
)
from cooperlab.results import field_label
from cooperlab.validation import require_positive, require_range

#: ``xi_GL(0) = GORKOV_CLEAN * hbar v_F / (k_B T_c)``: sqrt(7 zeta(3) / 48) / pi (Gor'kov).
GORKOV_CLEAN = math.sqrt(7 * float(zeta(3)) / 48) / math.pi
#: ``xi_GL(0) / xi0`` in weak coupling (``Delta0 / k_B T_c = pi e^-gamma``): 0.7385.
GORKOV_CLEAN_OVER_XI0 = GORKOV_CLEAN * math.pi * math.pi * math.exp(-float(np.euler_gamma))


# -- the conversion formulas, in one place -------------------------------------------------
def upper_critical_field_T(xi_m: float) -> float:
    """``mu0 Hc2 = Phi0 / (2 pi xi^2)`` in tesla for ``xi_m`` in metres."""
    return FLUX_QUANTUM_WB / (2 * math.pi * xi_m ** 2)


def thermodynamic_field_T(xi_m: float, lambda_m: float) -> float:
    """``mu0 Hc = Phi0 / (2 sqrt 2 pi xi lambda)`` in tesla (lengths in metres)."""
    return FLUX_QUANTUM_WB / (2 * math.sqrt(2) * math.pi * xi_m * lambda_m)


def bcs_coherence_length_nm(fermi_velocity_m_per_s: float, gap_meV: float) -> float:
    """Pippard / BCS ``xi0 = hbar v_F / (pi Delta0)`` in nm."""
    require_positive("fermi_velocity_m_per_s", fermi_velocity_m_per_s, "m/s")
    require_positive("gap_meV", gap_meV, "meV")
    gap_J = gap_meV * 1e-3 * ELEMENTARY_CHARGE_C
    return HBAR_J_S * fermi_velocity_m_per_s / (math.pi * gap_J) * 1e9


def gorkov_coherence_length_nm(fermi_velocity_m_per_s: float, tc_K: float) -> float:
    """Clean-limit GL ``xi_GL(0) = sqrt(7 zeta(3)/48)/pi * hbar v_F / (k_B T_c)`` in nm."""
    require_positive("fermi_velocity_m_per_s", fermi_velocity_m_per_s, "m/s")
    require_positive("tc_K", tc_K, "K")
    return GORKOV_CLEAN * HBAR_J_S * fermi_velocity_m_per_s / (BOLTZMANN_J_PER_K * tc_K) * 1e9


def london_depth_nm(electron_density_per_m3: float, mass_ratio: float = 1.0) -> float:
    """``lambda_L = sqrt(m* / (mu0 n e^2))`` in nm, ``m* = mass_ratio m_e``."""
    require_positive("electron_density_per_m3", electron_density_per_m3, "1/m^3")
    require_positive("mass_ratio", mass_ratio)
    return math.sqrt(mass_ratio * ELECTRON_MASS_KG / (
        VACUUM_PERMEABILITY_T_M_PER_A * electron_density_per_m3
        * ELEMENTARY_CHARGE_C ** 2)) * 1e9


def sheet_penetration_depth_nm(superfluid_weight_meV: float, thickness_nm: float) -> float:
    """``lambda`` of a sheet of thickness ``d`` with superfluid weight ``D_s`` (meV):
    ``1 / lambda^2 = mu0 e^2 D_s / (hbar^2 d)`` (see the module docstring)."""
    require_positive("superfluid_weight_meV", superfluid_weight_meV, "meV")
    require_positive("thickness_nm", thickness_nm, "nm")
    ds_J = superfluid_weight_meV * 1e-3 * ELEMENTARY_CHARGE_C
    inverse_square = VACUUM_PERMEABILITY_T_M_PER_A * ELEMENTARY_CHARGE_C ** 2 * ds_J / (
        HBAR_J_S ** 2 * thickness_nm * 1e-9)
    return 1e9 / math.sqrt(inverse_square)


def pearl_length_nm(lambda_nm: float, thickness_nm: float) -> float:
    """Pearl length ``2 lambda^2 / d`` (nm)."""
    return 2 * lambda_nm ** 2 / thickness_nm


# -- the material -------------------------------------------------------------------------
@dataclass(frozen=True)
class GLMaterial:
    """A superconductor as GL theory sees it.

    Parameters
    ----------
    xi_nm, lambda_nm : float
        GL coherence length and penetration depth (nm) at ``temperature_K``; at
        ``temperature_K = 0`` the extrapolations ``xi(0)``, ``lambda(0)`` of the near-T_c
        laws (module docstring).
    tc_K : float
        Critical temperature (K) at which the GL coefficient changes sign (mean field).
    thickness_nm : float or None
        Film thickness (nm); None for a bulk sample.
    temperature_K : float
        Temperature the lengths hold at (K), ``0 <= T < T_c``.
    source : str
        Where the numbers come from (the pairing result and the relations used).
    """

    xi_nm: float = field(metadata=field_label("nm", "coherence length"))
    lambda_nm: float = field(metadata=field_label("nm", "penetration depth"))
    tc_K: float = field(metadata=field_label("K", "critical temperature"))
    thickness_nm: float | None = field(default=None,
                                       metadata=field_label("nm", "film thickness"))
    temperature_K: float = field(default=0.0, metadata=field_label("K", "temperature"))
    source: str = field(default="given", metadata=field_label("", "provenance"))

    def __post_init__(self) -> None:
        require_range("xi_nm", self.xi_nm, 0.0, 1e9, low_inclusive=False, unit="nm")
        require_range("lambda_nm", self.lambda_nm, 0.0, 1e12, low_inclusive=False, unit="nm")
        require_positive("tc_K", self.tc_K, "K")
        if self.thickness_nm is not None:
            require_range("thickness_nm", self.thickness_nm, 0.0, 1e9, low_inclusive=False,
                          unit="nm")
        require_range("temperature_K", self.temperature_K, 0.0, self.tc_K,
                      high_inclusive=False, unit="K")
        if not isinstance(self.source, str):
            raise ValueError(f"source must be a string, got {self.source!r}")

    # -- what follows from xi and lambda --------------------------------------------------
    @property
    def kappa(self) -> float:
        """GL parameter ``lambda / xi``."""
        return self.lambda_nm / self.xi_nm

    @property
    def type_ii(self) -> bool:
        """``kappa > 1 / sqrt 2``: vortices enter (negative N-S surface energy)."""
        return self.kappa > 1 / math.sqrt(2)

    @property
    def hc2_mT(self) -> float:
        """Upper critical field ``Phi0 / (2 pi xi^2)`` (mT), the GL field unit Bc2."""
        return upper_critical_field_T(self.xi_nm * 1e-9) * 1e3

    @property
    def hc_mT(self) -> float:
        """Thermodynamic critical field ``Phi0 / (2 sqrt 2 pi xi lambda)`` (mT)."""
        return thermodynamic_field_T(self.xi_nm * 1e-9, self.lambda_nm * 1e-9) * 1e3

    @property
    def pearl_length_nm(self) -> float:
        """Pearl length ``2 lambda^2 / d`` of the film (nm); a bulk material has none."""
        if self.thickness_nm is None:
            raise ValueError("a bulk material (thickness_nm=None) has no Pearl length")
        return pearl_length_nm(self.lambda_nm, self.thickness_nm)

    @property
    def xi_um(self) -> float:
        return self.xi_nm * 1e-3

    @property
    def lambda_um(self) -> float:
        return self.lambda_nm * 1e-3

    # -- other temperatures and shapes ----------------------------------------------------
    def at_temperature(self, temperature_K: float) -> GLMaterial:
        """The material at ``temperature_K`` by the GL laws ``xi, lambda ~ (1 - T/T_c)^-1/2``
        (exact near T_c, an extrapolation far below it); kappa is unchanged."""
        require_range("temperature_K", temperature_K, 0.0, self.tc_K, high_inclusive=False,
                      unit="K")
        factor = math.sqrt((1 - self.temperature_K / self.tc_K)
                           / (1 - temperature_K / self.tc_K))
        return replace(self, xi_nm=self.xi_nm * factor, lambda_nm=self.lambda_nm * factor,
                       temperature_K=float(temperature_K))

    def with_thickness(self, thickness_nm: float | None) -> GLMaterial:
        """The same material as a film of ``thickness_nm`` (None: bulk)."""
        return replace(self, thickness_nm=thickness_nm)

    def summary(self) -> dict[str, Any]:
        """The lengths and the fields that follow from them, for ``--json``."""
        out = {"xi_nm": self.xi_nm, "lambda_nm": self.lambda_nm, "kappa": self.kappa,
               "tc_K": self.tc_K, "temperature_K": self.temperature_K,
               "thickness_nm": self.thickness_nm, "hc2_mT": self.hc2_mT,
               "hc_mT": self.hc_mT, "source": self.source}
        if self.thickness_nm is not None:
            out["pearl_length_nm"] = self.pearl_length_nm
        return out


def given(material: GLMaterial | None) -> dict[str, GLMaterial]:
    """``{"material": material}`` for a result's metadata, empty when none was given."""
    return {} if material is None else {"material": material}


def clean_bcs_material(*, tc_K: float, fermi_velocity_m_per_s: float, london_depth_nm: float,
                       thickness_nm: float | None = None, temperature_K: float = 0.0,
                       source: str = "") -> GLMaterial:
    """The GL material of a clean BCS metal (Gor'kov): ``xi(0) = sqrt(7 zeta(3)/48)/pi hbar
    v_F / (k_B T_c)``, ``lambda(0) = lambda_L(0) / sqrt 2``, moved to ``temperature_K``.

    Parameters
    ----------
    tc_K : float
        Critical temperature (K).
    fermi_velocity_m_per_s : float
        Fermi velocity of the quasiparticles (renormalised, where a coupling renormalises it).
    london_depth_nm : float
        London penetration depth at T = 0 (nm).
    """
    require_positive("london_depth_nm", london_depth_nm, "nm")
    xi0 = gorkov_coherence_length_nm(fermi_velocity_m_per_s, tc_K)
    relation = ("clean-limit GL (Gor'kov): xi(0) = 0.739 hbar v_F / (pi 1.764 k_B T_c), "
                "lambda(0) = lambda_L(0) / sqrt 2")
    material = GLMaterial(xi_nm=xi0, lambda_nm=london_depth_nm / math.sqrt(2), tc_K=tc_K,
                          thickness_nm=thickness_nm,
                          source=f"{source}; {relation}" if source else relation)
    return material.at_temperature(temperature_K) if temperature_K else material
