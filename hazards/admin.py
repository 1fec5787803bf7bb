from django.contrib import admin

from hazards.models import Campaign, Criterion, Hazard, HazardPhoto, ImportBatch, Sector


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "sort_order", "is_active")
    list_editable = ("sort_order", "is_active")


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("name", "start", "end")
    filter_horizontal = ("sectors",)


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ("standard", "part", "clause", "sector")
    list_filter = ("standard", "part", "sector")
    search_fields = ("clause", "text")


class HazardPhotoInline(admin.TabularInline):
    model = HazardPhoto
    extra = 0
    readonly_fields = ("kind", "image", "uploaded_by", "created_at")


@admin.register(Hazard)
class HazardAdmin(admin.ModelAdmin):
    """Read-mostly: state changes go through the portal so they are audited."""

    list_display = ("place_name", "org_unit", "sector", "level", "status", "found_on", "deadline")
    list_filter = ("status", "level", "sector", "source")
    search_fields = ("place_name", "description", "credit_code")
    list_select_related = ("org_unit", "sector")
    readonly_fields = ("status", "closed_on", "overdue_since", "import_key")
    raw_id_fields = ("org_unit", "village", "finder", "criterion", "campaign")
    inlines = [HazardPhotoInline]


admin.site.register(ImportBatch)
