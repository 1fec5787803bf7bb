"""Complaints and tip-offs (投诉举报) and the rewards paid for them (举报奖励)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hazards.models import Sector
from org.models import OrgUnit

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise
from responsibility.models.records import DatedQuerySet


class ComplaintQuerySet(DatedQuerySet):
    date_field = "received_on"


class Complaint(models.Model):
    """A complaint or tip-off about a safety violation (投诉举报), as received by one channel.

    A batch transferred from another department is one row with ``items`` tip-offs; every figure
    counts items, as "收到举报…起" does (seed 000).
    """

    class Channel(models.TextChoices):
        HOTLINE_12350 = "12350", _("12350 safety hotline")
        HOTLINE_12345 = "12345", _("12345 government service hotline")
        LETTER_VISIT = "letter_visit", _("Letter or visit")
        ONLINE = "online", _("Online")
        TRANSFERRED = "transferred", _("Transferred from another department")
        OTHER = "other", _("Other channel")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        HANDLING = "handling", _("Being handled")
        CLOSED = "closed", _("Closed")

    received_on = models.DateField(_("received on"))
    channel = models.CharField(_("channel"), max_length=14, choices=Channel.choices)
    reference = models.CharField(_("batch or reference number"), max_length=60, blank=True)
    org_unit = models.ForeignKey(OrgUnit, verbose_name=_("township"), on_delete=models.PROTECT, related_name="+")
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=200)
    items = models.PositiveIntegerField(_("number of tip-offs"), default=1)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RECEIVED)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    verified = models.BooleanField(_("verified"), default=False, help_text=_("The tip-off proved true."))
    rewards = models.PositiveIntegerField(_("rewards paid"), default=0)
    reward_yuan = models.DecimalField(_("reward amount (yuan)"), max_digits=12, decimal_places=2, default=0)
    notes = models.TextField(_("notes"), blank=True)
    # Optimistic lock: every save through the services bumps it; an edit form opened before is refused.
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = _("complaint or tip-off")
        verbose_name_plural = _("complaints and tip-offs")
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["received_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(items__gte=1), name="complaint_at_least_one_item"),
            models.CheckConstraint(condition=Q(reward_yuan__gte=0), name="complaint_reward_not_negative"),
            models.CheckConstraint(
                condition=Q(status="closed", closed_on__isnull=False)
                | (~Q(status="closed") & Q(closed_on__isnull=True)),
                name="complaint_closed_on_when_closed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.received_on:%Y-%m-%d} {self.subject}"

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = {}
        if self.status == self.Status.CLOSED and self.closed_on is None:
            errors["closed_on"] = _("A closed complaint needs its closing date.")
        if self.status != self.Status.CLOSED and self.closed_on is not None:
            errors["closed_on"] = _("Only a closed complaint has a closing date.")
        if self.closed_on and self.received_on and self.closed_on < self.received_on:
            errors["closed_on"] = _("A complaint cannot be closed before it was received.")
        if self.rewards and self.items and self.rewards > self.items:
            errors["rewards"] = _("More rewards than tip-offs.")
        if bool(self.rewards) != bool(self.reward_yuan and self.reward_yuan > Decimal(0)):
            errors["reward_yuan"] = _("Give both the number of rewards and their amount, or neither.")
        if errors:
            raise ValidationError(errors)
