"""The criteria library: the data files, the picker narrowed to the enterprise's industry, the suggestions."""

from __future__ import annotations

import json
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from hazards.criteria_library import DATA_DIR, library_files
from hazards.models import Criterion, Hazard
from tests.factories.enterprises import EnterpriseFactory
from tests.factories.hazards import hazard_form_data

GONGMAO = "工贸企业重大事故隐患判定标准（2023）"
HAZCHEM = "化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行）"
BUILDING = "房屋市政工程生产安全重大事故隐患判定标准"

# What each data file holds, as hazards/data/SOURCES.md reports it.
LOADED = {GONGMAO: 25, HAZCHEM: 14, BUILDING: 13}


@pytest.fixture
def library(db) -> None:
    call_command("load_criteria", stdout=open("/dev/null", "w"))  # noqa: SIM115


def _clauses(html: str) -> list[str]:
    return re.findall(r'data-label="([^"]+)"', html)


def test_each_standard_loads_the_items_its_file_holds(library):
    counts = {s: Criterion.objects.filter(standard=s).count() for s in LOADED}
    assert counts == LOADED


def test_loading_twice_adds_nothing(library):
    before = Criterion.objects.count()
    call_command("load_criteria", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Criterion.objects.count() == before


def test_every_item_names_the_public_page_it_was_read_from_and_its_industries():
    items = [item for path in library_files() for item in json.loads(path.read_text(encoding="utf-8"))["criteria"]]
    assert all(item["source"].startswith(("http://", "https://")) for item in items)
    assert all(item["industries"] for item in items)


def test_the_sources_note_gives_the_counts_loaded():
    note = (DATA_DIR / "SOURCES.md").read_text(encoding="utf-8")
    for standard, count in LOADED.items():
        assert f"{standard}" in note
        assert f"{count} 项" in note


def test_the_picker_lists_only_the_clauses_of_a_chemical_plants_industry(library, staff_a_client, township_a):
    plant = EnterpriseFactory.create(org_unit=township_a, industry_code="26")
    html = staff_a_client.get(reverse("hazards:criterion_options"), {"credit_code": plant.credit_code}).content.decode()
    labels = _clauses(html)
    assert f"{HAZCHEM} 第（六）项" in labels
    assert not any(label.startswith(BUILDING) for label in labels)
    assert "全压力式液化烃储罐未按国家标准设置注水措施。" in html


def test_the_picker_for_a_building_contractor_has_no_chemical_clauses(library, staff_a_client, township_a):
    builder = EnterpriseFactory.create(org_unit=township_a, industry_code="47")
    html = staff_a_client.get(
        reverse("hazards:criterion_options"), {"credit_code": builder.credit_code}
    ).content.decode()
    labels = _clauses(html)
    assert f"{BUILDING} 第十条" in labels
    assert not any(label.startswith((HAZCHEM, GONGMAO)) for label in labels)


def test_a_cement_plant_gets_the_building_materials_clauses_not_the_steelworks_ones(
    library, staff_a_client, township_a
):
    plant = EnterpriseFactory.create(org_unit=township_a, industry_code="30")
    labels = _clauses(
        staff_a_client.get(reverse("hazards:criterion_options"), {"credit_code": plant.credit_code}).content.decode()
    )
    assert f"{GONGMAO} 第六条第（一）项" in labels
    assert f"{GONGMAO} 第四条第（一）项" not in labels


def test_the_picker_without_a_known_enterprise_lists_every_standard(library, staff_a_client):
    html = staff_a_client.get(reverse("hazards:criterion_options"), {"q": "有限空间"}).content.decode()
    standards = {label.rsplit(" ", 1)[0] for label in _clauses(html)}
    assert standards == {GONGMAO, BUILDING}


def test_an_enterprise_of_another_township_does_not_narrow_the_picker(library, staff_a_client, township_b):
    # Its industry is not the visitor's to read: the picker behaves as if no enterprise were named.
    plant = EnterpriseFactory.create(org_unit=township_b, industry_code="26")
    html = staff_a_client.get(reverse("hazards:criterion_options"), {"credit_code": plant.credit_code}).content.decode()
    assert any(label.startswith(BUILDING) for label in _clauses(html))


def test_a_dust_description_suggests_a_dust_explosion_clause(library, staff_a_client):
    html = staff_a_client.get(
        reverse("hazards:criterion_suggestions"), {"description": "打磨车间粉尘较多，干式除尘系统未设置泄爆装置"}
    ).content.decode()
    top = _clauses(html)
    assert 0 < len(top) <= 3
    assert f"{GONGMAO} 第十一条第（三）项" in top


def test_suggestions_follow_the_enterprises_industry(library, staff_a_client, township_a):
    builder = EnterpriseFactory.create(org_unit=township_a, industry_code="48")
    html = staff_a_client.get(
        reverse("hazards:criterion_suggestions"),
        {"description": "有限空间未设置安全警示标志，作业现场无人监护", "credit_code": builder.credit_code},
    ).content.decode()
    top = _clauses(html)
    assert f"{BUILDING} 第十一条第（二）项" in top
    assert not any(label.startswith(GONGMAO) for label in top)  # 第十三条 is for 工贸 firms, not builders


def test_a_description_sharing_no_words_suggests_nothing(library, staff_a_client):
    html = staff_a_client.get(reverse("hazards:criterion_suggestions"), {"description": "，。"}).content.decode()
    assert "data-criterion" not in html


def test_suggestions_take_one_query_for_the_clauses_and_one_for_the_enterprise(
    library, staff_a_client, township_a, django_assert_num_queries
):
    plant = EnterpriseFactory.create(org_unit=township_a, industry_code="30")
    staff_a_client.get(reverse("hazards:criterion_suggestions"), {"description": "粉尘"})  # warm jieba and the index
    with django_assert_num_queries(4):  # session, user, the enterprise, the clauses
        staff_a_client.get(
            reverse("hazards:criterion_suggestions"),
            {"description": "除尘系统互联互通", "credit_code": plant.credit_code},
        )


def test_the_hazard_form_offers_suggestions_as_the_description_is_typed(staff_a_client):
    html = staff_a_client.get(reverse("hazards:create")).content.decode()
    assert reverse("hazards:criterion_suggestions") in html
    assert "from:#id_description" in html


def test_a_hazard_saved_after_suggestions_has_no_criterion_unless_one_was_picked(library, staff_a_client, township_a):
    description = "打磨车间粉尘较多，干式除尘系统未设置泄爆装置"
    staff_a_client.get(reverse("hazards:criterion_suggestions"), {"description": description})
    staff_a_client.post(
        reverse("hazards:create"), hazard_form_data(township_a, place_name="城关打磨厂", description=description)
    )
    hazard = Hazard.objects.get(place_name="城关打磨厂")
    assert (hazard.criterion, hazard.level) == (None, Hazard.Level.GENERAL)
