"""Form helpers every app's views share."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.forms import Form
from django.forms.models import ModelChoiceIterator
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

# A phone's native date picker; ISO values so the browser fills it back in.
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """``form.fields[name]``, declared as a model select (or multi-select): ``BaseForm.fields`` is typed as
    plain ``Field``, so a form setting its options' queryset says which kind of field it is here."""
    return cast("forms.ModelChoiceField[Any]", form.fields[name])


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """``form.fields[name]``, declared as a ``ChoiceField`` (see ``model_choice_field``)."""
    return cast(forms.ChoiceField, form.fields[name])


def attach_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's refusal next to the field it names, or on top of the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class ListedChoiceIterator(ModelChoiceIterator):
    """A select's options from one plain SELECT.

    Django's iterator reads them with ``QuerySet.iterator()``, which on PostgreSQL opens a server-side
    cursor WITH HOLD: DECLARE, FETCH and CLOSE, three round trips, for a few dozen or hundred options.
    """

    def __iter__(self):  # noqa: ANN204 (Django's signature)
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


def list_model_choices(form: Form) -> None:
    """Every model select of ``form`` reads its options with one plain SELECT (ListedChoiceIterator)."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField):
            field.iterator = ListedChoiceIterator
            field.widget.choices = field.choices  # the widget took its iterator when the field was made


def _attrs_html(attrs: dict[str, Any]) -> str:
    # django/forms/widgets/attrs.html: True is a bare attribute, False is left out.
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


class QuickSelect(forms.Select):
    """A select with Django's markup (select.html, select_option.html), written out here.

    The template engine takes about 25 µs an option, and a city leader's township select has 240.
    """

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"', widget["name"]), _attrs_html(widget["attrs"]), ">"]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            for option in options:
                option_attrs = mark_safe(_attrs_html(option["attrs"]))
                parts.append(
                    format_html(
                        '\n  <option value="{}"{}>{}</option>', str(option["value"]), option_attrs, option["label"]
                    )
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))


class BureauSettingsForm(forms.Form):
    """本局设置, as an administrator edits them; ``version`` is the one the page was opened at."""

    reinspection_by = forms.ChoiceField(
        label=_("Re-inspection and closing are done by"),
        widget=forms.RadioSelect,
        help_text=_(
            "Compared with the person who reported the rectification; whoever recorded a hazard never "
            "passes its re-inspection herself."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from org.models import BureauSettings

        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["reinspection_by"]).choices = BureauSettings.Separation.choices
