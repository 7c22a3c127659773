"""The README's conventional-superconductor example runs as written and states true numbers."""

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_conventional_section_runs(tmp_path, monkeypatch):
    text = README.read_text()
    start = text.index("## Conventional and high-pressure")
    section = text[start:text.index("\n## ", start + 1)]
    monkeypatch.chdir(tmp_path)
    code = "\n".join(re.findall(r"```python\n(.*?)```", section, re.S))
    namespace: dict = {}
    exec(compile(code, str(README), "exec"), namespace)
    assert namespace["tc"].tc_K == pytest.approx(252, abs=1)
    assert namespace["gap"].gap_edge_meV == pytest.approx(1.27, abs=0.01)
    assert namespace["bcs"].gap_ratio == pytest.approx(3.528, abs=1e-3)
