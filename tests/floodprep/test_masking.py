"""Mobile numbers: full for those who must call (leaders, township staff, administrators), masked for the rest,
on every page and in the Excel export."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from floodprep.phones import mask_mobile
from org.models import ExportJob
from tests.factories.floodprep import ResponsiblePersonFactory, RiskPointFactory

pytestmark = pytest.mark.django_db

FULL, MASKED = "13812345678", "138****5678"
SEES_FULL = ["leader_client", "staff_a_client"]
SEES_MASKED = ["clerk_client", "officer_client"]


@pytest.fixture
def person(village_a):
    return ResponsiblePersonFactory.create(org_unit=village_a, name="张和平", mobile=FULL)


def test_mask_keeps_the_first_three_and_last_four_digits():
    assert mask_mobile(FULL) == MASKED


@pytest.mark.parametrize("short", ["", "12", "12345"])
def test_mask_never_shows_a_short_number_whole(short):
    assert mask_mobile(short) in ("", "12", "***45")


@pytest.mark.parametrize("client_name", SEES_FULL)
@pytest.mark.usefixtures("person")
def test_callers_see_the_full_number_in_the_roster(request, client_name):
    content = request.getfixturevalue(client_name).get(reverse("floodprep:persons")).content.decode()
    assert f'href="tel:{FULL}"' in content


@pytest.mark.parametrize("client_name", SEES_MASKED)
@pytest.mark.usefixtures("person")
def test_others_see_a_masked_number_in_the_roster(request, client_name):
    content = request.getfixturevalue(client_name).get(reverse("floodprep:persons")).content.decode()
    assert MASKED in content
    assert FULL not in content


@pytest.mark.parametrize("client_name", SEES_MASKED)
def test_others_see_a_masked_number_on_the_persons_page(request, client_name, person):
    content = request.getfixturevalue(client_name).get(reverse("floodprep:person", args=[person.pk])).content
    assert FULL not in content.decode()


def test_risk_point_page_masks_its_persons_numbers_for_a_clerk(clerk_client, person, village_a):
    point = RiskPointFactory.create(org_unit=village_a)
    point.responsible_persons.add(person)
    assert FULL not in clerk_client.get(reverse("floodprep:risk_point", args=[point.pk])).content.decode()


def _export(client: Client, capture) -> Worksheet:
    with capture(execute=True):
        response = client.post(reverse("floodprep:persons_export"))
    job = client.get(response["Location"]).context["job"]
    assert job.status == ExportJob.Status.DONE
    download = client.get(reverse("org:export_job_download", args=[job.pk]))
    sheet = load_workbook(io.BytesIO(download.getvalue())).active
    assert isinstance(sheet, Worksheet)
    return sheet


@pytest.mark.usefixtures("person")
def test_clerks_export_has_masked_numbers(clerk_client, django_capture_on_commit_callbacks):
    sheet = _export(clerk_client, django_capture_on_commit_callbacks)
    assert [row[5] for row in sheet.iter_rows(min_row=2, values_only=True)] == [MASKED]


@pytest.mark.usefixtures("person")
def test_township_staff_export_has_full_numbers_and_reads_back_in(staff_a_client, django_capture_on_commit_callbacks):
    sheet = _export(staff_a_client, django_capture_on_commit_callbacks)
    assert list(sheet.iter_rows(min_row=2, max_col=6, values_only=True)) == [
        ("城关街道", "和平社区", "村级", "村（社区）书记", "张和平", FULL)
    ]


def test_export_writes_formula_like_text_as_text(staff_a_client, village_a, django_capture_on_commit_callbacks):
    ResponsiblePersonFactory.create(org_unit=village_a, post='=HYPERLINK("http://x.example","点我")', note="+1")
    sheet = _export(staff_a_client, django_capture_on_commit_callbacks)
    post, note = sheet["D2"], sheet["H2"]
    assert (post.data_type, post.value) == ("s", '=HYPERLINK("http://x.example","点我")')
    assert (note.data_type, note.value) == ("s", "+1")


def test_export_leaves_out_other_townships(staff_b_client, person, village_b, django_capture_on_commit_callbacks):
    ResponsiblePersonFactory.create(org_unit=village_b, name="刘新华")
    sheet = _export(staff_b_client, django_capture_on_commit_callbacks)
    assert [row[4] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["刘新华"]
