"""Bulk M(H) from the GL vortex lattice at fixed induction: Hc1, Hc2, type I versus II."""

import json
import math

import numpy as np
import pytest
from click.testing import CliRunner

from cooperlab.cli import main
from cooperlab.gl.bulk import BulkModel, brandt_hc1, cell_energy, solve_bulk_magnetization


def test_cell_energy_numba_equals_numpy_and_gradient_is_exact():
    rng = np.random.default_rng(3)
    nx, ny, h, bh2, kappa = 5, 7, 0.3, 0.25, 1.4
    x = rng.standard_normal(4 * nx * ny)
    g_numba, g_numpy = np.empty_like(x), np.empty_like(x)
    e = cell_energy(x, nx, ny, h, bh2, kappa, g_numba)
    assert cell_energy(x, nx, ny, h, bh2, kappa, g_numpy, "numpy") == pytest.approx(e, 1e-12)
    np.testing.assert_allclose(g_numba, g_numpy, atol=1e-10)
    step, scratch = 1e-6, np.empty_like(x)
    for k in rng.choice(x.size, 12, replace=False):
        dx = np.zeros_like(x)
        dx[k] = step
        numeric = (cell_energy(x + dx, nx, ny, h, bh2, kappa, scratch)
                   - cell_energy(x - dx, nx, ny, h, bh2, kappa, scratch)) / (2 * step)
        assert numeric == pytest.approx(g_numba[k], abs=1e-6)


def test_type_ii_magnetisation_gives_hc1_and_hc2():
    # kappa = 2, triangular cells of two flux quanta, h ~ 0.3 xi. The lowest induction puts
    # the vortices 7.8 lambda apart: its chord slope is the isolated vortex's eps1 / Phi0.
    curve = solve_bulk_magnetization(BulkModel(kappa=2.0, grid_xi=0.3),
                               [0.03, 0.1, 0.3, 0.75, 0.85, 0.95], progress=False)
    assert np.all(curve.n_vortices == 2)
    # Brandt's Hc1(kappa = 2) = 0.1941 Bc2 (PRB 68, 054506 (2003))
    assert curve.hc1_bc2 == pytest.approx(brandt_hc1(2.0), rel=0.01)
    # Hc2 = Phi0 / (2 pi xi^2) = 32.9 mT at xi = 0.1 um (+1.2 % lattice error at h = 0.3 xi)
    assert curve.hc2_bc2 == pytest.approx(1.0, rel=0.02)
    assert curve.hc2_mT == pytest.approx(32.91, rel=0.02)
    # Abrikosov slope near Hc2 (noisy: each cell rounds its grid, O(h^2) energy shifts)
    assert curve.beta_a == pytest.approx(1.16, rel=0.1)
    h = curve.field_mT / curve.bc2_mT
    m = curve.magnetization_mT / curve.bc2_mT
    below, mixed, above = h < 0.99 * curve.hc1_bc2, (h > 1.01 * curve.hc1_bc2) & (h < 0.9), h > 1.05
    np.testing.assert_allclose(m[below], -h[below], atol=1e-12)        # Meissner: B = 0
    assert np.all(m[mixed] > -h[mixed]) and np.all(m[mixed] < 0)       # vortices, diamagnetic
    assert np.all(m[above] == 0)                                        # normal above Hc2
    # second order at Hc1: B starts at the smallest computed induction, not at a finite jump
    assert curve.jump_at_hc1_bc2 == pytest.approx(0.03) and not curve.type_i
    # the area under -M(H) is the condensation energy Hc^2 / 2 (Hc = Bc2 / (2 kappa^2)^1/2)
    assert curve.hc_bc2 == pytest.approx(1 / (math.sqrt(2) * 2.0), rel=0.02)
    assert np.all(np.diff(curve.m_branch) > 0)       # |M| falls monotonically along B


def test_type_i_magnetisation_jumps_at_hc():
    kappa = 0.5
    hc = 1 / (math.sqrt(2) * kappa)
    curve = solve_bulk_magnetization(BulkModel(kappa=kappa, grid_xi=0.3),
                               [0.1, 0.3, 0.5, 0.7, 0.9], progress=False)
    # every vortex-lattice state lies above the Meissner-normal tangent: no mixed state
    chords = (curve.free_energy + 0.5) / (2 * kappa**2 * curve.b)
    assert np.all(chords > 1.05 * hc)
    assert curve.type_i and curve.hc1_bc2 == pytest.approx(hc, rel=1e-12)
    h = curve.field_mT / curve.bc2_mT
    m = curve.magnetization_mT / curve.bc2_mT
    np.testing.assert_allclose(m[h < 0.999 * hc], -h[h < 0.999 * hc], atol=1e-12)
    assert np.all(m[h > 1.001 * hc] == 0)
    assert curve.jump_at_hc1_bc2 == pytest.approx(hc)           # first order: M jumps by Hc


def test_cli_bulk_mh(tmp_path):
    res = CliRunner().invoke(main, ["gl", "bulk-mh", "--kappa", "0.5", "--b", "0.3,0.6:0.9:2",
                                    "--grid-xi", "0.4", "--json",
                                    "--plot", str(tmp_path / "mh.png"),
                                    "--out", str(tmp_path / "bulk.nc")])
    assert res.exit_code == 0, res.output
    summary = json.loads(res.output)
    assert summary["type"] == "I" and summary["points"] == 3
    assert (tmp_path / "mh.png").stat().st_size > 0
    res = CliRunner().invoke(main, ["gl", "bulk-mh", "--kappa", "-1", "--json"])
    assert res.exit_code == 2 and "kappa" in res.output


@pytest.mark.slow
def test_hc1_at_large_kappa_matches_the_isolated_vortex():
    # kappa = 10: cells 6.3 lambda apart at b = 0.002 (h = 0.4 xi resolves the core)
    kappa = 10.0
    curve = solve_bulk_magnetization(BulkModel(kappa=kappa, grid_xi=0.4), [0.002, 0.004],
                               progress=False)
    assert curve.hc1_bc2 == pytest.approx(brandt_hc1(kappa), rel=0.02)
    # Hu & Thompson's large-kappa limit Hc (ln kappa + 0.497) / (sqrt 2 kappa), 2 % below
    assert curve.hc1_bc2 == pytest.approx((math.log(kappa) + 0.497) / (2 * kappa**2), rel=0.04)
