"""Tests of cooperlab.sweep.

What they pin:
- the grid: outer product in keyword order, swept dims first (with the values as
  coordinates and the model field's units), then the points' own dims (``band``, ``k``);
  scalars are named after the function, dicts / Datasets / Results keep their variables;
- bad input fails before anything is written, with a one-line error naming the parameter
  (unknown field, empty or 2-D values, a model invalid at some grid point, executor,
  scheduler, a store holding a different sweep);
- resumability: after an exception, a KeyboardInterrupt or a SIGKILL of the client, a
  rerun computes exactly the missing points (counted by a call log), no point is computed
  twice, and the final dataset is identical to a clean serial run;
- process executor (loky's reusable pool): same result as serial, BLAS capped at
  ``blas_threads`` in workers, the same executor and worker processes serve consecutive
  sweeps (a new one when the worker count, BLAS cap or environment changes), a worker
  killed mid-sweep (TerminatedWorkerError) loses no point, a point that kills its worker
  every time stops the sweep with one error naming it and a rerun resumes, restarts are
  bounded, Ctrl-C leaves no worker behind and a SIGKILLed client leaves no orphan;
- dask: a real scheduler and two worker processes on 127.0.0.1, one SIGKILLed mid-sweep:
  every point is stored exactly once and the result equals the serial one; a LocalCluster
  works too;
- SweepResult: ``save`` / ``cooperlab.load`` (and ``store/sweep.nc``) give back an
  identical dataset, ``summary()`` is JSON, ``plot()`` draws 1-D sweeps.
"""

from __future__ import annotations

import importlib
import json
import multiprocessing
import os
import re
import signal
import subprocess
import sys
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import numpy as np
import pytest
import xarray as xr
from sweep_helpers import (
    Toy,
    bands,
    blas_threads,
    dispersion,
    levels,
    square,
    work,
    worker_pid,
)

import cooperlab
from cooperlab import SweepResult, sweep

A = np.arange(8) * 0.25  # exact binary fractions, so a fault can be triggered at a == 1.0
B = np.array([1.0, 2.0])
SRC = Path(cooperlab.__file__).resolve().parents[1]
TESTS = Path(__file__).resolve().parent
# ``cooperlab.sweep`` the attribute is the function; its modules are reached by import_module
executors_module = importlib.import_module("cooperlab.sweep.executors")


def all_points() -> set[tuple[float, float]]:
    return {(float(a), float(b)) for a in A for b in B}


def stored_points(store: Path) -> set[tuple[float, float]]:
    indices = [int(p.stem) for p in (store / "points").glob("*.nc")]
    return {(float(A[i // len(B)]), float(B[i % len(B)])) for i in indices}


def read_log(path: Path) -> list[tuple[float, float]]:
    if not path.exists():
        return []
    return [tuple(map(float, line.split())) for line in path.read_text().splitlines()]


@pytest.fixture(scope="module")
def reference() -> xr.Dataset:
    """The clean serial run every other executor and resumed run must reproduce."""
    return sweep(work, Toy(a=0.0), a=A, b=B, progress=False).dataset


@pytest.fixture
def faults(tmp_path, monkeypatch):
    """Set the call log / delay / fault environment of sweep_helpers.work."""
    log = tmp_path / "calls.log"
    monkeypatch.setenv("COOPERLAB_TEST_LOG", str(log))
    monkeypatch.setenv("COOPERLAB_TEST_MARKER", str(tmp_path / "fault.marker"))

    def configure(fault: str | None = None, at: float = 1.0, delay: float = 0.0) -> Path:
        if fault:
            monkeypatch.setenv("COOPERLAB_TEST_FAULT", fault)
            monkeypatch.setenv("COOPERLAB_TEST_FAULT_AT", repr(at))
        monkeypatch.setenv("COOPERLAB_TEST_DELAY", repr(delay))
        return log

    return configure


def subprocess_env() -> dict[str, str]:
    paths = [str(SRC), str(TESTS), os.environ.get("PYTHONPATH", "")]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p)}


# -- the grid and what a point may return ----------------------------------------------
def test_scalar_result_is_named_after_func():
    result = sweep(square, Toy(a=0.0, b=0.5), a=[0.0, 1.0, 2.0], progress=False)
    assert result.dataset["square"].dims == ("a",)
    np.testing.assert_array_equal(result.dataset["square"], [0.5, 1.5, 4.5])
    np.testing.assert_array_equal(result.dataset["a"], [0.0, 1.0, 2.0])


def test_swept_dims_come_first_in_keyword_order():
    ds = sweep(levels, Toy(a=0.0), b=B, a=A[:3], progress=False).dataset
    assert ds["energy"].dims == ("b", "a", "band")
    assert ds["raw"].dims == ("b", "a", "raw_dim_0")
    assert ds["gap"].dims == ("b", "a")
    assert ds["a"].attrs["units"] == "meV"
    for j, b in enumerate(B):
        for i, a in enumerate(A[:3]):
            expected = levels(Toy(a=a, b=b))
            np.testing.assert_array_equal(ds["energy"][j, i], expected["energy"])
            assert ds["gap"][j, i] == expected["gap"]


def test_dataset_result_keeps_coordinates_and_variable_attrs():
    ds = sweep(dispersion, Toy(a=0.0), a=[0.5, 1.5], progress=False).dataset
    assert ds["energy"].dims == ("a", "k")
    np.testing.assert_array_equal(ds["k"], np.linspace(-1.0, 1.0, 5))
    np.testing.assert_array_equal(ds["a"], [0.5, 1.5])  # the swept value, not the scalar copy
    assert ds["energy"].attrs["units"] == "meV"
    assert ds.attrs == {}  # per-point attrs are dropped from the merge


def test_result_subclass_is_converted_with_units():
    ds = sweep(bands, Toy(a=0.0), a=[1.0, 2.0], b=[1.0, 3.0], progress=False).dataset
    assert ds["energy"].dims == ("a", "b", "k", "band")
    assert ds["energy"].attrs["units"] == "meV"
    np.testing.assert_allclose(ds["energy"].sel(a=2.0, b=3.0), bands(Toy(a=2.0, b=3.0)).energy)


def test_points_that_do_not_fit_together_are_an_error():
    def ragged(model):
        return xr.Dataset({"e": ("k", np.zeros(2))}, coords={"k": [model.a, 9.0]})

    with pytest.raises(ValueError, match="func"):
        sweep(ragged, Toy(a=0.0), a=[1.0, 2.0], progress=False)


def test_unsupported_return_type_is_an_error():
    with pytest.raises(TypeError, match="func returned str"):
        sweep(lambda model: "text", Toy(a=0.0), a=[1.0], progress=False)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"c": [1.0]}, "unknown parameter 'c'"),
        ({"a": []}, "^a must be a non-empty 1-D"),
        ({"a": [[1.0, 2.0]]}, "^a must be a non-empty 1-D"),
        ({"a": [1.0, -1.0]}, r"^a must lie in \[0, inf\]"),
        ({"a": [1.0], "executor": "threads"}, "^executor must be one of"),
        ({"a": [1.0], "scheduler": "tcp://127.0.0.1:1"}, "^scheduler is only used"),
        ({"a": [1.0], "max_workers": 0}, "^max_workers must be"),
        ({}, "^params"),
    ],
)
def test_bad_input_fails_before_anything_is_written(tmp_path, kwargs, match):
    store = tmp_path / "store"
    with pytest.raises(ValueError, match=match) as info:
        sweep(square, Toy(a=0.0), store=store, progress=False, **kwargs)
    assert "\n" not in str(info.value)
    assert not store.exists()


def test_store_holding_another_sweep_is_refused(tmp_path):
    store = tmp_path / "store"
    sweep(square, Toy(a=0.0), store=store, a=[1.0, 2.0], progress=False)
    with pytest.raises(ValueError, match="^store .* params differs"):
        sweep(square, Toy(a=0.0), store=store, a=[1.0, 3.0], progress=False)
    with pytest.raises(ValueError, match="^store .* func differs"):
        sweep(levels, Toy(a=0.0), store=store, a=[1.0, 2.0], progress=False)
    with pytest.raises(ValueError, match="^store .* model differs"):
        sweep(square, Toy(a=0.0, b=2.0), store=store, a=[1.0, 2.0], progress=False)
    again = sweep(square, Toy(a=5.0), store=store, a=[1.0, 2.0], progress=False)
    assert again.metadata["n_reused"] == 2  # the base value of a swept field does not matter
    manifest = json.loads((store / "manifest.json").read_text())
    assert manifest["func"] == "sweep_helpers.square"
    assert manifest["params"] == {"a": [1.0, 2.0]} and manifest["shape"] == [2]
    assert manifest["model"] == {"class": "sweep_helpers.Toy", "a": 0.0, "b": 1.0}


# -- resuming ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("fault", "error"), [("interrupt", KeyboardInterrupt), ("error", RuntimeError)]
)
def test_interrupted_sweep_resumes_only_missing_points(tmp_path, faults, reference, fault, error):
    log, store = faults(fault, at=1.0), tmp_path / "store"
    with pytest.raises(error):
        sweep(work, Toy(a=0.0), store=store, a=A, b=B, progress=False)
    first = read_log(log)
    assert set(first) == stored_points(store) == {p for p in all_points() if p[0] < 1.0}
    assert not (store / "sweep.nc").exists()

    result = sweep(work, Toy(a=0.0), store=store, a=A, b=B, progress=False)
    second = read_log(log)[len(first) :]
    assert set(second) == all_points() - set(first)
    assert len(first) + len(second) == len(all_points())  # nothing computed twice
    assert result.metadata["n_computed_this_run"] == len(second)
    assert result.metadata["n_reused"] == len(first)
    xr.testing.assert_identical(result.dataset, reference)


def test_sigkilled_client_resumes_only_missing_points(tmp_path, faults, reference):
    log, store = faults(delay=0.05), tmp_path / "store"
    script = (
        "import sys, numpy as np; from cooperlab import sweep; "
        "from sweep_helpers import Toy, work; "
        "sweep(work, Toy(a=0.0), store=sys.argv[1], a=np.arange(8) * 0.25, b=[1.0, 2.0])"
    )
    client = subprocess.Popen([sys.executable, "-c", script, str(store)], env=subprocess_env())
    deadline = time.monotonic() + 60
    while len(stored_points(store)) < 4 and time.monotonic() < deadline:
        time.sleep(0.005)
    client.send_signal(signal.SIGKILL)
    assert client.wait(timeout=30) == -signal.SIGKILL
    before = stored_points(store)
    assert 4 <= len(before) < len(all_points())  # killed mid-sweep
    calls_before = len(read_log(log))

    faults(delay=0.0)
    result = sweep(work, Toy(a=0.0), store=store, a=A, b=B, progress=False)
    assert set(read_log(log)[calls_before:]) == all_points() - before
    assert result.metadata["n_computed_this_run"] == len(all_points() - before)
    xr.testing.assert_identical(result.dataset, reference)
    assert not list((store / "points").glob(".*"))  # no half-written file left behind


def test_finished_store_recomputes_nothing_and_loads_back(tmp_path, faults, reference):
    log, store = faults(), tmp_path / "store"
    sweep(work, Toy(a=0.0), store=store, a=A, b=B, progress=False)
    calls = len(read_log(log))
    again = sweep(work, Toy(a=0.0), store=store, a=A, b=B, progress=False)
    assert len(read_log(log)) == calls == len(all_points())
    assert again.metadata["n_computed_this_run"] == 0
    loaded = cooperlab.load(store / "sweep.nc")
    assert isinstance(loaded, SweepResult)
    xr.testing.assert_identical(loaded.dataset, reference)
    assert loaded.metadata == again.metadata


# -- the process executor --------------------------------------------------------------
def test_process_executor_matches_serial_and_caps_blas(reference):
    result = sweep(work, Toy(a=0.0), executor="process", max_workers=2, a=A, b=B, progress=False)
    xr.testing.assert_identical(result.dataset, reference)
    threads = sweep(
        blas_threads,
        Toy(a=0.0),
        executor="process",
        max_workers=2,
        blas_threads=1,
        a=[0.0, 1.0],
        progress=False,
    )
    assert threads.dataset["blas_threads"].values.tolist() == [1, 1]


def test_process_worker_killed_midsweep_loses_no_point(tmp_path, faults, reference):
    log, store = faults("kill", at=0.75, delay=0.05), tmp_path / "store"
    result = sweep(
        work, Toy(a=0.0), store=store, executor="process", max_workers=2, a=A, b=B, progress=False
    )
    assert (tmp_path / "fault.marker").exists()  # a worker really was killed
    assert stored_points(store) == all_points()
    assert len(list((store / "points").iterdir())) == len(all_points())
    assert set(read_log(log)) == all_points()
    assert result.metadata["n_computed_this_run"] == len(all_points())
    xr.testing.assert_identical(result.dataset, reference)


def test_process_pool_restarts_are_bounded(tmp_path, faults, monkeypatch):
    monkeypatch.setattr(executors_module, "MAX_POOL_RESTARTS", 0)
    faults("kill", at=1.75)
    store = tmp_path / "store"
    with pytest.raises(BrokenProcessPool, match=r"died 1 time\(s\), more restarts than MAX"):
        sweep(
            work,
            Toy(a=0.0),
            store=store,
            executor="process",
            max_workers=2,
            a=A,
            b=B,
            progress=False,
        )
    assert (tmp_path / "fault.marker").exists()  # one worker was killed, once
    assert len(stored_points(store)) < len(all_points())  # and the sweep gave up
    assert not multiprocessing.active_children()


def test_process_sweep_interrupted_by_sigint_keeps_points_and_stops_workers(
    tmp_path, faults, reference
):
    import psutil

    log, store = faults(delay=0.2), tmp_path / "store"
    script = (
        "import sys, numpy as np; from cooperlab import sweep; "
        "from sweep_helpers import Toy, work; "
        "sweep(work, Toy(a=0.0), store=sys.argv[1], executor='process', max_workers=2, "
        "a=np.arange(8) * 0.25, b=[1.0, 2.0])"
    )
    client = subprocess.Popen(
        [sys.executable, "-c", script, str(store)],
        env=subprocess_env(),
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while len(stored_points(store)) < 2 and time.monotonic() < deadline:
        time.sleep(0.005)
    children = psutil.Process(client.pid).children(recursive=True)
    workers = [c for c in children if "resource_tracker" not in " ".join(c.cmdline())]
    client.send_signal(signal.SIGINT)  # what Ctrl-C does to the client
    _, err = client.communicate(timeout=30)
    assert client.returncode == -signal.SIGINT and err.rstrip().endswith("KeyboardInterrupt")
    assert len(workers) == 2  # the pool's workers were stopped before the client exited:
    assert not [w for w in workers if w.is_running() and w.status() != "zombie"]
    before = stored_points(store)
    assert 2 <= len(before) < len(all_points())
    assert not (store / "sweep.nc").exists()

    faults(delay=0.0)
    calls = len(read_log(log))
    result = sweep(work, Toy(a=0.0), store=store, a=A, b=B, progress=False)
    assert set(read_log(log)[calls:]) == all_points() - before
    assert result.metadata["n_reused"] == len(before)
    xr.testing.assert_identical(result.dataset, reference)


# -- dask ------------------------------------------------------------------------------
def _read_scheduler_file(path: Path, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            return json.loads(path.read_text())["address"]
        except (FileNotFoundError, json.JSONDecodeError, KeyError):
            time.sleep(0.05)
    raise TimeoutError(f"no dask scheduler address in {path}")


@pytest.fixture
def dask_cluster(tmp_path):
    """Start a scheduler and worker processes on 127.0.0.1; kill them all afterwards."""
    processes: list[subprocess.Popen] = []

    def start(n_workers: int) -> tuple[str, list[subprocess.Popen]]:
        from distributed import Client

        env, scheduler_file = subprocess_env(), tmp_path / "scheduler.json"
        common = ["--scheduler-file", str(scheduler_file), "--no-dashboard"]
        scheduler = [
            sys.executable,
            "-m",
            "dask",
            "scheduler",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            *common,
        ]
        worker = [
            sys.executable,
            "-m",
            "dask",
            "worker",
            "--nthreads",
            "1",
            "--no-nanny",
            "--host",
            "127.0.0.1",
            *common,
        ]
        with open(tmp_path / "dask.log", "ab") as out:
            processes.append(subprocess.Popen(scheduler, env=env, stdout=out, stderr=out))
            address = _read_scheduler_file(scheduler_file, timeout=30)
            workers = [
                subprocess.Popen(worker, env=env, stdout=out, stderr=out) for _ in range(n_workers)
            ]
        processes.extend(workers)
        with Client(address, timeout=30) as client:
            client.wait_for_workers(n_workers, timeout=30)
        return address, workers

    yield start
    for process in reversed(processes):
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_dask_worker_killed_midsweep_every_point_once(tmp_path, faults, dask_cluster, reference):
    log, store = faults("kill", at=0.75, delay=0.1), tmp_path / "store"
    address, workers = dask_cluster(2)  # workers inherit the fault environment
    result = sweep(
        work, Toy(a=0.0), store=store, executor="dask", scheduler=address, a=A, b=B, progress=False
    )
    codes = [w.poll() for w in workers]
    assert codes.count(-signal.SIGKILL) == 1 and codes.count(None) == 1  # one was killed
    assert len(list((store / "points").iterdir())) == len(all_points())
    assert stored_points(store) == set(read_log(log)) == all_points()
    assert result.metadata["n_computed_this_run"] == len(all_points())
    xr.testing.assert_identical(result.dataset, reference)
    assert address.startswith("tcp://127.0.0.1:")


def test_dask_local_cluster_matches_serial(reference):
    result = sweep(work, Toy(a=0.0), executor="dask", max_workers=2, a=A, b=B, progress=False)
    xr.testing.assert_identical(result.dataset, reference)


# -- SweepResult -----------------------------------------------------------------------
def test_save_load_round_trip(tmp_path):
    result = sweep(bands, Toy(a=0.0), a=[1.0, 2.0], b=[1.0, 3.0], progress=False)
    loaded = cooperlab.load(result.save(tmp_path / "sweep.nc"))
    assert isinstance(loaded, SweepResult)
    xr.testing.assert_identical(loaded.dataset, result.dataset)
    xr.testing.assert_identical(loaded.to_xarray(), result.to_xarray())
    assert loaded.metadata == result.metadata
    assert loaded.metadata["params"] == {"a": [1.0, 2.0], "b": [1.0, 3.0]}
    assert loaded.metadata["cooperlab_version"] == cooperlab.__version__


def test_summary_is_json_and_counts_points():
    result = sweep(square, Toy(a=0.0), a=[1.0, 2.0, 3.0], progress=False)
    summary = json.loads(json.dumps(result.summary()))
    assert summary["result"] == "SweepResult"
    assert summary["n_points"] == 3 and summary["n_computed_this_run"] == 3
    assert summary["params"] == {"a": {"n": 3, "first": 1.0, "last": 3.0}}
    assert summary["variables"] == ["square"]


def test_plot_draws_one_line_per_band():
    import matplotlib

    matplotlib.use("Agg")
    result = sweep(levels, Toy(a=0.0), a=[1.0, 2.0, 3.0], progress=False)
    ax = result.plot(var="energy")
    assert len(ax.lines) == 3 and ax.get_xlabel() == "coupling a (meV)"
    with pytest.raises(ValueError, match="1-D sweep"):
        sweep(square, Toy(a=0.0), a=[1.0], b=[1.0], progress=False).plot()


def test_progress_bar_is_forced_on_or_off(capsys):
    sweep(square, Toy(a=0.0), a=[1.0, 2.0], progress=True)
    assert "2/2" in capsys.readouterr().err
    sweep(square, Toy(a=0.0), a=[1.0, 2.0], progress=False)
    assert capsys.readouterr().err == ""


# -- the execution value and the store lock ---------------------------------------------
def test_execution_value_equals_keywords_and_refuses_both(reference):
    from cooperlab.sweep import Execution

    run = Execution(executor="serial", blas_threads=1, progress=False)
    result = sweep(work, Toy(a=0.0), execution=run, a=A, b=B)
    xr.testing.assert_identical(result.dataset, reference)
    with pytest.raises(ValueError, match="either execution= or executor="):
        sweep(work, Toy(a=0.0), execution=run, executor="serial", a=A, b=B)
    with pytest.raises(ValueError, match="executor"):
        Execution(executor="threads")
    with pytest.raises(ValueError, match="scheduler is only used with executor='dask'"):
        Execution(scheduler="tcp://127.0.0.1:1")


def test_second_writer_is_refused_while_the_first_holds_the_store(tmp_path, faults):
    from cooperlab.sweep import StoreBusyError

    store = tmp_path / "store"
    faults()
    sweep(work, Toy(a=0.0), store=store, a=A[:2], b=B, progress=False)
    leftover = store / "points" / ".00000007.nc.abc.tmp"  # a half-written point of a live run
    leftover.write_bytes(b"partial")
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from filelock import FileLock; "
         "lock = FileLock(sys.argv[1]); lock.acquire(); print('locked', flush=True); "
         "time.sleep(120)",
         str(store / ".lock")],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(StoreBusyError, match="being written by another running sweep"):
            sweep(work, Toy(a=0.0), store=store, a=A[:2], b=B, progress=False)
        assert leftover.exists()  # the live writer's file was not touched
    finally:
        holder.kill()  # kill -9: the OS releases the lock with the process
        holder.wait()
    (store / ".sweep.nc.dead.tmp").write_bytes(b"partial")  # a killed run's merge
    result = sweep(work, Toy(a=0.0), store=store, a=A[:2], b=B, progress=False)
    assert result.metadata["n_reused"] == 4
    assert not list(store.glob(".*.tmp")) and not list((store / "points").glob(".*.tmp"))


def test_cli_names_a_busy_store_in_one_line(tmp_path):
    store = tmp_path / "store"
    store.mkdir()
    from filelock import FileLock

    with FileLock(store / ".lock"):
        done = subprocess.run(
            [sys.executable, "-m", "cooperlab.cli", "tbg", "sweep", "--theta", "1.0:1.1:2",
             "--store", str(store)],
            capture_output=True, text=True, env=subprocess_env(), timeout=300)
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0
    assert "being written by another running sweep" in done.stderr


def test_process_workers_die_when_the_client_is_killed(tmp_path, faults):
    import psutil

    faults(delay=5.0)
    store = tmp_path / "store"
    script = (
        "import sys, numpy as np; from cooperlab import sweep; "
        "from sweep_helpers import Toy, work; "
        "sweep(work, Toy(a=0.0), store=sys.argv[1], executor='process', max_workers=2, "
        "a=np.arange(8) * 0.25, b=[1.0, 2.0], progress=False)"
    )
    client = subprocess.Popen([sys.executable, "-c", script, str(store)], env=subprocess_env())
    deadline = time.monotonic() + 60
    workers: list = []
    while time.monotonic() < deadline and len(workers) < 2:
        time.sleep(0.1)
        children = psutil.Process(client.pid).children(recursive=True)
        workers = [c for c in children if "resource_tracker" not in " ".join(c.cmdline())]
    assert len(workers) == 2
    client.kill()  # kill -9: no handler runs in the client
    client.wait()
    gone, alive = psutil.wait_procs(workers, timeout=10)
    assert not alive, f"orphaned workers still running: {[p.pid for p in alive]}"


def test_unconverged_points_are_marked_warned_summarised_and_drawn_hollow(tmp_path):
    import matplotlib.pyplot as plt
    from sweep_helpers import fit

    from cooperlab.sweep import UnconvergedPointsWarning

    with pytest.warns(UnconvergedPointsWarning, match="4 of 8 sweep points did not converge: a=1"):
        result = sweep(fit, Toy(a=0.0), a=A, progress=False)
    assert result.dataset["converged"].values.tolist() == [True] * 4 + [False] * 4
    assert [p["a"] for p in result.unconverged()] == [1.0, 1.25, 1.5, 1.75]
    assert result.summary()["unconverged"][0] == {"a": 1.0}
    ax = result.plot(var="value")
    hollow = [line for line in ax.get_lines() if line.get_markerfacecolor() == "none"]
    assert hollow and list(hollow[0].get_xdata()) == [1.0, 1.25, 1.5, 1.75]
    back = cooperlab.load(result.save(tmp_path / "s.nc"))
    assert back.unconverged() == result.unconverged()
    plt.close("all")
    quiet = sweep(square, Toy(a=0.0), a=A, progress=False)  # no verdicts: no variable
    assert "converged" not in quiet.dataset and quiet.unconverged() == []


# -- the reusable pool ------------------------------------------------------------------
def test_process_pool_is_reused_between_sweeps(reference):
    from cooperlab.sweep import Execution

    run = Execution(executor="process", max_workers=2, progress=False)
    first = sweep(worker_pid, Toy(a=0.0), execution=run, a=A, b=B)
    pool = executors_module.process_pool(run)
    second = sweep(worker_pid, Toy(a=0.0), execution=run, a=A, b=B)
    assert executors_module.process_pool(run) is pool  # the same executor object
    pids = set(first.dataset["worker_pid"].values.ravel().tolist())
    assert os.getpid() not in pids and 1 <= len(pids) <= 2
    assert set(second.dataset["worker_pid"].values.ravel().tolist()) <= pids  # same workers
    assert pids <= {p.pid for p in pool._processes.values()}
    again = sweep(work, Toy(a=0.0), execution=run, a=A, b=B)  # another function, same pool
    assert executors_module.process_pool(run) is pool
    xr.testing.assert_identical(again.dataset, reference)
    other = Execution(executor="process", max_workers=2, blas_threads=2, progress=False)
    assert executors_module.process_pool(other) is not pool  # another BLAS cap: a new pool


def test_point_that_always_kills_its_worker_is_named_and_a_rerun_resumes(
    tmp_path, faults, monkeypatch, reference
):
    from cooperlab.sweep import WorkerCrashedError

    log, store = faults("kill-always", at=1.75), tmp_path / "store"
    with pytest.raises(WorkerCrashedError) as info:
        sweep(work, Toy(a=0.0), store=store, executor="process", max_workers=2, a=A, b=B,
              progress=False)
    message = str(info.value)
    assert "\n" not in message
    assert re.search(r"computing the point a=1\.75, b=[12]\.0 \(index 1[45]\)", message)
    stored = stored_points(store)
    assert f"the {len(stored)} finished points are in the store" in message
    assert type(info.value.__cause__).__name__ == "TerminatedWorkerError"  # loky's, chained
    assert {p for p in all_points() if p[0] < 1.75} <= stored  # nothing finished was lost
    assert all(a != 1.75 for a, _ in stored)
    first = read_log(log)  # a point whose result the crash lost was computed again
    assert set(first) == stored

    monkeypatch.delenv("COOPERLAB_TEST_FAULT")  # the bug is fixed: rerun the same sweep
    result = sweep(work, Toy(a=0.0), store=store, executor="process", max_workers=2, a=A, b=B,
                   progress=False)
    assert sorted(read_log(log)[len(first):]) == sorted(all_points() - stored)
    assert result.metadata["n_reused"] == len(stored)
    xr.testing.assert_identical(result.dataset, reference)


def test_idle_reused_pool_dies_with_its_killed_client(tmp_path):
    """Between sweeps the reusable pool's workers wait for the next one; a client killed
    then (kill -9, no handler runs) must not leave them behind either."""
    import psutil

    script = (
        "import time, numpy as np; from cooperlab import sweep; "
        "from sweep_helpers import Toy, worker_pid; "
        "r = sweep(worker_pid, Toy(a=0.0), executor='process', max_workers=2, "
        "a=np.arange(8) * 0.25, progress=False); "
        "print(*sorted(set(r.dataset['worker_pid'].values.tolist())), flush=True); "
        "time.sleep(120)"
    )
    client = subprocess.Popen([sys.executable, "-c", script], env=subprocess_env(),
                              stdout=subprocess.PIPE, text=True)
    try:
        pids = [int(p) for p in client.stdout.readline().split()]
        workers = [psutil.Process(pid) for pid in pids]
        assert workers and all(w.is_running() and w.ppid() == client.pid for w in workers)
        descendants = psutil.Process(client.pid).children(recursive=True)  # + loky's tracker
        assert {w.pid for w in workers} <= {d.pid for d in descendants}
    finally:
        client.kill()
        client.wait()
    gone, alive = psutil.wait_procs(descendants, timeout=10)
    assert not alive, f"orphans still running: {[(p.pid, p.cmdline()[-3:]) for p in alive]}"
