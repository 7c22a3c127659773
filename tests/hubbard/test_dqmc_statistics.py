"""DQMC error bars that do not hide autocorrelation: tau_int, blocks, warnings, defaults."""

import json

import numpy as np
import pytest
from click.testing import CliRunner

from cooperlab.cli import main
from cooperlab.hubbard import (
    DQMCOptions,
    DQMCStatisticsWarning,
    HubbardModel,
    extrapolate_dtau,
    merge_chains,
    solve_dqmc_chain,
)
from cooperlab.hubbard.dqmc import BLOCK_TAUS, MIN_BLOCKS
from cooperlab.hubbard.statistics import (
    binning_errors,
    block_sums,
    blocked_jackknife_ratio,
    integrated_autocorrelation_time,
    ratio_autocorrelation,
)
from cooperlab.lattice import square_lattice
from cooperlab.results import Convergence, load

# Exact finite-T values of the 2 x 4 open cluster at U = 4, beta = 4, mu = 0 (half filling):
#   cooperlab hubbard ed --lattice square:2x4 --bc open --U 4 --beta 4 --mu 0 \
#       --no-susceptibility --json
EXACT_2X4 = {"energy": -0.5753243136879211, "double_occupancy": 0.0973920089286888,
             "spin_structure_factor_pi_pi": 2.1209847545878113}


def _cluster_2x4() -> HubbardModel:
    return HubbardModel(square_lattice(), (2, 4), "open", U=4.0, mu=0.0, temperature=0.25)


def _ar1(phi: float, n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    noise = rng.standard_normal(n)
    x = np.empty(n)
    x[0] = noise[0] / np.sqrt(1 - phi**2)
    for i in range(1, n):
        x[i] = phi * x[i - 1] + noise[i]
    return x


def test_sokal_window_recovers_the_tau_int_of_an_ar1_process():
    phi = 0.8                                   # tau_int = (1 + phi) / (2 (1 - phi)) = 4.5
    auto = integrated_autocorrelation_time(_ar1(phi, 40_000, 1))
    assert auto.converged and auto.window >= 6 * auto.tau
    assert auto.tau == pytest.approx(4.5, rel=0.1)
    assert abs(auto.tau - 4.5) < 3 * auto.error
    # independent samples: 1/2; a constant (exact) estimator: 1/2, no error
    assert integrated_autocorrelation_time(_ar1(0.0, 20_000, 2)).tau == pytest.approx(0.5,
                                                                                      abs=0.05)
    assert integrated_autocorrelation_time(np.full(100, 0.3)).tau == 0.5


def test_binned_error_plateaus_at_the_autocorrelated_error():
    phi, n = 0.8, 40_000
    x = _ar1(phi, n, 3)
    sizes, errors, counts = binning_errors(x, np.ones(n))
    exact = np.sqrt(2 * 4.5 / (1 - phi**2) / n)         # sqrt(2 tau_int var / n)
    assert errors[0] == pytest.approx(exact / 3, rel=0.1)   # single samples: sqrt(2 tau) low
    plateau = errors[(sizes >= 64) & (counts >= 50)]
    assert np.all(np.abs(plateau / exact - 1) < 0.2)


def test_blocks_keep_every_bin_and_never_straddle_chains():
    values = np.arange(10.0)
    assert np.array_equal(block_sums(values, 3), [3.0, 12.0, 30.0])      # 0+1+2, 3+4+5, 6..9
    assert np.array_equal(block_sums(values, 2, [5, 5]), [1.0, 9.0, 11.0, 24.0])
    signed, sign = np.arange(1.0, 13.0), np.linspace(0.5, 1.0, 12)
    mean, _ = blocked_jackknife_ratio(signed, sign, 5, [7, 5])
    assert mean == pytest.approx(signed.sum() / sign.sum())
    with pytest.raises(ValueError, match="segments"):
        block_sums(values, 2, [4, 5])
    # the ratio's tau_int: a constant ratio with fluctuating sign has no autocorrelated error
    assert ratio_autocorrelation(2 * sign, sign).tau == 0.5


def test_the_short_run_of_the_referee_report_warns_and_reports_tau_int():
    # 100 sweeps in bins of 10 (the old defaults' bin) on the 2 x 4 cluster, dtau 0.25: the old
    # jackknife over these bins gave S(pi, pi) = 1.20 +- 0.13 against the exact 2.12
    model = _cluster_2x4()
    old = DQMCOptions(dtau=0.25, n_warmup=50, n_sweeps=100, bin_size=10, block_size=10)
    with pytest.warns(DQMCStatisticsWarning, match="shorter than 8 tau_int"):
        result = solve_dqmc_chain(model, old, rng=6)
    report = result.metadata["convergence"]
    assert not report["passed"] and not report["statistics_passed"]
    assert report["n_blocks"] == 10 < MIN_BLOCKS and report["block_sweeps"] == 10
    assert any("jackknife blocks" in w for w in result.metadata["warnings"])
    # S(pi, pi) decorrelates slowest, and 8 tau_int of it is longer than the old 10-sweep bin
    assert report["slowest_observable"] == "spin_structure_factor_pi_pi"
    tau_s = float(result.values["spin_structure_factor_pi_pi_tau_int"])
    assert tau_s == report["tau_int"]["spin_structure_factor_pi_pi"]
    assert BLOCK_TAUS * tau_s > 10 and tau_s > float(result.values["energy_tau_int"])
    # automatic blocks on the same run: still too few of them, and it says so
    with pytest.warns(DQMCStatisticsWarning, match="jackknife blocks"):
        auto = solve_dqmc_chain(model, DQMCOptions(dtau=0.25, n_warmup=50, n_sweeps=100,
                                            bin_size=10), rng=6)
    assert auto.metadata["convergence"]["block_sweeps"] > 10
    assert auto.summary()["warnings"] == auto.metadata["warnings"]


def test_tau_int_and_verdict_survive_save_and_load(tmp_path):
    options = DQMCOptions(dtau=0.1, n_warmup=5, n_sweeps=40)
    with pytest.warns(DQMCStatisticsWarning):
        result = solve_dqmc_chain(HubbardModel.square(2, 2, U=4.0, temperature=1.0), options, rng=1)
    same = load(result.save(tmp_path / "dqmc.nc"))
    for name in ("energy_tau_int", "spin_structure_factor_pi_pi_tau_int", "sign_tau_int"):
        assert float(same.values[name]) == pytest.approx(float(result.values[name]))
        assert float(same.values[name]) >= 0.5
    assert same.metadata["convergence"] == result.metadata["convergence"]
    assert same.metadata["warnings"] == result.metadata["warnings"]
    assert same.to_xarray()["energy_tau_int"].attrs["units"] == "1"
    verdict = same.convergence                     # the typed record, with the analysis beside
    assert isinstance(verdict, Convergence) and verdict == result.convergence
    assert verdict.passed == result.metadata["convergence"]["passed"]
    assert verdict.achieved == result.metadata["convergence"]["n_blocks"]
    assert verdict.discretisation["dtau"] == 0.1 and verdict.discretisation["n_sweeps"] == 40
    assert verdict.details["block_bins"] == result.metadata["convergence"]["block_bins"]


def test_merged_chains_keep_their_segments():
    options = DQMCOptions(dtau=0.1, n_warmup=5, n_sweeps=30)
    model = HubbardModel.square(2, 2, U=4.0, temperature=1.0)
    with pytest.warns(DQMCStatisticsWarning):
        chains = [solve_dqmc_chain(model, options, rng=s, warn=False) for s in (1, 2)]
        merged = merge_chains(chains)
    assert merged.metadata["chain_bins"] == [30, 30]
    block = merged.metadata["convergence"]["block_bins"]
    assert merged.metadata["convergence"]["n_blocks"] == 2 * (30 // block)


def test_block_size_option_is_validated():
    with pytest.raises(ValueError, match="block_size"):
        DQMCOptions(n_sweeps=100, bin_size=4, block_size=10)
    assert DQMCOptions(n_sweeps=100, bin_size=5, block_size=10).block_size == 10


def test_cli_reports_tau_int_and_warnings_in_json():
    result = CliRunner().invoke(main, [
        "hubbard", "dqmc", "--lattice", "square:2x2", "--U", "4", "--beta", "1", "--warmup",
        "2", "--sweeps", "20", "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["warnings"] and data["statistics"]["statistics_passed"] is False
    assert data["tau_int_sweeps"]["energy"] >= 0.5


@pytest.mark.slow
def test_default_options_agree_with_ed_on_the_2x4_cluster_after_dtau_extrapolation():
    # the referee's case at the default options: every default run passes its own
    # statistics check, and E/N, d and S(pi, pi) extrapolated in dtau^2 lie within 3 errors
    # (2 x 2,200 sweeps, about 40 s on one idle core)
    model = _cluster_2x4()
    dtaus = (0.25, 0.125)
    runs = [solve_dqmc_chain(model, DQMCOptions(dtau=dt), rng=20 + i) for i, dt in enumerate(dtaus)]
    for run in runs:
        assert run.metadata["convergence"]["statistics_passed"], run.metadata["warnings"]
    for name, exact in EXACT_2X4.items():
        values = [r.estimate(name) for r in runs]
        value, error = extrapolate_dtau(dtaus, [v for v, _ in values], [e for _, e in values])
        assert abs(value - exact) < 3 * error, (name, value, error, exact)
        assert error < 0.06 * abs(exact)
