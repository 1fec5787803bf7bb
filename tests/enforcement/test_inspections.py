"""Inspections through the views: two officers, findings that become hazards or orders,
the order to rectify and its re-inspection."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from enforcement.models import Finding, Inspection, IssuedDocument, RectificationOrder
from hazards.models import Hazard
from tests.factories.enforcement import FindingFactory, InspectionFactory, OrderFactory, inspection_form_data

pytestmark = pytest.mark.django_db


def act(client, inspection: Inspection, action: str, data: dict):
    return client.post(reverse("enforcement:inspection_action", args=[inspection.pk, action]), data)


@pytest.fixture
def inspection(township_a, bureau_unit, pair, today) -> Inspection:
    return InspectionFactory.create(
        org_unit=township_a,
        issuer=bureau_unit,
        unit_name="临江宏达五金制品有限公司",
        inspected_on=today - dt.timedelta(days=3),
        officers=pair,
    )


def test_officer_records_an_inspection_with_two_officers(officer_client, township_a, bureau_unit, pair):
    response = officer_client.post(
        reverse("enforcement:inspection_create"), inspection_form_data(township_a, bureau_unit, pair)
    )

    inspection = Inspection.objects.get()
    assert response.url == reverse("enforcement:inspection_detail", args=[inspection.pk])
    assert set(inspection.officers.all()) == set(pair)


def test_an_inspection_by_one_officer_is_refused(officer_client, township_a, bureau_unit, officer, pair):
    response = officer_client.post(
        reverse("enforcement:inspection_create"), inspection_form_data(township_a, bureau_unit, [officer])
    )

    assert response.status_code == 400
    assert not Inspection.objects.exists()


def test_a_joint_enforcement_inspection_needs_its_joint_action(officer_client, township_a, bureau_unit, pair):
    response = officer_client.post(
        reverse("enforcement:inspection_create"),
        inspection_form_data(township_a, bureau_unit, pair, kind=Inspection.Kind.JOINT),
    )

    assert response.status_code == 400
    assert "joint_action" in response.context["form"].errors


def test_township_staff_cannot_record_an_inspection(staff_a_client, township_a, bureau_unit, pair):
    response = staff_a_client.post(
        reverse("enforcement:inspection_create"), inspection_form_data(township_a, bureau_unit, pair)
    )

    assert response.status_code == 403


def test_a_finding_handed_over_becomes_a_hazard_of_the_township(officer_client, inspection, today):
    deadline = (today + dt.timedelta(days=15)).isoformat()
    act(
        officer_client,
        inspection,
        "finding",
        {
            "description": "抛光车间除尘系统未设置泄爆装置",
            "handling": "hazard",
            "hazard_deadline": deadline,
        },
    )

    hazard = Hazard.objects.get()
    assert (hazard.org_unit, hazard.place_name) == (inspection.org_unit, "临江宏达五金制品有限公司")
    assert (hazard.status, hazard.source) == (Hazard.Status.ASSIGNED, Hazard.Source.DEPARTMENT)


def test_the_hazard_and_its_finding_are_linked_both_ways(officer_client, inspection):
    act(officer_client, inspection, "finding", {"description": "配电箱未上锁", "handling": "hazard"})

    finding = Finding.objects.get()
    assert finding.hazard is not None
    assert finding.hazard.inspection_finding == finding


def test_a_major_finding_becomes_a_major_hazard(officer_client, inspection):
    act(
        officer_client,
        inspection,
        "finding",
        {
            "description": "干式除尘系统未采取泄爆措施",
            "handling": "hazard",
            "is_major": "on",
        },
    )

    assert Hazard.objects.get().level == Hazard.Level.MAJOR


def test_a_finding_recorded_for_an_order_can_be_handed_over_later(officer_client, inspection):
    finding = FindingFactory.create(inspection=inspection)

    act(officer_client, inspection, "hazard", {"finding": finding.pk})

    finding.refresh_from_db()
    assert finding.hazard is not None


def test_an_order_to_rectify_covers_the_findings_marked_for_it(officer_client, inspection, today):
    FindingFactory.create(inspection=inspection)
    deadline = today + dt.timedelta(days=30)

    act(officer_client, inspection, "order", {"issued_on": today.isoformat(), "deadline": deadline.isoformat()})

    assert RectificationOrder.objects.get(inspection=inspection).deadline == deadline


def test_an_order_without_findings_to_rectify_is_refused(officer_client, inspection, today):
    response = act(
        officer_client,
        inspection,
        "order",
        {
            "issued_on": today.isoformat(),
            "deadline": (today + dt.timedelta(days=10)).isoformat(),
        },
    )

    assert response.status_code == 400
    assert not RectificationOrder.objects.exists()


def test_re_inspection_passes_the_order(officer_client, inspection, pair, today):
    OrderFactory.create(inspection=inspection)

    act(
        officer_client,
        inspection,
        "reinspect",
        {
            "reinspected_on": today.isoformat(),
            "passed": "1",
            "note": "已整改",
            "officers": [o.pk for o in pair],
        },
    )

    order = RectificationOrder.objects.get()
    assert order.status == RectificationOrder.Status.PASSED
    assert set(order.reinspected_by.all()) == set(pair)


def test_a_failed_re_inspection_needs_a_reason(officer_client, inspection, pair, today):
    OrderFactory.create(inspection=inspection)

    response = act(
        officer_client,
        inspection,
        "reinspect",
        {
            "reinspected_on": today.isoformat(),
            "passed": "0",
            "officers": [o.pk for o in pair],
        },
    )

    assert response.status_code == 400
    assert RectificationOrder.objects.get().status == RectificationOrder.Status.AWAITING


def test_re_inspection_by_one_officer_is_refused(officer_client, inspection, officer, today):
    OrderFactory.create(inspection=inspection)

    response = act(
        officer_client,
        inspection,
        "reinspect",
        {
            "reinspected_on": today.isoformat(),
            "passed": "1",
            "officers": [officer.pk],
        },
    )

    assert response.status_code == 400
    assert RectificationOrder.objects.get().status == RectificationOrder.Status.AWAITING


def test_an_inspection_is_locked_once_its_record_is_issued(officer_client, inspection, township_a, bureau_unit, pair):
    officer_client.post(reverse("enforcement:inspection_document", args=[inspection.pk, "inspection_record"]))

    response = act(officer_client, inspection, "finding", {"description": "新发现的问题", "handling": "on_spot"})

    assert IssuedDocument.objects.count() == 1
    assert response.status_code == 400
    assert not Finding.objects.exists()


def test_an_officer_corrects_an_inspection_before_its_record_is_issued(
    officer_client, inspection, township_a, bureau_unit, pair
):
    data = inspection_form_data(
        township_a,
        bureau_unit,
        pair,
        unit_name="临江宏达五金制品有限公司（二厂）",
        inspected_on=inspection.inspected_on.isoformat(),
    )

    officer_client.post(reverse("enforcement:inspection_edit", args=[inspection.pk]), data)

    inspection.refresh_from_db()
    assert inspection.unit_name == "临江宏达五金制品有限公司（二厂）"


def test_inspection_page_lists_findings_order_and_documents(leader_client, inspection):
    FindingFactory.create(inspection=inspection)
    OrderFactory.create(inspection=inspection)

    response = leader_client.get(reverse("enforcement:inspection_detail", args=[inspection.pk]))

    assert response.status_code == 200
    assert len(response.context["findings"]) == 1
    assert [d["spec"].kind for d in response.context["documents"] if d["ready"]] == [
        "inspection_record",
        "rectification_order",
    ]
