"""Study files: a computation recorded in a file, to repeat it exactly (``cl.run_study``,
``cooperlab run study.yaml``; the idea of TeNPy's ``tenpy-run study.yml``).

A study names a solver, its model and options (field by field), an optional sweep and
where it runs, and where the result goes::

    solver: moire.solve_flat_bandwidth    # <subpackage>.<function>, returns a Result
    model: {theta_deg: 1.05, w0_meV: 79.7} # fields of the solver's model class
    options: {n_mesh: 12}                  # fields of its options class
    sweep: {theta_deg: "1.0:1.1:3"}        # model fields: start:stop:count or a list
    execution: {executor: process, max_workers: 2}
    out: width.nc                          # relative to the study file

``model`` and ``options`` may name their class (``class: hubbard.HubbardModel.square``,
a class or a constructor) when it is not the one the solver's annotation gives; nested
dataclass fields are mappings. Unknown keys are errors that name the key.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import inspect
import typing
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

KEYS = ("solver", "model", "options", "sweep", "execution", "out")


def parse_range(name: str, text: str) -> np.ndarray:
    """``start:stop:count`` (inclusive, ``count`` points) or one number, as an array."""
    parts = text.split(":")
    try:
        if len(parts) not in (1, 3):
            raise ValueError
        if len(parts) == 1:
            return np.array([float(parts[0])])
        start, stop, count = float(parts[0]), float(parts[1]), int(parts[2])
    except ValueError:
        raise ValueError(f"{name} must be a number or start:stop:count, got {text!r}") from None
    if count < 1 or not (np.isfinite(start) and np.isfinite(stop)):
        raise ValueError(f"{name} must be start:stop:count with count >= 1, got {text!r}")
    if count > 1 and start == stop:
        raise ValueError(f"{name} has start == stop with count > 1, got {text!r}")
    return np.linspace(start, stop, count)


def solver_classes(solve: Callable[..., Any]) -> tuple[Any, Any]:
    """The model (first parameter) and options classes of ``solve`` from its annotations."""
    hints = typing.get_type_hints(solve)
    options = [a for a in typing.get_args(hints.get("options")) if a is not type(None)]
    return hints[next(iter(inspect.signature(solve).parameters))], (
        options[0] if options else hints.get("options"))


def solve_or_sweep(solve: Callable[..., Any], model: Any, options: Any,
                   swept: Mapping[str, Any], execution: Mapping[str, Any]) -> Any:
    """``solve(model, options=options)``, or ``cl.sweep`` of it over the swept model fields."""
    func = solve if options is None else functools.partial(solve, options=options)
    if not swept:
        return func(model)
    from cooperlab.sweep import sweep

    return sweep(func, model, **execution, **swept)


def resolve(name: str, key: str) -> Any:
    """``"moire.flat_bandwidth"`` or ``"hubbard.HubbardModel.square"`` -> the object."""
    subpackage, _, rest = name.partition(".")
    try:
        found: Any = importlib.import_module(f"cooperlab.{subpackage}")
        for part in rest.split("."):
            found = getattr(found, part)
    except (ImportError, AttributeError, ValueError):
        raise ValueError(f"{key}: no cooperlab object {name!r}") from None
    return found


def construct(kind: Any, fields: dict[str, Any], key: str) -> Any:
    """An instance of ``kind`` (or ``fields["class"]``) from a mapping of its fields."""
    fields = dict(fields)
    if "class" in fields:
        kind = resolve(str(fields.pop("class")), f"{key}.class")
    if dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        names = {f.name for f in dataclasses.fields(kind) if f.init}
        for name, value in fields.items():
            if name not in names:
                raise ValueError(f"{key}: unknown field {name!r} of {kind.__name__} "
                                 f"(fields: {', '.join(sorted(names))})")
            nested = hints[name]
            if isinstance(value, dict) and dataclasses.is_dataclass(nested):
                fields[name] = construct(nested, value, f"{key}.{name}")
            elif isinstance(value, list):
                fields[name] = tuple(value)
    try:
        return kind(**fields)
    except TypeError as error:
        raise ValueError(f"{key}: {error}") from None


def swept_values(sweep: dict[str, Any]) -> dict[str, np.ndarray]:
    """The sweep section: ``start:stop:count`` strings or lists of numbers."""
    return {name: parse_range(f"sweep.{name}", values) if isinstance(values, str)
            else np.asarray(values, dtype=float) for name, values in sweep.items()}


def load_study(path: Path) -> dict[str, Any]:
    """The study file as a mapping with only the known keys."""
    import yaml

    try:
        study = yaml.safe_load(path.read_text())
    except yaml.YAMLError as error:
        raise ValueError(f"{path}: not a YAML file ({str(error).splitlines()[0]})") from None
    if not isinstance(study, dict) or "solver" not in study:
        raise ValueError(f"{path}: a study is a mapping with at least 'solver'")
    unknown = sorted(set(study) - set(KEYS))
    if unknown:
        raise ValueError(f"{path}: unknown key {unknown[0]!r} (keys: {', '.join(KEYS)})")
    return study


def run_study(path: str | Path, out: str | Path | None = None) -> Any:
    """Run a study file; returns the result (saved to ``out`` or the study's ``out``)."""
    path = Path(path)
    study = load_study(path)
    solve = resolve(str(study["solver"]), "solver")
    model_cls, options_cls = solver_classes(solve)
    model = construct(model_cls, study.get("model") or {}, "model")
    options = (None if options_cls is None and not study.get("options")
               else construct(options_cls, study.get("options") or {}, "options"))
    execution = dict(study.get("execution") or {})
    result = solve_or_sweep(solve, model, options, swept_values(study.get("sweep") or {}),
                            execution)
    target = out or (path.parent / study["out"] if study.get("out") else None)
    if target is not None:
        result.save(target)
    return result
