from django.contrib import admin

from floodprep.models import (
    CheckIn,
    Drill,
    ForestPatrol,
    RescueTeam,
    ReserveStandard,
    ResponsiblePerson,
    RiskInspection,
    RiskPoint,
    RosterImport,
    Shelter,
    Stock,
    SupplyItem,
    Warehouse,
)


@admin.register(SupplyItem)
class SupplyItemAdmin(admin.ModelAdmin):
    """The catalogue is configuration, like the sector list: edited here."""

    list_display = ("name", "unit", "sort_order", "is_active")
    list_editable = ("unit", "sort_order", "is_active")


@admin.register(ReserveStandard)
class ReserveStandardAdmin(admin.ModelAdmin):
    """The reserve standard a bureau sets per township (储备标准)."""

    list_display = ("org_unit", "item", "quantity")
    list_filter = ("item",)
    list_editable = ("quantity",)
    list_select_related = ("org_unit", "item")
    raw_id_fields = ("org_unit",)


class ReadMostly(admin.ModelAdmin):
    """Records are written through the portal so that every change is audited."""

    list_select_related = ("org_unit",)
    raw_id_fields = ("org_unit",)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ResponsiblePerson)
class ResponsiblePersonAdmin(ReadMostly):
    list_display = ("name", "post", "level", "org_unit", "is_active")
    list_filter = ("level", "is_active")
    search_fields = ("name", "post")
    exclude = ("mobile",)  # personal data: seen through the portal's masking rules only


@admin.register(RiskPoint)
class RiskPointAdmin(ReadMostly):
    list_display = ("name", "kind", "org_unit", "people_at_risk", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "location")
    filter_horizontal = ("responsible_persons",)


@admin.register(RiskInspection)
class RiskInspectionAdmin(ReadMostly):
    list_display = ("inspected_on", "title", "org_unit", "staff_count", "points_checked", "hazards_found")
    date_hierarchy = "inspected_on"
    raw_id_fields = ("org_unit", "risk_points", "hazards", "recorded_by")


@admin.register(Warehouse)
class WarehouseAdmin(ReadMostly):
    list_display = ("name", "level", "kind", "org_unit", "is_active")
    list_filter = ("level", "kind")


@admin.register(RescueTeam)
class RescueTeamAdmin(ReadMostly):
    list_display = ("name", "kind", "org_unit", "members", "is_active")
    list_filter = ("kind",)


@admin.register(Shelter)
class ShelterAdmin(ReadMostly):
    list_display = ("name", "org_unit", "capacity", "meets_standard", "checked_on")
    list_filter = ("meets_standard",)


@admin.register(Drill)
class DrillAdmin(ReadMostly):
    list_display = ("held_on", "kind", "title", "org_unit", "participants")
    list_filter = ("kind",)
    date_hierarchy = "held_on"


@admin.register(ForestPatrol)
class ForestPatrolAdmin(ReadMostly):
    list_display = ("patrolled_on", "route", "org_unit", "staff_count", "fire_sources_found")
    date_hierarchy = "patrolled_on"


admin.site.register(CheckIn)
admin.site.register(Stock)
admin.site.register(RosterImport)
