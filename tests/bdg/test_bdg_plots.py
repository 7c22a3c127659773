"""Plots of BdG results (Agg backend): site maps with scale bars, spectra, histograms."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from mpl_toolkits.axes_grid1.anchored_artists import AnchoredSizeBar

import cooperlab as cl
from cooperlab.bdg import (
    BdGModel,
    Disorder,
    SpectraOptions,
    solve_bdg,
    solve_josephson_map,
    solve_local_spectra,
)
from cooperlab.lattice import square_lattice
from cooperlab.plotting.bdg import _scale_bar_length, plot_jstm_map, plot_site_map


@pytest.fixture(scope="module")
def results():
    model = BdGModel(square_lattice().cluster((8, 6)), U=-2.5, mu=-0.4, temperature=0.05,
                     disorder=Disorder("box", 1.0, 2))
    state = solve_bdg(model)
    maps = solve_josephson_map(model, state, tip_gap=0.3, temperature=0.05)
    spectra = solve_local_spectra(model, state, np.linspace(-1.5, 1.5, 61),
                            SpectraOptions(solver="kpm", n_moments=96, probe_period=0))
    return state, maps, spectra


def _scale_bar(ax):
    return [a for a in ax.artists if isinstance(a, AnchoredSizeBar)]


def test_site_maps_have_one_pixel_per_site_and_a_scale_bar(results):
    state, maps, spectra = results
    ax = cl.plot(state)
    image = ax.images[0].get_array()
    assert image.shape == (6, 8)  # rows y, columns x
    np.testing.assert_allclose(image[2, 5], state.gap.real[np.flatnonzero(
        (state.x == 5) & (state.y == 2))[0]])
    assert len(_scale_bar(ax)) == 1
    for quantity in ("ic_rn", "superfluid_proxy", "coherence_gap", "pair_potential"):
        ax = maps.plot(quantity=quantity)
        assert ax.images[0].get_array().max() == pytest.approx(
            np.real(getattr(maps, quantity)).max())
    assert spectra.plot().images  # the coherence-peak gap map
    plt.close("all")


def test_spectra_histogram_and_bad_quantity(results):
    state, maps, spectra = results
    ax = spectra.plot(kind="spectra", sites=[0, 5])
    assert len(ax.lines) == 2 + 4  # two spectra, +- gap markers
    np.testing.assert_allclose(ax.lines[0].get_ydata(), spectra.ldos[0])
    ax = state.plot(kind="histogram")
    assert sum(p.get_height() for p in ax.patches) == len(state.gap)
    ax = maps.plot(quantity="coherence_gap")
    with pytest.raises(ValueError, match="quantity"):
        plot_jstm_map(maps, "temperature")
    with pytest.raises(ValueError, match="kind"):
        state.plot(kind="movie")
    plt.close("all")


def test_scale_bar_lengths_are_round():
    assert [_scale_bar_length(v) for v in (8, 24, 64, 128, 512)] == [2, 5, 10, 20, 100]


def test_off_grid_positions_are_scattered():
    class Sites:
        x = np.array([0.0, 0.5, 1.0])
        y = np.array([0.0, 0.866, 0.0])
        gap = np.array([0.1, 0.2, 0.3])

    ax = plot_site_map(Sites(), "gap")
    assert len(ax.collections) == 1 and not ax.images
    plt.close("all")
