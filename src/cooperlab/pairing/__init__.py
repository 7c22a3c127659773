"""Pairing: BCS mean field on given bands, superfluid weight, BKT temperature."""

from cooperlab.pairing.bcs import BandPairingData, GapSolution, critical_temperature, solve_gap
from cooperlab.pairing.superfluid import (
    SuperfluidWeight,
    bkt_temperature,
    superfluid_weight,
)

__all__ = [
    "BandPairingData",
    "GapSolution",
    "SuperfluidWeight",
    "bkt_temperature",
    "critical_temperature",
    "solve_gap",
    "superfluid_weight",
]
