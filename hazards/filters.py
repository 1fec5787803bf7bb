"""The ledger's filters (django-filter); choices are limited to the user's area."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hazards.models import Campaign, Hazard, HazardQuerySet, Sector
from org.filters import AreaFilter, visible_townships
from org.forms import QuickSelect, list_model_choices
from org.models import OrgUnit

DUE_SOON = dt.timedelta(days=6)  # today and the six days after it: a week


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


class LedgerFilterForm(forms.Form):
    """The filter form with the classes crispy's bootstrap5 pack would put on its widgets.

    The ledger renders it through ``hazards/_filter_field.html``, not crispy: crispy's field template
    cost about 0.3 ms a field, 13 fields on every ledger page. Same markup, same classes.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        list_model_choices(self)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                kind = "form-check-input"
            elif isinstance(widget, forms.Select):
                kind = "form-select"
            else:
                kind = "form-control"
            name = "select" if isinstance(widget, QuickSelect) else type(widget).__name__.lower()
            widget.attrs["class"] = f"{name} {kind}"

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            attrs = self.fields[name].widget.attrs if name in self.fields else {}
            if "is-invalid" not in attrs.get("class", "is-invalid").split():
                attrs["class"] += " is-invalid"


class HazardFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    # From an enterprise's page (enterprises:detail): its hazards only.
    enterprise = django_filters.NumberFilter(field_name="enterprise", widget=forms.HiddenInput)
    township = django_filters.ModelChoiceFilter(
        field_name="org_unit",
        label=_("Township"),
        queryset=visible_townships,
        empty_label=_("All townships"),
        widget=QuickSelect,
    )
    # Its choices are one township's villages, set in __init__: a province has 4,000.
    village = django_filters.ModelChoiceFilter(
        label=_("Village"), queryset=OrgUnit.objects.none(), empty_label=_("All"), widget=QuickSelect
    )
    # Any unit in scope (a district, say): the links from report figures use it.
    unit = AreaFilter()
    sector = django_filters.ModelChoiceFilter(
        queryset=Sector.objects.all(), label=_("Sector"), empty_label=_("All"), widget=QuickSelect
    )
    campaign = django_filters.ModelChoiceFilter(
        queryset=Campaign.objects.all(), label=_("Campaign"), empty_label=_("All"), widget=QuickSelect
    )
    source = django_filters.ChoiceFilter(choices=Hazard.Source.choices, label=_("Source"), widget=QuickSelect)
    level = django_filters.ChoiceFilter(choices=Hazard.Level.choices, label=_("Level"), widget=QuickSelect)
    status = django_filters.ChoiceFilter(choices=Hazard.Status.choices, label=_("Status"), widget=QuickSelect)
    found_from = django_filters.DateFilter(field_name="found_on", lookup_expr="gte", label=_("Found from"))
    found_to = django_filters.DateFilter(field_name="found_on", lookup_expr="lte", label=_("Found to"))
    closed_from = django_filters.DateFilter(field_name="closed_on", lookup_expr="gte", label=_("Closed from"))
    closed_to = django_filters.DateFilter(field_name="closed_on", lookup_expr="lte", label=_("Closed to"))
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label=_("Overdue only"), widget=django_filters.widgets.forms.CheckboxInput
    )
    # "My hazards": the ones the user found (a grid worker's own list), and whether still open (未销号).
    mine = django_filters.BooleanFilter(
        method="filter_mine", label=_("Found by me"), widget=django_filters.widgets.forms.CheckboxInput
    )
    open = django_filters.BooleanFilter(
        method="filter_open", label=_("Not yet closed"), widget=django_filters.widgets.forms.CheckboxInput
    )
    # 我的待办 "due this week": open, deadline from today through the sixth day after.
    due_soon = django_filters.BooleanFilter(
        method="filter_due_soon", label=_("Due within 7 days"), widget=django_filters.widgets.forms.CheckboxInput
    )
    listed = django_filters.BooleanFilter(
        method="filter_listed", label=_("Under listed supervision"), widget=django_filters.widgets.forms.CheckboxInput
    )
    # 我的待办 "to re-inspect": awaiting re-inspection, and not rectified by the user, who may never re-inspect
    # their own rectification (hazards.duties).
    to_reinspect = django_filters.BooleanFilter(
        method="filter_to_reinspect", label=_("For me to re-inspect"), widget=django_filters.widgets.forms.CheckboxInput
    )
    # 存疑销号: closed with a genuine-closure flag (hazards.closure_checks).
    doubtful = django_filters.BooleanFilter(
        method="filter_doubtful", label=_("Doubtful closures"), widget=django_filters.widgets.forms.CheckboxInput
    )
    o = django_filters.OrderingFilter(
        fields=(
            ("found_on", "found_on"),
            ("deadline", "deadline"),
            ("org_unit__path", "township"),
            ("status", "status"),
        ),
        label=_("Sort"),
    )

    class Meta:
        model = Hazard
        fields: list[str] = []
        form = LedgerFilterForm

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
            village.queryset = OrgUnit.objects.visible_to(user).filter(kind=OrgUnit.Kind.VILLAGE, parent_id=township_id)

    def filter_q(self, queryset: HazardQuerySet, name: str, value: str) -> HazardQuerySet:
        for word in value.split():
            queryset = queryset.filter(
                Q(place_name__icontains=word)
                | Q(description__icontains=word)
                | Q(address__icontains=word)
                | Q(credit_code__iexact=word)
                | Q(responsible_unit__icontains=word)
            )
        return queryset

    def filter_overdue(self, queryset: HazardQuerySet, name: str, value: bool) -> HazardQuerySet:
        return queryset.overdue(timezone.localdate()) if value else queryset

    def filter_mine(self, queryset: HazardQuerySet, name: str, value: bool) -> HazardQuerySet:
        if not value:
            return queryset
        pk = getattr(getattr(self.request, "user", None), "pk", None)
        return queryset.filter(finder_id=pk) if pk else queryset.none()

    def filter_open(self, queryset: HazardQuerySet, name: str, value: bool) -> HazardQuerySet:
        return queryset.open() if value else queryset

    def filter_due_soon(self, queryset: HazardQuerySet, name: str, value: bool) -> HazardQuerySet:
        if not value:
            return queryset
        today = timezone.localdate()
        return queryset.open().filter(deadline__range=(today, today + DUE_SOON))

    def filter_to_reinspect(self, queryset: HazardQuerySet, name: str, value: bool) -> HazardQuerySet:
        if not value:
            return queryset
        pk = getattr(getattr(self.request, "user", None), "pk", None)
        return queryset.filter(status=Hazard.Status.AWAITING_REVIEW).exclude(rectified_by_id=pk)

    def filter_doubtful(self, queryset: HazardQuerySet, name: str, value: bool) -> HazardQuerySet:
        return queryset.closure_flagged() if value else queryset

    def filter_listed(self, queryset: HazardQuerySet, name: str, value: bool) -> HazardQuerySet:
        return queryset.exclude(supervision_level="").filter(delisted_on__isnull=True) if value else queryset
