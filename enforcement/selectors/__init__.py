"""Reads of enforcement records. ``figures`` holds the contract other apps rely on."""

from enforcement.selectors.figures import (
    CARD_KEYS,
    EnforcementFigures,
    Period,
    enforcement_figures,
    enforcement_figures_by_campaign,
    enforcement_figures_by_joint_action,
    enforcement_figures_by_month,
    enforcement_figures_by_sector,
    enforcement_figures_by_township,
    enforcement_figures_with_townships,
)
from enforcement.selectors.lists import (
    OpenWork,
    campaign_choices,
    case_detail_queryset,
    case_filter,
    case_list,
    document_queryset,
    inspection_detail_queryset,
    inspection_filter,
    inspection_list,
    issuer_choices,
    joint_action_list,
    my_open_work,
    officer_choices,
)

__all__ = [
    "CARD_KEYS", "EnforcementFigures", "OpenWork", "Period", "case_detail_queryset", "case_filter", "case_list",
    "campaign_choices", "document_queryset", "enforcement_figures", "enforcement_figures_by_campaign",
    "enforcement_figures_by_joint_action", "enforcement_figures_by_month",
    "enforcement_figures_by_sector", "enforcement_figures_by_township", "enforcement_figures_with_townships",
    "inspection_detail_queryset",
    "inspection_filter", "inspection_list", "issuer_choices", "joint_action_list", "my_open_work", "officer_choices",
]
