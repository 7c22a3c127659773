"""cooperlab.parameters: what a model or solver takes, read from the library's declarations."""

from __future__ import annotations

import dataclasses

from cooperlab.gl import FilmModel
from cooperlab.hubbard import HubbardModel
from cooperlab.moire import ContinuumModel, FlatBandPairingModel
from cooperlab.parameters import docstring_entries, parameters, plain, unit_suffix


def test_fields_carry_type_default_units_and_description():
    theta = next(p for p in parameters(ContinuumModel) if p.name == "theta_deg")
    assert (theta.hint, theta.default, theta.units) == (float, 1.05, "degree")
    assert "Twist angle" in theta.help and not theta.optional
    assert [p.dest for p in parameters(ContinuumModel)] == [
        f.name for f in dataclasses.fields(ContinuumModel)]


def test_nested_dataclasses_flatten_with_sweep_names():
    dests = [p.dest for p in parameters(FlatBandPairingModel)]
    assert "continuum__theta_deg" in dests and "nu" in dests and "continuum" not in dests


def test_constructor_keywords_and_grouped_docstring_entries():
    spec = {p.name: p for p in parameters(HubbardModel.from_spec)}
    assert spec["lattice"].default == "square:4x4" and spec["temperature"].optional
    assert "units of t" in spec["U"].help
    assert unit_suffix("coupling_meV") == "_meV" and unit_suffix("meV") is None
    assert unit_suffix("hbar_v_meV_nm") == "_meV_nm"
    assert plain("see :func:`~cooperlab.x.y` and ``z``") == "see cooperlab.x.y and z"


def test_every_film_field_is_documented():
    documented = docstring_entries(FilmModel)
    missing = [p.name for p in parameters(FilmModel) if p.name not in documented]
    assert not missing, missing
