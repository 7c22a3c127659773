"""Nematic two-component GL: symmetry of Hc2(phi) and R(phi) with and without strain."""

import numpy as np
import pytest

import cooperlab as cl
from cooperlab.gl.nematic import NematicModel, hc2_at, hc2_decoupled, solve_nematic_hc2

PHI = np.deg2rad([0.0, 20.0, 37.0, 61.0])


def test_solver_matches_the_decoupled_closed_form_without_strain():
    model = NematicModel(strain=0.0)
    for phi in PHI:
        assert hc2_at(model, phi, 30) == pytest.approx(hc2_decoupled(model, phi), rel=1e-9)


def test_period_90_without_strain_and_180_with_strain():
    plain, strained = NematicModel(strain=0.0), NematicModel(strain=0.1)
    for phi in PHI:
        assert hc2_at(plain, phi + np.pi / 2, 30) == pytest.approx(hc2_at(plain, phi, 30),
                                                                  rel=1e-9)
        assert hc2_at(strained, phi + np.pi, 30) == pytest.approx(hc2_at(strained, phi, 30),
                                                                 rel=1e-9)
    # with strain, 90 degrees is not a period
    assert abs(hc2_at(strained, np.pi / 2, 30) / hc2_at(strained, 0.0, 30) - 1) > 0.05


def test_anisotropy_grows_with_strain_and_resistance_follows():
    results = [solve_nematic_hc2(NematicModel(strain=d), np.arange(0, 181, 15), n_levels=30)
               for d in (0.0, 0.05, 0.1, 0.2)]
    anisotropy = [r.anisotropy for r in results]
    assert all(np.diff(anisotropy) > 0)
    assert results[0].twofold < 1e-9 < results[0].fourfold        # four-fold when unstrained
    assert results[2].twofold > 5 * results[2].fourfold           # two-fold when strained
    r = results[2].resistance                                     # phi = 0, 15, ..., 180
    assert r[0] == pytest.approx(r[-1]) and abs(r[0] - r[6]) > 0.05


def test_round_trip_and_bad_input(tmp_path):
    result = solve_nematic_hc2(NematicModel(strain=0.1), [0.0, 45.0, 90.0], n_levels=20)
    same = cl.load(result.save(tmp_path / "nematic.nc"))
    np.testing.assert_allclose(same.hc2, result.hc2)
    with pytest.raises(ValueError, match="kz"):
        NematicModel(kz=0.0)
    with pytest.raises(ValueError, match=r"k3 \+ k4"):
        NematicModel(k3=1.0, k4=0.6)
    with pytest.raises(ValueError, match="strain"):
        NematicModel(strain=2.0)
