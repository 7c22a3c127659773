"""Chemical-potential tuner against ED; multi-chain DQMC through the dask executor."""

import dataclasses

import numpy as np
import pytest

from cooperlab.hubbard import DQMCOptions, HubbardModel, solve_dqmc, solve_thermal
from cooperlab.hubbard.dqmc import tune_chemical_potential


def test_tuner_reaches_target_density_checked_by_ed():
    model = HubbardModel.ring(4, U=4.0, mu=0.0, temperature=1.0)
    target = 0.8
    options = DQMCOptions(dtau=0.1, n_warmup=20, n_sweeps=200, bin_size=20)
    mu, history = tune_chemical_potential(model, target, options, seed=3, tolerance=0.02)
    assert len(history) >= 2                           # half filling (n = 1) is not the target
    assert abs(history[-1][1] - target) < 0.02 and history[-1][0] == mu
    assert mu < 0                                      # fewer electrons need a lower mu
    exact = solve_thermal(dataclasses.replace(model, mu=mu), susceptibility=False).density
    # the tuner's density has a statistical error ~0.01 and a Trotter error ~1e-3
    assert abs(exact - target) < 0.04, (mu, exact, history)


def test_dask_chains_equal_serial_chains():
    pytest.importorskip("distributed")
    model = HubbardModel.ring(4, U=2.0, temperature=2.0)
    options = DQMCOptions(dtau=0.1, n_warmup=2, n_sweeps=8, bin_size=4,
                          measure_unequal_every=2)
    serial = solve_dqmc(model, options, seed=5, n_chains=2, executor="serial", progress=False)
    dask = solve_dqmc(model, options, seed=5, n_chains=2, executor="dask", max_workers=2,
                      progress=False)
    assert dask.metadata["n_chains"] == 2 and dask.bins_sign.size == 4
    for name in ("bins_energy", "bins_spin_susceptibility", "bins_sign_unequal"):
        assert np.array_equal(dask.values[name], serial.values[name]), name
    assert dask.values["tau"].size == 6          # tau = 0, dtau, ..., beta
