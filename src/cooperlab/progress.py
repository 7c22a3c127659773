"""Progress bars: tqdm, shown only when stderr is a terminal unless forced."""

from __future__ import annotations

import sys
from typing import Any


def progress_bar(
    total: int, description: str, enabled: bool | None = None, **options: Any
) -> Any:
    """A tqdm bar over ``total`` items on stderr; ``enabled=None`` shows it on a terminal.

    ``options`` go to tqdm (e.g. ``initial``, ``unit``).
    """
    from tqdm.auto import tqdm

    show = sys.stderr.isatty() if enabled is None else bool(enabled)
    options.setdefault("leave", False)
    return tqdm(total=total, desc=description, disable=not show, file=sys.stderr,
                dynamic_ncols=True, **options)
