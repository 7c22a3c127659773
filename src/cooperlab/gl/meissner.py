"""Meissner screening and the N-S surface energy: the 1D GL + Ampere problem of a slab.

A half-space x > 0 in a field H parallel to its surface (gauge A = (0, a(x), 0), psi = f(x)
real) obeys, with lengths in xi, a in Phi0/(2 pi xi), fields in Bc2 = Phi0/(2 pi xi^2)::

    f'' = a^2 f - f + f^3,        a'' = f^2 a / kappa^2,

(the GL equation and Ampere's law curl B = mu0 j with j = -f^2 a / kappa^2), with
f'(0) = 0, a'(0) = h (the field at the surface) and f -> 1, a -> 0 deep inside; solved with
``scipy.integrate.solve_bvp`` (self-consistent in A and f, no London approximation). The
field ``B = a'`` decays as exp(-x / lambda) with lambda = kappa xi (London 1935) in weak
fields; :func:`solve_meissner_profile` fits that decay.

:func:`solve_surface_energy` solves the same equations for a flat normal-superconducting
interface at the thermodynamic critical field ``h_c = 1 / (sqrt(2) kappa)`` and returns
``sigma = int [kappa^2 (b - h_c)^2 - f^4 / 2] dx`` (units of mu0 Hc^2 xi), positive for type I
and negative for type II: its zero is kappa = 1/sqrt(2) (Ginzburg & Landau 1950).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.integrate import solve_bvp, trapezoid

from cooperlab.gl.material import GLMaterial, given, upper_critical_field_T
from cooperlab.naming import deprecated_alias
from cooperlab.results import Convergence, Result, ScalarResult, make_metadata, scalar, variable
from cooperlab.validation import require_positive, require_range


def _rhs(kappa: float):  # noqa: ANN202 - a closure for solve_bvp
    def rhs(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        f, df, a, da = y
        return np.vstack([df, a * a * f - f + f**3, da, f * f * a / kappa**2])
    return rhs


@dataclass(kw_only=True)
class MeissnerProfile(Result):
    """Field and order parameter inside a superconducting half-space."""

    x: np.ndarray = variable(("x",), "um", "depth", coordinate=True)
    field: np.ndarray = variable(("x",), "mT", "magnetic field B(x)")
    density: np.ndarray = variable(("x",), "", "|psi|^2")
    lambda_fit_um: float = scalar("um", "penetration depth fitted to B ~ exp(-x/lambda)")
    lambda_um: float = scalar("um", "input penetration depth")

    def summary(self) -> dict[str, Any]:
        return {"result": type(self).__name__, "lambda_um": float(self.lambda_um),
                "lambda_fit_um": float(self.lambda_fit_um),
                "relative_error": float(self.lambda_fit_um / self.lambda_um - 1)}

    def plot(self, ax: Any = None, **kwargs: Any) -> Any:
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots()
        ax.plot(self.x, self.field / self.field[0], label="B / H")
        ax.plot(self.x, self.density, label=r"$|\psi|^2$")
        ax.plot(self.x, np.exp(-self.x / self.lambda_fit_um), "k:", label="exp(-x/lambda_fit)")
        ax.set_xlabel("depth (um)")
        ax.legend()
        return ax


def material_lengths(material: GLMaterial | None, xi_um: float | None,
                     lambda_um: float | None, default: tuple[float, float]
                     ) -> tuple[float, float]:
    """(xi_um, lambda_um) from ``material`` or from the hand-given lengths (not both)."""
    if material is None:
        return (default[0] if xi_um is None else xi_um,
                default[1] if lambda_um is None else lambda_um)
    if not isinstance(material, GLMaterial):
        raise ValueError(f"material must be a GLMaterial, got {type(material).__name__}")
    if xi_um is not None or lambda_um is not None:
        raise ValueError("give either material or xi_um / lambda_um, not both")
    return material.xi_um, material.lambda_um


def solve_meissner_profile(xi_um: float | None = None, lambda_um: float | None = None,
                     field_mT: float = 0.5, *, material: GLMaterial | None = None,
                     depth_lambda: float = 12.0, fit_lambda: float = 4.0,
                     n_points: int = 400) -> MeissnerProfile:
    """Self-consistent screening profile of a half-space; fits lambda on ``[0, fit_lambda]``.

    Parameters
    ----------
    xi_um, lambda_um : float
        Coherence length and penetration depth (um); kappa = lambda / xi. Defaults 0.1 and
        0.5 um.
    material : GLMaterial, optional
        The superconductor instead of ``xi_um`` and ``lambda_um`` (its lengths at its
        temperature).
    field_mT : float
        Applied field parallel to the surface (mT); must lie below the thermodynamic
        critical field ``Bc2 / (sqrt(2) kappa)``.
    depth_lambda, fit_lambda : float
        Slab depth and the fitted range, in units of lambda.
    """
    xi_um, lambda_um = material_lengths(material, xi_um, lambda_um, (0.1, 0.5))
    require_positive("xi_um", xi_um, "um")
    require_positive("lambda_um", lambda_um, "um")
    kappa = lambda_um / xi_um
    bc2_mT = upper_critical_field_T(xi_um * 1e-6) * 1e3
    hc_mT = bc2_mT / (math.sqrt(2) * kappa)
    require_range("field_mT", field_mT, 0.0, hc_mT, low_inclusive=False, unit="mT")
    require_range("fit_lambda", fit_lambda, 0.5, depth_lambda / 2)
    h = field_mT / bc2_mT
    length = depth_lambda * kappa + 10.0
    x = np.linspace(0.0, length, n_points)
    guess = np.vstack([np.ones_like(x), np.zeros_like(x), -h * kappa * np.exp(-x / kappa),
                       h * np.exp(-x / kappa)])

    def bc(ya: np.ndarray, yb: np.ndarray) -> np.ndarray:
        return np.array([ya[1], ya[3] - h, yb[1], yb[2]])

    sol = solve_bvp(_rhs(kappa), bc, x, guess, tol=1e-8, max_nodes=200000)
    if not sol.success:
        raise RuntimeError(f"Meissner profile did not converge: {sol.message}")
    xs = np.linspace(0.0, length, 2000)
    f, _, _, b = sol.sol(xs)
    fit = xs <= fit_lambda * kappa
    slope = np.polyfit(xs[fit], np.log(b[fit]), 1)[0]
    residual = float(np.max(sol.rms_residuals))
    meta = make_metadata(convergence=Convergence(
        passed=bool(sol.success), criterion="scipy solve_bvp: max rms collocation residual < tol",
        achieved=residual, target=1e-8,
        discretisation={"bvp_nodes": int(sol.x.size), "length_xi": length},
        details={"bvp_nodes": int(sol.x.size), "rms_residual": residual}),
                         xi_um=xi_um, field_mT=field_mT, fit_range_lambda=fit_lambda,
                         **given(material))
    return MeissnerProfile(x=xs * xi_um, field=b * bc2_mT, density=f * f,
                           lambda_fit_um=-xi_um / slope, lambda_um=lambda_um, metadata=meta)


@dataclass(kw_only=True)
class SurfaceEnergy(ScalarResult):
    """Energy per area of a normal-superconducting wall at Hc (units of mu0 Hc^2 xi)."""

    kappa: float = scalar("", "GL parameter")
    sigma: float = scalar("mu0 Hc^2 xi", "N-S surface energy")

    @property
    def type_ii(self) -> bool:
        return self.sigma < 0


def _wall(kappa: float, x: np.ndarray, guess: np.ndarray) -> Any:
    hc = 1.0 / (math.sqrt(2) * kappa)

    def bc(ya: np.ndarray, yb: np.ndarray) -> np.ndarray:
        return np.array([ya[0], ya[3] - hc, yb[1], yb[2]])

    return solve_bvp(_rhs(kappa), bc, x, guess, tol=1e-6, max_nodes=400000)


def solve_surface_energy(kappa: float | None = None, *, material: GLMaterial | None = None,
                   half_width: float = 32.0) -> SurfaceEnergy:
    """N-S interface energy at ``H = Hc`` from the 1D GL + Ampere equations, for the GL
    parameter ``kappa`` or that of ``material`` (one of them).

    Near kappa = 1/sqrt(2) the wall is nearly free (its energy does not depend on its
    shape to first order) and Newton's method needs a good start: the solution is
    continued in kappa from kappa = 2 or 0.6 (whichever side kappa lies), in steps of 0.05.
    """
    if (kappa is None) == (material is None):
        raise ValueError("give exactly one of kappa and material")
    if material is not None:
        kappa = material.kappa
    require_range("kappa", kappa, 0.3, 3.0)
    x = np.linspace(-half_width, half_width, 1500)
    start = 2.0 if kappa > 1 / math.sqrt(2) else 0.6
    path = [*np.arange(start, kappa, 0.05 if kappa > start else -0.05), kappa]
    hc0 = 1.0 / (math.sqrt(2) * start)
    step = 0.5 * (1 + np.tanh(x / (max(1.0, start) if start > 1 else 1 / start)))
    f0 = np.sqrt(step)
    b0 = hc0 * (1 - step)
    a0 = -np.flip(np.cumsum(np.flip(b0))) * (x[1] - x[0])
    guess = np.vstack([f0, np.gradient(f0, x), a0, b0])
    mesh = x
    for k in path:
        sol = _wall(float(k), mesh, guess)
        if not sol.success:
            raise RuntimeError(f"N-S wall did not converge for kappa={k:.3f}: {sol.message}")
        mesh, guess = sol.x, sol.y
        guess = guess.copy()
    hc = 1.0 / (math.sqrt(2) * kappa)
    xs = np.linspace(-half_width, half_width, 40001)
    f, _, _, b = sol.sol(xs)
    sigma = trapezoid(kappa**2 * (b - hc) ** 2 - 0.5 * f**4, xs)
    meta = make_metadata(convergence=Convergence(
        passed=bool(sol.success), criterion="scipy solve_bvp: max rms collocation residual < tol",
        achieved=float(np.max(sol.rms_residuals)), target=1e-6,
        discretisation={"bvp_nodes": int(sol.x.size), "half_width_xi": half_width},
        details={"bvp_nodes": int(sol.x.size), "half_width_xi": half_width,
                 "continuation_steps": len(path)}), **given(material))
    return SurfaceEnergy(kappa=kappa, sigma=float(sigma), metadata=meta)


# Deprecated names (removed in the next release).
meissner_profile = deprecated_alias(solve_meissner_profile, "meissner_profile")
surface_energy = deprecated_alias(solve_surface_energy, "surface_energy")
