"""Save/load round trips: every result reloads identically, provenance kept."""

import json

import numpy as np
import pytest
import xarray as xr

import cooperlab as cl
from cooperlab.moire import (
    BandOptions,
    ContinuumModel,
    DOSOptions,
    FlatBandPairingModel,
    FlatBandPairingOptions,
    GeometryOptions,
    LDOSOptions,
    MagicAngleOptions,
    solve_bands,
    solve_dirac_velocity,
    solve_dos,
    solve_flat_bandwidth,
    solve_geometry,
    solve_ldos,
    solve_magic_angles,
    solve_stm_spectrum,
    solve_superconductor,
)
from cooperlab.results import dataclass_from_dict

MODEL = ContinuumModel(theta_deg=1.1, cutoff=3.0)


def _results():
    yield solve_bands(MODEL, options=BandOptions(n_mesh=9, bands=2, vectors=True))
    yield solve_bands(MODEL, options=BandOptions(n_mesh=5, valleys=(1,)))
    yield solve_dos(MODEL, DOSOptions(n_mesh=4, method="gaussian"))
    yield solve_flat_bandwidth(MODEL)
    yield solve_dirac_velocity(MODEL)
    yield solve_magic_angles(MODEL, MagicAngleOptions(minimize_bandwidth=False))
    yield solve_geometry(MODEL, GeometryOptions(n_mesh=6))
    yield solve_ldos(MODEL, options=LDOSOptions(n_mesh=4))
    yield solve_stm_spectrum(MODEL, -1.0, "AA", LDOSOptions(n_mesh=4))
    yield solve_superconductor(FlatBandPairingModel(continuum=MODEL),
                               FlatBandPairingOptions(n_mesh=6))


@pytest.mark.parametrize("result", list(_results()), ids=lambda r: type(r).__name__)
def test_round_trip_is_identical(tmp_path, result):
    path = result.save(tmp_path / "result.nc")
    loaded = cl.load(path)
    assert type(loaded) is type(result)
    xr.testing.assert_identical(loaded.to_xarray(), result.to_xarray())
    assert loaded.metadata == result.metadata
    model = dataclass_from_dict(loaded.metadata["model"])
    assert model == MODEL or model.continuum == MODEL
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_dataset_carries_dims_and_units():
    ds = solve_bands(MODEL, options=BandOptions(n_mesh=5, bands="flat")).to_xarray()
    assert ds["energy"].dims == ("valley", "k", "band")
    assert ds["energy"].attrs["units"] == "meV"
    assert ds["kx"].attrs["units"] == "1/nm"
    meta = json.loads(ds.attrs["cooperlab_metadata"])
    assert meta["model"]["theta_deg"] == 1.1
    assert meta["cooperlab_version"] == cl.__version__
    assert meta["convergence"]["cutoff"] == 3.0


def test_load_rejects_foreign_files(tmp_path):
    path = tmp_path / "plain.nc"
    xr.Dataset({"x": ("a", np.arange(3))}).to_netcdf(path, engine="h5netcdf")
    with pytest.raises(ValueError, match="not a cooperlab result"):
        cl.load(path)
    with pytest.raises(FileNotFoundError):
        cl.load(tmp_path / "missing.nc")


def test_plot_helpers_return_axes():
    import matplotlib.axes

    bands = solve_bands(MODEL, options=BandOptions(n_mesh=5, bands="flat"))
    dos = solve_dos(MODEL, DOSOptions(n_mesh=4))
    magic = solve_magic_angles(MODEL, MagicAngleOptions(minimize_bandwidth=False))
    geometry = solve_geometry(MODEL, GeometryOptions(n_mesh=6))
    for result in (bands, dos, magic, geometry):
        assert isinstance(cl.plot(result), matplotlib.axes.Axes)
