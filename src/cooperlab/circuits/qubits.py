"""Qubit Hamiltonians: transmon / Cooper-pair box (charge basis), fluxonium / rf-SQUID (phase).

All energies are frequencies ``E / h`` in GHz; the phase ``phi`` is in radians, the charge
``n`` in Cooper pairs, the external flux in units of the flux quantum ``Phi_0 = h / 2e``.

* Transmon and Cooper-pair box (Koch et al., Phys. Rev. A 76, 042319 (2007), Eq. (2.1)) in the
  charge basis ``|n>``, ``n = -ncut .. ncut`` -- a real symmetric tridiagonal matrix::

      H = 4 E_C (n - n_g)^2 - (E_J / 2) sum_n (|n><n+1| + |n+1><n|).

* Fluxonium (Manucharyan et al., Science 326, 113 (2009)) and the rf-SQUID / flux-qubit double
  well (the same Hamiltonian with ``E_J > E_L``)::

      H = 4 E_C n^2 + (E_L / 2) phi^2 - E_J cos(phi - 2 pi Phi_ext / Phi_0),

  in the harmonic-oscillator basis of ``4 E_C n^2 + E_L phi^2 / 2`` (``phi = phi_osc (a + a^+)
  / sqrt 2``, ``phi_osc = (8 E_C / E_L)^(1/4)``, ``hbar omega = sqrt(8 E_L E_C)``), or on a phase
  grid (sinc discrete-variable representation, Colbert & Miller, J. Chem. Phys. 96, 1982
  (1992)) for the cross-check and for wavefunctions. ``cos phi`` and ``sin phi`` in the oscillator
  basis are the exact projections of the infinite-basis operators (computed once per model in a
  basis padded by ``OSCILLATOR_PAD`` states), so that a flux sweep is one batched
  diagonalisation with no matrix function per point.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.linalg.lapack import dstein, dsterf

from cooperlab.validation import require_choice, require_finite, require_int, require_positive

__all__ = [
    "OSCILLATOR_PAD",
    "CooperPairBox",
    "Fluxonium",
    "RFSQUID",
    "Transmon",
    "charge_operators",
    "charge_qubit_eigensystem",
    "koch_charge_dispersion_GHz",
    "phase_grid",
    "phase_qubit_eigensystem",
]

#: Extra oscillator states used to build ``cos phi`` / ``sin phi`` before truncation.
OSCILLATOR_PAD = 64


# -- models -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Transmon:
    """Single-junction transmon (or Cooper-pair box) in the charge basis.

    Parameters
    ----------
    EJ : float
        Josephson energy ``E_J / h`` (GHz, > 0).
    EC : float
        Charging energy ``E_C / h = e^2 / 2 C h`` (GHz, > 0).
    ng : float
        Offset charge (Cooper pairs); the spectrum is periodic in ``ng`` with period 1.
    ncut : int
        Charge states ``-ncut .. ncut`` (>= 1).
    """

    EJ: float
    EC: float
    ng: float = 0.0
    ncut: int = 31

    def __post_init__(self) -> None:
        require_positive("EJ", self.EJ, "GHz")
        require_positive("EC", self.EC, "GHz")
        require_finite("ng", self.ng)
        require_int("ncut", self.ncut, 1, 10_000)


@dataclass(frozen=True)
class CooperPairBox(Transmon):
    """Cooper-pair box: the transmon Hamiltonian in its charge regime ``E_J / E_C <~ 1``
    (Bouchiat et al., Phys. Scr. T76, 165 (1998)); a smaller default charge cutoff."""

    ncut: int = 10


@dataclass(frozen=True)
class Fluxonium:
    """Fluxonium: a junction shunted by a large inductance.

    Parameters
    ----------
    EJ : float
        Josephson energy ``E_J / h`` (GHz, > 0).
    EC : float
        Charging energy ``E_C / h`` (GHz, > 0).
    EL : float
        Inductive energy ``E_L / h = (Phi_0 / 2 pi)^2 / L h`` (GHz, > 0).
    flux : float
        External flux ``Phi_ext / Phi_0``; the spectrum is symmetric under ``flux -> 1 - flux``.
    cutoff : int
        Harmonic-oscillator states (>= 4).
    """

    EJ: float
    EC: float
    EL: float
    flux: float = 0.5
    cutoff: int = 110

    def __post_init__(self) -> None:
        require_positive("EJ", self.EJ, "GHz")
        require_positive("EC", self.EC, "GHz")
        require_positive("EL", self.EL, "GHz")
        require_finite("flux", self.flux)
        require_int("cutoff", self.cutoff, 4, 5000)

    @property
    def phi_osc(self) -> float:
        """Oscillator length ``(8 E_C / E_L)^(1/4)`` (radians)."""
        return float((8 * self.EC / self.EL) ** 0.25)

    def potential(self, phi: Any, flux: Any = None) -> np.ndarray:
        """``U(phi) = E_L phi^2 / 2 - E_J cos(phi - 2 pi flux)`` (GHz)."""
        f = self.flux if flux is None else flux
        phi = np.asarray(phi, dtype=float)
        return 0.5 * self.EL * phi**2 - self.EJ * np.cos(phi - 2 * np.pi * np.asarray(f))


@dataclass(frozen=True)
class RFSQUID(Fluxonium):
    """rf-SQUID / flux-qubit double well: the fluxonium Hamiltonian with ``beta_L = E_J / E_L
    > 1``, so that at ``flux = 1/2`` the potential has two degenerate wells; the two lowest
    states are the symmetric / antisymmetric persistent-current superpositions."""

    EJ: float = 20.0
    EC: float = 0.5
    EL: float = 10.0
    cutoff: int = 160


# -- charge basis ------------------------------------------------------------------------------
def charge_operators(ncut: int) -> tuple[np.ndarray, np.ndarray]:
    """Charge states ``n = -ncut .. ncut`` and the off-diagonal of ``cos phi`` (all 1/2)."""
    return np.arange(-ncut, ncut + 1, dtype=float), np.full(2 * ncut, 0.5)


def charge_qubit_eigensystem(model: Transmon, ng: Any = None, levels: int = 6,
                             vectors: bool = True) -> tuple[np.ndarray, np.ndarray | None]:
    """Lowest ``levels`` eigenvalues (GHz) and charge-basis eigenvectors at offset charges ``ng``.

    One LAPACK ``dsterf`` (all eigenvalues of a symmetric tridiagonal matrix, root-free QL)
    per point, and ``dstein`` (inverse iteration) for the requested eigenvectors only.
    Eigenvalues alone are computed once per distinct ``|n_g - round(n_g)|`` (periodicity and
    reflection symmetry of the spectrum).

    Returns
    -------
    energies : ndarray, shape (points, levels)
    vectors : ndarray, shape (points, 2 ncut + 1, levels), or None
    """
    size = 2 * model.ncut + 1
    require_int("levels", levels, 1, size)
    charges, half = charge_operators(model.ncut)
    offsets = np.atleast_1d(np.asarray(model.ng if ng is None else ng, dtype=float))
    if not vectors and offsets.size > 1:
        # E(n_g) = E(n_g + 1) (up to the charge cutoff, ~exp(-ncut^2) here) and E(-n_g) =
        # E(n_g) (the basis is symmetric): diagonalise each distinct |n_g - round(n_g)| once.
        folded = np.round(np.abs(offsets - np.round(offsets)), 12)
        distinct, inverse = np.unique(folded, return_inverse=True)
        if distinct.size < offsets.size:
            energies, _ = charge_qubit_eigensystem(
                dataclasses.replace(model, ng=float(distinct[0])), distinct, levels, False)
            return energies[inverse], None
    diagonal = 4 * model.EC * (charges[None, :] - offsets[:, None]) ** 2
    off = -model.EJ * half
    energies = np.empty((offsets.size, levels))
    states = np.empty((offsets.size, size, levels)) if vectors else None
    block = np.ones(size, dtype=np.int32)
    split = np.zeros(size, dtype=np.int32)
    split[0] = size
    for i in range(offsets.size):
        values, info = dsterf(diagonal[i], off)
        if info != 0:  # pragma: no cover - LAPACK failure
            raise np.linalg.LinAlgError(f"dsterf failed (info={info}) at ng={offsets[i]!r}")
        energies[i] = values[:levels]
        if states is not None:
            z, info = dstein(diagonal[i], off, energies[i], block, split)
            if info != 0:  # pragma: no cover - LAPACK failure
                raise np.linalg.LinAlgError(f"dstein failed (info={info}) at ng={offsets[i]!r}")
            states[i] = z
    return energies, states


def koch_charge_dispersion_GHz(EJ: float, EC: float, level: int) -> float:
    """Asymptotic charge dispersion (peak-to-peak band width) of transmon level ``m``,
    Koch et al. (2007), Eq. (2.5)::

        eps_m = (-1)^m E_C 2^(4m+5) / m! sqrt(2 / pi) (E_J / 2 E_C)^(m/2 + 3/4)
                * exp(-sqrt(8 E_J / E_C)),

    returned as ``|eps_m|`` (GHz). ``E_m(n_g) ~ E_m(1/4) - (eps_m / 2) cos(2 pi n_g)``.
    """
    from math import factorial

    return float(EC * 2 ** (4 * level + 5) / factorial(level) * np.sqrt(2 / np.pi)
                 * (EJ / (2 * EC)) ** (level / 2 + 0.75) * np.exp(-np.sqrt(8 * EJ / EC)))


# -- phase variable: oscillator basis and grid -------------------------------------------------
def _oscillator_trig(size: int, phi_osc: float) -> tuple[np.ndarray, np.ndarray, np.ndarray,
                                                         np.ndarray]:
    """``phi``, ``n``, ``cos phi``, ``sin phi`` in the first ``size`` oscillator states (the
    trigonometric ones projected from a basis padded by :data:`OSCILLATOR_PAD`)."""
    big = size + OSCILLATOR_PAD
    k = np.sqrt(np.arange(1, big))
    lowering = np.diag(k, 1)
    phi = phi_osc / np.sqrt(2) * (lowering + lowering.T)
    values, vecs = np.linalg.eigh(phi)
    cos = (vecs * np.cos(values)) @ vecs.T
    sin = (vecs * np.sin(values)) @ vecs.T
    n = (lowering - lowering.T) / (np.sqrt(2) * phi_osc)  # n = -i (a - a^+) / (sqrt 2 phi_osc)
    cut = slice(0, size)
    return phi[cut, cut], n[cut, cut], cos[cut, cut], sin[cut, cut]


def phase_grid(model: Fluxonium, points: int = 401, phi_max: float | None = None
               ) -> tuple[np.ndarray, np.ndarray]:
    """Uniform phase grid and the sinc-DVR kinetic matrix ``4 E_C n^2 = -4 E_C d^2/dphi^2``.

    ``phi_max`` default: the classically allowed region of the oscillator grown to cover
    ``5 pi`` plus ten oscillator lengths.
    """
    require_int("points", points, 16, 20_000)
    reach = 5 * np.pi + 10 * model.phi_osc if phi_max is None else require_positive(
        "phi_max", phi_max)
    phi = np.linspace(-reach, reach, points)
    step = phi[1] - phi[0]
    index = np.arange(points)
    diff = index[:, None] - index[None, :]
    with np.errstate(divide="ignore"):
        kinetic = np.where(diff == 0, np.pi**2 / 3,
                           2.0 * (-1.0) ** diff / np.where(diff == 0, 1, diff) ** 2)
    return phi, 4 * model.EC * kinetic / step**2


def phase_qubit_eigensystem(model: Fluxonium, flux: Any = None, levels: int = 6,
                            method: str = "oscillator", grid_points: int = 401,
                            vectors: bool = True) -> dict[str, Any]:
    """Lowest ``levels`` eigenpairs of a fluxonium / rf-SQUID at external fluxes ``flux``.

    ``method="oscillator"`` builds ``H(flux) = H_osc - E_J (cos 2 pi f cos phi + sin 2 pi f
    sin phi)`` for every flux at once and diagonalises the stack with one batched LAPACK call;
    ``method="grid"`` diagonalises the sinc-DVR phase-grid Hamiltonian.

    Returns
    -------
    dict
        ``energies`` (points, levels), ``vectors`` (points, basis, levels) or None, ``phi`` and
        ``n`` operators in the basis (grid: ``phi`` diagonal as a vector, ``n`` None),
        ``basis`` (``"oscillator"`` or ``"grid"``), ``grid`` (phase values or None).
    """
    require_choice("method", method, ("oscillator", "grid"))
    fluxes = np.atleast_1d(np.asarray(model.flux if flux is None else flux, dtype=float))
    if method == "oscillator":
        size = model.cutoff
        require_int("levels", levels, 1, size)
        phi, n, cos, sin = _oscillator_trig(size, model.phi_osc)
        omega = np.sqrt(8 * model.EL * model.EC)
        base = np.diag(omega * (np.arange(size) + 0.5))
        angle = 2 * np.pi * fluxes
        hams = base[None] - model.EJ * (np.cos(angle)[:, None, None] * cos[None]
                                        + np.sin(angle)[:, None, None] * sin[None])
        values, vecs = np.linalg.eigh(hams) if vectors else (np.linalg.eigvalsh(hams), None)
        return {"energies": values[:, :levels],
                "vectors": None if vecs is None else vecs[:, :, :levels],
                "phi": phi, "n": n, "basis": "oscillator", "grid": None}
    grid, kinetic = phase_grid(model, grid_points)
    require_int("levels", levels, 1, grid.size)
    energies = np.empty((fluxes.size, levels))
    states = np.empty((fluxes.size, grid.size, levels)) if vectors else None
    step = grid[1] - grid[0]
    for i, f in enumerate(fluxes):
        ham = kinetic + np.diag(model.potential(grid, f))
        if vectors:
            w, v = np.linalg.eigh(ham)
            energies[i], states[i] = w[:levels], v[:, :levels] / np.sqrt(step)
        else:
            energies[i] = np.linalg.eigvalsh(ham)[:levels]
    return {"energies": energies, "vectors": states, "phi": grid, "n": None,
            "basis": "grid", "grid": grid}
