"""Link the records entered before the register to their enterprises, and say what could not be linked."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from enterprises.linking import match_all


class Command(BaseCommand):
    help = "Link hazards, inspections, cases, accidents and interviews to the enterprise register by code or name."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count only; change nothing.")
        parser.add_argument("--show", type=int, default=20, help="Unmatched names to list per kind.")

    def handle(self, *args, dry_run: bool = False, show: int = 20, **options) -> None:
        for report in match_all(dry_run=dry_run):
            label = report.kind.label or report.kind.model._meta.verbose_name
            unmatched = report.unmatched or {}
            self.stdout.write(
                f"{label}：新关联 {report.linked} 条，已关联 {report.already} 条，"
                f"未能匹配 {sum(unmatched.values())} 条（{len(unmatched)} 个名称）"
            )
            for name, count in sorted(unmatched.items(), key=lambda item: -item[1])[:show]:
                self.stdout.write(f"    {name}：{count} 条")
