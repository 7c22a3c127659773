"""The Chebyshev (KPM) BdG solver against full diagonalisation.

On a disordered cluster the self-consistent Delta_i and n_i of the KPM solver approach the
dense ones as the number of moments grows (the Jackson kernel's resolution ~ pi a / M), and
probing with colours of period P adds an error that falls as P grows (the density matrix
decays with distance). Measured on 24 x 24 (U = -2.5, mu = -0.4, T = 0.05, box disorder 1):
max |Delta_KPM - Delta_dense| = 1.4e-4, 1.8e-5, 2.5e-6 for M = 256, 512, 1024 (every site its
own probe); 1.5e-2 and 8.4e-3 for probe periods 8 and 12 at M = 512.
"""

import numpy as np
import pytest

from cooperlab.bdg import BdGModel, BdGOptions, Disorder, solve_bdg
from cooperlab.lattice import square_lattice

CLUSTER = square_lattice().cluster((12, 12))
MODEL = BdGModel(CLUSTER, U=-2.5, mu=-0.4, temperature=0.05, disorder=Disorder("box", 1.0, 1))


@pytest.fixture(scope="module")
def dense():
    return solve_bdg(MODEL, BdGOptions(tolerance=1e-8))


@pytest.mark.slow
def test_error_falls_with_the_number_of_moments(dense):
    errors = []
    for moments in (128, 256, 512):
        kpm = solve_bdg(MODEL, BdGOptions(solver="kpm", n_moments=moments, probe_period=0,
                                          tolerance=1e-8))
        assert kpm.metadata["convergence"]["converged"]
        errors.append(float(np.abs(kpm.gap - dense.gap).max()))
        np.testing.assert_allclose(kpm.density, dense.density, atol=10 * errors[-1] + 1e-6)
    assert errors[0] > errors[1] > errors[2]
    assert errors[2] < 1e-3 * np.abs(dense.gap).mean()


def test_probing_error_falls_with_the_period(dense):
    errors = [float(np.abs(solve_bdg(MODEL, BdGOptions(solver="kpm", n_moments=256,
                                                      probe_period=period, tolerance=1e-7)
                                     ).gap - dense.gap).max())
              for period in (4, 6)]
    assert errors[1] < errors[0] < 0.2 * np.abs(dense.gap).mean()


def test_backend_option_cupy_absence_is_reported_and_auto_falls_back():
    from cooperlab.backend import cupy_available

    with pytest.raises(ValueError, match="backend"):
        BdGOptions(solver="dense", backend="cupy")
    with pytest.raises(ValueError, match="backend"):
        BdGOptions(solver="kpm", backend="torch")
    small = BdGModel(square_lattice().cluster((6, 6)), U=-2.5, mu=-0.4, temperature=0.05,
                     disorder=Disorder("box", 1.0, 1))
    options = {"solver": "kpm", "n_moments": 64, "probe_period": 3, "tolerance": 1e-6}
    numpy = solve_bdg(small, BdGOptions(**options))
    if cupy_available():
        pytest.skip("a GPU is present: the cupy path is measured in benchmarks/bench_bdg.py")
    auto = solve_bdg(small, BdGOptions(**options, backend="auto"))
    np.testing.assert_array_equal(auto.gap, numpy.gap)
    with pytest.raises(ValueError, match="CuPy"):
        solve_bdg(small, BdGOptions(**options, backend="cupy"))


def test_a_period_that_does_not_divide_the_cluster_is_raised_to_a_divisor_and_recorded():
    # 12 x 12 disordered cluster, U = -4, M = 128: with the colours folded by 5 (which does
    # not divide 12) the self-consistent mean |Delta| came out 4.8 % below the dense one,
    # against +1.1 % and +0.5 % for the dividing periods 4 and 6
    model = BdGModel(CLUSTER, U=-4.0, mu=-0.4, temperature=0.05,
                     disorder=Disorder("box", 1.0, 1))
    dense = np.abs(solve_bdg(model, BdGOptions(tolerance=1e-8)).gap).mean()
    options = {"solver": "kpm", "n_moments": 128, "tolerance": 1e-7}
    with pytest.warns(UserWarning, match="probe_period=5 does not divide"):
        five = solve_bdg(model, BdGOptions(**options, probe_period=5))
    six = solve_bdg(model, BdGOptions(**options, probe_period=6))
    assert np.abs(five.gap).mean() == pytest.approx(dense, rel=0.01)
    np.testing.assert_array_equal(five.gap, six.gap)
    record = five.metadata["probe_period"]
    assert record["requested"] == 5 and record["used"] == [6, 6] and "6x6" in record["note"]
    assert five.summary()["probe_period"] == [6, 6]
    assert six.metadata["probe_period"] == {"requested": 6, "used": [6, 6], "note": ""}


def test_probe_periods_per_direction():
    from cooperlab.bdg.kpm_solver import probe_periods

    lattice = square_lattice()
    assert probe_periods(lattice.cluster((30, 24)), 8) == (10, 8)
    assert probe_periods(lattice.cluster((31, 24)), 24) == (31, 24)   # prime: every cell
    assert probe_periods(lattice.cluster((12, 12)), 24) == (12, 12)
    assert probe_periods(lattice.cluster((30, 30), "open"), 8) == (8, 8)  # no wrap, no bias
    assert probe_periods(lattice.cluster((30, 30)), 0) == (0, 0)
