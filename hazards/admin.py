from django.contrib import admin

from hazards.models import Campaign, Criterion, Hazard, HazardPhoto, Sector
from org.admin import ConfigurationAdmin, DomainRecordAdmin, DomainRecordInline


@admin.register(Sector)
class SectorAdmin(ConfigurationAdmin):
    # Editable: the display order, name and whether a sector is offered are configuration no service owns. The code
    # is fixed once created (importers and figures look sectors up by it) and hazards keep theirs, so no delete.
    list_display = ("name", "code", "sort_order", "is_active")
    list_editable = ("sort_order", "is_active")

    def get_readonly_fields(self, request, obj=None):
        return ("code",) if obj is not None else ()


@admin.register(Campaign)
class CampaignAdmin(DomainRecordAdmin):
    # Read-only: special campaigns are written in the portal (campaign_create / campaign_update), audited.
    list_display = ("name", "start", "end")


@admin.register(Criterion)
class CriterionAdmin(ConfigurationAdmin):
    # Editable: the texts of the standards' clauses are reference material no service owns; hazards cite them
    # (PROTECT), so a criterion is corrected, never deleted.
    list_display = ("standard", "part", "clause", "sector")
    list_filter = ("standard", "part", "sector")
    search_fields = ("clause", "text")


class HazardPhotoInline(DomainRecordInline):
    model = HazardPhoto
    fields = ("kind", "image", "uploaded_by", "created_at")
    readonly_fields = fields


@admin.register(Hazard)
class HazardAdmin(DomainRecordAdmin):
    # Read-only: every state change and edit goes through hazards.services (state checks, version, audit).
    list_display = ("place_name", "org_unit", "sector", "level", "status", "found_on", "deadline")
    list_filter = ("status", "level", "sector", "source")
    search_fields = ("place_name", "description", "credit_code")
    list_select_related = ("org_unit", "sector")
    inlines = [HazardPhotoInline]
