"""List filters (django-filter). Every list takes the same ``unit``, ``start`` and ``end``
parameters, so the readiness page can link each figure to the rows behind it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from floodprep.models import (
    CheckIn,
    Drill,
    ForestPatrol,
    PersonLevel,
    RescueTeam,
    ResponsiblePerson,
    RiskInspection,
    RiskPoint,
    Shelter,
    Warehouse,
)
from floodprep.seasons import default_period
from org.forms import DATE_INPUT
from org.models import OrgUnit
from org.periods import Period

YES_NO = (("yes", _("Yes")), ("no", _("No")))


def _areas(request: Any) -> QuerySet[OrgUnit]:
    user = getattr(request, "user", None)
    if user is None:
        return OrgUnit.objects.none()
    kinds = (OrgUnit.Kind.DISTRICT, OrgUnit.Kind.TOWNSHIP, OrgUnit.Kind.VILLAGE)
    return OrgUnit.objects.visible_to(user).filter(kind__in=kinds).order_by("path")


class AreaChoiceField(forms.ModelChoiceField):
    """Districts, townships and villages in tree order, indented so the tree reads on a phone."""

    def label_from_instance(self, obj: OrgUnit) -> str:
        indents: dict[str, str] = {OrgUnit.Kind.TOWNSHIP: "· ", OrgUnit.Kind.VILLAGE: "· · "}
        indent = indents.get(obj.kind, "")
        return f"{indent}{obj.name}"


class AreaFilter(django_filters.ModelChoiceFilter):
    field_class = AreaChoiceField


class AreaPeriodFilterSet(django_filters.FilterSet):
    """Area (the unit and everything under it), free text and a date range.

    ``date_field`` names the record's date for dated records; for the roster and
    the risk points the range is the period their check-in / inspection filters ask about.
    """

    date_field: str | None = None
    search_fields: tuple[str, ...] = ("name",)

    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    unit = AreaFilter(label=_("Area"), queryset=_areas, method="filter_unit", empty_label=_("All areas"))
    start = django_filters.DateFilter(label=_("From"), method="filter_start", widget=DATE_INPUT)
    end = django_filters.DateFilter(label=_("To"), method="filter_end", widget=DATE_INPUT)

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        for word in value.split():
            match = Q()
            for field in self.search_fields:
                match |= Q(**{f"{field}__icontains": word})
            queryset = queryset.filter(match)
        return queryset

    def filter_unit(self, queryset: QuerySet, name: str, value: OrgUnit) -> QuerySet:
        return queryset.filter(org_unit__path__startswith=value.path)

    def filter_start(self, queryset: QuerySet, name: str, value: dt.date) -> QuerySet:
        return queryset.filter(**{f"{self.date_field}__gte": value}) if self.date_field else queryset

    def filter_end(self, queryset: QuerySet, name: str, value: dt.date) -> QuerySet:
        return queryset.filter(**{f"{self.date_field}__lte": value}) if self.date_field else queryset

    @property
    def period(self) -> Period:
        """The range asked for, the current flood season where a bound is missing."""
        default = default_period()
        data = self.form.cleaned_data if self.form.is_valid() else {}
        return Period(data.get("start") or default.start, data.get("end") or default.end)


class PersonFilter(AreaPeriodFilterSet):
    search_fields = ("name", "post", "mobile")
    level = django_filters.ChoiceFilter(choices=PersonLevel.choices, label=_("Level"))
    checked_in = django_filters.ChoiceFilter(choices=YES_NO, label=_("Checked in"), method="filter_checked_in")
    active = django_filters.ChoiceFilter(
        choices=YES_NO, label=_("On the roster"), method="filter_active", empty_label=_("On the roster")
    )

    class Meta:
        model = ResponsiblePerson
        fields: list[str] = []

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        # Without a choice the list shows the current roster, as the figures count it.
        if not self.form.cleaned_data.get("active"):
            queryset = queryset.filter(is_active=True)
        return super().filter_queryset(queryset)

    def filter_active(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(is_active=value == "yes")

    def filter_checked_in(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        period = self.period
        checked = Exists(CheckIn.objects.filter(person=OuterRef("pk"), checked_on__range=(period.start, period.end)))
        return queryset.filter(checked if value == "yes" else ~checked)


class RiskPointFilter(AreaPeriodFilterSet):
    search_fields = ("name", "location")
    kind = django_filters.ChoiceFilter(choices=RiskPoint.Kind.choices, label=_("Kind"))
    inspected = django_filters.ChoiceFilter(choices=YES_NO, label=_("Inspected"), method="filter_inspected")

    class Meta:
        model = RiskPoint
        fields: list[str] = []

    def filter_inspected(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        period = self.period
        through = RiskInspection.risk_points.through.objects.filter(
            riskpoint=OuterRef("pk"), riskinspection__inspected_on__range=(period.start, period.end)
        )
        return queryset.filter(Exists(through) if value == "yes" else ~Exists(through))


class InspectionFilter(AreaPeriodFilterSet):
    date_field = "inspected_on"
    search_fields = ("title", "note")

    class Meta:
        model = RiskInspection
        fields: list[str] = []


class WarehouseFilter(AreaPeriodFilterSet):
    search_fields = ("name", "address", "keeper")
    level = django_filters.ChoiceFilter(choices=Warehouse.Level.choices, label=_("Level"))
    kind = django_filters.ChoiceFilter(choices=Warehouse.Kind.choices, label=_("Kind"))

    class Meta:
        model = Warehouse
        fields: list[str] = []


class TeamFilter(AreaPeriodFilterSet):
    search_fields = ("name", "leader", "equipment")
    kind = django_filters.ChoiceFilter(choices=RescueTeam.Kind.choices, label=_("Kind"))

    class Meta:
        model = RescueTeam
        fields: list[str] = []


class ShelterFilter(AreaPeriodFilterSet):
    search_fields = ("name", "address")
    standard = django_filters.ChoiceFilter(choices=YES_NO, label=_("Meets the standard"), method="filter_standard")

    class Meta:
        model = Shelter
        fields: list[str] = []

    def filter_standard(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(meets_standard=value == "yes")


class DrillFilter(AreaPeriodFilterSet):
    date_field = "held_on"
    search_fields = ("title", "organiser", "scenario")
    kind = django_filters.ChoiceFilter(choices=Drill.Kind.choices, label=_("Kind"))

    class Meta:
        model = Drill
        fields: list[str] = []


class PatrolFilter(AreaPeriodFilterSet):
    date_field = "patrolled_on"
    search_fields = ("route", "note")

    class Meta:
        model = ForestPatrol
        fields: list[str] = []
