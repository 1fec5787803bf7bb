"""Forms only validate; the views hand ``cleaned_data`` to the services."""

from __future__ import annotations

import copy
from typing import Any, TypeVar

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from floodprep.filters import AreaChoiceField
from floodprep.models import (
    Drill,
    ForestPatrol,
    RescueTeam,
    ResponsiblePerson,
    RiskInspection,
    RiskPoint,
    Shelter,
    SupplyItem,
    Warehouse,
)
from org.forms import DATE_INPUT as DATE
from org.forms import model_choice_field
from org.models import OrgUnit, User
from org.scoping import OrgScopedQuerySet
from org.versioning import VersionedFormMixin

ScopedQS = TypeVar("ScopedQS", bound=OrgScopedQuerySet)

MOBILE = forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off", "maxlength": 11})
ALL_KINDS = (OrgUnit.Kind.CITY, OrgUnit.Kind.DISTRICT, OrgUnit.Kind.TOWNSHIP, OrgUnit.Kind.VILLAGE)
PLACES = (OrgUnit.Kind.TOWNSHIP, OrgUnit.Kind.VILLAGE)


def _row(*fields: str, size: str = "col-md-6") -> Div:
    """Fields side by side: ``col-md-6`` stacks them on a phone, ``col-6`` keeps short ones paired."""
    css = size if size.count("-") == 1 else f"col-12 {size}"
    return Div(*[Div(name, css_class=css) for name in fields], css_class="row")


class RecordForm(VersionedFormMixin, forms.ModelForm):
    """A record of the user's area: the unit list is the user's, the user's own unit comes first.

    An edit form carries the record's version (org/versioning.py), so a save over someone else's is refused.
    """

    unit_kinds: tuple[str, ...] = ALL_KINDS
    layout: tuple[Any, ...] = ()

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        units = OrgUnit.objects.visible_to(user)
        if "org_unit" in self.fields:
            self.fields["org_unit"] = AreaChoiceField(
                queryset=units.filter(kind__in=self.unit_kinds).order_by("path"),
                label=_("Org unit"),
                initial=self.fields["org_unit"].initial,
            )
            if not self.instance.pk and user.org_unit is not None and user.org_unit.kind in self.unit_kinds:
                self.initial.setdefault("org_unit", user.org_unit_id)
        if "is_active" in self.fields and not self.instance.pk:
            del self.fields["is_active"]  # a new record is in use; retiring one is an edit
        self.set_opened_version(self.instance)
        self.helper = FormHelper()
        self.helper.form_tag = False
        if self.layout:
            self.helper.layout = Layout(*self.layout, *(["is_active"] if "is_active" in self.fields else []), "version")

    def _post_clean(self) -> None:
        # Validate the model (constraints included) on a copy: the service compares the
        # real instance with cleaned_data, so the form must not write into it.
        original = self.instance
        self.instance = copy.copy(original)
        try:
            super()._post_clean()  # type: ignore[misc]  # Django's private hook, not in the stubs
        finally:
            self.instance = original

    def visible(self, queryset: ScopedQS) -> ScopedQS:
        return queryset.visible_to(self.user)

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class PersonForm(RecordForm):
    unit_kinds = (OrgUnit.Kind.DISTRICT, OrgUnit.Kind.TOWNSHIP, OrgUnit.Kind.VILLAGE)
    layout = (_row("org_unit", "level"), _row("post", "name"), _row("mobile", "note"), "risk_points")

    class Meta:
        model = ResponsiblePerson
        fields = ["org_unit", "level", "post", "name", "mobile", "note", "is_active"]
        widgets = {"mobile": MOBILE}

    risk_points = forms.ModelMultipleChoiceField(
        queryset=RiskPoint.objects.none(),
        required=False,
        label=_("Risk points in their care"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        points = self.visible(RiskPoint.objects.active()).select_related("org_unit")
        model_choice_field(self, "risk_points").queryset = points
        if self.instance.pk:
            self.initial.setdefault("risk_points", list(self.instance.risk_points.values_list("pk", flat=True)))


class CheckInForm(forms.Form):
    checked_on = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class RiskPointForm(RecordForm):
    unit_kinds = PLACES
    layout = (
        _row("org_unit", "kind"),
        _row("name", "people_at_risk"),
        "location",
        "monitoring_notes",
        "responsible_persons",
    )

    class Meta:
        model = RiskPoint
        fields = ["org_unit", "name", "kind", "location", "people_at_risk", "monitoring_notes", "is_active"]
        widgets = {"monitoring_notes": forms.Textarea(attrs={"rows": 3})}

    responsible_persons = forms.ModelMultipleChoiceField(
        queryset=ResponsiblePerson.objects.none(),
        required=False,
        label=_("Responsible persons"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "responsible_persons").queryset = self.visible(ResponsiblePerson.objects.active())
        if self.instance.pk:
            self.initial.setdefault(
                "responsible_persons", list(self.instance.responsible_persons.values_list("pk", flat=True))
            )


class InspectionForm(RecordForm):
    layout = (
        _row("org_unit", "inspected_on"),
        "title",
        _row("staff_count", "points_checked", size="col-6"),
        _row("hazards_found", "hazards_rectified", "measures_in_place", size="col-4"),
        "risk_points",
        "note",
    )

    class Meta:
        model = RiskInspection
        fields = [
            "org_unit",
            "inspected_on",
            "title",
            "staff_count",
            "points_checked",
            "hazards_found",
            "hazards_rectified",
            "measures_in_place",
            "note",
        ]
        widgets = {"inspected_on": DATE, "note": forms.Textarea(attrs={"rows": 2})}

    risk_points = forms.ModelMultipleChoiceField(
        queryset=RiskPoint.objects.none(),
        required=False,
        label=_("Risk points checked"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "risk_points").queryset = self.visible(RiskPoint.objects.active())
        self.initial.setdefault("inspected_on", timezone.localdate())
        self.initial.setdefault("title", "防汛防台风险隐患排查")


class InspectionCountsForm(VersionedFormMixin):
    hazards_found = forms.IntegerField(label=_("Hazards found"), min_value=0)
    hazards_rectified = forms.IntegerField(label=_("Hazards rectified"), min_value=0)
    measures_in_place = forms.IntegerField(label=_("Flood-season measures in place"), min_value=0)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class HazardChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"#{obj.pk} {obj.found_on:%Y-%m-%d} {obj.place_name}（{obj.sector.name}）"


class LinkHazardForm(forms.Form):
    hazard = HazardChoiceField(
        queryset=None,
        label=_("Hazard in the hazard ledger"),
        help_text=_("Hazards of this area found within two weeks of the inspection."),
    )

    def __init__(self, *args: Any, hazards: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "hazard").queryset = hazards


class WarehouseForm(RecordForm):
    layout = (_row("org_unit", "name"), _row("level", "kind"), "address", _row("keeper", "keeper_mobile"))

    class Meta:
        model = Warehouse
        fields = ["org_unit", "name", "level", "kind", "address", "keeper", "keeper_mobile"]
        widgets = {"keeper_mobile": MOBILE}


class StockForm(forms.Form):
    item = forms.ModelChoiceField(queryset=SupplyItem.objects.filter(is_active=True), label=_("Item"))
    quantity = forms.IntegerField(label=_("Quantity"), min_value=0)
    counted_on = forms.DateField(label=_("Counted on"), widget=DATE, initial=timezone.localdate)


class TeamForm(RecordForm):
    layout = (_row("org_unit", "kind"), _row("name", "members"), _row("leader", "leader_mobile"), "equipment")

    class Meta:
        model = RescueTeam
        fields = ["org_unit", "name", "kind", "members", "leader", "leader_mobile", "equipment", "is_active"]
        widgets = {"leader_mobile": MOBILE, "equipment": forms.Textarea(attrs={"rows": 2})}


class ShelterForm(RecordForm):
    unit_kinds = PLACES
    layout = (
        _row("org_unit", "name"),
        "address",
        _row("capacity", "area"),
        _row("meets_standard", "checked_on"),
        _row("manager", "manager_mobile"),
    )

    class Meta:
        model = Shelter
        fields = [
            "org_unit",
            "name",
            "address",
            "capacity",
            "area",
            "meets_standard",
            "checked_on",
            "manager",
            "manager_mobile",
            "is_active",
        ]
        widgets = {"checked_on": DATE, "manager_mobile": MOBILE}


class DrillForm(RecordForm):
    layout = (_row("org_unit", "kind"), _row("held_on", "participants"), "title", "organiser", "scenario")

    class Meta:
        model = Drill
        fields = ["org_unit", "kind", "held_on", "title", "organiser", "participants", "scenario"]
        widgets = {"held_on": DATE, "scenario": forms.Textarea(attrs={"rows": 3})}


class PatrolForm(RecordForm):
    layout = (_row("org_unit", "patrolled_on"), "route", _row("staff_count", "fire_sources_found"), "note")

    class Meta:
        model = ForestPatrol
        fields = ["org_unit", "patrolled_on", "route", "staff_count", "fire_sources_found", "note"]
        widgets = {"patrolled_on": DATE, "note": forms.Textarea(attrs={"rows": 2})}


class ReadinessForm(forms.Form):
    """The area and period of the readiness page; the default is the user's whole area this season."""

    unit = AreaChoiceField(queryset=OrgUnit.objects.none(), required=False, label=_("Area"), empty_label=_("All areas"))
    start = forms.DateField(label=_("From"), widget=DATE, required=False)
    end = forms.DateField(label=_("To"), widget=DATE, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kinds = (OrgUnit.Kind.DISTRICT, OrgUnit.Kind.TOWNSHIP)
        model_choice_field(self, "unit").queryset = (
            OrgUnit.objects.visible_to(user).filter(kind__in=kinds).order_by("path")
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end cannot be before the start."))
        return data
