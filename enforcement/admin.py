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
from org.admin import ConfigurationAdmin, DomainRecordAdmin, DomainRecordInline

# Inspections, orders, cases, issued documents, joint actions and number sequences are read-only: the
# enforcement services number them, move them through their stages and audit every step.


@admin.register(JointAction)
class JointActionAdmin(DomainRecordAdmin):
    list_display = ("name", "start", "end", "lead")


class FindingInline(DomainRecordInline):
    model = Finding


@admin.register(Inspection)
class InspectionAdmin(DomainRecordAdmin):
    list_display = ("unit_name", "org_unit", "sector", "kind", "inspected_on")
    list_filter = ("kind", "sector")
    search_fields = ("unit_name", "credit_code")
    list_select_related = ("org_unit", "sector")
    inlines = [FindingInline]


@admin.register(RectificationOrder)
class RectificationOrderAdmin(DomainRecordAdmin):
    list_display = ("inspection", "issued_on", "deadline", "status", "reinspected_on")
    list_filter = ("status",)


@admin.register(Case)
class CaseAdmin(DomainRecordAdmin):
    list_display = ("number", "party_name", "org_unit", "stage", "filed_on", "decided_on", "fine_yuan")
    list_filter = ("stage", "sector")
    search_fields = ("number", "party_name", "credit_code")
    list_select_related = ("org_unit",)


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(DomainRecordAdmin):
    list_display = ("number", "kind", "org_unit", "issued_by", "issued_at")
    list_filter = ("kind",)
    search_fields = ("number",)


@admin.register(OfficerCertificate)
class OfficerCertificateAdmin(ConfigurationAdmin):
    # Editable: an officer's certificate number is personnel data no service owns (it is checked, not written, by
    # the services); issued documents keep the number they were printed with. Never deleted.
    list_display = ("user", "number")
    raw_id_fields = ("user",)


@admin.register(NumberSequence)
class NumberSequenceAdmin(DomainRecordAdmin):
    # A document number is taken once and never reused: the sequence is the services' alone.
    list_display = ("issuer", "code", "year", "last")
