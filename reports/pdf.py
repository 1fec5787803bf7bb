"""The summary as an official document (GB/T 9704-2012 layout)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.safestring import mark_safe

from org.pdf import render_pdf
from reports.charts import bar_chart_svg
from reports.exporters import RATE, HazardsByTownship, annex_tables
from reports.figures import ReportScope
from reports.models import Level, ReportSection, SectionKind, SummaryReport

NUMERALS = "一二三四五六七八九十"


def numeral(index: int) -> str:
    """一 … 十, then 十一 … 十九, 二十 (GB/T 9704 counts headings in Chinese numerals)."""
    if index < 10:
        return NUMERALS[index]
    tens, units = divmod(index + 1, 10)
    return f"{'' if tens == 1 else NUMERALS[tens - 1]}十{NUMERALS[units - 1] if units else ''}"


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def part_text(section: ReportSection, report: SummaryReport) -> str:
    """A part's text: drafted (and edited) for most, the report's own 二、三 for problems and plans."""
    if section.kind == SectionKind.PROBLEMS:
        return report.problems
    if section.kind == SectionKind.PLANS:
        return report.plans
    return section.body


def outline(report: SummaryReport, sections: list[ReportSection] | None = None) -> list[ReportSection]:
    """The report's parts in order with their numerals, leaving out what has nothing to say.

    First-level parts count 一、二、…; second-level ones （一）（二）… within their part, so numbering
    has no gaps. A part heading is printed only when it or a section under it has text. Each part gets
    ``numeral`` and ``paragraphs`` attributes.
    """
    sections = list(report.sections.all()) if sections is None else sections
    # Which first-level parts have something under them.
    filled: dict[int, bool] = {}
    current: int | None = None
    for index, s in enumerate(sections):
        s.paragraphs = paragraphs(part_text(s, report))
        if s.level == Level.PART:
            current = index
            filled[index] = bool(s.paragraphs)
        elif s.level == Level.SECTION and s.paragraphs and current is not None:
            filled[current] = True
    out: list[ReportSection] = []
    parts = sections_in_part = 0
    for index, s in enumerate(sections):
        if s.level == Level.PART:
            if not filled[index]:
                current = None
                continue
            current = index
            s.numeral = f"{numeral(parts)}、"
            parts, sections_in_part = parts + 1, 0
        elif s.level == Level.SECTION:
            if not s.paragraphs:
                continue
            s.numeral = f"（{numeral(sections_in_part)}）"
            sections_in_part += 1
        else:
            if not s.paragraphs:
                continue
            s.numeral = ""
        out.append(s)
    return out


def display_row(values: list[Any], columns: list[tuple[str, str]]) -> list[str]:
    out = []
    for value, (_, kind) in zip(values, columns, strict=True):
        if value is None:
            out.append("—")
        elif kind == RATE:
            # One decimal in every row, so a column never mixes "88.5%" and "87%" (Excel's 0.0% does the same).
            out.append(f"{(Decimal(str(value)) * 100).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%")
        else:
            out.append(str(value))
    return out


def summary_context(report: SummaryReport, scope: ReportScope) -> dict:
    sections = list(report.sections.all())
    table = next(t for t in annex_tables(report, scope) if t.sheet == HazardsByTownship.sheet)
    rows = list(table.iterate_rows())
    total = table.total()  # the township table's, which has one
    chart = bar_chart_svg([(r[0], r[1], r[2]) for r in rows if r[1]])
    return {
        "report": report,
        "parts": outline(report, sections),
        "period_text": scope.period.span_text(),
        "table": table,
        "rows": [display_row(r, table.columns) for r in rows],
        "total": display_row(total, table.columns) if total is not None else [],
        # Labels inside are escaped by bar_chart_svg.
        "chart": mark_safe(chart),  # noqa: S308
    }


def render_summary_pdf(report: SummaryReport, scope: ReportScope) -> bytes:
    return render_pdf("reports/summary_pdf.html", summary_context(report, scope))
