"""Symmetry-reduced finite-T ED (lattice involutions, spin flip, particle-hole) against the
plain path that diagonalises every (N_up, N_dn) sector whole."""

import numpy as np
import pytest

from cooperlab.hubbard import HubbardModel, solve_thermal
from cooperlab.hubbard.ed import (
    PAIR_NAMES,
    build_sector,
    diagonalise_sector,
    site_irreps,
    thermal_symmetries,
)
from cooperlab.hubbard.symmetry import particle_hole_signs
from cooperlab.lattice import square_lattice

OBSERVABLES = ("energy_per_site", "kinetic_energy_per_site", "double_occupancy", "density",
               "spin_structure_factor_pi_pi", "spin_structure_factor", "charge_structure_factor",
               "spin_correlation", "charge_correlation", "spin_susceptibility",
               "spin_susceptibility_pi_pi", "orbital_density", "orbital_double_occupancy",
               *(f"pair_{p}" for p in PAIR_NAMES),
               *(f"pair_susceptibility_{p}" for p in PAIR_NAMES))


@pytest.mark.parametrize("model", [
    # t' breaks particle-hole symmetry: reflections and the spin flip only
    HubbardModel(square_lattice(t=1.0, t_prime=-0.2), (2, 3), "open", U=4.0, mu=-0.3,
                 temperature=1 / 3.0),
    # bipartite, mu != 0: particle-hole maps (a, b) to (n - b, n - a) with an energy shift
    HubbardModel.square(2, 3, boundary="open", U=4.0, mu=-0.3, temperature=1 / 3.0),
], ids=["2x3_tprime", "2x3_bipartite"])
def test_symmetry_reduced_thermal_equals_full_sectors(model):
    reduced = solve_thermal(model)
    plain = solve_thermal(model, symmetry=False)
    assert reduced.metadata["symmetry_generators"] == 2
    assert plain.metadata["largest_block"] == 400                  # the (3, 3) sector whole
    assert reduced.metadata["largest_block"] <= 400 // 4
    for name in OBSERVABLES:
        expected = getattr(plain, name)
        assert expected is not None, name
        assert np.allclose(getattr(reduced, name), expected, rtol=0, atol=1e-10), name


def test_symmetry_blocks_decouple_the_hamiltonian():
    # 2 x 3 open, half filling, N_up = N_dn = 3: two reflections, the spin flip and
    # particle-hole times flip give 16 one-dimensional irreps; H has no element between them
    model = HubbardModel.square(2, 3, boundary="open", U=4.0, mu=0.4)
    generators = thermal_symmetries(model)
    assert len(generators) == 2
    signs = particle_hole_signs(model.cluster.hopping_matrix())
    spectrum = diagonalise_sector(model, 3, 3, generators, signs)
    assert len(spectrum.bases) == 16 and max(b.shape[1] for b in spectrum.bases) <= 48
    basis = spectrum.basis().toarray()
    assert np.allclose(basis.T @ basis, np.eye(400), atol=1e-12)
    h = build_sector(model, 3, 3).hamiltonian.toarray()
    rotated = basis.T @ h @ basis
    offsets = spectrum.offsets()
    for i in range(len(spectrum.bases)):
        for j in range(len(spectrum.bases)):
            if i != j:
                block = rotated[offsets[i]:offsets[i + 1], offsets[j]:offsets[j + 1]]
                assert np.abs(block).max(initial=0.0) < 1e-12
    assert np.allclose(np.sort(np.concatenate(spectrum.values)), np.linalg.eigvalsh(h),
                       atol=1e-10)


def test_symmetries_found_only_where_they_hold():
    # t' keeps the reflections but not particle-hole; unequal on-site energies (Emery) and
    # a non-reflection-symmetric U break them
    with_tp = HubbardModel(square_lattice(t_prime=-0.3), (2, 4), "open", U=4.0)
    assert len(thermal_symmetries(with_tp)) == 2
    assert particle_hole_signs(with_tp.cluster.hopping_matrix()) is None
    plain = HubbardModel.square(2, 4, boundary="open", U=4.0)
    signs = particle_hole_signs(plain.cluster.hopping_matrix())
    assert signs is not None and set(np.abs(signs)) == {1}
    ring = HubbardModel.ring(4, U=2.0)
    assert len(thermal_symmetries(ring)) == 2            # reflection, half translation
    odd_ring = HubbardModel.ring(5, U=2.0)
    assert particle_hole_signs(odd_ring.cluster.hopping_matrix()) is None   # frustrated
    irreps = site_irreps(thermal_symmetries(plain), plain.n_sites)
    assert sum(f.shape[1] for f in irreps) == 8 and len(irreps) == 4


def test_particle_hole_image_equals_direct_sector():
    # mu != 0: the image spectrum is shifted by -mu (2n - 2(a + b)) and its basis is exact
    from cooperlab.hubbard.ed import _particle_hole_image

    model = HubbardModel.square(2, 3, boundary="open", U=3.0, mu=0.7)
    signs = particle_hole_signs(model.cluster.hopping_matrix())
    source = diagonalise_sector(model, 1, 2, thermal_symmetries(model))
    image = _particle_hole_image(model, source, signs)
    h = build_sector(model, 4, 5).hamiltonian.toarray()
    assert np.allclose(np.sort(np.concatenate(image.values)), np.linalg.eigvalsh(h),
                       atol=1e-10)
    for basis, values, vectors in zip(image.bases, image.values, image.vectors, strict=True):
        states = basis @ vectors
        assert np.allclose(h @ states, states * values, atol=1e-10)
