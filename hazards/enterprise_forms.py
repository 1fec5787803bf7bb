"""The forms of the enterprise level (hazards.views.enterprise): they only validate."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hazards.forms import PhotoField, RectifyForm
from hazards.models import Sector
from org.forms import DATE_INPUT as DATE


class EnterpriseRectifyForm(RectifyForm):
    """The enterprise's report: the measures taken and at least one photo after rectification."""

    note = forms.CharField(label=_("Measures taken"), widget=forms.Textarea(attrs={"rows": 4}))
    photos = PhotoField(
        label=_("Photos after rectification"), required=False, help_text=_("Take them with the phone camera.")
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_photos(self) -> list:
        photos = self.cleaned_data.get("photos") or []
        if not photos:
            # The township re-inspects from these: a report without one is no evidence.
            raise forms.ValidationError(_("Add at least one photo after rectification."))
        return photos


class SelfReportForm(forms.Form):
    sector = forms.ModelChoiceField(label=_("Sector"), queryset=Sector.objects.all())
    place_name = forms.CharField(
        label=_("Place (workshop, warehouse …)"),
        max_length=120,
        required=False,
        help_text=_("Leave empty for the enterprise itself."),
    )
    description = forms.CharField(label=_("Hazard found"), widget=forms.Textarea(attrs={"rows": 4}))
    found_on = forms.DateField(label=_("Found on"), widget=DATE, initial=timezone.localdate)
    measures = forms.CharField(label=_("Measures planned"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class SelfReportDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[("accept", _("Accept into the hazard loop")), ("return", _("Send back to the enterprise"))],
    )
    deadline = forms.DateField(
        label=_("Rectification deadline"),
        widget=DATE,
        required=False,
        help_text=_("With a deadline the hazard is assigned to the enterprise at once."),
    )
    responsible_person = forms.CharField(label=_("Responsible person"), max_length=50, required=False)
    reason = forms.CharField(label=_("Reason sent back"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        if data.get("decision") == "return" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why it is sent back."))
        return data
