"""The RPA model: a lattice, its filling or chemical potential, temperature, the Kanamori U, J
and mesh."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from cooperlab.fluctuations.electrons import (
    BandMesh,
    band_mesh,
    solve_fermi_surface,
    solve_orbital_bands,
)
from cooperlab.fluctuations.kanamori import KanamoriInteraction
from cooperlab.lattice import (
    PNICTIDE2_MU,
    PNICTIDE5_FILLING,
    Lattice,
    pnictide2_lattice,
    pnictide5_lattice,
    square_lattice,
)
from cooperlab.naming import renamed_fields, renamed_parameters
from cooperlab.results import field_label
from cooperlab.validation import require_finite, require_int, require_nonnegative, require_positive

#: The lattices of :meth:`RPAModel.from_preset`: default temperature and mu or filling.
PRESETS = {
    "square": (0.1, {"mu": 0.0}),                              # units of t
    "pnictide2": (0.05, {"mu": PNICTIDE2_MU}),                 # |t1|, Raghu et al. (2008)
    "pnictide5": (0.01, {"filling": PNICTIDE5_FILLING}),       # eV, Graser et al. (2009)
}


@renamed_fields(T="temperature", nk="n_mesh")
@dataclass(frozen=True)
class RPAModel:
    """Multi-orbital Hubbard model on an ``n_mesh x n_mesh`` Gamma-centred mesh for the RPA.

    Parameters
    ----------
    lattice
        The band model (:func:`cooperlab.lattice.square_lattice`, ``pnictide2_lattice``,
        ``pnictide5_lattice``, ...); energies in its units.
    temperature
        Temperature (same energy units as the lattice).
    U, J, U_prime, J_prime
        Kanamori parameters (:class:`KanamoriInteraction`; ``U' = U - 2J`` and ``J' = J``
        when left ``None``). For one orbital only ``U`` matters: ``H = U sum n_up n_dn``.
    mu, filling
        Exactly one: the chemical potential, or the electrons per cell (both spins), from
        which mu is found on the same mesh at T.
    n_mesh
        Mesh size N (k and q on the same N x N mesh).
    """

    lattice: Lattice
    temperature: float = field(metadata=field_label("t", "temperature"))
    U: float = field(default=0.0, metadata=field_label("t", "Hubbard U"))
    J: float = field(default=0.0, metadata=field_label("t", "Hund coupling J"))
    U_prime: float | None = None
    J_prime: float | None = None
    mu: float | None = None
    filling: float | None = None
    n_mesh: int = 32

    def __post_init__(self) -> None:
        if not isinstance(self.lattice, Lattice):
            raise ValueError(f"lattice must be a cooperlab.lattice.Lattice, got "
                             f"{type(self.lattice).__name__}")
        require_positive("temperature", self.temperature)
        require_nonnegative("U", self.U)
        require_finite("J", self.J)
        if (self.mu is None) == (self.filling is None):
            raise ValueError(f"give exactly one of mu and filling, got mu={self.mu!r}, "
                             f"filling={self.filling!r}")
        if self.mu is not None:
            require_finite("mu", self.mu)
        object.__setattr__(self, "n_mesh", require_int("n_mesh", self.n_mesh, 4))

    @classmethod
    @renamed_parameters(T="temperature", nk="n_mesh")
    def from_preset(cls, model: Literal["square", "pnictide2", "pnictide5"] = "square", *,
                    t: float = 1.0, t_prime: float = 0.0, t_second: float = 0.0,
                    mu: float | None = None, filling: float | None = None,
                    temperature: float | None = None, n_mesh: int = 32, U: float = 0.0,
                    J: float = 0.0,
                    U_prime: float | None = None, J_prime: float | None = None) -> RPAModel:
        """A preset lattice with its default temperature and filling (:data:`PRESETS`).

        Parameters
        ----------
        model
            square (t, t', t''), pnictide2 (Raghu 2008, units |t1|) or pnictide5 (Graser
            2009, eV).
        t
            square only: nearest-neighbour hopping t.
        t_prime
            square only: second-neighbour hopping t'.
        t_second
            square only: third-neighbour hopping t''.
        mu
            Chemical potential, model units (default: 0 square, 1.45 pnictide2).
        filling
            Electrons per cell, both spins, instead of mu (default 6 for pnictide5).
        temperature
            Temperature, model units (default 0.1 t, 0.05 |t1|, 0.01 eV).
        n_mesh
            N of the Gamma-centred N x N k and q mesh.
        U
            Intra-orbital Kanamori U, model units.
        J
            Hund's J, model units (J/U for the Stoner U_c).
        U_prime
            Inter-orbital U', model units (default U - 2J).
        J_prime
            Pair hopping J', model units (default J).
        """
        if mu is not None and filling is not None:
            raise ValueError("give at most one of mu and filling (--mu and --filling), got "
                             f"mu={mu}, filling={filling}")
        default_t, density = PRESETS[model]
        lattice = {"square": lambda: square_lattice(t, t_prime, t_second),
                   "pnictide2": pnictide2_lattice, "pnictide5": pnictide5_lattice}[model]()
        if mu is None and filling is None:
            mu, filling = density.get("mu"), density.get("filling")
        return cls(lattice, default_t if temperature is None else temperature, U=U, J=J,
                   U_prime=U_prime, J_prime=J_prime, mu=mu, filling=filling, n_mesh=n_mesh)

    @property
    def n_orbitals(self) -> int:
        """Orbitals per cell."""
        return self.lattice.n_orbitals

    def interaction(self) -> KanamoriInteraction:
        """The Kanamori interaction of ``U, J, U', J'``."""
        return KanamoriInteraction(self.U, self.J, self.U_prime, self.J_prime)

    def band_mesh(self) -> BandMesh:
        """Eigenstates on the mesh, mu fixed by ``mu`` or by ``filling``."""
        return band_mesh(self.lattice, self.n_mesh, self.temperature, mu=self.mu,
                         filling=self.filling)

    def solve_orbital_bands(self: RPAModel, path: str = "G-X-M-G") -> Any:
        """Bands along a path with orbital weights (mu from ``mu`` or ``filling``).

        Parameters
        ----------
        path
            Corners G, X, Y, M joined by dashes (:func:`solve_orbital_bands`).
        """
        return solve_orbital_bands(self.lattice, self.temperature, mu=self.mu,
                                   filling=self.filling, path=path, n_mesh=self.n_mesh)

    def solve_fermi_surface(self: RPAModel) -> Any:
        """Orbital-resolved Fermi surface on the model's mesh (:func:`solve_fermi_surface`)."""
        return solve_fermi_surface(self.lattice, self.temperature, mu=self.mu,
                                   filling=self.filling, n_mesh=self.n_mesh)
