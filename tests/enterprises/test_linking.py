"""Records point at the register's enterprise (issue 19): by credit code, else by a name only one enterprise of
the township has; never across the user's area; the records entered before the register are linked by a
command that says what it could not match; the entry forms offer the register as the name is typed."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from enforcement.models import Case, Inspection
from hazards.models import Hazard
from responsibility.models import Accident
from tests.factories.enforcement import CaseFactory, InspectionFactory
from tests.factories.enterprises import EnterpriseFactory, credit_code
from tests.factories.hazards import HazardFactory, hazard_form_data
from tests.factories.responsibility import AccidentFactory

pytestmark = pytest.mark.django_db


def _create(client, township, **fields) -> Hazard:
    response = client.post(reverse("hazards:create"), hazard_form_data(township, **fields))
    assert response.status_code == 302, response.content.decode()[:3000]
    return Hazard.objects.latest("pk")


def test_a_hazard_naming_a_registered_firm_points_at_it(staff_a_client, township_a):
    firm = EnterpriseFactory.create(org_unit=township_a, name="城关五金加工厂")
    hazard = _create(staff_a_client, township_a, place_name=" 城关五金 加工厂")
    assert hazard.enterprise == firm
    assert hazard.place_name.strip() == "城关五金 加工厂"  # what was typed is kept


def test_the_credit_code_wins_over_the_name(staff_a_client, township_a):
    EnterpriseFactory.create(org_unit=township_a, name="城关五金加工厂")
    coded = EnterpriseFactory.create(org_unit=township_a, name="临江五金制品有限公司", credit_code=credit_code(77))
    hazard = _create(staff_a_client, township_a, place_name="城关五金加工厂", credit_code=credit_code(77))
    assert hazard.enterprise == coded


def test_a_former_name_is_recognised(staff_a_client, township_a):
    firm = EnterpriseFactory.create(org_unit=township_a, name="临江五金制品有限公司", former_names="城关五金加工厂")
    assert _create(staff_a_client, township_a).enterprise == firm


def test_a_name_two_firms_share_is_not_guessed(staff_a_client, township_a):
    EnterpriseFactory.create(org_unit=township_a, name="城关五金加工厂")
    EnterpriseFactory.create(org_unit=township_a, name="临江五金制品有限公司", former_names="城关五金加工厂")
    assert _create(staff_a_client, township_a).enterprise is None


def test_another_townships_firm_is_never_linked(staff_a_client, township_a, township_b):
    EnterpriseFactory.create(org_unit=township_b, name="城关五金加工厂", credit_code=credit_code(78))
    hazard = _create(staff_a_client, township_a, credit_code=credit_code(78))
    assert hazard.enterprise is None


def test_renaming_the_place_moves_the_link(staff_a_client, township_a):
    EnterpriseFactory.create(org_unit=township_a, name="城关五金加工厂")
    other = EnterpriseFactory.create(org_unit=township_a, name="和平饭店")
    hazard = _create(staff_a_client, township_a)
    from hazards.services import hazard_update

    assert hazard.finder is not None
    hazard_update(acting_user=hazard.finder, hazard=hazard, version=hazard.version, place_name="和平饭店")
    hazard.refresh_from_db()
    assert hazard.enterprise == other


def test_the_command_links_old_records_and_lists_what_it_could_not(township_a, village_a):
    firm = EnterpriseFactory.create(org_unit=township_a, name="城关五金加工厂")
    coded = EnterpriseFactory.create(org_unit=township_a, name="临江化工有限公司", credit_code=credit_code(90))
    by_name = HazardFactory.create(org_unit=township_a, village=village_a, place_name="城关五金加工厂")
    by_code = InspectionFactory.create(org_unit=township_a, unit_name="临江化工", credit_code=credit_code(90))
    AccidentFactory.create(org_unit=township_a, place="无名小作坊")
    out = io.StringIO()
    call_command("match_enterprises", stdout=out)
    by_name.refresh_from_db()
    by_code.refresh_from_db()
    assert (by_name.enterprise, by_code.enterprise) == (firm, coded)
    assert not Accident.objects.filter(enterprise__isnull=False).exists()
    assert "无名小作坊：1 条" in out.getvalue()
    assert re.search(r"新关联 1 条", out.getvalue())


def test_a_dry_run_links_nothing(township_a):
    EnterpriseFactory.create(org_unit=township_a, name="城关五金加工厂")
    HazardFactory.create(org_unit=township_a, place_name="城关五金加工厂")
    call_command("match_enterprises", "--dry-run", stdout=io.StringIO())
    assert not Hazard.objects.filter(enterprise__isnull=False).exists()
    assert Inspection.objects.count() == 0


def test_the_entry_form_offers_the_register_as_the_name_is_typed(staff_a_client, township_a, township_b):
    EnterpriseFactory.create(org_unit=township_a, name="城关五金加工厂", credit_code=credit_code(91))
    EnterpriseFactory.create(org_unit=township_b, name="青山五金厂")
    form = staff_a_client.get(reverse("hazards:create")).content.decode()
    found = re.search(r'<input[^>]*name="place_name"[^>]*>', form)
    assert found is not None
    field = found.group(0)
    assert 'hx-get="/enterprises/search/?field=place_name"' in field
    options = staff_a_client.get(reverse("enterprises:search"), {"field": "place_name", "place_name": "五金"})
    html = options.content.decode()
    assert f'data-code="{credit_code(91)}"' in html
    assert "青山五金厂" not in html


def test_the_enterprise_page_shows_its_records_each_count_linking_to_them(leader_client, township_a, village_a):
    firm = EnterpriseFactory.create(org_unit=township_a, name="城关五金加工厂")
    HazardFactory.create_batch(3, org_unit=township_a, place_name="城关五金加工厂", enterprise=firm)
    HazardFactory.create(org_unit=township_a, place_name="别家")
    InspectionFactory.create(org_unit=township_a, unit_name="城关五金加工厂", enterprise=firm)
    page = leader_client.get(reverse("enterprises:detail", args=[firm.pk])).content.decode()
    ledger = f"{reverse('hazards:list')}?enterprise={firm.pk}"
    assert f'<a href="{ledger}">3</a>' in page
    listed = leader_client.get(ledger)
    assert listed.context["page"].paginator.count == 3
    assert f'<a href="{reverse("enforcement:inspection_list")}?enterprise={firm.pk}">1</a>' in page


def test_the_enterprise_page_takes_the_same_queries_for_1_or_20_records(
    leader_client, township_a, django_assert_max_num_queries
):
    firm = EnterpriseFactory.create(org_unit=township_a, name="城关五金加工厂")
    HazardFactory.create(org_unit=township_a, enterprise=firm)
    url = reverse("enterprises:detail", args=[firm.pk])
    with django_assert_max_num_queries(30) as one:
        leader_client.get(url)
    HazardFactory.create_batch(19, org_unit=township_a, enterprise=firm)
    InspectionFactory.create_batch(5, org_unit=township_a, enterprise=firm)
    with django_assert_max_num_queries(30) as many:
        leader_client.get(url)
    assert len(one.captured_queries) == len(many.captured_queries)


def test_the_enterprise_page_lists_the_cases_that_put_it_on_the_credit_penalty_list(leader_client, township_a):
    firm = EnterpriseFactory.create(org_unit=township_a, name="城关五金加工厂")
    listed = CaseFactory.create(
        org_unit=township_a,
        party_name="城关五金加工厂",
        enterprise=firm,
        credit_penalty=True,
        number="临应急罚〔2026〕7号",
        stage=Case.Stage.DECIDED,
        decided_on=dt.date(2026, 4, 2),
    )
    CaseFactory.create(
        org_unit=township_a,
        party_name="城关五金加工厂",
        enterprise=firm,
        number="临应急罚〔2026〕8号",
        stage=Case.Stage.DECIDED,
        decided_on=dt.date(2026, 4, 3),
    )
    # Proposed but not decided: not listed yet.
    CaseFactory.create(
        org_unit=township_a,
        party_name="城关五金加工厂",
        enterprise=firm,
        credit_penalty=True,
        number="临应急罚〔2026〕9号",
    )
    page = leader_client.get(reverse("enterprises:detail", args=[firm.pk])).content.decode()
    section = re.search(r'<section[^>]*aria-label="纳入失信惩戒"[^>]*>(.*?)</section>', page, re.S)
    assert section is not None
    assert "临应急罚〔2026〕7号" in section.group(1)
    assert "临应急罚〔2026〕8号" not in section.group(1)
    assert "临应急罚〔2026〕9号" not in section.group(1)
    cases = f"{reverse('enforcement:case_list')}?enterprise={firm.pk}&amp;measure=credit_penalty"
    assert f'<a href="{cases}">1</a>' in page
    assert listed.number in leader_client.get(cases.replace("&amp;", "&")).content.decode()
