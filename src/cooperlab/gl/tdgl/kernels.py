"""Fused per-node kernels of the TDGL step: numba when importable, numpy otherwise.

Two passes per explicit step (see :mod:`cooperlab.gl.tdgl.stepper` for the scheme):

``rhs``
    ``div Js - s`` at every node, with ``Js = Im[psi_i^* U_ij psi_j] / h`` on the links
    (the right-hand side of the potential equation).
``update``
    the covariant Laplacian, the nonlinear terms, the phase factor ``exp(-i mu dt)`` and the
    implicit ``|psi^{n+1}|^2`` root, node by node; it returns the smallest discriminant
    (negative: the step must be halved) and ``max |psi^{n+1}|^2`` (for the next stable step).

The numba kernels read every array once and write the result once (no temporaries);
the numpy path computes the same expressions, in the same order, with preallocated buffers
and in-place ufuncs, and works on any numpy-API module (CuPy). Both give the same numbers
to rounding (``tests/gl/test_kernels.py`` pins 1e-12). ``kind="auto"`` takes numba for
numpy arrays when numba imports, the array-API path otherwise (numba is a "where
vectorising fails" dependency: numpy needs about ten passes over memory per step here).
"""

from __future__ import annotations

from typing import Any

import numpy as np

try:  # numba is optional at run time: the numpy path below is the fallback
    import numba

    HAVE_NUMBA = True
except ImportError:  # pragma: no cover - exercised where numba is absent
    numba = None
    HAVE_NUMBA = False

KERNELS = ("auto", "numba", "numpy")


def _jit(func: Any) -> Any:
    if not HAVE_NUMBA:
        return func
    return numba.njit(cache=True, nogil=True)(func)


def _inline(func: Any) -> Any:
    """A node-level helper compiled into the numba kernels that call it."""
    if not HAVE_NUMBA:
        return func
    return numba.njit(cache=True, nogil=True, inline="always")(func)


@_inline
def _expi_taylor(a: float) -> complex:
    """``exp(-i a)`` by its Taylor series to a^10 (truncation below 3e-17 for ``|a| < 0.1``,
    i.e. within an ulp of libm's cos/sin, at a third of their cost)."""
    a2 = a * a
    cs = 1.0 + a2 * (-0.5 + a2 * (1.0 / 24.0 + a2 * (-1.0 / 720.0 + a2 * (
        1.0 / 40320.0 - a2 / 3628800.0))))
    sn = a * (1.0 + a2 * (-1.0 / 6.0 + a2 * (1.0 / 120.0 + a2 * (-1.0 / 5040.0 + a2 * (
        1.0 / 362880.0)))))
    return complex(cs, -sn)


@_jit
def _expi(a: float) -> complex:
    """``exp(-i a)``; for ``|a| < 0.1`` by :func:`_expi_taylor`."""
    if abs(a) >= 0.1:
        return complex(np.cos(a), -np.sin(a))
    return _expi_taylor(a)


@_inline
def _node_laplacian(p: complex, pe: complex, pw: complex, pn: complex, ps: complex,
                    uxe: complex, uxw: complex, uyn: complex, uys: complex, deg: float,
                    inv_h2: float) -> complex:
    """Covariant Laplacian at one node from its neighbours east, west, north, south and
    their links: ``(U_e psi_e + U_w^* psi_w + U_n psi_n + U_s^* psi_s - deg psi) / h^2``."""
    return (uxe * pe + uxw.conjugate() * pw + (uyn * pn + uys.conjugate() * ps)
            - deg * p) * inv_h2


@_inline
def _nonlinear_root(w: complex, z: complex) -> tuple[complex, float]:
    """``psi = w - z |psi|^2`` in closed form (the root continuous at ``z -> 0``) and the
    discriminant ``1 + 4 Re(w z^*) - 4 Im(w z^*)^2``, cancellation-free."""
    wz_re = w.real * z.real + w.imag * z.imag
    wz_im = w.imag * z.real - w.real * z.imag
    w2 = w.real * w.real + w.imag * w.imag
    disc = 1.0 + 4.0 * wz_re - 4.0 * (wz_im * wz_im)
    s = 2.0 * w2 / ((2.0 * wz_re + 1.0) + np.sqrt(max(disc, 0.0)))
    return w - z * s, disc


@_jit
def _rhs_numba(psi: Any, ux: Any, uy: Any, inv_h2: float, source: Any, out: Any) -> None:
    nx, ny = psi.shape
    for i in range(nx):
        ip = i + 1 if i + 1 < nx else 0
        im = i - 1 if i > 0 else nx - 1
        for j in range(ny):
            jp = j + 1 if j + 1 < ny else 0
            jm = j - 1 if j > 0 else ny - 1
            p = psi[i, j]
            out_x = (p.conjugate() * ux[i, j] * psi[ip, j]).imag
            in_x = (psi[im, j].conjugate() * ux[im, j] * p).imag
            out_y = (p.conjugate() * uy[i, j] * psi[i, jp]).imag
            in_y = (psi[i, jm].conjugate() * uy[i, jm] * p).imag
            out[i, j] = (out_x - in_x + (out_y - in_y)) * inv_h2 - source[i, j]


@_jit
def _update_numba(psi: Any, mu: Any, ux: Any, uy: Any, degree: Any, film: Any, dt: float,
                  u: float, gamma: float, inv_h2: float, out: Any) -> tuple[float, float]:
    nx, ny = psi.shape
    gam2 = gamma * gamma
    g2 = 0.5 * gam2
    k = dt / u
    min_disc = np.inf
    max_d2 = 0.0
    for i in range(nx):
        ip = i + 1 if i + 1 < nx else 0
        im = i - 1 if i > 0 else nx - 1
        for j in range(ny):
            if film[i, j] == 0.0:
                out[i, j] = 0.0
                continue
            jp = j + 1 if j + 1 < ny else 0
            jm = j - 1 if j > 0 else ny - 1
            p = psi[i, j]
            lap = _node_laplacian(p, psi[ip, j], psi[im, j], psi[i, jp], psi[i, jm],
                                  ux[i, j], ux[im, j], uy[i, j], uy[i, jm], degree[i, j],
                                  inv_h2)
            d2 = p.real * p.real + p.imag * p.imag
            c = np.sqrt(1.0 + gam2 * d2)
            drive = (1.0 - d2) * p + lap
            phase = p * _expi(mu[i, j] * dt)
            w = phase + (c * k) * drive + (g2 * d2) * p
            if g2 == 0.0:
                new = w
            else:
                new, disc = _nonlinear_root(w, g2 * p)
                if disc < min_disc:
                    min_disc = disc
            out[i, j] = new
            nd2 = new.real * new.real + new.imag * new.imag
            if nd2 > max_d2:
                max_d2 = nd2
    return min_disc, max_d2


def _max_density(psi: Any) -> float:
    """``max |psi|^2``, rounded as numpy's (a separate pass without fast-math: the step
    control reads it, and a resumed run recomputes it with numpy)."""
    nx, ny = psi.shape
    top = 0.0
    for i in range(nx):
        for j in range(ny):
            p = psi[i, j]
            d2 = p.real * p.real + p.imag * p.imag
            if d2 > top:
                top = d2
    return top


def _small_phase_node(p: complex, pe: complex, pw: complex, pn: complex, ps: complex,
                      uxe: complex, uxw: complex, uyn: complex, uys: complex, deg: float,
                      m: float, f: float, dt: float, k: float, gam2: float, g2: float,
                      inv_h2: float) -> tuple[complex, float]:
    """One node of :func:`_update_small_phase_numba`: (psi^{n+1}, discriminant, 1e300 off
    the film); neighbours east, west, north, south and their links."""
    lap = _node_laplacian(p, pe, pw, pn, ps, uxe, uxw, uyn, uys, deg, inv_h2)
    d2 = p.real * p.real + p.imag * p.imag
    c = np.sqrt(1.0 + gam2 * d2)
    w = p * _expi_taylor(m * dt) + (c * k) * ((1.0 - d2) * p + lap) + (g2 * d2) * p
    new, disc = _nonlinear_root(w, g2 * p)
    return new * f, (disc if f != 0.0 else 1e300)


if HAVE_NUMBA:
    _max_density = numba.njit(cache=True, nogil=True)(_max_density)
    _small_phase_node = numba.njit(cache=True, fastmath=True, inline="always")(
        _small_phase_node)


def _update_small_phase(psi: Any, mu: Any, ux: Any, uy: Any, degree: Any, film: Any,
                        dt: float, u: float, gamma: float, inv_h2: float,
                        out: Any) -> float:
    """:func:`_update_numba` for ``max |mu| dt < 0.1`` and gamma > 0, in fast-math.

    ``exp(-i mu dt)`` is always the Taylor series of :func:`_expi` (exact to an ulp in that
    range), nodes outside the film are multiplied by 0 instead of skipped, the first and
    last column are peeled off so that the inner loop has no index arithmetic, and the
    compiler may reassociate and fuse multiply-adds (same numbers to ~1e-14). Returns the
    smallest discriminant; max |psi^{n+1}|^2 comes from :func:`_max_density`.
    """
    nx, ny = psi.shape
    gam2 = gamma * gamma
    g2 = 0.5 * gam2
    k = dt / u
    min_disc = 1e300
    for i in range(nx):
        ip = i + 1 if i + 1 < nx else 0
        im = i - 1 if i > 0 else nx - 1
        for j in (0, ny - 1):
            jp = j + 1 if j + 1 < ny else 0
            jm = j - 1 if j > 0 else ny - 1
            new, disc = _small_phase_node(
                psi[i, j], psi[ip, j], psi[im, j], psi[i, jp], psi[i, jm], ux[i, j], ux[im, j],
                uy[i, j], uy[i, jm], degree[i, j], mu[i, j], film[i, j], dt, k, gam2, g2,
                inv_h2)
            out[i, j] = new
            min_disc = min(min_disc, disc)
        for j in range(1, ny - 1):
            new, disc = _small_phase_node(
                psi[i, j], psi[ip, j], psi[im, j], psi[i, j + 1], psi[i, j - 1], ux[i, j],
                ux[im, j], uy[i, j], uy[i, j - 1], degree[i, j], mu[i, j], film[i, j], dt, k,
                gam2, g2, inv_h2)
            out[i, j] = new
            min_disc = min(min_disc, disc)
    return min_disc


_update_small_phase_numba = (numba.njit(cache=True, nogil=True, fastmath=True)(
    _update_small_phase) if HAVE_NUMBA else None)


@_jit
def _split_numba(psi: Any, mu: Any, ux: Any, uy: Any, degree: Any, film: Any, dt: float,
                 u: float, gamma: float, inv_h2: float, base: Any, stiff: Any) -> None:
    """``w = base + incr``: base = ``psi (1 + g2 |psi|^2)`` (the w that leaves psi unchanged),
    incr = the increment (phase rotation, nonlinear and Laplacian terms)."""
    nx, ny = psi.shape
    gam2 = gamma * gamma
    g2 = 0.5 * gam2
    k = dt / u
    for i in range(nx):
        ip = i + 1 if i + 1 < nx else 0
        im = i - 1 if i > 0 else nx - 1
        for j in range(ny):
            if film[i, j] == 0.0:
                base[i, j] = 0.0
                stiff[i, j] = 0.0
                continue
            jp = j + 1 if j + 1 < ny else 0
            jm = j - 1 if j > 0 else ny - 1
            p = psi[i, j]
            lap = _node_laplacian(p, psi[ip, j], psi[im, j], psi[i, jp], psi[i, jm],
                                  ux[i, j], ux[im, j], uy[i, j], uy[i, jm], degree[i, j],
                                  inv_h2)
            d2 = p.real * p.real + p.imag * p.imag
            ck = np.sqrt(1.0 + gam2 * d2) * k
            base[i, j] = p + (g2 * d2) * p
            stiff[i, j] = (p * _expi(mu[i, j] * dt) - p) + ck * ((1.0 - d2) * p + lap)


@_jit
def _root_numba(psi: Any, w: Any, film: Any, gamma: float, out: Any) -> tuple[float, float]:
    """psi^{n+1} = w - z |psi^{n+1}|^2 from a given w (see :func:`_update_numba`)."""
    nx, ny = psi.shape
    g2 = 0.5 * gamma * gamma
    min_disc = np.inf
    max_d2 = 0.0
    for i in range(nx):
        for j in range(ny):
            if film[i, j] == 0.0:
                out[i, j] = 0.0
                continue
            if g2 == 0.0:
                new = w[i, j]
            else:
                new, disc = _nonlinear_root(w[i, j], g2 * psi[i, j])
                if disc < min_disc:
                    min_disc = disc
            out[i, j] = new
            nd2 = new.real * new.real + new.imag * new.imag
            if nd2 > max_d2:
                max_d2 = nd2
    return min_disc, max_d2


class StepKernels:
    """The two fused passes of one lattice (link variables ``ux``, ``uy`` may change).

    Parameters
    ----------
    lattice : Lattice
        Supplies ``ux``, ``uy`` (read at every call, so a screened run may update them),
        ``degree``, ``h`` and the array module ``xp``.
    film : array
        1 on the nodes that evolve, 0 elsewhere (outside, terminals).
    kind : {"auto", "numba", "numpy"}
        Which implementation; ``"numba"`` without numba raises ``ValueError``.
    """

    def __init__(self, lattice: Any, film: Any, kind: str = "auto") -> None:
        if kind not in KERNELS:
            raise ValueError(f"kernels must be one of {KERNELS}, got {kind!r}")
        xp = lattice.xp
        if kind == "numba" and not HAVE_NUMBA:
            raise ValueError("kernels='numba' was requested but numba is not installed "
                             "(pip install numba)")
        if kind == "numba" and xp is not np:
            raise ValueError("kernels='numba' runs on numpy arrays only (backend='numpy')")
        self.kind = "numba" if (kind != "numpy" and HAVE_NUMBA and xp is np) else "numpy"
        self.lattice, self.xp, self.film = lattice, xp, film
        self.inv_h2 = 1.0 / (lattice.h * lattice.h)
        shape = lattice.grid.shape
        if self.kind == "numpy":
            cplx = [xp.empty(shape, complex) for _ in range(3)]
            real = [xp.empty(shape) for _ in range(5)]
            self._c0, self._c1, self._c2 = cplx
            self._r0, self._r1, self._r2, self._r3, self._r4 = real
            self._links: tuple[Any, Any] | None = None
            self._conj: tuple[Any, Any] = (None, None)

    # -- numpy (array-API) path ---------------------------------------------------------
    def _shifted_conj(self) -> tuple[Any, Any]:
        """``conj(U)`` of the incoming links, ``[i, j] <- [i-1, j]`` and ``[i, j-1]``."""
        lat = self.lattice
        if self._links is None or self._links[0] is not lat.ux or self._links[1] is not lat.uy:
            xp = self.xp
            self._conj = (xp.roll(lat.ux.conj(), 1, axis=0), xp.roll(lat.uy.conj(), 1, axis=1))
            self._links = (lat.ux, lat.uy)
        return self._conj

    def _neighbour(self, a: Any, axis: int, step: int, out: Any) -> Any:
        """``out = roll(a, -step, axis)`` (a[i + step] with periodic wrap) without allocating."""
        if axis == 0:
            if step == 1:
                out[:-1] = a[1:]
                out[-1] = a[0]
            else:
                out[1:] = a[:-1]
                out[0] = a[-1]
        else:
            if step == 1:
                out[:, :-1] = a[:, 1:]
                out[:, -1] = a[:, 0]
            else:
                out[:, 1:] = a[:, :-1]
                out[:, 0] = a[:, -1]
        return out

    def _rhs_numpy(self, psi: Any, source: Any, out: Any) -> None:
        xp, lat = self.xp, self.lattice
        c, nb = self._c0, self._c1
        jx, jy, tmp = self._r0, self._r1, self._r2
        pc = xp.conjugate(psi, out=self._c2)
        xp.multiply(pc, lat.ux, out=c)
        xp.multiply(c, self._neighbour(psi, 0, 1, nb), out=c)
        jx[...] = c.imag
        xp.multiply(pc, lat.uy, out=c)
        xp.multiply(c, self._neighbour(psi, 1, 1, nb), out=c)
        jy[...] = c.imag
        xp.subtract(jx, self._neighbour(jx, 0, -1, tmp), out=out)
        xp.subtract(jy, self._neighbour(jy, 1, -1, tmp), out=tmp)
        xp.add(out, tmp, out=out)
        xp.multiply(out, self.inv_h2, out=out)
        xp.subtract(out, source, out=out)

    def _update_numpy(self, psi: Any, mu: Any, dt: float, u: float, gamma: float,
                      out: Any) -> tuple[float, float]:
        xp, lat = self.xp, self.lattice
        uxm, uym = self._shifted_conj()
        lap, nb, w = self._c0, self._c1, self._c2
        d2, c, a, b, disc = self._r0, self._r1, self._r2, self._r3, self._r4
        # covariant Laplacian, summed in the order of the numba kernel
        xp.multiply(lat.ux, self._neighbour(psi, 0, 1, nb), out=lap)
        xp.add(lap, xp.multiply(uxm, self._neighbour(psi, 0, -1, nb), out=nb), out=lap)
        xp.multiply(lat.uy, self._neighbour(psi, 1, 1, nb), out=w)
        xp.add(w, xp.multiply(uym, self._neighbour(psi, 1, -1, nb), out=nb), out=w)
        xp.add(lap, w, out=lap)
        xp.subtract(lap, xp.multiply(lat.degree, psi, out=nb), out=lap)
        xp.multiply(lap, self.inv_h2, out=lap)
        # |psi|^2, c = sqrt(1 + gamma^2 |psi|^2), drive = (1 - |psi|^2) psi + lap
        xp.multiply(psi.real, psi.real, out=d2)
        xp.add(d2, xp.multiply(psi.imag, psi.imag, out=a), out=d2)
        xp.multiply(d2, gamma * gamma, out=c)
        xp.add(c, 1.0, out=c)
        xp.sqrt(c, out=c)
        xp.subtract(1.0, d2, out=a)
        xp.add(xp.multiply(a, psi, out=nb), lap, out=lap)          # lap := drive
        # w = psi exp(-i mu dt) + (c dt/u) drive + (gamma^2/2) |psi|^2 psi
        xp.multiply(mu, dt, out=a)
        xp.cos(a, out=b)
        xp.sin(a, out=a)
        w.real[...] = b
        w.imag[...] = -a
        xp.multiply(psi, w, out=w)
        xp.multiply(c, dt / u, out=c)
        xp.add(w, xp.multiply(c, lap, out=nb), out=w)
        g2 = 0.5 * gamma * gamma
        xp.multiply(d2, g2, out=a)
        xp.add(w, xp.multiply(a, psi, out=nb), out=w)
        if g2 == 0.0:
            xp.multiply(w, self.film, out=out)
            min_disc = np.inf
        else:
            z = xp.multiply(psi, g2, out=lap)
            # re + i im = w z^*, bq = 2 re + 1, |w|^2, disc = 1 + 4 re - 4 im^2
            xp.multiply(w.real, z.real, out=b)
            xp.add(b, xp.multiply(w.imag, z.imag, out=a), out=b)          # re
            xp.multiply(w.imag, z.real, out=d2)
            xp.subtract(d2, xp.multiply(w.real, z.imag, out=a), out=d2)   # im
            xp.multiply(d2, d2, out=d2)
            xp.multiply(d2, 4.0, out=d2)
            xp.multiply(b, 4.0, out=disc)
            xp.add(disc, 1.0, out=disc)
            xp.subtract(disc, d2, out=disc)
            xp.multiply(b, 2.0, out=b)
            xp.add(b, 1.0, out=b)                                          # bq
            xp.multiply(w.real, w.real, out=c)
            xp.add(c, xp.multiply(w.imag, w.imag, out=a), out=c)          # |w|^2
            film = self.film
            min_disc = float(xp.min(xp.where(film != 0.0, disc, np.inf)))
            # s = 2 |w|^2 / (bq + sqrt(max(disc, 0))), new = w - z s
            xp.maximum(disc, 0.0, out=disc)
            xp.sqrt(disc, out=disc)
            xp.add(b, disc, out=b)
            xp.multiply(c, 2.0, out=c)
            xp.divide(c, b, out=c)
            xp.multiply(z, c, out=nb)
            xp.subtract(w, nb, out=out)
            xp.multiply(out, film, out=out)
        xp.multiply(out.real, out.real, out=a)
        xp.add(a, xp.multiply(out.imag, out.imag, out=b), out=a)
        return min_disc, float(xp.max(a))

    # -- public -------------------------------------------------------------------------
    def rhs(self, psi: Any, source: Any, out: Any) -> Any:
        """``out = div Js(psi) - source`` at every node; returns ``out``."""
        lat = self.lattice
        if self.kind == "numba":
            _rhs_numba(psi, lat.ux, lat.uy, self.inv_h2, source, out)
        else:
            self._rhs_numpy(psi, source, out)
        return out

    def update(self, psi: Any, mu: Any, dt: float, u: float, gamma: float, out: Any,
               max_abs_mu: float | None = None) -> tuple[float, float]:
        """Write psi^{n+1} to ``out``; returns (smallest discriminant, max |psi^{n+1}|^2).

        ``max_abs_mu``: max |mu| over the film when the caller knows it; with
        ``max_abs_mu dt < 0.1`` and gamma > 0 the numba path runs the fast-math kernel
        :func:`_update_small_phase` (1.3x faster, ``benchmarks/README.md``).
        """
        lat = self.lattice
        if self.kind == "numba":
            if max_abs_mu is not None and max_abs_mu * dt < 0.1 and gamma > 0.0:
                disc = _update_small_phase_numba(psi, mu, lat.ux, lat.uy, lat.degree,
                                                 self.film, dt, u, gamma, self.inv_h2, out)
                return float(disc), float(_max_density(out))
            disc, top = _update_numba(psi, mu, lat.ux, lat.uy, lat.degree, self.film, dt, u,
                                      gamma, self.inv_h2, out)
            return float(disc), float(top)
        return self._update_numpy(psi, mu, dt, u, gamma, out)

    def split(self, psi: Any, mu: Any, dt: float, u: float, gamma: float, base: Any,
              stiff: Any) -> None:
        """The w of :meth:`update` as ``base + stiff``: ``base = psi (1 + gamma^2 |psi|^2 / 2)``
        (the w of a stationary psi), ``stiff`` the increment, which the stabilised integrator
        filters (so that it keeps the stationary states of the explicit one)."""
        lat = self.lattice
        if self.kind == "numba":
            _split_numba(psi, mu, lat.ux, lat.uy, lat.degree, self.film, dt, u, gamma,
                         self.inv_h2, base, stiff)
            return
        xp = self.xp
        uxm, uym = self._shifted_conj()
        nb = self._c1
        lap = xp.multiply(lat.ux, self._neighbour(psi, 0, 1, nb))
        lap += uxm * self._neighbour(psi, 0, -1, nb)
        lap2 = lat.uy * self._neighbour(psi, 1, 1, nb)
        lap2 += uym * self._neighbour(psi, 1, -1, nb)
        lap = (lap + lap2 - lat.degree * psi) * self.inv_h2
        d2 = psi.real * psi.real + psi.imag * psi.imag
        ck = xp.sqrt(1.0 + gamma * gamma * d2) * (dt / u)
        arg = mu * dt
        phase = psi * (xp.cos(arg) - 1j * xp.sin(arg))
        base[...] = (psi + (0.5 * gamma * gamma * d2) * psi) * self.film
        stiff[...] = ((phase - psi) + ck * ((1.0 - d2) * psi + lap)) * self.film

    def root(self, psi: Any, w: Any, gamma: float, out: Any) -> tuple[float, float]:
        """Write ``w - z |psi^{n+1}|^2`` to ``out``; returns (min discriminant, max |out|^2)."""
        if self.kind == "numba":
            disc, top = _root_numba(psi, w, self.film, gamma, out)
            return float(disc), float(top)
        xp = self.xp
        g2 = 0.5 * gamma * gamma
        film = self.film
        if g2 == 0.0:
            out[...] = w * film
            min_disc = np.inf
        else:
            z = g2 * psi
            wz_re = w.real * z.real + w.imag * z.imag
            wz_im = w.imag * z.real - w.real * z.imag
            disc = 1.0 + 4.0 * wz_re - 4.0 * (wz_im * wz_im)
            min_disc = float(xp.min(xp.where(film != 0.0, disc, np.inf)))
            s = 2.0 * (w.real * w.real + w.imag * w.imag) / (
                (2.0 * wz_re + 1.0) + xp.sqrt(xp.maximum(disc, 0.0)))
            out[...] = (w - z * s) * film
        return min_disc, float(xp.max(out.real * out.real + out.imag * out.imag))
