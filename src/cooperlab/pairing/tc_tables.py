"""Tables of T_c: closed formulas against full Eliashberg, and T_c versus lambda.

:func:`solve_tc_comparison` solves the linearised Eliashberg equations for each model and lists
them beside the Allen-Dynes-modified McMillan and the Allen-Dynes formulas
(:mod:`cooperlab.pairing.tc_formulas`) fed with the same ``lambda``, ``omega_log``,
``omega_2`` and ``mu*`` (carried from the frequency it is quoted at to ``omega_max``, the
formulas' scale: ``EliashbergTc.mu_star_formula``); :func:`solve_tc_versus_coupling` does the same
along a line of couplings for a fixed spectral shape (alpha^2F scaled in amplitude).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from cooperlab.naming import deprecated_alias
from cooperlab.pairing.alpha2f import EliashbergFunction
from cooperlab.pairing.eliashberg import EliashbergModel, EliashbergOptions, solve_eliashberg_tc
from cooperlab.results import Convergence, Result, make_metadata, variable
from cooperlab.validation import require_range


@dataclass(kw_only=True)
class TcComparison(Result):
    """T_c of several superconductors by formula and by Eliashberg theory."""

    material: np.ndarray = variable(("material",), "", "material or model name",
                                    coordinate=True)
    coupling: np.ndarray = variable(("material",), "", "lambda")
    omega_log_meV: np.ndarray = variable(("material",), "meV", "omega_log")
    omega_2_meV: np.ndarray = variable(("material",), "meV", "omega_2")
    mu_star: np.ndarray = variable(("material",), "", "mu* as quoted")
    mu_star_reference_meV: np.ndarray = variable(("material",), "meV",
                                                 "frequency at which mu* is quoted")
    mu_star_cutoff: np.ndarray = variable(("material",), "",
                                          "mu*(w_c) used in the Eliashberg kernel")
    eliashberg_K: np.ndarray = variable(("material",), "K", "Eliashberg T_c")
    mcmillan_K: np.ndarray = variable(("material",), "K", "Allen-Dynes-modified McMillan T_c")
    allen_dynes_K: np.ndarray = variable(("material",), "K", "Allen-Dynes T_c (f1 f2)")

    def summary(self) -> dict[str, Any]:
        """One row per material."""
        rows = {}
        for i, name in enumerate(self.material):
            rows[str(name)] = {k: float(getattr(self, k)[i]) for k in _COLUMNS}
        return {"result": "TcComparison", "rows": rows}


#: The per-material columns of :class:`TcComparison` (every declared field but the name).
_COLUMNS = tuple(name for name in TcComparison.VARIABLES if name != "material")


def _rows(models: Iterable[EliashbergModel], options: EliashbergOptions | None
          ) -> tuple[dict[str, list[Any]], Convergence]:
    """The table's columns, and the convergence of every Eliashberg T_c in it."""
    columns: dict[str, list[Any]] = {"material": [], **{k: [] for k in _COLUMNS}}
    records = []
    for model in models:
        result = solve_eliashberg_tc(model, options)
        records.append(result.convergence)
        columns["material"].append(model.name or model.spectrum.label or "model")
        columns["coupling"].append(result.coupling)
        columns["omega_log_meV"].append(result.omega_log_meV)
        columns["omega_2_meV"].append(result.omega_2_meV)
        columns["mu_star"].append(result.mu_star)
        columns["mu_star_reference_meV"].append(result.mu_star_reference_meV)
        columns["mu_star_cutoff"].append(result.mu_star_cutoff)
        columns["eliashberg_K"].append(result.tc_K)
        columns["mcmillan_K"].append(result.mcmillan_K)
        columns["allen_dynes_K"].append(result.allen_dynes_K)
    achieved = [r.achieved for r in records if r.achieved is not None]
    return columns, Convergence(
        passed=all(r.passed for r in records),
        criterion="every Eliashberg T_c: " + (records[0].criterion if records else "none"),
        achieved=max(achieved) if achieved else None,
        target=next((r.target for r in records if r.target is not None), None),
        discretisation={"n_matsubara": [r.discretisation["n_matsubara"] for r in records],
                        "cutoff_meV": [r.discretisation["cutoff_meV"] for r in records]})


def solve_tc_comparison(models: Sequence[EliashbergModel] | None = None,
               options: EliashbergOptions | None = None) -> TcComparison:
    """Formula versus Eliashberg T_c for ``models`` (default: every material preset)."""
    from cooperlab.pairing.materials import MATERIALS, material

    start = time.perf_counter()
    chosen = list(models) if models is not None else [material(n).model for n in MATERIALS]
    columns, convergence = _rows(chosen, options)
    return TcComparison(
        material=np.array(columns.pop("material"), dtype=str),
        **{k: np.asarray(v, dtype=float) for k, v in columns.items()},
        metadata=make_metadata(options=options, wall_time_s=time.perf_counter() - start,
                               convergence=convergence),
    )


@dataclass(kw_only=True)
class TcVersusCoupling(Result):
    """T_c along a line of couplings for one alpha^2F shape."""

    coupling: np.ndarray = variable(("coupling",), "", "lambda", coordinate=True)
    eliashberg_K: np.ndarray = variable(("coupling",), "K", "Eliashberg T_c")
    mcmillan_K: np.ndarray = variable(("coupling",), "K", "Allen-Dynes-modified McMillan T_c")
    allen_dynes_K: np.ndarray = variable(("coupling",), "K", "Allen-Dynes T_c (f1 f2)")

    def plot(self, ax: Any = None, **kwargs: Any) -> Any:
        """T_c versus lambda (:func:`cooperlab.plotting.conventional.plot_tc_versus_lambda`)."""
        from cooperlab.plotting.conventional import plot_tc_versus_lambda

        return plot_tc_versus_lambda(self, ax=ax, **kwargs)

    def summary(self) -> dict[str, Any]:
        """The three curves."""
        return {"result": "TcVersusCoupling", "coupling": self.coupling.tolist(),
                "eliashberg_K": self.eliashberg_K.tolist(),
                "allen_dynes_K": self.allen_dynes_K.tolist()}


def solve_tc_versus_coupling(spectrum: EliashbergFunction, mu_star: float,
                     couplings: Sequence[float] | np.ndarray,
                     options: EliashbergOptions | None = None,
                     mu_star_reference_meV: float | None = None) -> TcVersusCoupling:
    """Eliashberg and formula T_c for ``spectrum`` rescaled to each ``lambda``.

    ``mu_star`` is quoted at ``mu_star_reference_meV`` (None: at the Matsubara cutoff), as
    in :class:`~cooperlab.pairing.eliashberg.EliashbergModel`.
    """
    start = time.perf_counter()
    values = np.asarray(couplings, dtype=float)
    for value in values:
        require_range("lambda", value, 0.0, 100.0, low_inclusive=False)
    models = (EliashbergModel(spectrum.scaled(float(c)), mu_star,
                              mu_star_reference_meV=mu_star_reference_meV) for c in values)
    columns, convergence = _rows(models, options)
    return TcVersusCoupling(
        coupling=values, eliashberg_K=np.asarray(columns["eliashberg_K"]),
        mcmillan_K=np.asarray(columns["mcmillan_K"]),
        allen_dynes_K=np.asarray(columns["allen_dynes_K"]),
        metadata=make_metadata(options=options, wall_time_s=time.perf_counter() - start,
                               mu_star=mu_star, mu_star_reference_meV=mu_star_reference_meV,
                               spectrum=spectrum.to_dict(), convergence=convergence),
    )


# Deprecated names (removed in the next release).
compare_tc = deprecated_alias(solve_tc_comparison, "compare_tc")
tc_versus_lambda = deprecated_alias(solve_tc_versus_coupling, "tc_versus_lambda")
