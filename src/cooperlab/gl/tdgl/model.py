"""The film model (what the sample is) and the TDGL options (how to integrate it)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from cooperlab.backend import BACKENDS

if TYPE_CHECKING:
    from cooperlab.gl.material import GLMaterial
from cooperlab.gl.tdgl.geometry import SHAPES, Grid, shape_grid
from cooperlab.gl.tdgl.kernels import KERNELS
from cooperlab.gl.tdgl.poisson import POTENTIAL_SOLVERS
from cooperlab.gl.tdgl.units import GLUnits
from cooperlab.results import field_label
from cooperlab.validation import (
    require_choice,
    require_int,
    require_nonnegative,
    require_positive,
    require_range,
)

#: Kramer & Watts-Tobin's ratio of relaxation times for dirty superconductors (as pyTDGL).
KWT_U = 5.79


@dataclass(frozen=True)
class FilmModel:
    """A superconducting film in a perpendicular field, optionally carrying a current.

    Generalised TDGL of Kramer & Watts-Tobin, PRL 40, 1041 (1978), in the form used by
    pyTDGL (Bishop-Van Horn, Comput. Phys. Commun. 291, 108799 (2023))::

        u / sqrt(1 + gamma^2 |psi|^2) (d/dt + i mu + gamma^2/2 d|psi|^2/dt) psi
            = (1 - |psi|^2) psi + (grad - iA)^2 psi,
        div(Js - grad mu) = 0 in the film,   Js = Im[psi^* (grad - iA) psi],

    lengths in xi, time in tau0 = mu0 sigma lambda^2 (see :mod:`cooperlab.gl.tdgl.units`).
    By default the vector potential is the applied one: the limit of a film whose effective
    depth Lambda = lambda^2 / d is large against its size; ``TDGLOptions(screening=True)``
    adds the self-field of the film's sheet current (:mod:`cooperlab.gl.tdgl.screening`).

    Parameters
    ----------
    shape : str
        ``disk``, ``ring``, ``square`` (optional centred square hole), ``rectangle``,
        ``strip`` (terminals at both ends of x) or ``mask`` (give ``mask``).
    width_um : float
        Diameter or side along x (um).
    height_um : float
        Side along y (rectangle, strip) (um).
    hole_um : float
        Hole size (um); 0: none.
    xi_um : float
        Coherence length (um).
    lambda_um : float
        Penetration depth (um).
    thickness_um : float
        Film thickness (um).
    conductivity_S_per_um : float
        Normal-state conductivity (S/um); sets tau0 and the voltage unit.
    gamma : float
        Inelastic scattering parameter of the generalised TDGL (0: plain TDGL).
    u : float
        Ratio of relaxation times (5.79, Kramer & Watts-Tobin).
    field_mT : float
        Applied perpendicular field (mT).
    current_uA : float
        Transport current through the strip's terminals (uA).
    grid_xi : float
        Grid spacing h in units of xi.
    probe_um : float
        Strip only: distance between the two voltage probes of the four-probe voltage,
        centred on the strip (um); 0: half the strip length. The probes are lines across
        the strip (the mean potential of a node column), away from the normal terminals,
        so their voltage has no contact part.
    mask : array or None
        Boolean film mask for ``shape="mask"`` (True = superconductor), spacing ``grid_xi``.
    """

    shape: str = field(default="disk", metadata=field_label("", "film shape"))
    width_um: float = field(default=2.0, metadata=field_label("um", "film width / diameter"))
    height_um: float = field(default=1.0, metadata=field_label("um", "film height"))
    hole_um: float = field(default=0.0, metadata=field_label("um", "hole size"))
    xi_um: float = field(default=0.1, metadata=field_label("um", "coherence length"))
    lambda_um: float = field(default=0.2, metadata=field_label("um", "penetration depth"))
    thickness_um: float = field(default=0.05, metadata=field_label("um", "film thickness"))
    conductivity_S_per_um: float = field(default=12.0,
                                         metadata=field_label("S/um", "normal conductivity"))
    gamma: float = field(default=10.0, metadata=field_label("", "inelastic scattering gamma"))
    u: float = field(default=KWT_U, metadata=field_label("", "relaxation-time ratio u"))
    field_mT: float = field(default=0.0, metadata=field_label("mT", "applied field"))
    current_uA: float = field(default=0.0, metadata=field_label("uA", "transport current"))
    grid_xi: float = field(default=0.25, metadata=field_label("xi", "grid spacing"))
    probe_um: float = field(default=0.0, metadata=field_label("um", "voltage-probe distance"))
    mask: Any = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        require_choice("shape", self.shape, SHAPES)
        require_positive("width_um", self.width_um, "um")
        require_positive("height_um", self.height_um, "um")
        require_nonnegative("hole_um", self.hole_um, "um")
        if self.hole_um >= self.width_um:
            raise ValueError(f"hole_um must be smaller than width_um={self.width_um:g}, "
                             f"got {self.hole_um!r}")
        require_positive("xi_um", self.xi_um, "um")
        require_positive("lambda_um", self.lambda_um, "um")
        require_positive("thickness_um", self.thickness_um, "um")
        require_positive("conductivity_S_per_um", self.conductivity_S_per_um, "S/um")
        require_nonnegative("gamma", self.gamma)
        require_positive("u", self.u)
        require_range("field_mT", self.field_mT, -1e6, 1e6, unit="mT")
        require_range("current_uA", self.current_uA, -1e9, 1e9, unit="uA")
        require_range("grid_xi", self.grid_xi, 0.02, 1.0, unit="xi")
        cells = (self.width_um / self.xi_um / self.grid_xi) * (
            max(self.width_um, self.height_um) / self.xi_um / self.grid_xi)
        if cells > 4e6:
            raise ValueError(f"grid_xi={self.grid_xi!r} gives {cells:.3g} nodes (at most 4e6); "
                             "use a coarser grid or a smaller film")
        if self.shape == "mask":
            if self.mask is None:
                raise ValueError("mask must be given for shape='mask'")
            m = np.asarray(self.mask)
            if m.ndim != 2 or m.dtype != bool and not np.isin(m, (0, 1)).all():
                raise ValueError(f"mask must be a 2D boolean array, got shape {m.shape}")
            object.__setattr__(self, "mask", m.astype(bool))
        require_range("probe_um", self.probe_um, 0.0, self.width_um, high_inclusive=False,
                      unit="um")
        if self.current_uA != 0 and self.shape != "strip":
            raise ValueError(f"current_uA={self.current_uA!r} needs terminals: shape='strip'")

    @classmethod
    def from_material(cls, material: GLMaterial, **film: Any) -> FilmModel:
        """The film of ``material``: xi, lambda and thickness from it (at its temperature;
        use :meth:`GLMaterial.at_temperature` first for another one), the shape, size,
        field, current and grid from ``film``.

        A bulk material (``thickness_nm=None``) needs ``thickness_um`` in ``film``.
        """
        from cooperlab.gl.material import GLMaterial

        if not isinstance(material, GLMaterial):
            raise ValueError(f"material must be a GLMaterial, got {type(material).__name__}")
        taken = {"xi_um", "lambda_um"} & set(film)
        if taken:
            raise ValueError(f"{', '.join(sorted(taken))} come from the material")
        if material.thickness_nm is not None:
            if "thickness_um" in film:
                raise ValueError("thickness_um comes from the material (a film); use "
                                 "material.with_thickness() to change it")
            film["thickness_um"] = material.thickness_nm * 1e-3
        elif "thickness_um" not in film:
            raise ValueError("a bulk material (thickness_nm=None) needs thickness_um")
        return cls(xi_um=material.xi_um, lambda_um=material.lambda_um, **film)

    @property
    def units(self) -> GLUnits:
        return GLUnits(self.xi_um, self.lambda_um, self.thickness_um,
                       self.conductivity_S_per_um)

    @property
    def kappa(self) -> float:
        return self.lambda_um / self.xi_um

    @property
    def pearl_xi(self) -> float:
        """Pearl length ``Lambda = lambda^2 / d`` in units of xi (screening of a thin film)."""
        return self.lambda_um**2 / self.thickness_um / self.xi_um

    @property
    def b(self) -> float:
        """Applied field in units of Bc2."""
        return self.field_mT / self.units.bc2_mT

    def grid(self) -> Grid:
        """The film's grid (lengths in xi)."""
        s = self.xi_um
        return shape_grid(self.shape, self.width_um / s, self.height_um / s, self.hole_um / s,
                          self.grid_xi, mask=self.mask, probe=self.probe_um / s)

    def current_dimensionless(self) -> float:
        """Transport current in units of I0 = J0 d xi."""
        return self.current_uA / self.units.current_unit_uA


@dataclass(frozen=True)
class TDGLOptions:
    """How the TDGL equations are integrated.

    Parameters
    ----------
    solve_time : float
        Simulated time (units of tau0).
    dt_max : float
        Largest time step (tau0).
    cfl : float
        Fraction of the explicit stability bound used, ``dt <= cfl u h^2 / (4 c_max)`` with
        ``c_max = sqrt(1 + gamma^2 max|psi|^2)`` (von Neumann bound of the forward-Euler
        diffusion step on the 5-point stencil).
    save_every : float
        Time between snapshots (tau0); snapshots go to the checkpoint file and the result.
    init : {"uniform", "random", "normal"}
        Initial psi: 1 everywhere, seeded random phases and amplitudes, or small noise.
    seed : int
        Seed of the random initial state.
    average_from : float
        Fraction of ``solve_time`` after which observables (voltage) are averaged.
    solve_mu : bool
        Solve the Poisson equation for the electric potential every step (the TDGL);
        off only for equilibrium relaxation without current.
    backend : {"numpy", "cupy", "auto"}
        Array backend (CuPy when asked and present).
    stabilised_dt : float or None
        None: explicit steps at ``cfl`` times the stability bound (adaptive). A value: the
        stabilised semi-implicit integrator (the stiff covariant-Laplacian part of each
        increment filtered through ``(1 - dt beta Delta)^{-1}``, see
        :class:`~cooperlab.gl.tdgl.stepper.Stabiliser`) with this fixed step (tau0), rounded down
        so that snapshots fall on steps; stable for any step, first order in dt.
    screening : bool
        Include the film's self-field: the vector potential of its sheet current with the
        Pearl length ``lambda^2 / d`` (:mod:`cooperlab.gl.tdgl.screening`). Off by default: the
        applied-field limit, right when ``lambda^2 / d`` is large against the film (then the
        self-field is a correction of order size / Lambda) and about 2x faster.
    screening_every : int
        Update the induced potential every this many steps.
    potential_solver : {"auto", "superlu", "fft"}
        Solver of the potential equation: the sparse LU factorised once, or the cosine
        transform with a capacitance matrix (:mod:`cooperlab.gl.tdgl.poisson`); ``auto`` takes
        the transform on large films (see
        :func:`~cooperlab.gl.tdgl.poisson.choose_potential_solver`).
    kernels : {"auto", "numba", "numpy"}
        Per-node step kernels: fused numba loops (``auto`` when numba imports and the
        backend is numpy) or the array-API path; both give the same numbers to ~1e-12.
    progress : bool or None
        Progress bar (None: on a terminal).
    """

    solve_time: float = 100.0
    dt_max: float = 0.1
    cfl: float = 0.8
    save_every: float | None = None
    init: str = "uniform"
    seed: int = 0
    average_from: float = 0.5
    solve_mu: bool = True
    backend: str = "numpy"
    stabilised_dt: float | None = None
    screening: bool = False
    screening_every: int = 1
    kernels: str = "auto"
    potential_solver: str = "auto"
    progress: bool | None = None

    def __post_init__(self) -> None:
        require_positive("solve_time", self.solve_time, "tau0")
        require_positive("dt_max", self.dt_max, "tau0")
        require_range("cfl", self.cfl, 0.0, 1.0, low_inclusive=False)
        if self.save_every is not None:
            require_positive("save_every", self.save_every, "tau0")
        require_choice("init", self.init, ("uniform", "random", "normal"))
        require_int("seed", self.seed, 0)
        require_range("average_from", self.average_from, 0.0, 1.0, high_inclusive=False)
        require_choice("backend", self.backend, BACKENDS)
        require_choice("kernels", self.kernels, KERNELS)
        require_choice("potential_solver", self.potential_solver, POTENTIAL_SOLVERS)
        if self.stabilised_dt is not None:
            require_range("stabilised_dt", self.stabilised_dt, 0.0, 1.0,
                          low_inclusive=False, unit="tau0")
        require_int("screening_every", self.screening_every, 1, 10_000)

    @property
    def snapshot_interval(self) -> float:
        return self.save_every if self.save_every is not None else self.solve_time / 20

    def n_snapshots(self) -> int:
        return int(math.ceil(self.solve_time / self.snapshot_interval - 1e-9))
