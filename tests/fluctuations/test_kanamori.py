import numpy as np
import pytest

from cooperlab.fluctuations import KanamoriInteraction


def test_one_orbital_vertices_reduce_to_hubbard_u():
    interaction = KanamoriInteraction(U=2.5)
    assert interaction.spin_vertex(1).tolist() == [[2.5]]
    assert interaction.charge_vertex(1).tolist() == [[2.5]]


def test_defaults_are_rotation_invariant_and_elements_sit_on_their_pairs():
    interaction = KanamoriInteraction(U=1.3, J=0.25)
    assert interaction.U_prime == pytest.approx(0.8) and interaction.J_prime == 0.25
    assert interaction.rotation_invariant
    assert not KanamoriInteraction(U=1.3, J=0.25, U_prime=1.3).rotation_invariant
    spin = interaction.spin_vertex(3).reshape(3, 3, 3, 3)
    charge = interaction.charge_vertex(3).reshape(3, 3, 3, 3)
    assert spin[0, 0, 0, 0] == 1.3 and spin[0, 0, 2, 2] == 0.25
    assert spin[0, 1, 0, 1] == pytest.approx(0.8) and spin[1, 0, 0, 1] == 0.25
    assert charge[0, 0, 1, 1] == pytest.approx(2 * 0.8 - 0.25)
    assert charge[0, 1, 0, 1] == pytest.approx(-0.8 + 0.5)
    assert charge[2, 1, 1, 2] == 0.25
    # exactly 3 + 3*2*3 = 21 nonzero elements for three orbitals
    assert np.count_nonzero(spin) == 3 + 3 * 2 * 3
    # pair-exchange symmetry (ab,cd) -> (cd,ab) and (ab,cd) -> (ba,dc)
    assert np.array_equal(spin, spin.transpose(2, 3, 0, 1))
    assert np.array_equal(charge, charge.transpose(1, 0, 3, 2))


def test_degenerate_ferromagnetic_stoner_vertex_is_u_plus_hund():
    """For n degenerate decoupled orbitals the uniform spin mode sees U + (n - 1) J."""
    n = 3
    interaction = KanamoriInteraction(U=2.0, J=0.3)
    chi0 = np.zeros((n * n, n * n))
    for a in range(n):
        chi0[a * n + a, a * n + a] = 0.1      # decoupled orbitals: only (aa, aa) density
    largest = np.max(np.linalg.eigvals(chi0 @ interaction.spin_vertex(n)).real)
    assert largest == pytest.approx(0.1 * (2.0 + (n - 1) * 0.3))


@pytest.mark.parametrize("kwargs, word", [({"U": -1.0}, "U"), ({"U": 1.0, "J": np.nan}, "J"),
                                          ({"U": 1.0, "U_prime": np.inf}, "U_prime")])
def test_bad_parameters_are_named(kwargs, word):
    with pytest.raises(ValueError, match=word):
        KanamoriInteraction(**kwargs)
