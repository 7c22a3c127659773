"""Qubit spectra versus scqubits and the engine TDSE versus qutip, on identical problems.

Run in the peers' environment (scqubits and qutip are never cooperlab dependencies)::

    python -m venv benchmarks/.venv-peers --system-site-packages
    benchmarks/.venv-peers/bin/pip install scqubits==4.3.1 qutip==5.3.1
    PYTHONPATH=src benchmarks/.venv-peers/bin/python benchmarks/bench_circuits.py

BLAS is capped at one thread (threadpoolctl) for every timing; best of ``REPEATS``.
"""

from __future__ import annotations

import time

import numpy as np
from threadpoolctl import threadpool_limits

from cooperlab.circuits import Fluxonium, SpectrumOptions, Transmon, solve_spectrum_sweep
from cooperlab.circuits.engine import EngineOptions, PistonEngine, _eigen_frame, solve_engine

REPEATS = 3
LEVELS = 6


def best(func, repeats=REPEATS):
    times, value = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        value = func()
        times.append(time.perf_counter() - start)
    return min(times), value


def spectra() -> None:
    import scqubits as scq

    scq.settings.PROGRESSBAR_DISABLED = True
    ng = np.linspace(-1, 1, 201)
    tr = scq.Transmon(EJ=30.02, EC=1.2, ng=0.0, ncut=31, truncated_dim=LEVELS)
    t_peer, peer = best(lambda: tr.get_spectrum_vs_paramvals(
        "ng", ng, evals_count=LEVELS, subtract_ground=False).energy_table)
    ours_model = Transmon(30.02, 1.2, 0.0, 31)
    t_ours, ours = best(lambda: solve_spectrum_sweep(ours_model, "ng", ng,
                                            SpectrumOptions(levels=LEVELS)).energies_GHz)
    print(f"transmon ng-sweep 201 pts: scqubits {t_peer * 1e3:.1f} ms, cooperlab "
          f"{t_ours * 1e3:.1f} ms, ratio {t_peer / t_ours:.2f}x, "
          f"max |dE| {np.max(np.abs(peer - ours)):.2e} GHz")
    flux = np.linspace(0, 1, 201)
    fl = scq.Fluxonium(EJ=8.9, EC=2.5, EL=0.5, flux=0.5, cutoff=110, truncated_dim=LEVELS)
    t_peer, peer = best(lambda: fl.get_spectrum_vs_paramvals(
        "flux", flux, evals_count=LEVELS, subtract_ground=False).energy_table, 1)
    model = Fluxonium(8.9, 2.5, 0.5, 0.5, 110)
    t_ours, ours = best(lambda: solve_spectrum_sweep(model, "flux", flux,
                                            SpectrumOptions(levels=LEVELS)).energies_GHz)
    print(f"fluxonium flux-sweep 201 pts: scqubits {t_peer:.2f} s, cooperlab {t_ours:.3f} s, "
          f"ratio {t_peer / t_ours:.1f}x, max |dE| {np.max(np.abs(peer - ours)):.2e} GHz")


def engine() -> None:
    """One drive period of the double well, 6 instantaneous levels; qutip integrates the same
    moving-basis Hamiltonian H_nm(t) = E_n delta_nm - i lambda' A_nm (units of h, ns)."""
    import qutip

    model = PistonEngine(well="double", amplitude=0.2, period=5.0)
    options = EngineOptions(levels=LEVELS, basis_size=48, samples_per_period=50, rtol=1e-10)
    t_ours, ours = best(lambda: solve_engine(model, options), 1)
    frame = _eigen_frame(model, options)
    lam, dlam, _ = model.drive()

    def hamiltonian(t: float, args: dict) -> qutip.Qobj:
        e, _, _, a = frame(lam(t))
        return qutip.Qobj(2 * np.pi * np.diag(e - e[0]) - 1j * dlam(t) * a)

    psi0 = qutip.basis(LEVELS, 0)
    h = qutip.QobjEvo(hamiltonian)
    t_peer, peer = best(lambda: qutip.sesolve(h, psi0, ours.t, options={
        "atol": 1e-12, "rtol": 1e-10, "nsteps": 10**6}), 1)
    pops = np.array([np.abs(s.full().ravel()) ** 2 for s in peer.states])
    print(f"engine one period (double well, {LEVELS} levels): qutip sesolve {t_peer:.2f} s, "
          f"cooperlab {t_ours:.2f} s, ratio {t_peer / t_ours:.2f}x, max |dp| "
          f"{np.max(np.abs(pops - ours.populations)):.2e}")


if __name__ == "__main__":
    with threadpool_limits(limits=1):
        spectra()
        engine()
