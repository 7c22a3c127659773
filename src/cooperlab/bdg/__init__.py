"""Inhomogeneous superconductors: Chebyshev (KPM) expansions for large sparse Hamiltonians."""

from cooperlab.bdg.kpm import (
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
    "SpectralScale",
    "expectation",
    "fermi_coefficients",
    "green_function",
    "jackson_kernel",
    "local_moments",
    "moments",
    "rescaled",
    "spectral_density",
    "spectral_scale",
    "trace_moments",
]
