from enforcement.views.cases import case_action, case_create, case_detail, case_edit, case_list
from enforcement.views.documents import case_document_issue, document_download, inspection_document_issue
from enforcement.views.inspections import (
    inspection_action,
    inspection_create,
    inspection_detail,
    inspection_edit,
    inspection_list,
    inspection_visit_warnings,
)
from enforcement.views.work import figures, joint_action_create, joint_action_detail, joint_action_list, my_work

__all__ = [
    "case_action",
    "case_create",
    "case_detail",
    "case_document_issue",
    "case_edit",
    "case_list",
    "document_download",
    "figures",
    "inspection_action",
    "inspection_create",
    "inspection_detail",
    "inspection_document_issue",
    "inspection_edit",
    "inspection_list",
    "inspection_visit_warnings",
    "joint_action_create",
    "joint_action_detail",
    "joint_action_list",
    "my_work",
]
