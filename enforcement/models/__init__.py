"""Records of administrative enforcement (行政执法): inspections with their findings and
orders, joint actions, penalty cases, and the documents issued for them."""

from enforcement.models.cases import DECISION_LIMIT_DAYS, Case, CaseQuerySet
from enforcement.models.documents import IssuedDocument, NumberSequence, OfficerCertificate
from enforcement.models.inspections import (
    Finding,
    Inspection,
    InspectionQuerySet,
    JointAction,
    OrderQuerySet,
    RectificationOrder,
)
from enforcement.models.limits import InspectionCap, InspectionPlan, PlanDraw

__all__ = [
    "DECISION_LIMIT_DAYS",
    "Case",
    "CaseQuerySet",
    "Finding",
    "Inspection",
    "InspectionCap",
    "InspectionPlan",
    "InspectionQuerySet",
    "IssuedDocument",
    "JointAction",
    "NumberSequence",
    "OfficerCertificate",
    "OrderQuerySet",
    "PlanDraw",
    "RectificationOrder",
]
