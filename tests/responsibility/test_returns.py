"""Department returns (issue 15): filled in and submitted by their unit, sent back with a reason or accepted by
the bureau, locked once accepted; a period's page says who is late. Fixtures: tests/responsibility/returns_world.py.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from org.models import AuditEntry
from responsibility.models import Return
from responsibility.services import returns as services
from tests.responsibility import returns_world
from tests.responsibility.returns_world import DUE, accept, fill, submit

pytestmark = pytest.mark.django_db

# The shared fixtures (tests/responsibility/returns_world.py), bound here by name for pytest to find.
fire_brigade = returns_world.fire_brigade
fire_staff = returns_world.fire_staff
first_half = returns_world.first_half
housing_bureau = returns_world.housing_bureau
housing_staff = returns_world.housing_staff
indicators = returns_world.indicators
S = Return.Status


def test_a_return_goes_from_draft_through_a_send_back_to_accepted(fire_staff, clerk, first_half, indicators):
    """849 checks, then corrected to 850 after the bureau sent it back; six audit entries, version 6."""
    ret = fill(fire_staff, first_half, indicators, fire_checks="849", fire_hazards="1116")
    submit(fire_staff, ret)
    ret.refresh_from_db()
    services.return_send_back(acting_user=clerk, ret=ret, version=ret.version, reason="检查单位数与台账不一致")
    ret.refresh_from_db()
    reason = ret.sent_back_reason
    services.return_update(
        acting_user=fire_staff, ret=ret, version=ret.version, values={indicators["fire_checks"]: Decimal("850")}
    )
    submit(fire_staff, ret)
    accept(clerk, ret)
    ret.refresh_from_db()

    assert (ret.status, ret.version, reason) == (S.ACCEPTED, 6, "检查单位数与台账不一致")
    assert [
        e.action.rsplit(".", 1)[1]
        for e in AuditEntry.objects.filter(target_id=ret.pk).order_by("pk")
        if e.action.startswith("responsibility.return.")
    ] == ["created", "submitted", "sent_back", "updated", "submitted", "accepted"]
    assert {v.indicator.code: v.value for v in ret.values.all()} == {"fire_checks": 850, "fire_hazards": 1116}


def test_an_accepted_return_is_locked_and_says_so_in_chinese(fire_staff, clerk, first_half, indicators):
    ret = accept(clerk, submit(fire_staff, fill(fire_staff, first_half, indicators, fire_checks="849")))

    with pytest.raises(ValidationError) as refused:
        services.return_update(
            acting_user=fire_staff, ret=ret, version=ret.version, values={indicators["fire_checks"]: Decimal("900")}
        )

    assert refused.value.messages[0] == "该报表已采用并锁定，不能修改。"
    assert ret.values.get().value == 849


def test_the_edit_page_of_an_accepted_return_refuses_the_save(fire_staff, clerk, first_half, indicators, client_for):
    ret = accept(clerk, submit(fire_staff, fill(fire_staff, first_half, indicators, fire_checks="849")))
    field = f"value_{indicators['fire_checks'].pk}"

    response = client_for(fire_staff).post(
        reverse("responsibility:return_edit", args=[ret.pk]), {field: "900", "version": ret.version}
    )

    assert "已采用" in response.content.decode()
    assert ret.values.get().value == 849


def test_sending_back_needs_a_reason(fire_staff, clerk, first_half, indicators):
    ret = submit(fire_staff, fill(fire_staff, first_half, indicators, fire_checks="849"))

    with pytest.raises(ValidationError):
        services.return_send_back(acting_user=clerk, ret=ret, version=ret.version, reason="  ")
    ret.refresh_from_db()
    assert ret.status == S.SUBMITTED


def test_a_department_cannot_review_its_own_return(fire_staff, first_half, indicators):
    ret = submit(fire_staff, fill(fire_staff, first_half, indicators, fire_checks="849"))

    with pytest.raises(PermissionDenied):
        services.return_accept(acting_user=fire_staff, ret=ret, version=ret.version)


def test_only_the_reporting_unit_submits_its_return(fire_staff, clerk, first_half, indicators):
    ret = fill(fire_staff, first_half, indicators, fire_checks="849")

    with pytest.raises(PermissionDenied):
        services.return_submit(acting_user=clerk, ret=ret, version=ret.version)


def test_a_stale_form_is_refused(fire_staff, first_half, indicators):
    ret = fill(fire_staff, first_half, indicators, fire_checks="849")
    opened = ret.version
    services.return_update(
        acting_user=fire_staff, ret=ret, version=opened, values={indicators["fire_checks"]: Decimal("850")}
    )

    with pytest.raises(ValidationError):
        services.return_update(
            acting_user=fire_staff, ret=ret, version=opened, values={indicators["fire_checks"]: Decimal("851")}
        )


def test_a_department_is_not_asked_a_townships_indicator(fire_staff, first_half, indicators):
    with pytest.raises(ValidationError):
        fill(fire_staff, first_half, indicators, grid_members="120")


def test_the_department_fills_in_and_submits_through_its_pages(fire_staff, first_half, indicators, client_for):
    client = client_for(fire_staff)
    url = reverse("responsibility:return_create") + f"?period={first_half.pk}"
    client.post(url, {f"value_{indicators['fire_checks'].pk}": "849", f"value_{indicators['fire_fines'].pk}": "26.58"})
    ret = Return.objects.get()

    client.post(reverse("responsibility:return_submit", args=[ret.pk]), {"version": ret.version})
    ret.refresh_from_db()

    assert ret.status == S.SUBMITTED
    assert {v.indicator.code: v.value for v in ret.values.all()} == {"fire_checks": 849, "fire_fines": Decimal("26.58")}


def test_a_late_department_shows_as_late_on_the_period_page(
    fire_staff, housing_bureau, first_half, indicators, township_a, leader_client
):
    """Due 10 July; today is after it. 区消防救援大队 submitted on 8 July: on time. 区住建局 never submitted: late.
    城关街道 is asked (grid_members) and is late too: 3 asked, 1 submitted, 2 late."""
    submit(fire_staff, fill(fire_staff, first_half, indicators, fire_checks="849"), today=dt.date(2026, 7, 8))

    html = leader_client.get(reverse("responsibility:period_detail", args=[first_half.pk])).content.decode()
    housing = html.split('data-unit="DAHOUSE"')[1].split("</tr>")[0]
    fire = html.split('data-unit="DAFIRE"')[1].split("</tr>")[0]

    assert "逾期" in housing
    assert "未填报" in housing
    assert "按时" in fire
    assert "逾期" not in fire
    assert "应报3个单位，已报送1个，已采用0个，逾期2个" in html


def test_a_return_submitted_after_the_due_date_is_late(fire_staff, first_half, indicators):
    ret = submit(
        fire_staff, fill(fire_staff, first_half, indicators, fire_checks="849"), today=DUE + dt.timedelta(days=1)
    )

    assert ret.was_late(DUE)


def test_another_unit_gets_404_for_a_departments_return(fire_staff, housing_staff, first_half, indicators, client_for):
    ret = fill(fire_staff, first_half, indicators, fire_checks="849")

    assert client_for(housing_staff).get(reverse("responsibility:return_detail", args=[ret.pk])).status_code == 404


def test_a_department_lists_only_its_own_returns(fire_staff, housing_staff, first_half, indicators, client_for):
    fill(fire_staff, first_half, indicators, fire_checks="849")
    fill(housing_staff, first_half, indicators, fire_checks="12")

    page = client_for(housing_staff).get(reverse("responsibility:return_list")).context["page"]

    assert [r.org_unit.name for r in page] == ["区住建局"]


def test_an_indicator_code_must_be_a_placeholder_name(city, city_leader):
    with pytest.raises(ValidationError):
        services.indicator_create(
            acting_user=city_leader,
            org_unit=city,
            code="fire-checks",
            label="检查单位",
            unit="家次",
            frequency="half_yearly",
        )


# A summary figure only, a campaign's or sector's only, and a name both have.
@pytest.mark.parametrize("code", ["hazards_found", "hazard_noun", "inspections"])
def test_an_indicator_cannot_take_a_registered_figures_name(city, city_leader, code):
    import reports.registry  # noqa: F401  (hands the registered names to responsibility)

    with pytest.raises(ValidationError):
        services.indicator_create(
            acting_user=city_leader,
            org_unit=city,
            code=code,
            label="检查单位",
            unit="家次",
            frequency="half_yearly",
        )


def test_a_clerk_may_not_define_indicators(city, clerk):
    with pytest.raises(PermissionDenied):
        services.indicator_create(
            acting_user=clerk, org_unit=city, code="sms_sent", label="发送短信", unit="万条次", frequency="monthly"
        )


def test_a_leader_defines_an_indicator_on_its_page(leader_client, city):
    leader_client.post(
        reverse("responsibility:indicator_create"),
        {
            "org_unit": city.pk,
            "code": "sms_sent",
            "label": "发送预警短信",
            "unit": "万条次",
            "frequency": "monthly",
            "from_departments": "on",
            "sort_order": 0,
            "is_active": "on",
        },
    )

    assert AuditEntry.objects.filter(action="responsibility.return_indicator.created").count() == 1


# The list pages read a fixed number of queries whatever the returns (zulip).
# Session, user; the returns page (count + page), the bureau's periods (nothing lies above the city: the periods
# addressed to it need no query).
PINNED_RETURN_LIST_QUERIES = 5
# Session, user; the period; the expected kinds, the returns, the units.
PINNED_PERIOD_PAGE_QUERIES = 6


def test_the_return_list_reads_a_fixed_number_of_queries(
    fire_staff, housing_staff, first_half, indicators, leader_client, django_assert_num_queries
):
    fill(fire_staff, first_half, indicators, fire_checks="849")
    fill(housing_staff, first_half, indicators, fire_checks="12")
    url = reverse("responsibility:return_list")
    leader_client.get(url)  # the session's first read is not the page's

    with django_assert_num_queries(PINNED_RETURN_LIST_QUERIES):
        leader_client.get(url)


def test_the_period_page_reads_a_fixed_number_of_queries(
    fire_staff, housing_staff, first_half, indicators, leader_client, django_assert_num_queries
):
    fill(fire_staff, first_half, indicators, fire_checks="849")
    fill(housing_staff, first_half, indicators, fire_checks="12")
    url = reverse("responsibility:period_detail", args=[first_half.pk])
    leader_client.get(url)

    with django_assert_num_queries(PINNED_PERIOD_PAGE_QUERIES):
        leader_client.get(url)
