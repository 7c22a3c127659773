"""Batched Hermitian eigensolvers shared by every band-structure code in cooperlab.

Two paths behind one function:

* all bands: one batched LAPACK call (``numpy.linalg.eigh`` / ``eigvalsh``) per chunk of
  matrices, so that Python overhead is paid per chunk, not per k point;
* a window of bands (by index): a partial eigensolver per matrix, LAPACK ``?syevr`` /
  ``?heevr`` with ``range='I'`` (MRRR), which skips the eigenvectors not asked for.

Matrices are built chunk by chunk into one reused buffer, so peak memory is the chunk plus
the requested output, independent of the number of k points.

BLAS/LAPACK threads are capped (one by default) while solving: for the small matrices of
band-structure codes (dimension of a few hundred) extra OpenBLAS threads do not help, and
when another process loads the machine they made ``eigh`` ten times slower here.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

import numpy as np
from scipy.linalg import get_lapack_funcs
from threadpoolctl import threadpool_limits

#: Use the partial solver when fewer than this fraction of the bands is requested.
PARTIAL_FRACTION = 0.25


def choose_solver(n_selected: int, dimension: int, solver: str = "auto") -> str:
    """Return ``"full"`` or ``"partial"`` for ``n_selected`` of ``dimension`` bands."""
    if solver != "auto":
        return solver
    return "partial" if n_selected < PARTIAL_FRACTION * dimension else "full"


#: Matrices per chunk for the per-matrix partial solver: its speed does not depend on the
#: chunk, so a small one keeps the build buffer small.
PARTIAL_CHUNK = 16

VectorSink = Callable[[slice, np.ndarray], None]


def eigh_window(
    build: Callable[[slice, np.ndarray | None], np.ndarray],
    n_matrices: int,
    dimension: int,
    window: tuple[int, int] | None = None,
    *,
    vectors: bool = False,
    vector_sink: VectorSink | None = None,
    solver: str = "auto",
    chunk_size: int = 64,
    blas_threads: int | None = 1,
    progress: Callable[[int], None] | None = None,
) -> tuple[np.ndarray, np.ndarray | None]:
    """Eigenvalues (and optionally eigenvectors) of a batch of Hermitian matrices.

    Parameters
    ----------
    build : callable
        ``build(chunk, buffer)`` returns the matrices of indices ``chunk`` with shape
        ``(len, dimension, dimension)``, filling ``buffer`` when it is given and fits.
    n_matrices, dimension : int
        Batch size and matrix dimension.
    window : (int, int) or None
        Half-open range ``[lo, hi)`` of eigenvalue indices (ascending); None for all.
    vectors : bool
        Also return the eigenvectors, shape ``(n_matrices, dimension, n_window)``.
    vector_sink : callable, optional
        ``vector_sink(chunk, vecs)`` receives each chunk's eigenvectors instead (nothing
        is returned for them): the caller transforms and stores them, so no second copy
        of all eigenvectors is ever held.
    solver : {"auto", "full", "partial"}
        ``"partial"`` uses LAPACK ``?syevr``/``?heevr`` per matrix.
    chunk_size : int
        Matrices built and diagonalised at a time (at most :data:`PARTIAL_CHUNK` for the
        partial solver).
    blas_threads : int or None
        Cap on BLAS/LAPACK threads during the solve (None: leave as is).
    progress : callable, optional
        Called with the number of matrices finished after each chunk.

    Returns
    -------
    energies : (n_matrices, n_window) array
    eigenvectors : (n_matrices, dimension, n_window) array, or None without ``vectors``
        or with a ``vector_sink``
    """
    lo, hi = (0, dimension) if window is None else window
    if not 0 <= lo < hi <= dimension:
        raise ValueError(f"window must satisfy 0 <= lo < hi <= {dimension}, got {window}")
    method = choose_solver(hi - lo, dimension, solver)
    step = min(chunk_size, PARTIAL_CHUNK) if method == "partial" else chunk_size
    stored: list[np.ndarray] = []
    if vectors and vector_sink is None:

        def vector_sink(chunk: slice, vecs: np.ndarray) -> None:
            if not stored:
                stored.append(np.empty((n_matrices, dimension, hi - lo), dtype=vecs.dtype))
            stored[0][chunk] = vecs

    solve = _full if method == "full" else _partial
    energies = np.empty((n_matrices, hi - lo))
    limits = threadpool_limits(blas_threads) if blas_threads else contextlib.nullcontext()
    buffer = None
    with limits:
        for start in range(0, n_matrices, step):
            chunk = slice(start, min(start + step, n_matrices))
            buffer = build(chunk, buffer)
            vecs = solve(buffer, lo, hi, energies[chunk], vector_sink is not None)
            if vector_sink is not None:
                vector_sink(chunk, vecs)
            if progress is not None:
                progress(chunk.stop - chunk.start)
    return energies, (stored[0] if stored else None)


def _full(
    matrices: np.ndarray, lo: int, hi: int, energies: np.ndarray, want_vectors: bool
) -> np.ndarray | None:
    if not want_vectors:
        energies[...] = np.linalg.eigvalsh(matrices)[:, lo:hi]
        return None
    values, vecs = np.linalg.eigh(matrices)
    energies[...] = values[:, lo:hi]
    return vecs[:, :, lo:hi]


def _partial(
    matrices: np.ndarray, lo: int, hi: int, energies: np.ndarray, want_vectors: bool
) -> np.ndarray | None:
    name = "heevr" if np.iscomplexobj(matrices) else "syevr"
    (driver,) = get_lapack_funcs((name,), (matrices[0],))
    real = not np.iscomplexobj(matrices)
    n, dim = matrices.shape[:2]
    vecs = np.empty((n, dim, hi - lo), dtype=matrices.dtype) if want_vectors else None
    for index, matrix in enumerate(matrices):
        # A real symmetric matrix equals its transpose, which is Fortran-ordered: no copy.
        # LAPACK's il/iu are 1-based and inclusive; overwrite_a: the buffer is scratch.
        result = driver(matrix.T if real else matrix, compute_v=int(want_vectors),
                        range="I", il=lo + 1, iu=hi, overwrite_a=1)
        if result[-1] != 0:
            raise np.linalg.LinAlgError(f"LAPACK {name} failed with info={result[-1]}")
        energies[index] = result[0][: hi - lo]
        if vecs is not None:
            vecs[index] = result[1][:, : hi - lo]
    return vecs
