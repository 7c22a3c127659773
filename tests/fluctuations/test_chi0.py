"""Bare susceptibility: FFT convolution against the direct double sum, sum rules, symmetries."""

import numpy as np
import pytest

from cooperlab.fluctuations import (
    band_mesh,
    chi0_direct,
    chi0_mesh,
    chi0_real_frequency,
    lindhard_weight,
    physical,
)
from cooperlab.fluctuations.electrons import filling
from cooperlab.fluctuations.matsubara import bosonic_weights
from cooperlab.lattice import PNICTIDE2_MU, pnictide2_lattice, pnictide5_lattice, square_lattice


@pytest.mark.parametrize("lattice, n_mesh, temperature, kw, m", [
    (square_lattice(1.0, -0.3), 8, 0.2, {"mu": -0.4}, (0, 1, 3)),
    (pnictide2_lattice(), 6, 0.12, {"mu": PNICTIDE2_MU}, (0, 2)),
    (pnictide5_lattice(), 4, 0.05, {"filling": 6.0}, (0, 1)),
])
def test_fft_equals_direct_double_sum(lattice, n_mesh, temperature, kw, m):
    bands = band_mesh(lattice, n_mesh, temperature, **kw)
    fast = chi0_mesh(bands, m)
    n2 = lattice.n_orbitals**2
    for i, mm in enumerate(m):
        direct = chi0_direct(bands, None, mm).reshape(n_mesh, n_mesh, n2, n2)
        assert np.abs(fast[i] - direct).max() < 1e-10 * max(1.0, np.abs(direct).max())


@pytest.mark.slow
def test_low_temperature_ir_sampling_is_compact_and_exact():
    # T = 0.01 t: beta * bandwidth = 800, a plain Matsubara sum converges like 1/n_max.
    bands = band_mesh(square_lattice(1.0, -0.25), 12, 0.01, mu=-0.3)
    tau, _ = bosonic_weights(1 / bands.temperature, 8.5, (0,))
    assert len(tau) < 80                             # 72 IR sampling times (Lambda = 1000)
    fast = chi0_mesh(bands, (0, 5))
    for i, m in enumerate((0, 5)):
        direct = chi0_direct(bands, None, m).reshape(12, 12, 1, 1)
        assert np.abs(fast[i] - direct).max() < 1e-10 * np.abs(direct).max()
    # the same number of fermionic frequencies in a plain truncated sum is far off
    q = (6, 6)
    a = bands.xi[..., 0]
    b = np.roll(a, (-q[0], -q[1]), axis=(0, 1))
    w = np.pi * bands.temperature * (2 * np.arange(-len(tau) // 2, len(tau) // 2) + 1)
    plain = -bands.temperature * np.sum(
        1 / ((1j * w[:, None, None] - a) * (1j * w[:, None, None] - b)), axis=0).mean()
    exact = fast[0, q[0], q[1], 0, 0].real
    assert abs(plain.real - exact) > 1e-3 * exact
    # five orbitals at T = 0.01 eV (beta W = 471, the same Lambda = 1000 basis)
    bands = band_mesh(pnictide5_lattice(), 10, 0.01, filling=6.0)
    fast = chi0_mesh(bands)[0].reshape(100, 25, 25)
    direct = chi0_direct(bands)
    assert np.abs(fast - direct).max() < 1e-10 * np.abs(direct).max()


def test_compressibility_sum_rule_multiorbital():
    # chi0(q = 0, 0) = (1/N) sum_k -f'(xi) per spin = (1/2) dn/dmu (thermally smeared DOS)
    lattice = pnictide5_lattice()
    temperature, n_mesh = 0.05, 8
    bands = band_mesh(lattice, n_mesh, temperature, filling=6.0)
    chi = physical(chi0_mesh(bands)[0], 5)
    energies = bands.xi + bands.mu
    h = 1e-5
    dn = (filling(energies, bands.mu + h, temperature) - filling(energies, bands.mu - h,
                                                                 temperature)) / (2 * h)
    assert chi[0, 0].real == pytest.approx(dn / 2, rel=1e-7)
    smeared = np.sum(1 / (4 * temperature * np.cosh(bands.xi / (2 * temperature)) ** 2)) / n_mesh**2
    assert chi[0, 0].real == pytest.approx(smeared, rel=1e-10)


def test_perfect_nesting_equals_gap_kernel_with_degenerate_points():
    temperature, n_mesh = 0.1, 16
    bands = band_mesh(square_lattice(1.0), n_mesh, temperature, mu=0.0)
    xi = bands.xi[..., 0]
    assert np.sum(np.abs(xi) < 1e-12) > 0           # xi = 0 points on this mesh
    safe = np.where(np.abs(xi) < 1e-12, 1.0, xi)
    kernel = np.where(np.abs(xi) < 1e-12, 1 / (4 * temperature),
                      np.tanh(safe / (2 * temperature)) / (2 * safe))
    chi = chi0_mesh(bands)[0, n_mesh // 2, n_mesh // 2, 0, 0]
    assert chi.real == pytest.approx(kernel.mean(), rel=1e-12)
    assert lindhard_weight(np.array(0.0), np.array(0.0),
                           temperature) == pytest.approx(1 / (4 * temperature))


def test_static_chi0_is_real_and_even():
    n_mesh = 8
    bands = band_mesh(square_lattice(1.0, -0.3), n_mesh, 0.2, mu=-0.2)
    chi = chi0_mesh(bands)[0, ..., 0, 0]
    assert np.abs(chi.imag).max() < 1e-14
    minus = chi[(-np.arange(n_mesh)) % n_mesh][:, (-np.arange(n_mesh)) % n_mesh]
    assert np.abs(chi - minus).max() < 1e-14
    # five orbitals: Hermitian in pair space, physical combination real and even
    bands = band_mesh(pnictide5_lattice(), 6, 0.05, filling=6.0)
    chi = chi0_mesh(bands)[0]
    assert np.abs(chi - np.conj(np.swapaxes(chi, -1, -2))).max() < 1e-13
    phys = physical(chi, 5)
    assert np.abs(phys.imag).max() < 1e-13
    minus = phys[(-np.arange(6)) % 6][:, (-np.arange(6)) % 6]
    assert np.abs(phys - minus).max() < 1e-13


def test_real_frequency_odd_imaginary_part_and_static_limit():
    lattice = pnictide2_lattice()
    bands = band_mesh(lattice, 16, 0.12, mu=PNICTIDE2_MU)
    q = np.array([[np.pi, 0.0], [np.pi / 2, np.pi / 4]])
    omega = np.array([-0.6, -0.2, 0.2, 0.6])
    chi = physical(chi0_real_frequency(lattice, bands, q, omega, eta=0.05), 2)
    assert np.abs(chi.imag[:, ::-1] + chi.imag).max() < 1e-13
    assert np.all(chi.imag[:, 2:] > 0)
    # omega = 0 with eta = nu_1 = 2 pi T is the first bosonic Matsubara frequency
    matsubara = chi0_real_frequency(lattice, bands, [[5 * np.pi / 8, 3 * np.pi / 8]], [0.0],
                                    eta=2 * np.pi * bands.temperature)[0, 0]
    mesh = chi0_mesh(bands, (1,))[0, 5, 3]
    assert np.abs(matsubara - mesh).max() < 1e-12
