"""One GL material from material to device: bands -> pairing -> GLMaterial -> TDGL film.

The chains (TBG at nu = -2.5, the Pb preset) pass every number from one step to the next
through the objects; the test reads the numbers back only to check them. The material's
physics is pinned by hand values, GL identities and published lengths.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest
from scipy import constants as si

from cooperlab.gl import FilmModel, GLMaterial, TDGLOptions, solve_film
from cooperlab.gl.abrikosov import solve_vortex_lattice
from cooperlab.gl.bulk import BulkModel
from cooperlab.gl.landau import solve_upper_critical_field
from cooperlab.gl.material import (
    GORKOV_CLEAN_OVER_XI0,
    bcs_coherence_length_nm,
    london_depth_nm,
    sheet_penetration_depth_nm,
)
from cooperlab.gl.meissner import solve_meissner_profile, solve_surface_energy
from cooperlab.moire.superconductivity import (
    FlatBandPairingModel,
    FlatBandPairingOptions,
    solve_superconductor,
)
from cooperlab.pairing import BCSModel, material, solve_bcs_thermodynamics, solve_eliashberg_tc

#: Few steps: the film only has to run on the material's numbers.
SHORT = TDGLOptions(solve_time=4.0, save_every=1.0, progress=False)


def small_film(gl_material: GLMaterial, **extra) -> FilmModel:
    """A square film of 8 coherence lengths at half its Hc2 (sizes from the material)."""
    return FilmModel.from_material(gl_material, shape="square", width_um=8 * gl_material.xi_um,
                                   field_mT=0.5 * gl_material.hc2_mT, grid_xi=0.5, **extra)


def check_film_runs_on(gl_material: GLMaterial) -> tuple[float, float]:
    """Run the material's film with and without its self-field (Pearl screening); return
    the final mean |psi|^2 of both. Without screening the film sees only xi (lengths in
    xi, fields in Bc2); with it, also the effective depth lambda^2 / d."""
    model = small_film(gl_material)
    result = solve_film(model, SHORT)
    screened = solve_film(model, replace(SHORT, screening=True))
    for run in (result, screened):
        stored = run.metadata["model"]
        assert stored["xi_um"] == gl_material.xi_um
        assert stored["lambda_um"] == gl_material.lambda_um
        assert stored["thickness_um"] == gl_material.thickness_nm * 1e-3
        assert 0 < run.step[-1] <= 500
        density = run.mean_density
        assert np.all(np.isfinite(density)) and np.all((density >= 0) & (density <= 1 + 1e-9))
    assert model.units.bc2_mT == pytest.approx(gl_material.hc2_mT, rel=1e-12)
    assert model.b == pytest.approx(0.5, rel=1e-12)
    # Pearl length 2 lambda^2 / d: twice the film's effective depth lambda^2 / d
    assert 2 * model.pearl_xi * model.xi_um * 1e3 == pytest.approx(gl_material.pearl_length_nm,
                                                                     rel=1e-12)
    assert result.mean_density[-1] < 0.95  # the field at Bc2/2 suppresses |psi|^2
    return float(result.mean_density[-1]), float(screened.mean_density[-1])


# -- (a) TBG at nu = -2.5 -----------------------------------------------------------------
def test_tbg_bands_to_pairing_to_material_to_film():
    model = FlatBandPairingModel(nu=-2.5)
    pairing = solve_superconductor(model, FlatBandPairingOptions(n_mesh=12))
    gl_material = pairing.gl_material()
    # lambda from the superfluid weight: 1/lambda^2 = mu0 e^2 D_s / (hbar^2 d), by hand
    ds_J = pairing.superfluid_weight_meV * 1e-3 * si.e
    d_m = gl_material.thickness_nm * 1e-9
    by_hand = math.sqrt(si.hbar**2 * d_m / (si.mu_0 * si.e**2 * ds_J)) * 1e9
    assert gl_material.lambda_nm == pytest.approx(by_hand, rel=1e-12)
    # the Pearl length does not depend on the assumed thickness
    thicker = pairing.gl_material(thickness_nm=2.0,
                                  fermi_velocity_m_per_s=pairing.fermi_velocity_m_per_s())
    assert thicker.pearl_length_nm == pytest.approx(gl_material.pearl_length_nm, rel=1e-12)
    # xi = hbar v_F / (pi Delta) with the velocity of the paired states
    velocity = pairing.fermi_velocity_m_per_s()
    assert gl_material.xi_nm == pytest.approx(
        si.hbar * velocity / (math.pi * pairing.gap_meV * 1e-3 * si.e) * 1e9, rel=1e-12)
    # flat-band velocities near the magic angle are ~1e4 m/s, 100x below graphene's 1e6
    assert 5e3 < velocity < 2e5
    assert gl_material.tc_K == pairing.tc_K and gl_material.temperature_K == model.temperature_K
    assert gl_material.type_ii and gl_material.kappa > 10  # a thin, strongly type-II sheet
    # Pearl length ~ mm against a film of 8 xi ~ 60 nm: the self-field is negligible
    bare, screened = check_film_runs_on(gl_material)
    assert gl_material.pearl_length_nm > 1e4 * 8 * gl_material.xi_nm
    assert screened == pytest.approx(bare, abs=1e-4)


# -- (b) a BCS material preset ------------------------------------------------------------
def test_pb_preset_to_eliashberg_to_material_to_film():
    lead = material("Pb")
    tc = solve_eliashberg_tc(lead.model)
    at_zero = lead.gl_material(tc, thickness_nm=50.0)
    near_tc = lead.gl_material(tc, thickness_nm=50.0, temperature_K=0.9 * tc.tc_K)
    assert near_tc.tc_K == tc.tc_K == at_zero.tc_K
    # GL laws: xi, lambda ~ (1 - T/T_c)^-1/2, kappa fixed
    assert near_tc.xi_nm == pytest.approx(at_zero.xi_nm / math.sqrt(0.1), rel=1e-12)
    assert near_tc.lambda_nm == pytest.approx(at_zero.lambda_nm / math.sqrt(0.1), rel=1e-12)
    assert near_tc.kappa == pytest.approx(at_zero.kappa, rel=1e-12)
    # Gor'kov clean limit: xi(0) = sqrt(7 zeta(3)/48)/pi hbar v_F* / (k_B T_c), lambda_L/sqrt 2
    xi0 = math.sqrt(7 * 1.2020569031595942 / 48) / math.pi * si.hbar * (
        1.83e6 / (1 + 1.55)) / (si.k * tc.tc_K) * 1e9
    assert at_zero.xi_nm == pytest.approx(xi0, rel=1e-6)
    assert at_zero.lambda_nm == pytest.approx(lead.london_depth_nm / math.sqrt(2), rel=1e-12)
    assert not at_zero.type_ii  # Pb is type I (kappa ~ 0.2-0.5 in the tables)
    # Pearl length ~ 100 nm against a film of 8 xi ~ 2.6 um: the film screens the field
    bare, screened = check_film_runs_on(near_tc)
    assert near_tc.pearl_length_nm < 0.1 * 8 * near_tc.xi_nm
    assert screened > bare + 0.03


def test_a_bcs_thermodynamics_result_makes_the_material():
    aluminium = material("Al")
    bcs = solve_bcs_thermodynamics(BCSModel.from_tc(aluminium.tc_experiment_K,
                                                    london_depth_0_nm=aluminium.london_depth_nm))
    made = bcs.gl_material(aluminium.fermi_velocity_m_per_s)
    same = aluminium.gl_material(bcs)
    assert made.xi_nm == pytest.approx(same.xi_nm, rel=1e-12)
    assert made.lambda_nm == pytest.approx(same.lambda_nm, rel=1e-12)
    # kappa = 0.96 lambda_L / xi0 (Tinkham eq. 4.27a) in weak coupling
    xi0 = bcs.coherence_length_nm(aluminium.fermi_velocity_m_per_s)
    assert made.kappa == pytest.approx(0.957 * aluminium.london_depth_nm / xi0, rel=2e-3)
    assert made.xi_nm == pytest.approx(GORKOV_CLEAN_OVER_XI0 * xi0, rel=1e-3)
    with pytest.raises(ValueError, match="london_depth_nm is needed"):
        solve_bcs_thermodynamics(BCSModel.from_tc(1.0), n_temperatures=3).gl_material(1e6)
    with pytest.raises(ValueError, match="no normal-state data"):
        material("Nb").gl_material(bcs)


# -- (c) the material's physics -----------------------------------------------------------
def test_kappa_hc2_hc_and_pearl_length_by_hand():
    m = GLMaterial(xi_nm=10.0, lambda_nm=200.0, tc_K=9.0, thickness_nm=20.0)
    assert m.kappa == 20.0
    # Phi0 = h / 2e = 2.067833848e-15 Wb (CODATA, exact since 2019)
    assert m.hc2_mT == pytest.approx(2.067833848e-15 / (2 * math.pi * 1e-16) * 1e3, rel=1e-9)
    assert m.hc2_mT == pytest.approx(3291.0, abs=0.1)
    assert m.hc_mT == pytest.approx(m.hc2_mT / (math.sqrt(2) * m.kappa), rel=1e-12)
    assert m.pearl_length_nm == 2 * 200.0**2 / 20.0
    with pytest.raises(ValueError, match="no Pearl length"):
        _ = m.with_thickness(None).pearl_length_nm
    warm = m.at_temperature(0.75 * 9.0)
    assert (warm.xi_nm, warm.lambda_nm) == pytest.approx((20.0, 400.0), rel=1e-12)
    back = warm.at_temperature(0.0)
    assert (back.xi_nm, back.lambda_nm) == pytest.approx((10.0, 200.0), rel=1e-12)
    for bad in ({"xi_nm": -1.0}, {"temperature_K": 9.0}, {"thickness_nm": 0.0}):
        with pytest.raises(ValueError, match=next(iter(bad))):
            GLMaterial(**{"xi_nm": 10.0, "lambda_nm": 200.0, "tc_K": 9.0, **bad})


def test_bcs_lengths_of_aluminium_against_the_tables():
    """Kittel, Introduction to Solid State Physics, 8th ed., ch. 10, Table 5 (after Meservey
    & Schwartz): Al xi0 = 1600 nm, lambda_L = 16 nm. Here: BCS gap from Al's T_c, the
    free-electron v_F and n (Ashcroft & Mermin), renormalised by lambda_ep = 0.43. The
    table's own inputs are not known, so the tolerance is 10 % (measured: +3.6 %, -6.6 %);
    without the renormalisation xi0 would be 2370 nm (+48 %)."""
    aluminium = material("Al")
    bcs = solve_bcs_thermodynamics(BCSModel.from_tc(aluminium.tc_experiment_K),
                                   n_temperatures=3)
    assert aluminium.coherence_length_nm(bcs.gap0_meV) == pytest.approx(1600.0, rel=0.10)
    assert aluminium.london_depth_nm == pytest.approx(16.0, rel=0.10)
    bare = bcs_coherence_length_nm(aluminium.normal_state.fermi_velocity_m_per_s,
                                   bcs.gap0_meV)
    assert bare > 1.4 * 1600.0


def test_superfluid_weight_of_a_parabolic_band_gives_london_depth():
    """D_s = hbar^2 n / m at T = 0 for free electrons: the sheet formula is London's."""
    n3d, d_nm = 18.1e28, 3.0
    ds_meV = si.hbar**2 * n3d * d_nm * 1e-9 / si.m_e / si.e * 1e3
    assert sheet_penetration_depth_nm(ds_meV, d_nm) == pytest.approx(london_depth_nm(n3d),
                                                                      rel=1e-12)


REFERENCE = GLMaterial(xi_nm=100.0, lambda_nm=500.0, tc_K=9.0, thickness_nm=50.0)


def test_meissner_and_surface_energy_from_the_material_equal_the_hand_typed_ones():
    by_hand = solve_meissner_profile(0.1, 0.5, 0.5)
    from_material = solve_meissner_profile(material=REFERENCE, field_mT=0.5)
    assert from_material.lambda_fit_um == by_hand.lambda_fit_um
    np.testing.assert_array_equal(from_material.field, by_hand.field)
    assert from_material.metadata["material"]["xi_nm"] == 100.0
    assert "material" not in by_hand.metadata
    kappa2 = GLMaterial(xi_nm=100.0, lambda_nm=200.0, tc_K=9.0)
    assert solve_surface_energy(material=kappa2).sigma == solve_surface_energy(2.0).sigma
    with pytest.raises(ValueError, match="not both"):
        solve_meissner_profile(0.1, material=REFERENCE)
    with pytest.raises(ValueError, match="exactly one"):
        solve_surface_energy()


def test_hc2_vortex_lattice_bulk_and_film_from_the_material_equal_the_hand_typed_ones():
    cell = {"cell_xi": 5.0, "grid_xi": 0.25}
    hc2 = solve_upper_critical_field(material=REFERENCE, **cell)
    by_hand = solve_upper_critical_field(0.1, **cell)
    assert (hc2.hc2_mT, hc2.lattice_hc2_mT) == (by_hand.hc2_mT, by_hand.lattice_hc2_mT)
    assert hc2.hc2_mT == pytest.approx(REFERENCE.hc2_mT, rel=1e-14)
    with pytest.raises(ValueError, match="not both"):
        solve_upper_critical_field(0.1, material=REFERENCE)
    quick = {"tolerance": 1e-2, "max_time": 20.0, "max_starts": 1, "grid_xi": 0.4}
    lattice = solve_vortex_lattice(0.5, **quick)
    from_material = solve_vortex_lattice(material=REFERENCE, field_mT=0.5 * REFERENCE.hc2_mT,
                                   **quick)
    np.testing.assert_array_equal(from_material.density, lattice.density)
    assert from_material.metadata["material"]["lambda_nm"] == 500.0
    with pytest.raises(ValueError, match="material and field_mT"):
        solve_vortex_lattice(0.5, material=REFERENCE, field_mT=1.0)
    assert BulkModel.from_material(REFERENCE, b=0.5) == BulkModel(kappa=5.0, xi_um=0.1, b=0.5)
    assert FilmModel.from_material(REFERENCE, width_um=1.0) == FilmModel(
        width_um=1.0, xi_um=0.1, lambda_um=0.5, thickness_um=0.05)
    with pytest.raises(ValueError, match="needs thickness_um"):
        FilmModel.from_material(REFERENCE.with_thickness(None))
    with pytest.raises(ValueError, match="come from the material"):
        FilmModel.from_material(REFERENCE, xi_um=0.2)


def test_the_readme_chain_runs_as_written():
    """The README's GL section opens with the chain; it runs, and its film is the TBG one."""
    from pathlib import Path

    text = (Path(__file__).parents[2] / "README.md").read_text()
    section = text[text.index("## Ginzburg-Landau laboratory"):]
    code = section[section.index("```python\n") + 10:section.index("```\n", 12)]
    assert "gl_material()" in code and "from_material" in code
    code = code.replace("solve_time=20", "solve_time=2")
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)
    assert namespace["film"].xi_um == namespace["tbg"].xi_um
    assert namespace["tbg"].xi_nm == pytest.approx(7.85, rel=0.01)      # the README's numbers
    assert namespace["tbg"].lambda_nm == pytest.approx(834.0, rel=0.01)
