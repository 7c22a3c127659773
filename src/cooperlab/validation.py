"""Input checks shared by every model and options class.

Each check raises :class:`ValueError` whose message names the parameter, the value
it got and the range it allows, so that the CLI can print it as a one-line error.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any


def require_finite(name: str, value: float) -> float:
    """Return ``value`` as float, or raise if it is not a finite real number."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a real number, got {value!r}") from None
    if not math.isfinite(number):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return number


def require_range(
    name: str,
    value: float,
    low: float | None = None,
    high: float | None = None,
    *,
    low_inclusive: bool = True,
    high_inclusive: bool = True,
    unit: str = "",
) -> float:
    """Check ``low <= value <= high`` (bounds optional, inclusivity selectable)."""
    number = require_finite(name, value)
    below = low is not None and (number < low if low_inclusive else number <= low)
    above = high is not None and (number > high if high_inclusive else number >= high)
    if below or above:
        left = "[" if low_inclusive else "("
        right = "]" if high_inclusive else ")"
        lo = "-inf" if low is None else f"{low:g}"
        hi = "inf" if high is None else f"{high:g}"
        suffix = f" {unit}" if unit else ""
        raise ValueError(
            f"{name} must lie in {left}{lo}, {hi}{right}{suffix}, got {value!r}"
        )
    return number


def require_positive(name: str, value: float, unit: str = "") -> float:
    """Check ``value > 0``."""
    return require_range(name, value, 0.0, None, low_inclusive=False, unit=unit)


def require_nonnegative(name: str, value: float, unit: str = "") -> float:
    """Check ``value >= 0``."""
    return require_range(name, value, 0.0, None, unit=unit)


def require_int(name: str, value: Any, low: int | None = None, high: int | None = None) -> int:
    """Check that ``value`` is an integer within ``[low, high]``."""
    if isinstance(value, bool) or not isinstance(value, int | float) or int(value) != value:
        raise ValueError(f"{name} must be an integer, got {value!r}")
    number = int(value)
    if (low is not None and number < low) or (high is not None and number > high):
        lo = "-inf" if low is None else str(low)
        hi = "inf" if high is None else str(high)
        raise ValueError(f"{name} must be an integer in [{lo}, {hi}], got {value!r}")
    return number


def require_choice(name: str, value: str, choices: Iterable[str]) -> str:
    """Check that ``value`` is one of ``choices``."""
    allowed = tuple(choices)
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, allowed))}, got {value!r}")
    return value
