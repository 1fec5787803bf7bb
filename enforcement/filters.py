"""The list filters (django-filter); township and officer choices are limited to the user's area."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enforcement.models import DECISION_LIMIT_DAYS, Case, CaseQuerySet, Inspection, JointAction, RectificationOrder
from hazards.models import Campaign, Sector
from org.filters import AreaFilter, visible_townships
from org.models import Role, User
from org.scoping import visible_unit_ids

CHECKBOX = django_filters.widgets.forms.CheckboxInput


def officers_visible_to(user: Any) -> QuerySet[User]:
    """Officers working within the user's area (a city officer picks from the whole city)."""
    qs = User.objects.filter(role=Role.OFFICER, is_active=True).order_by("display_name", "username")
    ids = visible_unit_ids(user)
    return qs if ids is None else qs.filter(org_unit__in=ids)


def _officers(request: Any) -> QuerySet[User]:
    user = getattr(request, "user", None)
    return officers_visible_to(user) if user else User.objects.none()


class InspectionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    # From an enterprise's page (enterprises:detail): its records only.
    enterprise = django_filters.NumberFilter(field_name="enterprise", widget=forms.HiddenInput)
    unit = AreaFilter()
    township = django_filters.ModelChoiceFilter(
        field_name="org_unit", label=_("Township"), queryset=visible_townships, empty_label=_("All townships")
    )
    sector = django_filters.ModelChoiceFilter(queryset=Sector.objects.all(), label=_("Sector"))
    kind = django_filters.ChoiceFilter(choices=Inspection.Kind.choices, label=_("Kind"))
    joint_action = django_filters.ModelChoiceFilter(queryset=JointAction.objects.all(), label=_("Joint action"))
    # ?campaign=<pk>: the link from a campaign's figures lists the records counted under it.
    campaign = django_filters.ModelChoiceFilter(queryset=Campaign.objects.all(), label=_("Campaign"))
    officer = django_filters.ModelChoiceFilter(field_name="officers", queryset=_officers, label=_("Officer"))
    date_from = django_filters.DateFilter(field_name="inspected_on", lookup_expr="gte", label=_("From"))
    date_to = django_filters.DateFilter(field_name="inspected_on", lookup_expr="lte", label=_("To"))
    order = django_filters.ChoiceFilter(
        label=_("Rectification order"),
        method="filter_order",
        choices=[
            ("none", _("No order")),
            ("overdue", _("Past deadline, not re-inspected")),
            *RectificationOrder.Status.choices,
        ],
    )
    o = django_filters.OrderingFilter(
        fields=(("inspected_on", "date"), ("org_unit__path", "township"), ("unit_name", "unit")), label=_("Sort")
    )

    class Meta:
        model = Inspection
        fields: list[str] = []

    def filter_q(self, queryset: QuerySet[Inspection], name: str, value: str) -> QuerySet[Inspection]:
        for word in value.split():
            queryset = queryset.filter(
                Q(unit_name__icontains=word)
                | Q(address__icontains=word)
                | Q(credit_code__iexact=word)
                | Q(summary__icontains=word)
            )
        return queryset

    def filter_order(self, queryset: QuerySet[Inspection], name: str, value: str) -> QuerySet[Inspection]:
        if value == "none":
            return queryset.filter(order__isnull=True)
        if value == "overdue":
            return queryset.filter(
                order__status=RectificationOrder.Status.AWAITING, order__deadline__lt=timezone.localdate()
            )
        return queryset.filter(order__status=value)


MEASURES = [
    ("fine", _("Fine")),
    ("warning", _("Warning")),
    ("suspension", _("Suspension")),
    ("closure", _("Closure")),
    ("seal", _("Seal or seizure")),
    ("three_stops", _("Three stops")),
    ("detention", _("Detention referral")),
    ("judicial_transfer", _("Transferred to the judiciary")),
    ("credit_penalty", _("Credit penalty")),
    ("exposure", _("Public exposure")),
]


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    # From an enterprise's page (enterprises:detail): its records only.
    enterprise = django_filters.NumberFilter(field_name="enterprise", widget=forms.HiddenInput)
    unit = AreaFilter()
    township = django_filters.ModelChoiceFilter(
        field_name="org_unit", label=_("Township"), queryset=visible_townships, empty_label=_("All townships")
    )
    sector = django_filters.ModelChoiceFilter(queryset=Sector.objects.all(), label=_("Sector"))
    stage = django_filters.ChoiceFilter(choices=Case.Stage.choices, label=_("Stage"))
    campaign = django_filters.ModelChoiceFilter(queryset=Campaign.objects.all(), label=_("Campaign"))
    measure = django_filters.ChoiceFilter(choices=MEASURES, label=_("Measure"), method="filter_measure")
    officer = django_filters.ModelChoiceFilter(field_name="officers", queryset=_officers, label=_("Officer"))
    filed_from = django_filters.DateFilter(field_name="filed_on", lookup_expr="gte", label=_("Filed from"))
    filed_to = django_filters.DateFilter(field_name="filed_on", lookup_expr="lte", label=_("Filed to"))
    decided_from = django_filters.DateFilter(field_name="decided_on", lookup_expr="gte", label=_("Decided from"))
    decided_to = django_filters.DateFilter(field_name="decided_on", lookup_expr="lte", label=_("Decided to"))
    open = django_filters.BooleanFilter(method="filter_open", label=_("Open cases only"), widget=CHECKBOX)
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Undecided after 90 days"), widget=CHECKBOX)
    o = django_filters.OrderingFilter(
        fields=(
            ("filed_on", "filed"),
            ("decided_on", "decided"),
            ("fine_yuan", "fine"),
            ("org_unit__path", "township"),
        ),
        label=_("Sort"),
    )

    class Meta:
        model = Case
        fields: list[str] = []

    def filter_q(self, queryset: QuerySet[Case], name: str, value: str) -> QuerySet[Case]:
        for word in value.split():
            queryset = queryset.filter(
                Q(number__icontains=word)
                | Q(party_name__icontains=word)
                | Q(cause__icontains=word)
                | Q(credit_code__iexact=word)
            )
        return queryset

    def filter_measure(self, queryset: QuerySet[Case], name: str, value: str) -> QuerySet[Case]:
        decided = queryset.filter(decided_on__isnull=False)
        if value == "fine":
            return decided.filter(fine_yuan__gt=0)
        if value == "detention":
            return decided.filter(detained_people__gt=0)
        return decided.filter(**{value: True})

    def filter_open(self, queryset: CaseQuerySet, name: str, value: bool) -> CaseQuerySet:
        return queryset.open() if value else queryset

    def filter_overdue(self, queryset: CaseQuerySet, name: str, value: bool) -> CaseQuerySet:
        if not value:
            return queryset
        limit = timezone.localdate() - dt.timedelta(days=DECISION_LIMIT_DAYS)
        return queryset.undecided().filter(filed_on__lt=limit)
