"""The register's forms: the township limited to the user's area, the industry picked by code or name."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from enterprises.codes import normalize_credit_code, validate_credit_code
from enterprises.industries import industries, industry, parse_industry
from enterprises.models import Enterprise
from org.forms import model_choice_field
from org.models import OrgUnit, User
from org.versioning import VersionedFormMixin

NAME_SEPARATORS = "、,，;；\n"


class EnterpriseForm(VersionedFormMixin, forms.Form):
    credit_code = forms.CharField(
        label=_("unified social credit code"), max_length=24, help_text=_("18 characters, as on the business licence.")
    )
    name = forms.CharField(label=_("enterprise name"), max_length=200)
    former_names = forms.CharField(
        label=_("former names"), required=False, help_text=_("Separate several names with 、")
    )
    org_unit = forms.ModelChoiceField(label=_("township"), queryset=OrgUnit.objects.none())
    village = forms.ModelChoiceField(label=_("village / community"), queryset=OrgUnit.objects.none(), required=False)
    address = forms.CharField(label=_("address"), max_length=255, required=False)
    industry = forms.CharField(
        label=_("industry (GB/T 4754-2017)"),
        required=False,
        widget=forms.TextInput(attrs={"list": "industry-list", "autocomplete": "off"}),
        help_text=_("Type a code or part of a name and pick from the list."),
    )
    scale = forms.ChoiceField(label=_("scale"), choices=[("", "—"), *Enterprise.Scale.choices], required=False)
    standardization = forms.ChoiceField(
        label=_("safety standardization grade"), choices=Enterprise.Standardization.choices
    )
    risk = forms.ChoiceField(label=_("risk grade"), choices=[("", "—"), *Enterprise.Risk.choices], required=False)
    key_kinds = forms.MultipleChoiceField(
        label=_("key supervision"),
        choices=Enterprise.KeyKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    legal_representative = forms.CharField(label=_("legal representative"), max_length=50, required=False)
    contact_name = forms.CharField(label=_("safety contact"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("contact phone"), max_length=20, required=False)

    def __init__(self, *args: Any, user: User, instance: Enterprise | None = None, **kwargs: Any) -> None:
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                **{
                    name: getattr(instance, name)
                    for name in (
                        "credit_code",
                        "name",
                        "address",
                        "scale",
                        "standardization",
                        "risk",
                        "key_kinds",
                        "legal_representative",
                        "contact_name",
                        "contact_phone",
                    )
                },
                "org_unit": instance.org_unit_id,
                "village": instance.village_id,
                "former_names": instance.former_names,
                "industry": instance.industry.label if instance.industry else instance.industry_code,
            }
        super().__init__(*args, **kwargs)
        self.instance = instance
        self.set_opened_version(instance)
        visible = OrgUnit.objects.visible_to(user).order_by("path")
        model_choice_field(self, "org_unit").queryset = visible.filter(kind=OrgUnit.Kind.TOWNSHIP)
        model_choice_field(self, "village").queryset = visible.filter(kind=OrgUnit.Kind.VILLAGE)
        if instance is None and user.org_unit is not None and user.org_unit.kind == OrgUnit.Kind.TOWNSHIP:
            self.initial.setdefault("org_unit", user.org_unit_id)

    @property
    def industry_choices(self) -> list[str]:
        return [item.label for item in industries()]

    def clean_credit_code(self) -> str:
        code = normalize_credit_code(self.cleaned_data["credit_code"])
        validate_credit_code(code)
        clash = Enterprise.objects.filter(credit_code=code)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError(_("An enterprise with this credit code is already in the register."))
        return code

    def clean_industry(self) -> str:
        text = self.cleaned_data.get("industry", "")
        if not text:
            return ""
        code = parse_industry(text)
        if code is None or industry(code) is None:
            raise ValidationError(_("Not a division of GB/T 4754-2017: pick one from the list."))
        return code

    def clean_former_names(self) -> str:
        text = self.cleaned_data.get("former_names", "")
        for separator in NAME_SEPARATORS:
            text = text.replace(separator, "\n")
        return "、".join(name.strip() for name in text.split("\n") if name.strip())

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        village, township = data.get("village"), data.get("org_unit")
        if village is not None and township is not None and village.parent_id != township.pk:
            self.add_error("village", _("This village is not in the chosen township."))
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data["industry_code"] = data.pop("industry")
        data["scale"] = data.get("scale") or ""
        data["risk"] = data.get("risk") or ""
        return data


class EnterpriseFilterForm(forms.Form):
    q = forms.CharField(label=_("credit code or name"), required=False)
    township = forms.ModelChoiceField(label=_("township"), queryset=OrgUnit.objects.none(), required=False)
    risk = forms.ChoiceField(label=_("risk grade"), choices=[("", _("All")), *Enterprise.Risk.choices], required=False)
    key = forms.BooleanField(label=_("key supervision only"), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "township").queryset = (
            OrgUnit.objects.visible_to(user).filter(kind=OrgUnit.Kind.TOWNSHIP).order_by("path")
        )


class EnterpriseNameInput(forms.TextInput):
    """A name field that offers the register's enterprises as the user types (htmx fills its datalist).

    Picking one fills the form's credit-code field too (static/js/enterprise_picker.js); the record is linked to
    the register by its service (enterprises.linking), whatever was typed.
    """

    def __init__(self, *, code_field: str = "credit_code", attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.code_field = code_field

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        from django.urls import reverse

        list_id = f"{(attrs or {}).get('id', name)}-enterprises"
        attrs = {
            **(attrs or {}),
            "list": list_id,
            "autocomplete": "off",
            "data-enterprise-code": self.code_field,
            "hx-get": f"{reverse('enterprises:search')}?field={name}",
            "hx-trigger": "input changed delay:250ms",
            "hx-target": f"#{list_id}",
            "hx-swap": "innerHTML",
        }
        context = super().get_context(name, value, attrs)
        context["widget"]["list_id"] = list_id
        return context

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        from django.utils.html import format_html

        html = super().render(name, value, attrs, renderer)
        list_id = f"{(attrs or {}).get('id', name)}-enterprises"
        return format_html('{}<datalist id="{}"></datalist>', html, list_id)


def use_enterprise_picker(form: forms.BaseForm, name_field: str, code_field: str = "credit_code") -> None:
    """Turn a form's enterprise-name field into the register's picker, keeping its label and checks."""
    field = form.fields.get(name_field)
    if field is None:
        return
    widget = EnterpriseNameInput(code_field=code_field, attrs=field.widget.attrs)
    widget.is_required = field.widget.is_required
    field.widget = widget
