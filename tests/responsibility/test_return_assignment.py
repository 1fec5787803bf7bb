"""Who reports an indicator, and how often (issue 15): an indicator may be asked of particular departments or
townships only; a unit's return shows only the indicators asked of it, and the period's page expects, and calls
late, only the units something is due from. Managed on the indicator pages by leaders and administrators.

Fixtures: tests/responsibility/returns_world.py (临江市 asks its departments fire_checks, fire_hazards and fire_fines,
its townships grid_members, half-yearly, due 10 July). Here fire_hazards is asked of 区消防救援大队 alone and
grid_members of 城关街道 alone; 青山镇 is asked nothing.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from org.models import AuditEntry
from responsibility.models import ReturnIndicator
from responsibility.services import returns as services
from tests.responsibility import returns_world
from tests.responsibility.returns_world import fill, submit

pytestmark = pytest.mark.django_db

fire_brigade = returns_world.fire_brigade
fire_staff = returns_world.fire_staff
first_half = returns_world.first_half
housing_bureau = returns_world.housing_bureau
housing_staff = returns_world.housing_staff
indicators = returns_world.indicators


def _assign(leader, indicator: ReturnIndicator, *units) -> ReturnIndicator:
    indicator.refresh_from_db()
    return services.indicator_update(
        acting_user=leader, indicator=indicator, version=indicator.version, assigned_units=list(units)
    )


@pytest.fixture
def assigned(city_leader, indicators, fire_brigade, township_a, township_b):
    _assign(city_leader, indicators["fire_hazards"], fire_brigade)
    _assign(city_leader, indicators["grid_members"], township_a)
    return indicators


def _row(html: str, code: str) -> str:
    return html.split(f'data-unit="{code}"')[1].split("</tr>")[0]


def test_a_departments_return_form_shows_only_the_indicators_asked_of_it(
    assigned, first_half, housing_staff, fire_staff, client_for
):
    url = reverse("responsibility:return_create") + f"?period={first_half.pk}"
    housing = client_for(housing_staff).get(url).content.decode()
    fire = client_for(fire_staff).get(url).content.decode()

    assert "检查单位（家次）" in housing
    assert "发现火灾隐患（处）" not in housing
    assert "发现火灾隐患（处）" in fire


def test_a_unit_cannot_report_an_indicator_assigned_to_another(assigned, first_half, housing_staff):
    with pytest.raises(ValidationError):
        fill(housing_staff, first_half, assigned, fire_hazards="30")


def test_the_period_page_expects_only_the_units_something_is_due_from(
    assigned, first_half, fire_staff, housing_bureau, leader_client
):
    """Due 10 July, today after it. Asked: the two departments (fire_checks, fire_fines; the brigade fire_hazards
    too) and 城关街道 (grid_members). 青山镇 is asked nothing: not listed, not late. The brigade submitted on time."""
    submit(fire_staff, fill(fire_staff, first_half, assigned, fire_checks="849"), today=dt.date(2026, 7, 8))

    html = leader_client.get(reverse("responsibility:period_detail", args=[first_half.pk])).content.decode()

    assert "应报3个单位，已报送1个，已采用0个，逾期2个" in html
    assert 'data-unit="TB"' not in html
    assert "<td data-due>3</td>" in _row(html, "DAFIRE")
    assert "<td data-due>2</td>" in _row(html, "DAHOUSE")
    assert "逾期" in _row(html, "TA")


def test_a_monthly_indicator_is_not_due_in_a_half_yearly_period(
    city, city_leader, first_half, township_b, leader_client, indicators
):
    """短信 is reported monthly by townships: the half-yearly period asks 青山镇 only grid_members (1 indicator)."""
    services.indicator_create(
        acting_user=city_leader,
        org_unit=city,
        code="sms_sent",
        label="发送预警短信",
        unit="万条次",
        frequency="monthly",
        from_departments=False,
        from_townships=True,
    )

    html = leader_client.get(reverse("responsibility:period_detail", args=[first_half.pk])).content.decode()

    assert "<td data-due>1</td>" in _row(html, "TB")


def test_a_leader_assigns_an_indicator_on_its_page_with_an_audit_entry(indicators, fire_brigade, leader_client):
    indicator = indicators["fire_hazards"]
    leader_client.post(
        reverse("responsibility:indicator_edit", args=[indicator.pk]),
        {
            "label": indicator.label,
            "unit": indicator.unit,
            "frequency": "half_yearly",
            "from_departments": "on",
            "assigned_units": [fire_brigade.pk],
            "is_active": "on",
            "sort_order": 2,
            "version": indicator.version,
        },
    )

    page = leader_client.get(reverse("responsibility:indicator_list")).content.decode()
    entry = AuditEntry.objects.get(action="responsibility.return_indicator.updated", target_id=indicator.pk)

    assert list(indicator.assigned_units.all()) == [fire_brigade]
    assert entry.data["changed"]["assigned_units"] == ["区消防救援大队"]
    assert "<td data-reporters>区消防救援大队</td>" in page


def test_a_clerk_cannot_assign_an_indicator(indicators, clerk_client, fire_brigade):
    indicator = indicators["fire_hazards"]
    response = clerk_client.post(
        reverse("responsibility:indicator_edit", args=[indicator.pk]),
        {
            "label": indicator.label,
            "unit": indicator.unit,
            "frequency": "half_yearly",
            "from_departments": "on",
            "assigned_units": [fire_brigade.pk],
            "is_active": "on",
            "sort_order": 2,
            "version": indicator.version,
        },
    )

    assert response.status_code == 403
    assert not indicator.assigned_units.exists()


def test_a_township_cannot_be_asked_a_departments_indicator(indicators, township_a, leader_client):
    """fire_checks is reported by departments only: 城关街道 is refused at the field, in Chinese, nothing saved."""
    indicator = indicators["fire_checks"]
    response = leader_client.post(
        reverse("responsibility:indicator_edit", args=[indicator.pk]),
        {
            "label": indicator.label,
            "unit": indicator.unit,
            "frequency": "half_yearly",
            "from_departments": "on",
            "assigned_units": [township_a.pk],
            "is_active": "on",
            "sort_order": 1,
            "version": indicator.version,
        },
    )

    errors = response.context["form"].errors["assigned_units"]
    assert errors[0].startswith("“城关街道”属于")
    assert "不报送本指标" in errors[0]
    assert not indicator.assigned_units.exists()


def test_a_sector_figure_must_be_kept_in_its_measure_word(city, city_leader):
    """罚款 said in a sector's sentence is in 万元: an indicator of fines in 元 is refused at its unit."""
    from hazards.models import Sector

    fire = Sector.objects.get_or_create(code="fire", defaults={"name": "消防"})[0]
    with pytest.raises(ValidationError) as refused:
        services.indicator_create(
            acting_user=city_leader,
            org_unit=city,
            code="brigade_fines",
            label="罚款",
            unit="元",
            frequency="half_yearly",
            sector=fire,
            measure="fines_wan",
        )

    assert refused.value.message_dict["unit"] == ["“罚款（万元）”以“万元”计，计量单位请填“万元”。"]


def test_a_period_asking_nothing_of_a_unit_is_not_offered_to_it(
    city, city_leader, clerk, fire_brigade, fire_staff, housing_staff, client_for
):
    """A monthly indicator asked of 区消防救援大队 alone: March's period is offered to the brigade, not to 区住建局."""
    services.indicator_create(
        acting_user=city_leader,
        org_unit=city,
        code="fire_patrols",
        label="消防巡查",
        unit="次",
        frequency="monthly",
        assigned_units=[fire_brigade],
    )
    march = services.return_period_create(
        acting_user=clerk,
        org_unit=city,
        frequency="monthly",
        period_start=dt.date(2026, 3, 1),
        period_end=dt.date(2026, 3, 31),
        due_on=dt.date(2026, 4, 5),
    )
    url = reverse("responsibility:return_create") + f"?period={march.pk}"

    assert client_for(fire_staff).get(url).status_code == 200
    assert client_for(housing_staff).get(url).status_code == 404
