from __future__ import annotations

import factory

from org.models import OrgUnit, Role, User
from org.services import org_unit_create

PASSWORD = "pass-for-tests"


class OrgUnitFactory(factory.django.DjangoModelFactory[OrgUnit]):
    """Builds units through the service so ``path`` is always right."""

    class Meta:
        model = OrgUnit

    name = factory.Sequence(lambda n: f"单位{n}")
    code = factory.Sequence(lambda n: f"T{n:05d}")
    kind = OrgUnit.Kind.TOWNSHIP
    parent = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return org_unit_create(**kwargs)


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"用户{n}")
    role = Role.TOWNSHIP_STAFF
    org_unit = factory.SubFactory(OrgUnitFactory)
    password = factory.django.Password(PASSWORD)
