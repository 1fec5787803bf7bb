"""Flood risk points and the inspections that check them."""

from __future__ import annotations

from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from floodprep.models.roster import ResponsiblePerson
from org.models import OrgUnit
from org.scoping import OrgScopedQuerySet


class RiskPointQuerySet(OrgScopedQuerySet):
    def active(self) -> Self:
        return self.filter(is_active=True)


class RiskPoint(models.Model):
    """A flood risk point (风险点): a landslide zone, a flash-flood village, a waterlogging spot…"""

    class Kind(models.TextChoices):
        GEOHAZARD = "geohazard", _("Geological hazard risk zone")
        FLASH_FLOOD = "flash_flood", _("Flash-flood key village")
        WATERLOGGING = "waterlogging", _("Urban waterlogging point")
        RIVER = "river", _("River section")
        CONSTRUCTION = "construction", _("Building site")
        OLD_ESTATE = "old_estate", _("Old residential estate")
        OTHER = "other", _("Other")

    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("org unit"), on_delete=models.PROTECT, related_name="flood_risk_points"
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    location = models.CharField(_("location"), max_length=200, blank=True)
    people_at_risk = models.PositiveIntegerField(_("people at risk"), default=0)
    responsible_persons = models.ManyToManyField(
        ResponsiblePerson, verbose_name=_("responsible persons"), blank=True, related_name="risk_points"
    )
    monitoring_notes = models.TextField(_("monitoring notes"), blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # Counted up by every save through a service; an edit form posts the one it was opened at (org/versioning.py).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = RiskPointQuerySet.as_manager()

    class Meta:
        verbose_name = _("risk point")
        verbose_name_plural = _("risk points")
        ordering = ["org_unit__path", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["org_unit", "name"], name="floodprep_riskpoint_unique_name")]

    def __str__(self) -> str:
        return self.name


class RiskInspection(models.Model):
    """One turn-out to check risk points (防汛防台风险隐患排查), with the counts a summary adds up.

    Hazards found are either rectified or, when that cannot happen before the
    rain, covered by flood-season measures (落实度汛措施); the rest stay open.
    """

    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("org unit"), on_delete=models.PROTECT, related_name="flood_inspections"
    )
    inspected_on = models.DateField(_("date"))
    title = models.CharField(_("inspection"), max_length=120)
    staff_count = models.PositiveIntegerField(_("staff turned out"))
    points_checked = models.PositiveIntegerField(_("points checked"))
    hazards_found = models.PositiveIntegerField(_("hazards found"), default=0)
    hazards_rectified = models.PositiveIntegerField(_("hazards rectified"), default=0)
    measures_in_place = models.PositiveIntegerField(_("flood-season measures in place"), default=0)
    risk_points = models.ManyToManyField(
        RiskPoint, verbose_name=_("risk points checked"), blank=True, related_name="inspections"
    )
    hazards = models.ManyToManyField(
        "hazards.Hazard", verbose_name=_("hazards recorded"), blank=True, related_name="flood_inspections"
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # Counted up by every save through a service; an edit form posts the one it was opened at (org/versioning.py).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = OrgScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("risk-point inspection")
        verbose_name_plural = _("risk-point inspections")
        ordering = ["-inspected_on", "-pk"]
        indexes = [models.Index(fields=["org_unit", "inspected_on"]), models.Index(fields=["inspected_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(staff_count__gte=1), name="floodprep_inspection_has_staff"),
            models.CheckConstraint(
                condition=Q(hazards_found__gte=F("hazards_rectified") + F("measures_in_place")),
                name="floodprep_inspection_closed_not_above_found",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.inspected_on} {self.title}"

    @property
    def hazards_open(self) -> int:
        """Found but neither rectified nor covered by flood-season measures."""
        return self.hazards_found - self.hazards_rectified - self.measures_in_place
