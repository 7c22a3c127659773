"""DQMC of the three-band Cu-O (Emery) model against exact results, per orbital."""

import numpy as np
import pytest

from cooperlab.hubbard import (
    DQMCOptions,
    HubbardModel,
    extrapolate_dtau,
    solve_dqmc_chain,
    solve_thermal,
)
from cooperlab.lattice import emery_lattice

# Hole language, units of t_pd: t_pp = 0.5, Delta_pd = 3, U_d = 4, U_p = 2 (smaller than the
# Kung et al. PRB 93, 155166 (2016) ratios U_d/t_pd = 7.5 to keep the Trotter error small).
# Cluster: 2 x 1 cells (Cu2O4, 6 orbitals), periodic along x; mu = -1.5 gives about one
# hole per cell, mostly on Cu (n_d = 0.83, n_px = 0.13, n_py = 0.07 at beta = 3).
LATTICE = emery_lattice(t_pd=1.0, t_pp=0.5, delta_pd=3.0)


def emery(U: tuple[float, float, float], mu: float = -1.5) -> HubbardModel:
    return HubbardModel(LATTICE, (2, 1), "periodic", U=U, mu=mu, temperature=1 / 3.0)


def test_u0_emery_dqmc_equals_free_fermions_per_orbital():
    model = emery((0.0, 0.0, 0.0), mu=0.5)
    result = solve_dqmc_chain(model, DQMCOptions(dtau=0.1, n_warmup=2, n_sweeps=10, bin_size=5),
                              rng=2)
    h = model.hopping_matrix()
    eps, vecs = np.linalg.eigh(h - 0.5 * np.eye(6))
    n_site = 2 * (vecs**2) @ (1 / (1 + np.exp(3.0 * eps)))       # both spins
    orbital = model.cluster.orbital_index()
    per_orbital = np.bincount(orbital, n_site) / 2
    assert np.allclose(result.values["orbital_density"], per_orbital, atol=1e-10)
    assert np.allclose(result.values["orbital_double_occupancy"],
                       np.bincount(orbital, (n_site / 2) ** 2) / 2, atol=1e-10)
    exact = solve_thermal(model, susceptibility=False, pairs=False)
    assert np.allclose(exact.orbital_density, per_orbital, atol=1e-12)
    assert result.values["kinetic_energy"] == pytest.approx(exact.kinetic_energy_per_site,
                                                            abs=1e-10)
    # the O site energy Delta_pd = 3 empties the p orbitals relative to d
    assert per_orbital[0] > 2 * per_orbital[1]


@pytest.mark.slow
def test_emery_dqmc_agrees_with_ed_per_orbital():
    model = emery((4.0, 2.0, 2.0))
    exact = solve_thermal(model, susceptibility=False, pairs=False)
    dtaus = (0.2, 0.1)
    runs = [solve_dqmc_chain(model, DQMCOptions(dtau=dt, n_warmup=50, n_sweeps=2500, bin_size=1),
                      rng=3 + i, progress=False) for i, dt in enumerate(dtaus)]
    assert all(r.sign > 0.99 for r in runs)
    checks = [("density", 0, exact.density), ("kinetic_energy", 0, exact.kinetic_energy_per_site),
              ("energy", 0, exact.energy_per_site)]
    checks += [("orbital_density", o, exact.orbital_density[o]) for o in range(3)]
    checks += [("orbital_double_occupancy", o, exact.orbital_double_occupancy[o])
               for o in range(3)]
    for name, o, reference in checks:
        values = [np.atleast_1d(r.values[name])[o] for r in runs]
        errors = [np.atleast_1d(r.values[f"{name}_error"])[o] for r in runs]
        value, error = extrapolate_dtau(dtaus, values, errors)
        assert error < 0.05 * abs(reference), (name, o, error, reference)
        assert abs(value - reference) < 3 * error, (name, o, value, error, reference)
    # the interaction matters: U_d suppresses the Cu double occupancy far below the
    # uncorrelated (n_d/2)^2 (ratio 0.14 here, 1 at U = 0)
    assert exact.orbital_double_occupancy[0] < 0.5 * (exact.orbital_density[0] / 2) ** 2
