"""Administrative penalty cases (行政处罚案件)."""

from __future__ import annotations

import datetime as dt
from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enforcement.models.inspections import Inspection
from hazards.models import Sector
from org.models import OrgUnit
from org.periods import yuan_to_wan
from org.scoping import OrgScopedQuerySet

# 行政处罚法 第六十条: a decision within ninety days of filing (extensions need approval).
DECISION_LIMIT_DAYS = 90


class CaseQuerySet(OrgScopedQuerySet):
    def open(self) -> Self:
        return self.exclude(stage=Case.Stage.CLOSED)

    def undecided(self) -> Self:
        return self.filter(stage__in=Case.UNDECIDED)


class Case(models.Model):
    """An administrative penalty case (行政处罚案件), from filing (立案) to the archive (结案归档)."""

    class Stage(models.TextChoices):
        FILED = "filed", _("Filed")
        INVESTIGATING = "investigating", _("Investigation")
        NOTIFIED = "notified", _("Party notified")
        HEARING = "hearing", _("Hearing")
        DECIDED = "decided", _("Decided")
        EXECUTED = "executed", _("Executed")
        CLOSED = "closed", _("Closed and archived")

    class PartyKind(models.TextChoices):
        UNIT = "unit", _("Unit")
        PERSON = "person", _("Individual")

    class Source(models.TextChoices):
        INSPECTION = "inspection", _("Found in an inspection")
        REPORT = "report", _("Complaint or tip-off")
        TRANSFER = "transfer", _("Transferred by another body")
        ACCIDENT = "accident", _("Accident investigation")
        OTHER = "other", _("Other")

    UNDECIDED = (Stage.FILED, Stage.INVESTIGATING, Stage.NOTIFIED, Stage.HEARING)
    # stage → prefix of its <prefix>_on / <prefix>_by fields
    STAGE_FIELDS = {
        Stage.FILED: "filed",
        Stage.INVESTIGATING: "investigated",
        Stage.NOTIFIED: "notified",
        Stage.HEARING: "hearing",
        Stage.DECIDED: "decided",
        Stage.EXECUTED: "executed",
        Stage.CLOSED: "closed",
    }

    number = models.CharField(_("case number"), max_length=60, unique=True)
    issuer = models.ForeignKey(
        OrgUnit, verbose_name=_("enforcement authority"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    seq = models.PositiveIntegerField(_("sequence number"))
    org_unit = models.ForeignKey(OrgUnit, verbose_name=_("township"), on_delete=models.PROTECT, related_name="cases")
    inspection = models.ForeignKey(
        Inspection,
        verbose_name=_("inspection"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
    )
    campaign = models.ForeignKey(
        "hazards.Campaign",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=12, choices=Source.choices, default=Source.INSPECTION)
    sector = models.ForeignKey(Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="+")
    cause = models.CharField(_("cause of action"), max_length=200)
    party_kind = models.CharField(_("party type"), max_length=8, choices=PartyKind.choices, default=PartyKind.UNIT)
    party_name = models.CharField(_("party"), max_length=120)
    credit_code = models.CharField(_("credit code or ID number"), max_length=18, blank=True)
    # The register's enterprise this record names, when recognised (enterprises.linking); the typed name stays.
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise in the register"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    legal_representative = models.CharField(_("legal representative"), max_length=50, blank=True)
    party_address = models.CharField(_("address"), max_length=200, blank=True)
    facts = models.TextField(_("facts"))
    legal_basis = models.TextField(_("provisions violated"))
    penalty_basis = models.TextField(_("grounds for the penalty"), blank=True)
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("officers in charge"), related_name="enforcement_cases"
    )
    stage = models.CharField(_("stage"), max_length=14, choices=Stage.choices, default=Stage.FILED)

    filed_on = models.DateField(_("filed on"))
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    investigated_on = models.DateField(_("investigation started"), null=True, blank=True)
    investigated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notified_on = models.DateField(_("party notified on"), null=True, blank=True)
    notified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hearing_on = models.DateField(_("hearing held on"), null=True, blank=True)
    hearing_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    executed_on = models.DateField(_("executed on"), null=True, blank=True)
    executed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    statement = models.TextField(_("party's statement and defence"), blank=True)
    hearing_note = models.TextField(_("hearing record"), blank=True)

    # The measures: proposed at 告知, confirmed (or changed after the party was heard) at 决定.
    warning = models.BooleanField(_("warning"), default=False)
    fine_yuan = models.DecimalField(_("fine (yuan)"), max_digits=12, decimal_places=2, default=0)
    confiscated_yuan = models.DecimalField(
        _("illegal gains confiscated (yuan)"), max_digits=12, decimal_places=2, default=0
    )
    suspension = models.BooleanField(_("suspension of production or business"), default=False)
    closure = models.BooleanField(_("closure"), default=False)
    seal = models.BooleanField(_("seal or seizure"), default=False)
    three_stops = models.BooleanField(_("three stops"), default=False)
    detained_people = models.PositiveSmallIntegerField(_("people referred for administrative detention"), default=0)
    judicial_transfer = models.BooleanField(_("transferred to the judiciary"), default=False)
    credit_penalty = models.BooleanField(_("credit penalty"), default=False)
    exposure = models.BooleanField(_("public exposure"), default=False)
    decision_note = models.TextField(_("other terms of the decision"), blank=True)

    paid_yuan = models.DecimalField(_("fine paid (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True)
    execution_note = models.TextField(_("execution"), blank=True)
    closing_note = models.TextField(_("closing opinion"), blank=True)
    due_reminded_on = models.DateField(null=True, blank=True, editable=False)

    import_key = models.CharField(max_length=40, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # Counted up by every save through a service; an edit form posts the one it was opened at (org/versioning.py).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("penalty case")
        verbose_name_plural = _("penalty cases")
        ordering = ["-filed_on", "-pk"]
        indexes = [
            # Covers what the figures count: a case counts by its filing or its decision date, and an
            # OR of the two can only be answered from one index if that index holds both dates.
            models.Index(
                fields=["org_unit", "filed_on"],
                name="case_figures_idx",
                include=[
                    "id",
                    "decided_on",
                    "fine_yuan",
                    "suspension",
                    "closure",
                    "seal",
                    "three_stops",
                    "detained_people",
                    "judicial_transfer",
                    "exposure",
                    "sector",
                    "inspection",
                    "campaign",
                ],
            ),
            models.Index(fields=["decided_on"]),
            models.Index(fields=["stage", "filed_on"]),
        ]
        constraints = [
            # Numbers run per authority and year and are never reused.
            models.UniqueConstraint(fields=["issuer", "year", "seq"], name="case_unique_issuer_year_seq"),
            models.CheckConstraint(condition=Q(seq__gte=1), name="case_seq_positive"),
            models.CheckConstraint(
                condition=Q(fine_yuan__gte=0) & Q(confiscated_yuan__gte=0), name="case_amounts_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(stage__in=["filed", "investigating", "notified", "hearing"]) | Q(decided_on__isnull=False),
                name="case_decided_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(stage="closed") | Q(closed_on__isnull=False), name="case_closed_has_date"
            ),
            models.UniqueConstraint(fields=["import_key"], condition=~Q(import_key=""), name="case_unique_import_key"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.party_name}"

    @property
    def is_decided(self) -> bool:
        return self.stage not in self.UNDECIDED

    @property
    def decision_due(self) -> dt.date:
        return self.filed_on + dt.timedelta(days=DECISION_LIMIT_DAYS)

    @property
    def is_overdue(self) -> bool:
        return not self.is_decided and self.decision_due < timezone.localdate()

    @property
    def fine_wan(self) -> str:
        return yuan_to_wan(self.fine_yuan)

    def measure_labels(self) -> list[str]:
        """The decision's measures in words, as the documents list them."""
        labels = []
        for name in (
            "warning",
            "suspension",
            "closure",
            "seal",
            "three_stops",
            "judicial_transfer",
            "credit_penalty",
            "exposure",
        ):
            if getattr(self, name):
                labels.append(str(getattr(self._meta.get_field(name), "verbose_name", name)))
        return labels

    def stage_steps(self) -> list[dict]:
        """Each stage with its date and officer, in order; stages not reached have no date."""
        steps = []
        for stage, prefix in self.STAGE_FIELDS.items():
            steps.append(
                {
                    "stage": stage,
                    "label": stage.label,
                    "on": getattr(self, f"{prefix}_on"),
                    "by": getattr(self, f"{prefix}_by"),
                    "current": stage == self.stage,
                }
            )
        return steps
