"""The contract every result class keeps, checked by walking the registry.

- every class round-trips through ``save`` / ``cooperlab.load`` (same class, identical
  Dataset, complex arrays intact) and its file is valid netCDF4 (no HDF5 compound types);
- registry names are ``"<subpackage>.<ClassName>"`` and unique; files name them with a
  schema version, and a file from a newer schema is refused with one line;
- every field is declared once in the schema (and every schema entry is a field), and every
  unit is a pint expression or uses the declared model-scale symbols
  (``cooperlab.units.MODEL_SCALE_UNITS``);
- the default ``summary()`` (declared scalars, the convergence verdict) is strict JSON;
- every file written by cooperlab 0.1.0 before the registry (one per result class, in
  ``fixtures/results_0.1.0``) still loads as its class with the same data.
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import h5py
import numpy as np
import pytest
import xarray as xr
from fixtures.make_result_fixtures import synthetic

import cooperlab as cl
from cooperlab.results import (
    SCHEMA_VERSION_ATTR,
    Convergence,
    Result,
    ScalarResult,
    class_path,
    plottable_results,
    registered_results,
    result_class,
)

REGISTRY = {name: cls for name, cls in registered_results().items()
            if cls not in (Result, ScalarResult) and class_path(cls).startswith("cooperlab.")}
LEGACY = sorted((Path(__file__).parent / "fixtures" / "results_0.1.0").glob("*.nc"))


def instance(cls: type) -> Result:
    return synthetic(cls, np.random.default_rng(zlib.crc32(class_path(cls).encode())))


def test_registry_covers_every_result_family():
    assert len(REGISTRY) >= 54
    families = {name.split(".")[0] for name in REGISTRY}
    assert families >= {"bdg", "circuits", "fluctuations", "gl", "hubbard", "moire", "pairing",
                        "sweep"}
    for name, cls in REGISTRY.items():
        assert name == cls.REGISTRY_NAME
        assert name.count(".") == 1 and name.split(".")[1] == cls.__qualname__


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_round_trip_is_identical_and_valid_netcdf(name, tmp_path):
    result = instance(REGISTRY[name])
    path = result.save(tmp_path / "r.nc")
    back = cl.load(path)
    assert type(back) is type(result)
    xr.testing.assert_identical(back.to_xarray(), result.to_xarray())
    with h5py.File(path, "r") as raw:
        kinds = []
        raw.visititems(lambda _, item: kinds.append(item.dtype.kind)
                       if isinstance(item, h5py.Dataset) else None)
    assert "V" not in kinds and "c" not in kinds  # no compound (complex) HDF5 types
    with xr.open_dataset(path, engine="h5netcdf") as stored:
        assert stored.attrs["cooperlab_result"] == name
        assert int(stored.attrs[SCHEMA_VERSION_ATTR]) == REGISTRY[name].SCHEMA_VERSION
    if type(back).summary in (Result.summary, ScalarResult.summary):  # the declared default
        json.dumps(back.summary(), allow_nan=False)


def test_file_from_a_newer_schema_is_refused(tmp_path):
    result = instance(REGISTRY["moire.BandStructure"])
    dataset = result.to_xarray()
    dataset.attrs[SCHEMA_VERSION_ATTR] = result.SCHEMA_VERSION + 1
    dataset.to_netcdf(tmp_path / "new.nc", engine="h5netcdf")
    with pytest.raises(ValueError, match="schema version 2; this cooperlab reads up to 1"):
        cl.load(tmp_path / "new.nc")


def test_unknown_result_name_is_one_clear_error():
    with pytest.raises(ValueError, match="unknown result class 'moire.NoSuchThing'"):
        result_class("moire.NoSuchThing")


def test_a_file_of_0_1_0_is_kept_for_every_result_class():
    kept = {result_class(path.stem).REGISTRY_NAME for path in LEGACY}
    assert len(LEGACY) >= 54
    assert kept == set(REGISTRY) - {"results.Result", "results.ScalarResult"}


@pytest.mark.parametrize("path", LEGACY, ids=[p.stem for p in LEGACY])
def test_files_written_by_0_1_0_still_load(path):
    loaded = cl.load(path)
    assert type(loaded) is result_class(path.stem)
    assert loaded.metadata["fixture"] == path.stem.rsplit(".", 1)[1]
    cls = type(loaded)
    with xr.open_dataset(path, engine="h5netcdf") as stored:
        version = int(stored.attrs.get(SCHEMA_VERSION_ATTR, 1))
        expected = cls.upgrade(stored, version) if version < cls.SCHEMA_VERSION else stored
        again = loaded.to_xarray()
        for variable in expected.data_vars:
            np.testing.assert_array_equal(again[variable].values, expected[variable].values)


def test_convergence_record_round_trips_and_feeds_the_summary(tmp_path):
    from cooperlab.results import make_metadata

    record = Convergence(passed=False, criterion="|dDelta| < tol", achieved=3e-4,
                         target=1e-6, discretisation={"n_mesh": 24, "cutoff_meV": 80.0})
    result = instance(REGISTRY["pairing.TcEstimate"])
    result.metadata = make_metadata(convergence=record)
    back = cl.load(result.save(tmp_path / "r.nc"))
    assert back.convergence == record
    assert back.metadata["versions"]["numpy"] == np.__version__
    nan = Convergence(passed=True, criterion="c", achieved=float("nan"))
    assert nan.to_dict()["achieved"] is None


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_result_plots_or_says_which_results_do(name):
    import matplotlib.pyplot as plt

    cls = REGISTRY[name]
    if cls.plot is Result.plot:
        with pytest.raises(TypeError, match=f"{cls.__name__} has no plot") as error:
            cl.plot(instance(cls))
        family = name.split(".")[0]
        for sibling in plottable_results():
            if sibling.startswith(family + "."):
                assert sibling in str(error.value)
    else:
        assert name in plottable_results()
    plt.close("all")


def test_plot_refuses_what_is_not_a_result():
    with pytest.raises(TypeError, match="takes a cooperlab result, got int"):
        cl.plot(3)


def test_a_schema_1_upper_critical_field_is_upgraded_on_load():
    """Schema 1 stored the lattice Hc2 in ``hc2_mT`` and its ratio to the closed form in
    ``hc2_over_bc2``; schema 2 holds the closed form there and the lattice value beside it."""
    path = next(p for p in LEGACY if p.stem.endswith("UpperCriticalField"))
    with xr.open_dataset(path, engine="h5netcdf") as stored:
        lattice, ratio = float(stored["hc2_mT"]), float(stored["hc2_over_bc2"])
    loaded = cl.load(path)
    assert loaded.lattice_hc2_mT == lattice and loaded.lattice_hc2_over_bc2 == ratio
    assert loaded.hc2_mT == pytest.approx(lattice / ratio, rel=1e-15)
    assert loaded.discretisation_error == pytest.approx(ratio - 1, rel=1e-15)


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_fields_match_the_schema_and_units_are_in_the_vocabulary(name):
    from contract_checks import declared_problems

    assert declared_problems(REGISTRY[name]) == []
