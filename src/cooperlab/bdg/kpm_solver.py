"""BdG mean fields from Chebyshev expansions of the Fermi function (large clusters).

The mean fields are matrix elements of ``f(H_BdG)`` in the Nambu basis (particle ``i``, hole
``N + i``): ``Delta_ii = U_i f(H)_{i, N+i}``, ``n_i = f(H)_{ii} + 1 - f(H)_{N+i, N+i}``,
``Delta_ij = (V/2) [f(H)_{i, N+j} + f(H)_{j, N+i}]``. ``f(H) r`` is expanded as
``sum_n g_n c_n T_n(X) r`` (:mod:`cooperlab.bdg.kpm`, Jackson kernel) and applied to blocks of
*probe* vectors: the sites are coloured by their cell coordinates modulo ``P`` and one probe
``sum_{i in colour} e_i`` serves every site of its colour (Tang & Saad, Numer. Linear
Algebra Appl. 19, 485 (2012), probing). Reading row ``i`` of ``f(H)`` times the probe of
``i``'s colour gives the wanted element plus the elements to sites ``P`` or more cells
away, which decay exponentially (gapped or thermal density matrices); ``P = 0`` gives every
site its own probe (exact up to the expansion). The cost is ``M`` sparse-times-block products
with ``2 P^d`` columns: O(N) per iteration at fixed ``P`` and ``M``. At ``T = 0`` the
expanded Fermi function is a step smoothed by the kernel (resolution ~ pi a / M).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from cooperlab.bdg.kpm import expansion_coefficients, jackson_kernel, rescaled, spectral_scale
from cooperlab.bdg.model import BdGModel


def sparse_nambu(model: BdGModel, mu: float, site_gap: np.ndarray, bond_gap: np.ndarray,
                 density: np.ndarray, bonds: tuple[np.ndarray, np.ndarray],
                 hopping: sp.spmatrix) -> sp.csr_matrix:
    """The Nambu Hamiltonian of :mod:`cooperlab.bdg.model` for the given mean fields (CSR)."""
    n = model.n_sites
    diagonal = model.onsite_potential() - mu
    if model.hartree:
        diagonal = diagonal + model.interaction() * (density - 1) / 2
    exchange = np.zeros(n) if model.exchange is None else model.exchange
    particle = hopping + sp.diags(diagonal - exchange)
    hole = -(hopping + sp.diags(diagonal + exchange)).conj()
    i, j = bonds
    pairing = sp.diags(site_gap.astype(complex)) + sp.coo_matrix(
        (np.concatenate([bond_gap, bond_gap]), (np.concatenate([i, j]), np.concatenate([j, i]))),
        shape=(n, n))
    return sp.bmat([[particle, pairing], [pairing.conj().T, hole]], format="csr")


def colours(model: BdGModel, period: int) -> np.ndarray:
    """Probe colour of every site: cell coordinates modulo ``period`` (0: one per site)."""
    cells = model.cluster.cell_coordinates()
    orbital = model.cluster.orbital_index()
    if period <= 0:
        return np.arange(model.n_sites)
    shape = np.minimum(np.asarray(model.cluster.shape), period)
    folded = cells % shape
    index = np.ravel_multi_index(folded.T, tuple(shape))
    return index * model.cluster.lattice.n_orbitals + orbital


def apply_fermi(x: sp.spmatrix, block: np.ndarray, coefficients: np.ndarray) -> np.ndarray:
    """``sum_n g_n c_n T_n(X) block`` by the Chebyshev recursion (Jackson kernel)."""
    weights = jackson_kernel(len(coefficients)) * coefficients
    previous = block
    current = x @ block
    out = weights[0] * previous + weights[1] * current
    for w in weights[2:]:
        previous, current = current, 2 * (x @ current) - previous
        out += w * current
    return out


def kpm_mean_fields(model: BdGModel, mu: float, site_gap: np.ndarray, bond_gap: np.ndarray,
                    density: np.ndarray, bonds: tuple[np.ndarray, np.ndarray],
                    hopping: sp.spmatrix, n_moments: int, probe_period: int
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``(Delta_ii, Delta_ij, n_i, <c_down c_up>_i)`` by Chebyshev expansion with probing."""
    n = model.n_sites
    ham = sparse_nambu(model, mu, site_gap, bond_gap, density, bonds, hopping)
    scale = spectral_scale(ham)
    x = rescaled(ham, scale)
    temperature = max(model.temperature, 1e-6 * scale.half_width)

    def fermi(u: np.ndarray) -> np.ndarray:
        return 0.5 * (1 - np.tanh(scale.to_energy(u) / (2 * temperature)))

    coefficients = expansion_coefficients(fermi, n_moments)
    colour = colours(model, probe_period)
    n_colours = int(colour.max()) + 1
    probes = np.zeros((2 * n, 2 * n_colours), dtype=complex)
    probes[np.arange(n), colour] = 1.0                 # particle probes
    probes[n + np.arange(n), n_colours + colour] = 1.0  # hole probes
    applied = apply_fermi(x, probes, coefficients)
    sites = np.arange(n)
    f_particle_particle = applied[sites, colour]                 # f_ii
    f_hole_hole = applied[n + sites, n_colours + colour]         # f_{N+i, N+i}
    anomalous = applied[sites, n_colours + colour]               # f_{i, N+i}
    new_density = (f_particle_particle + 1 - f_hole_hole).real
    i, j = bonds
    bond = (model.V / 2) * (applied[i, n_colours + colour[j]] + applied[j, n_colours + colour[i]])
    return model.interaction() * anomalous, bond, new_density, anomalous
