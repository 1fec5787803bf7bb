"""The measured work of bench/run.py that runs in a process of its own (``run.py --child <name>``).

Each returns a dict; run.py adds the process's peak RSS before and after.
"""

from __future__ import annotations

import datetime as dt
import io
import time

from django.db import connection, transaction
from django.http import QueryDict
from openpyxl import Workbook

from hazards.exporters import HazardLedgerExporter
from hazards.selectors import hazard_filter
from org.models import User

EXPORT_ROWS = 100_000


def _export_query() -> str:
    """"Found since <date>" over the whole province, the date chosen so that about 100,000 hazards match."""
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


def pdf() -> dict:
    """The half-year summary of the clerk's city (200 townships in its appendix), and WeasyPrint alone on its HTML."""
    from django.conf import settings
    from django.template.loader import render_to_string
    from weasyprint import HTML

    from org.pdf import font_css
    from reports import services
    from reports.models import SummaryReport
    from reports.pdf import render_summary_pdf, summary_context

    clerk = User.objects.get(username="scale_clerk")
    year = dt.date.today().year  # noqa: DTZ011 - a calendar year for the report's period
    report = SummaryReport.objects.filter(scope=clerk.org_unit, period_start=dt.date(year, 1, 1)).first()
    if report is None:
        report = services.report_create(
            acting_user=clerk, scope=clerk.org_unit, period_start=dt.date(year, 1, 1),
            period_end=dt.date(year, 6, 30), as_of=dt.date(year, 6, 30),
            title=f"{clerk.org_unit.name}{year}年上半年工作总结",
            issuer=f"{clerk.org_unit.name}应急管理局", signed_on=dt.date(year, 7, 2),
        )
    scope = services.report_scope(report)
    render_summary_pdf(report, scope)  # warm: fonts and WeasyPrint's caches
    runs, floors, builds = [], [], []
    for _ in range(3):
        began = time.perf_counter()
        data = render_summary_pdf(report, scope)
        runs.append(time.perf_counter() - began)
        began = time.perf_counter()
        html = render_to_string("reports/summary_pdf.html", {**summary_context(report, scope), "font_css": font_css()})
        builds.append(time.perf_counter() - began)
        began = time.perf_counter()
        document = HTML(string=html, base_url=str(settings.BASE_DIR)).render()
        document.write_pdf()
        floors.append(time.perf_counter() - began)
    return {"seconds": sorted(runs)[1], "floor": sorted(floors)[1], "html": sorted(builds)[1],
            "pages": len(document.pages), "bytes": len(data)}
