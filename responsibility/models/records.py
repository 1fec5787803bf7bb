"""The records of the responsibility system (安全生产责任体系): committees, letters,
meetings, leader-led inspections and interviews."""

from __future__ import annotations

from typing import Self

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hazards.models import Hazard
from org.models import OrgUnit
from org.periods import Period
from org.scoping import OrgScopedQuerySet
from org.uploads import RandomName


class DatedQuerySet(OrgScopedQuerySet):
    """Records with a date of their own; ``in_period`` is the one period filter."""

    date_field = "held_on"

    def in_period(self, period: Period) -> Self:
        return self.filter(**{f"{self.date_field}__range": (period.start, period.end)})


class Committee(models.Model):
    """A safety committee (安委会) or one of its specialised committees (专委会) for one year.

    The set changes from year to year (seed 001: fourteen merged into ten), so each year has its own rows.
    """

    class Kind(models.TextChoices):
        MAIN = "main", _("Safety committee")
        SPECIALISED = "specialised", _("Specialised committee")

    org_unit = models.ForeignKey(OrgUnit, verbose_name=_("org unit"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.SPECIALISED)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("safety committee"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="specialised",
    )
    name = models.CharField(_("name"), max_length=100)
    lead_department = models.ForeignKey(
        OrgUnit,
        verbose_name=_("lead department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": OrgUnit.Kind.DEPARTMENT},
    )
    leader_in_charge = models.CharField(_("leader in charge"), max_length=50, blank=True)
    member_units = models.ManyToManyField(OrgUnit, verbose_name=_("member units"), blank=True, related_name="+")
    duties = models.TextField(_("duties"), blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    # Counted up by every save through a service; an edit form posts the one it was opened at (org/versioning.py).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = OrgScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["-year", "kind", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "year", "name"], name="committee_unique_name"),
            models.UniqueConstraint(
                fields=["org_unit", "year"], condition=Q(kind="main"), name="committee_one_main_per_year"
            ),
            # The safety committee stands alone; every specialised committee sits under one.
            models.CheckConstraint(
                condition=Q(kind="main", parent__isnull=True) | Q(kind="specialised", parent__isnull=False),
                name="committee_parent_by_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.year}）"


class ResponsibilityLetter(models.Model):
    """A responsibility letter (安全生产责任书) signed between two parties for one year.

    ``issuer`` is party A; ``org_unit`` is party B, or the township of party B when B is an enterprise.
    A letter is recorded when it is due and counts as signed once it has a signing date.
    """

    class Kind(models.TextChoices):
        GOAL = "goal", _("Annual goal responsibility letter")
        ENTERPRISE = "enterprise", _("Enterprise responsibility letter")

    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.GOAL)
    title = models.CharField(_("title"), max_length=120)
    issuer = models.ForeignKey(OrgUnit, verbose_name=_("party A"), on_delete=models.PROTECT, related_name="+")
    org_unit = models.ForeignKey(OrgUnit, verbose_name=_("party B"), on_delete=models.PROTECT, related_name="+")
    enterprise = models.CharField(_("enterprise"), max_length=120, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    scan = models.FileField(_("scanned letter"), upload_to=RandomName("responsibility/letters"), blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    # Counted up by every save through a service; an edit form posts the one it was opened at (org/versioning.py).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = OrgScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("responsibility letter")
        verbose_name_plural = _("responsibility letters")
        ordering = ["-year", "org_unit__path", "enterprise", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "kind", "issuer", "org_unit", "enterprise"], name="letter_unique_parties"
            ),
            models.CheckConstraint(condition=~Q(kind="enterprise") | ~Q(enterprise=""), name="letter_names_enterprise"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"

    @property
    def is_signed(self) -> bool:
        return self.signed_on is not None

    @property
    def party_b(self) -> str:
        return self.enterprise or self.org_unit.name


class Meeting(models.Model):
    """A safety committee meeting (安委会全体会议), topical meeting (专题会) or dispatch meeting (调度会)."""

    class Kind(models.TextChoices):
        PLENARY = "plenary", _("Safety committee plenary meeting")
        TOPICAL = "topical", _("Topical meeting")
        DISPATCH = "dispatch", _("Dispatch meeting")

    org_unit = models.ForeignKey(OrgUnit, verbose_name=_("convened by"), on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    topic = models.CharField(_("topic"), max_length=200)
    chaired_by = models.CharField(_("chaired by"), max_length=50, blank=True)
    attendees = models.TextField(_("attendees"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)

    # Counted up by every save through a service; an edit form posts the one it was opened at (org/versioning.py).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = DatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.topic


class LeaderInspection(models.Model):
    """A leader-led inspection (领导带队检查) and the hazards it handed over (交办).

    ``principal_leader``: led by a principal leader (主要领导: 书记, 市长/区长/县长) rather than a deputy.
    """

    org_unit = models.ForeignKey(OrgUnit, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("date"))
    leader = models.CharField(_("leader"), max_length=50)
    # Summaries say the top leaders' own trips apart ("书记、市长带队检查…次" beside all leader-led checks).
    principal_leader = models.BooleanField(
        _("led by a principal leader"),
        default=False,
        help_text=_("The Party secretary or the mayor / county or district head led the inspection."),
    )
    places = models.TextField(_("places inspected"))
    hazards = models.ManyToManyField(Hazard, verbose_name=_("hazards handed over"), blank=True, related_name="+")
    notes = models.TextField(_("notes"), blank=True)

    # Counted up by every save through a service; an edit form posts the one it was opened at (org/versioning.py).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = DatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("leader-led inspection")
        verbose_name_plural = _("leader-led inspections")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.leader} {self.held_on:%Y-%m-%d}"


class Interview(models.Model):
    """An interview of an enterprise head (约谈) about its safety record."""

    class Kind(models.TextChoices):
        ON_SITE = "on_site", _("On-site interview")
        GROUP = "group", _("Group interview")
        WARNING = "warning", _("Warning interview")

    org_unit = models.ForeignKey(OrgUnit, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ON_SITE)
    enterprise = models.CharField(_("enterprise"), max_length=120)
    # The register's enterprise, when recognised (enterprises.linking): ``enterprise`` is the name as typed.
    enterprise_record = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise in the register"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interviews",
    )
    person = models.CharField(_("person interviewed"), max_length=50, blank=True)
    convened_by = models.CharField(_("convened by"), max_length=60, blank=True)
    reason = models.TextField(_("reason"))
    outcome = models.TextField(_("outcome"), blank=True)

    # Counted up by every save through a service; an edit form posts the one it was opened at (org/versioning.py).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = DatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.enterprise
