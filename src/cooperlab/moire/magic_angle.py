"""Magic angles: zeros of the Dirac velocity at K, refined by a root finder.

The physics is the dimensionless coupling ``alpha = w1 / (hbar v k_theta)``: for fixed
``w0 / w1`` the spectrum in units of ``hbar v k_theta`` depends on alpha alone (with the
Dirac rotation off; with it on, weakly on theta too). The solver scans alpha for sign
changes of the signed ``v*/v`` (:func:`~cooperlab.moire.flat_bands.dirac_velocity_ratio`),
refines each bracket with Brent's method, keeps a root only where the gauge-invariant
``|v*|/v`` is small (a true zero, not a gauge sign flip), and converts alpha to the angle
``theta = 2 arcsin(k_theta / 2 k_D)`` with ``k_theta = w1 / (hbar v alpha)``. Optionally the
flat-band width is minimised (bounded Brent) next to each root.

Published checks: chiral limit (w0 = 0) alpha = 0.586, 2.221, 3.751 (Tarnopolsky, Kruchkov
& Vishwanath, PRL 122, 106405 (2019)); w0 = w1 = 110 meV with BM's velocity gives
theta ~ 1.05 deg (Bistritzer & MacDonald, PNAS 108, 12233 (2011)).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from scipy.optimize import brentq, minimize_scalar

from cooperlab.moire import lattice
from cooperlab.moire.continuum import ContinuumModel, minimum_cutoff
from cooperlab.moire.flat_bands import FlatBandOptions, dirac_velocity_ratio, solve_flat_bandwidth
from cooperlab.naming import deprecated_alias
from cooperlab.progress import progress_bar
from cooperlab.results import Convergence, Result, make_metadata, variable
from cooperlab.validation import require_int, require_positive, require_range

#: Margin above :func:`minimum_cutoff` used while searching for magic angles.
SEARCH_CUTOFF_MARGIN = 0.5


def cutoff_for_alpha(alpha: float, base: float) -> float:
    """Plane-wave cutoff used for the search at coupling ``alpha``.

    The model's floor :func:`~cooperlab.moire.continuum.minimum_cutoff` plus
    :data:`SEARCH_CUTOFF_MARGIN` (``1.5 + 2 alpha`` for alpha >= 0.5), and never less than
    the model's own cutoff; it converges ``v*/v`` to 1e-3 up to the third chiral magic
    angle (tests/moire/test_magic_angle.py).
    """
    return max(base, minimum_cutoff(alpha) + SEARCH_CUTOFF_MARGIN)


def theta_from_alpha(alpha: float, model: ContinuumModel) -> float:
    """Twist angle (degrees) at which ``model``'s tunnelling and velocity give ``alpha``."""
    k_theta = model.w1_meV / (model.hbar_v_meV_nm * alpha)
    k_dirac = lattice.dirac_momentum_per_nm(model.lattice_constant_nm)
    ratio = k_theta / (2 * k_dirac)
    if ratio >= math.sin(math.radians(15.0)):
        raise ValueError(f"alpha={alpha:g} needs a twist angle of 30 degrees or more")
    return 2 * math.degrees(math.asin(ratio))


def model_at_alpha(model: ContinuumModel, alpha: float) -> ContinuumModel:
    """``model`` at the twist angle that gives ``alpha``, with a cutoff converged there."""
    return replace(
        model,
        theta_deg=theta_from_alpha(alpha, model),
        cutoff=cutoff_for_alpha(alpha, model.cutoff),
    )


@dataclass(frozen=True)
class MagicAngleOptions:
    """Options of :func:`solve_magic_angles`.

    Parameters
    ----------
    count : int
        Number of magic angles to find (the first ``count`` in increasing alpha).
    alpha_min : float
        Start of the alpha scan.
    alpha_step : float
        Scan step (a bracket finder only; roots are refined by Brent's method).
    alpha_max : float or None
        End of the scan; default ``0.6 + 1.7 count``.
    xtol : float
        Absolute tolerance on alpha of the root finder.
    zero_tolerance : float
        A sign change is kept as a magic angle when ``|v*|/v`` there is below this.
    minimize_bandwidth : bool
        Also find the angle of minimal flat-band width next to each root.
    progress : bool or None
        Progress bar over the alpha scan (None: only on a terminal).
    """

    count: int = 1
    alpha_min: float = 0.3
    alpha_step: float = 0.05
    alpha_max: float | None = None
    xtol: float = 1e-7
    zero_tolerance: float = 1e-3
    minimize_bandwidth: bool = True
    progress: bool | None = None

    def __post_init__(self) -> None:
        require_int("count", self.count, 1, 6)
        require_positive("alpha_min", self.alpha_min)
        require_range("alpha_step", self.alpha_step, 1e-4, 0.5)
        if self.alpha_max is not None:
            require_range("alpha_max", self.alpha_max, self.alpha_min, 20.0, low_inclusive=False)
        require_positive("xtol", self.xtol)
        require_positive("zero_tolerance", self.zero_tolerance)

    @property
    def scan_end(self) -> float:
        """Upper end of the alpha scan."""
        return self.alpha_max if self.alpha_max is not None else 0.6 + 1.7 * self.count


@dataclass(kw_only=True)
class MagicAngles(Result):
    """Magic angles: ``alpha`` and ``theta_deg`` of each zero of the Dirac velocity."""

    theta_deg: np.ndarray = variable(("magic",), "degree",
                                     "twist angle of vanishing Dirac velocity")
    alpha: np.ndarray = variable(("magic",), "", "alpha = w1 / (hbar v k_theta) at the zero")
    velocity_residual: np.ndarray = variable(("magic",), "", "|v*|/v at the root")
    bandwidth_meV: np.ndarray = variable(("magic",), "meV", "flat-band width at the root")
    theta_min_width_deg: np.ndarray | None = variable(
        ("magic",), "degree", "twist angle of minimal flat-band width near the root")
    min_width_meV: np.ndarray | None = variable(("magic",), "meV",
                                                "minimal flat-band width near the root")
    index: np.ndarray = variable(("magic",), "", "1 for the first magic angle, ...",
                                 coordinate=True)

    def summary(self) -> dict[str, Any]:
        """``{"theta_deg": [...], "alpha": [...]}``, the CLI's ``--json`` for magic angles.

        Residuals, bandwidths and the bandwidth minima are in the saved result.
        """
        return {
            "theta_deg": [float(x) for x in self.theta_deg],
            "alpha": [float(x) for x in self.alpha],
        }

    def plot(self, ax: Any = None, **kwargs: Any) -> Any:
        """Magic angles on the alpha axis (:func:`cooperlab.plotting.moire.plot_magic_angles`)."""
        from cooperlab.plotting.moire import plot_magic_angles

        return plot_magic_angles(self, ax=ax, **kwargs)


def signed_velocity(model: ContinuumModel, alpha: float) -> float:
    """Signed ``v*/v`` of ``model`` moved to coupling ``alpha``."""
    return dirac_velocity_ratio(model_at_alpha(model, alpha))[0]


def solve_magic_angles(
    model: ContinuumModel, options: MagicAngleOptions | None = None
) -> MagicAngles:
    """First ``options.count`` magic angles for ``model``'s tunnelling and velocity.

    ``model.theta_deg`` is ignored (the angle is what is solved for); ``w0``, ``w1``, the
    velocity, lattice constant, Dirac rotation and cutoff (a floor) are used.
    """
    if model.w1_meV <= 0:
        raise ValueError("w1_meV must be positive to have magic angles, got 0")
    options = options or MagicAngleOptions()
    start = time.perf_counter()
    roots: list[tuple[float, float]] = []
    grid = np.arange(options.alpha_min, options.scan_end + 1e-12, options.alpha_step)
    values = [signed_velocity(model, grid[0])]
    with progress_bar(len(grid) - 1, "magic-angle scan", options.progress) as bar:
        for a_prev, a_next in zip(grid[:-1], grid[1:], strict=True):
            bar.update()
            values.append(signed_velocity(model, a_next))
            if np.sign(values[-1]) == np.sign(values[-2]):
                continue
            root = brentq(lambda a: signed_velocity(model, a), a_prev, a_next,
                          xtol=options.xtol)
            residual = dirac_velocity_ratio(model_at_alpha(model, root))[1]
            if residual <= options.zero_tolerance:
                roots.append((root, residual))
            if len(roots) == options.count:
                break
    if not roots:
        raise ValueError(
            f"no magic angle found for alpha in [{options.alpha_min}, {options.scan_end}]"
        )
    alphas = np.array([r[0] for r in roots])
    # Convergence: v*/v at each root with the cutoff raised by 1.
    shifts = [abs(dirac_velocity_ratio(replace(
        model_at_alpha(model, a), cutoff=cutoff_for_alpha(a, model.cutoff) + 1.0))[0])
        for a in alphas]
    widths = np.array([_width(model, a) for a in alphas])
    extra: dict[str, Any] = {}
    if options.minimize_bandwidth:
        minima = [_minimise_width(model, a, options) for a in alphas]
        extra["theta_min_width_deg"] = np.array([theta_from_alpha(a, model) for a, _ in minima])
        extra["min_width_meV"] = np.array([w for _, w in minima])
    return MagicAngles(
        theta_deg=np.array([theta_from_alpha(a, model) for a in alphas]),
        alpha=alphas,
        velocity_residual=np.array([r[1] for r in roots]),
        bandwidth_meV=widths,
        index=np.arange(1, len(alphas) + 1),
        metadata=make_metadata(
            model=model, options=options, wall_time_s=time.perf_counter() - start,
            convergence=Convergence(
                passed=len(alphas) == options.count and max(shifts) <= options.zero_tolerance,
                criterion="all requested roots found and max |v*/v| at each root with the "
                          "plane-wave cutoff raised by 1 <= zero_tolerance",
                achieved=max(shifts), target=options.zero_tolerance,
                discretisation={"cutoffs": [cutoff_for_alpha(a, model.cutoff) for a in alphas],
                                "alpha_step": options.alpha_step, "xtol_alpha": options.xtol},
                details={
                    "root_finder": "brentq",
                    "xtol_alpha": options.xtol,
                    "found": len(alphas),
                    "requested": options.count,
                    "cutoffs": [cutoff_for_alpha(a, model.cutoff) for a in alphas],
                    "velocity_at_root_with_cutoff_plus_1": shifts,
                    "converged": len(alphas) == options.count
                    and max(shifts) <= options.zero_tolerance,
                }),
        ),
        **extra,
    )


_WIDTH_OPTIONS = FlatBandOptions(n_mesh=12, n_path=31, refine_rounds=0)  # width only, fast


def _width(model: ContinuumModel, alpha: float) -> float:
    return solve_flat_bandwidth(model_at_alpha(model, alpha), _WIDTH_OPTIONS).width_meV


def _minimise_width(
    model: ContinuumModel, alpha: float, options: MagicAngleOptions
) -> tuple[float, float]:
    half = 0.1 * alpha
    found = minimize_scalar(
        lambda a: _width(model, a), bounds=(alpha - half, alpha + half), method="bounded",
        options={"xatol": 1e-4},
    )
    return float(found.x), float(found.fun)


# Deprecated names (removed in the next release).
magic_angles = deprecated_alias(solve_magic_angles, "magic_angles")
