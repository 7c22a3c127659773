"""The fused step kernels: numba and numpy paths agree, and both match the lattice operators."""

import numpy as np
import pytest

from cooperlab.gl import FilmModel, TDGLOptions, solve_film
from cooperlab.gl.tdgl import kernels as K
from cooperlab.gl.tdgl.film import build_lattice, initial_state
from cooperlab.gl.tdgl.periodic import periodic_lattice
from cooperlab.gl.tdgl.stepper import TDGLStepper

needs_numba = pytest.mark.skipif(not K.HAVE_NUMBA, reason="numba not installed")


def film_case():
    model = FilmModel(shape="strip", width_um=0.8, height_um=0.4, hole_um=0.0, field_mT=40.0,
                      current_uA=80.0, grid_xi=0.3)
    lattice = build_lattice(model)
    stepper = TDGLStepper(lattice, u=model.u, gamma=model.gamma,
                          current=model.current_dimensionless(), kernels="numpy")
    psi = initial_state(lattice, "random", 7)
    return lattice, stepper, psi


def test_numpy_kernels_reproduce_the_lattice_operators():
    lattice, stepper, psi = film_case()
    kern = K.StepKernels(lattice, stepper.film, "numpy")
    rhs = kern.rhs(psi, stepper.source, np.empty(psi.shape))
    jx, jy = lattice.supercurrent(psi)
    np.testing.assert_allclose(rhs, lattice.divergence(jx, jy) - stepper.source,
                               rtol=0, atol=1e-11 * np.abs(rhs).max())
    # gamma = 0, mu = 0: psi + dt/u [(1 - |psi|^2) psi + lap psi], on the film only
    dt, u = 1e-3, 2.0
    out = np.empty_like(psi)
    disc, top = kern.update(psi, np.zeros(psi.shape), dt, u, 0.0, out)
    expect = (psi + dt / u * ((1 - abs(psi) ** 2) * psi + lattice.laplacian(psi))) * stepper.film
    np.testing.assert_allclose(out, expect, rtol=0, atol=1e-13)
    assert top == pytest.approx(np.max(abs(expect) ** 2), rel=1e-13)
    assert disc == np.inf


@needs_numba
@pytest.mark.parametrize("case", ["strip", "periodic"])
def test_numba_and_numpy_kernels_agree_to_rounding(case):
    if case == "strip":
        lattice, stepper, psi = film_case()
        film, source, gamma = stepper.film, stepper.source, 10.0
    else:
        lattice, _ = periodic_lattice(18, 22, 0.4, 3)
        film, source, gamma = np.ones((18, 22)), np.zeros((18, 22)), 0.0
        rng = np.random.default_rng(2)
        psi = rng.standard_normal((18, 22)) + 1j * rng.standard_normal((18, 22))
    mu = np.random.default_rng(3).standard_normal(psi.shape)
    fast = K.StepKernels(lattice, film, "numba")
    slow = K.StepKernels(lattice, film, "numpy")
    assert fast.kind == "numba" and slow.kind == "numpy"
    r1, r2 = np.empty(psi.shape), np.empty(psi.shape)
    np.testing.assert_allclose(fast.rhs(psi, source, r1), slow.rhs(psi, source, r2),
                               rtol=0, atol=1e-12 * np.abs(r2).max())
    fast_checked = False
    for dt in (1e-3, 0.05, 2.0):      # 2.0 tau0 drives the discriminant negative (strip)
        o1, o2 = np.empty_like(psi), np.empty_like(psi)
        d1, t1 = fast.update(psi, mu, dt, 5.79, gamma, o1)
        d2, t2 = slow.update(psi, mu, dt, 5.79, gamma, o2)
        assert d1 == pytest.approx(d2, rel=1e-12, abs=1e-12)
        assert t1 == pytest.approx(t2, rel=1e-12)
        if d1 >= 0:
            np.testing.assert_allclose(o1, o2, rtol=0, atol=1e-12)
        if gamma > 0 and np.abs(mu).max() * dt < 0.1:
            # the fast-math kernel (Taylor phase factor): same step to rounding, and its
            # max |psi|^2 is numpy's to the bit (the step control of a resumed run)
            o3 = np.empty_like(psi)
            d3, t3 = fast.update(psi, mu, dt, 5.79, gamma, o3, np.abs(mu).max())
            assert d3 == pytest.approx(d2, rel=1e-12)
            np.testing.assert_allclose(o3, o2, rtol=0, atol=1e-12)
            assert t3 == float(np.max(o3.real**2 + o3.imag**2))
            fast_checked = True
    if gamma > 0:
        assert fast_checked
    if case == "strip":
        assert d1 < 0


@needs_numba
def test_film_runs_agree_between_numba_and_numpy():
    model = FilmModel(shape="square", width_um=0.8, hole_um=0.3, field_mT=15.0, grid_xi=0.3)
    runs = [solve_film(model, TDGLOptions(solve_time=2.0, init="uniform", kernels=k,
                                          progress=False)) for k in ("numba", "numpy")]
    assert runs[0].step[-1] == runs[1].step[-1]
    np.testing.assert_allclose(runs[0].psi, runs[1].psi, rtol=0, atol=1e-12)
    np.testing.assert_allclose(runs[0].mu, runs[1].mu, rtol=0, atol=1e-12)


def test_kernel_choice_is_automatic_and_explicit(monkeypatch):
    lattice, stepper, _ = film_case()
    monkeypatch.setattr(K, "HAVE_NUMBA", False)
    assert K.StepKernels(lattice, stepper.film, "auto").kind == "numpy"
    with pytest.raises(ValueError, match="numba"):
        K.StepKernels(lattice, stepper.film, "numba")
    with pytest.raises(ValueError, match="kernels"):
        TDGLOptions(kernels="fortran")


@needs_numba
def test_split_and_root_agree_between_numba_and_numpy_and_rebuild_update():
    lattice, stepper, psi = film_case()
    mu = np.random.default_rng(5).standard_normal(psi.shape)
    fast = K.StepKernels(lattice, stepper.film, "numba")
    slow = K.StepKernels(lattice, stepper.film, "numpy")
    parts = []
    for kern in (fast, slow):
        base, stiff = np.empty_like(psi), np.empty_like(psi)
        kern.split(psi, mu, 2e-3, 5.79, 10.0, base, stiff)
        out = np.empty_like(psi)
        disc, top = kern.root(psi, base + stiff, 10.0, out)
        parts.append((base, stiff, out, disc, top))
    for a, b in zip(parts[0][:3], parts[1][:3], strict=True):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-12)
    # base + stiff is the w of the fused update: the same psi^{n+1}
    whole = np.empty_like(psi)
    disc, top = fast.update(psi, mu, 2e-3, 5.79, 10.0, whole)
    np.testing.assert_allclose(parts[0][2], whole, rtol=0, atol=1e-12)
    assert parts[0][3] == pytest.approx(disc, rel=1e-12)
