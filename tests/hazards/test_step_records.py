"""What a step leaves on the record: the photos sent with it and who sent them, the version an edit form is
opened at, and the approved period a back-dated step was entered into, with its reason."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.urls import reverse

from hazards.models import Hazard
from tests.factories.hazards import HazardFactory, hazard_form_data, tiny_png
from tests.hazards.test_stated_dates import approve_first_half

pytestmark = pytest.mark.django_db

S = Hazard.Status


@pytest.fixture
def rectifying(township_a) -> Hazard:
    return HazardFactory.create(
        org_unit=township_a,
        status=S.RECTIFYING,
        place_name="城关五金加工厂",
        responsible_unit="城关五金加工厂",
        found_on=dt.date(2026, 3, 10),
        deadline=dt.date(2026, 4, 30),
    )


def rectify(client, hazard: Hazard, **data):
    return client.post(
        reverse("hazards:action", args=[hazard.pk, "rectify"]),
        {"note": "已清理通道，更换指示标志", "rectified_on": "2026-04-02", **data},
    )


def history_seen(client, hazard: Hazard) -> str:
    page = client.get(reverse("hazards:detail", args=[hazard.pk])).content.decode()
    timeline = re.search(r'<ul class="timeline.*?</ul>', page, re.S)
    assert timeline is not None
    return " ".join(re.sub(r"<[^>]+>", " ", timeline.group(0)).split())


def version_opened(client, hazard: Hazard) -> int:
    page = client.get(reverse("hazards:edit", args=[hazard.pk])).content.decode()
    found = re.search(r'name="version" value="(\d+)"', page)
    assert found is not None
    return int(found.group(1))


def test_the_rectification_entry_counts_the_photos_sent_with_it(rectifying, staff_a_client, admin_client):
    rectify(staff_a_client, rectifying, photos=[tiny_png("一.png"), tiny_png("二.png")])

    page = admin_client.get(reverse("admin:org_auditentry_changelist"), {"action": "hazards.hazard.rectify"})

    assert page.context["cl"].result_count == 1
    assert '"photos": 2,' in html.unescape(page.content.decode())


def test_the_administrator_sees_who_uploaded_each_photo(township_a, staff_a_client, admin_client):
    staff_a_client.post(reverse("hazards:create"), hazard_form_data(township_a, photos=[tiny_png()]))
    hazard = Hazard.objects.get()

    page = admin_client.get(reverse("admin:hazards_hazard_change", args=[hazard.pk])).content.decode()

    cells = re.findall(r'class="field-uploaded_by">(.*?)</td>', page, re.S)
    assert [re.sub(r"<[^>]+>", "", cell).strip() for cell in cells] == ["陈网格"]


def test_each_edit_moves_the_form_on_by_one_version(township_a, staff_a_client):
    staff_a_client.post(reverse("hazards:create"), hazard_form_data(township_a))
    hazard = Hazard.objects.get()
    opened = version_opened(staff_a_client, hazard)

    staff_a_client.post(
        reverse("hazards:edit", args=[hazard.pk]),
        hazard_form_data(township_a, place_name="城关五金厂（东厂区）", found_on=hazard.found_on, version=opened),
    )

    assert version_opened(staff_a_client, hazard) == opened + 1


def test_a_step_into_an_approved_period_shows_the_period_and_the_reason(rectifying, city, staff_a_client):
    approve_first_half(city)
    rectify(staff_a_client, rectifying, reason="7月启用系统，补录上半年整改记录")

    assert (
        "补录至已审定期间临江市2026年上半年工作总结（2026年1月1日至6月30日），原因：7月启用系统，补录上半年整改记录"
        in history_seen(staff_a_client, rectifying)
    )
