"""Exact diagonalisation of the Hubbard model in (N_up, N_down) sectors.

Basis: for each spin, the integers whose bits are the occupations (site i is bit i), with
all up operators ordered before all down operators, so that a hop of one spin carries the
sign ``(-1)^(number of same-spin electrons between the two sites)`` only. A sector's
Hamiltonian is ``T_up (x) 1 + 1 (x) T_dn + diag(interaction - mu N)``, built vectorised over
the configurations (one Python loop over bonds, none over states).

* :func:`solve_ground_state`: lowest state of one sector by sparse Lanczos
  (``scipy.sparse.linalg.eigsh``).
* :func:`solve_thermal`: grand-canonical thermodynamics at ``model.beta`` by full
  diagonalisation of every sector (spin-flip symmetry halves the work), for tiny clusters.

Every observable the DQMC measures in the z basis (density, double occupancy, energies,
S(q) with ``m = n_up - n_dn``, N(q), real-space correlations) is computed the same way, so the
two solvers cross-check.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from itertools import combinations
from math import comb
from typing import Any, ClassVar

import numpy as np
import scipy.sparse as sp

from cooperlab.hubbard.model import HubbardModel, pi_point, structure_factor
from cooperlab.results import Result, Variable, make_metadata, scalar
from cooperlab.validation import require_int

#: Largest cluster for the full finite-temperature diagonalisation (4^N states).
MAX_THERMAL_SITES = 10
#: Largest sector dimension for the Lanczos ground state.
MAX_SECTOR_DIMENSION = 20_000_000


def configurations(n_sites: int, n_particles: int) -> np.ndarray:
    """Sorted integers with ``n_particles`` of their lowest ``n_sites`` bits set."""
    if n_particles == 0:
        return np.zeros(1, dtype=np.int64)
    combos = np.array(list(combinations(range(n_sites), n_particles)), dtype=np.int64)
    return np.sort(np.sum(np.left_shift(1, combos), axis=1))


def occupations(configs: np.ndarray, n_sites: int) -> np.ndarray:
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


@dataclass
class _Sector:
    """Basis and Hamiltonian of one (N_up, N_dn) sector."""

    up: np.ndarray          # occupations (n_up_configs, N)
    dn: np.ndarray
    hamiltonian: sp.csr_matrix
    diagonal: np.ndarray    # interaction - mu N part, flattened (up-major)


def _one_body_onsite(model: HubbardModel) -> tuple[tuple[np.ndarray, ...], np.ndarray]:
    h = model.cluster.hopping_matrix(sparse=True).tocoo()
    off = h.row < h.col
    bonds = (h.row[off], h.col[off], h.data[off])
    return bonds, model.cluster.hopping_matrix(sparse=True).diagonal()


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
    up, dn = occupations(cu, n), occupations(cd, n)
    u = model.site_u()
    eps = onsite - model.mu
    diag = ((up - 0.5) * u) @ (dn - 0.5).T + (up @ eps)[:, None] + (dn @ eps)[None, :]
    diagonal = diag.ravel()
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

    VARIABLES: ClassVar[dict[str, Variable]] = {
        "energy_per_site": scalar("t", "energy per site <H_0 + U n_up n_dn>/N"),
        "kinetic_energy_per_site": scalar("t", "one-body energy per site <H_0>/N"),
        "double_occupancy": scalar("", "double occupancy <n_up n_dn> per site"),
        "density": scalar("", "electrons per site"),
        "spin_structure_factor_pi_pi": scalar("", "S(pi,...,pi), m = n_up - n_dn"),
        "momentum": Variable(("q", "axis"), "1/a", "cluster momenta", coordinate=False),
        "spin_structure_factor": Variable(("q",), "", "S(q) = sum_ij e^{iq(ri-rj)}<m_i m_j>/N"),
        "charge_structure_factor": Variable(("q",), "", "N(q) = sum_ij e^{iq(ri-rj)}<n_i n_j>/N"),
        "spin_correlation": Variable(("site", "site2"), "", "<m_i m_j>"),
        "charge_correlation": Variable(("site", "site2"), "", "<n_i n_j>"),
        "ground_state_energy": scalar("t", "ground-state <H_0 + U n_up n_dn> (ground state only)"),
        "spin_susceptibility": Variable(("q",), "1/t", "chi(q) = (1/N) int_0^beta dtau sum_ij "
                                        "e^{iq(ri-rj)} <m_i(tau) m_j(0)> (thermal only)"),
        "spin_susceptibility_pi_pi": scalar("1/t", "chi(pi,...,pi) (thermal only)"),
    }

    energy_per_site: float
    kinetic_energy_per_site: float
    double_occupancy: float
    density: float
    spin_structure_factor_pi_pi: float
    momentum: np.ndarray
    spin_structure_factor: np.ndarray
    charge_structure_factor: np.ndarray
    spin_correlation: np.ndarray
    charge_correlation: np.ndarray
    ground_state_energy: float | None = None
    spin_susceptibility: np.ndarray | None = None
    spin_susceptibility_pi_pi: float | None = None

    def summary(self) -> dict[str, Any]:
        """Scalars for ``--json``."""
        out: dict[str, Any] = {"result": "EDResult"}
        for key in ("energy_per_site", "kinetic_energy_per_site", "double_occupancy", "density",
                    "spin_structure_factor_pi_pi", "ground_state_energy",
                    "spin_susceptibility_pi_pi"):
            value = getattr(self, key)
            if value is not None and np.isfinite(value):
                out[key] = float(value)
        out.update({k: self.metadata[k] for k in ("beta", "n_up", "n_down") if k in self.metadata})
        return out


def _result(model: HubbardModel, acc: _Accumulator, started: float,
            ground: bool, **extra: Any) -> EDResult:
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
        ground_state_energy=kinetic + interaction if ground else None,
        metadata=make_metadata(model=model, wall_time_s=time.perf_counter() - started,
                               method="exact diagonalisation", **extra),
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
    acc = _Accumulator(n)
    acc.add(sector, psi**2, e0)
    return _result(model, acc, started, True, n_up=n_up, n_down=n_down, sector_dimension=dim,
                   eigenvalue=e0)


def _susceptibility_sector(sector: _Sector, values: np.ndarray, vectors: np.ndarray,
                           beta: float, e_min: float, phases: np.ndarray) -> np.ndarray:
    """``sum_nm |<n|m_q|m>|^2 (e^{-beta E_m} - e^{-beta E_n}) / (E_n - E_m)`` in one sector
    (``beta e^{-beta E_n}`` when ``E_n = E_m``), energies shifted by ``e_min``; one entry per
    row of ``phases`` (``e^{iq.r_i}``). ``m_q = sum_i e^{iq.r_i} m_i`` is diagonal in the basis.
    """
    m = (sector.up[:, None, :] - sector.dn[None, :, :]).reshape(-1, sector.up.shape[1])
    e = values - e_min
    boltz = np.exp(-beta * e)
    diff = e[:, None] - e[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        weight = (boltz[None, :] - boltz[:, None]) / diff
    close = np.abs(diff) < 1e-10
    weight[close] = (beta * 0.5 * (boltz[:, None] + boltz[None, :]))[close]
    out = np.empty(phases.shape[0])
    for a, phase in enumerate(phases):
        op = m @ phase                                   # m_q on the basis states
        elements = vectors.T @ (op[:, None] * vectors)   # <n|m_q|m>
        out[a] = float(np.sum(np.abs(elements) ** 2 * weight))
    return out


def solve_thermal(model: HubbardModel, *, susceptibility: bool = True) -> EDResult:
    """Grand-canonical expectation values at ``beta = model.beta`` by full diagonalisation.

    ``<O> = sum_n e^{-beta E_n} <n|O|n> / Z`` over all ``4^N`` states, sector by sector
    (``N <= MAX_THERMAL_SITES``). The z-basis observables only need the basis-state
    probabilities ``P_s = sum_n e^{-beta E_n} |<s|n>|^2``. With ``susceptibility`` the static
    spin susceptibility comes from the Lehmann representation
    ``chi(q) = (1/(N Z)) sum_nm |<n|m_q|m>|^2 (e^{-beta E_m} - e^{-beta E_n}) / (E_n - E_m)``
    (an extra O(dim^3) per sector and momentum).
    """
    if model.beta is None:
        raise ValueError("beta must be given for finite-temperature ED, got None")
    n = model.n_sites
    if n > MAX_THERMAL_SITES:
        raise ValueError(f"n_sites must be <= {MAX_THERMAL_SITES} for full finite-T ED, got {n}")
    started = time.perf_counter()
    spectra = []
    for a in range(n + 1):
        for b in range(a, n + 1):
            sector = build_sector(model, a, b)
            values, vectors = np.linalg.eigh(sector.hamiltonian.toarray())
            spectra.append((sector, values, vectors, a != b))
    e_min = min(float(s[1][0]) for s in spectra)
    acc = _Accumulator(n)
    positions = model.cluster.positions()
    phases = np.exp(1j * np.vstack([model.cluster.momenta(), pi_point(model.lattice.dim)])
                    @ positions.T)
    chi = np.zeros(phases.shape[0])
    for sector, values, vectors, pair in spectra:
        boltz = np.exp(-model.beta * (values - e_min))
        prob = (vectors**2) @ boltz
        acc.add(sector, prob, float(boltz @ values), symmetric=pair)
        if susceptibility:   # the spin-flipped sector has m -> -m: the same |<n|m_q|m>|^2
            chi += (2 if pair else 1) * _susceptibility_sector(sector, values, vectors,
                                                               model.beta, e_min, phases)
    free_energy = e_min - np.log(acc.weight) / model.beta
    result = _result(model, acc, started, False, beta=model.beta,
                     grand_potential=float(free_energy))
    if susceptibility:
        chi = chi / acc.weight / n
        result.spin_susceptibility, result.spin_susceptibility_pi_pi = chi[:-1], float(chi[-1])
    return result


def solve_ed(model: HubbardModel, n_up: int | None = None,
             n_down: int | None = None) -> EDResult:
    """Finite temperature when ``model.beta`` is set, else the ground state."""
    if model.beta is not None:
        return solve_thermal(model)
    return solve_ground_state(model, n_up, n_down)
