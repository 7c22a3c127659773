"""TDGL films: fluxoid quantisation, current conservation, checkpoints, round trips."""

import numpy as np
import pytest

import cooperlab as cl
from cooperlab.gl import FilmModel, TDGLOptions, solve_film
from cooperlab.gl.tdgl.film import build_lattice
from cooperlab.gl.tdgl.observables import applied_flux, cross_section_currents, fluxoid


def square_loops(model, margins=(4, 10)):
    nx = model.grid().shape[0]
    return [(k, nx - 1 - k, k, nx - 1 - k) for k in margins]


@pytest.mark.parametrize("init", ["uniform", "normal"])
def test_fluxoid_around_hole_is_an_integer_after_relaxation(init):
    # 1.2 um square, 0.4 um hole, xi = 0.1 um, 7 mT: the applied flux through the loops is
    # far from an integer number of Phi0; the fluxoid (flux + kinetic term from the
    # supercurrent) is an integer, the same for every loop around the hole.
    model = FilmModel(shape="square", width_um=1.2, hole_um=0.4, field_mT=7.0, grid_xi=0.25)
    lattice = build_lattice(model)
    loops = square_loops(model, (3, 6, 10))
    early = solve_film(model, TDGLOptions(solve_time=0.3, init=init, seed=1))
    relaxed = solve_film(model, TDGLOptions(solve_time=60.0, init=init, seed=1))
    assert relaxed.n_vortices[-1] == 0
    values = [fluxoid(lattice, relaxed.psi, loop) for loop in loops]
    nearest = round(values[0])
    for loop, value in zip(loops, values, strict=True):
        flux = applied_flux(lattice, loop)
        assert abs(flux - round(flux)) > 0.15          # the flux alone is not quantised
        assert abs(value - nearest) < 0.03, (loop, value)
    if init == "normal":
        assert nearest == 2                             # field-cooled: flux trapped in the hole
        unrelaxed = fluxoid(lattice, early.psi, loops[0])
        assert abs(unrelaxed - round(unrelaxed)) > 0.05


def test_current_is_the_same_through_every_cross_section_of_a_strip():
    model = FilmModel(shape="strip", width_um=1.2, height_um=0.5, current_uA=250.0,
                      grid_xi=0.25)
    result = solve_film(model, TDGLOptions(solve_time=40.0))
    currents = cross_section_currents(build_lattice(model), result.psi, result.mu)
    target = model.current_dimensionless()
    assert np.allclose(currents, target, rtol=1e-3), (currents.min(), currents.max(), target)
    # the split between super and normal current changes along the strip
    assert result.mean_voltage() > 0


def test_resume_continues_bit_for_bit(tmp_path):
    model = FilmModel(shape="disk", width_um=0.8, field_mT=20.0, grid_xi=0.3)
    options = TDGLOptions(solve_time=6.0, save_every=1.0, init="random", seed=3)
    whole = solve_film(model, options)
    path = tmp_path / "run.nc"
    part = solve_film(model, options, checkpoint=path, max_steps=int(whole.step[-1] * 0.55))
    assert not part.metadata["convergence"]["completed"]
    done = int(part.step[-1])
    resumed = solve_film(model, options, checkpoint=path)
    assert resumed.metadata["convergence"]["steps"] == whole.metadata["convergence"]["steps"]
    assert resumed.metadata["convergence"]["steps_this_call"] == whole.step[-1] - done
    np.testing.assert_array_equal(resumed.psi, whole.psi)
    np.testing.assert_array_equal(resumed.snapshot_time, whole.snapshot_time)
    with pytest.raises(ValueError, match="another model"):
        solve_film(FilmModel(shape="disk", width_um=0.8, field_mT=21.0, grid_xi=0.3), options,
                   checkpoint=path)


def test_film_result_round_trip(tmp_path):
    model = FilmModel(shape="ring", width_um=0.8, hole_um=0.3, field_mT=30.0, grid_xi=0.3)
    result = solve_film(model, TDGLOptions(solve_time=3.0, save_every=1.0))
    same = cl.load(result.save(tmp_path / "film.nc"))
    np.testing.assert_array_equal(same.psi, result.psi)
    np.testing.assert_array_equal(same.snapshot_density, result.snapshot_density)
    assert same.model == model
    assert same.summary() == result.summary()
    ds = result.to_xarray()
    assert ds["x"].attrs["units"] == "um" and ds["mu"].dims == ("x", "y")


@pytest.mark.parametrize(("kwargs", "name"), [
    ({"xi_um": -1.0}, "xi_um"), ({"shape": "hexagon"}, "shape"),
    ({"hole_um": 3.0}, "hole_um"), ({"current_uA": 5.0}, "current_uA"),
    ({"grid_xi": 5.0}, "grid_xi"), ({"gamma": float("nan")}, "gamma"),
])
def test_bad_film_input_names_the_parameter(kwargs, name):
    with pytest.raises(ValueError, match=name):
        FilmModel(**kwargs)


@pytest.mark.parametrize(("kwargs", "name"), [
    ({"solve_time": 0.0}, "solve_time"), ({"cfl": 1.5}, "cfl"),
    ({"backend": "torch"}, "backend"), ({"init": "vortex"}, "init"),
])
def test_bad_options_name_the_parameter(kwargs, name):
    with pytest.raises(ValueError, match=name):
        TDGLOptions(**kwargs)


def test_cupy_absence_is_reported_not_hidden():
    from cooperlab.backend import array_module, cupy_available

    assert array_module("numpy") is np
    if cupy_available():
        pytest.skip("a GPU is present")
    assert array_module("auto") is np
    with pytest.raises(ValueError, match="CuPy"):
        solve_film(FilmModel(), TDGLOptions(solve_time=1.0, backend="cupy"))


def test_film_convergence_is_typed_and_survives_save_load(tmp_path):
    model = FilmModel(shape="disk", width_um=0.8, field_mT=20.0, grid_xi=0.3)
    options = TDGLOptions(solve_time=2.0, dt_max=0.05)
    result = solve_film(model, options)
    verdict = result.convergence
    assert isinstance(verdict, cl.results.Convergence)
    assert verdict.passed and verdict.achieved == pytest.approx(2.0) and verdict.target == 2.0
    assert verdict.discretisation["dt_max_tau0"] == 0.05
    assert verdict.discretisation["steps"] == int(result.step[-1])
    assert verdict.discretisation["h_xi"] == pytest.approx(build_lattice(model).h)
    assert result.metadata["convergence"]["completed"]          # older key kept
    assert result.summary()["steps"] == verdict.discretisation["steps"]
    result.save(tmp_path / "film.nc")
    assert cl.load(tmp_path / "film.nc").convergence == verdict
    cut = solve_film(model, options, max_steps=3)
    assert not cut.convergence.passed and cut.convergence.achieved < 2.0
