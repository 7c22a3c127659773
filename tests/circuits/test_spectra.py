"""Transmon, Cooper-pair box, fluxonium and rf-SQUID spectra."""

import dataclasses

import numpy as np
import pytest

import cooperlab as cl
from cooperlab.circuits import (
    RFSQUID,
    CooperPairBox,
    Fluxonium,
    SpectrumOptions,
    Transmon,
    solve_charge_dispersion,
    solve_spectrum,
    solve_spectrum_sweep,
    solve_transmon_from_junction,
    solve_wavefunctions,
)


@pytest.mark.parametrize("ratio", [50.0, 200.0])
def test_transmon_approaches_the_oscillator_limit(ratio):
    ec = 0.25
    s = solve_spectrum(Transmon(ratio * ec, ec, ng=0.3, ncut=40))
    plasma = np.sqrt(8 * ratio * ec * ec)
    # Koch et al. (2007) Eq. (2.11): E01 = sqrt(8 EJ EC) - EC + O(EC sqrt(EC / EJ))
    assert abs(s.f01_GHz - (plasma - ec)) < 0.5 * ec / np.sqrt(ratio)
    # the next correction is about -1.1 EC sqrt(EC / EJ) (measured coefficient 1.05 here)
    assert abs(s.anharmonicity_GHz + ec) < 1.5 * ec / np.sqrt(ratio)


def test_exact_second_order_anharmonicity_improves_with_ratio():
    ec = 0.3
    errors = [abs(solve_spectrum(Transmon(r * ec, ec)).anharmonicity_GHz + ec)
              for r in (20.0, 80.0, 320.0)]
    assert errors[0] > errors[1] > errors[2]


def test_charge_dispersion_follows_koch_asymptotics():
    ec = 0.3
    ratios = np.array([20.0, 35.0, 50.0, 70.0])
    eps = np.array([abs(solve_charge_dispersion(Transmon(r * ec, ec, ncut=25), 2).dispersion_GHz)
                    for r in ratios])
    koch = np.array([solve_charge_dispersion(Transmon(r * ec, ec, ncut=25), 2).koch_asymptotic_GHz
                     for r in ratios])
    assert np.all(np.abs(eps[:, 0] / koch[:, 0] - 1) < 0.1)
    assert abs(eps[-1, 0] / koch[-1, 0] - 1) < abs(eps[0, 0] / koch[0, 0] - 1)
    # the exponential: ln(eps / power-law prefactor) against sqrt(8 EJ / EC) has slope -1
    x = np.sqrt(8 * ratios)
    y = np.log(eps[:, 0] / (ratios / 2) ** 0.75)
    assert np.polyfit(x, y, 1)[0] == pytest.approx(-1.0, abs=0.03)
    assert np.all(np.abs(eps[:, 1]) > np.abs(eps[:, 0]))  # higher levels disperse more


def test_transmon_periodic_and_symmetric_in_ng():
    model = Transmon(5.0, 1.0, ncut=20)
    ng = np.linspace(-0.7, 0.7, 15)
    base = solve_spectrum_sweep(model, "ng", ng).energies_GHz
    assert np.allclose(solve_spectrum_sweep(model, "ng", ng + 1).energies_GHz, base, atol=1e-10)
    assert np.allclose(solve_spectrum_sweep(model, "ng", -ng).energies_GHz, base, atol=1e-10)
    assert np.ptp(base[:, 0]) > 1e-2  # the test can see ng dependence


def test_transmon_converged_in_ncut():
    model = Transmon(30.02, 1.2, ng=0.3, ncut=31)
    ref = solve_spectrum(model).energies_GHz
    small = solve_spectrum(dataclasses.replace(model, ncut=6)).energies_GHz
    mid = solve_spectrum(dataclasses.replace(model, ncut=15)).energies_GHz
    assert np.max(np.abs(mid - ref)) < 1e-9
    assert np.max(np.abs(small - ref)) > 1e-6  # too small a basis is visibly wrong
    assert solve_spectrum(model).metadata["convergence"]["converged"]


def test_cooper_pair_box_degeneracy_point():
    cpb = CooperPairBox(EJ=0.5, EC=10.0, ng=0.5)
    s = solve_spectrum(cpb)
    # at ng = 1/2 the charge states 0, 1 are split by E_J (to second order in EJ/EC)
    assert s.f01_GHz == pytest.approx(0.5, rel=1e-3)
    assert s.n_matrix[0, 1] == pytest.approx(0.5, rel=1e-2)


def test_fluxonium_symmetric_about_half_flux():
    model = Fluxonium(8.9, 2.5, 0.5)
    flux = np.array([0.1, 0.3, 0.45])
    left = solve_spectrum_sweep(model, "flux", flux).energies_GHz
    right = solve_spectrum_sweep(model, "flux", 1 - flux).energies_GHz
    assert np.allclose(left, right, atol=1e-9)
    assert np.ptp(left[:, 1] - left[:, 0]) > 0.1


def test_fluxonium_converges_with_basis_and_matches_grid():
    model = Fluxonium(8.9, 2.5, 0.5, flux=0.5, cutoff=110)
    ref = solve_spectrum(model)
    f01 = [solve_spectrum(dataclasses.replace(model, cutoff=c)).f01_GHz for c in (20, 40, 80)]
    errors = np.abs(np.array(f01) - ref.f01_GHz)
    assert errors[0] > errors[1] > errors[2] and errors[2] < 1e-8
    grid = solve_spectrum(model, SpectrumOptions(method="grid", grid_points=401))
    assert np.allclose(grid.energies_GHz, ref.energies_GHz, atol=1e-8)
    assert np.allclose(grid.n_matrix, ref.n_matrix, atol=1e-6)
    assert np.allclose(grid.phi_matrix, ref.phi_matrix, atol=1e-6)
    # published order of magnitude: f01 at half flux is a few hundred MHz for these values
    assert 0.2 < ref.f01_GHz < 0.6


def test_rf_squid_double_well_tunnel_splitting():
    shallow = solve_spectrum(RFSQUID(EJ=20.0, EC=0.5, EL=10.0, flux=0.5))
    deep = solve_spectrum(RFSQUID(EJ=30.0, EC=0.5, EL=10.0, flux=0.5))
    # the lowest doublet splits by tunnelling, exponentially smaller for a higher barrier
    assert deep.f01_GHz < 0.2 * shallow.f01_GHz
    assert shallow.energies_GHz[2] - shallow.energies_GHz[1] > 5 * shallow.f01_GHz
    grid = solve_spectrum(RFSQUID(flux=0.5), SpectrumOptions(method="grid"))
    assert grid.f01_GHz == pytest.approx(shallow.f01_GHz, rel=1e-8)


def test_sweep_over_EJ_matches_cooperlab_sweep(tmp_path):
    model = Transmon(10.0, 0.5, ng=0.2, ncut=15)
    values = np.array([5.0, 10.0, 20.0])
    fast = solve_spectrum_sweep(model, "EJ", values)
    slow = cl.sweep(solve_spectrum, model, EJ=values).to_xarray()
    assert np.allclose(slow["energies_GHz"].values, fast.energies_GHz, atol=1e-12)
    same = cl.load(fast.save(tmp_path / "sweep.nc"))
    assert np.array_equal(same.energies_GHz, fast.energies_GHz)
    assert same.parameter == "EJ"


def test_round_trips_and_wavefunctions(tmp_path):
    s = solve_spectrum(Fluxonium(8.9, 2.5, 0.5))
    same = cl.load(s.save(tmp_path / "s.nc"))
    assert np.array_equal(same.energies_GHz, s.energies_GHz)
    assert same.f01_GHz == s.f01_GHz
    w = solve_wavefunctions(Fluxonium(8.9, 2.5, 0.5), levels=3)
    step = w.phi[1] - w.phi[0]
    assert np.allclose((w.psi**2).sum(axis=0) * step, 1.0, atol=1e-10)
    wt = solve_wavefunctions(Transmon(20.0, 1.0), levels=2)
    assert np.allclose((wt.psi**2).sum(axis=0) * (wt.phi[1] - wt.phi[0]), 1.0, atol=1e-2)
    assert cl.load(w.save(tmp_path / "w.nc")).psi.shape == w.psi.shape


def test_transmon_from_junction_one_call():
    s = solve_transmon_from_junction("Al", rn_ohm=10_000.0, capacitance_fF=80.0, temperature_K=0.02)
    jj = s.metadata["junction"]
    expected = np.sqrt(8 * jj["ej_GHz"] * jj["ec_GHz"]) - jj["ec_GHz"]
    assert s.f01_GHz == pytest.approx(expected, rel=0.01)
    assert 3.0 < s.f01_GHz < 8.0


@pytest.mark.parametrize("make, name", [
    (lambda: Transmon(-1.0, 1.0), "EJ"),
    (lambda: Transmon(1.0, 0.0), "EC"),
    (lambda: Transmon(1.0, 1.0, ncut=0), "ncut"),
    (lambda: Transmon(1.0, 1.0, ng=float("nan")), "ng"),
    (lambda: Fluxonium(1.0, 1.0, -1.0), "EL"),
    (lambda: Fluxonium(1.0, 1.0, 1.0, cutoff=2), "cutoff"),
    (lambda: SpectrumOptions(levels=1), "levels"),
    (lambda: SpectrumOptions(method="magic"), "method"),
    (lambda: solve_spectrum_sweep(Transmon(1.0, 1.0), "nope", [1.0]), "parameter"),
])
def test_bad_inputs_name_the_parameter(make, name):
    with pytest.raises(ValueError, match=name):
        make()


def test_symmetry_folded_sweep_equals_point_by_point():
    from cooperlab.circuits.qubits import charge_qubit_eigensystem

    model = Transmon(EJ=5.0, EC=1.0, ng=0.0, ncut=15)
    ng = np.array([-1.3, -0.7, -0.25, 0.0, 0.25, 0.3, 0.7, 1.7, 2.5])
    folded, _ = charge_qubit_eigensystem(model, ng, 4, vectors=False)
    single = np.array([charge_qubit_eigensystem(model, np.array([x]), 4, vectors=False)[0][0]
                       for x in ng])
    np.testing.assert_allclose(folded, single, atol=1e-9)
    assert not np.allclose(folded[2], folded[5])  # different |n_g| stay different


def test_spectrum_plot_is_a_level_diagram():
    import matplotlib

    matplotlib.use("Agg")
    spectrum = cl.circuits.solve_spectrum(Transmon(30.0, 1.2), SpectrumOptions(levels=4))
    ax = cl.plot(spectrum)
    levels = sorted(segment[0][1] for segment in ax.collections[0].get_segments())
    assert levels == pytest.approx(spectrum.energies_GHz - spectrum.energies_GHz[0])
