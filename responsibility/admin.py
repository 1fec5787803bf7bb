"""Admin: the ranking schemes are edited here (indicators, colour bands, rubric and rules are data).

A scheme is configuration no service owns: the ranking service reads it when it computes, and a computed
ranking keeps its own scores and breakdown, so editing a scheme changes only rankings computed afterwards.
Rankings refer to their scheme, so neither a scheme nor its parts is deleted here (set is_active, weight 0).
Every other record is read-only: it is created and edited in the portal, where every change is audited.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin

from org.admin import ConfigurationAdmin, DomainRecordAdmin, DomainRecordInline
from responsibility.models import (
    Accident,
    ColourBand,
    Committee,
    DeductionRule,
    Indicator,
    Interview,
    LeaderInspection,
    Meeting,
    PublicityEvent,
    Ranking,
    RankingEntry,
    RankingScheme,
    ResponsibilityLetter,
    RubricElement,
)
from responsibility.registry import figure_choices


class FigureKeyForm(forms.ModelForm):
    """The figure is picked from the registry, so a typo cannot name a figure that does not exist."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["figure_key"] = forms.ChoiceField(choices=figure_choices(), label=self.fields["figure_key"].label)


class IndicatorInline(admin.TabularInline):
    can_delete = False
    model = Indicator
    form = FigureKeyForm
    extra = 0


class ColourBandInline(admin.TabularInline):
    can_delete = False
    model = ColourBand
    extra = 0


class RubricElementInline(admin.TabularInline):
    can_delete = False
    model = RubricElement
    extra = 0
    show_change_link = True


@admin.register(RankingScheme)
class RankingSchemeAdmin(ConfigurationAdmin):
    list_display = ("name", "org_unit", "bulletin_title", "colour_basis", "is_active")
    inlines = [IndicatorInline, ColourBandInline, RubricElementInline]


class DeductionRuleInline(admin.TabularInline):
    can_delete = False
    model = DeductionRule
    form = FigureKeyForm
    extra = 0


@admin.register(RubricElement)
class RubricElementAdmin(ConfigurationAdmin):
    list_display = ("name", "scheme", "points")
    inlines = [DeductionRuleInline]


class RankingEntryInline(DomainRecordInline):
    model = RankingEntry


@admin.register(Ranking)
class RankingAdmin(DomainRecordAdmin):
    """Read-only: rankings are computed and published in the portal."""

    list_display = ("__str__", "scheme", "period_start", "period_end", "status", "township_count")
    list_filter = ("status", "scheme")
    inlines = [RankingEntryInline]


@admin.register(Committee)
class CommitteeAdmin(DomainRecordAdmin):
    list_display = ("name", "year", "kind", "org_unit", "lead_department", "leader_in_charge")
    list_filter = ("year", "kind")


@admin.register(ResponsibilityLetter)
class ResponsibilityLetterAdmin(DomainRecordAdmin):
    list_display = ("title", "year", "issuer", "org_unit", "enterprise", "signed_on")
    list_filter = ("year", "kind")
    raw_id_fields = ("issuer", "org_unit")


@admin.register(Meeting)
class MeetingAdmin(DomainRecordAdmin):
    list_display = ("held_on", "kind", "topic", "org_unit")
    list_filter = ("kind",)


@admin.register(LeaderInspection)
class LeaderInspectionAdmin(DomainRecordAdmin):
    list_display = ("held_on", "leader", "org_unit")


@admin.register(Interview)
class InterviewAdmin(DomainRecordAdmin):
    list_display = ("held_on", "enterprise", "kind", "org_unit")


@admin.register(Accident)
class AccidentAdmin(DomainRecordAdmin):
    list_display = ("occurred_on", "place", "kind", "grade", "dead", "injured", "org_unit")
    list_filter = ("kind", "grade", "investigation")


@admin.register(PublicityEvent)
class PublicityEventAdmin(DomainRecordAdmin):
    list_display = ("held_on", "kind", "title", "participants", "org_unit")
    list_filter = ("kind",)
