from responsibility.views.overview import overview
from responsibility.views.ranking import (
    ranking_bulletin,
    ranking_bulletin_pdf,
    ranking_compute,
    ranking_detail,
    ranking_discard,
    ranking_list,
    ranking_publish,
    scheme_rules,
    township_history,
)
from responsibility.views.records import letter_scan, letter_sign, record_create, record_edit, record_list

__all__ = [
    "letter_scan",
    "letter_sign",
    "overview",
    "ranking_bulletin",
    "ranking_bulletin_pdf",
    "ranking_compute",
    "ranking_detail",
    "ranking_discard",
    "ranking_list",
    "ranking_publish",
    "record_create",
    "record_edit",
    "record_list",
    "scheme_rules",
    "township_history",
]
