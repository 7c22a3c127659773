"""Band structures of the continuum model along a path or at any k points."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from cooperlab.moire import lattice
from cooperlab.moire.continuum import ContinuumModel
from cooperlab.naming import renamed_fields
from cooperlab.numerics.linalg import eigh_window
from cooperlab.progress import progress_bar
from cooperlab.results import Convergence, Result, make_metadata, variable
from cooperlab.validation import require_choice, require_int, require_positive

DEFAULT_PATH = "K-G-M-K'"


def band_window(dimension: int, bands: str | int) -> tuple[tuple[int, int], np.ndarray]:
    """Index window and labels of the bands asked for.

    ``bands`` is ``"all"``, ``"flat"`` (the two bands nearest charge neutrality) or an
    integer ``m``: the ``m`` bands below and the ``m`` above charge neutrality. Labels count
    from charge neutrality: ``-m, ..., -1, +1, ..., +m`` (the flat bands are -1 and +1).
    """
    half = dimension // 2
    if bands == "all":
        m = half
    elif bands == "flat":
        m = 1
    else:
        m = require_int("bands", bands, 1, half)
    labels = np.concatenate([np.arange(-m, 0), np.arange(1, m + 1)])
    return (half - m, half + m), labels


def require_valleys(valleys: tuple[int, ...]) -> tuple[int, ...]:
    """Check a non-empty tuple of distinct valleys, each 1 (K) or -1 (K')."""
    if (not isinstance(valleys, tuple) or not valleys or len(set(valleys)) != len(valleys)
            or any(v not in (1, -1) for v in valleys)):
        raise ValueError(f"valleys must be (1,), (-1,), (1, -1) or (-1, 1), got {valleys!r}")
    return valleys


def require_bands(bands: str | int) -> str | int:
    """Check a band selection: ``"all"``, ``"flat"`` or a positive integer."""
    if bands not in ("all", "flat"):
        require_int("bands", bands, 1)
    return bands


@renamed_fields(n_k="n_mesh")
@dataclass(frozen=True)
class BandOptions:
    """Options of :func:`solve_bands`.

    Parameters
    ----------
    n_mesh : int
        Number of k points along the path (ignored when explicit k points are given).
    bands : "all", "flat" or int
        Which bands to compute (see :func:`band_window`).
    valleys : tuple of int
        Valleys to compute, ``1`` (K) and/or ``-1`` (K').
    vectors : bool
        Also return eigenvectors (plane-wave basis of :attr:`ContinuumModel.basis`).
    solver : {"auto", "full", "partial"}
        Batched full ``eigh`` or per-k partial LAPACK (``?syevr``); auto picks partial when
        fewer than a quarter of the bands are asked for.
    real_basis : bool
        Diagonalise the C2T-real form of H(k) (exact, about 3x faster).
    chunk_size : int
        k points built and diagonalised at a time (bounds the memory).
    blas_threads : int or None
        BLAS/LAPACK threads while diagonalising (None: leave the process setting). One is
        fastest for the small matrices here; more only help at large cutoffs.
    convergence_tolerance_meV : float
        Largest allowed change of the returned bands at Gamma, K and M when the cutoff is
        raised by 1; reported in ``metadata["convergence"]``.
    progress : bool or None
        Progress bar (None: only on a terminal).
    """

    n_mesh: int = 241
    bands: str | int = "all"
    valleys: tuple[int, ...] = (1, -1)
    vectors: bool = False
    solver: str = "auto"
    real_basis: bool = True
    chunk_size: int = 64
    blas_threads: int | None = 1
    convergence_tolerance_meV: float = 0.1
    progress: bool | None = None

    def __post_init__(self) -> None:
        require_int("n_mesh", self.n_mesh, 2)
        require_bands(self.bands)
        require_valleys(self.valleys)
        require_choice("solver", self.solver, ("auto", "full", "partial"))
        require_int("chunk_size", self.chunk_size, 1)
        if self.blas_threads is not None:
            require_int("blas_threads", self.blas_threads, 1)
        require_positive("convergence_tolerance_meV", self.convergence_tolerance_meV, "meV")


@dataclass(kw_only=True)
class BandStructure(Result):
    """Energies ``E_{valley, n}(k)`` in meV, with the k points and the path's ticks."""

    energy: np.ndarray = variable(("valley", "k", "band"), "meV", "band energy")
    eigenvectors: np.ndarray | None = variable(("valley", "k", "basis", "band"), "",
                                               "eigenvector in the plane-wave basis")
    valley: np.ndarray = variable(("valley",), "", "valley (+1 = K, -1 = K')", coordinate=True)
    band: np.ndarray = variable(("band",), "", "band index from charge neutrality", coordinate=True)
    kx: np.ndarray = variable(("k",), "1/nm", "k_x", coordinate=True)
    ky: np.ndarray = variable(("k",), "1/nm", "k_y", coordinate=True)
    distance: np.ndarray = variable(("k",), "1/nm", "distance along the path", coordinate=True)
    tick_distance: np.ndarray | None = variable(("tick",), "1/nm", "position of the path's corners")
    tick_label: np.ndarray | None = variable(("tick",), "", "names of the path's corners")

    def flat_band_energies(self) -> np.ndarray:
        """Energies of the two bands nearest charge neutrality, ``(valley, k, 2)``."""
        index = np.flatnonzero(np.abs(self.band) == 1)
        return self.energy[..., index]

    def plot(self, ax: Any = None, **kwargs: Any) -> Any:
        """Band structure along the path (see :func:`cooperlab.plotting.moire.plot_bands`)."""
        from cooperlab.plotting.moire import plot_bands

        return plot_bands(self, ax=ax, **kwargs)

    def summary(self) -> dict[str, Any]:
        """Flat-band extrema and sizes, for ``--json``."""
        flat = self.flat_band_energies()
        return {
            "result": "BandStructure",
            "n_k": int(self.energy.shape[1]),
            "n_bands": int(self.energy.shape[2]),
            "flat_band_min_meV": float(flat.min()) if flat.size else None,
            "flat_band_max_meV": float(flat.max()) if flat.size else None,
            "convergence": self.metadata.get("convergence"),
        }


@dataclass
class _Solved:
    energy: np.ndarray
    vectors: np.ndarray | None
    labels: np.ndarray


def diagonalize(
    model: ContinuumModel,
    k: np.ndarray,
    *,
    bands: str | int = "all",
    valleys: tuple[int, ...] = (1, -1),
    vectors: bool = False,
    solver: str = "auto",
    real_basis: bool = True,
    chunk_size: int = 64,
    blas_threads: int | None = 1,
    progress: bool | None = False,
) -> _Solved:
    """Eigenvalues (and vectors) at k points ``(n_k, 2)`` in units of k_theta, per valley.

    Eigenvectors are mapped back to the plane-wave basis chunk by chunk into one
    preallocated ``(valley, k, dimension, band)`` array, so peak memory is that array plus
    one chunk of matrices.
    """
    k = np.asarray(k, dtype=float).reshape(-1, 2)
    window, labels = band_window(model.dimension, bands)
    energies = np.empty((len(valleys), len(k), len(labels)))
    eigvecs = (
        np.empty((len(valleys), len(k), model.dimension, len(labels)), dtype=complex)
        if vectors else None
    )
    with progress_bar(len(valleys) * len(k), "bands", progress) as bar:
        for index, valley in enumerate(valleys):
            hamiltonian = model.hamiltonian(valley)
            if real_basis:
                hamiltonian = hamiltonian.real_form()

            def build(chunk: slice, buffer: np.ndarray | None, h: Any = hamiltonian) -> np.ndarray:
                n = chunk.stop - chunk.start
                out = buffer[:n] if buffer is not None and len(buffer) >= n else None
                return h.matrices(k[chunk], out=out)

            def store(chunk: slice, vecs: np.ndarray, i: int = index,
                      h: Any = hamiltonian) -> None:
                eigvecs[i, chunk] = h.to_plane_waves(vecs)

            energies[index], _ = eigh_window(
                build, len(k), model.dimension, window, vector_sink=store if vectors else None,
                solver=solver, chunk_size=chunk_size, blas_threads=blas_threads,
                progress=bar.update,
            )
    return _Solved(energies, eigvecs, labels)


#: Bands checked for cutoff convergence: |n| <= this many from charge neutrality.
CONVERGENCE_BANDS = 4


def band_convergence(
    model: ContinuumModel, bands: str | int, tolerance_meV: float, step: float = 1.0,
    discretisation: dict[str, Any] | None = None, **details: Any,
) -> Convergence:
    """Change of the low-energy bands at Gamma, K and M when the cutoff grows by ``step``.

    Only the bands asked for with ``|n| <= CONVERGENCE_BANDS`` are compared: the highest
    bands of a truncated basis always move with the cutoff and are not physical. The record
    keeps its historical entries (``cutoff``, ``check_cutoff``, ``checked_bands``,
    ``max_change_meV``, ``tolerance_meV``, ``converged``) in ``details``; ``discretisation``
    (the cutoff and plane-wave basis size, plus the caller's meshes) and ``details`` add to it.
    """
    _, labels = band_window(model.dimension, bands)
    m = int(min(np.abs(labels).max(), CONVERGENCE_BANDS))
    points = np.array([lattice.HIGH_SYMMETRY_POINTS[n] for n in ("G", "K", "M")])
    coarse = diagonalize(model, points, bands=m, valleys=(1,))
    finer_model = replace(model, cutoff=model.cutoff + step)
    fine = diagonalize(finer_model, points, bands=m, valleys=(1,))
    deviation = float(np.abs(fine.energy - coarse.energy).max())
    return Convergence(
        passed=bool(deviation <= tolerance_meV),
        criterion=f"max change (meV) of the bands |n| <= {m} at Gamma, K, M when the "
                  f"plane-wave cutoff grows by {step:g}",
        achieved=deviation, target=tolerance_meV,
        discretisation={"cutoff": model.cutoff, "plane_wave_dimension": model.dimension,
                        **(discretisation or {})},
        details={"cutoff": model.cutoff, "check_cutoff": finer_model.cutoff,
                 "checked_bands": m, "max_change_meV": deviation,
                 "tolerance_meV": tolerance_meV, "converged": bool(deviation <= tolerance_meV),
                 **details},
    )


def solve_bands(
    model: ContinuumModel,
    path: str | np.ndarray = DEFAULT_PATH,
    options: BandOptions | None = None,
) -> BandStructure:
    """Band structure of ``model`` along ``path`` (e.g. ``"K-G-M-K'"``) or at k points.

    Parameters
    ----------
    model : ContinuumModel
    path : str or array
        A path through named points of the moire zone (``K``, ``K'``, ``M``, ``G``) joined
        by ``-``, or explicit k points of shape ``(n_k, 2)`` in 1/nm.
    options : BandOptions

    Returns
    -------
    BandStructure
        ``energy`` with dims ``(valley, k, band)`` in meV; ``metadata["convergence"]``
        reports the change of the bands when the cutoff is raised.
    """
    options = options or BandOptions()
    start = time.perf_counter()
    scale = model.k_theta_per_nm
    ticks = labels = None
    if isinstance(path, str):
        names = lattice.parse_path(path)
        k, distance, ticks = lattice.path_through(names, options.n_mesh)
        labels = np.array([lattice.POINT_LABELS[n] for n in names])
        ticks = ticks * scale
        distance = distance * scale
    else:
        k_nm = np.asarray(path, dtype=float)
        if k_nm.ndim != 2 or k_nm.shape[1] != 2 or not np.all(np.isfinite(k_nm)):
            raise ValueError(
                f"path must be a name string or finite k points (n_k, 2), got {path!r}"
            )
        k = k_nm / scale
        steps = np.linalg.norm(np.diff(k_nm, axis=0), axis=1)
        distance = np.concatenate([[0.0], np.cumsum(steps)])
    solved = diagonalize(
        model, k, bands=options.bands, valleys=options.valleys, vectors=options.vectors,
        solver=options.solver, real_basis=options.real_basis, chunk_size=options.chunk_size,
        blas_threads=options.blas_threads, progress=options.progress,
    )
    convergence = band_convergence(model, options.bands, options.convergence_tolerance_meV,
                                   discretisation={"n_k": int(len(k)), "bands": options.bands})
    return BandStructure(
        energy=solved.energy,
        eigenvectors=solved.vectors,
        valley=np.array(options.valleys),
        band=solved.labels,
        kx=k[:, 0] * scale,
        ky=k[:, 1] * scale,
        distance=distance,
        tick_distance=ticks,
        tick_label=labels,
        metadata=make_metadata(
            model=model, options=options, wall_time_s=time.perf_counter() - start,
            convergence=convergence, path=path if isinstance(path, str) else "explicit",
            alpha=model.alpha, dimension=model.dimension,
        ),
    )
