"""Design items and proofs, printed materials and their distribution, publicity placements."""

from fukyu.publicity.models.design import (
    DesignDraft,
    DesignItem,
    FileKind,
    ProofComment,
    ProofRound,
)
from fukyu.publicity.models.distribution import (
    DistributionLine,
    EventUsage,
    Facility,
    PrintRun,
    Shipment,
)
from fukyu.publicity.models.placements import Placement

__all__ = [
    "DesignDraft",
    "DesignItem",
    "DistributionLine",
    "EventUsage",
    "Facility",
    "FileKind",
    "Placement",
    "PrintRun",
    "ProofComment",
    "ProofRound",
    "Shipment",
]
