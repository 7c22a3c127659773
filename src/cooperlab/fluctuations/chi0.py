"""Bare multi-orbital susceptibility ``chi0_{ab,cd}(q, i nu_m)`` on every q of an N x N mesh.

Convention (:mod:`cooperlab.fluctuations`): per spin,

    chi0_{ab,cd}(q, i nu_m) = -(T/N) sum_{k,n} G_{ca}(k, i w_n) G_{bd}(k + q, i w_n + i nu_m)
        = (1/N) sum_{k, s, s'} U_{cs}(k) U*_{as}(k) U_{bs'}(k+q) U*_{ds'}(k+q)
                                  [f(xi_s(k)) - f(xi_s'(k+q))] / [xi_s'(k+q) - xi_s(k) - i nu_m],

with ``U[k, a, s]`` the band eigenvectors; one band gives the positive Lindhard function.

**FFT convolution** (:func:`chi0_mesh`). In imaginary time the k sum factorises,

    chi0_{ab,cd}(q, tau) = (1/N) sum_k P_{ca}(k, tau) H_{bd}(k + q, tau),
    P(k, tau) = U f(xi) e^{xi tau} U^dag = G(k, -tau),
    H(k, tau) = U (1 - f(xi)) e^{-xi tau} U^dag,

a correlation over the periodic mesh: ``chi0(q, tau) = IFFT[IFFT[P](r) FFT[H](r)](q)``
(O(N^2 log N) per orbital-pair block and time). The time integral to ``i nu_m`` uses the IR
sampling times and weights of :mod:`cooperlab.fluctuations.matsubara` (``Lambda = beta W``,
W the band width); the weighted sum over times is done in real space before the last FFT,
a batched matrix product per r. Degenerate points (``xi_s(k) = xi_s'(k+q)``, e.g. q = 0 or
perfect nesting at xi = 0) need no special care: the imaginary-time form holds the exact
limit ``-f'(xi)`` (``1/(4T)`` at xi = 0).

**Direct double sum** (:func:`chi0_direct`): the band-basis Lindhard sum above, q by q,
with the static weight written overflow- and cancellation-free (:func:`lindhard_weight`);
O(N^4), the reference of the tests.

**Real frequency** (:func:`chi0_real_frequency`): the same band sum at complex
``z = omega + i eta`` for any list of q (vectorised over k), O(N^2) per q and omega.

Arrays have shape ``(N, N, n^2, n^2)`` (q index, pair ``a*n + b``, pair ``c*n + d``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from cooperlab.fluctuations.electrons import BandMesh, band_mesh, fermi, mesh_momenta
from cooperlab.fluctuations.matsubara import IR_EPS, bosonic_weights, ir_lambda
from cooperlab.lattice import Lattice
from cooperlab.naming import renamed_parameters
from cooperlab.numerics.kmesh import square_mesh_axis
from cooperlab.results import Convergence, Result, Variable, make_metadata, variable
from cooperlab.validation import require_int, require_positive


@renamed_parameters(T="temperature")
def lindhard_weight(a: np.ndarray, b: np.ndarray, temperature: float,
                    z: complex = 0.0) -> np.ndarray:
    """``[f(a) - f(b)] / (b - a - z)``, with the exact static limit ``-f'(a)`` at ``a = b``.

    For ``z = 0`` it is evaluated as ``sinh(d)/d / (4 T cosh(x) cosh(y))`` with
    ``x = a/2T, y = b/2T, d = y - x`` in exponentials that cannot overflow
    (``1/(4T)`` at ``a = b = 0``); for ``z != 0`` directly.
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    if z != 0:
        return (fermi(a, temperature) - fermi(b, temperature)) / (b - a - z)
    x, y = a / (2 * temperature), b / (2 * temperature)
    d = np.abs(y - x)
    s = np.abs(x) + np.abs(y)
    norm = temperature * (1 + np.exp(-2 * np.abs(x))) * (1 + np.exp(-2 * np.abs(y)))
    small = d < 1e-3
    dd = np.where(small, 1.0, d)
    sinhc = np.where(small, np.exp(-s) * (1 + d**2 / 6 + d**4 / 120),
                     (np.exp(d - s) - np.exp(-d - s)) / (2 * dd))
    return sinhc / norm


def _spectral_width(bands: BandMesh) -> float:
    return float(bands.xi.max() - bands.xi.min())


def _tau_factors(bands: BandMesh, tau: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``P(k, tau)`` and ``H(k, tau)`` (module docstring), shape ``(n_tau, N, N, n, n)``."""
    beta = 1.0 / bands.temperature
    xi = bands.xi[None]                                             # (1, N, N, n)
    t = tau[:, None, None, None]
    occupied = np.exp(xi * t - np.logaddexp(0.0, beta * xi))       # f e^{xi tau}
    empty = np.exp(-xi * t - np.logaddexp(0.0, -beta * xi))        # (1 - f) e^{-xi tau}
    u = bands.vectors[None]
    u_dag = np.conj(np.swapaxes(bands.vectors, -1, -2))[None]
    return (u * occupied[..., None, :]) @ u_dag, (u * empty[..., None, :]) @ u_dag


def chi0_mesh(bands: BandMesh, m: tuple[int, ...] | list[int] = (0,), *,
              eps: float = IR_EPS, tau_chunk: int = 16) -> np.ndarray:
    """``chi0_{ab,cd}(q, i nu_m)`` on all q of the mesh by FFT convolution (module docstring).

    Returns shape ``(len(m), N, N, n^2, n^2)`` (complex). ``m`` are bosonic Matsubara
    indices (``nu_m = 2 pi m T``), ``eps`` the IR accuracy, ``tau_chunk`` how many sampling
    times are held in memory at once.
    """
    m = tuple(int(v) for v in m)
    n, n_mesh = bands.n_orbitals, bands.n_mesh
    tau, weights = bosonic_weights(1.0 / bands.temperature, max(_spectral_width(bands),
                                                                bands.temperature),
                                   m, eps)
    # acc[freq, r, (c,a), (b,d)] = sum_tau W P~_{ca}(r, tau) H^_{bd}(r, tau)
    acc = np.zeros((len(m), n_mesh * n_mesh, n * n, n * n), dtype=complex)
    for start in range(0, tau.size, tau_chunk):
        chunk = slice(start, start + tau_chunk)
        p, h = _tau_factors(bands, tau[chunk])
        p_r = np.fft.ifft2(p, axes=(1, 2)).reshape(p.shape[0], n_mesh * n_mesh, n * n)
        h_r = np.fft.fft2(h, axes=(1, 2)).reshape(h.shape[0], n_mesh * n_mesh, n * n)
        p_r = np.ascontiguousarray(p_r.transpose(1, 2, 0))          # (r, ca, tau)
        h_r = np.ascontiguousarray(h_r.transpose(1, 0, 2))          # (r, tau, bd)
        for i in range(len(m)):
            acc[i] += (p_r * weights[i, chunk]) @ h_r
    acc = acc.reshape(len(m), n_mesh, n_mesh, n, n, n, n)                   # (f, x, y, c, a, b, d)
    chi = np.fft.ifft2(acc, axes=(1, 2)).transpose(0, 1, 2, 4, 5, 3, 6)
    return np.ascontiguousarray(chi).reshape(len(m), n_mesh, n_mesh, n * n, n * n)


def chi0_direct(bands: BandMesh, q_indices: Any = None, m: int = 0) -> np.ndarray:
    """Reference ``chi0_{ab,cd}(q, i nu_m)`` by the band double sum, one q at a time.

    ``q_indices``: integer pairs ``(i, j)`` of mesh momenta (default: all, O(N^4)).
    Returns shape ``(n_q, n^2, n^2)``.
    """
    n_mesh, n = bands.n_mesh, bands.n_orbitals
    if q_indices is None:
        q_indices = [(i, j) for i in range(n_mesh) for j in range(n_mesh)]
    z = 2j * np.pi * int(m) * bands.temperature
    u = bands.vectors
    out = []
    for i, j in np.asarray(q_indices, dtype=int).reshape(-1, 2):
        xi_q = np.roll(bands.xi, (-i, -j), axis=(0, 1))
        u_q = np.roll(u, (-i, -j), axis=(0, 1))
        w = lindhard_weight(bands.xi[..., :, None], xi_q[..., None, :], bands.temperature, z)
        left = np.einsum("xycs,xyas,xyst->xycat", u, np.conj(u), w)
        chi = np.einsum("xycat,xybt,xydt->abcd", left, u_q, np.conj(u_q),
                        optimize=True) / n_mesh**2
        out.append(chi.reshape(n * n, n * n))
    return np.asarray(out)


def chi0_real_frequency(lattice: Lattice, bands: BandMesh, q: Any, omega: Any,
                        eta: float) -> np.ndarray:
    """Retarded ``chi0_{ab,cd}(q, omega + i eta)`` at arbitrary momenta ``q`` (shape (n_q, 2)).

    The band double sum of the module docstring with ``i nu_m -> omega + i eta`` over the
    k mesh of ``bands`` (``k + q`` diagonalised afresh, so q need not lie on the mesh).
    Returns shape ``(n_q, n_omega, n^2, n^2)``; ``Im chi0 >= 0`` for ``omega > 0`` in the
    one-band case and ``chi0''(q, -omega) = -chi0''(-q, omega)``.
    """
    eta = require_positive("eta", eta)
    q = np.atleast_2d(np.asarray(q, dtype=float))
    omega = np.atleast_1d(np.asarray(omega, dtype=float))
    n = bands.n_orbitals
    k = mesh_momenta(bands.n_mesh)
    f_k = fermi(bands.xi, bands.temperature)
    u = bands.vectors
    out = np.empty((len(q), len(omega), n * n, n * n), dtype=complex)
    for iq, qq in enumerate(q):
        e_q, u_q = np.linalg.eigh(lattice.bloch_hamiltonian(k + qq, position_phases=False))
        xi_q = e_q - bands.mu
        df = f_k[..., :, None] - fermi(xi_q, bands.temperature)[..., None, :]
        gap = xi_q[..., None, :] - bands.xi[..., :, None]
        left = np.einsum("xycs,xyas->xycas", u, np.conj(u))
        right = np.einsum("xybt,xydt->xybdt", u_q, np.conj(u_q))
        for iw, w in enumerate(omega):
            weight = df / (gap - w - 1j * eta)
            chi = np.einsum("xycas,xyst,xybdt->abcd", left, weight, right, optimize=True)
            out[iq, iw] = chi.reshape(n * n, n * n) / bands.n_mesh**2
    return out


def physical(chi: np.ndarray, n_orbitals: int) -> np.ndarray:
    """The physical (density or spin) combination ``sum_{a,b} chi_{aa,bb}`` (last two axes)."""
    diag = np.arange(n_orbitals) * (n_orbitals + 1)
    return chi[..., diag[:, None], diag[None, :]].sum(axis=(-1, -2))


def ir_check(bands: BandMesh, chi: np.ndarray, m: tuple[int, ...] | list[int] = (0,)
             ) -> float:
    """Largest relative deviation of ``chi = chi0_mesh(bands, m)`` from :func:`chi0_direct`
    at one generic q of the mesh (first and last index of ``m``): the error of the IR time
    integral, which the band double sum does not have."""
    q = (bands.n_mesh // 2, bands.n_mesh // 4)
    m = list(m)
    error = 0.0
    for i in sorted({0, len(m) - 1}):
        direct = chi0_direct(bands, [q], m[i])[0]
        scale = max(float(np.abs(direct).max()), 1e-300)
        error = max(error, float(np.abs(chi[i][q] - direct).max()) / scale)
    return error


def ir_target(eps: float) -> float:
    """Relative error :func:`ir_check` must stay below at IR accuracy ``eps``."""
    return max(float(eps), 1e-12)


def ir_discretisation(bands: BandMesh, m: tuple[int, ...] | list[int] = (0,),
                      eps: float = IR_EPS) -> dict[str, Any]:
    """The k mesh and Matsubara sampling :func:`chi0_mesh` used on ``bands``."""
    return {"n_mesh": bands.n_mesh, "temperature": bands.temperature,
            "matsubara_m": [int(v) for v in m],
            "ir_eps": float(eps), "ir_lambda": ir_lambda(1 / bands.temperature,
                                                         _spectral_width(bands))}


@dataclass(frozen=True)
class Chi0Options:
    """Numerics of :func:`solve_chi0`: Matsubara indices ``m`` and IR accuracy ``eps``."""

    m: tuple[int, ...] = (0,)
    eps: float = IR_EPS

    def __post_init__(self) -> None:
        object.__setattr__(self, "m", tuple(require_int("m", v, 0) for v in self.m))
        if not self.m:
            raise ValueError("m must hold at least one Matsubara index, got none")
        require_positive("eps", self.eps)


#: Coordinates of results on the q mesh with orbital-pair axes (pair index a * n + b).
PAIR_MESH_COORDINATES: dict[str, Variable] = {
    "pair_a": Variable(("pair1",), "", "orbital a of the pair (a, b) = a*n + b",
                       coordinate=True),
    "pair_b": Variable(("pair1",), "", "orbital b of the pair (a, b) = a*n + b",
                       coordinate=True),
    "qx": Variable(("qx",), "1/a", "q_x", coordinate=True),
    "qy": Variable(("qy",), "1/a", "q_y", coordinate=True),
}


@renamed_parameters(nk="n_mesh")
def pair_mesh_coordinates(n_orbitals: int, n_mesh: int) -> dict[str, np.ndarray]:
    """Values of :data:`PAIR_MESH_COORDINATES`: orbital labels of every pair and the mesh
    axis ``2 pi i / N``."""
    pairs = np.arange(n_orbitals * n_orbitals)
    axis = square_mesh_axis(n_mesh)
    return {"pair_a": pairs // n_orbitals, "pair_b": pairs % n_orbitals, "qx": axis,
            "qy": axis}


@dataclass(kw_only=True)
class Chi0Result(Result):
    """``chi0_{ab,cd}(q, i nu_m)`` on the Gamma-centred q mesh, per spin."""

    pair_a: np.ndarray = PAIR_MESH_COORDINATES["pair_a"]
    pair_b: np.ndarray = PAIR_MESH_COORDINATES["pair_b"]
    qx: np.ndarray = PAIR_MESH_COORDINATES["qx"]
    qy: np.ndarray = PAIR_MESH_COORDINATES["qy"]
    nu: np.ndarray = variable(("nu",), "t", "bosonic Matsubara frequency", coordinate=True)
    chi0: np.ndarray = variable(("nu", "qx", "qy", "pair1", "pair2"), "1/t",
                                "bare susceptibility chi0_{ab,cd} per spin")
    chi0_physical: np.ndarray = variable(("nu", "qx", "qy"), "1/t",
                                         "sum_ab chi0_{aa,bb} per spin")

    def summary(self) -> dict[str, Any]:
        """Largest static physical chi0 and where it sits."""
        static = self.chi0_physical[0].real
        i, j = np.unravel_index(np.argmax(static), static.shape)
        return {"result": "Chi0Result", "chi0_max": float(static[i, j]),
                "q_max": [float(self.qx[i]), float(self.qy[j])],
                "mu": self.metadata.get("mu")}

    def plot(self, ax: Any = None, **kwargs: Any) -> Any:
        """Map of the static physical chi0(q)."""
        from cooperlab.plotting.fluctuations import plot_chi_map

        return plot_chi_map(self, ax=ax, variable="chi0_physical", **kwargs)


def solve_chi0(model: Any, options: Chi0Options | None = None) -> Chi0Result:
    """``chi0`` of an :class:`~cooperlab.fluctuations.RPAModel` (its lattice, temperature,
    mu or filling, n_mesh)."""
    options = Chi0Options() if options is None else options
    start = time.perf_counter()
    bands = model.band_mesh()
    chi = chi0_mesh(bands, options.m, eps=options.eps)
    error, target = ir_check(bands, chi, options.m), ir_target(options.eps)
    convergence = Convergence(
        passed=error < target, achieved=error, target=target,
        criterion="IR Matsubara transform: max relative deviation of chi0 from the direct "
                  "band sum at one q of the mesh < max(eps, 1e-12)",
        discretisation=ir_discretisation(bands, options.m, options.eps))
    meta = make_metadata(model=model, options=options, wall_time_s=time.perf_counter() - start,
                         convergence=convergence,
                         mu=bands.mu, filling=bands.filling,
                         ir_lambda=ir_lambda(1 / bands.temperature, _spectral_width(bands)),
                         orbitals=[o.name for o in model.lattice.orbitals])
    return Chi0Result(**pair_mesh_coordinates(bands.n_orbitals, bands.n_mesh),
                      nu=2 * np.pi * bands.temperature * np.asarray(options.m),
                      chi0=chi, chi0_physical=physical(chi, bands.n_orbitals), metadata=meta)


__all__ = ["Chi0Options", "Chi0Result", "band_mesh", "chi0_direct", "chi0_mesh",
           "chi0_real_frequency", "ir_check", "ir_discretisation", "ir_target",
           "lindhard_weight", "physical", "solve_chi0"]
