"""The measured work of bench/run.py that runs in a process of its own (``run.py --child <name>``).

Each returns a dict; run.py adds the process's peak RSS before and after.
"""

from __future__ import annotations

import datetime as dt
import io
import statistics
import time

from django.db import connection, transaction
from django.http import QueryDict
from openpyxl import Workbook

from hazards.exporters import HazardLedgerExporter
from hazards.selectors import hazard_filter
from org.models import User

EXPORT_ROWS = 100_000


def _export_query() -> str:
    """ "Found since <date>" over the whole province, the date chosen so that about 100,000 hazards match."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT found_on FROM hazards_hazard ORDER BY found_on DESC OFFSET %s LIMIT 1", [EXPORT_ROWS])
        (day,) = cursor.fetchone()
    return f"found_from={(day + dt.timedelta(days=1)).isoformat()}"


def export() -> dict:
    """The ledger's own export: the ledger's filter, HazardLedgerExporter.write_xlsx (22 columns, styled header)."""
    leader = User.objects.get(username="scale_leader")
    queryset = hazard_filter(user=leader, data=QueryDict(_export_query())).qs
    began = time.perf_counter()
    data = HazardLedgerExporter().write_xlsx(queryset)
    seconds = time.perf_counter() - began
    return {"seconds": seconds, "rows": queryset.count(), "bytes": len(data)}


# The exporter's 22 columns, read straight from the tables with one joined SELECT.
FLOOR_SQL = """
SELECT t.name, v.name, h.place_name, h.credit_code, h.address, s.name, c.name, h.source, h.description, h.level,
       cr.standard || ' ' || cr.clause, h.found_on, h.responsible_unit, h.responsible_person, h.measures, h.deadline,
       h.status, CASE WHEN h.status <> 'closed' AND h.deadline < CURRENT_DATE THEN '是' ELSE '否' END, h.closed_on,
       h.supervision_level, h.rectification_note
FROM hazards_hazard h
JOIN org_orgunit t ON t.id = h.org_unit_id
LEFT JOIN org_orgunit v ON v.id = h.village_id
JOIN hazards_sector s ON s.id = h.sector_id
LEFT JOIN hazards_campaign c ON c.id = h.campaign_id
LEFT JOIN hazards_criterion cr ON cr.id = h.criterion_id
WHERE h.found_on >= %s
ORDER BY h.found_on DESC, h.id DESC
"""


def export_floor() -> dict:
    """The floor: the same rows and columns, streamed from a server-side cursor into a bare write-only workbook."""
    since = dt.date.fromisoformat(_export_query().split("=")[1])
    began = time.perf_counter()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("隐患台账")
    sheet.append(HazardLedgerExporter().headers)
    connection.ensure_connection()
    rows = 0
    with transaction.atomic(), connection.connection.cursor(name="bench_floor") as cursor:
        cursor.itersize = 2000
        cursor.execute(FLOOR_SQL, [since])
        for rows, row in enumerate(cursor, start=1):
            sheet.append([rows, *row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return {"seconds": time.perf_counter() - began, "rows": rows, "bytes": len(buffer.getvalue())}


def _render(report, rounds: int = 5) -> dict:  # noqa: ANN001
    """render_summary_pdf of the report against WeasyPrint alone on its finished HTML, after a warm-up of each.

    The two alternate, in turns ABBA, so that the host's drifting speed and what one leaves the garbage
    collector weigh on both alike; the ratio is the median of the rounds' ratios. The HTML is built once
    beforehand (timed on its own: the context's queries and the template)."""
    from django.conf import settings
    from django.template.loader import render_to_string
    from weasyprint import HTML

    from org.pdf import font_css
    from reports import services
    from reports.pdf import render_summary_pdf, summary_context

    scope = services.report_scope(report)
    builds = []
    for _ in range(3):
        began = time.perf_counter()
        html = render_to_string("reports/summary_pdf.html", {**summary_context(report, scope), "font_css": font_css()})
        builds.append(time.perf_counter() - began)

    def ours() -> bytes:
        return render_summary_pdf(report, scope)

    def floor() -> bytes:
        return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()

    ours(), floor()  # warm: fonts and WeasyPrint's caches
    runs: list[float] = []
    floors: list[float] = []
    for i in range(rounds):
        for fn, out in ((ours, runs), (floor, floors)) if i % 2 == 0 else ((floor, floors), (ours, runs)):
            began = time.perf_counter()
            data = fn()
            out.append(time.perf_counter() - began)
    pages = len(HTML(string=html, base_url=str(settings.BASE_DIR)).render().pages)
    return {
        "seconds": statistics.median(runs),
        "floor": statistics.median(floors),
        "ratio": statistics.median(r / f for r, f in zip(runs, floors, strict=True)),
        "html": statistics.median(builds),
        "pages": pages,
        "bytes": len(data),
        "runs": runs,
        "floors": floors,
    }


def year_report_args(clerk: User) -> dict:
    """report_create's arguments for the clerk's whole-scope report of the bench data's year (1 January–
    31 December), as the form fills them in: figures as of today when the year has not ended."""
    from django.utils import timezone

    today = timezone.localdate()
    year = today.year  # seed_scale's records run from 1 January last year to today
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    unit = clerk.org_unit
    assert unit is not None
    return {
        "acting_user": clerk,
        "scope": unit,
        "period_start": start,
        "period_end": end,
        "as_of": min(end, max(today, start)),
        "title": f"{unit.name}{year}年工作总结",
        "issuer": f"{unit.name}应急管理局",
        "signed_on": min(end, today),
    }


def pdf() -> dict:
    """The half-year summary of the clerk's city (200 townships in its appendix), and WeasyPrint alone on its HTML."""
    from reports import services
    from reports.models import SummaryReport

    clerk = User.objects.get(username="scale_clerk")
    city = clerk.org_unit
    assert city is not None
    year = dt.date.today().year  # noqa: DTZ011 - a calendar year for the report's period
    report = SummaryReport.objects.filter(
        scope=city, period_start=dt.date(year, 1, 1), period_end=dt.date(year, 6, 30)
    ).first()
    if report is None:
        report = services.report_create(
            acting_user=clerk,
            scope=city,
            period_start=dt.date(year, 1, 1),
            period_end=dt.date(year, 6, 30),
            as_of=dt.date(year, 6, 30),
            title=f"{city.name}{year}年上半年工作总结",
            issuer=f"{city.name}应急管理局",
            signed_on=dt.date(year, 7, 2),
        )
    return _render(report)


class _RolledBack(Exception):
    pass


def pdf_year() -> dict:
    """The clerk's whole-year summary (drafted as run.py's draft step drafts it, then rolled back)."""
    from reports import services

    clerk = User.objects.get(username="scale_clerk")
    result: dict = {}
    try:
        with transaction.atomic():
            result = _render(services.report_create(**year_report_args(clerk)))
            raise _RolledBack
    except _RolledBack:
        pass
    return result
