"""Preset lattices: chain, square lattice (t, t', t''), Emery model, two-orbital pnictide."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cooperlab.lattice.lattice import Hopping, Lattice, Orbital
from cooperlab.validation import require_finite, require_nonnegative


def chain_lattice(t: float = 1.0) -> Lattice:
    """1-D chain ``H_0 = -t sum_i (c^dag_i c_{i+1} + h.c.)``; ``chain:4`` periodic is a ring."""
    t = require_finite("t", t)
    return Lattice(((1.0,),), (Orbital("s", (0.0,)),), (Hopping(-t, 0, 0, (1,)),), name="chain")


def square_lattice(t: float = 1.0, t_prime: float = 0.0, t_second: float = 0.0) -> Lattice:
    """Square lattice with first, second and third neighbours.

    ``H_0 = -t sum_<ij> c^dag_i c_j - t' sum_<<ij>> c^dag_i c_j - t'' sum_<<<ij>>> c^dag_i c_j``
    (each bond once, plus h.c.). The cuprate single-band model of Huang et al., Science 358,
    1161 (2017) has ``t' = -0.25 t``. Zero amplitudes are left out of the bond list.
    """
    t = require_finite("t", t)
    t_prime = require_finite("t_prime", t_prime)
    t_second = require_finite("t_second", t_second)
    hops = []
    for amplitude, vectors in ((t, [(1, 0), (0, 1)]), (t_prime, [(1, 1), (1, -1)]),
                               (t_second, [(2, 0), (0, 2)])):
        if amplitude != 0.0:
            hops += [Hopping(-amplitude, 0, 0, d) for d in vectors]
    return Lattice(((1.0, 0.0), (0.0, 1.0)), (Orbital("s", (0.0, 0.0)),), tuple(hops),
                   name="square")


@dataclass(frozen=True)
class EmeryParameters:
    """Three-band Cu-O (Emery) model parameters in hole language (eV).

    Defaults: Kung et al., PRB 93, 155166 (2016): t_pd = 1.13, t_pp = 0.49,
    Delta_pd = eps_p - eps_d = 3.24, U_d = 8.5, U_p = 4.1 eV.
    """

    t_pd: float = 1.13
    t_pp: float = 0.49
    delta_pd: float = 3.24
    U_d: float = 8.5
    U_p: float = 4.1

    def __post_init__(self) -> None:
        for name in ("t_pd", "t_pp", "delta_pd"):
            require_finite(name, getattr(self, name))
        require_nonnegative("U_d", self.U_d)
        require_nonnegative("U_p", self.U_p)

    def hubbard_u(self) -> tuple[float, float, float]:
        """On-site U per orbital, in the lattice's orbital order (d, px, py)."""
        return (self.U_d, self.U_p, self.U_p)


def emery_lattice(t_pd: float = 1.13, t_pp: float = 0.49, delta_pd: float = 3.24) -> Lattice:
    """The CuO2 plane: Cu ``d_{x^2-y^2}`` at (0,0), O ``p_x`` at (1/2,0), ``p_y`` at (0,1/2).

    ``H_0 = sum_<dp> t_pd s_dp (d^dag p + h.c.) + sum_<pp'> t_pp s_pp' (p^dag p' + h.c.)
    + Delta_pd sum n_p`` with the orbital-lobe signs ``s`` of Emery, PRL 58, 2794 (1987)
    (d-p_x: +1 towards +x, -1 towards -x; d-p_y: -1 towards +y, +1 towards -y;
    p_x-p_y: -sgn(dx) sgn(dy)). At Gamma the d orbital decouples (eigenvalue eps_d = 0).
    """
    t_pd = require_finite("t_pd", t_pd)
    t_pp = require_finite("t_pp", t_pp)
    delta_pd = require_finite("delta_pd", delta_pd)
    orbitals = (Orbital("d", (0.0, 0.0)), Orbital("px", (0.5, 0.0), delta_pd),
                Orbital("py", (0.0, 0.5), delta_pd))
    hops = [
        Hopping(t_pd, 0, 1, (0, 0)),     # d - px at +x/2
        Hopping(-t_pd, 0, 1, (-1, 0)),   # d - px at -x/2
        Hopping(-t_pd, 0, 2, (0, 0)),    # d - py at +y/2
        Hopping(t_pd, 0, 2, (0, -1)),    # d - py at -y/2
    ]
    if t_pp != 0.0:
        # p_x at (1/2, 0) to p_y at (0,1/2) + R: separations (-1/2, 1/2), (1/2, 1/2),
        # (-1/2, -1/2), (1/2, -1/2) for R = 0, x, -y, x - y.
        hops += [
            Hopping(t_pp, 1, 2, (0, 0)),
            Hopping(-t_pp, 1, 2, (1, 0)),
            Hopping(-t_pp, 1, 2, (0, -1)),
            Hopping(t_pp, 1, 2, (1, -1)),
        ]
    return Lattice(((1.0, 0.0), (0.0, 1.0)), orbitals, tuple(hops), name="emery")


#: Chemical potential of the two-orbital pnictide model at its published parameters, in units
#: of |t1| (Raghu et al., PRB 77, 220503(R) (2008)), quoted there as about two electrons per
#: Fe site. On a 400 x 400 mesh at T = 0 it holds n = 1.934 (both spins); n = 2 exactly needs
#: mu = 1.542 (tests/lattice/test_lattice.py pins both numbers).
PNICTIDE2_MU = 1.45


def pnictide2_lattice(t1: float = -1.0, t2: float = 1.3, t3: float = -0.85,
                      t4: float = -0.85) -> Lattice:
    """Two-orbital (d_xz, d_yz) model of the iron pnictides on the one-Fe square lattice.

    Raghu, Qi, Liu, Scalapino & Zhang, PRB 77, 220503(R) (2008), eq. (1):

        eps_xx(k) = -2 t1 cos kx - 2 t2 cos ky - 4 t3 cos kx cos ky
        eps_yy(k) = -2 t2 cos kx - 2 t1 cos ky - 4 t3 cos kx cos ky
        eps_xy(k) = -4 t4 sin kx sin ky

    Defaults are the published values (units of |t1|); with ``mu = PNICTIDE2_MU = 1.45``
    (about two electrons per site) the Fermi surface has hole pockets at (0, 0) and (pi, pi)
    and electron pockets at (pi, 0) and (0, pi) of the one-Fe zone.
    """
    t1, t2, t3, t4 = (require_finite(name, value) for name, value in
                      (("t1", t1), ("t2", t2), ("t3", t3), ("t4", t4)))
    orbitals = (Orbital("dxz", (0.0, 0.0)), Orbital("dyz", (0.0, 0.0)))
    hops = []
    for orbital, (along_x, along_y) in ((0, (t1, t2)), (1, (t2, t1))):
        hops += [Hopping(-along_x, orbital, orbital, (1, 0)),
                 Hopping(-along_y, orbital, orbital, (0, 1))]
        hops += [Hopping(-t3, orbital, orbital, d) for d in ((1, 1), (1, -1))]
    # -4 t4 sin kx sin ky = 2 t4 [cos(kx + ky) - cos(kx - ky)]: each of the four diagonal
    # xz <- yz bonds is listed (they are not Hermitian partners of one another).
    hops += [Hopping(t4 * sign, 0, 1, d) for sign, d in
             ((1, (1, 1)), (1, (-1, -1)), (-1, (1, -1)), (-1, (-1, 1)))]
    return Lattice(((1.0, 0.0), (0.0, 1.0)), orbitals, tuple(hops), name="pnictide2")


def _emery(t_pd: float = 1.13, t_pp: float = 0.49, delta_pd: float = 3.24,
           **_: float) -> Lattice:
    return emery_lattice(t_pd, t_pp, delta_pd)


def _square(t: float = 1.0, t_prime: float = 0.0, t_second: float = 0.0, **_: float) -> Lattice:
    return square_lattice(t, t_prime, t_second)


def _chain(t: float = 1.0, **_: float) -> Lattice:
    return chain_lattice(t)


def _pnictide2(t1: float = -1.0, t2: float = 1.3, t3: float = -0.85, t4: float = -0.85,
               **_: float) -> Lattice:
    return pnictide2_lattice(t1, t2, t3, t4)


#: Lattices the CLI knows by name: builder and dimension.
PRESETS: dict[str, tuple[Callable[..., Lattice], int]] = {
    "chain": (_chain, 1),
    "square": (_square, 2),
    "emery": (_emery, 2),
    "pnictide2": (_pnictide2, 2),
}
