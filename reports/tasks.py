from __future__ import annotations

from collections.abc import Callable
from io import BytesIO

from celery import shared_task
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from pypdf import PdfReader

from org.models import ExportJob
from org.services import export_job_run
from reports.docx import render_summary_docx
from reports.exporters import write_annex
from reports.models import SummaryReport
from reports.pdf import render_summary_pdf
from reports.services import report_scope


def _produce(job: ExportJob, progress: Callable[[int, int], None]) -> tuple[bytes, str]:
    # Re-enter the requesting user's scope: the report must still be theirs to see.
    report = SummaryReport.objects.visible_to(job.owner).select_related("scope").get(pk=job.params["report"])
    scope = report_scope(report)
    progress(0, 1)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    # What the export page says it made: a document's pages or a workbook's sheets, never "rows".
    with translation.override("zh-hans"):
        if job.kind == "reports.pdf":
            content, name = render_summary_pdf(report, scope), f"{report.title}-{stamp}.pdf"
            job.summary = _("PDF, %(n)s pages") % {"n": len(PdfReader(BytesIO(content)).pages)}
        elif job.kind == "reports.docx":
            content, name = render_summary_docx(report, scope), f"{report.title}-{stamp}.docx"
            job.summary = _("Word file of version %(n)s") % {"n": report.version}
        else:
            content, name = write_annex(report, scope), f"{report.title}-附表-{stamp}.xlsx"
            job.summary = _("Excel workbook, %(n)s sheets") % {
                "n": len(load_workbook(BytesIO(content), read_only=True).sheetnames)
            }
    progress(1, 1)
    return content, name


@shared_task(acks_late=True, ignore_result=True, time_limit=600, soft_time_limit=540)
def render_report_file_task(job_id: int) -> int:
    """Render a summary's PDF, Word file or Excel annex for an ExportJob; idempotent per job."""
    return export_job_run(job_id=job_id, produce=_produce).pk
