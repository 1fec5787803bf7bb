from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FloodprepConfig(AppConfig):
    name = "floodprep"
    verbose_name = _("Flood, typhoon and disaster preparedness")
