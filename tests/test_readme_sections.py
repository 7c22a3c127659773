"""The README's Hubbard and BdG examples run as written and state true numbers."""

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def _run_section(title: str) -> dict:
    text = README.read_text()
    start = text.index(title)
    section = text[start:text.index("\n## ", start + 1)]
    code = "\n".join(re.findall(r"```python\n(.*?)```", section, re.S))
    namespace: dict = {}
    exec(compile(code, str(README), "exec"), namespace)
    return namespace


def test_readme_hubbard_section_runs():
    namespace = _run_section("## Hubbard models")
    assert namespace["exact"].energy_per_site == pytest.approx(-0.368155, abs=1e-6)
    value, error = namespace["qmc"].estimate("energy")
    assert abs(value - namespace["exact"].energy_per_site) < 5 * error + 0.02


def test_readme_bdg_section_runs():
    namespace = _run_section("## Inhomogeneous superconductors")
    import numpy as np

    state, fast = namespace["state"], namespace["fast"]
    assert np.abs(fast.gap - state.gap).max() < 0.1 * np.abs(state.gap).mean()
    jstm = namespace["jstm"]
    assert np.all(jstm.ic_rn > 0) and jstm.correlation_icrn_delta > 0.5
    assert namespace["spectra"].ldos.shape == (144, 31)
    assert namespace["stats"]["gap_mean"].dims == ("disorder",)


def test_readme_gl_section_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the example writes its checkpoint run.nc here
    namespace = _run_section("## Ginzburg-Landau laboratory")
    assert namespace["run"].n_vortices[-1] >= 0
    assert (tmp_path / "run.nc").exists()


def test_readme_rpa_section_runs():
    import numpy as np

    namespace = _run_section("## Spin and orbital fluctuations")
    neel = namespace["neel"]
    assert neel.U_c == pytest.approx(1.474261, abs=1e-6)
    assert neel.q_c == pytest.approx((np.pi, np.pi))
    qx, qy, _ = namespace["rpa"].peak()
    assert {round(qx / np.pi, 6), round(qy / np.pi, 6)} == {1.0, 0.0}
    assert namespace["chi_s"].shape == (16, 16, 4, 4)
    cold = namespace["cold"].summary()
    assert cold["resonance_energy_meV"] == pytest.approx(14.0, abs=1.0)
    assert cold["omega_c_meV"] == pytest.approx(17.0, abs=0.6)
    assert not namespace["same_gap"].has_resonance
