"""The skeleton and wording every bureau starts from, in the register of the seed summaries.

Administrators reword and reorder it in the admin. ``ensure_default_wording`` runs after every
``migrate`` (reports/apps.py): it adds the parts that are missing and brings a part whose text is
still a previous default up to date; a part a bureau has edited is never overwritten.

Placeholders name figures of ``reports.registry``; ``[...]`` is left out when a figure in it is
missing or zero; a line outside brackets is left out when one of its figures has no records.
"""

from __future__ import annotations

from typing import Any

DRAFTED, PROBLEMS, PLANS, REPEAT = "drafted", "problems", "plans", "repeat"
OPENING, PART, SECTION = 0, 1, 2

# (key, order, level, kind, heading, body)
SECTIONS: list[tuple[str, int, int, str, str, str]] = [
    (
        "opening",
        0,
        OPENING,
        DRAFTED,
        "",
        "今年以来，{issuer}认真学习贯彻习近平总书记关于安全生产和应急管理的重要论述精神，全面落实上级决策部署，"
        "紧盯“遏重大、防较大、保安全”目标，扎实推进安全生产各项工作。\n"
        "截至{as_of}，{scope}{accidents_phrase}[，事故数{accidents_change}][，死亡人数{deaths_change}]"
        "[，{casualties_phrase}][，{major_accidents_phrase}]。\n"
        # One "其中" for both parts of the total: "其中亡人事故9起，起数…；道路交通事故5起…" (fatal_accidents_stop,
        # road_accidents_lead); each alone keeps its own "其中…。". Still two lines: optional lines keep their numbers.
        "[其中亡人事故{fatal_accidents}起][，起数{fatal_accidents_change}][{fatal_accidents_stop}]\n"
        "[{road_accidents_lead}道路交通事故{road_accidents}起][，死亡{road_deaths}人][，起数{road_accidents_change}]"
        "[，死亡人数{road_deaths_change}][；道路交通亡人事故{road_fatal_accidents}起]"
        "[，起数{road_fatal_accidents_change}]。\n"
        "?[受伤{accident_injured}人]。\n"
        # Incidents that are not production-safety accidents: their own sentence, never in the accident figures.
        "此外，{scope}发生非生产安全事故事件{incidents}起[（{incident_kinds_phrase}）][，{incident_casualties_phrase}]。\n"
        "?[非生产安全事故事件造成直接经济损失{incident_loss_wan}万元。]\n"
        # Last, so the optional lines above keep the numbers reports switched them on by.
        "?[{accident_groups_phrase}。]",
    ),
    ("work", 5, PART, DRAFTED, "{period_name}主要工作", ""),
    (
        "responsibility",
        10,
        SECTION,
        DRAFTED,
        "压紧压实安全生产责任",
        "[调整完善安委会组织体系，设立专业委员会{committees}个][，成员单位{member_units}个]"
        "[，各镇街安委会挂牌率{township_committee_rate}]。\n"
        "[在原有{committees_last_year}个专委会基础上，优化调整为{committees}个专业委员会。]\n"
        "[签订安全生产目标管理责任书{letters_signed}份][，签订率{letters_rate}]。\n"
        "[召开安委会全体会议{meetings_full}次][、专题会议{meetings_topic}次][、调度会{meetings_dispatch}次]。\n"
        "[{leaders}位领导][带队检查{leader_inspections}次][，交办隐患{leader_hazards}处]"
        "[，其中主要领导带队检查{principal_leader_inspections}次][、交办隐患{principal_leader_hazards}处]。\n"
        "[约谈企业负责人{interviews}人次]。\n"
        "[建立镇街晾晒考核机制，已发布晾晒通报{rankings_published}期。]\n"
        "?[建立安委会{main_committees}个。]\n"
        "?[共召开各类安全生产会议{meetings}次。]",
    ),
    (
        "hazards",
        20,
        SECTION,
        DRAFTED,
        "深化隐患排查整治",
        "[开展专项整治行动{campaign_count}项。]\n"
        "{campaigns}\n"
        "共排查各类隐患{hazards_found}处，整改完成{hazards_rectified}处，整改完成率{hazards_rate}。\n"
        "[其中重大事故隐患{major_found}处][，已整改{major_rectified}处]。\n"
        "[提请挂牌督办重大隐患{major_listed_in_period}处][，已摘牌{major_delisted}处][，仍在挂牌督办{major_listed}处]。\n"
        "[截至目前，{major_phrase}。]\n"
        "[对超期未整改的{hazards_overdue}处隐患逐一督办，限期销号。]\n"
        "?[重大隐患整改率{major_rate}。]\n"
        "投入安全资金{investment_wan}万元[，{investment_sectors_phrase}][，{investment_works_phrase}]。\n"
        "?[实施安全投入项目{investment_projects}个。]",
    ),
    (
        "enforcement",
        30,
        SECTION,
        DRAFTED,
        "严格安全生产执法",
        "共{inspections_phrase}[，发现隐患{inspection_hazards}处][，下达责令限期整改指令书{orders}份]。\n"
        "[立案查处{cases}起][，罚款{fines_wan}万元][，责令停产停业{suspensions}家][，关闭取缔{closures}家]"
        "[，查封扣押{seals}起][，责令“三停”{three_stops}家][，行政拘留{detained_people}人]"
        "[，移送司法机关{judicial_transfers}起][，曝光{exposures}家][，信用惩戒{credit_penalties}家]。\n"
        "[其中实施非事故类行政处罚{non_accident_cases}起][，罚款{non_accident_fines_wan}万元]。\n"
        "[组织联合执法行动{joint_actions}次][，共检查各类生产经营单位{joint_inspections}家次]"
        "[，发现各类安全隐患{joint_hazards}处][，立案查处{joint_cases}起][，责令停产停业{joint_suspensions}家]"
        "[，查封{joint_seals}家][，责令“三停”{joint_three_stops}家][，行政拘留{joint_detained}人]"
        "[，罚款{joint_fines_wan}万元]。\n"
        "?[检查单位{units_inspected}家][、{inspections}家次]。\n"
        # Departments' returns: attributed to the unit that reported them, never added into the figures above.
        "{indicator_sentences}",
    ),
    (
        "sectors",
        35,
        SECTION,
        DRAFTED,
        "抓好重点行业领域安全监管",
        "[同步推进{sector_count}个重点行业领域安全监管。]\n{sectors}",
    ),
    (
        "floodprep",
        40,
        SECTION,
        DRAFTED,
        "扎实做好防汛防台和防灾减灾工作",
        "落实基层防汛责任人{flood_persons}名[，汛期进岗履职率{flood_checkin_rate}]。\n"
        "对{monitored_points}处防汛风险点加强日常监测[，地质灾害风险防范区{geohazard_points}个]"
        "[，山洪防御重点村落{flash_flood_villages}个][，城市内涝点{waterlogging_points}个]。\n"
        "[出动检查人员{flood_staff}人次，检查各类点位{flood_points}处][，发现隐患{flood_hazards}处]"
        "[，整改{flood_rectified}处][，其余{flood_measures}处已落实度汛措施]。\n"
        "[组建各类救援队伍{rescue_teams}支][{rescue_members}人][，其中社会救援力量{social_teams}支]。\n"
        "[组建{scope_level}森林防灭火应急队伍{forest_own_members}人][、乡镇级森林防灭火应急队伍{forest_township_members}人]"
        "[、村级森林防灭火应急队伍{forest_village_members}人]。\n"
        "[建成避灾安置场所{shelters}个][，其中规范化场所{shelters_standard}个][，规范化率{shelter_rate}]。\n"
        "[开展防汛业务培训{flood_trainings}场次][，培训{flood_trainees}人次]。\n"
        "[组织应急演练{drills}场次][，参演{drill_participants}人次]。\n"
        "?[其中森林防灭火应急队伍{forest_teams}支][{forest_members}人]。",
    ),
    (
        "publicity",
        50,
        SECTION,
        DRAFTED,
        "强化宣传教育培训",
        "[开展安全生产培训{trainings}场次][，培训{trainees}人次]。\n"
        "[组织“安全生产月”“五进”等宣传活动{publicity_events}场次][，参与群众{publicity_participants}人次]"
        "[，发放宣传资料{materials}份][，媒体报道{media_pieces}篇]。\n"
        "[结合宣传培训开展演习演练{publicity_drills}场次。]\n"
        "收到投诉举报{complaints}起[、办结{complaints_closed}起][、查实{complaints_verified}起][、奖励{complaint_rewards}起]"
        "[，金额{complaint_reward_wan}万元]。\n"
        "?[{complaint_sectors_phrase}。]\n"
        "?[按来源分，{complaint_channels_phrase}。]\n"
        "?[尚在办理{complaints_handling}起。]",
    ),
    ("problems", 900, PART, PROBLEMS, "存在的主要问题", ""),
    ("plans", 910, PART, PLANS, "{next_period_name}工作思路", ""),
    # One campaign's and one sector's sentence (placeholders: reports.registry.ITEM_FIGURES).
    (
        "campaign",
        1000,
        SECTION,
        REPEAT,
        "",
        "开展{name}[，共排查各类隐患{found}处][，整改完成{rectified}处][，整改完成率{rate}][，{major_phrase}]"
        "[，{checks_phrase}][，立案查处{cases}起][，责令停产停业{suspensions}家][，关闭取缔{closures}家]"
        "[，责令“三停”{three_stops}家][，行政拘留{detained_people}人][，罚款{fines_wan}万元]。",
    ),
    (
        "sector",
        1010,
        SECTION,
        REPEAT,
        "",
        "{name}领域[，{checks_phrase}][，发现{hazard_noun}{found}处][，督促整改{rectified}处]"
        "[，整改完成率{rate}][，发放整改指令书{orders}份][，立案查处{cases}起][，责令停产停业{suspensions}家]"
        "[，责令“三停”{three_stops}家][，查封扣押{seals}起][，行政拘留{detained_people}人][，罚款{fines_wan}万元]"
        # Figures a department's accepted return put in the sentence say who reported them (reports.figures.returns).
        "[（{source_phrase}）]。",
    ),
]

# Texts earlier versions shipped as defaults: a template still holding one of them was never edited.
PREVIOUS_BODIES: dict[str, set[str]] = {
    "hazards": {
        "[开展专项整治行动{campaign_count}项。]\n"
        "{campaigns}\n"
        "共排查各类隐患{hazards_found}处，整改完成{hazards_rectified}处，整改完成率{hazards_rate}。\n"
        "[其中重大事故隐患{major_found}处][，已整改{major_rectified}处]。\n"
        "[提请挂牌督办重大隐患{major_listed_in_period}处][，已摘牌{major_delisted}处][，仍在挂牌督办{major_listed}处]。\n"
        "[截至目前，{major_phrase}。]\n"
        "[对超期未整改的{hazards_overdue}处隐患逐一督办，限期销号。]\n"
        "?[重大隐患整改率{major_rate}。]",
        "{campaigns}\n"
        "共排查各类隐患{hazards_found}处，整改完成{hazards_rectified}处，整改完成率{hazards_rate}。\n"
        "[其中重大事故隐患{major_found}处][，已整改{major_rectified}处][，挂牌督办{major_listed}处][，已摘牌{major_delisted}处]。\n"
        "[截至目前，{major_phrase}。]\n"
        "[对超期未整改的{hazards_overdue}处隐患逐一督办，限期销号。]",
        "[扎实开展{campaign_name}，排查隐患{campaign_found}处，整改{campaign_rectified}处。]\n"
        "共排查各类隐患{hazards_found}处，整改完成{hazards_rectified}处，整改完成率{hazards_rate}。\n"
        "[其中重大事故隐患{major_found}处][，已整改{major_rectified}处][，挂牌督办{major_listed}处]。\n"
        "[对超期未整改的{hazards_overdue}处隐患逐一督办，限期销号。]",
    },
    "opening": {
        "今年以来，{issuer}认真学习贯彻习近平总书记关于安全生产和应急管理的重要论述精神，全面落实上级决策部署，紧盯“遏重大、防较大、保安全”目标，扎实推进安全生产各项工作。\n"
        "截至{as_of}，{scope}{accidents_phrase}[，事故数{accidents_change}][，死亡人数{deaths_change}][，{casualties_phrase}][，{major_accidents_phrase}]。\n"
        "[其中亡人事故{fatal_accidents}起][，起数{fatal_accidents_change}]。\n"
        "[其中道路交通事故{road_accidents}起][，死亡{road_deaths}人][，起数{road_accidents_change}][，死亡人数{road_deaths_change}][；道路交通亡人事故{road_fatal_accidents}起][，起数{road_fatal_accidents_change}]。\n"
        "?[受伤{accident_injured}人]。",
        "今年以来，{issuer}认真学习贯彻习近平总书记关于安全生产和应急管理的重要论述精神，全面落实上级决策部署，紧盯“遏重大、防较大、保安全”目标，扎实推进安全生产各项工作。\n"
        "截至{as_of}，{scope}共发生各类生产安全事故{accidents}起，死亡{accident_deaths}人，事故数{accidents_change}，死亡人数{deaths_change}，{major_accidents_phrase}。",
        "今年以来，{issuer}认真学习贯彻习近平总书记关于安全生产和应急管理的重要论述精神，全面落实上级决策部署，紧盯“遏重大、防较大、保安全”目标，扎实推进安全生产各项工作。\n"
        "截至{as_of}，{scope}{accidents_phrase}[，事故数{accidents_change}][，死亡人数{deaths_change}][，{casualties_phrase}][，{major_accidents_phrase}]。\n"
        "[其中道路交通事故{road_accidents}起][，死亡{road_deaths}人][，起数{road_accidents_change}][，死亡人数{road_deaths_change}]。",
    },
    "responsibility": {
        "[调整完善安委会组织体系，设立专业委员会{committees}个][，成员单位{member_units}个]。\n"
        "[签订安全生产目标管理责任书{letters_signed}份][，签订率{letters_rate}]。\n"
        "[召开安委会全体会议{meetings_full}次][、专题会议{meetings_topic}次][、调度会{meetings_dispatch}次]。\n"
        "[领导带队检查{leader_inspections}次][，交办隐患{leader_hazards}处][；约谈企业负责人{interviews}人次]。",
        "[调整完善安委会组织体系，设立专业委员会{committees}个][，成员单位{member_units}个]。\n"
        "[签订安全生产目标管理责任书{letters_signed}份][，签订率{letters_rate}]。\n"
        "[召开安委会全体会议{meetings_full}次][、专题会议{meetings_topic}次][、调度会{meetings_dispatch}次]。\n"
        "[{leaders}位领导][带队检查{leader_inspections}次][，交办隐患{leader_hazards}处]。\n"
        "[约谈企业负责人{interviews}人次]。",
    },
    "floodprep": {
        "落实基层防汛责任人{flood_persons}名[，汛期进岗履职率{flood_checkin_rate}]。\n"
        "[纳入日常监测的地质灾害风险防范区{geohazard_points}个][、山洪防御重点村落{flash_flood_villages}个][、城市内涝点{waterlogging_points}个]。\n"
        "[出动检查人员{flood_staff}人次，检查各类点位{flood_points}处][，发现隐患{flood_hazards}处][，整改{flood_rectified}处][，其余{flood_measures}处已落实度汛措施]。\n"
        "[组建各类救援队伍{rescue_teams}支][{rescue_members}人][，其中社会救援力量{social_teams}支]。\n"
        "[组建{scope_level}森林防灭火应急队伍{forest_own_members}人][、乡镇级森林防灭火应急队伍{forest_township_members}人][、村级森林防灭火应急队伍{forest_village_members}人]。\n"
        "[建成避灾安置场所{shelters}个][，其中规范化场所{shelters_standard}个][，规范化率{shelter_rate}]。\n"
        "[开展防汛业务培训{flood_trainings}场次][，培训{flood_trainees}人次]。\n"
        "[组织应急演练{drills}场次][，参演{drill_participants}人次]。\n"
        "?[其中森林防灭火应急队伍{forest_teams}支][{forest_members}人]。",
        "落实基层防汛责任人{flood_persons}名[，汛期进岗履职率{flood_checkin_rate}]。\n"
        "[出动检查人员{flood_staff}人次，检查各类点位{flood_points}处][，发现隐患{flood_hazards}处][，整改{flood_rectified}处][，其余{flood_measures}处已落实度汛措施]。\n"
        "[组建各类救援队伍{rescue_teams}支{rescue_members}人]。\n"
        "[建成避灾安置场所{shelters}个][，规范化率{shelter_rate}]。\n"
        "[组织应急演练{drills}场次][，参演{drill_participants}人次]。",
        "落实基层防汛责任人{flood_persons}名[，汛期进岗履职率{flood_checkin_rate}]。\n"
        "[出动检查人员{flood_staff}人次，检查各类点位{flood_points}处][，发现隐患{flood_hazards}处][，整改{flood_rectified}处][，其余{flood_measures}处已落实度汛措施]。\n"
        "[组建各类救援队伍{rescue_teams}支][{rescue_members}人]。\n"
        "[建成避灾安置场所{shelters}个][，其中规范化场所{shelters_standard}个][，规范化率{shelter_rate}]。\n"
        "[开展防汛业务培训{flood_trainings}场次][，培训{flood_trainees}人次]。\n"
        "[组织应急演练{drills}场次][，参演{drill_participants}人次]。",
    },
    "publicity": {
        "[开展安全生产培训{trainings}场次][，培训{trainees}人次]。\n"
        "[组织“安全生产月”“五进”等宣传活动{publicity_events}场次][，参与群众{publicity_participants}人次][，发放宣传资料{materials}份][，媒体报道{media_pieces}篇]。\n"
        "[结合宣传培训开展演习演练{publicity_drills}场次。]",
        "[开展安全生产培训{trainings}场次][，培训{trainees}人次]。\n"
        "[组织“安全生产月”“五进”等宣传活动{publicity_events}场次][，参与群众{publicity_participants}人次][，发放宣传资料{materials}份][，媒体报道{media_pieces}篇]。",
        "[开展安全生产培训{trainings}场次，培训{trainees}人次]。\n"
        "[组织“安全生产月”“五进”等宣传活动{publicity_events}场次][，发放宣传资料{materials}份]。",
        "[开展安全生产培训{trainings}场次][，培训{trainees}人次]。\n"
        "[组织“安全生产月”“五进”等宣传活动{publicity_events}场次][，发放宣传资料{materials}份][，媒体报道{media_pieces}篇]。",
    },
    "enforcement": {
        "共{inspections_phrase}[，发现隐患{inspection_hazards}处][，下达责令限期整改指令书{orders}份]。\n"
        "[立案查处{cases}起][，罚款{fines_wan}万元][，责令停产停业{suspensions}家][，关闭取缔{closures}家]"
        "[，查封扣押{seals}起][，责令“三停”{three_stops}家][，行政拘留{detained_people}人]"
        "[，移送司法机关{judicial_transfers}起][，曝光{exposures}家][，信用惩戒{credit_penalties}家]。\n"
        "[其中实施非事故类行政处罚{non_accident_cases}起][，罚款{non_accident_fines_wan}万元]。\n"
        "[组织联合执法行动{joint_actions}次][，共检查各类生产经营单位{joint_inspections}家次]"
        "[，发现各类安全隐患{joint_hazards}处][，立案查处{joint_cases}起][，责令停产停业{joint_suspensions}家]"
        "[，查封{joint_seals}家][，责令“三停”{joint_three_stops}家][，行政拘留{joint_detained}人]"
        "[，罚款{joint_fines_wan}万元]。\n"
        "?[检查单位{units_inspected}家][、{inspections}家次]。",
        "共检查单位{inspections}家次[，发现隐患{inspection_hazards}处][，下达责令限期整改指令书{orders}份]。\n"
        "[立案查处{cases}起][，罚款{fines_wan}万元][，责令停产停业{suspensions}家][，关闭取缔{closures}家][，查封扣押{seals}起][，责令“三停”{three_stops}家][，行政拘留{detained_people}人][，移送司法机关{judicial_transfers}起][，曝光{exposures}家]。\n"
        "[组织联合执法行动{joint_actions}次。]",
    },
    "sectors": {
        "{sectors}",
    },
    "campaign": {
        "开展{name}[，共排查各类隐患{found}处][，整改完成{rectified}处][，整改完成率{rate}][，{major_phrase}][，检查单位{inspections}家次][，立案查处{cases}起][，责令停产停业{suspensions}家][，关闭取缔{closures}家][，责令“三停”{three_stops}家][，行政拘留{detained_people}人][，罚款{fines_wan}万元]。",
    },
    "sector": {
        "{name}领域[，检查单位{inspections}家次][，发现{hazard_noun}{found}处][，督促整改{rectified}处][，整改完成率{rate}][，立案查处{cases}起][，责令停产停业{suspensions}家][，责令“三停”{three_stops}家][，查封扣押{seals}起][，行政拘留{detained_people}人][，罚款{fines_wan}万元]。",
    },
}

# Issue 15: the opening gained the accidents by statistics group (an optional last line), the responsibility
# section the principal leaders' trips inside the leader-led sentence.
PREVIOUS_BODIES["opening"].add(
    "今年以来，{issuer}认真学习贯彻习近平总书记关于安全生产和应急管理的重要论述精神，全面落实上级决策部署，"
    "紧盯“遏重大、防较大、保安全”目标，扎实推进安全生产各项工作。\n"
    "截至{as_of}，{scope}{accidents_phrase}[，事故数{accidents_change}][，死亡人数{deaths_change}]"
    "[，{casualties_phrase}][，{major_accidents_phrase}]。\n"
    "[其中亡人事故{fatal_accidents}起][，起数{fatal_accidents_change}]。\n"
    "[其中道路交通事故{road_accidents}起][，死亡{road_deaths}人][，起数{road_accidents_change}]"
    "[，死亡人数{road_deaths_change}][；道路交通亡人事故{road_fatal_accidents}起]"
    "[，起数{road_fatal_accidents_change}]。\n"
    "?[受伤{accident_injured}人]。\n"
    "此外，{scope}发生非生产安全事故事件{incidents}起[（{incident_kinds_phrase}）][，{incident_casualties_phrase}]。\n"
    "?[非生产安全事故事件造成直接经济损失{incident_loss_wan}万元。]"
)
PREVIOUS_BODIES["responsibility"].add(
    "[调整完善安委会组织体系，设立专业委员会{committees}个][，成员单位{member_units}个]"
    "[，各镇街安委会挂牌率{township_committee_rate}]。\n"
    "[在原有{committees_last_year}个专委会基础上，优化调整为{committees}个专业委员会。]\n"
    "[签订安全生产目标管理责任书{letters_signed}份][，签订率{letters_rate}]。\n"
    "[召开安委会全体会议{meetings_full}次][、专题会议{meetings_topic}次][、调度会{meetings_dispatch}次]。\n"
    "[{leaders}位领导][带队检查{leader_inspections}次][，交办隐患{leader_hazards}处]。\n"
    "[约谈企业负责人{interviews}人次]。\n"
    "[建立镇街晾晒考核机制，已发布晾晒通报{rankings_published}期。]\n"
    "?[建立安委会{main_committees}个。]\n"
    "?[共召开各类安全生产会议{meetings}次。]"
)


# The opening said "其中亡人事故…。其中道路交通事故…" when both were said; it now says one "其中".
PREVIOUS_BODIES["opening"].add(
    "今年以来，{issuer}认真学习贯彻习近平总书记关于安全生产和应急管理的重要论述精神，全面落实上级决策部署，紧盯“遏重大、防较大、保安全”目标，扎实推进安全生产各项工作。\n"
    "截至{as_of}，{scope}{accidents_phrase}[，事故数{accidents_change}][，死亡人数{deaths_change}][，{casualties_phrase}][，{major_accidents_phrase}]。\n"
    "[其中亡人事故{fatal_accidents}起][，起数{fatal_accidents_change}]。\n"
    "[其中道路交通事故{road_accidents}起][，死亡{road_deaths}人][，起数{road_accidents_change}][，死亡人数{road_deaths_change}][；道路交通亡人事故{road_fatal_accidents}起][，起数{road_fatal_accidents_change}]。\n"
    "?[受伤{accident_injured}人]。\n"
    "此外，{scope}发生非生产安全事故事件{incidents}起[（{incident_kinds_phrase}）][，{incident_casualties_phrase}]。\n"
    "?[非生产安全事故事件造成直接经济损失{incident_loss_wan}万元。]\n"
    "?[{accident_groups_phrase}。]"
)

# A sector's sentence now says the departments' figures it holds and who reported them.
PREVIOUS_BODIES["sector"].add(
    "{name}领域[，{checks_phrase}][，发现{hazard_noun}{found}处][，督促整改{rectified}处]"
    "[，整改完成率{rate}][，发放整改指令书{orders}份][，立案查处{cases}起][，责令停产停业{suspensions}家]"
    "[，责令“三停”{three_stops}家][，查封扣押{seals}起][，行政拘留{detained_people}人][，罚款{fines_wan}万元]。"
)


def ensure_default_wording(model: Any = None) -> int:
    """Add the missing parts of the default skeleton and update the never-edited ones; returns how many."""
    if model is None:
        from reports.models import SectionTemplate as model
    changed = 0
    for key, order, level, kind, heading, body in SECTIONS:
        template, created = model.objects.get_or_create(
            key=key, defaults={"order": order, "level": level, "kind": kind, "heading": heading, "body": body}
        )
        if created:
            changed += 1
        elif template.body in PREVIOUS_BODIES.get(key, ()):
            template.body = body
            template.save(update_fields=["body"])
            changed += 1
    return changed
