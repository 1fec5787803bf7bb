from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FloodprepConfig(AppConfig):
    name = "floodprep"
    verbose_name = _("Flood, typhoon and disaster preparedness")

    def ready(self) -> None:
        from floodprep.importers import register_roster_files

        register_roster_files()
