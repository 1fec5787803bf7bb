"""The flood roster: responsible persons at every level and their season check-ins."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from org.models import OrgUnit
from org.scoping import OrgScopedQuerySet

MOBILE_PATTERN = r"^1[0-9]{10}$"
mobile_validator = RegexValidator(MOBILE_PATTERN, _("Enter an 11-digit mobile number starting with 1."))


class PersonLevel(models.TextChoices):
    """层级 of a responsible person; each sits on one kind of org unit."""

    COUNTY = "county", _("County level")
    TOWNSHIP = "township", _("Township level")
    VILLAGE = "village", _("Village level")
    GRID = "grid", _("Grid level")


# The org-unit kind each level belongs to (县级 → 区/县, 网格 → the village the grid lies in).
LEVEL_UNIT_KIND: dict[str, str] = {
    PersonLevel.COUNTY: OrgUnit.Kind.DISTRICT,
    PersonLevel.TOWNSHIP: OrgUnit.Kind.TOWNSHIP,
    PersonLevel.VILLAGE: OrgUnit.Kind.VILLAGE,
    PersonLevel.GRID: OrgUnit.Kind.VILLAGE,
}


class ResponsiblePersonQuerySet(OrgScopedQuerySet):
    def active(self) -> ResponsiblePersonQuerySet:
        return self.filter(is_active=True)


class ResponsiblePerson(models.Model):
    """A flood-control responsible person (防汛责任人) holding one post in one unit."""

    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("org unit"), on_delete=models.PROTECT, related_name="flood_persons"
    )
    level = models.CharField(_("level"), max_length=10, choices=PersonLevel.choices)
    post = models.CharField(_("post"), max_length=50)
    name = models.CharField(_("full name"), max_length=30)
    mobile = models.CharField(_("mobile"), max_length=11, validators=[mobile_validator])
    note = models.CharField(_("note"), max_length=200, blank=True)
    is_active = models.BooleanField(_("on the roster"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # Counted up by every save through a service; an edit form posts the one it was opened at (org/versioning.py).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = ResponsiblePersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("flood responsible person")
        verbose_name_plural = _("flood responsible persons")
        ordering = ["org_unit__path", "pk"]
        constraints = [
            # The import's duplicate key: one person, one unit, one number.
            models.UniqueConstraint(fields=["org_unit", "name", "mobile"], name="floodprep_person_unique"),
            models.CheckConstraint(condition=Q(mobile__regex=MOBILE_PATTERN), name="floodprep_person_mobile"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.post}）"


class CheckInQuerySet(OrgScopedQuerySet):
    org_field = "person__org_unit"


class CheckIn(models.Model):
    """A season check-in (进岗履职): the person was at their post on that day."""

    person = models.ForeignKey(
        ResponsiblePerson, verbose_name=_("responsible person"), on_delete=models.CASCADE, related_name="checkins"
    )
    checked_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-checked_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["person", "checked_on"], name="floodprep_checkin_once_a_day")]
        indexes = [models.Index(fields=["checked_on"])]

    def __str__(self) -> str:
        return f"{self.person_id} {self.checked_on}"
