"""Every write to the flood records; views call these, never ``.save()``.

Each service takes keyword-only arguments with ``acting_user``, runs in a
transaction, checks that any org unit it is given lies in the user's area and
writes an audit entry (action codes ``floodprep.<entity>.<verb>``).
"""

from floodprep.services.records import (
    drill_create,
    forest_patrol_create,
    rescue_team_create,
    rescue_team_update,
    risk_inspection_create,
    risk_inspection_link_hazard,
    risk_inspection_update_counts,
    risk_point_create,
    risk_point_update,
    shelter_create,
    shelter_update,
    stock_set,
    warehouse_create,
)
from floodprep.services.roster import (
    RosterImportCounts,
    RosterRow,
    checkin_record,
    responsible_person_create,
    responsible_person_update,
    responsible_persons_import,
    roster_match,
)

# Roles that keep the flood records: township staff for their area, administrators for all.
WRITERS = ("township_staff", "admin")

__all__ = [
    "WRITERS",
    "RosterImportCounts",
    "RosterRow",
    "checkin_record",
    "drill_create",
    "forest_patrol_create",
    "rescue_team_create",
    "rescue_team_update",
    "responsible_person_create",
    "responsible_person_update",
    "responsible_persons_import",
    "risk_inspection_create",
    "risk_inspection_link_hazard",
    "risk_inspection_update_counts",
    "risk_point_create",
    "risk_point_update",
    "roster_match",
    "shelter_create",
    "shelter_update",
    "stock_set",
    "warehouse_create",
]
