from responsibility.services.ledgers import (
    LEDGER_WRITERS,
    StaleEdit,
    complaint_create,
    complaint_update,
    incident_create,
    incident_update,
    investment_create,
    investment_update,
)
from responsibility.services.ranking import ranking_compute, ranking_discard, ranking_publish
from responsibility.services.records import (
    EDITORS,
    OFFICE,
    RECORDERS,
    accident_create,
    committee_create,
    interview_create,
    leader_inspection_create,
    letter_create,
    letter_sign,
    meeting_create,
    publicity_event_create,
    record_update,
)

__all__ = [
    "EDITORS", "OFFICE", "RECORDERS", "accident_create", "committee_create", "interview_create",
    "leader_inspection_create", "letter_create", "letter_sign", "meeting_create", "publicity_event_create",
    "ranking_compute", "ranking_discard", "ranking_publish", "record_update",
    "LEDGER_WRITERS", "StaleEdit", "complaint_create", "complaint_update", "incident_create", "incident_update",
    "investment_create", "investment_update",
]
