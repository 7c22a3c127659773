"""Preset lattices: chain, square lattice (t, t', t''), Emery model, two- and five-orbital
pnictide models."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from cooperlab.lattice.lattice import Hopping, Lattice, Orbital, hoppings_from_bloch
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


#: Five-orbital model of Graser, Maier, Hirschfeld & Scalapino, New J. Phys. 11, 025016
#: (2009), appendix table A1 (eV): intra-orbital ``t^{ii}_mu`` and inter-orbital ``t^{ij}_mu``
#: keyed by the neighbour label ``mu`` (x, y, xy, xx, xxy, xyy, xxyy), orbitals 1..5 =
#: d_xz, d_yz, d_x2-y2, d_xy, d_3z2-r2 (x, y along the Fe-Fe bonds, one Fe per cell).
#:
#: Every entry (and every on-site energy) was checked one by one against three public
#: implementations that agree with one another to every printed digit, in this same
#: convention (the ``xi_ab`` of eqs. (A.1)-(A.3), ``H = xi + eps``, no chemical potential):
#:
#: - DCA++ as kept by T. A. Maier (a co-author of the paper): github maierta/DCA,
#:   ``include/dca/phys/models/analytic_hamiltonians/fe_as_5orb_lattice.hpp``, class
#:   ``FeAs5Orb``, "5-orbital FeAs lattice (see Graser et al., NJP 11, 25016 (2009))";
#:   all 36 numbers and the on-site energies;
#: - github BBSKYRMION/pnictides, ``pnict_5orb_Hamiltonian.m`` (MATLAB, a strip
#:   Hamiltonian written in the same ``t^{ij}_mu``); all 36 numbers and the on-site energies;
#: - a Python tight-binding converter by R. P. Day (2016; ``Hpp`` strings of eqs. (A.1)-(A.3),
#:   writes ``Graser.txt``; found by content in the code index, its repository path not
#:   resolved), all 36 numbers, eps_5 rounded there to -0.21.
#:
#: Five inter-orbital entries were wrong here before (typed without a source, with digits
#: the table does not print): t^{34}_xxy -0.019 -> -0.01, t^{35}_x -0.3046 -> -0.30,
#: t^{35}_xxy -0.0141 -> -0.02, t^{45}_xy -0.0401 -> -0.15, t^{45}_xxyy 0.0147 -> 0.01.
#: They vanish at Gamma and M, so the levels there did not change; at X = (pi, 0) the
#: x2-y2/3z2-r2 mixing is ``-4 t^{35}_x + 8 t^{35}_xxy`` = 1.04 eV (was 1.106 eV), and with
#: the published table the d_xy level at M (-0.02 eV) lies about 7 meV above mu at n = 6.0.
GRASER_HOPPINGS: dict[str, dict[str, float]] = {
    "11": {"x": -0.14, "y": -0.40, "xy": 0.28, "xx": 0.02, "xxy": -0.035, "xyy": 0.005,
           "xxyy": 0.035},
    "33": {"x": 0.35, "xy": -0.105, "xx": -0.02},
    "44": {"x": 0.23, "xy": 0.15, "xx": -0.03, "xxy": -0.03, "xxyy": -0.03},
    "55": {"x": -0.10, "xx": -0.04, "xxy": 0.02, "xxyy": -0.01},
    "12": {"xy": 0.05, "xxy": -0.015, "xxyy": 0.035},
    "13": {"x": -0.354, "xy": 0.099, "xxy": 0.021},
    "14": {"x": 0.339, "xy": 0.014, "xxy": 0.028},
    "15": {"x": -0.198, "xy": -0.085, "xxyy": -0.014},
    "34": {"xxy": -0.01},
    "35": {"x": -0.30, "xxy": -0.02},
    "45": {"xy": -0.15, "xxyy": 0.01},
}
#: On-site energies eps_1..eps_5 (eV) of the same table (eps_1 = eps_2).
GRASER_ONSITE: tuple[float, ...] = (0.13, 0.13, -0.22, 0.30, -0.211)
#: Electrons per Fe (both spins) at which Graser et al. (2009) work: n = 6.0.
PNICTIDE5_FILLING = 6.0


def graser_bloch(k: np.ndarray, hoppings: dict[str, dict[str, float]] | None = None,
                 onsite: tuple[float, ...] = GRASER_ONSITE) -> np.ndarray:
    """Bloch Hamiltonian ``H_ab(k)`` of the five-orbital model, shape ``(..., 5, 5)`` (eV).

    Graser et al., New J. Phys. 11, 025016 (2009), eqs. (A.1)-(A.3), written as printed
    (``xi_11`` ... ``xi_45``; ``xi_ba = conj(xi_ab)``), plus ``eps_a``. The model is
    invariant under the S4 operation of the FeAs layer (``k -> (-ky, kx)`` with
    ``xz -> -yz, yz -> xz, x2-y2 -> -(x2-y2), xy -> -xy, 3z2-r2 -> 3z2-r2``); ``xi_25`` is
    written as the S4 image of ``xi_15`` (``xi_25(k) = xi_15(-ky, kx)``).

    Every term (signs, the factors 2 and 4, which cos/sin products) was compared with two
    public implementations that write all of eqs. (A.1)-(A.3): BBSKYRMION/pnictides
    ``pnict_5orb_Hamiltonian.m`` (as a Fourier series in kx at fixed ky) and R. P. Day's
    Python converter (see :data:`GRASER_HOPPINGS`); both agree with the form below term by
    term, including ``xi_22 = xi_11(kx <-> ky)``, ``xi_25`` and ``4 t^{55}_xxyy cos 2kx
    cos 2ky``. The DCA++ ``FeAs5Orb`` header has the same table but two typing slips in its
    form (``sin 2kx`` evaluated as ``sin kx``, and ``2 t^{55}_xxyy``); those were not
    followed.
    """
    t = GRASER_HOPPINGS if hoppings is None else hoppings

    def p(ab: str, mu: str) -> float:
        return t.get(ab, {}).get(mu, 0.0)

    kx, ky = np.asarray(k, dtype=float)[..., 0], np.asarray(k, dtype=float)[..., 1]
    cx, cy, c2x, c2y = np.cos(kx), np.cos(ky), np.cos(2 * kx), np.cos(2 * ky)
    sx, sy, s2x, s2y = np.sin(kx), np.sin(ky), np.sin(2 * kx), np.sin(2 * ky)
    h = np.zeros((*kx.shape, 5, 5), dtype=complex)

    def xi11(cx: np.ndarray, cy: np.ndarray, c2x: np.ndarray, c2y: np.ndarray) -> np.ndarray:
        return (2 * p("11", "x") * cx + 2 * p("11", "y") * cy + 4 * p("11", "xy") * cx * cy
                + 2 * p("11", "xx") * (c2x - c2y) + 4 * p("11", "xxy") * c2x * cy
                + 4 * p("11", "xyy") * cx * c2y + 4 * p("11", "xxyy") * c2x * c2y)

    h[..., 0, 0] = xi11(cx, cy, c2x, c2y)
    h[..., 1, 1] = xi11(cy, cx, c2y, c2x)
    h[..., 2, 2] = (2 * p("33", "x") * (cx + cy) + 4 * p("33", "xy") * cx * cy
                    + 2 * p("33", "xx") * (c2x + c2y))
    h[..., 3, 3] = (2 * p("44", "x") * (cx + cy) + 4 * p("44", "xy") * cx * cy
                    + 2 * p("44", "xx") * (c2x + c2y)
                    + 4 * p("44", "xxy") * (c2x * cy + cx * c2y) + 4 * p("44", "xxyy") * c2x * c2y)
    h[..., 4, 4] = (2 * p("55", "x") * (cx + cy) + 2 * p("55", "xx") * (c2x + c2y)
                    + 4 * p("55", "xxy") * (c2x * cy + cx * c2y) + 4 * p("55", "xxyy") * c2x * c2y)
    h[..., 0, 1] = (-4 * p("12", "xy") * sx * sy - 4 * p("12", "xxy") * (s2x * sy + sx * s2y)
                    - 4 * p("12", "xxyy") * s2x * s2y)
    h[..., 0, 2] = 1j * (2 * p("13", "x") * sy + 4 * p("13", "xy") * sy * cx
                         - 4 * p("13", "xxy") * (s2y * cx - c2x * sy))
    h[..., 1, 2] = 1j * (-2 * p("13", "x") * sx - 4 * p("13", "xy") * sx * cy
                         + 4 * p("13", "xxy") * (s2x * cy - c2y * sx))
    h[..., 0, 3] = 1j * (2 * p("14", "x") * sx + 4 * p("14", "xy") * cy * sx
                         + 4 * p("14", "xxy") * s2x * cy)
    h[..., 1, 3] = 1j * (2 * p("14", "x") * sy + 4 * p("14", "xy") * cx * sy
                         + 4 * p("14", "xxy") * s2y * cx)
    h[..., 0, 4] = 1j * (2 * p("15", "x") * sy - 4 * p("15", "xy") * sy * cx
                         - 4 * p("15", "xxyy") * s2y * c2x)
    h[..., 1, 4] = 1j * (2 * p("15", "x") * sx - 4 * p("15", "xy") * sx * cy
                         - 4 * p("15", "xxyy") * s2x * c2y)
    h[..., 2, 3] = 4 * p("34", "xxy") * (s2y * sx - s2x * sy)
    h[..., 2, 4] = 2 * p("35", "x") * (cx - cy) + 4 * p("35", "xxy") * (c2x * cy - cx * c2y)
    h[..., 3, 4] = 4 * p("45", "xy") * sx * sy + 4 * p("45", "xxyy") * s2x * s2y
    upper = np.triu_indices(5, 1)
    h[..., upper[1], upper[0]] = np.conj(h[..., upper[0], upper[1]])
    h[..., np.arange(5), np.arange(5)] += np.asarray(onsite, dtype=float)
    return h


def pnictide5_lattice() -> Lattice:
    """Five-orbital iron-pnictide model (one Fe per cell, energies in eV).

    Graser, Maier, Hirschfeld & Scalapino, New J. Phys. 11, 025016 (2009), appendix
    (a fit to the LaOFeAs LDA bands of Cao, Hirschfeld & Cheng, PRB 77, 220506 (2008);
    the form of Kuroki et al., PRL 101, 087004 (2008)): orbitals d_xz, d_yz, d_x2-y2, d_xy,
    d_3z2-r2 in that order, hoppings :data:`GRASER_HOPPINGS` up to (2, 2), on-site energies
    :data:`GRASER_ONSITE`. The bonds are the exact Fourier coefficients of
    :func:`graser_bloch`. At the published filling n = 6.0 electrons per Fe
    (:data:`PNICTIDE5_FILLING`) the Fermi surface has two hole pockets at (0, 0), one at
    (pi, pi) and electron pockets at (pi, 0) and (0, pi).
    """
    onsite, hops = hoppings_from_bloch(graser_bloch, 5, 2)
    names = ("dxz", "dyz", "dx2-y2", "dxy", "d3z2-r2")
    orbitals = tuple(Orbital(name, (0.0, 0.0), energy)
                     for name, energy in zip(names, onsite, strict=True))
    return Lattice(((1.0, 0.0), (0.0, 1.0)), orbitals, hops, name="pnictide5")


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


def _pnictide5(**_: float) -> Lattice:
    return pnictide5_lattice()


#: Lattices the CLI knows by name: builder and dimension.
PRESETS: dict[str, tuple[Callable[..., Lattice], int]] = {
    "chain": (_chain, 1),
    "square": (_square, 2),
    "emery": (_emery, 2),
    "pnictide2": (_pnictide2, 2),
    "pnictide5": (_pnictide5, 2),
}
