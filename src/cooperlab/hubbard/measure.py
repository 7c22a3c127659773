"""Equal-time DQMC estimators from the Green's functions of one HS configuration (Wick).

With ``G_ij = <c_i c^dag_j>`` for each spin (spins decouple for a fixed HS field)::

    <n_is n_js> = n_is n_js + (delta_ij - G_ji) G_ij,     <n_i up n_j dn> = n_i up n_j dn,
    <c_{i+d up} c_{i dn} c^dag_{j dn} c^dag_{j+d' up}> = G^up_{i+d, j+d'} G^dn_{ij}

(White et al., PRB 40, 506 (1989)). Correlations use ``m = n_up - n_dn`` and
``n = n_up + n_dn``; ``S(q) = (1/N) sum_ij e^{iq.(r_i - r_j)} <m_i m_j>``, likewise N(q).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from cooperlab.hubbard.model import HubbardModel, pi_point


@dataclass
class Estimators:
    """Precomputed geometry of the measurements on one cluster."""

    hopping: np.ndarray          # h (N, N)
    u: np.ndarray                # U_i
    phases: np.ndarray           # e^{i q.r}, (n_q, N)
    pi_phase: np.ndarray         # e^{i Q.r}, Q = (pi, ...), (N,)
    labels: np.ndarray           # displacement class of each pair (N, N)
    class_count: np.ndarray
    pair_forms: dict[str, np.ndarray]   # name -> (n_cells, N) form-factor matrices
    reference: np.ndarray        # orbital-0 site of every cell
    orbital: np.ndarray          # orbital index of every site

    @classmethod
    def for_model(cls, model: HubbardModel) -> Estimators:
        """Geometry of ``model``'s cluster."""
        cluster = model.cluster
        positions = cluster.positions()
        labels, _ = cluster.displacement_classes()
        reference = cluster.neighbour_table(np.zeros(model.lattice.dim, dtype=int))
        forms = {"s": np.eye(cluster.n_sites)[reference]}
        if model.lattice.dim == 2:
            for name, weights in (("d", (1, 1, -1, -1)), ("extended_s", (1, 1, 1, 1))):
                form = np.zeros((cluster.n_cells, cluster.n_sites))
                for w, d in zip(weights, ((1, 0), (-1, 0), (0, 1), (0, -1)), strict=True):
                    nb = cluster.neighbour_table(d)
                    ok = nb >= 0
                    form[np.flatnonzero(ok), nb[ok]] += w
                forms[name] = form
        return cls(
            hopping=cluster.hopping_matrix(), u=model.site_u(),
            phases=np.exp(1j * cluster.momenta() @ positions.T),
            pi_phase=np.exp(1j * positions @ pi_point(model.lattice.dim)),
            labels=labels, class_count=np.bincount(labels.ravel()).astype(float),
            pair_forms=forms, reference=reference, orbital=cluster.orbital_index(),
        )

    def per_orbital(self, values: np.ndarray) -> np.ndarray:
        """Average of a per-site array over the cells, one entry per orbital."""
        return np.bincount(self.orbital, values) / np.bincount(self.orbital)

    def measure(self, green: np.ndarray) -> dict[str, np.ndarray]:
        """All equal-time estimators for ``green`` of shape ``(2, N, N)`` (up, down)."""
        gu, gd = green[0], green[1]
        n = gu.shape[0]
        nu, nd = 1.0 - np.diag(gu), 1.0 - np.diag(gd)
        h = self.hopping
        kinetic = 2 * np.trace(h) - np.sum(h * gu.T) - np.sum(h * gd.T)
        double = nu * nd
        eye = np.eye(n)
        same = (np.outer(nu, nu) + (eye - gu.T) * gu + np.outer(nd, nd) + (eye - gd.T) * gd)
        cross = np.outer(nu, nd)
        mm = same - cross - cross.T
        nn = same + cross + cross.T
        phases = self.phases
        s_q = np.sum((phases @ mm) * phases.conj(), axis=1).real / n
        n_q = np.sum((phases @ nn) * phases.conj(), axis=1).real / n
        s_pi = float((self.pi_phase @ mm @ self.pi_phase.conj()).real / n)
        out = {
            "density": np.mean(nu + nd),
            "double_occupancy": np.mean(double),
            "kinetic_energy": kinetic / n,
            "energy": (kinetic + self.u @ double) / n,
            "spin_structure_factor_pi_pi": s_pi,
            "spin_structure_factor": s_q,
            "charge_structure_factor": n_q,
            "spin_correlation": np.bincount(self.labels.ravel(), mm.ravel()) / self.class_count,
            "charge_correlation": np.bincount(self.labels.ravel(), nn.ravel()) / self.class_count,
            "local_moment": np.mean(nu + nd - 2 * double),
            "orbital_density": self.per_orbital(nu + nd),
            "orbital_double_occupancy": self.per_orbital(double),
        }
        g_ref = gd[np.ix_(self.reference, self.reference)]
        n_cells = self.reference.size
        for name in ("s", "d", "extended_s"):
            form = self.pair_forms.get(name)
            out[f"pair_{name}"] = (np.nan if form is None
                                   else np.sum((form @ gu @ form.T) * g_ref) / n_cells)
        return {k: np.asarray(v, dtype=float) for k, v in out.items()}

    def measure_unequal(self, slices: Iterable[tuple[np.ndarray, np.ndarray, np.ndarray]],
                        dtau: float) -> dict[str, np.ndarray]:
        """Time-displaced estimators from ``(G(tau,tau), G(tau,0), G(0,tau))`` at
        ``tau_l = l dtau``, ``l = 0 .. L-1`` (each ``(2, N, N)``, the first with ``tau = 0``).

        Wick for one HS field (spins decouple), ``m = n_up - n_dn``::

            <m_i(tau) m_j(0)> = m_i(tau) m_j(0) - sum_s G^s_ji(0,tau) G^s_ij(tau,0)
            <c_{k up} c_{r dn}(tau) c^dag_{r' dn} c^dag_{k' up}(0)>
                = G^up_{kk'}(tau,0) G^dn_{rr'}(tau,0)

        ``chi(q) = (1/N) int_0^beta dtau sum_ij e^{iq.(r_i-r_j)} <m_i(tau) m_j(0)>`` and the
        pair susceptibilities ``P_a = (1/N_c) int_0^beta dtau sum_cc' <D_c(tau) D^dag_c'(0)>``
        with the singlet pair ``D_c = (1/2) sum_k F_ck (c_{k up} c_{r_c dn} - c_{k dn} c_{r_c up})``
        (``F`` the form factor of :attr:`pair_forms`, ``r_c`` the cell's reference site; for
        ``s``, ``D_c = c_{r_c dn} c_{r_c up}``).

        The integrals use the trapezoid rule on ``tau_l = l dtau``, ``l = 0 .. L``,
        ``dtau (f_0/2 + f_1 + ... + f_{L-1} + f_L/2)``, error ``-(dtau^2/12)(f'(beta) - f'(0))``
        = O(dtau^2) like the symmetric Trotter error. The end point ``tau = beta`` comes from the
        first triple by the (anti)periodicity ``G(beta,0) = 1 - G(0,0)``, ``G(0,beta) = -G(0,0)``,
        ``G(beta,beta) = G(0,0)``: for ``chi`` it equals ``f_0`` (so the rule is
        ``dtau sum_{l<L} f_l``) but for the pairs ``f(beta) = <D^dag D> != <D D^dag> = f(0)``,
        and the rectangle rule would be wrong at O(dtau). ``green_tau`` is
        ``G(k, tau) = <c_k(tau) c^dag_k(0)>`` averaged over spins (real part) on all ``L + 1``
        points, ``G(k, beta) = <n_k>/2 = 1 - G(k, 0)``.
        """
        phases = self.phases
        n = phases.shape[1]
        n_cells = self.reference.size
        chi = np.zeros(phases.shape[0])
        chi_pi = 0.0
        pairs = dict.fromkeys(self.pair_forms, 0.0)
        green_q, green_local = [], []
        m0_q = m0_pi = None
        ref = self.reference

        def add(g_tt: np.ndarray, g_t0: np.ndarray, g_0t: np.ndarray, weight: float) -> None:
            nonlocal chi, chi_pi, m0_q, m0_pi
            m_tau = np.diagonal(g_tt[1]) - np.diagonal(g_tt[0])
            m_q, m_pi = phases @ m_tau, self.pi_phase @ m_tau
            if m0_q is None:
                m0_q, m0_pi = m_q, m_pi
            conn = g_t0[0] * g_0t[0].T + g_t0[1] * g_0t[1].T
            chi += weight * ((m_q * m0_q.conj()).real
                             - np.sum((phases @ conn) * phases.conj(), 1).real)
            chi_pi += weight * ((m_pi * np.conj(m0_pi)).real
                                - (self.pi_phase @ conn @ self.pi_phase.conj()).real)
            gu, gd = g_t0[0], g_t0[1]
            rr_u, rr_d = gu[np.ix_(ref, ref)], gd[np.ix_(ref, ref)]
            for name, form in self.pair_forms.items():
                if name == "s":
                    pairs[name] += weight * np.sum(rr_u * rr_d)
                    continue
                fu, fd = form @ gu, form @ gd
                pairs[name] += weight * 0.25 * (
                    np.sum((fu @ form.T) * rr_d) + np.sum((fd @ form.T) * rr_u)
                    + np.sum(fu[:, ref] * (gd[ref] @ form.T))
                    + np.sum(fd[:, ref] * (gu[ref] @ form.T)))
            g_avg = 0.5 * (gu + gd)
            green_q.append(np.sum((phases.conj() @ g_avg) * phases, 1).real / n)
            green_local.append(np.trace(g_avg) / n)

        first = None
        for triple in slices:
            if first is None:
                first = triple[0]
                add(*triple, 0.5)
            else:
                add(*triple, 1.0)
        if first is None:
            raise ValueError("slices must hold at least one (G(tau,tau), G(tau,0), G(0,tau))")
        eye = np.eye(n)
        add(first, eye - first, -first, 0.5)                  # tau = beta
        out = {
            "spin_susceptibility": dtau * chi / n,
            "spin_susceptibility_pi_pi": dtau * chi_pi / n,
            "green_tau": np.array(green_q),
            "green_tau_local": np.array(green_local),
        }
        for name in ("s", "d", "extended_s"):
            out[f"pair_susceptibility_{name}"] = (dtau * pairs[name] / n_cells
                                                  if name in pairs else np.nan)
        return {k: np.asarray(v, dtype=float) for k, v in out.items()}
