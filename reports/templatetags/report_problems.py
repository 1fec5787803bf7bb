"""The suggestions for 二、存在的主要问题 on a report's page, without touching the detail view."""

from __future__ import annotations

from dataclasses import dataclass

from django import template

from reports.models import SummaryReport
from reports.problems import ProblemSuggestion, problem_suggestions
from reports.services import report_scope

register = template.Library()


@dataclass(frozen=True)
class ShownSuggestion:
    suggestion: ProblemSuggestion
    accepted: bool  # its text is already in the report's problems


@register.simple_tag
def report_problem_suggestions(report: SummaryReport) -> list[ShownSuggestion]:
    return [ShownSuggestion(s, s.text in report.problems) for s in problem_suggestions(report_scope(report))]
