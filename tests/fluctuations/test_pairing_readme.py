"""The README's pairing example runs as written and states true numbers."""

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_pairing_subsection_runs():
    text = README.read_text()
    start = text.index("### Pairing from spin and orbital fluctuations")
    section = text[start:text.index("\n## ", start)]
    code = "\n".join(re.findall(r"```python\n(.*?)```", section, re.S))
    namespace: dict = {}
    exec(compile(code, str(README), "exec"), namespace)
    d_wave = namespace["d_wave"]
    assert d_wave.summary()["symmetry"] == "d_x2-y2"
    assert d_wave.eigenvalue.max() == pytest.approx(0.806, abs=1e-3)
    spin, orbital = namespace["spin"], namespace["orbital"]
    assert spin["lambda_leading"] == pytest.approx(spin["lambda_s+-"])
    assert orbital["lambda_leading"] == pytest.approx(orbital["lambda_s++"])
    assert (spin["leading_A1_sign"], orbital["leading_A1_sign"]) == (-1, 1)
