"""Flat-band superconductivity of magic-angle graphene: gap, T_c, superfluid weight, T_BKT.

The model (:class:`FlatBandPairingModel`): the continuum model's flat bands (or a window
of bands around neutrality) with a local, phonon-like intervalley s-wave attraction of
strength ``g`` per moire cell and an energy window ``cutoff`` about the chemical potential,
at filling ``nu`` and temperature ``T`` (:mod:`cooperlab.pairing.bcs`). The solver returns
the self-consistent gap and chemical potential, the mean-field ``T_c(nu)``, the superfluid
weight with its conventional and geometric parts (:mod:`cooperlab.pairing.superfluid`)
and the BKT temperature ``k_B T_BKT = pi D_s(T_BKT) / 8``, in kelvin for the physical
moire cell.

``bandwidth_scale`` multiplies the dispersion of the paired bands about their mean while
keeping the Bloch states: ``0`` is the exactly flat limit, where the conventional part of
``D_s`` vanishes and the geometric part, set by the quantum metric, remains (Peotta &
Torma 2015; Xie, Song, Lian & Bernevig PRL 124, 167002 (2020); Hu et al. PRL 123, 237002
(2019); Julku et al. PRB 101, 060505 (2020)).

The bands and Bloch states on the mesh (and at ``k +- q``) depend on the continuum model,
mesh and twist only (:class:`PreparedBands`); they are computed once per process and
reused across fillings, couplings, temperatures and bandwidth scales, and
:func:`solve_phase_diagram` computes them once and hands them to every point.
"""

from __future__ import annotations

import functools
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from cooperlab.moire import lattice
from cooperlab.moire.bands import band_window, diagonalize, require_bands
from cooperlab.moire.continuum import ContinuumModel
from cooperlab.naming import deprecated_alias, deprecated_attributes
from cooperlab.pairing.bcs import BandPairingData, critical_temperature, solve_gap
from cooperlab.pairing.superfluid import (
    SuperfluidWeight,
    TwistedBands,
    bkt_temperature,
    superfluid_weight,
)
from cooperlab.results import Convergence, ScalarResult, field_label, make_metadata, scalar
from cooperlab.sweep.execution import UNSET
from cooperlab.sweep.result import SweepResult
from cooperlab.units import velocity_m_per_s
from cooperlab.validation import require_int, require_nonnegative, require_positive, require_range

if TYPE_CHECKING:
    from cooperlab.gl.material import GLMaterial


@dataclass(frozen=True)
class FlatBandPairingModel:
    """Attractive flat-band pairing in twisted bilayer graphene.

    Parameters
    ----------
    continuum : ContinuumModel
        The bands (default: Koshino parameters at 1.05 deg).
    nu : float
        Filling (electrons per moire cell from charge neutrality), inside the paired bands'
        range (``-4 < nu < 4`` for the two flat bands).
    coupling_meV : float
        Attraction ``g`` per moire cell (meV), ``> 0``.
    temperature_K : float
        Temperature of the gap and superfluid weight (K), ``>= 0``.
    cutoff_meV : float
        Pairing window ``|xi| < cutoff`` about mu (meV); ``inf`` pairs every state of the
        paired bands.
    bands : "flat" or int
        Bands the pairing acts in (``m``: m bands per side of neutrality).
    bandwidth_scale : float
        Factor on the paired bands' dispersion about their mean (0: exactly flat).
    """

    continuum: ContinuumModel = field(default_factory=ContinuumModel)
    nu: float = field(default=-2.5, metadata=field_label("", "filling nu"))
    coupling_meV: float = field(default=1.0, metadata=field_label("meV", "attraction g"))
    temperature_K: float = field(default=0.1, metadata=field_label("K", "temperature"))
    cutoff_meV: float = field(default=math.inf, metadata=field_label("meV", "pairing window"))
    bands: str | int = "flat"
    bandwidth_scale: float = field(default=1.0, metadata=field_label("", "bandwidth factor"))

    def __post_init__(self) -> None:
        if not isinstance(self.continuum, ContinuumModel):
            raise ValueError(f"continuum must be a ContinuumModel, got {self.continuum!r}")
        require_bands(self.bands)
        _, labels = band_window(self.continuum.dimension, self.bands)
        m = int(np.sum(labels < 0))
        require_range("nu", self.nu, -4.0 * m, 4.0 * m, low_inclusive=False,
                      high_inclusive=False)
        require_positive("coupling_meV", self.coupling_meV, "meV")
        require_nonnegative("temperature_K", self.temperature_K, "K")
        if not (isinstance(self.cutoff_meV, int | float) and self.cutoff_meV > 0):
            raise ValueError(f"cutoff_meV must be positive (inf allowed), got {self.cutoff_meV!r}")
        require_range("bandwidth_scale", self.bandwidth_scale, 0.0, 10.0)
        if self.bandwidth_scale != 1.0 and self.bands != "flat":
            raise ValueError(
                f"bandwidth_scale={self.bandwidth_scale:g} needs bands='flat' (scaling would "
                f"collapse the remote bands onto the flat ones), got bands={self.bands!r}"
            )


@dataclass(frozen=True)
class FlatBandPairingOptions:
    """Options of :func:`solve_superconductor`.

    Parameters
    ----------
    n_mesh : int
        ``n_mesh x n_mesh`` k mesh.
    q_fraction : float
        Twist ``q`` for the superfluid weight, in units of k_theta (central differences;
        the error is O(q^2)).
    superfluid : bool
        Compute the superfluid weight and T_BKT.
    """

    n_mesh: int = 24
    q_fraction: float = 2e-3
    superfluid: bool = True

    def __post_init__(self) -> None:
        require_int("n_mesh", self.n_mesh, 3, 500)
        require_range("q_fraction", self.q_fraction, 1e-6, 0.05)


@dataclass(frozen=True, repr=False)
class PreparedBands:
    """Paired bands on the mesh (and at ``k +- q``): the expensive, reusable part.

    Depends on the continuum model, the band selection, the mesh and the twist only, not on
    filling, coupling, temperature or ``bandwidth_scale`` (applied by :meth:`scaled`). Its
    ``repr`` names those inputs only, so it can ride along in a sweep's function.
    """

    continuum: ContinuumModel
    bands: str | int
    n_mesh: int
    q_fraction: float
    data: BandPairingData
    twists: tuple[TwistedBands, ...]
    area_nm2: float

    def __repr__(self) -> str:
        return (f"PreparedBands({self.continuum!r}, bands={self.bands!r}, "
                f"n_mesh={self.n_mesh}, q_fraction={self.q_fraction!r}, "
                f"twists={len(self.twists)})")

    def matches(self, model: FlatBandPairingModel, options: FlatBandPairingOptions) -> bool:
        """Whether these bands are the ones ``model`` and ``options`` need."""
        return (self.continuum == model.continuum and self.bands == model.bands
                and self.n_mesh == options.n_mesh and self.q_fraction == options.q_fraction
                and (bool(self.twists) or not options.superfluid))

    def subsampled(self) -> PreparedBands:
        """The same data on the mesh half as fine (every other k point; ``n_mesh`` even)."""
        if self.n_mesh % 2:
            raise ValueError(f"n_mesh must be even to subsample, got {self.n_mesh}")
        n = self.n_mesh

        def half(values: np.ndarray) -> np.ndarray:
            return values.reshape(n, n, *values.shape[1:])[::2, ::2].reshape(
                (n // 2) ** 2, *values.shape[1:])

        twists = tuple(TwistedBands(half(t.plus), half(t.minus), half(t.overlap), t.q_per_nm)
                       for t in self.twists)
        data = BandPairingData(half(self.data.energies), self.data.bands_below)
        return replace(self, n_mesh=n // 2, data=data, twists=twists,
                       area_nm2=self.area_nm2 / 4)

    def scaled(self, scale: float) -> PreparedBands:
        """Dispersion scaled by ``scale`` about the mean of the q = 0 bands (states kept)."""
        if scale == 1.0:
            return self
        mean = float(self.data.energies.mean())

        def squeeze(energy: np.ndarray) -> np.ndarray:
            return mean + scale * (energy - mean)

        twists = tuple(TwistedBands(squeeze(t.plus), squeeze(t.minus), t.overlap, t.q_per_nm)
                       for t in self.twists)
        data = BandPairingData(squeeze(self.data.energies), self.data.bands_below)
        return replace(self, data=data, twists=twists)


def _prepare_chunk(
    task: tuple[ContinuumModel, str | int, np.ndarray, float, bool],
) -> tuple[np.ndarray, np.ndarray | None]:
    """Energies (at k, and k +- q along x and y) and overlaps for a chunk of the mesh.

    Returns ``(energy, overlap)`` with ``energy`` of shape ``(5, n, n_b)`` (``(1, n, n_b)``
    without twists) and ``overlap`` ``(2, n, n_b, n_b)`` (None without twists). A
    module-level function of one argument, so process pools and dask can run it.
    """
    continuum, bands, mesh, q_fraction, with_twists = task
    if not with_twists:
        energy = diagonalize(continuum, mesh, bands=bands, valleys=(1,)).energy[0]
        return energy[None], None
    steps = q_fraction * np.eye(2)
    points = np.vstack([mesh, mesh + steps[0], mesh - steps[0], mesh + steps[1], mesh - steps[1]])
    solved = diagonalize(continuum, points, bands=bands, valleys=(1,), vectors=True)
    energy = solved.energy[0].reshape(5, len(mesh), -1)
    states = solved.vectors[0].reshape(5, len(mesh), continuum.dimension, -1)
    overlap = np.stack([np.einsum("kan,kam->knm", states[1 + 2 * d].conj(), states[2 + 2 * d])
                        for d in range(2)])
    return energy, overlap


def prepare_bands_with(
    mapper: Callable[[Callable[..., Any], list[Any]], Any],
    continuum: ContinuumModel, bands: str | int = "flat", n_mesh: int = 24,
    q_fraction: float = 2e-3, with_twists: bool = True, n_chunks: int = 1,
) -> PreparedBands:
    """:func:`prepare_bands` with the mesh split into ``n_chunks`` run by ``mapper``.

    ``mapper(func, tasks)`` returns ``[func(t) for t in tasks]`` in order: ``map`` of a
    process pool, or ``client.gather(client.map(...))`` of a dask cluster.
    """
    mesh = lattice.monkhorst_pack(n_mesh).reshape(-1, 2)
    chunks = np.array_split(mesh, max(1, min(n_chunks, len(mesh))))
    parts = list(mapper(_prepare_chunk, [(continuum, bands, c, q_fraction, with_twists)
                                         for c in chunks]))
    energy = np.concatenate([p[0] for p in parts], axis=1)
    _, labels = band_window(continuum.dimension, bands)
    below = int(np.sum(labels < 0))
    area = len(mesh) * continuum.moire_cell_area_nm2
    twists: tuple[TwistedBands, ...] = ()
    if with_twists:
        overlap = np.concatenate([p[1] for p in parts], axis=1)
        twists = tuple(
            TwistedBands(plus=energy[1 + 2 * d], minus=energy[2 + 2 * d], overlap=overlap[d],
                         q_per_nm=q_fraction * continuum.k_theta_per_nm)
            for d in range(2)
        )
    return PreparedBands(continuum, bands, n_mesh, q_fraction,
                         BandPairingData(energy[0], below), twists, area)


@functools.lru_cache(maxsize=8)
def prepare_bands(continuum: ContinuumModel, bands: str | int = "flat", n_mesh: int = 24,
                  q_fraction: float = 2e-3, with_twists: bool = True) -> PreparedBands:
    """Bands (and, with ``with_twists``, bands and overlaps at ``k +- q`` along x and y) of
    valley K on an ``n_mesh x n_mesh`` mesh, in this process; cached per process."""
    return prepare_bands_with(lambda func, tasks: map(func, tasks), continuum, bands, n_mesh,
                              q_fraction, with_twists)


#: The superfluid weight counts as converged when it changes by at most this fraction on the
#: mesh half as fine (every other k point of the same mesh).
MESH_TOLERANCE = 0.1


#: Thickness (nm) given to the TBG sheet when its 3D penetration depth is quoted: two
#: graphene layers at the graphite interlayer spacing 0.335 nm (an assumption; the Pearl
#: length ``2 lambda^2 / d``, all a film's screening depends on, does not depend on it).
SHEET_THICKNESS_NM = 2 * 0.335


def pairing_velocity_m_per_s(bands: PreparedBands, mu_meV: float, gap_meV: float,
                             cutoff_meV: float = math.inf) -> float:
    """Fermi velocity of the paired states: ``hbar v_F = sqrt(<|grad_k E|^2>)`` averaged
    with the weight ``Delta^2 / E^3`` (``E = sqrt(xi^2 + Delta^2)``, ``xi = E_k - mu``,
    ``|xi| < cutoff``), which keeps the states within about Delta of mu and is the weight of
    the conventional superfluid weight at T = 0. The band gradient is the central difference
    of the bands at ``k +- q`` (``bands.twists``, along x and y). In m/s.
    """
    if not bands.twists:
        raise ValueError("the prepared bands have no twists "
                         "(FlatBandPairingOptions(superfluid=True))")
    require_positive("gap_meV", gap_meV, "meV")
    xi = bands.data.energies - mu_meV
    energy = np.sqrt(xi**2 + gap_meV**2)
    weight = np.where(np.abs(xi) < cutoff_meV, gap_meV**2 / energy**3, 0.0)
    grad2 = sum(((t.plus - t.minus) / (2 * t.q_per_nm)) ** 2 for t in bands.twists)
    return velocity_m_per_s(math.sqrt(float(np.sum(weight * grad2) / np.sum(weight))))


@dataclass(kw_only=True)
class FlatBandSuperconductor(ScalarResult):
    """Gap, T_c, superfluid weight and T_BKT at one (nu, g, T)."""

    gap_meV: float = scalar("meV", "pairing gap Delta")
    mu_meV: float = scalar("meV", "chemical potential")
    tc_K: float = scalar("K", "mean-field critical temperature")
    superfluid_weight_meV: float = scalar("meV", "superfluid weight sqrt(det D_s)")
    conventional_weight_meV: float = scalar("meV", "conventional part of D_s (xx)")
    geometric_weight_meV: float = scalar("meV", "geometric part of D_s (xx)")
    t_bkt_K: float = scalar("K", "BKT temperature")

    def fermi_velocity_m_per_s(self) -> float:
        """:func:`pairing_velocity_m_per_s` of this result's bands, gap and mu (the bands
        are rebuilt from the model and options in the metadata; cached per process)."""
        from cooperlab.results import dataclass_from_dict

        model = dataclass_from_dict(self.metadata["model"])
        options = dataclass_from_dict(self.metadata["options"])
        bands = prepare_bands(model.continuum, model.bands, options.n_mesh,
                              options.q_fraction, True).scaled(model.bandwidth_scale)
        return pairing_velocity_m_per_s(bands, float(self.mu_meV), float(self.gap_meV),
                                        model.cutoff_meV)

    def gl_material(self, *, thickness_nm: float = SHEET_THICKNESS_NM,
                    fermi_velocity_m_per_s: float | None = None) -> GLMaterial:
        """The GL material of the TBG sheet at the model's temperature.

        - ``lambda``: from the superfluid weight ``D_s`` (``superfluid_weight_meV``,
          sqrt(det)) of a sheet of thickness ``d``,
          ``1 / lambda^2 = mu0 e^2 D_s / (hbar^2 d)`` (Hu, Hyart, Pikulin & Rossi, PRL 123,
          237002 (2019); Julku et al., PRB 101, 060505 (2020);
          :func:`cooperlab.gl.material.sheet_penetration_depth_nm`), geometric part included.
        - ``xi``: the BCS relation ``hbar v_F / (pi Delta)`` with the gap and the velocity
          of the paired states (:meth:`fermi_velocity_m_per_s`). **Assumption**: the
          conventional (band-velocity) pair size; in a flat band the quantum metric also
          bounds it from below, which this estimate does not include.
        - ``T_c``: the mean-field T_c, where the GL coefficient changes sign (the 2D
          transition is at ``t_bkt_K``, below it).

        Returns
        -------
        cooperlab.gl.GLMaterial
        """
        from cooperlab.gl.material import (
            GLMaterial,
            bcs_coherence_length_nm,
            sheet_penetration_depth_nm,
        )

        if not (self.gap_meV > 0 and self.superfluid_weight_meV > 0):
            raise ValueError(f"no superconductor to describe: gap {float(self.gap_meV):g} "
                             f"meV, superfluid weight {float(self.superfluid_weight_meV):g} "
                             "meV (both must be > 0)")
        velocity = (self.fermi_velocity_m_per_s() if fermi_velocity_m_per_s is None
                    else fermi_velocity_m_per_s)
        model = self.metadata["model"]
        return GLMaterial(
            xi_nm=bcs_coherence_length_nm(velocity, float(self.gap_meV)),
            lambda_nm=sheet_penetration_depth_nm(float(self.superfluid_weight_meV),
                                                 thickness_nm),
            tc_K=float(self.tc_K), thickness_nm=thickness_nm,
            temperature_K=float(model["temperature_K"]),
            source=(f"moire.FlatBandSuperconductor at nu = {model['nu']:g}, g = "
                    f"{model['coupling_meV']:g} meV: Delta = {float(self.gap_meV):.6g} meV, "
                    f"D_s = {float(self.superfluid_weight_meV):.6g} meV, v_F = {velocity:.6g} "
                    f"m/s; xi = hbar v_F / (pi Delta), 1/lambda^2 = mu0 e^2 D_s / (hbar^2 d) "
                    f"with d = {thickness_nm:g} nm; T_c mean field (T_BKT = "
                    f"{float(self.t_bkt_K):.4g} K)"))


def solve_superconductor(
    model: FlatBandPairingModel,
    options: FlatBandPairingOptions | None = None,
    prepared: PreparedBands | None = None,
) -> FlatBandSuperconductor:
    """Self-consistent gap, T_c, superfluid weight and T_BKT of ``model``.

    ``prepared`` (from :func:`prepare_bands`) skips the diagonalisation; it must match the
    model's continuum model and bands and the options' mesh and twist.
    """
    options = options or FlatBandPairingOptions()
    start = time.perf_counter()
    if prepared is None:
        prepared = prepare_bands(model.continuum, model.bands, options.n_mesh,
                                 options.q_fraction, options.superfluid)
    elif not prepared.matches(model, options):
        raise ValueError(f"prepared bands {prepared!r} do not match the model and options")
    bands = prepared.scaled(model.bandwidth_scale)
    data = bands.data
    gap = solve_gap(data, model.nu, model.coupling_meV, model.temperature_K, model.cutoff_meV)
    tc = critical_temperature(data, model.nu, model.coupling_meV, model.cutoff_meV)
    weight = conventional = geometric = t_bkt = normal_state = coarse_weight = math.nan
    subtracted = False
    resolved = True
    if options.superfluid:

        def stiffness(temperature_K: float, bands: PreparedBands = bands) -> SuperfluidWeight:
            data = bands.data
            at_t = solve_gap(data, model.nu, model.coupling_meV, temperature_K,
                             model.cutoff_meV)
            ds = superfluid_weight(data.energies, list(bands.twists), at_t.mu_meV,
                                   at_t.gap_meV, temperature_K, bands.area_nm2,
                                   model.cutoff_meV)
            if at_t.gap_meV == 0.0:  # the normal state has no superfluid weight
                zero = np.zeros_like(ds.total_meV)
                return SuperfluidWeight(zero, zero, ds.normal_state_meV)
            return ds

        ds = stiffness(model.temperature_K)
        weight = ds.isotropic_meV
        conventional = float(ds.conventional_meV[0])
        geometric = float(ds.geometric_meV[0])
        normal_state = float(ds.normal_state_meV[0])
        if options.n_mesh % 2 == 0 and options.n_mesh >= 8:
            # Convergence: the same on every other k point (no new diagonalisation).
            coarse_weight = stiffness(model.temperature_K, bands.subsampled()).isotropic_meV
            resolved = abs(coarse_weight - weight) <= MESH_TOLERANCE * max(weight, 1e-12)
        else:
            resolved = False
        t_bkt, subtracted = bkt_temperature(stiffness, tc)
    return FlatBandSuperconductor(
        gap_meV=gap.gap_meV, mu_meV=gap.mu_meV, tc_K=tc, superfluid_weight_meV=weight,
        conventional_weight_meV=conventional, geometric_weight_meV=geometric, t_bkt_K=t_bkt,
        metadata=make_metadata(
            model=model, options=options, wall_time_s=time.perf_counter() - start,
            convergence=Convergence(
                passed=bool(resolved and not subtracted
                            and (tc == 0 or t_bkt > 0 or not options.superfluid)),
                criterion="relative change of the superfluid weight on every other k point "
                          "<= mesh_tolerance, and T_BKT found without subtracting the "
                          "normal-state curvature",
                achieved=abs(coarse_weight - weight) / max(weight, 1e-12),
                target=MESH_TOLERANCE,
                discretisation={"n_mesh": options.n_mesh, "q_fraction": options.q_fraction,
                                "cutoff_meV": model.cutoff_meV},
                details={"n_mesh": options.n_mesh, "q_fraction": options.q_fraction,
                         "root_finder": "brentq",
                         "superfluid_weight_half_mesh_meV": coarse_weight,
                         "mesh_tolerance": MESH_TOLERANCE,
                         "normal_state_curvature_meV": normal_state,
                         "bkt_normal_state_subtracted": subtracted,
                         "bkt_found": bool(tc == 0 or t_bkt > 0 or not options.superfluid),
                         "converged": bool(resolved and not subtracted
                                           and (tc == 0 or t_bkt > 0
                                                or not options.superfluid))}),
        ),
    )


def solve_phase_diagram(
    model: FlatBandPairingModel,
    options: FlatBandPairingOptions | None = None,
    *,
    execution: Any = None,
    store: Any = UNSET,
    executor: str = UNSET,
    scheduler: Any = UNSET,
    max_workers: int | None = UNSET,
    progress: bool | None = UNSET,
    **params: Any,
) -> SweepResult:
    """T_c, T_BKT, gap and superfluid weight over a grid, e.g. ``nu=np.linspace(-3.9, 3.9, 41)``.

    ``params`` are fields of ``model`` (``nu``, ``coupling_meV``, ``temperature_K``, ...) or of
    its continuum model as ``continuum__theta_deg``. Runs :func:`cooperlab.sweep` (resumable
    with ``store``; ``executor="dask"`` with a ``scheduler`` address for a cluster) and
    returns its :class:`~cooperlab.sweep.SweepResult`: one Dataset with a dimension per
    swept parameter. Plot it with :func:`cooperlab.plotting.moire.plot_dome`. How it runs is
    ``execution`` (a :class:`cooperlab.Execution`) or its fields as keywords.
    """
    from cooperlab.sweep import NESTED, Execution, dask_client, sweep

    chosen = Execution.from_keywords(execution, store=store, executor=executor,
                                     scheduler=scheduler, max_workers=max_workers,
                                     progress=progress)
    executor, scheduler, max_workers = chosen.executor, chosen.scheduler, chosen.max_workers
    options = options or FlatBandPairingOptions()
    shared = not any(name.startswith(f"continuum{NESTED}") or name == "bands"
                     for name in params)
    key = (model.continuum, model.bands, options.n_mesh, options.q_fraction, options.superfluid)

    def run(prepared: PreparedBands | None, target: Any) -> Any:
        point = functools.partial(solve_superconductor, options=options, prepared=prepared)
        return sweep(point, model, execution=replace(chosen, scheduler=target),
                     **params)

    if not shared:
        return run(None, scheduler)
    # The bands are the same at every point: prepare them once, split over the same
    # workers that then run the points, and ship them with every point.
    if executor == "dask":
        with dask_client(scheduler, max_workers) as client:
            workers = max(1, sum(client.nthreads().values()))
            prepared = prepare_bands_with(
                lambda func, tasks: client.gather(client.map(func, tasks, pure=False)),
                *key, n_chunks=2 * workers)
            return run(prepared, client)
    if executor == "process":
        from cooperlab.sweep.executors import process_pool

        # the sweep's own reusable pool: the points then run on the same, started workers
        prepared = prepare_bands_with(process_pool(chosen).map, *key,
                                      n_chunks=2 * chosen.workers)
        return run(prepared, scheduler)
    return run(prepare_bands(*key), scheduler)


__getattr__ = deprecated_attributes(__name__, PairingOptions=FlatBandPairingOptions)
phase_diagram = deprecated_alias(solve_phase_diagram, "phase_diagram")
