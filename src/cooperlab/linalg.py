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


def eigh_window(
    build: Callable[[slice, np.ndarray | None], np.ndarray],
    n_matrices: int,
    dimension: int,
    window: tuple[int, int] | None = None,
    *,
    vectors: bool = False,
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
    solver : {"auto", "full", "partial"}
        ``"partial"`` uses LAPACK ``?syevr``/``?heevr`` per matrix.
    chunk_size : int
        Matrices built and diagonalised at a time.
    blas_threads : int or None
        Cap on BLAS/LAPACK threads during the solve (None: leave as is).
    progress : callable, optional
        Called with the number of matrices finished after each chunk.

    Returns
    -------
    energies : (n_matrices, n_window) array
    eigenvectors : (n_matrices, dimension, n_window) array or None
    """
    lo, hi = (0, dimension) if window is None else window
    if not 0 <= lo < hi <= dimension:
        raise ValueError(f"window must satisfy 0 <= lo < hi <= {dimension}, got {window}")
    method = choose_solver(hi - lo, dimension, solver)
    limits = threadpool_limits(blas_threads) if blas_threads else contextlib.nullcontext()
    with limits:
        return _solve_chunks(
            build, n_matrices, dimension, lo, hi, method, vectors, chunk_size, progress
        )


def _solve_chunks(
    build: Callable[[slice, np.ndarray | None], np.ndarray],
    n_matrices: int,
    dimension: int,
    lo: int,
    hi: int,
    method: str,
    vectors: bool,
    chunk_size: int,
    progress: Callable[[int], None] | None,
) -> tuple[np.ndarray, np.ndarray | None]:
    energies = np.empty((n_matrices, hi - lo))
    eigvecs = None
    buffer = None
    for start in range(0, n_matrices, chunk_size):
        chunk = slice(start, min(start + chunk_size, n_matrices))
        matrices = build(chunk, buffer)
        buffer = matrices
        if eigvecs is None and vectors:
            eigvecs = np.empty((n_matrices, dimension, hi - lo), dtype=matrices.dtype)
        if method == "full":
            _full(matrices, lo, hi, energies[chunk], None if eigvecs is None else eigvecs[chunk])
        else:
            _partial(matrices, lo, hi, energies[chunk], None if eigvecs is None else eigvecs[chunk])
        if progress is not None:
            progress(chunk.stop - chunk.start)
    return energies, eigvecs


def _full(
    matrices: np.ndarray, lo: int, hi: int, energies: np.ndarray, eigvecs: np.ndarray | None
) -> None:
    if eigvecs is None:
        energies[...] = np.linalg.eigvalsh(matrices)[:, lo:hi]
        return
    values, vecs = np.linalg.eigh(matrices)
    energies[...] = values[:, lo:hi]
    eigvecs[...] = vecs[:, :, lo:hi]


def _partial(
    matrices: np.ndarray, lo: int, hi: int, energies: np.ndarray, eigvecs: np.ndarray | None
) -> None:
    name = "heevr" if np.iscomplexobj(matrices) else "syevr"
    (driver,) = get_lapack_funcs((name,), (matrices[0],))
    compute_v = int(eigvecs is not None)
    real = not np.iscomplexobj(matrices)
    for index, matrix in enumerate(matrices):
        # A real symmetric matrix equals its transpose, which is Fortran-ordered: no copy.
        # LAPACK's il/iu are 1-based and inclusive; overwrite_a: the buffer is scratch.
        result = driver(matrix.T if real else matrix, compute_v=compute_v, range="I",
                        il=lo + 1, iu=hi, overwrite_a=1)
        values, vecs, info = result[0], result[1], result[-1]
        if info != 0:
            raise np.linalg.LinAlgError(f"LAPACK {name} failed with info={info}")
        energies[index] = values[: hi - lo]
        if eigvecs is not None:
            eigvecs[index] = vecs[:, : hi - lo]
