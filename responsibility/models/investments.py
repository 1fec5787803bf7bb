"""Money put into safety (安全投入) and what it built."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hazards.models import Sector
from org.models import OrgUnit
from responsibility.models.records import DatedQuerySet


class InvestmentQuerySet(DatedQuerySet):
    date_field = "invested_on"


class SafetyInvestment(models.Model):
    """A safety investment (安全投入): a project, its amount, and optionally what it built
    (seed 004: "投入3081万元，对429公里道路安防设施升级改造").

    The amount is kept in 元, as every amount in the portal; summaries say 万元 (org.periods.yuan_to_wan).
    """

    project = models.CharField(_("project"), max_length=150)
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("township or unit"), on_delete=models.PROTECT, related_name="+"
    )
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    invested_on = models.DateField(_("date"), help_text=_("For an amount known only by year, the last day of it."))
    amount_yuan = models.DecimalField(_("amount (yuan)"), max_digits=14, decimal_places=2)
    output = models.CharField(
        _("work done"), max_length=100, blank=True, help_text=_("For example: road safety facilities upgraded.")
    )
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=2, null=True, blank=True)
    quantity_unit = models.CharField(
        _("unit of quantity"), max_length=10, blank=True, help_text=_("For example: km, places, sets.")
    )
    notes = models.TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = InvestmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("safety investment")
        verbose_name_plural = _("safety investments")
        ordering = ["-invested_on", "-pk"]
        indexes = [models.Index(fields=["invested_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(amount_yuan__gt=0), name="investment_amount_positive"),
            models.CheckConstraint(
                condition=Q(quantity__isnull=True, quantity_unit="") | (Q(quantity__gt=0) & ~Q(quantity_unit="")),
                name="investment_quantity_with_unit",
            ),
        ]

    def __str__(self) -> str:
        return self.project

    @property
    def output_phrase(self) -> str:
        """ "道路安防设施升级改造429公里": what the money built, as a summary says it."""
        if self.quantity is None:
            return self.output
        return f"{self.output or self.project}{self.quantity.normalize():f}{self.quantity_unit}"

    def clean(self) -> None:
        if (self.quantity is None) != (not self.quantity_unit):
            raise ValidationError({"quantity_unit": _("Give the quantity and its unit together.")})
