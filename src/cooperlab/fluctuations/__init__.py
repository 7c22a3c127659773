"""Spin and orbital fluctuations of multi-orbital Hubbard models in the random-phase approximation.

Conventions shared by every module here (per spin, spin-diagonal band models):

- Orbital pairs ``(a, b)`` have the flat index ``a * n_orbitals + b`` and stand for the
  particle-hole operator ``rho_ab(q) = sum_k c^dag_{k a} c_{k+q b}``.
- The bare susceptibility is

      chi0_{ab,cd}(q, i nu_m) = (1/N) int_0^beta dtau <T rho_ab(q, tau) rho_cd(q)^dag>_0
                             = -(T/N) sum_{k, n} G_{ca}(k, i w_n) G_{bd}(k + q, i w_n + i nu_m),

  so that for one band ``chi0(q) = (1/N) sum_k [f(e_k) - f(e_{k+q})] / (e_{k+q} - e_k)``
  (Lindhard, positive, per spin) and ``chi0(q -> 0) = N(0)`` per spin.
- RPA: ``chi_s = [1 - chi0 U^s]^{-1} chi0`` and ``chi_c = [1 + chi0 U^c]^{-1} chi0`` with the
  Kanamori vertices of :mod:`cooperlab.fluctuations.kanamori`; the physical spin
  susceptibility is ``sum_{a,b} chi_{aa,bb}``.
"""

from cooperlab.fluctuations.kanamori import KanamoriInteraction

__all__ = ["KanamoriInteraction"]
