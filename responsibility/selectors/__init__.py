"""Reads of the responsibility system. The dashboards, the half-year summary (reports/)
and these pages call the same selectors, so their figures can never disagree.

Committees and letters belong to a year: a period's figures use the year the period ends in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet, Sum

from org.models import OrgUnit, User
from org.periods import Period, rate, yoy_phrase, yuan_to_wan
from org.scoping import visible_unit_ids
from responsibility.models import (
    Accident,
    Committee,
    Interview,
    LeaderInspection,
    Meeting,
    PublicityEvent,
    Ranking,
    RankingEntry,
    RankingScheme,
    ResponsibilityLetter,
)
from responsibility.models.events import ACCIDENT_GROUPS, AccidentGroup
from responsibility.models.ranking import ancestor_paths

# Complaints, incidents and investments live in their own module; read them as selectors.<name> like the rest.
from responsibility.selectors.ledgers import (  # noqa: F401
    ComplaintFigures,
    IncidentFigures,
    InvestmentFigures,
    Share,
    complaint_figures,
    complaint_list,
    incident_figures,
    incident_list,
    investment_figures,
    investment_list,
)

if TYPE_CHECKING:
    from org.typing import Viewer

# --- Responsibility system ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResponsibilityFigures:
    year: int
    main_committees: int  # 安委会 at every level in scope (city, districts, townships)
    committees: int  # 专委会
    member_units: int
    townships: int
    townships_with_committee: int  # townships whose own 安委会 exists (挂牌)
    letters: int
    letters_signed: int
    meetings: int
    meetings_by_kind: dict[str, int]  # Meeting.Kind value → count, every kind present
    leader_inspections: int
    leaders: int
    hazards_handed_over: int
    interviews: int
    # 主要领导 (书记, 市长/区长) trips among the leader-led inspections, and the hazards they handed over.
    principal_leader_inspections: int = 0
    principal_leader_hazards: int = 0

    @property
    def township_committee_rate(self) -> Decimal | None:
        """镇街安委会挂牌率, as seed 000 reports it."""
        return rate(self.townships_with_committee, self.townships)

    @property
    def letters_signed_rate(self) -> Decimal | None:
        """The share of due letters that are signed (签订率), one decimal place."""
        return rate(self.letters_signed, self.letters)


@dataclass(frozen=True)
class LetterFigures:
    due: int
    signed: int

    @property
    def signed_rate(self) -> Decimal | None:
        return rate(self.signed, self.due)


def letter_figures(*, user: Viewer, year: int) -> LetterFigures:
    """Letters due in a year and how many are signed: one query."""
    row = (
        ResponsibilityLetter.objects.visible_to(user)
        .filter(year=year)
        .aggregate(due=Count("pk"), signed=Count("pk", filter=Q(signed_on__isnull=False)))
    )
    return LetterFigures(due=row["due"], signed=row["signed"])


def responsibility_figures(*, user: Viewer, period: Period) -> ResponsibilityFigures:
    """Six aggregate queries, whatever the number of records."""
    year = period.end.year
    # Member units (成员单位) are those of the committees of the user's own unit: the city's departments,
    # not every village that sits on a township committee further down.
    own = Q(org_unit_id=user.org_unit_id) if getattr(user, "org_unit_id", None) else None
    committees = (
        Committee.objects.visible_to(user)
        .filter(year=year)
        .aggregate(
            main=Count("pk", filter=Q(kind=Committee.Kind.MAIN), distinct=True),
            specialised=Count("pk", filter=Q(kind=Committee.Kind.SPECIALISED), distinct=True),
            members=Count("member_units", filter=own, distinct=True),
            townships=Count(
                "org_unit", filter=Q(kind=Committee.Kind.MAIN, org_unit__kind=OrgUnit.Kind.TOWNSHIP), distinct=True
            ),
        )
    )
    letters = letter_figures(user=user, year=year)
    meetings = dict.fromkeys(Meeting.Kind.values, 0)
    for row in Meeting.objects.visible_to(user).in_period(period).values("kind").annotate(n=Count("pk")).order_by():
        meetings[row["kind"]] = row["n"]
    inspections = (
        LeaderInspection.objects.visible_to(user)
        .in_period(period)
        .aggregate(
            count=Count("pk", distinct=True),
            leaders=Count("leader", distinct=True),
            handed_over=Count("hazards", distinct=True),
            principal=Count("pk", filter=Q(principal_leader=True), distinct=True),
            principal_hazards=Count("hazards", filter=Q(principal_leader=True), distinct=True),
        )
    )
    return ResponsibilityFigures(
        year=year,
        main_committees=committees["main"],
        committees=committees["specialised"],
        member_units=committees["members"],
        townships=OrgUnit.objects.visible_to(user).townships().count(),
        townships_with_committee=committees["townships"],
        letters=letters.due,
        letters_signed=letters.signed,
        meetings=sum(meetings.values()),
        meetings_by_kind=meetings,
        leader_inspections=inspections["count"],
        leaders=inspections["leaders"],
        hazards_handed_over=inspections["handed_over"],
        interviews=Interview.objects.visible_to(user).in_period(period).count(),
        principal_leader_inspections=inspections["principal"],
        principal_leader_hazards=inspections["principal_hazards"],
    )


# --- Accidents ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AccidentKindFigures:
    kind: str
    label: str
    count: int
    deaths: int


@dataclass(frozen=True)
class AccidentFigures:
    """Accidents in a period; ``previous`` is the same period last year (without a previous of its own)."""

    count: int
    deaths: int
    injured: int
    direct_loss_yuan: Decimal
    major_or_above: int  # 较大及以上
    by_kind: tuple[AccidentKindFigures, ...]  # every kind, in Accident.Kind order
    previous: AccidentFigures | None = None

    @property
    def count_change(self) -> str:
        """ "同比下降40%" — the wording of seed 000's opening sentence."""
        return yoy_phrase(self.count, self.previous.count, unit="起") if self.previous else ""

    @property
    def deaths_change(self) -> str:
        return yoy_phrase(self.deaths, self.previous.deaths, unit="人") if self.previous else ""

    @property
    def deaths_change_absolute(self) -> str:
        """ "同比下降1人", for a sentence that counts people rather than a rate."""
        return yoy_phrase(self.deaths, self.previous.deaths, unit="人", absolute=True) if self.previous else ""

    @property
    def direct_loss_wan(self) -> str:
        return yuan_to_wan(self.direct_loss_yuan)

    def groups(self) -> tuple[AccidentGroupFigures, ...]:
        """By statistics group (工矿商贸, 道路交通 …), read from these figures without another query."""
        return group_accidents(self)

    def kind_rows(self) -> list[dict[str, Any]]:
        """This year and last side by side, per kind, with the change worded."""
        previous = {k.kind: k for k in self.previous.by_kind} if self.previous else {}
        rows = []
        for kind in self.by_kind:
            before = previous.get(kind.kind, AccidentKindFigures(kind.kind, kind.label, 0, 0))
            rows.append(
                {
                    "kind": kind,
                    "previous": before,
                    "count_change": yoy_phrase(kind.count, before.count, unit="起"),
                    "deaths_change": yoy_phrase(kind.deaths, before.deaths, unit="人"),
                }
            )
        return rows


@dataclass(frozen=True)
class AccidentGroupFigures:
    """One group of the national statistics (ACCIDENT_GROUPS), this period and the same period last year.

    ``kinds``: the group's kinds in Accident.Kind order; ``previous_*`` are 0 when last year has no figures.
    """

    group: str
    label: str
    count: int
    deaths: int
    previous_count: int
    previous_deaths: int
    kinds: tuple[AccidentKindFigures, ...]

    def kind(self, kind: str) -> AccidentKindFigures | None:
        return next((k for k in self.kinds if k.kind == kind), None)


def group_accidents(f: AccidentFigures) -> tuple[AccidentGroupFigures, ...]:
    """Every group, in AccidentGroup order, from the per-kind figures: each kind counts in one group only."""
    previous = {k.kind: k for k in f.previous.by_kind} if f.previous else {}
    groups = []
    for group in AccidentGroup:
        kinds = tuple(k for k in f.by_kind if ACCIDENT_GROUPS[k.kind] == group)
        before = [previous[k.kind] for k in kinds if k.kind in previous]
        groups.append(
            AccidentGroupFigures(
                group.value,
                str(group.label),
                sum(k.count for k in kinds),
                sum(k.deaths for k in kinds),
                sum(k.count for k in before),
                sum(k.deaths for k in before),
                kinds,
            )
        )
    return tuple(groups)


def accident_group_figures(*, user: Viewer, period: Period) -> tuple[AccidentGroupFigures, ...]:
    """Accidents by statistics group, this period and last year: the one query of accident_figures."""
    return group_accidents(accident_figures(user=user, period=period))


def _accident_totals(rows: Sequence[Mapping[str, Any]], suffix: str) -> AccidentFigures:
    by_kind = {row["kind"]: row for row in rows}
    kinds = tuple(
        AccidentKindFigures(
            kind.value,
            str(kind.label),
            by_kind.get(kind.value, {}).get(f"count_{suffix}", 0),
            by_kind.get(kind.value, {}).get(f"deaths_{suffix}") or 0,
        )
        for kind in Accident.Kind
    )
    return AccidentFigures(
        count=sum(k.count for k in kinds),
        deaths=sum(k.deaths for k in kinds),
        injured=sum(row[f"injured_{suffix}"] or 0 for row in rows),
        direct_loss_yuan=sum((row[f"loss_{suffix}"] or Decimal(0) for row in rows), Decimal(0)),
        major_or_above=sum(row[f"major_{suffix}"] for row in rows),
        by_kind=kinds,
    )


def accident_figures(*, user: Viewer, period: Period) -> AccidentFigures:
    """Accidents in the period and in the same period last year: one query."""
    last = period.same_period_last_year()
    spans = {
        "now": Q(occurred_on__range=(period.start, period.end)),
        "last": Q(occurred_on__range=(last.start, last.end)),
    }
    larger = ~Q(grade=Accident.Grade.ORDINARY)
    aggregates: dict[str, Any] = {}
    for suffix, span in spans.items():
        aggregates |= {
            f"count_{suffix}": Count("pk", filter=span),
            f"deaths_{suffix}": Sum("dead", filter=span),
            f"injured_{suffix}": Sum("injured", filter=span),
            f"loss_{suffix}": Sum("direct_loss_yuan", filter=span),
            f"major_{suffix}": Count("pk", filter=span & larger),
        }
    rows = list(
        Accident.objects.visible_to(user)
        .filter(spans["now"] | spans["last"])
        .values("kind")
        .annotate(**aggregates)
        .order_by()
    )
    return replace(_accident_totals(rows, "now"), previous=_accident_totals(rows, "last"))


# --- Publicity and training --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicityKindFigures:
    kind: str
    label: str
    events: int
    participants: int
    materials: int
    media_pieces: int


@dataclass(frozen=True)
class PublicityFigures:
    events: int
    participants: int
    materials: int
    media_pieces: int
    by_kind: tuple[PublicityKindFigures, ...]  # every kind, in PublicityEvent.Kind order

    def of(self, kind: str) -> PublicityKindFigures:
        return next(k for k in self.by_kind if k.kind == kind)

    @property
    def trainings(self) -> int:
        return self.of(PublicityEvent.Kind.TRAINING).events

    @property
    def trained(self) -> int:
        """People trained (培训人员), as "举办各类培训10次，培训人员1100余名"."""
        return self.of(PublicityEvent.Kind.TRAINING).participants

    @property
    def drills(self) -> int:
        return self.of(PublicityEvent.Kind.DRILL).events

    @property
    def publicity_events(self) -> int:
        """宣传活动: every event that is neither a training nor a drill (those are said apart)."""
        return self.events - self.trainings - self.drills


def publicity_figures(*, user: Viewer, period: Period) -> PublicityFigures:
    """Counts and sums per kind for the period: one query."""
    rows = {
        row["kind"]: row
        for row in PublicityEvent.objects.visible_to(user)
        .in_period(period)
        .values("kind")
        .annotate(
            events=Count("pk"),
            participants=Sum("participants"),
            materials=Sum("materials"),
            media_pieces=Sum("media_pieces"),
        )
        .order_by()
    }
    kinds = []
    for kind in PublicityEvent.Kind:
        row: Mapping[str, Any] = rows.get(kind.value, {})
        kinds.append(
            PublicityKindFigures(
                kind.value,
                str(kind.label),
                row.get("events", 0),
                row.get("participants") or 0,
                row.get("materials") or 0,
                row.get("media_pieces") or 0,
            )
        )
    return PublicityFigures(
        events=sum(k.events for k in kinds),
        participants=sum(k.participants for k in kinds),
        materials=sum(k.materials for k in kinds),
        media_pieces=sum(k.media_pieces for k in kinds),
        by_kind=tuple(kinds),
    )


# --- Record lists ------------------------------------------------------------------------------------------


def _within(qs: QuerySet, unit: OrgUnit | None) -> QuerySet:
    return qs.filter(org_unit__path__startswith=unit.path) if unit is not None else qs


def committee_list(*, user: User, year: int, unit: OrgUnit | None = None) -> QuerySet[Committee]:
    return (
        _within(Committee.objects.visible_to(user).filter(year=year), unit)
        .select_related("org_unit", "lead_department", "parent")
        .annotate(member_count=Count("member_units"))
        .order_by("org_unit__path", "kind", "sort_order", "pk")
    )


def letter_list(*, user: User, year: int, unit: OrgUnit | None = None) -> QuerySet[ResponsibilityLetter]:
    return _within(ResponsibilityLetter.objects.visible_to(user).filter(year=year), unit).select_related(
        "issuer", "org_unit"
    )


def meeting_list(*, user: User, period: Period, unit: OrgUnit | None = None) -> QuerySet[Meeting]:
    return _within(Meeting.objects.visible_to(user).in_period(period), unit).select_related("org_unit", "committee")


def leader_inspection_list(*, user: User, period: Period, unit: OrgUnit | None = None) -> QuerySet[LeaderInspection]:
    return (
        _within(LeaderInspection.objects.visible_to(user).in_period(period), unit)
        .select_related("org_unit")
        .annotate(hazard_count=Count("hazards"))
        .order_by("-held_on", "-pk")
    )  # GROUP BY drops Meta.ordering


def interview_list(*, user: User, period: Period, unit: OrgUnit | None = None) -> QuerySet[Interview]:
    return _within(Interview.objects.visible_to(user).in_period(period), unit).select_related("org_unit")


def accident_list(*, user: User, period: Period, unit: OrgUnit | None = None) -> QuerySet[Accident]:
    return _within(Accident.objects.visible_to(user).in_period(period), unit).select_related("org_unit")


def publicity_event_list(*, user: User, period: Period, unit: OrgUnit | None = None) -> QuerySet[PublicityEvent]:
    return _within(PublicityEvent.objects.visible_to(user).in_period(period), unit).select_related("org_unit")


# --- Rankings ----------------------------------------------------------------------------------------------


def scheme_list(*, user: User) -> QuerySet[RankingScheme]:
    """Schemes with everything compute() reads, in four prefetch queries."""
    return (
        RankingScheme.objects.visible_to(user)
        .select_related("org_unit")
        .prefetch_related("indicators", "bands", "elements__rules")
    )


def scheme_rules(*, user: User) -> QuerySet[RankingScheme]:
    """The schemes that rank the user's area, with their rules: a township may read how it is scored."""
    ids = visible_unit_ids(user)
    schemes = RankingScheme.objects.all()
    if ids is not None:
        schemes = schemes.filter(Q(org_unit__in=ids) | Q(org_unit__path__in=ancestor_paths(user)))
    return (
        schemes.filter(is_active=True)
        .select_related("org_unit")
        .prefetch_related("indicators", "bands", "elements__rules")
    )


def ranking_list(*, user: User) -> QuerySet[Ranking]:
    return Ranking.objects.visible_to(user).select_related("scheme", "org_unit")


def ranking_entries(*, ranking: Ranking) -> QuerySet[RankingEntry]:
    return ranking.entries.select_related("org_unit").order_by("position")


def township_history(*, user: User, township: OrgUnit) -> QuerySet[RankingEntry]:
    """A township's place in every published ranking, newest first."""
    return (
        RankingEntry.objects.visible_to(user)
        .filter(org_unit=township, ranking__status=Ranking.Status.PUBLISHED)
        .select_related("ranking__scheme")
        .order_by("-ranking__period_end", "-ranking__issue")
    )


# --- Small reads the summary's sentences need --------------------------------------------------------------


@dataclass(frozen=True)
class FatalAccidentFigures:
    """亡人事故: accidents with at least one death, this period and the same period last year (seed 004)."""

    count: int
    previous: int
    road: int
    road_previous: int


def fatal_accident_figures(*, user: Viewer, period: Period) -> FatalAccidentFigures:
    """One query over the fatal accidents of both periods."""
    last = period.same_period_last_year()
    now, before = Q(occurred_on__range=(period.start, period.end)), Q(occurred_on__range=(last.start, last.end))
    road = Q(kind=Accident.Kind.ROAD)
    row = (
        Accident.objects.visible_to(user)
        .filter(now | before, dead__gt=0)
        .aggregate(
            count=Count("pk", filter=now),
            previous=Count("pk", filter=before),
            road=Count("pk", filter=now & road),
            road_previous=Count("pk", filter=before & road),
        )
    )
    return FatalAccidentFigures(**row)


def specialised_committee_count(*, user: Viewer, year: int) -> int:
    """专委会 of one year: seed 001 compares this year's ten with last year's fourteen."""
    return Committee.objects.visible_to(user).filter(year=year, kind=Committee.Kind.SPECIALISED).count()


def rankings_published(*, user: Viewer, period: Period) -> int:
    """Issues of the township ranking (晾晒) published in the period: "已发布50期" (seed 000).

    The scope's own bulletins only: a township reads the city's bulletins but did not publish them.
    """
    qs = Ranking.objects.visible_to(user).filter(
        status=Ranking.Status.PUBLISHED, period_end__range=(period.start, period.end)
    )
    unit = getattr(user, "org_unit", None)
    return (qs.filter(org_unit__path__startswith=unit.path) if unit is not None else qs).count()
