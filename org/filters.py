"""Filters every app's lists share (django-filter)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from org.models import OrgUnit


@dataclass
class FilterRequest:
    """django-filter reads ``request.user`` to limit choices; selectors have the user only."""

    user: Any


def _visible_units(request: Any) -> QuerySet[OrgUnit]:
    user = getattr(request, "user", None)
    return OrgUnit.objects.visible_to(user) if user else OrgUnit.objects.none()


def visible_townships(request: Any) -> QuerySet[OrgUnit]:
    """Township choices for a filter: those in the requesting user's area."""
    user = getattr(request, "user", None)
    return OrgUnit.objects.visible_to(user).townships() if user else OrgUnit.objects.none()


class AreaFilter(django_filters.ModelChoiceFilter):
    """``?unit=<pk>``: records of that unit and everything under it (a district, say).

    Only units in the user's scope are accepted; the links from dashboards and
    summary figures use it to land on exactly the records a number counts.
    """

    def __init__(self, *, field_name: str = "org_unit", **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Area"))
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(field_name=field_name, queryset=_visible_units, **kwargs)

    def filter(self, qs: QuerySet, value: OrgUnit | None) -> QuerySet:
        return qs.filter(**{f"{self.field_name}__path__startswith": value.path}) if value else qs
