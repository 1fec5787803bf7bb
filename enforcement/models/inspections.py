"""Inspections (现场检查), their findings and orders, and joint enforcement actions."""

from __future__ import annotations

import datetime as dt
from typing import Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hazards.models import Hazard, Sector
from org.models import OrgUnit
from org.scoping import OrgScopedQuerySet


class JointAction(models.Model):
    """A joint enforcement action (联合执法行动) run by several departments together.

    Not owned by one township: it is city- or district-wide, and every user may see its name.
    """

    name = models.CharField(_("name"), max_length=120, unique=True)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    lead = models.ForeignKey(
        OrgUnit, verbose_name=_("lead unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    departments = models.ManyToManyField(
        OrgUnit,
        verbose_name=_("departments"),
        blank=True,
        related_name="joint_actions",
        limit_choices_to={"kind": OrgUnit.Kind.DEPARTMENT},
    )
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("joint enforcement action")
        verbose_name_plural = _("joint enforcement actions")
        ordering = ["-start", "name"]
        constraints = [models.CheckConstraint(condition=Q(end__gte=F("start")), name="joint_action_end_after_start")]

    def __str__(self) -> str:
        return self.name


class InspectionQuerySet(OrgScopedQuerySet):
    def in_period(self, start: dt.date, end: dt.date) -> Self:
        return self.filter(inspected_on__range=(start, end))


class Inspection(models.Model):
    """An on-site inspection of one unit (现场检查); the law requires two officers."""

    class Kind(models.TextChoices):
        ROUTINE = "routine", _("Routine inspection")
        SPECIAL = "special", _("Special inspection")
        RANDOM = "random", _("Double-random inspection")
        JOINT = "joint", _("Joint enforcement")
        UNANNOUNCED = "unannounced", _("Unannounced visit")

    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("township"), on_delete=models.PROTECT, related_name="inspections"
    )
    issuer = models.ForeignKey(
        OrgUnit, verbose_name=_("enforcement authority"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.ROUTINE)
    joint_action = models.ForeignKey(
        JointAction,
        verbose_name=_("joint action"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    campaign = models.ForeignKey(
        "hazards.Campaign",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit_name = models.CharField(_("unit inspected"), max_length=120)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    # The register's enterprise this record names, when recognised (enterprises.linking); the typed name stays.
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise in the register"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    unit_contact = models.CharField(_("person in charge on site"), max_length=50, blank=True)
    contact_phone = models.CharField(_("phone"), max_length=20, blank=True)
    sector = models.ForeignKey(Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="+")
    inspected_on = models.DateField(_("date of inspection"))
    summary = models.TextField(_("what was inspected"), blank=True)
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("officers"), related_name="enforcement_inspections"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    import_key = models.CharField(max_length=40, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    # Counted up by every save through a service; an edit form posts the one it was opened at (org/versioning.py).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-inspected_on", "-pk"]
        indexes = [
            # Covers what the figures count, so a city's inspections are counted from the index alone.
            models.Index(
                fields=["org_unit", "inspected_on"],
                name="inspection_figures_idx",
                include=["id", "credit_code", "unit_name", "joint_action", "sector", "kind", "campaign"],
            ),
            models.Index(fields=["inspected_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="joint") | Q(joint_action__isnull=False), name="inspection_joint_has_action"
            ),
            models.UniqueConstraint(
                fields=["import_key"], condition=~Q(import_key=""), name="inspection_unique_import_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_name}（{self.inspected_on:%Y-%m-%d}）"

    def clean(self) -> None:
        if self.kind == self.Kind.JOINT and self.joint_action_id is None:
            raise ValidationError({"joint_action": _("A joint enforcement inspection belongs to a joint action.")})


class FindingQuerySet(OrgScopedQuerySet):
    org_field = "inspection__org_unit"


class Finding(models.Model):
    """A problem found in an inspection (检查发现的问题): put right on the spot, ordered to be
    rectified by a deadline (责令限期整改), or handed to the township's hazard loop."""

    class Handling(models.TextChoices):
        ORDER = "order", _("Order to rectify by a deadline")
        HAZARD = "hazard", _("Hand over to the hazard loop")
        ON_SPOT = "on_spot", _("Put right on the spot")

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    description = models.TextField(_("problem found"))
    legal_basis = models.CharField(_("provision violated"), max_length=300, blank=True)
    is_major = models.BooleanField(_("major accident hazard"), default=False)
    handling = models.CharField(_("handling"), max_length=10, choices=Handling.choices, default=Handling.ORDER)
    # The link both ways: the hazard reaches its finding as ``hazard.inspection_finding``.
    hazard = models.OneToOneField(
        Hazard,
        verbose_name=_("hazard"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inspection_finding",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["inspection", "pk"]

    def __str__(self) -> str:
        return self.description[:40]


class OrderQuerySet(OrgScopedQuerySet):
    org_field = "inspection__org_unit"

    def awaiting(self) -> Self:
        return self.filter(status=RectificationOrder.Status.AWAITING)

    def overdue(self, today: dt.date | None = None) -> Self:
        return self.awaiting().filter(deadline__lt=today or timezone.localdate())


class RectificationOrder(models.Model):
    """An order to rectify by a deadline (责令限期整改) and its re-inspection (整改复查)."""

    class Status(models.TextChoices):
        AWAITING = "awaiting", _("Awaiting re-inspection")
        PASSED = "passed", _("Rectified")
        FAILED = "failed", _("Not rectified")

    inspection = models.OneToOneField(Inspection, on_delete=models.CASCADE, related_name="order")
    issued_on = models.DateField(_("issued on"))
    deadline = models.DateField(_("rectify by"))
    requirements = models.TextField(_("requirements"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.AWAITING)
    reinspected_on = models.DateField(_("re-inspected on"), null=True, blank=True)
    reinspection_note = models.TextField(_("re-inspection opinion"), blank=True)
    reinspected_by = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("re-inspecting officers"), blank=True, related_name="+"
    )
    overdue_since = models.DateField(_("overdue since"), null=True, blank=True)

    objects = OrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("rectification order")
        verbose_name_plural = _("rectification orders")
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["status", "deadline"])]
        constraints = [
            models.CheckConstraint(condition=Q(deadline__gte=F("issued_on")), name="order_deadline_after_issue"),
            models.CheckConstraint(
                condition=Q(status="awaiting") | Q(reinspected_on__isnull=False), name="order_reinspected_has_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.inspection.unit_name} {self.deadline:%Y-%m-%d}"

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.AWAITING and self.deadline < timezone.localdate()
