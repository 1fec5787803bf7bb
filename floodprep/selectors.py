"""Reads of the flood records. The readiness page, the dashboards and the half-year
summary all call flood_figures / flood_figures_by_township, so they cannot disagree.

What a figure counts:
- the roster, risk points, teams, shelters and supply shortfalls are the state of
  the records now (what is in place), active records only;
- check-ins, inspections, drills, training and patrols are those dated within the period;
- 进岗履职率 = persons on the roster with at least one check-in in the period ÷ persons;
- 规范化率 = shelters that meet the standard ÷ shelters;
- a supply shortfall is one (township, item) whose stock in the township's and its
  villages' warehouses is below the township's reserve standard.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum, When
from django.db.models.functions import Coalesce

from floodprep import filters
from floodprep.models import (
    CheckIn,
    Drill,
    ForestPatrol,
    RescueTeam,
    ResponsiblePerson,
    RiskInspection,
    RiskPoint,
    Shelter,
    Stock,
    SupplyItem,
    Warehouse,
)
from floodprep.models.supplies import ReserveStandard
from hazards.models import Hazard
from org.filters import FilterRequest
from org.models import OrgUnit, User
from org.periods import Period, rate

if TYPE_CHECKING:
    from org.typing import Viewer

__all__ = [
    "FloodFigures",
    "Period",
    "Shortfall",
    "TeamGroup",
    "flood_figures",
    "flood_figures_by_township",
    "flood_readiness",
    "inspection_sentence",
    "rescue_teams_by_kind",
    "risk_points_by_kind",
    "supply_shortfalls",
]


@dataclass(frozen=True)
class FloodFigures:
    # The contract the dashboards and the summary rely on.
    responsible_persons: int
    checked_in: int
    checkin_rate: Decimal | None
    risk_points: int
    inspections_staff: int  # 出动人次
    points_checked: int
    hazards_found: int
    hazards_rectified: int
    measures_in_place: int  # 落实度汛措施
    teams: int
    team_members: int
    shelters: int
    shelters_standard: int
    shelter_rate: Decimal | None
    drills: int
    drill_participants: int
    trainings: int
    trainees: int
    supply_shortfalls: int
    # More the readiness page shows.
    risk_points_inspected: int
    people_at_risk: int
    inspections: int
    shelter_capacity: int
    forest_patrols: int
    patrol_staff: int
    fire_sources_found: int

    @classmethod
    def from_counts(cls, counts: Counter[str]) -> FloodFigures:
        return cls(
            **{name: counts[name] for name in COUNTED},
            checkin_rate=rate(counts["checked_in"], counts["responsible_persons"]),
            shelter_rate=rate(counts["shelters_standard"], counts["shelters"]),
        )

    @property
    def hazards_open(self) -> int:
        return self.hazards_found - self.hazards_rectified - self.measures_in_place


COUNTED = [f.name for f in dataclasses.fields(FloodFigures) if f.name not in ("checkin_rate", "shelter_rate")]


@dataclass(frozen=True)
class Shortfall:
    township_path: str
    township: str
    item: SupplyItem
    required: int
    held: int

    @property
    def missing(self) -> int:
        return self.required - self.held


def _within(qs: QuerySet, unit: OrgUnit | None, field: str = "org_unit") -> QuerySet:
    return qs.filter(**{f"{field}__path__startswith": unit.path}) if unit is not None else qs


# The kinds of record the figures count, a query each.
KINDS = frozenset({"persons", "risk_points", "inspections", "teams", "shelters", "drills", "patrols", "shortfalls"})
# What the dashboards' flood cards and township table show (reports.dashboard.base.flood_kpis): the check-in
# rate, risk points, shelters and supply shortfalls.
CARD_KINDS = frozenset({"persons", "risk_points", "shelters", "shortfalls"})


def _unit_counts(
    user: Viewer, period: Period, unit: OrgUnit | None, *, grouped: bool = True, only: frozenset[str] = KINDS
) -> dict[str, Counter[str]]:
    """Every counted figure per org-unit path (a village's under its parent's): one grouped query per kind.

    ``grouped=False`` counts the totals only, under the key "": no grouping, no join to the units.
    ``only`` leaves the other kinds of record uncounted: their figures stay at zero.
    """
    span = (period.start, period.end)
    per_path: dict[str, Counter[str]] = defaultdict(Counter)

    def add(kind: str, queryset: QuerySet, **aggregates: Any) -> None:
        if kind not in only:
            return
        if not grouped:
            row = _within(queryset, unit).aggregate(**aggregates)
            per_path[""].update({name: value for name, value in row.items() if value})
            return
        # A village's records are grouped under its parent (its township) in the query already: a city
        # has 2–3 villages per township, so a third of the rows to add up here. Any other unit keeps its
        # own path, and flood_readiness finds its township by the path.
        area = Case(
            When(org_unit__kind=OrgUnit.Kind.VILLAGE, org_unit__parent__isnull=False, then=F("org_unit__parent__path")),
            default=F("org_unit__path"),
        )
        rows = (
            _within(queryset, unit)
            .annotate(township_area=area)
            .values("township_area")
            .annotate(**aggregates)
            .values_list("township_area", *aggregates)
            .order_by()
        )
        for path, *values in rows:
            counts = per_path[path]
            for name, value in zip(aggregates, values, strict=True):
                if value:
                    counts[name] += value

    # A probe per person of the (person, day) index, not EXISTS: the planner hashes every
    # check-in of the period, the whole province's, for EXISTS.
    first_checkin = (
        CheckIn.objects.filter(person=OuterRef("pk"), checked_on__range=span).order_by().values("person")[:1]
    )
    add(
        "persons",
        ResponsiblePerson.objects.visible_to(user).active().annotate(checked=Subquery(first_checkin)),
        responsible_persons=Count("pk"),
        checked_in=Count("pk", filter=Q(checked__isnull=False)),
    )
    inspected = Exists(
        RiskInspection.risk_points.through.objects.filter(
            riskpoint=OuterRef("pk"), riskinspection__inspected_on__range=span
        )
    )
    add(
        "risk_points",
        RiskPoint.objects.visible_to(user).active().annotate(inspected=inspected),
        risk_points=Count("pk"),
        risk_points_inspected=Count("pk", filter=Q(inspected=True)),
        people_at_risk=Sum("people_at_risk"),
    )
    add(
        "inspections",
        RiskInspection.objects.visible_to(user).filter(inspected_on__range=span),
        inspections=Count("pk"),
        inspections_staff=Sum("staff_count"),
        points_checked=Sum("points_checked"),
        hazards_found=Sum("hazards_found"),
        hazards_rectified=Sum("hazards_rectified"),
        measures_in_place=Sum("measures_in_place"),
    )
    add(
        "teams",
        RescueTeam.objects.visible_to(user).filter(is_active=True),
        teams=Count("pk"),
        team_members=Sum("members"),
    )
    add(
        "shelters",
        Shelter.objects.visible_to(user).filter(is_active=True),
        shelters=Count("pk"),
        shelters_standard=Count("pk", filter=Q(meets_standard=True)),
        shelter_capacity=Sum("capacity"),
    )
    drill, training = Q(kind=Drill.Kind.DRILL), Q(kind=Drill.Kind.TRAINING)
    add(
        "drills",
        Drill.objects.visible_to(user).filter(held_on__range=span),
        drills=Count("pk", filter=drill),
        drill_participants=Sum("participants", filter=drill),
        trainings=Count("pk", filter=training),
        trainees=Sum("participants", filter=training),
    )
    add(
        "patrols",
        ForestPatrol.objects.visible_to(user).filter(patrolled_on__range=span),
        forest_patrols=Count("pk"),
        patrol_staff=Sum("staff_count"),
        fire_sources_found=Sum("fire_sources_found"),
    )
    for shortfall in _shortfalls(user, unit) if "shortfalls" in only else []:
        per_path[shortfall.township_path]["supply_shortfalls"] += 1
    return per_path


def _shortfalls(user: Viewer, unit: OrgUnit | None) -> list[Shortfall]:
    standards = list(
        _within(ReserveStandard.objects.visible_to(user), unit).values_list(
            "org_unit__path", "org_unit__name", "item_id", "quantity"
        )
    )
    if not standards:
        return []
    names = {path: name for path, name, _item, _qty in standards}
    held: Counter[tuple[str, int]] = Counter()
    stock = (
        _within(Stock.objects.visible_to(user).filter(warehouse__is_active=True), unit, "warehouse__org_unit")
        .values("warehouse__org_unit__path", "item_id")
        .annotate(total=Sum("quantity"))
        .order_by()
    )
    for row in stock:
        township = OrgUnit.township_path_of(row["warehouse__org_unit__path"], names)
        if township is not None:
            held[(township, row["item_id"])] += row["total"]
    items = SupplyItem.objects.in_bulk({item for _p, _n, item, _q in standards})
    found = [
        Shortfall(path, name, items[item], quantity, held[(path, item)])
        for path, name, item, quantity in standards
        if held[(path, item)] < quantity
    ]
    return sorted(found, key=lambda s: (s.township_path, s.item.sort_order))


def supply_shortfalls(*, user: User, unit: OrgUnit | None = None) -> list[Shortfall]:
    """Every (township, item) below its reserve standard, in township order."""
    return _shortfalls(user, unit)


def flood_figures(
    *, user: Viewer, period: Period, unit: OrgUnit | None = None, only: frozenset[str] = KINDS
) -> FloodFigures:
    """The figures for everything the user sees (or for one unit of it), district and city records included.

    ``only``: the kinds of record to count (CARD_KINDS for a dashboard's cards); the others stay at zero.
    """
    total: Counter[str] = Counter()
    for counts in _unit_counts(user, period, unit, grouped=False, only=only).values():
        total.update(counts)
    return FloodFigures.from_counts(total)


def flood_figures_by_township(*, user: Viewer, period: Period) -> list[tuple[OrgUnit, FloodFigures]]:
    """Every visible township, with its villages' records; those with no records still appear."""
    return flood_readiness(user=user, period=period)[1]


def flood_readiness(
    *,
    user: Viewer,
    period: Period,
    unit: OrgUnit | None = None,
    townships: list[OrgUnit] | None = None,
    only: frozenset[str] = KINDS,
) -> tuple[FloodFigures, list[tuple[OrgUnit, FloodFigures]]]:
    """The totals and the township rows from one set of queries, for the readiness page.

    ``townships``: the user's visible townships (within ``unit``) in tree order, when the caller has
    them already (the city dashboard); read here otherwise. ``only`` as in flood_figures.
    """
    per_path = _unit_counts(user, period, unit, only=only)
    if townships is None:
        visible = OrgUnit.objects.visible_to(user).townships().order_by("path")
        townships = list(visible.filter(path__startswith=unit.path) if unit is not None else visible)
    by_township = townships
    by_path: dict[str, Counter[str]] = {t.path: Counter() for t in by_township}
    total: Counter[str] = Counter()
    for path, counts in per_path.items():
        total.update(counts)
        township = OrgUnit.township_path_of(path, by_path)
        if township is not None:
            by_path[township].update(counts)
    rows = [(t, FloodFigures.from_counts(by_path[t.path])) for t in by_township]
    return FloodFigures.from_counts(total), rows


def inspection_sentence(figures: FloodFigures) -> str:
    """The summary's wording of the inspection figures, as seed 000 writes it."""
    text = (
        f"出动检查人员{figures.inspections_staff}人次，检查各类点位{figures.points_checked}处，"
        f"发现隐患{figures.hazards_found}处，整改{figures.hazards_rectified}处"
    )
    if figures.measures_in_place:
        rest = figures.hazards_found - figures.hazards_rectified
        if rest == figures.measures_in_place:
            return f"{text}，其余{rest}处已落实度汛措施"
        return f"{text}，{figures.measures_in_place}处已落实度汛措施"
    return text


# ------------------------------------------------------------------------------
# Lists: the filter sets over the user's visible records, joined for their tables
# ------------------------------------------------------------------------------


def _filter(filterset: type[filters.AreaPeriodFilterSet], queryset: QuerySet, user: User, data: Any):
    return filterset(data, queryset=queryset, request=FilterRequest(user))


def person_filter(*, user: User, data: Any) -> filters.PersonFilter:
    # Subqueries, not joins: two joined aggregates would multiply each other's rows.
    last = CheckIn.objects.filter(person=OuterRef("pk")).order_by("-checked_on").values("checked_on")[:1]
    points = (
        RiskPoint.responsible_persons.through.objects.filter(responsibleperson=OuterRef("pk"))
        .values("responsibleperson")
        .annotate(n=Count("pk"))
        .values("n")  # type: ignore[misc]  # the plugin misses the annotation on the auto-created through model
    )
    queryset = (
        ResponsiblePerson.objects.visible_to(user)
        .select_related("org_unit", "org_unit__parent")
        .annotate(last_checkin=Subquery(last), point_count=Coalesce(Subquery(points), 0))
    )
    return _filter(filters.PersonFilter, queryset, user, data)


def risk_point_filter(*, user: User, data: Any) -> filters.RiskPointFilter:
    queryset = (
        RiskPoint.objects.visible_to(user)
        .active()
        .select_related("org_unit", "org_unit__parent")
        .annotate(person_count=Count("responsible_persons"))
        .order_by("org_unit__path", "kind", "name")  # a grouped query drops the model's default ordering
    )
    return _filter(filters.RiskPointFilter, queryset, user, data)


def inspection_filter(*, user: User, data: Any) -> filters.InspectionFilter:
    queryset = RiskInspection.objects.visible_to(user).select_related("org_unit", "org_unit__parent")
    return _filter(filters.InspectionFilter, queryset, user, data)


def warehouse_filter(*, user: User, data: Any) -> filters.WarehouseFilter:
    queryset = (
        Warehouse.objects.visible_to(user)
        .filter(is_active=True)
        .select_related("org_unit", "org_unit__parent")
        .annotate(item_count=Count("stocks"))
        .order_by("org_unit__path", "name")
    )
    return _filter(filters.WarehouseFilter, queryset, user, data)


def team_filter(*, user: User, data: Any) -> filters.TeamFilter:
    queryset = RescueTeam.objects.visible_to(user).filter(is_active=True).select_related("org_unit", "org_unit__parent")
    return _filter(filters.TeamFilter, queryset, user, data)


def shelter_filter(*, user: User, data: Any) -> filters.ShelterFilter:
    queryset = Shelter.objects.visible_to(user).filter(is_active=True).select_related("org_unit", "org_unit__parent")
    return _filter(filters.ShelterFilter, queryset, user, data)


def drill_filter(*, user: User, data: Any) -> filters.DrillFilter:
    queryset = Drill.objects.visible_to(user).select_related("org_unit", "org_unit__parent")
    return _filter(filters.DrillFilter, queryset, user, data)


def patrol_filter(*, user: User, data: Any) -> filters.PatrolFilter:
    queryset = ForestPatrol.objects.visible_to(user).select_related("org_unit", "org_unit__parent")
    return _filter(filters.PatrolFilter, queryset, user, data)


def person_detail_queryset(*, user: User) -> QuerySet[ResponsiblePerson]:
    return ResponsiblePerson.objects.visible_to(user).select_related("org_unit", "org_unit__parent")


def risk_point_detail_queryset(*, user: User) -> QuerySet[RiskPoint]:
    return RiskPoint.objects.visible_to(user).select_related("org_unit", "org_unit__parent")


def inspection_detail_queryset(*, user: User) -> QuerySet[RiskInspection]:
    return RiskInspection.objects.visible_to(user).select_related("org_unit__parent", "recorded_by")


def inspection_area(inspection: RiskInspection) -> OrgUnit:
    """The area whose hazards an inspection may have found: a village inspection looks at its township."""
    unit = inspection.org_unit
    return unit.parent if unit.kind == OrgUnit.Kind.VILLAGE and unit.parent is not None else unit


def linkable_hazards(*, user: User, inspection: RiskInspection, days: int = 14) -> QuerySet[Hazard]:
    """Hazards of the inspection's area found around its date and not linked yet."""
    window = (inspection.inspected_on - dt.timedelta(days=days), inspection.inspected_on + dt.timedelta(days=days))
    return (
        Hazard.objects.visible_to(user)
        .filter(org_unit__path__startswith=inspection_area(inspection).path, found_on__range=window)
        .exclude(flood_inspections=inspection)
        .select_related("sector")
        .order_by("found_on", "pk")
    )


def warehouse_detail_queryset(*, user: User) -> QuerySet[Warehouse]:
    return Warehouse.objects.visible_to(user).select_related("org_unit", "org_unit__parent")


def stock_of(*, warehouse: Warehouse) -> QuerySet[Stock]:
    return warehouse.stocks.select_related("item").order_by("item__sort_order")


def last_checkins(*, person: ResponsiblePerson, limit: int = 10) -> QuerySet[CheckIn]:
    return person.checkins.select_related("recorded_by")[:limit]


@dataclass(frozen=True)
class TeamGroup:
    teams: int
    members: int


def rescue_teams_by_kind(*, user: Viewer) -> dict[tuple[str, str], TeamGroup]:
    """Teams in service by (kind, level of their unit): seed 004 counts forest-fire teams at city, township and
    village level and social rescue forces apart. One query."""
    rows = (
        RescueTeam.objects.visible_to(user)
        .filter(is_active=True)
        .values("kind", "org_unit__kind")
        .annotate(teams=Count("pk"), members=Sum("members"))
        .order_by()
    )
    return {(r["kind"], r["org_unit__kind"]): TeamGroup(r["teams"], r["members"] or 0) for r in rows}


def risk_points_by_kind(*, user: Viewer) -> dict[str, int]:
    """Active risk points by kind (地质灾害风险防范区, 山洪防御重点村落, 城市内涝点 …). One query."""
    rows = RiskPoint.objects.visible_to(user).active().values("kind").annotate(n=Count("pk")).order_by()
    return {r["kind"]: r["n"] for r in rows}
