"""Kanamori interaction of a multi-orbital Hubbard model and its RPA vertices.

The on-site interaction (Kanamori, Prog. Theor. Phys. 30, 275 (1963); the form of Graser et
al., New J. Phys. 11, 025016 (2009), eq. (2)) is

    H_int = U sum_a n_{a up} n_{a dn} + U' sum_{a<b} n_a n_b
            + J sum_{a<b} sum_{s s'} c^dag_{a s} c^dag_{b s'} c_{a s'} c_{b s}
            + J' sum_{a != b} c^dag_{a up} c^dag_{a dn} c_{b dn} c_{b up}.

Susceptibilities are matrices over orbital pairs (see :mod:`cooperlab.fluctuations`): the
pair ``(a, b)`` has the flat index ``a * n + b`` and stands for ``rho_ab(q) = sum_k
c^dag_{k a} c_{k+q b}``. In that basis the spin- and charge-channel RPA vertices are

    chi_s = [1 - chi0 U^s]^{-1} chi0,      chi_c = [1 + chi0 U^c]^{-1} chi0,

    U^s_{aa,aa} = U,   U^s_{aa,bb} = J,        U^s_{ab,ab} = U',         U^s_{ab,ba} = J',
    U^c_{aa,aa} = U,   U^c_{aa,bb} = 2U' - J,  U^c_{ab,ab} = -U' + 2J,   U^c_{ab,ba} = J'

(a != b; every other element is zero). The aa,bb entries follow from the same-spin (U' - J)
and opposite-spin (U') inter-orbital density couplings: spin channel ``U' - (U' - J) = J``,
charge channel ``U' + (U' - J) = 2U' - J``. For one orbital both reduce to ``U``, so
``chi_s = chi0 / (1 - U chi0)``. Spin-rotation invariance needs ``U' = U - 2J`` and
``J' = J``, the defaults.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cooperlab.validation import require_finite, require_int, require_nonnegative


@dataclass(frozen=True)
class KanamoriInteraction:
    """Kanamori parameters ``U, U', J, J'`` (energy units of the band model).

    ``U_prime`` and ``J_prime`` left as ``None`` take the spin-rotation-invariant values
    ``U' = U - 2J`` and ``J' = J``.
    """

    U: float
    J: float = 0.0
    U_prime: float | None = None
    J_prime: float | None = None

    def __post_init__(self) -> None:
        require_nonnegative("U", self.U)
        require_finite("J", self.J)
        if self.U_prime is None:
            object.__setattr__(self, "U_prime", float(self.U) - 2.0 * float(self.J))
        if self.J_prime is None:
            object.__setattr__(self, "J_prime", float(self.J))
        require_finite("U_prime", self.U_prime)
        require_finite("J_prime", self.J_prime)

    @property
    def rotation_invariant(self) -> bool:
        """Whether ``U' = U - 2J`` and ``J' = J`` (spin-rotation invariance)."""
        return bool(np.isclose(self.U_prime, self.U - 2 * self.J)
                    and np.isclose(self.J_prime, self.J))

    def spin_vertex(self, n_orbitals: int) -> np.ndarray:
        """``U^s`` as an ``(n^2, n^2)`` matrix over orbital pairs (module docstring)."""
        return _vertex(n_orbitals, self.U, self.J, float(self.U_prime), float(self.J_prime))

    def charge_vertex(self, n_orbitals: int) -> np.ndarray:
        """``U^c`` as an ``(n^2, n^2)`` matrix over orbital pairs (module docstring)."""
        u_prime, j_prime = float(self.U_prime), float(self.J_prime)
        return _vertex(n_orbitals, self.U, 2 * u_prime - self.J, -u_prime + 2 * self.J,
                       j_prime)


def _vertex(n_orbitals: int, intra: float, aabb: float, abab: float,
            abba: float) -> np.ndarray:
    n = require_int("n_orbitals", n_orbitals, 1)
    vertex = np.zeros((n, n, n, n))
    for a in range(n):
        vertex[a, a, a, a] = intra
        for b in range(n):
            if a != b:
                vertex[a, a, b, b] = aabb
                vertex[a, b, a, b] = abab
                vertex[a, b, b, a] = abba
    return vertex.reshape(n * n, n * n)
