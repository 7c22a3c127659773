"""The typed convergence record of the pairing solvers: verdict, criterion, discretisation,
kept through save/load."""

import pytest

import cooperlab as cl
from cooperlab.pairing import alpha2f as a2f
from cooperlab.pairing.eliashberg import (
    CONVERGENCE_TOLERANCE,
    EliashbergModel,
    solve_eliashberg,
    solve_eliashberg_tc,
)
from cooperlab.pairing.tc_formulas import solve_formula_tc
from cooperlab.results import Convergence


@pytest.fixture(scope="module")
def model():
    return EliashbergModel(a2f.einstein(1.0, 20.0), 0.1)


def test_eliashberg_tc_records_the_doubled_cutoff_check(model, tmp_path):
    result = solve_eliashberg_tc(model)
    record = result.convergence
    assert isinstance(record, Convergence)
    assert record.passed
    assert record.achieved < record.target == CONVERGENCE_TOLERANCE
    assert record.discretisation["n_matsubara"] == int(result.n_matsubara)
    assert record.discretisation["cutoff_meV"] == pytest.approx(result.cutoff_meV)
    # the historical entries stay at the top level
    shift = result.metadata["convergence"]["relative_tc_shift_at_double_cutoff"]
    assert abs(shift) == pytest.approx(record.achieved)
    back = cl.load(result.save(tmp_path / "tc.nc"))
    assert back.convergence == record


def test_eliashberg_gap_records_its_iteration(model):
    solution = solve_eliashberg(model, 0.5 * solve_eliashberg_tc(model).tc_K)
    record = solution.convergence
    assert isinstance(record, Convergence) and record.passed
    assert record.achieved < record.target
    assert record.discretisation["n_matsubara"] == len(solution.n)
    assert solution.metadata["convergence"]["iterations"] >= 1
    assert solution.summary()["converged"] is True


def test_closed_form_tc_is_marked_exact():
    record = solve_formula_tc(1.0, 20.0).convergence
    assert record == Convergence(passed=True, criterion="closed form")
