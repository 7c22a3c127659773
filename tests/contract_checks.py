"""Checks of the declared-once result contract, shared by the contract test and by anyone
migrating a subpackage (``python tests/contract_checks.py moire pairing``)."""

from __future__ import annotations

import dataclasses
import re
import sys

from cooperlab.results import Result, ScalarResult, registered_results
from cooperlab.units import MODEL_SCALE_UNITS

_SYMBOL = re.compile(r"\b(" + "|".join(sorted(MODEL_SCALE_UNITS, key=len, reverse=True))
                     + r")\b")


def unit_problem(units: str) -> str | None:
    """None if ``units`` is in the vocabulary (pint + model-scale symbols), else why not."""
    import pint

    registry = _registry()
    if units in ("", "1"):
        return None
    text = _SYMBOL.sub(lambda m: f"model_{m.group(1)}", units)
    try:
        registry.parse_units(text)
    except Exception as error:  # pint raises several types
        return f"{units!r}: {type(error).__name__}: {error}"
    del pint
    return None


_REGISTRY_CACHE: list = []


def _registry():
    if not _REGISTRY_CACHE:
        import pint

        registry = pint.UnitRegistry()
        for symbol in MODEL_SCALE_UNITS:
            registry.define(f"model_{symbol} = [model_{symbol}]")
        _REGISTRY_CACHE.append(registry)
    return _REGISTRY_CACHE[0]


def declared_problems(cls: type) -> list[str]:
    """What keeps ``cls`` from the declared-once contract: every dataclass field except
    ``metadata`` declared in the schema and vice versa, every unit in the vocabulary."""
    problems = []
    fields = {f.name for f in dataclasses.fields(cls)} - {"metadata"}
    if cls.HOLDS_DATASET:  # a sweep: its Dataset's variables carry their own units
        return [] if fields == {"dataset"} else [f"a dataset result with fields {sorted(fields)}"]
    schema = set(cls.VARIABLES)
    if fields - schema:
        problems.append(f"fields outside the schema: {sorted(fields - schema)}")
    if schema - fields:
        problems.append(f"schema entries that are not fields: {sorted(schema - fields)}")
    if "VARIABLES" in cls.__dict__ and cls.__dict__["VARIABLES"]:
        explicit = set(cls.__dict__["VARIABLES"]) - {
            f.name for f in dataclasses.fields(cls) if "cooperlab" in f.metadata}
        if explicit:
            problems.append(f"declared in a VARIABLES dict, not as fields: {sorted(explicit)}")
    for name, spec in cls.VARIABLES.items():
        problem = unit_problem(spec.units)
        if problem:
            problems.append(f"{name}: {problem}")
    return problems


def main(packages: list[str]) -> int:
    bad = 0
    for name, cls in sorted(registered_results().items()):
        if cls in (Result, ScalarResult) or (packages and name.split(".")[0] not in packages):
            continue
        for problem in declared_problems(cls):
            print(f"{name}: {problem}")
            bad += 1
    print(f"{bad} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
