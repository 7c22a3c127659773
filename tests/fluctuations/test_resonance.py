"""Spin resonance of s+- versus s++ superconductors (Maier & Scalapino, PRB 78, 020514
(2008); Korshunov & Eremin, PRB 78, 140509 (2008); Christianson et al., Nature 456, 930
(2008))."""

import numpy as np
import pytest

import cooperlab
from cooperlab.fluctuations.chi0 import chi0_real_frequency, physical
from cooperlab.fluctuations.electrons import band_mesh
from cooperlab.fluctuations.resonance import (
    BA_K_FE2AS2_RESONANCE_MEV,
    BA_K_FE2AS2_U,
    ResonanceModel,
    ResonanceOptions,
    ba_k_fe2as2_model,
    bare_spin_susceptibility_sc,
    solve_spin_resonance,
)

FAST = ResonanceOptions(n_mesh=160, n_omega=120)


@pytest.fixture(scope="module")
def states():
    """The default model with a sign-changing gap and with the same |Delta| unchanged."""
    return {gap: solve_spin_resonance(ResonanceModel(gap=gap), FAST) for gap in ("s+-", "s++")}


def test_zero_gap_is_the_normal_state_lindhard_function():
    model = ResonanceModel(gap_amplitude=0.0, temperature=0.05)
    omega = np.array([-0.3, 0.0, 0.05, 0.4])
    got = bare_spin_susceptibility_sc(model, omega, 0.02, 16)
    bands = band_mesh(model.lattice, 16, model.temperature, mu=model.mu)
    normal = chi0_real_frequency(model.lattice, bands, [np.pi, 0.0], omega, 0.02)[0]
    assert np.allclose(got, normal, atol=1e-12, rtol=0)


def test_absorption_is_odd_in_frequency_and_real_part_even():
    model = ResonanceModel(temperature=0.02)
    omega = np.array([0.05, 0.12, 0.2])
    plus = physical(bare_spin_susceptibility_sc(model, omega, 0.01, 24), 2)
    minus = physical(bare_spin_susceptibility_sc(model, -omega, 0.01, 24), 2)
    assert np.allclose(minus.imag, -plus.imag, atol=1e-12)
    assert np.allclose(minus.real, plus.real, atol=1e-12)


def test_coherence_factors_open_the_edge_for_s_plus_minus_only(states):
    spm, spp = states["s+-"], states["s++"]
    assert spm.omega_c == pytest.approx(spp.omega_c)       # same |Delta(k)|
    eta = spm.metadata["eta"]
    deep = spm.omega < spm.omega_c - 4 * eta
    above = np.argmin(abs(spm.omega - (spm.omega_c + 2 * eta)))
    for result in (spm, spp):                               # no absorption in the gap
        assert np.max(result.chi0.imag[deep]) < 0.1 * spm.chi0.imag[above]
    # s+-: coherence factor 1 at the edge (a jump); s++: 0 (a slow rise)
    assert spm.chi0.imag[above] > 3 * spp.chi0.imag[above]


def test_resonance_below_the_edge_for_s_plus_minus_and_none_for_s_plus_plus(states):
    spm, spp = states["s+-"], states["s++"]
    assert spm.has_resonance and not spp.has_resonance
    assert spm.resonance_energy < spm.omega_c - spm.metadata["eta"]
    # the peak is the RPA pole Re[chi0 U^s] = 1, to within the broadening
    assert abs(spm.pole_energy - spm.resonance_energy) < spm.metadata["eta"]
    # s++: only a hump above the edge; the weight below it is tiny
    hump = spp.omega[np.argmax(spp.chi.imag)]
    assert hump > spp.omega_c
    assert spp.resonance_weight < 0.05 * spm.resonance_weight


def test_resonance_moves_toward_the_edge_and_weakens_as_u_decreases():
    results = [solve_spin_resonance(ResonanceModel(U=u, J=u / 4), FAST)
               for u in (2.95, 2.85, 2.75)]
    energies = [r.resonance_energy for r in results]
    weights = [r.resonance_weight for r in results]
    assert all(np.isfinite(energies))
    assert energies[0] < energies[1] < energies[2] < results[0].omega_c
    assert weights[0] > weights[1] > weights[2]


def test_resonance_scales_with_the_gap():
    """omega_res / Delta_0 stays nearly fixed (and below Omega_c) as the gap grows."""
    small, large = (solve_spin_resonance(ResonanceModel(gap_amplitude=d), FAST)
                    for d in (0.08, 0.12))
    assert large.resonance_energy < large.omega_c and small.resonance_energy < small.omega_c
    ratio = (large.resonance_energy / 0.12) / (small.resonance_energy / 0.08)
    assert ratio == pytest.approx(1.0, abs=0.1)


def test_resonance_is_converged_in_the_mesh(states):
    coarse = states["s+-"]
    fine = solve_spin_resonance(ResonanceModel(), ResonanceOptions(n_mesh=240, n_omega=120))
    step = coarse.omega[1] - coarse.omega[0]
    assert abs(fine.resonance_energy - coarse.resonance_energy) <= step + 1e-12
    assert fine.omega_c == pytest.approx(coarse.omega_c, abs=step)


def test_ba_k_fe2as2_preset_puts_the_resonance_at_14_meV_and_loses_it_above_tc():
    cold = solve_spin_resonance(ba_k_fe2as2_model(7.0), FAST)
    summary = cold.summary()
    assert summary["resonance_energy_meV"] == pytest.approx(BA_K_FE2AS2_RESONANCE_MEV, abs=0.7)
    assert summary["omega_c_meV"] == pytest.approx(17.0, abs=0.5)
    hot = solve_spin_resonance(ba_k_fe2as2_model(40.0),
                               ResonanceOptions(n_mesh=160, n_omega=120, omega_max=0.2, eta=0.01))
    assert not hot.has_resonance
    # U = 0.95 U_c: the normal state at 7 K is paramagnetic but close to the (pi, 0) instability
    normal = ResonanceModel(gap_amplitude=0.0, U=BA_K_FE2AS2_U, J=BA_K_FE2AS2_U / 4,
                            temperature=ba_k_fe2as2_model(7.0).temperature)
    chi0 = bare_spin_susceptibility_sc(normal, np.array([0.0]), 1e-4, 240)[0].real
    stoner = np.linalg.eigvals(chi0 @ normal.interaction.spin_vertex(2)).real.max()
    assert stoner == pytest.approx(0.95, abs=0.01)


def test_round_trip_plot_and_sweep(tmp_path):
    result = solve_spin_resonance(ResonanceModel(), ResonanceOptions(n_mesh=64, n_omega=40))
    again = cooperlab.load(result.save(tmp_path / "res.nc"))
    assert np.array_equal(again.chi, result.chi) and again.omega_c == result.omega_c
    assert again.metadata["model"]["U"] == 2.7
    import matplotlib

    matplotlib.use("Agg")
    assert result.plot(compare=result) is not None
    sweep = cooperlab.sweep(lambda m: solve_spin_resonance(m, ResonanceOptions(n_mesh=64,
                                                                               n_omega=40)),
                            ResonanceModel(), U=[2.6, 2.8])
    assert sweep.to_xarray()["omega_c"].dims == ("U",)


@pytest.mark.parametrize("kwargs, word", [
    ({"gap": "f-wave"}, "gap"), ({"gap_amplitude": -0.1}, "gap_amplitude"),
    ({"U": -1.0}, "U"), ({"temperature": -1.0}, "temperature"),
    ({"nesting": (1.0,)}, "nesting"), ({"energy_unit_meV": 0.0}, "energy_unit_meV"),
])
def test_bad_model_input_is_named(kwargs, word):
    with pytest.raises(ValueError, match=word):
        ResonanceModel(**kwargs)


def test_nesting_off_the_mesh_and_bad_options_are_named():
    with pytest.raises(ValueError, match="nesting"):
        solve_spin_resonance(ResonanceModel(nesting=(0.5, 0.0)), ResonanceOptions(n_mesh=30))
    with pytest.raises(ValueError, match="n_mesh"):
        ResonanceOptions(n_mesh=2)
    with pytest.raises(ValueError, match="eta"):
        ResonanceOptions(eta=-1.0)
