"""Special campaigns (专项行动) kept in the portal: the list with what each campaign holds, and its writes.

Hazards, enforcement inspections and cases name the campaign they were found or filed under, and each
was checked to fall within the campaign's dates when it was recorded (enforcement ``check_campaign``).
An edit may therefore not narrow a campaign past its records: they would count under a campaign that,
by its own dates, did not run when they happened.

The inspections and cases live in ``enforcement``, which builds on this app and may not be imported
here; they point at ``hazards.Campaign`` by label, and are read back by label (``CAMPAIGN_RECORDS``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import pgettext

from hazards.models import Campaign, Sector
from org.audit import AuditAction, record_audit
from org.models import User
from org.permissions import may
from org.scoping import visible_unit_ids
from org.versioning import bump, check_version

# Campaigns are the bureau's: its leaders (and administrators) set them up; everyone else reads them.


@dataclass(frozen=True)
class CampaignRecords:
    """A kind of record filed under a campaign: the model by label, the date that must fall in the campaign."""

    key: str  # the attribute of CampaignRow that holds the count
    model: str
    date_field: str
    noun: str | Promise  # "%(count)s hazards", as the refusal names them

    def queryset(self) -> QuerySet | None:
        try:
            return apps.get_model(self.model)._default_manager.all()
        except LookupError:  # the app is not installed
            return None


CAMPAIGN_RECORDS = (
    CampaignRecords("hazards", "hazards.Hazard", "found_on", _lazy("%(count)s hazards")),
    CampaignRecords("inspections", "enforcement.Inspection", "inspected_on", _lazy("%(count)s inspections")),
    CampaignRecords("cases", "enforcement.Case", "filed_on", _lazy("%(count)s cases")),
)


@dataclass(frozen=True)
class CampaignRow:
    campaign: Campaign
    hazards: int
    inspections: int
    cases: int


def campaign_list(*, user: User) -> list[CampaignRow]:
    """Every campaign, newest first, with its sectors and the records it holds within the user's area.

    Two queries for the campaigns and their sectors, one per kind of record: four whatever the number.
    """
    campaigns = list(Campaign.objects.prefetch_related("sectors").order_by("-start", "name"))
    ids = visible_unit_ids(user)
    counts: dict[str, dict[int, int]] = {}
    for source in CAMPAIGN_RECORDS:
        qs = source.queryset()
        if qs is None or not campaigns:
            counts[source.key] = {}
            continue
        if ids is not None:
            qs = qs.filter(org_unit__in=ids)
        rows = qs.filter(campaign__in=[c.pk for c in campaigns]).values("campaign").annotate(n=Count("pk")).order_by()
        counts[source.key] = {row["campaign"]: row["n"] for row in rows}
    return [CampaignRow(c, *(counts[s.key].get(c.pk, 0) for s in CAMPAIGN_RECORDS)) for c in campaigns]


def can_edit_campaigns(user: User) -> bool:
    return may(user, "hazards.campaign_edit")


def _check_dates(campaign: Campaign | None, start: dt.date, end: dt.date) -> None:
    """End on or after start; and, for a campaign with records, no record left outside the new dates.

    Every record counts here, not only the editor's area: a campaign's dates hold for the whole city.
    """
    if end < start:
        raise ValidationError({"end": _("The campaign cannot end before it starts.")})
    if campaign is None or campaign.pk is None:
        return
    outside: list[str] = []
    firsts: list[dt.date] = []
    lasts: list[dt.date] = []
    for source in CAMPAIGN_RECORDS:
        qs = source.queryset()
        if qs is None:
            continue
        f = source.date_field
        row = (
            qs.filter(campaign=campaign)
            .filter(Q(**{f"{f}__lt": start}) | Q(**{f"{f}__gt": end}))
            .aggregate(n=Count("pk"), first=Min(f), last=Max(f))
        )
        if row["n"]:
            outside.append(str(source.noun) % {"count": row["n"]})
            firsts.append(row["first"])
            lasts.append(row["last"])
    if outside:
        raise ValidationError(
            _(
                "%(records)s of this campaign fall outside the new dates (the earliest on %(first)s, the latest on "
                "%(last)s). A campaign's dates cannot be narrowed past the records filed under it; move those "
                "records to another campaign first, or keep dates that include them."
            )
            % {
                "records": pgettext("list separator", ", ").join(outside),
                "first": min(firsts).isoformat(),
                "last": max(lasts).isoformat(),
            }
        )


def _audit_data(campaign: Campaign) -> dict[str, object]:
    return {
        "name": campaign.name,
        "start": campaign.start.isoformat(),
        "end": campaign.end.isoformat(),
        "sectors": sorted(s.pk for s in campaign.sectors.all()),
    }


def _check_role(user: User) -> None:
    if not can_edit_campaigns(user):
        raise PermissionDenied(_("Your role may not do this."))


@transaction.atomic
def campaign_create(
    *,
    acting_user: User,
    name: str,
    start: dt.date,
    end: dt.date,
    sectors: Iterable[Sector] = (),
    description: str = "",
) -> Campaign:
    _check_role(acting_user)
    _check_dates(None, start, end)
    campaign = Campaign(name=name, start=start, end=end, description=description)
    campaign.full_clean()
    campaign.save()
    campaign.sectors.set(sectors)
    record_audit(actor=acting_user, action=AuditAction.CAMPAIGN_CREATED, target=campaign, data=_audit_data(campaign))
    return campaign


@transaction.atomic
def campaign_update(
    *,
    acting_user: User,
    campaign: Campaign,
    name: str,
    start: dt.date,
    end: dt.date,
    sectors: Iterable[Sector] = (),
    description: str = "",
    version: int | None = None,
) -> Campaign:
    """``version``: the one the edit form was opened at; a campaign saved since is refused (org/versioning.py)."""
    _check_role(acting_user)
    # Locked, so no record is filed under the old dates while the new ones are being checked.
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    check_version(campaign, version)
    _check_dates(campaign, start, end)
    before = _audit_data(campaign)
    values = {"name": name, "start": start, "end": end, "description": description}
    changed = [field for field, value in values.items() if getattr(campaign, field) != value]
    for field in changed:
        setattr(campaign, field, values[field])
    campaign.full_clean()
    campaign.save(update_fields=bump(campaign, changed))
    campaign.sectors.set(sectors)
    after = _audit_data(campaign)
    record_audit(
        actor=acting_user,
        action=AuditAction.CAMPAIGN_UPDATED,
        target=campaign,
        data={
            "before": before,
            "after": after,
            "fields": sorted(k for k in after if after[k] != before[k]),
            "version": campaign.version,
            # Every field saved, the description too: a stale edit form says what changed.
            "changed": changed + (["sectors"] if after["sectors"] != before["sectors"] else []),
        },
    )
    return campaign


__all__ = [
    "CAMPAIGN_RECORDS",
    "CampaignRow",
    "campaign_create",
    "campaign_list",
    "campaign_update",
    "can_edit_campaigns",
]
