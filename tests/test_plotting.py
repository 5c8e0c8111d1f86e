"""Tests for tierlab.plotting: theme, CJK font, and the manager-deck figures."""

from __future__ import annotations

import os
import re
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402

from tierlab import plotting  # noqa: E402

# each test gets the rcParams and locale it started with back, and its figures closed
pytestmark = pytest.mark.usefixtures("restore_plot_state")


@pytest.fixture
def customers():
    rng = np.random.default_rng(7)
    n = 120
    return pd.DataFrame({
        "cid": [f"D{i:03d}" for i in range(n)],
        "sales": rng.pareto(1.3, n) * 1000 + 1,
        "potential": rng.lognormal(8, 1, n),
        "share": rng.uniform(0, 1, n),
        "tier": rng.choice(["A", "B", "C"], n),
        "tier_next": rng.choice(["A", "B", "C"], n),
        "segment": rng.choice(["冠军客户", "忠诚客户", "沉睡客户"], n),
    })


def _glyph_warnings(caught) -> list[str]:
    return [str(w.message) for w in caught
            if "missing from font" in str(w.message) or "Glyph" in str(w.message)]


def _render_chinese(path) -> None:
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.bar(["三甲医院", "二甲医院", "社区诊所"], [3, -2, 1])
    ax.set_title("客户分级：帕累托曲线")
    ax.set_xlabel("医院等级")
    ax.set_ylabel("销售额（万元）")
    fig.savefig(path)
    plt.close(fig)


# ----------------------------------------------------------------------------- font + theme
def test_zh_theme_renders_chinese_without_missing_glyphs(tmp_path):
    plotting.set_theme(locale="zh_CN")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _render_chinese(tmp_path / "zh.png")
    assert _glyph_warnings(caught) == []
    assert (tmp_path / "zh.png").stat().st_size > 1000


def test_without_cjk_font_chinese_does_warn(tmp_path):
    # The check above can fail: with only DejaVu Sans, matplotlib reports missing glyphs.
    with matplotlib.rc_context({"font.family": ["sans-serif"], "font.sans-serif": ["DejaVu Sans"]}):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            _render_chinese(tmp_path / "boxes.png")
    assert _glyph_warnings(caught)


def test_font_used_resolves_to_cjk_file():
    plotting.set_theme(locale="zh_CN")
    path = plotting.cjk_font_path()
    assert path is not None and os.path.isfile(path)
    used = font_manager.findfont(font_manager.FontProperties(family=["sans-serif"]),
                                 fallback_to_default=False)
    assert os.path.samefile(used, path)
    family = plotting.register_cjk_font()
    assert matplotlib.rcParams["font.sans-serif"][0] == family
    assert matplotlib.rcParams["axes.unicode_minus"] is False


def test_bundled_mplfonts_noto_is_preferred():
    bundled = plotting._mplfonts_file()
    if bundled is None:
        pytest.skip("mplfonts is not installed")
    assert bundled.name == "NotoSansCJKsc-Regular.otf"
    if not os.environ.get("TIERLAB_CJK_FONT"):
        assert os.path.samefile(plotting.cjk_font_path(), bundled)
        assert plotting.register_cjk_font() == "Noto Sans CJK SC"


def test_set_theme_is_idempotent():
    plotting.set_theme(locale="zh_CN", context="talk")
    first = dict(matplotlib.rcParams)
    n_fonts = len(font_manager.fontManager.ttflist)
    plotting.set_theme(locale="zh_CN", context="talk")
    assert dict(matplotlib.rcParams) == first
    assert len(font_manager.fontManager.ttflist) == n_fonts


def test_registering_again_does_not_duplicate_font():
    plotting.register_cjk_font()
    path = os.path.normcase(plotting.cjk_font_path())

    def entries():
        return sum(os.path.normcase(f.fname) == path for f in font_manager.fontManager.ttflist)

    n = entries()
    assert n >= 1
    plotting.register_cjk_font(force=True)
    plotting.register_cjk_font(force=True)
    assert entries() == n


def test_missing_font_warns_once_and_falls_back(monkeypatch):
    monkeypatch.setattr(plotting, "_candidate_files", lambda: [])
    monkeypatch.setattr(plotting, "_CJK_FAMILIES", ())
    try:
        with pytest.warns(UserWarning, match="no Chinese \\(CJK\\) font"):
            assert plotting.register_cjk_font(force=True) is None
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert plotting.register_cjk_font() is None  # cached: no second warning
            plotting.set_theme(locale="zh_CN")
        assert matplotlib.rcParams["font.sans-serif"][0] == "DejaVu Sans"
    finally:
        monkeypatch.undo()
        assert plotting.register_cjk_font(force=True) is not None


def test_set_theme_rejects_bad_locale():
    with pytest.raises(ValueError, match="locale"):
        plotting.set_theme(locale="fr_FR")


def test_locale_changes_default_labels(customers):
    plotting.set_theme(locale="en_US")
    ax_en = plotting.pareto_curve(customers, customer="cid", value="sales")
    plotting.set_theme(locale="zh_CN")
    ax_zh = plotting.pareto_curve(customers, customer="cid", value="sales")
    assert ax_en.get_xlabel() == "Cumulative share of customers"
    assert ax_zh.get_xlabel() == "客户累计占比"


def test_tier_colors():
    assert plotting.tier_colors(["A", "B"]) == [plotting.TIER_PALETTE["A"],
                                              plotting.TIER_PALETTE["B"]]
    extra = plotting.tier_colors(["x", "y", "A"])
    assert extra[2] == plotting.TIER_PALETTE["A"]
    assert extra[0] != extra[1]
    assert extra[0] not in plotting.TIER_PALETTE.values()


# ----------------------------------------------------------------------------- figures
def test_all_figures_render_in_chinese_without_glyph_warnings(customers, tmp_path):
    plotting.set_theme(locale="zh_CN")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig, axs = plt.subplots(2, 3, figsize=(15, 8), layout="constrained")
        plotting.pareto_curve(customers, customer="cid", value="sales", ax=axs[0, 0])
        plotting.tier_bars(customers, tier="tier", value="sales", ax=axs[0, 1])
        plotting.matrix_scatter(customers, x="potential", y="share", hue="tier", logx=True,
                                cell_labels={(1, 1): "重点发展"}, ax=axs[0, 2])
        plotting.waterfall(pd.Series({"A级": 120.0, "B级": -30.0, "华东": 15.0}), start=500,
                           ax=axs[1, 0])
        plotting.migration_heatmap(customers, source="tier", target="tier_next", ax=axs[1, 1])
        plotting.segment_bars(customers, segment="segment", value="sales", ax=axs[1, 2])
        fig.savefig(tmp_path / "deck.png")
    assert _glyph_warnings(caught) == []


def test_pareto_curve_tiers_and_cutoff_lines():
    data = pd.DataFrame({"cid": list("uvwxyz"), "sales": [3.0, 50.0, 2.0, 30.0, 10.0, 5.0]})
    before = data.copy()
    ax = plotting.pareto_curve(data, customer="cid", value="sales", cutoffs=(0.8, 0.95))
    assert isinstance(ax, Axes)
    pd.testing.assert_frame_equal(data, before)
    # ranked 50, 30, 10, 5, 3, 2: share before each = 0, .5, .8, .9, .95, .98
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["A: 2", "B: 2", "C: 2"]
    line = ax.get_lines()[0]
    np.testing.assert_allclose(line.get_ydata(), [0, .5, .8, .9, .95, .98, 1.0])
    np.testing.assert_allclose(line.get_xdata(), np.arange(7) / 6)
    notes = [t.get_text() for t in ax.texts]
    assert any(n.startswith("80%") and n.endswith("33%") for n in notes)  # 2 of 6 reach 80%
    assert any(n.startswith("95%") and n.endswith("67%") for n in notes)  # 4 of 6 reach 95%


def test_pareto_curve_sums_transactions_per_customer():
    per_customer = pd.DataFrame({"cid": ["a", "b", "c"], "sales": [60.0, 30.0, 10.0]})
    transactions = pd.DataFrame({"cid": ["b", "a", "c", "a", "b"],
                                 "sales": [10.0, 20.0, 10.0, 40.0, 20.0]})
    y1 = plotting.pareto_curve(per_customer, customer="cid", value="sales").get_lines()[0]
    y2 = plotting.pareto_curve(transactions, customer="cid", value="sales").get_lines()[0]
    np.testing.assert_allclose(y1.get_ydata(), y2.get_ydata())


def test_pareto_curve_uses_given_tier_column(customers):
    ax = plotting.pareto_curve(customers, customer="cid", value="sales", tier="tier")
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    expected = [f"{t}: {n}" for t, n in customers["tier"].value_counts().sort_index().items()]
    assert legend == expected


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"customer": "nope"}, "customer='nope'"),
    ({"value": "segment"}, "value='segment'"),
    ({"cutoffs": (0.95, 0.8)}, "increasing"),
    ({"cutoffs": (0.8, 1.2)}, "cutoffs"),
    ({"labels": ["A", "B"]}, "labels"),
])
def test_pareto_curve_bad_input(customers, kwargs, match):
    args = {"customer": "cid", "value": "sales"} | kwargs
    with pytest.raises((ValueError, TypeError), match=match):
        plotting.pareto_curve(customers, **args)


def test_pareto_curve_needs_positive_total():
    data = pd.DataFrame({"cid": ["a", "b"], "sales": [0.0, 0.0]})
    with pytest.raises(ValueError, match="positive total"):
        plotting.pareto_curve(data, customer="cid", value="sales")


def test_tier_bars_heights_are_shares(customers):
    before = customers.copy()
    ax = plotting.tier_bars(customers, tier="tier", value="sales", order=["C", "B", "A"])
    pd.testing.assert_frame_equal(customers, before)
    heights = [p.get_height() for p in ax.patches]
    counts = customers["tier"].value_counts(normalize=True).reindex(["C", "B", "A"])
    values = customers.groupby("tier")["sales"].sum().reindex(["C", "B", "A"])
    values = values / values.sum()
    np.testing.assert_allclose(heights[:3], counts.to_numpy())
    np.testing.assert_allclose(heights[3:6], values.to_numpy())
    assert [t.get_text() for t in ax.get_xticklabels()] == ["C", "B", "A"]


def test_tier_bars_counts_unique_customers():
    tx = pd.DataFrame({"cid": ["a", "a", "a", "b"], "tier": ["A", "A", "A", "B"],
                       "sales": [1.0, 1.0, 1.0, 1.0]})
    ax = plotting.tier_bars(tx, tier="tier", value="sales", customer="cid")
    np.testing.assert_allclose([p.get_height() for p in ax.patches[:2]], [0.5, 0.5])
    np.testing.assert_allclose([p.get_height() for p in ax.patches[2:4]], [0.75, 0.25])


def test_tier_bars_order_must_cover_tiers(customers):
    with pytest.raises(ValueError, match="missing"):
        plotting.tier_bars(customers, tier="tier", value="sales", order=["A", "B"])


def test_matrix_scatter_cells_and_thresholds(customers):
    ax = plotting.matrix_scatter(customers, x="potential", y="share",
                                 x_threshold=[1000.0, 5000.0], y_threshold=0.5)
    counts = [int(t.get_text().split("n=")[1]) for t in ax.texts]
    assert len(counts) == 6 and sum(counts) == len(customers)
    low_low = ((customers["potential"] < 1000) & (customers["share"] < 0.5)).sum()
    assert counts[0] == low_low
    xs = sorted(line.get_xdata()[0] for line in ax.get_lines() if line.get_xdata()[0] ==
                line.get_xdata()[1])
    assert xs == [1000.0, 5000.0]


def test_matrix_scatter_defaults_to_medians_and_log(customers):
    ax = plotting.matrix_scatter(customers, x="potential", y="share", logx=True)
    assert ax.get_xscale() == "log"
    assert customers["potential"].median() in [line.get_xdata()[0] for line in ax.get_lines()]
    with pytest.raises(ValueError, match="x_threshold"):
        plotting.matrix_scatter(customers, x="potential", y="share", logx=True, x_threshold=-1)
    with pytest.raises(ValueError, match="y='missing'"):
        plotting.matrix_scatter(customers, x="potential", y="missing")


def test_waterfall_totals():
    gaps = pd.DataFrame({"tier": ["A", "B", "C"], "gap": [100.0, -40.0, 25.0]})
    before = gaps.copy()
    ax = plotting.waterfall(gaps, label="tier", value="gap", start=1000.0,
                            start_label="2024", end_label="目标")
    pd.testing.assert_frame_equal(gaps, before)
    bars = ax.patches
    assert len(bars) == 5
    assert bars[-1].get_height() == pytest.approx(1085.0)
    assert bars[0].get_height() == pytest.approx(1000.0)
    # the negative step hangs from the running total (1100) down to 1060
    assert bars[2].get_y() + bars[2].get_height() == pytest.approx(1060.0)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2024", "A", "B", "C", "目标"]


def test_waterfall_zoom_shows_small_steps():
    gaps = pd.Series({"north": 60.0, "south": 40.0, "west": -20.0})
    at_zero = plotting.waterfall(gaps, start=1000.0)
    assert at_zero.get_ylim()[0] <= 0
    _, ax = plt.subplots()
    zoomed = plotting.waterfall(gaps, start=1000.0, start_at_zero=False, ax=ax)
    lo, hi = zoomed.get_ylim()
    # levels run 1000 -> 1060 -> 1100 -> 1080: the axis starts above 0, below every level
    assert 0 < lo < 1000
    assert hi > 1100
    # the steps fill far more of the axis than at zero
    span = 120.0
    assert span / (hi - lo) > 3 * span / np.subtract(*at_zero.get_ylim()[::-1])
    # bars are unchanged, only the view
    assert zoomed.patches[-1].get_height() == pytest.approx(1080.0)
    assert zoomed.yaxis.get_major_formatter()(1500.0, 0) == "1,500"
    with pytest.raises(TypeError, match="start_at_zero"):
        plotting.waterfall(gaps, start=1000.0, start_at_zero="no")


def test_waterfall_zoom_falls_back_to_zero_for_large_steps():
    _, ax = plt.subplots()
    ax = plotting.waterfall(pd.Series({"a": 900.0}), start=100.0, start_at_zero=False, ax=ax)
    assert ax.get_ylim()[0] <= 0  # the step is most of the total: zooming would mislead


def test_tr_follows_locale():
    plotting.set_theme(locale="en_US")
    assert plotting.tr("Sales", "销售额") == "Sales"
    plotting.set_theme(locale="zh_CN")
    assert plotting.tr("Sales", "销售额") == "销售额"
    with pytest.raises(TypeError, match="zh must be a str"):
        plotting.tr("Sales", None)


def test_matrix_scatter_takes_label_grids_and_factor_matrix_cuts(customers):
    from tierlab.matrix import POTENTIAL_SHARE_LABELS, factor_matrix

    grid = factor_matrix(customers, customer="cid", x="share", y="potential", levels=3,
                         labels=POTENTIAL_SHARE_LABELS)
    ax = plotting.matrix_scatter(grid, x="share", y="potential",
                                 cell_labels=POTENTIAL_SHARE_LABELS)
    vertical = sorted(ln.get_xdata()[0] for ln in ax.get_lines()
                      if ln.get_xdata()[0] == ln.get_xdata()[1])
    assert vertical == pytest.approx(grid.attrs["x_cut"])  # the grid's cuts, not the median
    texts = {t.get_text().split("\n")[0]: int(t.get_text().split("n=")[1]) for t in ax.texts
             if "\n" in t.get_text()}
    counts = grid["label"].value_counts()
    # each named cell shows its name; cells with the same name add up to the grid's count
    names = [t.get_text().split("\n")[0] for t in ax.texts]
    assert len(names) == 9 and set(names) == set(POTENTIAL_SHARE_LABELS.to_numpy().ravel())
    assert texts["WIN"] == counts["WIN"] and texts["DEFEND"] == counts["DEFEND"]
    # one threshold per axis: the corners of the 3 x 3 grid
    ax2 = plotting.matrix_scatter(customers, x="share", y="potential", y_threshold=3000.0,
                                  x_threshold=0.5, cell_labels=POTENTIAL_SHARE_LABELS)
    first = [t.get_text().split("\n")[0] for t in ax2.texts]
    assert first == ["LOWER", "WIN", "MAINTAIN", "DEFEND"]
    with pytest.raises(ValueError, match="grid"):
        plotting.matrix_scatter(customers, x="share", y="potential",
                                x_threshold=[0.2, 0.4, 0.6], cell_labels=POTENTIAL_SHARE_LABELS)


def test_waterfall_series_without_start():
    ax = plotting.waterfall(pd.Series({"x": 2.0, "y": 3.0}))
    assert len(ax.patches) == 3
    assert ax.patches[-1].get_height() == pytest.approx(5.0)
    with pytest.raises(ValueError, match="no steps"):
        plotting.waterfall(pd.Series([], dtype=float))


def test_migration_heatmap_row_shares_match_crosstab(customers):
    ax = plotting.migration_heatmap(customers, source="tier", target="tier_next")
    arr = ax.images[0].get_array()
    np.testing.assert_allclose(np.asarray(arr).sum(axis=1), 1.0)
    expected = pd.crosstab(customers["tier"], customers["tier_next"], normalize="index")
    np.testing.assert_allclose(np.asarray(arr), expected.to_numpy())


def test_migration_heatmap_from_matrix_counts():
    matrix = pd.DataFrame([[5, 1], [2, 8]], index=["A", "B"], columns=["A", "B"])
    ax = plotting.migration_heatmap(matrix, normalize=None)
    np.testing.assert_allclose(np.asarray(ax.images[0].get_array()), matrix.to_numpy())
    assert [t.get_text() for t in ax.texts] == ["5", "1", "2", "8"]
    with pytest.raises(ValueError, match="both"):
        plotting.migration_heatmap(matrix, source="A")
    with pytest.raises(ValueError, match="normalize"):
        plotting.migration_heatmap(matrix, normalize="column")


def test_segment_bars_sorted_with_top(customers):
    ax = plotting.segment_bars(customers, segment="segment", top=2)
    widths = [p.get_width() for p in ax.patches]
    expected = customers["segment"].value_counts().iloc[:2].to_numpy()[::-1]
    np.testing.assert_array_equal(widths, expected)


def test_figures_reject_non_axes(customers):
    with pytest.raises(TypeError, match="ax must be"):
        plotting.tier_bars(customers, tier="tier", value="sales", ax="left")


def test_pareto_curve_keeps_categorical_tier_order():
    data = pd.DataFrame({"cid": list("abcd"), "sales": [50.0, 30.0, 15.0, 5.0],
                         "tier": pd.Categorical(["Key", "Key", "Core", "Tail"],
                                                categories=["Key", "Core", "Tail"], ordered=True)})
    ax = plotting.pareto_curve(data, customer="cid", value="sales", tier="tier")
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["Key: 2", "Core: 1", "Tail: 1"]


# ----------------------------------------------------------------------------- palette, numbers
def test_colors_for_is_fixed_by_name_not_rank():
    from tierlab.rfm import SEGMENT_RULES

    segs = list(SEGMENT_RULES["segment"])
    colours = plotting.colors_for(segs)
    assert len(set(colours)) == len(segs)  # eleven segments, eleven colours
    assert plotting.colors_for(segs[::-1]) == colours[::-1]  # order does not matter
    # a Chinese name has the colour of its English name
    assert plotting.colors_for(list(SEGMENT_RULES["segment_zh"])) == colours
    assert plotting.colors_for(["MVC", "STC", "BZ"]) == [plotting.PALETTE[t] for t in "ABD"]
    # unknown names: the same colour whatever comes before them
    assert plotting.colors_for(["north"])[0] == plotting.colors_for(["A", "B", "north"])[2]
    a, b = plotting.colors_for(["north", "south"])
    assert a != b
    with pytest.raises(TypeError, match="sequence of labels"):
        plotting.colors_for("ABC")


def test_colors_for_is_colour_blind_safe_for_tiers():
    # tiers A-D stay apart in lightness (readable in grey or with red-green blindness)
    def lightness(hex_color):
        r, g, b = (int(hex_color[i:i + 2], 16) / 255 for i in (1, 3, 5))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light = [lightness(c) for c in plotting.colors_for(list("ABCD"))]
    assert min(abs(x - y) for i, x in enumerate(light) for y in light[i + 1:]) > 0.08


def test_figures_use_the_palette(customers):
    ax = plotting.tier_bars(customers, tier="tier", value="sales")
    fills = {tuple(np.round(p.get_facecolor()[:3], 3)) for p in ax.patches}
    want = {tuple(np.round(matplotlib.colors.to_rgb(plotting.PALETTE[t]), 3)) for t in "ABC"}
    assert want <= fills
    # legend swatches are drawn like the bars (not grey)
    swatch = ax.get_legend().get_patches()[1].get_facecolor()[:3]
    assert tuple(np.round(swatch, 3)) in want


@pytest.mark.parametrize("values, name, want", [
    ([0.1234, 0.5], "value_share", "12.3%"),
    ([3, 4], "customers", "3"),
    ([3.0, 4.0], "calls", "3"),
    ([43001.0, 12.5], "sales", "43,001"),
    ([1234567.891, 2.0], "monetary", "1,234,568"),
    ([34.714, 2.5], "recency", "34.71"),
])
def test_number_format(values, name, want):
    assert plotting.format_table(pd.DataFrame({name: values}))[name].iloc[0] == want


def test_style_table_formats_and_hides_index():
    table = pd.DataFrame({"tier": ["A", "B"], "customers": [185, 34],
                          "value": [1234567.0, 89.5], "value_share": [0.913, 0.087]})
    html = plotting.style_table(table).to_html()
    for text in ("185", "1,234,567", "91.3%", "8.7%"):
        assert text in html
    assert "1234567" not in html and "0.913" not in html
    assert 'class="row_heading' not in html
    with pytest.raises(TypeError):
        plotting.style_table([1, 2])


def test_style_table_shows_a_record_of_text_and_numbers_readably():
    record = pd.Series({"member_id": "M000001", "frequency": 599.0, "monetary": 1010.98,
                        "ratio": 0.333333, "level": "gold", "missing": None}, name="M000001")
    html = plotting.style_table(record.to_frame(), index=True).to_html()
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", html)
    assert cells == ["M000001", "599", "1,011", "0.33", "gold", ""]


def test_axes_have_no_offsets_or_scientific_labels(customers):
    plotting.set_theme()
    big = customers.assign(potential=customers["potential"] * 1e4)
    ax = plotting.matrix_scatter(big, x="share", y="potential", logy=True)
    ax.figure.canvas.draw()
    labels = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert labels and all("e" not in t and "^" not in t for t in labels)
    assert any("," in t for t in labels)
    fig, ax = plt.subplots()
    ax.plot([1e6, 1e6 + 10], [1, 2])
    fig.canvas.draw()
    assert ax.xaxis.get_offset_text().get_text() == ""
