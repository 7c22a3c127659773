"""Inhomogeneous superconductors: real-space Bogoliubov-de Gennes, Chebyshev (KPM) expansions,
simulated Josephson STM.

    from cooperlab.lattice import square_lattice
    from cooperlab.bdg import BdGModel, Disorder, solve_bdg, josephson_map
    cluster = square_lattice().cluster((24, 24))
    model = BdGModel(cluster, U=-2.0, mu=-0.4, disorder=Disorder("box", 1.0, seed=1))
    state = solve_bdg(model)                              # Delta_i, n_i, spectrum
    maps = josephson_map(model, state, tip_gap=0.3, temperature=0.02)
    spectra = local_spectra(model, state, [-0.5, 0.0, 0.5],        # LDOS maps, gap map
                            SpectraOptions(solver="kpm", n_moments=128, probe_period=24))
    sweep = solve_disorder_sweep(DisorderEnsemble(model), [0.5, 1.0], realisations=4)
    ensemble_statistics(sweep)                            # dims (disorder,), mean and error
"""

from cooperlab.bdg.dense import (
    BdGOptions,
    BdGState,
    UniformGap,
    local_density_of_states,
    solve_bdg,
    solve_uniform_gap,
)
from cooperlab.bdg.ensemble import (
    DisorderEnsemble,
    disorder_point,
    ensemble_statistics,
    solve_disorder_sweep,
)
from cooperlab.bdg.jstm import JosephsonMap, solve_josephson_map, uniform_ic_rn
from cooperlab.bdg.model import BdGModel, Disorder
from cooperlab.bdg.spectra import LocalSpectra, SpectraOptions, solve_local_spectra
from cooperlab.numerics.kpm import (
    SpectralScale,
    expectation,
    fermi_coefficients,
    green_function,
    jackson_kernel,
    local_moments,
    moments,
    rescaled,
    spectral_density,
    spectral_scale,
    trace_moments,
)

__all__ = [
    "BdGModel",
    "BdGOptions",
    "BdGState",
    "Disorder",
    "DisorderEnsemble",
    "JosephsonMap",
    "LocalSpectra",
    "SpectraOptions",
    "SpectralScale",
    "UniformGap",
    "disorder_point",
    "solve_disorder_sweep",
    "ensemble_statistics",
    "expectation",
    "fermi_coefficients",
    "green_function",
    "jackson_kernel",
    "solve_josephson_map",
    "local_density_of_states",
    "local_moments",
    "solve_local_spectra",
    "moments",
    "rescaled",
    "solve_bdg",
    "spectral_density",
    "spectral_scale",
    "trace_moments",
    "uniform_ic_rn",
    "solve_uniform_gap",
]

# Deprecated names (removed in the next release; not in __all__).
from cooperlab.bdg.dense import uniform_lattice_gap  # noqa: E402,F401
from cooperlab.bdg.ensemble import disorder_sweep  # noqa: E402,F401
from cooperlab.bdg.jstm import josephson_map  # noqa: E402,F401
from cooperlab.bdg.spectra import local_spectra  # noqa: E402,F401
