"""The vortex lattice near Hc2 and its Abrikosov parameter beta_A.

Setup: a periodic rectangular cell of aspect ratio ``Ly/Lx = sqrt(3)`` threaded by two flux
quanta is the conventional cell of the triangular lattice; GL relaxation (the TDGL
``d psi/dt = (1 - |psi|^2) psi + (grad - iA)^2 psi`` with the applied field, the limit
kappa -> infinity, exact near Hc2 where the field is uniform) from a random state finds
the lattice, and ``beta_A = <|psi|^4> / <|psi|^2>^2`` approaches Abrikosov's triangular
value 1.1596 (Kleiner, Roth & Autler, Phys. Rev. 133, A1226 (1964)) as b -> 1; a square
cell (aspect 1, one or two quanta) gives the square lattice, 1.1803.

Convergence: the relaxation runs until the relative residual of the stationary GL equation,
``rms|(1 - |psi|^2) psi + (grad - iA)^2 psi| / rms|psi|``, falls below ``tolerance``, not for a
fixed time. Near Hc2 the lattice's shear stiffness vanishes as (1 - b)^2 and the relaxation
is slow: at b = 0.9 the former fixed t = 400 tau left seeds 4 and 6 of 0-6 in a still
moving, distorted lattice (beta_A 1.171 and 1.167, residual 1.5e-3); the same runs reach
1.1568 (the h = 0.25 xi lattice value, -0.24 % from 1.1596) by t ~ 1700 tau at residual 1e-6. In
the triangular cell near Hc2 (``n_flux = 2``, ``aspect = sqrt(3)``, ``b >= 0.85``, where
beta_A is within ~0.4 % of its b -> 1 value) the converged beta_A is also checked against
1.1596 (``beta_tolerance``); a state that fails it is a metastable lattice, and the
relaxation restarts from another random state (up to ``max_starts``), keeping the lowest
free energy. ``metadata["convergence"]`` records the criterion, the achieved and target
values, the steps and time, every start, and whether it passed; an unconverged result is
also reported by a ``UserWarning``.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

from cooperlab.gl.material import GLMaterial, given
from cooperlab.gl.tdgl.observables import abrikosov_beta, vortex_positions
from cooperlab.gl.tdgl.periodic import periodic_lattice
from cooperlab.gl.tdgl.stepper import TDGLStepper
from cooperlab.naming import deprecated_alias
from cooperlab.results import Convergence, Result, make_metadata, scalar, variable
from cooperlab.validation import require_int, require_positive, require_range

#: beta_A of the triangular lattice (Kleiner, Roth & Autler 1964).
BETA_TRIANGULAR = 1.1596
#: beta_A of the square lattice (Abrikosov 1957, corrected by Kleiner et al.).
BETA_SQUARE = 1.1803
#: Fields (units of Bc2) from which beta_A of the triangular cell is checked against
#: BETA_TRIANGULAR (measured at h = 0.25 xi: 1.1538 at b = 0.8, 1.1568 at 0.9, 1.1582 at 0.95).
CHECKED_FROM_B = 0.85


@dataclass(kw_only=True)
class VortexLattice(Result):
    """Relaxed vortex lattice in a periodic cell."""

    x: np.ndarray = variable(("x",), "xi", "x", coordinate=True)
    y: np.ndarray = variable(("y",), "xi", "y", coordinate=True)
    density: np.ndarray = variable(("x", "y"), "", "|psi|^2")
    vortices: np.ndarray = variable(("vortex", "vortex_field"), "xi", "vortex x, y, charge")
    beta_a: float = scalar("", "Abrikosov parameter <|psi|^4>/<|psi|^2>^2")
    b: float = scalar("Bc2", "field")
    mean_density: float = scalar("", "<|psi|^2>")
    free_energy: float = scalar("", "GL free energy density (Meissner state -1/2, normal 0)")
    residual: float = scalar("", "rms|dpsi/dt| / rms|psi| of the final state")

    def summary(self) -> dict[str, Any]:
        verdict = self.convergence
        return {"result": type(self).__name__, "beta_a": float(self.beta_a), "b": float(self.b),
                "mean_density": float(self.mean_density), "n_vortices": len(self.vortices),
                "converged": None if verdict is None else verdict.passed,
                "residual": float(self.residual)}


def reference_beta(b: float, n_flux: int, aspect: float) -> float | None:
    """beta_A the relaxed cell must reach: :data:`BETA_TRIANGULAR` for the conventional
    triangular cell (two quanta, aspect sqrt(3) within 2 %) near Hc2 (``b >=``
    :data:`CHECKED_FROM_B`); ``None`` (no check) otherwise."""
    triangular = n_flux == 2 and abs(aspect / math.sqrt(3) - 1) < 0.02
    return BETA_TRIANGULAR if triangular and b >= CHECKED_FROM_B else None


def _relax(lattice: Any, psi: np.ndarray, tolerance: float, max_time: float,
           check_every: int = 50) -> tuple[np.ndarray, float, float, int]:
    """GL relaxation of ``psi`` until the relative residual is below ``tolerance`` (checked
    every ``check_every`` steps) or the time reaches ``max_time``:
    ``(psi, residual, time, steps)``."""
    stepper = TDGLStepper(lattice, u=1.0, gamma=0.0, solve_mu=False, cfl=0.9, dt_max=0.5)
    t, steps = 0.0, 0
    residual = _residual(lattice, psi)
    while residual >= tolerance and t < max_time:
        for _ in range(check_every):
            psi, dt = stepper.step(psi, min(stepper.stable_dt(psi), max_time - t))
            t += dt
            steps += 1
            if t >= max_time:
                break
        residual = _residual(lattice, psi)
    return psi, residual, t, steps


def _residual(lattice: Any, psi: np.ndarray) -> float:
    """``rms|(1 - |psi|^2) psi + (grad - iA)^2 psi| / rms|psi|`` (inf for psi = 0)."""
    norm = float(np.mean(np.abs(psi) ** 2))
    if norm == 0.0:
        return math.inf
    r = (1 - np.abs(psi) ** 2) * psi + lattice.laplacian(psi)
    return math.sqrt(float(np.mean(np.abs(r) ** 2)) / norm)


def _free_energy(lattice: Any, psi: np.ndarray) -> float:
    """``<|(grad - iA) psi|^2 - |psi|^2 + |psi|^4 / 2>`` per area (kappa -> infinity)."""
    d = np.abs(psi) ** 2
    return float(np.mean(-(psi.conj() * lattice.laplacian(psi)).real - d + d * d / 2))


def solve_vortex_lattice(b: float | None = None, *, material: GLMaterial | None = None,
                   field_mT: float | None = None, n_flux: int = 2, aspect: float = math.sqrt(3),
                   grid_xi: float = 0.25, tolerance: float = 1e-6, max_time: float = 2e4,
                   beta_tolerance: float = 0.005, max_starts: int = 3,
                   seed: int = 0) -> VortexLattice:
    """Relax the GL state of a periodic cell at field ``b`` (units of Bc2) to convergence.

    The cell is ``Lx`` x ``aspect Lx`` with ``b Lx Ly = 2 pi n_flux``; the grid has the
    integer ``nx``, ``ny`` closest to that aspect at spacing about ``grid_xi``, and ``b`` is
    adjusted to the exact cell (reported).

    Parameters
    ----------
    b : float
        Field in units of Bc2 (default 0.9); or give ``material`` and ``field_mT``.
    material, field_mT : GLMaterial, float
        A superconductor and an applied field (mT): ``b = field_mT / material.hc2_mT``
        (the lattice is the kappa -> infinity limit, so only Hc2 enters). The material
        is recorded in the metadata.
    tolerance : float
        Relative residual ``rms|dpsi/dt| / rms|psi|`` at which a relaxation stops.
    max_time : float
        Longest relaxation of one start (units of tau); reaching it is reported unconverged.
    beta_tolerance : float
        Largest relative deviation of beta_A from :func:`reference_beta` (when the geometry
        has one) accepted as the ground-state lattice.
    max_starts : int
        Random starts tried while the check against the reference fails (start 0 from
        ``seed``, start k from ``[seed, k]``); the lowest free energy is kept.
    """
    if material is not None or field_mT is not None:
        if material is None or field_mT is None or b is not None:
            raise ValueError("give either b, or material and field_mT together")
        if not isinstance(material, GLMaterial):
            raise ValueError(f"material must be a GLMaterial, got {type(material).__name__}")
        b = field_mT / material.hc2_mT
    elif b is None:
        b = 0.9
    require_range("b", b, 0.05, 1.0, low_inclusive=True, high_inclusive=False, unit="Bc2")
    require_int("n_flux", n_flux, 1, 64)
    require_range("aspect", aspect, 0.2, 5.0)
    require_range("grid_xi", grid_xi, 0.05, 0.5, unit="xi")
    require_positive("tolerance", tolerance)
    require_positive("max_time", max_time, "tau")
    require_positive("beta_tolerance", beta_tolerance)
    require_int("max_starts", max_starts, 1, 100)
    lx = math.sqrt(2 * math.pi * n_flux / (b * aspect))
    nx = max(4, int(round(lx / grid_xi)))
    ny = max(4, int(round(aspect * nx)))
    h = math.sqrt(2 * math.pi * n_flux / (b * nx * ny))
    lattice, b_cell = periodic_lattice(nx, ny, h, n_flux)
    reference = reference_beta(b, n_flux, aspect)
    mask = np.ones((nx, ny), dtype=bool)
    starts: list[dict[str, Any]] = []
    best: tuple[float, np.ndarray] | None = None
    for start in range(max_starts):
        rng = np.random.default_rng(seed if start == 0 else [seed, start])
        psi = 0.1 * (rng.standard_normal((nx, ny)) + 1j * rng.standard_normal((nx, ny)))
        psi, residual, t, steps = _relax(lattice, psi, tolerance, max_time)
        beta = abrikosov_beta(np.abs(psi) ** 2, mask)
        energy = _free_energy(lattice, psi)
        deviation = math.nan if reference is None else beta / reference - 1
        record = {"seed": seed if start == 0 else [seed, start], "beta_a": beta,
                  "free_energy": energy, "residual": residual, "time": t, "steps": steps,
                  "residual_passed": residual < tolerance,
                  "beta_deviation": deviation,
                  "beta_passed": reference is None or abs(deviation) < beta_tolerance}
        starts.append(record)
        if best is None or energy < best[0]:
            best = (energy, psi)
        if record["residual_passed"] and record["beta_passed"]:
            break
    assert best is not None
    psi = best[1]
    chosen = next(r for r in starts if r["free_energy"] == best[0])
    passed = bool(chosen["residual_passed"] and chosen["beta_passed"])
    criterion = "rms|dpsi/dt| / rms|psi| < tolerance"
    if reference is not None:
        criterion += " and |beta_A / reference - 1| < beta_tolerance"
    convergence = Convergence(
        passed=passed, criterion=criterion, achieved=chosen["residual"], target=tolerance,
        discretisation={"nx": nx, "ny": ny, "h_xi": h, "aspect": ny / nx},
        details={"converged": passed, "beta_reference": reference,
                 "beta_deviation": chosen["beta_deviation"], "beta_tolerance": beta_tolerance,
                 "iterations": sum(r["steps"] for r in starts), "steps": chosen["steps"],
                 "time": chosen["time"], "max_time": max_time, "starts": starts})
    if not passed:
        warnings.warn(
            f"vortex_lattice(b={b}) did not converge: residual {chosen['residual']:.2g} "
            f"(target {tolerance:.2g}), beta_A {chosen['beta_a']:.4f}"
            + (f" (reference {reference})" if reference is not None else "")
            + f" after {len(starts)} start(s)", UserWarning, stacklevel=2)
    density = np.abs(psi) ** 2
    meta = make_metadata(convergence=convergence, n_flux=n_flux, seed=seed, **given(material))
    return VortexLattice(x=lattice.grid.x, y=lattice.grid.y, density=density,
                         vortices=vortex_positions(lattice, psi).reshape(-1, 3),
                         beta_a=abrikosov_beta(density, mask), b=b_cell,
                         mean_density=float(density.mean()), free_energy=best[0],
                         residual=float(chosen["residual"]), metadata=meta)


# Deprecated names (removed in the next release).
vortex_lattice = deprecated_alias(solve_vortex_lattice, "vortex_lattice")
