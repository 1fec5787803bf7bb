from __future__ import annotations

import mimetypes
from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_default_wording(sender: AppConfig, **kwargs: Any) -> None:
    # After every migrate, as Django creates permissions and content types: a data migration would
    # freeze the wording into history or import live code that a later model change breaks.
    if kwargs.get("plan") is None:
        return  # flush sends the signal too (no plan): a restore then loads the bureau's own wording
    from reports.defaults import ensure_default_wording

    ensure_default_wording()


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Half-year summaries")

    def ready(self) -> None:
        post_migrate.connect(_ensure_default_wording, sender=self)
        # FileResponse guesses the type from the name; Python's own table lacks the Office types,
        # so a slim image without /etc/mime.types would serve the Word file as octet-stream.
        mimetypes.add_type("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx")
        mimetypes.add_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx")
