"""BCS thermodynamics for a given density of states: Delta(T), T_c, F, S, C, H_c(T), lambda(T).

Weak-coupling BCS (Bardeen, Cooper & Schrieffer, Phys. Rev. 108, 1175 (1957)) with an
attraction ``V`` acting within ``|xi| < omega_c`` of the Fermi level, a density of states per
spin ``N(E_F + xi) = N_F n(xi)`` (``n = 1``: constant DOS) and the chemical potential held
at ``E_F``. With ``lambda = N_F V``, ``E = sqrt(xi^2 + Delta^2)`` and ``k_B = 1``:

    gap:           1 / lambda = int_{-w_c}^{w_c} dxi n(xi) tanh(E / 2T) / (2E),
    free energy:   (F_s - F_n) / N_F = Delta^2 / lambda
                       - int dxi n(xi) [E - |xi| + 2T ln(1 + e^{-E/T}) - 2T ln(1 + e^{-|xi|/T})],
    entropy:       S / N_F = 2 int dxi n(xi) [ln(1 + e^{-E/T}) + (E/T) f(E)],
    heat capacity: C / N_F = (2 / T) int dxi n(xi) (-df/dE) [E^2 - (T/2) dDelta^2/dT],
    superfluid:    rho_s = lambda_L(0)^2 / lambda_L(T)^2 = 1 - Y(T),
                   Y = int n (-df/dE) / int n (-df/dxi)       (clean limit, constant v_F),

(Tinkham, *Introduction to Superconductivity*, 2nd ed., Ch. 3). ``dDelta^2/dT`` comes from
the implicit-function theorem on the gap equation (exact, no finite differences), so the
specific-heat jump at T_c is evaluated at ``Delta -> 0`` directly. Normal state:
``gamma = (2 pi^2 / 3) N_F k_B^2``; the thermodynamic critical field is
``mu_0 H_c^2 / 2 = F_n - F_s`` (SI). Weak-coupling limits, pinned in
``tests/pairing/test_bcs_thermodynamics.py``: ``2 Delta(0) / k_B T_c = 3.528``,
``Delta C / gamma T_c = 1.43``, ``Delta -> 3.06 k_B T_c sqrt(1 - T/T_c)``,
``rho_s -> 2 (1 - T/T_c)``.

Only ``|xi|`` enters ``E``, so each integral is folded onto ``0 <= xi <= w_c`` with
``n(xi) + n(-xi)``; it is done by Gauss-Legendre panels whose widths grow geometrically
from ``1e-9 w_c`` (every scale from ``min(T, Delta)`` up to ``w_c`` gets the same
relative resolution). Everything is vectorised over the temperatures and the grid.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy.optimize import brentq

from cooperlab.numerics.occupations import fermi_dirac, fermi_dirac_derivative
from cooperlab.results import Convergence, Result, make_metadata, scalar, variable
from cooperlab.units import EV_J, K_B_MEV_PER_K, MU_0_T_M_PER_A
from cooperlab.validation import require_int, require_positive, require_range

if TYPE_CHECKING:
    from cooperlab.gl.material import GLMaterial

#: Nodes per Gauss-Legendre panel and the smallest panel edge (units of the cutoff).
GAUSS_NODES = 16
SMALLEST_EDGE = 1e-9
#: Temperatures below this fraction of T_c are evaluated there (exactly T = 0 physics).
T_FLOOR_FRACTION = 1e-3


@dataclass(frozen=True, eq=False)
class BCSModel:
    """A weak-coupling BCS superconductor.

    Parameters
    ----------
    coupling : float
        ``lambda = N(E_F) V`` (dimensionless, per spin).
    cutoff_meV : float
        Pairing window ``|xi| < cutoff`` about the Fermi level (a Debye-like energy).
    dos_energy_meV, dos : arrays or None
        Tabulated density of states ``N(E)`` (any normalisation: only ``N(E) / N(E_F)``
        enters); None is a constant DOS. Must cover ``E_F +- cutoff``.
    fermi_energy_meV : float
        ``E_F`` on the energy axis of the table.
    n0_per_eV_nm3 : float or None
        ``N(E_F)`` per spin and volume (states / (eV nm^3)): gives the critical field in
        tesla. Without it only ``H_c(T) / H_c(0)`` is reported.
    london_depth_0_nm : float or None
        ``lambda_L(0)`` (nm): gives ``lambda_L(T)`` in nm; without it only the superfluid
        fraction ``lambda_L(0)^2 / lambda_L(T)^2`` is reported.
    """

    coupling: float
    cutoff_meV: float
    dos_energy_meV: np.ndarray | None = None
    dos: np.ndarray | None = None
    fermi_energy_meV: float = 0.0
    n0_per_eV_nm3: float | None = None
    london_depth_0_nm: float | None = None
    _grid: tuple[np.ndarray, np.ndarray] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        require_range("coupling", self.coupling, 0.0, 10.0, low_inclusive=False)
        require_positive("cutoff_meV", self.cutoff_meV, "meV")
        if self.n0_per_eV_nm3 is not None:
            require_positive("n0_per_eV_nm3", self.n0_per_eV_nm3, "1/(eV nm^3)")
        if self.london_depth_0_nm is not None:
            require_positive("london_depth_0_nm", self.london_depth_0_nm, "nm")
        if (self.dos is None) != (self.dos_energy_meV is None):
            raise ValueError("dos and dos_energy_meV must be given together")
        xi, weight = _panels(self.cutoff_meV)
        shape = np.ones_like(xi)
        if self.dos is not None:
            energy = np.asarray(self.dos_energy_meV, dtype=float)
            values = np.asarray(self.dos, dtype=float)
            if energy.ndim != 1 or energy.shape != values.shape or energy.size < 2:
                raise ValueError("dos and dos_energy_meV must be 1-d arrays of equal length")
            if np.any(np.diff(energy) <= 0) or np.any(values < 0):
                raise ValueError("dos_energy_meV must increase and dos be >= 0")
            ef = self.fermi_energy_meV
            if energy[0] > ef - self.cutoff_meV or energy[-1] < ef + self.cutoff_meV:
                raise ValueError(
                    f"cutoff_meV = {self.cutoff_meV:g} reaches outside the DOS table "
                    f"[{energy[0]:g}, {energy[-1]:g}] meV about fermi_energy_meV = {ef:g}")
            at_fermi = float(np.interp(ef, energy, values))
            if at_fermi <= 0:
                raise ValueError(f"dos at fermi_energy_meV = {ef:g} must be > 0")
            shape = 0.5 * (np.interp(ef + xi, energy, values)
                           + np.interp(ef - xi, energy, values)) / at_fermi
            object.__setattr__(self, "dos_energy_meV", energy)
            object.__setattr__(self, "dos", values)
        # Folded measure: int_{-w_c}^{w_c} n(xi) g(|xi|) dxi = sum(weight * g(xi)).
        object.__setattr__(self, "_grid", (xi, 2 * weight * shape))

    @classmethod
    def from_tc(cls, tc_K: float, cutoff_meV: float | None = None, **kwargs: Any) -> BCSModel:
        """Constant-DOS model whose T_c is ``tc_K`` (coupling solved for, Brent's method).

        ``cutoff_meV`` defaults to ``100 k_B T_c`` (weak coupling: corrections of order
        ``(T_c / w_c)^2`` to the universal ratios are then below 1e-4).
        """
        require_positive("tc_K", tc_K, "K")
        cutoff = 100 * K_B_MEV_PER_K * tc_K if cutoff_meV is None else cutoff_meV
        require_positive("cutoff_meV", cutoff, "meV")

        def residual(log_coupling: float) -> float:
            model = cls(float(np.exp(log_coupling)), cutoff, **kwargs)
            return np.log(critical_temperature_K(model) / tc_K)

        if cutoff <= 2 * K_B_MEV_PER_K * tc_K:
            raise ValueError(f"cutoff_meV must exceed 2 k_B tc_K = "
                             f"{2 * K_B_MEV_PER_K * tc_K:g} meV, got {cutoff:g}")
        estimate = 1.0 / np.log(1.134 * cutoff / (K_B_MEV_PER_K * tc_K))
        low, high = np.log(0.5 * estimate), np.log(min(10.0, 3 * estimate))
        coupling = float(np.exp(brentq(residual, low, high, xtol=1e-13)))
        return cls(coupling, cutoff, **kwargs)

    @classmethod
    def constant_dos(cls, tc_K: float | None = None, coupling: float | None = None,
                     cutoff_meV: float | None = None, n0_per_eV_nm3: float | None = None,
                     london_depth_0_nm: float | None = None) -> BCSModel:
        """Constant-DOS model from its T_c (:meth:`from_tc`) or from its coupling.

        Parameters
        ----------
        tc_K : float or None
            Critical temperature; the coupling is solved for. Exactly one of tc_K, coupling.
        coupling : float or None
            lambda = N(E_F) V instead of tc_K (needs cutoff_meV).
        cutoff_meV : float or None
            Pairing cutoff; default 100 k_B T_c with tc_K.
        n0_per_eV_nm3 : float or None
            N(E_F) per spin and volume (states/(eV nm^3)): H_c in tesla.
        london_depth_0_nm : float or None
            lambda_L(0): the penetration depth lambda_L(T) in nm.
        """
        extra = {"n0_per_eV_nm3": n0_per_eV_nm3, "london_depth_0_nm": london_depth_0_nm}
        if (tc_K is None) == (coupling is None):
            raise ValueError("give exactly one of tc_K or coupling")
        if tc_K is not None:
            return cls.from_tc(tc_K, cutoff_meV, **extra)
        if cutoff_meV is None:
            raise ValueError("coupling needs cutoff_meV")
        return cls(coupling, cutoff_meV, **extra)

    @classmethod
    def from_density_of_states(cls, dos: Any, fermi_energy_meV: float, coupling: float,
                               cutoff_meV: float, **kwargs: Any) -> BCSModel:
        """Model on a tabulated DOS result (``energy``, ``dos`` arrays, e.g.
        :class:`cooperlab.moire.DensityOfStates`) about ``fermi_energy_meV``."""
        return cls(coupling, cutoff_meV, dos_energy_meV=np.asarray(dos.energy),
                   dos=np.asarray(dos.dos), fermi_energy_meV=fermi_energy_meV, **kwargs)

    def to_dict(self) -> dict[str, Any]:
        """JSON description for result metadata (the DOS table included)."""
        table = None if self.dos is None else {"energy_meV": self.dos_energy_meV.tolist(),
                                                 "dos": self.dos.tolist()}
        return {"coupling": self.coupling, "cutoff_meV": self.cutoff_meV,
                "fermi_energy_meV": self.fermi_energy_meV, "dos_table": table,
                "n0_per_eV_nm3": self.n0_per_eV_nm3,
                "london_depth_0_nm": self.london_depth_0_nm}


def _panels(cutoff: float) -> tuple[np.ndarray, np.ndarray]:
    """Gauss-Legendre nodes and weights on ``[0, cutoff]``, panels doubling from 1e-9."""
    edges = np.concatenate([[0.0], cutoff * np.geomspace(SMALLEST_EDGE, 1.0, 31)])
    x, w = np.polynomial.legendre.leggauss(GAUSS_NODES)
    left, right = edges[:-1, None], edges[1:, None]
    nodes = 0.5 * (right - left) * x[None, :] + 0.5 * (right + left)
    weights = 0.5 * (right - left) * w[None, :]
    return nodes.ravel(), weights.ravel()


def _sech2(x: np.ndarray) -> np.ndarray:
    """``sech^2 x`` for x >= 0 without overflow."""
    e = np.exp(-2 * x)
    return 4 * e / (1 + e) ** 2


def _gap_sum(model: BCSModel, gap: np.ndarray, t: np.ndarray) -> np.ndarray:
    """``int n tanh(E/2T) / (2E)`` for arrays of (gap, T) in meV (broadcast)."""
    xi, weight = model._grid
    e = np.sqrt(xi**2 + gap[..., None] ** 2)
    return np.sum(weight * np.tanh(e / (2 * t[..., None])) / (2 * e), axis=-1)


def critical_temperature_K(model: BCSModel) -> float:
    """T_c (K): root of ``lambda int n tanh(xi/2T)/(2 xi) = 1`` (Brent's method)."""
    target = 1.0 / model.coupling
    w_c = model.cutoff_meV
    # tanh(x)/x <= 1 bounds the sum by sum(weight) / (4T): no root above that T.
    ceiling = model.coupling * float(np.sum(model._grid[1])) / 4

    def residual(log_t: float) -> float:
        t = np.array(np.exp(log_t))
        return float(_gap_sum(model, np.array(0.0), t)) - target

    low, high = np.log(1e-8 * w_c), np.log(2 * ceiling)
    if residual(low) <= 0:
        raise ValueError(f"coupling = {model.coupling:g} gives T_c below 1e-8 cutoff_meV "
                         "(too weak for this DOS)")
    return float(np.exp(brentq(residual, low, high, xtol=1e-14, rtol=1e-13))) / K_B_MEV_PER_K


def solve_gap_T(model: BCSModel, temperatures_meV: np.ndarray, tc_meV: float,
                iterations: int = 100) -> np.ndarray:
    """``Delta(T)`` (meV) at all temperatures at once: vectorised bisection on the gap
    equation (``int n tanh(E/2T)/(2E)`` decreases with Delta); 0 at and above T_c."""
    t = np.asarray(temperatures_meV, dtype=float)
    target = 1.0 / model.coupling
    low = np.zeros_like(t)
    high = np.full_like(t, 2 * model.cutoff_meV)
    below = t < tc_meV
    for _ in range(iterations):
        mid = 0.5 * (low + high)
        larger = _gap_sum(model, mid, t) > target
        low = np.where(larger, mid, low)
        high = np.where(larger, high, mid)
    return np.where(below, 0.5 * (low + high), 0.0)


def bcs_gap_fraction(reduced_temperature: Any) -> np.ndarray:
    """Weak-coupling ``Delta(T) / Delta(0)`` at ``T / T_c`` (0 at and above 1).

    The universal BCS curve, from the gap equation of a constant-DOS model with a cutoff
    of ``100 k_B T_c`` (corrections below 1e-4); ``-> 1.74 sqrt(1 - T/T_c)`` near T_c.
    """
    t = np.atleast_1d(np.asarray(reduced_temperature, dtype=float))
    if np.any(~np.isfinite(t)) or np.any(t < 0):
        raise ValueError(f"reduced_temperature must be finite and >= 0, got {reduced_temperature}")
    model = BCSModel.from_tc(1.0)
    tc = K_B_MEV_PER_K
    floor = T_FLOOR_FRACTION * tc
    gaps = solve_gap_T(model, np.maximum(np.append(t, 0.0) * tc, floor), tc)
    return gaps[:-1] / gaps[-1]


def _x_sech2_minus_tanh(x: np.ndarray) -> np.ndarray:
    """``x sech^2 x - tanh x`` (x >= 0), by its series ``-2x^3/3 + 8x^5/15`` at small x."""
    small = x < 1e-2
    xs = np.where(small, x, 0.0)
    series = -2 * xs**3 / 3 + 8 * xs**5 / 15
    return np.where(small, series, x * _sech2(x) - np.tanh(x))


def _gap_slope(model: BCSModel, gap: np.ndarray, t: np.ndarray) -> np.ndarray:
    """``dDelta^2/dT = -K_T / K_{Delta^2}`` from the gap equation ``K(Delta^2, T) = 1/lambda``,
    ``K = int n tanh(E/2T)/(2E)``; zero where ``Delta = 0`` and T > T_c is handled by the
    caller."""
    xi, weight = model._grid
    e = np.sqrt(xi**2 + gap[..., None] ** 2)
    x = e / (2 * t[..., None])
    k_t = np.sum(weight * (-_sech2(x) / (4 * t[..., None] ** 2)), axis=-1)
    k_gap2 = np.sum(weight * _x_sech2_minus_tanh(x) / (4 * e**3), axis=-1)
    return -k_t / k_gap2


@dataclass(kw_only=True)
class BCSThermodynamics(Result):
    """Delta(T) and the thermodynamics of a BCS superconductor versus temperature."""

    T: np.ndarray = variable(("T",), "K", "temperature", coordinate=True)
    gap_meV: np.ndarray = variable(("T",), "meV", "gap Delta(T)")
    free_energy_meV2: np.ndarray = variable(("T",), "meV^2",
                                            "(F_s - F_n) / N(E_F), N(E_F) per spin")
    entropy: np.ndarray = variable(("T",), "", "S_s / (gamma T_c)")
    specific_heat: np.ndarray = variable(("T",), "", "C_s / (gamma T_c)")
    critical_field_ratio: np.ndarray = variable(("T",), "", "H_c(T) / H_c(0)")
    critical_field_T: np.ndarray | None = variable(("T",), "T", "mu_0 H_c(T)")
    superfluid_fraction: np.ndarray = variable(("T",), "", "lambda_L(0)^2 / lambda_L(T)^2")
    penetration_depth_nm: np.ndarray | None = variable(("T",), "nm",
                                                       "London penetration depth (clean)")
    tc_K: float = scalar("K", "critical temperature")
    gap0_meV: float = scalar("meV", "Delta(T = 0)")
    gap_ratio: float = scalar("", "2 Delta(0) / k_B T_c")
    specific_heat_jump: float = scalar("", "Delta C / (gamma T_c) at T_c")
    coupling: float = scalar("", "lambda = N(E_F) V")
    cutoff_meV: float = scalar("meV", "pairing cutoff")

    def plot(self, ax: Any = None, **kwargs: Any) -> Any:
        """Delta(T) (:func:`cooperlab.plotting.conventional.plot_gap_temperature`)."""
        from cooperlab.plotting.conventional import plot_gap_temperature

        return plot_gap_temperature(self, ax=ax, **kwargs)

    def summary(self) -> dict[str, Any]:
        """T_c, gap and the universal ratios, for ``--json``."""
        out = {"result": "BCSThermodynamics", "tc_K": float(self.tc_K),
               "gap0_meV": float(self.gap0_meV), "gap_ratio": float(self.gap_ratio),
               "specific_heat_jump": float(self.specific_heat_jump),
               "coupling": float(self.coupling), "cutoff_meV": float(self.cutoff_meV),
               "n_temperatures": int(len(self.T))}
        if self.critical_field_T is not None:
            out["critical_field_0_T"] = float(self.critical_field_T[0])
        return out

    def coherence_length_nm(self, fermi_velocity_m_per_s: float) -> float:
        """BCS (Pippard) ``xi0 = hbar v_F / (pi Delta(0))`` (nm) with this result's gap."""
        from cooperlab.gl.material import bcs_coherence_length_nm

        return bcs_coherence_length_nm(fermi_velocity_m_per_s, float(self.gap0_meV))

    def gl_material(self, fermi_velocity_m_per_s: float, *, london_depth_nm: float | None = None,
                    thickness_nm: float | None = None, temperature_K: float = 0.0) -> GLMaterial:
        """The GL material of this (clean, weak-coupling) superconductor.

        ``xi(0) = sqrt(7 zeta(3)/48)/pi hbar v_F / (k_B T_c)`` (Gor'kov; 0.739 xi0) and
        ``lambda(0) = lambda_L(0) / sqrt 2`` with this result's T_c, moved to
        ``temperature_K`` by the GL laws (:func:`cooperlab.gl.material.clean_bcs_material`).

        Parameters
        ----------
        fermi_velocity_m_per_s : float
            Fermi velocity (the model has none: a BCS model knows only energies).
        london_depth_nm : float, optional
            ``lambda_L(0)``; default the model's ``london_depth_0_nm`` (an error if neither).
        thickness_nm, temperature_K : float, optional
            Film thickness (None: bulk) and the temperature of the lengths.

        Returns
        -------
        cooperlab.gl.GLMaterial
        """
        from cooperlab.gl.material import clean_bcs_material

        if london_depth_nm is None:
            london_depth_nm = self.metadata.get("bcs_model", {}).get("london_depth_0_nm")
        if london_depth_nm is None:
            raise ValueError("london_depth_nm is needed: the BCS model has no "
                             "london_depth_0_nm")
        return clean_bcs_material(
            tc_K=float(self.tc_K), fermi_velocity_m_per_s=fermi_velocity_m_per_s,
            london_depth_nm=london_depth_nm, thickness_nm=thickness_nm,
            temperature_K=temperature_K,
            source=f"pairing.BCSThermodynamics: T_c = {float(self.tc_K):.6g} K, "
                   f"v_F = {fermi_velocity_m_per_s:.6g} m/s, "
                   f"lambda_L(0) = {london_depth_nm:.6g} nm")


def _thermo(model: BCSModel, gap: np.ndarray, t: np.ndarray, slope: np.ndarray
            ) -> dict[str, np.ndarray]:
    """F/N_F, S/N_F, C/N_F, rho_s at arrays of (gap, T, dDelta^2/dT), meV units."""
    xi, weight = model._grid
    e = np.sqrt(xi**2 + gap[:, None] ** 2)
    tt = t[:, None]
    log_s = np.logaddexp(0.0, -e / tt)
    log_n = np.logaddexp(0.0, -xi / tt)
    free = gap**2 / model.coupling - np.sum(
        weight * (gap[:, None] ** 2 / (e + xi) + 2 * tt * (log_s - log_n)), axis=1)
    occupation = fermi_dirac(e, tt)                     # f(E)
    entropy = 2 * np.sum(weight * (log_s + (e / tt) * occupation), axis=1)
    minus_df = -fermi_dirac_derivative(e, tt)          # -f'(E)
    heat = (2 / t) * np.sum(weight * minus_df * (e**2 - 0.5 * tt * slope[:, None]), axis=1)
    normal = np.sum(weight * -fermi_dirac_derivative(xi, tt), axis=1)
    rho_s = 1 - np.sum(weight * minus_df, axis=1) / normal
    return {"free": free, "entropy": entropy, "heat": heat, "rho_s": rho_s}


def solve_bcs_thermodynamics(model: BCSModel, temperatures_K: np.ndarray | None = None,
                             n_temperatures: int = 121, t_max: float = 1.2
                             ) -> BCSThermodynamics:
    """Delta(T), F, S, C, H_c and lambda_L versus T for ``model``.

    ``temperatures_K`` default: ``n_temperatures`` points from 0 to ``t_max T_c`` (T_c
    itself included when it falls on the grid). T = 0 is evaluated at ``1e-3 T_c``, where
    every thermal factor is ``exp(-1760)`` = 0 in double precision.

    Parameters
    ----------
    model : BCSModel
        The superconductor.
    temperatures_K : array or None
        Temperatures (K); None: the grid below.
    n_temperatures : int
        Temperatures from 0 to t_max T_c.
    t_max : float
        Top of the grid in units of T_c.
    """
    start = time.perf_counter()
    tc = critical_temperature_K(model)
    tc_meV = K_B_MEV_PER_K * tc
    if temperatures_K is None:
        require_int("n_temperatures", n_temperatures, 2, 100_000)
        require_range("t_max", t_max, 0.0, 100.0, low_inclusive=False)
        temps = np.linspace(0.0, t_max * tc, n_temperatures)
    else:
        temps = np.atleast_1d(np.asarray(temperatures_K, dtype=float))
        if temps.ndim != 1 or np.any(~np.isfinite(temps)) or np.any(temps < 0):
            raise ValueError("temperatures_K must be a 1-d array of finite values >= 0")
    t = np.maximum(K_B_MEV_PER_K * temps, T_FLOOR_FRACTION * tc_meV)
    gap = solve_gap_T(model, t, tc_meV)
    slope = np.where(gap > 0, _gap_slope(model, gap, t), 0.0)
    thermo = _thermo(model, gap, t, slope)
    # T = 0 and T_c^- reference values.
    zero = np.array([T_FLOOR_FRACTION * tc_meV])
    gap0 = solve_gap_T(model, zero, tc_meV)
    f0 = _thermo(model, gap0, zero, np.zeros(1))["free"][0]
    at_tc = np.array([tc_meV])
    slope_tc = _gap_slope(model, np.zeros(1), at_tc)
    heat_s = _thermo(model, np.zeros(1), at_tc, slope_tc)["heat"][0]
    heat_n = _thermo(model, np.zeros(1), at_tc, np.zeros(1))["heat"][0]
    gamma = 2 * np.pi**2 / 3                                   # per N_F, k_B = 1
    free = np.minimum(thermo["free"], 0.0)
    field_t = None
    if model.n0_per_eV_nm3 is not None:
        joule_per_m3 = model.n0_per_eV_nm3 * 1e-6 * EV_J * 1e27  # N_F meV^2 -> J / m^3
        field_t = np.sqrt(2 * MU_0_T_M_PER_A * joule_per_m3 * (-free))
    depth = None
    rho_s = np.clip(thermo["rho_s"], 0.0, None)
    if model.london_depth_0_nm is not None:
        with np.errstate(divide="ignore"):
            depth = np.where(rho_s > 0, model.london_depth_0_nm / np.sqrt(rho_s), np.inf)
    return BCSThermodynamics(
        T=temps, gap_meV=gap, free_energy_meV2=free,
        entropy=thermo["entropy"] / (gamma * tc_meV),
        specific_heat=thermo["heat"] / (gamma * tc_meV),
        critical_field_ratio=np.sqrt(free / f0) if f0 < 0 else np.zeros_like(free),
        critical_field_T=field_t, superfluid_fraction=rho_s, penetration_depth_nm=depth,
        tc_K=tc, gap0_meV=float(gap0[0]), gap_ratio=float(2 * gap0[0] / tc_meV),
        specific_heat_jump=float((heat_s - heat_n) / (gamma * tc_meV)),
        coupling=model.coupling, cutoff_meV=model.cutoff_meV,
        metadata=make_metadata(
            wall_time_s=time.perf_counter() - start, bcs_model=model.to_dict(),
            convergence=Convergence(
                passed=True,
                criterion="gap equation solved by root finding (xtol 1e-14) on a fixed "
                          "energy quadrature; normal_entropy_check = S / (gamma T) at the "
                          "highest T when normal",
                discretisation={"quadrature_points": int(model._grid[0].size),
                                "n_temperatures": int(temps.size)},
                details={"quadrature_points": int(model._grid[0].size),
                         "normal_entropy_check": float(
                             thermo["entropy"][-1] / (gamma * t[-1])) if gap[-1] == 0
                         else None})),
    )
