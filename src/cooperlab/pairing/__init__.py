"""Pairing: BCS mean field on given bands, superfluid weight, BKT temperature; BCS
thermodynamics for a given DOS; Eliashberg theory, McMillan / Allen-Dynes T_c, presets."""

from cooperlab.pairing.alpha2f import (
    EliashbergFunction,
    debye,
    einstein,
    from_arrays,
    from_file,
    lorentzian_peaks,
)
from cooperlab.pairing.bcs import BandPairingData, GapSolution, critical_temperature, solve_gap
from cooperlab.pairing.bcs_thermodynamics import (
    BCSModel,
    BCSThermodynamics,
    solve_bcs_thermodynamics,
)
from cooperlab.pairing.eliashberg import (
    CutoffConvergence,
    EliashbergModel,
    EliashbergOptions,
    EliashbergSolution,
    EliashbergTc,
    solve_eliashberg,
    solve_eliashberg_tc,
    solve_matsubara_convergence,
)
from cooperlab.pairing.materials import (
    MATERIALS,
    Material,
    NormalState,
    Provenance,
    conventional_tc,
    material,
)
from cooperlab.pairing.superfluid import (
    SuperfluidWeight,
    bkt_temperature,
    superfluid_weight,
)
from cooperlab.pairing.tc_formulas import allen_dynes, mcmillan
from cooperlab.pairing.tc_tables import (
    TcComparison,
    TcVersusCoupling,
    solve_tc_comparison,
    solve_tc_versus_coupling,
)

__all__ = [
    "MATERIALS",
    "BCSModel",
    "BCSThermodynamics",
    "BandPairingData",
    "CutoffConvergence",
    "EliashbergFunction",
    "EliashbergModel",
    "EliashbergOptions",
    "EliashbergSolution",
    "EliashbergTc",
    "GapSolution",
    "Material",
    "NormalState",
    "Provenance",
    "SuperfluidWeight",
    "TcComparison",
    "TcVersusCoupling",
    "allen_dynes",
    "bkt_temperature",
    "solve_tc_comparison",
    "conventional_tc",
    "critical_temperature",
    "debye",
    "einstein",
    "solve_eliashberg_tc",
    "from_arrays",
    "from_file",
    "lorentzian_peaks",
    "material",
    "solve_matsubara_convergence",
    "mcmillan",
    "solve_bcs_thermodynamics",
    "solve_eliashberg",
    "solve_gap",
    "superfluid_weight",
    "solve_tc_versus_coupling",
]

# Deprecated names (removed in the next release; not in __all__).
from cooperlab.pairing.eliashberg import eliashberg_tc, matsubara_convergence  # noqa: E402,F401
from cooperlab.pairing.tc_tables import compare_tc, tc_versus_lambda  # noqa: E402,F401
