"""Incidents that are not production-safety accidents (非生产安全事故事件)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from org.models import OrgUnit
from responsibility.models.records import DatedQuerySet


class IncidentQuerySet(DatedQuerySet):
    date_field = "occurred_on"


class Incident(models.Model):
    """An incident that is not a production-safety accident (非生产安全事故事件): a gas pipe broken by road
    works, a fire with no loss, a drowning.

    A model of its own, not a kind of Accident: the summaries state these apart, and no accident figure
    (count, deaths, 同比, ranking) may ever include them.
    """

    class Kind(models.TextChoices):
        FIRE = "fire", _("Fire")
        GAS_LEAK = "gas_leak", _("Gas leak")
        TRAFFIC = "traffic", _("Traffic incident")
        DROWNING = "drowning", _("Drowning")
        NATURAL = "natural", _("Natural disaster")
        OTHER = "other", _("Other")

    occurred_on = models.DateField(_("date"))
    org_unit = models.ForeignKey(OrgUnit, verbose_name=_("township"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    place = models.CharField(_("place"), max_length=120)
    description = models.TextField(_("description"))
    dead = models.PositiveIntegerField(_("dead"), default=0)
    injured = models.PositiveIntegerField(_("injured"), default=0)
    loss_yuan = models.DecimalField(_("direct loss (yuan)"), max_digits=14, decimal_places=2, default=0)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = IncidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("non-production-safety incident")
        verbose_name_plural = _("non-production-safety incidents")
        ordering = ["-occurred_on", "-pk"]
        indexes = [models.Index(fields=["occurred_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(loss_yuan__gte=0), name="incident_loss_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on:%Y-%m-%d} {self.place}"
