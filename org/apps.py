from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "org"
    verbose_name = _("Organisation and users")

    def ready(self) -> None:
        from axes.signals import user_locked_out

        from org.auth import on_user_locked_out
        from org.retention import register_org_files

        register_org_files()
        user_locked_out.connect(on_user_locked_out, dispatch_uid="org.auth.lockout_audit")
