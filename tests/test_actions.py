import datetime

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from tierlab import plotting
from tierlab.actions import (
    CN_HOLIDAYS,
    action_plan,
    contact_calendar,
    export_plan,
    holiday_dates,
)
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
        assert header[:3] == ["Cid", "Name", "Tier"]
        assert "Owner" not in header and "Next due date" in header
        due_col = header.index("Next due date") + 1
        assert ws.cell(row=2, column=due_col).number_format == "yyyy-mm-dd"
        name_col = header.index("Name") + 1
        assert ws.column_dimensions[ws.cell(row=1, column=name_col).column_letter].width >= 8
        tiers = [ws.cell(row=r, column=3).value for r in range(2, ws.max_row + 1)]
        assert tiers == sorted(tiers)  # A, B, C, D: the service models' priority
    assert wb["Calendar"].max_row == int((cal["total"] > 0).sum()) + 1


@pytest.fixture(scope="module")
def pharma_plan():
    from tierlab import datasets

    world = datasets.load_pharma()
    doctors = (world.doctors.merge(world.hospitals[["hospital_id", "hospital_name", "grade"]],
                                   on="hospital_id")
               .merge(world.potential[["doctor_id", "potential_units"]], on="doctor_id"))
    cut = doctors["potential_units"].quantile([0.5, 0.8, 0.95]).to_numpy()
    names = np.array(["BZ", "Other", "STC", "MVC"])
    doctors["tier"] = names[np.searchsorted(cut, doctors["potential_units"])]
    doctors["goal"] = np.round(doctors["potential_units"] * 3)
    models = SERVICE_MODELS.assign(tier=["MVC", "STC", "Other", "BZ"])
    plans = {lang: action_plan(doctors, models, customer="doctor_id", owner="rep_id",
                               target="goal", name="doctor_name", lang=lang,
                               keep=("hospital_name", "grade", "specialty"),
                               start="2026-02-01")
             for lang in ("en", "zh")}
    return world, doctors, plans


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_export_plan_a_rep_can_print(pharma_plan, tmp_path, lang):
    world, doctors, plans = pharma_plan
    plan = plans[lang]
    before = plan.copy()
    reps = world.reps.set_index("rep_id")["rep_name"]
    cal = contact_calendar(plan, "2026-02-02", weeks=8, customer="doctor_id")
    path = export_plan(plan, tmp_path / "plan.xlsx", calendar=cal, owner_names=reps,
                       lang=lang, unit="units" if lang == "en" else "盒")
    pd.testing.assert_frame_equal(plan, before)
    wb = load_workbook(path)
    reps_in_plan = sorted(reps[plan["owner"].unique()])
    cal_name = "Calendar" if lang == "en" else "拜访日历"
    assert wb.sheetnames == reps_in_plan + [cal_name]  # named after the rep, not R001
    head = {"en": ["Doctor ID", "Doctor", "Hospital", "Hospital grade", "Specialty", "Tier",
                   "Objective", "Action", "Contact mode", "Calls per month", "Target (units)",
                   "Next due date", "KPI"],
            "zh": ["医生编号", "医生", "医院", "医院等级", "科室", "级别", "策略目标", "行动",
                   "接触方式", "每月拜访次数", "目标（盒）", "下次截止日期", "考核指标"]}[lang]
    priority = {"MVC": 0, "STC": 1, "Other": 2, "BZ": 3}
    for rep_id, rep_name in reps.items():
        if rep_name not in wb.sheetnames:
            continue
        ws = wb[rep_name]
        rows = list(ws.iter_rows(values_only=True))
        assert list(rows[0]) == head
        body = pd.DataFrame(rows[1:], columns=head)
        mine = plan[plan["owner"] == rep_id]
        assert len(body) == len(mine) and set(body.iloc[:, 0]) == set(mine["doctor_id"])
        # tier priority, then the target, largest first
        keys = list(zip(body.iloc[:, 5].map(priority), -body.iloc[:, 10], strict=True))
        assert keys == sorted(keys)
        calls_col, target_col = head.index(head[9]) + 1, 11
        for r in range(2, ws.max_row + 1):
            calls = ws.cell(row=r, column=calls_col)
            if float(calls.value).is_integer():  # whole calls as integers, no "4.00"
                assert isinstance(calls.value, int) and calls.number_format == "#,##0"
            target = ws.cell(row=r, column=target_col)
            assert isinstance(target.value, int)
            assert target.number_format == ('#,##0" units"' if lang == "en" else '#,##0" 盒"')
        due = ws.cell(row=2, column=12)
        assert isinstance(due.value, datetime.datetime) and due.number_format == "yyyy-mm-dd"
        # print set-up
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$1:$1"
        # the tier cell has the tier's colour from the one palette
        tier = ws.cell(row=2, column=6)
        assert tier.fill.fgColor.rgb == "FF" + plotting.PALETTE[tier.value].lstrip("#").upper()
    ws = wb[cal_name]
    rows = list(ws.iter_rows(values_only=True))
    dates = [v for v in rows[0] if isinstance(v, datetime.datetime)]
    assert len(dates) == 8 and dates[0] == datetime.datetime(2026, 2, 2)
    name_col = 1  # the doctor's name next to the id
    named = dict(zip(plan["doctor_id"], plan["doctor_name"], strict=True))
    first = [i for i, v in enumerate(rows[0]) if isinstance(v, datetime.datetime)][0]
    for row in rows[1:]:
        assert row[name_col] == named[row[0]]
        assert sum(row[first:first + 8]) > 0  # no all-zero rows
    # Spring Festival 2026 (15-23 Feb): the week of Monday 16 Feb is closed
    spring = [i for i, v in enumerate(rows[0]) if v == datetime.datetime(2026, 2, 16)][0]
    assert all(row[spring] == 0 for row in rows[1:])
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$1:$1"


def test_calendar_skips_spring_festival_week_but_keeps_monthly_calls():
    plan = pd.DataFrame({"cid": list("abcd"), "calls_per_month": [4, 2, 1, 3]})
    cal = contact_calendar(plan, "2026-02-02", weeks=4, customer="cid")  # all of February
    assert cal.attrs["closed_weeks"] == ["2026-02-16"]
    assert (cal["2026-02-16"] == 0).all()
    weeks = ["2026-02-02", "2026-02-09", "2026-02-16", "2026-02-23"]
    assert list(cal[weeks].sum(axis=1)) == [4, 2, 1, 3]  # the month's calls in its open weeks
    free = contact_calendar(plan, "2026-02-02", weeks=4, customer="cid", holidays=None)
    assert free["2026-02-16"].sum() > 0
    own = pd.DataFrame({"start": ["2026-03-02"], "end": ["2026-03-06"]})
    mine = contact_calendar(plan, "2026-03-02", weeks=2, customer="cid", holidays=own)
    assert (mine["2026-03-02"] == 0).all()
    with pytest.raises(ValueError, match="holidays"):
        contact_calendar(plan, "2026-02-02", customer="cid", holidays="US")


def test_holiday_table_covers_2023_to_2026():
    days = holiday_dates()
    for year, spring in ((2023, "2023-01-22"), (2024, "2024-02-10"), (2025, "2025-01-29"),
                         (2026, "2026-02-17")):  # Chinese New Year's day
        assert pd.Timestamp(spring) in days
        assert pd.Timestamp(f"{year}-10-02") in days  # National Day
    assert (CN_HOLIDAYS["end"] >= CN_HOLIDAYS["start"]).all()


def test_export_plan_bad_input(tiered, tmp_path):
    plan = action_plan(tiered, customer="cid", owner="rep", start="2025-03-01")
    with pytest.raises(ValueError, match="lang"):
        export_plan(plan, tmp_path / "p.xlsx", lang="fr")
    with pytest.raises(TypeError, match="owner_names"):
        export_plan(plan, tmp_path / "p.xlsx", owner_names=["a"])
    with pytest.raises(ValueError, match="value='nope'"):
        export_plan(plan, tmp_path / "p.xlsx", value="nope")
    with pytest.raises(ValueError, match="keep"):
        action_plan(tiered, customer="cid", keep=("nope",))


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
