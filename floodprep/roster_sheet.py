"""The layout of the roster spreadsheet, shared by the import template and the export.

Column titles and choice labels are Chinese data in a Chinese document, not gettext msgids.
"""

from __future__ import annotations

from dataclasses import dataclass

from floodprep.models import PersonLevel

SHEET = "防汛责任人"
POINT_SEPARATORS = "、，,；;"
LEVEL_LABELS: dict[str, str] = {
    PersonLevel.COUNTY: "县级",
    PersonLevel.TOWNSHIP: "乡级",
    PersonLevel.VILLAGE: "村级",
    PersonLevel.GRID: "网格",
}


@dataclass(frozen=True)
class Column:
    name: str
    title: str
    required: bool = False
    max_length: int | None = None
    width: int = 12
    note: str = ""


COLUMNS: tuple[Column, ...] = (
    Column("unit", "镇街", True, width=12, note="本人辖区内的镇（街道）名称；县级责任人填写区（县）名称"),
    Column("village", "村社", width=12, note="村级、网格责任人必填，须属于上一列的镇街；乡级、县级不填"),
    Column("level", "层级", True, width=8, note="县级、乡级、村级或网格，从下拉列表中选择"),
    Column("post", "岗位", True, 50, 16, "如 镇长、分管副镇长、村支书、网格员"),
    Column("name", "姓名", True, 30, 10),
    Column("mobile", "手机号码", True, width=14, note="11位手机号码"),
    Column(
        "risk_points", "负责风险点", width=30, note="本镇街已登记的风险点名称，多个用顿号分隔；不填则不改变已有的风险点"
    ),
    Column("note", "备注", max_length=200, width=20),
)
BY_NAME = {column.name: column for column in COLUMNS}
EXTRA_TITLES: tuple[tuple[str, int], ...] = (("最近进岗日期", 14), ("状态", 8))
EXAMPLE = ("城关街道", "和平社区", "村级", "社区书记", "张三", "13812345678", "和平社区低洼地段", "")
