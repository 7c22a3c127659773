"""Hc2 from the linearised GL equation: the lowest eigenvalue of -(grad - iA)^2.

Nucleation of superconductivity in a bulk sample (no surfaces) happens where the lowest
eigenvalue ``e0(b)`` of the linearised operator ``-(grad - iA)^2`` reaches the coefficient
of the linear term (1 in units of xi^-2): ``e0(b_c2) = 1``. Solved numerically on a periodic
cell threaded by N flux quanta (sparse ``eigsh`` of the lattice operator of
:mod:`cooperlab.gl.tdgl.links`), N scanned until ``e0`` crosses 1 and interpolated linearly in b.
The continuum answer (the lowest Landau level, ``e0 = b``) is ``Bc2 = Phi0 / (2 pi xi^2)``,
exact for bulk isotropic GL: :func:`solve_upper_critical_field` reports it as ``hc2_mT``. The
lattice gives it up to O(h^2) (measured: +0.8 % at h = 0.25 xi, +0.5 % at 0.2 xi,
+0.13 % at 0.1 xi); that lattice value is where a GL film or bulk discretised on the same
grid nucleates, and is reported beside it (``lattice_hc2_mT``, ``discretisation_error``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.linalg
import scipy.sparse.linalg as spla

from cooperlab.gl.material import GLMaterial, given, upper_critical_field_T
from cooperlab.gl.tdgl.periodic import periodic_lattice
from cooperlab.naming import deprecated_alias
from cooperlab.results import Convergence, ScalarResult, make_metadata, scalar
from cooperlab.validation import require_positive, require_range


def operator_matrix(nx: int, ny: int, h: float, n_flux: int) -> np.ndarray:
    """Dense matrix of ``-(grad - iA)^2`` on the periodic cell (small cells only)."""
    lattice, _ = periodic_lattice(nx, ny, h, n_flux)
    n = nx * ny
    basis = np.eye(n, dtype=complex).reshape(n, nx, ny)
    return -np.stack([lattice.laplacian(e).ravel() for e in basis], axis=1)


def lowest_eigenvalues(nx: int, ny: int, h: float, n_flux: int, k: int) -> np.ndarray:
    """The ``k`` lowest eigenvalues of ``-(grad - iA)^2`` on the periodic cell.

    Dense ``eigvalsh`` up to 2,500 nodes (degenerate Landau levels resolved exactly),
    Lanczos (``eigsh``) above, which is reliable for the lowest value only.
    """
    n = nx * ny
    if n <= 2500:
        return scipy.linalg.eigvalsh(operator_matrix(nx, ny, h, n_flux),
                                     subset_by_index=[0, k - 1])
    lattice, _ = periodic_lattice(nx, ny, h, n_flux)
    top = 8.0 / h**2
    shifted = spla.LinearOperator(
        (n, n), dtype=complex,
        matvec=lambda v: top * v + lattice.laplacian(v.reshape(nx, ny)).ravel())
    values = spla.eigsh(shifted, k=k, which="LA", return_eigenvectors=False, tol=1e-10,
                        v0=np.random.default_rng(0).standard_normal(n) + 0j)
    return np.sort(top - values.real)


@dataclass(kw_only=True)
class UpperCriticalField(ScalarResult, schema_version=2):
    """Bulk Hc2: the closed form Phi0 / (2 pi xi^2) (exact for isotropic GL) and the lattice
    eigenvalue crossing of the linearised problem on a periodic cell (the discretised value).

    Schema 2 (issue 15): ``hc2_mT`` became the closed form; schema-1 files held the lattice
    value there and its ratio to the closed form in ``hc2_over_bc2`` (:meth:`upgrade`).
    """

    hc2_mT: float = scalar("mT", "upper critical field Phi0 / (2 pi xi^2)")
    lattice_hc2_mT: float = scalar("mT", "Hc2 of the lattice operator on the grid")
    lattice_hc2_over_bc2: float = scalar("", "lattice Hc2 / (Phi0 / 2 pi xi^2)")
    discretisation_error: float = scalar("", "lattice Hc2 / closed form - 1")
    lowest_eigenvalue_over_b: float = scalar("", "e0 / b just below Hc2 (lattice)")

    @classmethod
    def upgrade(cls, dataset: Any, version: int) -> Any:
        """Schema 1 -> 2: the lattice value moves to ``lattice_hc2_mT``; the closed form is
        ``lattice / hc2_over_bc2``; ``discretisation_error = hc2_over_bc2 - 1``."""
        if version >= 2 or "hc2_over_bc2" not in dataset.variables:
            return super().upgrade(dataset, version)
        ratio, lattice = dataset["hc2_over_bc2"], dataset["hc2_mT"]
        return dataset.drop_vars(["hc2_over_bc2"]).assign(
            hc2_mT=(lattice / ratio).assign_attrs(lattice.attrs),
            lattice_hc2_mT=lattice, lattice_hc2_over_bc2=ratio,
            discretisation_error=ratio - 1)


def solve_upper_critical_field(xi_um: float | None = None, *, material: GLMaterial | None = None,
                         cell_xi: float = 8.0,
                         grid_xi: float = 0.2,
                         tolerance: float = 0.01) -> UpperCriticalField:
    """Bulk Hc2 (mT) for coherence length ``xi_um``: ``hc2_mT = Phi0 / (2 pi xi^2)``, exact
    for bulk isotropic GL (lowest Landau level), and the lattice eigenvalue crossing
    ``lattice_hc2_mT`` of the linearised problem on the grid, with their relative
    difference ``discretisation_error`` (O(h^2): +0.5 % at the default h = 0.2 xi).

    ``metadata["convergence"]`` records the grid and cell, the flux-quanta bracket, and the
    check ``|discretisation_error| < tolerance`` (``passed``, ``achieved``, ``target``).

    Parameters
    ----------
    xi_um : float
        Coherence length (um); default 0.1.
    material : GLMaterial, optional
        The superconductor instead of ``xi_um`` (its coherence length at its temperature).
    cell_xi, grid_xi : float
        Side of the square periodic cell and grid spacing (units of xi).
    tolerance : float
        Largest accepted relative lattice error (the convergence check).
    """
    if material is not None:
        if xi_um is not None:
            raise ValueError("give either material or xi_um, not both")
        xi_um = material.xi_um
    elif xi_um is None:
        xi_um = 0.1
    require_positive("xi_um", xi_um, "um")
    require_range("cell_xi", cell_xi, 3.0, 40.0, unit="xi")
    require_range("grid_xi", grid_xi, 0.05, 0.5, unit="xi")
    require_positive("tolerance", tolerance)
    n = int(round(cell_xi / grid_xi))
    h = cell_xi / n
    area = (n * h) ** 2
    n_flux = max(1, int(math.floor(area / (2 * math.pi))))   # b just below 1
    previous: tuple[float, float] | None = None
    ratio = float("nan")
    while True:
        b = 2 * math.pi * n_flux / area
        e0 = float(lowest_eigenvalues(n, n, h, n_flux, 1)[0])
        if e0 >= 1.0 and previous is not None:
            (b0, e_prev) = previous
            b_c2 = b0 + (1.0 - e_prev) * (b - b0) / (e0 - e_prev)
            break
        ratio = e0 / b
        previous = (b, e0)
        n_flux += 1 if e0 < 1.0 else -1
        if n_flux < 1:
            raise ValueError(f"cell_xi={cell_xi!r} is too small to bracket Hc2")
    bc2_mT = upper_critical_field_T(xi_um * 1e-6) * 1e3
    error = b_c2 - 1.0
    meta = make_metadata(convergence=Convergence(
        passed=abs(error) < tolerance,
        criterion="|lattice Hc2 / (Phi0 / 2 pi xi^2) - 1| (grid discretisation)",
        achieved=abs(error), target=tolerance,
        discretisation={"grid_xi": h, "order": 2, "cell_xi": n * h},
        details={"grid_xi": h, "cell_xi": n * h,
                 "flux_quanta_bracket": [n_flux - 1, n_flux]}), xi_um=xi_um,
        **given(material))
    return UpperCriticalField(hc2_mT=bc2_mT, lattice_hc2_mT=b_c2 * bc2_mT,
                              lattice_hc2_over_bc2=b_c2, discretisation_error=error,
                              lowest_eigenvalue_over_b=ratio, metadata=meta)


# Deprecated names (removed in the next release).
upper_critical_field = deprecated_alias(solve_upper_critical_field, "upper_critical_field")
