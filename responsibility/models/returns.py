"""Department returns (部门报表) and the indicators a bureau defines for them (报表指标).

A bureau asks its departments (消防救援大队, 住建局 …) and townships for figures it does not record
itself: 周报…期, 短信…万条次, 检查单位…家次, 罚款…万元. An indicator is such a figure, defined as data;
a return period (报送期次) is one round of asking, with its due date; a return is one reporting unit's
values for one period, submitted by that unit and accepted or sent back by the bureau above it.
"""

from __future__ import annotations

import datetime as dt
from typing import Self

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hazards.models import Sector
from org.models import OrgUnit
from org.periods import Period
from org.scoping import OrgScopedQuerySet

# Names the summary's wording already uses for other figures. reports.registry fills it when it is
# imported (responsibility may not import reports), so that no indicator can take a registered name.
RESERVED_CODES: set[str] = set()

# An indicator's code is a wording placeholder, "{sms_sent}": reports.wording matches ``\{(\w+)\}``.
CODE_VALIDATOR = RegexValidator(
    r"^[a-z][a-z0-9_]*\Z", _("Use lower-case letters, digits and underscores, starting with a letter.")
)


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEARLY = "half_yearly", _("Half-yearly")


class Measure(models.TextChoices):
    """What an indicator counts in a sector's sentence of the summary ("消防领域，检查单位…家次、罚款…万元").

    The values are the names of the sector sentence's figures (reports.registry.ITEM_FIGURES["sector"]), so that
    the summary can put a department's accepted figure in its place beside the bureau's own.
    """

    INSPECTIONS = "inspections", _("Unit-inspections (家次)")
    UNITS_INSPECTED = "units_inspected", _("Units inspected (家)")
    FOUND = "found", _("Hazards found (处)")
    RECTIFIED = "rectified", _("Hazards rectified (处)")
    ORDERS = "orders", _("Rectification orders (份)")
    CASES = "cases", _("Cases filed (起)")
    SUSPENSIONS = "suspensions", _("Ordered to suspend (家)")
    CLOSURES = "closures", _("Closed down (家)")
    SEALS = "seals", _("Seals and seizures (起)")
    THREE_STOPS = "three_stops", _("Three stops (家)")
    DETAINED = "detained_people", _("Administrative detention (人)")
    FINES = "fines_wan", _("Fines (万元)")


# The measure word each measure is counted in: a return's value is summed into the sector's sentence as is, so an
# indicator of "罚款" must be kept in 万元 and one of "检查单位" in 家次.
MEASURE_UNITS: dict[str, str] = {
    Measure.INSPECTIONS: "家次",
    Measure.UNITS_INSPECTED: "家",
    Measure.FOUND: "处",
    Measure.RECTIFIED: "处",
    Measure.ORDERS: "份",
    Measure.CASES: "起",
    Measure.SUSPENSIONS: "家",
    Measure.CLOSURES: "家",
    Measure.SEALS: "起",
    Measure.THREE_STOPS: "家",
    Measure.DETAINED: "人",
    Measure.FINES: "万元",
}


class ReturnIndicator(models.Model):
    """An indicator departments or townships report to a bureau (报表指标), e.g. 检查单位…家次."""

    org_unit = models.ForeignKey(OrgUnit, verbose_name=_("defined by"), on_delete=models.PROTECT, related_name="+")
    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        validators=[CODE_VALIDATOR],
        help_text=_("The name wording uses for this figure, e.g. {fire_checks}."),
    )
    label = models.CharField(_("label"), max_length=60, help_text=_("As a summary says it, e.g. 检查单位."))
    unit = models.CharField(_("measure word"), max_length=12, help_text=_("e.g. 家次, 处, 万元."))
    from_departments = models.BooleanField(_("reported by departments"), default=True)
    from_townships = models.BooleanField(_("reported by townships"), default=False)
    frequency = models.CharField(
        _("frequency"), max_length=12, choices=Frequency.choices, default=Frequency.HALF_YEARLY
    )
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    measure = models.CharField(
        _("counted in the sector's sentence as"),
        max_length=20,
        choices=Measure.choices,
        blank=True,
        help_text=_(
            "With a sector: the accepted figure is said in that sector's sentence of the summary, "
            "attributed to the unit that reported it."
        ),
    )
    # Empty: every department or township (as ticked above) under the bureau reports it.
    assigned_units = models.ManyToManyField(
        OrgUnit,
        verbose_name=_("reported only by"),
        blank=True,
        related_name="+",
        help_text=_("Leave empty for every department or township of the kinds ticked."),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = OrgScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("return indicator")
        verbose_name_plural = _("return indicators")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(from_departments=True) | Q(from_townships=True), name="return_indicator_has_reporters"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}（{self.unit}）"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if not (self.from_departments or self.from_townships):
            raise ValidationError({"from_departments": _("Say who reports it: departments, townships or both.")})
        if self.code in RESERVED_CODES:
            raise ValidationError({"code": _("This name is already a figure of the summary; choose another.")})
        if self.measure:
            if not self.sector_id:
                raise ValidationError({"sector": _("Name the sector whose sentence this figure is said in.")})
            expected = MEASURE_UNITS[Measure(self.measure)]
            if self.unit != expected:
                raise ValidationError(
                    {
                        "unit": _("“%(measure)s” is counted in %(unit)s: give the measure word “%(unit)s”.")
                        % {"measure": self.get_measure_display(), "unit": expected}
                    }
                )

    @property
    def reporter_kinds(self) -> tuple[str, ...]:
        return tuple(
            kind
            for kind, on in (
                (OrgUnit.Kind.DEPARTMENT, self.from_departments),
                (OrgUnit.Kind.TOWNSHIP, self.from_townships),
            )
            if on
        )


class ReturnPeriod(models.Model):
    """One round of returns a bureau calls for (报送期次): the period reported and the date it is due."""

    org_unit = models.ForeignKey(OrgUnit, verbose_name=_("bureau"), on_delete=models.PROTECT, related_name="+")
    frequency = models.CharField(_("frequency"), max_length=12, choices=Frequency.choices)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    due_on = models.DateField(_("due on"))

    objects = OrgScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("return period")
        verbose_name_plural = _("return periods")
        ordering = ["-period_start", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "frequency", "period_start"], name="return_period_unique"),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="return_period_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_start:%Y-%m-%d} – {self.period_end:%Y-%m-%d}"

    @property
    def period(self) -> Period:
        return Period(self.period_start, self.period_end)

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period cannot end before it starts.")})


class ReturnQuerySet(OrgScopedQuerySet):
    def accepted(self) -> Self:
        return self.filter(status=Return.Status.ACCEPTED)

    def within(self, period: Period) -> Self:
        """Returns whose period lies inside ``period``: a half-year summary counts its months and quarters."""
        return self.filter(period__period_start__gte=period.start, period__period_end__lte=period.end)


class Return(models.Model):
    """One reporting unit's values of its indicators for one period (部门报表).

    draft → submitted (by a user of the unit) → accepted, and then locked; or sent back with a reason
    (by the bureau above), edited and submitted again.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        SENT_BACK = "sent_back", _("Sent back")
        ACCEPTED = "accepted", _("Accepted")

    period = models.ForeignKey(
        ReturnPeriod, verbose_name=_("return period"), on_delete=models.PROTECT, related_name="returns"
    )
    org_unit = models.ForeignKey(OrgUnit, verbose_name=_("reporting unit"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    notes = models.TextField(_("notes"), blank=True)
    # The first submission decides timeliness; a resubmission after a send-back does not make it late.
    first_submitted_on = models.DateField(_("first submitted on"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_back_reason = models.TextField(_("reason for sending back"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ReturnQuerySet.as_manager()

    class Meta:
        verbose_name = _("department return")
        verbose_name_plural = _("department returns")
        ordering = ["-period__period_start", "org_unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["period", "org_unit"], name="return_one_per_unit_and_period"),
            models.CheckConstraint(
                condition=~Q(status="sent_back") | ~Q(sent_back_reason=""), name="return_sent_back_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.org_unit} {self.period}"

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.ACCEPTED

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.SENT_BACK)

    def was_late(self, due_on: dt.date) -> bool:
        return self.first_submitted_on is not None and self.first_submitted_on > due_on


class ReturnValue(models.Model):
    """One indicator's value in one return."""

    ret = models.ForeignKey(
        Return, verbose_name=_("department return"), on_delete=models.CASCADE, related_name="values"
    )
    indicator = models.ForeignKey(
        ReturnIndicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="+"
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("return value")
        verbose_name_plural = _("return values")
        ordering = ["indicator__sort_order", "indicator_id"]
        constraints = [
            models.UniqueConstraint(fields=["ret", "indicator"], name="return_value_one_per_indicator"),
            models.CheckConstraint(condition=Q(value__gte=0), name="return_value_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.label}{self.value}{self.indicator.unit}"
