"""Forms only validate input; the services decide what is allowed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.db.models import QuerySet
from django.forms.models import fields_for_model, model_to_dict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enforcement.models import Case, Finding, Inspection, JointAction
from enforcement.selectors import campaign_choices, issuer_choices, officer_choices
from enforcement.services import MEASURE_FIELDS
from enterprises.forms import use_enterprise_picker
from hazards.models import Sector
from org.forms import DATE_INPUT as DATE
from org.forms import model_choice_field
from org.models import OrgUnit, User
from org.stated_dates import REASON_FIELD, ClosedPeriodReasonMixin
from org.versioning import VersionedFormMixin


def _row(*fields: str, css: str = "col-md-6") -> Div:
    return Div(*[Div(f, css_class=css) for f in fields], css_class="row")


class OfficerChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: User) -> str:
        return str(obj)


class _ScopedForm(forms.ModelForm):
    """Township, authority and officer choices limited to the user's area."""

    issuers: QuerySet[OrgUnit]  # the authorities the issuer select offers (the views' cap warnings ask of them)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        units = OrgUnit.objects.visible_to(user)
        if "org_unit" in self.fields:
            model_choice_field(self, "org_unit").queryset = units.townships()
            self.fields["org_unit"].label = _("Township")
        if "issuer" in self.fields:
            self.issuers = issuer_choices(user=user)
            model_choice_field(self, "issuer").queryset = self.issuers
            model_choice_field(self, "issuer").empty_label = None
        if "sector" in self.fields:
            model_choice_field(self, "sector").queryset = Sector.objects.filter(is_active=True)
        if "officers" in self.fields:
            model_choice_field(self, "officers").queryset = officer_choices(user=user)
        if "campaign" in self.fields:
            model_choice_field(self, "campaign").queryset = campaign_choices(
                current=getattr(self.instance, "campaign_id", None)
            )
            self.fields["campaign"].label = _("Campaign")
        if not self.instance.pk:
            self.initial.setdefault("officers", [user.pk])


def _with_reason(data: dict[str, Any]) -> dict[str, Any]:
    """The cleaned data as the services take it: the reason for an approved period is their ``reason``."""
    data = dict(data)
    data["reason"] = data.pop(REASON_FIELD, "") or ""
    return data


class InspectionForm(VersionedFormMixin, ClosedPeriodReasonMixin, _ScopedForm):
    officers = OfficerChoiceField(queryset=User.objects.none(), label=_("Officers (at least two)"))

    class Meta:
        model = Inspection
        fields = [
            "inspected_on",
            "kind",
            "joint_action",
            "campaign",
            "issuer",
            "org_unit",
            "unit_name",
            "credit_code",
            "address",
            "unit_contact",
            "contact_phone",
            "sector",
            "summary",
            "officers",
        ]
        widgets = {"inspected_on": DATE, "summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        use_enterprise_picker(self, "unit_name")
        recent = timezone.localdate() - dt.timedelta(days=400)
        model_choice_field(self, "joint_action").queryset = JointAction.objects.filter(end__gte=recent)
        if not self.instance.pk:
            self.initial.setdefault("inspected_on", timezone.localdate())
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(_("Inspection"), _row("inspected_on", "kind"), _row("joint_action", "campaign"), _row("issuer")),
            Fieldset(
                _("Unit inspected"),
                _row("org_unit", "sector"),
                "unit_name",
                _row("credit_code", "address"),
                _row("unit_contact", "contact_phone"),
            ),
            Fieldset(_("Officers and record"), "officers", "summary"),
            "version",
        )
        self.set_opened_version(self.instance)  # an edit is refused if someone saved since (org/versioning.py)
        self.add_reason_field()

    def service_kwargs(self) -> dict[str, Any]:
        data = _with_reason(self.cleaned_data)
        data.pop("version", None)
        return data


class FindingForm(forms.ModelForm):
    hazard_deadline = forms.DateField(
        label=_("Rectification deadline for the hazard"),
        widget=DATE,
        required=False,
        help_text=_("Only when handing over to the hazard loop; leave empty for the township to assign."),
    )

    class Meta:
        model = Finding
        fields = ["description", "legal_basis", "is_major", "handling"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2}), "handling": forms.RadioSelect}


class OrderForm(forms.Form):
    issued_on = forms.DateField(label=_("Issued on"), widget=DATE, initial=timezone.localdate)
    deadline = forms.DateField(label=_("Rectify by"), widget=DATE)
    requirements = forms.CharField(
        label=_("Requirements"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Measures to be taken while rectifying, if any."),
    )


class ReinspectForm(forms.Form):
    reinspected_on = forms.DateField(label=_("Re-inspected on"), widget=DATE, initial=timezone.localdate)
    passed = forms.TypedChoiceField(
        label=_("Result"),
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        choices=[("1", _("Rectified as ordered")), ("0", _("Not rectified"))],
    )
    note = forms.CharField(label=_("Opinion"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    officers = OfficerChoiceField(queryset=User.objects.none(), label=_("Officers (at least two)"))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "officers").queryset = officer_choices(user=user)
        self.initial.setdefault("officers", [user.pk])


class CaseForm(ClosedPeriodReasonMixin, _ScopedForm):
    number = forms.CharField(
        label=_("Case number"),
        required=False,
        max_length=60,
        help_text=_("Leave empty to take the next number. Fill in only for a case filed on paper."),
    )
    officers = OfficerChoiceField(queryset=User.objects.none(), label=_("Officers in charge (at least two)"))

    class Meta:
        model = Case
        fields = [
            "filed_on",
            "issuer",
            "number",
            "source",
            "campaign",
            "inspection",
            "org_unit",
            "sector",
            "cause",
            "party_kind",
            "party_name",
            "credit_code",
            "legal_representative",
            "party_address",
            "facts",
            "legal_basis",
            "penalty_basis",
            "officers",
        ]
        widgets = {
            "filed_on": DATE,
            "inspection": forms.HiddenInput,
            "facts": forms.Textarea(attrs={"rows": 4}),
            "legal_basis": forms.Textarea(attrs={"rows": 2}),
            "penalty_basis": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        use_enterprise_picker(self, "party_name")
        if "inspection" in self.fields:
            model_choice_field(self, "inspection").queryset = Inspection.objects.visible_to(self.user)
        self.initial.setdefault("filed_on", timezone.localdate())
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(_("Filing"), _row("filed_on", "issuer"), _row("number", "source"), _row("campaign"), "inspection"),
            Fieldset(
                _("Party"),
                _row("org_unit", "sector"),
                _row("party_kind", "party_name"),
                _row("credit_code", "legal_representative"),
                "party_address",
            ),
            Fieldset(_("The case"), "cause", "facts", "legal_basis", "penalty_basis", "officers"),
        )
        self.add_reason_field()

    def service_kwargs(self) -> dict[str, Any]:
        return _with_reason(self.cleaned_data)


class CaseEditForm(VersionedFormMixin, CaseForm):
    """Corrections before the party is notified; the number, authority and filing date stay as filed."""

    class Meta(CaseForm.Meta):
        fields = [f for f in CaseForm.Meta.fields if f not in ("filed_on", "issuer", "number", "inspection")]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The filing date stays as filed, so no approved period is asked about.
        for name in ("number", "filed_on", "issuer", "inspection", REASON_FIELD):
            self.fields.pop(name, None)
        self.helper.layout = Layout(
            Fieldset(
                _("Party"),
                _row("org_unit", "sector"),
                _row("party_kind", "party_name"),
                _row("credit_code", "legal_representative"),
                "party_address",
                _row("source", "campaign"),
            ),
            Fieldset(_("The case"), "cause", "facts", "legal_basis", "penalty_basis", "officers"),
            "version",
        )
        self.set_opened_version(self.instance)  # an edit is refused if someone saved since (org/versioning.py)


class StageForm(ClosedPeriodReasonMixin, forms.Form):
    """A stage dated the day it happened (the day it is entered unless told otherwise)."""

    on = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_reason_field()


class NotedStageForm(StageForm):
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))


class ExecuteForm(StageForm):
    paid_yuan = forms.DecimalField(
        label=_("Fine paid (yuan)"), max_digits=12, decimal_places=2, required=False, min_value=0
    )


class MeasuresForm(ClosedPeriodReasonMixin, forms.Form):
    """The measures, laid out from the model's fields; plain Form so the case is not touched until the service."""

    on = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)

    def __init__(self, *args: Any, case: Case | None = None, **kwargs: Any) -> None:
        if case is not None:  # the measures proposed at 告知 are where the decision starts from
            kwargs["initial"] = {**model_to_dict(case, fields=MEASURE_FIELDS), **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        self.fields.update(
            fields_for_model(Case, fields=MEASURE_FIELDS, widgets={"decision_note": forms.Textarea(attrs={"rows": 2})})
        )
        for name in ("fine_yuan", "confiscated_yuan", "detained_people"):
            self.fields[name].required = False  # empty means none
        self.add_reason_field()

    def measures(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in MEASURE_FIELDS}


class NotifyForm(MeasuresForm):
    penalty_basis = forms.CharField(label=_("Grounds for the penalty"), widget=forms.Textarea(attrs={"rows": 2}))


class DecideForm(MeasuresForm):
    statement = forms.CharField(
        label=_("Party's statement and defence"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class JointActionForm(forms.ModelForm):
    class Meta:
        model = JointAction
        fields = ["name", "start", "end", "lead", "departments", "description"]
        widgets = {
            "start": DATE,
            "end": DATE,
            "departments": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = OrgUnit.objects.visible_to(user)
        model_choice_field(self, "lead").queryset = units.filter(kind=OrgUnit.Kind.DEPARTMENT)
        model_choice_field(self, "departments").queryset = units.filter(kind=OrgUnit.Kind.DEPARTMENT)
