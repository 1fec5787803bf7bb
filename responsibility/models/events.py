"""Accidents (生产安全事故) and publicity and training events (宣传教育培训)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from org.models import OrgUnit
from responsibility.models.records import DatedQuerySet


class AccidentQuerySet(DatedQuerySet):
    date_field = "occurred_on"


class Accident(models.Model):
    """A work-safety accident (生产安全事故)."""

    class Kind(models.TextChoices):
        INDUSTRY = "industry", _("Industry, mining and trade")
        CONSTRUCTION = "construction", _("Construction")
        ROAD = "road", _("Road traffic")
        FIRE = "fire", _("Fire")
        GAS = "gas", _("Gas")
        WATER = "water", _("Waterway traffic")
        RAIL = "rail", _("Railway traffic")
        FARM_MACHINE = "farm_machine", _("Agricultural machinery")
        FISHING = "fishing", _("Fishing vessel")
        OTHER = "other", _("Other")

    class Grade(models.TextChoices):
        # In ascending order of gravity; GRADE_ORDER relies on it.
        ORDINARY = "ordinary", _("Ordinary")
        LARGER = "larger", _("Larger")
        MAJOR = "major", _("Major")
        GRAVE = "grave", _("Especially grave")

    class Investigation(models.TextChoices):
        REPORTED = "reported", _("Reported")
        INVESTIGATING = "investigating", _("Under investigation")
        CLOSED = "closed", _("Investigation closed")

    occurred_on = models.DateField(_("date"))
    org_unit = models.ForeignKey(OrgUnit, verbose_name=_("org unit"), on_delete=models.PROTECT, related_name="+")
    place = models.CharField(_("place or enterprise"), max_length=120)
    # The register's enterprise this record names, when recognised (enterprises.linking); the typed name stays.
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise in the register"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accidents",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    grade = models.CharField(_("grade"), max_length=10, choices=Grade.choices, default=Grade.ORDINARY)
    dead = models.PositiveIntegerField(_("dead"), default=0)
    injured = models.PositiveIntegerField(_("seriously injured"), default=0)
    direct_loss_yuan = models.DecimalField(_("direct loss (yuan)"), max_digits=14, decimal_places=2, default=0)
    description = models.TextField(_("description"))
    investigation = models.CharField(
        _("investigation"), max_length=14, choices=Investigation.choices, default=Investigation.REPORTED
    )

    # Counted up by every save through a service; an edit form posts the one it was opened at (org/versioning.py).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = AccidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("accident")
        verbose_name_plural = _("accidents")
        ordering = ["-occurred_on", "-pk"]
        indexes = [models.Index(fields=["occurred_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(direct_loss_yuan__gte=0), name="accident_loss_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on:%Y-%m-%d} {self.place}"

    @property
    def implied_grade(self) -> str:
        """The lowest grade the figures allow (《生产安全事故报告和调查处理条例》 art. 3;
        the lower bounds include the number itself)."""
        loss = self.direct_loss_yuan or Decimal(0)
        for grade, dead, injured, loss_yuan in GRADE_THRESHOLDS:
            if self.dead >= dead or self.injured >= injured or loss >= loss_yuan:
                return grade
        return self.Grade.ORDINARY

    @property
    def is_larger_or_above(self) -> bool:
        return self.grade != self.Grade.ORDINARY

    def clean(self) -> None:
        implied = self.implied_grade
        if GRADE_ORDER.index(self.grade) < GRADE_ORDER.index(implied):
            raise ValidationError(
                {
                    "grade": _("With these figures the accident is at least “%(grade)s”.")
                    % {"grade": self.Grade(implied).label}
                }
            )


class AccidentGroup(models.TextChoices):
    """The groups the national statistics count accidents in (应急管理部《生产安全事故统计调查制度》)."""

    INDUSTRY_TRADE = "industry_trade", _("Industry, mining and trade")
    ROAD = "road", _("Road traffic")
    WATER = "water", _("Waterway traffic")
    RAIL = "rail", _("Railway traffic")
    FARM_MACHINE = "farm_machine", _("Agricultural machinery")
    FISHING = "fishing", _("Fishing vessel")
    FIRE = "fire", _("Fire")


# Each kind sits in exactly one group, so the groups add up to the accident total as the statistics do.
# 工矿商贸 is every production and business unit outside the traffic, farm-machinery, fishing and fire lines:
# construction (建筑业) is one of its trades, and so are the "other" kinds a township records (confined
# spaces, poisoning at a works). Gas (城镇燃气) accidents at restaurants and shops are reported by the gas
# authority as accidents of 工矿商贸 units, so they sit there too; a gas leak that ends in a fire at business
# premises is recorded with the kind "fire" and counts under 火灾 (经营性场所火灾).
ACCIDENT_GROUPS: dict[str, str] = {
    Accident.Kind.INDUSTRY: AccidentGroup.INDUSTRY_TRADE,
    Accident.Kind.CONSTRUCTION: AccidentGroup.INDUSTRY_TRADE,
    Accident.Kind.GAS: AccidentGroup.INDUSTRY_TRADE,
    Accident.Kind.OTHER: AccidentGroup.INDUSTRY_TRADE,
    Accident.Kind.ROAD: AccidentGroup.ROAD,
    Accident.Kind.WATER: AccidentGroup.WATER,
    Accident.Kind.RAIL: AccidentGroup.RAIL,
    Accident.Kind.FARM_MACHINE: AccidentGroup.FARM_MACHINE,
    Accident.Kind.FISHING: AccidentGroup.FISHING,
    Accident.Kind.FIRE: AccidentGroup.FIRE,
}
# The kinds a summary names inside their group: "工矿商贸事故2起（含建筑施工事故1起）".
NAMED_WITHIN_GROUP = (Accident.Kind.CONSTRUCTION, Accident.Kind.GAS)

GRADE_ORDER = list(Accident.Grade.values)
# (grade, dead, seriously injured, direct loss in yuan): the lower bound of each grade, gravest first.
GRADE_THRESHOLDS = [
    (Accident.Grade.GRAVE, 30, 100, Decimal("100000000")),
    (Accident.Grade.MAJOR, 10, 50, Decimal("50000000")),
    (Accident.Grade.LARGER, 3, 10, Decimal("10000000")),
]


class PublicityEvent(models.Model):
    """A training, publicity or drill event (培训、宣传咨询日、安全生产月、五进、警示教育、演练)."""

    class Kind(models.TextChoices):
        TRAINING = "training", _("Training")
        CONSULTATION_DAY = "consultation", _("Publicity and consultation day")
        SAFETY_MONTH = "safety_month", _("Safety Production Month")
        FIVE_INTO = "five_into", _("Five-into campaign")
        WARNING_EDUCATION = "warning", _("Warning education")
        DRILL = "drill", _("Drill")

    org_unit = models.ForeignKey(OrgUnit, verbose_name=_("org unit"), on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=150)
    organiser = models.CharField(_("organiser"), max_length=100, blank=True)
    participants = models.PositiveIntegerField(_("participants"), default=0)
    materials = models.PositiveIntegerField(_("materials handed out"), default=0)
    media_pieces = models.PositiveIntegerField(_("media pieces"), default=0)
    notes = models.TextField(_("notes"), blank=True)

    # Counted up by every save through a service; an edit form posts the one it was opened at (org/versioning.py).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = DatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("publicity or training event")
        verbose_name_plural = _("publicity and training events")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title
