from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HazardsConfig(AppConfig):
    name = "hazards"
    verbose_name = _("Hazard investigation and rectification")

    def ready(self) -> None:
        from hazards import rollup
        from org.backup import restored

        # A restore flushes, then loads: on SQLite the flush's order can leave the triggers' counts of the
        # old rows behind, so the rollup is counted again from the restored hazards.
        restored.connect(rollup.rebuild_after_restore, dispatch_uid="hazards.rollup")
        _register_enterprise_links()


def _register_enterprise_links() -> None:
    from enterprises.linking import LinkedKind, register
    from hazards.models import Hazard

    register(
        LinkedKind(
            Hazard,
            "place_name",
            "credit_code",
            label=_("Hazards"),
            detail="hazards:detail",
            listing="hazards:list",
            date_field="found_on",
        )
    )
