"""Township ranking: scores, deductions, ties, colours at the band edges, history and the query count.

The scored fixture is described in conftest.py.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from org.models import Notification, OrgUnit
from org.periods import Period
from responsibility import ranking as scoring
from responsibility import services
from responsibility.models import (
    Colour,
    ColourBand,
    DeductionRule,
    Indicator,
    Ranking,
    RankingEntry,
    RankingScheme,
)
from tests.factories.hazards import HazardFactory
from tests.factories.org import OrgUnitFactory, UserFactory
from tests.factories.responsibility import AccidentFactory, SchemeFactory, add_bands, add_indicator, add_rule
from tests.responsibility.conftest import APRIL_15, MARCH


def compute(clerk, scheme, period=MARCH, today=APRIL_15) -> Ranking:
    return services.ranking_compute(acting_user=clerk, scheme=scheme, period=period, today=today)


def entries(ranking: Ranking) -> dict[str, RankingEntry]:
    return {e.org_unit.name: e for e in ranking.entries.select_related("org_unit")}


# --- Scores and deductions ---------------------------------------------------------------------------------


def test_scores_add_indicator_points_and_the_rubric(march_hazards, scheme, clerk):
    result = entries(compute(clerk, scheme))
    assert {name: e.score for name, e in result.items()} == {
        "城关街道": Decimal("16.00"),
        "东湖街道": Decimal("10.00"),
        "青山镇": Decimal("35.00"),
    }


def test_townships_are_ranked_by_score(march_hazards, scheme, clerk):
    ranking = compute(clerk, scheme)
    assert [(e.org_unit.name, e.rank) for e in ranking.entries.order_by("position")] == [
        ("青山镇", 1),
        ("城关街道", 2),
        ("东湖街道", 3),
    ]


def test_each_score_lists_the_deductions_that_produced_it(march_hazards, scheme, clerk):
    deductions = entries(compute(clerk, scheme))["城关街道"].deductions
    assert [(d["rule"], d["value"], d["points"]) for d in deductions] == [
        ("每处逾期未整改重大隐患扣2分，最多扣4分", "1", "2.00"),
        ("每处逾期未整改隐患扣1分，最多扣3分", "2", "2.00"),
    ]


def test_a_township_without_deductions_lists_none(march_hazards, scheme, clerk):
    assert entries(compute(clerk, scheme))["青山镇"].deductions == []


def test_the_breakdown_keeps_each_indicator_value_and_points(march_hazards, scheme, clerk):
    indicators = entries(compute(clerk, scheme))["城关街道"].indicators
    assert [(i["name"], i["value"], i["points"]) for i in indicators] == [
        ("发现隐患", "4", "10.00"),
        ("整改率", "50%", "0.00"),
    ]


def test_a_township_without_the_figure_earns_nothing_on_that_indicator(march_hazards, scheme, clerk):
    indicators = entries(compute(clerk, scheme))["东湖街道"].indicators
    assert (indicators[1]["value"], indicators[1]["points"]) == ("—", "0.00")


def test_a_deduction_stops_at_its_cap(township_a, township_b, city, clerk):
    for day in range(1, 8):
        HazardFactory.create(
            org_unit=township_a,
            found_on=dt.date(2026, 3, day),
            status="assigned",
            deadline=dt.date(2026, 3, 20),
            level="major",
        )
    scheme = SchemeFactory.create(org_unit=city)
    add_rule(scheme, "重大隐患", 20, "每处逾期未整改重大隐患扣2分，最多扣10分", "hazards.major_overdue", "2", cap="10")
    add_bands(scheme, ("blue", 1), ("yellow", None))
    entry = entries(compute(clerk, scheme))["城关街道"]
    assert (entry.deductions[0]["value"], entry.deductions[0]["points"], entry.score) == (
        "7",
        "10.00",
        Decimal("10.00"),
    )


def test_a_threshold_rule_deducts_once_below_the_threshold(march_hazards, city, clerk):
    scheme = SchemeFactory.create(org_unit=city)
    add_rule(
        scheme,
        "隐患整改",
        10,
        "隐患整改率低于90%扣5分",
        "hazards.rectification_rate",
        "5",
        mode="below",
        threshold="90",
    )
    add_bands(scheme, ("blue", 1), ("yellow", None))
    result = entries(compute(clerk, scheme))
    assert {n: e.score for n, e in result.items()} == {
        "城关街道": Decimal("5.00"),
        "东湖街道": Decimal("10.00"),
        "青山镇": Decimal("10.00"),
    }


@pytest.mark.parametrize("mode", ["below", "above"])
def test_a_threshold_rule_without_its_threshold_deducts_nothing(mode):
    # The database refuses such a rule (rule_has_threshold); scored anyway, it is "no threshold, no deduction",
    # never a Decimal compared with None.
    rule = DeductionRule(mode=mode, points=Decimal("5"), threshold=None)
    assert scoring.rule_deduction(rule, Decimal("80")) == Decimal("0.00")


def test_an_element_never_drops_below_zero(township_a, city, clerk):
    for day in range(1, 6):
        HazardFactory.create(
            org_unit=township_a, found_on=dt.date(2026, 3, day), status="assigned", deadline=dt.date(2026, 3, 20)
        )
    scheme = SchemeFactory.create(org_unit=city)
    add_rule(scheme, "隐患整改", 3, "每处逾期未整改隐患扣1分", "hazards.overdue", "1")
    assert entries(compute(clerk, scheme))["城关街道"].rubric_points == Decimal("0.00")


def test_when_every_township_has_the_same_value_all_earn_the_full_weight(township_a, township_b, city, clerk):
    scheme = SchemeFactory.create(org_unit=city)
    add_indicator(scheme, "accidents.count", 10, higher_is_better=False)
    assert {e.score for e in compute(clerk, scheme).entries.all()} == {Decimal("10.00")}


def test_lower_is_better_gives_the_full_weight_to_the_fewest(township_a, township_b, city, clerk):
    AccidentFactory.create(org_unit=township_a, occurred_on=dt.date(2026, 3, 3))
    scheme = SchemeFactory.create(org_unit=city)
    add_indicator(scheme, "accidents.count", 10, higher_is_better=False)
    assert {n: e.score for n, e in entries(compute(clerk, scheme)).items()} == {
        "城关街道": Decimal("0.00"),
        "青山镇": Decimal("10.00"),
    }


def test_accidents_in_a_village_count_for_its_township(township_a, village_a, township_b, city, clerk):
    AccidentFactory.create(org_unit=village_a, occurred_on=dt.date(2026, 3, 3), dead=2)
    scheme = SchemeFactory.create(org_unit=city)
    add_rule(scheme, "事故防控", 15, "每死亡1人扣5分", "accidents.deaths", "5")
    assert entries(compute(clerk, scheme))["城关街道"].score == Decimal("5.00")


# --- Ties ---------------------------------------------------------------------------------------------------


def test_equal_scores_share_a_rank_and_are_listed_in_org_unit_order(township_a, township_b, township_c, city, clerk):
    scheme = SchemeFactory.create(org_unit=city)
    add_indicator(scheme, "accidents.count", 10, higher_is_better=False)
    ranking = compute(clerk, scheme)
    assert [(e.org_unit.name, e.rank) for e in ranking.entries.order_by("position")] == [
        ("城关街道", 1),
        ("东湖街道", 1),
        ("青山镇", 1),
    ]


def test_the_rank_after_a_tie_skips_the_shared_places():
    results = _results([90, 80, 80, 70])
    assert [r.rank for r in scoring.assign_ranks(results)] == [1, 2, 2, 4]


# --- Colours ------------------------------------------------------------------------------------------------


def _results(scores: list[int | str]) -> list[scoring.TownshipResult]:
    return [
        scoring.TownshipResult(unit=OrgUnit(name=f"镇{i:02d}", path=f"C/{i:02d}/"), indicator_points=Decimal(s))
        for i, s in enumerate(scores)
    ]


def _bands(*spec: tuple) -> list[ColourBand]:
    return [
        ColourBand(position=i, colour=c, size=size, min_score=score[0] if score else None)
        for i, (c, size, *score) in enumerate(spec, start=1)
    ]


THREE = _bands(("blue", 5), ("yellow", None), ("red", 5))


def colours(scores: list[int | str], bands=THREE, basis=RankingScheme.Basis.RANK) -> list[str]:
    ranked = scoring.assign_ranks(_results(scores))
    scoring.assign_colours(ranked, bands, basis)
    return [r.colour for r in ranked]


def test_twenty_three_townships_are_coloured_five_thirteen_five():
    result = colours(list(range(100, 77, -1)))
    assert (result.count("blue"), result.count("yellow"), result.count("red")) == (5, 13, 5)


def test_the_fifth_is_blue_and_the_sixth_yellow():
    result = colours(list(range(100, 77, -1)))
    assert result[4:6] == ["blue", "yellow"]


def test_the_eighteenth_is_yellow_and_the_nineteenth_red():
    result = colours(list(range(100, 77, -1)))
    assert result[17:19] == ["yellow", "red"]


def test_a_tie_across_the_top_edge_takes_blue_for_both():
    scores = [*range(100, 96, -1), 90, 90, *range(80, 63, -1)]  # places 5 and 6 tie
    assert colours(scores).count("blue") == 6


def test_a_tie_across_the_bottom_edge_keeps_both_out_of_red():
    scores = [*range(100, 83, -1), 50, 50, *range(40, 36, -1)]  # places 18 and 19 tie
    result = colours(scores)
    assert (result[17:19], result.count("red")) == (["yellow", "yellow"], 4)


def test_a_tie_inside_the_bottom_band_is_red_for_both():
    scores = [*range(100, 82, -1), 40, 40, *range(30, 27, -1)]  # places 19 and 20 tie
    assert colours(scores)[18:20] == ["red", "red"]


def test_with_few_townships_the_top_band_wins_an_overlap():
    assert colours([90, 80, 70]) == ["blue", "blue", "blue"]


def test_five_colours_by_rank_count_from_both_ends():
    bands = _bands(("blue", 2), ("green", 2), ("yellow", None), ("orange", 2), ("red", 2))
    assert colours(list(range(100, 89, -1)), bands) == [
        "blue",
        "blue",
        "green",
        "green",
        "yellow",
        "yellow",
        "yellow",
        "orange",
        "orange",
        "red",
        "red",
    ]


FIVE_BY_SCORE = _bands(
    ("blue", None, Decimal(90)),
    ("green", None, Decimal(80)),
    ("yellow", None, Decimal(70)),
    ("orange", None, Decimal(60)),
    ("red", None),
)


@pytest.mark.parametrize(
    ("score", "colour"),
    [
        ("90", "blue"),
        ("89.99", "green"),
        ("80", "green"),
        ("70", "yellow"),
        ("60", "orange"),
        ("59.99", "red"),
        ("0", "red"),
    ],
)
def test_five_colours_by_score_take_the_first_band_reached(score, colour):
    assert colours([score], FIVE_BY_SCORE, RankingScheme.Basis.SCORE) == [colour]


def test_a_computed_ranking_stores_each_townships_colour(march_hazards, scheme, clerk):
    assert {n: e.colour for n, e in entries(compute(clerk, scheme)).items()} == {
        "青山镇": Colour.BLUE,
        "城关街道": Colour.YELLOW,
        "东湖街道": Colour.RED,
    }


def test_a_scheme_coloured_by_score_colours_by_score_when_computed(march_hazards, scheme, clerk):
    # Scores 35, 16 and 10 (above); by rank they would be blue, yellow and red.
    scheme.bands.all().delete()
    add_bands(scheme, ("blue", None, 30), ("yellow", None, 12), ("red", None, None))
    RankingScheme.objects.filter(pk=scheme.pk).update(colour_basis=RankingScheme.Basis.SCORE)
    scheme.refresh_from_db()
    assert {n: e.colour for n, e in entries(compute(clerk, scheme)).items()} == {
        "青山镇": Colour.BLUE,
        "城关街道": Colour.YELLOW,
        "东湖街道": Colour.RED,
    }


# --- Storing, publishing and history ------------------------------------------------------------------------


def test_a_computed_ranking_is_kept_as_a_numbered_draft(march_hazards, scheme, clerk):
    compute(clerk, scheme)
    second = compute(clerk, scheme)
    assert (second.issue, second.status, second.township_count) == (2, Ranking.Status.DRAFT, 3)


def test_only_townships_under_the_schemes_unit_are_ranked(march_hazards, district_a, clerk):
    scheme = SchemeFactory.create(org_unit=district_a)
    add_indicator(scheme, "hazards.found")
    assert set(entries(compute(clerk, scheme))) == {"城关街道", "东湖街道"}


def test_publishing_tells_the_staff_of_red_townships(
    march_hazards, scheme, clerk, township_c, django_capture_on_commit_callbacks
):
    staff_c = UserFactory.create(org_unit=township_c, role="township_staff")
    with django_capture_on_commit_callbacks(execute=True):
        services.ranking_publish(acting_user=clerk, ranking=compute(clerk, scheme))
    assert Notification.objects.filter(recipient=staff_c).count() == 1


def test_a_township_sees_its_place_in_every_published_ranking_newest_first(
    march_hazards, scheme, clerk, staff_a_client, township_a
):
    first = compute(clerk, scheme, period=Period(dt.date(2026, 3, 1), dt.date(2026, 3, 15)))
    second = compute(clerk, scheme)
    for ranking in (first, second):
        services.ranking_publish(acting_user=clerk, ranking=ranking)
    response = staff_a_client.get(reverse("responsibility:township_history", args=[township_a.pk]))
    assert [e.ranking_id for e in response.context["page"]] == [second.pk, first.pk]


def test_a_draft_is_not_in_the_history(march_hazards, scheme, clerk, staff_a_client, township_a):
    compute(clerk, scheme)
    response = staff_a_client.get(reverse("responsibility:township_history", args=[township_a.pk]))
    assert list(response.context["page"]) == []


def test_a_published_ranking_cannot_be_discarded(march_hazards, scheme, clerk):
    ranking = compute(clerk, scheme)
    services.ranking_publish(acting_user=clerk, ranking=ranking)
    with pytest.raises(ValidationError):
        services.ranking_discard(acting_user=clerk, ranking=ranking)


# --- Pages --------------------------------------------------------------------------------------------------


def test_the_clerk_computes_a_ranking_from_the_ranking_page(march_hazards, scheme, clerk_client):
    response = clerk_client.post(
        reverse("responsibility:ranking_compute"), {"scheme": scheme.pk, "start": "2026-03-01", "end": "2026-03-31"}
    )
    ranking = Ranking.objects.get()
    assert response.url == reverse("responsibility:ranking_detail", args=[ranking.pk])
    assert ranking.entries.count() == 3


def test_a_campaigns_span_can_be_ranked(march_hazards, scheme, clerk_client):
    from tests.factories.hazards import CampaignFactory

    campaign = CampaignFactory.create(start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31))
    clerk_client.post(reverse("responsibility:ranking_compute"), {"scheme": scheme.pk, "campaign": campaign.pk})
    assert Ranking.objects.values_list("period_start", "period_end").get() == (campaign.start, campaign.end)


def test_township_staff_may_not_compute_a_ranking(scheme, staff_a_client):
    response = staff_a_client.post(reverse("responsibility:ranking_compute"), {"scheme": scheme.pk})
    assert response.status_code == 403


def test_the_ranking_page_shows_colours_and_deductions(march_hazards, scheme, clerk, leader_client):
    ranking = compute(clerk, scheme)
    response = leader_client.get(reverse("responsibility:ranking_detail", args=[ranking.pk]))
    assert [e.colour for e in response.context["entries"]] == ["blue", "yellow", "red"]
    assert "每处逾期未整改重大隐患扣2分，最多扣4分" in response.content.decode()


def test_the_published_bulletin_names_the_townships_by_colour(march_hazards, scheme, clerk, staff_b_client):
    ranking = compute(clerk, scheme)
    services.ranking_publish(acting_user=clerk, ranking=ranking)
    response = staff_b_client.get(reverse("responsibility:ranking_bulletin", args=[ranking.pk]))
    groups = {g["colour"]: [e.org_unit.name for e in g["entries"]] for g in response.context["groups"]}
    assert groups == {"blue": ["青山镇"], "yellow": ["城关街道"], "red": ["东湖街道"]}


def test_the_bulletin_pdf_is_a_pdf(march_hazards, scheme, clerk, clerk_client):
    ranking = compute(clerk, scheme)
    response = clerk_client.get(reverse("responsibility:ranking_bulletin_pdf", args=[ranking.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


# --- Query count --------------------------------------------------------------------------------------------


def _townships(count: int, parent: OrgUnit) -> None:
    for i in range(count):
        unit = OrgUnitFactory.create(kind=OrgUnit.Kind.TOWNSHIP, parent=parent)
        HazardFactory.create(
            org_unit=unit,
            found_on=dt.date(2026, 3, 3),
            status="assigned",
            deadline=dt.date(2026, 3, 9),
            level="major" if i % 2 else "general",
        )
        AccidentFactory.create(org_unit=unit, occurred_on=dt.date(2026, 3, 4))


def _every_source_scheme(city) -> RankingScheme:
    scheme = SchemeFactory.create(org_unit=city)
    for key in ("hazards.found", "hazards.on_time_rate", "enforcement.cases", "accidents.count"):
        add_indicator(scheme, key)
    add_rule(scheme, "隐患闭环", 10, "每处逾期未整改重大隐患扣2分", "hazards.major_overdue", "2", cap="4")
    add_rule(scheme, "事故防控", 10, "每死亡1人扣5分", "accidents.deaths", "5")
    add_bands(scheme, ("blue", 1), ("yellow", None), ("red", 1))
    return scheme


# Hazard figures by township read the month rollup, the hazards closed after the period and the open ones.
RANKING_QUERIES = 24


@pytest.mark.parametrize("count", [3, 10])
def test_computing_a_ranking_takes_the_same_queries_for_3_or_10_townships(count, district_a, city, clerk):
    _townships(count, district_a)
    scheme = _every_source_scheme(city)
    ContentType.objects.get_for_model(Ranking)  # the audit's content type is cached after first use
    with CaptureQueriesContext(connection) as queries:
        compute(clerk, scheme)
    # The scheme and its rules 5, the townships 1, hazards 2, timeliness 2, enforcement 3, accidents 2, the lock
    # and the issue number 2, three writes, and the savepoint pair around the service's transaction.
    assert len(queries) == RANKING_QUERIES


def test_enforcement_figures_feed_the_ranking(township_a, township_b, city, clerk):
    from tests.factories.enforcement import CaseFactory, InspectionFactory

    InspectionFactory.create_batch(4, org_unit=township_a, inspected_on=dt.date(2026, 3, 10))
    InspectionFactory.create_batch(2, org_unit=township_b, inspected_on=dt.date(2026, 3, 10))
    CaseFactory.create_batch(2, org_unit=township_a, filed_on=dt.date(2026, 3, 12))
    scheme = SchemeFactory.create(org_unit=city)
    add_indicator(scheme, "enforcement.case_rate", 20, name="立案查处率")
    result = entries(compute(clerk, scheme))
    assert {n: (e.indicators[0]["value"], e.score) for n, e in result.items()} == {
        "城关街道": ("50%", Decimal("20.00")),
        "青山镇": ("0%", Decimal("0.00")),
    }


def test_the_scheduled_task_computes_a_span_once(march_hazards, scheme, clerk):
    from responsibility.tasks import compute_ranking_task

    first = compute_ranking_task(scheme.pk, clerk.pk, "2026-03-01", "2026-03-31")
    assert compute_ranking_task(scheme.pk, clerk.pk, "2026-03-01", "2026-03-31") == first
    assert Ranking.objects.count() == 1


# --- What mutation testing of responsibility/ranking.py found unguarded (quality/README.md) ----------------


@pytest.mark.parametrize(
    ("mode", "value", "deducted"),
    [
        ("below", "79.99", "5"),
        ("below", "80", "0"),  # at the threshold is not below it
        ("below", "95", "0"),
        ("above", "80.01", "5"),
        ("above", "80", "0"),  # nor above it
        ("above", "3", "0"),
    ],
)
def test_a_threshold_rule_deducts_only_strictly_past_its_threshold(mode, value, deducted):
    rule = DeductionRule(mode=mode, points=Decimal("5"), threshold=Decimal("80"))
    assert scoring.rule_deduction(rule, Decimal(value)) == Decimal(deducted)


def test_indicator_points_round_half_up_to_the_cent():
    # One point of weight, a township at 1 on a 0–200 spread: 0.005 points, which half up makes 0.01.
    indicator = Indicator(weight=Decimal("1"), higher_is_better=True)
    assert scoring.indicator_points(indicator, [0, 1, 200]) == [Decimal("0.00"), Decimal("0.01"), Decimal("1.00")]


def test_every_rubric_element_counts_and_the_stored_breakdown_names_each_part(march_hazards, scheme, clerk):
    add_rule(scheme, "安全宣传", 5, "每起较大事故扣5分", "accidents.count", "5")
    entry = entries(compute(clerk, scheme))["城关街道"]
    # 隐患闭环 10 − 4 deducted, plus 安全宣传 5 with nothing deducted (no accidents): 11 rubric points.
    assert entry.breakdown["elements"] == [
        {"name": "隐患闭环", "points": "10.00", "score": "6.00"},
        {"name": "安全宣传", "points": "5.00", "score": "5.00"},
    ]
    assert [(i["key"], i["weight"]) for i in entry.indicators] == [
        ("hazards.found", "10.00"),
        ("hazards.rectification_rate", "20.00"),
    ]
    assert [(d["element"], d["key"]) for d in entry.deductions] == [
        ("隐患闭环", "hazards.major_overdue"),
        ("隐患闭环", "hazards.overdue"),
    ]
    assert entry.score == Decimal("21.00")  # 10 indicator points + 6 + 5


def test_the_ranking_page_names_the_element_of_each_deduction(march_hazards, scheme, clerk, client_for):
    ranking = compute(clerk, scheme)
    page = client_for(clerk).get(reverse("responsibility:ranking_detail", args=[ranking.pk])).content.decode()
    assert "隐患闭环：每处逾期未整改重大隐患扣2分，最多扣4分（1）" in page


def test_a_band_of_no_townships_colours_none():
    assert colours([30, 20, 10], bands=_bands(("blue", 0), ("yellow", None), ("red", 1))) == ["yellow", "yellow", "red"]


# A bureau's admin may give every band a lowest score, or every band a size (the admin's inline lets both): a
# township no band takes is given the last, worst colour, never none.
def test_by_score_a_township_below_every_bands_lowest_score_takes_the_last_colour():
    bands = _bands(("blue", None, Decimal(90)), ("yellow", None, Decimal(80)), ("red", None, Decimal(70)))
    assert colours(["95", "85", "75", "60"], bands, RankingScheme.Basis.SCORE) == ["blue", "yellow", "red", "red"]


def test_by_rank_with_every_band_sized_the_townships_past_them_take_the_last_colour():
    bands = _bands(("blue", 1), ("yellow", 1), ("red", 1))
    assert colours([50, 40, 30, 20, 10], bands) == ["blue", "yellow", "red", "red", "red"]
