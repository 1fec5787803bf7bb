"""Admin: configuration is edited here; domain records are only read.

Every change to a domain record goes through a service, which checks the transition, bumps the version and
leaves an audit entry (issue 17). Django's admin saves and deletes around all three, so for domain records it
is a viewer: ``DomainRecordAdmin`` refuses add, change and delete for everyone, superusers included. What stays
editable is configuration no service owns, and each such admin says why; none of them may delete, because
hazards, figures, documents or audit entries refer to those rows.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.templatetags import admin_list
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group, Permission
from django.db import models
from django.forms import ModelMultipleChoiceField
from django.http import HttpRequest
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from org.audit import AuditAction, action_choices, action_label, record_audit
from org.models import AuditEntry, ExportJob, Notification, OrgUnit, User

admin.site.site_header = _("SafetyPortal administration")
admin.site.site_title = _("SafetyPortal administration")
admin.site.index_title = _("Records and configuration")
# django-axes names its app from its label ("Axes"), which no catalogue translates; the admin lists it by name.
apps.get_app_config("axes").verbose_name = _("Login lockouts")


def _boolean_icon(field_val: bool | None) -> SafeString:
    """Django's yes/no icon, with its alt text in words: Django writes str(value), "True", which a screen
    reader reads out in English (issue 17). The changelist and read-only fields both look it up here."""
    icon = {True: "yes", False: "no", None: "unknown"}[field_val]
    words = {True: _("Yes"), False: _("No"), None: _("Unknown")}[field_val]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), words)


admin_list._boolean_icon = _boolean_icon  # type: ignore[attr-defined]  # Django has no hook for it: its private helper is replaced

# Permission names are stored in English when the tables are created ("Can add session"); the admin's
# permission pickers say them in words from the model's verbose name instead.
_PERMISSION_VERBS = {
    "add": _("Can add %(model)s"),
    "change": _("Can change %(model)s"),
    "delete": _("Can delete %(model)s"),
    "view": _("Can view %(model)s"),
}


def permission_label(permission: Permission) -> str:
    model = permission.content_type.model_class()
    verb = permission.codename.split("_", 1)[0]
    if model is None or verb not in _PERMISSION_VERBS:
        return f"{permission.content_type.app_label} | {permission.name}"
    app = apps.get_app_config(model._meta.app_label).verbose_name
    return f"{app} | {model._meta.verbose_name} | {_PERMISSION_VERBS[verb] % {'model': model._meta.verbose_name}}"


def permissions_in_words(
    db_field: models.ManyToManyField[Any, Any], field: ModelMultipleChoiceField[Any] | None
) -> ModelMultipleChoiceField[Any] | None:
    """The permission picker of users and groups, in words."""
    if db_field.name in ("permissions", "user_permissions") and field is not None:
        field.label_from_instance = permission_label  # type: ignore[method-assign, assignment]  # Django's documented way
    return field


class DomainRecordAdmin(admin.ModelAdmin):
    """A domain record, shown read-only: its services are the only writers."""

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class DomainRecordInline(admin.TabularInline):
    """The rows of a domain record shown under it, read-only like the record."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class ConfigurationAdmin(admin.ModelAdmin):
    """Configuration the services read but do not own: edited here, never deleted (records refer to it)."""

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(OrgUnit)
class OrgUnitAdmin(DomainRecordAdmin):
    # Read-only: org_unit_create owns the tree, and moving a unit would re-scope every record under it (a hazard
    # moved to 青山镇 kept a village of 城关街道).
    list_display = ("name", "code", "kind", "parent", "path")
    list_filter = ("kind",)
    search_fields = ("name", "code")
    list_select_related = ("parent",)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Accounts stay editable (role, unit, password, deactivation) but are never deleted.

    Audit entries name their actor; a user who leaves is deactivated so that the trail keeps the name
    (AuditEntry.actor is PROTECT). Each save here leaves an audit entry of its own.
    """

    list_display = ("username", "display_name", "org_unit", "role", "is_active")
    list_filter = ("role", "is_active")
    list_select_related = ("org_unit",)
    search_fields = ("username", "display_name", "phone")
    autocomplete_fields = ("org_unit", "enterprise")
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Portal"), {"fields": ("display_name", "phone", "org_unit", "role", "enterprise")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Portal"), {"fields": ("display_name", "org_unit", "role", "enterprise")}),
    )

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def formfield_for_manytomany(
        self, db_field: models.ManyToManyField[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelMultipleChoiceField[Any] | None:
        return permissions_in_words(db_field, super().formfield_for_manytomany(db_field, request, **kwargs))

    def save_model(self, request: Any, obj: User, form: Any, change: bool) -> None:
        if obj.role == "enterprise" and obj.enterprise is not None:
            obj.org_unit = obj.enterprise.org_unit  # the enterprise's township, which grants no scope (org.scoping)
        super().save_model(request, obj, form, change)
        record_audit(
            actor=request.user,
            action=AuditAction.USER_CHANGED if change else "org.user.created",
            target=obj,
            org_unit=obj.org_unit,
            data={"fields": sorted(form.changed_data), "via": "admin"},
        )


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(BaseGroupAdmin):
    """Django's group admin, its permission picker in words."""

    def formfield_for_manytomany(
        self, db_field: models.ManyToManyField[Any, Any], request: HttpRequest | None = None, **kwargs: Any
    ) -> ModelMultipleChoiceField[Any] | None:
        return permissions_in_words(db_field, super().formfield_for_manytomany(db_field, request, **kwargs))


class RecordTypeFilter(admin.RelatedOnlyFieldListFilter):
    """The content type filter, titled in words (the field itself has no verbose name)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.title = _("record type")


class ActionFilter(admin.SimpleListFilter):
    """The action filter in words (org.audit.ACTIONS), not in codes."""

    title = _("action")
    parameter_name = "action"

    def lookups(self, request: Any, model_admin: Any) -> list[tuple[str, str]]:
        return action_choices()

    def queryset(self, request: Any, queryset: Any) -> Any:
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(DomainRecordAdmin):
    """The audit trail for administrators: every change to a record, bulk ones included; read-only."""

    list_display = ("created_at", "actor", "action_words", "org_unit", "target_kind", "target_record", "data")
    list_filter = (
        ActionFilter,
        ("target_type", RecordTypeFilter),
        ("org_unit", admin.RelatedOnlyFieldListFilter),
        "created_at",
    )
    list_select_related = ("actor", "target_type", "org_unit")
    search_fields = ("action", "actor__username", "actor__display_name", "=target_id")
    date_hierarchy = "created_at"
    # The change page is a read-only view; the action is shown in words there too.
    fields = readonly_fields = (
        "created_at",
        "actor",
        "action_words",
        "org_unit",
        "target_kind",
        "target_record",
        "data",
    )
    list_per_page = 100

    @admin.display(description=_("action"), ordering="action")
    def action_words(self, entry: AuditEntry) -> str:
        return action_label(entry.action, entry.target_type_id)

    @admin.display(description=_("record type"), ordering="target_type")
    def target_kind(self, entry: AuditEntry) -> str:
        model = entry.target_type.model_class() if entry.target_type else None
        return str(model._meta.verbose_name) if model else ""

    @admin.display(description=_("record ID"), ordering="target_id")
    def target_record(self, entry: AuditEntry) -> int | None:
        return entry.target_id


@admin.register(Notification)
class NotificationAdmin(DomainRecordAdmin):
    list_display = ("created_at", "recipient", "message", "read_at")
    list_select_related = ("recipient",)


@admin.register(ExportJob)
class ExportJobAdmin(DomainRecordAdmin):
    list_display = ("created_at", "owner", "kind_words", "status", "progress", "total")

    exclude = ("kind",)
    readonly_fields = ("kind_words",)

    @admin.display(description=_("kind"), ordering="kind")
    def kind_words(self, job: ExportJob) -> str:
        return job.kind_label

    list_filter = ("status",)
    list_select_related = ("owner",)
