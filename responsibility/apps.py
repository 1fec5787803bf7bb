from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResponsibilityConfig(AppConfig):
    name = "responsibility"
    verbose_name = _("Responsibility system")

    def ready(self) -> None:
        from enterprises.linking import LinkedKind, register
        from responsibility.models import Accident, Interview

        register(LinkedKind(Accident, "place", label=_("Accidents"), date_field="occurred_on"))
        register(
            LinkedKind(
                Interview, "enterprise", link_field="enterprise_record", label=_("Interviews"), date_field="held_on"
            )
        )
