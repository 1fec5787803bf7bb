"""A hazard import writes every row or none: when the database refuses the file's last row, the rows before it,
inserted already in the same transaction, are gone too (issue 20)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from hazards import importers
from hazards.models import Hazard
from hazards.urls import IMPORT_SITE
from org.models import ExportJob
from tests.factories.hazards import sector
from tests.hazards.test_import import _row, _xlsx

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("township_a", "village_a", "fire_sector")]


@pytest.fixture
def fire_sector() -> None:
    """The rows' 行业领域. Sectors come from a data migration, which an earlier transactional test may have
    flushed: without it every row is refused at that cell and nothing reaches the INSERT."""
    sector("消防")


@pytest.fixture
def last_row_refused(monkeypatch) -> None:
    """The last hazard reaches the INSERT with a deadline before its date found, which the database's own
    constraint (hazard_deadline_after_found) refuses: a failure the dry run could not have seen."""
    link_all = importers.link_all

    def break_the_last(hazards, user) -> None:
        link_all(hazards, user)
        hazards[-1].deadline = hazards[-1].found_on - dt.timedelta(days=1)

    monkeypatch.setattr(importers, "link_all", break_the_last)


def _rows(n: int) -> list[dict]:
    return [_row(**{"场所/企业名称": f"商铺{i}"}) for i in range(n)]


@pytest.mark.usefixtures("last_row_refused")
def test_a_failure_on_the_last_row_of_a_small_file_leaves_no_row_written(staff_a_client):
    preview = staff_a_client.post(reverse("hazards:import"), {"file": _xlsx(_rows(3))})
    assert preview.context["result"].to_create == 3  # the check passed every row

    page = staff_a_client.post(reverse("hazards:import_confirm"), {"token": preview.context["token"]}, follow=True)

    assert (page.redirect_chain[-1][0], "请重新上传" in page.content.decode()) == (reverse("hazards:import"), True)
    assert not Hazard.objects.exists()


@pytest.mark.django_db(transaction=True)  # real commits: nothing of the file may be committed
@pytest.mark.usefixtures("last_row_refused")
def test_a_failure_on_the_last_row_of_a_long_file_leaves_no_row_written(staff_a_client):
    # More rows than one INSERT carries (org.imports.CHUNK): the first INSERT has gone through when the last fails.
    rows = IMPORT_SITE.sync_rows + 250
    preview = staff_a_client.post(reverse("hazards:import"), {"file": _xlsx(_rows(rows))})
    assert preview.context["token"], [e.message for e in preview.context["result"].errors][:3]

    staff_a_client.post(reverse("hazards:import_confirm"), {"token": preview.context["token"]})

    job = ExportJob.objects.get(kind=importers.HAZARDS.job_kind)
    assert (job.status, Hazard.objects.count()) == (ExportJob.Status.FAILED, 0)
