"""A clerk drafts a summary for a whole year, a quarter, the year to date or free dates, and the
annex names the period its figures count."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reports import forms as report_forms
from reports.exporters import write_annex
from reports.models import SummaryReport
from reports.services import report_scope

pytestmark = pytest.mark.django_db

YEAR_SPAN = "2026年1月1日至12月31日"


def create(client, city, **fields):
    data = {"scope": city.pk, "year": 2026, "signed_on": "2027-01-05", **fields}
    response = client.post(reverse("reports:create"), data)
    assert response.status_code == 302, response.context["form"].errors
    return SummaryReport.objects.get()


def span(report):
    return report.period_start.isoformat(), report.period_end.isoformat()


def test_whole_year_report_covers_the_calendar_year_and_is_titled_as_a_year(clerk_client, city):
    report = create(clerk_client, city, kind="year", half=1, as_of="2027-01-05")

    assert span(report) == ("2026-01-01", "2026-12-31")
    assert report.title == "临江市应急管理局2026年工作总结"


def test_quarter_report_covers_its_three_months(clerk_client, city):
    report = create(clerk_client, city, kind="quarter", quarter=3, as_of="2026-10-08")

    assert span(report) == ("2026-07-01", "2026-09-30")
    assert report.title == "临江市应急管理局2026年第三季度工作总结"


def test_year_to_date_report_runs_to_the_figures_date(clerk_client, city):
    report = create(clerk_client, city, kind="ytd", as_of="2026-09-30")

    assert span(report) == ("2026-01-01", "2026-09-30")
    assert report.title == "临江市应急管理局2026年1—9月工作总结"


def test_free_dates_get_the_plain_year_title(clerk_client, city):
    report = create(
        clerk_client, city, kind="custom", period_start="2026-03-01", period_end="2026-08-20", as_of="2026-08-20"
    )

    assert span(report) == ("2026-03-01", "2026-08-20")
    assert report.title == "临江市应急管理局2026年工作总结"


def test_a_finished_year_counts_to_new_years_eve_when_no_figures_date_is_given(clerk_client, city, monkeypatch):
    monkeypatch.setattr(report_forms.timezone, "localdate", lambda: dt.date(2027, 1, 10))

    report = create(clerk_client, city, kind="year")

    assert report.as_of == dt.date(2026, 12, 31)


def test_a_running_year_counts_to_today_when_no_figures_date_is_given(clerk_client, city, monkeypatch):
    monkeypatch.setattr(report_forms.timezone, "localdate", lambda: dt.date(2026, 9, 15))

    report = create(clerk_client, city, kind="year")

    assert report.as_of == dt.date(2026, 9, 15)


def test_a_quarter_needs_its_number(clerk_client, city):
    response = clerk_client.post(
        reverse("reports:create"),
        {
            "scope": city.pk,
            "kind": "quarter",
            "year": 2026,
            "as_of": "2026-10-08",
            "signed_on": "2026-10-08",
        },
    )

    assert "quarter" in response.context["form"].errors
    assert not SummaryReport.objects.exists()


def test_the_form_speaks_chinese_only(clerk_client):
    page = clerk_client.get(reverse("reports:create")).content.decode()

    assert "第三季度" in page
    assert not [
        word for word in ("Whole year", "Quarter", "Year to date", "Custom dates", "Leave empty") if word in page
    ]


def _annex(report):
    return load_workbook(BytesIO(write_annex(report, report_scope(report))))


def _cover_period(wb):
    return next(row[1] for row in wb["封面"].iter_rows(values_only=True) if row[0] == "统计期间")


def test_year_report_annex_names_the_whole_year_on_cover_and_every_table(clerk_client, city, half_year):
    wb = _annex(create(clerk_client, city, kind="year", as_of="2027-01-05"))

    assert _cover_period(wb) == YEAR_SPAN
    assert wb["隐患-按镇街"]["A1"].value == f"隐患排查治理情况（按镇街）（{YEAR_SPAN}）"
    assert [name for name in wb.sheetnames[1:] if not wb[name]["A1"].value.endswith(f"（{YEAR_SPAN}）")] == []


def test_year_report_annex_counts_the_whole_year_in_its_totals(clerk_client, city, half_year):
    wb = _annex(create(clerk_client, city, kind="year", as_of="2027-01-05"))

    rows = list(wb["隐患-按镇街"].iter_rows(min_row=3, values_only=True))
    assert rows[-1][:2] == ("合计", 7)  # the half_year fixture's six plus the one found on 5 July


def test_annex_of_a_year_drafted_in_september_names_the_cut_period(clerk_client, city):
    wb = _annex(create(clerk_client, city, kind="year", as_of="2026-09-15"))

    assert _cover_period(wb) == "2026年1月1日至9月15日"
