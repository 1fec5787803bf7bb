from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "org"
    verbose_name = _("Organisation and users")

    def ready(self) -> None:
        from org.retention import register_org_files

        register_org_files()
