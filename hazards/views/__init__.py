from hazards.views.bulk import hazard_bulk_close
from hazards.views.io import export_ledger
from hazards.views.ledger import (
    criteria,
    entry_hints,
    hazard_action,
    hazard_create,
    hazard_detail,
    hazard_edit,
    hazard_list,
    hazard_notice_pdf,
    hazard_photo,
)

__all__ = [
    "criteria",
    "entry_hints",
    "export_ledger",
    "hazard_action",
    "hazard_bulk_close",
    "hazard_create",
    "hazard_detail",
    "hazard_edit",
    "hazard_list",
    "hazard_notice_pdf",
    "hazard_photo",
]
