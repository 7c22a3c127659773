"""Shared numerical kernels: occupations, chemical potential, Matsubara sums, k meshes,
the Ambegaokar-Baratoff kernel, physical constants, Chebyshev (KPM) expansions, eigensolvers
and densities of states.

``cooperlab.numerics`` is the one home of the small kernels every solver needs:

* :mod:`~cooperlab.numerics.occupations` -- Fermi-Dirac and Bose-Einstein functions and their
  derivatives (overflow-free, with the ``T = 0`` limits);
* :mod:`~cooperlab.numerics.filling` -- electrons per cell and the chemical potential at a
  given filling (one bracketing rule, one tolerance policy);
* :mod:`~cooperlab.numerics.matsubara` -- fermionic and bosonic frequencies, closed-form tails
  of fermionic sums, and the sparse-ir bosonic transform;
* :mod:`~cooperlab.numerics.kmesh` -- uniform / Monkhorst-Pack meshes, shifted or not;
* :mod:`~cooperlab.numerics.josephson` -- Ambegaokar-Baratoff ``I_c R_N(T)`` for equal and
  unequal gaps;
* :mod:`~cooperlab.numerics.constants` -- physical constants from :mod:`scipy.constants`;
* :mod:`~cooperlab.numerics.kpm` -- Chebyshev moments, Jackson kernel, spectral rescaling;
* :mod:`~cooperlab.numerics.linalg` -- batched and partial Hermitian eigensolvers;
* :mod:`~cooperlab.numerics.spectral_density` -- tetrahedron (triangle) and broadened
  densities of states.

The rule: solvers call these kernels, they never copy them. A solver that needs a variant
(another tolerance, another bracket) passes it as an argument; a kernel that is missing is
added here, with a test against its analytic limit in ``tests/numerics/``.
"""

from cooperlab.numerics.filling import (
    chemical_potential_from_bands,
    electrons_per_cell,
    solve_chemical_potential,
)
from cooperlab.numerics.josephson import ambegaokar_baratoff, ambegaokar_baratoff_equal_gaps
from cooperlab.numerics.kmesh import (
    mesh_fractions,
    mesh_weights,
    square_mesh,
    square_mesh_axis,
    uniform_mesh,
)
from cooperlab.numerics.matsubara import (
    bosonic_frequencies,
    fermionic_frequencies,
    fermionic_frequencies_below,
    fermionic_tail,
    tail_corrected_fermionic_sum,
)
from cooperlab.numerics.occupations import (
    bose_einstein,
    bose_einstein_derivative,
    fermi_dirac,
    fermi_dirac_derivative,
)

__all__ = [
    "ambegaokar_baratoff",
    "ambegaokar_baratoff_equal_gaps",
    "bose_einstein",
    "bose_einstein_derivative",
    "bosonic_frequencies",
    "chemical_potential_from_bands",
    "electrons_per_cell",
    "fermi_dirac",
    "fermi_dirac_derivative",
    "fermionic_frequencies",
    "fermionic_frequencies_below",
    "fermionic_tail",
    "mesh_fractions",
    "mesh_weights",
    "solve_chemical_potential",
    "square_mesh",
    "square_mesh_axis",
    "tail_corrected_fermionic_sum",
    "uniform_mesh",
]
