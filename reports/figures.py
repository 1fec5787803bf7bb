"""Every figure a summary uses, read from the domain apps' selectors.

The dashboard and the Excel annex call the same selectors, so the three can
never disagree. Each figure carries a link to the filtered records it counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse

from enforcement.selectors import figures as enforcement_selectors
from floodprep import selectors as flood_selectors
from hazards import selectors as hazard_selectors
from hazards.models import Campaign
from org.models import OrgUnit
from org.periods import Period, format_rate, yuan_to_wan
from org.scoping import ScopeViewer
from reports.wording import Figure
from responsibility import selectors as responsibility_selectors


@dataclass(frozen=True)
class ReportScope:
    unit: OrgUnit
    period: Period  # start .. as-of date
    as_of: dt.date

    @property
    def viewer(self) -> ScopeViewer:
        return ScopeViewer(org_unit=self.unit)


def _count(key: str, label: str, value: int | None, link: str = "") -> Figure:
    return Figure(key, label, value, "" if value is None else str(value), link)


def _rate(key: str, label: str, value: Any, link: str = "") -> Figure:
    return Figure(key, label, value, format_rate(value), link)


def _text(key: str, label: str, value: str | None, link: str = "") -> Figure:
    return Figure(key, label, value or None, value or "", link)


def _ledger(scope: ReportScope, **extra: str) -> str:
    query = {"unit": scope.unit.pk, "found_from": scope.period.start.isoformat(),
             "found_to": scope.period.end.isoformat(), **extra}
    return f"{reverse('hazards:list')}?{urlencode(query)}"


def hazard_figures(scope: ReportScope) -> list[Figure]:
    f = hazard_selectors.hazard_figures(user=scope.viewer, period=scope.period, today=scope.as_of)
    closed = {"status": "closed", "closed_to": scope.period.end.isoformat()}
    ledger = reverse("hazards:list")
    figures = [
        _count("hazards_found", "排查隐患（处）", f.found, _ledger(scope)),
        _count("hazards_rectified", "整改完成（处）", f.rectified, _ledger(scope, **closed)),
        _rate("hazards_rate", "整改完成率", f.rate),
        _count("major_found", "重大事故隐患（处）", f.major_found, _ledger(scope, level="major")),
        _count("major_rectified", "重大隐患整改（处）", f.major_rectified,
               _ledger(scope, level="major", **closed)),
        _count("major_listed", "挂牌督办（处）", f.listed, f"{ledger}?unit={scope.unit.pk}&listed=on"),
        _count("hazards_overdue", "超期未整改（处）", f.overdue, f"{ledger}?unit={scope.unit.pk}&overdue=on"),
    ]
    campaign = _main_campaign(scope)
    if campaign is not None:
        name, found, rectified, pk = campaign
        figures += [
            _text("campaign_name", "专项行动", f"“{name}”"),
            _count("campaign_found", "专项行动排查隐患（处）", found, _ledger(scope, campaign=str(pk))),
            _count("campaign_rectified", "专项行动整改（处）", rectified, _ledger(scope, campaign=str(pk), **closed)),
        ]
    return figures


def _main_campaign(scope: ReportScope) -> tuple[str, int, int, int] | None:
    """The campaign with the most hazards found in the period, if any."""
    found = Q(hazards__found_on__range=(scope.period.start, scope.period.end),
              hazards__org_unit__path__startswith=scope.unit.path)
    row = (
        Campaign.objects.filter(start__lte=scope.period.end, end__gte=scope.period.start)
        .annotate(found=Count("hazards", filter=found),
                  rectified=Count("hazards", filter=found & Q(hazards__status="closed",
                                                              hazards__closed_on__lte=scope.period.end)))
        .filter(found__gt=0)
        .order_by("-found", "pk")
        .values_list("name", "found", "rectified", "pk")
        .first()
    )
    return row


def _wan(key: str, label: str, amount_yuan: Decimal, link: str = "") -> Figure:
    """The value is in 万元, as the label says: 265800 元 → Decimal("26.58")."""
    text = yuan_to_wan(amount_yuan)
    return Figure(key, label, Decimal(text), text, link)


def _list(name: str, scope: ReportScope, *, start: str = "start", end: str = "end", unit: str | None = "unit",
          **extra: str) -> str:
    """A domain list filtered to the report's period (and area, where the list takes one)."""
    query = {start: scope.period.start.isoformat(), end: scope.period.end.isoformat(), **extra}
    if unit:
        query[unit] = str(scope.unit.pk)
    return f"{reverse(name)}?{urlencode(query)}"


def accident_figures(scope: ReportScope) -> list[Figure]:
    f = responsibility_selectors.accident_figures(user=scope.viewer, period=scope.period)
    link = _list("responsibility:accident_list", scope)
    major = f.major_or_above
    return [
        _count("accidents", "生产安全事故（起）", f.count, link),
        _count("accident_deaths", "死亡（人）", f.deaths, link),
        _text("accidents_change", "事故数同比", f.count_change),
        _text("deaths_change", "死亡人数同比", f.deaths_change),
        _text("major_accidents_phrase", "较大及以上事故",
              "未发生较大及以上生产安全事故" if major == 0 else f"其中较大及以上事故{major}起", link),
        _count("accidents_last_year", "去年同期事故（起）", f.previous.count if f.previous else None),
    ]


def responsibility_figures(scope: ReportScope) -> list[Figure]:
    f = responsibility_selectors.responsibility_figures(user=scope.viewer, period=scope.period)
    kinds = f.meetings_by_kind
    meetings = _list("responsibility:meeting_list", scope)
    return [
        _count("committees", "专业委员会（个）", f.committees, _list("responsibility:committee_list", scope)),
        _count("member_units", "成员单位（个）", f.member_units),
        _count("letters_signed", "签订责任书（份）", f.letters_signed, _list("responsibility:letter_list", scope)),
        _rate("letters_rate", "责任书签订率", f.letters_signed_rate),
        _count("meetings_full", "安委会全体会议（次）", kinds.get("plenary", 0), meetings),
        _count("meetings_topic", "专题会议（次）", kinds.get("topical", 0), meetings),
        _count("meetings_dispatch", "调度会（次）", kinds.get("dispatch", 0), meetings),
        _count("leader_inspections", "领导带队检查（次）", f.leader_inspections,
               _list("responsibility:inspection_list", scope)),
        _count("leader_hazards", "领导带队交办隐患（处）", f.hazards_handed_over),
        _count("interviews", "约谈（人次）", f.interviews, _list("responsibility:interview_list", scope)),
    ]


def enforcement_figures(scope: ReportScope) -> list[Figure]:
    f = enforcement_selectors.enforcement_figures(user=scope.viewer, period=scope.period)
    inspections = _list("enforcement:inspection_list", scope, start="date_from", end="date_to")
    cases = _list("enforcement:case_list", scope, start="filed_from", end="filed_to")
    decided = _list("enforcement:case_list", scope, start="decided_from", end="decided_to")
    return [
        _count("inspections", "检查单位（家次）", f.inspections, inspections),
        _count("units_inspected", "检查单位（家）", f.units_inspected, inspections),
        _count("inspection_hazards", "执法检查发现隐患（处）", f.inspection_hazards, inspections),
        _count("orders", "责令限期整改指令书（份）", f.orders, inspections),
        _count("cases", "立案查处（起）", f.cases, cases),
        _wan("fines_wan", "罚款（万元）", f.fines_yuan, decided),
        _count("suspensions", "责令停产停业（家）", f.suspensions, decided),
        _count("closures", "关闭取缔（家）", f.closures, decided),
        _count("seals", "查封扣押（起）", f.seals, decided),
        _count("three_stops", "责令“三停”（家）", f.three_stops, decided),
        _count("detained_people", "行政拘留（人）", f.detained_people, decided),
        _count("judicial_transfers", "移送司法机关（起）", f.judicial_transfers, decided),
        _count("exposures", "曝光（家）", f.exposures, decided),
        _count("joint_actions", "联合执法行动（次）", f.joint_actions, reverse("enforcement:joint_action_list")),
    ]


def flood_figures(scope: ReportScope) -> list[Figure]:
    f = flood_selectors.flood_figures(user=scope.viewer, period=scope.period)
    return [
        _count("flood_persons", "基层防汛责任人（名）", f.responsible_persons, _list("floodprep:persons", scope)),
        _rate("flood_checkin_rate", "进岗履职率", f.checkin_rate),
        _count("flood_staff", "出动检查人员（人次）", f.inspections_staff, _list("floodprep:inspections", scope)),
        _count("flood_points", "检查点位（处）", f.points_checked, _list("floodprep:inspections", scope)),
        _count("flood_hazards", "防汛检查发现隐患（处）", f.hazards_found),
        _count("flood_rectified", "防汛隐患整改（处）", f.hazards_rectified),
        _count("flood_measures", "已落实度汛措施（处）", f.measures_in_place),
        _count("rescue_teams", "救援队伍（支）", f.teams, _list("floodprep:teams", scope)),
        _count("rescue_members", "救援队员（人）", f.team_members),
        _count("shelters", "避灾安置场所（个）", f.shelters, _list("floodprep:shelters", scope)),
        _rate("shelter_rate", "避灾安置场所规范化率", f.shelter_rate),
        _count("drills", "应急演练（场次）", f.drills, _list("floodprep:drills", scope)),
        _count("drill_participants", "参演（人次）", f.drill_participants),
    ]


def publicity_figures(scope: ReportScope) -> list[Figure]:
    f = responsibility_selectors.publicity_figures(user=scope.viewer, period=scope.period)
    link = _list("responsibility:publicity_list", scope)
    return [
        _count("trainings", "安全培训（场次）", f.trainings, link),
        _count("trainees", "培训（人次）", f.trained, link),
        _count("publicity_events", "宣传活动（场次）", f.events - f.trainings - f.drills, link),
        _count("materials", "发放宣传资料（份）", f.materials, link),
    ]


# The domains a report draws on, in the order of the summary's sections.
PROVIDERS: list[Callable[[ReportScope], list[Figure]]] = [
    accident_figures, responsibility_figures, hazard_figures, enforcement_figures, flood_figures, publicity_figures,
]


def report_figures(scope: ReportScope) -> dict[str, Figure]:
    figures: dict[str, Figure] = {
        "scope": _text("scope", "范围", scope.unit.name),
        "as_of": _text("as_of", "截至", f"{scope.as_of.month}月{scope.as_of.day}日"),
    }
    for provider in PROVIDERS:
        for figure in provider(scope):
            figures[figure.key] = figure
    return figures
