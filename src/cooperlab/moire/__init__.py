"""Twisted bilayer graphene: the Bistritzer-MacDonald continuum model and its observables.

Model -> solve -> Result::

    tbg = ContinuumModel(theta_deg=1.05)           # Koshino et al. (2018) defaults
    bands = solve_bands(tbg, "K-G-M-K'")           # BandStructure, dims (valley, k, band)
    dos = solve_dos(tbg, DOSOptions(n_mesh=36))    # DensityOfStates with filling nu(E)
    width = flat_bandwidth(tbg)                    # FlatBandwidth (meV)
    v = dirac_velocity(tbg)                        # DiracVelocity (v*/v at K)
    magic = magic_angles(tbg, MagicAngleOptions(count=2))
    geometry = solve_geometry(tbg)                 # Chern numbers, Wilson loop, metric
    sc = solve_superconductor(FlatBandPairingModel(continuum=tbg, nu=-2.5, coupling_meV=1.0))
    dome = solve_phase_diagram(FlatBandPairingModel(continuum=tbg), nu=np.linspace(-3.9, 3.9, 41))
    stm = stm_spectrum(tbg, nu=-2.0, tip="AA")     # STMSpectrum, dI/dV(V)
    hf = hartree_fock_ground_state(InteractingTBG(continuum=tbg, nu=2.0))
    maps = compare_stm_maps(InteractingTBG(continuum=tbg), np.linspace(-3.5, 3.5, 15))
"""

from cooperlab.moire.bands import BandOptions, BandStructure, solve_bands
from cooperlab.moire.continuum import (
    BM_HBAR_V_MEV_NM,
    KOSHINO_HBAR_V_MEV_NM,
    BlochHamiltonian,
    ContinuumModel,
)
from cooperlab.moire.coulomb import GateScreenedCoulomb
from cooperlab.moire.dos import DensityOfStates, DOSOptions, solve_dos
from cooperlab.moire.flat_bands import (
    DiracVelocity,
    FlatBandOptions,
    FlatBandwidth,
    solve_dirac_velocity,
    solve_flat_bandwidth,
)
from cooperlab.moire.geometry import GeometryOptions, QuantumGeometry, solve_geometry
from cooperlab.moire.hartree_fock import (
    GroundStateWarning,
    HartreeFockOptions,
    HartreeFockState,
    InteractingTBG,
    solve_hartree_fock,
    solve_hartree_fock_ground_state,
)
from cooperlab.moire.hartree_fock_temperature import (
    HartreeFockTemperatures,
    solve_hartree_fock_temperatures,
)
from cooperlab.moire.interacting_stm import (
    STMMapComparison,
    solve_mean_field_stm_map,
    solve_mean_field_stm_spectrum,
    solve_stm_map,
    solve_stm_map_comparison,
)
from cooperlab.moire.ldos import (
    LDOSOptions,
    LocalDensityOfStates,
    STMOptions,
    STMSpectrum,
    solve_ldos,
    solve_stm_spectrum,
)
from cooperlab.moire.magic_angle import MagicAngleOptions, MagicAngles, solve_magic_angles
from cooperlab.moire.superconductivity import (
    FlatBandPairingModel,
    FlatBandPairingOptions,
    FlatBandSuperconductor,
    solve_phase_diagram,
    solve_superconductor,
)

__all__ = [
    "BM_HBAR_V_MEV_NM",
    "KOSHINO_HBAR_V_MEV_NM",
    "BandOptions",
    "BandStructure",
    "BlochHamiltonian",
    "ContinuumModel",
    "DOSOptions",
    "DensityOfStates",
    "DiracVelocity",
    "FlatBandOptions",
    "FlatBandPairingModel",
    "FlatBandPairingOptions",
    "FlatBandSuperconductor",
    "FlatBandwidth",
    "GateScreenedCoulomb",
    "GeometryOptions",
    "GroundStateWarning",
    "HartreeFockOptions",
    "HartreeFockState",
    "HartreeFockTemperatures",
    "InteractingTBG",
    "LDOSOptions",
    "LocalDensityOfStates",
    "MagicAngleOptions",
    "MagicAngles",
    "QuantumGeometry",
    "STMOptions",
    "STMMapComparison",
    "STMSpectrum",
    "solve_stm_map",
    "solve_stm_map_comparison",
    "solve_dirac_velocity",
    "solve_flat_bandwidth",
    "solve_hartree_fock_ground_state",
    "solve_hartree_fock_temperatures",
    "solve_magic_angles",
    "solve_mean_field_stm_map",
    "solve_mean_field_stm_spectrum",
    "solve_phase_diagram",
    "solve_bands",
    "solve_dos",
    "solve_geometry",
    "solve_hartree_fock",
    "solve_ldos",
    "solve_superconductor",
    "solve_stm_spectrum",
]


from cooperlab.naming import deprecated_attributes  # noqa: E402

__getattr__ = deprecated_attributes(__name__, PairingOptions=FlatBandPairingOptions)

# Deprecated names (removed in the next release; not in __all__).
from cooperlab.moire.flat_bands import dirac_velocity, flat_bandwidth  # noqa: E402,F401
from cooperlab.moire.hartree_fock import hartree_fock_ground_state  # noqa: E402,F401
from cooperlab.moire.interacting_stm import (  # noqa: E402,F401
    compare_stm_maps,
    mean_field_stm_map,  # noqa: E402,F401
    mean_field_stm_spectrum,
)
from cooperlab.moire.ldos import (
    stm_map,  # noqa: E402,F401
    stm_spectrum,  # noqa: E402,F401
)
from cooperlab.moire.magic_angle import magic_angles  # noqa: E402,F401
from cooperlab.moire.superconductivity import phase_diagram  # noqa: E402,F401
