"""Computing, publishing and discarding township rankings (考核晾晒)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from org.audit import AuditAction, record_audit
from org.models import Role, User
from org.periods import Period
from org.services import notify_users
from responsibility import ranking as scoring
from responsibility.models import Colour, Ranking, RankingEntry, RankingScheme
from responsibility.registry import load_figures
from responsibility.selectors import scheme_list
from responsibility.services.records import OFFICE, check_role


@transaction.atomic
def ranking_compute(
    *, acting_user: User, scheme: RankingScheme, period: Period, today: dt.date | None = None
) -> Ranking:
    """Score, rank and colour the scheme's townships for a period, and keep the result as a draft.

    A fixed number of queries whatever the number of townships: the scheme and its rules (5),
    the townships, two per figure source, the lock and the next issue number, and three writes.
    """
    check_role(acting_user, OFFICE)
    if period.end < period.start:
        raise ValidationError({"end": _("The end of the period cannot be before its start.")})
    scheme = scheme_list(user=acting_user).get(pk=scheme.pk)  # 404-like DoesNotExist outside the user's area
    today = min(period.end, today or timezone.localdate())
    townships, values = load_figures(scoring.scheme_keys(scheme), user=acting_user, period=period, today=today)
    townships = [t for t in townships if t.path.startswith(scheme.org_unit.path)]
    if not townships:
        raise ValidationError(_("There are no townships to rank."))
    results = scoring.compute(scheme, townships, values)
    # Lock the scheme so that two clerks computing at once do not take the same issue number.
    list(RankingScheme.objects.select_for_update().filter(pk=scheme.pk).values_list("pk"))
    last = Ranking.objects.filter(scheme=scheme).aggregate(issue=Max("issue"))["issue"]
    ranking = Ranking.objects.create(
        scheme=scheme,
        org_unit=scheme.org_unit,
        issue=(last or 0) + 1,
        period_start=period.start,
        period_end=period.end,
        township_count=len(results),
        computed_at=timezone.now(),
    )
    RankingEntry.objects.bulk_create(
        [
            RankingEntry(
                ranking=ranking,
                org_unit=r.unit,
                position=r.position,
                rank=r.rank,
                score=r.score,
                indicator_points=r.indicator_points,
                rubric_points=r.rubric_points,
                colour=r.colour,
                breakdown=r.breakdown,
            )
            for r in results
        ]
    )
    record_audit(
        actor=acting_user,
        action=AuditAction.RANKING_COMPUTED,
        target=ranking,
        org_unit=ranking.org_unit,
        data={
            "scheme": scheme.pk,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "townships": len(results),
        },
    )
    return ranking


@transaction.atomic
def ranking_publish(*, acting_user: User, ranking: Ranking) -> Ranking:
    """Publish a draft as a bulletin; the staff of red townships are told where to read why."""
    check_role(acting_user, OFFICE)
    ranking = Ranking.objects.select_for_update().select_related("scheme").get(pk=ranking.pk)
    if ranking.is_published:
        raise ValidationError(_("This ranking is already published."))
    ranking.status = Ranking.Status.PUBLISHED
    ranking.published_at = timezone.now()
    ranking.save(update_fields=["status", "published_at"])
    record_audit(
        actor=acting_user,
        action=AuditAction.RANKING_PUBLISHED,
        target=ranking,
        org_unit=ranking.org_unit,
        data={"issue": ranking.issue},
    )
    red = list(ranking.entries.filter(colour=Colour.RED).values_list("org_unit_id", flat=True))
    if red:
        transaction.on_commit(lambda: _tell_red_townships(ranking, red))
    return ranking


def _tell_red_townships(ranking: Ranking, unit_ids: list[int]) -> None:
    staff = User.objects.filter(org_unit_id__in=unit_ids, role=Role.TOWNSHIP_STAFF, is_active=True)
    for user in staff:
        notify_users(
            recipients=[user],
            message=_("Your township is red in %(bulletin)s.") % {"bulletin": ranking},
            url=reverse("responsibility:township_history", args=[user.org_unit_id]),
            dedupe_key=f"ranking-red-{ranking.pk}",
        )


@transaction.atomic
def ranking_discard(*, acting_user: User, ranking: Ranking) -> None:
    """Drop a draft (computed for the wrong period, say); a published bulletin stays for good."""
    check_role(acting_user, OFFICE)
    ranking = Ranking.objects.select_for_update().get(pk=ranking.pk)  # its state as it is now, not as the caller saw it
    if ranking.is_published:
        raise ValidationError(_("A published ranking cannot be discarded."))
    record_audit(
        actor=acting_user,
        action=AuditAction.RANKING_DISCARDED,
        target=ranking,
        org_unit=ranking.org_unit,
        data={"issue": ranking.issue},
    )
    ranking.delete()
