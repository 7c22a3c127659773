"""Exact diagonalisation of the Hubbard model in (N_up, N_down) sectors.

Basis: for each spin, the integers whose bits are the occupations (site i is bit i), with
all up operators ordered before all down operators, so that a hop of one spin carries the
sign ``(-1)^(number of same-spin electrons between the two sites)`` only. A sector's
Hamiltonian is ``T_up (x) 1 + 1 (x) T_dn + diag(interaction - mu N)``, built vectorised over
the configurations (one Python loop over bonds, none over states).

* :func:`solve_ground_state`: lowest state of one sector by sparse Lanczos
  (``scipy.sparse.linalg.eigsh``).
* :func:`solve_thermal`: grand-canonical thermodynamics at ``model.beta`` by full
  diagonalisation of every sector, for small clusters: only ``N_up <= N_dn`` (the mirror
  sector by spin symmetry), each sector split into the one-dimensional irreps of the
  cluster's reflections / half translations, the spin flip (``N_up = N_dn``) and, on
  bipartite clusters, particle-hole (which also gives the sectors with ``N_up + N_dn > N``
  from those below) (:mod:`cooperlab.hubbard.symmetry`).

Every observable the DQMC measures in the z basis (density, double occupancy, energies,
S(q) with ``m = n_up - n_dn``, N(q), real-space correlations, densities per orbital) is
computed the same way, and the thermal solver adds the pair observables of
:class:`~cooperlab.hubbard.measure.Estimators` (equal-time pair structure factors and the
s / d / extended-s pair susceptibilities, from the pair operators between the sectors
(N_up, N_dn) and (N_up + 1, N_dn + 1)), so the two solvers cross-check.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations, product
from math import comb
from typing import Any

import numpy as np
import scipy.sparse as sp

from cooperlab.hubbard.model import HubbardModel, pi_point, structure_factor
from cooperlab.naming import deprecated_alias
from cooperlab.results import Convergence, Result, make_metadata, scalar, variable
from cooperlab.validation import require_int

#: Largest cluster for the full finite-temperature diagonalisation (4^N states).
MAX_THERMAL_SITES = 10
#: Largest sector dimension for the Lanczos ground state.
MAX_SECTOR_DIMENSION = 20_000_000
#: Pair channels of the DQMC estimators (``d`` and ``extended_s`` on 2-D lattices only).
PAIR_NAMES = ("s", "d", "extended_s")


def configurations(n_sites: int, n_particles: int) -> np.ndarray:
    """Sorted integers with ``n_particles`` of their lowest ``n_sites`` bits set."""
    if n_particles == 0:
        return np.zeros(1, dtype=np.int64)
    combos = np.array(list(combinations(range(n_sites), n_particles)), dtype=np.int64)
    return np.sort(np.sum(np.left_shift(1, combos), axis=1))


def occupation_bits(configs: np.ndarray, n_sites: int) -> np.ndarray:
    """Bit table ``(n_configs, n_sites)`` of 0/1 occupations (int8)."""
    return ((configs[:, None] >> np.arange(n_sites)) & 1).astype(np.int8)


def spin_hopping_matrix(configs: np.ndarray, bonds: tuple[np.ndarray, np.ndarray, np.ndarray],
                        ) -> sp.csr_matrix:
    """``T = sum_bonds h (c^dag_i c_j + c^dag_j c_i)`` on one spin's configurations.

    The Jordan-Wigner sign of ``c^dag_i c_j`` is ``(-1)^popcount(c & between(i, j))`` with
    ``between`` the bits strictly between ``i`` and ``j``.
    """
    rows, cols, vals = [], [], []
    for i, j, h in zip(*bonds, strict=True):
        for a, b in ((int(i), int(j)), (int(j), int(i))):          # c^dag_a c_b
            can = ((configs >> b) & 1).astype(bool) & ~((configs >> a) & 1).astype(bool)
            src = configs[can]
            dst = src ^ ((1 << a) | (1 << b))
            lo, hi = min(a, b), max(a, b)
            between = ((1 << hi) - 1) ^ ((1 << (lo + 1)) - 1)
            sign = 1.0 - 2.0 * (np.bitwise_count(src & between) & 1)
            rows.append(np.searchsorted(configs, dst))
            cols.append(np.flatnonzero(can))
            vals.append(h * sign)
    n = configs.size
    if not rows:
        return sp.csr_matrix((n, n))
    matrix = sp.coo_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                           shape=(n, n)).tocsr()
    matrix.sum_duplicates()
    return matrix


@lru_cache(maxsize=64)
def _creation_table(n_sites: int, n_particles: int) -> tuple[tuple[np.ndarray, ...], ...]:
    """Per site ``i``: (source indices, target indices, signs) of one spin's ``c^dag_i`` from
    the ``n_particles`` to the ``n_particles + 1`` configurations (read-only arrays)."""
    src = configurations(n_sites, n_particles)
    dst = configurations(n_sites, n_particles + 1)
    out = []
    for i in range(n_sites):
        cols = np.flatnonzero(((src >> i) & 1) == 0)
        rows = np.searchsorted(dst, src[cols] | (1 << i))
        sign = 1.0 - 2.0 * (np.bitwise_count(src[cols] & ((1 << i) - 1)) & 1)
        for array in (cols, rows, sign):
            array.setflags(write=False)
        out.append((cols, rows, sign))
    return tuple(out)


def creation_matrices(n_sites: int, n_particles: int) -> list[sp.csr_matrix]:
    """``c^dag_i`` of one spin, ``i = 0 .. n_sites-1``, from the ``n_particles`` to the
    ``n_particles + 1`` configurations, with the sign ``(-1)^(occupied bits below i)`` of the
    ascending creation-operator order (the order the hopping signs assume)."""
    shape = (comb(n_sites, n_particles + 1), comb(n_sites, n_particles))
    return [sp.csr_matrix((sign, (rows, cols)), shape=shape)
            for cols, rows, sign in _creation_table(n_sites, n_particles)]


def pair_creation_operator(n_sites: int, n_up: int, n_dn: int,
                           amplitudes: np.ndarray) -> sp.csr_matrix:
    """``sum_ij M_ij c^dag_{i up} c^dag_{j dn}`` from sector ``(n_up, n_dn)`` to
    ``(n_up + 1, n_dn + 1)`` (up-major product basis, up operators before down ones; the
    sign ``(-1)^n_up`` of moving ``c^dag_{j dn}`` past the up electrons is common to the
    whole sector pair and left out). A singlet pair has a symmetric ``M``. Built as the sum
    of the Kronecker products ``M_ij c^dag_{i up} (x) c^dag_{j dn}``, entry by entry."""
    up, dn = _creation_table(n_sites, n_up), _creation_table(n_sites, n_dn)
    dn_src, dn_dst = comb(n_sites, n_dn), comb(n_sites, n_dn + 1)
    shape = (comb(n_sites, n_up + 1) * dn_dst, comb(n_sites, n_up) * dn_src)
    rows, cols, vals = [], [], []
    for i, j in zip(*np.nonzero(amplitudes), strict=True):
        cu, ru, su = up[i]
        cd, rd, sd = dn[j]
        rows.append((ru[:, None] * dn_dst + rd[None, :]).ravel())
        cols.append((cu[:, None] * dn_src + cd[None, :]).ravel())
        vals.append(float(amplitudes[i, j]) * np.outer(su, sd).ravel())
    if not rows:
        return sp.csr_matrix(shape)
    return sp.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                         shape=shape)


def pair_amplitudes(model: HubbardModel) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """For each pair of :meth:`Estimators.pair_forms` the matrices ``M`` of
    ``sum_c A^dag_c`` and of ``sum_c D^dag_c`` (:func:`pair_creation_operator`).

    ``A_c = sum_k F_ck c_{k up} c_{r_c dn}`` is the pair of the DQMC's equal-time estimator
    ``pair_<name> = (1/N_c) sum_cc' <A_c A^dag_c'>``, ``D_c = (1/2) sum_k F_ck
    (c_{k up} c_{r_c dn} - c_{k dn} c_{r_c up})`` the singlet of the susceptibilities:
    ``M_A = -F^T R``, ``M_D = -(F^T R + R^T F)/2`` with ``R_cj = delta_{j r_c}`` (the on-site
    ``s`` pair, ``F = R``, gives ``M_D = -R^T R``: ``D^dag_c = c^dag_{r up} c^dag_{r dn}``).
    """
    from cooperlab.hubbard.measure import Estimators

    estimators = Estimators.for_model(model)
    ref = np.eye(model.n_sites)[estimators.reference]
    out = {}
    for name, form in estimators.pair_forms.items():
        m_a = -form.T @ ref
        out[name] = (m_a, 0.5 * (m_a + m_a.T))
    return out


@dataclass
class _Sector:
    """Basis and Hamiltonian of one (N_up, N_dn) sector."""

    up: np.ndarray          # occupations (n_up_configs, N)
    dn: np.ndarray
    hamiltonian: sp.csr_matrix | None
    diagonal: np.ndarray    # interaction - mu N part, flattened (up-major)


def _one_body_onsite(model: HubbardModel) -> tuple[tuple[np.ndarray, ...], np.ndarray]:
    h = model.cluster.hopping_matrix(sparse=True).tocoo()
    off = h.row < h.col
    bonds = (h.row[off], h.col[off], h.data[off])
    return bonds, model.cluster.hopping_matrix(sparse=True).diagonal()


def _sector_diagonal(model: HubbardModel, cu: np.ndarray, cd: np.ndarray, onsite: np.ndarray,
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Occupation tables and the diagonal ``interaction - mu N + onsite`` (up-major)."""
    n = model.n_sites
    up, dn = occupation_bits(cu, n), occupation_bits(cd, n)
    eps = onsite - model.mu
    diag = ((up - 0.5) * model.site_u()) @ (dn - 0.5).T + (up @ eps)[:, None] + (dn @ eps)[None, :]
    return up, dn, diag.ravel()


def build_sector(model: HubbardModel, n_up: int, n_dn: int) -> _Sector:
    """Sparse Hamiltonian of the sector with ``n_up`` up and ``n_dn`` down electrons."""
    n = model.n_sites
    require_int("n_up", n_up, 0, n)
    require_int("n_down", n_dn, 0, n)
    dim = comb(n, n_up) * comb(n, n_dn)
    if dim > MAX_SECTOR_DIMENSION:
        raise ValueError(f"sector dimension must be <= {MAX_SECTOR_DIMENSION}, got {dim} "
                         f"for {n} sites with n_up={n_up}, n_down={n_dn}")
    bonds, onsite = _one_body_onsite(model)
    cu, cd = configurations(n, n_up), configurations(n, n_dn)
    up, dn, diagonal = _sector_diagonal(model, cu, cd, onsite)
    t_up = spin_hopping_matrix(cu, bonds)
    t_dn = spin_hopping_matrix(cd, bonds)
    ham = (sp.kron(t_up, sp.identity(cd.size), format="csr")
           + sp.kron(sp.identity(cu.size), t_dn, format="csr")
           + sp.diags(diagonal, format="csr"))
    return _Sector(up, dn, ham.tocsr(), diagonal)


class _Accumulator:
    """Sums of weighted diagonal observables over basis-state probabilities."""

    def __init__(self, n: int) -> None:
        self.weight = 0.0
        self.energy = 0.0        # <H> (with mu and (n-1/2)(n-1/2))
        self.n_up = np.zeros(n)
        self.n_dn = np.zeros(n)
        self.double = np.zeros(n)
        self.mm = np.zeros((n, n))
        self.nn = np.zeros((n, n))
        self.diag_energy = 0.0   # <interaction - mu N + onsite> part of <H>

    def add(self, sector: _Sector, prob: np.ndarray, energy: float, factor: float = 1.0,
            symmetric: bool = False) -> None:
        """Add a sector with basis probabilities ``prob`` (unnormalised), total ``energy``."""
        p = prob.reshape(sector.up.shape[0], sector.dn.shape[0])
        up, dn = sector.up.astype(float), sector.dn.astype(float)
        pu, pd = p.sum(axis=1), p.sum(axis=0)
        nu, nd = pu @ up, pd @ dn
        dbl = np.einsum("ab,ai,bi->i", p, up, dn)
        uu = up.T @ (pu[:, None] * up)
        dd = dn.T @ (pd[:, None] * dn)
        ud = up.T @ p @ dn
        mm = uu + dd - ud - ud.T
        nn = uu + dd + ud + ud.T
        if symmetric:   # add the spin-flipped sector too: swap up and down
            nu, nd = nu + nd, nu + nd
            dbl, mm, nn, factor = 2 * dbl, 2 * mm, 2 * nn, factor
            weight, energy_sum = 2 * p.sum(), 2 * energy
            diag_sum = 2 * float(prob @ sector.diagonal)
        else:
            weight, energy_sum, diag_sum = p.sum(), energy, float(prob @ sector.diagonal)
        self.weight += factor * weight
        self.energy += factor * energy_sum
        self.diag_energy += factor * diag_sum
        self.n_up += factor * nu
        self.n_dn += factor * nd
        self.double += factor * dbl
        self.mm += factor * mm
        self.nn += factor * nn


@dataclass(kw_only=True)
class EDResult(Result):
    """Exact-diagonalisation observables (ground state or thermal).

    Energies per site exclude the ``mu`` term: ``E = <H_0> + sum_i U_i <n_up n_dn>`` / N.
    """

    energy_per_site: float = scalar("t", "energy per site <H_0 + U n_up n_dn>/N")
    kinetic_energy_per_site: float = scalar("t", "one-body energy per site <H_0>/N")
    double_occupancy: float = scalar("", "double occupancy <n_up n_dn> per site")
    density: float = scalar("", "electrons per site")
    spin_structure_factor_pi_pi: float = scalar("", "S(pi,...,pi), m = n_up - n_dn")
    momentum: np.ndarray = variable(("q", "axis"), "1/a", "cluster momenta")
    spin_structure_factor: np.ndarray = variable(
        ("q",), "", "S(q) = sum_ij e^{iq(ri-rj)}<m_i m_j>/N")
    charge_structure_factor: np.ndarray = variable(
        ("q",), "", "N(q) = sum_ij e^{iq(ri-rj)}<n_i n_j>/N")
    spin_correlation: np.ndarray = variable(("site", "site2"), "", "<m_i m_j>")
    charge_correlation: np.ndarray = variable(("site", "site2"), "", "<n_i n_j>")
    ground_state_energy: float | None = scalar(
        "t", "ground-state <H_0 + U n_up n_dn> (ground state only)")
    spin_susceptibility: np.ndarray | None = variable(
        ("q",), "1/t", "chi(q) = (1/N) int_0^beta dtau sum_ij e^{iq(ri-rj)} <m_i(tau) m_j(0)> "
        "(thermal only)")
    spin_susceptibility_pi_pi: float | None = scalar("1/t", "chi(pi,...,pi) (thermal only)")
    orbital_density: np.ndarray | None = variable(
        ("orbital",), "", "electrons per site of each orbital")
    orbital_double_occupancy: np.ndarray | None = variable(
        ("orbital",), "", "<n_up n_dn> of each orbital")
    # the pair observables of PAIR_NAMES
    pair_s: float | None = scalar("", "equal-time s pair structure factor (1/N_c) "
                                    "sum_cc' <A_c A^dag_c'> (thermal only)")
    pair_d: float | None = scalar("", "equal-time d pair structure factor (1/N_c) "
                                    "sum_cc' <A_c A^dag_c'> (thermal only)")
    pair_extended_s: float | None = scalar("", "equal-time extended_s pair structure factor "
                                             "(1/N_c) sum_cc' <A_c A^dag_c'> (thermal only)")
    pair_susceptibility_s: float | None = scalar(
        "1/t", "singlet s pair susceptibility (1/N_c) int_0^beta dtau sum_cc' "
        "<D_c(tau) D^dag_c'(0)> (thermal only)")
    pair_susceptibility_d: float | None = scalar(
        "1/t", "singlet d pair susceptibility (1/N_c) int_0^beta dtau sum_cc' "
        "<D_c(tau) D^dag_c'(0)> (thermal only)")
    pair_susceptibility_extended_s: float | None = scalar(
        "1/t", "singlet extended_s pair susceptibility (1/N_c) int_0^beta dtau sum_cc' "
        "<D_c(tau) D^dag_c'(0)> (thermal only)")

    def summary(self) -> dict[str, Any]:
        """Scalars for ``--json``."""
        out: dict[str, Any] = {"result": "EDResult"}
        for key in ("energy_per_site", "kinetic_energy_per_site", "double_occupancy", "density",
                    "spin_structure_factor_pi_pi", "ground_state_energy",
                    "spin_susceptibility_pi_pi", *(f"pair_{p}" for p in PAIR_NAMES),
                    *(f"pair_susceptibility_{p}" for p in PAIR_NAMES)):
            value = getattr(self, key)
            if value is not None and np.isfinite(value):
                out[key] = float(value)
        out.update({k: self.metadata[k] for k in ("beta", "n_up", "n_down") if k in self.metadata})
        return out


def _per_orbital(model: HubbardModel, values: np.ndarray) -> np.ndarray:
    """Average of a per-site array over the cells, one entry per orbital."""
    orbital = model.cluster.orbital_index()
    return np.bincount(orbital, values) / np.bincount(orbital)


def _result(model: HubbardModel, acc: _Accumulator, started: float,
            ground: bool, convergence: Convergence, **extra: Any) -> EDResult:
    n = model.n_sites
    w = acc.weight
    u = model.site_u()
    double = acc.double / w
    onsite_mu = model.cluster.hopping_matrix(sparse=True).diagonal() - model.mu
    # <H> = <T_offdiag> + <diag>, diag = sum U (n-1/2)(n-1/2) + (eps - mu) n
    hopping = (acc.energy - acc.diag_energy) / w
    onsite = float(onsite_mu @ (acc.n_up + acc.n_dn) / w) + model.mu * float(
        np.sum(acc.n_up + acc.n_dn) / w)
    kinetic = hopping + onsite
    interaction = float(u @ double)
    positions = model.cluster.positions()
    mm, nn = acc.mm / w, acc.nn / w
    q = model.cluster.momenta()
    return EDResult(
        energy_per_site=(kinetic + interaction) / n,
        kinetic_energy_per_site=kinetic / n,
        double_occupancy=float(double.mean()),
        density=float(np.sum(acc.n_up + acc.n_dn) / w / n),
        spin_structure_factor_pi_pi=float(structure_factor(mm, positions,
                                                           pi_point(model.lattice.dim))[0]),
        momentum=q,
        spin_structure_factor=structure_factor(mm, positions, q),
        charge_structure_factor=structure_factor(nn, positions, q),
        spin_correlation=mm,
        charge_correlation=nn,
        orbital_density=_per_orbital(model, (acc.n_up + acc.n_dn) / w),
        orbital_double_occupancy=_per_orbital(model, double),
        ground_state_energy=kinetic + interaction if ground else None,
        metadata=make_metadata(model=model, wall_time_s=time.perf_counter() - started,
                               method="exact diagonalisation", convergence=convergence,
                               **extra),
    )


def solve_ground_state(model: HubbardModel, n_up: int | None = None,
                       n_down: int | None = None, *, tol: float = 1e-12) -> EDResult:
    """Ground state of the ``(n_up, n_down)`` sector by sparse Lanczos (``eigsh``).

    Default: half filling, ``n_up = ceil(N/2)``, ``n_down = floor(N/2)``. ``ground_state_energy``
    is the total ``<H_0 + U n_up n_dn>`` (no ``mu`` term; ``energy_per_site`` times N); the
    eigenvalue of the full ``H`` of the module docstring is ``metadata["eigenvalue"]``.
    """
    from scipy.sparse.linalg import eigsh

    started = time.perf_counter()
    n = model.n_sites
    n_up = (n + 1) // 2 if n_up is None else n_up
    n_down = n // 2 if n_down is None else n_down
    sector = build_sector(model, n_up, n_down)
    dim = sector.hamiltonian.shape[0]
    if dim <= 64:
        values, vectors = np.linalg.eigh(sector.hamiltonian.toarray())
    else:
        v0 = np.random.default_rng(0).standard_normal(dim)
        values, vectors = eigsh(sector.hamiltonian, k=1, which="SA", tol=tol, v0=v0)
    e0 = float(values[0])
    psi = vectors[:, 0]
    discretisation = {"n_up": n_up, "n_down": n_down, "sector_dimension": dim}
    if dim <= 64:
        convergence = Convergence(passed=True, criterion="complete diagonalisation",
                                  discretisation=discretisation)
    else:   # eigsh raises when the Lanczos iteration does not converge
        residual = float(np.linalg.norm(sector.hamiltonian @ psi - e0 * psi))
        convergence = Convergence(
            passed=True, criterion="Lanczos ground state (scipy eigsh, relative tolerance "
            "tol on the eigenvalue); achieved: residual ||H psi - E0 psi||",
            achieved=residual, target=tol * max(1.0, abs(e0)),
            discretisation=discretisation, details={"tol": tol})
    acc = _Accumulator(n)
    acc.add(sector, psi**2, e0)
    return _result(model, acc, started, True, convergence, n_up=n_up, n_down=n_down,
                   sector_dimension=dim, eigenvalue=e0)


def lehmann_weights(e_from: np.ndarray, e_to: np.ndarray, beta: float) -> np.ndarray:
    """``W_nm = int_0^beta dtau e^{-(beta - tau) E_n} e^{-tau E_m}
    = (e^{-beta E_m} - e^{-beta E_n}) / (E_n - E_m)`` (``beta e^{-beta E_n}`` when
    ``E_n = E_m``), so that ``int_0^beta dtau <A(tau) A^dag(0)> = (1/Z) sum_nm
    |<m|A^dag|n>|^2 W_nm``, ``n`` the states ``A^dag`` acts on (energies shifted to keep the
    exponentials finite)."""
    b_from, b_to = np.exp(-beta * e_from), np.exp(-beta * e_to)
    diff = e_from[:, None] - e_to[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        weight = (b_to[None, :] - b_from[:, None]) / diff
    close = np.abs(diff) < 1e-10
    weight[close] = (beta * 0.5 * (b_from[:, None] + b_to[None, :]))[close]
    return weight


@dataclass
class _Spectrum:
    """Eigenpairs of one sector, block by block: the eigenvectors of a block with basis ``B``
    (:func:`~cooperlab.hubbard.symmetry.symmetry_blocks`) are the columns of ``B @ U``."""

    sector: _Sector
    bases: list[sp.csr_matrix]
    values: list[np.ndarray]
    vectors: list[np.ndarray]
    _stacked: sp.csc_matrix | None = None
    #: for a particle-hole image: the sector it was mapped from and the energy shift
    image_of: tuple[tuple[int, int], float] | None = None

    def offsets(self) -> np.ndarray:
        """Column offsets of the blocks in :meth:`basis`."""
        return np.cumsum([0] + [b.shape[1] for b in self.bases])

    def basis(self) -> sp.csc_matrix:
        """All blocks side by side: an orthogonal ``(dim, dim)`` sparse matrix (cached)."""
        if self._stacked is None:
            self._stacked = sp.hstack(self.bases, format="csc")
        return self._stacked

    def probabilities(self, beta: float, e_min: float) -> tuple[np.ndarray, float]:
        """``P_s = sum_n e^{-beta (E_n - e_min)} |<s|n>|^2`` on the up-major basis, and
        ``sum_n e^{-beta (E_n - e_min)} E_n``."""
        prob = np.zeros(self.sector.diagonal.size)
        energy = 0.0
        for basis, values, vectors in zip(self.bases, self.values, self.vectors, strict=True):
            boltz = np.exp(-beta * (values - e_min))
            prob += basis.multiply(basis) @ ((vectors**2) @ boltz)
            energy += float(boltz @ values)
        return prob, energy


def _sector_configurations(occ: np.ndarray) -> np.ndarray:
    return occ.astype(np.int64) @ (np.int64(1) << np.arange(occ.shape[1], dtype=np.int64))


def diagonalise_sector(model: HubbardModel, n_up: int, n_dn: int,
                       generators: list[np.ndarray] | None = None,
                       particle_hole: np.ndarray | None = None) -> _Spectrum:
    """Full spectrum of the ``(n_up, n_dn)`` sector, block-diagonalised by the site
    involutions ``generators`` (:func:`~cooperlab.hubbard.symmetry.hamiltonian_involutions`),
    the spin flip when ``n_up = n_dn``, and, with the site signs ``particle_hole``
    (:func:`~cooperlab.hubbard.symmetry.particle_hole_signs`) and ``n_up + n_dn = N``, the
    particle-hole map times the flip; ``generators=None``: one dense ``eigh`` of the whole
    sector (the plain reference path)."""
    from cooperlab.hubbard.symmetry import particle_hole_map, symmetry_blocks

    sector = build_sector(model, n_up, n_dn)
    dim = sector.diagonal.size
    if generators is None:
        bases = [sp.identity(dim, format="csr")]
    else:
        cu, cd = _sector_configurations(sector.up), _sector_configurations(sector.dn)
        extra = (particle_hole_map(cu, cd, model.n_sites, particle_hole)
                 if particle_hole is not None and n_up + n_dn == model.n_sites else None)
        bases = symmetry_blocks(cu, cd, model.n_sites, generators, spin_flip=n_up == n_dn,
                                extra=extra)
    spectrum = _Spectrum(sector, bases, [], [])
    for basis in bases:
        block = (basis.T @ sector.hamiltonian @ basis).toarray()
        values, vectors = np.linalg.eigh(block)
        spectrum.values.append(values)
        spectrum.vectors.append(vectors)
    return spectrum


def _particle_hole_image(model: HubbardModel, spectrum: _Spectrum,
                         signs: np.ndarray) -> _Spectrum:
    """Spectrum of the sector ``(n - b, n - a)`` from that of ``(a, b)``
    (:func:`~cooperlab.hubbard.symmetry.particle_hole_map`): the same blocks mapped by the
    signed permutation, energies shifted by ``(eps_0 - mu)(2n - 2(a + b))`` (``eps_0`` the
    common on-site energy), since ``H = H_ph + (eps_0 - mu) N`` with ``H_ph`` invariant and
    ``N -> 2n - N``."""
    from cooperlab.hubbard.symmetry import particle_hole_map

    n = model.n_sites
    sector = spectrum.sector
    cu, cd = _sector_configurations(sector.up), _sector_configurations(sector.dn)
    mapping = particle_hole_map(cu, cd, n, signs)
    onsite = model.cluster.hopping_matrix(sparse=True).diagonal()
    a, b = int(sector.up[0].sum()), int(sector.dn[0].sum())
    up, dn, diagonal = _sector_diagonal(model, configurations(n, n - b),
                                        configurations(n, n - a), onsite)
    image = _Sector(up, dn, None, diagonal)
    shift = (float(onsite[0]) - model.mu) * (2 * n - 2 * (a + b))
    return _Spectrum(image, [(mapping @ basis).tocsr() for basis in spectrum.bases],
                     [values + shift for values in spectrum.values], spectrum.vectors,
                     image_of=((a, b), shift))


def _reduced(source: _Spectrum, target: _Spectrum, operator: sp.spmatrix) -> sp.csc_matrix:
    """``B_target^T O B_source`` on the symmetry-adapted bases (CSC, no explicit zeros)."""
    reduced = (target.basis().T @ (operator @ source.basis())).tocsc()
    reduced.data[np.abs(reduced.data) < 1e-14] = 0.0
    reduced.eliminate_zeros()
    return reduced


def _block_pairs(source: _Spectrum, target: _Spectrum, operator: sp.spmatrix,
                 beta: float, e_min: float, symmetric: bool = False) -> float:
    """``sum_nm |<m|O|n>|^2 W_nm`` (:func:`lehmann_weights`, ``n`` in ``source``, ``m`` in
    ``target``) over the symmetry blocks, skipping the pairs of blocks that ``O`` does not
    connect (one GEMM per connected pair). ``symmetric``: ``source is target`` and ``O`` is
    symmetric, so the block pair ``(j, i)`` equals ``(i, j)``."""
    reduced = _reduced(source, target, operator)
    src_off, dst_off = source.offsets(), target.offsets()
    total = 0.0
    for i, (e_i, u_i) in enumerate(zip(source.values, source.vectors, strict=True)):
        column = reduced[:, src_off[i]:src_off[i + 1]]          # CSC: indices are rows
        hit = np.unique(np.searchsorted(dst_off, column.indices, side="right") - 1)
        column = column.tocsr()
        for j in hit:
            if symmetric and j < i:
                continue
            elements = target.vectors[j].T @ (column[dst_off[j]:dst_off[j + 1]] @ u_i)
            weight = lehmann_weights(e_i - e_min, target.values[j] - e_min, beta)
            total += (2.0 if symmetric and j > i else 1.0) * float(
                np.sum(elements.T**2 * weight))
    return total


def site_irreps(generators: list[np.ndarray] | None, n_sites: int) -> list[np.ndarray]:
    """Orthonormal bases ``F`` (``(n_sites, k)``) of the site functions of each irrep of the
    group generated by the site involutions ``generators``, so that the operators
    ``sum_i F_ia m_i`` of one irrep connect each symmetry block to a single other one."""
    if not generators:
        return [np.eye(n_sites)]
    matrices = []
    for perm in generators:
        matrix = np.zeros((n_sites, n_sites))
        matrix[perm, np.arange(n_sites)] = 1.0
        matrices.append(matrix)
    out = []
    for characters in product((1, -1), repeat=len(matrices)):
        projector = np.eye(n_sites)
        for chi, matrix in zip(characters, matrices, strict=True):
            projector = projector @ (np.eye(n_sites) + chi * matrix) / 2
        values, vectors = np.linalg.eigh((projector + projector.T) / 2)
        if np.any(values > 0.5):
            out.append(vectors[:, values > 0.5])
    return out


def _susceptibility_sector(spectrum: _Spectrum, beta: float, e_min: float,
                           irreps: list[np.ndarray]) -> np.ndarray:
    """``X_ij = sum_nm <n|m_i|m><m|m_j|n> W_nm`` (:func:`lehmann_weights`) in one sector,
    energies shifted by ``e_min``, so that ``sum_nm |<n|m_q|m>|^2 W_nm = sum_ij
    e^{iq.(r_i - r_j)} X_ij``. Built from the symmetry-adapted operators ``m_a = sum_i
    F_ia m_i`` of each site irrep (:func:`site_irreps`): ``X = sum F K F^T`` with ``K_ab =
    sum_nm <n|m_a|m><m|m_b|n> W_nm``, zero between irreps (``X`` is invariant). Each ``m_a``
    is diagonal on the basis, keeps the sector and connects a block to one other block."""
    sector = spectrum.sector
    m = (sector.up[:, None, :] - sector.dn[None, :, :]).reshape(-1, sector.up.shape[1])
    offsets = spectrum.offsets()
    out = np.zeros((m.shape[1], m.shape[1]))
    for functions in irreps:
        columns = [_reduced(spectrum, spectrum, sp.diags(m @ f, format="csr"))
                   for f in functions.T]
        kernel = np.zeros((functions.shape[1],) * 2)
        for i, (e_i, u_i) in enumerate(zip(spectrum.values, spectrum.vectors, strict=True)):
            elements: dict[int, dict[int, np.ndarray]] = {}
            for a, reduced in enumerate(columns):
                column = reduced[:, offsets[i]:offsets[i + 1]]
                hits = np.unique(np.searchsorted(offsets, column.indices, side="right") - 1)
                column = column.tocsr()
                for j in hits[hits >= i]:
                    rows = column[offsets[j]:offsets[j + 1]]
                    elements.setdefault(int(j), {})[a] = spectrum.vectors[j].T @ (rows @ u_i)
            for j, per_op in elements.items():
                weight = lehmann_weights(spectrum.values[j] - e_min, e_i - e_min, beta)
                factor = 1.0 if j == i else 2.0
                for a, left in per_op.items():
                    weighted = left * weight
                    for b, right in per_op.items():
                        if b >= a:
                            kernel[a, b] += factor * float(np.sum(weighted * right))
        kernel = np.triu(kernel) + np.triu(kernel, 1).T
        out += functions @ kernel @ functions.T
    return out


def _pair_sector(n_sites: int, source: tuple[int, int], spectra: dict[Any, _Spectrum],
                 amplitudes: dict[str, tuple[np.ndarray, np.ndarray]], beta: float,
                 e_min: float, susceptibility: bool = True) -> dict[str, float]:
    """Unnormalised thermal sums of the pair observables from ``source = (n_up, n_dn)`` to
    ``(n_up + 1, n_dn + 1)``: ``sum_n e^{-beta E_n} ||A^dag|n>||^2`` (equal time) and
    ``sum_nm |<m|D^dag|n>|^2 W_nm`` (susceptibility), for ``M`` and its transpose ``M^T``
    (the spin-flipped sector ``(n_dn, n_up)`` has ``M -> -M^T``). The equal-time sums need
    the source eigenvectors only."""
    a, b = source
    spec_n, spec_m = spectra[(a, b)], spectra[(a + 1, b + 1)]
    out: dict[str, float] = {}
    for name, (m_a, m_d) in amplitudes.items():
        for label, matrix in (("", m_a), ("_T", m_a.T)):
            operator = pair_creation_operator(n_sites, a, b, matrix)
            out[f"pair_{name}{label}"] = _created_norms(spec_n, spec_m, operator, beta, e_min)
        if susceptibility:
            out[f"pair_susceptibility_{name}"] = _block_pairs(
                spec_n, spec_m, pair_creation_operator(n_sites, a, b, m_d), beta, e_min)
    return out


def _created_norms(source: _Spectrum, target: _Spectrum, operator: sp.spmatrix, beta: float,
                   e_min: float) -> float:
    """``sum_n e^{-beta E_n} ||O|n>||^2`` over the eigenstates of ``source`` (norms taken on
    the symmetry-adapted basis of ``target``, where ``O`` is sparser)."""
    reduced = _reduced(source, target, operator)
    offsets = source.offsets()
    total = 0.0
    for i, (e_i, u_i) in enumerate(zip(source.values, source.vectors, strict=True)):
        column = reduced[:, offsets[i]:offsets[i + 1]].tocsr()
        rows = np.flatnonzero(np.diff(column.indptr))                # the target rows hit
        if rows.size:
            created = column[rows] @ u_i
            total += float(np.exp(-beta * (e_i - e_min)) @ np.einsum("an,an->n", created,
                                                                       created))
    return total


def thermal_symmetries(model: HubbardModel) -> list[np.ndarray]:
    """Site involutions of the cluster (:meth:`~cooperlab.lattice.Cluster.involutions`)
    that leave the model invariant: the generators :func:`solve_thermal` block-diagonalises
    every sector with (with the spin flip when ``N_up = N_dn``)."""
    from cooperlab.hubbard.symmetry import hamiltonian_involutions

    return hamiltonian_involutions(model.cluster.hopping_matrix(), model.site_u(),
                                   model.cluster.involutions())


def solve_thermal(model: HubbardModel, *, susceptibility: bool = True, pairs: bool = True,
                  symmetry: bool = True) -> EDResult:
    """Grand-canonical expectation values at ``beta = model.beta`` by full diagonalisation.

    ``<O> = sum_n e^{-beta E_n} <n|O|n> / Z`` over all ``4^N`` states, sector by sector
    (``N <= MAX_THERMAL_SITES``; only ``N_up <= N_dn`` is diagonalised, the spin-flipped
    sectors follow by symmetry). With ``symmetry`` (default) each sector is split into the
    blocks of the lattice involutions of :func:`thermal_symmetries` (axis reflections, half
    translations; ``Z_2^k``, real characters) and, for ``N_up = N_dn``, the spin flip
    (:mod:`cooperlab.hubbard.symmetry`); ``symmetry=False`` diagonalises every sector whole
    (same numbers, slower). The z-basis observables only need the basis-state probabilities
    ``P_s = sum_n e^{-beta E_n} |<s|n>|^2``. With ``susceptibility`` the static spin
    susceptibility comes from the Lehmann representation (:func:`lehmann_weights`)
    ``chi(q) = (1/(N Z)) sum_nm |<n|m_q|m>|^2 (e^{-beta E_m} - e^{-beta E_n}) / (E_n - E_m)``.
    With ``pairs`` the pair observables of the DQMC (:func:`pair_amplitudes`): ``pair_<a> =
    (1/(N_c Z)) sum_n e^{-beta E_n} ||A^dag|n>||^2`` and, with ``susceptibility`` too,
    ``pair_susceptibility_<a> = (1/(N_c Z)) sum_nm |<m|D^dag|n>|^2 W_nm`` between the sectors
    ``(N_up, N_dn)`` and ``(N_up + 1, N_dn + 1)``. The Lehmann sums run over the pairs of
    symmetry blocks the operator connects (one GEMM each) and cost several times the
    diagonalisation; ``susceptibility=False`` gives every equal-time observable.
    """
    from cooperlab.hubbard.symmetry import particle_hole_signs

    if model.temperature is None:
        raise ValueError("temperature must be given for finite-temperature ED, got None")
    n = model.n_sites
    if n > MAX_THERMAL_SITES:
        raise ValueError(f"n_sites must be <= {MAX_THERMAL_SITES} for full finite-T ED, got {n}")
    started = time.perf_counter()
    generators = thermal_symmetries(model) if symmetry else None
    signs = particle_hole_signs(model.cluster.hopping_matrix()) if symmetry else None
    spectra: dict[tuple[int, int], _Spectrum] = {}
    for a in range(n + 1):
        for b in range(a, n + 1):
            if signs is None or a + b <= n:
                spectra[(a, b)] = diagonalise_sector(model, a, b, generators, signs)
    if signs is not None:    # (n - b, n - a) from (a, b) by the spin flip and particle-hole
        for (a, b), spectrum in list(spectra.items()):
            if a + b < n:
                spectra[(n - b, n - a)] = _particle_hole_image(model, spectrum, signs)
    spectra = dict(sorted(spectra.items()))
    e_min = min(float(v[0]) for s in spectra.values() for v in s.values)
    acc = _Accumulator(n)
    positions = model.cluster.positions()
    phases = np.exp(1j * np.vstack([model.cluster.momenta(), pi_point(model.lattice.dim)])
                    @ positions.T)
    chi_sites = np.zeros((n, n))
    x_sites: dict[tuple[int, int], np.ndarray] = {}
    irreps = site_irreps(generators, n)
    amplitudes = pair_amplitudes(model) if pairs else {}
    pair_sums: dict[str, float] = {}
    for (a, b), spectrum in spectra.items():
        flipped = a != b
        prob, energy = spectrum.probabilities(model.beta, e_min)
        acc.add(spectrum.sector, prob, energy, symmetric=flipped)
        if susceptibility:   # the spin-flipped sector has m -> -m: the same |<n|m_q|m>|^2
            if spectrum.image_of is None:
                x_sites[(a, b)] = _susceptibility_sector(spectrum, model.beta, e_min, irreps)
                chi_sites += (2 if flipped else 1) * x_sites[(a, b)]
            else:   # particle-hole x flip keeps every m_i; all energies move by `shift`
                source, shift = spectrum.image_of
                chi_sites += ((2 if flipped else 1) * np.exp(-model.beta * shift)
                              * x_sites[source])
        if amplitudes and b < n:
            sums = _pair_sector(n, (a, b), spectra, amplitudes, model.beta, e_min,
                                susceptibility)
            for key, value in sums.items():
                # the flipped sector (b, a) contributes the M^T sum (|.|^2 of -M^T)
                if key.endswith("_T"):
                    key, value = key[:-2], value if flipped else 0.0
                elif key.startswith("pair_susceptibility") and flipped:
                    value *= 2               # singlet: M^T = M
                pair_sums[key] = pair_sums.get(key, 0.0) + value
    free_energy = e_min - np.log(acc.weight) / model.beta
    blocks = [basis.shape[1] for s in spectra.values() for basis in s.bases]
    convergence = Convergence(
        passed=True, criterion="complete diagonalisation",
        discretisation={"sectors": len(spectra), "blocks": len(blocks),
                        "largest_block": int(max(blocks)), "states": 4**n,
                        "symmetry_generators": len(generators) if generators is not None
                        else 0})
    result = _result(model, acc, started, False, convergence, beta=model.beta,
                     grand_potential=float(free_energy),
                     symmetry_generators=len(generators) if generators is not None else 0,
                     largest_block=int(max(blocks)))
    if susceptibility:
        chi = np.einsum("qi,ij,qj->q", phases, chi_sites, phases.conj()).real / acc.weight / n
        result.spin_susceptibility, result.spin_susceptibility_pi_pi = chi[:-1], float(chi[-1])
    n_cells = model.cluster.n_cells
    for key, value in pair_sums.items():
        setattr(result, key, value / acc.weight / n_cells)
    return result


def solve_ed(model: HubbardModel, n_up: int | None = None, n_down: int | None = None, *,
             susceptibility: bool = True, pairs: bool = True) -> EDResult:
    """Exact diagonalisation: the Lanczos ground state, or finite T when ``model.temperature``
    is set.

    Parameters
    ----------
    model
        The cluster; ``temperature`` None: ground state (:func:`solve_ground_state`), else the
        full finite-temperature spectrum (:func:`solve_thermal`).
    n_up
        Ground state: up electrons (default: ceil(N/2)).
    n_down
        Ground state: down electrons (default: floor(N/2)).
    susceptibility
        Finite T: Lehmann sums for chi(q) and the pair susceptibilities (about 3x the
        cost of the equal-time observables).
    pairs
        Finite T: the equal-time pair correlations.
    """
    if model.temperature is not None:
        return solve_thermal(model, susceptibility=susceptibility, pairs=pairs)
    return solve_ground_state(model, n_up, n_down)


# Deprecated names (removed in the next release).
occupations = deprecated_alias(occupation_bits, "occupations")
