"""The typed convergence record of the moire solvers: verdict, criterion, discretisation,
kept through save/load."""

import pytest

import cooperlab as cl
from cooperlab.moire import BandOptions, ContinuumModel, DOSOptions, solve_bands, solve_dos
from cooperlab.results import Convergence


def test_band_structure_records_a_typed_convergence(tmp_path):
    model = ContinuumModel(theta_deg=1.05)
    bands = solve_bands(model, options=BandOptions(n_mesh=12, bands=4))
    record = bands.convergence
    assert isinstance(record, Convergence)
    assert record.passed
    assert record.achieved < record.target == pytest.approx(0.1)
    assert record.discretisation["cutoff"] == model.cutoff
    assert record.discretisation["plane_wave_dimension"] == model.dimension
    assert record.discretisation["n_k"] == bands.energy.shape[1]
    assert bands.metadata["convergence"]["converged"]  # the historical key stays
    back = cl.load(bands.save(tmp_path / "bands.nc"))
    assert back.convergence == record
    assert back.summary()["convergence"]["passed"]


def test_dos_records_its_mesh():
    dos = solve_dos(ContinuumModel(theta_deg=1.05), DOSOptions(n_mesh=6))
    record = dos.convergence
    assert isinstance(record, Convergence) and record.passed
    assert record.discretisation["n_mesh"] == 6
    assert dos.metadata["convergence"]["states_counted"] > 0
