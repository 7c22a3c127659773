"""Two-component (nematic) GL: in-plane Hc2(phi) and flux-flow resistance R(phi).

Order parameter (eta_x, eta_y) of a two-dimensional irreducible representation (E_g or E_u)
of a tetragonal crystal (D4h). The symmetry-allowed quadratic free energy is
(Venderbos, Kozii & Fu, PRB 94, 180504(R) (2016) for the trigonal analogue)::

    f = alpha |eta|^2 + delta (|eta_x|^2 - |eta_y|^2)                       (strain)
        + K1 (|D_x eta_x|^2 + |D_y eta_y|^2) + K2 (|D_y eta_x|^2 + |D_x eta_y|^2)
        + K3 [(D_x eta_x)^* (D_y eta_y) + c.c.] + K4 [(D_y eta_x)^* (D_x eta_y) + c.c.]
        + Kz (|D_z eta_x|^2 + |D_z eta_y|^2),      D = grad - i (2 pi / Phi0) A,

with alpha = -1 (T < Tc; lengths in xi = sqrt(K1/|alpha|) when K1 = 1, fields in
Phi0 / (2 pi xi^2)). ``delta`` is a symmetry-breaking strain (or a nematic order that has
already chosen its axis): it splits eta_x from eta_y and lowers D4h to D2h.

Hc2 for an in-plane field at angle phi: with the field along n = (cos phi, sin phi) the
lowest state does not vary along n, D_x = -sin(phi) D_perp, D_y = cos(phi) D_perp, and
the linearised operator on (eta_x, eta_y) is::

    H(B) = B [M(phi) X^2 + Kz P^2] + alpha + delta sigma_z,
    M = [[K1 s^2 + K2 c^2, -(K3 + K4) s c], [-(K3 + K4) s c, K1 c^2 + K2 s^2]],

with X, P canonical (Landau-level ladder of the orbit in the (perp, z) plane). It is
diagonalised in a truncated oscillator basis (``n_levels`` levels per component) and Hc2 is
the field where its lowest eigenvalue crosses zero (``brentq``): solved, not assumed.
Without strain the components decouple in M's eigenbasis and Hc2 = 1 / sqrt(m_min(phi) Kz)
(period 90 deg); the strain mixes them (period 180 deg).

Flux-flow resistance (Bardeen & Stephen, Phys. Rev. 140, A1197 (1965)): near Hc2,
R / R_n = H / Hc2(phi) for H < Hc2(phi), 1 above; at fixed H it inherits Hc2's symmetry.
The two-fold in-plane anisotropy of a four-fold (tetragonal) crystal was measured in
LaO0.5F0.5BiSSe by Hoshi, Kimata, Goto, Matsuda & Mizuguchi ("Two-fold-symmetric
magnetoresistance in single crystals of tetragonal BiCh2-based superconductor
LaO0.5F0.5BiSSe").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.optimize import brentq

from cooperlab.naming import deprecated_alias
from cooperlab.results import Convergence, Result, field_label, make_metadata, scalar, variable
from cooperlab.validation import require_int, require_positive, require_range


@dataclass(frozen=True)
class NematicModel:
    """Gradient coefficients K1..K4, Kz and strain delta of the two-component GL (alpha=-1).

    Parameters
    ----------
    k1
        K1 of (|D_x eta_x|^2 + |D_y eta_y|^2) (module docstring).
    k2
        K2 of (|D_y eta_x|^2 + |D_x eta_y|^2).
    k3
        K3 of [(D_x eta_x)^* (D_y eta_y) + c.c.].
    k4
        K4 of [(D_y eta_x)^* (D_x eta_y) + c.c.].
    kz
        Kz of the out-of-plane gradients.
    strain
        Strain coupling delta of (|eta_x|^2 - |eta_y|^2).
    """

    k1: float = field(default=1.0, metadata=field_label("", "K1"))
    k2: float = field(default=0.5, metadata=field_label("", "K2"))
    k3: float = field(default=0.3, metadata=field_label("", "K3"))
    k4: float = field(default=0.1, metadata=field_label("", "K4"))
    kz: float = field(default=0.2, metadata=field_label("", "Kz"))
    strain: float = field(default=0.0, metadata=field_label("", "strain coupling delta"))

    def __post_init__(self) -> None:
        require_positive("k1", self.k1)
        require_positive("k2", self.k2)
        require_positive("kz", self.kz)
        bound = self.k1 + self.k2
        require_range("k3", self.k3, -10 * bound, 10 * bound)
        require_range("k4", self.k4, -10 * bound, 10 * bound)
        if abs(self.k3 + self.k4) >= bound:
            raise ValueError(f"k3 + k4 must satisfy |k3 + k4| < k1 + k2 = {bound:g} "
                             f"(stable gradient energy), got k3={self.k3!r}, k4={self.k4!r}")
        require_range("strain", self.strain, -0.99, 0.99)

    def mass_matrix(self, phi: float) -> np.ndarray:
        """M(phi) of the in-plane gradient terms for a field at angle phi (radians)."""
        s, c = np.sin(phi), np.cos(phi)
        off = -(self.k3 + self.k4) * s * c
        return np.array([[self.k1 * s * s + self.k2 * c * c, off],
                         [off, self.k1 * c * c + self.k2 * s * s]])


def _oscillator(n: int) -> tuple[np.ndarray, np.ndarray]:
    a = np.diag(np.sqrt(np.arange(1, n)), 1)
    x = (a + a.T) / np.sqrt(2)
    p = -1j * (a - a.T) / np.sqrt(2)
    return (x @ x)[: n - 2, : n - 2], (p @ p).real[: n - 2, : n - 2]


def hc2_at(model: NematicModel, phi: float, n_levels: int = 60) -> float:
    """Hc2 for an in-plane field at angle ``phi`` (radians), units Phi0/(2 pi xi^2)."""
    x2, p2 = _oscillator(n_levels + 2)
    kinetic = np.kron(model.mass_matrix(phi), x2) + np.kron(np.eye(2), model.kz * p2)
    strain = np.kron(np.diag([model.strain, -model.strain]), np.eye(n_levels))
    alpha = -1.0

    def lowest(b: float) -> float:
        return float(np.linalg.eigvalsh(b * kinetic + strain)[0]) + alpha

    high = 1.0
    while lowest(high) < 0:
        high *= 2.0
    return float(brentq(lowest, 0.0, high, xtol=1e-12, rtol=1e-12))


def hc2_decoupled(model: NematicModel, phi: float) -> float:
    """Closed form without strain: ``1 / sqrt(m_min(phi) Kz)`` (the check of the solver)."""
    m_min = np.linalg.eigvalsh(model.mass_matrix(phi))[0]
    return float(1.0 / np.sqrt(m_min * model.kz))


def harmonic(values: np.ndarray, phi: np.ndarray, order: int) -> float:
    """Relative amplitude |<v e^{-i order phi}>| / <v> of a function sampled on [0, 180)."""
    return float(abs(np.mean(values * np.exp(-1j * order * phi))) / np.mean(values))


#: Largest relative change of Hc2 when the oscillator levels are doubled (the truncation check).
LEVELS_TOLERANCE = 1e-8


@dataclass(kw_only=True)
class NematicHc2(Result):
    """Hc2(phi) and flux-flow resistance R(phi) for in-plane fields."""

    phi: np.ndarray = variable(("phi",), "deg", "in-plane field angle", coordinate=True)
    hc2: np.ndarray = variable(("phi",), "Bc2", "upper critical field")
    resistance: np.ndarray = variable(("phi",), "1",
                                      "flux-flow resistance at field H, in units of R_n")
    field: float = scalar("Bc2", "field of the resistance curve")
    anisotropy: float = scalar("", "max Hc2 / min Hc2")
    twofold: float = scalar("", "relative 2-fold harmonic of Hc2(phi)")
    fourfold: float = scalar("", "relative 4-fold harmonic of Hc2(phi)")

    def summary(self) -> dict[str, Any]:
        return {"result": type(self).__name__, "anisotropy": float(self.anisotropy),
                "twofold": float(self.twofold), "fourfold": float(self.fourfold),
                "hc2_min": float(self.hc2.min()), "hc2_max": float(self.hc2.max())}

    def plot(self, ax: Any = None, **kwargs: Any) -> Any:
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots()
        ax.plot(self.phi, self.hc2, "o-", label="Hc2")
        ax.set_xlabel("in-plane field angle phi (deg)")
        ax.set_ylabel(r"$H_{c2}$ ($B_{c2} = \Phi_0/2\pi\xi^2$)")
        twin = ax.twinx()
        twin.plot(self.phi, self.resistance, "r--", label="R/R_n")
        twin.set_ylabel("R / R_n", color="r")
        return ax


def solve_nematic_hc2(model: NematicModel, phi_deg: Any = None, *, field_fraction: float = 0.95,
                n_levels: int = 60) -> NematicHc2:
    """Hc2(phi) from the linearised two-component problem and R(phi) at a fixed field.

    Parameters
    ----------
    phi_deg : array
        In-plane angles (deg); default 0..180 in 37 points.
    field_fraction : float
        The resistance is evaluated at ``H = field_fraction * mean(Hc2)``.
    n_levels : int
        Oscillator levels per component (converged to 1e-10 at 60 for the defaults).
    """
    require_range("field_fraction", field_fraction, 0.0, 2.0, low_inclusive=False)
    require_int("n_levels", n_levels, 4, 400)
    phi = np.linspace(0, 180, 37) if phi_deg is None else np.atleast_1d(
        np.asarray(phi_deg, float))
    if phi.size == 0 or not np.all(np.isfinite(phi)):
        raise ValueError(f"phi_deg must be finite angles, got {phi_deg!r}")
    rad = np.deg2rad(phi)
    hc2 = np.array([hc2_at(model, p, n_levels) for p in rad])
    h = field_fraction * float(np.mean(hc2))
    resistance = np.minimum(1.0, h / hc2)
    ring = np.deg2rad(np.arange(0.0, 180.0, 5.0))
    dense = np.array([hc2_at(model, p, n_levels) for p in ring])
    # the truncation check: Hc2 at the first angle with twice the oscillator levels
    doubled = hc2_at(model, float(rad[0]), min(2 * n_levels, 400))
    change = abs(doubled / hc2[0] - 1)
    convergence = Convergence(
        passed=bool(change < LEVELS_TOLERANCE),
        criterion="|Hc2(2 n_levels) / Hc2(n_levels) - 1| at the first angle",
        achieved=change, target=LEVELS_TOLERANCE,
        discretisation={"n_levels": n_levels, "angles": int(phi.size)},
        details={"n_levels": n_levels})
    meta = make_metadata(model=model, convergence=convergence,
                         resistance_model="Bardeen-Stephen R/R_n = min(1, H/Hc2(phi))")
    return NematicHc2(phi=phi, hc2=hc2, resistance=resistance, field=h,
                      anisotropy=float(dense.max() / dense.min()),
                      twofold=harmonic(dense, ring, 2), fourfold=harmonic(dense, ring, 4),
                      metadata=meta)


# Deprecated names (removed in the next release).
nematic_hc2 = deprecated_alias(solve_nematic_hc2, "nematic_hc2")
