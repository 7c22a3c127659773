"""Bistritzer-MacDonald continuum model of twisted bilayer graphene.

For valley ``K`` (xi = +1) the Hamiltonian acting on (layer 1, layer 2) plane waves is

    H = [[h_1(k - Q),  T(r)      ],
         [T(r)^dag,    h_2(k - Q')]],

    h_l(p) = hbar v [[0, (p_x - i p_y) e^{i phi_l}], [c.c., 0]],   phi_{1,2} = +-theta/2,

    T(r) = sum_{j=1}^{3} T_j e^{-i q_j . r},
    T_j = w0 sigma_0 + w1 [[0, omega^{-(j-1)}], [omega^{j-1}, 0]],   omega = e^{2 pi i / 3},

with ``w0`` (= u, AA tunnelling) and ``w1`` (= u', AB tunnelling); ``w0 = 0`` is the
chiral limit (Tarnopolsky, Kruchkov & Vishwanath, PRL 122, 106405 (2019)). The phases
``phi_l`` rotate each layer's Dirac Hamiltonian by its twist; ``rotate_dirac=False`` drops
them (the particle-hole-symmetric approximation). Valley ``K'`` is the time-reversed
partner, ``H_{K'}(k) = H_K(-k)^*``.

Because the Dirac terms are linear in ``k``, ``H(k) = H_0 + k_x V_x + k_y V_y`` exactly: the
builder stores the constant part and the two velocity matrices and assembles any batch of
``k`` by adding ``O(dimension)`` numbers per k point.

Defaults (Koshino et al., PRX 8, 031087 (2018)): u = 79.7 meV, u' = 97.5 meV,
``hbar v / a = 2.1354 eV`` with ``a = 0.246 nm`` (so ``hbar v = 525.3 meV nm``). The
velocity is Koshino's because the tunnelling values were fitted with it; with it the
Dirac velocity vanishes at theta = 1.069 deg and the flat bands are narrowest (0.9 meV)
at 1.085 deg; Koshino's working angle 1.05 deg is the default. Bistritzer & MacDonald's own velocity
(``hbar v k_D = 9.905 eV``, :data:`BM_HBAR_V_MEV_NM`) is available as a parameter.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

import numpy as np

from cooperlab.moire import lattice
from cooperlab.results import field_label
from cooperlab.units import GRAPHENE_LATTICE_CONSTANT_NM
from cooperlab.validation import require_choice, require_positive, require_range

#: Koshino et al. PRX 8, 031087 (2018): hbar v / a = 2.1354 eV, a = 0.246 nm.
KOSHINO_HBAR_V_MEV_NM = 2135.4 * GRAPHENE_LATTICE_CONSTANT_NM
#: Bistritzer & MacDonald PNAS 108, 12233 (2011): hbar v k_D = 9.905 eV, k_D = 4 pi / (3a).
BM_HBAR_V_MEV_NM = 9905.0 / lattice.dirac_momentum_per_nm(GRAPHENE_LATTICE_CONSTANT_NM)


def minimum_cutoff(alpha: float) -> float:
    """Smallest plane-wave cutoff (units of |b_M|) accepted at coupling ``alpha``.

    The tunnelling couples Q points a distance ~ alpha apart in units of k_theta, so the
    basis must grow with alpha. ``max(2, 1 + 2 alpha)`` keeps the flat bands within 0.1 meV
    of the converged ones at theta = 1.05 deg (alpha ~ 0.6: cutoff 2.2); at cutoff 1.5
    they are off by more than 1 meV (tests/moire/test_dos_and_bands.py).
    """
    return max(2.0, 1.0 + 2.0 * alpha)


Valley = Literal[1, -1]


@dataclass(frozen=True)
class ContinuumModel:
    """Bistritzer-MacDonald continuum model of twisted bilayer graphene.

    Parameters
    ----------
    theta_deg : float
        Twist angle in degrees, ``0 < theta < 30``.
    w0_meV : float
        AA interlayer tunnelling ``w0 = u`` in meV (0 is the chiral limit).
    w1_meV : float
        AB interlayer tunnelling ``w1 = u'`` in meV.
    hbar_v_meV_nm : float
        Dirac velocity of monolayer graphene as ``hbar v`` in meV nm.
    lattice_constant_nm : float
        Graphene lattice constant ``a`` in nm.
    cutoff : float
        Plane-wave cutoff: keep Q points with ``|Q| <= cutoff * |b_M|``
        (``|b_M| = sqrt(3) k_theta``). At least :func:`minimum_cutoff` of alpha. The default
        4 converges the flat bands at 1.05 deg to 1e-5 meV (216 plane waves per valley).
    rotate_dirac : bool
        Rotate each layer's Dirac Hamiltonian by ``+-theta/2`` (default True).
    """

    theta_deg: float = field(default=1.05, metadata=field_label("degree", "twist angle"))
    w0_meV: float = field(default=79.7, metadata=field_label("meV", "AA tunnelling w0"))
    w1_meV: float = field(default=97.5, metadata=field_label("meV", "AB tunnelling w1"))
    hbar_v_meV_nm: float = field(
        default=KOSHINO_HBAR_V_MEV_NM, metadata=field_label("meV nm", "Dirac velocity hbar v")
    )
    lattice_constant_nm: float = field(
        default=GRAPHENE_LATTICE_CONSTANT_NM,
        metadata=field_label("nm", "graphene lattice constant"),
    )
    cutoff: float = field(default=4.0, metadata=field_label("|b_M|", "plane-wave cutoff"))
    rotate_dirac: bool = True

    def __post_init__(self) -> None:
        require_range(
            "theta_deg", self.theta_deg, 0.0, 30.0,
            low_inclusive=False, high_inclusive=False, unit="degrees",
        )
        require_range("w0_meV", self.w0_meV, 0.0, None, unit="meV")
        require_range("w1_meV", self.w1_meV, 0.0, None, unit="meV")
        require_positive("hbar_v_meV_nm", self.hbar_v_meV_nm, unit="meV nm")
        require_positive("lattice_constant_nm", self.lattice_constant_nm, unit="nm")
        require_range("cutoff", self.cutoff, 0.0, 40.0, low_inclusive=False, unit="|b_M|")
        needed = minimum_cutoff(self.alpha)
        if self.cutoff < needed:
            raise ValueError(
                f"cutoff={self.cutoff:g} is too small to converge at theta_deg={self.theta_deg:g} "
                f"(alpha={self.alpha:.3g}): use cutoff >= {needed:.3g}"
            )
        if not isinstance(self.rotate_dirac, bool | np.bool_):
            raise ValueError(f"rotate_dirac must be True or False, got {self.rotate_dirac!r}")

    # -- derived scales --------------------------------------------------------------
    @property
    def k_theta_per_nm(self) -> float:
        """Moire Dirac-point separation ``k_theta = 2 k_D sin(theta/2)`` in 1/nm."""
        return lattice.moire_momentum_per_nm(self.theta_deg, self.lattice_constant_nm)

    @property
    def energy_scale_meV(self) -> float:
        """Kinetic energy scale ``hbar v k_theta`` in meV."""
        return self.hbar_v_meV_nm * self.k_theta_per_nm

    @property
    def alpha(self) -> float:
        """Dimensionless coupling ``alpha = w1 / (hbar v k_theta)`` (BM's alpha)."""
        return self.w1_meV / self.energy_scale_meV

    @property
    def moire_period_nm(self) -> float:
        """Moire lattice constant ``L_M = a / (2 sin(theta/2))`` in nm."""
        return lattice.moire_period_nm(self.theta_deg, self.lattice_constant_nm)

    @property
    def moire_cell_area_nm2(self) -> float:
        """Moire unit-cell area in nm^2."""
        return lattice.moire_cell_area_nm2(self.theta_deg, self.lattice_constant_nm)

    @cached_property
    def basis(self) -> lattice.PlaneWaveBasis:
        """The truncated plane-wave basis (depends on ``cutoff`` only)."""
        return _cached_basis(float(self.cutoff))

    @property
    def dimension(self) -> int:
        """Hamiltonian dimension per valley and spin."""
        return self.basis.dimension

    def hamiltonian(self, valley: Valley = 1) -> BlochHamiltonian:
        """The affine Bloch Hamiltonian ``H(k) = H_0 + k_x V_x + k_y V_y`` of one valley."""
        require_choice("valley", valley, (1, -1))
        return BlochHamiltonian.from_model(self, valley)


_BASIS_CACHE: dict[float, lattice.PlaneWaveBasis] = {}


def _cached_basis(cutoff: float) -> lattice.PlaneWaveBasis:
    if cutoff not in _BASIS_CACHE:
        _BASIS_CACHE[cutoff] = lattice.build_plane_wave_basis(cutoff)
    return _BASIS_CACHE[cutoff]


@dataclass(frozen=True)
class BlochHamiltonian:
    """``H(k) = H_0 + k_x V_x + k_y V_y`` in meV, with ``k`` in units of k_theta.

    ``V_x`` and ``V_y`` are nonzero only on the 2x2 sublattice blocks of each plane wave,
    so they are stored as values on the index pairs ``rows, cols``.
    """

    constant: np.ndarray
    rows: np.ndarray
    cols: np.ndarray
    velocity_x: np.ndarray
    velocity_y: np.ndarray
    valley: int
    sublattice_rotation: np.ndarray | None = None

    @classmethod
    def from_model(cls, model: ContinuumModel, valley: int) -> BlochHamiltonian:
        """Assemble the matrices of ``model`` for ``valley`` (+1 = K, -1 = K')."""
        basis = model.basis
        scale = model.energy_scale_meV
        dim = basis.dimension
        half = math.radians(model.theta_deg) / 2 if model.rotate_dirac else 0.0
        phase = np.where(basis.layer == 0, np.exp(1j * half), np.exp(-1j * half))
        # h(p) off-diagonal element: hbar v (p_x - i p_y) e^{i phi}, p = k - Q.
        a_idx = 2 * np.arange(basis.n_q)
        b_idx = a_idx + 1
        constant = np.zeros((dim, dim), dtype=complex)
        off = -scale * (basis.q_points[:, 0] - 1j * basis.q_points[:, 1]) * phase
        constant[a_idx, b_idx] = off
        constant[b_idx, a_idx] = off.conj()
        omega = np.exp(2j * np.pi / 3)
        for i, j, m in basis.couplings:
            t = np.array(
                [[model.w0_meV, model.w1_meV * omega ** (-m)],
                 [model.w1_meV * omega**m, model.w0_meV]]
            )
            constant[2 * i : 2 * i + 2, 2 * j : 2 * j + 2] = t
            constant[2 * j : 2 * j + 2, 2 * i : 2 * i + 2] = t.conj().T
        rows = np.concatenate([a_idx, b_idx])
        cols = np.concatenate([b_idx, a_idx])
        vx = scale * np.concatenate([phase, phase.conj()])
        vy = scale * np.concatenate([-1j * phase, (-1j * phase).conj()])
        if valley == -1:
            # Time reversal: H_{K'}(k) = H_K(-k)^*.
            constant, vx, vy = constant.conj(), -vx.conj(), -vy.conj()
        return cls(constant, rows, cols, vx, vy, int(valley))

    @property
    def dimension(self) -> int:
        """Matrix dimension."""
        return int(self.constant.shape[0])

    def matrices(self, k: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        """Hamiltonians at a batch of k points, shape ``(n_k, dim, dim)``.

        ``k`` has shape ``(n_k, 2)`` in units of k_theta. ``out`` may be a preallocated
        complex array of the same shape, reused between batches.
        """
        k = np.asarray(k, dtype=float).reshape(-1, 2)
        shape = (k.shape[0], self.dimension, self.dimension)
        if out is None or out.shape != shape or out.dtype != self.constant.dtype:
            out = np.empty(shape, dtype=self.constant.dtype)
        out[...] = self.constant
        out[:, self.rows, self.cols] += (
            k[:, :1] * self.velocity_x[None, :] + k[:, 1:] * self.velocity_y[None, :]
        )
        return out

    def real_form(self) -> BlochHamiltonian:
        """The same Hamiltonian as a real symmetric matrix, using C2T symmetry.

        C2T acts within each plane wave as ``sigma_x K`` (complex conjugation times the
        sublattice swap) and commutes with every term of the continuum model, including
        the ``+-theta/2`` Dirac rotation and both tunnellings. In the C2T-invariant basis
        ``W = [[1, i], [1, -i]] / sqrt(2)`` on each plane wave, ``W^dag H(k) W`` is real for
        every k, so LAPACK's real solvers (about 3x cheaper than complex ones) apply.
        Eigenvectors map back with :meth:`to_plane_waves`.
        """
        if self.sublattice_rotation is not None:
            return self
        w = np.array([[1.0, 1j], [1.0, -1j]]) / math.sqrt(2.0)
        n_q = self.dimension // 2

        def rotate(matrix: np.ndarray) -> np.ndarray:
            blocks = matrix.reshape(n_q, 2, n_q, 2)
            out = np.einsum("sa,isjt,tb->iajb", w.conj(), blocks, w, optimize=True)
            return out.reshape(matrix.shape)

        constant = rotate(self.constant)
        vx, vy = (rotate(v) for v in self.velocity_operators())
        imaginary = max(np.abs(m.imag).max() for m in (constant, vx, vy))
        if imaginary > 1e-9 * max(1.0, np.abs(self.constant).max()):
            raise ValueError("Hamiltonian is not C2T symmetric: no real form exists")
        block = np.arange(self.dimension) // 2
        rows, cols = np.nonzero(block[:, None] == block[None, :])
        return BlochHamiltonian(
            constant=np.ascontiguousarray(constant.real),
            rows=rows,
            cols=cols,
            velocity_x=np.ascontiguousarray(vx.real[rows, cols]),
            velocity_y=np.ascontiguousarray(vy.real[rows, cols]),
            valley=self.valley,
            sublattice_rotation=w,
        )

    def to_plane_waves(self, vectors: np.ndarray) -> np.ndarray:
        """Express eigenvectors (``..., dimension, n``) in the original plane-wave basis."""
        if self.sublattice_rotation is None:
            return vectors
        shape = vectors.shape
        blocks = vectors.reshape(*shape[:-2], shape[-2] // 2, 2, shape[-1])
        return np.einsum("st,...qtn->...qsn", self.sublattice_rotation, blocks).reshape(shape)

    def velocity_operators(self) -> tuple[np.ndarray, np.ndarray]:
        """Dense ``dH/dk_x`` and ``dH/dk_y`` in meV per k_theta."""
        vx = np.zeros((self.dimension, self.dimension), dtype=self.constant.dtype)
        vy = np.zeros_like(vx)
        vx[self.rows, self.cols] = self.velocity_x
        vy[self.rows, self.cols] = self.velocity_y
        return vx, vy
