"""Material presets for Eliashberg calculations: Al, Pb, Nb, MgB2, H3S, LaH10.

What is published and what is modelled. For every preset the coupling ``lambda`` (and,
where stated, ``omega_log``) is a published number, cited next to it. None of the presets
ships a published alpha^2F table (cooperlab downloads nothing): the *shape* is a sum of
truncated Lorentzian peaks placed at the material's main phonon bands, and the whole shape
is then rescaled (:meth:`EliashbergFunction.scaled`) so that ``lambda`` -- and
``omega_log`` where a published value is given -- are reproduced exactly. ``omega_2`` (and
so the Allen-Dynes ``f2`` and, weakly, the Eliashberg T_c) follows from the model shape.
For a real calculation, read the published or computed alpha^2F with
:func:`cooperlab.pairing.alpha2f.from_file`.

``mu_star`` is quoted at the phonon scale (``omega_max``) and rescaled to the Matsubara
cutoff by the solver (:mod:`cooperlab.pairing.eliashberg`).

**How well each number is checked.** Every docstring below says which numbers were checked
against the cited paper's abstract or text, which are consistent with it by a computation
(e.g. they reproduce the paper's quoted T_c), and which are quoted without such a check.
The Eliashberg T_c each preset gives with the default options is listed too (not fitted).
"""

from __future__ import annotations

from dataclasses import dataclass

from cooperlab.pairing.alpha2f import EliashbergFunction, lorentzian_peaks
from cooperlab.pairing.eliashberg import EliashbergModel
from cooperlab.units import K_B_MEV_PER_K


@dataclass(frozen=True, eq=False)
class Material:
    """A preset: the Eliashberg model plus where its numbers come from."""

    name: str
    model: EliashbergModel
    pressure_GPa: float
    tc_experiment_K: float
    source: str

    @property
    def spectrum(self) -> EliashbergFunction:
        """The model alpha^2F."""
        return self.model.spectrum


def _shape(name: str, coupling: float, centres: list[float], widths: list[float],
           weights: list[float], omega_log_meV: float | None = None) -> EliashbergFunction:
    spectrum = lorentzian_peaks(coupling, centres, widths, weights, label=name)
    return spectrum.scaled(coupling, omega_log_meV)


def aluminium() -> Material:
    """Al at ambient pressure.

    ``lambda = 0.43`` (P. B. Allen, "The electron-phonon coupling constant", in *Handbook
    of Superconductivity*, ed. C. P. Poole (Academic Press, 2000), tables of lambda for
    elements). The chapter and its tables exist (checked); the Al entry 0.43 itself was
    not re-read from the table and is quoted unverified.
    Shape: peaks at the transverse (19 meV) and longitudinal (37 meV) maxima of the Al
    phonon density of states (approximate positions; omega_log follows from this shape,
    it is not a published value). ``mu* = 0.12``, a conventional choice for simple metals.
    T_c (experiment) = 1.18 K; this preset's Eliashberg T_c: 1.11 K.
    """
    spectrum = _shape("Al", 0.43, [19.0, 37.0], [3.0, 2.0], [1.0, 0.8])  # lambda: Allen 2000
    return Material("Al", EliashbergModel(spectrum, 0.12, "Al"), 0.0, 1.18,
                    "lambda: Allen, Handbook of Superconductivity (2000) (not re-checked); "
                    "shape modelled")


def lead() -> Material:
    """Pb at ambient pressure: the classic strong-coupling superconductor.

    ``lambda = 1.55`` and ``omega_log = 4.83 meV`` (Carbotte, Rev. Mod. Phys. 62, 1027
    (1990), table of tunnelling-derived parameters). Not re-read from the review's table:
    quoted unverified. Consistency: lambda = 1.55 is the value commonly quoted for Pb, and
    T_c / omega_log = 7.19 K / 56.0 K = 0.128 is the strong-coupling index usually given
    for Pb. Shape: the transverse (4.4 meV) and longitudinal (8.5 meV) peaks of the
    tunnelling alpha^2F (McMillan & Rowell, Phys. Rev. Lett. 14, 108 (1965); positions
    approximate). ``mu* = 0.13`` (Szczesniak et al., Solid State Commun. (2007) use
    mu* = 0.1295 for Pb in Eliashberg theory: checked against their abstract).
    Experiment: T_c = 7.19 K, 2 Delta_0 / k_B T_c = 4.5; this preset: T_c = 6.64 K,
    2 Delta_0 / k_B T_c = 4.45 (tests/pairing/test_eliashberg.py).
    """
    spectrum = _shape("Pb", 1.55, [4.4, 8.5], [0.75, 0.5], [1.0, 0.6],
                      omega_log_meV=4.83)  # lambda, omega_log: Carbotte RMP 62, 1027 (1990)
    return Material("Pb", EliashbergModel(spectrum, 0.13, "Pb"), 0.0, 7.19,
                    "lambda, omega_log: Carbotte RMP 62, 1027 (1990) (not re-checked); "
                    "peaks: McMillan & Rowell PRL 14, 108 (1965)")


def niobium() -> Material:
    """Nb at ambient pressure.

    ``lambda = 1.057`` and the longitudinal peak at 23 meV from the density-functional
    alpha^2F of Zarea, Ueki & Sauls, "Effects of anisotropy and disorder on the
    superconducting properties of niobium", Front. Phys. 11, 1269872 (2023) (checked
    against the abstract: lambda = 1.057, mu* = 0.218, T_c = 9.33 K, LO peak 23 meV);
    the transverse peak (16 meV) is an assumed position. ``mu* = 0.13`` (conventional;
    the paper's own 0.218 belongs to its cutoff convention and is not transferable).
    omega_log follows from the shape (17.5 meV).
    Experiment: T_c = 9.25 K. **This preset's Eliashberg T_c is 14.0 K**, 50 % above
    experiment: the two-peak model shape lacks the low-frequency weight of the real
    spectrum (its omega_log is too high) and mu* = 0.13 is lower than the paper's. Use a
    computed alpha^2F (:func:`cooperlab.pairing.alpha2f.from_file`) for Nb work.
    """
    spectrum = _shape("Nb", 1.057, [16.0, 23.0], [2.5, 1.5],  # lambda: Zarea et al. 2023
                      [1.0, 0.7])
    return Material("Nb", EliashbergModel(spectrum, 0.13, "Nb"), 0.0, 9.25,
                    "lambda, LO peak: Zarea, Ueki & Sauls, Front. Phys. 11, 1269872 "
                    "(2023); shape modelled")


def magnesium_diboride() -> Material:
    """MgB2 as a single-band effective (isotropic) superconductor.

    ``lambda = 0.87``, ``mu* = 0.10`` and the dominant bond-stretching E2g coupling near
    590 cm^-1 = 73 meV from Kong, Dolgov, Jepsen & Andersen, Phys. Rev. B 64, 020501(R)
    (2001) (who reproduce T_c = 40 K with mu* = 0.10 and find 2 Delta_0 / k_B T_c = 3.9;
    all checked against the abstract). Shape: the E2g peak plus a weaker
    acoustic/other-optical peak at 36 meV (assumed); omega_log follows from the shape.
    The real material is two-gap (sigma and pi bands); this isotropic model is not.
    Experiment: T_c = 39 K; this preset's Eliashberg T_c: 34.8 K.
    """
    spectrum = _shape("MgB2", 0.87, [36.0, 73.0], [6.0, 5.0], [0.35, 1.0])  # lambda: Kong 2001
    return Material("MgB2", EliashbergModel(spectrum, 0.10, "MgB2"), 0.0, 39.0,
                    "lambda, mu*, E2g peak: Kong et al. PRB 64, 020501(R) (2001)")


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
    ``mu* = 0.13``. Experiment: T_c = 203 K at about 150 GPa (Drozdov et al., Nature 525,
    73 (2015)); this preset's Eliashberg T_c: 213.6 K.
    """
    spectrum = _shape("H3S", 1.84, *_HYDRIDE_PEAKS,  # lambda: Errea PRL 114, 157004 (2015)
                      omega_log_meV=1335 * K_B_MEV_PER_K)  # omega_log: Duan Sci. Rep. 2014
    return Material("H3S", EliashbergModel(spectrum, 0.13, "H3S"), 200.0, 203.0,
                    "lambda: Errea et al. PRL 114, 157004 (2015); omega_log: Duan et al. "
                    "Sci. Rep. 4, 6968 (2014)")


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
    alpha^2F is at hand. ``mu* = 0.13`` (hydride calculations use 0.10-0.13).

    With these numbers: Eliashberg T_c = 252.0 K, Allen-Dynes 226.0 K, McMillan 186.7 K,
    inside the 200-280 K window of the measurements (tests/pairing/test_materials.py)
    but above the 215 K measured at this preset's 150 GPa.
    Experiment: T_c = 250 K at 170 GPa (Drozdov et al., Nature 569, 528 (2019)), 215 K at
    150 GPa and 260 K at 190 GPa (as quoted by Kostrzewa et al.), and about 260 K near
    190 GPa (Somayazulu et al., Phys. Rev. Lett. 122, 027001 (2019)).
    """
    spectrum = _shape("LaH10", 2.2, *_HYDRIDE_PEAKS,  # lambda: Kostrzewa Sci. Rep. 2020
                      omega_log_meV=1300 * K_B_MEV_PER_K)  # ASSUMED, see docstring
    return Material("LaH10", EliashbergModel(spectrum, 0.13, "LaH10"), 150.0, 215.0,
                    "lambda: Kostrzewa et al. Sci. Rep. 10, 1592 (2020); omega_log "
                    "1300 K: assumed, not a published value")


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
