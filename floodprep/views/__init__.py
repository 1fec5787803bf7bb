from floodprep.views.detail import (
    inspection_counts,
    inspection_detail,
    inspection_link_hazard,
    person_checkin,
    person_detail,
    risk_point_detail,
    warehouse_detail,
    warehouse_stock,
)
from floodprep.views.io import roster_export
from floodprep.views.readiness import readiness, shortfalls
from floodprep.views.records import record_create, record_edit, record_list

__all__ = [
    "inspection_counts",
    "inspection_detail",
    "inspection_link_hazard",
    "person_checkin",
    "person_detail",
    "readiness",
    "record_create",
    "record_edit",
    "record_list",
    "risk_point_detail",
    "roster_export",
    "shortfalls",
    "warehouse_detail",
    "warehouse_stock",
]
