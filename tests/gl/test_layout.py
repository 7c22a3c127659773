"""gl/ is the GL physics and gl/tdgl/ the time-dependent engine; old paths keep working."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import h5netcdf
import numpy as np
import pytest

import cooperlab.gl as gl
import cooperlab.gl.tdgl as tdgl
from cooperlab.results import dataclass_from_dict, dataclass_to_dict

FIXTURES = Path(__file__).parents[1] / "fixtures" / "results_0.1.0"
TDGL_DIR = Path(tdgl.__file__).parent
PHYSICS = ("abrikosov", "bulk", "landau", "meissner", "nematic")


def test_the_package_exports_the_same_objects_as_before_and_the_material():
    for name in ("FilmModel", "FilmResult", "TDGLOptions", "solve_film"):
        assert getattr(gl, name) is getattr(tdgl, name)
    assert {"FilmModel", "FilmResult", "TDGLOptions", "solve_film", "GLMaterial"} <= set(
        gl.__all__)
    from cooperlab.gl.tdgl import animate, protocols

    assert gl.solve_magnetization_curve is protocols.solve_magnetization_curve
    assert gl.solve_iv_curve is protocols.solve_iv_curve
    assert gl.animate_film is animate.animate


def test_the_engine_does_not_import_the_gl_physics():
    pattern = re.compile(r"cooperlab\.gl\.(" + "|".join(PHYSICS) + r")\b")
    for path in sorted(TDGL_DIR.glob("*.py")):
        imports = [line for line in path.read_text().splitlines()
                   if line.lstrip().startswith(("from ", "import "))]
        assert not [line for line in imports if pattern.search(line)], path.name


def test_a_model_recorded_under_its_old_module_path_is_rebuilt():
    model = gl.FilmModel(width_um=1.5)
    record = dataclass_to_dict(model)
    assert record["class"] == "cooperlab.gl.tdgl.model.FilmModel"
    record["class"] = "cooperlab.gl.model.FilmModel"   # as files written before the move
    assert dataclass_from_dict(record) == model


def test_files_naming_the_old_module_paths_load_in_a_fresh_process():
    names = ["cooperlab.gl.film.FilmResult", "cooperlab.gl.protocols.IVCurve",
             "cooperlab.gl.landau.UpperCriticalField"]
    code = ("import sys, cooperlab as cl\n"
            "for name in sys.argv[1:]:\n"
            "    r = cl.load(f'{name}.nc')\n"
            "    print(type(r).__module__ + '.' + type(r).__name__)\n")
    out = subprocess.run([sys.executable, "-c", code, *names], check=True,
                         capture_output=True, text=True, cwd=FIXTURES,
                         env=_env()).stdout.split()
    assert out == ["cooperlab.gl.tdgl.film.FilmResult", "cooperlab.gl.tdgl.protocols.IVCurve",
                   "cooperlab.gl.landau.UpperCriticalField"]


def _env() -> dict[str, str]:
    import os

    src = str(Path(gl.__file__).parents[2])
    return {**os.environ, "PYTHONPATH": os.pathsep.join(
        [src, *filter(None, [os.environ.get("PYTHONPATH")])])}


def test_a_checkpoint_written_before_the_move_resumes(tmp_path):
    model = gl.FilmModel(shape="disk", width_um=0.6, field_mT=20.0, grid_xi=0.4)
    options = gl.TDGLOptions(solve_time=3.0, save_every=1.0, progress=False)
    whole = gl.solve_film(model, options)
    path = tmp_path / "run.nc"
    gl.solve_film(model, options, checkpoint=path, max_steps=int(whole.step[-1] * 0.5))
    with h5netcdf.File(path, "a") as f:   # the manifest as written before gl/tdgl/ existed
        text = f.attrs["cooperlab_checkpoint"]
        assert "cooperlab.gl.tdgl.model.FilmModel" in text
        f.attrs["cooperlab_checkpoint"] = text.replace("cooperlab.gl.tdgl.", "cooperlab.gl.")
    resumed = gl.solve_film(model, options, checkpoint=path)
    np.testing.assert_array_equal(resumed.psi, whole.psi)
    with h5netcdf.File(path, "a") as f:   # another model under the old path is still refused
        f.attrs["cooperlab_checkpoint"] = f.attrs["cooperlab_checkpoint"].replace(
            '"field_mT": 20.0', '"field_mT": 21.0')
    with pytest.raises(ValueError, match="another model"):
        gl.solve_film(model, options, checkpoint=path)
