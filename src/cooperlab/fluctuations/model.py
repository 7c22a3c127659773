"""The RPA model: a lattice, its filling or chemical potential, temperature, the Kanamori U, J
and mesh."""

from __future__ import annotations

from dataclasses import dataclass, field

from cooperlab.fluctuations.electrons import BandMesh, band_mesh
from cooperlab.fluctuations.kanamori import KanamoriInteraction
from cooperlab.lattice import Lattice
from cooperlab.naming import renamed_fields
from cooperlab.results import field_label
from cooperlab.validation import require_finite, require_int, require_nonnegative, require_positive


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
