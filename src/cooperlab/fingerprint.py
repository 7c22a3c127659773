"""What a run computes, as one JSON-compatible record: the key of every resumable store.

A resumed run must continue the same computation, never another one. The sweep manifest,
the TDGL snapshot file and the DQMC checkpoint all record :func:`fingerprint` of their
model, the options that change the result, and the few extras that also do (a seed, the
swept function and grid), and refuse to resume from a record that differs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from cooperlab.results import dataclass_to_dict, to_jsonable

__all__ = ["fingerprint", "fingerprint_text"]


def fingerprint(model: Any, options: Any = None, *, ignore: Iterable[str] = (),
                **extra: Any) -> dict[str, Any]:
    """``{"model": ..., "options": ..., **extra}`` in plain JSON types.

    Parameters
    ----------
    model
        The model dataclass (recorded with its class path, every field).
    options
        The solver's options dataclass, or None (then no ``"options"`` key).
    ignore
        Option names that do not change the result (progress, backends, checkpoint
        cadence), left out so that changing them does not block a resume.
    **extra
        Further keys that change the result (``seed``, ``func``, ``params``...).
    """
    record: dict[str, Any] = {"model": dataclass_to_dict(model)}
    if options is not None:
        ignored = set(ignore)
        record["options"] = {k: v for k, v in dataclass_to_dict(options).items()
                             if k not in ignored}
    record.update(extra)
    return to_jsonable(record)


def fingerprint_text(model: Any, options: Any = None, *, ignore: Iterable[str] = (),
                     **extra: Any) -> str:
    """:func:`fingerprint` as one canonical JSON string (sorted keys), for a file attribute."""
    return json.dumps(fingerprint(model, options, ignore=ignore, **extra), sort_keys=True)
