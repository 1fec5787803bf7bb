from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from org.forms import DATE_INPUT as DATE
from org.models import User
from org.periods import Period
from reports.selectors import report_scopes

TEXT = forms.Textarea(attrs={"rows": 6})


class ReportCreateForm(forms.Form):
    scope = forms.ModelChoiceField(label=_("Scope"), queryset=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    half = forms.TypedChoiceField(label=_("Half year"), coerce=int, choices=[(1, _("First half")),
                                                                              (2, _("Second half"))])
    period_start = forms.DateField(label=_("Or from"), widget=DATE, required=False)
    period_end = forms.DateField(label=_("to"), widget=DATE, required=False)
    as_of = forms.DateField(label=_("Figures as of"), widget=DATE)
    title = forms.CharField(label=_("Title"), max_length=120, required=False)
    issuer = forms.CharField(label=_("Issuing organisation"), max_length=120, required=False)
    signed_on = forms.DateField(label=_("Date of signature"), widget=DATE)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scope"].queryset = report_scopes(user=user)
        today = timezone.localdate()
        half = 1 if today.month <= 6 else 2
        self.initial.setdefault("year", today.year)
        self.initial.setdefault("half", half)
        self.initial.setdefault("as_of", today)
        self.initial.setdefault("signed_on", today)
        if user.org_unit_id:
            self.initial.setdefault("scope", user.org_unit_id)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start or end:
            if not (start and end):
                self.add_error("period_end", _("Give both dates of the period, or neither."))
                return data
            if end < start:
                self.add_error("period_end", _("The period cannot end before it starts."))
                return data
        elif data.get("year") and data.get("half"):
            period = Period.half_year(data["year"], data["half"])
            data["period_start"], data["period_end"] = period.start, period.end
        scope = data.get("scope")
        if scope and data.get("period_start"):
            half_label = {1: "上半年", 2: "下半年"}.get(data.get("half")) if not (start or end) else "工作"
            year = data["period_start"].year
            data["issuer"] = data.get("issuer") or f"{scope.name}应急管理局"
            data["title"] = data.get("title") or f"{data['issuer']}{year}年{half_label}工作总结"
        return data

    def service_kwargs(self) -> dict[str, dt.date | str | Any]:
        keys = ["scope", "period_start", "period_end", "as_of", "title", "issuer", "signed_on"]
        return {k: self.cleaned_data[k] for k in keys}


class SectionForm(forms.Form):
    heading = forms.CharField(label=_("Heading"), max_length=120, required=False)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class NarrativeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    problems = forms.CharField(label=_("II. Main problems"), widget=TEXT, required=False)
    plans = forms.CharField(label=_("III. Plans for the next period"), widget=TEXT, required=False)
    issuer = forms.CharField(label=_("Issuing organisation"), max_length=120)
    signed_on = forms.DateField(label=_("Date of signature"), widget=DATE)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
