"""Every fluctuation solver records a typed convergence verdict with the discretisation it
used, and the record survives save/load."""

import numpy as np
import pytest

import cooperlab as cl
from cooperlab.fluctuations import (
    Chi0Options,
    ResonanceModel,
    ResonanceOptions,
    RPAModel,
    SpinFluctuationPairingOptions,
    solve_chi0,
    solve_dynamic,
    solve_fermi_surface,
    solve_orbital_bands,
    solve_pairing,
    solve_rpa,
    solve_spin_resonance,
    solve_stoner,
)
from cooperlab.fluctuations.chi0 import IR_EPS
from cooperlab.lattice import PNICTIDE2_MU, pnictide2_lattice, square_lattice
from cooperlab.results import Convergence


def reloaded(result, tmp_path):
    back = cl.load(result.save(tmp_path / "r.nc"))
    assert isinstance(back.convergence, Convergence)
    assert back.convergence == result.convergence
    return back.convergence


def test_chi0_is_checked_against_the_direct_band_sum(tmp_path):
    model = RPAModel(pnictide2_lattice(), 0.1, mu=PNICTIDE2_MU, n_mesh=8)
    verdict = reloaded(solve_chi0(model, Chi0Options(m=(0, 2))), tmp_path)
    assert verdict.passed and verdict.achieved < verdict.target == 1e-12
    assert verdict.discretisation["n_mesh"] == 8 and verdict.discretisation["matsubara_m"] == [0, 2]
    assert verdict.discretisation["ir_eps"] == IR_EPS
    assert verdict.discretisation["ir_lambda"] > 0
    assert "direct band sum" in verdict.criterion


def test_rpa_and_stoner_verdicts(tmp_path):
    lattice = square_lattice(1.0)
    stoner = solve_stoner(RPAModel(lattice, 0.1, mu=0.0, n_mesh=16))
    verdict = reloaded(stoner, tmp_path)
    change = stoner.metadata["convergence"]["relative_change"]
    assert verdict.achieved == pytest.approx(change) and verdict.passed == (change < 0.05)
    assert stoner.metadata["convergence"]["U_c_half_mesh"] > 0
    assert verdict.discretisation["n_mesh"] == 16
    assert not solve_stoner(RPAModel(lattice, 0.1, mu=0.0, n_mesh=4)).convergence.passed

    u = 0.9 * stoner.U_c
    rpa = solve_rpa(RPAModel(lattice, 0.1, U=u, mu=0.0, n_mesh=16))
    verdict = reloaded(rpa, tmp_path)
    assert verdict.passed and verdict.target == 1.0
    assert verdict.achieved == pytest.approx(0.9, rel=1e-10)        # U / U_c at (pi, pi)
    assert verdict.achieved == pytest.approx(float(rpa.stoner.max()))
    assert verdict.discretisation["n_mesh"] == 16

    dynamic = solve_dynamic(RPAModel(lattice, 0.1, U=u, mu=0.0, n_mesh=16), [[np.pi, np.pi]],
                            [0.1, 0.2, 0.3], eta=0.05)
    verdict = reloaded(dynamic, tmp_path)
    assert verdict.passed and verdict.discretisation["eta"] == 0.05
    assert verdict.discretisation["n_omega"] == 3 and verdict.discretisation["n_mesh"] == 16
    # U_c is lower on the 8 x 8 mesh: there the same U lies beyond the static instability
    coarse = solve_dynamic(RPAModel(lattice, 0.1, U=u, mu=0.0, n_mesh=8), [[np.pi, np.pi]],
                           [0.1], eta=0.05).convergence
    assert not coarse.passed and coarse.achieved > 1


def test_pairing_records_shell_and_eigensolver_residual(tmp_path):
    model = RPAModel(pnictide2_lattice(), 0.05, U=2.0, J=0.5, mu=PNICTIDE2_MU, n_mesh=16)
    result = solve_pairing(model, SpinFluctuationPairingOptions(n_states=2, triplet=False))
    verdict = reloaded(result, tmp_path)
    assert verdict.passed and verdict.achieved < verdict.target == 1e-8
    assert verdict.discretisation["n_mesh"] == 16
    assert verdict.discretisation["n_shell_points"] == result.kx.size
    assert verdict.discretisation["smearing"] == 1.0
    assert result.metadata["convergence"]["eigen_residual"]["singlet"] < 1e-8
    assert result.summary()["convergence"]["passed"] is True


def test_resonance_bands_and_fermi_surface(tmp_path):
    options = ResonanceOptions(n_mesh=48, n_omega=48)
    result = solve_spin_resonance(ResonanceModel(), options)
    verdict = reloaded(result, tmp_path)
    assert verdict.passed and verdict.achieved == pytest.approx(0.3 / 48)
    assert verdict.discretisation["n_mesh"] == 48 and verdict.discretisation["n_omega"] == 48
    assert result.metadata["convergence"]["eta"] == pytest.approx(0.1 / 12)
    coarse = solve_spin_resonance(ResonanceModel(), ResonanceOptions(n_mesh=48, n_omega=8,
                                                                     eta=0.01))
    assert not coarse.convergence.passed      # a step of 0.0375 cannot resolve eta = 0.01

    lattice = square_lattice(1.0, -0.3)
    bands = solve_orbital_bands(lattice, 0.1, filling=0.85, n_mesh=16)
    verdict = reloaded(bands, tmp_path)
    assert verdict.passed and verdict.achieved < 1e-10 and verdict.discretisation["n_mesh"] == 16
    surface = solve_fermi_surface(lattice, 0.1, mu=-0.5, n_mesh=16)
    verdict = reloaded(surface, tmp_path)
    assert verdict.passed and verdict.achieved is None
    assert verdict.discretisation["eta"] == surface.metadata["eta"]
