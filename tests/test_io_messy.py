"""read_transactions on the generated messy exports in tests/data/messy/.

Each file is written from known true transactions by ``make_messy.py``; the
expected rows, customers and totals in ``expected.json`` come from those, not
from the reader.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from tierlab.io import read_transactions

MESSY = Path(__file__).parent / "data" / "messy"
EXPECTED = json.loads((MESSY / "expected.json").read_text(encoding="utf-8"))


def test_there_are_at_least_20_messy_files():
    files = [p for p in MESSY.iterdir() if p.suffix in (".csv", ".txt", ".xlsx")]
    assert len(files) >= 20
    assert sorted(p.name for p in files) == sorted(EXPECTED)


def test_generator_rebuilds_the_same_text_files(tmp_path):
    spec = importlib.util.spec_from_file_location("make_messy", MESSY / "make_messy.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert json.loads(json.dumps(mod.build(tmp_path), ensure_ascii=False)) == EXPECTED
    for name in EXPECTED:
        if not name.endswith(".xlsx"):
            assert (tmp_path / name).read_bytes() == (MESSY / name).read_bytes(), name


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_messy_file(name):
    exp = EXPECTED[name]
    if exp["error"]:
        with pytest.raises(ValueError, match=exp["error"]):
            read_transactions(MESSY / name, verbose=False, **exp["read"])
        return
    res = read_transactions(MESSY / name, verbose=False, **exp["read"])
    tx, truth = res.data, exp["truth"]
    assert len(tx) == truth["rows"]
    assert tx["customer_id"].nunique() == truth["customers"]
    assert round(tx["amount"].sum(), 2) == truth["total"]
    if "by_customer" in truth:
        got = tx.groupby("customer_id")["amount"].sum().round(2).to_dict()
        assert got == truth["by_customer"]
    assert len(res.walk_ins) == exp["walk_ins"]
    found = dict(zip(res.report["issue"], res.report["rows"], strict=True))
    for issue, rows in exp["report"].items():
        assert found.get(issue) == rows, (issue, found)
    decided = dict(zip(res.decisions["decision"], res.decisions["choice"], strict=True))
    for what, choice in exp["decisions"].items():
        assert decided.get(what) == choice, (what, decided)
    # no row lost without a report line
    assert res.n_read - len(tx) == res.n_removed
    assert tx["date"].notna().all() and tx["amount"].notna().all()
