"""The shared eigensolver: full and partial paths agree with numpy on random matrices."""

import numpy as np
import pytest

from cooperlab.numerics.linalg import eigh_window


@pytest.mark.parametrize("dtype", [float, complex])
@pytest.mark.parametrize("solver", ["full", "partial"])
def test_window_matches_numpy(dtype, solver):
    rng = np.random.default_rng(5)
    a = rng.normal(size=(7, 30, 30)) + (1j * rng.normal(size=(7, 30, 30)) if dtype is complex
                                        else 0)
    matrices = (a + np.swapaxes(a, 1, 2).conj()) / 2
    values, vectors = np.linalg.eigh(matrices)

    def build(chunk, buffer):
        return matrices[chunk].copy()

    energies, vecs = eigh_window(build, 7, 30, (12, 16), vectors=True, solver=solver,
                                 chunk_size=3)
    np.testing.assert_allclose(energies, values[:, 12:16], atol=1e-10)
    residual = matrices @ vecs - vecs * energies[:, None, :]
    assert np.abs(residual).max() < 1e-10
    seen = []
    eigh_window(build, 7, 30, (12, 16), vector_sink=lambda c, v: seen.append((c, v.shape)),
                solver=solver, chunk_size=3)
    assert sum(c.stop - c.start for c, _ in seen) == 7


def test_bad_window_is_refused():
    with pytest.raises(ValueError, match="window"):
        eigh_window(lambda c, b: np.eye(3)[None], 1, 3, (2, 5))
