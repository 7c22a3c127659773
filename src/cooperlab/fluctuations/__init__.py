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

Public API (arrays on the Gamma-centred N x N mesh ``q = 2 pi (i, j)/N``; pair index
``a * n + b``):

- :class:`RPAModel` (lattice, temperature, U, J, U', J', mu or filling, n_mesh) and
  ``model.band_mesh()``
  (:class:`BandMesh`: ``xi = e - mu`` of shape (N, N, n), eigenvectors ``U[k, a, band]``).
- :func:`chi0_mesh` ``(bands, m=(0,)) -> (len(m), N, N, n^2, n^2)``: FFT convolution with
  IR Matsubara sampling; :func:`chi0_direct` the O(N^4) reference;
  :func:`chi0_real_frequency` ``(lattice, bands, q, omega, eta)`` the retarded form;
  :func:`solve_chi0` -> :class:`Chi0Result`.
- :func:`rpa_mesh` ``(model) -> (chi_s, chi_c)``, each ``(N, N, n^2, n^2)`` (static), for
  the pairing vertex at ``q = k - k'``; :func:`solve_rpa` -> :class:`RPAResult`;
  :func:`solve_stoner` -> :class:`StonerResult` (``U_c``) and :func:`critical_u`;
  :func:`solve_dynamic` -> :class:`DynamicResult`: retarded chi0, chi_s, chi_c at (q, omega).
- Superconducting state: :class:`ResonanceModel` -> :func:`solve_spin_resonance` ->
  :class:`SpinResonance`: chi(Q, omega) with BCS coherence factors, the continuum edge and
  the s+- spin resonance (:mod:`cooperlab.fluctuations.resonance`).
- Electrons: :func:`chemical_potential`, :func:`solve_orbital_bands`, :func:`solve_fermi_surface`.
- Pairing (:mod:`~cooperlab.fluctuations.pairing`): :func:`pairing_vertex` (singlet and
  triplet RPA vertex), :func:`fermi_shell`, :func:`solve_pairing` -> :class:`PairingResult`
  (leading eigenvalues, gap functions, C4v labels s+-, s++, d_x2-y2, d_xy, g, p) and
  :func:`pairing_channels` (per-channel eigenvalues, a :func:`cooperlab.sweep` target).
"""

from cooperlab.fluctuations.chi0 import (
    Chi0Options,
    Chi0Result,
    chi0_direct,
    chi0_mesh,
    chi0_real_frequency,
    lindhard_weight,
    physical,
    solve_chi0,
)
from cooperlab.fluctuations.electrons import (
    BandMesh,
    BandsResult,
    FermiSurfaceResult,
    band_mesh,
    chemical_potential,
    fermi,
    mesh_momenta,
    solve_bands,  # noqa: F401  (deprecated alias)
    solve_fermi_surface,
    solve_orbital_bands,
)
from cooperlab.fluctuations.kanamori import KanamoriInteraction
from cooperlab.fluctuations.model import RPAModel
from cooperlab.fluctuations.resonance import (
    ResonanceModel,
    ResonanceOptions,
    SpinResonance,
    ba_k_fe2as2_model,
    solve_spin_resonance,
)
from cooperlab.fluctuations.rpa import (
    DynamicResult,
    RPAResult,
    StonerResult,
    critical_u,
    leading_eigenvalue,
    rpa_mesh,
    rpa_peaks,
    rpa_susceptibility,
    solve_dynamic,
    solve_interaction_sweep,
    solve_rpa,
    solve_stoner,
    stoner_u_c,
)

__all__ = [
    "BandMesh",
    "DynamicResult",
    "BandsResult",
    "Chi0Options",
    "Chi0Result",
    "FermiSurfaceResult",
    "KanamoriInteraction",
    "RPAModel",
    "ResonanceModel",
    "ResonanceOptions",
    "SpinResonance",
    "RPAResult",
    "StonerResult",
    "ba_k_fe2as2_model",
    "band_mesh",
    "chemical_potential",
    "chi0_direct",
    "chi0_mesh",
    "chi0_real_frequency",
    "critical_u",
    "fermi",
    "leading_eigenvalue",
    "lindhard_weight",
    "mesh_momenta",
    "physical",
    "rpa_mesh",
    "rpa_peaks",
    "rpa_susceptibility",
    "solve_orbital_bands",
    "solve_chi0",
    "solve_dynamic",
    "solve_fermi_surface",
    "solve_rpa",
    "solve_spin_resonance",
    "solve_stoner",
    "stoner_u_c",
    "solve_interaction_sweep",
]

from cooperlab.fluctuations.pairing import (  # noqa: E402  (pairing builds on the above)
    FermiShell,
    PairingDiagramResult,
    PairingResult,
    SpinFluctuationPairingOptions,
    fermi_shell,
    pairing_channels,
    pairing_vertex,
    project_vertex,
    solve_pairing,
    solve_pairing_diagram,
)

__all__ += ["FermiShell", "PairingDiagramResult", "PairingResult", "SpinFluctuationPairingOptions",
            "fermi_shell", "pairing_channels", "pairing_vertex", "project_vertex",
            "solve_pairing", "solve_pairing_diagram"]


from cooperlab.naming import deprecated_attributes  # noqa: E402

__getattr__ = deprecated_attributes(__name__,
                                    PairingOptions=SpinFluctuationPairingOptions)

# Deprecated name (removed in the next release; not in __all__).
from cooperlab.fluctuations.rpa import sweep_interaction  # noqa: E402,F401
