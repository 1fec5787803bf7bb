"""The summary as an official document (GB/T 9704-2012 layout)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.safestring import mark_safe

from org.pdf import render_pdf
from org.periods import format_rate
from reports.charts import bar_chart_svg
from reports.exporters import RATE, HazardsByTownship
from reports.figures import ReportScope
from reports.models import ReportSection, SummaryReport


def section_titles(report: SummaryReport) -> dict[str, str]:
    """First half: 上半年 / 下半年工作思路; second half: 全年 / 明年; otherwise neutral."""
    start, end = report.period_start, report.period_end
    if (start.month, start.day, end.month, end.day) == (1, 1, 6, 30):
        return {"work": "一、上半年主要工作", "plans": "三、下半年工作思路"}
    if (start.month, start.day, end.month, end.day) == (7, 1, 12, 31):
        return {"work": "一、下半年主要工作", "plans": "三、明年工作思路"}
    return {"work": "一、主要工作", "plans": "三、下一步工作打算"}


NUMERALS = "一二三四五六七八九十"


def numbered(sections: list[ReportSection]) -> list[tuple[str, ReportSection]]:
    """（一）（二）… over the sections that have something to say, so numbering has no gaps."""
    said = [s for s in sections if s.key != "opening" and s.body.strip()]
    return [(f"（{NUMERALS[i] if i < 10 else i + 1}）", s) for i, s in enumerate(said)]


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def display_row(values: list[Any], columns: list[tuple[str, str]]) -> list[str]:
    out = []
    for value, (_, kind) in zip(values, columns, strict=True):
        if value is None:
            out.append("—")
        elif kind == RATE:
            out.append(format_rate((Decimal(str(value)) * 100).quantize(Decimal("0.1"))))
        else:
            out.append(str(value))
    return out


def summary_context(report: SummaryReport, scope: ReportScope) -> dict:
    sections = list(report.sections.all())
    table = HazardsByTownship(scope)
    rows = list(table.iterate_rows())
    chart = bar_chart_svg([(r[0], r[1], r[2]) for r in rows if r[1]])
    return {
        "report": report,
        "opening": next((s for s in sections if s.key == "opening"), None),
        "sections": numbered(sections),
        "titles": section_titles(report),
        "problems": paragraphs(report.problems),
        "plans": paragraphs(report.plans),
        "table": table,
        "rows": [display_row(r, table.columns) for r in rows],
        "total": display_row(table.total(), table.columns),
        # Labels inside are escaped by bar_chart_svg.
        "chart": mark_safe(chart),  # noqa: S308
    }


def render_summary_pdf(report: SummaryReport, scope: ReportScope) -> bytes:
    return render_pdf("reports/summary_pdf.html", summary_context(report, scope))
