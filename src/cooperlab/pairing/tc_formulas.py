"""Closed-form T_c estimates of phonon superconductors: McMillan and Allen-Dynes.

``mcmillan`` is McMillan's formula (Phys. Rev. 167, 331 (1968)) in the form Allen and Dynes
gave it (Phys. Rev. B 12, 905 (1975)), with the prefactor ``omega_log / 1.2``:

    k_B T_c = (omega_log / 1.2) exp[ -1.04 (1 + lambda) / (lambda - mu* (1 + 0.62 lambda)) ].

``allen_dynes`` multiplies it by the strong-coupling and shape corrections (ibid.):

    f1 = [1 + (lambda / L1)^(3/2)]^(1/3),              L1 = 2.46 (1 + 3.8 mu*),
    f2 = 1 + (omega_2 / omega_log - 1) lambda^2 / (lambda^2 + L2^2),
                                                     L2 = 1.82 (1 + 6.3 mu*) omega_2 / omega_log,

with ``omega_2 = sqrt(<omega^2>)`` from alpha^2F (``f2 = 1`` when omega_2 = omega_log, an
Einstein spectrum). Both return 0 when ``lambda <= mu* (1 + 0.62 lambda)`` (no pairing).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from cooperlab.naming import deprecated_alias
from cooperlab.results import Convergence, ScalarResult, make_metadata, scalar
from cooperlab.units import K_B_MEV_PER_K
from cooperlab.validation import (
    require_choice,
    require_nonnegative,
    require_positive,
    require_range,
)


def _check(coupling: float, omega_log_meV: float, mu_star: float) -> None:
    require_positive("lambda", coupling)
    require_positive("omega_log_meV", omega_log_meV, "meV")
    require_range("mu_star", mu_star, 0.0, 0.5)


def mcmillan(coupling: float, omega_log_meV: float, mu_star: float = 0.1) -> float:
    """Allen-Dynes-modified McMillan T_c (K): ``omega_log / 1.2`` prefactor, no f1 f2."""
    _check(coupling, omega_log_meV, mu_star)
    denominator = coupling - mu_star * (1 + 0.62 * coupling)
    if denominator <= 0:
        return 0.0
    exponent = -1.04 * (1 + coupling) / denominator
    return float(omega_log_meV / 1.2 * np.exp(exponent) / K_B_MEV_PER_K)


def allen_dynes_factors(coupling: float, omega_log_meV: float, mu_star: float,
                        omega_2_meV: float | None = None) -> tuple[float, float]:
    """The Allen-Dynes corrections ``(f1, f2)``; ``omega_2 = omega_log`` when not given."""
    _check(coupling, omega_log_meV, mu_star)
    ratio = 1.0 if omega_2_meV is None else (
        require_nonnegative("omega_2_meV", omega_2_meV, "meV") / omega_log_meV)
    big_l1 = 2.46 * (1 + 3.8 * mu_star)
    big_l2 = 1.82 * (1 + 6.3 * mu_star) * ratio
    f1 = (1 + (coupling / big_l1) ** 1.5) ** (1 / 3)
    f2 = 1 + (ratio - 1) * coupling**2 / (coupling**2 + big_l2**2)
    return float(f1), float(f2)


def allen_dynes(coupling: float, omega_log_meV: float, mu_star: float = 0.1,
                omega_2_meV: float | None = None) -> float:
    """Allen-Dynes T_c (K): :func:`mcmillan` times ``f1 f2`` (Allen & Dynes 1975)."""
    f1, f2 = allen_dynes_factors(coupling, omega_log_meV, mu_star, omega_2_meV)
    return mcmillan(coupling, omega_log_meV, mu_star) * f1 * f2


@dataclass(kw_only=True)
class TcEstimate(ScalarResult):
    """A closed-form T_c estimate with its inputs (``metadata["method"]`` names the formula)."""

    tc_K: float = scalar("K", "critical temperature")
    coupling: float = scalar("", "lambda")
    omega_log_meV: float = scalar("meV", "omega_log")
    omega_2_meV: float = scalar("meV", "omega_2 (omega_log when not given)")
    mu_star: float = scalar("", "Coulomb pseudopotential mu*")

    def summary(self) -> dict[str, Any]:
        """The scalars and the method."""
        return {**super().summary(), "method": self.metadata.get("method")}


def solve_formula_tc(coupling: float, omega_log_meV: float, mu_star: float = 0.1,
               omega_2_meV: float | None = None, method: str = "allen-dynes") -> TcEstimate:
    """T_c by ``method`` = ``"mcmillan"`` or ``"allen-dynes"`` as a labelled result."""
    require_choice("method", method, ("mcmillan", "allen-dynes"))
    tc = (mcmillan(coupling, omega_log_meV, mu_star) if method == "mcmillan"
          else allen_dynes(coupling, omega_log_meV, mu_star, omega_2_meV))
    return TcEstimate(
        tc_K=tc, coupling=float(coupling), omega_log_meV=float(omega_log_meV),
        omega_2_meV=float(omega_log_meV if omega_2_meV is None else omega_2_meV),
        mu_star=float(mu_star),
        metadata=make_metadata(method=method, convergence=Convergence(
            passed=True, criterion="closed form", discretisation={})),
    )


# Deprecated names (removed in the next release).
formula_tc = deprecated_alias(solve_formula_tc, "formula_tc")
