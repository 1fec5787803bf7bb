from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout
from django import forms
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from enterprises.forms import use_enterprise_picker
from hazards.models import Campaign, Criterion, Hazard, Sector
from org.forms import DATE_INPUT as DATE
from org.forms import choice_field, model_choice_field
from org.models import OrgUnit, User
from org.uploads import check_photo

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotoField(forms.ImageField):
    """Several photos at once, straight from a phone camera."""

    widget = MultipleFileInput(attrs={"accept": "image/*", "capture": "environment", "multiple": True})

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        cleaned = [super(PhotoField, self).clean(one, initial) for one in files]
        for photo in cleaned:
            # Pillow opens more than photos (EPS, ICO…); only JPEG, PNG and WebP pass, named for what they are.
            # The name the user knows it by is kept for the holding area's "kept: 车间.jpg" (org.holding).
            photo.original_name = photo.name
            photo.name = f"photo{check_photo(photo)}"
        return cleaned


def parse_photo_meta(raw: str) -> list[dict[str, Any]]:
    """``[{"taken_at": "2026-05-01T09:30:00+08:00", "gps_lat": 30.1, "gps_lon": 120.2}, …]`` as the phone sent it.

    EXIF is a hint, not a record the user typed: a value that does not parse or lies outside the globe is
    dropped quietly rather than refusing the hazard. Values stay strings, so they also fit a JSONField.
    """
    try:
        items = json.loads(raw) if raw else []
    except ValueError:
        return []
    cleaned: list[dict[str, Any]] = []
    for item in items if isinstance(items, list) else []:
        item = item if isinstance(item, dict) else {}
        meta: dict[str, Any] = {}
        taken = parse_datetime(str(item.get("taken_at") or ""))
        if taken is not None:
            # EXIF has no zone; the phone sends local time, which here is the portal's.
            meta["taken_at"] = (taken if timezone.is_aware(taken) else timezone.make_aware(taken)).isoformat()
        lat: Decimal | None
        lon: Decimal | None
        try:
            lat, lon = Decimal(str(item["gps_lat"])), Decimal(str(item["gps_lon"]))
        except (KeyError, InvalidOperation, TypeError):
            lat = lon = None
        if (
            lat is not None
            and lon is not None
            and lat.is_finite()
            and lon.is_finite()
            and abs(lat) <= 90
            and abs(lon) <= 180
        ):
            meta["gps_lat"], meta["gps_lon"] = str(round(lat, 6)), str(round(lon, 6))
        cleaned.append(meta)
    return cleaned


FIVE_FIELDS = ["five_person", "five_measures", "five_funds", "five_deadline", "five_plan"]


class HazardForm(forms.ModelForm):
    """Entry and edit form; a grid worker fills it on a phone in under a minute."""

    photos = PhotoField(label=_("Photos"), required=False, help_text=_("Take them with the phone camera."))
    criterion = forms.ModelChoiceField(
        queryset=Criterion.objects.all(), required=False, widget=forms.HiddenInput, label=_("Grounds for major")
    )
    # The version the form was opened at (optimistic locking); hazard_update refuses a stale one.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # EXIF of each chosen photo, in the order chosen, read on the phone before it downscales them (offline_photos.js).
    photo_meta = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Hazard
        fields = [
            "org_unit",
            "village",
            "place_name",
            "credit_code",
            "address",
            "latitude",
            "longitude",
            "sector",
            "campaign",
            "source",
            "found_on",
            "description",
            "level",
            "criterion",
            "responsible_unit",
            "responsible_person",
            "measures",
            "deadline",
            *FIVE_FIELDS,
        ]
        widgets = {
            "found_on": DATE,
            "deadline": DATE,
            "five_deadline": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
            "measures": forms.Textarea(attrs={"rows": 2}),
            "five_measures": forms.Textarea(attrs={"rows": 2}),
            "five_plan": forms.Textarea(attrs={"rows": 2}),
            "latitude": forms.HiddenInput,
            "longitude": forms.HiddenInput,
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        use_enterprise_picker(self, "place_name")
        units = OrgUnit.objects.visible_to(user)
        model_choice_field(self, "org_unit").queryset = units.townships()
        self.fields["org_unit"].label = _("Township")
        model_choice_field(self, "village").queryset = units.filter(kind=OrgUnit.Kind.VILLAGE)
        model_choice_field(self, "sector").queryset = Sector.objects.filter(is_active=True)
        recent = timezone.localdate() - dt.timedelta(days=365)
        model_choice_field(self, "campaign").queryset = Campaign.objects.filter(end__gte=recent)
        if self.instance.pk:
            self.initial.setdefault("version", self.instance.version)
        else:
            self.initial.setdefault("found_on", timezone.localdate())
            home = user.org_unit
            if home is not None and home.kind == OrgUnit.Kind.VILLAGE:
                self.initial.setdefault("village", home.pk)
                home = home.parent
            if home is not None and home.kind == OrgUnit.Kind.TOWNSHIP:
                self.initial.setdefault("org_unit", home.pk)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                _("Where"),
                Div(Div("org_unit", css_class="col-6"), Div("village", css_class="col-6"), css_class="row"),
                "place_name",
                Div(Div("credit_code", css_class="col-md-6"), Div("address", css_class="col-md-6"), css_class="row"),
                "latitude",
                "longitude",
                "version",
                HTML('{% include "hazards/_gps_button.html" %}'),
            ),
            Fieldset(
                _("What"),
                Div(Div("sector", css_class="col-6"), Div("source", css_class="col-6"), css_class="row"),
                Div(Div("found_on", css_class="col-6"), Div("campaign", css_class="col-6"), css_class="row"),
                "description",
                "photos",
                "photo_meta",
                "level",
                "criterion",
                HTML('{% include "hazards/_criterion_picker.html" %}'),
            ),
            Fieldset(
                _("Rectification"),
                Div(
                    Div("responsible_unit", css_class="col-md-6"),
                    Div("responsible_person", css_class="col-md-6"),
                    css_class="row",
                ),
                "measures",
                "deadline",
            ),
            Div(
                HTML('<h2 class="h6 mt-2">{% load i18n %}{% translate "Five in place (major hazards)" %}</h2>'),
                Div(Div("five_person", css_class="col-md-6"), Div("five_funds", css_class="col-md-6"), css_class="row"),
                "five_measures",
                "five_deadline",
                "five_plan",
                css_id="five-in-place",
                css_class="border rounded p-2 mb-3 bg-light",
            ),
            HTML('<div id="entry-hints"></div>'),
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        township, village = data.get("org_unit"), data.get("village")
        if township and village and village.parent_id != township.pk:
            self.add_error("village", _("This village does not belong to the chosen township."))
        if data.get("deadline") and data.get("found_on") and data["deadline"] < data["found_on"]:
            self.add_error("deadline", _("The deadline cannot be before the date the hazard was found."))
        if data.get("found_on") and data["found_on"] > timezone.localdate():
            self.add_error("found_on", _("The date found cannot be in the future."))
        # Each photo carries its own EXIF to the service and, after a refusal, to the holding area.
        for photo, meta in zip(data.get("photos") or [], data.get("photo_meta") or [], strict=False):
            photo.photo_meta = meta
        return data

    def clean_photo_meta(self) -> list[dict[str, Any]]:
        return parse_photo_meta(self.cleaned_data.get("photo_meta", ""))

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        five = {name: data.pop(name) for name in FIVE_FIELDS}
        data.pop("photos", None)
        data.pop("photo_meta", None)
        data.pop("version", None)
        return {**data, "five": five}


class AssignForm(forms.Form):
    responsible_unit = forms.CharField(label=_("Responsible unit"), max_length=120)
    responsible_person = forms.CharField(label=_("Responsible person"), max_length=50, required=False)
    measures = forms.CharField(
        label=_("Rectification measures"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    deadline = forms.DateField(label=_("Deadline"), widget=DATE)


def stated_date(label: StrOrPromise) -> forms.DateField:
    """The date a step happened: today unless the user says otherwise (back-entering past months).

    Not required, so a post without it (a script, an old page) means today; the service checks the rules.
    """
    return forms.DateField(
        label=label,
        widget=DATE,
        required=False,
        initial=timezone.localdate,
        help_text=_("The day it actually happened, if not today."),
    )


class ClosedPeriodReasonForm(forms.Form):
    """A step form whose date may fall into an approved period: the reason field shows once that happens."""

    reason = forms.CharField(
        label=_("Reason for recording into an approved period"),
        required=False,
        max_length=500,
        widget=forms.HiddenInput,
        help_text=_("The figures of this period have been approved; say why this step is recorded now."),
    )

    def ask_reason(self) -> None:
        self.fields["reason"].widget = forms.Textarea(attrs={"rows": 2})

    def clean_reason(self) -> str:
        return self.cleaned_data.get("reason", "").strip()


class RectifyForm(ClosedPeriodReasonForm):
    rectified_on = stated_date(_("Rectified on"))
    note = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))
    photos = PhotoField(label=_("Photos after rectification"), required=False)
    field_order = ["rectified_on", "note", "photos", "reason"]


class ReinspectForm(ClosedPeriodReasonForm):
    passed = forms.TypedChoiceField(
        label=_("Result"),
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        choices=[("1", _("Passed: close the hazard")), ("0", _("Failed: send back for rectification"))],
    )
    reinspected_on = stated_date(_("Re-inspected on"))
    reinspector = forms.CharField(
        label=_("Re-inspected by"), max_length=50, required=False, help_text=_("Leave empty if it was you.")
    )
    note = forms.CharField(label=_("Re-inspection note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    field_order = ["passed", "reinspected_on", "reinspector", "note", "reason"]

    def __init__(self, *args: Any, can_pass: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not can_pass:
            # Whoever recorded the hazard may send it back but not pass it (hazards.duties).
            passed = choice_field(self, "passed")
            declared = cast(list[tuple[str, Any]], passed.choices)  # the list declared above
            passed.choices = [c for c in declared if c[0] == "0"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("passed") is False and not data.get("note", "").strip():
            self.add_error("note", _("A failed re-inspection needs a reason."))
        return data


class BulkCloseForm(ClosedPeriodReasonForm):
    """The confirmation of a bulk re-inspection and closing: one date, one re-inspector, one note.

    ``rows`` carries the hazards the user checked, each with the version seen ("12:3,15:1"), so a hazard
    saved by someone else in between is refused rather than closed unseen.
    """

    closed_on = forms.DateField(label=_("Re-inspected and closed on"), widget=DATE, initial=timezone.localdate)
    reinspector = forms.CharField(label=_("Re-inspected by"), max_length=50)
    note = forms.CharField(label=_("Re-inspection note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    rows = forms.CharField(widget=forms.HiddenInput)
    field_order = ["closed_on", "reinspector", "note", "reason", "rows"]

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("reinspector", str(user))
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_rows(self) -> dict[int, int]:
        try:
            pairs = [item.split(":") for item in self.cleaned_data["rows"].split(",") if item]
            rows = {int(pk): int(version) for pk, version in pairs}
        except ValueError:
            raise forms.ValidationError(_("The list of hazards was damaged; start again from the ledger.")) from None
        if not rows:
            raise forms.ValidationError(_("Select the hazards to close first."))
        return rows

    @staticmethod
    def encode_rows(versions: dict[int, int]) -> str:
        return ",".join(f"{pk}:{version}" for pk, version in versions.items())


class SendBackForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class FiveForm(forms.ModelForm):
    # As on HazardForm: the version the form was opened at, so hazard_set_five refuses a stale save.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Hazard
        fields = FIVE_FIELDS
        widgets = {
            "five_deadline": DATE,
            "five_measures": forms.Textarea(attrs={"rows": 2}),
            "five_plan": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("version", self.instance.version)

    def service_kwargs(self) -> dict[str, Any]:
        return {
            "five": {name: self.cleaned_data[name] for name in FIVE_FIELDS},
            "version": self.cleaned_data.get("version"),
        }


class SupervisionForm(forms.Form):
    level = forms.ChoiceField(label=_("Listed supervision level"), choices=Hazard.SupervisionLevel.choices)
    listed_on = forms.DateField(label=_("Listed on"), widget=DATE, initial=timezone.localdate)
