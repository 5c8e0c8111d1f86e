import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tierlab.matrix import (
    MVC_STC_BZ_LABELS,
    POTENTIAL_SHARE_LABELS,
    SCALE_CREDIT_LABELS,
    VALUE_POTENTIAL_LABELS,
    cell_label_positions,
    factor_matrix,
    matrix_table,
    mvc_stc_bz,
)


def doctors():
    return pd.DataFrame({
        "customer_id": ["d1", "d2", "d3", "d4", "d5", "d6"],
        "share": [0.05, 0.30, 0.70, 0.10, 0.50, 0.90],
        "potential": [900, 850, 800, 60, 50, 40],
    })


def test_two_by_two_median_cuts_by_hand():
    out = factor_matrix(doctors(), x="share", y="potential")
    # medians: share (0.30 + 0.50) / 2 = 0.40; potential (60 + 800) / 2 = 430
    assert out.attrs["x_cut"] == pytest.approx([0.4])
    assert out.attrs["y_cut"] == pytest.approx([430])
    assert out["x_level"].astype(str).tolist() == ["low", "low", "high", "low", "high", "high"]
    assert out["y_level"].astype(str).tolist() == ["high"] * 3 + ["low"] * 3
    assert out["cell"].iloc[0] == "x low / y high"
    assert (out["label"] == out["cell"]).all()
    assert list(out.columns) == ["customer_id", "share", "potential", "x_level", "y_level", "cell",
                                 "label"]


def test_value_at_cut_goes_up():
    out = factor_matrix(doctors(), x="share", y="potential", x_cut=0.30, y_cut=800)
    assert out.loc[1, "x_level"] == "high"   # share exactly 0.30
    assert out.loc[2, "y_level"] == "high"   # potential exactly 800


def test_three_by_three_with_preset_labels():
    out = factor_matrix(doctors(), x="share", y="potential", levels=3,
                        x_cut=(0.2, 0.6), y_cut=(100, 820), labels=POTENTIAL_SHARE_LABELS)
    assert out["label"].tolist() == ["WIN", "GROW", "MAINTAIN", "LOWER", "LOWER", "MAINTAIN"]
    assert out.loc[1, "cell"] == "x medium / y high"


def test_preset_used_with_two_levels_takes_corners():
    out = factor_matrix(doctors(), x="share", y="potential", labels=POTENTIAL_SHARE_LABELS)
    assert out["label"].tolist() == ["WIN", "WIN", "DEFEND", "LOWER", "MAINTAIN", "MAINTAIN"]


def test_presets_are_complete_grids():
    for grid in (POTENTIAL_SHARE_LABELS, VALUE_POTENTIAL_LABELS, SCALE_CREDIT_LABELS):
        assert grid.shape == (3, 3)
        assert list(grid.index) == ["high", "medium", "low"]
        assert list(grid.columns) == ["low", "medium", "high"]
        assert grid.notna().all().all()
    assert POTENTIAL_SHARE_LABELS.loc["high", "high"] == "DEFEND"
    assert POTENTIAL_SHARE_LABELS.loc["high", "low"] == "WIN"


def test_dict_labels_and_missing_cell_error():
    labels = {("low", "low"): "q1", ("high", "low"): "q2", ("low", "high"): "q3",
              ("high", "high"): "q4"}
    out = factor_matrix(doctors(), x="share", y="potential", labels=labels)
    assert out["label"].tolist() == ["q3", "q3", "q4", "q1", "q2", "q2"]
    with pytest.raises(ValueError, match="no label for"):
        factor_matrix(doctors(), x="share", y="potential", levels=3, labels=labels)


@pytest.mark.parametrize("kwargs, match", [
    ({"x": "sales"}, "x='sales' is not a column"),
    ({"y": "pot"}, "y='pot' is not a column"),
    ({"levels": 4}, "levels must be one of"),
    ({"x_cut": (0.1, 0.2)}, "x_cut must give 1 cut"),
    ({"labels": "WIN"}, "labels must be a DataFrame"),
])
def test_factor_matrix_errors(kwargs, match):
    args = {"x": "share", "y": "potential", **kwargs}
    with pytest.raises((ValueError, TypeError), match=match):
        factor_matrix(doctors(), **args)


@given(st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1000)), min_size=1, max_size=40),
       st.sampled_from([2, 3]))
@settings(max_examples=50, deadline=None)
def test_every_customer_one_cell_and_levels_monotone(rows, levels):
    df = pd.DataFrame(rows, columns=["share", "potential"]).assign(customer_id=range(len(rows)))
    out = factor_matrix(df, x="share", y="potential", levels=levels)
    assert len(out) == len(df) and out["cell"].notna().all()
    assert out["x_level"].nunique() <= levels
    s = out.sort_values("share")
    assert s["x_level"].cat.codes.is_monotonic_increasing


def test_matrix_table_layout_and_values():
    out = factor_matrix(doctors(), x="share", y="potential")
    counts = matrix_table(out)
    assert list(counts.index.astype(str)) == ["high", "low"]
    assert counts.loc["high", "low"] == 2 and counts.loc["low", "high"] == 2
    sums = matrix_table(out, value="potential")
    assert sums.loc["high", "low"] == 900 + 850


@pytest.mark.parametrize("levels", [2, 3])
def test_matrix_table_equals_crosstab(levels):
    """The fast count by category codes gives exactly what pd.crosstab gives (empty cells too)."""
    rng = np.random.default_rng(3)
    df = pd.DataFrame({"customer_id": [f"C{i:03d}" for i in range(60)],
                       "share": rng.random(60), "potential": rng.lognormal(3, 1, 60)})
    df["value"] = rng.normal(100, 30, 60)
    # every customer below the first x cut is also below the first y cut: cells stay empty
    df.loc[df["share"] < 0.3, "potential"] = 1.0
    cuts = {2: (0.3, 2.0), 3: ((0.3, 0.6), (2.0, 30.0))}[levels]
    out = factor_matrix(df, x="share", y="potential", levels=levels, x_cut=cuts[0],
                        y_cut=cuts[1]).assign(value=df["value"].to_numpy())
    want = pd.crosstab(out["y_level"], out["x_level"], dropna=False).iloc[::-1]
    pd.testing.assert_frame_equal(matrix_table(out), want)
    assert (matrix_table(out) == 0).any().any()
    want_sum = pd.crosstab(out["y_level"], out["x_level"], values=out["value"], aggfunc="sum",
                           dropna=False).fillna(0.0).iloc[::-1]
    pd.testing.assert_frame_equal(matrix_table(out, value="value"), want_sum)
    # plain strings (no categoricals) still work through crosstab
    plain = out.assign(x_level=out["x_level"].astype(str), y_level=out["y_level"].astype(str))
    assert int(matrix_table(plain).to_numpy().sum()) == len(df)


def test_input_not_mutated():
    df = doctors()
    before = df.copy()
    factor_matrix(df, x="share", y="potential", levels=3, labels=VALUE_POTENTIAL_LABELS)
    mvc_stc_bz(df.assign(actual=1.0), actual_value="actual", strategic_value="potential")
    pd.testing.assert_frame_equal(df, before)


# ---------------------------------------------------------------- MVC / STC / BZ

def accounts():
    return pd.DataFrame({
        "customer_id": list("abcdefghij"),
        "profit": [500, 400, 300, 200, 100, 50, 20, -10, -40, -80],
        "growth": [10, 10, 900, 50, 800, 5, 0, 700, 0, 10],
        "sow": [0.9, 0.8, 0.3, 0.6, 0.2, 0.5, 0.4, 0.1, 0.5, 0.9],
    })


def test_mvc_stc_bz_by_hand():
    out = mvc_stc_bz(accounts(), actual_value="profit", strategic_value="growth")
    tiers = dict(zip(out["customer_id"], out["tier"].astype(str), strict=True))
    # top 20% by profit: a, b are MVC; then the 2 largest growth among the rest: c (900), e (800);
    # h (700) would be next; below zero and not STC: h, i, j
    assert [k for k, v in tiers.items() if v == "MVC"] == ["a", "b"]
    assert [k for k, v in tiers.items() if v == "STC"] == ["c", "e"]
    assert [k for k, v in tiers.items() if v == "BZ"] == ["h", "i", "j"]
    assert [k for k, v in tiers.items() if v == "Other"] == ["d", "f", "g"]
    assert out.loc[out.tier == "BZ", "tier_zh"].unique().tolist() == [MVC_STC_BZ_LABELS["BZ"]]
    assert list(out["tier"].cat.categories) == ["MVC", "STC", "Other", "BZ"]


def test_negative_but_growable_customer_is_stc():
    out = mvc_stc_bz(accounts(), actual_value="profit", strategic_value="growth", stc_top=0.3)
    assert out.set_index("customer_id").loc["h", "tier"] == "STC"


def test_share_of_wallet_limits_stc_and_bz_bottom():
    out = mvc_stc_bz(accounts(), actual_value="profit", strategic_value="growth",
                     share_of_wallet="sow", stc_max_share=0.25, bz_bottom=0.5).set_index("customer_id")
    # c: sow 0.3 > 0.25, so not STC; rank 3 by profit, so not in the bottom half either
    assert out.loc["c", "tier"] == "Other"
    assert out.loc[["e", "h"], "tier"].astype(str).tolist() == ["STC", "STC"]
    assert out.loc[["f", "g", "i", "j"], "tier"].astype(str).tolist() == ["BZ"] * 4


def test_mvc_needs_positive_value():
    df = pd.DataFrame({"customer_id": [1, 2], "v": [-1.0, -2.0], "s": [0.0, 0.0]})
    out = mvc_stc_bz(df, actual_value="v", strategic_value="s")
    assert out["tier"].astype(str).tolist() == ["BZ", "BZ"]


def test_mvc_stc_bz_errors():
    with pytest.raises(ValueError, match="strategic_value='potential' is not a column"):
        mvc_stc_bz(accounts(), actual_value="profit", strategic_value="potential")
    with pytest.raises(ValueError, match="mvc_top must lie in"):
        mvc_stc_bz(accounts(), actual_value="profit", strategic_value="growth", mvc_top=2)
    bad = accounts().assign(sow=np.linspace(0, 2, 10))
    with pytest.raises(ValueError, match="share_of_wallet='sow' must lie in"):
        mvc_stc_bz(bad, actual_value="profit", strategic_value="growth", share_of_wallet="sow")


@given(st.lists(st.tuples(st.integers(-100, 100), st.integers(0, 100)), min_size=1, max_size=30),
       st.floats(0, 1), st.floats(0, 1))
@settings(max_examples=50, deadline=None)
def test_mvc_stc_bz_properties(rows, mvc_top, stc_top):
    df = pd.DataFrame(rows, columns=["actual", "strategic"]).assign(customer_id=range(len(rows)))
    out = mvc_stc_bz(df, actual_value="actual", strategic_value="strategic",
                     mvc_top=mvc_top, stc_top=stc_top)
    n = len(df)
    assert out["tier"].notna().all() and len(out) == n
    mvc = out[out.tier == "MVC"]
    assert len(mvc) <= np.ceil(mvc_top * n) and (mvc["actual"] > 0).all()
    if len(mvc):  # nobody outside MVC has a strictly higher actual value
        assert np.max(out.loc[out.tier != "MVC", "actual"].to_numpy(), initial=-np.inf) \
            <= mvc["actual"].min()
    assert (out.loc[out.tier == "BZ", "actual"] < 0).all()
    assert len(out[out.tier == "STC"]) <= np.ceil(stc_top * n)


# ---------------------------------------------------------------- label positions for charts

def test_cell_label_positions_grid_three_and_two_bands():
    three = cell_label_positions(POTENTIAL_SHARE_LABELS, x_bands=3, y_bands=3)
    assert len(three) == 9
    # (i, j) = (x band, y band), 0 = lowest; rows of the grid are y levels, high first
    for i, x_level in enumerate(["low", "medium", "high"]):
        for j, y_level in enumerate(["low", "medium", "high"]):
            assert three[(i, j)] == POTENTIAL_SHARE_LABELS.loc[y_level, x_level]
    corners = cell_label_positions(POTENTIAL_SHARE_LABELS, x_bands=2, y_bands=2)
    assert corners == {(0, 0): "LOWER", (1, 0): "MAINTAIN", (0, 1): "WIN", (1, 1): "DEFEND"}
    # the same corners factor_matrix uses with levels=2
    out = factor_matrix(doctors(), x="share", y="potential", labels=POTENTIAL_SHARE_LABELS)
    for xl, yl, lab in zip(out["x_level"].cat.codes, out["y_level"].cat.codes, out["label"],
                           strict=True):
        assert corners[(int(xl), int(yl))] == lab


def test_cell_label_positions_dicts_and_positional_grid():
    named = {("low", "low"): "q1", ("high", "low"): "q2", ("low", "high"): "q3",
             ("high", "high"): "q4"}
    assert cell_label_positions(named, x_bands=2, y_bands=2) == {
        (0, 0): "q1", (1, 0): "q2", (0, 1): "q3", (1, 1): "q4"}
    by_number = {(0, 0): "a", (3, 1): "b"}
    assert cell_label_positions(by_number, x_bands=4, y_bands=2) == by_number
    plain = pd.DataFrame([["top left", "top right"], ["bottom left", "bottom right"]])
    pos = cell_label_positions(plain, x_bands=2, y_bands=2)
    assert pos[(0, 1)] == "top left" and pos[(1, 0)] == "bottom right"
    assert cell_label_positions(None, x_bands=2, y_bands=2) == {}


def test_cell_label_positions_errors():
    with pytest.raises(ValueError, match="3 x 3 grid.*4 x band"):
        cell_label_positions(POTENTIAL_SHARE_LABELS, x_bands=4, y_bands=3)
    with pytest.raises(TypeError, match="labels must be a DataFrame grid"):
        cell_label_positions(["WIN"], x_bands=2, y_bands=2)
    with pytest.raises(ValueError, match="level names need 2 or 3 bands"):
        cell_label_positions({("low", "low"): "x"}, x_bands=5, y_bands=2)
    with pytest.raises(ValueError, match="x_bands"):
        cell_label_positions(POTENTIAL_SHARE_LABELS, x_bands=0, y_bands=2)


def test_factor_matrix_keeps_measure_names_for_charts():
    out = factor_matrix(doctors(), x="share", y="potential", levels=3)
    assert out.attrs["x"] == "share" and out.attrs["y"] == "potential"
    assert len(out.attrs["x_cut"]) == 2
