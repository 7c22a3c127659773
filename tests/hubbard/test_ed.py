"""Exact diagonalisation: published/pinned numbers, the atomic limit, U = 0."""

import numpy as np
import pytest

from cooperlab.hubbard import HubbardModel, solve_ground_state, solve_thermal
from cooperlab.hubbard.ed import build_sector, configurations
from cooperlab.lattice import square_lattice
from cooperlab.results import Convergence, load


@pytest.mark.slow
def test_ground_state_3x4_open_u8():
    # Pinned by issue 7: 3 x 4 open-boundary Hubbard, U = 8, t = 1, 6 up + 6 down.
    model = HubbardModel.square(3, 4, boundary="open", U=8.0)
    result = solve_ground_state(model, 6, 6)
    assert result.ground_state_energy == pytest.approx(-4.913259209075605, abs=1e-9)
    assert result.density == pytest.approx(1.0)


def test_thermal_four_site_ring_pinned_values():
    # Issue 7: 4-site ring, t = 1, U = 4, beta = 2, mu = 0 (half filling).
    result = solve_thermal(HubbardModel.ring(4, U=4.0, temperature=0.5))
    assert result.energy_per_site == pytest.approx(-0.368155, abs=1e-6)
    assert result.double_occupancy == pytest.approx(0.087316, abs=1e-6)
    assert result.spin_structure_factor_pi_pi == pytest.approx(1.390347, abs=1e-6)
    assert result.density == pytest.approx(1.0, abs=1e-12)


def test_thermal_free_fermions_match_fermi_function():
    model = HubbardModel(square_lattice(t=1.0, t_prime=-0.3), (2, 2), "periodic", U=0.0,
                         mu=0.4, temperature=1 / 3.0)
    result = solve_thermal(model)
    eps = np.linalg.eigvalsh(model.hopping_matrix())
    f = 1 / (np.exp(3.0 * (eps - 0.4)) + 1)
    assert result.density == pytest.approx(2 * f.sum() / 4, abs=1e-12)
    assert result.kinetic_energy_per_site == pytest.approx(2 * (f @ eps) / 4, abs=1e-12)
    assert result.double_occupancy == pytest.approx((f.sum() / 4) ** 2, abs=1e-12)


def test_thermal_atomic_limit_closed_forms():
    U, mu, beta = 3.0, 0.7, 1.3
    model = HubbardModel(square_lattice(t=0.0), (2, 1), "open", U=U, mu=mu, temperature=1 / beta)
    result = solve_thermal(model)
    z = 1 + 2 * np.exp((U / 2 + mu) * beta) + np.exp(2 * mu * beta)
    assert result.density == pytest.approx(2 * (np.exp((U / 2 + mu) * beta)
                                                + np.exp(2 * mu * beta)) / z, abs=1e-12)
    assert result.double_occupancy == pytest.approx(np.exp(2 * mu * beta) / z, abs=1e-12)


def test_sector_hamiltonian_is_hermitian_and_fermion_signs_matter():
    model = HubbardModel.ring(4, U=2.0)
    sector = build_sector(model, 2, 1)
    h = sector.hamiltonian.toarray()
    assert np.allclose(h, h.T)
    # two up fermions on a periodic 4-ring: sums of two distinct -2cos(k), k = 2 pi m / 4.
    # Without the Jordan-Wigner sign of the wrapping bond the spectrum would be the
    # antiperiodic one, k = pi (2m + 1) / 4, which differs.
    two = build_sector(HubbardModel.ring(4, U=0.0), 2, 0).hamiltonian.toarray()
    k = 2 * np.pi * np.arange(4) / 4
    e = -2 * np.cos(k)
    pairs = sorted(e[a] + e[b] for a in range(4) for b in range(a + 1, 4))
    assert np.allclose(np.linalg.eigvalsh(two), pairs)
    assert configurations(4, 2).tolist() == [3, 5, 6, 9, 10, 12]


def test_ed_result_round_trip(tmp_path):
    result = solve_thermal(HubbardModel.ring(4, U=4.0, temperature=1.0))
    same = load(result.save(tmp_path / "ed.nc"))
    assert same.energy_per_site == pytest.approx(result.energy_per_site)
    assert np.allclose(same.spin_structure_factor, result.spin_structure_factor)
    assert same.metadata["model"]["U"] == 4.0


@pytest.mark.slow
def test_ed_convergence_is_typed_and_survives_save_load(tmp_path):
    thermal = solve_thermal(HubbardModel.ring(4, U=4.0, temperature=1.0))
    verdict = thermal.convergence
    assert isinstance(verdict, Convergence)
    assert verdict.passed and verdict.criterion == "complete diagonalisation"
    assert verdict.discretisation["states"] == 4**4
    assert verdict.discretisation["largest_block"] == thermal.metadata["largest_block"]
    assert load(thermal.save(tmp_path / "ed.nc")).convergence == verdict
    ground = solve_ground_state(HubbardModel.square(3, 4, boundary="open", U=8.0), 6, 6)
    lanczos = ground.convergence
    assert lanczos.passed and "Lanczos" in lanczos.criterion
    assert lanczos.discretisation["sector_dimension"] == ground.metadata["sector_dimension"]
    assert lanczos.achieved < 1e-6


@pytest.mark.parametrize("kwargs, word", [
    ({"U": -1.0}, "U"), ({"temperature": 0.0}, "temperature"), ({"mu": float("inf")}, "mu"),
    ({"U": (1.0, 2.0)}, "U"),
])
def test_model_rejects_bad_input(kwargs, word):
    with pytest.raises(ValueError, match=word):
        HubbardModel(square_lattice(), (2, 2), **kwargs)


def test_thermal_refuses_large_clusters():
    with pytest.raises(ValueError, match="n_sites"):
        solve_thermal(HubbardModel.square(4, 4, temperature=1.0))


def test_thermal_chi_equals_direct_lehmann_sum_over_all_sectors():
    # solve_thermal diagonalises N_up <= N_dn only and evaluates q and -q once, with real
    # cos / sin operators; here every sector and every q the plain complex way.
    from cooperlab.hubbard.ed import lehmann_weights

    beta = 2.0
    model = HubbardModel(square_lattice(t=1.0, t_prime=-0.2), (2, 3), "periodic", U=3.0,
                         mu=-0.4, temperature=1 / beta)
    n = model.n_sites
    phases = np.exp(1j * model.cluster.momenta() @ model.cluster.positions().T)
    spectra = []
    for a in range(n + 1):
        for b in range(n + 1):
            sector = build_sector(model, a, b)
            spectra.append((sector, *np.linalg.eigh(sector.hamiltonian.toarray())))
    e_min = min(values[0] for _, values, _ in spectra)
    total, z = np.zeros(len(phases)), 0.0
    for sector, values, vectors in spectra:
        e = values - e_min
        z += np.exp(-beta * e).sum()
        moment = (sector.up[:, None, :] - sector.dn[None, :, :]).reshape(-1, n)
        for k, phase in enumerate(phases):
            elements = vectors.T @ ((moment @ phase)[:, None] * vectors)
            total[k] += np.sum(np.abs(elements) ** 2 * lehmann_weights(e, e, beta))
    result = solve_thermal(model, pairs=False)
    assert np.allclose(result.spin_susceptibility, total / z / n, rtol=1e-12, atol=1e-14)
    assert len(set(np.round(result.spin_susceptibility, 10))) == 4      # q and -q pairs
