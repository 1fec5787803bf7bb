"""The figure registry: one definition per figure a summary, a dashboard card or the annex shows.

A figure has a key (what a wording placeholder names), a label and a unit (what a card, the
"figures used" list and an annex column header show), a number format, and the module of
records it counts. The module decides whether the scope *has records* of that kind in the
period: a module without records says nothing (its sentences are left out and the clerk is
told), which is not the same as a zero (``reports.figures``).

Campaign and sector sentences repeat per campaign or sector: their placeholders are the
ITEM_FIGURES of one campaign or one sector, filled by ``reports.figures``.
"""

from __future__ import annotations

from dataclasses import dataclass

COUNT, RATE, WAN, TEXT = "count", "rate", "wan", "text"


@dataclass(frozen=True)
class Module:
    """A kind of record; its name is what the clerk reads in "本期无记录：…"."""

    key: str
    name: str


MODULES = {
    m.key: m
    for m in [
        Module("report", "报告信息"),
        Module("accidents", "生产安全事故"),
        Module("committees", "安委会组织体系"),
        Module("letters", "安全生产责任书"),
        Module("meetings", "安委会会议"),
        Module("leader_inspections", "领导带队检查"),
        Module("interviews", "约谈"),
        Module("hazards", "隐患排查治理"),
        Module("campaigns", "专项行动"),
        Module("inspections", "执法检查"),
        Module("cases", "行政处罚案件"),
        Module("joint_actions", "联合执法行动"),
        Module("rankings", "镇街晾晒排名"),
        Module("flood_persons", "基层防汛责任人"),
        Module("flood_inspections", "防汛检查"),
        Module("risk_points", "防汛风险点"),
        Module("rescue_teams", "救援队伍"),
        Module("shelters", "避灾安置场所"),
        Module("drills", "应急演练"),
        Module("flood_trainings", "防汛培训"),
        Module("publicity", "宣传教育培训"),
        Module("complaints", "投诉举报"),
        Module("incidents", "非生产安全事故事件"),
        Module("investments", "安全投入"),
        Module("returns", "部门报表"),
    ]
}


@dataclass(frozen=True)
class FigureSpec:
    key: str
    label: str
    unit: str = ""
    fmt: str = COUNT
    module: str = "report"
    # Compared with the same period last year (only when that period has records).
    yoy: bool = False

    @property
    def caption(self) -> str:
        """ "排查隐患（处）": a card's label, an annex column header, a line of "figures used"."""
        return f"{self.label}（{self.unit}）" if self.unit and self.fmt in (COUNT, WAN) else self.label


def _specs(*specs: FigureSpec) -> dict[str, FigureSpec]:
    return {s.key: s for s in specs}


F = FigureSpec
FIGURES: dict[str, FigureSpec] = _specs(
    # The report itself: always said.
    F("issuer", "发文单位", fmt=TEXT),
    F("scope", "范围", fmt=TEXT),
    F("as_of", "截至", fmt=TEXT),
    F("period_name", "统计期间", fmt=TEXT),
    F("next_period_name", "下一期间", fmt=TEXT),
    # 生产安全事故
    F("accidents", "生产安全事故", "起", module="accidents", yoy=True),
    F("accident_deaths", "死亡", "人", module="accidents", yoy=True),
    F("accident_injured", "受伤", "人", module="accidents"),
    F("accidents_last_year", "去年同期事故", "起", module="accidents"),
    F("deaths_last_year", "去年同期死亡", "人", module="accidents"),
    F("accidents_change", "事故数同比", fmt=TEXT, module="accidents"),
    F("deaths_change", "死亡人数同比", fmt=TEXT, module="accidents"),
    F("accidents_phrase", "事故情况", fmt=TEXT, module="accidents"),
    F("major_accidents_phrase", "较大及以上事故", fmt=TEXT, module="accidents"),
    F("casualties_phrase", "人员伤亡", fmt=TEXT, module="accidents"),
    F("accident_kinds_phrase", "分类事故同比", fmt=TEXT, module="accidents"),
    # By the groups of 《生产安全事故统计调查制度》 (responsibility.models.events.ACCIDENT_GROUPS).
    F("accident_groups_phrase", "按统计分类事故", fmt=TEXT, module="accidents"),
    F("road_accidents", "道路交通事故", "起", module="accidents", yoy=True),
    F("road_deaths", "道路交通事故死亡", "人", module="accidents", yoy=True),
    F("road_accidents_change", "道路交通事故同比", fmt=TEXT, module="accidents"),
    F("road_deaths_change", "道路交通事故死亡人数同比", fmt=TEXT, module="accidents"),
    # 亡人事故 (seed 004): accidents with a death; said apart only beside accidents without one.
    F("fatal_accidents", "亡人事故", "起", module="accidents", yoy=True),
    F("fatal_accidents_change", "亡人事故同比", fmt=TEXT, module="accidents"),
    F("road_fatal_accidents", "道路交通亡人事故", "起", module="accidents", yoy=True),
    F("road_fatal_accidents_change", "道路交通亡人事故同比", fmt=TEXT, module="accidents"),
    # Joints of the opening's "其中…" sentence (module "report": words, not figures, never listed beside the text):
    # "；" after the fatal accidents when road accidents follow, and "其中" before road accidents said alone.
    F("fatal_accidents_stop", "亡人事故句末", fmt=TEXT),
    F("road_accidents_lead", "道路交通事故句首", fmt=TEXT),
    # 责任体系
    F("main_committees", "安委会", "个", module="committees"),
    F("committees", "专业委员会", "个", module="committees"),
    F("committees_last_year", "上年专业委员会", "个", module="committees"),
    F("member_units", "成员单位", "个", module="committees"),
    F("township_committee_rate", "镇街安委会挂牌率", fmt=RATE, module="committees"),
    F("letters_signed", "签订责任书", "份", module="letters"),
    F("letters_rate", "责任书签订率", fmt=RATE, module="letters"),
    F("meetings", "安委会会议", "次", module="meetings"),
    F("meetings_full", "安委会全体会议", "次", module="meetings"),
    F("meetings_topic", "专题会议", "次", module="meetings"),
    F("meetings_dispatch", "调度会", "次", module="meetings"),
    F("leader_inspections", "领导带队检查", "次", module="leader_inspections"),
    F("leaders", "带队领导", "位", module="leader_inspections"),
    F("leader_hazards", "领导带队交办隐患", "处", module="leader_inspections"),
    F("principal_leader_inspections", "主要领导带队检查", "次", module="leader_inspections"),
    F("principal_leader_hazards", "主要领导带队交办隐患", "处", module="leader_inspections"),
    F("interviews", "约谈", "人次", module="interviews"),
    F("rankings_published", "晾晒排名", "期", module="rankings"),
    # 隐患排查治理
    F("hazards_found", "排查隐患", "处", module="hazards"),
    F("hazards_rectified", "整改完成", "处", module="hazards"),
    F("hazards_rate", "整改完成率", fmt=RATE, module="hazards"),
    F("major_found", "重大事故隐患", "处", module="hazards"),
    F("major_rectified", "重大隐患整改", "处", module="hazards"),
    F("major_rate", "重大隐患整改率", fmt=RATE, module="hazards"),
    F("major_listed", "挂牌督办", "处", module="hazards"),  # still listed now
    F("major_listed_in_period", "提请挂牌督办", "处", module="hazards"),  # put under listed supervision in the period
    F("major_delisted", "摘牌销号", "处", module="hazards"),
    F("major_phrase", "重大隐患情况", fmt=TEXT, module="hazards"),
    F("hazards_overdue", "超期未整改", "处", module="hazards"),
    F("campaigns", "专项行动", fmt=TEXT, module="campaigns"),
    F("campaign_count", "专项行动", "项", module="campaigns"),
    F("sector_count", "行业领域", "个", module="hazards"),
    F("sectors", "行业领域", fmt=TEXT, module="hazards"),
    # 行政执法
    F("inspections", "检查单位", "家次", module="inspections"),
    F("units_inspected", "检查单位", "家", module="inspections"),
    # "检查单位3家次", or "检查单位257家、300家次" when some units were visited more than once.
    F("inspections_phrase", "检查单位家数和家次", fmt=TEXT, module="inspections"),
    F("inspection_hazards", "执法检查发现隐患", "处", module="inspections"),
    F("orders", "责令限期整改指令书", "份", module="inspections"),
    F("cases", "立案查处", "起", module="cases"),
    F("fines_wan", "罚款", "万元", fmt=WAN, module="cases"),
    F("suspensions", "责令停产停业", "家", module="cases"),
    F("closures", "关闭取缔", "家", module="cases"),
    F("seals", "查封扣押", "起", module="cases"),
    F("three_stops", "责令“三停”", "家", module="cases"),
    F("detained_people", "行政拘留", "人", module="cases"),
    F("judicial_transfers", "移送司法机关", "起", module="cases"),
    F("exposures", "曝光", "家", module="cases"),
    F("credit_penalties", "信用惩戒", "家", module="cases"),
    F("non_accident_cases", "非事故类行政处罚", "起", module="cases"),
    F("non_accident_fines_wan", "非事故类罚款", "万元", fmt=WAN, module="cases"),
    F("joint_actions", "联合执法行动", "次", module="joint_actions"),
    F("joint_inspections", "联合执法检查单位", "家次", module="joint_actions"),
    F("joint_hazards", "联合执法发现隐患", "处", module="joint_actions"),
    F("joint_cases", "联合执法立案", "起", module="joint_actions"),
    F("joint_suspensions", "联合执法责令停产停业", "家", module="joint_actions"),
    F("joint_seals", "联合执法查封", "家", module="joint_actions"),
    F("joint_three_stops", "联合执法责令“三停”", "家", module="joint_actions"),
    F("joint_detained", "联合执法行政拘留", "人", module="joint_actions"),
    F("joint_fines_wan", "联合执法罚款", "万元", fmt=WAN, module="joint_actions"),
    # 防汛防台
    F("flood_persons", "基层防汛责任人", "名", module="flood_persons"),
    F("flood_checkin_rate", "进岗履职率", fmt=RATE, module="flood_persons"),
    F("risk_points", "风险点", "处", module="flood_inspections"),
    F("supply_shortfalls", "物资缺口", "项", module="flood_persons"),
    F("flood_staff", "出动检查人员", "人次", module="flood_inspections"),
    F("flood_points", "检查点位", "处", module="flood_inspections"),
    F("flood_hazards", "防汛检查发现隐患", "处", module="flood_inspections"),
    F("flood_rectified", "防汛隐患整改", "处", module="flood_inspections"),
    F("flood_measures", "已落实度汛措施", "处", module="flood_inspections"),
    F("monitored_points", "防汛风险点", "处", module="risk_points"),
    F("geohazard_points", "地质灾害风险防范区", "个", module="risk_points"),
    F("flash_flood_villages", "山洪防御重点村落", "个", module="risk_points"),
    F("waterlogging_points", "城市内涝点", "个", module="risk_points"),
    F("rescue_teams", "救援队伍", "支", module="rescue_teams"),
    F("rescue_members", "救援队员", "人", module="rescue_teams"),
    F("social_teams", "社会救援力量", "支", module="rescue_teams"),
    F("scope_level", "本级", fmt=TEXT, module="rescue_teams"),  # "市级", "区级", "县级": the scope's own level
    F("forest_teams", "森林防灭火应急队伍", "支", module="rescue_teams"),
    F("forest_members", "森林防灭火应急队员", "人", module="rescue_teams"),
    F("forest_own_members", "本级森林防灭火应急队员", "人", module="rescue_teams"),
    F("forest_township_members", "乡镇级森林防灭火应急队员", "人", module="rescue_teams"),
    F("forest_village_members", "村级森林防灭火应急队员", "人", module="rescue_teams"),
    F("shelters", "避灾安置场所", "个", module="shelters"),
    F("shelters_standard", "规范化避灾安置场所", "个", module="shelters"),
    F("shelter_rate", "避灾安置场所规范化率", fmt=RATE, module="shelters"),
    F("drills", "应急演练", "场次", module="drills"),
    F("drill_participants", "参演", "人次", module="drills"),
    F("flood_trainings", "防汛培训", "场次", module="flood_trainings"),
    F("flood_trainees", "防汛培训", "人次", module="flood_trainings"),
    # 宣传教育培训
    F("trainings", "安全培训", "场次", module="publicity"),
    F("trainees", "培训", "人次", module="publicity"),
    F("publicity_events", "宣传活动", "场次", module="publicity"),
    F("publicity_participants", "参与群众", "人次", module="publicity"),
    F("publicity_drills", "宣传演练", "场次", module="publicity"),
    F("materials", "发放宣传资料", "份", module="publicity"),
    F("media_pieces", "媒体报道", "篇", module="publicity"),
    # 投诉举报 (seed 000: "收到举报*起、奖励*起，金额*万元"), counted in tip-offs received in the period.
    F("complaints", "收到投诉举报", "起", module="complaints"),
    F("complaints_closed", "投诉举报办结", "起", module="complaints"),
    F("complaints_handling", "投诉举报正在办理", "起", module="complaints"),
    F("complaints_verified", "投诉举报查实", "起", module="complaints"),
    F("complaint_rewards", "举报奖励", "起", module="complaints"),
    F("complaint_reward_wan", "举报奖励金额", "万元", fmt=WAN, module="complaints"),
    F("complaint_sectors_phrase", "投诉举报分领域", fmt=TEXT, module="complaints"),
    F("complaint_channels_phrase", "投诉举报来源", fmt=TEXT, module="complaints"),
    # 非生产安全事故事件: stated apart, never part of any accident figure.
    F("incidents", "非生产安全事故事件", "起", module="incidents"),
    F("incident_kinds_phrase", "非生产安全事故事件分类", fmt=TEXT, module="incidents"),
    F("incident_casualties_phrase", "非生产安全事故事件人员伤亡", fmt=TEXT, module="incidents"),
    F("incident_loss_wan", "非生产安全事故事件直接经济损失", "万元", fmt=WAN, module="incidents"),
    # 安全投入 (seed 004: "投入3081万元，对429公里道路安防设施升级改造")
    F("investment_wan", "安全投入", "万元", fmt=WAN, module="investments"),
    F("investment_projects", "安全投入项目", "个", module="investments"),
    F("investment_sectors_phrase", "安全投入分领域", fmt=TEXT, module="investments"),
    F("investment_works_phrase", "安全投入建设内容", fmt=TEXT, module="investments"),
    # 部门报表 (issue 15): each department's or township's accepted figures, attributed to it and said apart
    # from the bureau's own. Every indicator is a figure too, named by its code (indicator_spec below).
    F("indicator_sentences", "各部门报送情况", fmt=TEXT, module="returns"),
    # For the clerk, beside the text: sector slots both the bureau's records and a return gave (the bureau's is
    # said in the sector's sentence, the return's among the departments' figures; never added).
    F("sector_returns_kept_apart", "行业句中本局记录与部门报表重合的项", fmt=TEXT, module="returns"),
)

# The placeholders of one campaign's or one sector's sentence (SectionTemplate kind "repeat").
ITEM_FIGURES: dict[str, dict[str, FigureSpec]] = {
    "campaign": _specs(
        F("name", "专项行动", fmt=TEXT),
        F("found", "排查隐患", "处"),
        F("rectified", "整改完成", "处"),
        F("rate", "整改完成率", fmt=RATE),
        F("major_found", "重大事故隐患", "处"),
        F("major_rectified", "重大隐患整改", "处"),
        F("major_phrase", "重大隐患情况", fmt=TEXT),
        F("inspections", "检查单位", "家次"),
        F("units_inspected", "检查单位", "家"),
        F("checks_phrase", "检查单位家数和家次", fmt=TEXT),
        F("cases", "立案查处", "起"),
        F("suspensions", "责令停产停业", "家"),
        F("closures", "关闭取缔", "家"),
        F("three_stops", "责令“三停”", "家"),
        F("detained_people", "行政拘留", "人"),
        F("fines_wan", "罚款", "万元", fmt=WAN),
    ),
    "sector": _specs(
        F("name", "行业领域", fmt=TEXT),
        F("hazard_noun", "隐患称谓", fmt=TEXT),
        F("inspections", "检查单位", "家次"),
        F("units_inspected", "检查单位", "家"),
        F("checks_phrase", "检查单位家数和家次", fmt=TEXT),
        F("orders", "整改指令书", "份"),
        F("found", "发现隐患", "处"),
        F("rectified", "督促整改", "处"),
        F("rate", "整改完成率", fmt=RATE),
        F("major_found", "重大事故隐患", "处"),
        F("cases", "立案查处", "起"),
        F("suspensions", "责令停产停业", "家"),
        F("closures", "关闭取缔", "家"),
        F("seals", "查封扣押", "起"),
        F("three_stops", "责令“三停”", "家"),
        F("detained_people", "行政拘留", "人"),
        F("fines_wan", "罚款", "万元", fmt=WAN),
        # "检查单位、罚款据区消防救援大队报送": who reported the figures a department's return put in the sentence.
        F("source_phrase", "报送单位", fmt=TEXT),
    ),
}


def spec(key: str) -> FigureSpec:
    return FIGURES[key]


def caption(key: str) -> str:
    return FIGURES[key].caption


def indicator_spec(code: str, label: str, unit: str) -> FigureSpec:
    """The figure of a bureau-defined indicator (responsibility.models.ReturnIndicator): its label and unit
    come from the indicator's row, so a card, the figures used and a sentence read as the bureau wrote them."""
    return FigureSpec(code, label, unit, fmt=COUNT, module="returns")


def unknown_placeholders(text: str, *, item: str | None = None) -> list[str]:
    """The ``{names}`` in a wording text that name no registered figure nor an existing indicator's code,
    in order of appearance. Indicators are data: the database is asked only about names the registry lacks."""
    from reports.wording import PLACEHOLDER

    known = ITEM_FIGURES[item] if item else FIGURES
    seen: list[str] = []
    for name in PLACEHOLDER.findall(text):
        if name not in known and name not in seen:
            seen.append(name)
    if seen and item is None:
        from responsibility.selectors.returns import indicator_codes

        codes = indicator_codes()
        seen = [name for name in seen if name not in codes]
    return seen


def _reserve_codes() -> None:
    # An indicator may not take a name the summary already uses; responsibility may not import reports, so the
    # registry hands it the names (responsibility.models.returns.RESERVED_CODES).
    from responsibility.models.returns import RESERVED_CODES

    RESERVED_CODES.update(FIGURES)
    for specs in ITEM_FIGURES.values():
        RESERVED_CODES.update(specs)


_reserve_codes()
