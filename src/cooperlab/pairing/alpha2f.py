"""The Eliashberg function alpha^2 F(omega): tabulated, read from a file, or built from models.

An :class:`EliashbergFunction` holds ``alpha^2 F`` on a frequency grid (meV). Integrals over
it use the trapezoid rule on that grid, so every moment is exact for the tabulated function
(linear between the points). The moments (Allen & Dynes, Phys. Rev. B 12, 905 (1975)):

    lambda      = 2 int dw alpha^2F(w) / w,
    omega_log   = exp[ (2 / lambda) int dw ln(w) alpha^2F(w) / w ],
    omega_2     = [ (2 / lambda) int dw w alpha^2F(w) ]^(1/2),

and the Matsubara kernel of the Eliashberg equations,

    lambda(nu) = 2 int dw w alpha^2F(w) / (w^2 + nu^2),   lambda(0) = lambda.

Model builders: :func:`einstein` (a narrow Gaussian peak, 2 % wide by default),
:func:`debye` (``alpha^2F ~ w^2`` below ``omega_D``) and :func:`lorentzian_peaks`
(truncated Lorentzians, the shape used by Carbotte, Rev. Mod. Phys. 62, 1027 (1990) for
model spectra); :meth:`EliashbergFunction.scaled` rescales any shape to a given
``lambda`` and ``omega_log``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from cooperlab.units import H_MEV_PER_GHZ, K_B_MEV_PER_K
from cooperlab.validation import require_int, require_positive

#: Frequency units accepted by :func:`from_file`, in meV.
FREQUENCY_UNITS_MEV = {
    "meV": 1.0,
    "eV": 1e3,
    "THz": 1e3 * H_MEV_PER_GHZ,            # h * 1 THz
    "cm-1": 0.1239841984,                  # h c * 1 cm^-1 (CODATA 2018)
    "Ry": 13605.693122994,                 # Rydberg energy (CODATA 2018)
    "K": K_B_MEV_PER_K,
}


def _trapezoid_weights(x: np.ndarray) -> np.ndarray:
    """Weights ``w`` with ``sum(w * f) = trapezoid(f, x)``."""
    dx = np.diff(x)
    w = np.zeros_like(x)
    w[:-1] += 0.5 * dx
    w[1:] += 0.5 * dx
    return w


@dataclass(frozen=True, eq=False)
class EliashbergFunction:
    """Isotropic Eliashberg function ``alpha^2 F(omega)`` on a frequency grid.

    Parameters
    ----------
    omega_meV : (n,) array
        Strictly increasing, positive phonon frequencies (meV).
    alpha2f : (n,) array
        ``alpha^2 F`` at those frequencies (dimensionless, >= 0).
    label : str
        A name shown in plots and tables.
    """

    omega_meV: np.ndarray
    alpha2f: np.ndarray
    label: str = ""

    def __post_init__(self) -> None:
        omega = np.asarray(self.omega_meV, dtype=float)
        a2f = np.asarray(self.alpha2f, dtype=float)
        if omega.ndim != 1 or omega.size < 2:
            raise ValueError(f"omega_meV must be a 1-d array of >= 2 points, got shape "
                             f"{omega.shape}")
        if a2f.shape != omega.shape:
            raise ValueError(f"alpha2f must have the shape of omega_meV {omega.shape}, got "
                             f"{a2f.shape}")
        if not (np.all(np.isfinite(omega)) and np.all(np.isfinite(a2f))):
            raise ValueError("omega_meV and alpha2f must be finite")
        if omega[0] <= 0 or np.any(np.diff(omega) <= 0):
            raise ValueError(f"omega_meV must be positive and strictly increasing, got "
                             f"min {omega.min():g}")
        if np.any(a2f < 0):
            raise ValueError(f"alpha2f must be >= 0, got min {a2f.min():g}")
        if not np.any(a2f > 0):
            raise ValueError("alpha2f must be positive somewhere (lambda = 0)")
        object.__setattr__(self, "omega_meV", omega)
        object.__setattr__(self, "alpha2f", a2f)

    # -- moments ------------------------------------------------------------------------
    @property
    def weights(self) -> np.ndarray:
        """Quadrature weights: ``int g(w) alpha^2F(w) dw = sum(weights * g(omega))``."""
        return _trapezoid_weights(self.omega_meV) * self.alpha2f

    @property
    def coupling(self) -> float:
        """``lambda = 2 int alpha^2F(w) / w dw``."""
        return float(2 * np.sum(self.weights / self.omega_meV))

    @property
    def omega_log_meV(self) -> float:
        """``omega_log = exp[(2/lambda) int ln(w) alpha^2F(w) / w dw]`` (meV)."""
        w = self.weights / self.omega_meV
        return float(np.exp(np.sum(w * np.log(self.omega_meV)) / np.sum(w)))

    @property
    def omega_2_meV(self) -> float:
        """``omega_2 = sqrt[(2/lambda) int w alpha^2F(w) dw]`` (meV)."""
        return float(np.sqrt(2 * np.sum(self.weights * self.omega_meV) / self.coupling))

    @property
    def omega_max_meV(self) -> float:
        """Highest frequency where ``alpha^2F > 0`` (meV)."""
        return float(self.omega_meV[np.nonzero(self.alpha2f > 0)[0][-1]])

    def cumulative_coupling(self) -> np.ndarray:
        """``lambda(omega) = 2 int_0^omega alpha^2F(w) / w dw`` on the grid."""
        f = self.alpha2f / self.omega_meV
        steps = 0.5 * (f[1:] + f[:-1]) * np.diff(self.omega_meV)
        return 2 * np.concatenate([[0.0], np.cumsum(steps)])

    def kernel(self, nu_meV: np.ndarray) -> np.ndarray:
        """``lambda(nu) = 2 int w alpha^2F(w) / (w^2 + nu^2) dw`` at bosonic frequencies."""
        nu = np.asarray(nu_meV, dtype=float)
        w = self.omega_meV
        return (2 * self.weights * w) @ (1.0 / (w[:, None] ** 2 + nu.ravel()[None, :] ** 2))

    # -- transformations ----------------------------------------------------------------
    def scaled(self, coupling: float | None = None,
               omega_log_meV: float | None = None) -> EliashbergFunction:
        """The same shape with ``lambda`` and/or ``omega_log`` set.

        ``omega -> s omega`` with ``alpha^2F(w) -> alpha^2F(w / s)`` multiplies ``omega_log``
        by ``s`` and leaves ``lambda`` unchanged; an overall factor then sets ``lambda``.
        """
        omega, a2f = self.omega_meV, self.alpha2f
        if omega_log_meV is not None:
            omega = omega * require_positive("omega_log_meV", omega_log_meV, "meV") / (
                self.omega_log_meV)
        if coupling is not None:
            a2f = a2f * require_positive("lambda", coupling) / self.coupling
        return EliashbergFunction(omega, a2f, self.label)

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON description (stored in result metadata)."""
        return {"omega_meV": self.omega_meV.tolist(), "alpha2f": self.alpha2f.tolist(),
                "label": self.label}


def from_arrays(omega_meV: Sequence[float] | np.ndarray, alpha2f: Sequence[float] | np.ndarray,
                label: str = "") -> EliashbergFunction:
    """An :class:`EliashbergFunction` from two arrays (points with ``omega <= 0`` dropped)."""
    omega = np.asarray(omega_meV, dtype=float)
    a2f = np.asarray(alpha2f, dtype=float)
    if omega.shape != a2f.shape:
        raise ValueError(f"alpha2f must have the shape of omega_meV {omega.shape}, got "
                         f"{a2f.shape}")
    keep = omega > 0
    return EliashbergFunction(omega[keep], a2f[keep], label)


def from_file(path: str | os.PathLike[str], unit: str = "meV", label: str | None = None,
              columns: tuple[int, int] = (0, 1)) -> EliashbergFunction:
    """Read a two-column text file ``omega  alpha^2F`` (``#`` comments allowed).

    ``unit`` is the frequency unit of the first column: one of ``meV, eV, THz, cm-1, Ry, K``.
    Rows with ``omega <= 0`` are dropped (codes often start the grid at 0).
    """
    if unit not in FREQUENCY_UNITS_MEV:
        raise ValueError(f"unit must be one of {', '.join(FREQUENCY_UNITS_MEV)}, got {unit!r}")
    if not os.path.exists(path):
        raise FileNotFoundError(f"no alpha2F file at {path}")
    data = np.loadtxt(path, comments="#", ndmin=2)
    if data.shape[1] <= max(columns):
        raise ValueError(f"alpha2F file {path} needs columns {columns}, has {data.shape[1]}")
    omega = data[:, columns[0]] * FREQUENCY_UNITS_MEV[unit]
    return from_arrays(omega, data[:, columns[1]], os.path.basename(str(path))
                       if label is None else label)


def einstein(coupling: float, omega_E_meV: float, relative_width: float = 0.02,
             n_points: int = 201) -> EliashbergFunction:
    """Einstein spectrum: a Gaussian of standard deviation ``relative_width * omega_E``
    about ``omega_E``, cut at 5 standard deviations and normalised to ``lambda``.

    **The default is not the delta limit.** With ``relative_width = 0.02`` (sigma = 2 % of
    ``omega_E``) ``lambda`` is exact (the shape is normalised to it), but ``omega_log =
    0.99940 omega_E`` and ``omega_2 = 0.99980 omega_E`` (``omega_log ~ omega_E (1 -
    3 w^2 / 2)`` for width ``w``), which lowers T_c by about 0.06 % against a delta peak;
    ``omega_max = 1.1 omega_E``, so the default Matsubara cutoff ``10 omega_max`` is
    ``11 omega_E``. ``.scaled(omega_log_meV=omega_E)`` restores ``omega_log`` exactly;
    a smaller ``relative_width`` (with enough ``n_points``) approaches the delta limit.
    """
    require_positive("lambda", coupling)
    require_positive("omega_E_meV", omega_E_meV, "meV")
    require_positive("relative_width", relative_width)
    if relative_width > 0.2:
        raise ValueError(f"relative_width must be <= 0.2, got {relative_width}")
    require_int("n_points", n_points, 11)
    sigma = relative_width * omega_E_meV
    omega = np.linspace(omega_E_meV - 5 * sigma, omega_E_meV + 5 * sigma, n_points)
    shape = np.exp(-0.5 * ((omega - omega_E_meV) / sigma) ** 2)
    return EliashbergFunction(omega, shape, f"Einstein {omega_E_meV:g} meV").scaled(coupling)


def debye(coupling: float, omega_D_meV: float, n_points: int = 400) -> EliashbergFunction:
    """Debye model: ``alpha^2F = a w^2`` for ``w <= omega_D`` (constant ``alpha^2``, Debye
    phonon DOS), ``a`` set by ``lambda = a omega_D^2``."""
    require_positive("lambda", coupling)
    require_positive("omega_D_meV", omega_D_meV, "meV")
    require_int("n_points", n_points, 10)
    omega = np.linspace(omega_D_meV / n_points, omega_D_meV, n_points)
    return EliashbergFunction(omega, omega**2, f"Debye {omega_D_meV:g} meV").scaled(coupling)


def lorentzian_peaks(
    coupling: float,
    centres_meV: Sequence[float],
    widths_meV: Sequence[float],
    weights: Sequence[float] | None = None,
    cutoff_widths: float = 3.0,
    n_points: int = 1000,
    label: str = "",
) -> EliashbergFunction:
    """Sum of truncated Lorentzians, normalised to ``lambda``.

    Each peak is ``L(w) = 1 / ((w - w0)^2 + G^2) - 1 / ((c G)^2 + G^2)`` for
    ``|w - w0| < c G`` and 0 outside (``c = cutoff_widths``), so that it vanishes
    continuously at its edges; ``weights`` are the relative heights of the peaks'
    contributions (each peak normalised to unit area first). All peaks must lie at
    positive frequency: ``w0 - c G > 0``.
    """
    require_positive("lambda", coupling)
    centres = np.asarray(centres_meV, dtype=float)
    widths = np.asarray(widths_meV, dtype=float)
    heights = np.ones_like(centres) if weights is None else np.asarray(weights, dtype=float)
    if not (centres.ndim == 1 and centres.shape == widths.shape == heights.shape
            and centres.size > 0):
        raise ValueError("centres_meV, widths_meV and weights must be 1-d of equal length")
    if np.any(widths <= 0) or np.any(heights < 0) or not np.any(heights > 0):
        raise ValueError("widths_meV must be > 0 and weights >= 0 (not all 0)")
    require_positive("cutoff_widths", cutoff_widths)
    if np.any(centres - cutoff_widths * widths <= 0):
        raise ValueError("centres_meV must exceed cutoff_widths * widths_meV (peaks at w > 0)")
    require_int("n_points", n_points, 10)
    top = float(np.max(centres + cutoff_widths * widths))
    omega = np.linspace(top / n_points, top, n_points)
    total = np.zeros_like(omega)
    for w0, gamma, h in zip(centres, widths, heights, strict=True):
        peak = 1.0 / ((omega - w0) ** 2 + gamma**2) - 1.0 / ((cutoff_widths**2 + 1) * gamma**2)
        peak = np.where(np.abs(omega - w0) < cutoff_widths * gamma, peak, 0.0)
        area = np.sum(_trapezoid_weights(omega) * peak)
        if area <= 0:
            raise ValueError(f"peak at {w0:g} meV is narrower than the grid; raise n_points")
        total += h * peak / area
    return EliashbergFunction(omega, total, label).scaled(coupling)
