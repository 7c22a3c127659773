"""Pair observables: finite-temperature ED (Lehmann, all particle-number sectors) against
closed forms and against DQMC, at U = 0 exactly and at finite U after dtau extrapolation."""

import numpy as np
import pytest

from cooperlab.hubbard import (
    DQMCEngine,
    DQMCOptions,
    HubbardModel,
    extrapolate_dtau,
    solve_dqmc_chain,
    solve_thermal,
)
from cooperlab.lattice import square_lattice

PAIRS = ("s", "d", "extended_s")


def cluster_2x3(U: float) -> HubbardModel:
    # 6 sites, t' = -0.2, doped away from the particle-hole symmetric point
    return HubbardModel(square_lattice(t=1.0, t_prime=-0.2), (2, 3), "periodic", U=U,
                        mu=-0.6, temperature=1 / 3.0)


def test_atomic_limit_pair_observables():
    # t = 0: sites are independent, <D_c> = 0, so only c = c' survives. In the convention
    # H = U (n_up - 1/2)(n_dn - 1/2) - mu n the levels are E_0 = U/4 (empty),
    # E_1 = -U/4 - mu (twice), E_2 = U/4 - 2 mu; with D = c_dn c_up:
    #   <D D^dag> = P_0 = 1 - n + d,
    #   int_0^beta <D(tau) D^dag> = (e^{-beta E_2} - e^{-beta E_0}) / ((E_0 - E_2) Z).
    U, mu, beta = 3.0, 0.7, 1.3
    model = HubbardModel(square_lattice(t=0.0), (2, 2), "open", U=U, mu=mu, temperature=1 / beta)
    result = solve_thermal(model)
    e0, e1, e2 = U / 4, -U / 4 - mu, U / 4 - 2 * mu
    z = np.exp(-beta * e0) + 2 * np.exp(-beta * e1) + np.exp(-beta * e2)
    p0 = np.exp(-beta * e0) / z
    assert result.pair_s == pytest.approx(p0, rel=1e-12)
    assert result.pair_s == pytest.approx(1 - result.density + result.double_occupancy,
                                          rel=1e-12)
    chi = (np.exp(-beta * e2) - np.exp(-beta * e0)) / ((e0 - e2) * z)
    assert result.pair_susceptibility_s == pytest.approx(chi, rel=1e-12)


def test_u0_equal_time_pairs_equal_dqmc_exactly():
    # At U = 0 one DQMC configuration is the free system: its Wick estimators are exact.
    model = cluster_2x3(0.0)
    exact = solve_thermal(model)
    engine = DQMCEngine(model, DQMCOptions(dtau=0.1), np.random.default_rng(0))
    green = engine.exp_half @ engine.green_from_scratch() @ engine.exp_half_inv
    values = engine.estimators.measure(green)
    for name in PAIRS:
        assert float(values[f"pair_{name}"]) == pytest.approx(getattr(exact, f"pair_{name}"),
                                                              abs=1e-12), name
    assert exact.pair_d > 0.1


def test_u0_pair_susceptibilities_converge_to_ed_at_second_order():
    model = cluster_2x3(0.0)
    exact = solve_thermal(model)
    errors = []
    for dtau in (0.1, 0.05):
        engine = DQMCEngine(model, DQMCOptions(dtau=dtau), np.random.default_rng(0))
        values = engine.estimators.measure_unequal(engine.displaced_greens(), engine.dtau)
        errors.append([float(values[f"pair_susceptibility_{p}"])
                       - getattr(exact, f"pair_susceptibility_{p}") for p in PAIRS])
    errors = np.abs(errors)
    assert errors[1].max() < 1e-2
    assert np.all((errors[0] / errors[1] > 3.6) & (errors[0] / errors[1] < 4.4)), errors


def test_ed_pairs_are_optional_and_round_trip(tmp_path):
    from cooperlab.results import load

    model = HubbardModel.ring(4, U=4.0, temperature=0.5)
    assert solve_thermal(model, pairs=False).pair_s is None
    result = solve_thermal(model)
    assert result.pair_d is None and result.pair_s > 0        # 1-D: no d-wave form factor
    same = load(result.save(tmp_path / "ed.nc"))
    assert same.pair_susceptibility_s == pytest.approx(result.pair_susceptibility_s)
    assert "pair_susceptibility_s" in result.summary()


@pytest.mark.slow
def test_finite_u_pairs_agree_with_ed_after_dtau_extrapolation():
    # U = 4, beta = 3, <n> = 1.017, t' = -0.2 (sign ~0.98): DQMC at dtau = 0.2 and 0.1,
    # extrapolated as O_0 + a dtau^2, against the Lehmann sums of the full ED.
    model = cluster_2x3(4.0)
    exact = solve_thermal(model)
    dtaus = (0.2, 0.1)
    runs = [solve_dqmc_chain(model, DQMCOptions(dtau=dt, n_warmup=50, n_sweeps=1500, bin_size=20,
                                         measure_unequal_every=2), rng=21 + i, progress=False)
            for i, dt in enumerate(dtaus)]
    names = ("double_occupancy", *(f"pair_{p}" for p in PAIRS),
             *(f"pair_susceptibility_{p}" for p in PAIRS))
    for name in names:
        raw = [r.estimate(name) for r in runs]
        value, error = extrapolate_dtau(dtaus, [v for v, _ in raw], [e for _, e in raw])
        reference = getattr(exact, name)
        assert error < 0.12 * abs(reference), (name, error, reference)
        assert abs(value - reference) < 3 * error, (name, value, error, reference)
    # the Trotter shift is resolved: at dtau = 0.2 P_s is many error bars off the ED value
    value, error = runs[0].estimate("pair_s")
    assert abs(value - exact.pair_s) > 5 * error
