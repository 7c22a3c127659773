"""Observables of a GL state on the lattice: vortices, fluxoid, currents, moment, voltage."""

from __future__ import annotations

import numpy as np

from cooperlab.gl.tdgl.links import LinkLattice


def vortex_charges(lattice: LinkLattice, psi: np.ndarray) -> np.ndarray:
    """Winding number of the phase around every plaquette, shape (nx, ny).

    ``n = (1/2 pi) sum_links [arg(psi_i^* U_ij psi_j) + theta_ij]``: the gauge-invariant
    phase differences plus the plaquette flux; an integer by construction, non-zero where a
    vortex core sits (plaquettes with a node outside the film or on a terminal count 0).
    """
    dx, dy = lattice.link_phase_differences(psi)
    circulation = dx + np.roll(dy, -1, axis=0) - np.roll(dx, -1, axis=1) - dy
    n = np.rint((circulation + lattice.plaquette_flux()) / (2 * np.pi)).astype(int)
    grid = lattice.grid
    inside = grid.mask & ~grid.terminals
    full = inside & np.roll(inside, -1, 0) & np.roll(inside, -1, 1)
    full &= np.roll(np.roll(inside, -1, 0), -1, 1)
    if not grid.periodic:
        full[-1, :] = False
        full[:, -1] = False
    # windings where psi has vanished on all four corners are phase noise of the normal state
    d = np.abs(psi) ** 2
    corners = np.maximum(np.maximum(d, np.roll(d, -1, 0)), np.maximum(np.roll(d, -1, 1),
                                                                      np.roll(d, (-1, -1), (0, 1))))
    return np.where(full & (corners > 1e-3), n, 0)


def vortex_positions(lattice: LinkLattice, psi: np.ndarray) -> np.ndarray:
    """Plaquette centres (units of xi) of the vortices, shape (n, 3): x, y, charge."""
    charges = vortex_charges(lattice, psi)
    i, j = np.nonzero(charges)
    grid = lattice.grid
    h = grid.h
    return np.column_stack([grid.x[i] + h / 2, grid.y[j] + h / 2, charges[i, j]]).astype(float)


def loop_links(i0: int, i1: int, j0: int, j1: int) -> list[tuple[str, int, int, int]]:
    """Links of the counter-clockwise rectangle through nodes (i0..i1, j0..j1).

    Each entry is (axis, i, j, sign): sign +1 when the loop runs along the link.
    """
    links: list[tuple[str, int, int, int]] = []
    links += [("x", i, j0, 1) for i in range(i0, i1)]
    links += [("y", i1, j, 1) for j in range(j0, j1)]
    links += [("x", i, j1, -1) for i in range(i0, i1)]
    links += [("y", i0, j, -1) for j in range(j0, j1)]
    return links


def fluxoid(lattice: LinkLattice, psi: np.ndarray, loop: tuple[int, int, int, int]) -> float:
    """Fluxoid (units of Phi0) through the rectangle ``loop = (i0, i1, j0, j1)`` of nodes.

    London's fluxoid ``Phi + (m / (e* n_s)) oint j.dl`` on the lattice:
    ``(1/2 pi) sum_loop [theta_ij + Js_ij h / (|psi_i| |psi_j|)]`` with
    ``Js_ij h = Im(psi_i^* U_ij psi_j)``, i.e. ``theta + sin(delta)``: built from the flux
    and the supercurrent, not from phase windings, so it is an integer only when the
    state is a relaxed solution (delta small everywhere on the loop).
    """
    i0, i1, j0, j1 = loop
    total = 0.0
    for axis, i, j, sign in loop_links(i0, i1, j0, j1):
        theta = lattice.theta_x[i, j] if axis == "x" else lattice.theta_y[i, j]
        ni, nj = (i + 1, j) if axis == "x" else (i, j + 1)
        if not (lattice.grid.mask[i, j] and lattice.grid.mask[ni, nj]):
            raise ValueError(f"fluxoid loop {loop} leaves the film at node ({i}, {j})")
        a, b = psi[i, j], psi[ni, nj]
        kinetic = (np.conj(a) * np.exp(-1j * theta) * b).imag / max(abs(a) * abs(b), 1e-300)
        total += sign * (theta + kinetic)
    return total / (2 * np.pi)


def applied_flux(lattice: LinkLattice, loop: tuple[int, int, int, int]) -> float:
    """Applied flux (units of Phi0) through the rectangle ``loop`` of nodes."""
    i0, i1, j0, j1 = loop
    return float(lattice.plaquette_flux()[i0:i1, j0:j1].sum() / (2 * np.pi))


def link_currents(lattice: LinkLattice, psi: np.ndarray,
                  mu: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Total link current densities ``Js - grad mu`` (x-links, y-links)."""
    jx, jy = lattice.supercurrent(psi)
    jx, jy = np.asarray(jx) * lattice.wx_host, np.asarray(jy) * lattice.wy_host
    if mu is not None:
        gx, gy = lattice.gradient(mu)
        jx, jy = jx - np.asarray(gx), jy - np.asarray(gy)
    return jx, jy


def cross_section_currents(lattice: LinkLattice, psi: np.ndarray, mu: np.ndarray | None
                           ) -> np.ndarray:
    """Current through every column of x-links, ``I(i) = sum_j J_x[i, j] h`` (units of I0)."""
    jx, _ = link_currents(lattice, psi, mu)
    return jx[:-1].sum(axis=1) * lattice.h


def node_current_density(lattice: LinkLattice, psi: np.ndarray, mu: np.ndarray | None = None
                         ) -> tuple[np.ndarray, np.ndarray]:
    """Sheet current density at the nodes (mean of adjacent links), for maps."""
    jx, jy = link_currents(lattice, psi, mu)
    return 0.5 * (jx + np.roll(jx, 1, axis=0)), 0.5 * (jy + np.roll(jy, 1, axis=1))


def magnetic_moment(lattice: LinkLattice, psi: np.ndarray, mu: np.ndarray | None = None) -> float:
    """z moment ``m = (1/2) sum (x J_y - y J_x) h^2`` over links (units of K0 xi^3)."""
    jx, jy = link_currents(lattice, psi, mu)
    grid = lattice.grid
    X, Y = grid.coordinates
    h = grid.h
    # x-links sit at (x + h/2, y) and carry J_x, y-links at (x, y + h/2) and carry J_y
    return float(0.5 * (np.sum(X * jy) - np.sum(Y * jx)) * h * h)


def terminal_voltage(lattice: LinkLattice, mu: np.ndarray) -> float:
    """Mean potential at the source terminal minus that at the drain (units of V0)."""
    grid = lattice.grid
    if not grid.source.any():
        return 0.0
    return float(mu[grid.source].mean() - mu[grid.drain].mean())


def probe_voltage(lattice: LinkLattice, mu: np.ndarray) -> float:
    """Four-probe voltage: mean potential of the first probe column minus the second (V0).

    The probes are node columns inside the strip (``grid.probes``), so the voltage has no
    part from the normal terminals and their contact regions: zero while the current
    flows as supercurrent between the probes, ``I R_s L / W`` in the normal state (the
    sheet resistance ``R_s = 1 / (sigma d)`` is 1 in units of V0 / I0).
    """
    grid = lattice.grid
    if grid.probes is None:
        return 0.0
    first, second = grid.probes
    film = grid.mask & ~grid.terminals
    return float(mu[first][film[first]].mean() - mu[second][film[second]].mean())


def probe_geometry(lattice: LinkLattice) -> tuple[float, float]:
    """(distance between the probe columns, width of the strip between them), units of xi.

    The width counts the finite-volume cells of the columns: ``n_y h``, the cross-section
    the current crosses, so the normal-state resistance between the probes is
    ``R_s * distance / width``.
    """
    grid = lattice.grid
    if grid.probes is None:
        return float("nan"), float("nan")
    first, second = grid.probes
    width = 0.5 * (grid.mask[first].sum() + grid.mask[second].sum()) * grid.h
    return float(grid.x[second] - grid.x[first]), float(width)


def abrikosov_beta(density: np.ndarray, mask: np.ndarray) -> float:
    """Abrikosov parameter ``beta_A = <|psi|^4> / <|psi|^2>^2`` over the mask."""
    d = density[mask]
    return float(np.mean(d * d) / np.mean(d) ** 2)
