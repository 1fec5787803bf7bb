"""Forms of department returns and their indicators (the record forms live in forms.py, near its size limit)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from org.forms import DATE_INPUT as DATE
from org.forms import model_choice_field
from org.models import OrgUnit, User
from responsibility.forms import RecordForm, VersionedRecordForm, _row
from responsibility.models import Return, ReturnIndicator, ReturnPeriod


class IndicatorForm(VersionedRecordForm):
    unit_kinds = (OrgUnit.Kind.CITY, OrgUnit.Kind.DISTRICT)
    sector_field = "sector"
    layout = (
        _row("org_unit", "code"),
        _row("label", "unit"),
        _row("frequency", "sector", "measure"),
        _row("from_departments", "from_townships"),
        "assigned_units",
        _row("is_active", "sort_order"),
    )

    class Meta:
        model = ReturnIndicator
        fields = [
            "org_unit",
            "code",
            "label",
            "unit",
            "frequency",
            "from_departments",
            "from_townships",
            "sector",
            "measure",
            "assigned_units",
            "is_active",
            "sort_order",
        ]
        widgets = {"assigned_units": forms.SelectMultiple(attrs={"size": 8})}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        # Who may be asked: departments and townships in the user's area (the service checks they lie under the
        # indicator's bureau and are of a kind ticked).
        model_choice_field(self, "assigned_units").queryset = (
            OrgUnit.objects.visible_to(user)
            .filter(kind__in=[OrgUnit.Kind.DEPARTMENT, OrgUnit.Kind.TOWNSHIP])
            .order_by("kind", "path")
        )
        if self.instance.pk:
            # The code is what wording names: it stays as it was created.
            for name in ("org_unit", "code"):
                self.fields[name].disabled = True

    def service_kwargs(self) -> dict[str, Any]:
        data = super().service_kwargs()
        if self.instance.pk:
            data.pop("org_unit", None)
            data.pop("code", None)
        return data


class ReturnPeriodForm(RecordForm):
    unit_kinds = (OrgUnit.Kind.CITY, OrgUnit.Kind.DISTRICT)
    layout = (_row("org_unit", "frequency"), _row("period_start", "period_end", "due_on"))

    class Meta:
        model = ReturnPeriod
        fields = ["org_unit", "frequency", "period_start", "period_end", "due_on"]
        widgets = {"period_start": DATE, "period_end": DATE, "due_on": DATE}


class ReturnForm(forms.Form):
    """One field per indicator the unit is asked; a blank field is a figure not reported."""

    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, indicators: QuerySet[ReturnIndicator], ret: Return | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        current = {v.indicator_id: v.value for v in ret.values.all()} if ret is not None else {}
        fields = {}
        for indicator in self.indicators:
            fields[f"value_{indicator.pk}"] = forms.DecimalField(
                label=str(indicator),
                required=False,
                min_value=Decimal(0),
                max_digits=14,
                decimal_places=2,
                initial=current.get(indicator.pk),
            )
        self.fields = {**fields, **self.fields}
        if ret is not None:
            self.initial.setdefault("notes", ret.notes)
            self.initial.setdefault("version", ret.version)

    def values(self) -> dict[ReturnIndicator, Decimal | None]:
        return {i: self.cleaned_data.get(f"value_{i.pk}") for i in self.indicators}


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class SendBackForm(VersionForm):
    reason = forms.CharField(
        label=_("Reason for sending back"), widget=forms.Textarea(attrs={"rows": 2}), max_length=500
    )
