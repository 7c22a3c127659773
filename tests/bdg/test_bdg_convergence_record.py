"""The typed convergence record of the BdG solvers: verdict, criterion, discretisation,
kept through save/load."""

import numpy as np

import cooperlab as cl
from cooperlab.bdg.dense import BdGOptions, solve_bdg, solve_uniform_gap
from cooperlab.bdg.model import BdGModel
from cooperlab.bdg.spectra import solve_local_spectra
from cooperlab.lattice import square_lattice
from cooperlab.results import Convergence


def test_dense_bdg_records_its_self_consistency(tmp_path):
    model = BdGModel(square_lattice().cluster((6, 6)), U=-2.0, mu=-0.5)
    state = solve_bdg(model, BdGOptions(tolerance=1e-9))
    record = state.convergence
    assert isinstance(record, Convergence)
    assert record.passed and record.achieved < record.target == 1e-9
    assert record.discretisation == {"solver": "dense", "n_sites": 36, "eigenstates": 72}
    assert state.metadata["convergence"]["iterations"] >= 1  # the historical keys stay
    assert state.summary()["converged"] is True
    back = cl.load(state.save(tmp_path / "state.nc"))
    assert back.convergence == record
    # a spectrum of the state is exact for its discretisation
    spectra = solve_local_spectra(model, state, np.linspace(-1, 1, 5))
    assert spectra.convergence.passed
    assert spectra.convergence.discretisation["broadening"] == 0.05
    # and so is the clean k-space gap
    assert solve_uniform_gap(model).convergence.discretisation["n_k"] == 36


def test_an_unconverged_run_says_so():
    model = BdGModel(square_lattice().cluster((6, 6)), U=-2.0, mu=-0.5)
    state = solve_bdg(model, BdGOptions(tolerance=1e-12, max_iterations=2))
    assert not state.convergence.passed
    assert state.convergence.achieved > 1e-12
