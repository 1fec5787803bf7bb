"""The register is kept in the portal, where every change is audited and versioned: read-only here."""

from __future__ import annotations

from django.contrib import admin

from enterprises.models import Enterprise
from org.admin import DomainRecordAdmin


@admin.register(Enterprise)
class EnterpriseAdmin(DomainRecordAdmin):
    list_display = ("name", "credit_code", "org_unit", "risk")
    search_fields = ("name", "credit_code")
