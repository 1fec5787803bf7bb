"""The admin cannot bypass the domain (issue 17): domain records are read-only there, even for a superuser.

Every model registered in the admin site is walked. The ones that stay editable are named below, each for a
reason given in its admin; any other model is a domain record, so a model registered without a decision fails.
"""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.contrib import admin
from django.db import models
from django.forms.models import model_to_dict
from django.test import RequestFactory
from django.urls import reverse

from enforcement.models import NumberSequence
from hazards.models import Criterion
from org.models import AuditEntry, Notification, User
from responsibility.models import RankingScheme, RubricElement
from tests.factories.floodprep import (
    CheckInFactory,
    DrillFactory,
    ForestPatrolFactory,
    ReserveStandardFactory,
    StockFactory,
)
from tests.factories.org import UserFactory
from tests.permission_world import (  # noqa: F401  (one record of every kind)
    bureau_unit,
    enforcement_records,
    flood_records,
    pair,
    partner,
    responsibility_records,
    today,
    world,
)

pytestmark = pytest.mark.django_db

# Configuration no service owns and that nothing refers to in a way an edit would falsify; never deleted.
EDITABLE = {
    "org.User",  # deactivated, never deleted
    "hazards.Sector",
    "hazards.Criterion",
    "enforcement.OfficerCertificate",
    "floodprep.SupplyItem",
    "floodprep.ReserveStandard",
    "responsibility.RankingScheme",
    "responsibility.RubricElement",
    "reports.SectionTemplate",
}
# Other apps' admins, left as they ship: groups are Django's, lockouts are django-axes' (deleting one unlocks).
THIRD_PARTY = {"auth.Group", "axes.AccessAttempt", "axes.AccessLog", "axes.AccessFailureLog"}

REGISTRY = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
DOMAIN = [(model, model_admin) for model, model_admin in REGISTRY if model._meta.label not in EDITABLE | THIRD_PARTY]
CONFIGURATION = [(model, model_admin) for model, model_admin in REGISTRY if model._meta.label in EDITABLE]


def _ids(items) -> list[str]:
    return [model._meta.label for model, _ in items]


def _url(model: type[models.Model], view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def every_record(request, township_a, township_a_staff, city) -> None:
    """The shared world, plus the kinds no permission test needs: a real row of every domain record."""
    records = request.getfixturevalue("world")  # by name: a parameter would shadow the import
    CheckInFactory.create(person=records["flood_person"])
    StockFactory.create(warehouse=records["flood_warehouse"])
    DrillFactory.create(org_unit=township_a)
    ForestPatrolFactory.create(org_unit=township_a)
    Notification.objects.create(recipient=township_a_staff, message="隐患已逾期")
    NumberSequence.objects.create(issuer=city, code="罚决", year=2026, last=3)
    ReserveStandardFactory.create(org_unit=township_a)
    Criterion.objects.create(
        standard="重大事故隐患判定标准", part=Criterion.Part.GENERAL, clause="第四条", text="未依法取得安全生产许可"
    )
    scheme = RankingScheme.objects.first()
    assert scheme is not None
    RubricElement.objects.create(scheme=scheme, name="隐患整改", points=10)


@pytest.fixture
def superuser_request(admin_user):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    return request


def test_the_editable_models_are_all_registered():
    assert {model._meta.label for model in admin.site._registry} >= EDITABLE | THIRD_PARTY


def test_the_domain_records_include_the_ones_the_issue_names():
    assert {
        "hazards.Hazard",
        "hazards.HazardPhoto",
        "enforcement.Case",
        "enforcement.IssuedDocument",
        "reports.SummaryReport",
        "reports.ReportVersion",
        "org.AuditEntry",
    } <= {*_ids(DOMAIN), *(inline.model._meta.label for _, ma in DOMAIN for inline in ma.inlines)}


@pytest.mark.parametrize(("model", "model_admin"), DOMAIN, ids=_ids(DOMAIN))
def test_a_superuser_may_only_view_a_domain_record(model, model_admin, superuser_request):
    assert (
        model_admin.has_view_permission(superuser_request),
        model_admin.has_add_permission(superuser_request),
        model_admin.has_change_permission(superuser_request),
        model_admin.has_delete_permission(superuser_request),
    ) == (True, False, False, False)


@pytest.mark.parametrize(("model", "model_admin"), DOMAIN, ids=_ids(DOMAIN))
def test_the_rows_under_a_domain_record_are_read_only_too(model, model_admin, superuser_request):
    for inline in model_admin.get_inline_instances(superuser_request):
        assert (
            inline.has_add_permission(superuser_request, None),
            inline.has_change_permission(superuser_request),
            inline.has_delete_permission(superuser_request),
        ) == (False, False, False), inline


@pytest.mark.usefixtures("every_record")
@pytest.mark.parametrize(("model", "model_admin"), DOMAIN, ids=_ids(DOMAIN))
def test_a_domain_changelist_offers_no_add_button_and_no_delete_action(model, model_admin, admin_client):
    response = admin_client.get(_url(model, "changelist"))

    assert response.status_code == 200
    assert _url(model, "add") not in response.content.decode()
    assert "delete_selected" not in response.content.decode()


@pytest.mark.parametrize(("model", "model_admin"), DOMAIN, ids=_ids(DOMAIN))
@pytest.mark.usefixtures("every_record")
def test_posting_to_a_domain_record_is_refused_and_leaves_it_unchanged(model, model_admin, admin_client):
    record = model._default_manager.order_by("pk").first()
    before = model_to_dict(record)

    view = admin_client.get(_url(model, "change", record.pk))
    change = admin_client.post(_url(model, "change", record.pk), {})
    delete = admin_client.post(_url(model, "delete", record.pk), {"post": "yes"})

    assert (view.status_code, change.status_code, delete.status_code) == (200, 403, 403)
    assert model_to_dict(model._default_manager.get(pk=record.pk)) == before


@pytest.mark.parametrize(("model", "model_admin"), CONFIGURATION, ids=_ids(CONFIGURATION))
@pytest.mark.usefixtures("every_record")
def test_configuration_is_edited_but_never_deleted(model, model_admin, superuser_request, admin_client):
    response = admin_client.get(_url(model, "changelist"))
    record = model._default_manager.order_by("pk").first()
    assert admin_client.get(_url(model, "change", record.pk)).status_code == 200

    assert model_admin.has_change_permission(superuser_request) is True
    assert model_admin.has_delete_permission(superuser_request) is False
    assert "delete_selected" not in response.content.decode()


def test_a_user_who_leaves_is_deactivated_and_the_trail_keeps_the_name(admin_client, township_a):
    user = UserFactory.create(username="leaver", display_name="赵离职", org_unit=township_a)
    entry = AuditEntry.objects.create(actor=user, action="hazards.hazard.created")

    delete = admin_client.post(_url(User, "delete", user.pk), {"post": "yes"})
    with pytest.raises(models.ProtectedError):
        user.delete()

    assert delete.status_code == 403
    assert AuditEntry.objects.get(pk=entry.pk).actor == user


def test_deactivating_a_user_in_the_admin_leaves_an_audit_entry(admin_client, admin_user, township_a):
    user = UserFactory.create(username="leaver", org_unit=township_a)
    data = {
        **model_to_dict(user, fields=["username", "display_name", "phone", "role", "email", "first_name", "last_name"]),
        "org_unit": township_a.pk,
        "is_active": "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "08:00:00",
    }

    admin_client.post(_url(User, "change", user.pk), data)

    user.refresh_from_db()
    assert user.is_active is False
    assert AuditEntry.objects.get(action="org.user.changed", target_id=user.pk).actor == admin_user


ENGLISH = re.compile(r"\b[A-Za-z]{3,}\b")


# Records' own data are not wording: action codes ("hazards.hazard.created") and JSON data are identifiers.
IDENTIFIERS = re.compile(r"\b[a-z_]+(?:\.[a-z_]+)+\b|\{[^{}]*\}")


def _visible_text(html: str) -> str:
    html = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    return IDENTIFIERS.sub(" ", unescape(re.sub(r"(?s)<[^>]+>", " ", html)))


@pytest.mark.parametrize(
    "url",
    [reverse("admin:index"), reverse("admin:hazards_hazard_changelist"), reverse("admin:org_auditentry_changelist")],
)
@pytest.mark.usefixtures("every_record")
def test_the_admin_speaks_chinese(url, admin_client):
    response = admin_client.get(url, headers={"accept-language": "zh-hans"})
    text = _visible_text(response.content.decode())

    assert "安全生产工作平台" in text
    # The superuser's own name ("admin") is data, not wording.
    english = sorted(set(ENGLISH.findall(text)) - {"admin"})
    assert english == [], " ".join(english)
