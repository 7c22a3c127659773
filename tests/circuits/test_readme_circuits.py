"""The README's circuits example runs as written and states true numbers."""

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_circuits_section_runs():
    text = README.read_text()
    start = text.index("## Superconducting circuits")
    section = text[start:text.index("\n## ", start + 1)]
    code = "\n".join(re.findall(r"```python\n(.*?)```", section, re.S))
    namespace: dict = {}
    exec(compile(code, str(README), "exec"), namespace)
    assert namespace["jj"].ic_nA > 0 and namespace["qubit"].f01_GHz > 0
    assert namespace["wire"].depairing_current_mA[0] == pytest.approx(47, rel=0.01)
    assert namespace["wire"].kinetic_inductance_pH[0] == pytest.approx(96, rel=0.01)
