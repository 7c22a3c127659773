"""Superconducting circuits: Josephson junctions from the material's gap, interconnects,
transmon / Cooper-pair-box / fluxonium / rf-SQUID spectra, and quantum piston engines."""

from cooperlab.circuits.junction import (
    JunctionModel,
    JunctionResult,
    ambegaokar_baratoff_ic_rn_uV,
    bcs_gap_meV,
    charging_energy_GHz,
    josephson_energy_GHz,
    solve_junction,
)

__all__ = [
    "JunctionModel",
    "JunctionResult",
    "ambegaokar_baratoff_ic_rn_uV",
    "bcs_gap_meV",
    "charging_energy_GHz",
    "josephson_energy_GHz",
    "solve_junction",
]
from cooperlab.circuits.qubits import (  # noqa: E402
    RFSQUID,
    CooperPairBox,
    Fluxonium,
    Transmon,
    koch_charge_dispersion_GHz,
)
from cooperlab.circuits.spectra import (  # noqa: E402
    ChargeDispersion,
    Spectrum,
    SpectrumOptions,
    SpectrumSweep,
    Wavefunctions,
    solve_charge_dispersion,
    solve_spectrum,
    solve_spectrum_sweep,
    solve_transmon_from_junction,
    solve_wavefunctions,
)

__all__ += [
    "RFSQUID",
    "ChargeDispersion",
    "CooperPairBox",
    "Fluxonium",
    "Spectrum",
    "SpectrumOptions",
    "SpectrumSweep",
    "Transmon",
    "Wavefunctions",
    "solve_charge_dispersion",
    "koch_charge_dispersion_GHz",
    "solve_spectrum",
    "solve_spectrum_sweep",
    "solve_transmon_from_junction",
    "solve_wavefunctions",
]
from cooperlab.circuits.engine import (  # noqa: E402
    EngineOptions,
    EngineResult,
    OttoCycle,
    PistonEngine,
    solve_engine,
    solve_otto_cycle,
)

__all__ += ["EngineOptions", "EngineResult", "OttoCycle", "PistonEngine", "solve_otto_cycle",
            "solve_engine"]
from cooperlab.circuits.interconnect import (  # noqa: E402
    Interconnect,
    InterconnectResult,
    depairing_current_density,
    kinetic_inductance,
    solve_interconnect,
)

__all__ += ["Interconnect", "InterconnectResult", "depairing_current_density",
            "kinetic_inductance", "solve_interconnect"]

# Deprecated names (removed in the next release; not in __all__).
from cooperlab.circuits.engine import otto_cycle  # noqa: E402,F401
from cooperlab.circuits.spectra import (  # noqa: E402,F401
    charge_dispersion,
    spectrum_vs,
    transmon_from_junction,
    wavefunctions,
)
