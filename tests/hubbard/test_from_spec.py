"""``HubbardModel.from_spec`` and ``solve_dqmc(density=...)``."""

import pytest

from cooperlab.hubbard import DQMCOptions, HubbardModel, solve_dqmc, solve_ed


def test_from_spec_is_the_preset_cluster():
    model = HubbardModel.from_spec("square:2x4", "open", t_prime=-0.25, U=6.0, mu=-1.0,
                                   temperature=0.5)
    assert model == HubbardModel.square(2, 4, t_prime=-0.25, boundary="open", U=6.0, mu=-1.0,
                                        temperature=0.5)
    ring = HubbardModel.from_spec("chain:4", temperature=0.5)
    assert solve_ed(ring).energy_per_site == pytest.approx(
        solve_ed(HubbardModel.ring(4, temperature=0.5)).energy_per_site, abs=1e-12)
    assert HubbardModel.from_spec("emery:1x1").n_sites == 3


@pytest.mark.parametrize("spec, word", [("cubic:2x2", "NAME:LxM"), ("square:2", "needs 2"),
                                        ("square:axb", "integers")])
def test_from_spec_names_a_bad_spec(spec, word):
    with pytest.raises(ValueError, match=word):
        HubbardModel.from_spec(spec)


@pytest.mark.filterwarnings("ignore::cooperlab.hubbard.DQMCStatisticsWarning")
def test_solve_dqmc_tunes_mu_to_a_density_first():
    model = HubbardModel.from_spec("square:2x2", U=4.0, temperature=1.0, mu=0.0)
    result = solve_dqmc(model, DQMCOptions(n_warmup=20, n_sweeps=100, bin_size=5), seed=1,
                        density=0.8, progress=False)
    assert result.metadata["tuned_mu"] < 0 and len(result.metadata["mu_history"]) >= 2
    assert result.metadata["mu_history"][0][0] == 0.0
    assert abs(result.metadata["mu_history"][-1][1] - 0.8) < 0.01
    with pytest.raises(ValueError, match="target_density"):
        solve_dqmc(model, density=-1.0)
