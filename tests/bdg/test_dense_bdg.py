"""Real-space BdG by full diagonalisation.

* Clean uniform limit: the real-space gap equals the k-space BCS gap of the same lattice and
  momentum mesh (``pairing.bcs.uniform_gap``) to 1e-8; at half filling the BdG spectral gap
  equals Delta, and with the Hartree term the pseudospin SU(2) symmetry of the attractive
  Hubbard model makes sqrt(Delta^2 + (|U| delta_n / 2)^2) the same from a random start
  (a mixture of superconductor and charge-density wave).
* Anderson's theorem: weak box disorder leaves the s-wave spectral gap nearly unchanged but
  suppresses the d-wave order parameter.
* A classical magnetic impurity binds Yu-Shiba-Rusinov states at +-E_b inside the gap, moving
  towards zero as the exchange grows.
* The LDOS integrates to 2 states per site.
"""

import dataclasses

import numpy as np
import pytest

import cooperlab as cl
from cooperlab.bdg.dense import BdGOptions, local_density_of_states, solve_bdg
from cooperlab.bdg.model import BdGModel, Disorder
from cooperlab.lattice import square_lattice
from cooperlab.pairing.bcs import BandPairingData, uniform_gap

LATTICE = square_lattice()


@pytest.mark.parametrize(("mu", "temperature"), [(-0.5, 0.0), (-1.0, 0.05)])
def test_uniform_gap_equals_the_k_space_solution(mu, temperature):
    cluster = LATTICE.cluster((12, 12))
    state = solve_bdg(BdGModel(cluster, U=-2.0, mu=mu, temperature=temperature),
                      BdGOptions(tolerance=1e-11))
    data = BandPairingData(LATTICE.bands(cluster.momenta()), 0, degeneracy=2)
    expected, _ = uniform_gap(data, 2.0, temperature, mu=mu)
    assert expected > 0.1
    np.testing.assert_allclose(state.gap.real, expected, atol=1e-8)
    assert state.metadata["convergence"]["converged"]


def test_half_filling_spectral_gap_and_pseudospin_symmetry():
    cluster = LATTICE.cluster((8, 8))
    uniform = solve_bdg(BdGModel(cluster, U=-2.0, mu=0.0, hartree=True),
                        BdGOptions(tolerance=1e-10))
    delta = float(uniform.gap.real.mean())
    assert np.ptp(uniform.density) < 1e-8  # no charge-density wave from a uniform start
    assert uniform.spectral_gap == pytest.approx(delta, rel=1e-6)
    mixed = solve_bdg(BdGModel(cluster, U=-2.0, mu=0.0, hartree=True),
                      BdGOptions(initial="random", seed=5, tolerance=1e-10,
                                 max_iterations=600))
    positions = cluster.positions()
    stagger = (-1.0) ** (positions[:, 0] + positions[:, 1])
    cdw = abs(float(np.mean(stagger * (mixed.density - 1))))
    assert cdw > 0.01  # a genuine mixture (0.022 here), not the pure superconductor
    magnitude = np.sqrt(np.abs(mixed.gap.mean()) ** 2 + (2.0 * cdw / 2) ** 2)
    assert magnitude == pytest.approx(delta, rel=1e-4)


def test_andersons_theorem_s_wave_versus_d_wave():
    cluster = LATTICE.cluster((12, 12))
    ratios = {}
    for channel, interaction in (("s", {"U": -2.0}), ("d", {"U": 0.0, "V": -1.5})):
        clean = solve_bdg(BdGModel(cluster, mu=-0.4, **interaction))
        dirty = [solve_bdg(BdGModel(cluster, mu=-0.4, disorder=Disorder("box", 2.5, seed),
                                    **interaction)) for seed in (1, 2)]
        if channel == "s":
            ratios[channel] = np.mean([d.spectral_gap for d in dirty]) / clean.spectral_gap
        else:
            ratios[channel] = np.mean([np.abs(d.d_wave_gap.mean()) for d in dirty]) / abs(
                clean.d_wave_gap.mean())
    # box disorder of width 2.5 t (seed 1): the s-wave spectral gap keeps 0.87 of its clean
    # value (the s-wave gap itself 0.97); the d-wave order parameter falls to 0.63
    assert ratios["s"] > 0.8
    assert ratios["d"] < 0.75
    assert ratios["d"] < ratios["s"] - 0.2


def test_yu_shiba_rusinov_pair_moves_to_zero_with_exchange():
    # In the Nambu basis (c_up, c^dag_down) the bound state is one level E_b inside the gap;
    # its particle-hole partner -E_b sits in the other spin sector and shows up in the LDOS
    # through the v weights. E_b falls with J and crosses zero (the ground state changes
    # fermion parity) near J = 1.9 t here.
    cluster = LATTICE.cluster((14, 14))
    centre = 7 * 14 + 7
    host_gap = 0.4
    bound = []
    for exchange in (0.5, 1.0, 1.5, 2.5):
        field = np.zeros(cluster.n_sites)
        field[centre] = exchange
        model = BdGModel(cluster, U=-2.0, mu=-0.5, exchange=field)
        state = solve_bdg(model, BdGOptions(self_consistent=False, initial_gap=host_gap))
        inside = state.energies[np.abs(state.energies) < 0.95 * host_gap]
        assert inside.size == 1
        bound.append(float(inside[0]))
        if exchange == 1.0:
            grid = np.array([-inside[0], inside[0]])
            peaks = local_density_of_states(model, state, [centre], grid, 0.01)[0]
            assert peaks.min() > 1.0  # a peak at +E_b and at -E_b (u and v weights)
    assert bound[0] > bound[1] > bound[2] > 0 > bound[3]


def test_yu_shiba_rusinov_level_crosses_zero_at_alpha_one():
    # The exchange convention of BdGModel: -J (n_up - n_down), J = J S of a classical spin.
    # With alpha = pi N_0 J the bound state is E_b = Delta (1 - alpha^2) / (1 + alpha^2)
    # (Shiba 1968), zero at alpha = 1. On the lattice the T-matrix gives the crossing exactly
    # at J a_1 = 1 for a particle-hole symmetric host, a_1 = (1/N) sum_k Delta / (xi^2 +
    # Delta^2) = pi N_0 smoothed over Delta (half filling, 14 x 14 periodic, Delta = 0.4 t:
    # a_1 = 0.6161, J_c = 1.6230 t).
    from scipy.optimize import brentq

    cluster = LATTICE.cluster((14, 14))
    centre = 7 * 14 + 7
    host_gap = 0.4
    xi = LATTICE.bands(cluster.momenta()).ravel()            # mu = 0
    pi_n0 = float(np.mean(host_gap / (xi**2 + host_gap**2)))
    assert abs(np.mean(xi / (xi**2 + host_gap**2))) < 1e-12  # particle-hole symmetric

    def level(alpha):
        field = np.zeros(cluster.n_sites)
        field[centre] = alpha / pi_n0
        state = solve_bdg(BdGModel(cluster, U=-2.0, mu=0.0, exchange=field),
                          BdGOptions(self_consistent=False, initial_gap=host_gap))
        inside = state.energies[np.abs(state.energies) < 0.95 * host_gap]
        assert inside.size == 1
        return float(inside[0])

    crossing = brentq(level, 0.5, 2.0, xtol=1e-12)
    assert crossing == pytest.approx(1.0, abs=1e-9)
    for alpha in (0.3, 0.6, 0.9, 1.2, 1.8):
        shiba = host_gap * (1 - alpha**2) / (1 + alpha**2)
        # the lattice DOS is not flat (van Hove peak at E_F): within 0.1 Delta of Shiba
        bound = level(alpha)
        assert bound == pytest.approx(shiba, abs=0.1 * host_gap)
        assert np.sign(bound) == np.sign(1 - alpha)


def test_ldos_sum_rule_and_round_trip(tmp_path):
    cluster = LATTICE.cluster((8, 8))
    model = BdGModel(cluster, U=-2.0, mu=-0.3, disorder=Disorder("gaussian", 0.5, 4))
    state = solve_bdg(model)
    grid = np.linspace(-8, 8, 8001)
    ldos = local_density_of_states(model, state, [0, 5, 17], grid, 0.05)
    np.testing.assert_allclose(np.trapezoid(ldos, grid, axis=1), 2.0, atol=1e-6)
    same = cl.load(state.save(tmp_path / "bdg.nc"))
    np.testing.assert_array_equal(same.gap, state.gap)


@pytest.mark.parametrize(("kwargs", "name"), [
    ({"mu": None}, "mu"), ({"filling": 2.5, "mu": None}, "filling"),
    ({"potential": np.zeros(3)}, "potential"),
])
def test_bad_input_names_the_parameter(kwargs, name):
    with pytest.raises(ValueError, match=name):
        BdGModel(LATTICE.cluster((4, 4)), **kwargs)


def test_model_from_spec_and_rebuilt_from_a_saved_state(tmp_path):
    model = BdGModel.from_spec("square:6x6", t_prime=-0.2, U=-2.5, filling=0.9,
                               disorder="gaussian:0.5", disorder_seed=4)
    assert model.n_sites == 36 and model.mu is None and model.filling == 0.9
    assert model.disorder == Disorder("gaussian", 0.5, 4)
    assert BdGModel.from_spec("chain:8").mu == 0.0  # neither mu nor filling: mu = 0
    state = cl.load(solve_bdg(model, BdGOptions(max_iterations=3)).save(tmp_path / "s.nc"))
    again = BdGModel.from_saved(state)
    assert again.spec == model.spec
    np.testing.assert_array_equal(again.onsite_potential(), model.onsite_potential())
    np.testing.assert_array_equal(again.cluster.hopping_matrix(), model.cluster.hopping_matrix())
    # Files of the first CLI kept the same keywords as "cli_model" (the seed as "seed").
    state.metadata["bdg_model"]["spec"] = None
    state.metadata["cli_model"] = {**model.spec, "seed": 4}
    del state.metadata["cli_model"]["disorder_seed"]
    assert BdGModel.from_saved(state).spec == model.spec
    # A changed model is no longer described by its spec, so it cannot be rebuilt wrongly.
    assert dataclasses.replace(model, U=-3.0).spec is None
    with pytest.raises(ValueError, match="no model spec"):
        BdGModel.from_saved(solve_bdg(dataclasses.replace(model, U=-3.0),
                                      BdGOptions(max_iterations=1)))
    with pytest.raises(ValueError, match="disorder must be box:W or gaussian:W"):
        BdGModel.from_spec("square:4x4", disorder="cube:1")
