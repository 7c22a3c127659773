"""Ctrl-C at a safe moment: never inside the write of a point, never lost."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["InterruptGuard"]


class InterruptGuard:
    """Raise Ctrl-C (SIGINT) as KeyboardInterrupt at a safe moment, and never lose it.

    While a point is written the interrupt is held back and raised right after the write
    (an interrupt inside HDF5 can surface as an unrelated h5py error and leave noise); an
    interrupt swallowed elsewhere (Python ignores exceptions raised in ``__del__``) is
    raised when the next point arrives. Only active in the main thread with Python's
    default handler installed; otherwise it does nothing.
    """

    def __init__(self) -> None:
        self.interrupted = False
        self.deferring = False
        self._previous: Any = None

    def __enter__(self) -> InterruptGuard:
        in_main = threading.current_thread() is threading.main_thread()
        if in_main and signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            self._previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *exc_info: Any) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)

    def _handle(self, signum: int, frame: Any) -> None:
        self.interrupted = True
        if not self.deferring:
            raise KeyboardInterrupt

    @contextmanager
    def deferred(self) -> Iterator[None]:
        """Hold interrupts back inside the block; raise a held one when it ends."""
        self.deferring = True
        try:
            yield
        finally:
            self.deferring = False
        self.check()

    def check(self) -> None:
        """Raise KeyboardInterrupt if an interrupt arrived and was lost on the way."""
        if self.interrupted:
            raise KeyboardInterrupt
