"""Reads for inspections within limits: the caps table, plans with their draws, and inspections per enterprise
this year against the caps."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from enforcement.models import Inspection, InspectionCap, InspectionPlan, PlanDraw
from enforcement.services.limits import cap_for
from enterprises.models import Enterprise
from org.models import OrgUnit, User


def cap_list() -> QuerySet[InspectionCap]:
    return InspectionCap.objects.all()


def plan_list() -> QuerySet[InspectionPlan]:
    return InspectionPlan.objects.select_related("issuer").annotate(draw_count=Count("draws"))


@dataclass(frozen=True)
class PlanProgress:
    planned: int
    required_random: int
    drawn: int  # distinct enterprises over every draw of the plan

    @property
    def covers(self) -> bool:
        return self.drawn >= self.required_random

    @property
    def drawn_share(self) -> int:
        return round(100 * self.drawn / self.planned) if self.planned else 0


def plan_draws(plan: InspectionPlan) -> list[PlanDraw]:
    return list(
        plan.draws.select_related("township", "drawn_by").prefetch_related(
            Prefetch("enterprises", queryset=Enterprise.objects.select_related("org_unit").order_by("pk")), "officers"
        )
    )


def plan_progress(plan: InspectionPlan, draws: list[PlanDraw]) -> PlanProgress:
    drawn = {e.pk for d in draws for e in d.enterprises.all()}
    return PlanProgress(planned=plan.planned_count, required_random=plan.required_random, drawn=len(drawn))


@dataclass(frozen=True)
class CapUsage:
    enterprise: Enterprise
    done: int  # every department's inspections this year
    by_unit: int  # the department's own (for a department's page), else equal to ``done``
    cap: int

    @property
    def over(self) -> bool:
        return self.done > self.cap

    @property
    def at_cap(self) -> bool:
        return self.done == self.cap


def usage_units(*, user: User) -> QuerySet[OrgUnit]:
    """The townships and departments the page can be shown for, within the user's area."""
    return (
        OrgUnit.objects.visible_to(user)
        .filter(kind__in=[OrgUnit.Kind.TOWNSHIP, OrgUnit.Kind.DEPARTMENT])
        .order_by("kind", "path", "name")
    )


def cap_usage(*, user: User, unit: OrgUnit, year: int) -> list[CapUsage]:
    """Per enterprise, inspections in ``year`` against its cap. For a township: its enterprises of the register;
    for a department: the enterprises it inspected that year. Two queries, whatever the number of enterprises."""
    in_year = Q(inspections__inspected_on__year=year)
    enterprises = Enterprise.objects.visible_to(user).select_related("org_unit")
    if unit.kind == OrgUnit.Kind.DEPARTMENT:
        # A subquery, not a filter across the relation: that join would be reused by the counts below.
        visited = Inspection.objects.filter(issuer=unit, inspected_on__year=year).values("enterprise")
        enterprises = enterprises.filter(pk__in=visited)
        by_unit = Count("inspections", filter=in_year & Q(inspections__issuer=unit), distinct=True)
    else:
        enterprises = enterprises.filter(org_unit=unit)
        by_unit = Count("inspections", filter=in_year, distinct=True)
    rows = enterprises.annotate(done=Count("inspections", filter=in_year, distinct=True), by_unit=by_unit)
    caps = list(InspectionCap.objects.filter(from_year__lte=year))
    usage = [CapUsage(enterprise=e, done=e.done, by_unit=e.by_unit, cap=cap_for(e, year, caps)) for e in rows]
    return sorted(usage, key=lambda u: (-(u.done - u.cap), u.enterprise.name))
