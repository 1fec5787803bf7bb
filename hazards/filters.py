"""The ledger's filters (django-filter); choices are limited to the user's area."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hazards.models import Campaign, Hazard, Sector
from org.filters import AreaFilter, visible_townships
from org.models import OrgUnit


def _township_id(data: Any, user: Any) -> int | None:
    """The township whose villages the village select offers: the one asked for, else the user's own.

    Not checked here: the villages are read through ``visible_to``, so a township outside
    the user's scope simply has none to offer.
    """
    try:
        return int(data.get("township") or "")
    except (TypeError, ValueError):
        unit = getattr(user, "org_unit", None)
        return unit.pk if unit is not None and unit.kind == OrgUnit.Kind.TOWNSHIP else None


class HazardFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    township = django_filters.ModelChoiceFilter(
        field_name="org_unit", label=_("Township"), queryset=visible_townships, empty_label=_("All townships")
    )
    # Its choices are one township's villages, set in __init__: a province has 4,000.
    village = django_filters.ModelChoiceFilter(
        label=_("Village"), queryset=OrgUnit.objects.none(), empty_label=_("All")
    )
    # Any unit in scope (a district, say): the links from report figures use it.
    unit = AreaFilter()
    sector = django_filters.ModelChoiceFilter(queryset=Sector.objects.all(), label=_("Sector"), empty_label=_("All"))
    campaign = django_filters.ModelChoiceFilter(
        queryset=Campaign.objects.all(), label=_("Campaign"), empty_label=_("All")
    )
    source = django_filters.ChoiceFilter(choices=Hazard.Source.choices, label=_("Source"))
    level = django_filters.ChoiceFilter(choices=Hazard.Level.choices, label=_("Level"))
    status = django_filters.ChoiceFilter(choices=Hazard.Status.choices, label=_("Status"))
    found_from = django_filters.DateFilter(field_name="found_on", lookup_expr="gte", label=_("Found from"))
    found_to = django_filters.DateFilter(field_name="found_on", lookup_expr="lte", label=_("Found to"))
    closed_from = django_filters.DateFilter(field_name="closed_on", lookup_expr="gte", label=_("Closed from"))
    closed_to = django_filters.DateFilter(field_name="closed_on", lookup_expr="lte", label=_("Closed to"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue only"),
                                           widget=django_filters.widgets.forms.CheckboxInput)
    listed = django_filters.BooleanFilter(method="filter_listed", label=_("Under listed supervision"),
                                          widget=django_filters.widgets.forms.CheckboxInput)
    o = django_filters.OrderingFilter(
        fields=(("found_on", "found_on"), ("deadline", "deadline"), ("org_unit__path", "township"),
                ("status", "status")),
        label=_("Sort"),
    )

    class Meta:
        model = Hazard
        fields: list[str] = []

    def __init__(
        self, data: Any = None, queryset: Any = None, *, request: Any = None, prefix: str | None = None
    ) -> None:
        super().__init__(data, queryset, request=request, prefix=prefix)
        user = getattr(request, "user", None)
        township_id = _township_id(self.data, user) if user else None
        village = self.filters["village"]
        if township_id is None:
            village.extra.update(disabled=True, help_text=_("Pick a township first."))
        else:
            village.queryset = OrgUnit.objects.visible_to(user).filter(
                kind=OrgUnit.Kind.VILLAGE, parent_id=township_id
            )

    def filter_q(self, queryset: QuerySet[Hazard], name: str, value: str) -> QuerySet[Hazard]:
        for word in value.split():
            queryset = queryset.filter(
                Q(place_name__icontains=word) | Q(description__icontains=word)
                | Q(address__icontains=word) | Q(credit_code__iexact=word) | Q(responsible_unit__icontains=word)
            )
        return queryset

    def filter_overdue(self, queryset: QuerySet[Hazard], name: str, value: bool) -> QuerySet[Hazard]:
        return queryset.overdue(timezone.localdate()) if value else queryset

    def filter_listed(self, queryset: QuerySet[Hazard], name: str, value: bool) -> QuerySet[Hazard]:
        return queryset.exclude(supervision_level="").filter(delisted_on__isnull=True) if value else queryset
