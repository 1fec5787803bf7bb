from reports.views.summary import (
    narrative_edit,
    report_action,
    report_create,
    report_detail,
    report_file,
    report_generate,
    report_list,
    section_edit,
)

__all__ = [
    "narrative_edit", "report_action", "report_create", "report_detail", "report_file", "report_generate",
    "report_list", "section_edit",
]
