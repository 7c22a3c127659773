"""The transform + capacitance-matrix potential solver equals the sparse LU."""

import numpy as np
import pytest

from cooperlab.gl import FilmModel, TDGLOptions, solve_film
from cooperlab.gl.tdgl.film import build_lattice, initial_state
from cooperlab.gl.tdgl.kernels import HAVE_NUMBA
from cooperlab.gl.tdgl.periodic import periodic_lattice
from cooperlab.gl.tdgl.poisson import FastPotentialSolver, choose_potential_solver
from cooperlab.gl.tdgl.stepper import PotentialSolver, TDGLStepper

needs_numba = pytest.mark.skipif(not HAVE_NUMBA, reason="numba not installed")


def two_pieces() -> np.ndarray:
    mask = np.zeros((37, 23), bool)
    mask[2:15, 3:20] = True
    mask[20:35, 1:22] = True
    mask[25:29, 8:12] = False              # a hole in the second piece
    return mask


CASES = {
    "square with hole, padded 89 -> 90": FilmModel(shape="square", width_um=2.0, hole_um=0.5,
                                                   grid_xi=0.225, field_mT=0.5),
    "strip with current": FilmModel(shape="strip", width_um=1.2, height_um=0.5,
                                    current_uA=250.0, grid_xi=0.3),
    "ring": FilmModel(shape="ring", width_um=1.6, hole_um=0.5, grid_xi=0.25, field_mT=3.0),
    "two pieces": FilmModel(shape="mask", mask=two_pieces(), grid_xi=0.3, field_mT=5.0),
}


@needs_numba
@pytest.mark.parametrize("name", list(CASES))
def test_transform_solver_equals_sparse_lu(name):
    model = CASES[name]
    lattice = build_lattice(model)
    grid = lattice.grid
    stepper = TDGLStepper(lattice, u=model.u, gamma=model.gamma, potential_solver="superlu",
                          current=model.current_dimensionless())
    rng = np.random.default_rng(0)
    psi = initial_state(lattice, "uniform", 0) * np.exp(0.5j * rng.standard_normal(grid.shape))
    rhs = stepper.kernels.rhs(psi, stepper.source, np.empty(grid.shape))
    ground = grid.drain if grid.drain.any() else None
    reference = PotentialSolver(lattice, ground=ground).solve(rhs)
    fast = FastPotentialSolver(lattice, ground=ground).solve(rhs)
    assert np.abs(reference).max() > 0.1
    np.testing.assert_allclose(fast, reference, rtol=0, atol=1e-10 * np.abs(reference).max())
    assert np.all(fast[~grid.mask] == 0)


@needs_numba
def test_film_runs_agree_between_potential_solvers():
    model = CASES["strip with current"]
    runs = [solve_film(model, TDGLOptions(solve_time=3.0, potential_solver=kind,
                                          progress=False)) for kind in ("superlu", "fft")]
    assert [r.metadata["convergence"]["potential_solver"] for r in runs] == ["superlu", "fft"]
    np.testing.assert_allclose(runs[1].psi, runs[0].psi, rtol=0, atol=1e-9)
    assert runs[1].voltage[-1] == pytest.approx(runs[0].voltage[-1], rel=1e-9)


def test_automatic_choice_and_refusals():
    big = build_lattice(CASES["square with hole, padded 89 -> 90"])
    small = build_lattice(CASES["strip with current"])
    assert choose_potential_solver("auto", big) == ("fft" if HAVE_NUMBA else "superlu")
    assert choose_potential_solver("auto", small) == "superlu"
    assert choose_potential_solver("superlu", big) == "superlu"
    with pytest.raises(ValueError, match="potential_solver"):
        choose_potential_solver("cholmod", big)
    with pytest.raises(ValueError, match="potential_solver"):
        TDGLOptions(potential_solver="cholmod")
    cell, _ = periodic_lattice(8, 8, 0.5, 1)
    assert choose_potential_solver("auto", cell) == "superlu"
    if HAVE_NUMBA:
        with pytest.raises(ValueError, match="periodic"):
            FastPotentialSolver(cell)
