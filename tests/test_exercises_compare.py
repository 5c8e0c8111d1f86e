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
    assert "position 1" in msg and "'D001'" in msg and "'D004'" in msg


def test_frames_float_tolerance(expected):
    got = expected.assign(value=expected["value"] + 1e-7)
    assert compare_frames(got, expected, key="doctor_id") is None
    got = expected.assign(value=expected["value"] + 0.5)
    msg = _en(compare_frames(got, expected, key="doctor_id"))
    assert msg.startswith("Column 'value': 4 rows differ, e.g. customer 'D001'")
    assert compare_frames(got, expected, key="doctor_id", atol=1) is None


def test_frames_message_names_column_row_and_other_columns(expected):
    got = expected.copy()
    got.loc[2, "tier"] = "A"
    got.loc[3, "tier"] = "B"
    got.loc[0, "value"] = 1.0
    msg = _en(compare_frames(got, expected, key="doctor_id",
                             entity={"en": "doctor", "zh": "医生"}))
    assert "Column 'value': 1 row differs, e.g. doctor 'D001': expected 400, got 1." in msg
    assert "Other columns that differ: 'tier'" in msg
    zh = compare_frames(got, expected, key="doctor_id", entity={"en": "doctor", "zh": "医生"})
    assert "医生 'D001'" in zh.render("zh")


def test_frames_missing_extra_duplicate_rows(expected):
    msg = _en(compare_frames(expected.iloc[:2], expected, key="doctor_id"))
    assert "2 expected customer rows are missing, e.g. 'D003', 'D004'" in msg
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
    assert "expected '2024-01-01', got '2024-01-02'" in _en(compare_frames(got, exp, key="id"))


def test_series():
    exp = pd.Series([5, 4, 1], index=pd.Index(["a", "b", "c"], name="customer_id"))
    assert compare_series(exp.iloc[::-1], exp) is None
    assert compare_series(exp.to_frame("r"), exp) is None
    assert compare_series(exp.rename("r").reset_index(), exp) is None  # ids in a column
    msg = _en(compare_series(exp.replace(1, 2), exp))
    assert msg == "1 value differs, e.g. customer 'c': expected 1, got 2."
    assert "missing" in _en(compare_series(exp.iloc[:2], exp))
    assert "Series" in _en(compare_series(5, exp))
    assert compare_series([5, 4, 1], exp, check_index=False) is None


def test_numbers():
    assert compare_numbers(np.float64(0.25), 0.25) is None
    assert compare_numbers(pd.Series([0.25]), 0.25) is None
    assert compare_numbers(0.2500001, 0.25) is None
    assert _en(compare_numbers(0.3, 0.25)) == "Your answer 0.3 is too high."
    assert "too low" in _en(compare_numbers(0.2, 0.25))
    assert "percentage" in _en(compare_numbers(25, 0.25))
    assert "share between 0 and 1; give it as a percentage" in _en(compare_numbers(0.25, 25))
    assert "text '0.25'" in _en(compare_numbers("0.25", 0.25))
    assert "NaN" in _en(compare_numbers(float("nan"), 0.25))
    assert "single number" in _en(compare_numbers(True, 1))
    assert "Expected 0.25, got 0.3" in _en(compare_numbers(0.3, 0.25, reveal=True))


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
    assert "Item 1 should be 'y'" in _en(compare_collections(["x", "y"], ["y", "x"],
                                                             ordered=True))
    assert "list or set" in _en(compare_collections(pd.DataFrame(), ["x"]))


def test_values():
    assert compare_values("Champions", "Champions ") is None
    assert "case" in _en(compare_values("champions", "Champions"))
    assert compare_values(True, True) is None
    assert "True or False" in _en(compare_values("yes", True))
    assert compare_values(3, 3.0) is None
