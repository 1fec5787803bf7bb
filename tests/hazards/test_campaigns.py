"""Special campaigns kept in the portal (issue 15): the list, the leader's create and edit pages, the dates.

The hand-counted campaign “有限空间专项整治” (1 March – 31 May 2026):
- 城关街道 found 2 hazards under it (10 March, 20 May) and 青山镇 1 (5 April) → 3 hazards city-wide;
- one enforcement inspection in 城关街道 (15 March) and one case in 青山镇 (filed 1 April) under it;
- so 城关街道's own staff see 2 hazards, 0 inspections counted outside their township, 0 cases.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from hazards.campaigns import campaign_list
from hazards.models import Campaign
from org.audit import AuditEntry
from tests.factories.enforcement import CaseFactory, InspectionFactory
from tests.factories.hazards import CampaignFactory, HazardFactory, sector

pytestmark = pytest.mark.django_db

d = dt.date


@pytest.fixture
def confined(township_a, township_b):
    campaign = CampaignFactory.create(name="有限空间专项整治", start=d(2026, 3, 1), end=d(2026, 5, 31))
    for unit, day in ((township_a, d(2026, 3, 10)), (township_a, d(2026, 5, 20)), (township_b, d(2026, 4, 5))):
        HazardFactory.create(org_unit=unit, campaign=campaign, found_on=day)
    InspectionFactory.create(org_unit=township_a, campaign=campaign, inspected_on=d(2026, 3, 15))
    CaseFactory.create(org_unit=township_b, campaign=campaign, filed_on=d(2026, 4, 1))
    return campaign


def _form(campaign_name: str, start: str, end: str, *sectors: int) -> dict:
    return {"name": campaign_name, "start": start, "end": end, "sectors": [str(s) for s in sectors], "description": ""}


def test_a_leader_creates_a_campaign_and_the_list_shows_it(leader_client):
    fire = sector("消防")
    response = leader_client.post(
        reverse("hazards:campaign_create"), _form("消防安全集中除患攻坚", "2026-04-01", "2026-09-30", fire.pk)
    )
    page = leader_client.get(reverse("hazards:campaign_list")).content.decode()

    assert response.status_code == 302
    assert "消防安全集中除患攻坚" in page
    assert "2026-04-01" in page
    assert AuditEntry.objects.filter(action="hazards.campaign.created").count() == 1


def test_a_leader_edits_a_campaign_within_its_records(leader_client, confined):
    """Records run from 10 March to 20 May: 1 March – 30 June still holds them all."""
    response = leader_client.post(
        reverse("hazards:campaign_edit", args=[confined.pk]), _form("有限空间作业专项整治", "2026-03-01", "2026-06-30")
    )
    confined.refresh_from_db()

    assert response.status_code == 302
    assert (confined.name, confined.end) == ("有限空间作业专项整治", d(2026, 6, 30))
    assert AuditEntry.objects.get(action="hazards.campaign.updated").data["fields"] == ["end", "name"]


def test_a_clerk_may_not_open_the_create_page(clerk_client):
    assert clerk_client.get(reverse("hazards:campaign_create")).status_code == 403


def test_township_staff_read_the_list_but_get_no_edit_link(staff_a_client, confined):
    page = staff_a_client.get(reverse("hazards:campaign_list")).content.decode()

    assert "有限空间专项整治" in page
    assert reverse("hazards:campaign_edit", args=[confined.pk]) not in page


def test_narrowing_past_the_records_is_refused_with_the_reason(leader_client, confined):
    """15 March – 30 April leaves out the hazards of 10 March and 20 May (2); the 5 April hazard, the
    15 March inspection and the 1 April case stay inside. Earliest outside 10 March, latest 20 May."""
    response = leader_client.post(
        reverse("hazards:campaign_edit", args=[confined.pk]), _form("有限空间专项整治", "2026-03-15", "2026-04-30")
    )
    confined.refresh_from_db()

    assert "隐患2处的日期在新的起止日期之外（最早为2026-03-10，最晚为2026-05-20）" in response.content.decode()
    assert (confined.start, confined.end) == (d(2026, 3, 1), d(2026, 5, 31))


def test_the_refusal_counts_inspections_and_cases_too(leader_client, confined):
    """From 2 April: the hazard of 10 March, the inspection of 15 March and the case of 1 April fall out."""
    response = leader_client.post(
        reverse("hazards:campaign_edit", args=[confined.pk]), _form("有限空间专项整治", "2026-04-02", "2026-05-31")
    )

    assert "隐患1处、执法检查1家次、立案1起" in response.content.decode()


def test_an_end_before_the_start_is_refused(leader_client):
    response = leader_client.post(reverse("hazards:campaign_create"), _form("倒序行动", "2026-05-01", "2026-04-01"))

    assert "结束日期不能早于开始日期" in response.content.decode()
    assert not Campaign.objects.filter(name="倒序行动").exists()


def test_the_list_counts_records_within_the_viewers_area(confined, township_a_staff, city_leader):
    """City-wide 3 hazards, 1 inspection, 1 case; 城关街道 sees its own 2 hazards and 1 inspection, no case."""
    city = campaign_list(user=city_leader)[0]
    own = campaign_list(user=township_a_staff)[0]

    assert (city.hazards, city.inspections, city.cases) == (3, 1, 1)
    assert (own.hazards, own.inspections, own.cases) == (2, 1, 0)


def test_the_list_page_takes_a_fixed_number_of_queries(leader_client, confined, django_assert_num_queries):
    """Session and user (2), campaigns, their sectors, hazards, inspections, cases (5), whatever the campaigns."""
    for n in range(5):
        CampaignFactory.create(name=f"专项行动{n}号")
    with django_assert_num_queries(7):
        assert leader_client.get(reverse("hazards:campaign_list")).status_code == 200
