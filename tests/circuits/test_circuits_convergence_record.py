"""The typed convergence record of the circuit solvers: verdict, criterion, discretisation,
kept through save/load."""

import cooperlab as cl
from cooperlab.circuits.engine import FIRST_LAW_TOLERANCE, EngineOptions, PistonEngine, solve_engine
from cooperlab.circuits.qubits import Fluxonium, Transmon
from cooperlab.circuits.spectra import SpectrumOptions, solve_spectrum, solve_spectrum_sweep
from cooperlab.results import Convergence


def test_transmon_spectrum_records_its_charge_basis(tmp_path):
    model = Transmon(EJ=20.0, EC=0.25, ncut=20)
    spectrum = solve_spectrum(model, SpectrumOptions(levels=4))
    record = spectrum.convergence
    assert isinstance(record, Convergence)
    assert record.passed and record.achieved < record.target
    assert record.discretisation == {"basis": "charge (ncut)", "basis_size": 20, "levels": 4}
    assert spectrum.metadata["convergence"]["converged"]  # the historical key stays
    back = cl.load(spectrum.save(tmp_path / "spectrum.nc"))
    assert back.convergence == record


def test_phase_grid_and_sweep_are_checked_too():
    fluxonium = Fluxonium(EJ=8.9, EC=2.5, EL=0.5, flux=0.5)
    grid = solve_spectrum(fluxonium, SpectrumOptions(levels=4, method="grid", grid_points=401))
    assert grid.convergence.passed
    assert grid.convergence.discretisation["basis_size"] == 401
    # 200 points move the levels by 1.5e-5 GHz from 100 points: not converged to 1e-6
    coarse = solve_spectrum(fluxonium, SpectrumOptions(levels=4, method="grid", grid_points=200))
    assert not coarse.convergence.passed
    sweep = solve_spectrum_sweep(Transmon(EJ=20.0, EC=0.25, ncut=20), "ng", [0.0, 0.25, 0.5],
                        SpectrumOptions(levels=3))
    assert sweep.convergence.passed and sweep.convergence.discretisation["points"] == 3


def test_engine_records_the_first_law_check():
    options = EngineOptions(levels=4, basis_size=32, samples_per_period=20, rtol=1e-9)
    result = solve_engine(PistonEngine(well="box", amplitude=0.2, period=1.0), options)
    record = result.convergence
    assert record.passed and record.achieved < record.target == FIRST_LAW_TOLERANCE
    assert record.discretisation["basis_size"] == 32
    assert "first_law_residual" in result.metadata["convergence"]
