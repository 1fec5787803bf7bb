"""防汛防台 records, one module per line of work (the package keeps each under ~400 lines)."""

from floodprep.models.forces import Drill, ForestPatrol, RescueTeam, Shelter
from floodprep.models.risk import RiskInspection, RiskPoint
from floodprep.models.roster import LEVEL_UNIT_KIND, CheckIn, PersonLevel, ResponsiblePerson
from floodprep.models.supplies import ReserveStandard, Stock, SupplyItem, Warehouse

__all__ = [
    "LEVEL_UNIT_KIND",
    "CheckIn",
    "Drill",
    "ForestPatrol",
    "PersonLevel",
    "RescueTeam",
    "ReserveStandard",
    "ResponsiblePerson",
    "RiskInspection",
    "RiskPoint",
    "Shelter",
    "Stock",
    "SupplyItem",
    "Warehouse",
]
