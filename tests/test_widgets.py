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


def _is_png(data: bytes) -> bool:
    return data[:8] == b"\x89PNG\r\n\x1a\n"


# ----------------------------------------------------------------------------- ABC
def test_abc_explorer_initial_state_matches_method(customers):
    before = customers.copy()
    ex = widgets.abc_explorer(customers, customer="cid", value="sales")
    assert isinstance(ex, ipw.VBox)
    expected = abc_classify(customers, customer="cid", value="sales", cutoffs=(0.8, 0.95))
    pd.testing.assert_frame_equal(ex.result, expected)
    pd.testing.assert_frame_equal(ex.summary, tier_summary(expected, tier="tier", value="sales"))
    assert _is_png(ex.chart.value)
    assert "<table" in ex.table.value and "tier" in ex.table.value
    assert ex.error is None
    pd.testing.assert_frame_equal(customers, before)


def test_abc_explorer_slider_recomputes(customers):
    ex = widgets.abc_explorer(customers, customer="cid", value="sales")
    n_a = int((ex.result["tier"] == "A").sum())
    png, updates = ex.chart.value, ex.n_updates
    ex.controls["a_cut"].value = 0.6  # observe fires update()
    assert ex.n_updates == updates + 1
    assert int((ex.result["tier"] == "A").sum()) < n_a
    expected = abc_classify(customers, customer="cid", value="sales", cutoffs=(0.6, 0.95))
    pd.testing.assert_frame_equal(ex.result, expected)
    assert ex.chart.value != png
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
    assert isinstance(ex.controls["x_cut"], ipw.FloatLogSlider)
    assert ex.controls["y_cut"].value == pytest.approx(customers["share"].median(), rel=0.02)
    ex.controls["y_cut"].value = 0.3
    x_cut = ex.controls["x_cut"].value
    expected = factor_matrix(customers, customer="cid", x="potential", y="share",
                             x_cut=x_cut, y_cut=0.3)
    pd.testing.assert_frame_equal(ex.result, expected, check_like=True)
    counts = ex.summary.drop(columns="y_level").to_numpy().sum()
    assert counts == len(customers)
    high = int((ex.result["y_level"] == "high").sum())
    assert high == int((customers["share"] >= 0.3).sum())


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
    assert isinstance(ex.controls["y_cut_low"], ipw.FloatLogSlider)
    tertiles = customers["share"].quantile([1 / 3, 2 / 3]).to_numpy()
    assert [ex.controls["x_cut_low"].value, ex.controls["x_cut_high"].value] == \
        pytest.approx(tertiles, rel=0.02)
    assert set(ex.result["label"]) <= {"WIN", "GROW", "DEFEND", "MAINTAIN", "LOWER"}
    ex.controls["x_cut_low"].value = 0.2
    ex.controls["x_cut_high"].value = 0.7
    yc = (ex.controls["y_cut_low"].value, ex.controls["y_cut_high"].value)
    expected = factor_matrix(customers, customer="cid", x="share", y="potential", levels=3,
                             x_cut=(0.2, 0.7), y_cut=yc, labels=POTENTIAL_SHARE_LABELS)
    pd.testing.assert_frame_equal(ex.result, expected, check_like=True)
    assert ex.summary.shape == (3, 4)  # y_level + three x levels
    assert ex.summary.drop(columns="y_level").to_numpy().sum() == len(customers)
    pd.testing.assert_frame_equal(customers, before)


def test_matrix_explorer_three_levels_rejects_crossed_cuts(customers):
    ex = widgets.matrix_explorer(customers, customer="cid", x="share", y="potential",
                                 levels=3, x_cut=(0.3, 0.6))
    assert ex.controls["x_cut_low"].value == pytest.approx(0.3)
    kept = ex.result
    ex.controls["x_cut_low"].value = 0.8  # above the medium | high cut
    assert ex.error is not None and "share" in ex.error and "increase" in ex.error
    assert ex.result is kept
    ex.controls["x_cut_high"].value = 0.9
    assert ex.error is None and ex.result is not kept
    plotting.set_theme(locale="zh_CN")
    zh = widgets.matrix_explorer(customers, customer="cid", x="share", y="potential", levels=3)
    assert zh.controls["x_cut_low"].description == "share：低 | 中分界"


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
