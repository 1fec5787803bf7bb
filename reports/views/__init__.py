from reports.views.dashboard import dashboard, township_dashboard, township_dossier
from reports.views.problems import problem_accept
from reports.views.summary import (
    narrative_edit,
    report_action,
    report_comment,
    report_create,
    report_detail,
    report_file,
    report_generate,
    report_items,
    report_list,
    section_edit,
    section_sentences,
)

__all__ = [
    "dashboard",
    "township_dashboard",
    "township_dossier",
    "narrative_edit",
    "report_action",
    "report_comment",
    "report_create",
    "report_detail",
    "report_file",
    "report_generate",
    "report_items",
    "report_list",
    "section_edit",
    "section_sentences",
    "problem_accept",
]
