import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from tierlab.actions import action_plan, contact_calendar, export_plan
from tierlab.strategy import SERVICE_MODELS


@pytest.fixture
def tiered():
    return pd.DataFrame({
        "cid": [f"C{i}" for i in range(12)],
        "name": ["张伟", "Li Na", "王芳", "Wu", "Zhao", "Sun", "Zhou", "Xu", "Ma", "Hu", "Guo",
                 "He"],
        "tier": ["A", "B", "C", "D", "A", "B", "C", "D", "A", "B", "C", "B"],
        "rep": ["R1", "R1", "R2", "R2", "R3", "R1", "R2", "R3", "R1", "R3", "R3", "R2"],
        "goal": np.arange(12) * 10.0,
    })


def test_action_plan_rows(tiered):
    before = tiered.copy()
    plan = action_plan(tiered, customer="cid", owner="rep", target="goal", name="name",
                       start="2025-03-01", due_days={"A": 14, "B": 30, "C": 60, "D": 90})
    pd.testing.assert_frame_equal(tiered, before)
    assert len(plan) == len(tiered)
    assert set(plan["cid"]) == set(tiered["cid"])
    for col in ["tier", "action", "owner", "due_date", "kpi", "target", "calls_per_month"]:
        assert col in plan.columns
    row = plan.set_index("cid").loc["C0"]
    assert row["owner"] == "R1"
    assert row["due_date"] == pd.Timestamp("2025-03-15")
    assert row["target"] == 0.0
    assert row["calls_per_month"] == SERVICE_MODELS.set_index("tier").loc["A", "calls_per_month"]
    assert list(plan["owner"]) == sorted(plan["owner"])
    zh = action_plan(tiered, customer="cid", lang="zh", start="2025-03-01")
    assert zh.set_index("cid").loc["C0", "contact_mode"] == "专属客户经理"


def test_action_plan_unknown_tier_is_a_clear_error(tiered):
    bad = tiered.assign(tier=tiered["tier"].replace({"D": "Z"}))
    with pytest.raises(ValueError, match="'Z'.*no service model"):
        action_plan(bad, customer="cid")


def test_action_plan_takes_calls_from_an_allocation(tiered):
    before = tiered.copy()
    cost = SERVICE_MODELS.set_index("tier")["cost_per_contact"]
    alloc = pd.DataFrame({"cid": tiered["cid"][::-1].to_numpy(),  # another row order
                          "calls": np.arange(12)[::-1] % 5})
    want = dict(zip(alloc["cid"], alloc["calls"].astype(float), strict=True))
    plan = action_plan(tiered, customer="cid", owner="rep", start="2025-03-01", calls=alloc)
    pd.testing.assert_frame_equal(tiered, before)
    got = plan.set_index("cid")
    for cid, calls in want.items():
        assert got.loc[cid, "calls_per_month"] == calls
        assert got.loc[cid, "monthly_cost"] == pytest.approx(calls * cost[got.loc[cid, "tier"]])
    # the same plan from a Series indexed by id and from a column of tiered
    series = alloc.set_index("cid")["calls"]
    column = action_plan(tiered.assign(alloc=tiered["cid"].map(series)), customer="cid",
                         owner="rep", start="2025-03-01", calls="alloc")
    from_series = action_plan(tiered, customer="cid", owner="rep", start="2025-03-01",
                              calls=series)
    pd.testing.assert_frame_equal(column, plan)
    pd.testing.assert_frame_equal(from_series, plan)
    # without calls= the model's calls and cost stay as before
    default = action_plan(tiered, customer="cid", start="2025-03-01").set_index("cid")
    model_calls = SERVICE_MODELS.set_index("tier")["calls_per_month"]
    assert default.loc["C1", "calls_per_month"] == model_calls["B"]
    assert default.loc["C1", "monthly_cost"] == pytest.approx(model_calls["B"] * cost["B"])


def test_action_plan_calls_errors_and_locale_lang(tiered):
    short = pd.DataFrame({"cid": tiered["cid"].iloc[:10], "calls": 1.0})
    with pytest.raises(ValueError, match="no value for 2 customer"):
        action_plan(tiered, customer="cid", calls=short)
    with pytest.raises(ValueError, match="'calls' is not a column"):
        action_plan(tiered, customer="cid", calls=short.rename(columns={"calls": "n"}))
    with pytest.raises(ValueError, match="calls='nope'"):
        action_plan(tiered, customer="cid", calls="nope")
    with pytest.raises(ValueError, match=">= 0"):
        action_plan(tiered, customer="cid", calls=pd.Series(-1.0, index=tiered["cid"]))
    with pytest.raises(TypeError, match="calls must be a column name"):
        action_plan(tiered, customer="cid", calls=[1, 2])
    zh = action_plan(tiered, customer="cid", lang="zh_CN", start="2025-03-01")
    pd.testing.assert_frame_equal(zh, action_plan(tiered, customer="cid", lang="zh",
                                                  start="2025-03-01"))
    with pytest.raises(ValueError, match="lang"):
        action_plan(tiered, customer="cid", lang="fr")


def test_calendar_respects_calls_per_month():
    plan = pd.DataFrame({"cid": ["a", "b", "c", "d"], "calls_per_month": [4, 2, 1, 0.25],
                         "tier": list("ABCD")})
    # 2025-03-03 is a Monday; March has 5 Mondays, April 4, May 4 (5,12,19,26)
    cal = contact_calendar(plan, "2025-03-03", weeks=13, customer="cid")
    weeks = [c for c in cal.columns if c[:4] == "2025"]
    assert len(weeks) == 13 and weeks[0] == "2025-03-03"
    months = pd.to_datetime(pd.Series(weeks)).dt.month.to_numpy()
    counts = cal[weeks].to_numpy()
    for m in (3, 4, 5):
        per_month = counts[:, months == m].sum(axis=1)
        assert list(per_month[:3]) == [4, 2, 1]
    assert counts[3].sum() in (0, 1)
    assert (cal["total"] == counts.sum(axis=1)).all()
    # a customer is never planned more than its monthly calls in any week
    assert (counts <= np.ceil(plan["calls_per_month"].to_numpy())[:, None]).all()


def test_calendar_partial_month_never_exceeds():
    plan = pd.DataFrame({"cid": list("xyz"), "calls_per_month": [3, 5, 2]})
    cal = contact_calendar(plan, "2025-01-20", weeks=2, customer="cid")  # last 2 weeks of Jan
    weeks = [c for c in cal.columns if c.startswith("2025")]
    assert (cal[weeks].sum(axis=1).to_numpy() <= plan["calls_per_month"].to_numpy()).all()


def test_export_xlsx_sheet_per_owner(tiered, tmp_path):
    plan = action_plan(tiered, customer="cid", owner="rep", target="goal", name="name",
                       start="2025-03-01")
    cal = contact_calendar(plan, "2025-03-03", weeks=4, customer="cid", keep=("tier", "owner"))
    path = export_plan(plan, tmp_path / "plan.xlsx", calendar=cal)
    wb = load_workbook(path)
    assert wb.sheetnames == ["R1", "R2", "R3", "Calendar"]
    for owner in ["R1", "R2", "R3"]:
        ws = wb[owner]
        assert ws.freeze_panes == "A2"
        assert ws["A1"].font.bold
        assert ws.max_row == 1 + int((plan["owner"] == owner).sum())
        assert ws.auto_filter.ref.startswith("A1:")
        header = [c.value for c in ws[1]]
        assert header == list(plan.columns)
        due_col = header.index("due_date") + 1
        assert ws.cell(row=2, column=due_col).number_format == "yyyy-mm-dd"
        name_col = header.index("name") + 1
        assert ws.column_dimensions[ws.cell(row=1, column=name_col).column_letter].width >= 8
    assert wb["Calendar"].max_row == len(cal) + 1


def test_export_csv_utf8_bom(tiered, tmp_path):
    plan = action_plan(tiered, customer="cid", name="name", start="2025-03-01")
    path = export_plan(plan, tmp_path / "plan.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(path, encoding="utf-8-sig")
    assert "张伟" in set(back["name"])
    with pytest.raises(ValueError, match="path suffix"):
        export_plan(plan, tmp_path / "plan.txt")


def test_sheet_names_are_sanitised(tmp_path):
    plan = pd.DataFrame({"owner": ["a/b", "A/B", "x" * 40], "v": [1, 2, 3]})
    wb = load_workbook(export_plan(plan, tmp_path / "p.xlsx"))
    assert len(wb.sheetnames) == 3
    assert all(len(n) <= 31 and "/" not in n for n in wb.sheetnames)
