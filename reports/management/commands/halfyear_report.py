"""Draft a half-year summary and write its PDF and Excel annex from the command line."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from org.models import OrgUnit, Role, User
from org.periods import Period
from reports.exporters import write_annex
from reports.pdf import render_summary_pdf
from reports.services import report_create, report_scope


class Command(BaseCommand):
    help = "Draft the summary for a scope and half year, and write its PDF and/or Excel annex."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--scope", required=True, help="org unit code (city or district)")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--half", type=int, choices=[1, 2], default=1)
        parser.add_argument("--as-of", type=dt.date.fromisoformat, help="figures as of (default: end of period)")
        parser.add_argument("--pdf", type=Path)
        parser.add_argument("--xlsx", type=Path)
        parser.add_argument("--user", default="", help="drafting user (default: a clerk of the scope)")

    def handle(
        self,
        *args,
        scope: str,
        year: int,
        half: int,
        as_of: dt.date | None,
        pdf: Path | None,
        xlsx: Path | None,
        user: str,
        **options,
    ) -> None:
        unit = OrgUnit.objects.filter(code=scope).first()
        if unit is None:
            raise CommandError(f"no org unit with code {scope}")
        clerk = (
            User.objects.filter(username=user).first()
            if user
            else User.objects.filter(role__in=[Role.CLERK, Role.ADMIN], org_unit__path__in=unit.ancestor_paths)
            .order_by("role")
            .first()
        )
        if clerk is None:
            raise CommandError("no clerk or administrator can draft for this scope; pass --user")
        period = Period.half_year(year, half)
        issuer = f"{unit.name}应急管理局"
        report = report_create(
            acting_user=clerk,
            scope=unit,
            period_start=period.start,
            period_end=period.end,
            as_of=as_of or period.end,
            issuer=issuer,
            signed_on=as_of or period.end,
            title=f"{issuer}{year}年{'上' if half == 1 else '下'}半年工作总结",
        )
        scope_ = report_scope(report)
        if pdf:
            started = time.perf_counter()
            pdf.write_bytes(render_summary_pdf(report, scope_))
            self.stdout.write(f"{pdf} ({time.perf_counter() - started:.1f} s)")
        if xlsx:
            xlsx.write_bytes(write_annex(report, scope_))
            self.stdout.write(str(xlsx))
        self.stdout.write(f"report #{report.pk}: {report.title}")
