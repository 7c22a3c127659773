"""Time-displaced DQMC measurements: G(tau), chi(q), pair susceptibilities; ED chi(q)."""

import numpy as np
import pytest

from cooperlab.hubbard import DQMCEngine, DQMCOptions, HubbardModel, solve_dqmc_chain, solve_thermal
from cooperlab.lattice import square_lattice

BETA, MU, DTAU = 3.0, 0.4, 0.1


def free_model() -> HubbardModel:
    return HubbardModel(square_lattice(t=1.0, t_prime=-0.3), (2, 4), "periodic", U=0.0,
                        mu=MU, temperature=1 / BETA)


def free_greens(model: HubbardModel, tau: float):
    """Closed forms in the single-particle eigenbasis of K = h - mu."""
    eps, vecs = np.linalg.eigh(model.hopping_matrix() - MU * np.eye(model.n_sites))
    f = 1.0 / (1.0 + np.exp(BETA * eps))
    g_tt = vecs @ np.diag(1 - f) @ vecs.T
    g_t0 = vecs @ np.diag(np.exp(-tau * eps) * (1 - f)) @ vecs.T
    g_0t = -vecs @ np.diag(np.exp(tau * eps) * f) @ vecs.T
    return g_tt, g_t0, g_0t


def test_u0_displaced_greens_equal_closed_forms():
    model = free_model()
    engine = DQMCEngine(model, DQMCOptions(dtau=DTAU), np.random.default_rng(0))
    count = 0
    for l, triple in enumerate(engine.displaced_greens()):
        for got, exact in zip(triple, free_greens(model, l * engine.dtau), strict=True):
            assert np.abs(got - exact).max() < 1e-10, l
        count += 1
    assert count == engine.L == 30


def free_bubbles(model: HubbardModel, q_index: int) -> tuple[float, float]:
    """Continuous-time U = 0 values: Lindhard chi(q) (both spins) and the on-site pair
    bubble ``(1/N) sum_ab |<a|b>|^2 (1 - f_a - f_b)/(e_a + e_b)`` (Matsubara sums done)."""
    n = model.n_sites
    cluster = model.cluster
    phases = np.exp(1j * cluster.momenta() @ cluster.positions().T)
    eps, vecs = np.linalg.eigh(model.hopping_matrix() - MU * np.eye(n))
    f = 1 / (1 + np.exp(BETA * eps))
    ea, eb = eps[:, None], eps[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        ph = np.where(np.abs(ea - eb) < 1e-12, BETA * f[:, None] * (1 - f[:, None]),
                      (f[None, :] - f[:, None]) / (ea - eb))
        pp = np.where(np.abs(ea + eb) < 1e-12, BETA / 4, (1 - f[:, None] - f[None, :]) / (ea + eb))
    vq = (vecs.T * phases[q_index][None, :]) @ vecs
    lindhard = 2 * np.sum(np.abs(vq) ** 2 * ph) / n
    pair_bubble = np.sum((vecs.T @ vecs) ** 2 * pp) / n
    return float(lindhard), float(pair_bubble)


def trapezoid_weights(n_slices: int) -> np.ndarray:
    """``dtau (f_0/2 + f_1 + ... + f_{L-1} + f_L/2)`` in units of dtau, L + 1 points."""
    w = np.ones(n_slices + 1)
    w[[0, -1]] = 0.5
    return w


def test_u0_susceptibilities_equal_free_fermions():
    model = free_model()
    n = model.n_sites
    options = DQMCOptions(dtau=DTAU, n_warmup=1, n_sweeps=4, bin_size=2, measure_unequal_every=2)
    result = solve_dqmc_chain(model, options, rng=4)
    cluster = model.cluster
    phases = np.exp(1j * cluster.momenta() @ cluster.positions().T)
    # pair form factors, written out here: d = +x +(-x) -y -(-y) neighbours of each cell
    ref = cluster.neighbour_table((0, 0))
    form = np.zeros((cluster.n_cells, n))
    for w, d in zip((1, 1, -1, -1), ((1, 0), (-1, 0), (0, 1), (0, -1)), strict=True):
        np.add.at(form, (np.arange(cluster.n_cells), cluster.neighbour_table(d)), w)
    chi, p_s, p_d, g_tau = np.zeros(len(phases)), 0.0, 0.0, []
    for l, weight in enumerate(trapezoid_weights(30)):       # tau = 0, dtau, ..., beta
        _, g_t0, g_0t = free_greens(model, l * DTAU)
        # <m_i(tau) m_j(0)> = -2 G_ji(0,tau) G_ij(tau,0) at U = 0 (no moments)
        chi += weight * DTAU * np.einsum("qi,ij,qj->q", phases, -2 * g_0t.T * g_t0,
                                         phases.conj()).real / n
        p_s += weight * DTAU * np.sum(g_t0[np.ix_(ref, ref)] ** 2) / cluster.n_cells
        # unsymmetrised pair c_{k up} c_{r dn}: same q = 0 operator as the singlet one
        p_d += weight * DTAU * np.sum((form @ g_t0 @ form.T)
                                      * g_t0[np.ix_(ref, ref)]) / cluster.n_cells
        g_tau.append(np.einsum("qi,ij,qj->q", phases.conj(), g_t0, phases).real / n)
    assert np.allclose(result.values["spin_susceptibility"], chi, rtol=0, atol=1e-8)
    assert result.values["pair_susceptibility_s"] == pytest.approx(p_s, abs=1e-8)
    assert result.values["pair_susceptibility_d"] == pytest.approx(p_d, abs=1e-8)
    assert np.allclose(result.values["green_tau"], g_tau, atol=1e-10)
    assert np.allclose(result.values["tau"], DTAU * np.arange(31))
    assert result.values["spin_susceptibility_error"].max() < 1e-12
    # and the continuous-time bubbles (Lindhard, pair) within the O(dtau^2) rule error
    q_pi = np.argmin(np.linalg.norm(cluster.momenta() - np.pi, axis=1))
    lindhard, pair_bubble = free_bubbles(model, q_pi)
    assert result.values["spin_susceptibility"][q_pi] == pytest.approx(lindhard, abs=DTAU**2)
    assert result.values["pair_susceptibility_s"] == pytest.approx(pair_bubble, abs=DTAU**2)


def test_u0_susceptibilities_converge_at_second_order_in_dtau():
    # At U = 0 the B matrices are exact for every dtau, so the only error is the tau rule.
    # Trapezoid: error ~ c dtau^2, halving dtau divides it by 4. (The rectangle rule
    # dtau sum_{l<L} f_l would leave dtau (f(0) - f(beta))/2 for the pair susceptibility,
    # f(0) = <D D^dag> != f(beta) = <D^dag D>: order 1.)
    model = free_model()
    q_pi = np.argmin(np.linalg.norm(model.cluster.momenta() - np.pi, axis=1))
    lindhard, pair_bubble = free_bubbles(model, q_pi)
    errors = []
    for dtau in (0.2, 0.1, 0.05):
        engine = DQMCEngine(model, DQMCOptions(dtau=dtau), np.random.default_rng(0))
        values = engine.estimators.measure_unequal(engine.displaced_greens(), engine.dtau)
        errors.append((values["spin_susceptibility"][q_pi] - lindhard,
                       values["pair_susceptibility_s"] - pair_bubble))
    errors = np.abs(np.array(errors))
    assert errors[-1].max() < 2e-3
    ratios = errors[:-1] / errors[1:]
    assert np.all((ratios > 3.6) & (ratios < 4.4)), ratios


def test_ed_susceptibility_limits():
    model = HubbardModel.ring(4, U=4.0, temperature=0.5)
    exact = solve_thermal(model)
    # the total moment is conserved: chi(0) = beta S(0)
    assert exact.spin_susceptibility[0] == pytest.approx(2.0 * exact.spin_structure_factor[0],
                                                         rel=1e-10)
    assert exact.spin_susceptibility_pi_pi == pytest.approx(exact.spin_susceptibility[2])
    # and chi(q) <= beta S(q) (the tau-correlation decays from its tau = 0 value)
    assert np.all(exact.spin_susceptibility <= 2.0 * exact.spin_structure_factor + 1e-12)
    assert solve_thermal(model, susceptibility=False).spin_susceptibility is None


def test_resume_is_bit_identical_with_unequal_time_measurements(tmp_path):
    model = HubbardModel.ring(4, U=4.0, temperature=1.0)
    options = DQMCOptions(dtau=0.1, n_warmup=2, n_sweeps=12, bin_size=4, checkpoint_every=5,
                          measure_unequal_every=2)
    whole = solve_dqmc_chain(model, options, rng=9)

    def interrupt(engine):
        if engine.sweeps_done == 8:
            raise KeyboardInterrupt

    path = tmp_path / "chain.npz"
    with pytest.raises(KeyboardInterrupt):
        solve_dqmc_chain(model, options, rng=9, checkpoint=path, callback=interrupt)
    resumed = solve_dqmc_chain(model, options, rng=9, checkpoint=path)
    for name in ("bins_spin_susceptibility", "bins_green_tau", "bins_sign_unequal",
                 "bins_energy"):
        assert np.array_equal(whole.values[name], resumed.values[name]), name
    assert whole.values["bins_green_tau"].shape == (3, 11, 4)


def test_unequal_option_is_validated():
    with pytest.raises(ValueError, match="measure_unequal_every"):
        DQMCOptions(bin_size=10, measure_unequal_every=3)
    off = solve_dqmc_chain(HubbardModel.ring(4, U=2.0, temperature=2.0),
                    DQMCOptions(n_warmup=1, n_sweeps=2, bin_size=1), rng=1)
    assert "spin_susceptibility" not in off.values and off.spin_susceptibility is None


@pytest.mark.slow
def test_ring_chi_pi_agrees_with_ed():
    model = HubbardModel.ring(4, U=4.0, temperature=0.5)
    exact = solve_thermal(model).spin_susceptibility_pi_pi
    # dtau = 0.1: Trotter + tau-rule errors O(dtau^2) ~ 1e-2, below the statistical error
    options = DQMCOptions(dtau=0.1, n_warmup=50, n_sweeps=4000, bin_size=40,
                          measure_unequal_every=1)
    value, error = solve_dqmc_chain(model, options, rng=3).estimate("spin_susceptibility_pi_pi")
    assert 0 < error < 0.05 * exact
    assert abs(value - exact) < 3 * error, (value, error, exact)
