from __future__ import annotations

from reports.wording import Figure, optional_lines, render_wording, used_keys


def figs(**values):
    return {k: Figure(k, k, v, "" if v is None else str(v)) for k, v in values.items()}


def test_figures_fill_the_sentence():
    text = render_wording("共排查各类隐患{found}处，整改完成{rectified}处。", figs(found=526, rectified=518))

    assert text == "共排查各类隐患526处，整改完成518处。"


def test_a_sentence_with_a_missing_figure_is_left_out():
    text = render_wording("共检查单位{inspections}家次。\n共排查隐患{found}处。", figs(found=3, inspections=None))

    assert text == "共排查隐患3处。"


def test_zero_prints_as_zero_outside_brackets_and_drops_inside():
    text = render_wording("立案查处{cases}起[，罚款{fines}万元]。", figs(cases=0, fines=0))

    assert text == "立案查处0起。"


def test_a_line_whose_optional_parts_all_fall_away_is_dropped():
    text = render_wording("[召开全体会议{a}次][、专题会议{b}次]。\n结束。", figs(a=0, b=0))

    assert text == "结束。"


def test_leading_punctuation_of_a_dropped_first_part_is_trimmed():
    text = render_wording("[其中重大隐患{major}处][，挂牌督办{listed}处]。", figs(major=0, listed=2))

    assert text == "挂牌督办2处。"


# What mutation testing of reports/wording.py found unguarded (quality/README.md).

OPTIONAL_TEMPLATE = "共排查隐患{found}处。\n?其中重大隐患{major}处。\n整改完成{rectified}处。"


def test_an_optional_line_is_left_out_until_the_clerk_switches_it_on():
    figures = figs(found=5, major=1, rectified=4)
    assert render_wording(OPTIONAL_TEMPLATE, figures) == "共排查隐患5处。整改完成4处。"
    assert (
        render_wording(OPTIONAL_TEMPLATE, figures, switched_on={1}) == "共排查隐患5处。其中重大隐患1处。整改完成4处。"
    )


def test_optional_lines_offers_each_fillable_optional_line_with_what_it_would_say():
    template = OPTIONAL_TEMPLATE + "\n?挂牌督办{listed}处。"
    assert optional_lines(template, figs(found=5, major=1, rectified=4, listed=None)) == [(1, "其中重大隐患1处。")]


def test_used_keys_names_every_placeholder_once():
    assert used_keys(OPTIONAL_TEMPLATE + "\n{found}") == {"found", "major", "rectified"}
