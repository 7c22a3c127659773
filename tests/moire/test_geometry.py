"""Topology and quantum geometry of the TBG flat bands.

* In the sublattice basis the flat bands of valley K carry C_A = -1, C_B = +1 (reversed in
  K'; the sign convention of cooperlab.topology, pinned by tests/test_topology.py),
  integers to 1e-6 (Tarnopolsky et al. PRL 122, 106405 (2019); Bultinck et al.
  PRX 10, 031034 (2020)); the two-band total is 0 (C2T).
* The Wilson loop of the two flat bands winds once, the branches in opposite directions
  (Song et al. PRL 123, 036401 (2019)).
* Metric bounds: (1/2 pi) int tr g_A >= |C_A| and (1/2 pi) int tr g >= 2 for the two bands;
  at the chiral magic angle the sublattice bands are "ideal": the bound is saturated
  (Ledwith, Tarnopolsky, Khalaf & Vishwanath, PRR 2, 023237 (2020)).
"""

import numpy as np
import pytest

from cooperlab import topology
from cooperlab.moire import ContinuumModel, GeometryOptions, solve_geometry
from cooperlab.moire.bands import diagonalize
from cooperlab.moire.geometry import _mesh
from cooperlab.moire.magic_angle import theta_from_alpha


@pytest.fixture(scope="module")
def geometry():
    return solve_geometry(ContinuumModel(theta_deg=1.05), GeometryOptions(n_mesh=24))


def test_sublattice_chern_numbers(geometry):
    assert geometry.chern_number.tolist() == pytest.approx([-1.0, 1.0], abs=1e-6)
    assert geometry.polarization_gap > 0.1
    assert geometry.metadata["convergence"]["converged"]


def test_too_coarse_a_mesh_is_reported_unconverged():
    coarse = solve_geometry(ContinuumModel(theta_deg=1.05), GeometryOptions(n_mesh=6))
    assert not coarse.metadata["convergence"]["converged"]


def test_other_valley_has_opposite_chern_numbers():
    other = solve_geometry(ContinuumModel(theta_deg=1.05), GeometryOptions(n_mesh=12, valley=-1))
    assert other.chern_number.tolist() == pytest.approx([1.0, -1.0], abs=1e-6)


def test_total_flat_band_chern_number_is_zero():
    model = ContinuumModel(theta_deg=1.05, cutoff=3.0)
    n = 12
    flat = diagonalize(model, _mesh(n).reshape(-1, 2), bands="flat", valleys=(1,),
                       vectors=True).vectors[0].reshape(n, n, model.dimension, 2)
    b = [model.basis.shift_map(v) for v in (np.array([np.sqrt(3) / 2, 1.5]),
                                            np.array([-np.sqrt(3) / 2, 1.5]))]
    assert topology.chern_number(flat, *b)[0] == pytest.approx(0.0, abs=1e-9)


def test_wilson_loop_winds_once_in_opposite_directions(geometry):
    assert sorted(geometry.wilson_winding.tolist()) == [-1, 1]
    assert geometry.winding_number == 1
    # C2T: the two Wilson phases come in pairs (theta, -theta).
    np.testing.assert_allclose(geometry.wilson_phases.sum(axis=1), 0.0, atol=1e-8)


def test_metric_bounds_hold(geometry):
    assert np.all(geometry.integrated_metric_chern >= np.abs(geometry.chern_number))
    assert geometry.integrated_metric >= 2.0
    # Pointwise: tr g >= |Omega| for each Chern band (up to the mesh's O(1/n^2) error).
    excess = geometry.metric_trace_chern - np.abs(geometry.berry_curvature)
    assert excess.min() > -0.05 * geometry.metric_trace_chern.max()


def test_chiral_magic_angle_bands_are_ideal():
    base = ContinuumModel(w0_meV=0.0, rotate_dirac=False)
    model = ContinuumModel(w0_meV=0.0, rotate_dirac=False,
                           theta_deg=theta_from_alpha(0.58566355, base))
    result = solve_geometry(model, GeometryOptions(n_mesh=24))
    assert result.chern_number.tolist() == pytest.approx([-1.0, 1.0], abs=1e-6)
    assert result.polarization_gap == pytest.approx(2.0, abs=1e-6)  # fully sublattice polarised
    np.testing.assert_allclose(result.integrated_metric_chern, 1.0, atol=0.01)
