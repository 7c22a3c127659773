"""Hubbard models: exact diagonalisation, determinant quantum Monte Carlo, stripes.

The model and its conventions are in :mod:`cooperlab.hubbard.model`; the solvers return
:class:`~cooperlab.results.Result` objects with the same observables, so they cross-check::

    import cooperlab as cl
    ring = cl.hubbard.HubbardModel.ring(4, U=4.0, temperature=0.5)
    exact = cl.hubbard.solve_ed(ring)
    qmc = cl.hubbard.solve_dqmc(ring, cl.hubbard.DQMCOptions(n_sweeps=2000), seed=1)
"""

from cooperlab.hubbard.ed import EDResult, solve_ed, solve_ground_state, solve_thermal
from cooperlab.hubbard.model import HubbardModel, structure_factor

__all__ = [
    "EDResult",
    "HubbardModel",
    "solve_ed",
    "solve_ground_state",
    "solve_thermal",
    "structure_factor",
]

from cooperlab.hubbard.dqmc import (  # noqa: E402
    ChainTask,
    DQMCEngine,
    DQMCOptions,
    DQMCResult,
    DQMCStatisticsWarning,
    extrapolate_dtau,
    merge_chains,
    solve_dqmc,
    solve_dqmc_chain,
    tune_chemical_potential,
)

__all__ += [
    "ChainTask",
    "DQMCEngine",
    "DQMCOptions",
    "DQMCResult",
    "DQMCStatisticsWarning",
    "extrapolate_dtau",
    "merge_chains",
    "solve_dqmc_chain",
    "solve_dqmc",
    "tune_chemical_potential",
]

from cooperlab.hubbard.stripes import (  # noqa: E402
    StripeResult,
    solve_stripe_analysis,
    solve_stripes,
    yamada_plot,
)

__all__ += ["StripeResult", "solve_stripe_analysis", "solve_stripes", "yamada_plot"]

# Deprecated names (removed in the next release; not in __all__).
from cooperlab.hubbard.dqmc import run_chain  # noqa: E402,F401
from cooperlab.hubbard.stripes import analyse_stripes  # noqa: E402,F401
