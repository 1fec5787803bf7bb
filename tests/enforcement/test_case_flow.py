"""A penalty case driven the way an officer drives it: through the views.

立案 → 调查取证 → 告知 (→ 听证) → 决定 → 执行 → 结案归档, and the refusals the law requires.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from enforcement.models import Case, NumberSequence
from org.models import AuditEntry
from tests.factories.enforcement import CaseFactory, case_form_data

pytestmark = pytest.mark.django_db

S = Case.Stage


def day(offset: int, today: dt.date) -> str:
    return (today - dt.timedelta(days=offset)).isoformat()


def act(client, case: Case, action: str, data: dict | None = None):
    return client.post(reverse("enforcement:case_action", args=[case.pk, action]), data or {})


def file_case(client, township, bureau_unit, pair, **overrides) -> Case:
    client.post(reverse("enforcement:case_create"), case_form_data(township, bureau_unit, pair, **overrides))
    return Case.objects.latest("pk")


MEASURES = {"fine_yuan": "25000", "suspension": "on"}


@pytest.fixture
def walked(officer_client, township_a, bureau_unit, pair, today) -> Case:
    """A case filed through the form and walked to the archive through the action views."""
    case = file_case(officer_client, township_a, bureau_unit, pair)
    act(officer_client, case, "investigate", {"on": day(18, today), "note": "调取台账，制作询问笔录"})
    act(officer_client, case, "notify", {"on": day(10, today), "penalty_basis": "《安全生产法》第九十九条", **MEASURES})
    act(officer_client, case, "decide", {"on": day(5, today), "statement": "当事人无异议", **MEASURES})
    act(officer_client, case, "execute", {"on": day(2, today), "paid_yuan": "25000"})
    act(officer_client, case, "close", {"on": day(0, today), "note": "罚款已缴纳，停产整顿已验收，建议结案"})
    case.refresh_from_db()
    return case


def test_filing_takes_the_first_number_of_the_year(officer_client, township_a, bureau_unit, pair, today):
    case = file_case(officer_client, township_a, bureau_unit, pair)

    assert case.number == f"临应急罚〔{today.year}〕1号"


def test_case_walks_every_stage_to_the_archive(walked):
    assert walked.stage == S.CLOSED
    assert walked.fine_yuan == Decimal("25000.00")


def test_each_stage_keeps_its_date_and_officer(walked, officer, today):
    steps = {s["stage"]: s for s in walked.stage_steps()}

    assert steps[S.DECIDED]["on"] == today - dt.timedelta(days=5)
    assert {s["by"] for stage, s in steps.items() if stage != S.HEARING} == {officer}


def test_each_stage_leaves_an_audit_entry(walked):
    actions = list(
        AuditEntry.objects.filter(target_id=walked.pk, action__startswith="enforcement.case.")
        .order_by("created_at", "pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "enforcement.case.filed",
        "enforcement.case.investigate",
        "enforcement.case.notify",
        "enforcement.case.decide",
        "enforcement.case.execute",
        "enforcement.case.close",
    ]


def test_case_page_shows_the_stages_as_a_timeline(walked, leader_client):
    response = leader_client.get(reverse("enforcement:case_detail", args=[walked.pk]))

    assert response.status_code == 200
    assert [e.action for e in response.context["timeline"]][-1] == "enforcement.case.close"


def test_hearing_requested_by_the_party_comes_between_notice_and_decision(
    officer_client, township_a, bureau_unit, pair, today
):
    case = file_case(officer_client, township_a, bureau_unit, pair)
    act(officer_client, case, "investigate", {"on": day(15, today)})
    act(officer_client, case, "notify", {"on": day(12, today), "penalty_basis": "第九十九条", **MEASURES})
    act(officer_client, case, "hearing", {"on": day(6, today), "note": "当事人申请听证，听证会认定事实清楚"})
    act(officer_client, case, "decide", {"on": day(3, today), **MEASURES, "fine_yuan": "20000"})
    case.refresh_from_db()

    assert case.stage == S.DECIDED
    assert (case.hearing_on, case.fine_yuan) == (today - dt.timedelta(days=6), Decimal("20000.00"))


# --- Refusals -----------------------------------------------------------------------------------------------------


def test_a_decision_before_the_party_is_notified_is_refused(officer_client, township_a, bureau_unit, pair, today):
    case = file_case(officer_client, township_a, bureau_unit, pair)
    act(officer_client, case, "investigate", {"on": day(15, today)})

    response = act(officer_client, case, "decide", {"on": day(3, today), **MEASURES})

    case.refresh_from_db()
    assert response.status_code == 400
    assert case.stage == S.INVESTIGATING
    assert response.context["failed_form"].non_field_errors()


def test_a_case_with_only_one_officer_is_not_filed(officer_client, township_a, bureau_unit, officer, pair):
    response = officer_client.post(
        reverse("enforcement:case_create"), case_form_data(township_a, bureau_unit, [officer])
    )

    assert response.status_code == 400
    assert "officers" in response.context["form"].errors
    assert not Case.objects.exists()


def test_a_duplicate_case_number_is_refused(officer_client, township_a, bureau_unit, pair, today):
    first = file_case(officer_client, township_a, bureau_unit, pair)

    response = officer_client.post(
        reverse("enforcement:case_create"), case_form_data(township_a, bureau_unit, pair, number=first.number)
    )

    assert response.status_code == 400
    assert "number" in response.context["form"].errors
    assert Case.objects.count() == 1


def test_a_number_typed_in_for_a_paper_case_moves_the_sequence_past_it(
    officer_client, township_a, bureau_unit, pair, today
):
    file_case(officer_client, township_a, bureau_unit, pair, number=f"临应急罚〔{today.year}〕7号")

    case = file_case(officer_client, township_a, bureau_unit, pair)

    assert case.number == f"临应急罚〔{today.year}〕8号"


def test_a_number_of_another_authority_is_refused(officer_client, township_a, bureau_unit, pair, today):
    response = officer_client.post(
        reverse("enforcement:case_create"),
        case_form_data(township_a, bureau_unit, pair, number=f"青应急罚〔{today.year}〕3号"),
    )

    assert response.status_code == 400
    assert not Case.objects.exists()


def test_numbers_run_on_and_are_never_reused(officer_client, township_a, bureau_unit, pair, today):
    first = file_case(officer_client, township_a, bureau_unit, pair)
    Case.objects.filter(pk=first.pk).delete()  # even if a row is removed behind the portal's back

    second = file_case(officer_client, township_a, bureau_unit, pair)

    assert second.number == f"临应急罚〔{today.year}〕2号"
    assert NumberSequence.objects.get(code="罚").last == 2


def test_a_stage_cannot_be_dated_before_the_previous_one(officer_client, township_a, bureau_unit, pair, today):
    case = file_case(officer_client, township_a, bureau_unit, pair)

    response = act(officer_client, case, "investigate", {"on": day(40, today)})

    case.refresh_from_db()
    assert response.status_code == 400
    assert case.stage == S.FILED


def test_notice_without_any_proposed_penalty_is_refused(officer_client, township_a, bureau_unit, pair, today):
    case = file_case(officer_client, township_a, bureau_unit, pair)
    act(officer_client, case, "investigate", {"on": day(15, today)})

    response = act(officer_client, case, "notify", {"on": day(10, today), "penalty_basis": "第九十九条"})

    assert response.status_code == 400
    assert Case.objects.get(pk=case.pk).stage == S.INVESTIGATING


def test_execution_of_a_fine_needs_the_amount_paid(officer_client, township_a, pair, today):
    case = CaseFactory.create(
        org_unit=township_a,
        stage=S.DECIDED,
        filed_on=today - dt.timedelta(days=30),
        decided_on=today - dt.timedelta(days=2),
        fine_yuan=Decimal("5000"),
        officers=pair,
    )

    response = act(officer_client, case, "execute", {"on": day(0, today)})

    assert response.status_code == 400
    assert Case.objects.get(pk=case.pk).stage == S.DECIDED


def test_a_leader_reads_a_case_but_cannot_move_it(leader_client, township_a, pair, today):
    case = CaseFactory.create(org_unit=township_a, filed_on=today - dt.timedelta(days=3), officers=pair)

    assert leader_client.get(reverse("enforcement:case_detail", args=[case.pk])).status_code == 200
    assert act(leader_client, case, "investigate", {"on": day(0, today)}).status_code == 403


def test_township_staff_cannot_file_a_case(staff_a_client, township_a, bureau_unit, pair):
    response = staff_a_client.post(reverse("enforcement:case_create"), case_form_data(township_a, bureau_unit, pair))

    assert response.status_code == 403
    assert not Case.objects.exists()


def test_filing_from_an_inspection_fills_in_the_party(officer_client, township_a, bureau_unit, pair):
    from tests.factories.enforcement import FindingFactory, InspectionFactory

    inspection = InspectionFactory.create(
        org_unit=township_a, issuer=bureau_unit, unit_name="青山砖瓦厂", officers=pair
    )
    FindingFactory.create(inspection=inspection, description="粉碎机皮带轮无防护罩")

    response = officer_client.get(reverse("enforcement:case_create"), {"inspection": inspection.pk})

    initial = response.context["form"].initial
    assert initial["party_name"] == "青山砖瓦厂"
    assert "粉碎机皮带轮无防护罩" in initial["facts"]


def test_an_officer_corrects_the_facts_before_the_party_is_notified(
    officer_client, township_a, bureau_unit, pair, today
):
    case = file_case(officer_client, township_a, bureau_unit, pair)
    data = case_form_data(township_a, bureau_unit, pair, facts="经查，该公司污水池有限空间未设置安全警示标志。")

    officer_client.post(reverse("enforcement:case_edit", args=[case.pk]), data)

    case.refresh_from_db()
    assert case.facts == "经查，该公司污水池有限空间未设置安全警示标志。"


def test_a_notified_case_can_no_longer_be_edited(officer_client, township_a, pair, today):
    case = CaseFactory.create(
        org_unit=township_a,
        stage=S.NOTIFIED,
        filed_on=today - dt.timedelta(days=9),
        notified_on=today - dt.timedelta(days=2),
        officers=pair,
    )

    response = officer_client.post(
        reverse("enforcement:case_edit", args=[case.pk]),
        case_form_data(township_a, case.issuer, pair, facts="改写的事实"),
    )

    assert response.status_code == 400
    assert Case.objects.get(pk=case.pk).facts != "改写的事实"


def test_the_decision_form_starts_from_the_proposed_penalty(officer_client, township_a, pair, today):
    case = CaseFactory.create(
        org_unit=township_a,
        stage=S.NOTIFIED,
        filed_on=today - dt.timedelta(days=9),
        notified_on=today - dt.timedelta(days=2),
        fine_yuan=Decimal("10000"),
        officers=pair,
    )

    response = officer_client.get(reverse("enforcement:case_detail", args=[case.pk]))

    decide = next(item["form"] for item in response.context["action_forms"] if item["action"] == "decide")
    assert decide.initial["fine_yuan"] == Decimal("10000")
