"""Pairing from spin and charge/orbital fluctuations: the RPA pairing vertex, its projection
on the Fermi surface, the linearised gap equation and the symmetry of its solutions.

**Vertex** (Graser, Maier, Hirschfeld & Scalapino, New J. Phys. 11, 025016 (2009), eq. (6);
Kemper et al., New J. Phys. 12, 073030 (2010), eqs. (4)-(5) for the triplet), in the
particle-hole pair labelling of :mod:`cooperlab.fluctuations`:

    Gamma^singlet(q) = B + 3/2 U^s chi_s(q) U^s - 1/2 U^c chi_c(q) U^c,
    Gamma^triplet(q) = B - 1/2 U^s chi_s(q) U^s - 1/2 U^c chi_c(q) U^c,
    B = (U^s + U^c)/2,

matrix products over orbital pairs, ``chi_s = [1 - chi0 U^s]^-1 chi0`` and ``chi_c = [1 +
chi0 U^c]^-1 chi0`` (:func:`~cooperlab.fluctuations.rpa_mesh`).

*Index placement, derived in our convention.* ``chi0_{ab,cd}(q) = -(T/N) sum_k G_{ca}(k)
G_{bd}(k+q)`` makes the RPA chain ``chi0 U chi0`` glue an interaction ``U_{ef,gh}`` to the
two bubbles such that one fermion line enters with orbital ``e`` at momentum ``p`` and
leaves with ``f`` at ``p + q``, the other enters with ``h`` at ``p' + q`` and leaves with
``g`` at ``p'``. For the Cooper scattering ``(k' up, -k' dn) -> (k up, -k dn)`` the direct
channel has ``q = k - k'``: ``e`` is annihilated at ``k'``, ``f`` created at ``k``, ``g``
created at ``-k``, ``h`` annihilated at ``-k'``. With that placement ``B`` is exactly the
opposite-spin Kanamori interaction (``B_{aa,aa} = U``, ``B_{aa,bb} = U'``, ``B_{ab,ab} = J``,
``B_{ab,ba} = J'``; checked term by term in the tests), the longitudinal bubbles of opposite
spins give ``(U^s chi_s U^s - U^c chi_c U^c)/2`` and the transverse (spin-flip) ladder,
a crossed-channel term at ``k + k'``, becomes ``U^s chi_s U^s`` at ``k - k'`` with the same
placement once the pair wave function is made even (singlet) or odd (triplet) in ``k'``:
hence 3/2 and -1/2 (and -1/2, -1/2 for the triplet). For one orbital ``Gamma^singlet =
U + 3/2 U^2 chi_s - 1/2 U^2 chi_c`` (``= U + U^2 chi0 + ...``), the Berk-Schrieffer vertex
(Scalapino, Rev. Mod. Phys. 84, 1383 (2012)).

**Band projection.** With ``c_{k a} = sum_nu U_{a nu}(k) c_{k nu}`` and the time-reversal
partner at ``-k`` (``U(-k) = U(k)*`` for real hoppings) the intraband pair vertex is

    Gamma_{nu mu}(k, k') = Re sum_{efgh} U*_{f nu}(k) U_{g nu}(k) Gamma_{ef,gh}(k - k')
                                          U_{e mu}(k') U*_{h mu}(k'),

independent of the eigenvector phases; it is then made even (singlet) or odd (triplet)
in ``k'``: ``[Gamma(k, k') +- Gamma(k, -k')]/2``.

**Gap equation** (Graser 2009, eq. (13)): on the Fermi surface

    lambda g(k) = - sum_mu oint dk'_par / ((2 pi)^2 |v_F(k')|) Gamma(k, k') g(k').

*Discretisation: an energy shell on the mesh itself.* ``oint dk_par / ((2 pi)^2 |v|) F =
int d^2k/(2 pi)^2 delta(xi_k) F ~ (1/N^2) sum_k delta_sigma(xi_k) F(k)`` with a Gaussian
``delta_sigma`` of adaptive width ``sigma_k = a |v_k| dk`` (``dk = 2 pi/N``; Yates, Wang,
Vanderbilt & Souza, PRB 75, 195121 (2007)): the smearing covers ``a`` mesh steps across the
Fermi surface wherever the band runs, so the sum converges as the mesh is refined (the
tests pin it) with no contour search. The shell points are mesh points, so every transfer
``k - k'`` is a mesh momentum and the mesh ``chi_s``, ``chi_c`` enter exactly (no
interpolation), and the shell is closed under C4v, so the symmetry projection is exact
(:mod:`cooperlab.fluctuations.symmetry`). The kernel is solved in the symmetric form
``-sqrt(w) Gamma sqrt(w)`` (``w_k = delta_sigma(xi_k)/N^2``) restricted to even (singlet) or
odd (triplet) functions of k; ``lambda > 0`` is attraction, and the largest lambda is the
leading instability (``T_c`` where it reaches 1).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from scipy.linalg import eigh

from cooperlab.fluctuations.chi0 import chi0_mesh, ir_check, ir_discretisation
from cooperlab.fluctuations.electrons import BandMesh, mesh_momenta
from cooperlab.fluctuations.kanamori import KanamoriInteraction
from cooperlab.fluctuations.model import RPAModel
from cooperlab.fluctuations.rpa import leading_eigenvalue, rpa_mesh
from cooperlab.fluctuations.symmetry import (
    INVERSION,
    IRREP_LABELS,
    IRREPS,
    OPERATIONS,
    irrep_weights,
    is_symmetric,
    mesh_images,
    pocket_centre,
    pockets,
    point_permutations,
)
from cooperlab.lattice import Lattice
from cooperlab.naming import deprecated_attributes, renamed_fields
from cooperlab.results import Convergence, Result, make_metadata, variable
from cooperlab.sweep import SweepResult, sweep
from cooperlab.validation import require_int, require_positive

CHANNELS = ("singlet", "triplet")
#: Largest relative asymmetry and eigen-residual of the shell kernel reported as converged.
EIGEN_TOLERANCE = 1e-8


def pairing_vertex(chi_s: np.ndarray, chi_c: np.ndarray, interaction: KanamoriInteraction,
                   n_orbitals: int, channel: str = "singlet") -> np.ndarray:
    """``Gamma_{ef,gh}(q)`` of the module docstring on the q mesh, shape ``(..., n^2, n^2)``.

    ``chi_s``, ``chi_c`` are the RPA susceptibilities of :func:`rpa_mesh`; ``channel`` is
    ``"singlet"`` (3/2, -1/2) or ``"triplet"`` (-1/2, -1/2).
    """
    if channel not in CHANNELS:
        raise ValueError(f"channel must be one of {CHANNELS}, got {channel!r}")
    u_s = interaction.spin_vertex(n_orbitals)
    u_c = interaction.charge_vertex(n_orbitals)
    spin, charge = (1.5, -0.5) if channel == "singlet" else (-0.5, -0.5)
    return (0.5 * (u_s + u_c) + spin * (u_s @ chi_s @ u_s)
            + charge * (u_c @ chi_c @ u_c))


@renamed_fields(nk="n_mesh")
@dataclass(frozen=True)
class FermiShell:
    """Mesh points near the Fermi surface with their measure (module docstring).

    Arrays over the shell points ``p``: mesh indices ``i, j``, ``band``, ``xi``, the
    Fermi velocity ``speed = |v|``, the measure ``weight`` (``sum_p weight_p F_p ~
    oint dk/((2 pi)^2 |v|) F``), band vectors ``vectors[p, a]``, the pocket label and the
    C4v permutations ``perms[R, p]`` (``None`` without the symmetry).
    """

    n_mesh: int
    i: np.ndarray
    j: np.ndarray
    band: np.ndarray
    xi: np.ndarray
    speed: np.ndarray
    weight: np.ndarray
    vectors: np.ndarray
    pocket: np.ndarray
    inversion: np.ndarray
    perms: np.ndarray | None

    @property
    def k(self) -> np.ndarray:
        """Momenta ``2 pi (i, j)/N`` folded to (-pi, pi], shape ``(n_points, 2)``."""
        k = 2 * np.pi * np.stack([self.i, self.j], axis=-1) / self.n_mesh
        return np.where(k > np.pi, k - 2 * np.pi, k)


def band_velocity(lattice: Lattice, bands: BandMesh, step: float = 1e-6) -> np.ndarray:
    """``|v_nu(k)| = |<nu| dH/dk |nu>|`` on the mesh (Hellmann-Feynman, central differences).

    Returns shape ``(N, N, n)`` in lattice energy times the lattice constant.
    """
    k = mesh_momenta(bands.n_mesh)
    u = bands.vectors
    components = []
    for axis in range(2):
        shift = np.zeros(2)
        shift[axis] = step
        dh = (lattice.bloch_hamiltonian(k + shift, position_phases=False)
              - lattice.bloch_hamiltonian(k - shift, position_phases=False)) / (2 * step)
        components.append(np.einsum("xyan,xyab,xybn->xyn", np.conj(u), dh, u).real)
    return np.hypot(*components)


def fermi_shell(lattice: Lattice, bands: BandMesh, smearing: float = 1.0,
                cutoff: float = 3.0) -> FermiShell:
    """The energy shell of the module docstring: ``|xi| < cutoff sigma``, Gaussian weights.

    ``sigma_k = max(smearing |v_k| 2 pi/N, 1e-4 W)`` (W the band width). For a band
    structure with the C4v symmetry of the mesh the shell and its weights are made exactly
    symmetric (orbit averages), so that :mod:`~cooperlab.fluctuations.symmetry` applies.
    """
    smearing = require_positive("smearing", smearing)
    cutoff = require_positive("cutoff", cutoff)
    n_mesh, n = bands.n_mesh, bands.n_orbitals
    xi = bands.xi
    if np.abs(mesh_images(xi, OPERATIONS[INVERSION]) - xi).max() > 1e-9 * max(
            float(np.abs(xi).max()), 1.0):
        raise ValueError("the band structure must satisfy xi(-k) = xi(k) (time reversal) "
                         "for the singlet/triplet gap equation")
    speed = band_velocity(lattice, bands)
    width = float(xi.max() - xi.min())
    sigma = np.maximum(smearing * speed * 2 * np.pi / n_mesh, 1e-4 * width)
    ratio = np.abs(xi) / sigma
    weight = np.exp(-ratio**2) / (np.sqrt(np.pi) * sigma) / n_mesh**2
    symmetric = is_symmetric(xi)
    ops = OPERATIONS if symmetric else (OPERATIONS[0], OPERATIONS[INVERSION])
    ratio = np.min([mesh_images(ratio, op) for op in ops], axis=0)
    weight = np.mean([mesh_images(weight, op) for op in ops], axis=0)
    speed = np.mean([mesh_images(speed, op) for op in ops], axis=0)
    i, j, band = np.nonzero(ratio < cutoff)
    if i.size == 0:
        raise ValueError("no Fermi surface: the chemical potential lies in a gap or outside "
                         "the bands")
    perms = point_permutations(i, j, band, n_mesh, n)
    inversion = perms[INVERSION]
    return FermiShell(n_mesh=n_mesh, i=i, j=j, band=band, xi=xi[i, j, band],
                      speed=speed[i, j, band],
                      weight=weight[i, j, band], vectors=bands.vectors[i, j, :, band],
                      pocket=pockets(i, j, band, n_mesh), inversion=inversion,
                      perms=perms if symmetric else None)


def project_vertex(vertex: np.ndarray, shell: FermiShell, rows: np.ndarray | None = None,
                   *, chunk: int = 16) -> np.ndarray:
    """``Gamma_{nu mu}(k_p, k_p')`` (module docstring, before the parity projection).

    ``vertex`` has shape ``(N, N, n^2, n^2)`` (pair labelling ``ef, gh``); returns the
    complex ``(len(rows), n_points)`` block (all rows by default). Rows are done ``chunk``
    at a time: the vertex is gathered at the transfers ``k_p - k_p'`` (mesh momenta) and
    contracted with ``A_p[f, g] = U*_f U_g`` on the left and ``B_p'[e, h] = U_e U*_h`` on
    the right.
    """
    n_mesh = shell.n_mesh
    n = shell.vectors.shape[1]
    rows = np.arange(shell.i.size) if rows is None else np.asarray(rows)
    # (q, e, f, g, h) -> (q, f, g, e, h): rows (f, g) meet k, columns (e, h) meet k'
    grouped = vertex.reshape(n_mesh * n_mesh, n, n, n, n).transpose(0, 2, 3, 1, 4)
    grouped = np.ascontiguousarray(grouped).reshape(n_mesh * n_mesh, n * n, n * n)
    u = shell.vectors
    left = (np.conj(u)[:, :, None] * u[:, None, :]).reshape(-1, n * n)
    right = (u[:, :, None] * np.conj(u)[:, None, :]).reshape(-1, n * n)
    out = np.empty((rows.size, u.shape[0]), dtype=complex)
    for start in range(0, rows.size, chunk):
        block = rows[start:start + chunk]
        q = (((shell.i[block, None] - shell.i[None, :]) % n_mesh) * n_mesh
             + (shell.j[block, None] - shell.j[None, :]) % n_mesh)
        gathered = grouped[q]                                      # (c, M, n^2, n^2)
        contracted = (gathered @ right[None, :, :, None])[..., 0]  # (c, M, n^2)
        out[start:start + chunk] = np.einsum("ca,cma->cm", left[block], contracted)
    return out


@dataclass(frozen=True)
class SpinFluctuationPairingOptions:
    """Numerics of :func:`solve_pairing`.

    Parameters
    ----------
    n_states
        Eigenvalues kept per channel.
    smearing, cutoff
        Width ``a`` of the adaptive Gaussian (mesh steps across the Fermi surface) and the
        shell half-width in units of it (:func:`fermi_shell`).
    triplet
        Also solve the triplet (odd-parity) channel.
    check_half_mesh
        Also solve on the N/2 mesh and report the change of the leading eigenvalue.
    """

    n_states: int = 6
    smearing: float = 1.0
    cutoff: float = 3.0
    triplet: bool = True
    check_half_mesh: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "n_states", require_int("n_states", self.n_states, 1))
        require_positive("smearing", self.smearing)
        require_positive("cutoff", self.cutoff)


def symmetric_projection(vertex: np.ndarray, shell: FermiShell) -> np.ndarray:
    """The full projected vertex from the rows of one point per C4v orbit.

    For a band structure with the symmetry of the mesh the band vertex obeys
    ``Gamma(R k, R k') = Gamma(k, k')`` (the orbitals transform by signed permutations, under
    which the Kanamori vertices are invariant), so only about 1/8 of the rows are projected
    and the rest are filled in by permutation. Without the symmetry all rows are projected.
    """
    if shell.perms is None:
        return project_vertex(vertex, shell)
    reps = np.unique(shell.perms.min(axis=0))
    rows = project_vertex(vertex, shell, reps)
    full = np.empty((shell.i.size, shell.i.size), dtype=complex)
    for perm in shell.perms:
        full[np.ix_(perm[reps], perm)] = rows
    # guard: a few rows filled in by symmetry must equal their direct projection (they do
    # for the presets; a lattice whose orbitals do not transform into one another falls back)
    others = np.setdiff1d(np.arange(shell.i.size), reps)
    check = others[np.linspace(0, others.size - 1, min(4, others.size)).astype(int)]
    if check.size and np.abs(project_vertex(vertex, shell, check) - full[check]).max() > (
            1e-9 * max(float(np.abs(rows).max()), 1e-300)):
        return project_vertex(vertex, shell)
    return full


def _parity_block(vertex: np.ndarray, shell: FermiShell) -> np.ndarray:
    """Rows :func:`_parity_rows` of the projected vertex (by symmetry where it holds)."""
    first = _parity_rows(shell.inversion)[0]
    if shell.perms is None:
        return project_vertex(vertex, shell, first)
    return symmetric_projection(vertex, shell)[first]


def _parity_rows(inversion: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One point of every inversion pair ``(p, -p)`` and whether it is its own image."""
    points = np.arange(inversion.size)
    first = points[points <= inversion]
    return first, first == inversion[first]


def _parity_basis(inversion: np.ndarray, sign: int) -> np.ndarray:
    """Orthonormal basis (columns) of functions with ``g(-k) = sign g(k)`` on the shell,
    one column per row of :func:`_parity_rows` (self-images only for ``sign = +1``)."""
    first, fixed = _parity_rows(inversion)
    keep = np.ones(first.size, bool) if sign > 0 else ~fixed
    first, fixed = first[keep], fixed[keep]
    basis = np.zeros((inversion.size, first.size))
    cols = np.arange(first.size)
    basis[first, cols] = np.where(fixed, 1.0, 1 / np.sqrt(2))
    basis[inversion[first[~fixed]], cols[~fixed]] = sign / np.sqrt(2)
    return basis


def _solve_channel(gamma_rows: np.ndarray, shell: FermiShell, sign: int, n_states: int
                   ) -> tuple[np.ndarray, np.ndarray, float, float]:
    """Leading ``lambda`` and ``g`` of one parity; also the reduced kernel's asymmetry and
    the eigensolver residual ``max |K v - lambda v|`` (both relative to ``max |K|``).

    ``gamma_rows`` holds the rows :func:`_parity_rows` of the projected vertex: with
    ``K(-k, k') = K(k, -k')`` (inversion) the kernel ``K = -sqrt(w) Re Gamma sqrt(w)``
    restricted to functions of parity ``sign`` is ``S^T K S = D (K S)[rows]`` with ``S``
    the basis of :func:`_parity_basis` and ``D = sqrt(2)`` on pairs, 1 on self-images.
    """
    root = np.sqrt(shell.weight)
    first, fixed = _parity_rows(shell.inversion)
    keep = np.ones(first.size, bool) if sign > 0 else ~fixed
    basis = _parity_basis(shell.inversion, sign)
    kernel_rows = -root[first, None] * gamma_rows.real * root[None, :]
    reduced = (kernel_rows @ basis)[keep] * np.where(fixed[keep], 1.0, np.sqrt(2))[:, None]
    scale = max(float(np.abs(reduced).max()), 1e-300)
    asymmetry = float(np.abs(reduced - reduced.T).max() / scale)
    reduced = 0.5 * (reduced + reduced.T)
    count = min(n_states, reduced.shape[0])
    values, vectors = eigh(reduced, subset_by_index=(reduced.shape[0] - count,
                                                     reduced.shape[0] - 1))
    residual = float(np.abs(reduced @ vectors - vectors * values).max() / scale)
    order = np.argsort(values)[::-1]
    gaps = (basis @ vectors[:, order]).T / root[None, :]
    return values[order], gaps, asymmetry, residual


def _classify(gap: np.ndarray, shell: FermiShell, kinds: dict[int, str]
              ) -> tuple[str, np.ndarray, float]:
    """Symmetry label, irrep weights and the hole/electron sign of one gap function."""
    if shell.perms is None:
        return "unclassified", np.full(len(IRREPS), np.nan), np.nan
    weights = irrep_weights(gap, shell.weight, shell.perms)
    irrep = IRREPS[int(np.argmax(weights))]
    label = IRREP_LABELS[irrep]
    relation = np.nan
    if irrep == "A1":
        means = {}
        for kind in ("hole", "electron"):
            members = np.isin(shell.pocket, [p for p, v in kinds.items() if v == kind])
            if members.any():
                means[kind] = np.sum(shell.weight[members] * gap[members])
        if len(means) == 2:
            relation = float(np.sign(means["hole"] * means["electron"]))
            label = "s+-" if relation < 0 else "s++"
    return label, weights, relation


def _pocket_kinds(shell: FermiShell, bands: BandMesh) -> tuple[dict[int, str], list[dict]]:
    """Centre (G, X, Y, M) and kind (hole: the band is higher at the centre than on the
    pocket) of every pocket."""
    kinds, info = {}, []
    k = shell.k
    centre_index = {"G": (0, 0), "X": (1, 0), "Y": (0, 1), "M": (1, 1)}
    for label in np.unique(shell.pocket):
        members = shell.pocket == label
        centre = pocket_centre(k[members, 0], k[members, 1], shell.weight[members])
        band = int(shell.band[members][0])
        a, b = (bands.n_mesh // 2 * c for c in centre_index[centre])
        # hole-like: the band rises towards the centre (also where its top lies just below
        # mu, a pocket only within the smearing, like the d_xy band at M of the five-orbital
        # model just above n = 6.01, where its true pocket closes)
        mean = np.sum(shell.weight[members] * shell.xi[members]) / shell.weight[members].sum()
        kind = "hole" if bands.xi[a, b, band] > mean else "electron"
        kinds[int(label)] = kind
        info.append({"pocket": int(label), "centre": centre, "band": band, "kind": kind,
                     "weight": float(shell.weight[members].sum())})
    return kinds, info


@dataclass(kw_only=True)
class PairingResult(Result):
    """Leading solutions of the linearised gap equation on the Fermi shell.

    ``eigenvalue[state]`` (singlet states first, then triplet ones, each sorted down),
    ``gap[state, point]`` (``g(k)`` normalised to ``max |g| = 1``), the shell points
    (``kx, ky, band, weight``, ``pocket``) and the C4v irrep weights of every state; the
    labels (``s+-``, ``s++``, ``d_x2-y2``, ...) are in ``metadata["labels"]``.
    """

    eigenvalue: np.ndarray = variable(("state",), "", "pairing eigenvalue lambda")
    parity: np.ndarray = variable(("state",), "", "+1 singlet (even), -1 triplet (odd)")
    hole_electron_sign: np.ndarray = variable(
        ("state",), "", "sign of g on hole x electron pockets (A1 states)")
    irrep_weight: np.ndarray = variable(("state", "irrep"), "", "weight of the C4v irrep")
    gap: np.ndarray = variable(("state", "point"), "", "gap function g(k) on the Fermi shell")
    kx: np.ndarray = variable(("point",), "1/a", "k_x")
    ky: np.ndarray = variable(("point",), "1/a", "k_y")
    band: np.ndarray = variable(("point",), "", "band index")
    weight: np.ndarray = variable(("point",), "1/(t a^2)", "Fermi-surface measure")
    pocket: np.ndarray = variable(("point",), "", "pocket label")

    @property
    def labels(self) -> list[str]:
        """Symmetry label of every state."""
        return list(self.metadata["labels"])

    @property
    def leading(self) -> int:
        """Index of the state with the largest eigenvalue."""
        return int(np.argmax(self.eigenvalue))

    def leading_of(self, label: str) -> float:
        """Largest eigenvalue among the states with a label starting with ``label``."""
        values = [v for v, name in zip(self.eigenvalue, self.labels, strict=True)
                  if name.startswith(label)]
        return float(max(values)) if values else float("nan")

    def summary(self) -> dict[str, Any]:
        """Leading eigenvalue and symmetry, and every state found."""
        lead = self.leading
        return {"result": "PairingResult", "lambda": float(self.eigenvalue[lead]),
                "symmetry": self.labels[lead],
                "states": [[name, float(v)] for name, v in
                           zip(self.labels, self.eigenvalue, strict=True)],
                "stoner_spin": self.metadata["stoner_spin"],
                "stoner_charge": self.metadata["stoner_charge"],
                "n_points": int(self.kx.size), "mu": self.metadata["mu"],
                "convergence": self.metadata.get("convergence")}

    def plot(self, ax: Any = None, state: int | None = None, **kwargs: Any) -> Any:
        """The gap function of ``state`` (default: leading) on the Fermi surface, by sign."""
        from cooperlab.plotting.pairing import plot_gap

        return plot_gap(self, ax=ax, state=state, **kwargs)


def _unstable(model: RPAModel, chi0: np.ndarray) -> tuple[float, float]:
    """Largest Stoner eigenvalues of the spin and charge channels at the model's U."""
    n = model.n_orbitals
    interaction = model.interaction()
    return (float(leading_eigenvalue(chi0, interaction.spin_vertex(n), 1.0).max()),
            float(leading_eigenvalue(chi0, interaction.charge_vertex(n), -1.0).max()))


def _eigensolve(model: RPAModel, options: SpinFluctuationPairingOptions) -> dict[str, Any]:
    """Everything :func:`solve_pairing` needs at one mesh size."""
    bands = model.band_mesh()
    chi0 = chi0_mesh(bands)[0]
    stoner_spin, stoner_charge = _unstable(model, chi0)
    if max(stoner_spin, stoner_charge) >= 1.0:
        raise ValueError(f"U = {model.U} is beyond the RPA instability on this mesh: Stoner "
                         f"eigenvalue {stoner_spin:.4g}, charge {stoner_charge:.4g}")
    chi_s, chi_c = rpa_mesh(model, chi0)
    shell = fermi_shell(model.lattice, bands, options.smearing, options.cutoff)
    kinds, info = _pocket_kinds(shell, bands)
    channels = [("singlet", 1)] + ([("triplet", -1)] if options.triplet else [])
    values, gaps, parity, asymmetry, residual, imaginary = [], [], [], {}, {}, {}
    for channel, sign in channels:
        vertex = pairing_vertex(chi_s, chi_c, model.interaction(), model.n_orbitals, channel)
        gamma = _parity_block(vertex, shell)
        imaginary[channel] = float(np.abs(gamma.imag).max() / np.abs(gamma.real).max())
        lam, g, asymmetry[channel], residual[channel] = _solve_channel(
            gamma, shell, sign, options.n_states)
        values.append(lam)
        gaps.append(g)
        parity.append(np.full(lam.size, sign))
    return {"bands": bands, "shell": shell, "kinds": kinds, "pockets": info,
            "eigenvalue": np.concatenate(values), "gap": np.concatenate(gaps),
            "parity": np.concatenate(parity), "stoner_spin": stoner_spin,
            "stoner_charge": stoner_charge, "asymmetry": asymmetry, "residual": residual,
            "imaginary": imaginary, "ir_check_error": ir_check(bands, chi0[None])}


def solve_pairing(model: RPAModel,
                  options: SpinFluctuationPairingOptions | None = None) -> PairingResult:
    """Leading pairing states of ``model`` from RPA spin and charge/orbital fluctuations.

    Builds chi0 (:func:`chi0_mesh`), the RPA ``chi_s, chi_c`` and the singlet (and
    triplet) vertex on the model's mesh, projects them on the Fermi shell and solves the
    gap equation of the module docstring. Raises ``ValueError`` at or beyond an RPA
    instability. The metadata hold the labels, the pockets, the Stoner eigenvalues, the
    largest relative imaginary part of the projected vertex; its ``convergence`` the shell,
    the kernel's asymmetry and eigen-residual and (with ``check_half_mesh``) the leading
    eigenvalue on the N/2 mesh.
    """
    options = SpinFluctuationPairingOptions() if options is None else options
    start = time.perf_counter()
    found = _eigensolve(model, options)
    shell: FermiShell = found["shell"]
    labels, weights, relations = [], [], []
    gaps = found["gap"]
    for index, gap in enumerate(gaps):
        label, weight, relation = _classify(gap, shell, found["kinds"])
        hole = np.isin(shell.pocket, [p for p, v in found["kinds"].items() if v == "hole"])
        anchor = np.sum(shell.weight[hole] * gap[hole]) if hole.any() else 0.0
        if abs(anchor) < 1e-12 * np.abs(gap).max():
            anchor = gap[np.argmax(np.abs(gap))]
        gaps[index] = gap * np.sign(anchor) / np.abs(gap).max()
        labels.append(label)
        weights.append(weight)
        relations.append(relation)
    details: dict[str, Any] = {"eigen_residual": found["residual"],
                               "ir_check_error": found["ir_check_error"]}
    if options.check_half_mesh and model.n_mesh >= 16:
        half = _eigensolve(replace(model, n_mesh=model.n_mesh // 2),
                           replace(options, check_half_mesh=False))
        lead = float(found["eigenvalue"].max())
        details["lambda_half_mesh"] = float(half["eigenvalue"].max())
        details["relative_change"] = abs(lead - half["eigenvalue"].max()) / abs(lead)
    achieved = max(*found["residual"].values(), *found["asymmetry"].values())
    convergence = Convergence(
        passed=achieved < EIGEN_TOLERANCE, achieved=achieved, target=EIGEN_TOLERANCE,
        criterion="shell kernel symmetric and solved: max(|K - K^T|, |K g - lambda g|) / "
                  f"max|K| < {EIGEN_TOLERANCE:g} (with check_half_mesh, the N/2-mesh "
                  "eigenvalue is in relative_change)",
        discretisation={**ir_discretisation(found["bands"]), "n_shell_points": shell.i.size,
                        "smearing": options.smearing, "cutoff": options.cutoff,
                        "n_states": options.n_states, "triplet": options.triplet},
        details=details)
    k = shell.k
    meta = make_metadata(model=model, options=options, convergence=convergence,
                         wall_time_s=time.perf_counter() - start, mu=found["bands"].mu,
                         filling=found["bands"].filling, labels=labels,
                         irreps=list(IRREPS), pockets=found["pockets"],
                         stoner_spin=found["stoner_spin"],
                         stoner_charge=found["stoner_charge"],
                         kernel_asymmetry=found["asymmetry"],
                         vertex_imaginary_part=found["imaginary"])
    return PairingResult(eigenvalue=found["eigenvalue"], parity=found["parity"],
                         hole_electron_sign=np.asarray(relations, dtype=float),
                         irrep_weight=np.asarray(weights), gap=gaps, kx=k[:, 0], ky=k[:, 1],
                         band=shell.band, weight=shell.weight, pocket=shell.pocket,
                         metadata=meta)


#: Channels reported by :func:`pairing_channels`, singlets first.
CHANNEL_NAMES = ("s+-", "s++", "s", "d_x2-y2", "d_xy", "g", "p")


def pairing_channels(model: RPAModel) -> dict[str, Any]:
    """Per-channel leading eigenvalues of one model (a :func:`cooperlab.sweep` target).

    Returns ``lambda_<label>`` for s+-, s++, s, d_x2-y2, d_xy, g (singlets) and p
    (triplet), ``lambda_leading``, ``leading_A1_sign`` (the hole x electron sign of the
    best A1 state: -1 s+-, +1 s++) and the Stoner eigenvalues; NaN beyond an instability.
    """
    names = CHANNEL_NAMES
    try:
        result = solve_pairing(model, SpinFluctuationPairingOptions(n_states=8))
    except ValueError as error:
        if "instability" not in str(error):
            raise
        nan = float("nan")
        return {**{f"lambda_{name}": nan for name in names}, "lambda_leading": nan,
                "leading_A1_sign": nan, "stoner_spin": nan, "stoner_charge": nan}
    out: dict[str, Any] = {f"lambda_{name}": float(max(
        [v for v, label in zip(result.eigenvalue, result.labels, strict=True)
         if label == name], default=float("nan"))) for name in names}
    a1 = [i for i, label in enumerate(result.labels) if label in ("s+-", "s++", "s")]
    best = max(a1, key=lambda i: result.eigenvalue[i]) if a1 else None
    out["lambda_leading"] = float(result.eigenvalue.max())
    out["leading_A1_sign"] = (float(result.hole_electron_sign[best]) if best is not None
                              else float("nan"))
    out["stoner_spin"] = result.metadata["stoner_spin"]
    out["stoner_charge"] = result.metadata["stoner_charge"]
    return out


@dataclass(kw_only=True)
class PairingDiagramResult(SweepResult):
    """A sweep of :func:`pairing_channels` (e.g. over ``U_prime`` or ``J``): per point the
    leading eigenvalue of every channel; the summary names the leading channel per point."""

    def leading_channels(self) -> list[str]:
        """The channel with the largest eigenvalue at every point (C order), or ``unstable``."""
        data = self.dataset
        values = np.stack([np.asarray(data[f"lambda_{name}"].values, dtype=float).ravel()
                           for name in CHANNEL_NAMES])
        out = []
        for column in values.T:
            out.append("unstable" if np.all(np.isnan(column))
                       else CHANNEL_NAMES[int(np.nanargmax(column))])
        return out

    def summary(self) -> dict[str, Any]:
        """The sweep's summary plus the leading channel and eigenvalue at every point."""
        base = super().summary()
        base["leading"] = self.leading_channels()
        base["lambda_leading"] = [None if np.isnan(v) else float(v) for v in
                                  np.asarray(self.dataset["lambda_leading"].values).ravel()]
        return base

    def plot(self, ax: Any = None, var: str | None = None, **kwargs: Any) -> Any:
        """Leading eigenvalue per channel across a 1-D sweep."""
        from cooperlab.plotting.pairing import plot_pairing_diagram

        return plot_pairing_diagram(self, ax=ax, **kwargs)


def solve_pairing_diagram(model: RPAModel, *, u_prime_over_u: Any = None,
                          **kwargs: Any) -> PairingDiagramResult:
    """:func:`cooperlab.sweep` of :func:`pairing_channels` over the model fields in ``kwargs``.

    E.g. ``solve_pairing_diagram(model, U_prime=U * np.linspace(0.5, 1.4, 10))`` for the
    s+- -> s++ crossover of orbital fluctuations (Kontani & Onari, PRL 104, 157001 (2010)),
    or ``u_prime_over_u=np.linspace(0.5, 1.4, 10)`` (U' = ratio x ``model.U``, U > 0);
    executor, store and progress keywords go to the sweep.
    """
    if u_prime_over_u is not None:
        if model.U <= 0:
            raise ValueError(f"U must be positive for a U'/U sweep, got {model.U}")
        kwargs["U_prime"] = np.asarray(u_prime_over_u, float) * model.U
    found = sweep(pairing_channels, model, **kwargs)
    return PairingDiagramResult(dataset=found.dataset, metadata=found.metadata)


__getattr__ = deprecated_attributes(__name__, PairingOptions=SpinFluctuationPairingOptions)
