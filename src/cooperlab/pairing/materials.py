"""Material presets for Eliashberg calculations: Al, Pb, Nb, MgB2, H3S, LaH10.

What is published and what is modelled. For every preset the coupling ``lambda`` (and,
where stated, ``omega_log``) is a published number, cited next to it. None of the presets
ships a published alpha^2F table (cooperlab downloads nothing): **every alpha^2F here is a
model shape**, a sum of truncated Lorentzian peaks placed at the material's main phonon
bands, and the whole shape is then rescaled (:meth:`EliashbergFunction.scaled`) so that
``lambda`` -- and ``omega_log`` where a published value is given -- are reproduced
exactly. ``omega_2`` (and so the Allen-Dynes ``f2`` and, weakly, the Eliashberg T_c)
follows from the model shape. For a real calculation, read the published or computed
alpha^2F with :func:`cooperlab.pairing.alpha2f.from_file`.

**mu* and the frequency it is quoted at.** A ``mu*`` is only defined together with the
cutoff it belongs to (:mod:`cooperlab.pairing.eliashberg`), and every preset gives both
(``model.mu_star``, ``model.mu_star_reference_meV``), following its source:

* a ``mu*`` that the source used in an Eliashberg solution (MgB2, LaH10) or that is fitted
  here in one (Pb) is quoted at the Matsubara cutoff. The sources' own cutoffs were not
  read from their texts, so cooperlab's default cutoff ``SOURCE_CUTOFF_FACTOR *
  omega_max`` stands in for them, written into the preset as a number (so that a solve
  with another ``cutoff_factor`` rescales ``mu*`` instead of changing the physics);
* a conventional McMillan-formula value (Al, Nb) or one used with the Allen-Dynes formula
  (H3S) is quoted at ``omega_max``: McMillan's ``mu*`` is the Coulomb repulsion
  renormalised down to the maximum phonon frequency (McMillan, Phys. Rev. 167, 331
  (1968); this definition is quoted from memory, not re-read), and it is rescaled up to
  the cutoff.

Until this was explicit, every preset's ``mu*`` was taken at ``omega_max``; Pb's 0.13
then became 0.19 at the cutoff and its T_c 6.64 K. Each preset's :class:`Provenance`
says, number by number, which paper it comes from.

**How well each number is checked.** Every docstring below says which numbers were checked
against the cited paper's abstract or text, which are consistent with it by a computation
(e.g. they reproduce the paper's quoted T_c), and which are quoted without such a check.
The Eliashberg T_c each preset gives with the default options is listed too
(``tests/pairing/test_materials.py`` pins them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from cooperlab.pairing.alpha2f import EliashbergFunction, lorentzian_peaks
from cooperlab.pairing.eliashberg import EliashbergModel, EliashbergTc
from cooperlab.pairing.tc_formulas import TcEstimate
from cooperlab.units import K_B_MEV_PER_K
from cooperlab.validation import require_positive

if TYPE_CHECKING:
    from cooperlab.gl.material import GLMaterial

#: Source of the normal states of Al and Pb: free-electron values.
_FREE_ELECTRONS = ("free-electron v_F and n: Ashcroft & Mermin, Solid State Physics (1976), "
                   "Tables 2.1 and 2.2 (Al: 2.03e6 m/s, 18.1e28 m^-3; Pb: 1.83e6 m/s, "
                   "13.2e28 m^-3; checked against a transcription of the tables)")

#: The cutoff (in units of omega_max) standing in for a source's Matsubara cutoff that was
#: not read from its text: cooperlab's default ``EliashbergOptions.cutoff_factor``.
SOURCE_CUTOFF_FACTOR = 10.0


@dataclass(frozen=True)
class Provenance:
    """Where each number of a preset comes from (a citation, or "model" / "fitted here").

    Attributes
    ----------
    coupling : str
        Source of ``lambda``.
    omega_log : str
        Source of ``omega_log`` (or "follows from the model shape").
    mu_star : str
        Source of the value of ``mu*``.
    mu_star_reference : str
        The frequency ``mu*`` is quoted at (the cutoff it belongs to) and why.
    shape : str
        What the alpha^2F shape is: every preset's is a model, not a measured spectrum.
    """

    coupling: str
    omega_log: str
    mu_star: str
    mu_star_reference: str
    shape: str

    def to_dict(self) -> dict[str, str]:
        """Plain-JSON form."""
        return dict(self.__dict__)


@dataclass(frozen=True)
class NormalState:
    """Normal-state numbers of a preset that GL needs: the (band) Fermi velocity and the
    conduction-electron density, with their source.

    Attributes
    ----------
    fermi_velocity_m_per_s : float
        Fermi velocity without the electron-phonon renormalisation.
    electron_density_per_m3 : float
        Conduction-electron density.
    source : str
        Where the two numbers come from.
    """

    fermi_velocity_m_per_s: float
    electron_density_per_m3: float
    source: str


@dataclass(frozen=True, eq=False)
class Material:
    """A preset: the Eliashberg model plus where its numbers come from.

    ``normal_state`` (Al and Pb: free-electron values) lets the preset make its GL material
    (:meth:`gl_material`) from a pairing result's T_c.
    """

    name: str
    model: EliashbergModel
    pressure_GPa: float
    tc_experiment_K: float
    source: str
    provenance: Provenance | None = None
    normal_state: NormalState | None = None

    @property
    def spectrum(self) -> EliashbergFunction:
        """The model alpha^2F."""
        return self.model.spectrum

    def _normal(self) -> NormalState:
        if self.normal_state is None:
            raise ValueError(f"the {self.name} preset has no normal-state data (Fermi "
                             "velocity, electron density): give them to "
                             "cooperlab.gl.material.clean_bcs_material directly")
        return self.normal_state

    @property
    def fermi_velocity_m_per_s(self) -> float:
        """Quasiparticle Fermi velocity ``v_F / (1 + lambda)``: the electron-phonon mass
        enhancement ``m* = m (1 + lambda)`` (Grimvall, *The Electron-Phonon Interaction in
        Metals* (1981); Ashcroft & Mermin, ch. 26)."""
        return self._normal().fermi_velocity_m_per_s / (1 + self.spectrum.coupling)

    @property
    def london_depth_nm(self) -> float:
        """``lambda_L(0) = sqrt(m (1 + lambda) / (mu0 n e^2))``: in the clean limit at T = 0
        the condensate carries the renormalised mass (Marsiglio & Carbotte, in
        *Superconductivity*, ed. Bennemann & Ketterson (Springer 2008); quoted, not re-read).
        """
        from cooperlab.gl.material import london_depth_nm

        return london_depth_nm(self._normal().electron_density_per_m3,
                               mass_ratio=1 + self.spectrum.coupling)

    def coherence_length_nm(self, gap_meV: float) -> float:
        """BCS (Pippard) ``xi0 = hbar v_F* / (pi Delta0)`` (nm) with the renormalised
        :attr:`fermi_velocity_m_per_s` and a pairing result's gap ``gap_meV``."""
        from cooperlab.gl.material import bcs_coherence_length_nm

        return bcs_coherence_length_nm(self.fermi_velocity_m_per_s, gap_meV)

    def gl_material(self, result: Any, *, thickness_nm: float | None = None,
                    temperature_K: float = 0.0) -> GLMaterial:
        """The GL material of this preset with the T_c of a pairing ``result``.

        ``result`` is any result with ``tc_K`` (an :class:`EliashbergTc` of this preset, or a
        :class:`~cooperlab.pairing.BCSThermodynamics`); the clean-limit Gor'kov relations
        (:func:`cooperlab.gl.material.clean_bcs_material`) turn T_c, the renormalised Fermi
        velocity and London depth into ``xi(0)``, ``lambda(0)``, moved to ``temperature_K``.

        Returns
        -------
        cooperlab.gl.GLMaterial
        """
        from cooperlab.gl.material import clean_bcs_material

        tc = getattr(result, "tc_K", None)
        if tc is None:
            raise ValueError(f"result must carry tc_K (EliashbergTc, BCSThermodynamics), got "
                             f"{type(result).__name__}")
        normal = self._normal()
        return clean_bcs_material(
            tc_K=float(tc), fermi_velocity_m_per_s=self.fermi_velocity_m_per_s,
            london_depth_nm=self.london_depth_nm, thickness_nm=thickness_nm,
            temperature_K=temperature_K,
            source=f"pairing preset {self.name}: T_c = {float(tc):.6g} K from "
                   f"{type(result).__name__}; lambda_ep = {self.spectrum.coupling:.4g} "
                   f"renormalises v_F and m; normal state: {normal.source}")


def _shape(name: str, coupling: float, centres: list[float], widths: list[float],
           weights: list[float], omega_log_meV: float | None = None) -> EliashbergFunction:
    spectrum = lorentzian_peaks(coupling, centres, widths, weights, label=name)
    return spectrum.scaled(coupling, omega_log_meV)


def _at_source_cutoff(spectrum: EliashbergFunction) -> float:
    """The Matsubara cutoff (meV) standing in for a source's: ``SOURCE_CUTOFF_FACTOR *
    omega_max``."""
    return SOURCE_CUTOFF_FACTOR * spectrum.omega_max_meV


def aluminium() -> Material:
    """Al at ambient pressure.

    ``lambda = 0.43`` (P. B. Allen, "The electron-phonon coupling constant", in *Handbook
    of Superconductivity*, ed. C. P. Poole (Academic Press, 2000), tables of lambda for
    elements). The chapter and its tables exist (checked); the Al entry 0.43 itself was
    not re-read from the table and is quoted unverified.
    Shape (model): peaks at the transverse (19 meV) and longitudinal (37 meV) maxima of the
    Al phonon density of states (approximate positions); omega_log follows from this shape
    (22.4 meV), it is not a published value. ``mu* = 0.12`` at ``omega_max``: a
    conventional McMillan-formula value for simple metals (no paper), so quoted where
    McMillan's ``mu*`` is defined and rescaled to the cutoff (0.166 at 10 omega_max).
    T_c (experiment) = 1.18 K; this preset's Eliashberg T_c: 1.11 K.
    """
    spectrum = _shape("Al", 0.43, [19.0, 37.0], [3.0, 2.0], [1.0, 0.8])  # lambda: Allen 2000
    model = EliashbergModel(spectrum, 0.12, "Al", mu_star_reference_meV=spectrum.omega_max_meV)
    return Material(
        "Al", model, 0.0, 1.18,
        "lambda: Allen, Handbook of Superconductivity (2000) (not re-checked); shape modelled; "
        "mu* 0.12 conventional, at omega_max",
        Provenance(
            coupling="Allen, Handbook of Superconductivity (2000), 0.43 (not re-read)",
            omega_log="follows from the model shape (22.4 meV)",
            mu_star="0.12, a conventional McMillan-formula value (no paper)",
            mu_star_reference="omega_max (McMillan's definition)",
            shape="model: two truncated Lorentzians at 19 and 37 meV (approximate Al "
                  "phonon DOS maxima)"),
        NormalState(2.03e6, 18.1e28, _FREE_ELECTRONS))


def lead() -> Material:
    """Pb at ambient pressure: the classic strong-coupling superconductor.

    ``lambda = 1.55`` and ``omega_log = 4.83 meV`` (Carbotte, Rev. Mod. Phys. 62, 1027
    (1990), Table IV of tunnelling-derived parameters). Not re-read from the review's table
    (the search tools at hand reach neither the review nor a copy of its table): quoted
    unverified, as are the review's T_c = 7.19 K and 2 Delta_0 / k_B T_c = 4.49 that the
    tests compare with. Consistency: lambda = 1.55 is the value commonly quoted for Pb, and
    T_c / omega_log = 7.19 K / 56.0 K = 0.128 is the strong-coupling index usually given
    for Pb.

    Shape (**a model, not the measured spectrum**): truncated Lorentzians at the transverse
    (4.4 meV, width 0.75 meV) and longitudinal (8.5 meV, width 0.5 meV, relative weight
    0.6) peaks of the tunnelling alpha^2F (McMillan & Rowell, Phys. Rev. Lett. 14, 108
    (1965); positions approximate), rescaled to the published lambda and omega_log;
    omega_2 = 5.44 meV and omega_max = 9.74 meV follow from it.

    ``mu* = 0.14`` **at the Matsubara cutoff** ``10 omega_max = 97.4 meV``, **fitted here**:
    the two-digit value that puts this shape's T_c within 1 % of 7.19 K, the way
    tunnelling analyses fix ``mu*`` from a measured number (the review's own Pb ``mu*``
    and its cutoff were not re-read). Literature values near 0.13 (Szczesniak et al.,
    Solid State Commun. (2007): mu* = 0.1295, checked against their abstract; their cutoff
    not re-read) give 7.33 K here when taken at this cutoff, and 6.64 K when taken at
    omega_max (rescaled to 0.19), the convention cooperlab used before.
    This preset: T_c = 7.19 K, Delta_0 = 1.402 meV and 2 Delta_0 / k_B T_c = 4.525 at
    T_c / 10 (the gap ratio is a prediction, not fitted: 0.8 % above 4.49); experiment /
    Carbotte 1990: T_c = 7.19 K, 2 Delta_0 / k_B T_c = 4.49
    (tests/pairing/test_eliashberg.py).
    """
    spectrum = _shape("Pb", 1.55, [4.4, 8.5], [0.75, 0.5], [1.0, 0.6],
                      omega_log_meV=4.83)  # lambda, omega_log: Carbotte RMP 62, 1027 (1990)
    model = EliashbergModel(spectrum, 0.14, "Pb",  # mu*: fitted to T_c, see docstring
                            mu_star_reference_meV=_at_source_cutoff(spectrum))
    return Material(
        "Pb", model, 0.0, 7.19,
        "lambda, omega_log: Carbotte RMP 62, 1027 (1990) (not re-checked); peaks: McMillan "
        "& Rowell PRL 14, 108 (1965); mu* 0.14 at the cutoff 10 omega_max, fitted to T_c",
        Provenance(
            coupling="Carbotte, Rev. Mod. Phys. 62, 1027 (1990), Table IV: 1.55 (not re-read)",
            omega_log="Carbotte, Rev. Mod. Phys. 62, 1027 (1990), Table IV: 4.83 meV "
                      "(not re-read)",
            mu_star="0.14, fitted here to T_c = 7.19 K with this shape (literature ~0.13: "
                    "Szczesniak et al., Solid State Commun. (2007), 0.1295)",
            mu_star_reference="the Matsubara cutoff 10 omega_max = 97.4 meV of the fit",
            shape="model: truncated Lorentzians at 4.4 and 8.5 meV (transverse and "
                  "longitudinal peaks, McMillan & Rowell 1965), not the measured "
                  "tunnelling spectrum"),
        NormalState(1.83e6, 13.2e28, _FREE_ELECTRONS))


def niobium() -> Material:
    """Nb at ambient pressure.

    ``lambda = 1.057`` and the longitudinal peak at 23 meV from the density-functional
    alpha^2F of Zarea, Ueki & Sauls, "Effects of anisotropy and disorder on the
    superconducting properties of niobium", Front. Phys. 11, 1269872 (2023) (checked
    against the abstract: lambda = 1.057, mu* = 0.218, T_c = 9.33 K, LO peak 23 meV);
    the transverse peak (16 meV) is an assumed position. Shape: a model. ``mu* = 0.13`` at
    ``omega_max``: a conventional McMillan-formula value (the paper's own 0.218 belongs to
    its cutoff, which was not read from its text, so it is not used).
    omega_log follows from the shape (17.5 meV).
    Experiment: T_c = 9.25 K. **This preset's Eliashberg T_c is 14.0 K**, 50 % above
    experiment: the two-peak model shape lacks the low-frequency weight of the real
    spectrum (its omega_log is too high) and mu* = 0.13 is lower than the paper's. Use a
    computed alpha^2F (:func:`cooperlab.pairing.alpha2f.from_file`) for Nb work.
    """
    spectrum = _shape("Nb", 1.057, [16.0, 23.0], [2.5, 1.5],  # lambda: Zarea et al. 2023
                      [1.0, 0.7])
    model = EliashbergModel(spectrum, 0.13, "Nb", mu_star_reference_meV=spectrum.omega_max_meV)
    return Material(
        "Nb", model, 0.0, 9.25,
        "lambda, LO peak: Zarea, Ueki & Sauls, Front. Phys. 11, 1269872 (2023); shape "
        "modelled; mu* 0.13 conventional, at omega_max",
        Provenance(
            coupling="Zarea, Ueki & Sauls, Front. Phys. 11, 1269872 (2023): 1.057 (abstract)",
            omega_log="follows from the model shape (17.5 meV)",
            mu_star="0.13, a conventional McMillan-formula value (the paper's 0.218 is "
                    "tied to its own cutoff)",
            mu_star_reference="omega_max (McMillan's definition)",
            shape="model: truncated Lorentzians at 16 (assumed) and 23 meV (the paper's LO "
                  "peak)"))


def magnesium_diboride() -> Material:
    """MgB2 as a single-band effective (isotropic) superconductor.

    ``lambda = 0.87``, ``mu* = 0.10`` and the dominant bond-stretching E2g coupling near
    590 cm^-1 = 73 meV from Kong, Dolgov, Jepsen & Andersen, Phys. Rev. B 64, 020501(R)
    (2001), who solve the Eliashberg equations and reproduce T_c = 40 K with mu* = 0.10
    and find 2 Delta_0 / k_B T_c = 3.9 (all checked against the abstract). Their ``mu*``
    belongs to their Matsubara cutoff, which was not read from the text: it is taken at
    cooperlab's default cutoff, 10 omega_max = 879 meV, as given. Shape (model): the E2g
    peak plus a weaker acoustic/other-optical peak at 36 meV (assumed); omega_log follows
    from the shape (53.1 meV). The real material is two-gap (sigma and pi bands); this
    isotropic model is not.
    Experiment: T_c = 39 K; this preset's Eliashberg T_c: 39.0 K (34.8 K when mu* was taken
    at omega_max).
    """
    spectrum = _shape("MgB2", 0.87, [36.0, 73.0], [6.0, 5.0], [0.35, 1.0])  # lambda: Kong 2001
    model = EliashbergModel(spectrum, 0.10, "MgB2",  # mu*: Kong 2001, at their cutoff
                            mu_star_reference_meV=_at_source_cutoff(spectrum))
    return Material(
        "MgB2", model, 0.0, 39.0,
        "lambda, mu*, E2g peak: Kong et al. PRB 64, 020501(R) (2001); mu* at the Matsubara "
        "cutoff",
        Provenance(
            coupling="Kong et al., Phys. Rev. B 64, 020501(R) (2001): 0.87 (abstract)",
            omega_log="follows from the model shape (53.1 meV)",
            mu_star="Kong et al. (2001): 0.10, used in their Eliashberg solution (abstract)",
            mu_star_reference="their Matsubara cutoff (not read): cooperlab's 10 omega_max "
                              "= 879 meV stands in",
            shape="model: truncated Lorentzians at 36 (assumed) and 73 meV (E2g, Kong et "
                  "al.)"))


#: Hydride shape: heavy-atom acoustic modes (30 meV) and H bending / stretching bands
#: (110-190 meV); rescaled to the published omega_log.
_HYDRIDE_PEAKS = ([30.0, 110.0, 150.0, 190.0], [8.0, 15.0, 15.0, 15.0], [0.05, 0.3, 0.4, 0.25])


def h3s() -> Material:
    """Im-3m H3S at 200 GPa.

    ``lambda = 1.84``: the anharmonic (SSCHA) coupling of Errea et al., Phys. Rev. Lett.
    114, 157004 (2015) (harmonic: 2.64; both at 200 GPa, checked against the abstract).
    ``omega_log = 1335 K = 115.0 meV``: the harmonic value of Duan et al., Sci. Rep. 4,
    6968 (2014). The abstract (checked) quotes T_c = 191-204 K at 200 GPa from the
    Allen-Dynes-modified McMillan formula with mu* = 0.13-0.10; the pair lambda = 2.19,
    omega_log = 1335 K was not read from the paper's text, but it returns 191.1 K and
    203.7 K for those mu* (tests/pairing/test_alpha2f_and_formulas.py), which a wrong
    pair would be unlikely to do at both ends. Combining the anharmonic lambda with the
    harmonic omega_log is a modelling choice: Errea et al. report that anharmonicity
    hardens the H-S stretching and softens the bending modes, reducing lambda by 30 %.
    Shape: a model (``_HYDRIDE_PEAKS``). ``mu* = 0.13``, the upper end of Duan et al.'s
    range, which they use in the McMillan formula: quoted at ``omega_max`` (McMillan's
    definition) and rescaled to the cutoff (0.196). Taken at the cutoff instead, the
    preset would give 235.6 K. Experiment: T_c = 203 K at about 150 GPa (Drozdov et al.,
    Nature 525, 73 (2015)); this preset's Eliashberg T_c: 213.6 K.
    """
    spectrum = _shape("H3S", 1.84, *_HYDRIDE_PEAKS,  # lambda: Errea PRL 114, 157004 (2015)
                      omega_log_meV=1335 * K_B_MEV_PER_K)  # omega_log: Duan Sci. Rep. 2014
    model = EliashbergModel(spectrum, 0.13, "H3S",  # mu*: Duan 2014 (McMillan formula)
                            mu_star_reference_meV=spectrum.omega_max_meV)
    return Material(
        "H3S", model, 200.0, 203.0,
        "lambda: Errea et al. PRL 114, 157004 (2015); omega_log, mu*: Duan et al. "
        "Sci. Rep. 4, 6968 (2014); mu* at omega_max",
        Provenance(
            coupling="Errea et al., Phys. Rev. Lett. 114, 157004 (2015): 1.84 anharmonic "
                     "(abstract)",
            omega_log="Duan et al., Sci. Rep. 4, 6968 (2014): 1335 K harmonic (consistent "
                      "with their abstract's T_c, not read from the text)",
            mu_star="Duan et al. (2014): 0.13, upper end of their McMillan-formula range "
                    "0.10-0.13 (abstract)",
            mu_star_reference="omega_max (McMillan's definition; the source uses the "
                              "formula, no Matsubara cutoff)",
            shape="model: four truncated Lorentzians (_HYDRIDE_PEAKS), rescaled to omega_log"))


def lah10() -> Material:
    """Fm-3m LaH10 near 150 GPa.

    ``lambda = 2.2`` at 150 GPa (Kostrzewa, Szczesniak, Durajski & Szczesniak, "From
    LaH10 to room-temperature superconductors", Sci. Rep. 10, 1592 (2020); checked against
    the abstract: lambda ~ 2.2 at 150 GPa and ~ 2.8 at 190 GPa, with measured T_c = 215 K
    and 260 K there).

    ``omega_log = 1300 K = 112 meV`` is **an assumption, not a published value**. No
    published lambda / omega_log pair for fcc LaH10 could be checked against a paper's
    text when this preset was written (Liu et al., PNAS 114, 6990 (2017), whose abstract
    gives T_c = 274-286 K at 210 GPa; Errea et al., Nature 578, 66 (2020), whose abstract
    gives lambda ~ 3.5 for the quantum-stabilised Fm-3m structure; Kostrzewa et al. 2020:
    none of their abstracts quotes omega_log). The value is placed next to the H3S one
    (Duan et al. 2014: 1335 K), both spectra being dominated by H vibrations. Replace it,
    or the whole shape via :func:`cooperlab.pairing.alpha2f.from_file`, when a published
    alpha^2F is at hand. Shape: a model (``_HYDRIDE_PEAKS``).

    ``mu* = 0.13``: hydride Eliashberg calculations use 0.10-0.13 (no single paper's value;
    Kostrzewa et al.'s own ``mu*`` was not read), each at its own Matsubara cutoff, so it
    is taken at the cutoff, cooperlab's 10 omega_max = 2730 meV standing in for the
    unknown one. With these numbers: Eliashberg T_c = 274.7 K (252.0 K when mu* was taken
    at omega_max), Allen-Dynes 226.0 K, McMillan 186.7 K (the formulas take the quoted
    0.13 as it stands). That is near the top of the 200-280 K window of the measurements
    (tests/pairing/test_materials.py) and 28 % above the 215 K measured at this preset's
    150 GPa: the assumed omega_log and the model shape are the weak points.
    Experiment: T_c = 250 K at 170 GPa (Drozdov et al., Nature 569, 528 (2019)), 215 K at
    150 GPa and 260 K at 190 GPa (as quoted by Kostrzewa et al.), and about 260 K near
    190 GPa (Somayazulu et al., Phys. Rev. Lett. 122, 027001 (2019)).
    """
    spectrum = _shape("LaH10", 2.2, *_HYDRIDE_PEAKS,  # lambda: Kostrzewa Sci. Rep. 2020
                      omega_log_meV=1300 * K_B_MEV_PER_K)  # ASSUMED, see docstring
    model = EliashbergModel(spectrum, 0.13, "LaH10",  # mu*: hydride practice, at the cutoff
                            mu_star_reference_meV=_at_source_cutoff(spectrum))
    return Material(
        "LaH10", model, 150.0, 215.0,
        "lambda: Kostrzewa et al. Sci. Rep. 10, 1592 (2020); omega_log 1300 K: assumed, not "
        "a published value; mu* 0.13 at the Matsubara cutoff",
        Provenance(
            coupling="Kostrzewa et al., Sci. Rep. 10, 1592 (2020): 2.2 at 150 GPa (abstract)",
            omega_log="assumed 1300 K, not a published value",
            mu_star="0.13, the upper end of the 0.10-0.13 used in hydride Eliashberg "
                    "calculations (no single paper)",
            mu_star_reference="the Matsubara cutoff of those calculations (not read): "
                              "cooperlab's 10 omega_max = 2730 meV stands in",
            shape="model: four truncated Lorentzians (_HYDRIDE_PEAKS), rescaled to the "
                  "assumed omega_log"))


_PRESETS = {"al": aluminium, "pb": lead, "nb": niobium, "mgb2": magnesium_diboride,
            "h3s": h3s, "lah10": lah10}
#: Names accepted by :func:`material`.
MATERIALS = ("Al", "Pb", "Nb", "MgB2", "H3S", "LaH10")


def material(name: str) -> Material:
    """The preset called ``name`` (case-insensitive): one of :data:`MATERIALS`."""
    key = str(name).lower()
    if key not in _PRESETS:
        raise ValueError(f"material must be one of {', '.join(MATERIALS)}, got {name!r}")
    return _PRESETS[key]()


def conventional_tc(*, material: str | None = None, alpha2f_file: str | None = None,
                    unit: Literal["meV", "eV", "THz", "cm-1", "Ry", "K"] = "meV",
                    coupling: float | None = None, omega_log_meV: float | None = None,
                    omega_2_meV: float | None = None, mu_star: float | None = None,
                    mu_star_reference_meV: float | str | None = None,
                    method: Literal["allen-dynes", "mcmillan", "eliashberg"] | None = None,
                    cutoff_factor: float = 10.0) -> EliashbergTc | TcEstimate:
    """T_c of a phonon superconductor from a preset, an alpha^2F file, or lambda and omega_log.

    Give exactly one description. ``eliashberg`` solves the linearised Eliashberg equations
    (:func:`~cooperlab.pairing.eliashberg.solve_eliashberg_tc`); ``mcmillan`` and ``allen-dynes``
    are the closed formulas, fed with the spectrum's moments and ``mu*`` carried to
    ``omega_max`` (:func:`~cooperlab.pairing.eliashberg.formula_mu_star`), or with the
    given lambda, omega_log, omega_2 and mu* as they are. Eliashberg from lambda alone uses
    an Einstein spectrum at omega_log (so omega_2 = omega_log).

    Parameters
    ----------
    material : str or None
        Preset: Al, Pb, Nb, MgB2, H3S or LaH10 (its own mu* and convention).
    alpha2f_file : str or None
        Two-column text file omega, alpha^2F.
    unit : str
        Frequency unit of the alpha2f_file.
    coupling : float or None
        Electron-phonon coupling lambda (with omega_log_meV).
    omega_log_meV : float or None
        Logarithmic phonon frequency omega_log.
    omega_2_meV : float or None
        omega_2 = sqrt(<w^2>) for Allen-Dynes f2 (default: omega_log).
    mu_star : float or None
        Coulomb pseudopotential mu* (default 0.1, or the preset's).
    mu_star_reference_meV : float, 'cutoff' or None
        Frequency (meV) at which mu* is quoted, rescaled from there to the Matsubara
        cutoff, or 'cutoff' (quoted at the cutoff, applied as given). Default: the preset's
        convention, else 'cutoff'. With lambda and a formula, mu* is taken as given.
    method : str or None
        Default: allen-dynes from lambda, eliashberg from a preset or alpha2f_file.
    cutoff_factor : float
        Matsubara cutoff in units of the highest phonon frequency.
    """
    from dataclasses import replace

    from cooperlab.pairing import alpha2f
    from cooperlab.pairing.eliashberg import EliashbergOptions, formula_mu_star, solve_eliashberg_tc
    from cooperlab.pairing.tc_formulas import solve_formula_tc

    if (material is not None) + (alpha2f_file is not None) + (
            coupling is not None or omega_log_meV is not None) != 1:
        raise ValueError("give exactly one of material, alpha2f_file, or coupling with "
                         "omega_log_meV")
    reference = _mu_star_reference(mu_star_reference_meV)
    mu = 0.1 if mu_star is None else mu_star
    if material is not None:
        model = _preset(material).model
        model = model if mu_star is None else replace(model, mu_star=mu_star)
    elif alpha2f_file is not None:
        model = EliashbergModel(alpha2f.from_file(alpha2f_file, unit=unit), mu)
    elif coupling is None or omega_log_meV is None:
        raise ValueError("coupling and omega_log_meV must be given together")
    elif (method or "allen-dynes") != "eliashberg":
        return solve_formula_tc(coupling, omega_log_meV, mu, omega_2_meV, method or "allen-dynes")
    else:
        spectrum = alpha2f.einstein(coupling, omega_log_meV).scaled(omega_log_meV=omega_log_meV)
        model = EliashbergModel(spectrum, mu, "Einstein")
    if reference != "preset":
        model = replace(model, mu_star_reference_meV=reference)
    options = EliashbergOptions(cutoff_factor=cutoff_factor)
    if (method or "eliashberg") == "eliashberg":
        return solve_eliashberg_tc(model, options)
    spectrum = model.spectrum
    return solve_formula_tc(spectrum.coupling, spectrum.omega_log_meV,
                      formula_mu_star(model, options), spectrum.omega_2_meV, method)


_preset = material


def _mu_star_reference(value: Any) -> Any:
    """``"preset"`` (nothing given), None (``"cutoff"``) or a frequency > 0 meV."""
    if value is None:
        return "preset"
    if isinstance(value, str) and value.strip().lower() == "cutoff":
        return None
    try:
        value = float(value)
    except ValueError:
        raise ValueError(f"mu_star_reference_meV must be a frequency in meV or 'cutoff', "
                         f"got {value!r}") from None
    return require_positive("mu_star_reference_meV", value, "meV")
