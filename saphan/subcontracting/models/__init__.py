"""Subcontracting data: wages, readiness of groups, offers, allocation runs and lots, the ledger."""

from saphan.subcontracting.models.allocation import (
    AllocationRun,
    Lot,
    LotStatus,
    ProgressReport,
    RunKind,
    RunOffer,
    RunStatus,
    Shortfall,
)
from saphan.subcontracting.models.common import (
    GROUP_KINDS,
    PARTY_KINDS,
    MachineCondition,
    MachineType,
    Operation,
    UnavailableReason,
)
from saphan.subcontracting.models.ledger import (
    Agreement,
    MaterialKind,
    MaterialMovement,
    MemberShare,
    Payment,
    PaymentMethod,
    Receipt,
    ReceiptPhoto,
    RetentionError,
    ShareBasis,
)
from saphan.subcontracting.models.offers import OfferOperation, OfferStage, OfferStatus, WorkOffer
from saphan.subcontracting.models.readiness import (
    CompanyProfile,
    GroupProfile,
    Machine,
    Member,
    Unavailability,
)
from saphan.subcontracting.models.wages import MinimumWage

__all__ = [
    "GROUP_KINDS",
    "PARTY_KINDS",
    "Agreement",
    "AllocationRun",
    "CompanyProfile",
    "GroupProfile",
    "Lot",
    "LotStatus",
    "Machine",
    "MachineCondition",
    "MachineType",
    "MaterialKind",
    "MaterialMovement",
    "Member",
    "MemberShare",
    "MinimumWage",
    "OfferOperation",
    "OfferStage",
    "OfferStatus",
    "Operation",
    "Payment",
    "PaymentMethod",
    "ProgressReport",
    "Receipt",
    "ReceiptPhoto",
    "RetentionError",
    "RunKind",
    "RunOffer",
    "RunStatus",
    "ShareBasis",
    "Shortfall",
    "Unavailability",
    "UnavailableReason",
    "WorkOffer",
]
