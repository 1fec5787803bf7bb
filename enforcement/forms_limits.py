"""Forms of inspections within limits: the caps table, annual plans and a 双随机 draw."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from enforcement.models import InspectionCap, InspectionPlan
from enterprises.models import Enterprise
from org.forms import choice_field, model_choice_field
from org.models import OrgUnit, User
from org.versioning import VersionedFormMixin


class InspectionCapForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = InspectionCap
        fields = ["from_year", "risk", "standardization", "max_per_year", "note"]
        help_texts = {
            "risk": _("Leave empty for every risk grade."),
            "standardization": _("Leave empty for every standardization grade."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "risk").choices = [("", _("Any risk grade")), *Enterprise.Risk.choices]
        choice_field(self, "standardization").choices = [
            ("", _("Any standardization grade")),
            *Enterprise.Standardization.choices,
        ]
        self.set_opened_version(self.instance)

    def _post_clean(self) -> None:
        # The service validates the row and its class; the form only reads the fields.
        pass

    def service_kwargs(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in self.Meta.fields}


class InspectionPlanForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = InspectionPlan
        fields = ["year", "issuer", "planned_count", "random_share", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "issuer").queryset = OrgUnit.objects.visible_to(user).filter(
            kind=OrgUnit.Kind.DEPARTMENT
        )
        if self.instance.pk:
            # The year and authority name the plan; a different one is a new plan.
            del self.fields["year"]
            del self.fields["issuer"]
        self.set_opened_version(self.instance)

    def _post_clean(self) -> None:
        pass

    def service_kwargs(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in self.Meta.fields if k in self.fields}


class DrawForm(forms.Form):
    count = forms.IntegerField(label=_("Enterprises to draw"), min_value=1, max_value=10000)
    township = forms.ModelChoiceField(
        label=_("Township"), queryset=OrgUnit.objects.none(), required=False, empty_label=_("All townships")
    )
    risk = forms.ChoiceField(
        label=_("Risk grade"), required=False, choices=[("", _("Any risk grade")), *Enterprise.Risk.choices]
    )
    key_only = forms.BooleanField(label=_("Key supervision only"), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "township").queryset = OrgUnit.objects.visible_to(user).filter(
            kind=OrgUnit.Kind.TOWNSHIP
        )
