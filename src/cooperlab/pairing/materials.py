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
    of Superconductivity*, ed. C. P. Poole (Academic Press, 2000), table of elements).
    Shape: peaks at the transverse (19 meV) and longitudinal (37 meV) maxima of the Al
    phonon density of states (approximate positions; omega_log follows from this shape,
    it is not a published value). ``mu* = 0.12``, a conventional choice for simple metals.
    T_c (experiment) = 1.18 K.
    """
    spectrum = _shape("Al", 0.43, [19.0, 37.0], [3.0, 2.0], [1.0, 0.8])  # lambda: Allen 2000
    return Material("Al", EliashbergModel(spectrum, 0.12, "Al"), 0.0, 1.18,
                    "lambda: Allen, Handbook of Superconductivity (2000); shape modelled")


def lead() -> Material:
    """Pb at ambient pressure: the classic strong-coupling superconductor.

    ``lambda = 1.55`` and ``omega_log = 4.83 meV`` (Carbotte, Rev. Mod. Phys. 62, 1027
    (1990), Table IV, from tunnelling inversion). Shape: the transverse (4.4 meV) and
    longitudinal (8.5 meV) peaks of the tunnelling alpha^2F (McMillan & Rowell, Phys. Rev.
    Lett. 14, 108 (1965)). ``mu* = 0.13`` (tunnelling-inversion values for Pb lie at
    0.11-0.14; e.g. Szczesniak et al., Solid State Commun. (2007) use 0.1295).
    Experiment: T_c = 7.2 K, 2 Delta_0 / k_B T_c = 4.5.
    """
    spectrum = _shape("Pb", 1.55, [4.4, 8.5], [0.75, 0.5], [1.0, 0.6],
                      omega_log_meV=4.83)  # lambda, omega_log: Carbotte RMP 62, 1027 (1990)
    return Material("Pb", EliashbergModel(spectrum, 0.13, "Pb"), 0.0, 7.19,
                    "lambda, omega_log: Carbotte RMP 62, 1027 (1990); peaks: McMillan & "
                    "Rowell PRL 14, 108 (1965)")


def niobium() -> Material:
    """Nb at ambient pressure.

    ``lambda = 1.057`` and the longitudinal peak at 23 meV from the density-functional
    alpha^2F of Zarea, Ueki & Sauls (2023, "Effects of anisotropy and disorder on the
    superconducting properties of niobium"); the transverse peak (16 meV) is an assumed
    position. ``mu* = 0.13`` (conventional; the paper's own 0.218 belongs to its cutoff
    convention and is not transferable). omega_log follows from the shape.
    Experiment: T_c = 9.25 K.
    """
    spectrum = _shape("Nb", 1.057, [16.0, 23.0], [2.5, 1.5], [1.0, 0.7])  # lambda: Zarea 2023
    return Material("Nb", EliashbergModel(spectrum, 0.13, "Nb"), 0.0, 9.25,
                    "lambda, LO peak: Zarea, Ueki & Sauls (2023); shape modelled")


def magnesium_diboride() -> Material:
    """MgB2 as a single-band effective (isotropic) superconductor.

    ``lambda = 0.87``, ``mu* = 0.10`` and the dominant bond-stretching E2g coupling near
    590 cm^-1 = 73 meV from Kong, Dolgov, Jepsen & Andersen, Phys. Rev. B 64, 020501(R)
    (2001) (who reproduce T_c = 40 K with mu* = 0.10). Shape: the E2g peak plus a weaker
    acoustic/other-optical peak at 36 meV (assumed); omega_log follows from the shape.
    The real material is two-gap (sigma and pi bands); this isotropic model is not.
    Experiment: T_c = 39 K.
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
    114, 157004 (2015) (harmonic: 2.64). ``omega_log = 1335 K = 115.0 meV``: the harmonic
    value of Duan et al., Sci. Rep. 4, 6968 (2014) (with their lambda = 2.19 the
    Allen-Dynes-modified McMillan formula returns their quoted 191-204 K for
    mu* = 0.13-0.10; tests/pairing/test_materials.py checks this). Combining the anharmonic
    lambda with the harmonic omega_log is a modelling choice: Errea et al. report that
    anharmonicity mostly reduces lambda (stretching modes harden, bending modes soften).
    ``mu* = 0.13``. Experiment: T_c = 203 K at 150-155 GPa (Drozdov et al., Nature 525, 73
    (2015)).
    """
    spectrum = _shape("H3S", 1.84, *_HYDRIDE_PEAKS,  # lambda: Errea PRL 114, 157004 (2015)
                      omega_log_meV=1335 * K_B_MEV_PER_K)  # omega_log: Duan Sci. Rep. 2014
    return Material("H3S", EliashbergModel(spectrum, 0.13, "H3S"), 200.0, 203.0,
                    "lambda: Errea et al. PRL 114, 157004 (2015); omega_log: Duan et al. "
                    "Sci. Rep. 4, 6968 (2014)")


def lah10() -> Material:
    """Fm-3m LaH10 near 150 GPa.

    ``lambda = 2.2`` at 150 GPa (Kostrzewa, Szczesniak, Durajski & Szczesniak, Sci. Rep.
    10, 1592 (2020), where lambda ~ 2.2 at 150 GPa and ~ 2.8 at 190 GPa). ``omega_log =
    1300 K = 112 meV``: a representative value inside the 100-150 meV range reported for
    fcc LaH10 (Liu et al., PNAS 114, 6990 (2017); Errea et al., Nature 578, 66 (2020)),
    not one paper's table entry. ``mu* = 0.13`` (hydride calculations use 0.10-0.13).
    Experiment: T_c = 250 K at 170 GPa (Drozdov et al., Nature 569, 528 (2019)) and 215 K
    at 150 GPa (as quoted by Kostrzewa et al.); Somayazulu et al., PRL 122, 027001 (2019):
    260 K near 190 GPa.
    """
    spectrum = _shape("LaH10", 2.2, *_HYDRIDE_PEAKS,  # lambda: Kostrzewa Sci. Rep. 2020
                      omega_log_meV=1300 * K_B_MEV_PER_K)  # representative, see docstring
    return Material("LaH10", EliashbergModel(spectrum, 0.13, "LaH10"), 150.0, 215.0,
                    "lambda: Kostrzewa et al. Sci. Rep. 10, 1592 (2020); omega_log: "
                    "representative of Liu 2017 / Errea 2020")


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
