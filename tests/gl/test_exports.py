"""``cooperlab.gl`` exports every solver the command line uses; ``animate_film`` checks its
input."""

import pytest

import cooperlab.gl as gl
from cooperlab.gl.bulk import solve_bulk_magnetization
from cooperlab.gl.nematic import NematicModel, solve_nematic_hc2


def test_package_namespace_holds_the_solvers():
    assert gl.solve_bulk_magnetization is solve_bulk_magnetization
    assert gl.solve_nematic_hc2 is solve_nematic_hc2
    assert set(gl.__all__) >= {"solve_magnetization_curve", "solve_iv_curve", "BulkModel",
                               "NematicModel", "animate_film"}
    assert all(hasattr(gl, name) for name in gl.__all__)


def test_animate_film_names_a_result_without_snapshots(tmp_path):
    result = solve_nematic_hc2(NematicModel(), [0.0, 90.0], n_levels=10)
    with pytest.raises(ValueError, match="TDGL film result, got NematicHc2"):
        gl.animate_film(result, tmp_path / "movie.gif")
