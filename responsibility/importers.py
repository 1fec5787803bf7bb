"""Backlog imports of accidents, meetings and publicity and training events (issue 15, 历史台账批量导入).

Each kind is declared once for the shared pipeline (org.imports): its columns, its key and its audit
action, the same action its one-record create service writes. The titles, notes and instructions are
Chinese data in a Chinese template.
"""

from __future__ import annotations

from enterprises.linking import link_all
from org.audit import AuditAction
from org.imports import CHOICE, DATE, DECIMAL, INT, UNIT, Column, RecordImport
from responsibility.models import Accident, Meeting, PublicityEvent
from responsibility.services import RECORDERS

# The same roles as the records' own create pages.
IMPORTERS = RECORDERS
# Files longer than this are imported by a worker while the page shows its progress.
SYNC_ROWS = 300

_DATE_NOTE = "如 2026-03-10，不能晚于今天"
_COMMON = (
    "2. 红色列名为必填项；带下拉列表的列请从列表中选择。",
    "3. 日期请写成 2026-03-10 的形式，不能晚于今天，也不能落在已审定的半年总结期间内。",
    "4. 只能导入本人辖区内单位的记录。",
    "5. 上传后系统先逐行检查，列出所有错误及其单元格；有任何错误时一行也不导入，改正后重新上传即可。",
)

ACCIDENTS = RecordImport(
    slug="accident",
    model=Accident,
    sheet="事故导入",
    filename="生产安全事故导入模板.xlsx",
    columns=(
        Column("occurred_on", "发生日期", True, DATE, note=_DATE_NOTE, width=12),
        Column("org_unit", "镇街", True, UNIT, townships_only=True, note="本人辖区内的镇（街道）名称", width=12),
        Column("place", "发生地点/单位", True, max_length=120, width=24),
        Column("kind", "事故类别", True, CHOICE, Accident.Kind.choices, note="从下拉列表中选择"),
        Column(
            "grade",
            "事故等级",
            True,
            CHOICE,
            Accident.Grade.choices,
            note="从下拉列表中选择；不能低于死亡、重伤人数和直接经济损失所对应的等级",
        ),
        Column("dead", "死亡人数", False, INT, note="整数，不填为0", width=10),
        Column("injured", "重伤人数", False, INT, note="整数，不填为0", width=10),
        Column("direct_loss_yuan", "直接经济损失（元）", False, DECIMAL, note="单位为元，不填为0", width=16),
        Column("description", "事故简况", True, width=40),
    ),
    date_field="occurred_on",
    key_fields=("org_unit", "occurred_on", "kind", "place"),
    audit_action=AuditAction.ACCIDENT_CREATED,
    audit_data=lambda a: {"kind": a.kind, "grade": a.grade, "dead": a.dead},
    before_insert=link_all,  # the accident's place points at the register's enterprise, as on the form
    instructions=(
        "1. 在“事故导入”工作表中从第2行起每行填写一起事故，不要修改第1行的列名。",
        *_COMMON,
        "6. 同一镇街、发生日期、事故类别和发生地点相同的视为同一起事故，重复导入同一文件不会重复登记。",
    ),
    example=("2026-03-10", "城关街道", "某某建材厂", "工矿商贸", "一般", 1, 0, 800000, "叉车倒车时碰撞作业人员"),
)

MEETINGS = RecordImport(
    slug="meeting",
    model=Meeting,
    sheet="会议导入",
    filename="安委会会议导入模板.xlsx",
    columns=(
        Column("held_on", "会议日期", True, DATE, note=_DATE_NOTE, width=12),
        Column("kind", "会议类型", True, CHOICE, Meeting.Kind.choices, note="从下拉列表中选择", width=18),
        Column("org_unit", "召集单位", True, UNIT, note="本人辖区内的单位名称（市、区县或镇街）", width=14),
        Column("topic", "会议主题", True, max_length=200, width=40),
    ),
    date_field="held_on",
    key_fields=("org_unit", "held_on", "kind", "topic"),
    audit_action=AuditAction.MEETING_CREATED,
    audit_data=lambda m: {"kind": m.kind},
    instructions=(
        "1. 在“会议导入”工作表中从第2行起每行填写一次会议，不要修改第1行的列名。",
        *_COMMON,
        "6. 同一召集单位、会议日期、会议类型和主题相同的视为同一次会议，重复导入同一文件不会重复登记。",
    ),
    example=("2026-01-15", "安委会全体会议", "城关街道", "部署2026年安全生产工作"),
)

PUBLICITY = RecordImport(
    slug="publicity",
    model=PublicityEvent,
    sheet="宣传培训导入",
    filename="宣传教育培训导入模板.xlsx",
    columns=(
        Column("held_on", "活动日期", True, DATE, note=_DATE_NOTE, width=12),
        Column("kind", "活动类型", True, CHOICE, PublicityEvent.Kind.choices, note="从下拉列表中选择", width=16),
        Column("org_unit", "镇街", True, UNIT, note="本人辖区内的单位名称", width=12),
        Column("title", "活动名称", True, max_length=150, width=30),
        Column("participants", "参加人数", False, INT, note="整数；不清楚时可不填，活动照样计数", width=10),
        Column("materials", "发放资料（份）", False, INT, note="整数，不填为0", width=12),
        Column("media_pieces", "媒体报道（篇）", False, INT, note="整数，不填为0", width=12),
    ),
    date_field="held_on",
    key_fields=("org_unit", "held_on", "kind", "title"),
    audit_action=AuditAction.PUBLICITY_EVENT_CREATED,
    audit_data=lambda e: {"kind": e.kind},
    instructions=(
        "1. 在“宣传培训导入”工作表中从第2行起每行填写一次活动，不要修改第1行的列名。",
        *_COMMON,
        "6. 同一单位、活动日期、活动类型和名称相同的视为同一次活动，重复导入同一文件不会重复登记。",
    ),
    example=("2026-06-16", "培训", "城关街道", "企业主要负责人安全培训", 120, 300, 2),
)

IMPORTS: dict[str, RecordImport] = {spec.slug: spec for spec in (ACCIDENTS, MEETINGS, PUBLICITY)}
