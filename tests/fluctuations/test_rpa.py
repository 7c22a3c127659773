"""RPA spin/charge susceptibilities, Stoner criterion and critical U."""

import numpy as np
import pytest

import cooperlab
from cooperlab.fluctuations import (
    RPAModel,
    chi0_mesh,
    critical_u,
    physical,
    rpa_mesh,
    solve_chi0,
    solve_rpa,
    solve_stoner,
    stoner_u_c,
)
from cooperlab.fluctuations.kanamori import KanamoriInteraction
from cooperlab.lattice import PNICTIDE2_MU, pnictide2_lattice, square_lattice


def test_half_filling_u_c_is_the_mean_field_neel_condition():
    temperature, n_mesh = 0.1, 16
    model = RPAModel(square_lattice(1.0), temperature, mu=0.0, n_mesh=n_mesh)
    result = solve_stoner(model)
    xi = model.band_mesh().xi[..., 0]
    safe = np.where(np.abs(xi) < 1e-12, 1.0, xi)
    kernel = np.where(np.abs(xi) < 1e-12, 1 / (4 * temperature),
                      np.tanh(safe / (2 * temperature)) / (2 * safe))
    assert result.U_c == pytest.approx(1 / kernel.mean(), rel=1e-12)   # 1 = U (1/N) sum ...
    assert result.q_c == pytest.approx((np.pi, np.pi))
    assert result.summary()["filling"] == pytest.approx(1.0, abs=1e-12)


def test_rpa_just_below_u_c_is_dominated_by_the_nesting_vector():
    n_mesh = 16
    base = RPAModel(square_lattice(1.0), 0.1, mu=0.0, n_mesh=n_mesh)
    u_c = solve_stoner(base).U_c
    result = solve_rpa(RPAModel(square_lattice(1.0), 0.1, U=0.98 * u_c, mu=0.0, n_mesh=n_mesh))
    qx, qy, peak = result.peak()
    assert (qx, qy) == pytest.approx((np.pi, np.pi))
    chi0_q = result.chi0_physical[n_mesh // 2, n_mesh // 2]
    assert peak == pytest.approx(chi0_q / (1 - 0.98 * u_c * chi0_q), rel=1e-10)  # = 50 chi0
    others = np.sort(result.chi_spin_physical.ravel())[-2]
    assert peak > 5 * others
    assert np.max(result.stoner) == pytest.approx(0.98, rel=1e-10)
    with pytest.raises(ValueError, match="beyond the RPA instability"):
        solve_rpa(RPAModel(square_lattice(1.0), 0.1, U=1.01 * u_c, mu=0.0, n_mesh=n_mesh))


def test_multiorbital_u_c_at_fixed_j_over_u_and_spin_charge_vertices():
    lattice = pnictide2_lattice()
    model = RPAModel(lattice, 0.12, U=1.0, J=0.25, mu=PNICTIDE2_MU, n_mesh=12)
    result = solve_stoner(model)
    chi0 = chi0_mesh(model.band_mesh())[0]
    # at U = 0.9 U_c (same J/U) the largest eigenvalue of chi0 U^s is exactly 0.9
    inter = KanamoriInteraction(0.9 * result.U_c, 0.25 * 0.9 * result.U_c)
    eig = np.linalg.eigvals(chi0 @ inter.spin_vertex(2)).real.max()
    assert eig == pytest.approx(0.9, rel=1e-10)
    # spin susceptibility exceeds the bare one, the charge one is reduced (U' = U - 2J)
    rpa = solve_rpa(RPAModel(lattice, 0.12, U=0.9 * result.U_c, J=0.225 * result.U_c,
                             mu=PNICTIDE2_MU, n_mesh=12))
    assert np.all(rpa.chi_spin_physical > rpa.chi0_physical)
    assert np.all(rpa.chi_charge_physical < rpa.chi0_physical)
    # stripe order: the spin peak sits at (pi, 0) / (0, pi) for the two-orbital model
    qx, qy, _ = rpa.peak()
    assert {round(qx / np.pi, 6), round(qy / np.pi, 6)} == {1.0, 0.0}
    # one orbital: every Kanamori term collapses to U, chi_s = chi0 / (1 - U chi0)
    one = critical_u(chi0[..., :1, :1], KanamoriInteraction(1.0, 0.3), 1)
    assert one["U_c"] == pytest.approx(1 / chi0[..., 0, 0].real.max())


def test_rpa_mesh_shapes_for_the_pairing_vertex():
    model = RPAModel(pnictide2_lattice(), 0.12, U=0.5, J=0.1, mu=PNICTIDE2_MU, n_mesh=8)
    chi_s, chi_c = rpa_mesh(model)
    assert chi_s.shape == chi_c.shape == (8, 8, 4, 4)
    assert np.abs(physical(chi_s, 2).imag).max() < 1e-12


def test_results_round_trip_and_sweep(tmp_path):
    model = RPAModel(square_lattice(1.0, -0.3), 0.2, U=1.0, mu=-0.3, n_mesh=8)
    for result in (solve_rpa(model), solve_stoner(model), solve_chi0(model)):
        again = cooperlab.load(result.save(tmp_path / f"{type(result).__name__}.nc"))
        assert type(again) is type(result)
        for name in result.VARIABLES:
            assert np.allclose(getattr(again, name), getattr(result, name))
    swept = cooperlab.sweep(stoner_u_c, RPAModel(pnictide2_lattice(), 0.12, U=1.0,
                                                 mu=PNICTIDE2_MU, n_mesh=8),
                            J=[0.0, 0.2]).to_xarray()
    values = swept["stoner_u_c"].values
    assert values.shape == (2,) and np.all(np.isfinite(values))
    assert values[0] != pytest.approx(values[1])     # Hund coupling moves U_c


def test_model_validation_names_the_parameter():
    with pytest.raises(ValueError, match="mu and filling"):
        RPAModel(square_lattice(), 0.1, n_mesh=8)
    with pytest.raises(ValueError, match="temperature"):
        RPAModel(square_lattice(), -0.1, mu=0.0)


def test_orbital_channel_wins_when_u_prime_exceeds_u():
    lattice = pnictide2_lattice()
    hund = solve_stoner(RPAModel(lattice, 0.125, U=1.0, J=0.25, mu=PNICTIDE2_MU, n_mesh=16))
    assert hund.U_c < hund.U_c_charge                    # U' = U - 2J: spin fluctuations
    orbital = solve_stoner(RPAModel(lattice, 0.125, U=1.0, J=0.0, U_prime=1.5, J_prime=0.0,
                                    mu=PNICTIDE2_MU, n_mesh=16))
    assert orbital.U_c_charge < orbital.U_c              # U' > U: orbital (charge) order first
    assert hund.metadata["convergence"]["relative_change"] < 0.2
    # just below the orbital instability the ferro-orbital (n_xz - n_yz, nematic)
    # susceptibility is enhanced ~ 1/(1 - 0.95) at the smallest q of the mesh
    u = 0.95 * orbital.U_c_charge
    rpa = solve_rpa(RPAModel(lattice, 0.125, U=u, J=0.0, U_prime=1.5 * u, J_prime=0.0,
                             mu=PNICTIDE2_MU, n_mesh=16))
    bare = chi0_mesh(RPAModel(lattice, 0.125, mu=PNICTIDE2_MU, n_mesh=16).band_mesh())[0]
    v = np.array([1.0, 0.0, 0.0, -1.0]) / np.sqrt(2)          # pairs (xz,xz) and (yz,yz)
    polar = np.einsum("i,xyij,j->xy", v, rpa.chi_charge, v).real
    polar0 = np.einsum("i,xyij,j->xy", v, bare, v).real
    i, j = np.unravel_index(np.argmax(polar), polar.shape)
    assert min(i, 16 - i) <= 1 and min(j, 16 - j) <= 1
    assert polar.max() > 15 * polar0.max()
    assert np.max(rpa.chi_charge_physical) < 1.01 * np.max(rpa.chi0_physical)


def test_dynamic_rpa_one_band_and_odd_spectral_weight(tmp_path):
    from cooperlab.fluctuations import solve_dynamic

    model = RPAModel(square_lattice(1.0, -0.2), 0.1, U=1.5, mu=-0.2, n_mesh=16)
    omega = np.array([-0.5, -0.1, 0.1, 0.5])
    result = solve_dynamic(model, [[np.pi, np.pi], [np.pi / 2, 0.0]], omega, eta=0.05)
    chi0 = result.chi0[..., 0, 0]
    assert np.abs(result.chi_spin[..., 0, 0] - chi0 / (1 - 1.5 * chi0)).max() < 1e-13
    spectral = result.chi_spin_physical.imag
    assert np.abs(spectral + spectral[:, ::-1]).max() < 1e-12
    assert np.all(spectral[:, 2:] > 0)
    again = cooperlab.load(result.save(tmp_path / "dyn.nc"))
    assert np.allclose(again.chi_spin, result.chi_spin)


def test_two_decoupled_copies_hund_coupling_adds_to_u():
    # two identical, uncoupled square-lattice orbitals: chi0_{ab,cd} = delta_ac delta_bd chi0,
    # the aa,bb spin vertex is J, so sum_ab chi^s_{aa,bb} = 2 chi0 / (1 - (U + J) chi0)
    from cooperlab.lattice import Hopping, Lattice, Orbital

    hops = [Hopping(-1.0, a, a, d) for a in (0, 1) for d in ((1, 0), (0, 1))]
    lattice = Lattice(((1.0, 0.0), (0.0, 1.0)), (Orbital("a", (0.0, 0.0)),
                                                 Orbital("b", (0.0, 0.0))), tuple(hops))
    model = RPAModel(lattice, 0.2, U=1.0, J=0.3, mu=-0.5, n_mesh=8)
    one = RPAModel(square_lattice(1.0), 0.2, mu=-0.5, n_mesh=8)
    chi0 = chi0_mesh(one.band_mesh())[0, ..., 0, 0].real
    rpa = solve_rpa(model)
    assert rpa.chi_spin_physical == pytest.approx(2 * chi0 / (1 - 1.3 * chi0), rel=1e-10)
    # charge: U^c_{aa,bb} = 2U' - J with U' = U - 2J = 0.4: 2 chi0 / (1 + (U + 2U' - J) chi0)
    assert rpa.chi_charge_physical == pytest.approx(2 * chi0 / (1 + 1.5 * chi0), rel=1e-10)
    assert solve_stoner(model).U_c == pytest.approx(1 / (1.3 * chi0.max()), rel=1e-10)
