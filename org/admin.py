from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from org.models import AuditEntry, ExportJob, Notification, OrgUnit, User


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "parent", "path")
    list_filter = ("kind",)
    search_fields = ("name", "code")
    list_select_related = ("parent",)
    autocomplete_fields = ("parent",)

    def save_model(self, request, obj, form, change):
        # The path is derived from the parent's; keep it right when admins move a unit.
        obj.path = f"{obj.parent.path if obj.parent else ''}{obj.code}/"
        super().save_model(request, obj, form, change)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "display_name", "org_unit", "role", "is_active")
    list_filter = ("role", "is_active")
    list_select_related = ("org_unit",)
    search_fields = ("username", "display_name", "phone")
    autocomplete_fields = ("org_unit",)
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Portal"), {"fields": ("display_name", "phone", "org_unit", "role")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Portal"), {"fields": ("display_name", "org_unit", "role")}),
    )


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit trail for administrators: every change to a record, bulk ones included; read-only."""

    list_display = ("created_at", "actor", "action", "org_unit", "target_type", "target_id", "data")
    list_filter = ("action", ("target_type", admin.RelatedOnlyFieldListFilter),
                   ("org_unit", admin.RelatedOnlyFieldListFilter), "created_at")
    list_select_related = ("actor", "target_type", "org_unit")
    search_fields = ("action", "actor__username", "actor__display_name", "=target_id")
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in AuditEntry._meta.fields]
    list_per_page = 100

    # An audit trail that an administrator could edit would prove nothing.
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


admin.site.register(Notification)
admin.site.register(ExportJob)
