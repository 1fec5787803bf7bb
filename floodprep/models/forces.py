"""Who and where: rescue teams, shelters, drills and training, forest-fire patrols."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from floodprep.models.roster import mobile_validator
from org.models import OrgUnit
from org.scoping import OrgScopedQuerySet


class RescueTeam(models.Model):
    """A rescue team (救援队伍): 镇有队伍、村有小组."""

    class Kind(models.TextChoices):
        COMPREHENSIVE = "comprehensive", _("Comprehensive")
        PROFESSIONAL = "professional", _("Professional")
        SOCIAL = "social", _("Volunteer / social")
        FOREST_FIRE = "forest_fire", _("Forest firefighting")

    org_unit = models.ForeignKey(OrgUnit, verbose_name=_("org unit"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    members = models.PositiveIntegerField(_("members"))
    leader = models.CharField(_("team leader"), max_length=30, blank=True)
    leader_mobile = models.CharField(_("leader's mobile"), max_length=11, blank=True, validators=[mobile_validator])
    equipment = models.TextField(_("equipment"), blank=True)
    is_active = models.BooleanField(_("in service"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    # Counted up by every save through a service; an edit form posts the one it was opened at (org/versioning.py).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = OrgScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("rescue team")
        verbose_name_plural = _("rescue teams")
        ordering = ["org_unit__path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "name"], name="floodprep_team_unique_name"),
            models.CheckConstraint(condition=Q(members__gte=1), name="floodprep_team_has_members"),
        ]

    def __str__(self) -> str:
        return self.name


class Shelter(models.Model):
    """An evacuation shelter (避灾安置场所); 规范化 once checked against the standard."""

    org_unit = models.ForeignKey(OrgUnit, verbose_name=_("org unit"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(_("capacity (persons)"))
    area = models.DecimalField(_("area (m²)"), max_digits=9, decimal_places=1)
    meets_standard = models.BooleanField(_("meets the standard"), default=False)
    checked_on = models.DateField(_("checked on"), null=True, blank=True)
    manager = models.CharField(_("manager"), max_length=30, blank=True)
    manager_mobile = models.CharField(_("manager's mobile"), max_length=11, blank=True, validators=[mobile_validator])
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    # Counted up by every save through a service; an edit form posts the one it was opened at (org/versioning.py).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = OrgScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("shelter")
        verbose_name_plural = _("shelters")
        ordering = ["org_unit__path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "name"], name="floodprep_shelter_unique_name"),
            # "Meets the standard" is a finding, so it needs the date of the check.
            models.CheckConstraint(
                condition=Q(meets_standard=False) | Q(checked_on__isnull=False),
                name="floodprep_shelter_standard_checked",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Drill(models.Model):
    """A drill (演练) or a training session (培训)."""

    class Kind(models.TextChoices):
        DRILL = "drill", _("Drill")
        TRAINING = "training", _("Training")

    org_unit = models.ForeignKey(OrgUnit, verbose_name=_("org unit"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    held_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=120)
    organiser = models.CharField(_("organiser"), max_length=100)
    participants = models.PositiveIntegerField(_("participants"))
    scenario = models.TextField(_("scenario or content"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = OrgScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("drill or training")
        verbose_name_plural = _("drills and training")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["held_on"])]

    def __str__(self) -> str:
        return self.title


class ForestPatrol(models.Model):
    """A forest-fire patrol (森林防火巡查) and the fire sources it found."""

    org_unit = models.ForeignKey(OrgUnit, verbose_name=_("org unit"), on_delete=models.PROTECT, related_name="+")
    patrolled_on = models.DateField(_("date"))
    route = models.CharField(_("route or area"), max_length=200)
    staff_count = models.PositiveIntegerField(_("staff"))
    fire_sources_found = models.PositiveIntegerField(_("fire sources found"), default=0)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = OrgScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("forest-fire patrol")
        verbose_name_plural = _("forest-fire patrols")
        ordering = ["-patrolled_on", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(staff_count__gte=1), name="floodprep_patrol_has_staff")]

    def __str__(self) -> str:
        return f"{self.patrolled_on} {self.route}"
