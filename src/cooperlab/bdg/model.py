"""Real-space Bogoliubov-de Gennes model of an inhomogeneous superconductor on a lattice.

``H = sum_ij h_ij c^dag_is c_js + sum_i (W_i - mu) n_i - sum_i J_i (n_i,up - n_i,down)
      + sum_i U_i n_i,up n_i,down + (V/2) sum_<ij> n_i n_j``

on a :class:`~cooperlab.lattice.Cluster` (``h`` its hopping matrix), with on-site potentials
``W_i`` (random disorder, point impurities), classical magnetic impurities ``J_i`` (spins
along z), an on-site interaction ``U_i = U s_i`` (``U < 0`` attractive, ``s_i`` a spatial
profile) and a nearest-neighbour interaction ``V`` (``V < 0``: singlet bond pairing, the
d-wave / extended-s channel). Mean field in the Nambu basis ``(c_i,up, c^dag_i,down)``:

    H_BdG = [[h + W - mu - J + Sigma_H,   Delta                  ],
             [Delta^dag,                  -(h + W - mu + J + Sigma_H)^*]],
    Delta_ii = U_i <c_i,down c_i,up>,
    Delta_ij = (V / 2) <c_j,down c_i,up + c_i,down c_j,up>   (i, j nearest neighbours),
    Sigma_H,i = U_i (n_i - 1) / 2     (optional Hartree term, particle-hole symmetric:
                                       mu = 0 is half filling on a bipartite lattice).

Exchange convention (Yu-Shiba-Rusinov states): ``J_i`` is the exchange energy ``J S`` of a
classical spin along z, so it enters both Nambu blocks as ``-J_i`` (a spin-up electron gains
``-J``, a spin-down one ``+J``). With ``alpha = pi N_0 J`` (``N_0`` the normal density of
states per spin per site at E_F) one impurity binds a single in-gap level per Nambu sector,

    E_b = Delta (1 - alpha^2) / (1 + alpha^2)

(flat wide band: Yu, Acta Phys. Sin. 21, 75 (1965); Shiba, Prog. Theor. Phys. 40, 435
(1968); Rusinov, JETP Lett. 9, 85 (1969)), positive for ``alpha < 1`` in the
``(c_up, c^dag_down)`` sector, crossing zero (the ground state changes fermion parity) at
``alpha = pi N_0 J = 1``. On a lattice the crossing is exactly at
``J^2 (a_1^2 + a_3^2) = 1`` with ``a_1 = (1/N) sum_k Delta / (xi_k^2 + Delta^2)`` (``pi N_0``
smoothed over Delta) and ``a_3 = (1/N) sum_k xi_k / (xi_k^2 + Delta^2)`` (zero at
particle-hole symmetry): the T-matrix condition ``det(1 - J G_ii(0)) = 0`` of a uniform host
(``tests/bdg/test_dense_bdg.py`` pins both).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from cooperlab.lattice import Cluster
from cooperlab.validation import require_choice, require_finite, require_nonnegative

DISORDER_KINDS = ("none", "box", "gaussian")


@dataclass(frozen=True)
class Disorder:
    """Random on-site potentials: ``box`` uniform in ``[-W/2, W/2]`` or ``gaussian`` with
    standard deviation ``W``, from ``numpy.random.default_rng(seed)``."""

    kind: str = "none"
    strength: float = 0.0
    seed: int = 0

    def __post_init__(self) -> None:
        require_choice("kind", self.kind, DISORDER_KINDS)
        require_nonnegative("strength", self.strength)

    def potentials(self, n_sites: int) -> np.ndarray:
        """The ``n_sites`` potentials (zeros without disorder)."""
        rng = np.random.default_rng(self.seed)
        if self.kind == "box":
            return self.strength * (rng.random(n_sites) - 0.5)
        if self.kind == "gaussian":
            return self.strength * rng.normal(size=n_sites)
        return np.zeros(n_sites)


def _site_array(name: str, value: Any, n_sites: int) -> np.ndarray | None:
    if value is None:
        return None
    array = np.asarray(value, dtype=float)
    if array.shape != (n_sites,) or not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be a finite array of {n_sites} values, got shape "
                         f"{array.shape}")
    return array


@dataclass(frozen=True, eq=False)
class BdGModel:
    """An inhomogeneous superconductor on a lattice cluster (see the module docstring).

    Parameters
    ----------
    cluster : Cluster
        The lattice cluster (single-orbital lattices for the bond channel).
    U : float
        On-site interaction (units of the hopping; ``< 0`` attractive).
    V : float
        Nearest-neighbour interaction (``< 0``: bond pairing).
    mu, filling : float
        Chemical potential, or the electrons per site (0 to 2) to tune it to: exactly one.
    temperature : float
        ``k_B T`` in hopping units (0 allowed).
    disorder : Disorder
        Random on-site potentials.
    potential, exchange, pairing_profile : arrays of n_sites or None
        Extra on-site potentials (point impurities), exchange fields ``J_i`` (classical
        magnetic impurities: the energy ``J S`` in ``-J_i (n_i,up - n_i,down)``; the
        Yu-Shiba-Rusinov level crosses zero at ``pi N_0 J = 1``, see the module docstring)
        and the profile ``s_i`` of ``U_i = U s_i``.
    hartree : bool
        Include the Hartree term ``U_i (n_i - 1) / 2``.
    """

    cluster: Cluster
    U: float = -2.0
    V: float = 0.0
    mu: float | None = 0.0
    filling: float | None = None
    temperature: float = 0.0
    disorder: Disorder = field(default_factory=Disorder)
    potential: Any = None
    exchange: Any = None
    pairing_profile: Any = None
    hartree: bool = False
    #: The :meth:`from_spec` keywords that made this model (None otherwise); dropped by
    #: ``dataclasses.replace``, so it never describes a changed model.
    spec: dict[str, Any] | None = field(default=None, init=False, compare=False, repr=False)

    @classmethod
    def from_spec(cls, lattice: str = "square:24x24",
                  bc: Literal["periodic", "open"] = "periodic", t_prime: float = 0.0,
                  U: float = -2.0, V: float = 0.0, mu: float | None = None,
                  filling: float | None = None, temperature: float = 0.0,
                  disorder: str | None = None, disorder_seed: int = 0) -> BdGModel:
        """A film on a preset lattice (hopping t = 1) described by plain values.

        The keywords are kept in :attr:`spec` and in the metadata of a solved state, so that
        :meth:`from_saved` rebuilds the model from a saved state.

        Parameters
        ----------
        lattice : str
            ``NAME:LxM`` (``square:24x24``, ``chain:40``).
        bc : str
            Boundary conditions.
        t_prime : float
            Next-nearest-neighbour hopping t' (units of t).
        U : float
            On-site interaction (< 0 attractive), units of t.
        V : float
            Nearest-neighbour interaction (< 0: bond / d-wave pairing), units of t.
        mu : float or None
            Chemical potential (units of t); default 0 unless filling is given.
        filling : float or None
            Electrons per site (mu tuned to it).
        temperature : float
            k_B T in units of t.
        disorder : str or None
            Random on-site potentials ``box:W`` or ``gaussian:W`` (W in units of t).
        disorder_seed : int
            Seed of the disorder.
        """
        from cooperlab.lattice import parse_lattice_spec

        spec = {"lattice": lattice, "bc": bc, "t_prime": t_prime, "U": U, "V": V, "mu": mu,
                "filling": filling, "temperature": temperature, "disorder": disorder,
                "disorder_seed": disorder_seed}
        kind, _, strength = (disorder or "none:0").partition(":")
        try:
            noise = Disorder(kind, float(strength), disorder_seed)
        except ValueError as error:
            raise ValueError(f"disorder must be box:W or gaussian:W, got {disorder!r} "
                             f"({error})") from None
        found, shape = parse_lattice_spec(lattice, t=1.0, **({"t_prime": t_prime} if t_prime
                                                              else {}))
        model = cls(found.cluster(shape, bc), U=U, V=V, filling=filling, temperature=temperature,
                    mu=(0.0 if mu is None else mu) if filling is None else mu, disorder=noise)
        object.__setattr__(model, "spec", spec)
        return model

    @classmethod
    def from_saved(cls, state: Any) -> BdGModel:
        """The model of a solved state whose model came from :meth:`from_spec` (e.g. a file
        written by ``cooperlab bdg solve``, read with :func:`cooperlab.load`)."""
        spec = state.metadata.get("bdg_model", {}).get("spec")
        if spec is None and "cli_model" in state.metadata:  # written by the first CLI
            spec = dict(state.metadata["cli_model"])
            spec["disorder_seed"] = spec.pop("seed")
        if spec is None:
            raise ValueError("the state records no model spec (its model was not made by "
                             "BdGModel.from_spec, e.g. 'cooperlab bdg solve'); use the "
                             "Python API")
        return cls.from_spec(**spec)

    def __post_init__(self) -> None:
        if not isinstance(self.cluster, Cluster):
            raise ValueError(f"cluster must be a Cluster, got {type(self.cluster).__name__}")
        require_finite("U", self.U)
        require_finite("V", self.V)
        if (self.mu is None) == (self.filling is None):
            raise ValueError("give exactly one of mu and filling")
        if self.mu is not None:
            require_finite("mu", self.mu)
        if self.filling is not None and not 0 < self.filling < 2:
            raise ValueError(f"filling must lie in (0, 2) electrons per site, got {self.filling}")
        require_nonnegative("temperature", self.temperature)
        n = self.cluster.n_sites
        for name in ("potential", "exchange", "pairing_profile"):
            object.__setattr__(self, name, _site_array(name, getattr(self, name), n))

    @property
    def n_sites(self) -> int:
        """Sites of the cluster."""
        return self.cluster.n_sites

    def onsite_potential(self) -> np.ndarray:
        """``W_i``: disorder plus the extra potentials."""
        w = self.disorder.potentials(self.n_sites)
        return w if self.potential is None else w + self.potential

    def interaction(self) -> np.ndarray:
        """``U_i = U s_i``."""
        profile = np.ones(self.n_sites) if self.pairing_profile is None else self.pairing_profile
        return self.U * profile

    def nearest_bonds(self) -> tuple[np.ndarray, np.ndarray]:
        """``(i, j)`` of the nearest-neighbour bonds (the largest-|t| hoppings), each once."""
        i, j, h = self.cluster.bonds()
        if h.size == 0:
            return np.zeros(0, int), np.zeros(0, int)
        strongest = np.isclose(np.abs(h), np.abs(h).max())
        return i[strongest], j[strongest]
