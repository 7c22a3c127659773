"""Band structure on a Gamma-centred k mesh: Fermi function, chemical potential, paths,
Fermi surfaces and orbital weights of a multi-orbital :class:`~cooperlab.lattice.Lattice`.

The mesh is ``k = 2 pi (i, j) / N``, ``i, j = 0..N-1`` (Gamma at index (0, 0), (pi, pi) at
(N/2, N/2) for even N); the same mesh holds the transfer momenta q, so ``k + q`` is an index
sum modulo N. Energies are measured from the chemical potential (``xi = e - mu``); the
electron count per cell, both spins, is

    n = (2/N^2) sum_{k, band} f(xi_band(k)),      f(x) = 1 / (e^{x/T} + 1).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from cooperlab.lattice import Lattice
from cooperlab.naming import deprecated_alias, renamed_fields, renamed_parameters
from cooperlab.numerics.filling import chemical_potential_from_bands, electrons_per_cell
from cooperlab.numerics.kmesh import square_mesh, square_mesh_axis
from cooperlab.numerics.occupations import fermi_dirac
from cooperlab.results import Convergence, Result, make_metadata, variable
from cooperlab.validation import require_finite, require_int, require_positive


@renamed_parameters(T="temperature")
def fermi(x: Any, temperature: float) -> np.ndarray:
    """Fermi function ``f(x) = 1/(e^{x/T} + 1)`` (overflow-free); at ``T = 0`` the step
    with ``f(0) = 1/2`` (:func:`cooperlab.numerics.fermi_dirac`)."""
    return fermi_dirac(x, temperature)


@renamed_parameters(nk="n_mesh")
def mesh_momenta(n_mesh: int) -> np.ndarray:
    """Gamma-centred ``N x N`` mesh ``k = 2 pi (i, j)/N``, shape ``(N, N, 2)``
    (:func:`cooperlab.numerics.square_mesh`)."""
    return square_mesh(require_int("n_mesh", n_mesh, 2))


@renamed_parameters(T="temperature")
def filling(energies: np.ndarray, mu: float, temperature: float) -> float:
    """Electrons per cell, both spins: ``(2/N_k) sum f(e - mu)`` over k and bands
    (:func:`cooperlab.numerics.electrons_per_cell`)."""
    return electrons_per_cell(energies, mu, temperature)


@renamed_parameters(T="temperature", n="filling")
def chemical_potential(energies: np.ndarray, filling: float, temperature: float) -> float:
    """The ``mu`` at which :func:`filling` equals ``filling`` (both spins) at ``temperature``.

    ``energies`` are band energies on a mesh (any shape ``(..., n_bands)``); the root is
    bracketed by the band edges and found to 1e-13 by Brent's method
    (:func:`cooperlab.numerics.chemical_potential_from_bands`).
    """
    temperature = require_positive("temperature", temperature)
    return chemical_potential_from_bands(energies, filling, temperature)


@renamed_fields(T="temperature")
@dataclass(frozen=True)
class BandMesh:
    """Eigenstates of ``H(k)`` on the N x N mesh, energies measured from ``mu``.

    Attributes
    ----------
    xi
        ``e_band(k) - mu``, shape ``(N, N, n_bands)`` (ascending in band).
    vectors
        ``U[k, a, band]``: orbital ``a`` amplitude of each band, shape ``(N, N, n, n)``.
    mu, temperature
        Chemical potential and temperature (energy units of the lattice).
    """

    xi: np.ndarray
    vectors: np.ndarray
    mu: float
    temperature: float

    @property
    def n_mesh(self) -> int:
        """Mesh size N."""
        return int(self.xi.shape[0])

    @property
    def n_orbitals(self) -> int:
        """Orbitals (= bands) per cell."""
        return int(self.xi.shape[-1])

    @property
    def filling(self) -> float:
        """Electrons per cell, both spins."""
        return filling(self.xi, 0.0, self.temperature)


@renamed_parameters(T="temperature", nk="n_mesh", n="filling")
def band_mesh(lattice: Lattice, n_mesh: int, temperature: float, *, mu: float | None = None,
              filling: float | None = None) -> BandMesh:
    """Diagonalise ``H(k)`` on the Gamma-centred N x N mesh at fixed ``mu`` or ``filling``.

    Give exactly one of ``mu`` and ``filling`` (electrons per cell, both spins; ``mu`` is then
    found on this mesh at ``temperature`` by :func:`chemical_potential`). Cell phases only
    (``position_phases=False``) so that ``H(k)`` is periodic on the mesh.
    """
    temperature = require_positive("temperature", temperature)
    if (mu is None) == (filling is None):
        raise ValueError("give exactly one of mu and filling, got "
                         f"mu={mu!r}, filling={filling!r}")
    if lattice.dim != 2:
        raise ValueError(f"lattice must be two-dimensional, got dim={lattice.dim}")
    k = mesh_momenta(n_mesh)
    energies, vectors = np.linalg.eigh(lattice.bloch_hamiltonian(k, position_phases=False))
    if mu is None:
        mu = chemical_potential(energies, float(filling), temperature)  # type: ignore[arg-type]
    mu = require_finite("mu", mu)
    return BandMesh(energies - mu, vectors, float(mu), float(temperature))


def diagonalisation_convergence(mesh: BandMesh, filling: float | None,
                                **discretisation: Any) -> Convergence:
    """Convergence of a result read off exact eigenstates: with a filling ``n`` given, how
    well ``mu`` reproduces it on the mesh (root found to 1e-13 by Brent's method)."""
    criterion = "complete diagonalisation at every k"
    record = {"n_mesh": mesh.n_mesh, "temperature": mesh.temperature, **discretisation}
    if filling is None:
        return Convergence(passed=True, criterion=criterion + " (mu given)",
                           discretisation=record)
    error = abs(mesh.filling - float(filling))
    return Convergence(passed=error < 1e-10, achieved=error, target=1e-10,
                       criterion=criterion + "; |filling(mu) - filling| on the mesh < 1e-10",
                       discretisation=record)


def high_symmetry_path(labels: str = "G-X-M-G", n_per_segment: int = 60
                       ) -> tuple[np.ndarray, np.ndarray, list[float]]:
    """Momenta along a path through G=(0,0), X=(pi,0), Y=(0,pi), M=(pi,pi).

    Returns ``(k, distance, ticks)``: ``k`` of shape ``(n, 2)``, the cumulative path length
    and the distance of each corner.
    """
    corners = {"G": (0.0, 0.0), "X": (np.pi, 0.0), "Y": (0.0, np.pi), "M": (np.pi, np.pi)}
    names = labels.split("-")
    if len(names) < 2 or any(name not in corners for name in names):
        raise ValueError(f"path must join corners G, X, Y, M with '-', got {labels!r}")
    n_per_segment = require_int("n_per_segment", n_per_segment, 2)
    points = [np.asarray(corners[name]) for name in names]
    segments = [np.linspace(a, b, n_per_segment, endpoint=False) for a, b in
                zip(points[:-1], points[1:], strict=True)]
    k = np.concatenate([*segments, points[-1][None, :]])
    step = np.linalg.norm(np.diff(k, axis=0), axis=1)
    distance = np.concatenate([[0.0], np.cumsum(step)])
    ticks = [float(distance[i * n_per_segment]) for i in range(len(names))]
    return k, distance, ticks


@dataclass(kw_only=True)
class BandsResult(Result):
    """Bands and orbital weights ``|U_{a,band}(k)|^2`` along a path (energies from mu)."""

    distance: np.ndarray = variable(("k",), "1/a", "path length", coordinate=True)
    kx: np.ndarray = variable(("k",), "1/a", "k_x")
    ky: np.ndarray = variable(("k",), "1/a", "k_y")
    energy: np.ndarray = variable(("k", "band"), "t", "e - mu")
    weight: np.ndarray = variable(("k", "band", "orbital"), "", "orbital weight |U_ab|^2")

    def summary(self) -> dict[str, Any]:
        """Band extrema and mu."""
        return {"result": "BandsResult", "mu": self.metadata.get("mu"),
                "min": float(self.energy.min()), "max": float(self.energy.max())}

    def plot(self, ax: Any = None, **kwargs: Any) -> Any:
        """Bands coloured by their dominant orbital."""
        from cooperlab.plotting.fluctuations import plot_orbital_bands

        return plot_orbital_bands(self, ax=ax, **kwargs)


@renamed_parameters(T="temperature", n="filling", nk="n_mesh")
def solve_orbital_bands(lattice: Lattice, temperature: float, *, mu: float | None = None,
                        filling: float | None = None, path: str = "G-X-M-G", n_mesh: int = 64,
                        n_per_segment: int = 60) -> BandsResult:
    """Bands along ``path``, coloured by orbital, with ``mu`` given or fixed by ``filling``
    (electrons per cell) on an ``n_mesh x n_mesh`` mesh."""
    mesh = band_mesh(lattice, n_mesh, temperature, mu=mu, filling=filling)
    k, distance, ticks = high_symmetry_path(path, n_per_segment)
    energies, vectors = np.linalg.eigh(lattice.bloch_hamiltonian(k, position_phases=False))
    weight = np.abs(vectors.transpose(0, 2, 1)) ** 2
    convergence = diagonalisation_convergence(mesh, filling, path=path,
                                              n_per_segment=n_per_segment)
    meta = make_metadata(mu=mesh.mu, temperature=temperature, filling=mesh.filling, path=path,
                         ticks=ticks,
                         convergence=convergence,
                         orbitals=[o.name for o in lattice.orbitals], lattice=lattice.name)
    return BandsResult(distance=distance, kx=k[:, 0], ky=k[:, 1], energy=energies - mesh.mu,
                       weight=weight, metadata=meta)


@dataclass(kw_only=True)
class FermiSurfaceResult(Result):
    """Spectral weight at the Fermi level on a fine mesh, per orbital.

    ``A_a(k) = sum_band |U_{a,band}(k)|^2 (eta/pi) / (xi_band(k)^2 + eta^2)``: the Fermi
    surface with its orbital character (Lorentzian width ``eta``).
    """

    kx: np.ndarray = variable(("kx",), "1/a", "k_x", coordinate=True)
    ky: np.ndarray = variable(("ky",), "1/a", "k_y", coordinate=True)
    spectral: np.ndarray = variable(("kx", "ky", "orbital"), "1/t",
                                    "orbital-resolved A(k, omega=0)")
    xi: np.ndarray = variable(("kx", "ky", "band"), "t", "e - mu")

    def pockets(self) -> dict[str, int]:
        """Bands above mu at G, X, Y, M (hole pockets where positive at G or M)."""
        n = self.xi.shape[0]
        points = {"G": (0, 0), "X": (n // 2, 0), "Y": (0, n // 2), "M": (n // 2, n // 2)}
        return {name: int(np.sum(self.xi[i, j] > 0)) for name, (i, j) in points.items()}

    def summary(self) -> dict[str, Any]:
        """Empty bands at the high-symmetry points and mu."""
        return {"result": "FermiSurfaceResult", "mu": self.metadata.get("mu"),
                "empty_bands": self.pockets()}

    def plot(self, ax: Any = None, **kwargs: Any) -> Any:
        """Fermi surface coloured by orbital."""
        from cooperlab.plotting.fluctuations import plot_fermi_surface

        return plot_fermi_surface(self, ax=ax, **kwargs)


@renamed_parameters(T="temperature", n="filling", nk="n_mesh")
def solve_fermi_surface(lattice: Lattice, temperature: float, *, mu: float | None = None,
                        filling: float | None = None, n_mesh: int = 128,
                        eta: float | None = None) -> FermiSurfaceResult:
    """Orbital-resolved Fermi surface on an ``n_mesh x n_mesh`` mesh (``eta`` default:
    ``max(2 temperature, W/200)``).

    ``W`` is the band width; mu is fixed on the same mesh when ``filling`` is given.
    """
    mesh = band_mesh(lattice, n_mesh, temperature, mu=mu, filling=filling)
    width = float(mesh.xi.max() - mesh.xi.min())
    eta = max(2 * temperature, 0.005 * width) if eta is None else require_positive("eta", eta)
    lorentz = eta / np.pi / (mesh.xi**2 + eta**2)
    spectral = np.einsum("xyab,xyb->xya", np.abs(mesh.vectors) ** 2, lorentz)
    axis = square_mesh_axis(mesh.n_mesh)
    meta = make_metadata(mu=mesh.mu, temperature=temperature, filling=mesh.filling, eta=eta,
                         n_mesh=n_mesh,
                         convergence=diagonalisation_convergence(mesh, filling, eta=eta),
                         orbitals=[o.name for o in lattice.orbitals], lattice=lattice.name)
    return FermiSurfaceResult(kx=axis, ky=axis, spectral=spectral, xi=mesh.xi, metadata=meta)


solve_bands = deprecated_alias(solve_orbital_bands, "solve_bands")
