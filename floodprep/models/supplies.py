"""Flood supplies (物资储备): warehouses, the item catalogue, stock and the reserve standard."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from floodprep.models.roster import mobile_validator
from org.models import OrgUnit
from org.scoping import OrgScopedQuerySet


class SupplyItem(models.Model):
    """An item of the catalogue (排水泵, 发电机, 卫星电话 …) with its unit of count; an editable list."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    unit = models.CharField(_("unit"), max_length=10)
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("supply item")
        verbose_name_plural = _("supply items")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class Warehouse(models.Model):
    """A store of flood supplies (物资仓库), run by the unit itself or stocked by a firm for it."""

    class Level(models.TextChoices):
        CITY = "city", _("City")
        TOWNSHIP = "township", _("Township")
        VILLAGE = "village", _("Village")

    class Kind(models.TextChoices):
        FIXED = "fixed", _("Designated store")
        SOCIAL = "social", _("Held by a firm on contract")

    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("org unit"), on_delete=models.PROTECT, related_name="flood_warehouses"
    )
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.FIXED)
    address = models.CharField(_("address"), max_length=200, blank=True)
    keeper = models.CharField(_("keeper"), max_length=30, blank=True)
    keeper_mobile = models.CharField(_("keeper's mobile"), max_length=11, blank=True, validators=[mobile_validator])
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = OrgScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("warehouse")
        verbose_name_plural = _("warehouses")
        ordering = ["org_unit__path", "name"]
        constraints = [models.UniqueConstraint(fields=["org_unit", "name"], name="floodprep_warehouse_unique_name")]

    def __str__(self) -> str:
        return self.name


class StockQuerySet(OrgScopedQuerySet):
    org_field = "warehouse__org_unit"


class Stock(models.Model):
    """How many of one item a warehouse holds."""

    warehouse = models.ForeignKey(
        Warehouse, verbose_name=_("warehouse"), on_delete=models.CASCADE, related_name="stocks"
    )
    item = models.ForeignKey(SupplyItem, verbose_name=_("item"), on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(_("quantity"))
    updated_on = models.DateField(_("counted on"))

    objects = StockQuerySet.as_manager()

    class Meta:
        verbose_name = _("stock")
        verbose_name_plural = _("stock")
        ordering = ["warehouse", "item__sort_order"]
        constraints = [models.UniqueConstraint(fields=["warehouse", "item"], name="floodprep_stock_one_row_per_item")]

    def __str__(self) -> str:
        return f"{self.warehouse_id} {self.item_id} {self.quantity}"


class ReserveStandard(models.Model):
    """The least a township must hold of one item, counting its own and its villages' stores (储备标准)."""

    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("township"), on_delete=models.PROTECT, related_name="flood_reserve_standards"
    )
    item = models.ForeignKey(SupplyItem, verbose_name=_("item"), on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(_("required quantity"))

    objects = OrgScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("reserve standard")
        verbose_name_plural = _("reserve standards")
        ordering = ["org_unit__path", "item__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "item"], name="floodprep_standard_one_per_item"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="floodprep_standard_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.org_unit_id} {self.item_id} ≥ {self.quantity}"
