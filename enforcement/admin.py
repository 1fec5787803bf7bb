from django.contrib import admin

from enforcement.models import (
    Case,
    Finding,
    Inspection,
    IssuedDocument,
    JointAction,
    NumberSequence,
    OfficerCertificate,
    RectificationOrder,
)


@admin.register(JointAction)
class JointActionAdmin(admin.ModelAdmin):
    list_display = ("name", "start", "end", "lead")
    filter_horizontal = ("departments",)


class FindingInline(admin.TabularInline):
    model = Finding
    extra = 0
    raw_id_fields = ("hazard",)
    readonly_fields = ("created_at",)


@admin.register(Inspection)
class InspectionAdmin(admin.ModelAdmin):
    """Read-mostly: records are written through the portal so that they are audited."""

    list_display = ("unit_name", "org_unit", "sector", "kind", "inspected_on")
    list_filter = ("kind", "sector")
    search_fields = ("unit_name", "credit_code")
    list_select_related = ("org_unit", "sector")
    raw_id_fields = ("org_unit", "issuer", "joint_action", "recorded_by")
    filter_horizontal = ("officers",)
    inlines = [FindingInline]


@admin.register(RectificationOrder)
class RectificationOrderAdmin(admin.ModelAdmin):
    list_display = ("inspection", "issued_on", "deadline", "status", "reinspected_on")
    list_filter = ("status",)
    raw_id_fields = ("inspection",)
    readonly_fields = ("status", "overdue_since")


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ("number", "party_name", "org_unit", "stage", "filed_on", "decided_on", "fine_yuan")
    list_filter = ("stage", "sector")
    search_fields = ("number", "party_name", "credit_code")
    list_select_related = ("org_unit",)
    raw_id_fields = ("org_unit", "issuer", "inspection", "filed_by", "investigated_by", "notified_by", "hearing_by",
                     "decided_by", "executed_by", "closed_by")
    # The number and stage are the services' to set: a number is taken once and never reused.
    readonly_fields = ("number", "year", "seq", "stage", "due_reminded_on")
    filter_horizontal = ("officers",)


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(admin.ModelAdmin):
    list_display = ("number", "kind", "org_unit", "issued_by", "issued_at")
    list_filter = ("kind",)
    search_fields = ("number",)
    readonly_fields = ("kind", "number", "issuer", "org_unit", "inspection", "case", "file", "issued_by", "issued_at")


@admin.register(OfficerCertificate)
class OfficerCertificateAdmin(admin.ModelAdmin):
    list_display = ("user", "number")
    raw_id_fields = ("user",)


@admin.register(NumberSequence)
class NumberSequenceAdmin(admin.ModelAdmin):
    list_display = ("issuer", "code", "year", "last")
    readonly_fields = ("issuer", "code", "year", "last")
