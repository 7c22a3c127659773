"""Flat-band observables: bandwidth, gaps to the remote bands, Dirac velocity at K."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import numpy as np

from cooperlab.moire import lattice
from cooperlab.moire.bands import band_convergence, diagonalize
from cooperlab.moire.continuum import ContinuumModel
from cooperlab.naming import deprecated_alias
from cooperlab.results import Convergence, ScalarResult, make_metadata, scalar
from cooperlab.units import velocity_m_per_s
from cooperlab.validation import require_int, require_positive


@dataclass(frozen=True)
class FlatBandOptions:
    """Options of :func:`solve_flat_bandwidth`.

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
    refine_rounds : int
        Rounds of the local refinement of each band extremum found on the mesh (a 3 x 3
        grid around it, halved each round; 0: mesh values only). The remote-band extrema
        at the magic angle lie off the mesh (band +2's minimum 0.06 k_theta from Gamma,
        inside the first cell of the default mesh), where the mesh overestimates the gap.
    """

    n_mesh: int = 18
    n_path: int = 61
    convergence_tolerance_meV: float = 0.1
    refine_rounds: int = 6

    def __post_init__(self) -> None:
        require_int("n_mesh", self.n_mesh, 2, 1000)
        require_int("n_path", self.n_path, 2, 100_000)
        require_int("refine_rounds", self.refine_rounds, 0, 30)
        require_positive("convergence_tolerance_meV", self.convergence_tolerance_meV, "meV")


@dataclass(kw_only=True)
class FlatBandwidth(ScalarResult):
    """Width of the two flat bands (valley K) and their gaps to the remote bands: the global
    (indirect) gaps over the whole zone, and the direct separations at Gamma."""

    width_meV: float = scalar("meV", "total width of the two flat bands")
    width_lower_meV: float = scalar("meV", "width of flat band -1")
    width_upper_meV: float = scalar("meV", "width of flat band +1")
    gap_below_meV: float = scalar("meV", "global gap min E_-1 - max E_-2")
    gap_above_meV: float = scalar("meV", "global gap min E_+2 - max E_+1")
    gamma_gap_below_meV: float = scalar("meV", "E_-1 - E_-2 at Gamma")
    gamma_gap_above_meV: float = scalar("meV", "E_+2 - E_+1 at Gamma")
    alpha: float = scalar("", "alpha = w1 / (hbar v k_theta)")


def flat_band_points(options: FlatBandOptions) -> np.ndarray:
    """The k points of :func:`flat_band_energies`: mesh, path and corners, ``(n_k, 2)``."""
    mesh = lattice.monkhorst_pack(options.n_mesh).reshape(-1, 2)
    path, _, _ = lattice.path_through(["K", "G", "M", "K'"], options.n_path)
    corners = np.array(list(lattice.HIGH_SYMMETRY_POINTS.values()))
    return np.vstack([mesh, path, corners])


def flat_band_energies(model: ContinuumModel, options: FlatBandOptions) -> np.ndarray:
    """Bands -2, -1, +1, +2 of valley K on the mesh, path and corners, ``(n_k, 4)``."""
    return diagonalize(model, flat_band_points(options), bands=2, valleys=(1,)).energy[0]


#: The extrema that set the width and the gaps: (column of bands -2, -1, +1, +2; +1 for a
#: maximum, -1 for a minimum).
EXTREMA = ((0, 1), (1, -1), (1, 1), (2, -1), (2, 1), (3, -1))


def refined_extrema(model: ContinuumModel, k: np.ndarray, energies: np.ndarray,
                    spacing: float, rounds: int) -> tuple[np.ndarray, np.ndarray]:
    """``(values, k)`` of the :data:`EXTREMA`, each refined from its best point in ``k``
    (energies ``(n_k, 4)``) by ``rounds`` of a 3 x 3 grid of half-width ``spacing`` centred on
    the best point so far, the half-width halved each round (all extrema in one batched
    diagonalisation per round). The values never get worse than on ``k``."""
    sign = np.array([s for _, s in EXTREMA], dtype=float)
    column = np.array([c for c, _ in EXTREMA])
    best = np.array([int(np.argmax(s * energies[:, c])) for c, s in EXTREMA])
    centres = k[best].copy()
    values = energies[best, column].copy()
    offsets = np.stack(np.meshgrid(np.linspace(-1, 1, 3), np.linspace(-1, 1, 3),
                                   indexing="ij"), axis=-1).reshape(-1, 2)
    half = spacing
    for _ in range(rounds):
        points = centres[:, None, :] + half * offsets[None]
        e = diagonalize(model, points.reshape(-1, 2), bands=2, valleys=(1,)).energy[0]
        e = e.reshape(len(EXTREMA), len(offsets), 4)[np.arange(len(EXTREMA)), :, column]
        pick = np.argmax(sign[:, None] * e, axis=1)
        better = sign * e[np.arange(len(EXTREMA)), pick] > sign * values
        centres[better] = points[better, pick[better]]
        values[better] = e[better, pick[better]]
        half /= 2
    return values, centres


def solve_flat_bandwidth(model: ContinuumModel,
                         options: FlatBandOptions | None = None) -> FlatBandwidth:
    """Bandwidth ``W = max E_{+1} - min E_{-1}`` of the two flat bands, and their gaps.

    The flat bands are the bands -1, +1 nearest charge neutrality; the extrema are found on
    a k mesh plus the K-G-M-K' path in valley K (valley K' is its time-reversed copy) and
    refined locally (:func:`refined_extrema`). The gaps to the remote bands are global
    (indirect): ``gap_above = min_k E_{+2} - max_k E_{+1}`` and ``gap_below = min_k E_{-1} -
    max_k E_{-2}``; the direct separations at Gamma are reported beside them. At 1.05 deg
    (Koshino parameters) the global gaps are 13.69 meV above and 14.96 meV below, the
    separations at Gamma 15.05 and 16.23 meV (the 18 x 18 mesh alone gave 13.88 above).
    ``metadata["convergence"]["extrema"]`` records the mesh and refined values.
    """
    options = options or FlatBandOptions()
    start = time.perf_counter()
    k = flat_band_points(options)
    e = diagonalize(model, k, bands=2, valleys=(1,)).energy[0]
    spacing = float(np.linalg.norm(lattice.RECIPROCAL_VECTORS[0])) / options.n_mesh
    values, where = refined_extrema(model, k, e, spacing, options.refine_rounds)
    low2_max, low1_min, low1_max, up1_min, up1_max, up2_min = values
    mesh_values = [float(s * (s * e[:, c]).max()) for c, s in EXTREMA]
    gamma = diagonalize(model, lattice.HIGH_SYMMETRY_POINTS["G"][None], bands=2,
                        valleys=(1,)).energy[0, 0]
    extrema = {
        "bands": ["max -2", "min -1", "max -1", "min +1", "max +1", "min +2"],
        "mesh_meV": mesh_values, "refined_meV": [float(v) for v in values],
        "k": where.tolist(), "n_mesh": options.n_mesh, "refine_rounds": options.refine_rounds,
        "final_step": spacing / 2 ** (options.refine_rounds - 1) if options.refine_rounds
        else spacing,
        "gap_change_meV": [float(up2_min - up1_max - (mesh_values[5] - mesh_values[4])),
                           float(low1_min - low2_max - (mesh_values[1] - mesh_values[0]))]}
    convergence = band_convergence(
        model, 2, options.convergence_tolerance_meV,
        discretisation={"n_mesh": options.n_mesh, "refine_rounds": options.refine_rounds},
        extrema=extrema)
    return FlatBandwidth(
        width_meV=float(up1_max - low1_min),
        width_lower_meV=float(low1_max - low1_min),
        width_upper_meV=float(up1_max - up1_min),
        gap_below_meV=float(low1_min - low2_max),
        gap_above_meV=float(up2_min - up1_max),
        gamma_gap_below_meV=float(gamma[1] - gamma[0]),
        gamma_gap_above_meV=float(gamma[3] - gamma[2]),
        alpha=model.alpha,
        metadata=make_metadata(
            model=model, options=options, wall_time_s=time.perf_counter() - start,
            convergence=convergence,
        ),
    )


@dataclass(kw_only=True)
class DiracVelocity(ScalarResult):
    """Renormalised Dirac velocity at the moire K point (valley K)."""

    velocity_ratio: float = scalar("", "signed v*/v")
    hbar_v_star_meV_nm: float = scalar("meV nm", "hbar |v*|")
    v_star_m_per_s: float = scalar("m/s", "|v*|")
    gauge_overlap: float = scalar("", "smallest singular value of the bare-spinor overlap")
    alpha: float = scalar("", "alpha = w1 / (hbar v k_theta)")


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


def solve_dirac_velocity(model: ContinuumModel, tolerance: float = 1e-3) -> DiracVelocity:
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
            convergence=Convergence(
                passed=bool(abs(finer - ratio) <= tolerance),
                criterion="|change of v*/v| when the plane-wave cutoff grows by 1",
                achieved=abs(finer - ratio), target=tolerance,
                discretisation={"cutoff": model.cutoff, "plane_wave_dimension": model.dimension},
                details={"cutoff": model.cutoff, "check_cutoff": model.cutoff + 1.0,
                         "change": abs(finer - ratio), "tolerance": tolerance,
                         "converged": bool(abs(finer - ratio) <= tolerance)}),
        ),
    )


# Deprecated names (removed in the next release).
dirac_velocity = deprecated_alias(solve_dirac_velocity, "dirac_velocity")
flat_bandwidth = deprecated_alias(solve_flat_bandwidth, "flat_bandwidth")
