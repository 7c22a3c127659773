"""Magnetisation curve of a bulk superconductor: the GL vortex lattice at fixed induction.

A long sample in a parallel field has no demagnetisation and, far from its surface, no
surface barrier: its equilibrium M(H) follows from the free energy of the ideal vortex
lattice at fixed mean induction B (Abrikosov 1957; computed for all B and kappa by Brandt,
Phys. Rev. B 68, 054506 (2003)). Here every induction ``b`` (units of
``Bc2 = Phi0 / (2 pi xi^2)``) is a periodic cell threaded by ``n_flux`` flux quanta, by
default the conventional cell of the triangular lattice (``Ly / Lx = sqrt 3``, two quanta),
whose size sets ``b``; the GL free energy of the cell is minimised over psi *and* the vector
potential (finite kappa: the field of the vortices is screened self-consistently)::

    f = < -|psi|^2 + |psi|^4 / 2 + |(grad - iA) psi|^2 + kappa^2 (curl A)^2 >

(lengths in xi, A in Phi0 / (2 pi xi), f in mu0 Hc^2; the Meissner state has f = -1/2 and
the normal state at induction b has ``f_n = kappa^2 b^2``). On the lattice of
:mod:`cooperlab.gl.tdgl.links` the links carry ``theta = theta_b + a`` (``theta_b``: the uniform
field of :func:`~cooperlab.gl.tdgl.links.landau_gauge_periodic`, ``a``: a periodic field with no
net flux, so the flux through the torus stays ``n_flux`` quanta), the gradient term is
``sum_links |U psi_j - psi_i|^2`` and the field term ``kappa^2 sum_plaquettes theta_p^2 / h^2``;
``f`` is minimised by L-BFGS with the analytic gradient.

Reading the magnetisation curve (the field-controlled Gibbs energy ``g = f - 2 kappa^2 b H``,
H in Bc2, so that the normal state has ``b = H``):

- ``H(B) = f'(B) / (2 kappa^2)`` along the lattice branch, ``M = B - H`` (units of Bc2;
  ``mu0 M`` in mT after multiplying by Bc2).
- ``M(H)`` at a given applied field: ``B(H)`` minimises g over the Meissner state (b = 0),
  the lattice branch (the computed states, interpolated, see :func:`interpolated_branch`)
  and the normal branch (the Legendre transform).
- ``Hc1``: the lowest field at which B > 0 in equilibrium, the smallest chord slope
  ``(f(b) - f(0)) / (2 kappa^2 b)`` from the Meissner point. In a type-II superconductor it
  is reached at small b (the isolated vortex: ``Hc1 = eps1 / Phi0``) and B grows
  continuously from zero; in a type-I superconductor (kappa < 1/sqrt 2) every lattice state
  lies above the Meissner-normal tangent, the minimum is the normal state at ``b = Hc`` and
  M jumps from ``-Hc`` to 0 at ``Hc = 1 / (sqrt 2 kappa)``: a first-order transition.
- ``Hc2``: near it ``f - f_n = -kappa^2 (1 - b)^2 / (1 + (2 kappa^2 - 1) beta_A)``
  (Abrikosov), so ``sqrt(f_n - f)`` is linear in b and vanishes at Hc2; the fit over the
  top of the lattice branch gives Hc2 (M = 0 there, so H = B) and, from its slope, beta_A.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from scipy.optimize import minimize

from cooperlab.gl.material import GLMaterial, upper_critical_field_T
from cooperlab.gl.tdgl.geometry import Grid
from cooperlab.gl.tdgl.kernels import HAVE_NUMBA, numba
from cooperlab.gl.tdgl.links import LinkLattice, landau_gauge_periodic
from cooperlab.gl.tdgl.observables import vortex_charges
from cooperlab.naming import deprecated_alias
from cooperlab.results import (
    Convergence,
    Result,
    ScalarResult,
    field_label,
    make_metadata,
    scalar,
    variable,
)
from cooperlab.validation import require_int, require_positive, require_range


def brandt_hc1(kappa: float) -> float:
    """Hc1 / Bc2 of the isolated GL vortex, ``(ln kappa + alpha(kappa)) / (2 kappa^2)``.

    ``alpha(kappa) = 0.49693 + exp(-0.41477 - 0.775 ln kappa - 0.1303 ln^2 kappa)``, Brandt's
    fit to the exact numerical GL solution (Phys. Rev. B 68, 054506 (2003), accurate to
    about 1e-3 for kappa >= 0.7); its large-kappa limit 0.497 is Hu & Thompson's
    (Phys. Rev. B 6, 110 (1972)): ``Hc1 = Hc (ln kappa + 0.497) / (sqrt 2 kappa)``.
    """
    lk = math.log(kappa)
    alpha = 0.49693 + math.exp(-0.41477 - 0.775 * lk - 0.1303 * lk * lk)
    return (lk + alpha) / (2 * kappa * kappa)


# -- the free energy of the periodic cell -----------------------------------------------
def _energy_numpy(x: np.ndarray, nx: int, ny: int, h: float, bh2: float, kappa: float,
                  grad: np.ndarray) -> float:
    """Cell free energy (units mu0 Hc^2 xi^2) and its gradient (written into ``grad``)."""
    n = nx * ny
    psi = (x[:n] + 1j * x[n:2 * n]).reshape(nx, ny)
    ax = x[2 * n:3 * n].reshape(nx, ny)
    ay = x[3 * n:].reshape(nx, ny)
    i = np.arange(nx)[:, None]
    j = np.arange(ny)[None, :]
    tx = ax + np.where(i == nx - 1, -bh2 * nx * j, 0.0)
    ty = ay + bh2 * i
    d2 = psi.real**2 + psi.imag**2
    energy = h * h * np.sum(-d2 + 0.5 * d2 * d2)
    gpsi = 2 * h * h * (d2 - 1.0) * psi
    gx = np.zeros((nx, ny))
    gy = np.zeros((nx, ny))
    for axis, theta, gl in ((0, tx, gx), (1, ty, gy)):
        q = np.exp(-1j * theta) * np.roll(psi, -1, axis=axis)
        d = q - psi
        energy += np.sum(d.real**2 + d.imag**2)
        gpsi -= 2 * d
        gpsi += np.roll(2 * np.exp(1j * theta) * d, 1, axis=axis)
        gl += 2 * (d.real * q.imag - d.imag * q.real)
    k2 = kappa * kappa / (h * h)
    tp = bh2 + ax + np.roll(ay, -1, axis=0) - np.roll(ax, -1, axis=1) - ay
    energy += k2 * np.sum(tp * tp)
    gx += 2 * k2 * (tp - np.roll(tp, 1, axis=1))
    gy += 2 * k2 * (np.roll(tp, 1, axis=0) - tp)
    grad[:n] = gpsi.real.ravel()
    grad[n:2 * n] = gpsi.imag.ravel()
    grad[2 * n:3 * n] = gx.ravel()
    grad[3 * n:] = gy.ravel()
    return float(energy)


def _energy_loops(x: Any, nx: int, ny: int, h: float, bh2: float, kappa: float,
                  grad: Any) -> float:  # pragma: no cover - compiled by numba
    n = nx * ny
    pr = x[:n].reshape(nx, ny)
    pi = x[n:2 * n].reshape(nx, ny)
    ax = x[2 * n:3 * n].reshape(nx, ny)
    ay = x[3 * n:].reshape(nx, ny)
    grad[:] = 0.0
    gr = grad[:n].reshape(nx, ny)
    gi = grad[n:2 * n].reshape(nx, ny)
    gax = grad[2 * n:3 * n].reshape(nx, ny)
    gay = grad[3 * n:].reshape(nx, ny)
    h2 = h * h
    k2 = kappa * kappa / h2
    e = 0.0
    for i in range(nx):
        ip = i + 1 if i + 1 < nx else 0
        for j in range(ny):
            jp = j + 1 if j + 1 < ny else 0
            a = pr[i, j]
            b = pi[i, j]
            d2 = a * a + b * b
            e += h2 * (-d2 + 0.5 * d2 * d2)
            gr[i, j] += 2 * h2 * (d2 - 1.0) * a
            gi[i, j] += 2 * h2 * (d2 - 1.0) * b
            for axis in range(2):
                if axis == 0:
                    th = ax[i, j] + (-bh2 * nx * j if ip == 0 else 0.0)
                    k, m = ip, j
                else:
                    th = ay[i, j] + bh2 * i
                    k, m = i, jp
                c = math.cos(th)
                s = math.sin(th)
                qr = c * pr[k, m] + s * pi[k, m]            # U psi_j, U = exp(-i theta)
                qi = c * pi[k, m] - s * pr[k, m]
                dr = qr - a
                di = qi - b
                e += dr * dr + di * di
                gr[i, j] -= 2 * dr
                gi[i, j] -= 2 * di
                gr[k, m] += 2 * (c * dr - s * di)           # U^* d
                gi[k, m] += 2 * (c * di + s * dr)
                if axis == 0:
                    gax[i, j] += 2 * (dr * qi - di * qr)
                else:
                    gay[i, j] += 2 * (dr * qi - di * qr)
            tp = bh2 + ax[i, j] + ay[ip, j] - ax[i, jp] - ay[i, j]
            e += k2 * tp * tp
            gax[i, j] += 2 * k2 * tp
            gay[ip, j] += 2 * k2 * tp
            gax[i, jp] -= 2 * k2 * tp
            gay[i, j] -= 2 * k2 * tp
    return e


_energy_numba = (numba.njit(cache=True, nogil=True)(_energy_loops) if HAVE_NUMBA else None)


def cell_energy(x: np.ndarray, nx: int, ny: int, h: float, bh2: float, kappa: float,
                grad: np.ndarray, kernels: str = "auto") -> float:
    """Free energy of the cell state ``x = [Re psi, Im psi, a_x, a_y]`` and its gradient.

    ``kernels``: ``"numba"`` (a fused loop, when numba imports; ``"auto"`` picks it) or
    ``"numpy"`` (vectorised); both give the same numbers to rounding.
    """
    if kernels != "numpy" and _energy_numba is not None:
        return float(_energy_numba(x, nx, ny, h, bh2, kappa, grad))
    return _energy_numpy(x, nx, ny, h, bh2, kappa, grad)


# -- one cell ----------------------------------------------------------------------------
@dataclass(frozen=True)
class BulkModel:
    """A bulk GL superconductor at mean induction ``b`` (a vortex-lattice cell).

    Parameters
    ----------
    kappa : float
        GL parameter lambda / xi (kappa < 1/sqrt 2: type I).
    xi_um : float
        Coherence length (um): sets ``Bc2 = Phi0 / (2 pi xi^2)`` for the fields in mT.
    b : float
        Mean induction (units of Bc2), 0 < b.
    n_flux, aspect : int, float
        Flux quanta through the cell and its aspect ratio Ly / Lx (2 and sqrt 3: the
        conventional cell of the triangular lattice; 1 and 1: the square lattice).
    grid_xi : float
        Grid spacing (xi), adjusted so that the cell holds a whole number of nodes.
    """

    kappa: float = field(default=2.0, metadata=field_label("", "GL parameter"))
    xi_um: float = field(default=0.1, metadata=field_label("um", "coherence length"))
    b: float = field(default=0.5, metadata=field_label("Bc2", "mean induction"))
    n_flux: int = field(default=2, metadata=field_label("", "flux quanta per cell"))
    aspect: float = field(default=math.sqrt(3), metadata=field_label("", "cell Ly / Lx"))
    grid_xi: float = field(default=0.3, metadata=field_label("xi", "grid spacing"))

    def __post_init__(self) -> None:
        require_range("kappa", self.kappa, 0.2, 50.0)
        require_positive("xi_um", self.xi_um, "um")
        require_range("b", self.b, 0.002, 1.5, unit="Bc2")
        require_int("n_flux", self.n_flux, 1, 64)
        require_range("aspect", self.aspect, 0.2, 5.0)
        require_range("grid_xi", self.grid_xi, 0.05, 0.6, unit="xi")
        nodes = 2 * math.pi * self.n_flux / self.b / self.grid_xi**2
        if nodes > 2e5:
            raise ValueError(f"b={self.b!r} with grid_xi={self.grid_xi!r} needs {nodes:.3g} "
                             "nodes (at most 2e5): raise b or grid_xi")

    @classmethod
    def from_material(cls, material: GLMaterial, **cell: Any) -> BulkModel:
        """The bulk cell of ``material``: its kappa and xi (at its temperature); ``cell``
        sets ``b``, ``n_flux``, ``aspect``, ``grid_xi``."""
        if not isinstance(material, GLMaterial):
            raise ValueError(f"material must be a GLMaterial, got {type(material).__name__}")
        if "kappa" in cell or "xi_um" in cell:
            raise ValueError("kappa and xi_um come from the material")
        return cls(kappa=material.kappa, xi_um=material.xi_um, **cell)

    @property
    def bc2_mT(self) -> float:
        return upper_critical_field_T(self.xi_um * 1e-6) * 1e3

    def cell(self) -> tuple[int, int, float]:
        """(nx, ny, h): nodes along x and y and the spacing that makes ``b`` exact."""
        lx = math.sqrt(2 * math.pi * self.n_flux / (self.b * self.aspect))
        nx = max(4, int(round(lx / self.grid_xi)))
        ny = max(4, int(round(self.aspect * nx)))
        return nx, ny, math.sqrt(2 * math.pi * self.n_flux / (self.b * nx * ny))


@dataclass(kw_only=True)
class LatticeCell(ScalarResult):
    """The relaxed vortex lattice at one induction."""

    b: float = scalar("Bc2", "mean induction")
    free_energy: float = scalar("mu0 Hc^2", "GL free energy density f")
    normal_free_energy: float = scalar("mu0 Hc^2", "normal state kappa^2 b^2")
    mean_density: float = scalar("", "<|psi|^2>")
    n_vortices: float = scalar("", "vortices in the cell")
    gradient_norm: float = scalar("", "largest gradient component at the end")


#: L-BFGS stops when an iteration lowers the cell energy by less than this (relative).
FTOL = 1e-12


def solve_relaxed_cell(model: BulkModel, *, kernels: str = "auto", seed: int = 0,
               max_iterations: int = 20000) -> LatticeCell:
    """Minimise the cell's GL free energy over psi and A (L-BFGS from a seeded start).

    The start is ``psi = 1`` plus 10 % seeded noise with no induced field: the flux
    through the torus forces ``n_flux`` vortices, which the descent places on the
    lattice. A state that ends normal (mean |psi|^2 < 1e-6) is reported with ``f = f_n``.
    """
    nx, ny, h = model.cell()
    n = nx * ny
    bh2 = model.b * h * h
    rng = np.random.default_rng(seed)
    x0 = np.zeros(4 * n)
    x0[:n] = 1.0 + 0.1 * rng.standard_normal(n)
    x0[n:2 * n] = 0.1 * rng.standard_normal(n)
    # the field variables are scaled so that their curvature matches that of psi
    scale = np.ones(4 * n)
    scale[2 * n:] = min(1.0, h / model.kappa)
    grad = np.empty(4 * n)

    def fun(y: np.ndarray) -> tuple[float, np.ndarray]:
        e = cell_energy(y * scale, nx, ny, h, bh2, model.kappa, grad, kernels)
        return e, grad * scale

    res = minimize(fun, x0 / scale, jac=True, method="L-BFGS-B",
                   options={"maxiter": max_iterations, "maxfun": 2 * max_iterations,
                            "gtol": 1e-9, "ftol": FTOL, "maxcor": 20})
    x = res.x * scale
    area = n * h * h
    energy = cell_energy(x, nx, ny, h, bh2, model.kappa, grad, kernels) / area
    psi = (x[:n] + 1j * x[n:2 * n]).reshape(nx, ny)
    density = float(np.mean(np.abs(psi) ** 2))
    f_n = model.kappa**2 * model.b**2
    if density < 1e-6:
        energy = f_n
    grid = Grid((np.arange(nx) + 0.5) * h, (np.arange(ny) + 0.5) * h, h,
                np.ones((nx, ny), bool), np.zeros((nx, ny), bool), np.zeros((nx, ny), bool),
                periodic=True)
    tx, ty, _ = landau_gauge_periodic(nx, ny, h, model.n_flux)
    lattice = LinkLattice(grid, tx + x[2 * n:3 * n].reshape(nx, ny), ty + x[3 * n:].reshape(nx, ny))
    vortices = float(np.abs(vortex_charges(lattice, psi)).sum())
    meta = make_metadata(model=model, convergence=Convergence(
        passed=bool(res.success),
        criterion=f"L-BFGS-B stopped on its tolerances (relative energy decrease < {FTOL:g} "
                  "or projected gradient < 1e-9) within max_iterations",
        achieved=int(res.nit), target=max_iterations,
        discretisation={"nx": nx, "ny": ny, "h_xi": h},
        details={"iterations": int(res.nit), "evaluations": int(res.nfev),
                 "message": str(res.message), "nx": nx, "ny": ny, "h_xi": h}), seed=seed)
    return LatticeCell(b=model.b, free_energy=float(min(energy, f_n)), normal_free_energy=f_n,
                       mean_density=density, n_vortices=vortices,
                       gradient_norm=float(np.max(np.abs(grad))) / area, metadata=meta)


# -- the magnetisation curve ---------------------------------------------------------------
@dataclass(kw_only=True)
class BulkMagnetization(Result):
    """Equilibrium M(H) of a bulk superconductor, with Hc1, Hc2 and Hc read from it.

    ``b``, ``free_energy``: the lattice branch f(B); ``h_branch``, ``m_branch``: H(B) and
    M = B - H at the midpoints of consecutive inductions; ``field_mT``, ``magnetization_mT``,
    ``induction_mT``: the Legendre transform at the applied fields. Fields in mT (mu0 H,
    mu0 M, B) and, for the scalars, also in units of Bc2.
    """

    b: np.ndarray = variable(("b",), "Bc2", "mean induction of the lattice states", coordinate=True)
    free_energy: np.ndarray = variable(("b",), "mu0 Hc^2", "GL free energy density f(B)")
    mean_density: np.ndarray = variable(("b",), "", "<|psi|^2>")
    n_vortices: np.ndarray = variable(("b",), "", "vortices per cell")
    h_branch: np.ndarray = variable(("b_mid",), "Bc2", "H(B) = f'(B) / (2 kappa^2)")
    m_branch: np.ndarray = variable(("b_mid",), "Bc2", "M = B - H along the lattice branch")
    field_mT: np.ndarray = variable(("field_mT",), "mT", "applied field mu0 H", coordinate=True)
    induction_mT: np.ndarray = variable(("field_mT",), "mT", "equilibrium induction B(H)")
    magnetization_mT: np.ndarray = variable(("field_mT",), "mT", "mu0 M = B - mu0 H")
    kappa: float = scalar("", "GL parameter")
    bc2_mT: float = scalar("mT", "Phi0 / (2 pi xi^2)")
    hc1_bc2: float = scalar("Bc2", "lower critical field (B first > 0)")
    hc1_mT: float = scalar("mT", "lower critical field")
    jump_at_hc1_bc2: float = scalar("Bc2", "jump of B at Hc1 (~Hc: first order, type I)")
    hc2_bc2: float = scalar("Bc2", "upper critical field (M -> 0)")
    hc2_mT: float = scalar("mT", "upper critical field")
    beta_a: float = scalar("", "Abrikosov parameter from the slope at Hc2")
    hc_bc2: float = scalar("Bc2", "thermodynamic field from the area under -M(H)")

    @property
    def type_i(self) -> bool:
        """True when M(H) jumps at Hc1 by more than half of Hc1 (a first-order transition)."""
        return bool(self.jump_at_hc1_bc2 > 0.5 * self.hc1_bc2)

    def summary(self) -> dict[str, Any]:
        return {"result": type(self).__name__, "kappa": float(self.kappa),
                "type": "I" if self.type_i else "II",
                "hc1_mT": float(self.hc1_mT), "hc2_mT": float(self.hc2_mT),
                "hc1_bc2": float(self.hc1_bc2), "hc2_bc2": float(self.hc2_bc2),
                "hc1_brandt_bc2": brandt_hc1(float(self.kappa)),
                "jump_at_hc1_bc2": float(self.jump_at_hc1_bc2),
                "hc_bc2": float(self.hc_bc2),
                "hc_exact_bc2": 1 / (math.sqrt(2) * float(self.kappa)),
                "beta_a": float(self.beta_a), "points": int(self.b.size)}

    def plot(self, ax: Any = None, **kwargs: Any) -> Any:
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots()
        ax.plot(self.field_mT, -self.magnetization_mT, "-", label="equilibrium")
        ax.plot(self.h_branch * self.bc2_mT, -self.m_branch * self.bc2_mT, ".",
                label="lattice branch H(B)")
        for value, label in ((self.hc1_mT, "Hc1"), (self.hc2_mT, "Hc2")):
            if np.isfinite(value):
                ax.axvline(value, ls=":", color="gray")
                ax.text(value, 0, label, rotation=90, va="bottom")
        ax.set_xlabel(r"$\mu_0 H$ (mT)")
        ax.set_ylabel(r"$-\mu_0 M$ (mT)")
        ax.legend()
        return ax


def interpolated_branch(kappa: float, b: np.ndarray, f: np.ndarray, hc2: float,
                        points: int = 2000) -> tuple[np.ndarray, np.ndarray]:
    """f(B) on a fine grid from the Meissner point (0, -1/2) to Hc2, through the states.

    Below the smallest computed induction f is the chord to the Meissner point (dilute
    vortices: ``f = -1/2 + n eps1``, linear in their density); between the states and up to
    Hc2 the monotone (PCHIP) interpolant of ``sqrt(f_n - f)``, which is linear in b near
    Hc2 (Abrikosov), ends at 0 at Hc2. Without Hc2 (fewer than two states near it) the
    branch stops at the last state.
    """
    from scipy.interpolate import PchipInterpolator

    k2 = kappa * kappa
    nodes, values = b, np.sqrt(np.maximum(k2 * b * b - f, 0.0))
    if np.isfinite(hc2) and hc2 > b[-1]:
        nodes, values = np.append(nodes, hc2), np.append(values, 0.0)
    fine = np.linspace(b[0], nodes[-1], points)
    root = PchipInterpolator(nodes, values)(fine) if nodes.size > 1 else values
    return (np.concatenate([[0.0], fine]),
            np.concatenate([[-0.5], k2 * fine * fine - root * root]))


def legendre(kappa: float, b: np.ndarray, f: np.ndarray, fields: np.ndarray) -> np.ndarray:
    """Equilibrium B(H) (units of Bc2): the minimiser of ``g = f - 2 kappa^2 b H`` over the
    states ``(b, f)`` (the Meissner state b = 0, f = -1/2 among them) and the normal branch
    (``b = H``, ``g = -kappa^2 H^2``)."""
    k2 = kappa * kappa
    g = f[None, :] - 2 * k2 * b[None, :] * fields[:, None]
    best = np.argmin(g, axis=1)
    g_best = g[np.arange(fields.size), best]
    return np.where(-k2 * fields**2 < g_best, fields, b[best])


#: Inductions (units of Bc2) from which Hc2 and beta_A are fitted to the lattice branch.
HC2_FIT_FROM = 0.75


def read_critical_fields(kappa: float, b: np.ndarray, f: np.ndarray, density: np.ndarray,
                         *, fit_from: float = HC2_FIT_FROM) -> dict[str, float]:
    """Hc1, the jump of B there, Hc2 and beta_A from f(B) (see the module docstring)."""
    k2 = kappa * kappa
    hc = 1 / (math.sqrt(2) * kappa)
    # chords from the Meissner point: lattice states and the normal branch (tangent at Hc)
    chords = (f + 0.5) / (2 * k2 * b)
    k = int(np.argmin(chords))
    if chords[k] < hc:
        hc1, jump = float(chords[k]), float(b[k])
    else:
        hc1, jump = hc, hc
    sc = (f < k2 * b * b) & (density > 1e-6)
    top = sc & (b >= fit_from)
    hc2 = beta = float("nan")
    if top.sum() >= 2:
        root = np.sqrt(k2 * b[top] ** 2 - f[top])
        slope, intercept = np.polyfit(b[top], root, 1)
        hc2 = -intercept / slope
        beta = (k2 / slope**2 - 1) / (2 * k2 - 1) if abs(2 * k2 - 1) > 1e-9 else float("nan")
    return {"hc1": hc1, "jump": jump, "hc2": float(hc2), "beta": float(beta)}


def solve_bulk_magnetization(model: BulkModel, inductions: Any, fields_mT: Any = None, *,
                       kernels: str = "auto", **sweep_kwargs: Any) -> BulkMagnetization:
    """M(H) of a bulk superconductor from the vortex lattice at the given inductions.

    Parameters
    ----------
    model
        The superconductor (kappa, xi) and the cell; its ``b`` is swept.
    inductions
        Mean inductions b (units of Bc2) of the lattice states, e.g. ``0.02 ... 0.98``:
        small values resolve Hc1 (the vortex spacing must exceed a few lambda), several
        above 0.75 fit Hc2.
    fields_mT
        Applied fields of the equilibrium curve (default: 200 up to 1.2 max(Hc2, Hc)).
    sweep_kwargs
        ``executor=``, ``scheduler=``, ``store=`` ... of :func:`cooperlab.sweep`.

    Returns
    -------
    BulkMagnetization
        How Hc1 and Hc2 are read is described in :mod:`cooperlab.gl.bulk`.
    """
    import functools

    from cooperlab.sweep import sweep

    b = np.sort(np.asarray(inductions, float))
    if b.size < 2:
        raise ValueError(f"inductions needs at least 2 values, got {b.size}")
    replace(model, b=float(b[0]))    # validates the range
    result = sweep(functools.partial(solve_relaxed_cell, kernels=kernels), model, b=b,
                   **sweep_kwargs)
    ds = result.to_xarray()
    f = ds["free_energy"].values
    density = ds["mean_density"].values
    vortices = ds["n_vortices"].values
    kappa = model.kappa
    k2 = kappa * kappa
    crit = read_critical_fields(kappa, b, f, density)
    h_branch = np.diff(f) / np.diff(b) / (2 * k2)
    b_mid = 0.5 * (b[1:] + b[:-1])
    bc2 = model.bc2_mT
    hc = 1 / (math.sqrt(2) * kappa)
    if fields_mT is None:
        top = max(np.nan_to_num(crit["hc2"], nan=1.0), hc, float(b[-1]))
        fields = np.linspace(0.0, 1.2 * top, 200)
    else:
        fields = np.asarray(fields_mT, float) / bc2
    sc = (f < k2 * b * b) & (density > 1e-6)
    branch_b, branch_f = interpolated_branch(kappa, b[sc], f[sc], crit["hc2"]) if sc.any() \
        else (np.zeros(1), np.full(1, -0.5))
    induction = legendre(kappa, branch_b, branch_f, fields)
    magnetization = induction - fields
    # Hc from the area: -int M dH = Hc^2 / 2 (the condensation energy), on a fine H grid
    fine = np.linspace(0.0, 1.2 * max(hc, float(b[-1]), 1.0), 4001)
    area = -np.trapezoid(legendre(kappa, branch_b, branch_f, fine) - fine, fine)
    fitted = int((sc & (b >= HC2_FIT_FROM)).sum())
    convergence = Convergence(
        passed=bool(np.isfinite(crit["hc2"])),
        criterion=f"Hc2 and beta_A fitted to at least 2 superconducting lattice states "
                  f"with b >= {HC2_FIT_FROM}",
        achieved=fitted, target=2,
        discretisation={"inductions": int(b.size), "fields": int(fields.size),
                        "grid_xi": model.grid_xi, "n_flux": model.n_flux})
    meta = make_metadata(model=model, sweep=result.metadata, kernels=kernels,
                         convergence=convergence)
    return BulkMagnetization(
        b=b, free_energy=f, mean_density=density, n_vortices=vortices,
        h_branch=h_branch, m_branch=b_mid - h_branch, field_mT=fields * bc2,
        induction_mT=induction * bc2, magnetization_mT=magnetization * bc2,
        kappa=kappa, bc2_mT=bc2, hc1_bc2=crit["hc1"], hc1_mT=crit["hc1"] * bc2,
        jump_at_hc1_bc2=crit["jump"], hc2_bc2=crit["hc2"], hc2_mT=crit["hc2"] * bc2,
        beta_a=crit["beta"], hc_bc2=float(math.sqrt(2 * area)), metadata=meta)


# Deprecated names (removed in the next release).
bulk_magnetization = deprecated_alias(solve_bulk_magnetization, "bulk_magnetization")
relax_cell = deprecated_alias(solve_relaxed_cell, "relax_cell")
