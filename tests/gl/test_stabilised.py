"""The stabilised (linearly implicit) integrator: stable beyond the explicit bound, first order."""

import numpy as np
import pytest

from cooperlab.gl import FilmModel, TDGLOptions, solve_film

MODEL = FilmModel(shape="square", width_um=0.8, hole_um=0.25, field_mT=25.0, grid_xi=0.25)


def run(stabilised_dt, solve_time=2.0, init="random", model=MODEL):
    return solve_film(model, TDGLOptions(solve_time=solve_time, save_every=solve_time,
                                         init=init, seed=2, stabilised_dt=stabilised_dt,
                                         progress=False))


def test_stabilised_steps_far_beyond_the_explicit_bound_stay_bounded_and_relax_alike():
    # Meissner state below vortex entry: a stationary state to relax to
    meissner = FilmModel(shape="square", width_um=0.8, hole_um=0.25, field_mT=8.0,
                         grid_xi=0.25)
    explicit = run(None, solve_time=1.0, init="uniform", model=meissner)
    bound = explicit.metadata["convergence"]["stability_bound_dt"] / 0.8   # u h^2 / 4 c_max
    big = run(8 * bound, solve_time=60.0, init="uniform", model=meissner)   # 8x the bound
    explicit = run(None, solve_time=60.0, init="uniform", model=meissner)
    assert big.step[-1] < explicit.step[-1] / 8
    assert np.abs(big.psi).max() <= 1.0 + 1e-9
    # both relax to the same stationary state (measured 1.1e-3 apart at t = 60, 3.1e-3 at
    # t = 30, while the explicit run itself still moves by 2.6e-2 between t = 30 and 60)
    assert np.abs(big.psi - explicit.psi).max() < 3e-3
    assert big.n_vortices[-1] == explicit.n_vortices[-1]


def test_stabilised_integrator_converges_at_first_order():
    # vortex entry from psi = 1 at 25 mT (a random start is chaotic: no smooth error)
    reference = run(None, init="uniform")      # explicit, dt about 0.007 tau0
    errors = [np.abs(run(dt, init="uniform").psi - reference.psi).max()
              for dt in (0.08, 0.04, 0.02)]
    # measured 0.117, 0.053, 0.025: the error halves with the step
    assert errors[0] / errors[1] == pytest.approx(2.0, rel=0.2), errors
    assert errors[1] / errors[2] == pytest.approx(2.0, rel=0.2), errors
