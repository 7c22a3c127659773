"""``RPAModel.from_preset``, ``ResonanceModel.from_preset``, the model's bands and Fermi
surface, ``solve_interaction_sweep`` and the pairing diagram over U'/U."""

import numpy as np
import pytest

import cooperlab.fluctuations as fl
from cooperlab.lattice import PNICTIDE2_MU, pnictide2_lattice, square_lattice


def test_presets_carry_their_temperature_and_filling():
    square = fl.RPAModel.from_preset(t_prime=-0.3, U=2.0, n_mesh=16)
    assert square == fl.RPAModel(square_lattice(1.0, -0.3, 0.0), 0.1, U=2.0, mu=0.0, n_mesh=16)
    two = fl.RPAModel.from_preset("pnictide2", J=0.25)
    assert (two.temperature, two.mu, two.filling, two.J) == (0.05, PNICTIDE2_MU, None, 0.25)
    five = fl.RPAModel.from_preset("pnictide5", temperature=0.02)
    assert (five.temperature, five.mu, five.filling) == (0.02, None, 6.0)
    assert fl.RPAModel.from_preset("square", filling=0.85).mu is None
    with pytest.raises(ValueError, match="--mu and --filling"):
        fl.RPAModel.from_preset(mu=0.0, filling=1.0)
    with pytest.raises(KeyError):
        fl.RPAModel.from_preset("cubic")


def test_resonance_preset_and_default_hund_coupling():
    assert fl.ResonanceModel.from_preset(U=3.0).J == pytest.approx(0.75)
    assert fl.ResonanceModel.from_preset(U=3.0, J=0.5).J == 0.5
    plain = fl.ResonanceModel.from_preset(gap="s++", gap_amplitude=0.2, temperature=0.01)
    assert plain == fl.ResonanceModel(pnictide2_lattice(), gap="s++", gap_amplitude=0.2,
                                      temperature=0.01)
    preset = fl.ResonanceModel.from_preset("BaKFe2As2", "s++", temperature_K=20.0, U=9.0)
    assert preset == fl.ba_k_fe2as2_model(20.0, gap="s++")


def test_model_bands_and_fermi_surface_are_the_functions_at_its_mu():
    model = fl.RPAModel.from_preset("square", t_prime=-0.3, filling=0.85, temperature=0.1,
                                    n_mesh=16)
    bands = model.solve_orbital_bands("G-X-M-G")
    direct = fl.solve_orbital_bands(model.lattice, 0.1, filling=0.85, path="G-X-M-G", n_mesh=16)
    assert np.allclose(bands.energy, direct.energy) and bands.summary() == direct.summary()
    surface = model.solve_fermi_surface()
    assert surface.summary() == fl.solve_fermi_surface(model.lattice, 0.1, filling=0.85,
                                                       n_mesh=16).summary()


def test_sweep_interaction_sweeps_the_ranges_and_u_c_per_ratio():
    model = fl.RPAModel.from_preset("square", temperature=0.2, n_mesh=8)
    peaks = fl.solve_interaction_sweep(model, U=[0.5, 1.0], J=0.0)
    spin = peaks.to_xarray()["stoner_spin"].values
    assert spin.shape == (2,) and spin[1] == pytest.approx(2 * spin[0], rel=1e-10)
    single = fl.solve_interaction_sweep(model, U=0.5)
    assert single.to_xarray()["stoner_spin"].values.shape == (1,)
    u_c = fl.solve_interaction_sweep(model, U=7.0, J=[0.0], quantity="u_c")
    assert u_c.to_xarray()["stoner_u_c"].values[0] == pytest.approx(
        fl.stoner_u_c(model), rel=1e-10)
    with pytest.raises(ValueError, match="quantity"):
        fl.solve_interaction_sweep(model, quantity="chi")


def test_pairing_diagram_over_u_prime_ratios_needs_positive_u():
    model = fl.RPAModel.from_preset("pnictide2", U=0.0, n_mesh=8)
    with pytest.raises(ValueError, match="U must be positive"):
        fl.solve_pairing_diagram(model, u_prime_over_u=[0.5, 1.0])
