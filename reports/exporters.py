"""The Excel annex: one exporter per table (pretix ListExporter style).

Each table yields its rows from the same selectors the summary text uses, and
its total row is the scope's own figure, so the annex and the PDF agree.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from enforcement.selectors import figures as enforcement_selectors
from enforcement.selectors.figures import EnforcementFigures
from floodprep import selectors as flood_selectors
from floodprep.selectors import FloodFigures
from hazards import selectors as hazard_selectors
from hazards.selectors import HazardFigures
from reports.figures import ReportScope, accidents_comparable, change_phrase
from reports.models import SummaryReport
from reports.registry import COUNT, FIGURES, caption
from reports.registry import RATE as RATE_FMT
from reports.registry import WAN as WAN_FMT
from responsibility import selectors as responsibility_selectors
from responsibility.selectors import AccidentFigures, PublicityFigures

TEXT, INT, RATE, WAN = "text", "int", "rate", "wan"
FORMATS = {INT: "#,##0", RATE: "0.0%", WAN: "#,##0.00"}
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _rate_cell(value: Decimal | None) -> float | None:
    """Rates are stored as fractions so Excel shows 98.5% with the percent format."""
    return None if value is None else float(value / 100)


class AnnexTable:
    sheet: str = ""
    title: str = ""
    columns: list[tuple[str, str]] = []

    def __init__(self, scope: ReportScope) -> None:
        self.scope = scope

    def iterate_rows(self) -> Iterator[list[Any]]:
        raise NotImplementedError

    def total(self) -> list[Any] | None:
        return None


def _hazard_cells(f: HazardFigures) -> list[Any]:
    return [f.found, f.rectified, _rate_cell(f.rate), f.major_found, f.major_rectified, f.listed, f.overdue]


def _columns(*keys: str) -> list[tuple[str, str]]:
    """Column headers from the figure registry, so a column reads as the card and the summary's figure do."""
    kinds = {COUNT: INT, RATE_FMT: RATE, WAN_FMT: WAN}
    return [(caption(key), kinds.get(FIGURES[key].fmt, TEXT)) for key in keys]


HAZARD_COLUMNS = _columns(
    "hazards_found",
    "hazards_rectified",
    "hazards_rate",
    "major_found",
    "major_rectified",
    "major_listed",
    "hazards_overdue",
)


class HazardsByTownship(AnnexTable):
    sheet = "隐患-按镇街"
    title = "隐患排查治理情况（按镇街）"
    columns = [("镇街", TEXT), *HAZARD_COLUMNS]

    def iterate_rows(self) -> Iterator[list[Any]]:
        rows = hazard_selectors.hazard_figures_by_township(
            user=self.scope.viewer, period=self.scope.period, today=self.scope.as_of
        )
        for unit, f in rows:
            yield [unit.name, *_hazard_cells(f)]

    def total(self) -> list[Any]:
        f = hazard_selectors.hazard_figures(user=self.scope.viewer, period=self.scope.period, today=self.scope.as_of)
        return ["合计", *_hazard_cells(f)]


class HazardsBySector(AnnexTable):
    sheet = "隐患-按行业"
    title = "隐患排查治理情况（按行业领域）"
    columns = [("行业领域", TEXT), *HAZARD_COLUMNS]

    def iterate_rows(self) -> Iterator[list[Any]]:
        rows = hazard_selectors.hazard_figures_by_sector(
            user=self.scope.viewer, period=self.scope.period, today=self.scope.as_of
        )
        for name, f in rows:
            yield [name, *_hazard_cells(f)]

    def total(self) -> list[Any]:
        return HazardsByTownship(self.scope).total()


class HazardsByMonth(AnnexTable):
    sheet = "隐患-按月份"
    title = "隐患排查治理情况（按月份）"
    columns = [("月份", TEXT), ("排查隐患（处）", INT), ("已整改（处）", INT)]

    def iterate_rows(self) -> Iterator[list[Any]]:
        for row in hazard_selectors.hazard_found_by_month(user=self.scope.viewer, period=self.scope.period):
            yield [f"{row['month']:%Y年%m月}", row["found"], row["rectified"]]


ENFORCEMENT_COLUMNS = _columns(
    "inspections",
    "inspection_hazards",
    "orders",
    "cases",
    "fines_wan",
    "suspensions",
    "closures",
    "seals",
    "detained_people",
    "judicial_transfers",
)


def _enforcement_cells(f: EnforcementFigures) -> list[Any]:
    return [
        f.inspections,
        f.inspection_hazards,
        f.orders,
        f.cases,
        float(Decimal(f.fines_wan)),
        f.suspensions,
        f.closures,
        f.seals,
        f.detained_people,
        f.judicial_transfers,
    ]


class EnforcementByTownship(AnnexTable):
    sheet = "执法-按镇街"
    title = "安全生产行政执法情况（按镇街）"
    columns = [("镇街", TEXT), *ENFORCEMENT_COLUMNS]

    def iterate_rows(self) -> Iterator[list[Any]]:
        rows = enforcement_selectors.enforcement_figures_by_township(user=self.scope.viewer, period=self.scope.period)
        for unit, f in rows:
            yield [unit.name, *_enforcement_cells(f)]

    def total(self) -> list[Any]:
        f = enforcement_selectors.enforcement_figures(user=self.scope.viewer, period=self.scope.period)
        return ["合计", *_enforcement_cells(f)]


FLOOD_COLUMNS = _columns(
    "flood_persons",
    "flood_checkin_rate",
    "flood_staff",
    "flood_points",
    "flood_hazards",
    "flood_rectified",
    "rescue_teams",
    "rescue_members",
    "shelters",
    "shelter_rate",
    "drills",
)


def _flood_cells(f: FloodFigures) -> list[Any]:
    return [
        f.responsible_persons,
        _rate_cell(f.checkin_rate),
        f.inspections_staff,
        f.points_checked,
        f.hazards_found,
        f.hazards_rectified,
        f.teams,
        f.team_members,
        f.shelters,
        _rate_cell(f.shelter_rate),
        f.drills,
    ]


class FloodByTownship(AnnexTable):
    sheet = "防汛-按镇街"
    title = "防汛防台准备情况（按镇街）"
    columns = [("镇街", TEXT), *FLOOD_COLUMNS]

    def iterate_rows(self) -> Iterator[list[Any]]:
        for unit, f in flood_selectors.flood_figures_by_township(user=self.scope.viewer, period=self.scope.period):
            yield [unit.name, *_flood_cells(f)]

    def total(self) -> list[Any]:
        # The total includes county- and city-level posts, teams and stores that no township row carries.
        return [
            "合计（含县市级）",
            *_flood_cells(flood_selectors.flood_figures(user=self.scope.viewer, period=self.scope.period)),
        ]


class AccidentsByKind(AnnexTable):
    sheet = "事故-同比"
    title = "生产安全事故情况（与去年同期比较）"
    columns = [
        ("类别", TEXT),
        ("事故（起）", INT),
        ("去年同期（起）", INT),
        ("事故数同比", TEXT),
        ("死亡（人）", INT),
        ("去年同期（人）", INT),
        ("死亡人数同比", TEXT),
    ]

    def _figures(self) -> AccidentFigures:
        return responsibility_selectors.accident_figures(user=self.scope.viewer, period=self.scope.period)

    def _row(self, label: str, now: Any, before: Any, comparable: bool) -> list[Any]:
        """Last year's cells and the changes stay empty when last year has no records (as the summary says nothing)."""
        if not comparable:
            return [label, now.count, None, None, now.deaths, None, None]
        return [
            label,
            now.count,
            before.count,
            change_phrase(now.count, before.count, unit="起"),
            now.deaths,
            before.deaths,
            change_phrase(now.deaths, before.deaths, unit="人", people=True),
        ]

    def iterate_rows(self) -> Iterator[list[Any]]:
        f = self._figures()
        comparable = accidents_comparable(self.scope, f)
        for row in f.kind_rows():
            yield self._row(row["kind"].label, row["kind"], row["previous"], comparable)

    def total(self) -> list[Any]:
        f = self._figures()
        return self._row("合计", f, f.previous, accidents_comparable(self.scope, f))


class PublicityByKind(AnnexTable):
    sheet = "宣传培训"
    title = "宣传教育培训情况（按类别）"
    columns = [("类别", TEXT), ("场次", INT), ("参加（人次）", INT), ("发放资料（份）", INT), ("媒体报道（篇）", INT)]

    def _figures(self) -> PublicityFigures:
        return responsibility_selectors.publicity_figures(user=self.scope.viewer, period=self.scope.period)

    def iterate_rows(self) -> Iterator[list[Any]]:
        for k in self._figures().by_kind:
            yield [k.label, k.events, k.participants, k.materials, k.media_pieces]

    def total(self) -> list[Any]:
        f = self._figures()
        return ["合计", f.events, f.participants, f.materials, f.media_pieces]


TABLES: list[type[AnnexTable]] = [
    AccidentsByKind,
    HazardsByTownship,
    HazardsBySector,
    HazardsByMonth,
    EnforcementByTownship,
    FloodByTownship,
    PublicityByKind,
]


class FrozenTable(AnnexTable):
    """An annex table as it stood when its report was approved (kept in SummaryReport.approved_figures)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.sheet, self.title = data["sheet"], data["title"]
        self.columns = [tuple(column) for column in data["columns"]]
        self._rows, self._total = data["rows"], data["total"]

    def iterate_rows(self) -> Iterator[list[Any]]:
        yield from self._rows

    def total(self) -> list[Any] | None:
        return self._total


def annex_tables(report: SummaryReport, scope: ReportScope) -> list[AnnexTable]:
    """The annex's tables: as approved for an approved report, read from the records otherwise."""
    frozen = (report.approved_figures or {}).get("annex") if report.is_frozen else None
    if frozen:
        return [FrozenTable(table) for table in frozen]
    return [table_class(scope) for table_class in TABLES]


def freeze_figures(report: SummaryReport, scope: ReportScope, figures: list[Any]) -> dict[str, Any]:
    """What approval keeps: every annex table's rows and total, and the figures list (label, value, link)."""
    annex = []
    for table_class in TABLES:
        table = table_class(scope)
        annex.append(
            {
                "sheet": table.sheet,
                "title": table.title,
                "columns": [list(c) for c in table.columns],
                "rows": [list(row) for row in table.iterate_rows()],
                "total": table.total(),
            }
        )
    return {"annex": annex, "figures": [[f.label, f.display, f.link] for f in figures]}


def _width(value: Any) -> int:
    text = "" if value is None else str(value)
    # A Chinese character takes about two Latin character widths.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def period_text(scope: ReportScope) -> str:
    """The period the annex figures count, "2026年1月1日至6月30日".

    ``scope.period`` is already cut at the as-of date by reports.services.report_scope, so a
    year report drafted on 15 September says so rather than claiming the whole year.
    """
    return scope.period.span_text()


def write_annex(report: SummaryReport, scope: ReportScope) -> bytes:
    wb = Workbook()
    cover = wb.worksheets[0]  # the sheet a new workbook opens on (its active one)
    cover.title = "封面"
    cover_rows = [
        (report.title,),
        ("附表：主要数据",),
        ("范围", report.scope.name),
        ("统计期间", period_text(scope)),
        ("数据截至", f"{report.as_of:%Y-%m-%d}"),
        ("发文单位", report.issuer),
        ("生成时间", f"{timezone.localtime():%Y-%m-%d %H:%M}"),
    ]
    for row in cover_rows:
        cover.append(list(row))
    cover["A1"].font = Font(size=16, bold=True)
    cover.column_dimensions["A"].width = 14
    cover.column_dimensions["B"].width = 40
    for table in annex_tables(report, scope):
        _write_table(wb, table, period_text(scope))
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _write_table(wb: Workbook, table: AnnexTable, period: str) -> None:
    ws = wb.create_sheet(table.sheet)
    ws.append([f"{table.title}（{period}）"])
    ws["A1"].font = Font(size=14, bold=True)
    ws.append([name for name, _ in table.columns])
    widths = [_width(name) + 2 for name, _ in table.columns]
    for cell in ws[2]:
        cell.font, cell.fill, cell.border = Font(bold=True), HEADER_FILL, BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    rows = list(table.iterate_rows())
    total = table.total()
    for values in [*rows, *([total] if total else [])]:
        ws.append(values)
        for index, (cell, (_, kind)) in enumerate(zip(ws[ws.max_row], table.columns, strict=True)):
            cell.border = BORDER
            if kind in FORMATS:
                cell.number_format = FORMATS[kind]
            widths[index] = max(widths[index], _width(cell.value) + 2)
    if total:
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = min(max(width, 8), 40)
    ws.freeze_panes = "B3"
    ws.print_title_rows = "2:2"
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToHeight = 0
