"""Figures and explorers of the library show no English in the Chinese edition (zh_CN).

The texts are collected as a learner sees them (``tests/zh_texts.py``): every visible text
of a drawn matplotlib figure (titles, axis and tick labels, legends, annotations) and every
description, option, button, label, table cell and chart text of an explorer. The same
collectors run in the kernel while nbval runs the notebooks of the Chinese edition
(``conftest.py``), which covers the figures the notebooks draw themselves.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import tierlab as tl  # noqa: E402
from tests.zh_texts import (  # noqa: E402
    english_texts,
    figure_texts,
    html_texts,
    plotly_texts,
    widget_texts,
)
from tierlab.cases.pharma.world import make_pharma  # noqa: E402
from tierlab.cases.retail.world import make_retail  # noqa: E402
from tierlab.i18n import set_locale  # noqa: E402


@pytest.fixture(scope="module")
def worlds():
    return (make_retail(n_members=300, n_stores=5, random_state=11, locale="zh_CN"),
            make_pharma(n_doctors=120, n_hospitals=20, random_state=11, locale="zh_CN"))


@pytest.fixture
def zh():
    tl.plotting.set_theme(locale="zh_CN")
    yield
    set_locale("en_US")
    plt.close("all")


@pytest.fixture(scope="module")
def retail(worlds):
    world = worlds[0]
    rfm_in = tl.rfm_table(world.transactions, customer="member_id")
    return world, rfm_in


def _new_ax():
    return plt.subplots(figsize=(8, 5))[1]


def _drawn(ax) -> list[str]:
    ax.figure.canvas.draw()
    texts = figure_texts(ax.figure)
    plt.close(ax.figure)
    return texts


# ---------------------------------------------------------------- the collectors can fail
def test_the_collectors_find_english_in_figures_widgets_and_charts():
    import ipywidgets as ipw
    import plotly.graph_objects as go

    fig, ax = plt.subplots()
    ax.bar(["Apparel", "服装"], [1, 2], label="online")
    ax.set(title="各品类销售额", xlabel="category")
    ax.legend(title="channel")
    assert english_texts(_drawn(ax)) == {
        "Apparel": ["Apparel"], "category": ["category"], "channel": ["channel"],
        "online": ["online"]}
    plt.close(fig)
    box = ipw.VBox([ipw.FloatSlider(description="MVC calls"), ipw.Dropdown(options=["低", "high"]),
                    ipw.HTML("<table><tr><th>级别</th><th>baseline</th></tr>"
                             "<tr><td>Champions</td><td>1,234</td></tr></table>说明")])
    assert english_texts(widget_texts(box)) == {
        "MVC calls": ["calls"], "high": ["high"], "baseline": ["baseline"],
        "Champions": ["Champions"]}
    chart = go.Figure(go.Bar(x=["Apparel", "食品"], y=[1, 2], name="sales",
                             hovertemplate="net sales %{y}<extra></extra>"))
    chart.update_layout(title_text="各品类", xaxis_title="品类")
    assert english_texts(plotly_texts(chart)) == {
        "Apparel": ["Apparel"], "sales": ["sales"], "net sales": ["net", "sales"]}
    assert html_texts("<style>td{x}</style><b>总计</b>") == ["总计"]


# ---------------------------------------------------------------- library figures
def test_library_figures_speak_chinese(zh, worlds, retail):
    world, rfm_in = retail
    abc = tl.abc_classify(rfm_in, customer="member_id", value="monetary", negative="last")
    segments = tl.rfm_segments(tl.rfm_scores(rfm_in, customer="member_id"), customer="member_id")
    texts = []
    texts += _drawn(tl.plotting.pareto_curve(abc, customer="member_id", value="monetary",
                                             tier="tier", ax=_new_ax()))
    texts += _drawn(tl.plotting.tier_bars(abc, tier="tier", value="monetary", ax=_new_ax()))
    texts += _drawn(tl.plotting.segment_bars(segments, segment="segment", value="monetary",
                                             ax=_new_ax()))
    later = abc.assign(tier=abc["tier"].astype(str).replace({"A": "B", "B": "A"}))
    moves = tl.migration_matrix(abc, later, customer="member_id")
    texts += _drawn(tl.plotting.migration_heatmap(moves, ax=_new_ax()))
    pharma = worlds[1]
    hosp = tl.hospital_profile(pharma)
    grid = tl.factor_matrix(hosp.fillna({"share": 0}), customer="hospital_id", x="share",
                            y="potential_value", labels=tl.matrix.POTENTIAL_SHARE_LABELS)
    texts += _drawn(tl.plotting.matrix_scatter(grid, x="share", y="potential_value",
                                               cell_labels=tl.matrix.POTENTIAL_SHARE_LABELS, ax=_new_ax()))
    by_cat = world.transactions.groupby(["category", "channel"], as_index=False)["amount"].sum()
    import seaborn as sns

    ax = sns.barplot(tl.localize(by_cat), x="amount", y="category", hue="channel", ax=_new_ax())
    ax.set(title="各品类与渠道的净销售额", xlabel="净销售额", ylabel="")
    ax.get_legend().set_title("渠道")
    texts += _drawn(ax)
    assert "重要价值客户" in texts and "服装" in texts and "线上" in texts, texts
    assert english_texts(texts) == {}


def test_library_tables_speak_chinese(zh, retail):
    _, rfm_in = retail
    summary = tl.concentration_summary(rfm_in, value="monetary")
    assert list(summary["metric"])[:3] == ["客户数", "合计", "基尼系数"]
    assert english_texts(summary["metric"]) == {}
    set_locale("en_US")
    assert list(tl.concentration_summary(rfm_in, value="monetary")["metric"])[-1] == (
        "customer share for 80% of value")


def test_service_models_use_the_source_terms():
    for models in (tl.SERVICE_MODELS, tl.RETAIL_SERVICE_MODELS):
        assert list(models["objective_zh"]) == ["锁定", "发展", "维持", "战略性放弃"]


# ---------------------------------------------------------------- explorers
def _widget_english(explorer) -> dict:
    return english_texts(widget_texts(explorer))


def test_explorers_speak_chinese(zh, worlds, retail):
    world, rfm_in = retail
    found = {}
    abc = tl.widgets.abc_explorer(rfm_in, customer="member_id", value="monetary",
                                  negative="last")
    found["abc"] = _widget_english(abc)
    abc.controls["b_cut"].value = abc.controls["a_cut"].value - 0.05  # an error message
    found["abc error"] = _widget_english(abc)
    rfm = tl.widgets.rfm_explorer(rfm_in, customer="member_id")
    found["rfm"] = _widget_english(rfm)
    assert "重要价值客户" in widget_texts(rfm)
    rfm.controls["bins"].value = 3  # a note
    found["rfm 3 bins"] = _widget_english(rfm)
    dims = rfm_in.rename(columns={"monetary": "value", "frequency": "potential"})
    found["weights"] = _widget_english(tl.widgets.weights_explorer(
        dims, customer="member_id", columns=["value", "potential", "recency"], value="value"))
    hosp = tl.hospital_profile(worlds[1]).fillna({"share": 0})
    found["matrix"] = _widget_english(tl.widgets.matrix_explorer(
        hosp, customer="hospital_id", x="share", y="potential_value", logy=True,
        labels=tl.matrix.POTENTIAL_SHARE_LABELS))
    tiers = tl.abc_classify(rfm_in, customer="member_id", value="monetary", negative="last")
    budget = tl.widgets.budget_explorer(
        tiers, response=lambda d, c: d["monetary"].to_numpy() * (1 + 0.1 * np.minimum(c, 1)),
        customer="member_id", max_calls=1, step=0.1, capacity=50, contact="coupon")
    budget.controls["A"].value = 1.0  # over the budget: the warning
    texts = widget_texts(budget)
    found["budget coupon"] = english_texts(texts)
    assert "A级发券" in texts and "发券数" in texts and not any("拜访" in t for t in texts)
    calls = tl.widgets.budget_explorer(
        tiers, response=lambda d, c: d["monetary"].to_numpy() + c, customer="member_id",
        capacity=100)
    found["budget calls"] = _widget_english(calls)
    assert "A级拜访" in widget_texts(calls)
    assert {k: v for k, v in found.items() if v} == {}


def test_budget_explorer_names_its_contact_in_english_too(retail):
    _, rfm_in = retail
    tiers = tl.abc_classify(rfm_in, customer="member_id", value="monetary", negative="last")
    kw = dict(response=lambda d, c: d["monetary"].to_numpy() + c, customer="member_id",
              capacity=10)
    coupons = tl.widgets.budget_explorer(tiers, contact="coupon", **kw)
    assert coupons.controls["A"].description == "A coupons"
    assert "Total coupons" in coupons.message.value or "budget" in str(coupons.note)
    with pytest.raises(ValueError, match="contact"):
        tl.widgets.budget_explorer(tiers, contact="visit", **kw)


def test_localize_shows_category_values_and_keeps_the_data(zh):
    frame = pd.DataFrame({"member_id": ["M1", "M2"], "channel": ["online", "store"],
                          "level": pd.Categorical(["Gold", "Regular"]), "amount": [1.0, 2.0]})
    shown = tl.localize(frame)
    assert list(shown["channel"]) == ["线上", "门店"]
    assert list(shown["level"].cat.categories) == ["金卡", "普通"]
    assert list(shown["member_id"]) == ["M1", "M2"] and list(frame["channel"]) == ["online", "store"]
    assert list(tl.localize(pd.Index(["Oncology", "x"]))) == ["肿瘤科", "x"]
    with pytest.raises(TypeError, match="data must be a pandas"):
        tl.localize(["online"])
    set_locale("en_US")
    assert tl.localize(frame) is frame
