"""Bulk re-inspection and closing from the ledger: one date, one re-inspector, one note for many hazards.

Every hazard that may be closed is closed with its own audit entry and a new version; the others are listed
with why. Only the user's area is touched, and the cost does not grow with the number of hazards.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from hazards import services
from hazards.forms import BulkCloseForm
from hazards.models import Hazard
from org.models import AuditEntry
from reports.models import SummaryReport
from tests.factories.hazards import HazardFactory

pytestmark = pytest.mark.django_db

S = Hazard.Status
MAY_3 = dt.date(2026, 5, 3)
URL = reverse("hazards:bulk_close")


def awaiting(unit, n: int = 1, **fields) -> list[Hazard]:
    defaults = {"status": S.AWAITING_REVIEW, "found_on": dt.date(2026, 3, 10), "rectified_on": dt.date(2026, 4, 20)}
    return [HazardFactory.create(org_unit=unit, **{**defaults, **fields}) for _ in range(n)]


def close(user, hazards, on: dt.date = MAY_3, **extra) -> services.BulkCloseResult:
    return services.hazard_bulk_close(
        acting_user=user,
        hazards=[h.pk for h in hazards],
        closed_on=on,
        reinspector="周所长",
        note="集中复查合格",
        **extra,
    )


def pick(client, hazards, query: str = ""):
    return client.post(f"{URL}?{query}", {"step": "pick", "ids": [h.pk for h in hazards]})


def confirm(client, response, **fields):
    """Post the confirmation page back as shown, with the fields changed."""
    form = response.context["form"]
    data = {
        "step": "confirm",
        "closed_on": MAY_3.isoformat(),
        "reinspector": form["reinspector"].value(),
        "note": "集中复查合格",
        "rows": form["rows"].value(),
        "reason": "",
    }
    data.update(fields)
    return client.post(URL, data)


def approve_first_half(scope) -> SummaryReport:
    return SummaryReport.objects.create(
        scope=scope,
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 6, 30),
        as_of=dt.date(2026, 6, 30),
        title="临江市2026年上半年工作总结",
        issuer="临江市应急管理局",
        signed_on=dt.date(2026, 7, 2),
        status=SummaryReport.Status.APPROVED,
        approved_at=timezone.now(),
    )


# --- The service -------------------------------------------------------------------------------------------


def test_bulk_closing_closes_every_hazard_on_the_stated_date(township_a, township_a_staff):
    hazards = awaiting(township_a, 3)
    close(township_a_staff, hazards)
    rows = Hazard.objects.filter(pk__in=[h.pk for h in hazards])
    assert set(rows.values_list("status", "closed_on", "reinspected_on", "reinspector")) == {
        (S.CLOSED, MAY_3, MAY_3, "周所长")
    }


def test_bulk_closing_of_n_hazards_writes_n_audit_entries(township_a, township_a_staff):
    hazards = awaiting(township_a, 4)
    close(township_a_staff, hazards)
    entries = AuditEntry.objects.filter(action="hazards.hazard.reinspect_pass", target_id__in=[h.pk for h in hazards])
    assert list(entries.order_by("target_id").values_list("target_id", flat=True)) == sorted(h.pk for h in hazards)
    assert {(e.actor_id, e.data["closed_on"], e.data["to"]) for e in entries} == {
        (township_a_staff.pk, "2026-05-03", S.CLOSED)
    }


def test_bulk_closing_bumps_each_version_and_the_audit_entry_names_it(township_a, township_a_staff):
    first, second = awaiting(township_a, 2)
    Hazard.objects.filter(pk=second.pk).update(version=7)
    close(township_a_staff, [first, second])
    versions = dict(Hazard.objects.filter(pk__in=[first.pk, second.pk]).values_list("pk", "version"))
    assert versions == {first.pk: 2, second.pk: 8}
    audited = dict(AuditEntry.objects.filter(target_id__in=versions).values_list("target_id", "data__version"))
    assert audited == versions


def test_bulk_closing_delists_a_listed_major_hazard(township_a, township_a_staff):
    (major,) = awaiting(
        township_a,
        level=Hazard.Level.MAJOR,
        supervision_level="county",
        listed_on=dt.date(2026, 3, 12),
        five_person="赵厂长",
        five_measures="加装泄爆片",
        five_funds=3,
        five_deadline=dt.date(2026, 6, 1),
        five_plan="专项应急预案",
    )
    close(township_a_staff, [major])
    assert Hazard.objects.get(pk=major.pk).delisted_on == MAY_3


def test_hazards_not_awaiting_reinspection_are_refused_with_their_state(township_a, township_a_staff):
    (rectifying,) = awaiting(township_a, status=S.RECTIFYING, rectified_on=None)
    result = close(township_a_staff, [rectifying])
    assert [(r.pk, r.code) for r in result.refused] == [(rectifying.pk, "state")]
    assert Hazard.objects.get(pk=rectifying.pk).status == S.RECTIFYING


def test_a_date_before_a_hazards_rectification_refuses_that_hazard_only(township_a, township_a_staff):
    (late,) = awaiting(township_a, rectified_on=dt.date(2026, 5, 10))
    (ready,) = awaiting(township_a)
    result = close(township_a_staff, [late, ready])
    assert [h.pk for h in result.closed] == [ready.pk]
    assert [(r.pk, r.code) for r in result.refused] == [(late.pk, "date")]


def test_a_date_in_the_future_refuses_the_whole_step(township_a, township_a_staff):
    hazards = awaiting(township_a, 2)
    with pytest.raises(services.ValidationError):
        close(township_a_staff, hazards, on=timezone.localdate() + dt.timedelta(days=1))
    assert not Hazard.objects.filter(status=S.CLOSED).exists()


def test_township_staff_cannot_bulk_close_another_townships_hazards(township_b, township_a_staff):
    theirs = awaiting(township_b, 2)
    result = close(township_a_staff, theirs)
    assert {(r.pk, r.hazard, r.code) for r in result.refused} == {(h.pk, None, "scope") for h in theirs}
    assert not Hazard.objects.filter(status=S.CLOSED).exists()


def test_a_queryset_is_read_within_the_users_area(township_a, township_b, township_a_staff):
    mine, theirs = awaiting(township_a)[0], awaiting(township_b)[0]
    result = services.hazard_bulk_close(
        acting_user=township_a_staff, hazards=Hazard.objects.all(), closed_on=MAY_3, reinspector="周所长", note=""
    )
    assert [h.pk for h in result.closed] == [mine.pk]
    assert Hazard.objects.get(pk=theirs.pk).status == S.AWAITING_REVIEW


def test_a_hazard_saved_since_the_check_is_refused(township_a, township_a_staff):
    (hazard,) = awaiting(township_a)
    seen = {hazard.pk: hazard.version}
    Hazard.objects.filter(pk=hazard.pk).update(version=hazard.version + 1)
    result = close(township_a_staff, [hazard], versions=seen)
    assert [r.code for r in result.refused] == ["changed"]


def test_bulk_closing_into_an_approved_period_needs_a_reason(township_a, township_a_staff, city):
    approve_first_half(city)
    hazards = awaiting(township_a, 2)
    result = close(township_a_staff, hazards)
    assert {r.code for r in result.refused} == {"closed_period"}
    assert not Hazard.objects.filter(status=S.CLOSED).exists()


def test_bulk_closing_into_an_approved_period_with_a_reason_keeps_it(township_a, township_a_staff, city):
    approve_first_half(city)
    hazards = awaiting(township_a, 2)
    close(township_a_staff, hazards, reason="补录上半年复查记录")
    reasons = set(
        AuditEntry.objects.filter(target_id__in=[h.pk for h in hazards]).values_list(
            "data__closed_period_reason", flat=True
        )
    )
    assert reasons == {"补录上半年复查记录"}


def test_a_dry_run_writes_nothing(township_a, township_a_staff):
    hazards = awaiting(township_a, 2)
    result = close(township_a_staff, hazards, dry_run=True)
    assert len(result.closed) == 2
    assert not Hazard.objects.filter(status=S.CLOSED).exists()


@pytest.mark.parametrize("n", [3, 30])
def test_bulk_closing_takes_a_fixed_number_of_queries(township_a, township_a_staff, django_assert_num_queries, n):
    hazards = awaiting(township_a, n)
    ContentType.objects.get_for_model(Hazard)  # cached for the process, as in production
    # savepoint, the hazards, the approved summaries, the bureau's separation rule, the photos (closure checks),
    # the update, the audit entries, release
    with django_assert_num_queries(8):
        result = close(township_a_staff, hazards)
    assert len(result.closed) == n


@pytest.mark.parametrize("n", [3, 30])
def test_checking_a_bulk_closing_takes_a_fixed_number_of_queries(
    township_a, township_a_staff, django_assert_num_queries, n
):
    hazards = awaiting(township_a, n)
    with django_assert_num_queries(5):  # savepoint, the hazards, the approved summaries, the bureau's rule, release
        close(township_a_staff, hazards, dry_run=True)


# --- The pages ---------------------------------------------------------------------------------------------


def test_the_ledger_offers_ticking_rows_and_all_matching_as_one_choice(staff_a_client, township_a):
    awaiting(township_a, 2)
    page = staff_a_client.get(reverse("hazards:list")).content.decode()
    assert page.count('name="ids"') == 2
    assert "选择符合筛选条件的全部2条隐患" in page


def test_the_confirmation_shows_how_many_will_be_closed(staff_a_client, township_a):
    hazards = awaiting(township_a, 3)
    response = pick(staff_a_client, hazards)
    assert response.status_code == 200
    assert "将复查销号3条隐患。" in response.content.decode()


def test_the_confirmation_and_the_result_list_refused_rows_with_their_reasons(staff_a_client, township_a, township_b):
    ready = awaiting(township_a, 2)
    (rectifying,) = awaiting(township_a, status=S.RECTIFYING, rectified_on=None, place_name="青石建材")
    (late,) = awaiting(township_a, rectified_on=dt.date(2026, 5, 20), place_name="晨光五金")
    (theirs,) = awaiting(township_b, place_name="别镇企业")
    checked = pick(staff_a_client, [*ready, rectifying, late, theirs])
    done = confirm(staff_a_client, checked).content.decode()
    assert "已复查销号2条隐患，复查销号日期为2026-05-03。" in done
    assert "青石建材" in done
    assert "当前为“整改中”，只有待复查的隐患才能销号。" in done
    assert "复查日期不能早于整改完成日期（2026-05-20）。" in done


def test_an_id_outside_the_area_is_refused_without_naming_the_hazard(staff_a_client, township_b):
    (theirs,) = awaiting(township_b, place_name="别镇企业")
    page = pick(staff_a_client, [theirs]).content.decode()
    assert "在您的辖区内未找到该隐患。" in page
    assert "别镇企业" not in page


def test_township_staff_cannot_bulk_close_another_townships_hazards_through_the_page(staff_b_client, township_a):
    hazards = awaiting(township_a, 2)
    checked = pick(staff_b_client, hazards)
    rows = BulkCloseForm.encode_rows({h.pk: h.version for h in hazards})  # a forged confirmation
    staff_b_client.post(URL, {"step": "confirm", "closed_on": "2026-05-03", "reinspector": "刘干事", "rows": rows})
    assert checked.context["result"].closed == []
    assert not Hazard.objects.filter(status=S.CLOSED).exists()


def test_select_all_matching_closes_the_filtered_hazards_beyond_the_first_page(staff_a_client, township_a):
    awaiting(township_a, 30)
    awaiting(township_a, 2, found_on=dt.date(2026, 2, 1), status=S.ASSIGNED)
    checked = staff_a_client.post(f"{URL}?status=awaiting_review", {"step": "pick", "all": "1"})
    confirm(staff_a_client, checked)
    assert Hazard.objects.filter(status=S.CLOSED).count() == 30


def test_a_future_date_on_the_confirmation_is_refused_at_the_date_field(staff_a_client, township_a):
    hazards = awaiting(township_a, 2)
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = confirm(staff_a_client, pick(staff_a_client, hazards), closed_on=tomorrow)
    assert "closed_on" in response.context["form"].errors
    assert "日期不能晚于今天。" in response.content.decode()


def test_the_confirmation_asks_for_a_reason_for_an_approved_period(staff_a_client, township_a, city):
    approve_first_half(city)
    hazards = awaiting(township_a, 2)
    checked = confirm(staff_a_client, pick(staff_a_client, hazards), step="check")
    assert not checked.context["form"]["reason"].is_hidden
    assert "已审定" in checked.content.decode()


def test_the_confirmation_with_a_reason_closes_into_the_approved_period(staff_a_client, township_a, city):
    approve_first_half(city)
    hazards = awaiting(township_a, 2)
    confirm(staff_a_client, pick(staff_a_client, hazards), reason="补录上半年复查记录")
    assert Hazard.objects.filter(status=S.CLOSED, closed_on=MAY_3).count() == 2


def test_nothing_ticked_goes_back_to_the_ledger(staff_a_client):
    response = staff_a_client.post(URL, {"step": "pick"})
    assert response.status_code == 302


def test_a_leader_may_not_bulk_close(leader_client, township_a):
    hazards = awaiting(township_a, 2)
    assert pick(leader_client, hazards).status_code == 403
