"""我的待办: what each role has to do today, counted as the lists behind the links count it.

Every line links to a list filtered to exactly its records (the ledger, the roster, the
inspections, the cases, the summaries) and its count is that list's count: the conditions
below are the list filters' own (hazards/filters.py, floodprep/filters.py,
enforcement/filters.py), and tests/org/test_todo.py follows every link to compare.
One aggregate query per kind of record, whatever the number of lines.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from enforcement.models import DECISION_LIMIT_DAYS, Case, Inspection, RectificationOrder
from floodprep.models import CheckIn, ResponsiblePerson
from floodprep.seasons import flood_season
from hazards.enterprise import enterprise_todo_lines
from hazards.filters import DUE_SOON
from hazards.models import Hazard
from org.models import Role, User
from org.permissions import roles_for
from reports.models import SummaryReport

# Roles that may report a hazard (org.permissions): the home page offers them "登记隐患".
REPORTERS = roles_for("hazards.write")


@dataclass(frozen=True)
class TodoLine:
    key: str
    label: str
    count: int
    url: str
    urgent: bool = False  # shown in red while it has records


@dataclass(frozen=True)
class Todo:
    lines: list[TodoLine]
    can_report: bool

    @property
    def total(self) -> int:
        return sum(line.count for line in self.lines)


def _url(name: str, **query: object) -> str:
    return f"{reverse(name)}?{urlencode(query)}"


def _hazard_lines(user: User, today: dt.date, keys: tuple[str, ...]) -> list[TodoLine]:
    is_open = ~Q(status=Hazard.Status.CLOSED)
    counts = Hazard.objects.visible_to(user).aggregate(
        to_assign=Count("pk", filter=Q(status=Hazard.Status.REPORTED)),
        overdue=Count("pk", filter=is_open & Q(deadline__lt=today)),
        due_soon=Count("pk", filter=is_open & Q(deadline__range=(today, today + DUE_SOON))),
        # Not their own rectifications: those someone else re-inspects (hazards.duties).
        to_reinspect=Count("pk", filter=Q(status=Hazard.Status.AWAITING_REVIEW) & ~Q(rectified_by=user)),
        mine=Count("pk", filter=is_open & Q(finder=user)),
        # The ledger's "under listed supervision": listed and not yet delisted.
        listed=Count("pk", filter=~Q(supervision_level="") & Q(delisted_on__isnull=True)),
    )
    lines = {
        "to_assign": TodoLine(
            "to_assign",
            _("Hazards to assign"),
            counts["to_assign"],
            _url("hazards:list", status=Hazard.Status.REPORTED),
        ),
        "overdue": TodoLine(
            "overdue",
            _("Overdue hazards"),
            counts["overdue"],
            _url("hazards:list", overdue="on", o="deadline"),
            urgent=True,
        ),
        "due_soon": TodoLine(
            "due_soon",
            _("Hazards due within 7 days"),
            counts["due_soon"],
            _url("hazards:list", due_soon="on", o="deadline"),
        ),
        "to_reinspect": TodoLine(
            "to_reinspect", _("Hazards to re-inspect"), counts["to_reinspect"], _url("hazards:list", to_reinspect="on")
        ),
        "mine": TodoLine(
            "mine", _("Hazards I found, not yet closed"), counts["mine"], _url("hazards:list", mine="on", open="on")
        ),
        "listed": TodoLine(
            "listed",
            _("Major hazards under listed supervision"),
            counts["listed"],
            _url("hazards:list", listed="on"),
            urgent=True,
        ),
    }
    return [lines[key] for key in keys]


def _flood_lines(user: User, today: dt.date) -> list[TodoLine]:
    """In the flood season: people on the roster who have not checked in since it began."""
    season = flood_season(today.year)
    if not season.start <= today <= season.end:
        return []
    checked = Exists(CheckIn.objects.filter(person=OuterRef("pk"), checked_on__range=(season.start, today)))
    count = ResponsiblePerson.objects.visible_to(user).filter(is_active=True).filter(~checked).count()
    url = _url("floodprep:persons", checked_in="no", start=season.start.isoformat(), end=today.isoformat())
    return [TodoLine("flood_checkins", _("Flood responsible persons not checked in this season"), count, url)]


def _officer_lines(user: User, today: dt.date) -> list[TodoLine]:
    awaiting = Q(order__status=RectificationOrder.Status.AWAITING)
    orders = (
        Inspection.objects.visible_to(user)
        .filter(officers=user)
        .aggregate(
            awaiting=Count("pk", filter=awaiting),
            late=Count("pk", filter=awaiting & Q(order__deadline__lt=today)),
        )
    )
    limit = today - dt.timedelta(days=DECISION_LIMIT_DAYS)
    cases = (
        Case.objects.visible_to(user)
        .filter(officers=user)
        .aggregate(
            open=Count("pk", filter=~Q(stage=Case.Stage.CLOSED)),
            late=Count("pk", filter=Q(stage__in=Case.UNDECIDED, filed_on__lt=limit)),
        )
    )
    me = user.pk
    return [
        TodoLine(
            "orders",
            _("Orders awaiting re-inspection"),
            orders["awaiting"],
            _url("enforcement:inspection_list", order=RectificationOrder.Status.AWAITING, officer=me),
        ),
        TodoLine(
            "orders_late",
            _("Orders past their deadline, not re-inspected"),
            orders["late"],
            _url("enforcement:inspection_list", order="overdue", officer=me),
            urgent=True,
        ),
        TodoLine("cases", _("My open cases"), cases["open"], _url("enforcement:case_list", open="on", officer=me)),
        TodoLine(
            "cases_late",
            _("My cases undecided after 90 days"),
            cases["late"],
            _url("enforcement:case_list", overdue="on", officer=me),
            urgent=True,
        ),
    ]


def _summary_line(user: User, status: str, label: str) -> TodoLine:
    count = SummaryReport.objects.visible_to(user).filter(status=status).count()
    return TodoLine(f"summaries_{status}", label, count, _url("reports:list", status=status))


def todo_for(*, user: User, today: dt.date) -> Todo:
    """The lines of the user's role, in the order of a working day."""
    role = user.role
    lines: list[TodoLine] = []
    if role == Role.TOWNSHIP_STAFF:
        lines = _hazard_lines(user, today, ("to_assign", "overdue", "due_soon", "to_reinspect", "mine"))
        lines += _flood_lines(user, today)
    elif role == Role.OFFICER:
        lines = _officer_lines(user, today) + _hazard_lines(user, today, ("to_reinspect",))
    elif role == Role.LEADER:
        lines = _hazard_lines(user, today, ("listed", "overdue"))
        lines.append(_summary_line(user, SummaryReport.Status.SUBMITTED, _("Summaries awaiting review")))
    elif role == Role.CLERK:
        lines = [_summary_line(user, SummaryReport.Status.DRAFT, _("Summaries in draft"))]
    elif role == Role.ENTERPRISE:
        # Their own enterprise's lines (hazards.enterprise), linking to their home page's lists.
        lines = [
            TodoLine(line.key, line.label, line.count, line.url, line.urgent)
            for line in enterprise_todo_lines(user=user, today=today)
        ]
    return Todo(lines=lines, can_report=role in REPORTERS)
