"""Continuum model: limits and symmetries pinned numerically.

* w0 = w1 = 0: the spectrum is the two layers' Dirac cones +-hbar v |k - Q|.
* C2T real form: identical eigenvalues to the complex Hamiltonian.
* C3 about Gamma_M: E(k) = E(R k).
* time reversal: E_{K'}(k) = E_K(-k).
* particle-hole (Song et al., PRL 123, 036401 (2019)) without the theta/2 Dirac rotation:
  E_n(k) = -E_{-n}(-k); the rotation breaks it.
"""

import math

import numpy as np
import pytest

from cooperlab.moire import ContinuumModel
from cooperlab.moire.bands import diagonalize

RNG = np.random.default_rng(7)
K_POINTS = RNG.uniform(-1.0, 1.0, size=(6, 2))


def energies(model, k, valley=1, real=True):
    return diagonalize(model, k, valleys=(valley,), real_basis=real).energy[0]


def test_decoupled_layers_are_two_dirac_cones():
    model = ContinuumModel(w0_meV=0.0, w1_meV=0.0, cutoff=3.0)
    q = model.basis.q_points
    for k in K_POINTS:
        expected = np.sort(np.concatenate([s * model.energy_scale_meV *
                                           np.linalg.norm(k - q, axis=1) for s in (1, -1)]))
        np.testing.assert_allclose(energies(model, k[None])[0], expected, atol=1e-9)


def test_real_form_has_the_same_spectrum():
    model = ContinuumModel(theta_deg=1.1, cutoff=3.0)
    np.testing.assert_allclose(
        energies(model, K_POINTS, real=True), energies(model, K_POINTS, real=False), atol=1e-9
    )


def test_real_form_eigenvectors_solve_the_complex_hamiltonian():
    model = ContinuumModel(cutoff=3.0)
    solved = diagonalize(model, K_POINTS, bands=2, valleys=(1,), vectors=True)
    matrices = model.hamiltonian(1).matrices(K_POINTS)
    vecs = solved.vectors[0]
    residual = matrices @ vecs - vecs * solved.energy[0][:, None, :]
    assert np.abs(residual).max() < 1e-9


@pytest.mark.parametrize("rotate", [True, False])
def test_c3_rotation_about_gamma(rotate):
    model = ContinuumModel(theta_deg=1.05, cutoff=3.0, rotate_dirac=rotate)
    c, s = math.cos(2 * math.pi / 3), math.sin(2 * math.pi / 3)
    rotated = K_POINTS @ np.array([[c, s], [-s, c]])
    np.testing.assert_allclose(energies(model, K_POINTS), energies(model, rotated), atol=1e-9)


def test_time_reversal_relates_the_valleys():
    model = ContinuumModel(cutoff=3.0)
    np.testing.assert_allclose(
        energies(model, K_POINTS, valley=-1), energies(model, -K_POINTS, valley=1), atol=1e-9
    )


def test_particle_hole_symmetry_without_dirac_rotation():
    model = ContinuumModel(cutoff=3.0, rotate_dirac=False)
    np.testing.assert_allclose(
        energies(model, K_POINTS), -energies(model, -K_POINTS)[:, ::-1], atol=1e-9
    )


def test_flat_band_energies_at_default_parameters():
    # Independent check (a separate script of Koshino et al. PRX 8, 031087 (2018), Eq. 2-6
    # with the +-theta/2 rotation): the Dirac point sits at +1.665 meV and the flat bands at
    # Gamma at -2.459 / +4.898 meV. A flipped rotation sign mirrors these (E -> -E).
    model = ContinuumModel()
    points = np.array([[np.sqrt(3) / 2, 0.5], [0.0, 0.0]])
    flat = diagonalize(model, points, bands="flat", valleys=(1,)).energy[0]
    np.testing.assert_allclose(flat[0], [1.665, 1.665], atol=2e-3)
    np.testing.assert_allclose(flat[1], [-2.459, 4.898], atol=2e-3)


def test_dirac_rotation_breaks_particle_hole_symmetry():
    model = ContinuumModel(cutoff=3.0, rotate_dirac=True)
    asymmetry = np.abs(energies(model, K_POINTS) + energies(model, -K_POINTS)[:, ::-1]).max()
    assert asymmetry > 0.1  # meV: the flat bands of the rotated model are not symmetric


def test_moire_scales():
    model = ContinuumModel(theta_deg=1.05)
    # L_M = a / (2 sin(theta/2)) = 13.42 nm at 1.05 degrees.
    assert model.moire_period_nm == pytest.approx(13.4235, rel=1e-4)
    assert model.alpha == pytest.approx(
        97.5 / (model.hbar_v_meV_nm * 2 * 4 * math.pi / (3 * 0.246) * math.sin(math.radians(0.525)))
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [("theta_deg", 0.0), ("theta_deg", 30.0), ("theta_deg", -1.0), ("w0_meV", -1.0),
     ("w1_meV", -5.0), ("cutoff", 1.0), ("hbar_v_meV_nm", 0.0), ("theta_deg", float("nan"))],
)
def test_bad_parameters_name_themselves(field, value):
    with pytest.raises(ValueError, match=field):
        ContinuumModel(**{field: value})


def test_cutoff_too_small_for_the_angle_is_refused():
    with pytest.raises(ValueError, match="cutoff=4 is too small to converge at theta_deg=0.3"):
        ContinuumModel(theta_deg=0.3)
    assert ContinuumModel(theta_deg=0.3, cutoff=6.0).alpha > 2.0
