"""Flat-band observables: bandwidth, gaps to the remote bands, Dirac velocity at K."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import numpy as np

from cooperlab.moire import lattice
from cooperlab.moire.bands import band_convergence, diagonalize
from cooperlab.moire.continuum import ContinuumModel
from cooperlab.results import ScalarResult, make_metadata, scalar
from cooperlab.units import velocity_m_per_s
from cooperlab.validation import require_int, require_positive


@dataclass(frozen=True)
class FlatBandOptions:
    """Options of :func:`flat_bandwidth`.

    Parameters
    ----------
    n_mesh : int
        ``n_mesh x n_mesh`` k mesh over the moire zone; the path K-G-M-K' and the points
        Gamma, K, K', M themselves are added so that the extrema at high-symmetry points
        are never missed.
    n_path : int
        Points on the added path.
    convergence_tolerance_meV : float
        Allowed change of bands -2..2 when the cutoff grows by 1 (reported in metadata).
    """

    n_mesh: int = 18
    n_path: int = 61
    convergence_tolerance_meV: float = 0.1

    def __post_init__(self) -> None:
        require_int("n_mesh", self.n_mesh, 2, 1000)
        require_int("n_path", self.n_path, 2, 100_000)
        require_positive("convergence_tolerance_meV", self.convergence_tolerance_meV, "meV")


@dataclass(kw_only=True)
class FlatBandwidth(ScalarResult):
    """Width of the two flat bands (valley K) and their gaps to the remote bands."""

    VARIABLES = {
        "width_meV": scalar("meV", "total width of the two flat bands"),
        "width_lower_meV": scalar("meV", "width of flat band -1"),
        "width_upper_meV": scalar("meV", "width of flat band +1"),
        "gap_below_meV": scalar("meV", "gap from band -2 to band -1"),
        "gap_above_meV": scalar("meV", "gap from band +1 to band +2"),
        "alpha": scalar("", "alpha = w1 / (hbar v k_theta)"),
    }
    width_meV: float
    width_lower_meV: float
    width_upper_meV: float
    gap_below_meV: float
    gap_above_meV: float
    alpha: float


def flat_band_energies(model: ContinuumModel, options: FlatBandOptions) -> np.ndarray:
    """Bands -2, -1, +1, +2 of valley K on the mesh, path and corners, ``(n_k, 4)``."""
    mesh = lattice.monkhorst_pack(options.n_mesh).reshape(-1, 2)
    path, _, _ = lattice.path_through(["K", "G", "M", "K'"], options.n_path)
    corners = np.array(list(lattice.HIGH_SYMMETRY_POINTS.values()))
    solved = diagonalize(model, np.vstack([mesh, path, corners]), bands=2, valleys=(1,))
    return solved.energy[0]


def flat_bandwidth(model: ContinuumModel, options: FlatBandOptions | None = None) -> FlatBandwidth:
    """Bandwidth ``W = max E_{+1} - min E_{-1}`` of the two flat bands, and their gaps.

    The flat bands are the bands -1, +1 nearest charge neutrality; ``W`` is taken over a
    k mesh plus the K-G-M-K' path in valley K (valley K' is its time-reversed copy).
    """
    options = options or FlatBandOptions()
    start = time.perf_counter()
    e = flat_band_energies(model, options)
    return FlatBandwidth(
        width_meV=float(e[:, 2].max() - e[:, 1].min()),
        width_lower_meV=float(np.ptp(e[:, 1])),
        width_upper_meV=float(np.ptp(e[:, 2])),
        gap_below_meV=float(e[:, 1].min() - e[:, 0].max()),
        gap_above_meV=float(e[:, 3].min() - e[:, 2].max()),
        alpha=model.alpha,
        metadata=make_metadata(
            model=model, options=options, wall_time_s=time.perf_counter() - start,
            convergence=band_convergence(model, 2, options.convergence_tolerance_meV),
        ),
    )


@dataclass(kw_only=True)
class DiracVelocity(ScalarResult):
    """Renormalised Dirac velocity at the moire K point (valley K)."""

    VARIABLES = {
        "velocity_ratio": scalar("", "signed v*/v"),
        "hbar_v_star_meV_nm": scalar("meV nm", "hbar |v*|"),
        "v_star_m_per_s": scalar("m/s", "|v*|"),
        "gauge_overlap": scalar("", "smallest singular value of the bare-spinor overlap"),
        "alpha": scalar("", "alpha = w1 / (hbar v k_theta)"),
    }
    velocity_ratio: float
    hbar_v_star_meV_nm: float
    v_star_m_per_s: float
    gauge_overlap: float
    alpha: float


def dirac_velocity_ratio(model: ContinuumModel) -> tuple[float, float, float]:
    """Signed ``v*/v`` at K, its magnitude and the gauge-fixing overlap.

    The two zero modes ``Phi`` at K (bands -1, +1) carry the Dirac cone; because H(k) is
    affine in k, degenerate perturbation theory is exact to first order:
    ``H_eff(dk) = dk_x Phi^dag V_x Phi + dk_y Phi^dag V_y Phi``. The magnitude
    ``|v*|`` follows from the singular values of these 2x2 matrices (gauge invariant).
    The sign is fixed by choosing the orthonormal zero-mode basis closest (Lowdin) to the
    bare layer-1 Dirac spinors at K, and projecting ``H_eff`` on the bare Dirac form:
    ``v*/v = Re tr(V_eff . V_bare^dag) / tr(V_bare . V_bare^dag)`` summed over x, y. It
    equals 1 at ``w = 0`` and follows Bistritzer-MacDonald's
    ``(1 - 3 alpha^2) / (1 + 6 alpha^2)`` at small alpha; it changes sign at each magic angle.
    """
    hamiltonian = model.hamiltonian(1)
    k_point = lattice.HIGH_SYMMETRY_POINTS["K"]
    solved = diagonalize(model, k_point[None], bands="flat", valleys=(1,), vectors=True)
    phi = solved.vectors[0, 0]  # (dimension, 2): bands -1, +1 at K
    bare = 2 * model.basis.index_of(0, k_point)
    overlap = phi[bare : bare + 2, :]  # <bare spinor A, B | zero mode>
    singular = np.linalg.svd(overlap, compute_uv=False)
    vx, vy = hamiltonian.velocity_operators()
    # A Dirac cone v (dk . sigma) has singular values (v, v) in each direction.
    magnitude = float(np.sqrt(0.25 * sum(
        np.sum(np.linalg.svd(phi.conj().T @ v @ phi, compute_uv=False) ** 2) for v in (vx, vy)
    )) / model.energy_scale_meV)
    if singular.min() < 1e-12:
        return magnitude, magnitude, float(singular.min())
    # Lowdin: the unitary X maximising Re tr(O X) is the polar factor W U^dag of O = U S W^dag.
    u, _, wh = np.linalg.svd(overlap)
    basis = phi @ (wh.conj().T @ u.conj().T)
    numerator = denominator = 0.0
    for v in (vx, vy):
        effective = basis.conj().T @ v @ basis
        bare_block = v[bare : bare + 2, bare : bare + 2]
        numerator += float(np.trace(effective @ bare_block.conj().T).real)
        denominator += float(np.trace(bare_block @ bare_block.conj().T).real)
    signed = numerator / denominator
    return float(np.sign(signed) * magnitude), magnitude, float(singular.min())


def dirac_velocity(model: ContinuumModel, tolerance: float = 1e-3) -> DiracVelocity:
    """Renormalised Dirac velocity ``v*`` at K (see :func:`dirac_velocity_ratio`).

    ``metadata["convergence"]`` reports the change of ``v*/v`` when the cutoff grows by
    1, against ``tolerance``.
    """
    start = time.perf_counter()
    ratio, magnitude, overlap = dirac_velocity_ratio(model)
    finer = dirac_velocity_ratio(replace(model, cutoff=model.cutoff + 1.0))[0]
    hbar_v_star = magnitude * model.hbar_v_meV_nm
    return DiracVelocity(
        velocity_ratio=ratio,
        hbar_v_star_meV_nm=hbar_v_star,
        v_star_m_per_s=velocity_m_per_s(hbar_v_star),
        gauge_overlap=overlap,
        alpha=model.alpha,
        metadata=make_metadata(
            model=model, wall_time_s=time.perf_counter() - start,
            convergence={"cutoff": model.cutoff, "check_cutoff": model.cutoff + 1.0,
                         "change": abs(finer - ratio), "tolerance": tolerance,
                         "converged": bool(abs(finer - ratio) <= tolerance)},
        ),
    )
