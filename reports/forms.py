from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from org.forms import DATE_INPUT as DATE
from org.forms import model_choice_field
from org.models import OrgUnit, User
from org.periods import Period
from reports.selectors import report_scopes

TEXT = forms.Textarea(attrs={"rows": 6})


class PeriodKind(models.TextChoices):
    HALF = "half", _("Half year")
    YEAR = "year", _("Whole year")
    QUARTER = "quarter", _("Quarter")
    YEAR_TO_DATE = "ytd", _("Year to date (up to the figures date)")
    CUSTOM = "custom", _("Custom dates")


class ReportCreateForm(forms.Form):
    scope: forms.ModelChoiceField[OrgUnit] = forms.ModelChoiceField(label=_("Scope"), queryset=None)
    kind = forms.ChoiceField(label=_("Period covered"), choices=PeriodKind.choices, required=False)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    half = forms.TypedChoiceField(
        label=_("Half year"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[(1, _("First half")), (2, _("Second half"))],
    )
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[(1, _("First quarter")), (2, _("Second quarter")), (3, _("Third quarter")), (4, _("Fourth quarter"))],
    )
    period_start = forms.DateField(label=_("Or from"), widget=DATE, required=False)
    period_end = forms.DateField(label=_("to"), widget=DATE, required=False)
    as_of = forms.DateField(
        label=_("Figures as of"),
        widget=DATE,
        required=False,
        help_text=_("Leave empty for the end of the period, or today while it still runs."),
    )
    title = forms.CharField(label=_("Title"), max_length=120, required=False)
    issuer = forms.CharField(label=_("Issuing organisation"), max_length=120, required=False)
    signed_on = forms.DateField(label=_("Date of signature"), widget=DATE)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "scope").queryset = report_scopes(user=user)
        today = timezone.localdate()
        self.initial.setdefault("kind", PeriodKind.HALF)
        self.initial.setdefault("year", today.year)
        self.initial.setdefault("half", 1 if today.month <= 6 else 2)
        self.initial.setdefault("quarter", (today.month + 2) // 3)
        self.initial.setdefault("signed_on", today)
        if user.org_unit_id:
            self.initial.setdefault("scope", user.org_unit_id)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        # Dates typed in win, as the "or from" label promises; the page's script disables the date inputs
        # while another kind is chosen, so stale dates are not sent.
        if data.get("period_start") or data.get("period_end"):
            kind = PeriodKind.CUSTOM
        else:
            kind = data.get("kind") or PeriodKind.HALF
        data["kind"] = kind
        period = self._period(kind, data)
        if period is None:
            return data
        today = timezone.localdate()
        if not data.get("as_of"):
            # A past period counts to its end; one still running counts to today.
            data["as_of"] = today if kind == PeriodKind.YEAR_TO_DATE else min(period.end, max(today, period.start))
        data["period_start"], data["period_end"] = period.start, period.end
        scope = data.get("scope")
        if scope:
            data["issuer"] = data.get("issuer") or f"{scope.name}应急管理局"
            data["title"] = data.get("title") or default_title(data["issuer"], kind, period)
        return data

    def _period(self, kind: str, data: dict[str, Any]) -> Period | None:
        """The period the chosen kind names, or None after recording why it cannot be built."""
        if kind == PeriodKind.CUSTOM:
            start, end = data.get("period_start"), data.get("period_end")
            if not (start and end):
                self.add_error("period_end", _("Give both dates of the period, or neither."))
                return None
            if end < start:
                self.add_error("period_end", _("The period cannot end before it starts."))
                return None
            return Period(start, end)
        if kind == PeriodKind.YEAR_TO_DATE:
            return Period.year_to_date(data.get("as_of") or timezone.localdate())
        year = data.get("year")
        if year is None:
            if "year" not in self.errors:
                self.add_error("year", _("Give the year of the summary."))
            return None
        if kind == PeriodKind.YEAR:
            return Period.year(year)
        if kind == PeriodKind.QUARTER:
            if not data.get("quarter"):
                self.add_error("quarter", _("Choose the quarter."))
                return None
            return Period.quarter(year, data["quarter"])
        if not data.get("half"):
            self.add_error("half", _("Choose the half year."))
            return None
        return Period.half_year(year, data["half"])

    def service_kwargs(self) -> dict[str, Any]:
        keys = ["scope", "period_start", "period_end", "as_of", "title", "issuer", "signed_on"]
        return {k: self.cleaned_data[k] for k in keys}


def default_title(issuer: str, kind: str, period: Period) -> str:
    """ "临江市应急管理局2026年上半年工作总结"; a whole year or free dates: "…2026年工作总结"."""
    name = "" if kind in (PeriodKind.YEAR, PeriodKind.CUSTOM) else period.name()
    return f"{issuer}{period.start.year}年{name}工作总结"


def _lf(text: str) -> str:
    """Browsers send a textarea's (and a hidden copy's) line breaks as CRLF; texts are kept with LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class SectionForm(forms.Form):
    heading = forms.CharField(label=_("Heading"), max_length=120, required=False)
    order = forms.IntegerField(
        label=_("Order"), min_value=0, required=False, help_text=_("Parts are printed in ascending order.")
    )
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}), required=False, strip=False)
    # The text she started from: a save conflicts only if someone else changed it meanwhile.
    base = forms.CharField(widget=forms.HiddenInput, required=False, strip=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_body(self) -> str:
        return _lf(self.cleaned_data["body"]).strip()

    def clean_base(self) -> str:
        return _lf(self.cleaned_data["base"]).strip()


class NarrativeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    problems = forms.CharField(label=_("II. Main problems"), widget=TEXT, required=False, strip=False)
    plans = forms.CharField(label=_("III. Plans for the next period"), widget=TEXT, required=False, strip=False)
    issuer = forms.CharField(label=_("Issuing organisation"), max_length=120)
    signed_on = forms.DateField(label=_("Date of signature"), widget=DATE)
    base_title = forms.CharField(widget=forms.HiddenInput, required=False, strip=False)
    base_problems = forms.CharField(widget=forms.HiddenInput, required=False, strip=False)
    base_plans = forms.CharField(widget=forms.HiddenInput, required=False, strip=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    TEXTS = ("title", "problems", "plans")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for name in ("problems", "plans", "base_problems", "base_plans"):
            if name in data:
                data[name] = _lf(data[name]).strip()
        return data

    def service_kwargs(self, posted: Any) -> dict[str, Any]:
        """The fields to save, the version, and the texts she started from (those the page sent)."""
        data = {k: v for k, v in self.cleaned_data.items() if not k.startswith("base_")}
        base = {name: self.cleaned_data[f"base_{name}"] for name in self.TEXTS if f"base_{name}" in posted}
        return {**data, "base": base or None}


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
