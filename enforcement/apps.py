from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementConfig(AppConfig):
    name = "enforcement"
    verbose_name = _("Administrative enforcement")

    def ready(self) -> None:
        from enforcement.models import Case, Inspection
        from enterprises.linking import LinkedKind, register

        register(LinkedKind(Inspection, "unit_name", "credit_code", label=_("Inspections")))
        register(LinkedKind(Case, "party_name", "credit_code", label=_("Penalty cases")))
