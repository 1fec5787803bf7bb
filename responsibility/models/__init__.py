from responsibility.models.complaints import Complaint
from responsibility.models.events import GRADE_ORDER, Accident, PublicityEvent
from responsibility.models.incidents import Incident
from responsibility.models.investments import SafetyInvestment
from responsibility.models.ranking import (
    Colour,
    ColourBand,
    DeductionRule,
    Indicator,
    Ranking,
    RankingEntry,
    RankingScheme,
    RubricElement,
)
from responsibility.models.records import Committee, Interview, LeaderInspection, Meeting, ResponsibilityLetter
from responsibility.models.returns import MEASURE_UNITS, Measure, Return, ReturnIndicator, ReturnPeriod, ReturnValue

__all__ = [
    "GRADE_ORDER",
    "Accident",
    "Colour",
    "ColourBand",
    "Committee",
    "DeductionRule",
    "Indicator",
    "Interview",
    "LeaderInspection",
    "Meeting",
    "PublicityEvent",
    "Ranking",
    "RankingEntry",
    "RankingScheme",
    "ResponsibilityLetter",
    "RubricElement",
    "Complaint",
    "Incident",
    "SafetyInvestment",
    "MEASURE_UNITS",
    "Measure",
    "Return",
    "ReturnIndicator",
    "ReturnPeriod",
    "ReturnValue",
]
