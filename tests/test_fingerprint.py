"""One fingerprint of a run for every resumable store (sweep, TDGL, DQMC)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from cooperlab.fingerprint import fingerprint, fingerprint_text


@dataclass(frozen=True)
class Model:
    a: float = 1.0
    shape: tuple[int, int] = (2, 3)


@dataclass(frozen=True)
class Options:
    dt: float = 0.1
    progress: bool = False


def test_fingerprint_records_model_options_and_extras_in_json_types():
    record = fingerprint(Model(), Options(), ignore=("progress",), seed=7)
    assert record["model"]["a"] == 1.0 and record["model"]["shape"] == [2, 3]
    assert record["model"]["class"].endswith("Model")
    assert record["options"] == {"class": record["options"]["class"], "dt": 0.1}
    assert record["seed"] == 7
    assert json.loads(json.dumps(record)) == record


def test_ignored_options_do_not_change_it_and_tracked_ones_do():
    base = fingerprint_text(Model(), Options(), ignore=("progress",))
    assert fingerprint_text(Model(), Options(progress=True), ignore=("progress",)) == base
    assert fingerprint_text(Model(), Options(dt=0.2), ignore=("progress",)) != base
    assert fingerprint_text(Model(a=2.0), Options(), ignore=("progress",)) != base
    assert "options" not in fingerprint(Model())


def test_sweep_manifest_and_tdgl_snapshot_file_use_it():
    import numpy as np

    from cooperlab.gl.tdgl.checkpoint import UNTRACKED_OPTIONS, checkpoint_manifest
    from cooperlab.sweep.grid import make_grid
    from cooperlab.sweep.store import MANIFEST_FORMAT
    from cooperlab.sweep.store import manifest as sweep_manifest

    assert checkpoint_manifest(Model(), Options()) == fingerprint_text(Model(), Options(),
                                                            ignore=UNTRACKED_OPTIONS)
    grid = make_grid(Model(), {"a": np.array([1.0, 2.0])})
    described = sweep_manifest(len, Model(), grid)
    assert described == fingerprint(Model(), format=MANIFEST_FORMAT, func="builtins.len",
                                    params={"a": [1.0, 2.0]}, shape=[2])
