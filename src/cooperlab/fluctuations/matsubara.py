"""Compact bosonic Matsubara transforms with the intermediate representation (IR).

The IR kernels live in :mod:`cooperlab.numerics.matsubara` (sparse-ir basis, sampling times
and Matsubara weights); this module keeps their names for the fluctuation solvers.
"""

from __future__ import annotations

from cooperlab.numerics.matsubara import IR_EPS, bosonic_weights, ir_lambda

__all__ = ["IR_EPS", "bosonic_weights", "ir_lambda"]
