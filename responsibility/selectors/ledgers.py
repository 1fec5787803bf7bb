"""Reads of complaints and tip-offs, non-production-safety incidents and safety investments.

The list pages and the half-year summary (reports/figures.py) call the same figure selectors.
Each figure selector is one or two aggregate queries, whatever the number of records.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, NullIf

from org.models import OrgUnit, User
from org.periods import Period, yuan_to_wan
from responsibility.models import Complaint, Incident, SafetyInvestment

if TYPE_CHECKING:
    from org.typing import Viewer


def _within(qs: QuerySet, unit: OrgUnit | None) -> QuerySet:
    return qs.filter(org_unit__path__startswith=unit.path) if unit is not None else qs


def complaint_list(*, user: User, period: Period, unit: OrgUnit | None = None) -> QuerySet[Complaint]:
    return _within(Complaint.objects.visible_to(user).in_period(period), unit).select_related("org_unit", "sector")


def incident_list(*, user: User, period: Period, unit: OrgUnit | None = None) -> QuerySet[Incident]:
    return _within(Incident.objects.visible_to(user).in_period(period), unit).select_related("org_unit")


def investment_list(*, user: User, period: Period, unit: OrgUnit | None = None) -> QuerySet[SafetyInvestment]:
    return _within(SafetyInvestment.objects.visible_to(user).in_period(period), unit).select_related(
        "org_unit", "sector"
    )


# --- Complaints and tip-offs -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Share:
    """One sector's, channel's or kind's part of a whole: its name, its count or amount, and its choice value
    (a channel's, a kind's; a sector's code, "" for none given)."""

    name: str
    value: int | Decimal
    key: str = ""


@dataclass(frozen=True)
class ComplaintFigures:
    """Tip-offs received in a period (counted in items, 起) and what became of them by the period's end."""

    records: int
    received: int
    closed: int  # closed on or before the period's end
    verified: int  # 属实
    rewards: int
    reward_yuan: Decimal
    by_status: dict[str, int]  # Complaint.Status value → items; closed after the period's end counts as handling
    by_sector: tuple[Share, ...]  # sectors with tip-offs, in the sector list's order; "" for none given
    by_channel: tuple[Share, ...]  # channels with tip-offs, in Complaint.Channel order

    @property
    def handling(self) -> int:
        return self.received - self.closed

    @property
    def reward_wan(self) -> str:
        return yuan_to_wan(self.reward_yuan)


def complaint_figures(*, user: Viewer, period: Period) -> ComplaintFigures:
    """One query, grouped by sector, channel and status."""
    closed = Q(status=Complaint.Status.CLOSED, closed_on__lte=period.end)
    rows = list(
        Complaint.objects.visible_to(user)
        .in_period(period)
        .values("sector__name", "sector__sort_order", "sector__code", "channel", "status")
        .annotate(
            records=Count("pk"),
            received=Sum("items"),
            done=Sum("items", filter=closed),
            true=Sum("items", filter=Q(verified=True)),
            paid=Sum("rewards"),
            reward=Sum("reward_yuan"),
        )
        .order_by()
    )
    status = dict.fromkeys(Complaint.Status.values, 0)
    sectors: dict[tuple[int, str, str], int] = {}
    channels = dict.fromkeys(Complaint.Channel.values, 0)
    for row in rows:
        items, done = row["received"] or 0, row["done"] or 0
        status[Complaint.Status.CLOSED] += done
        open_status = Complaint.Status.HANDLING if row["status"] == Complaint.Status.CLOSED else row["status"]
        status[open_status] += items - done
        key = (
            row["sector__sort_order"] if row["sector__name"] else 10**9,
            row["sector__name"] or "",
            row["sector__code"] or "",
        )
        sectors[key] = sectors.get(key, 0) + items
        channels[row["channel"]] += items
    return ComplaintFigures(
        records=sum(row["records"] for row in rows),
        received=sum(row["received"] or 0 for row in rows),
        closed=status[Complaint.Status.CLOSED],
        verified=sum(row["true"] or 0 for row in rows),
        rewards=sum(row["paid"] or 0 for row in rows),
        reward_yuan=sum((row["reward"] or Decimal(0) for row in rows), Decimal(0)),
        by_status=status,
        by_sector=tuple(Share(name, n, code) for (_, name, code), n in sorted(sectors.items())),
        by_channel=tuple(Share(str(Complaint.Channel(c).label), n, c) for c, n in channels.items() if n),
    )


# --- Incidents that are not production-safety accidents ----------------------------------------------------


@dataclass(frozen=True)
class IncidentFigures:
    count: int
    dead: int
    injured: int
    loss_yuan: Decimal
    by_kind: tuple[Share, ...]  # kinds with incidents, in Incident.Kind order

    @property
    def loss_wan(self) -> str:
        return yuan_to_wan(self.loss_yuan)


def incident_figures(*, user: Viewer, period: Period) -> IncidentFigures:
    """One query, grouped by kind. Reads Incident only: accident_figures never sees these rows."""
    rows = {
        row["kind"]: row
        for row in Incident.objects.visible_to(user)
        .in_period(period)
        .values("kind")
        .annotate(count=Count("pk"), dead=Sum("dead"), injured=Sum("injured"), loss=Sum("loss_yuan"))
        .order_by()
    }
    return IncidentFigures(
        count=sum(r["count"] for r in rows.values()),
        dead=sum(r["dead"] or 0 for r in rows.values()),
        injured=sum(r["injured"] or 0 for r in rows.values()),
        loss_yuan=sum((r["loss"] or Decimal(0) for r in rows.values()), Decimal(0)),
        by_kind=tuple(
            Share(str(kind.label), rows[kind.value]["count"], kind.value)
            for kind in Incident.Kind
            if kind.value in rows
        ),
    )


# --- Safety investments ------------------------------------------------------------------------------------

# The works a summary names beside the total: the largest projects that say what they built.
WORKS_NAMED = 3


@dataclass(frozen=True)
class InvestmentFigures:
    projects: int
    amount_yuan: Decimal
    by_sector: tuple[Share, ...]  # amounts in 元, largest first; "" for none given, last
    works: tuple[str, ...]  # "道路安防设施升级改造429公里", largest amounts first, at most WORKS_NAMED

    @property
    def amount_wan(self) -> str:
        return yuan_to_wan(self.amount_yuan)


def investment_figures(*, user: Viewer, period: Period) -> InvestmentFigures:
    """Two queries: the amounts by sector, and the largest projects with a quantity of work done."""
    qs = SafetyInvestment.objects.visible_to(user).in_period(period)
    rows = list(
        qs.values("sector__name", "sector__code").annotate(projects=Count("pk"), amount=Sum("amount_yuan")).order_by()
    )
    shares = [Share(r["sector__name"] or "", r["amount"] or Decimal(0), r["sector__code"] or "") for r in rows]
    # Largest first, as "其中道路交通领域3081万元、消防领域50万元" reads; money without a sector last.
    shares.sort(key=lambda share: (not share.name, -share.value, share.name))
    # The same work in several projects (two townships' 消防设施配置) is one phrase with the quantities added.
    works = (
        qs.filter(quantity__isnull=False)
        .annotate(work=Coalesce(NullIf("output", Value("")), "project"))
        .values("work", "quantity_unit")
        .annotate(total=Sum("quantity"), amount=Sum("amount_yuan"))
        .order_by("-amount", "work")[:WORKS_NAMED]
    )
    return InvestmentFigures(
        projects=sum(r["projects"] for r in rows),
        amount_yuan=sum((r["amount"] or Decimal(0) for r in rows), Decimal(0)),
        by_sector=tuple(shares),
        works=tuple(f"{w['work']}{Decimal(w['total']).normalize():f}{w['quantity_unit']}" for w in works),
    )
