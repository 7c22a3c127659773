"""BdG mean fields from Chebyshev expansions of the Fermi function (large clusters).

The mean fields are matrix elements of ``f(H_BdG)`` in the Nambu basis (particle ``i``, hole
``N + i``): ``Delta_ii = U_i f(H)_{i, N+i}``, ``n_i = f(H)_{ii} + 1 - f(H)_{N+i, N+i}``,
``Delta_ij = (V/2) [f(H)_{i, N+j} + f(H)_{j, N+i}]``. ``f(H) r`` is expanded as
``sum_n g_n c_n T_n(X) r`` (:mod:`cooperlab.numerics.kpm`, Jackson kernel) and applied to blocks of
*probe* vectors: the sites are coloured by their cell coordinates modulo ``P`` and one probe
``sum_{i in colour} e_i`` serves every site of its colour (Tang & Saad, Numer. Linear
Algebra Appl. 19, 485 (2012), probing). Reading row ``i`` of ``f(H)`` times the probe of
``i``'s colour gives the wanted element plus the elements to sites ``P`` or more cells
away, which decay exponentially (gapped or thermal density matrices); ``P = 0`` gives every
site its own probe (exact up to the expansion). Along a periodic direction ``P`` must divide
the length (else the colours do not tile the torus and same-colour sites meet across the
boundary): a non-dividing ``P`` is raised to the next divisor, with a warning, and the
period used is recorded in the result (:func:`probe_periods`, :func:`probe_record`). The
cost is ``M`` sparse-times-block products with ``2 P^d`` columns: O(N) per iteration at
fixed ``P`` and ``M``. At ``T = 0`` the expanded Fermi function is a step smoothed by the
kernel (resolution ~ pi a / M).

The recursion is written once against the numpy API: ``backend="cupy"`` runs it on a GPU
(CuPy dense blocks, cupyx CSR matrix; :mod:`cooperlab.backend` decides and raises a
``ValueError`` when CuPy or a GPU is missing), the results come back as numpy arrays.
"""

from __future__ import annotations

import warnings
from types import ModuleType
from typing import Any

import numpy as np
import scipy.sparse as sp

from cooperlab.backend import array_module, to_numpy
from cooperlab.bdg.model import BdGModel
from cooperlab.lattice import Cluster
from cooperlab.numerics.kpm import expansion_coefficients, jackson_kernel, rescaled, spectral_scale
from cooperlab.numerics.occupations import fermi_dirac


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


def probe_periods(cluster: Cluster, period: int) -> tuple[int, ...]:
    """The probe period used along each direction of ``cluster`` for a requested ``period``.

    Along a periodic direction of length ``L`` the colouring must tile the torus: with
    ``L mod P != 0`` the last, incomplete stripe of colours sits next to the first across the
    boundary, so sites of one colour come within ``L mod P`` cells of each other and their
    density-matrix elements leak into the probed moments (a 4.8 % low self-consistent gap on
    a disordered 12 x 12 cluster at ``P = 5``, against 0.5 % at ``P = 6``). The period used
    is then the smallest divisor of ``L`` above ``P``: same-colour sites stay at least ``P``
    cells apart, so the accuracy is never below the one asked for (at a higher cost when
    ``L`` has no divisor close to ``P``). ``P >= L`` gives every cell of the direction its
    own colour; open directions (no wrap) keep ``min(P, L)``. ``0``: one probe per site.
    """
    if period <= 0:
        return tuple(0 for _ in cluster.shape)
    used = []
    for length, wraps in zip(cluster.shape, cluster.periodic, strict=True):
        if period >= length:
            used.append(length)
        elif not wraps or length % period == 0:
            used.append(period)
        else:
            used.append(next(d for d in range(period + 1, length + 1) if length % d == 0))
    return tuple(used)


def probe_record(cluster: Cluster, period: int, option: str = "probe_period"
                 ) -> dict[str, Any]:
    """``{"requested", "used", "note"}`` for the results' metadata, with a ``UserWarning``
    when :func:`probe_periods` had to change the requested period (a period that does not
    divide a periodic direction of the cluster)."""
    used = probe_periods(cluster, period)
    changed = [(length, p) for length, p, wraps in zip(cluster.shape, used, cluster.periodic,
                                                        strict=True)
               if period > 0 and wraps and period < length and p != period]
    note = ""
    if changed:
        note = (f"{option}={period} does not divide the periodic cluster "
                f"{'x'.join(map(str, cluster.shape))}; used {'x'.join(map(str, used))} "
                "(the smallest divisor above it along each direction: a non-dividing period "
                "brings same-colour sites closer than the period and biases the fields)")
        warnings.warn(note, UserWarning, stacklevel=3)
    return {"requested": int(period), "used": list(used), "note": note}


def colours(model: BdGModel, period: int) -> np.ndarray:
    """Probe colour of every site: cell coordinates modulo the periods of
    :func:`probe_periods` (0: one per site)."""
    cells = model.cluster.cell_coordinates()
    orbital = model.cluster.orbital_index()
    if period <= 0:
        return np.arange(model.n_sites)
    shape = np.asarray(probe_periods(model.cluster, period))
    folded = cells % shape
    index = np.ravel_multi_index(folded.T, tuple(shape))
    return index * model.cluster.lattice.n_orbitals + orbital


def on_backend(x: sp.spmatrix, backend: str) -> tuple[Any, ModuleType]:
    """``(operator, xp)``: the sparse ``X`` and the array module of ``backend`` (``"numpy"``:
    unchanged; ``"cupy"``: a cupyx CSR matrix on the GPU; ``"auto"``: CuPy when usable)."""
    xp = array_module(backend)
    if xp is np:
        return x, np
    import cupyx.scipy.sparse as device_sparse  # type: ignore[import-not-found]

    return device_sparse.csr_matrix(x), xp


def probe_block(model: BdGModel, period: int) -> tuple[np.ndarray, np.ndarray, int]:
    """``(probes, colour, n_colours)``: the ``2N x 2C`` Nambu probe block, particle probes in
    columns ``0..C-1`` and hole probes in ``C..2C-1`` (each the sum of its colour's sites)."""
    n = model.n_sites
    colour = colours(model, period)
    n_colours = int(colour.max()) + 1
    probes = np.zeros((2 * n, 2 * n_colours), dtype=complex)
    probes[np.arange(n), colour] = 1.0                 # particle probes
    probes[n + np.arange(n), n_colours + colour] = 1.0  # hole probes
    return probes, colour, n_colours


def probed_local_expansions(x: sp.spmatrix, model: BdGModel, period: int,
                            weights: dict[str, np.ndarray], chunk: int = 32,
                            colour_block: int = 256, backend: str = "numpy"
                            ) -> dict[str, np.ndarray]:
    """``sum_n w_n[k] mu_n(i)`` for every site ``i`` and column ``k`` of each weight matrix
    ``(n_moments, K)``, with the probed local moments ``mu_n(i) = <i|T_n(X)|colour(i)>``:
    keys ``"particle"`` (``<i|T_n|i>``), ``"hole"`` (``<N+i|T_n|N+i>``) and ``"anomalous"``
    (``<i|T_n|N+i>``, real part). The recursion runs on blocks of ``colour_block`` colours
    (particle and hole probes, real arithmetic for a real ``X``); moments are gathered
    ``chunk`` at a time and contracted with the weights as one matrix product (BLAS-3).
    Returns ``(N, K)`` arrays. Exact for ``period=0``; otherwise ``mu_n(i)`` also holds the
    elements to same-colour sites within ``n`` hops, so the period must grow with the
    resolution (``P ~ M / 5`` keeps the LDOS within a few per cent, see
    :mod:`cooperlab.bdg.spectra`)."""
    n = model.n_sites
    colour = colours(model, period)
    n_colours = int(colour.max()) + 1
    n_moments = {w.shape[0] for w in weights.values()}
    if len(n_moments) != 1:
        raise ValueError(f"weights must all have the same number of moments, got {n_moments}")
    total = n_moments.pop()
    dtype = complex if np.iscomplexobj(x.data) and np.abs(x.data.imag).max(initial=0) > 0 \
        else float
    x, xp = on_backend(x if dtype is complex else sp.csr_matrix(x.real), backend)
    device_weights = {key: xp.asarray(w) for key, w in weights.items()}
    out = {key: np.zeros((n, w.shape[1])) for key, w in weights.items()}
    order = np.argsort(colour, kind="stable")
    bounds = np.searchsorted(colour[order], np.arange(0, n_colours + colour_block,
                                                      colour_block))
    for first_colour, (lo, hi) in enumerate(zip(bounds[:-1], bounds[1:], strict=True)):
        sites = order[lo:hi]
        if sites.size == 0:
            continue
        column = colour[sites] - first_colour * colour_block
        width = int(column.max()) + 1
        probes = np.zeros((2 * n, 2 * width), dtype=dtype)
        probes[sites, column] = 1.0
        probes[n + sites, width + column] = 1.0
        probes = xp.asarray(probes)
        rows = {key: (xp.asarray(row), xp.asarray(col)) for key, (row, col) in {
            "particle": (sites, column), "hole": (n + sites, width + column),
            "anomalous": (sites, width + column)}.items()}
        buffers = {key: xp.zeros((chunk, sites.size)) for key in weights}
        previous, current = probes, probes
        first = 0
        for moment in range(total):
            if moment == 1:
                current = x @ previous
            elif moment > 1:
                previous, current = current, 2 * (x @ current) - previous
            for key in weights:
                row, col = rows[key]
                buffers[key][moment - first] = current[row, col].real
            if moment - first + 1 == chunk or moment == total - 1:
                count = moment - first + 1
                for key, w in device_weights.items():
                    out[key][sites] += to_numpy(buffers[key][:count].T @ w[first:moment + 1])
                first = moment + 1
    return out


def apply_fermi(x: Any, block: Any, coefficients: np.ndarray) -> Any:
    """``sum_n g_n c_n T_n(X) block`` by the Chebyshev recursion (Jackson kernel); ``x`` and
    ``block`` on any numpy-API backend."""
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
                    hopping: sp.spmatrix, n_moments: int, probe_period: int,
                    backend: str = "numpy"
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``(Delta_ii, Delta_ij, n_i, <c_down c_up>_i)`` by Chebyshev expansion with probing
    (on the array ``backend``)."""
    n = model.n_sites
    ham = sparse_nambu(model, mu, site_gap, bond_gap, density, bonds, hopping)
    scale = spectral_scale(ham)
    x = rescaled(ham, scale)
    temperature = max(model.temperature, 1e-6 * scale.half_width)

    def fermi(u: np.ndarray) -> np.ndarray:
        return fermi_dirac(scale.to_energy(u), temperature)

    coefficients = expansion_coefficients(fermi, n_moments)
    probes, colour, n_colours = probe_block(model, probe_period)
    operator, xp = on_backend(x, backend)
    applied = to_numpy(apply_fermi(operator, xp.asarray(probes), coefficients))
    sites = np.arange(n)
    f_particle_particle = applied[sites, colour]                 # f_ii
    f_hole_hole = applied[n + sites, n_colours + colour]         # f_{N+i, N+i}
    anomalous = applied[sites, n_colours + colour]               # f_{i, N+i}
    new_density = (f_particle_particle + 1 - f_hole_hole).real
    i, j = bonds
    bond = (model.V / 2) * (applied[i, n_colours + colour[j]] + applied[j, n_colours + colour[i]])
    return model.interaction() * anomalous, bond, new_density, anomalous
