"""Inspections and cases under a special campaign (专项行动): the campaign a case inherits, the
dates a campaign must cover, each campaign's own figures and the lists a figure links to."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from enforcement import services
from enforcement.models import Case
from enforcement.selectors import enforcement_figures, enforcement_figures_by_campaign
from org.periods import Period
from tests.factories.enforcement import (
    CaseFactory,
    FindingFactory,
    InspectionFactory,
    OrderFactory,
    case_form_data,
)
from tests.factories.hazards import CampaignFactory, sector

pytestmark = pytest.mark.django_db

H1 = Period(dt.date(2026, 1, 1), dt.date(2026, 6, 30))
REFUSAL = "不在专项行动"


@pytest.fixture
def running(today):
    return CampaignFactory.create(name="城镇燃气安全专项整治", start=today - dt.timedelta(days=90), end=today)


@pytest.fixture
def finished(today):
    return CampaignFactory.create(
        name="春季消防检查专项行动", start=today - dt.timedelta(days=300), end=today - dt.timedelta(days=200)
    )


def _file(officer, township, bureau_unit, pair, today, **kwargs) -> Case:
    return services.case_file(
        acting_user=officer,
        issuer=bureau_unit,
        org_unit=township,
        sector=sector("城镇燃气"),
        cause="未按规定安装可燃气体报警装置",
        party_name="临江老街饭店",
        facts="现场检查发现后厨未安装报警装置。",
        legal_basis="《城镇燃气管理条例》第四十一条",
        officers=pair,
        filed_on=today - dt.timedelta(days=5),
        **kwargs,
    )


def test_a_case_filed_from_an_inspection_counts_under_its_campaign(
    officer, township_a, bureau_unit, pair, today, running
):
    inspection = InspectionFactory.create(
        org_unit=township_a,
        issuer=bureau_unit,
        campaign=running,
        inspected_on=today - dt.timedelta(days=10),
        officers=pair,
    )

    case = _file(officer, township_a, bureau_unit, pair, today, inspection=inspection)

    assert case.campaign == running


def test_an_inspection_outside_the_campaign_dates_is_refused_in_chinese(
    officer, township_a, bureau_unit, pair, today, finished
):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        services.inspection_create(
            acting_user=officer,
            org_unit=township_a,
            issuer=bureau_unit,
            unit_name="临江老街饭店",
            sector=sector("城镇燃气"),
            inspected_on=today - dt.timedelta(days=3),
            officers=pair,
            campaign=finished,
        )

    assert REFUSAL in refused.value.message_dict["campaign"][0]


def test_a_case_filed_after_its_campaign_ended_is_refused_on_the_form(
    officer_client, township_a, bureau_unit, pair, finished
):
    response = officer_client.post(
        reverse("enforcement:case_create"), case_form_data(township_a, bureau_unit, pair, campaign=finished.pk)
    )

    assert response.status_code == 400
    assert REFUSAL in response.content.decode()
    assert not Case.objects.exists()


@pytest.fixture
def campaign_records(township_a, township_b, bureau_unit):
    """First half of 2026. C1 城镇燃气 runs 2026-03-01 – 05-31, C2 消防 2025-10-01 – 2026-12-31;
    C3 runs too but has nothing recorded.

      inspection  township  campaign  date        unit (code)  findings  order
      I1          A         C1        03-10       甲 (X1)      2         yes
      I2          A         C1        04-02       甲 (X1)      1         no
      I3          B         C1        05-20       乙 (none)    0         no
      I4          A         C2        02-01       丙 (none)    1         no
      I5          A         —         03-15       丁           1         no    not under a campaign
      I6          A         C2        07-05       丙           0         no    after the period

      case  campaign  filed       decided     fine   measures
      K1    C1 (I1)   03-12       04-10       5000   suspension, 2 detained
      K2    C1        05-25       —
      K3    C2        2025-12-20  01-15       3000   closure       decided in, filed before
      K4    —         03-20       04-01       10000                not under a campaign
      K5    C1        06-20       07-10       8000                 filed in, decided after

    C1: inspections 3, units 2 (X1, 乙), findings 2+1+0 = 3, orders 1; cases K1+K2+K5 = 3,
        suspensions 1, detained 2, fines 5000 (K5's 8000 is decided after the period).
    C2: inspections 1 (I6 is after the period), units 1, findings 1, orders 0; cases 0 (K3 was
        filed before), closures 1, fines 3000.
    """
    c1 = CampaignFactory.create(name="城镇燃气安全专项整治", start=dt.date(2026, 3, 1), end=dt.date(2026, 5, 31))
    c2 = CampaignFactory.create(name="消防安全专项行动", start=dt.date(2025, 10, 1), end=dt.date(2026, 12, 31))
    c3 = CampaignFactory.create(name="自建房安全专项整治", start=dt.date(2026, 1, 1), end=dt.date(2026, 6, 30))

    def inspection(unit, campaign, on, name, code="", findings=0):
        i = InspectionFactory.create(
            org_unit=unit, issuer=bureau_unit, campaign=campaign, inspected_on=on, unit_name=name, credit_code=code
        )
        FindingFactory.create_batch(findings, inspection=i)
        return i

    i1 = inspection(township_a, c1, dt.date(2026, 3, 10), "甲厂", "X1", findings=2)
    OrderFactory.create(inspection=i1)
    inspection(township_a, c1, dt.date(2026, 4, 2), "甲厂", "X1", findings=1)
    inspection(township_b, c1, dt.date(2026, 5, 20), "乙店")
    inspection(township_a, c2, dt.date(2026, 2, 1), "丙厂", findings=1)
    inspection(township_a, None, dt.date(2026, 3, 15), "丁厂", findings=1)
    inspection(township_a, c2, dt.date(2026, 7, 5), "丙厂")

    def case(campaign, filed, decided=None, fine="0", **measures):
        return CaseFactory.create(
            org_unit=township_a,
            issuer=bureau_unit,
            campaign=campaign,
            year=filed.year,
            filed_on=filed,
            decided_on=decided,
            stage=Case.Stage.DECIDED if decided else Case.Stage.FILED,
            fine_yuan=Decimal(fine),
            **measures,
        )

    case(c1, dt.date(2026, 3, 12), dt.date(2026, 4, 10), "5000", inspection=i1, suspension=True, detained_people=2)
    case(c1, dt.date(2026, 5, 25))
    case(c2, dt.date(2025, 12, 20), dt.date(2026, 1, 15), "3000", closure=True)
    case(None, dt.date(2026, 3, 20), dt.date(2026, 4, 1), "10000")
    case(c1, dt.date(2026, 6, 20), dt.date(2026, 7, 10), "8000")
    return c1, c2, c3


def test_each_campaign_counts_only_what_was_recorded_under_it(campaign_records, city_leader):
    c1, c2, _ = campaign_records

    figures = enforcement_figures_by_campaign(user=city_leader, period=H1)

    f1, f2 = figures[c1.pk], figures[c2.pk]
    assert (
        f1.inspections,
        f1.units_inspected,
        f1.inspection_hazards,
        f1.orders,
        f1.cases,
        f1.suspensions,
        f1.detained_people,
        f1.fines_yuan,
    ) == (3, 2, 3, 1, 3, 1, 2, Decimal("5000.00"))
    assert (f2.inspections, f2.units_inspected, f2.inspection_hazards, f2.cases, f2.closures, f2.fines_yuan) == (
        1,
        1,
        1,
        0,
        1,
        Decimal("3000.00"),
    )


def test_a_campaign_with_nothing_recorded_is_left_out(campaign_records, city_leader):
    c1, c2, _ = campaign_records

    assert set(enforcement_figures_by_campaign(user=city_leader, period=H1)) == {c1.pk, c2.pk}


def test_the_headline_figures_filtered_by_campaign_match_its_row(campaign_records, city_leader):
    c1, _, _ = campaign_records

    by_campaign = enforcement_figures_by_campaign(user=city_leader, period=H1)[c1.pk]

    assert enforcement_figures(user=city_leader, period=H1, filters={"campaign": c1.pk}) == by_campaign
    assert enforcement_figures(user=city_leader, period=H1, filters={"campaign": c1}) == by_campaign


def test_campaign_figures_are_two_grouped_queries(campaign_records, city_leader, django_assert_num_queries):
    with django_assert_num_queries(2):
        enforcement_figures_by_campaign(user=city_leader, period=H1)


def test_the_case_list_filtered_by_campaign_shows_only_its_cases(officer_client, township_a, bureau_unit):
    gas = CampaignFactory.create(name="城镇燃气安全专项整治")
    fire = CampaignFactory.create(name="消防安全专项行动")
    CaseFactory.create(org_unit=township_a, issuer=bureau_unit, campaign=gas, party_name="临江老街饭店")
    CaseFactory.create(org_unit=township_a, issuer=bureau_unit, campaign=gas, party_name="城关液化气供应站")
    CaseFactory.create(org_unit=township_a, issuer=bureau_unit, campaign=fire, party_name="青山宾馆")
    CaseFactory.create(org_unit=township_a, issuer=bureau_unit, party_name="宏达五金厂")

    html = officer_client.get(reverse("enforcement:case_list"), {"campaign": gas.pk}).content.decode()

    shown = {name for name in ("临江老街饭店", "城关液化气供应站", "青山宾馆", "宏达五金厂") if name in html}
    assert shown == {"临江老街饭店", "城关液化气供应站"}
