"""Every write to enforcement records. Views call these; none calls ``.save()`` itself."""

from enforcement.services.cases import (
    MEASURE_FIELDS,
    TRANSITIONS,
    allowed_actions,
    case_close,
    case_decide,
    case_execute,
    case_file,
    case_hold_hearing,
    case_investigate,
    case_notify,
    case_update,
)
from enforcement.services.common import WRITERS, TransitionError
from enforcement.services.documents import document_issue
from enforcement.services.inspections import (
    finding_add,
    finding_to_hazard,
    inspection_create,
    inspection_update,
    order_issue,
    order_reinspect,
)
from enforcement.services.joint_actions import joint_action_create
from enforcement.services.reminders import enforcement_send_reminders

__all__ = [
    "MEASURE_FIELDS",
    "TRANSITIONS",
    "WRITERS",
    "TransitionError",
    "allowed_actions",
    "case_close",
    "case_decide",
    "case_execute",
    "case_file",
    "case_hold_hearing",
    "case_investigate",
    "case_notify",
    "case_update",
    "document_issue",
    "enforcement_send_reminders",
    "finding_add",
    "finding_to_hazard",
    "inspection_create",
    "inspection_update",
    "joint_action_create",
    "order_issue",
    "order_reinspect",
]
