from __future__ import annotations

from django.db.models import QuerySet

from org.models import ExportJob, OrgUnit, User
from reports.models import SummaryReport


def report_list(*, user: User) -> QuerySet[SummaryReport]:
    return SummaryReport.objects.visible_to(user).select_related("scope", "created_by", "approved_by")


def report_scopes(*, user: User) -> QuerySet[OrgUnit]:
    """A summary covers a city or a district."""
    return OrgUnit.objects.visible_to(user).filter(kind__in=[OrgUnit.Kind.CITY, OrgUnit.Kind.DISTRICT])


def report_files(*, report: SummaryReport) -> QuerySet[ExportJob]:
    """Every PDF and annex produced for a report, with who made it and when."""
    return ExportJob.objects.filter(kind__startswith="reports.", params__report=report.pk).select_related("owner")


def previous_report(*, report: SummaryReport) -> SummaryReport | None:
    return (
        SummaryReport.objects.filter(scope=report.scope, period_end__lt=report.period_start)
        .order_by("-period_end")
        .first()
    )
