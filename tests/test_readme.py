"""The README's Python quick start runs as written (with smaller grids)."""

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_quick_start_runs(tmp_path, monkeypatch):
    text = README.read_text()
    section = text[text.index("## Quick start"):text.index("## Command line")]
    code = "\n".join(re.findall(r"```python\n(.*?)```", section, re.S))
    assert "solve_bands" in code and "solve_superconductor" in code
    code = (code.replace('executor="process"', 'executor="serial"')
            .replace("np.linspace(0.9, 1.3, 41)", "np.linspace(0.9, 1.3, 3)")
            .replace("np.linspace(-3.9, 3.9, 41)", "np.linspace(-3.9, 3.9, 3)"))
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    exec(compile(code, str(README), "exec"), namespace)
    assert namespace["same"].energy.shape == namespace["bands"].energy.shape
    assert 0 < namespace["sc"].t_bkt_K < namespace["sc"].tc_K
