"""Special campaigns (专项行动) in the portal: everyone reads the list; leaders and administrators
create and edit them (hazards/campaigns.py checks the dates against the records and audits each write)."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from hazards.campaigns import campaign_create, campaign_list, campaign_update, can_edit_campaigns
from hazards.models import Campaign, Sector
from org.forms import DATE_INPUT, attach_errors, model_choice_field
from org.permissions import action_required
from org.typing import AuthedRequest
from org.versioning import StaleVersion, VersionedFormMixin, refuse_stale


class CampaignForm(VersionedFormMixin, forms.ModelForm):
    """Only validates; the date rules that need the campaign's records are the service's.

    The edit form carries the campaign's version: a save over someone else's is refused (org/versioning.py).
    """

    class Meta:
        model = Campaign
        fields = ["name", "start", "end", "sectors", "description"]
        widgets = {
            "start": DATE_INPUT,
            "end": DATE_INPUT,
            "sectors": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A sector no longer in use stays on the campaigns that already target it.
        kept = Q(pk__in=self.instance.sectors.values("pk")) if self.instance.pk else Q(pk__in=[])
        model_choice_field(self, "sectors").queryset = Sector.objects.filter(Q(is_active=True) | kept)
        self.set_opened_version(self.instance)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The campaign cannot end before it starts."))
        return data

    def _post_clean(self) -> None:
        # The model's own checks run in the service; here they would write the values onto the instance
        # before the service compares them with the saved campaign.
        pass


@login_required
def campaign_index(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "hazards/campaign_list.html",
        {
            "rows": campaign_list(user=request.user),
            "can_edit": can_edit_campaigns(request.user),
        },
    )


def _values(form: CampaignForm) -> dict[str, Any]:
    return {key: form.cleaned_data[key] for key in ("name", "start", "end", "sectors", "description")}


@action_required("hazards.campaign_edit")
def campaign_new(request: AuthedRequest) -> HttpResponse:
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign_create(acting_user=request.user, **_values(form))
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("hazards:campaign_list")
    return render(request, "hazards/campaign_form.html", {"form": form})


@action_required("hazards.campaign_edit")
def campaign_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=pk)
    form = CampaignForm(request.POST or None, instance=campaign)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            campaign_update(acting_user=request.user, campaign=campaign, version=form.opened_version, **_values(form))
        except StaleVersion as exc:
            status = refuse_stale(request, form, exc)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("hazards:campaign_list")
    return render(request, "hazards/campaign_form.html", {"form": form, "campaign": campaign}, status=status)
