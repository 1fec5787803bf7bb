"""The dashboard's filter bar: period (with quick picks), district and sector."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hazards.models import Sector
from org.forms import QuickSelect, list_model_choices, model_choice_field
from org.models import OrgUnit, User
from org.periods import Period

DATE = forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"}, format="%Y-%m-%d")
SELECT = {"class": "form-select form-select-sm"}


class Preset:
    YEAR = "year"
    HALF = "half"
    LAST_30 = "30d"
    CUSTOM = "custom"


PRESETS = [
    (Preset.YEAR, _("This year")),
    (Preset.HALF, _("This half year")),
    (Preset.LAST_30, _("Last 30 days")),
    (Preset.CUSTOM, _("Custom range")),
]


def preset_period(preset: str, today: dt.date) -> Period:
    if preset == Preset.HALF:
        return Period(today.replace(month=1 if today.month <= 6 else 7, day=1), today)
    if preset == Preset.LAST_30:
        return Period(today - dt.timedelta(days=29), today)
    return Period(today.replace(month=1, day=1), today)


class DashboardFilterForm(forms.Form):
    period = forms.ChoiceField(
        label=_("Period"),
        choices=PRESETS,
        required=False,
        widget=QuickSelect(attrs={**SELECT, "data-dash-period": ""}),
    )
    start = forms.DateField(label=_("From"), widget=DATE, required=False)
    end = forms.DateField(label=_("To"), widget=DATE, required=False)
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label=_("All districts"),
        widget=QuickSelect(attrs=SELECT),
    )
    sector = forms.ModelChoiceField(
        label=_("Sector"),
        queryset=Sector.objects.filter(is_active=True),
        required=False,
        empty_label=_("All sectors"),
        widget=QuickSelect(attrs=SELECT),
    )

    def __init__(self, *args: Any, user: User, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        list_model_choices(self)
        self.today = today
        # Only districts the user sees: anything else is "not a valid choice", which the view answers with 404.
        model_choice_field(self, "district").queryset = (
            OrgUnit.objects.visible_to(user).filter(kind=OrgUnit.Kind.DISTRICT).order_by("path")
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("period") == Preset.CUSTOM:
            start, end = data.get("start"), data.get("end")
            if not start or not end:
                raise forms.ValidationError(_("A custom range needs both dates."))
            if end < start:
                raise forms.ValidationError(_("The range ends before it starts."))
        return data

    def _data(self) -> dict[str, Any]:
        return self.cleaned_data if self.is_bound and self.is_valid() else {}

    def get_period(self) -> Period:
        data = self._data()
        if data.get("period") == Preset.CUSTOM:
            return Period(data["start"], data["end"])
        return preset_period(data.get("period") or Preset.YEAR, self.today)

    def get_district(self) -> OrgUnit | None:
        return self._data().get("district")

    def get_sector(self) -> Sector | None:
        return self._data().get("sector")

    @property
    def district_error(self) -> bool:
        return self.is_bound and "district" in self.errors
