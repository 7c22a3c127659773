"""Topology and quantum geometry of the two flat bands of one valley.

* Sublattice (chiral) basis: the sublattice operator ``sigma_z`` (+1 on A, -1 on B in both
  layers) projected on the flat bands, ``S(k) = Phi^dag sigma_z Phi``, is diagonalised at
  every k; its eigenvectors are the "Chern bands" A (``S > 0``) and B. They carry
  ``C = -+1`` (valley K: C_A = -1, C_B = +1 with ``Omega = curl i<u|grad u>``; valley K'
  reversed), exactly sublattice polarised in the chiral limit (Tarnopolsky et al. PRL 122,
  106405 (2019); Bultinck et al. PRX 10, 031034 (2020)). The decomposition is valid while
  ``S`` stays gapped (``polarization_gap``).
* Chern numbers and Berry curvature: Fukui-Hatsugai-Suzuki link variables
  (:mod:`cooperlab.topology`).
* Wilson loop of both flat bands along ``b_1`` versus ``k_2``: the two eigenphases wind
  in opposite directions, winding number 1, the fragile topology protected by C2T (Song et
  al. PRL 123, 036401 (2019); Po et al. PRB 99, 195455 (2019)).
* Quantum metric ``g_ij(k)`` of the flat-band projector and of each Chern band, from the
  fidelity of neighbouring states. Bounds checked: ``(1/2 pi) int tr g_A >= |C_A|`` for
  each Chern band (Roy PRB 90, 165139 (2014); Peotta & Torma, Nat. Commun. 6, 8944
  (2015)) and ``(1/2 pi) int tr g >= |C_A| + |C_B| = 2 |e_2|`` for the two-band projector
  (Xie et al. PRL 124, 167002 (2020); Herzog-Arbeitman et al. PRL 128, 087002 (2022)).

Mesh: ``k = ((i + 1/2) b_1 + (j + 1/2) b_2) / n``, closed periodically by moving the
plane-wave components of the edge states (:meth:`PlaneWaveBasis.shift_map`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from cooperlab import topology
from cooperlab.moire import lattice
from cooperlab.moire.bands import diagonalize
from cooperlab.moire.continuum import ContinuumModel
from cooperlab.numerics.kmesh import mesh_fractions, uniform_mesh
from cooperlab.results import Convergence, Result, make_metadata, scalar, variable
from cooperlab.validation import require_int

#: Smallest mesh accepted; the Wilson-loop winding needs about 12 x 12 at 1.05 deg, which
#: the convergence check (invariants unchanged on a mesh half as fine) reports.
MIN_MESH = 6


@dataclass(frozen=True)
class GeometryOptions:
    """Options of :func:`solve_geometry`.

    Parameters
    ----------
    n_mesh : int
        ``n_mesh x n_mesh`` half-step-shifted k mesh over the moire zone (at least
        :data:`MIN_MESH`); ``metadata["convergence"]`` compares the invariants with a mesh
        half as fine (twice as fine for the smallest meshes).
    valley : int
        ``1`` (K) or ``-1`` (K').
    progress : bool or None
        Progress bar of the diagonalisation (None: only on a terminal).
    """

    n_mesh: int = 24
    valley: int = 1
    progress: bool | None = None

    def __post_init__(self) -> None:
        require_int("n_mesh", self.n_mesh, MIN_MESH, 1000)
        if self.valley not in (1, -1):
            raise ValueError(f"valley must be 1 or -1, got {self.valley!r}")


def _mesh(n: int) -> np.ndarray:
    """Half-step-shifted mesh ``(n, n, 2)`` in units of k_theta."""
    return uniform_mesh(n, lattice.RECIPROCAL_VECTORS, shift=0.5)


@dataclass(kw_only=True)
class QuantumGeometry(Result):
    """Chern numbers, Berry curvature, Wilson loop and quantum metric of the flat bands."""

    chern_number: np.ndarray = variable(("chern_band",), "", "Chern number (sublattice basis)")
    berry_curvature: np.ndarray = variable(("chern_band", "k1", "k2"), "nm^2",
                                           "Berry curvature of the sublattice band")
    metric_trace: np.ndarray = variable(("k1", "k2"), "nm^2", "tr g of the two-flat-band projector")
    metric_trace_chern: np.ndarray = variable(("chern_band", "k1", "k2"), "nm^2",
                                              "tr g of the sublattice band")
    integrated_metric: float = scalar("", "(1/2 pi) int tr g, two-flat-band projector")
    integrated_metric_chern: np.ndarray = variable(("chern_band",), "",
                                                   "(1/2 pi) int tr g of the sublattice band")
    wilson_phases: np.ndarray = variable(("k2", "wilson_band"), "rad",
                                         "Wilson-loop eigenphases along b1")
    wilson_winding: np.ndarray = variable(("wilson_band",), "",
                                          "winding of each Wilson-loop branch")
    polarization_gap: float = scalar("", "min_k gap of the projected sublattice operator")
    chern_band: np.ndarray = variable(("chern_band",), "", "sublattice: +1 = A, -1 = B",
                                      coordinate=True)
    kx: np.ndarray = variable(("k1", "k2"), "1/nm", "k_x", coordinate=True)
    ky: np.ndarray = variable(("k1", "k2"), "1/nm", "k_y", coordinate=True)
    k2_fraction: np.ndarray = variable(("k2",), "", "k_2 in units of b_2", coordinate=True)

    @property
    def winding_number(self) -> int:
        """Wilson-loop winding number ``max |w|`` over the branches."""
        return int(np.abs(self.wilson_winding).max())

    def summary(self) -> dict[str, Any]:
        """Invariants and the metric bounds, for ``--json``."""
        return {
            "result": "QuantumGeometry",
            "valley": self.metadata.get("valley"),
            "chern_numbers": {"A": float(self.chern_number[0]), "B": float(self.chern_number[1])},
            "wilson_winding": [int(w) for w in self.wilson_winding],
            "winding_number": self.winding_number,
            "integrated_metric": float(self.integrated_metric),
            "integrated_metric_chern": [float(x) for x in self.integrated_metric_chern],
            "metric_bound_holds": bool(
                self.integrated_metric >= np.abs(self.chern_number).sum() - 1e-6
            ),
            "polarization_gap": float(self.polarization_gap),
        }

    def plot(self, ax: Any = None, **kwargs: Any) -> Any:
        """Wilson-loop spectrum (:func:`cooperlab.plotting.moire.plot_wilson_loop`)."""
        from cooperlab.plotting.moire import plot_wilson_loop

        return plot_wilson_loop(self, ax=ax, **kwargs)


def sublattice_bands(model: ContinuumModel, flat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rotate flat-band states ``(..., dim, 2)`` to the sublattice basis.

    Returns the states ``(..., dim, 2)`` ordered (A, B) and the gap of the projected
    sublattice operator at each k.
    """
    sign = np.tile([1.0, -1.0], model.basis.n_q)
    projected = np.einsum("...an,a,...am->...nm", flat.conj(), sign, flat)
    values, rotation = np.linalg.eigh(projected)
    rotated = flat @ rotation[..., ::-1]  # column 0: S > 0 (A), column 1: S < 0 (B)
    return rotated, values[..., 1] - values[..., 0]


def _flat_states(model: ContinuumModel, n: int, valley: int,
                 progress: bool | None = False) -> np.ndarray:
    mesh = _mesh(n)
    solved = diagonalize(model, mesh.reshape(-1, 2), bands="flat", valleys=(valley,),
                         vectors=True, progress=progress)
    return solved.vectors[0].reshape(n, n, model.dimension, 2)


def _sources(model: ContinuumModel, valley: int) -> tuple[np.ndarray, np.ndarray]:
    return tuple(model.basis.shift_map(valley * b) for b in lattice.RECIPROCAL_VECTORS)


def _invariants(model: ContinuumModel, n: int, valley: int) -> tuple[list[float], list[int]]:
    """Sublattice Chern numbers and Wilson-loop windings on an n x n mesh."""
    flat = _flat_states(model, n, valley)
    chern_states, _ = sublattice_bands(model, flat)
    source_1, source_2 = _sources(model, valley)
    chern = [topology.chern_number(chern_states[..., b : b + 1], source_1, source_2)[0]
             for b in range(2)]
    _, windings = topology.track_branches(topology.wilson_loop_phases(flat, source_1))
    return chern, sorted(int(w) for w in windings)


def solve_geometry(
    model: ContinuumModel, options: GeometryOptions | None = None
) -> QuantumGeometry:
    """Topology and quantum geometry of ``model``'s flat bands in one valley."""
    options = options or GeometryOptions()
    start = time.perf_counter()
    n = options.n_mesh
    mesh = _mesh(n)
    flat = _flat_states(model, n, options.valley, options.progress)
    chern_states, gap = sublattice_bands(model, flat)
    b = lattice.RECIPROCAL_VECTORS * model.k_theta_per_nm
    source_1, source_2 = _sources(model, options.valley)
    cell = abs(b[0, 0] * b[1, 1] - b[0, 1] * b[1, 0]) / n**2  # k-space area per point
    chern, curvature, metric_chern = [], [], []
    for band in range(2):
        single = chern_states[..., band : band + 1]
        number, flux = topology.chern_number(single, source_1, source_2)
        chern.append(number)
        curvature.append(topology.vertex_curvature(flux) / cell)
        g = topology.fidelity_metric(single, source_1, source_2, b)
        metric_chern.append(np.trace(g, axis1=-2, axis2=-1))
    metric = np.trace(topology.fidelity_metric(flat, source_1, source_2, b), axis1=-2, axis2=-1)
    phases = topology.wilson_loop_phases(flat, source_1)
    _, windings = topology.track_branches(phases)
    integral = cell / (2 * np.pi)
    k_nm = mesh * model.k_theta_per_nm
    # Convergence: the invariants must not change on a mesh half as fine (twice as fine
    # when half would fall below MIN_MESH).
    check = n // 2 if n // 2 >= MIN_MESH else 2 * n
    coarse_chern, coarse_windings = _invariants(model, check, options.valley)
    integer_error = float(np.abs(np.array(chern) - np.rint(chern)).max())
    stable = (np.allclose(coarse_chern, chern, atol=1e-6)
              and coarse_windings == sorted(int(w) for w in windings))
    return QuantumGeometry(
        chern_number=np.array(chern),
        berry_curvature=np.array(curvature),
        metric_trace=metric,
        metric_trace_chern=np.array(metric_chern),
        integrated_metric=float(metric.sum() * integral),
        integrated_metric_chern=np.array([m.sum() * integral for m in metric_chern]),
        wilson_phases=phases,
        wilson_winding=windings,
        polarization_gap=float(gap.min()),
        chern_band=np.array([1, -1]),
        kx=k_nm[..., 0],
        ky=k_nm[..., 1],
        k2_fraction=mesh_fractions(n, shift=0.5),
        metadata=make_metadata(
            model=model, options=options, wall_time_s=time.perf_counter() - start,
            valley=options.valley,
            convergence=Convergence(
                passed=bool(gap.min() > 0.05 and integer_error < 1e-6 and stable),
                criterion="max |C - round(C)| of the sublattice Chern numbers < 1e-6, Chern "
                          "numbers and Wilson windings unchanged on the check mesh, "
                          "polarization gap > 0.05",
                achieved=integer_error, target=1e-6,
                discretisation={"n_mesh": n, "check_mesh": check, "cutoff": model.cutoff},
                details={
                    "n_mesh": n,
                    "check_mesh": check,
                    "chern_at_check_mesh": coarse_chern,
                    "windings_at_check_mesh": coarse_windings,
                    "chern_integer_error": integer_error,
                    "polarization_gap": float(gap.min()),
                    "converged": bool(gap.min() > 0.05 and integer_error < 1e-6 and stable),
                }),
        ),
    )
