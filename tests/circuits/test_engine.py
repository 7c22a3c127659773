"""Quantum piston engine: conservation, adiabatic limit, two solvers, first law, Otto cycle."""

import numpy as np
import pytest

import cooperlab as cl
from cooperlab.circuits.engine import EngineOptions, PistonEngine, solve_engine, solve_otto_cycle

FAST = EngineOptions(levels=4, basis_size=32, samples_per_period=20, rtol=1e-9)
GRID = EngineOptions(method="grid", levels=4, grid_points=600, steps_per_period=4000,
                     samples_per_period=20)


@pytest.mark.parametrize("options", [FAST, GRID])
def test_wall_at_rest_conserves_energy(options):
    engine = PistonEngine(well="box", amplitude=0.0, period=2.0, initial_level=1)
    result = solve_engine(engine, options)
    assert np.max(np.abs(result.energy - result.energy[0])) < 1e-8 * abs(result.energy[0])
    assert np.allclose(result.populations[:, 1], 1.0, atol=1e-9)
    assert np.max(np.abs(result.work)) < 1e-12


@pytest.mark.slow
def test_adiabatic_limit_keeps_populations_and_no_coherence_work():
    slow = solve_engine(PistonEngine(well="box", amplitude=0.2, period=25.0,
                                     barrier_height=0.0), FAST)
    fast = solve_engine(PistonEngine(well="box", amplitude=0.2, period=0.5,
                                     barrier_height=0.0), FAST)
    assert np.min(slow.populations[:, 0]) > 1 - 1e-4
    assert np.max(np.abs(slow.work_coherence)) < 1e-3 * np.max(np.abs(slow.work_population))
    # a fast wall excites the particle and the coherence work is then no longer small
    assert np.min(fast.populations[:, 0]) < 0.99
    assert np.max(np.abs(fast.work_coherence)) > 0.05 * np.max(np.abs(fast.work_population))
    # over a full slow cycle the energy returns: no net work
    assert abs(slow.energy[-1] - slow.energy[0]) < 1e-3 * slow.energy[0]


@pytest.mark.parametrize("well, period", [("box", 2.0), ("double", 5.0)])
def test_two_solvers_agree(well, period):
    engine = PistonEngine(well=well, amplitude=0.2, period=period)
    levels = 6 if well == "box" else 4
    a = solve_engine(engine, EngineOptions(levels=levels, basis_size=48, samples_per_period=20,
                                           rtol=1e-9))
    b = solve_engine(engine, EngineOptions(method="grid", levels=levels, grid_points=800,
                                           steps_per_period=20000, samples_per_period=20))
    assert np.allclose(a.populations[:, :3], b.populations[:, :3], atol=1e-3)
    scale = np.max(np.abs(a.force))
    assert np.max(np.abs(a.force - b.force)) < 0.03 * scale
    assert np.max(np.abs(a.energy - b.energy)) < 2e-3 * np.max(np.abs(a.energy))
    assert np.max(np.abs(b.populations[:, 0] - 1)) > 1e-4  # the drive does something


@pytest.mark.parametrize("options", [FAST, GRID])
def test_first_law_at_every_step(options):
    engine = PistonEngine(well="box", amplitude=0.2, period=1.0)
    r = solve_engine(engine, options)
    scale = np.max(np.abs(r.work))
    tolerance = 1e-7 if options.method == "eigenbasis" else 2e-3
    assert scale > 1.0
    assert np.max(np.abs(r.energy - r.energy[0] - r.work)) < tolerance * scale
    assert np.allclose(r.work, r.work_population + r.work_coherence)


@pytest.mark.slow
def test_two_level_otto_efficiency():
    engine = PistonEngine(well="double", flux=0.48)  # off symmetry: 0 and 1 couple
    options = EngineOptions(levels=2, basis_size=32, rtol=1e-9)
    slow = solve_otto_cycle(engine, lambda_hot=10.0, lambda_cold=14.0, T_hot=2.0, T_cold=0.05,
                      stroke_time=15.0, options=options)
    assert slow.omega_hot != pytest.approx(slow.omega_cold, rel=1e-2)
    assert slow.efficiency == pytest.approx(slow.otto_efficiency, abs=1e-6)
    assert slow.work > 0 and slow.heat_hot > 0
    quick = solve_otto_cycle(engine, lambda_hot=10.0, lambda_cold=14.0, T_hot=2.0, T_cold=0.05,
                       stroke_time=0.3, options=options)
    assert quick.efficiency < slow.efficiency - 1e-3  # quantum friction


def test_round_trip_and_bad_inputs(tmp_path):
    r = solve_engine(PistonEngine(well="double", period=2.0), FAST)
    same = cl.load(r.save(tmp_path / "engine.nc"))
    assert np.allclose(same.coherences, r.coherences)
    assert same.metadata["method"] == "eigenbasis"
    for kwargs, name in [({"well": "triple"}, "well"), ({"amplitude": 1.5}, "amplitude"),
                         ({"period": 0.0}, "period"), ({"EL": -1.0}, "EL")]:
        with pytest.raises(ValueError, match=name):
            PistonEngine(**kwargs)
    with pytest.raises(ValueError, match="levels"):
        EngineOptions(levels=40, basis_size=32)
    with pytest.raises(ValueError, match="initial_level"):
        solve_engine(PistonEngine(initial_level=5), FAST)
