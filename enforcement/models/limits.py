"""Inspections within limits (涉企行政检查频次): annual caps per enterprise, and annual inspection plans
with their 双随机 draws.

国办发〔2024〕54号 asks bureaus to plan 涉企行政检查 and limit how often one enterprise is inspected; the
numbers themselves are the bureau's own setting (InspectionCap rows), not figures fixed by law.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from enterprises.models import Enterprise
from org.models import OrgUnit


class InspectionCap(models.Model):
    """检查频次上限: at most ``max_per_year`` inspections of one enterprise a year, every department counted.

    A cap applies from ``from_year`` on to enterprises of its class; a blank risk or standardization grade
    matches any. Not owned by a township: one bureau-wide table that leaders and administrators keep.
    """

    from_year = models.PositiveSmallIntegerField(
        _("from year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    risk = models.CharField(_("risk grade"), max_length=10, choices=Enterprise.Risk.choices, blank=True)
    standardization = models.CharField(
        _("safety standardization grade"), max_length=10, choices=Enterprise.Standardization.choices, blank=True
    )
    max_per_year = models.PositiveSmallIntegerField(
        _("inspections a year at most"), validators=[MinValueValidator(1), MaxValueValidator(99)]
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("inspection cap")
        verbose_name_plural = _("inspection caps")
        ordering = ["-from_year", "risk", "standardization"]
        constraints = [
            models.UniqueConstraint(fields=["from_year", "risk", "standardization"], name="inspection_cap_class"),
            models.CheckConstraint(condition=Q(max_per_year__gte=1), name="inspection_cap_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.from_year} {self.class_label()} ≤ {self.max_per_year}"

    def class_label(self) -> str:
        parts = [
            str(self.get_risk_display()) if self.risk else "",
            str(self.get_standardization_display()) if self.standardization else "",
        ]
        return " / ".join(p for p in parts if p) or str(_("All enterprises"))


class InspectionPlan(models.Model):
    """年度涉企行政检查计划 of one issuer, with the share of enterprises to be drawn at random (双随机)."""

    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    issuer = models.ForeignKey(
        OrgUnit, verbose_name=_("enforcement authority"), on_delete=models.PROTECT, related_name="+"
    )
    planned_count = models.PositiveIntegerField(_("enterprises planned"), validators=[MinValueValidator(1)])
    random_share = models.PositiveSmallIntegerField(
        _("share drawn at random (%)"), default=50, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        ordering = ["-year", "issuer__name"]
        constraints = [
            models.UniqueConstraint(fields=["year", "issuer"], name="inspection_plan_year_issuer"),
            models.CheckConstraint(condition=Q(random_share__lte=100), name="inspection_plan_share_le_100"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.issuer}"

    @property
    def required_random(self) -> int:
        """Enterprises that must come from random draws: the share of the plan, rounded up."""
        return -(-self.planned_count * self.random_share // 100)


class PlanDraw(models.Model):
    """One 双随机 draw: enterprises from a filtered pool and officers of the issuer, reproducible from its seed.

    The pool is ordered by primary key before ``random.Random(seed)`` samples it, so the same seed over the
    same pool gives the same enterprises and officers.
    """

    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="draws")
    seed = models.BigIntegerField(_("seed"))
    township = models.ForeignKey(
        OrgUnit, verbose_name=_("township"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    risk = models.CharField(_("risk grade"), max_length=10, choices=Enterprise.Risk.choices, blank=True)
    key_only = models.BooleanField(_("key supervision only"), default=False)
    count = models.PositiveIntegerField(_("enterprises drawn"))
    pool_size = models.PositiveIntegerField(_("pool size"))
    # The drawn primary keys in the order they were drawn (the M2M below is for queries).
    drawn_order = models.JSONField(default=list, editable=False)
    enterprises = models.ManyToManyField(Enterprise, verbose_name=_("enterprises drawn"), related_name="+")
    officers = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("officers drawn"), related_name="+")
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    drawn_at = models.DateTimeField(_("drawn at"), auto_now_add=True)

    class Meta:
        verbose_name = _("random draw")
        verbose_name_plural = _("random draws")
        ordering = ["plan", "pk"]

    def __str__(self) -> str:
        return f"{self.plan} #{self.pk}"
