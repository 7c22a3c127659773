"""Dirac velocity and magic angles against published numbers.

* Small alpha: v*/v = (1 - 3 alpha^2) / (1 + 6 alpha^2) (Bistritzer & MacDonald, PNAS 108,
  12233 (2011)), a perturbative result whose error must shrink as alpha^4.
* Chiral limit w0 = 0: magic alpha = 0.586, 2.221 (Tarnopolsky, Kruchkov & Vishwanath,
  PRL 122, 106405 (2019), Table/text: 0.586, 2.221, 3.751).
* w0 = w1 = 110 meV: theta_1 ~ 1.05 deg with BM's velocity (hbar v k_D = 9.905 eV), and
  ~ 1.16-1.2 deg with the smaller velocity hbar v / a = 2.1354 eV (Koshino et al. 2018):
  the same alpha, a different angle.
"""

import numpy as np
import pytest

from cooperlab.moire import (
    BM_HBAR_V_MEV_NM,
    KOSHINO_HBAR_V_MEV_NM,
    ContinuumModel,
    MagicAngleOptions,
    solve_dirac_velocity,
    solve_magic_angles,
)
from cooperlab.moire.magic_angle import model_at_alpha


def bm_model(**changes):
    base = {"w0_meV": 110.0, "w1_meV": 110.0, "hbar_v_meV_nm": BM_HBAR_V_MEV_NM,
            "rotate_dirac": False}
    return ContinuumModel(**{**base, **changes})


def velocity_at(alpha, **changes):
    return solve_dirac_velocity(model_at_alpha(bm_model(**changes), alpha)).velocity_ratio


def bm_formula(alpha):
    return (1 - 3 * alpha**2) / (1 + 6 * alpha**2)


def test_uncoupled_velocity_is_bare():
    weak = bm_model(w0_meV=0.01, w1_meV=0.01, theta_deg=1.05)
    assert weak.alpha < 1e-4
    assert solve_dirac_velocity(weak).velocity_ratio == pytest.approx(1.0, abs=1e-7)


def test_small_alpha_velocity_follows_bistritzer_macdonald():
    errors = [abs(velocity_at(a) - bm_formula(a)) for a in (0.05, 0.1)]
    assert errors[1] < 3e-3
    # Fourth-order error: halving alpha divides it by about 16.
    assert 10 < errors[1] / errors[0] < 22


def test_velocity_changes_sign_through_the_magic_angle():
    assert velocity_at(0.55) > 0.01
    assert velocity_at(0.7) < -0.01


def test_velocity_reports_units():
    result = solve_dirac_velocity(ContinuumModel(theta_deg=3.0))
    assert result.v_star_m_per_s == pytest.approx(
        result.hbar_v_star_meV_nm * 1e-9 / 6.582119569e-13, rel=1e-12
    )
    assert 0.5 < result.velocity_ratio < 1.0


def test_bm_first_magic_angle_with_bm_velocity():
    result = solve_magic_angles(bm_model(), MagicAngleOptions(minimize_bandwidth=False))
    assert result.alpha[0] == pytest.approx(0.605, abs=0.005)
    assert 1.05 <= result.theta_deg[0] <= 1.10
    assert result.velocity_residual[0] < 1e-3


def test_same_alpha_with_the_smaller_velocity_moves_the_angle_up():
    result = solve_magic_angles(
        bm_model(hbar_v_meV_nm=KOSHINO_HBAR_V_MEV_NM), MagicAngleOptions(minimize_bandwidth=False)
    )
    assert result.alpha[0] == pytest.approx(0.605, abs=0.005)
    assert 1.15 <= result.theta_deg[0] <= 1.22


def test_chiral_magic_alphas_match_tarnopolsky():
    options = MagicAngleOptions(count=2, minimize_bandwidth=False)
    result = solve_magic_angles(bm_model(w0_meV=0.0), options)
    np.testing.assert_allclose(result.alpha, [0.586, 2.221], atol=1e-3)
    # Exactly flat bands at a chiral magic angle.
    assert np.all(result.bandwidth_meV < 0.01)


def test_default_model_magic_angle_and_bandwidth_minimum():
    result = solve_magic_angles(ContinuumModel())
    assert 1.0 < result.theta_deg[0] < 1.12
    # The bandwidth minimum lies next to the velocity zero and is narrower than at the zero.
    assert abs(result.theta_min_width_deg[0] - result.theta_deg[0]) < 0.1
    assert result.min_width_meV[0] <= result.bandwidth_meV[0] + 1e-9
    assert result.metadata["convergence"]["converged"]


def test_magic_angle_needs_interlayer_tunnelling():
    with pytest.raises(ValueError, match="w1_meV"):
        solve_magic_angles(ContinuumModel(w1_meV=0.0))


@pytest.mark.slow
def test_third_chiral_magic_alpha():
    # Tarnopolsky et al. (2019): the third chiral magic alpha is 3.751; it needs a cutoff
    # of ~9 |b_M| (dimension ~1200), chosen automatically by cutoff_for_alpha.
    options = MagicAngleOptions(alpha_min=3.6, alpha_max=3.9, minimize_bandwidth=False)
    result = solve_magic_angles(bm_model(w0_meV=0.0), options)
    assert result.alpha[0] == pytest.approx(3.751, abs=1e-3)
