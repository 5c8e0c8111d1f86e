"""Comparison helpers: tolerant matching and messages that name what is wrong."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tierlab.exercises import (
    compare_choice,
    compare_collections,
    compare_frames,
    compare_numbers,
    compare_series,
    compare_values,
)
from tierlab.exercises._compare import Accepted, is_accepted


def _en(msg):
    return None if msg is None else msg.render("en")


@pytest.fixture
def expected():
    return pd.DataFrame({"doctor_id": ["D001", "D002", "D003", "D004"],
                         "value": [400.0, 300.0, 200.0, 100.0],
                         "tier": ["A", "A", "B", "C"]})


def test_frames_equal_up_to_order_dtype_and_id_placement(expected):
    got = expected.sample(frac=1, random_state=0)
    assert compare_frames(got, expected, key="doctor_id") is None
    got = expected.set_index("doctor_id").astype({"value": "float32"})
    got["tier"] = got["tier"].astype("category")
    got["extra"] = 1  # extra columns are ignored
    assert compare_frames(got, expected, key="doctor_id") is None
    ints = expected.assign(value=expected["value"].astype(int))
    assert compare_frames(ints, expected, key="doctor_id") is None


def test_frames_order_is_checked_when_asked(expected):
    got = expected.iloc[::-1]
    msg = _en(compare_frames(got, expected, key="doctor_id", check_order=True))
    assert "position 1" in msg and "'D004'" in msg
    assert "'D001'" not in msg  # the expected id would give the order away


def test_frames_float_tolerance(expected):
    got = expected.assign(value=expected["value"] + 1e-7)
    assert compare_frames(got, expected, key="doctor_id") is None
    got = expected.assign(value=expected["value"] + 0.5)
    msg = _en(compare_frames(got, expected, key="doctor_id"))
    assert msg.startswith("Column 'value': 4 rows differ (4 too high, 0 too low), "
                          "e.g. customer 'D001', where you have 400.5")
    assert "400." not in msg.replace("400.5", "")  # never the expected value
    assert compare_frames(got, expected, key="doctor_id", atol=1) is None


def test_frames_message_names_column_row_and_other_columns(expected):
    got = expected.copy()
    got.loc[2, "tier"] = "A"
    got.loc[3, "tier"] = "B"
    got.loc[0, "value"] = 1.0
    msg = _en(compare_frames(got, expected, key="doctor_id",
                             entity={"en": "doctor", "zh": "医生"}))
    assert ("Column 'value': 1 row differs (0 too high, 1 too low), e.g. doctor 'D001', "
            "where you have 1." in msg)
    assert "400" not in msg
    assert "Other columns that differ: 'tier'" in msg
    zh = compare_frames(got, expected, key="doctor_id", entity={"en": "doctor", "zh": "医生"})
    assert "医生 'D001'" in zh.render("zh")


def test_frames_missing_extra_duplicate_rows(expected):
    msg = _en(compare_frames(expected.iloc[:2], expected, key="doctor_id"))
    assert "2 expected customer rows are missing, e.g. 'D003'." in msg
    assert "'D004'" not in msg  # a count and one example, not the list
    extra = pd.concat([expected, expected.iloc[[0]].assign(doctor_id="D999")])
    assert "1 row should not be there" in _en(compare_frames(extra, expected, key="doctor_id"))
    dup = pd.concat([expected, expected.iloc[[1]]])
    assert "'D002' appears 2 times" in _en(compare_frames(dup, expected, key="doctor_id"))


def test_frames_missing_key_and_columns(expected):
    got = expected.rename(columns={"doctor_id": "doctorid"})
    msg = _en(compare_frames(got, expected, key="doctor_id"))
    assert "no customer id column 'doctor_id'" in msg and "did you mean 'doctorid'" in msg
    msg = _en(compare_frames(expected.drop(columns="tier"), expected, key="doctor_id"))
    assert msg.startswith("Column 'tier' is missing")
    assert "DataFrame" in _en(compare_frames(3, expected, key="doctor_id"))
    assert "single column" in _en(compare_frames(expected["tier"], expected, key="doctor_id"))


def test_frames_without_key(expected):
    assert compare_frames(expected.iloc[::-1], expected) is None
    assert "Expected 4 rows, got 3" in _en(compare_frames(expected.iloc[:3], expected))
    assert "row 1" in _en(compare_frames(expected.iloc[::-1], expected, check_order=True))


def test_frames_dtype_and_text_numbers(expected):
    as_text = expected.assign(value=expected["value"].astype(str))
    assert "Column 'value'" in _en(compare_frames(as_text.assign(value="x"), expected,
                                                  key="doctor_id"))
    got = expected.assign(value=expected["value"].astype("float32"))
    msg = _en(compare_frames(got, expected, key="doctor_id", check_dtype=True))
    assert "type float32; expected float64" in msg


def test_frames_dates_and_missing_values():
    exp = pd.DataFrame({"id": [1, 2], "d": pd.to_datetime(["2024-01-01", None]),
                        "x": [1.0, np.nan]})
    assert compare_frames(exp.copy(), exp, key="id") is None
    got = exp.assign(d=pd.to_datetime(["2024-01-02", None]))
    msg = _en(compare_frames(got, exp, key="id"))
    assert "where you have '2024-01-02'" in msg and "2024-01-01" not in msg


def test_series():
    exp = pd.Series([5, 4, 1], index=pd.Index(["a", "b", "c"], name="customer_id"))
    assert compare_series(exp.iloc[::-1], exp) is None
    assert compare_series(exp.to_frame("r"), exp) is None
    assert compare_series(exp.rename("r").reset_index(), exp) is None  # ids in a column
    msg = _en(compare_series(exp.replace(1, 2), exp))
    assert msg == "1 value differs (1 too high, 0 too low), e.g. customer 'c', where you have 2."
    assert "missing" in _en(compare_series(exp.iloc[:2], exp))
    assert "Series" in _en(compare_series(5, exp))
    assert compare_series([5, 4, 1], exp, check_index=False) is None


def test_numbers():
    assert compare_numbers(np.float64(0.25), 0.25) is None
    assert compare_numbers(pd.Series([0.25]), 0.25) is None
    assert compare_numbers(0.2500001, 0.25) is None
    assert _en(compare_numbers(0.4, 0.25)) == "Your answer 0.4 is too high."
    assert "too low" in _en(compare_numbers(0.1, 0.25))
    assert "percentage" in _en(compare_numbers(25, 0.25))
    assert "share between 0 and 1; give it as a percentage" in _en(compare_numbers(0.25, 25))
    assert "text '0.25'" in _en(compare_numbers("0.25", 0.25))
    assert "NaN" in _en(compare_numbers(float("nan"), 0.25))
    assert "single number" in _en(compare_numbers(True, 1))
    assert "Expected 0.25, got 0.4" in _en(compare_numbers(0.4, 0.25, reveal=True))


def test_choices():
    assert compare_choice("B", "b") is None and compare_choice("(b)", "b") is None
    msg = _en(compare_choice("a", "b", options="abcd", explanations={
        "a": {"en": "ABC looks at value only.", "zh": "只看金额。"}}))
    assert msg == "'a' is not the best answer. ABC looks at value only."
    assert "not one of the options" in _en(compare_choice("e", "b", options="abcd"))
    assert "letter" in _en(compare_choice(2, "b", options="abcd"))
    assert compare_choice("a, c", {"a", "c"}) is None
    assert compare_choice(["c", "a"], {"a", "c"}) is None
    assert "1 of your choices is wrong" in _en(compare_choice(["a", "b"], {"a", "c"}))


def test_collections():
    assert compare_collections({"x", "y"}, ["y", "x"]) is None
    assert compare_collections(pd.Index(["x", "y"]), ["y", "x"]) is None
    assert compare_collections(np.array([1, 2]), [2, 1]) is None
    msg = _en(compare_collections(["x", "z"], ["x", "y"]))
    assert "1 expected item is missing, e.g. 'y'" in msg and "'z'" in msg
    assert "Item 1 ('x') is not the expected one" in _en(compare_collections(["x", "y"], ["y", "x"],
                                                             ordered=True))
    assert "list or set" in _en(compare_collections(pd.DataFrame(), ["x"]))


def test_values():
    assert compare_values("Champions", "Champions ") is None
    assert "case" in _en(compare_values("champions", "Champions"))
    assert compare_values(True, True) is None
    assert "True or False" in _en(compare_values("yes", True))
    assert compare_values(3, 3.0) is None


# --------------------------------------------------------------------------------------
# the rounding policy (docs/exercises.md, "Tolerance policy")
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize("given", [0.29, 0.294, 0.2938])
def test_policy_a_rounding_with_two_or_more_figures_is_correct(given):
    res = compare_numbers(given, 0.2938, rtol=1e-9)
    assert is_accepted(res)
    if given != 0.2938:
        decimals = len(str(given).split(".")[1])
        assert _en(res) == f"Correct to {decimals} decimals; the exact value is 0.2938."


@pytest.mark.parametrize(("given", "expected", "note"), [
    (0.337, 0.33677, "Correct to 3 decimals; the exact value is 0.33677."),
    (0.85, 0.85096, "Correct to 2 decimals; the exact value is 0.85096."),
    (38069, 38068.875, "Correct as a whole number; the exact value is 38068.875."),
    (1.23711e7, 12371148.3, "Correct to the nearest 100; the exact value is 12371148.3."),
    # 0.30 is read as 0.3; 0.2999 rounds to 0.300, so the finest true rounding is named
    (0.30, 0.2999, "Correct to 3 decimals; the exact value is 0.2999."),
])
def test_policy_notes_say_only_rounding_differs(given, expected, note):
    res = compare_numbers(given, expected, rtol=1e-9)
    assert isinstance(res, Accepted) and _en(res) == note


def test_policy_one_significant_figure_is_too_coarse_unless_the_cell_showed_it():
    msg = _en(compare_numbers(0.3, 0.2938))
    assert "at least 2 significant figures" in msg and "too" in msg and "high" not in msg
    assert "0.2938" not in msg
    # the cell printed "5%": a learner who copies 0.05 gave the display precision
    assert is_accepted(compare_numbers(0.05, 0.0512, display=".0%"))
    assert not is_accepted(compare_numbers(0.05, 0.0512))
    assert not is_accepted(compare_numbers(0.06, 0.0512, display=".0%"))


def test_policy_too_high_or_low_only_beyond_any_rounding():
    assert _en(compare_numbers(0.28, 0.2938)) == "Your answer 0.28 is too low."
    assert _en(compare_numbers(0.30, 0.2938)).startswith("That is rounded too much")
    assert _en(compare_numbers(0.31, 0.2938)) == "Your answer 0.31 is too high."
    assert _en(compare_numbers(38080, 38068.875, rtol=1e-9)) == "Your answer 38080 is too high."
    assert is_accepted(compare_numbers(38070, 38068.875, rtol=1e-9))  # to the nearest 10


@pytest.mark.parametrize("given", [29, 29.38, 29.4, "29%", "29.38 %"])
def test_policy_percent_rule_asks_for_a_fraction(given):
    msg = _en(compare_numbers(given, 0.2938))
    assert "as a fraction, please" in msg and "0.2938" not in msg and "29" not in msg


def test_policy_whole_units_for_boxes_and_calls():
    for given in (1292, 1293):
        res = compare_numbers(given, 1292.4, whole=True)
        assert isinstance(res, Accepted) and "whole units" in _en(res)
    assert "whole units" in _en(compare_numbers(1300, 1292.4, whole=True))
    assert "too low" in _en(compare_numbers(1291, 1292.4, whole=True))
    # without whole=True, 1300 is a 2-significant-figure rounding
    assert is_accepted(compare_numbers(1300, 1292.4))


def test_policy_tables_per_column():
    exp = pd.DataFrame({"id": ["a", "b", "c"], "share": [0.29381, 0.51234, 0.19385],
                        "value": [1234.5678, 88.125, 4000.0], "tier": ["A", "B", "C"]})
    got = exp.assign(share=exp["share"].round(2), value=exp["value"].round(1))
    res = compare_frames(got, exp, key="id")
    assert isinstance(res, Accepted)
    assert "'share' is correct to 2 decimals" in _en(res)
    assert "'value' is correct to 1 decimals" in _en(res)
    coarse = exp.assign(share=exp["share"].round(0))
    assert "rounded too much" in _en(compare_frames(coarse, exp, key="id"))
    small = exp.assign(share=[0.0123, 0.0456, 0.0789])
    shown = small.assign(share=[0.01, 0.05, 0.08])  # as a ".0%" column displays them
    assert not is_accepted(compare_frames(shown, small, key="id"))
    assert is_accepted(compare_frames(shown, small, key="id", display={"share": ".0%"}))
    wrong = got.assign(share=got["share"] + 0.01)
    msg = _en(compare_frames(wrong, exp, key="id"))
    assert "3 rows differ (3 too high, 0 too low)" in msg and "0.29381" not in msg
    ser = compare_series(exp.set_index("id")["share"].round(3), exp.set_index("id")["share"])
    assert isinstance(ser, Accepted) and _en(ser) == "Correct to 3 decimals."


def test_type_messages_name_the_type_never_the_value():
    msg = _en(compare_values(5, "decile"))
    assert "text" in msg and "decile" not in msg
    msg = _en(compare_values(["T02"], "T02"))
    assert "T02" not in msg.replace("['T02']", "")
    assert "Endocrinology" not in _en(compare_values(None, "Endocrinology"))
