"""Progress bars: tqdm, shown only when stderr is a terminal unless forced."""

from __future__ import annotations

import sys
from typing import Any


def progress_bar(total: int, description: str, enabled: bool | None = None) -> Any:
    """A tqdm bar over ``total`` items; ``enabled=None`` shows it only on a terminal."""
    from tqdm.auto import tqdm

    show = sys.stderr.isatty() if enabled is None else enabled
    return tqdm(total=total, desc=description, disable=not show, leave=False)
