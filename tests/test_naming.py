"""One name per concept (README, "Names"): the deprecation helpers, and a walk over every model,
options dataclass and public function of the package that fails on the old names."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
import typing
import warnings
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest

import cooperlab
from cooperlab.results import Result

# -- the helpers ---------------------------------------------------------------------------


def _helpers() -> tuple[type, Any]:
    """A model with renamed fields and a function with a renamed parameter (built here, not
    at import, so that the walk below also runs against a tree without the helpers)."""
    from cooperlab.naming import renamed_fields, renamed_parameters

    @renamed_fields(nk="n_mesh", T="temperature")
    @dataclass(frozen=True)
    class _Model:
        temperature: float
        n_mesh: int = 8

    @renamed_parameters(T="temperature")
    def _scaled(x: float, temperature: float = 1.0) -> float:
        return x * temperature

    return _Model, _scaled


def test_renamed_fields_map_old_keywords_and_warn():
    _Model, _ = _helpers()
    with pytest.warns(DeprecationWarning, match=r"'nk' is deprecated, use 'n_mesh'.*next release"):
        old = _Model(0.1, nk=16)
    assert old == _Model(0.1, n_mesh=16) == _Model(0.1, 16)      # positional still works
    with pytest.warns(DeprecationWarning, match="'T' is deprecated, use 'temperature'"):
        assert old.T == 0.1
    with pytest.warns(DeprecationWarning, match="'nk'"):
        assert old.nk == 16
    with pytest.raises(AttributeError):
        old.T = 0.2                                                  # read-only
    assert _Model.RENAMED_FIELDS == {"nk": "n_mesh", "T": "temperature"}
    with pytest.raises(TypeError, match="both"):
        _Model(0.1, n_mesh=4, nk=4)
    assert list(inspect.signature(_Model).parameters) == ["temperature", "n_mesh"]


def test_new_names_do_not_warn():
    _Model, _scaled = _helpers()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _Model(temperature=0.1, n_mesh=4)
        _scaled(1.0, temperature=2.0)


def test_renamed_parameters_map_old_keywords_and_warn():
    _, _scaled = _helpers()
    with pytest.warns(DeprecationWarning, match=r"parameter of _scaled\(\) 'T' is deprecated"):
        assert _scaled(2.0, T=3.0) == 6.0
    assert _scaled(2.0, 3.0) == _scaled(2.0, temperature=3.0) == 6.0
    assert list(inspect.signature(_scaled).parameters) == ["x", "temperature"]
    assert _scaled.RENAMED_PARAMETERS == {"T": "temperature"}


def test_deprecated_alias_warns_and_calls_the_new_function():
    from cooperlab.naming import deprecated_alias

    _, _scaled = _helpers()
    old = deprecated_alias(_scaled, "scale")
    with pytest.warns(DeprecationWarning, match="'scale' is deprecated, use '_scaled'"):
        assert old(2.0, temperature=4.0) == 8.0
    assert old.__name__ == "scale" and old.__deprecated_alias_of__ is _scaled


def test_deprecated_attributes_return_the_same_object():
    from cooperlab.naming import deprecated_attributes

    _Model, _ = _helpers()
    getter = deprecated_attributes("pkg.mod", OldModel=_Model)
    with pytest.warns(DeprecationWarning, match="OldModel' is deprecated, use 'pkg.mod._Model"):
        assert getter("OldModel") is _Model
    with pytest.raises(AttributeError):
        getter("Missing")


# -- the renames, end to end ----------------------------------------------------------------


def test_old_model_fields_still_build_the_same_models():
    from cooperlab.circuits import JunctionModel
    from cooperlab.fluctuations import ResonanceOptions, RPAModel
    from cooperlab.lattice import square_lattice
    from cooperlab.moire import BandOptions

    with pytest.warns(DeprecationWarning):
        old = RPAModel(square_lattice(), T=0.1, mu=0.0, nk=8)
    assert old == RPAModel(square_lattice(), temperature=0.1, mu=0.0, n_mesh=8)
    with pytest.warns(DeprecationWarning):
        assert JunctionModel(1.2, 1e3, T_K=0.1) == JunctionModel(1.2, 1e3, temperature_K=0.1)
    with pytest.warns(DeprecationWarning):
        assert BandOptions(n_k=5) == BandOptions(n_mesh=5)
    with pytest.warns(DeprecationWarning):
        assert ResonanceOptions(nk=8).n_mesh == 8


def test_hubbard_temperature_and_derived_beta():
    from cooperlab.hubbard import HubbardModel
    from cooperlab.lattice import square_lattice

    model = HubbardModel.ring(4, U=4.0, temperature=0.5)
    assert model.beta == 2.0 and HubbardModel.ring(4).beta is None
    with pytest.warns(DeprecationWarning, match="beta"):
        assert HubbardModel.ring(4, U=4.0, beta=2.0) == model
    with pytest.warns(DeprecationWarning, match="sixth positional"):
        old = HubbardModel(square_lattice(), (2, 2), "open", 4.0, 0.0, 3.0)
    assert old == HubbardModel(square_lattice(), (2, 2), "open", 4.0, 0.0, temperature=1 / 3.0)
    assert old.beta == 3.0
    with pytest.raises(ValueError, match="beta"), pytest.warns(DeprecationWarning):
        HubbardModel.ring(4, beta=0.0)
    # every inverse temperature used in the tests survives 1 / (1 / beta) exactly, so the
    # DQMC slice count round(beta / dtau) and the ED weights are unchanged
    for beta in (0.5, 1.0, 1.3, 2.0, 3.0, 4.0, 4.6, 6.0, 8.0):
        assert HubbardModel.ring(4, temperature=1 / beta).beta == beta


def test_old_function_and_class_names_warn_and_point_to_the_new_ones():
    import cooperlab.fluctuations as fl
    import cooperlab.moire as moire

    assert moire.flat_bandwidth.__deprecated_alias_of__ is moire.solve_flat_bandwidth
    assert fl.solve_bands.__deprecated_alias_of__ is fl.solve_orbital_bands
    assert cooperlab.pairing.compare_tc.__deprecated_alias_of__ is (
        cooperlab.pairing.solve_tc_comparison)
    with pytest.warns(DeprecationWarning, match="FlatBandPairingOptions"):
        assert moire.PairingOptions is moire.FlatBandPairingOptions
    with pytest.warns(DeprecationWarning, match="SpinFluctuationPairingOptions"):
        assert fl.PairingOptions is fl.SpinFluctuationPairingOptions
    with pytest.warns(DeprecationWarning, match="LinkLattice"):
        from cooperlab.gl.tdgl.links import Lattice, LinkLattice
    assert Lattice is LinkLattice
    with pytest.warns(DeprecationWarning, match="'analyse_stripes' is deprecated"):
        with pytest.raises(AttributeError):
            cooperlab.hubbard.analyse_stripes(None)          # warns, then calls the new one


def test_sweep_maps_old_field_names():
    from cooperlab.circuits import JunctionModel, solve_junction

    model = JunctionModel(1.2, 1e3)
    with pytest.warns(DeprecationWarning, match="'T_K' is deprecated, use 'temperature_K'"):
        old = cooperlab.sweep(solve_junction, model, T_K=[0.0, 0.3], progress=False)
    new = cooperlab.sweep(solve_junction, model, temperature_K=[0.0, 0.3], progress=False)
    assert "temperature_K" in old.to_xarray().dims
    np.testing.assert_array_equal(old.to_xarray()["ic_nA"], new.to_xarray()["ic_nA"])


# -- the walk -------------------------------------------------------------------------------

#: Names that must not appear as a dataclass field or a public function parameter: the
#: temperature is ``temperature_K`` (kelvin) or ``temperature`` (model units), the k-mesh
#: size ``n_mesh``. (``tc_K`` and friends name a *critical* temperature, a different concept.)
FORBIDDEN = {
    "T": "temperature / temperature_K",
    "T_K": "temperature_K",
    "Tc": "tc_K", "T_c": "tc_K", "TC": "tc_K", "tc": "tc_K",
    "temp": "temperature", "temperature_k": "temperature_K",
    "beta": "temperature (beta only derived)",
    "nk": "n_mesh", "n_k": "n_mesh", "Nk": "n_mesh", "N_k": "n_mesh",
}

#: ``beta`` where it is the documented, derived Boltzmann exponent, not an input temperature.
BETA_ALLOWED = {
    # the Lehmann weight int_0^beta e^{-(beta-tau)E_n} e^{-tau E_m} is written in beta; the
    # callers pass model.beta, derived from model.temperature
    "cooperlab.hubbard.ed.lehmann_weights",
    # the IR basis parameter Lambda = beta * omega_max is defined by beta (sparse-ir)
    "cooperlab.numerics.matsubara.ir_lambda",
    "cooperlab.numerics.matsubara.bosonic_weights",
    "cooperlab.numerics.matsubara.fermionic_weights",
}

#: Public functions that return a Result but are not ``solve_*``, and why.
SOLVE_EXEMPT = {
    # combinators: they take Results (chains of one run), not a model
    "cooperlab.hubbard.dqmc.merge_chains",
    # the sweep verb itself (it runs a solve_* function over a grid)
    "cooperlab.sweep.sweep",
    # loading, not solving
    "cooperlab.results.load",
}

#: Modules outside the walk: the command line is rewritten separately and keeps working
#: through the deprecated aliases; ``naming`` is the deprecation machinery itself.
SKIPPED_MODULES = ("cooperlab.cli", "cooperlab.naming")


def _modules() -> list[Any]:
    names = ["cooperlab"] + [m.name for m in pkgutil.walk_packages(cooperlab.__path__,
                                                                   "cooperlab.")]
    return [importlib.import_module(n) for n in names
            if not n.startswith(SKIPPED_MODULES)]


def _public_objects() -> list[tuple[str, str, Any]]:
    """``(module, name, object)`` for every public class and function defined in a module
    (deprecated aliases, which carry ``__deprecated_alias_of__``, left out)."""
    found = []
    for module in _modules():
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
                continue
            if not (inspect.isclass(obj) or inspect.isfunction(obj)):
                continue
            if hasattr(obj, "__deprecated_alias_of__"):
                continue
            found.append((module.__name__, name, obj))
    return found


def _is_result(obj: Any) -> bool:
    return inspect.isclass(obj) and issubclass(obj, Result)


def _model_dataclasses() -> list[tuple[str, type]]:
    return [(f"{m}.{n}", obj) for m, n, obj in _public_objects()
            if inspect.isclass(obj) and dataclasses.is_dataclass(obj) and not _is_result(obj)
            and obj.__dataclass_params__.frozen]


def _public_functions() -> list[tuple[str, Any]]:
    """Module-level functions and the public methods / constructors of model dataclasses."""
    out = [(f"{m}.{n}", obj) for m, n, obj in _public_objects() if inspect.isfunction(obj)]
    for path, cls in _model_dataclasses():
        for name, member in vars(cls).items():
            func = getattr(member, "__func__", member)
            if not name.startswith("_") and inspect.isfunction(func):
                out.append((f"{path}.{name}", func))
    return out


def _bad_name(name: str, annotation: Any, where: str, kmesh_function: bool) -> str | None:
    if name == "beta" and where in BETA_ALLOWED:
        return None
    if name in FORBIDDEN:
        return FORBIDDEN[name]
    if name in ("mesh", "n") and kmesh_function and "int" in str(annotation):
        return "n_mesh"
    return None


def test_the_walk_finds_the_models_and_functions():
    classes = {path.rsplit(".", 1)[1] for path, _ in _model_dataclasses()}
    assert {"RPAModel", "HubbardModel", "JunctionModel", "ContinuumModel", "BandOptions",
            "FilmModel", "BdGModel", "EliashbergModel"} <= classes
    functions = {path.rsplit(".", 1)[1] for path, _ in _public_functions()}
    assert {"solve_bands", "solve_orbital_bands", "solve_dqmc", "merge_chains"} <= functions


def test_fields_use_the_one_name_per_concept():
    bad = []
    for path, cls in _model_dataclasses():
        for f in dataclasses.fields(cls):
            suggestion = _bad_name(f.name, f.type, path, "mesh" in path.lower())
            if suggestion:
                bad.append(f"{path}.{f.name} -> {suggestion}")
    assert not bad, "fields with an old name:\n" + "\n".join(bad)


def test_parameters_use_the_one_name_per_concept():
    bad = []
    for path, func in _public_functions():
        kmesh = "mesh" in func.__name__ or "kmesh" in path or "monkhorst" in func.__name__
        for name, parameter in inspect.signature(func).parameters.items():
            suggestion = _bad_name(name, parameter.annotation, path, kmesh)
            if suggestion:
                bad.append(f"{path}({name}) -> {suggestion}")
    assert not bad, "parameters with an old name:\n" + "\n".join(bad)


def test_result_returning_functions_are_solve():
    bad = []
    for path, func in _public_functions():
        if "." in path[len(func.__module__) + 1:]:
            continue                                 # methods are exempt
        try:
            returned = typing.get_type_hints(func).get("return")
        except NameError:                            # annotations only for type checkers
            returned = inspect.signature(func).return_annotation
            returned = getattr(importlib.import_module(func.__module__), str(returned), None)
        if _is_result(returned) and not func.__name__.startswith("solve_") and (
                path not in SOLVE_EXEMPT):
            bad.append(f"{path} -> solve_{func.__name__}")
    assert not bad, "result-returning functions not named solve_*:\n" + "\n".join(bad)


def test_no_public_name_means_two_things():
    owners: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for _, name, obj in _public_objects():
        owners[name].add((obj.__module__, obj.__qualname__))
    clashes = {name: sorted(where) for name, where in owners.items() if len(where) > 1}
    assert not clashes, f"one public name, different objects: {clashes}"


def test_subpackages_export_no_old_names_in_all():
    for sub in cooperlab.SUBPACKAGES:
        module = getattr(cooperlab, sub)
        for name in getattr(module, "__all__", ()):
            with warnings.catch_warnings():
                warnings.simplefilter("error", DeprecationWarning)
                obj = getattr(module, name)
            assert not hasattr(obj, "__deprecated_alias_of__"), f"{sub}.{name} is deprecated"
