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
    Shelter,
    Stock,
    SupplyItem,
    Warehouse,
)
from org.admin import ConfigurationAdmin, DomainRecordAdmin


@admin.register(SupplyItem)
class SupplyItemAdmin(ConfigurationAdmin):
    """The catalogue is configuration, like the sector list: edited here.

    No service owns it; stock counts name their item, so an item is retired (is_active), never deleted, and its
    unit is fixed once created (changing 件 to 箱 would falsify every count already taken).
    """

    list_display = ("name", "unit", "sort_order", "is_active")
    list_editable = ("sort_order", "is_active")

    def get_readonly_fields(self, request, obj=None):
        return ("unit",) if obj is not None else ()


@admin.register(ReserveStandard)
class ReserveStandardAdmin(ConfigurationAdmin):
    """The reserve standard a bureau sets per township (储备标准).

    Editable: a target the shortfall figures compare stocks against, set by the bureau and owned by no service;
    nothing refers to a standard row. Set to 0 rather than deleted; its township and item are fixed once created.
    """

    list_display = ("org_unit", "item", "quantity")
    list_filter = ("item",)
    list_editable = ("quantity",)
    list_select_related = ("org_unit", "item")
    raw_id_fields = ("org_unit",)

    def get_readonly_fields(self, request, obj=None):
        return ("org_unit", "item") if obj is not None else ()


class ReadMostly(DomainRecordAdmin):
    """Read-only: records are written through the portal's services so that every change is versioned and audited."""

    list_select_related = ("org_unit",)


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


@admin.register(RiskInspection)
class RiskInspectionAdmin(ReadMostly):
    list_display = ("inspected_on", "title", "org_unit", "staff_count", "points_checked", "hazards_found")
    date_hierarchy = "inspected_on"


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


@admin.register(CheckIn, Stock)
class FloodRecordAdmin(DomainRecordAdmin):
    # Read-only: check-ins and stock counts are written by the floodprep services.
    pass
