"""The vortex lattice near Hc2 and its Abrikosov parameter beta_A.

Setup: a periodic rectangular cell of aspect ratio ``Ly/Lx = sqrt(3)`` threaded by two flux
quanta is the conventional cell of the triangular lattice; GL relaxation (the TDGL
``d psi/dt = (1 - |psi|^2) psi + (grad - iA)^2 psi`` with the applied field, the limit
kappa -> infinity, exact near Hc2 where the field is uniform) from a random state finds
the lattice, and ``beta_A = <|psi|^4> / <|psi|^2>^2`` approaches Abrikosov's triangular
value 1.1596 (Kleiner, Roth & Autler, Phys. Rev. 133, A1226 (1964)) as b -> 1; a square
cell (aspect 1, one or two quanta) gives the square lattice, 1.1803.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from cooperlab.gl.observables import abrikosov_beta, vortex_positions
from cooperlab.gl.periodic import periodic_lattice
from cooperlab.gl.stepper import TDGLStepper
from cooperlab.results import Result, Variable, make_metadata, scalar
from cooperlab.validation import require_int, require_positive, require_range

#: beta_A of the triangular lattice (Kleiner, Roth & Autler 1964).
BETA_TRIANGULAR = 1.1596
#: beta_A of the square lattice (Abrikosov 1957, corrected by Kleiner et al.).
BETA_SQUARE = 1.1803


@dataclass(kw_only=True)
class VortexLattice(Result):
    """Relaxed vortex lattice in a periodic cell."""

    VARIABLES: ClassVar[dict[str, Variable]] = {
        "x": Variable(("x",), "xi", "x", coordinate=True),
        "y": Variable(("y",), "xi", "y", coordinate=True),
        "density": Variable(("x", "y"), "", "|psi|^2"),
        "vortices": Variable(("vortex", "vortex_field"), "xi", "vortex x, y, charge"),
        "beta_a": scalar("", "Abrikosov parameter <|psi|^4>/<|psi|^2>^2"),
        "b": scalar("Bc2", "field"),
        "mean_density": scalar("", "<|psi|^2>"),
    }
    x: np.ndarray
    y: np.ndarray
    density: np.ndarray
    vortices: np.ndarray
    beta_a: float
    b: float
    mean_density: float

    def summary(self) -> dict[str, Any]:
        return {"result": type(self).__name__, "beta_a": float(self.beta_a), "b": float(self.b),
                "mean_density": float(self.mean_density), "n_vortices": len(self.vortices)}


def vortex_lattice(b: float = 0.9, *, n_flux: int = 2, aspect: float = math.sqrt(3),
                   grid_xi: float = 0.25, solve_time: float = 400.0,
                   seed: int = 0) -> VortexLattice:
    """Relax the GL state of a periodic cell at field ``b`` (units of Bc2).

    The cell is ``Lx`` x ``aspect Lx`` with ``b Lx Ly = 2 pi n_flux``; the grid has the
    integer ``nx``, ``ny`` closest to that aspect at spacing about ``grid_xi``, and ``b`` is
    adjusted to the exact cell (reported).
    """
    require_range("b", b, 0.05, 1.0, low_inclusive=True, high_inclusive=False, unit="Bc2")
    require_int("n_flux", n_flux, 1, 64)
    require_range("aspect", aspect, 0.2, 5.0)
    require_range("grid_xi", grid_xi, 0.05, 0.5, unit="xi")
    require_positive("solve_time", solve_time, "tau")
    lx = math.sqrt(2 * math.pi * n_flux / (b * aspect))
    nx = max(4, int(round(lx / grid_xi)))
    ny = max(4, int(round(aspect * nx)))
    h = math.sqrt(2 * math.pi * n_flux / (b * nx * ny))
    lattice, b_cell = periodic_lattice(nx, ny, h, n_flux)
    stepper = TDGLStepper(lattice, u=1.0, gamma=0.0, solve_mu=False, cfl=0.9, dt_max=0.5)
    rng = np.random.default_rng(seed)
    psi = 0.1 * (rng.standard_normal((nx, ny)) + 1j * rng.standard_normal((nx, ny)))
    t = 0.0
    steps = 0
    while t < solve_time:
        psi, dt = stepper.step(psi, min(stepper.stable_dt(psi), solve_time - t))
        t += dt
        steps += 1
    density = np.abs(psi) ** 2
    mask = np.ones_like(density, dtype=bool)
    meta = make_metadata(convergence={"solve_time": solve_time, "steps": steps, "nx": nx,
                                      "ny": ny, "h_xi": h, "aspect": ny / nx},
                         n_flux=n_flux, seed=seed)
    return VortexLattice(x=lattice.grid.x, y=lattice.grid.y, density=density,
                         vortices=vortex_positions(lattice, psi).reshape(-1, 3),
                         beta_a=abrikosov_beta(density, mask), b=b_cell,
                         mean_density=float(density.mean()), metadata=meta)
