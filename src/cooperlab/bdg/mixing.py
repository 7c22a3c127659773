"""Anderson mixing for self-consistent fixed points ``x = G(x)``.

Anderson, J. ACM 12, 547 (1965), in the "type II" form of Fang & Saad, Numer. Linear
Algebra Appl. 16, 197 (2009): with residuals ``f_k = G(x_k) - x_k`` and the last ``m``
differences ``dX``, ``dF``, the next iterate is
``x + beta f - (dX + beta dF) gamma``, ``gamma = argmin |f - dF gamma|``.
"""

from __future__ import annotations

import numpy as np

from cooperlab.validation import require_int, require_range


class AndersonMixer:
    """Keeps the history and proposes the next iterate."""

    def __init__(self, depth: int = 6, beta: float = 0.5) -> None:
        self.depth = require_int("depth", depth, 0, 100)
        self.beta = require_range("beta", beta, 0.0, 1.0, low_inclusive=False)
        self.previous: tuple[np.ndarray, np.ndarray] | None = None
        self.dx: list[np.ndarray] = []
        self.df: list[np.ndarray] = []

    def step(self, x: np.ndarray, g: np.ndarray) -> np.ndarray:
        """Next iterate from the current ``x`` and its image ``g = G(x)``."""
        f = g - x
        if self.previous is not None and self.depth > 0:
            self.dx.append(x - self.previous[0])
            self.df.append(f - self.previous[1])
            if len(self.dx) > self.depth:
                self.dx.pop(0)
                self.df.pop(0)
        self.previous = (x.copy(), f.copy())
        if not self.dx:
            return x + self.beta * f
        dx, df = np.array(self.dx).T, np.array(self.df).T
        gamma = np.linalg.lstsq(df, f, rcond=None)[0]
        return x + self.beta * f - (dx + self.beta * df) @ gamma
