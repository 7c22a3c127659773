"""Stripe peak fitting on synthetic structure factors and on a small DQMC run."""

import numpy as np
import pytest

from cooperlab.hubbard import DQMCOptions, HubbardModel
from cooperlab.hubbard.dqmc import DQMCResult
from cooperlab.hubbard.stripes import peak_offset, solve_stripe_analysis, solve_stripes, yamada_plot
from cooperlab.lattice import square_lattice


def _synthetic(delta: float, n_bins: int = 6) -> DQMCResult:
    model = HubbardModel(square_lattice(t_prime=-0.25), (16, 4), U=6.0, temperature=1.0)
    q = model.cluster.momenta()
    dx = lambda a, b: np.angle(np.exp(1j * (a - b)))  # noqa: E731
    s = (np.exp(-dx(q[:, 0], np.pi + delta) ** 2 / 0.1)
         + np.exp(-dx(q[:, 0], np.pi - delta) ** 2 / 0.1)) * np.exp(-dx(q[:, 1], np.pi) ** 2)
    n = (np.exp(-dx(q[:, 0], 2 * delta) ** 2 / 0.1) + np.exp(-dx(q[:, 0], -2 * delta) ** 2 / 0.1))
    rng = np.random.default_rng(0)
    noise = lambda: 1e-3 * rng.standard_normal((n_bins, q.shape[0]))  # noqa: E731
    bins = {"spin_structure_factor": s + noise(), "charge_structure_factor": n + noise(),
            "sign": np.ones(n_bins)}
    from cooperlab.hubbard.dqmc import OBSERVABLES
    for name, (dims, _, _) in OBSERVABLES.items():
        extra = [q.shape[0]] if dims == ("q",) else [3] * len(dims)
        bins.setdefault(name, np.ones((n_bins, *extra)))
    return DQMCResult.from_bins(bins, q, np.zeros((3, 2)), {})


@pytest.mark.parametrize("delta", [2 * np.pi / 16, 2 * np.pi / 8 * 0.75])
def test_fit_recovers_incommensurability(delta):
    fit = solve_stripe_analysis(_synthetic(delta))
    assert fit.delta_spin == pytest.approx(delta, abs=0.25 * 2 * np.pi / 16)
    assert fit.delta_charge == pytest.approx(2 * delta, abs=0.25 * 2 * np.pi / 16)
    assert fit.delta_spin_error < 0.05
    # the neighbours of (pi, pi) rise above it when the peak has moved by a grid step
    assert fit.spin_split > 10 * fit.spin_split_error > 0


def test_spin_split_is_negative_for_a_commensurate_peak():
    fit = solve_stripe_analysis(_synthetic(0.0))
    assert fit.spin_split < -10 * fit.spin_split_error
    assert fit.delta_spin == 0.0 and fit.summary()["spin_split"]["value"] < 0


def test_commensurate_peak_gives_zero():
    qx = 2 * np.pi * np.arange(16) / 16
    assert peak_offset(qx, np.cos(qx - np.pi), np.pi) == 0.0


def test_small_dqmc_stripe_run_and_yamada_plot(tmp_path):
    model = HubbardModel(square_lattice(t_prime=-0.25), (8, 2), "periodic", U=4.0, mu=-0.5,
                         temperature=1.0)
    fit = solve_stripes(model, DQMCOptions(dtau=0.125, n_warmup=5, n_sweeps=20, bin_size=5),
                        seed=1)
    assert fit.doping > 0 and 0.0 <= fit.delta_spin <= np.pi
    assert fit.summary()["statistics"].startswith("low")   # 4 bins: says so
    ax = yamada_plot([fit.doping], [fit.delta_spin], [fit.delta_spin_error])
    ax.figure.savefig(tmp_path / "yamada.png")
    assert (tmp_path / "yamada.png").stat().st_size > 0


def test_charge_cut_without_interior_peak_gives_no_delta_c():
    # N(q_x, 0) rising monotonically to q_x = pi (weakly correlated charge): no stripe peak
    result = _synthetic(2 * np.pi / 16)
    q = result.momentum
    rising = 1 - np.cos(q[:, 0]) + 0.1 * (1 - np.cos(q[:, 1]))
    result.values["bins_charge_structure_factor"] = np.tile(rising, (6, 1))
    result.values["charge_structure_factor"] = rising
    fit = solve_stripe_analysis(result)
    assert np.isnan(fit.delta_charge)
    summary = fit.summary()
    assert summary["delta_charge"]["value"] is None
    assert summary["charge_peak"].startswith("none")
    assert solve_stripe_analysis(_synthetic(0.3)).summary()["charge_peak"] == "interior"
