"""Writes to summaries: draft, edit, regenerate, review (submit, comment, send back, approve, reopen).

One module per concern (drafting, editing, review); everything a caller needs is importable from here.
"""

from reports.services.common import APPROVERS, WRITERS, EditConflict, TheirVersion
from reports.services.drafting import (
    draft_figures,
    draft_sections,
    item_templates,
    report_create,
    report_items_choose,
    report_regenerate,
    report_scope,
    skeleton,
)
from reports.services.editing import (
    report_problem_accept,
    report_section_edit,
    report_section_lines,
    report_section_take_draft,
    report_update,
    section_changes,
)
from reports.services.review import (
    report_approve,
    report_comment_add,
    report_reopen,
    report_return,
    report_submit,
    shown_in_list,
)

__all__ = [
    "APPROVERS",
    "WRITERS",
    "EditConflict",
    "TheirVersion",
    "draft_figures",
    "draft_sections",
    "item_templates",
    "report_approve",
    "report_comment_add",
    "report_create",
    "report_items_choose",
    "report_problem_accept",
    "report_regenerate",
    "report_reopen",
    "report_return",
    "report_scope",
    "report_section_edit",
    "report_section_lines",
    "report_section_take_draft",
    "report_submit",
    "report_update",
    "section_changes",
    "shown_in_list",
    "skeleton",
]
