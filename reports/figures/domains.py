"""The figures of each domain (one provider each, a fixed number of queries), "no records" kept apart from zero."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse

from enforcement.selectors import figures as enforcement_selectors
from floodprep import selectors as flood_selectors
from floodprep.models import RescueTeam, RiskPoint
from hazards import selectors as hazard_selectors
from org.models import OrgUnit
from org.periods import yuan_to_wan
from reports.figures.base import ReportScope, _ledger, _list, change_phrase, checks_phrase, figure, scope_level, wan
from reports.wording import Figure
from responsibility import selectors as responsibility_selectors
from responsibility.models import Accident, PublicityEvent
from responsibility.models.events import NAMED_WITHIN_GROUP
from responsibility.selectors import AccidentFigures, AccidentGroupFigures, Share

# --- Providers: one per domain, each a fixed number of queries ----------------------------------------------


def accidents_comparable(scope: ReportScope, f: AccidentFigures) -> bool:
    """Whether the same period last year has records to compare accidents with.

    Last year without an accident is a true zero only if the portal was in use then (hazards were
    entered); otherwise nobody entered that year, and "同比增加3起" would state what no record supports.
    """
    if f.previous is None:
        return False
    return bool(f.previous.count) or bool(
        hazard_selectors.hazard_found_counts(user=scope.viewer, period=scope.period.same_period_last_year())
    )


def accident_figures(scope: ReportScope) -> list[Figure]:
    f = responsibility_selectors.accident_figures(user=scope.viewer, period=scope.period)
    last = f.previous
    link = _list("responsibility:accident_list", scope)
    present = bool(f.count or (last and last.count))
    compare = present and accidents_comparable(scope, f)
    prev = last or f
    if f.count:
        phrase = f"共发生各类生产安全事故{f.count}起" + (f"，死亡{f.deaths}人" if f.deaths else "")
    else:
        phrase = "未发生生产安全事故"
    road = next(k for k in f.by_kind if k.kind == Accident.Kind.ROAD)
    road_before = next(k for k in prev.by_kind if k.kind == Accident.Kind.ROAD)
    # Said apart only beside accidents of other kinds ("其中道路交通事故…"), as seed 004 does.
    road_present = bool(road.count or (compare and road_before.count)) and (
        (road.count, road_before.count) != (f.count, prev.count)
    )
    fatal = fatal_figures(
        scope,
        link,
        compare=compare,
        totals=(f.count, prev.count),
        road=(road.count, road_before.count) if road_present else None,
    )
    return [
        figure("accidents", f.count, link, present=present),
        figure("accident_deaths", f.deaths, link, present=present),
        figure("accident_injured", f.injured, link, present=present),
        figure("accidents_last_year", prev.count, present=compare),
        figure("deaths_last_year", prev.deaths, present=compare),
        figure("accidents_phrase", phrase, link, present=present),
        figure("accidents_change", change_phrase(f.count, prev.count, unit="起"), present=compare),
        figure(
            "deaths_change", change_phrase(f.deaths, prev.deaths, unit="人", people=True, prefix=""), present=compare
        ),
        figure(
            "major_accidents_phrase",
            "未发生较大及以上生产安全事故" if not f.major_or_above else f"其中较大及以上事故{f.major_or_above}起",
            link,
            present=bool(f.count),
        ),
        figure("casualties_phrase", "未造成人员伤亡", present=bool(f.count) and not f.deaths and not f.injured),
        figure("road_accidents", road.count, link, present=road_present),
        figure("road_deaths", road.deaths, link, present=road_present),
        figure(
            "road_accidents_change",
            change_phrase(road.count, road_before.count, unit="起"),
            present=road_present and compare,
        ),
        figure(
            "road_deaths_change",
            change_phrase(road.deaths, road_before.deaths, unit="人", people=True, prefix=""),
            present=road_present and compare,
        ),
        *fatal,
        *joints(fatal[0], road_present and bool(road.count)),
        figure("accident_groups_phrase", accident_groups_phrase(f, compare=compare), link, present=bool(f.count)),
    ]


def joints(fatal: Figure, road_said: bool) -> list[Figure]:
    """Both fatal and road accidents are parts of the total: one "其中" introduces both
    ("其中亡人事故9起，起数同比下降57.1%；道路交通事故5起…"), never "其中亡人事故…。其中道路交通事故…"."""
    fatal_said = fatal.value is not None and not fatal.is_zero
    return [
        figure("fatal_accidents_stop", "；" if road_said else "。", present=fatal_said),
        figure("road_accidents_lead", "" if fatal_said else "其中", present=road_said),
    ]


# A summary's words for the statistics groups and the kinds named inside them, whatever the page's language.
GROUP_WORDS = {
    "industry_trade": "工矿商贸",
    "road": "道路交通",
    "water": "水上交通",
    "rail": "铁路交通",
    "farm_machine": "农业机械",
    "fishing": "渔业船舶",
    "fire": "火灾",
}
KIND_WORDS = {"construction": "建筑施工", "gas": "城镇燃气"}


def _accidents_said(word: str, count: int, deaths: int) -> str:
    return f"{word}事故{count}起" + (f"、死亡{deaths}人" if deaths else "")


def _group_said(g: AccidentGroupFigures, *, compare: bool) -> str:
    """ "工矿商贸事故2起、死亡2人（含建筑施工事故1起、死亡1人）": a named kind is inside its group, never beside it."""
    text = _accidents_said(GROUP_WORDS[g.group], g.count, g.deaths)
    inner = []
    for kind in NAMED_WITHIN_GROUP:
        k = g.kind(kind)
        if k is None or not k.count:
            continue
        word = KIND_WORDS[kind]
        inner.append(f"均为{word}事故" if k.count == g.count else "含" + _accidents_said(word, k.count, k.deaths))
    if inner:
        text += f"（{'，'.join(inner)}）"
    if compare:
        text += "，起数" + change_phrase(g.count, g.previous_count, unit="起")
    return text


def accident_groups_phrase(f: AccidentFigures, *, compare: bool) -> str | None:
    """The accidents by the groups of the national statistics, only the groups with accidents this period.

    Each kind counts in one group, so the groups said add up to the total said before them. Year on year per
    group only when last year is comparable (accidents_comparable), as for the totals.
    """
    groups = [g for g in f.groups() if g.count]
    if not groups:
        return None
    if len(groups) == 1:  # the total is said already; the one group is all of it
        g = groups[0]
        whole = next((kind for kind in NAMED_WITHIN_GROUP if (k := g.kind(kind)) and k.count == g.count), None)
        if whole is not None:
            return f"均为{KIND_WORDS[whole]}事故（计入{GROUP_WORDS[g.group]}事故）"
        named = _group_said(g, compare=False).removeprefix(_accidents_said(GROUP_WORDS[g.group], g.count, g.deaths))
        return f"均为{GROUP_WORDS[g.group]}事故{named}"
    return "其中" + ("；" if compare else "，").join(_group_said(g, compare=compare) for g in groups)


def fatal_figures(
    scope: ReportScope, link: str, *, compare: bool, totals: tuple[int, int], road: tuple[int, int] | None
) -> list[Figure]:
    """亡人事故 (seed 004: "亡人事故起数、人数与去年同比分别下降58.14%、60.42%"), said only where it differs
    from the accidents already said: when every accident had a death, "事故数同比…" says it already.

    ``road``: the road accidents this year and last when their own sentence is said, else None.
    """
    fatal = responsibility_selectors.fatal_accident_figures(user=scope.viewer, period=scope.period)

    def differs(now: int, before: int, said: tuple[int, int]) -> bool:
        return (now, before if compare else 0) != (said[0], said[1] if compare else 0) and bool(
            now or (compare and before)
        )

    present = differs(fatal.count, fatal.previous, totals)
    road_present = road is not None and differs(fatal.road, fatal.road_previous, road)
    return [
        figure("fatal_accidents", fatal.count, link, present=present),
        # "起数同比下降3起" alone, beside no fatal accident this year, would read as a sentence without a subject.
        figure(
            "fatal_accidents_change",
            change_phrase(fatal.count, fatal.previous, unit="起"),
            present=present and compare and bool(fatal.count),
        ),
        figure("road_fatal_accidents", fatal.road, link, present=road_present),
        figure(
            "road_fatal_accidents_change",
            change_phrase(fatal.road, fatal.road_previous, unit="起"),
            present=road_present and compare and bool(fatal.road),
        ),
    ]


def responsibility_figures(scope: ReportScope) -> list[Figure]:
    f = responsibility_selectors.responsibility_figures(user=scope.viewer, period=scope.period)
    kinds = f.meetings_by_kind
    meetings = _list("responsibility:meeting_list", scope)
    committees = bool(f.committees or f.main_committees)
    inspections = _list("responsibility:inspection_list", scope)
    # Seed 001: "在原有14个专委会基础上…优化精简为10个专委会"; said only when last year's set differs.
    last_year = responsibility_selectors.specialised_committee_count(user=scope.viewer, year=f.year - 1)
    rankings = responsibility_selectors.rankings_published(user=scope.viewer, period=scope.period)
    return [
        figure("main_committees", f.main_committees, present=committees),
        figure("committees", f.committees, _list("responsibility:committee_list", scope), present=committees),
        figure("committees_last_year", last_year, present=committees and bool(last_year) and last_year != f.committees),
        figure("rankings_published", rankings, present=bool(rankings)),
        figure("member_units", f.member_units, present=committees),
        figure("township_committee_rate", f.township_committee_rate, present=committees),
        figure("letters_signed", f.letters_signed, _list("responsibility:letter_list", scope), present=bool(f.letters)),
        figure("letters_rate", f.letters_signed_rate, present=bool(f.letters)),
        figure("meetings", f.meetings, meetings, present=bool(f.meetings)),
        figure("meetings_full", kinds.get("plenary", 0), meetings, present=bool(f.meetings)),
        figure("meetings_topic", kinds.get("topical", 0), meetings, present=bool(f.meetings)),
        figure("meetings_dispatch", kinds.get("dispatch", 0), meetings, present=bool(f.meetings)),
        figure("leader_inspections", f.leader_inspections, inspections, present=bool(f.leader_inspections)),
        figure("leaders", f.leaders, inspections, present=bool(f.leader_inspections)),
        figure("leader_hazards", f.hazards_handed_over, present=bool(f.leader_inspections)),
        figure(
            "principal_leader_inspections",
            f.principal_leader_inspections,
            inspections,
            present=bool(f.leader_inspections),
        ),
        figure("principal_leader_hazards", f.principal_leader_hazards, present=bool(f.leader_inspections)),
        figure("interviews", f.interviews, _list("responsibility:interview_list", scope), present=bool(f.interviews)),
    ]


def hazard_figures(scope: ReportScope) -> list[Figure]:
    f = hazard_selectors.hazard_figures(user=scope.viewer, period=scope.period, today=scope.as_of)
    supervision = hazard_selectors.hazard_supervision_figures(user=scope.viewer, period=scope.period)
    closed = {"status": "closed", "closed_to": scope.period.end.isoformat()}
    ledger = reverse("hazards:list")
    present = bool(f.found or f.overdue or f.listed)
    return [
        figure("hazards_found", f.found, _ledger(scope), present=present),
        figure("hazards_rectified", f.rectified, _ledger(scope, **closed), present=present),
        figure("hazards_rate", f.rate, present=present),
        figure("major_found", f.major_found, _ledger(scope, level="major"), present=present),
        figure("major_rectified", f.major_rectified, _ledger(scope, level="major", **closed), present=present),
        figure("major_rate", f.major_rate, present=present),
        figure("major_listed", f.listed, f"{ledger}?unit={scope.unit.pk}&listed=on", present=present),
        figure("major_listed_in_period", supervision.listed, present=present),
        figure("major_delisted", supervision.delisted, present=present),
        # 截至目前，未排查出重大隐患: said only when hazards were found and none of them was major.
        figure("major_phrase", "未排查出重大隐患", present=bool(f.found) and not f.major_found),
        figure("hazards_overdue", f.overdue, f"{ledger}?unit={scope.unit.pk}&overdue=on", present=present),
    ]


def enforcement_figures(scope: ReportScope) -> list[Figure]:
    f = enforcement_selectors.enforcement_figures(user=scope.viewer, period=scope.period)
    inspections = _list("enforcement:inspection_list", scope, start="date_from", end="date_to")
    cases = _list("enforcement:case_list", scope, start="filed_from", end="filed_to")
    decided = _list("enforcement:case_list", scope, start="decided_from", end="decided_to")
    sources = enforcement_selectors.case_source_figures(user=scope.viewer, period=scope.period)
    joint = enforcement_selectors.joint_action_totals(user=scope.viewer, period=scope.period)
    has_inspections = bool(f.inspections)
    has_cases = bool(
        f.cases
        or f.fines_yuan
        or f.suspensions
        or f.closures
        or f.seals
        or f.three_stops
        or f.detained_people
        or f.judicial_transfers
        or f.exposures
        or sources.credit_penalties
    )
    # "其中实施非事故类行政处罚33起" is a part of the whole only when some cases came from accidents.
    apart = has_cases and bool(sources.accident_cases)
    joint_link = reverse("enforcement:joint_action_list")
    has_joint = bool(f.joint_actions)
    return [
        figure("inspections", f.inspections, inspections, present=has_inspections),
        figure("units_inspected", f.units_inspected, inspections, present=has_inspections),
        figure(
            "inspections_phrase", checks_phrase(f.units_inspected, f.inspections), inspections, present=has_inspections
        ),
        figure("inspection_hazards", f.inspection_hazards, inspections, present=has_inspections),
        figure("orders", f.orders, inspections, present=has_inspections),
        figure("cases", f.cases, cases, present=has_cases),
        figure("fines_wan", wan(f.fines_yuan), decided, present=has_cases),
        figure("suspensions", f.suspensions, decided, present=has_cases),
        figure("closures", f.closures, decided, present=has_cases),
        figure("seals", f.seals, decided, present=has_cases),
        figure("three_stops", f.three_stops, decided, present=has_cases),
        figure("detained_people", f.detained_people, decided, present=has_cases),
        figure("judicial_transfers", f.judicial_transfers, decided, present=has_cases),
        figure("exposures", f.exposures, decided, present=has_cases),
        figure("credit_penalties", sources.credit_penalties, decided, present=has_cases),
        figure("non_accident_cases", sources.non_accident_cases, cases, present=apart),
        figure("non_accident_fines_wan", wan(sources.non_accident_fines_yuan), decided, present=apart),
        figure("joint_actions", f.joint_actions, joint_link, present=has_joint),
        figure("joint_inspections", joint.inspections, joint_link, present=has_joint),
        figure("joint_hazards", joint.inspection_hazards, joint_link, present=has_joint),
        figure("joint_cases", joint.cases, joint_link, present=has_joint),
        figure("joint_suspensions", joint.suspensions, joint_link, present=has_joint),
        figure("joint_seals", joint.seals, joint_link, present=has_joint),
        figure("joint_three_stops", joint.three_stops, joint_link, present=has_joint),
        figure("joint_detained", joint.detained_people, joint_link, present=has_joint),
        figure("joint_fines_wan", wan(joint.fines_yuan), joint_link, present=has_joint),
    ]


def flood_figures(scope: ReportScope) -> list[Figure]:
    f = flood_selectors.flood_figures(user=scope.viewer, period=scope.period)
    persons, inspected = bool(f.responsible_persons), bool(f.inspections)
    inspections = _list("floodprep:inspections", scope)
    points = flood_selectors.risk_points_by_kind(user=scope.viewer)
    kinds = RiskPoint.Kind
    teams = flood_selectors.rescue_teams_by_kind(user=scope.viewer)

    def team_sum(kind: str, levels: Iterable[str] | None = None, *, members: bool = True) -> int:
        return sum(
            g.members if members else g.teams
            for (k, level), g in teams.items()
            if k == kind and (levels is None or level in levels)
        )

    forest, lower = RescueTeam.Kind.FOREST_FIRE, (OrgUnit.Kind.TOWNSHIP, OrgUnit.Kind.VILLAGE)
    upper = [k for k in OrgUnit.Kind.values if k not in lower]
    return [
        figure("flood_persons", f.responsible_persons, _list("floodprep:persons", scope), present=persons),
        figure("flood_checkin_rate", f.checkin_rate, present=persons),
        figure("flood_staff", f.inspections_staff, inspections, present=inspected),
        figure("flood_points", f.points_checked, inspections, present=inspected),
        figure("flood_hazards", f.hazards_found, present=inspected),
        figure("flood_rectified", f.hazards_rectified, present=inspected),
        figure("flood_measures", f.measures_in_place, present=inspected),
        figure("rescue_teams", f.teams, _list("floodprep:teams", scope), present=bool(f.teams)),
        figure("rescue_members", f.team_members, present=bool(f.teams)),
        figure("social_teams", team_sum(RescueTeam.Kind.SOCIAL, members=False), present=bool(f.teams)),
        figure("scope_level", scope_level(scope.unit), present=bool(f.teams)),
        figure("forest_teams", team_sum(forest, members=False), present=bool(f.teams)),
        figure("forest_members", team_sum(forest), present=bool(f.teams)),
        figure("forest_own_members", team_sum(forest, upper), present=bool(f.teams)),
        figure("forest_township_members", team_sum(forest, [OrgUnit.Kind.TOWNSHIP]), present=bool(f.teams)),
        figure("forest_village_members", team_sum(forest, [OrgUnit.Kind.VILLAGE]), present=bool(f.teams)),
        # Not the dashboard's "risk_points" card, which shows 0 for none; a summary says nothing then.
        figure("monitored_points", f.risk_points, _list("floodprep:risk_points", scope), present=bool(f.risk_points)),
        figure("geohazard_points", points.get(kinds.GEOHAZARD, 0), present=bool(points)),
        figure("flash_flood_villages", points.get(kinds.FLASH_FLOOD, 0), present=bool(points)),
        figure("waterlogging_points", points.get(kinds.WATERLOGGING, 0), present=bool(points)),
        figure("shelters", f.shelters, _list("floodprep:shelters", scope), present=bool(f.shelters)),
        figure("shelters_standard", f.shelters_standard, present=bool(f.shelters)),
        figure("shelter_rate", f.shelter_rate, present=bool(f.shelters)),
        figure("drills", f.drills, _list("floodprep:drills", scope), present=bool(f.drills)),
        figure("drill_participants", f.drill_participants, present=bool(f.drills)),
        figure("flood_trainings", f.trainings, _list("floodprep:drills", scope), present=bool(f.trainings)),
        figure("flood_trainees", f.trainees, present=bool(f.trainings)),
    ]


def publicity_figures(scope: ReportScope) -> list[Figure]:
    f = responsibility_selectors.publicity_figures(user=scope.viewer, period=scope.period)
    link = _list("responsibility:publicity_list", scope)
    present = bool(f.events)
    return [
        figure("trainings", f.trainings, link, present=present),
        figure("trainees", f.trained, link, present=present),
        figure("publicity_events", f.publicity_events, link, present=present),
        # 参与群众: the people at publicity events, neither trainees nor drill participants (said apart).
        figure(
            "publicity_participants",
            f.participants - f.trained - f.of(PublicityEvent.Kind.DRILL).participants,
            link,
            present=present,
        ),
        figure("publicity_drills", f.drills, link, present=present),
        figure("materials", f.materials, link, present=present),
        figure("media_pieces", f.media_pieces, link, present=present),
    ]


# --- Complaints, incidents and investments: stated apart ------------------------------------------------------

# A summary's words for a channel and a kind, whatever the language of the page that drafts it.
CHANNEL_WORDS = {
    "12350": "12350热线",
    "12345": "12345热线",
    "letter_visit": "来信来访",
    "online": "网络举报",
    "transferred": "部门转办",
    "other": "其他渠道",
}
INCIDENT_WORDS = {
    "fire": "火灾",
    "gas_leak": "燃气泄漏",
    "traffic": "交通事件",
    "drowning": "溺水",
    "natural": "自然灾害",
    "other": "其他事件",
}


def _sector_word(share: Share) -> str:
    return f"{share.name}领域" if share.name and share.key != "other" else "其他领域"


def complaint_figures(scope: ReportScope) -> list[Figure]:
    f = responsibility_selectors.complaint_figures(user=scope.viewer, period=scope.period)
    link = _list("responsibility:complaint_list", scope)
    present = bool(f.records)
    named = [s for s in f.by_sector if s.name]
    # "其中消防领域3起、工贸领域2起": only beside a second sector (or tip-offs without one); one sector alone is
    # "均涉及消防领域".
    if len(f.by_sector) > 1:
        sectors = "其中" + "、".join(f"{_sector_word(s)}{s.value}起" for s in f.by_sector)
    elif named:
        sectors = f"均涉及{_sector_word(named[0])}"
    else:
        sectors = None
    channels = "、".join(f"{CHANNEL_WORDS[c.key]}{c.value}起" for c in f.by_channel) if len(f.by_channel) > 1 else None
    return [
        figure("complaints", f.received, link, present=present),
        figure("complaints_closed", f.closed, link, present=present),
        figure("complaints_handling", f.handling, link, present=present),
        figure("complaints_verified", f.verified, link, present=present),
        figure("complaint_rewards", f.rewards, link, present=present),
        figure("complaint_reward_wan", wan(f.reward_yuan), link, present=present),
        figure("complaint_sectors_phrase", sectors, link, present=present),
        figure("complaint_channels_phrase", channels, link, present=present),
    ]


def incident_figures(scope: ReportScope) -> list[Figure]:
    """非生产安全事故事件: read from their own records only, so no accident figure can include them."""
    f = responsibility_selectors.incident_figures(user=scope.viewer, period=scope.period)
    link = _list("responsibility:incident_list", scope)
    present = bool(f.count)
    if not f.dead and not f.injured:
        casualties = "均未造成人员伤亡" if f.count > 1 else "未造成人员伤亡"
    else:
        parts = [f"{f.dead}人死亡" if f.dead else "", f"{f.injured}人受伤" if f.injured else ""]
        casualties = "造成" + "、".join(p for p in parts if p)
    kinds = "、".join(f"{INCIDENT_WORDS[k.key]}{k.value}起" for k in f.by_kind) if len(f.by_kind) > 1 else None
    return [
        figure("incidents", f.count, link, present=present),
        figure("incident_kinds_phrase", kinds, link, present=present),
        figure("incident_casualties_phrase", casualties, link, present=present),
        figure("incident_loss_wan", wan(f.loss_yuan), link, present=present),
    ]


def investment_figures(scope: ReportScope) -> list[Figure]:
    f = responsibility_selectors.investment_figures(user=scope.viewer, period=scope.period)
    link = _list("responsibility:investment_list", scope)
    present = bool(f.projects)
    # "其中道路交通领域2000万元、消防领域1081万元": only when the money went to more than one sector.
    # 其他 is named last, whatever its amount: a summary leads with the sectors it can name.
    by_sector = sorted(f.by_sector, key=lambda s: _sector_word(s) == "其他领域")
    sectors = (
        "其中" + "、".join(f"{_sector_word(s)}{yuan_to_wan(s.value)}万元" for s in by_sector)
        if len(by_sector) > 1
        else None
    )
    return [
        figure("investment_wan", wan(f.amount_yuan), link, present=present),
        figure("investment_projects", f.projects, link, present=present),
        figure("investment_sectors_phrase", sectors, link, present=present),
        figure("investment_works_phrase", "完成" + "、".join(f.works) if f.works else None, link, present=present),
    ]
