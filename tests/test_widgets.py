"""Tests for tierlab.widgets: the interactive explorers, driven programmatically."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import ipywidgets as ipw  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from tierlab import plotting, widgets  # noqa: E402
from tierlab.composite import composite_score  # noqa: E402
from tierlab.matrix import factor_matrix  # noqa: E402
from tierlab.pareto import abc_classify, tier_summary  # noqa: E402
from tierlab.rfm import rfm_scores  # noqa: E402

# each test gets the rcParams and locale it started with back afterwards
pytestmark = pytest.mark.usefixtures("restore_plot_state")


@pytest.fixture
def customers():
    rng = np.random.default_rng(11)
    n = 150
    return pd.DataFrame({
        "cid": [f"D{i:03d}" for i in range(n)],
        "sales": rng.pareto(1.2, n) * 1000 + 1,
        "potential": rng.lognormal(8, 1, n),
        "share": rng.uniform(0, 1, n),
        "loyalty": rng.integers(1, 6, n).astype(float),
        "recency": rng.integers(1, 365, n),
        "frequency": rng.integers(1, 30, n),
        "monetary": rng.gamma(2.0, 80.0, n),
    })


def _trace_xy(ex, i):
    return np.asarray(ex.chart.data[i].x, dtype=float), np.asarray(ex.chart.data[i].y, dtype=float)


# ----------------------------------------------------------------------------- ABC
def test_abc_explorer_initial_state_matches_method(customers):
    before = customers.copy()
    ex = widgets.abc_explorer(customers, customer="cid", value="sales")
    assert isinstance(ex, ipw.VBox)
    expected = abc_classify(customers, customer="cid", value="sales", cutoffs=(0.8, 0.95))
    pd.testing.assert_frame_equal(ex.result, expected)
    pd.testing.assert_frame_equal(ex.summary, tier_summary(expected, tier="tier", value="sales"))
    # the chart is drawn by the browser: the curve trace is the Pareto curve of the data
    x, y = _trace_xy(ex, -1)
    values = np.sort(customers["sales"].to_numpy())[::-1]
    np.testing.assert_allclose(y[1:], np.cumsum(values) / values.sum())
    np.testing.assert_allclose(x[-1], 1.0)
    # one area per tier: its customers plus the point where the previous area ends
    assert [t.name for t in ex.chart.data[:3]] == list("ABC")
    counts = expected["tier"].value_counts()
    for t, trace in zip("ABC", ex.chart.data[:3], strict=True):
        assert len(trace.x) == counts[t] + 1
        assert all(str(s).endswith(f" · {t}") for s in trace.text[1:])
    assert "<table" in ex.table.value and "tier" in ex.table.value
    assert ex.error is None
    pd.testing.assert_frame_equal(customers, before)


def test_abc_explorer_slider_recomputes(customers):
    ex = widgets.abc_explorer(customers, customer="cid", value="sales")
    n_a = int((ex.result["tier"] == "A").sum())
    a_x, _ = _trace_xy(ex, 0)
    updates = ex.n_updates
    ex.controls["a_cut"].value = 0.6  # observe fires update()
    assert ex.n_updates == updates + 1
    assert int((ex.result["tier"] == "A").sum()) < n_a
    expected = abc_classify(customers, customer="cid", value="sales", cutoffs=(0.6, 0.95))
    pd.testing.assert_frame_equal(ex.result, expected)
    new_a_x, _ = _trace_xy(ex, 0)  # the A area shrank in place: same trace, fewer points
    assert len(new_a_x) < len(a_x)
    # the cut-off lines are trace data (no layout change): the A line is drawn at 60 %
    lines, notes = ex.chart.data[3], ex.chart.data[4]
    assert lines.y[:3] == pytest.approx((0.6, 0.6, 0.0))
    assert notes.y[0] == pytest.approx(0.6) and notes.text[0].startswith(" 60%")
    assert not ex.chart.layout.shapes and not ex.chart.layout.annotations
    assert ex.last_update_seconds is not None and ex.last_update_seconds > 0


def test_abc_explorer_rejects_b_below_a_and_recovers(customers):
    ex = widgets.abc_explorer(customers, customer="cid", value="sales")
    kept = ex.result
    ex.controls["b_cut"].value = 0.7  # below A = 0.8
    assert ex.error is not None and "B cut-off" in ex.error
    assert "B cut-off" in ex.message.value
    assert ex.result is kept
    ex.controls["b_cut"].value = 0.9
    assert ex.error is None and ex.message.value == ""
    assert ex.result is not kept


def test_abc_explorer_bad_input(customers):
    with pytest.raises(ValueError, match="customer='nope'"):
        widgets.abc_explorer(customers, customer="nope", value="sales")
    with pytest.raises(ValueError, match="two cutoffs"):
        widgets.abc_explorer(customers, customer="cid", value="sales", cutoffs=(0.8,))
    with pytest.raises(ValueError, match="cutoffs\\[0\\]"):
        widgets.abc_explorer(customers, customer="cid", value="sales", cutoffs=(0.2, 0.9))


def test_zh_locale_labels_controls(customers):
    plotting.set_theme(locale="zh_CN")
    ex = widgets.abc_explorer(customers, customer="cid", value="sales")
    assert ex.controls["a_cut"].description == "A类分界"
    ex.controls["b_cut"].value = 0.7
    assert "必须高于" in ex.error
    matrix = widgets.matrix_explorer(customers, customer="cid", x="share", y="potential")
    assert matrix.chart.layout.xaxis.title.text == "份额"  # axes name columns in Chinese
    assert matrix.chart.layout.yaxis.title.text == "潜力"
    assert "份额: " in matrix.chart.data[0].hovertemplate
    weights = widgets.weights_explorer(customers, customer="cid", columns=["sales", "share"])
    assert [t.name for t in weights.chart.data] == ["销售额", "份额"]


# ----------------------------------------------------------------------------- RFM
def test_rfm_explorer_bins(customers):
    ex = widgets.rfm_explorer(customers, customer="cid")
    assert ex.result["r_score"].max() == 5
    assert ex.summary["customers"].sum() == len(customers)
    assert ex.note is None
    five = ex.summary.set_index("segment")["customers"]
    ex.controls["bins"].value = 3
    assert ex.result["r_score"].max() == 3
    scores = rfm_scores(customers, customer="cid", bins=3)
    np.testing.assert_array_equal(ex.result["rfm_score"], scores["rfm_score"])
    assert ex.summary["customers"].sum() == len(customers)
    assert not ex.summary.set_index("segment")["customers"].equals(five)
    assert ex.note is not None and "3" in ex.message.value
    np.testing.assert_allclose(ex.summary["value_share"].sum(), 1.0)


def test_rfm_explorer_bad_input(customers):
    with pytest.raises(ValueError, match="recency='last'"):
        widgets.rfm_explorer(customers, customer="cid", recency="last")
    with pytest.raises(ValueError, match="bins"):
        widgets.rfm_explorer(customers, customer="cid", bins=12)


# ----------------------------------------------------------------------------- matrix
def test_matrix_explorer_thresholds(customers):
    ex = widgets.matrix_explorer(customers, customer="cid", x="potential", y="share", logx=True)
    assert isinstance(ex.controls["x_cut"], widgets.QuantileSlider)
    assert ex.controls["y_cut"].value == pytest.approx(customers["share"].median())
    ex.controls["y_cut"].value = 0.3  # snaps to the nearest quantile step
    y_cut = ex.controls["y_cut"].value
    assert y_cut == pytest.approx(0.3, abs=0.02)
    x_cut = ex.controls["x_cut"].value
    expected = factor_matrix(customers, customer="cid", x="potential", y="share",
                             x_cut=x_cut, y_cut=y_cut)
    pd.testing.assert_frame_equal(ex.result, expected, check_like=True)
    counts = ex.summary.drop(columns="y_level").to_numpy().sum()
    assert counts == len(customers)
    high = int((ex.result["y_level"] == "high").sum())
    assert high == int((customers["share"] >= y_cut).sum())
    assert ex.chart.layout.xaxis.type == "log"
    # each cell's label counts its customers (labels and cut lines are traces)
    texts = " ".join(ex.chart.data[2].text)
    for n in ex.summary.drop(columns="y_level").to_numpy().ravel():
        assert f"n={n:,}" in texts


def test_matrix_explorer_bad_input(customers):
    with pytest.raises(ValueError, match="y='missing'"):
        widgets.matrix_explorer(customers, customer="cid", x="potential", y="missing")
    flat = customers.assign(share=0.5)
    with pytest.raises(ValueError, match="single value"):
        widgets.matrix_explorer(flat, customer="cid", x="potential", y="share")


# ----------------------------------------------------------------------------- weights
def test_weights_explorer_follows_weights(customers):
    cols = ["sales", "potential", "loyalty"]
    ex = widgets.weights_explorer(customers, customer="cid", columns=cols, value="sales")
    assert set(ex.controls) == set(cols)
    ex.controls["potential"].value = 0.0
    ex.controls["loyalty"].value = 0.0
    ex.controls["sales"].value = 1.0
    expected = composite_score(customers, customer="cid",
                               weights={"sales": 1.0, "potential": 0.0, "loyalty": 0.0},
                               tiers=["A", "B", "C"])
    pd.testing.assert_frame_equal(ex.result, expected)
    by_tier = ex.summary.set_index("tier")
    assert by_tier.loc["A", "sales_scaled"] > by_tier.loc["B", "sales_scaled"] > \
        by_tier.loc["C", "sales_scaled"]
    assert by_tier["customers"].sum() == len(customers)
    np.testing.assert_allclose(by_tier["value_share"].sum(), 1.0)


def test_weights_explorer_all_zero_is_rejected(customers):
    ex = widgets.weights_explorer(customers, customer="cid", columns=["sales", "potential"])
    ex.controls["sales"].value = 0.0
    assert ex.error is None
    ex.controls["potential"].value = 0.0
    assert ex.error is not None and "weight" in ex.error


def test_weights_explorer_bad_input(customers):
    with pytest.raises(ValueError, match="at least one"):
        widgets.weights_explorer(customers, customer="cid", columns=[])
    with pytest.raises(ValueError, match="no entry"):
        widgets.weights_explorer(customers, customer="cid", columns=["sales", "share"],
                                 weights={"sales": 0.5})
    with pytest.raises(ValueError, match="weights\\['sales'\\]"):
        widgets.weights_explorer(customers, customer="cid", columns=["sales"],
                                 weights={"sales": 3})


# ----------------------------------------------------------------------------- budget
def _saturating(data: pd.DataFrame, calls: np.ndarray) -> np.ndarray:
    base = data["sales"].to_numpy() / 100
    return base * (1 + 0.5 * calls / (calls + 2.0))


@pytest.fixture
def tiered(customers):
    return abc_classify(customers, customer="cid", value="sales")


def test_budget_explorer_predicts_uplift(tiered):
    before = tiered.copy()
    ex = widgets.budget_explorer(tiered, customer="cid", response=_saturating, capacity=200)
    assert list(ex.controls) == ["A", "B", "C"]
    assert ex.summary["uplift"].sum() == pytest.approx(0.0)  # no calls yet
    ex.controls["A"].value = 4
    ex.controls["B"].value = 2
    summary = ex.summary.set_index("tier")
    a = tiered[tiered["tier"] == "A"]
    expected_a = (_saturating(a, np.full(len(a), 4.0)) - _saturating(a, np.zeros(len(a)))).sum()
    assert summary.loc["A", "uplift"] == pytest.approx(expected_a)
    assert summary.loc["A", "calls"] == 4 * len(a)
    assert summary.loc["C", "uplift"] == pytest.approx(0.0)
    total = summary.loc[summary.index[-1]]
    assert total["uplift"] == pytest.approx(summary["uplift"].iloc[:-1].sum())
    used = 4 * len(a) + 2 * int((tiered["tier"] == "B").sum())
    assert f"{used:,}" in ex.message.value
    assert ("Over capacity" in ex.message.value) == (used > 200)
    np.testing.assert_allclose(ex.result["uplift"], ex.result["predicted"] - ex.result["baseline"])
    pd.testing.assert_frame_equal(tiered, before)


def test_budget_explorer_checks_response(tiered):
    with pytest.raises(ValueError, match="one number per row"):
        widgets.budget_explorer(tiered, customer="cid", response=lambda d, c: np.zeros(3))
    with pytest.raises(TypeError, match="callable"):
        widgets.budget_explorer(tiered, customer="cid", response=42)
    with pytest.raises(ValueError, match="tier='segment'"):
        widgets.budget_explorer(tiered, customer="cid", tier="segment", response=_saturating)


def test_budget_explorer_error_in_callback_is_reported(tiered):
    def fragile(data, calls):
        if calls.max() > 5:
            raise RuntimeError("too many calls for this model")
        return _saturating(data, calls)

    ex = widgets.budget_explorer(tiered, customer="cid", response=fragile)
    ex.controls["A"].value = 6  # the slider callback must not lose the error
    assert ex.error is not None and "too many calls" in ex.error
    with pytest.raises(RuntimeError):
        ex.update()  # a direct call propagates


# ----------------------------------------------------------------------------- budget: curves
@pytest.fixture
def curves(tiered):
    rng = np.random.default_rng(5)
    n = len(tiered)
    return pd.DataFrame({
        "cid": tiered["cid"].to_numpy()[::-1],  # another row order than the tiered table
        "market": rng.uniform(10, 100, n),
        "base_share": rng.uniform(0, 0.4, n),
        "max_uplift": rng.uniform(0, 0.3, n),
        "half_saturation": rng.uniform(0.5, 4, n),
        "unit_price": rng.choice([10.0, 25.0], n),
    })


def test_budget_explorer_from_curves_matches_a_response_function(tiered, curves):
    from tierlab.strategy import predict_response

    before, curves_before = tiered.copy(), curves.copy()
    aligned = curves.set_index("cid").loc[tiered["cid"]].reset_index()
    by_hand = widgets.budget_explorer(
        tiered, customer="cid", initial={"A": 3, "B": 1},
        response=lambda d, c: predict_response(aligned, c, customer="cid")
        * aligned["unit_price"].to_numpy())
    direct = widgets.budget_explorer(tiered, customer="cid", curves=curves,
                                     value_per_unit="unit_price", initial={"A": 3, "B": 1})
    assert by_hand.summary["uplift"].iloc[-1] > 0
    pd.testing.assert_frame_equal(direct.summary, by_hand.summary)
    pd.testing.assert_frame_equal(direct.result, by_hand.result)
    direct.controls["C"].value = 2
    by_hand.controls["C"].value = 2
    pd.testing.assert_frame_equal(direct.summary, by_hand.summary)
    pd.testing.assert_frame_equal(tiered, before)
    pd.testing.assert_frame_equal(curves, curves_before)


def test_budget_explorer_curves_value_per_unit_forms(tiered, curves):
    units = widgets.budget_explorer(tiered, customer="cid", curves=curves, initial={"A": 2})
    ten = widgets.budget_explorer(tiered, customer="cid", curves=curves, value_per_unit=10,
                                  initial={"A": 2})
    np.testing.assert_allclose(ten.result["uplift"], 10 * units.result["uplift"])
    priced = tiered.merge(curves[["cid", "unit_price"]], on="cid")  # price as a column of data
    from_data = widgets.budget_explorer(priced, customer="cid", curves=curves.drop(
        columns="unit_price"), value_per_unit="unit_price", initial={"A": 2})
    from_curves = widgets.budget_explorer(priced, customer="cid", curves=curves,
                                          value_per_unit="unit_price", initial={"A": 2})
    np.testing.assert_allclose(from_data.result["uplift"], from_curves.result["uplift"])
    np.testing.assert_allclose(from_data.result["uplift"],
                               units.result["uplift"] * priced["unit_price"].to_numpy())


def test_budget_explorer_curves_errors(tiered, curves):
    with pytest.raises(TypeError, match="exactly one of response= .* or curves="):
        widgets.budget_explorer(tiered, customer="cid")
    with pytest.raises(TypeError, match="both"):
        widgets.budget_explorer(tiered, customer="cid", curves=curves, response=_saturating)
    with pytest.raises(ValueError, match="no response curve for 2 customer"):
        widgets.budget_explorer(tiered, customer="cid", curves=curves.iloc[2:])
    with pytest.raises(ValueError, match="'half_saturation' is not a column"):
        widgets.budget_explorer(tiered, customer="cid", curves=curves.drop(
            columns="half_saturation"))
    with pytest.raises(ValueError, match="value_per_unit='price'"):
        widgets.budget_explorer(tiered, customer="cid", curves=curves, value_per_unit="price")
    with pytest.raises(TypeError, match="value_per_unit= works with curves="):
        widgets.budget_explorer(tiered, customer="cid", response=_saturating, value_per_unit=2)


# ----------------------------------------------------------------------------- matrix: 3 x 3
def test_matrix_explorer_three_levels(customers):
    from tierlab.matrix import POTENTIAL_SHARE_LABELS

    before = customers.copy()
    ex = widgets.matrix_explorer(customers, customer="cid", x="share", y="potential", logy=True,
                                 levels=3, labels=POTENTIAL_SHARE_LABELS)
    assert list(ex.controls) == ["x_cut_low", "x_cut_high", "y_cut_low", "y_cut_high"]
    assert isinstance(ex.controls["y_cut_low"], widgets.QuantileSlider)
    tertiles = customers["share"].quantile([1 / 3, 2 / 3]).to_numpy()
    assert [ex.controls["x_cut_low"].value, ex.controls["x_cut_high"].value] == \
        pytest.approx(tertiles)
    assert set(ex.result["label"]) <= {"WIN", "GROW", "DEFEND", "MAINTAIN", "LOWER"}
    ex.controls["x_cut_low"].value = 0.2
    ex.controls["x_cut_high"].value = 0.7
    xc = (ex.controls["x_cut_low"].value, ex.controls["x_cut_high"].value)
    assert xc == pytest.approx((0.2, 0.7), abs=0.03)
    yc = (ex.controls["y_cut_low"].value, ex.controls["y_cut_high"].value)
    expected = factor_matrix(customers, customer="cid", x="share", y="potential", levels=3,
                             x_cut=xc, y_cut=yc, labels=POTENTIAL_SHARE_LABELS)
    pd.testing.assert_frame_equal(ex.result, expected, check_like=True)
    assert ex.summary.shape == (3, 4)  # y_level + three x levels
    assert ex.summary.drop(columns="y_level").to_numpy().sum() == len(customers)
    pd.testing.assert_frame_equal(customers, before)
    # every point is drawn in its label's colour (codes into a stepped colour scale)
    marker = ex.chart.data[0].marker
    scale = [(float(pos), color) for pos, color in marker.colorscale]
    share = (np.asarray(marker.color, dtype=float) - marker.cmin) / (marker.cmax - marker.cmin)
    drawn = [next(c for (lo, c), (hi, _) in zip(scale[::2], scale[1::2], strict=True)
                  if lo <= v <= hi) for v in share]
    labels = ex.result["label"].astype(str).tolist()
    assert drawn == plotting.colors_for(labels)
    assert len(set(drawn)) == len(set(labels)) > 1


def test_matrix_explorer_three_levels_pushes_crossed_cuts(customers):
    ex = widgets.matrix_explorer(customers, customer="cid", x="share", y="potential",
                                 levels=3, x_cut=(0.3, 0.6))
    assert ex.controls["x_cut_low"].value == 0.3  # a given cut is an exact step
    low, high = ex.controls["x_cut_low"], ex.controls["x_cut_high"]
    updates = ex.n_updates
    low.value = 0.8  # dragged above the medium | high cut: that cut moves along
    assert ex.error is None
    assert high.index == low.index + 1 and high.value > low.value
    assert ex.n_updates == updates + 1  # one update, with both cuts in order
    assert ex.result.attrs["x_cut"] == pytest.approx([low.value, high.value])
    high.index = 0  # the browser sends indices: drag the upper cut to the far left
    assert ex.error is None and (low.index, high.index) == (0, 1)
    rng = np.random.default_rng(3)
    for _ in range(40):  # any sequence of drags keeps the cuts increasing
        w = ex.controls[rng.choice(list(ex.controls))]
        w.index = int(rng.integers(0, len(w.options)))
        assert ex.error is None
        assert ex.controls["x_cut_low"].value < ex.controls["x_cut_high"].value
        assert ex.controls["y_cut_low"].value < ex.controls["y_cut_high"].value
    plotting.set_theme(locale="zh_CN")
    zh = widgets.matrix_explorer(customers, customer="cid", x="share", y="potential", levels=3)
    assert zh.controls["x_cut_low"].description == "份额：低 | 中分界"


def test_matrix_explorer_level_errors(customers):
    with pytest.raises(ValueError, match="levels must be one of"):
        widgets.matrix_explorer(customers, customer="cid", x="share", y="potential", levels=4)
    with pytest.raises(ValueError, match="x_cut must give 2 cuts"):
        widgets.matrix_explorer(customers, customer="cid", x="share", y="potential", levels=3,
                                x_cut=0.5)
    with pytest.raises(ValueError, match="y_cut must be increasing"):
        widgets.matrix_explorer(customers, customer="cid", x="share", y="potential", levels=3,
                                y_cut=(5000, 1000))
    bad = pd.DataFrame([["a", "b"], ["c", "d"]])
    with pytest.raises(ValueError, match="grid"):
        widgets.matrix_explorer(customers, customer="cid", x="share", y="potential", levels=3,
                                labels=bad)


# ----------------------------------------------------------------------------- layout, colours
def test_sliders_have_one_label_width_and_a_usable_track(customers):
    plotting.set_theme(locale="zh_CN")
    ex = widgets.matrix_explorer(customers, customer="cid", x="share", y="potential",
                                 levels=3, logy=True)
    widths = {w.style.description_width for w in ex.controls.values()}
    assert len(widths) == 1  # one column of labels, no label pushes its track
    label = int(widths.pop().removesuffix("px"))
    # the longest label ("potential：中 | 高分界", CJK counted double) fits in it
    assert label >= 7 * len("potential：中 | 高分界")
    for w in ex.controls.values():
        assert int(w.layout.min_width.removesuffix("px")) - label >= 200
        assert len(w.options) >= 100  # small steps: a drag moves the cut smoothly
    grid = ex.children[0]
    assert isinstance(grid, ipw.GridBox)
    assert f"minmax({label + 230}px" in grid.layout.grid_template_columns
    assert not hasattr(ex, "figsize")


def test_quantile_slider_options_are_increasing_quantiles(customers):
    ex = widgets.matrix_explorer(customers, customer="cid", x="share", y="potential", logy=True)
    for name, col in (("x_cut", "share"), ("y_cut", "potential")):
        values = np.array([v for _, v in ex.controls[name].options])
        assert (np.diff(values) > 0).all()
        assert values[0] >= customers[col].min() and values[-1] <= customers[col].max()
    with pytest.raises(ValueError, match="x_cut must lie between"):
        widgets.matrix_explorer(customers, customer="cid", x="share", y="potential", x_cut=5)


def test_explorer_colours_come_from_the_palette(customers, tiered):
    ex = widgets.abc_explorer(customers, customer="cid", value="sales")
    fills = [t.fillcolor for t in ex.chart.data[:3]]
    for tier, fill in zip("ABC", fills, strict=True):
        h = plotting.PALETTE[tier].lstrip("#")
        assert fill.startswith(f"rgba({int(h[0:2], 16)},{int(h[2:4], 16)},{int(h[4:6], 16)},")
    budget = widgets.budget_explorer(tiered, customer="cid", response=_saturating)
    assert list(budget.chart.data[0].marker.color) == [plotting.PALETTE[t] for t in "ABC"]
    rfm = widgets.rfm_explorer(customers, customer="cid")
    bars = rfm.chart.data[0]
    assert list(bars.marker.color) == plotting.colors_for(list(bars.y))
    first = dict(zip(bars.y, bars.marker.color, strict=True))
    rfm.controls["bins"].value = 4  # segments change rank, not colour
    second = dict(zip(rfm.chart.data[0].y, rfm.chart.data[0].marker.color, strict=True))
    for seg in set(first) & set(second):
        assert first[seg] == second[seg]


def test_hover_names_the_customer(customers):
    named = customers.assign(name=[f"Dr {i}" for i in range(len(customers))])
    ex = widgets.matrix_explorer(named, customer="cid", x="share", y="potential", hover="name")
    assert str(ex.chart.data[0].customdata[0]).startswith("Dr 0 · D000")
    abc = widgets.abc_explorer(named, customer="cid", value="sales", hover="name")
    top = named.loc[named["sales"].idxmax()]
    assert abc.chart.data[0].text[1] == f"{top['name']} · {top['cid']} · A"
    with pytest.raises(ValueError, match="hover='nope'"):
        widgets.abc_explorer(named, customer="cid", value="sales", hover="nope")


def test_budget_over_capacity_is_red(tiered):
    ex = widgets.budget_explorer(tiered, customer="cid", response=_saturating, capacity=10)
    assert "#5b6770" in ex.message.value
    ex.controls["A"].value = 4
    assert "Over capacity" in ex.message.value and "#c8553d" in ex.message.value
    assert ex.chart.data[0].text[0] == f"{ex.summary['uplift'].iloc[0]:,.0f}"


def test_a_tier_has_one_colour_in_figure_widget_and_workbook(tiered, tmp_path):
    from openpyxl import load_workbook

    from tierlab.actions import action_plan, export_plan

    tiers = tiered.assign(rep="R1", tier=tiered["tier"].astype(str))
    ax = plotting.tier_bars(tiers, tier="tier", value="sales")
    figure = {ax.get_xticklabels()[i].get_text(): matplotlib.colors.to_hex(
        ax.patches[len(ax.get_xticks()) + i].get_facecolor()) for i in range(3)}
    widget = widgets.budget_explorer(tiers, customer="cid", response=_saturating)
    bars = widget.chart.data[0]
    explorer = dict(zip(bars.x, bars.marker.color, strict=True))
    plan = action_plan(tiers, customer="cid", owner="rep", start="2025-03-01")
    ws = load_workbook(export_plan(plan, tmp_path / "p.xlsx"))["R1"]
    col = [c.value for c in ws[1]].index("Tier") + 1
    workbook = {ws.cell(row=r, column=col).value:
                "#" + ws.cell(row=r, column=col).fill.fgColor.rgb[2:].lower()
                for r in range(2, ws.max_row + 1)}
    for tier in "ABC":
        want = plotting.PALETTE[tier].lower()
        assert figure[tier] == explorer[tier].lower() == workbook[tier] == want


def test_chart_state_is_the_current_figure(customers):
    """A view made later (page reloaded, notebook reopened) gets the figure as it is now."""
    ex = widgets.matrix_explorer(customers, customer="cid", x="share", y="potential", levels=3)
    ex._chart_drawn = True  # a view has drawn: updates go as edit messages from here on
    before = list(ex.chart.get_state()["_widget_data"][2]["text"])
    ex.controls["x_cut_low"].value = 0.1
    ex.controls["x_cut_high"].value = 0.8
    state = ex.chart.get_state()  # what a new view receives
    now = list(state["_widget_data"][2]["text"])
    assert now == list(ex.chart.data[2].text)
    assert now != before
    sent = ex.chart._widget_data[0]["marker"]["color"]  # the trait behind that state
    np.testing.assert_array_equal(np.asarray(sent), np.asarray(ex.chart.data[0].marker.color))


def _record_messages(ex):
    """Every message the chart sends the browser: ``[(kind, traces, layout, keys), ...]``."""
    sent = []

    def record(change):
        msg = change["new"]
        if msg is not None:
            kind = "animate" if change["name"] == "_py2js_animate" else "update"
            styles = msg["style_data"]
            keys = ([sorted(d) for d in styles] if isinstance(styles, list)
                    else sorted(styles or {}))
            sent.append((kind, msg["style_traces"], dict(msg["layout_data"] or {}), keys))

    ex.chart.observe(record, names=["_py2js_animate", "_py2js_update"])
    return sent


def test_slider_moves_send_changed_trace_data_only(customers, tiered):
    """ABC, matrix, weights and budget updates change no layout: the browser re-plots
    only the changed traces (an instant Plotly.animate); nothing is sent for no change."""
    cases = [
        (widgets.abc_explorer(customers, customer="cid", value="sales"), "a_cut", 0.7),
        (widgets.matrix_explorer(customers, customer="cid", x="share", y="potential",
                                 logy=True, levels=3), "y_cut_low", 300.0),
        (widgets.weights_explorer(customers, customer="cid", columns=["sales", "share"]),
         "share", 0.9),
        (widgets.budget_explorer(tiered, customer="cid", response=_saturating), "B", 3),
    ]
    for ex, name, value in cases:
        assert ex.animated
        sent = _record_messages(ex)
        ex.controls[name].value = value
        assert len(sent) == 1, (name, sent)
        kind, traces, layout, _ = sent[0]
        assert kind == "animate" and layout == {} and traces, (name, sent)
        ex.update()  # the same settings again: nothing changed, nothing sent
        assert len(sent) == 1, (name, sent)
    # the matrix sends the colour codes and the moved line and labels, not the fixed
    # positions and names of the points
    matrix = cases[1][0]
    sent = _record_messages(matrix)
    slider = matrix.controls["y_cut_low"]
    slider.value = slider.options[slider.index + 10][1]
    assert sent[0][1] == [0, 1, 2]
    assert sent[0][3] == [["marker.color"], ["y"], ["text", "y"]]
    # the budget's axis spans every tier at the most calls: moving a slider keeps it
    budget = cases[3][0]
    top = budget.chart.layout.yaxis.range[1]
    budget.controls["A"].value = 8
    assert budget.chart.layout.yaxis.range[1] == top >= budget.summary["uplift"].iloc[:-1].max()


def test_budget_axis_widens_when_fewer_calls_gain_more(tiered):
    def peaked(data, calls):  # gains most at 2 calls, nothing at 8
        return data["sales"].to_numpy() / 100 * (1 + calls * np.maximum(0, 8 - calls) / 16)

    ex = widgets.budget_explorer(tiered, customer="cid", response=peaked)
    sent = _record_messages(ex)
    ex.controls["A"].value = 4
    assert sent[-1][0] == "update" and "yaxis.range" in str(sent[-1][2])
    assert ex.chart.layout.yaxis.range[1] >= ex.summary["uplift"].iloc[0] > 0
    assert not ex.animated
    ex.controls["A"].value = 3  # within the wider axis: trace data only again
    assert sent[-1][0] == "animate" and ex.animated


def test_rfm_explorer_revisits_a_bins_value_without_recomputing(customers):
    ex = widgets.rfm_explorer(customers, customer="cid")
    first = ex.summary.copy()
    ex.controls["bins"].value = 4
    four = ex.summary.copy()
    ex.result["monetary"] = -1.0  # the explorer hands out copies
    ex.controls["bins"].value = 5
    pd.testing.assert_frame_equal(ex.summary, first)
    assert len(ex._cache) == 2
    ex.controls["bins"].value = 4  # from the cache: the same as computed afresh
    pd.testing.assert_frame_equal(ex.summary, four)
    assert (ex.result["monetary"] > 0).all()
    fresh = widgets.rfm_explorer(customers, customer="cid", bins=4)
    pd.testing.assert_frame_equal(ex.summary, fresh.summary)
    pd.testing.assert_frame_equal(ex.result, fresh.result)


def test_explorer_table_reads_well(customers):
    ex = widgets.abc_explorer(customers, customer="cid", value="sales")
    html_table = ex.table.value
    assert html_table.count("<tr>") == 1 + len(ex.summary)
    a = ex.summary.iloc[0]
    assert f"<td>{a['customers']:,}</td>" in html_table  # counts as integers
    assert f"<td>{a['value_share']:.1%}</td>" in html_table  # shares as percentages
    plotting.set_theme(locale="zh_CN")
    zh = widgets.abc_explorer(customers.assign(cid=customers["cid"] + "<b>"), customer="cid",
                              value="sales")
    assert "<th>级别</th>" in zh.table.value and "<th>客户数</th>" in zh.table.value
