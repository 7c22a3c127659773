"""The README's conventional-superconductor example runs as written and states true numbers."""

import re
from pathlib import Path

import pytest

from cooperlab.units import K_B_MEV_PER_K

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_conventional_section_runs(tmp_path, monkeypatch):
    text = README.read_text()
    start = text.index("## Conventional and high-pressure")
    section = text[start:text.index("\n## ", start + 1)]
    monkeypatch.chdir(tmp_path)
    code = "\n".join(re.findall(r"```python\n(.*?)```", section, re.S))
    namespace: dict = {}
    exec(compile(code, str(README), "exec"), namespace)
    tc = namespace["tc"]
    assert (tc.tc_K, tc.allen_dynes_K, tc.mcmillan_K) == pytest.approx((275, 247, 199), abs=1)
    assert namespace["gap"].gap_edge_meV == pytest.approx(1.40, abs=0.01)
    pb_tc = namespace["pairing"].solve_eliashberg_tc(namespace["pb"]).tc_K
    assert pb_tc == pytest.approx(7.19, abs=0.01)
    assert 2 * namespace["gap"].gap_edge_meV / (K_B_MEV_PER_K * pb_tc) == pytest.approx(
        4.53, abs=0.005)
    assert namespace["own"].mu_star_reference_meV == 66.0
    assert namespace["bcs"].gap_ratio == pytest.approx(3.528, abs=1e-3)
