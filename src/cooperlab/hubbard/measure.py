"""Equal-time DQMC estimators from the Green's functions of one HS configuration (Wick).

With ``G_ij = <c_i c^dag_j>`` for each spin (spins decouple for a fixed HS field)::

    <n_is n_js> = n_is n_js + (delta_ij - G_ji) G_ij,     <n_i up n_j dn> = n_i up n_j dn,
    <c_{i+d up} c_{i dn} c^dag_{j dn} c^dag_{j+d' up}> = G^up_{i+d, j+d'} G^dn_{ij}

(White et al., PRB 40, 506 (1989)). Correlations use ``m = n_up - n_dn`` and
``n = n_up + n_dn``; ``S(q) = (1/N) sum_ij e^{iq.(r_i - r_j)} <m_i m_j>``, likewise N(q).
"""

from __future__ import annotations

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
            pair_forms=forms, reference=reference,
        )

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
        }
        g_ref = gd[np.ix_(self.reference, self.reference)]
        n_cells = self.reference.size
        for name in ("s", "d", "extended_s"):
            form = self.pair_forms.get(name)
            out[f"pair_{name}"] = (np.nan if form is None
                                   else np.sum((form @ gu @ form.T) * g_ref) / n_cells)
        return {k: np.asarray(v, dtype=float) for k, v in out.items()}
