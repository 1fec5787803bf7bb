"""The scope rules of org/scoping.py as a user meets them: a unit outside the area is refused at its field in
Chinese, whoever calls the service; a user with no limit passes; an anonymous visitor is sent to the login page
and back; an enterprise user's unknown URL is refused like every other URL outside their pages."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hazards import services
from hazards.models import Hazard
from org.models import AuditEntry, Role
from org.services import user_create
from tests.factories.enterprises import EnterpriseFactory
from tests.factories.hazards import hazard_form_data, sector
from tests.factories.org import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

OUTSIDE = "该组织单位不在您的管辖范围内。"


def test_the_hazard_service_refuses_another_townships_unit_at_the_township_field(township_a_staff, township_b):
    # The form offers only the user's own units; the service refuses all the same, for every other caller
    # (a finding handed over by an inspection, a self-report accepted), at the field the unit came in.
    with pytest.raises(ValidationError) as refused:
        services.hazard_create(
            acting_user=township_a_staff,
            org_unit=township_b,
            place_name="青山化工厂",
            sector=sector(),
            description="储罐区防火堤破损",
            found_on=dt.date(2026, 3, 2),
        )
    assert refused.value.message_dict == {"org_unit": [OUTSIDE]}
    assert not Hazard.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_superuser_without_a_unit_files_a_hazard_into_any_township(township_b, client_for):
    installer = UserFactory.create(username="installer", org_unit=None, is_superuser=True, role=Role.ADMIN)
    response = client_for(installer).post(reverse("hazards:create"), hazard_form_data(township_b))
    assert response.status_code == 302
    assert Hazard.objects.get().org_unit == township_b


def test_an_officer_not_yet_logged_in_is_sent_to_the_login_page_and_back_to_the_page_asked_for(
    client, officer, township_a
):
    # The enterprise's poster code leads to its page, whose link starts an inspection with the firm filled in.
    asked = f"{reverse('enforcement:inspection_create')}?enterprise={EnterpriseFactory.create(org_unit=township_a).pk}"
    response = client.get(asked)
    assert response.url == f"{reverse('login')}?next={quote(asked, safe='/')}"
    logged_in = client.post(response.url, {"username": officer.username, "password": PASSWORD})
    assert logged_in.url == asked


def test_an_enterprise_user_asking_for_an_unknown_url_is_refused(township_a, client_for):
    manager = user_create(
        username="ent_a",
        password=PASSWORD,
        org_unit=None,
        role=Role.ENTERPRISE,
        display_name="张安全",
        enterprise=EnterpriseFactory.create(org_unit=township_a),
    )
    assert client_for(manager).get("/no-such-page/").status_code == 403
