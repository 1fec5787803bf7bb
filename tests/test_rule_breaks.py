"""Rules that once broke without any test noticing (issue 20), each checked where a user sees it.

- percentages round half up at one decimal (6.25% → 6.3%, 0.05% → 0.1%), never half-even;
- 万元 round half up at two decimals (50 元 = 0.005 万元 → 0.01), never truncated;
- an import is all or nothing even when the write fails after its records were inserted;
- "overdue" starts the day after the deadline, not on it (hazard page, case page);
- every dashboard card renders its formatted figure (tests/reports/test_rendered_cards.py).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from hazards.models import Hazard
from org.models import AuditEntry
from org.periods import format_rate, rate, yuan_to_wan
from responsibility.models import Accident
from tests.factories.enforcement import CaseFactory
from tests.factories.hazards import HazardFactory
from tests.reports.dashboard_records import HALF

pytestmark = pytest.mark.django_db


# --- Rounding ties ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("part", "whole", "shown"),
    [
        (1, 16, "6.3%"),  # 6.25: half-even would print 6.2%
        (1, 2000, "0.1%"),  # 0.05: half-even would print 0%
        (3, 16, "18.8%"),  # 18.75: both agree; the pair shows the rule is not "round up"
        (1, 3, "33.3%"),
    ],
)
def test_rates_round_half_up_at_one_decimal(part, whole, shown):
    assert format_rate(rate(part, whole)) == shown


@pytest.mark.parametrize(
    ("yuan", "shown"),
    [
        (Decimal("50"), "0.01"),  # 0.005 万元: truncation would print 0
        (Decimal("5"), "0"),  # 0.0005 万元 is below the second decimal
        (Decimal("150"), "0.02"),  # 0.015: half-even would print 0.02 too, 0.025 below would not
        (Decimal("250"), "0.03"),  # 0.025: half-even would print 0.02
        (Decimal("265849.99"), "26.58"),
    ],
)
def test_wan_rounds_half_up_at_two_decimals(yuan, shown):
    assert yuan_to_wan(yuan) == shown


def test_a_fine_of_250_yuan_reads_0_03_wan_on_the_dashboard(leader_client, township_a):
    CaseFactory.create(
        org_unit=township_a, filed_on=dt.date(2026, 3, 12), decided_on=dt.date(2026, 4, 1), fine_yuan=Decimal("250")
    )
    page = leader_client.get(reverse("reports:dashboard") + HALF).content.decode()
    assert _cards(page)["fines_wan"] == "0.03"


# --- An import is all or nothing -------------------------------------------------------------------------------


def _fail_the_audit_insert(monkeypatch) -> None:
    """The audit insert after the records' own insert fails, as a full disk or a lost connection would."""

    def boom(*args, **kwargs):
        raise RuntimeError("injected failure after the records were inserted")

    monkeypatch.setattr(AuditEntry.objects, "bulk_create", boom)


def test_a_hazard_import_that_fails_midway_leaves_no_hazard(
    staff_a_client, township_a, village_a, township_b, village_b, monkeypatch
):
    from tests.hazards.test_import import _confirm, _good_rows, _upload

    preview = _upload(staff_a_client, _good_rows())
    assert preview.context["result"].to_create == 3
    _fail_the_audit_insert(monkeypatch)
    with contextlib.suppress(RuntimeError):  # run in-process, the task's failure may reach the test client
        _confirm(staff_a_client, preview)
    assert not Hazard.objects.exists()


def test_an_accident_import_that_fails_midway_leaves_no_accident(staff_a_client, township_a, monkeypatch):
    from tests.responsibility.test_imports import _rows, _xlsx

    preview = staff_a_client.post(
        reverse("responsibility:accident_import"), {"file": _xlsx("accident", _rows("accident", 3))}
    )
    assert preview.status_code == 200
    _fail_the_audit_insert(monkeypatch)
    with contextlib.suppress(RuntimeError):
        staff_a_client.post(reverse("responsibility:accident_import_confirm"), {"token": preview.context["token"]})
    assert not Accident.objects.exists()


# --- Overdue starts the day after the deadline -----------------------------------------------------------------


def _badges(html: str) -> list[str]:
    return [
        unescape(re.sub(r"<[^>]+>", "", b)).strip()
        for b in re.findall(r'<span class="badge text-bg-danger">(.*?)</span>', html, re.S)
    ]


@pytest.mark.parametrize(("days", "overdue"), [(0, False), (1, True)])
def test_a_hazard_is_shown_overdue_only_after_its_deadline(staff_a_client, township_a, days, overdue):
    today = timezone.localdate()
    hazard = HazardFactory.create(
        org_unit=township_a,
        status=Hazard.Status.RECTIFYING,
        found_on=today - dt.timedelta(30),
        deadline=today - dt.timedelta(days),
        responsible_unit="某公司",
    )
    page = staff_a_client.get(reverse("hazards:detail", args=[hazard.pk])).content.decode()
    assert ("超期" in _badges(page)) is overdue


@pytest.mark.parametrize(("days", "overdue"), [(0, False), (1, True)])
def test_a_case_is_shown_overdue_only_after_its_decision_is_due(officer_client, township_a, days, overdue):
    # A decision is due 90 days after filing (DECISION_LIMIT_DAYS).
    filed = timezone.localdate() - dt.timedelta(days=90 + days)
    case = CaseFactory.create(org_unit=township_a, filed_on=filed)
    page = officer_client.get(reverse("enforcement:case_detail", args=[case.pk])).content.decode()
    due_badge = re.search(r'<span class="badge ([^"]*)">决定期限', page)
    assert due_badge is not None
    assert ("text-bg-danger" in due_badge.group(1)) is overdue


def _cards(html: str) -> dict[str, str]:
    """data-kpi → the text of its .kpi-value, as the reader sees it."""
    found = re.findall(r'data-kpi="([^"]+)".*?<div class="kpi-value[^"]*">(.*?)</div>', html, re.S)
    return {key: unescape(value).strip() for key, value in found}
