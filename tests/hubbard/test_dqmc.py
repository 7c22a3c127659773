"""DQMC: exact limits, agreement with ED, sign, exact resume, chains, round trips."""

import dataclasses

import numpy as np
import pytest
import scipy.linalg as sla

from cooperlab.hubbard import (
    DQMCEngine,
    DQMCOptions,
    HubbardModel,
    extrapolate_dtau,
    merge_chains,
    solve_dqmc,
    solve_dqmc_chain,
    solve_thermal,
)
from cooperlab.hubbard.dqmc import chain_generator
from cooperlab.lattice import square_lattice
from cooperlab.results import load

FAST = DQMCOptions(dtau=0.1, n_warmup=5, n_sweeps=20, bin_size=5)


def test_u0_equals_free_fermions_exactly():
    model = HubbardModel(square_lattice(t=1.0, t_prime=-0.3), (2, 4), "periodic", U=0.0,
                         mu=0.4, temperature=1 / 3.0)
    result = solve_dqmc_chain(model, FAST, rng=3)
    h = model.hopping_matrix()
    eps, vecs = np.linalg.eigh(h - 0.4 * np.eye(8))
    green = vecs @ np.diag(1 / (1 + np.exp(-3.0 * eps))) @ vecs.T      # <c c^dag>
    n = 1 - np.diag(green)
    assert result.values["density"] == pytest.approx(2 * n.mean(), abs=1e-10)
    kinetic = 2 * np.sum(h * (np.eye(8) - green).T) / 8
    assert result.values["kinetic_energy"] == pytest.approx(kinetic, abs=1e-10)
    assert result.values["double_occupancy"] == pytest.approx(np.mean(n * n), abs=1e-10)
    # S(q) against ED at U = 0 on a smaller cluster is covered below; here the Wick form
    assert result.values["density_error"] < 1e-12


def test_u0_structure_factors_equal_ed():
    model = HubbardModel(square_lattice(t=1.0, t_prime=-0.2), (2, 2), "periodic", U=0.0,
                         mu=-0.3, temperature=0.5)
    qmc = solve_dqmc_chain(model, FAST, rng=1)
    exact = solve_thermal(model)
    assert np.allclose(qmc.values["spin_structure_factor"], exact.spin_structure_factor,
                       atol=1e-10)
    assert np.allclose(qmc.values["charge_structure_factor"], exact.charge_structure_factor,
                       atol=1e-10)
    assert qmc.values["energy"] == pytest.approx(exact.energy_per_site, abs=1e-10)


def test_atomic_limit_closed_forms():
    U, mu, beta = 3.0, 0.7, 1.3
    model = HubbardModel(square_lattice(t=0.0), (2, 2), "open", U=U, mu=mu, temperature=1 / beta)
    result = solve_dqmc_chain(model, DQMCOptions(dtau=0.1, n_warmup=20, n_sweeps=1500, bin_size=50),
                       rng=7)
    z = 1 + 2 * np.exp((U / 2 + mu) * beta) + np.exp(2 * mu * beta)
    density = 2 * (np.exp((U / 2 + mu) * beta) + np.exp(2 * mu * beta)) / z
    double = np.exp(2 * mu * beta) / z
    for name, exact in (("density", density), ("double_occupancy", double)):
        value, error = result.estimate(name)
        assert 0 < error < 0.02
        assert abs(value - exact) < 4 * error, (name, value, error, exact)


@pytest.mark.slow
def test_ring_agrees_with_ed_after_dtau_extrapolation():
    # Issue 7: 4-site ring, U = 4, beta = 2: E/N = -0.368155, d = 0.087316, S(pi) = 1.390347.
    model = HubbardModel.ring(4, U=4.0, temperature=0.5)
    dtaus = (0.25, 0.125)
    runs = [solve_dqmc_chain(model, DQMCOptions(dtau=dt, n_warmup=100, n_sweeps=3000, bin_size=30),
                      rng=11 + i) for i, dt in enumerate(dtaus)]
    for name, exact in (("energy", -0.368155), ("double_occupancy", 0.087316),
                        ("spin_structure_factor_pi_pi", 1.390347)):
        values = [r.estimate(name) for r in runs]
        value, error = extrapolate_dtau(dtaus, [v for v, _ in values], [e for _, e in values])
        assert abs(value - exact) < 3 * error, (name, value, error, exact)
        assert error < 0.05 * abs(exact)


def test_sign_is_one_at_half_filling_on_bipartite_lattice():
    model = HubbardModel.square(4, 4, U=6.0, temperature=1 / 3.0)
    result = solve_dqmc_chain(model, DQMCOptions(dtau=0.1, n_warmup=2, n_sweeps=10, bin_size=2),
                              rng=5)
    assert np.all(result.bins_sign == 1.0)
    assert result.values["density"] == pytest.approx(1.0, abs=1e-9)
    assert result.metadata["convergence"]["stabilization_error"] < 1e-5


def test_stable_green_equals_direct_inverse_at_small_beta():
    model = HubbardModel.square(2, 2, U=4.0, temperature=1.0)
    engine = DQMCEngine(model, DQMCOptions(dtau=0.1, stabilization_interval=3),
                        np.random.default_rng(0))
    product = np.eye(4)
    for l in range(engine.L):
        product = np.diag(np.exp(engine.lam * engine.fields[l])) @ engine.exp_k @ product
    direct = np.linalg.inv(np.eye(4) + product)
    assert np.allclose(engine.green_from_scratch()[0], direct, atol=1e-12)
    assert np.allclose(engine.exp_k @ engine.exp_k_inv, np.eye(4))
    assert np.allclose(engine.exp_k, sla.expm(-0.1 * model.hopping_matrix()))


def test_delayed_updates_follow_the_same_chain_as_rank_one():
    model = HubbardModel.square(4, 4, U=4.0, temperature=0.5)
    a = DQMCEngine(model, DQMCOptions(delay_rank=1), np.random.default_rng(2))
    b = DQMCEngine(model, DQMCOptions(delay_rank=7), np.random.default_rng(2))
    for _ in range(3):
        a.sweep(False)
        b.sweep(False)
    assert a.accepted > 0
    assert np.array_equal(a.fields, b.fields)


@pytest.mark.parametrize("rank", [1, 5])
def test_numba_and_numpy_updates_follow_the_same_chain(rank):
    pytest.importorskip("numba")
    model = HubbardModel.square(4, 4, U=4.0, mu=0.3, temperature=0.5)     # sign problem present
    engines = [DQMCEngine(model, DQMCOptions(delay_rank=rank, update_backend=b, bin_size=1,
                                             n_sweeps=4), np.random.default_rng(5))
               for b in ("numba", "numpy")]
    assert [e.backend for e in engines] == ["numba", "numpy"]
    for _ in range(4):
        for e in engines:
            e.sweep(True)
    fast, plain = engines
    assert plain.accepted > 20 and fast.accepted == plain.accepted
    assert np.array_equal(fast.fields, plain.fields)
    assert fast.sign == plain.sign
    for name in ("energy", "spin_structure_factor", "pair_d"):
        assert np.allclose(fast.bins[name], plain.bins[name], rtol=0, atol=1e-10)
    assert np.allclose(fast.green_from_scratch(), plain.green_from_scratch(), atol=1e-12)


def test_auto_backend_falls_back_to_numpy_without_numba(monkeypatch):
    from cooperlab.hubbard import updates

    monkeypatch.setattr(updates, "HAVE_NUMBA", False)
    assert updates.resolve_backend("auto") == "numpy"
    with pytest.raises(ValueError, match="not installed"):
        updates.resolve_backend("numba")
    engine = DQMCEngine(HubbardModel.ring(4, U=2.0, temperature=2.0), DQMCOptions(),
                        np.random.default_rng(0))
    assert engine.backend == "numpy"


def test_update_backend_is_validated():
    with pytest.raises(ValueError, match="update backend"):
        DQMCOptions(update_backend="fortran")


def test_resumed_run_is_bit_identical(tmp_path):
    model = HubbardModel.ring(4, U=4.0, temperature=1.0)
    options = DQMCOptions(dtau=0.1, n_warmup=4, n_sweeps=24, bin_size=4, checkpoint_every=5)
    whole = solve_dqmc_chain(model, options, rng=9)

    def interrupt(engine):
        if engine.sweeps_done == 17:
            raise KeyboardInterrupt

    path = tmp_path / "chain.npz"
    with pytest.raises(KeyboardInterrupt):
        solve_dqmc_chain(model, options, rng=9, checkpoint=path, callback=interrupt)
    seen = []
    resumed = solve_dqmc_chain(model, options, rng=9, checkpoint=path,
                        callback=lambda e: seen.append(e.sweeps_done))
    assert seen[0] == 16                       # continued after the checkpoint at 15
    assert resumed.metadata["sweeps"] == 28 and resumed.bins_sign.size == 6
    for name in ("bins_energy", "bins_spin_structure_factor", "bins_double_occupancy"):
        assert np.array_equal(resumed.values[name], whole.values[name])
    with pytest.raises(ValueError, match="checkpoint"):
        solve_dqmc_chain(model, options, rng=10, checkpoint=path)


def test_chains_via_sweep_merge_bins_of_spawned_streams(tmp_path):
    model = HubbardModel.ring(4, U=2.0, temperature=1.0)
    merged = solve_dqmc(model, FAST, seed=4, n_chains=2, store=tmp_path / "store")
    singles = [solve_dqmc_chain(model, FAST, rng=chain_generator(4, 2, c)) for c in range(2)]
    by_hand = merge_chains(singles)
    assert merged.bins_sign.size == 8 == by_hand.bins_sign.size
    assert np.allclose(merged.values["bins_energy"], by_hand.values["bins_energy"], atol=1e-12)
    assert merged.estimate("energy")[1] == pytest.approx(by_hand.estimate("energy")[1])
    assert merged.metadata["n_chains"] == 2


def test_dqmc_result_round_trip_and_summary(tmp_path):
    result = solve_dqmc_chain(HubbardModel.square(2, 2, U=4.0, temperature=1.0), FAST, rng=1)
    same = load(result.save(tmp_path / "dqmc.nc"))
    assert same.estimate("energy") == result.estimate("energy")
    assert np.array_equal(same.values["bins_spin_structure_factor"],
                          result.values["bins_spin_structure_factor"])
    summary = same.summary()
    assert set(summary["energy_per_site"]) == {"value", "error"}
    assert "spin_structure_factor_pi_pi" in summary and "double_occupancy" in summary


def test_extrapolate_dtau_recovers_quadratic_law():
    dt = np.array([0.05, 0.1, 0.2])
    value, error = extrapolate_dtau(dt, 1.5 + 2.0 * dt**2, np.full(3, 1e-3))
    assert value == pytest.approx(1.5, abs=1e-12) and error > 0
    with pytest.raises(ValueError, match="errors"):
        extrapolate_dtau(dt, dt, np.zeros(3))


@pytest.mark.parametrize("kwargs, word", [
    ({"dtau": 0.0}, "dtau"), ({"n_sweeps": 0}, "n_sweeps"), ({"bin_size": 0}, "bin_size"),
    ({"stabilization_tolerance": -1.0}, "stabilization_tolerance"),
])
def test_options_reject_bad_input(kwargs, word):
    with pytest.raises(ValueError, match=word):
        DQMCOptions(**kwargs)


def test_dqmc_needs_temperature():
    with pytest.raises(ValueError, match="temperature"):
        solve_dqmc_chain(dataclasses.replace(HubbardModel.ring(4), temperature=None), FAST, rng=0)
