"""Forms only validate; org-unit, committee and hazard choices are limited to the user's area."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout
from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enterprises.forms import use_enterprise_picker
from hazards.models import Campaign, Hazard, Sector
from org.forms import DATE_INPUT as DATE
from org.forms import model_choice_field
from org.models import OrgUnit, User
from org.periods import Period
from org.stated_dates import ClosedPeriodReasonMixin
from org.uploads import check_scan
from org.versioning import VersionedFormMixin
from responsibility.models import (
    Accident,
    Committee,
    Complaint,
    Incident,
    Interview,
    LeaderInspection,
    Meeting,
    PublicityEvent,
    ResponsibilityLetter,
    SafetyInvestment,
)
from responsibility.selectors import scheme_list

WAN = Decimal(10000)  # 元 in one 万元
SCAN_TYPES = (".pdf", ".jpg", ".jpeg", ".png")
PLACES = (OrgUnit.Kind.CITY, OrgUnit.Kind.DISTRICT, OrgUnit.Kind.TOWNSHIP)


def _units(user: User, *kinds: str) -> QuerySet[OrgUnit]:
    units = OrgUnit.objects.visible_to(user).order_by("path")
    return units.filter(kind__in=kinds) if kinds else units


def _row(*fields: str) -> Div:
    width = 12 // len(fields)
    return Div(*[Div(f, css_class=f"col-md-{width}") for f in fields], css_class="row")


class RecordForm(VersionedFormMixin, forms.ModelForm):
    """Base of the record forms: the user's area, the user's own unit by default, crispy layout.

    An edit form carries the record's version (org/versioning.py): a save over someone else's is refused.
    """

    unit_kinds: tuple[str, ...] = ()
    layout: tuple[Any, ...] = ()
    # The field naming an enterprise, offered from the register as it is typed (enterprises.forms).
    enterprise_field: str = ""

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if self.enterprise_field:
            use_enterprise_picker(self, self.enterprise_field, code_field="")
        if "org_unit" in self.fields:
            model_choice_field(self, "org_unit").queryset = _units(user, *self.unit_kinds)
            if not self.instance.pk and user.org_unit_id:
                self.initial.setdefault("org_unit", user.org_unit_id)
        for name, field in self.fields.items():
            if isinstance(field, forms.DateField) and not self.instance.pk and name != "signed_on":
                self.initial.setdefault(name, timezone.localdate())
        self.set_opened_version(self.instance)
        self.helper = FormHelper()
        self.helper.form_tag = False
        if self.layout:
            self.helper.layout = Layout(*self.layout, "version")

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class DatedRecordForm(ClosedPeriodReasonMixin, RecordForm):
    """A record of something that happened on a day: the reason field shows once that day is in an approved period."""

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.add_reason_field()


class CommitteeForm(RecordForm):
    unit_kinds = PLACES
    layout = (
        _row("org_unit", "year"),
        _row("kind", "parent"),
        "name",
        _row("lead_department", "leader_in_charge"),
        "member_units",
        "duties",
        "sort_order",
    )

    class Meta:
        model = Committee
        fields = [
            "org_unit",
            "year",
            "kind",
            "parent",
            "name",
            "lead_department",
            "leader_in_charge",
            "member_units",
            "duties",
            "sort_order",
        ]
        widgets = {
            "duties": forms.Textarea(attrs={"rows": 2}),
            "member_units": forms.SelectMultiple(attrs={"size": 10}),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        model_choice_field(self, "parent").queryset = Committee.objects.visible_to(user).filter(
            kind=Committee.Kind.MAIN
        )
        model_choice_field(self, "lead_department").queryset = _units(user, OrgUnit.Kind.DEPARTMENT)
        model_choice_field(self, "member_units").queryset = _units(
            user, OrgUnit.Kind.DEPARTMENT, OrgUnit.Kind.DISTRICT, OrgUnit.Kind.TOWNSHIP
        )
        self.initial.setdefault("year", timezone.localdate().year)


class LetterForm(RecordForm):
    layout = (
        _row("year", "kind"),
        "title",
        _row("issuer", "org_unit"),
        "enterprise",
        _row("signed_on", "scan"),
        "note",
    )

    class Meta:
        model = ResponsibilityLetter
        fields = ["year", "kind", "title", "issuer", "org_unit", "enterprise", "signed_on", "scan", "note"]
        widgets = {"signed_on": DATE}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        model_choice_field(self, "issuer").queryset = _units(user, *PLACES)
        self.initial.setdefault("year", timezone.localdate().year)

    def clean_scan(self) -> Any:
        return clean_scan(self.cleaned_data.get("scan"))


def clean_scan(scan: Any) -> Any:
    # Only a new upload: the letter's stored scan comes back as the field's initial value, and renaming it here
    # would point the letter at a file that does not exist.
    if scan and isinstance(scan, UploadedFile):
        if not scan.name.lower().endswith(SCAN_TYPES):
            raise forms.ValidationError(_("Upload the scan as PDF, JPG or PNG."))
        scan.name = f"scan{check_scan(scan)}"  # by content: a page renamed .pdf is refused
    return scan


class LetterSignForm(VersionedFormMixin):
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE, initial=timezone.localdate)
    scan = forms.FileField(label=_("Scanned letter"), required=False)

    def clean_scan(self) -> Any:
        return clean_scan(self.cleaned_data.get("scan"))


class MeetingForm(DatedRecordForm):
    unit_kinds = PLACES
    layout = (_row("org_unit", "held_on"), _row("kind", "committee"), "topic", "chaired_by", "attendees", "decisions")

    class Meta:
        model = Meeting
        fields = ["org_unit", "held_on", "kind", "committee", "topic", "chaired_by", "attendees", "decisions"]
        widgets = {
            "held_on": DATE,
            "attendees": forms.Textarea(attrs={"rows": 2}),
            "decisions": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        model_choice_field(self, "committee").queryset = Committee.objects.visible_to(user).filter(
            year__gte=timezone.localdate().year - 1
        )


class HazardNumbersField(forms.CharField):
    """Hazards handed over, typed as their numbers ("12, 15, 3044"): a pick list of
    thousands of hazards would not fit a phone. Numbers outside the user's area are refused
    with the same words as numbers that do not exist."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.queryset: QuerySet[Hazard] = Hazard.objects.none()

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple | QuerySet):
            return ", ".join(str(getattr(h, "pk", h)) for h in value)
        return value

    def clean(self, value: Any) -> list[Hazard]:
        text = super().clean(value) or ""
        numbers = {int(n) for n in re.findall(r"\d+", text)}
        found = list(self.queryset.filter(pk__in=numbers)) if numbers else []
        missing = sorted(numbers - {h.pk for h in found})
        if missing:
            raise forms.ValidationError(
                _("No hazard numbered %(numbers)s in your area.") % {"numbers": ", ".join(map(str, missing))}
            )
        return found


class LeaderInspectionForm(DatedRecordForm):
    hazards = HazardNumbersField(label=_("Hazards handed over"), help_text=_("Hazard numbers, separated by commas."))
    layout = (_row("org_unit", "held_on"), _row("leader", "principal_leader"), "places", "hazards", "notes")

    class Meta:
        model = LeaderInspection
        fields = ["org_unit", "held_on", "leader", "principal_leader", "places", "hazards", "notes"]
        widgets = {
            "held_on": DATE,
            "places": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        model_choice_field(self, "hazards").queryset = Hazard.objects.visible_to(user)
        if self.instance.pk:
            self.initial["hazards"] = [h.pk for h in self.instance.hazards.all()]


class InterviewForm(DatedRecordForm):
    enterprise_field = "enterprise"
    layout = (
        _row("org_unit", "held_on"),
        _row("kind", "convened_by"),
        _row("enterprise", "person"),
        "reason",
        "outcome",
    )

    class Meta:
        model = Interview
        fields = ["org_unit", "held_on", "kind", "enterprise", "person", "convened_by", "reason", "outcome"]
        widgets = {
            "held_on": DATE,
            "reason": forms.Textarea(attrs={"rows": 2}),
            "outcome": forms.Textarea(attrs={"rows": 2}),
        }


class AccidentForm(DatedRecordForm):
    enterprise_field = "place"
    layout = (
        _row("occurred_on", "org_unit"),
        "place",
        _row("kind", "grade"),
        _row("dead", "injured", "direct_loss_yuan"),
        "description",
        "investigation",
    )

    class Meta:
        model = Accident
        fields = [
            "occurred_on",
            "org_unit",
            "place",
            "kind",
            "grade",
            "dead",
            "injured",
            "direct_loss_yuan",
            "description",
            "investigation",
        ]
        widgets = {"occurred_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def clean_occurred_on(self) -> dt.date:
        value = self.cleaned_data["occurred_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return value


class PublicityEventForm(DatedRecordForm):
    layout = (
        _row("org_unit", "held_on"),
        _row("kind", "organiser"),
        "title",
        _row("participants", "materials", "media_pieces"),
        "notes",
    )

    class Meta:
        model = PublicityEvent
        fields = [
            "org_unit",
            "held_on",
            "kind",
            "title",
            "organiser",
            "participants",
            "materials",
            "media_pieces",
            "notes",
        ]
        widgets = {"held_on": DATE, "notes": forms.Textarea(attrs={"rows": 2})}


# --- Complaints, incidents and investments: edited with the version they were opened at --------------------


class VersionedRecordForm(RecordForm):
    """A record form whose services require the version (RecordForm carries it), and a sector still in use."""

    sector_field: str | None = None

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        if self.sector_field:
            current = Q(pk=self.instance.sector_id) if self.instance.sector_id else Q(pk__in=[])
            model_choice_field(self, self.sector_field).queryset = Sector.objects.filter(Q(is_active=True) | current)

    @property
    def opened_version(self) -> int:
        return self.cleaned_data.get("version") or self.instance.version


def _not_in_future(value: dt.date | None) -> dt.date | None:
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("The date cannot be in the future."))
    return value


class ComplaintForm(VersionedRecordForm):
    unit_kinds = PLACES
    sector_field = "sector"
    layout = (
        _row("received_on", "channel"),
        _row("org_unit", "sector"),
        _row("subject", "reference"),
        _row("items", "status", "closed_on"),
        "verified",
        _row("rewards", "reward_yuan"),
        "notes",
    )

    class Meta:
        model = Complaint
        fields = [
            "received_on",
            "channel",
            "org_unit",
            "sector",
            "subject",
            "reference",
            "items",
            "status",
            "closed_on",
            "verified",
            "rewards",
            "reward_yuan",
            "notes",
        ]
        widgets = {"received_on": DATE, "closed_on": DATE, "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        if not self.instance.pk:
            self.initial.pop("closed_on", None)  # RecordForm dates new records today; a new complaint is open

    def clean_received_on(self) -> dt.date | None:
        return _not_in_future(self.cleaned_data.get("received_on"))

    def clean_closed_on(self) -> dt.date | None:
        return _not_in_future(self.cleaned_data.get("closed_on"))


class IncidentForm(VersionedRecordForm):
    layout = (
        _row("occurred_on", "org_unit"),
        _row("kind", "place"),
        "description",
        _row("dead", "injured", "loss_yuan"),
    )

    class Meta:
        model = Incident
        fields = ["occurred_on", "org_unit", "kind", "place", "description", "dead", "injured", "loss_yuan"]
        widgets = {"occurred_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def clean_occurred_on(self) -> dt.date | None:
        return _not_in_future(self.cleaned_data.get("occurred_on"))


class SafetyInvestmentForm(VersionedRecordForm):
    """The amount is typed in 万元, as summaries say it, and kept in 元 like every amount in the portal
    (SafetyInvestment.amount_yuan): 3081 万元 is stored as 30,810,000 元, so nothing stored changes meaning."""

    sector_field = "sector"
    amount_wan = forms.DecimalField(
        label=_("Amount (10,000 yuan)"),
        max_digits=16,
        decimal_places=6,
        help_text=_("In 10,000 yuan (万元), as the summary says it: 3081 for 30,810,000 yuan, 0.5 for 5,000 yuan."),
    )
    layout = (
        "project",
        _row("org_unit", "sector"),
        _row("invested_on", "amount_wan"),
        _row("output", "quantity", "quantity_unit"),
        "notes",
    )

    class Meta:
        model = SafetyInvestment
        fields = ["project", "org_unit", "sector", "invested_on", "output", "quantity", "quantity_unit", "notes"]
        widgets = {"invested_on": DATE, "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        if self.instance.pk and self.instance.amount_yuan is not None:
            self.initial.setdefault("amount_wan", f"{(self.instance.amount_yuan / WAN).normalize():f}")

    def clean_amount_wan(self) -> Decimal | None:
        wan = self.cleaned_data.get("amount_wan")
        if wan is not None and wan <= 0:
            raise forms.ValidationError(_("The amount must be more than 0."))
        return wan

    def service_kwargs(self) -> dict[str, Any]:
        data = super().service_kwargs()
        wan = data.pop("amount_wan")
        # Six decimal places of 万元 are the 分 the amount is kept to: nothing is rounded.
        data["amount_yuan"] = (wan * WAN).quantize(Decimal("0.01"))
        return data


# --- Filters and the ranking form --------------------------------------------------------------------------


class PeriodFilterForm(forms.Form):
    """The period and area of a list page; this year to date unless asked otherwise."""

    start = forms.DateField(label=_("From"), required=False, widget=DATE)
    end = forms.DateField(label=_("To"), required=False, widget=DATE)
    unit = forms.ModelChoiceField(label=_("Area"), queryset=OrgUnit.objects.none(), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "unit").queryset = _units(user, *PLACES)
        today = timezone.localdate()
        self.fields["start"].initial, self.fields["end"].initial = today.replace(month=1, day=1), today

    def get_period(self) -> Period:
        today = timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        start = data.get("start") or today.replace(month=1, day=1)
        end = data.get("end") or today
        return Period(start, max(start, end))

    def get_unit(self) -> OrgUnit | None:
        return self.cleaned_data.get("unit") if self.is_valid() else None


class YearFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    unit = forms.ModelChoiceField(label=_("Area"), queryset=OrgUnit.objects.none(), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "unit").queryset = _units(user, *PLACES)
        self.fields["year"].initial = timezone.localdate().year

    def get_year(self) -> int:
        return (self.cleaned_data.get("year") if self.is_valid() else None) or timezone.localdate().year

    def get_unit(self) -> OrgUnit | None:
        return self.cleaned_data.get("unit") if self.is_valid() else None


class RankingComputeForm(forms.Form):
    """A ranking for any span: a day, a week, or a campaign's span up to today."""

    scheme = forms.ModelChoiceField(label=_("Scheme"), queryset=OrgUnit.objects.none())
    start = forms.DateField(label=_("From"), required=False, widget=DATE)
    end = forms.DateField(label=_("To"), required=False, widget=DATE)
    campaign = forms.ModelChoiceField(label=_("Or a campaign's span"), queryset=Campaign.objects.all(), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "scheme").queryset = scheme_list(user=user).filter(is_active=True)
        today = timezone.localdate()
        self.initial.setdefault("start", today)
        self.initial.setdefault("end", today)
        model_choice_field(self, "campaign").queryset = Campaign.objects.filter(start__lte=today).order_by("-start")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        today = timezone.localdate()
        campaign = data.get("campaign")
        if campaign is not None:
            data["start"], data["end"] = campaign.start, min(campaign.end, today)
        start, end = data.get("start") or today, data.get("end") or today
        if end < start:
            self.add_error("end", _("The end of the period cannot be before its start."))
        data["period"] = Period(start, end)
        return data
