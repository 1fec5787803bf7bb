"""Admin: the ranking schemes are edited here (indicators, colour bands, rubric and rules are data).

Records are read-mostly here: they are created and edited in the portal, where every change is audited.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin

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
    model = Indicator
    form = FigureKeyForm
    extra = 0


class ColourBandInline(admin.TabularInline):
    model = ColourBand
    extra = 0


class RubricElementInline(admin.TabularInline):
    model = RubricElement
    extra = 0
    show_change_link = True


@admin.register(RankingScheme)
class RankingSchemeAdmin(admin.ModelAdmin):
    list_display = ("name", "org_unit", "bulletin_title", "colour_basis", "is_active")
    inlines = [IndicatorInline, ColourBandInline, RubricElementInline]
    raw_id_fields = ("org_unit",)


class DeductionRuleInline(admin.TabularInline):
    model = DeductionRule
    form = FigureKeyForm
    extra = 0


@admin.register(RubricElement)
class RubricElementAdmin(admin.ModelAdmin):
    list_display = ("name", "scheme", "points")
    inlines = [DeductionRuleInline]


class RankingEntryInline(admin.TabularInline):
    model = RankingEntry
    extra = 0
    can_delete = False
    readonly_fields = ("org_unit", "position", "rank", "score", "indicator_points", "rubric_points", "colour",
                       "breakdown")


@admin.register(Ranking)
class RankingAdmin(admin.ModelAdmin):
    """Read-only: rankings are computed and published in the portal."""

    list_display = ("__str__", "scheme", "period_start", "period_end", "status", "township_count")
    list_filter = ("status", "scheme")
    readonly_fields = ("scheme", "org_unit", "issue", "period_start", "period_end", "status", "township_count",
                       "computed_at", "published_at")
    inlines = [RankingEntryInline]


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ("name", "year", "kind", "org_unit", "lead_department", "leader_in_charge")
    list_filter = ("year", "kind")
    filter_horizontal = ("member_units",)
    raw_id_fields = ("org_unit", "lead_department", "parent")


@admin.register(ResponsibilityLetter)
class ResponsibilityLetterAdmin(admin.ModelAdmin):
    list_display = ("title", "year", "issuer", "org_unit", "enterprise", "signed_on")
    list_filter = ("year", "kind")
    raw_id_fields = ("issuer", "org_unit")


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("held_on", "kind", "topic", "org_unit")
    list_filter = ("kind",)
    raw_id_fields = ("org_unit", "committee")


@admin.register(LeaderInspection)
class LeaderInspectionAdmin(admin.ModelAdmin):
    list_display = ("held_on", "leader", "org_unit")
    raw_id_fields = ("org_unit", "hazards")


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    list_display = ("held_on", "enterprise", "kind", "org_unit")
    raw_id_fields = ("org_unit",)


@admin.register(Accident)
class AccidentAdmin(admin.ModelAdmin):
    list_display = ("occurred_on", "place", "kind", "grade", "dead", "injured", "org_unit")
    list_filter = ("kind", "grade", "investigation")
    raw_id_fields = ("org_unit",)


@admin.register(PublicityEvent)
class PublicityEventAdmin(admin.ModelAdmin):
    list_display = ("held_on", "kind", "title", "participants", "org_unit")
    list_filter = ("kind",)
    raw_id_fields = ("org_unit",)
