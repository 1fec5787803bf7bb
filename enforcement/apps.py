from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementConfig(AppConfig):
    name = "enforcement"
    verbose_name = _("Administrative enforcement")

    def ready(self) -> None:
        from enforcement.models import Case, Inspection
        from enterprises.linking import LinkedKind, RecordFacet, register, register_facet

        register(
            LinkedKind(
                Inspection,
                "unit_name",
                "credit_code",
                label=_("Inspections"),
                detail="enforcement:inspection_detail",
                listing="enforcement:inspection_list",
                date_field="inspected_on",
            )
        )
        register(
            LinkedKind(
                Case,
                "party_name",
                "credit_code",
                label=_("Penalty cases"),
                detail="enforcement:case_detail",
                listing="enforcement:case_list",
                date_field="filed_on",
            )
        )
        # 失信惩戒: the decisions that listed the enterprise, apart from its other cases (as the case list's
        # measure filter: a penalty counts once decided).
        register_facet(
            RecordFacet(
                Case,
                _("Credit-penalty listings"),
                filters=(("credit_penalty", True), ("decided_on__isnull", False)),
                query=(("measure", "credit_penalty"),),
            )
        )
