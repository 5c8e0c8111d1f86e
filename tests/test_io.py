"""Tests for tierlab.io.read_transactions (real files in tmp_path)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tierlab.io import COLUMN_ALIASES, ReadResult, read_transactions
from tierlab.summary import summarize_transactions

GBK_CSV = (
    "客户编号,交易日期,金额,数量\n"
    "00123,2024/3/5,\"￥1,234.50\",2\n"
    "00123,2024年3月9日,88,1\n"
    ",2024-03-10,50,1\n"              # missing id
    "00456,not a date,20,1\n"         # unparsable date
    "00456,2024-03-11,-30,1\n"        # return
    "00456,2024-03-12,40元,两\n"      # amount with 元, unreadable quantity
    "00456,2024-03-12,40元,两\n"      # exact duplicate
    "00789,2024-03-13,abc,1\n"        # unparsable amount
)


def issues(result: ReadResult) -> dict:
    return dict(zip(result.report["issue"], result.report["rows"], strict=True))


def test_gbk_csv_with_chinese_headers(tmp_path):
    path = tmp_path / "销售.csv"
    path.write_bytes(GBK_CSV.encode("gbk"))
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")  # really not UTF-8
    res = read_transactions(path, verbose=False)
    assert res.encoding == "GBK"
    assert res.n_read == 8
    tx = res.data
    assert list(tx.columns) == ["customer_id", "date", "amount", "quantity", "is_return"]
    assert res.columns == {"客户编号": "customer_id", "交易日期": "date", "金额": "amount",
                           "数量": "quantity"}
    # zeros kept; the identical 03-12 line is kept: no receipt number proves it a copy
    assert tx["customer_id"].tolist() == ["00123", "00123", "00456", "00456", "00456"]
    assert tx["date"].tolist() == [pd.Timestamp(d) for d in
                                   ("2024-03-05", "2024-03-09", "2024-03-11", "2024-03-12",
                                    "2024-03-12")]
    assert tx["amount"].tolist() == [1234.5, 88.0, -30.0, 40.0, 40.0]
    assert tx["is_return"].tolist() == [False, False, True, False, False]
    assert np.isnan(tx["quantity"].iloc[3])
    found = issues(res)
    assert found == {
        "missing customer id": 1,
        "unparsable date": 1,
        "amount written as text": 3,     # ￥1,234.50 and 40元 twice
        "unparsable amount": 1,
        "unparsable quantity": 2,
        "negative amount (return)": 1,
        "identical lines": 1,
    }
    rep = res.report.set_index("issue")
    assert rep.loc["unparsable date", "action"] == "dropped"
    assert rep.loc["unparsable date", "example"] == "'not a date'"
    assert rep.loc["unparsable amount", "example"] == "'abc'"
    assert rep.loc["negative amount (return)", "action"].startswith("kept")


def test_utf8_bom_semicolon_english_headers(tmp_path):
    path = tmp_path / "sales.csv"
    text = "Customer ID;Order Date;Sales\nc1;2024-01-05;10.5\nc2;2024-01-06 14:30:00;7\n"
    path.write_bytes(text.encode("utf-8-sig"))
    res = read_transactions(path, verbose=False)
    assert res.encoding == "UTF-8 with BOM"
    assert list(res.data.columns) == ["customer_id", "date", "amount", "is_return"]
    assert res.data["date"].tolist() == [pd.Timestamp("2024-01-05"),
                                         pd.Timestamp("2024-01-06 14:30")]
    assert len(res.report) == 0
    plain = tmp_path / "plain.csv"
    plain.write_text("客户ID,日期,销售额\n1,2024-01-05,3\n", encoding="utf-8")
    assert read_transactions(plain, verbose=False).encoding == "UTF-8"


def test_xlsx_with_chinese_headers(tmp_path):
    path = tmp_path / "会员消费.xlsx"
    sheet = pd.DataFrame({
        "会员号": [1001, 1002, 1002, None],
        "订单日期": [pd.Timestamp("2024-02-01"), pd.Timestamp("2024-02-03"), 45325, "2024-02-09"],
        "实付金额": [99.9, "1,000", 20, 5],
        "门店": ["北京店", "上海店", "上海店", "北京店"],
    })
    with pd.ExcelWriter(path, engine="openpyxl") as xw:
        pd.DataFrame({"x": [1]}).to_excel(xw, sheet_name="说明", index=False)
        sheet.to_excel(xw, sheet_name="交易", index=False)
    res = read_transactions(path, sheet_name="交易", verbose=False)
    tx = res.data
    assert tx["customer_id"].tolist() == ["1001", "1002", "1002"]  # not "1001.0"
    # 45325 is the Excel serial number of 2024-02-03
    assert tx["date"].tolist() == [pd.Timestamp("2024-02-01"), pd.Timestamp("2024-02-03"),
                                   pd.Timestamp("2024-02-03")]
    assert tx["amount"].tolist() == [99.9, 1000.0, 20.0]
    assert tx["store_id"].tolist() == ["北京店", "上海店", "上海店"]
    found = issues(res)
    assert found["missing customer id"] == 1
    assert found["Excel serial day numbers as dates"] == 1
    assert found["amount written as text"] == 1
    auto = read_transactions(path, verbose=False)  # finds the sheet with the data itself
    pd.testing.assert_frame_equal(auto.data, tx)
    sheet_row = auto.decisions.set_index("decision").loc["sheet"]
    assert sheet_row["choice"] == "'交易'" and "'说明'" in sheet_row["evidence"]
    with pytest.raises(ValueError, match="could not find the required column"):
        read_transactions(path, sheet="说明", verbose=False)
    with pytest.raises(ValueError, match="sheet='销售' is not in 会员消费.xlsx; its sheets are"):
        read_transactions(path, sheet="销售", verbose=False)


def test_explicit_columns_mapping_and_custom_date_format(tmp_path):
    path = tmp_path / "raw.csv"
    path.write_text("买家,时间点,付款,备注\nA,05/03/2024,10,x\nB,06/03/2024,20,y\n",
                    encoding="utf-8")
    with pytest.raises(ValueError) as err:
        read_transactions(path, verbose=False)
    msg = str(err.value)
    assert "'customer_id' (accepted headers: customer_id" in msg and "客户编号" in msg
    assert "'date'" in msg and "'amount'" in msg
    assert "Columns found: '买家', '时间点', '付款', '备注'" in msg
    res = read_transactions(path, {"买家": "customer_id", "时间点": "date", "付款": "amount"},
                            date_format="%d/%m/%Y", verbose=False)
    assert res.data["date"].tolist() == [pd.Timestamp("2024-03-05"), pd.Timestamp("2024-03-06")]
    assert "备注" in res.data.columns
    with pytest.raises(ValueError, match="columns maps '客户', which is not a column"):
        read_transactions(path, {"客户": "customer_id"}, verbose=False)


def test_ambiguous_headers_raise():
    df = pd.DataFrame({"客户编号": [1], "会员号": [2], "日期": ["2024-01-01"], "金额": [1]})
    with pytest.raises(ValueError, match="several columns could be 'customer_id'"):
        read_transactions(df, verbose=False)
    res = read_transactions(df, {"会员号": "customer_id", "客户编号": "account"}, verbose=False)
    assert res.data["customer_id"].tolist() == [2]


def test_ambiguous_optional_headers_use_best_alias_and_report():
    df = pd.DataFrame({"客户编号": ["a"], "日期": ["2024-01-01"], "金额": [1],
                       "商品名称": ["阿莫西林"], "商品编号": ["P1"]})
    res = read_transactions(df, verbose=False)
    assert res.data["product"].tolist() == ["P1"]
    assert res.data["商品名称"].tolist() == ["阿莫西林"]
    note = res.report.iloc[0]
    assert note["issue"] == "several columns could be 'product': '商品编号', '商品名称'"
    assert note["rows"] == 0 and note["action"].startswith("used '商品编号'")


def test_dataframe_input_not_mutated_and_dtypes_kept():
    df = pd.DataFrame({"customer_id": [3, 1, 1], "date": pd.to_datetime(["2024-01-01"] * 3),
                       "amount": [5.0, 5.0, 5.0]})
    before = df.copy()
    res = read_transactions(df, verbose=False)
    pd.testing.assert_frame_equal(df, before)
    assert res.data["customer_id"].dtype == df["customer_id"].dtype
    # no receipt id proves the two identical lines are copies: kept and reported
    assert issues(res) == {"identical lines": 1} and len(res.data) == 3
    dropped = read_transactions(df, drop_duplicates=True, verbose=False)
    assert len(dropped.data) == 2 and issues(dropped) == {"exact duplicate row": 1}
    kept = read_transactions(df, drop_duplicates=False, verbose=False)
    assert len(kept.data) == 3 and kept.report["action"].tolist() == [
        "kept (drop_duplicates=False)"]
    with_receipt = read_transactions(df.assign(order_id=["r1", "r2", "r2"]), verbose=False)
    assert len(with_receipt.data) == 2
    assert with_receipt.report["action"].tolist() == ["dropped (same transaction_id)"]


def test_missing_dates_and_amounts_dropped():
    df = pd.DataFrame({"customer_id": ["a", "b", "c"], "date": ["2024-01-01", None, "2024-01-02"],
                       "amount": ["1", "2", None]})
    res = read_transactions(df, verbose=False)
    assert issues(res) == {"missing date": 1, "missing amount": 1}
    assert res.data["customer_id"].tolist() == ["a"]


def test_summary_printed_unpacking_and_repr(capsys):
    df = pd.DataFrame({"member_id": ["a", None], "order_date": ["2024-01-01", "2024-01-02"],
                       "revenue": [1.0, 2.0]})
    res = read_transactions(df)
    out = capsys.readouterr().out
    assert "Read 2 rows from DataFrame." in out
    assert "member_id -> customer_id" in out
    assert "- missing customer id: 1 row(s), dropped." in out
    assert "Kept 1 rows." in out
    data, report = res
    assert data is res.data and report is res.report
    assert "ReadResult(" in repr(res)
    read_transactions(df, verbose=False)
    assert capsys.readouterr().out == ""


def test_result_feeds_the_methods(tmp_path):
    path = tmp_path / "s.csv"
    path.write_bytes(GBK_CSV.encode("gbk"))
    tx = read_transactions(path, verbose=False).data
    s = summarize_transactions(tx).set_index("customer_id")
    assert s.loc["00123", "frequency"] == 1
    assert s.loc["00456", "frequency"] == 0   # 03-11 is a pure return day


def test_bad_inputs(tmp_path):
    with pytest.raises(TypeError, match="path_or_frame must be a file path"):
        read_transactions(42)
    with pytest.raises(FileNotFoundError, match="no such file"):
        read_transactions(tmp_path / "missing.csv")
    odd = tmp_path / "data.json"
    odd.write_text("{}")
    with pytest.raises(ValueError, match="expected a .csv"):
        read_transactions(odd)
    gbk = tmp_path / "g.csv"
    gbk.write_bytes(GBK_CSV.encode("gbk"))
    with pytest.raises(ValueError, match="could not decode g.csv with encoding='utf-8'"):
        read_transactions(gbk, encoding="utf-8")
    with pytest.raises(TypeError, match="columns must be a dict"):
        read_transactions(pd.DataFrame({"a": [1]}), ["a"])


def test_aliases_cover_the_documented_names():
    for name, std in [("客户ID", "customer_id"), ("Customer_ID", "customer_id"),
                      ("会员号", "customer_id"), ("交易日期", "date"), ("订单日期", "date"),
                      ("销售额", "amount"), ("实付金额", "amount"), ("数量", "quantity")]:
        res = read_transactions(pd.DataFrame({name: ["1"]}), required=(std,), verbose=False)
        assert std in res.data.columns, name


def test_every_alias_maps_to_exactly_its_standard_name():
    seen = {}
    for std, names in COLUMN_ALIASES.items():
        for name in names:
            key = name.lower().replace("_", "").replace(" ", "")
            assert seen.setdefault(key, std) == std, f"{name!r} is listed for two columns"
            res = read_transactions(pd.DataFrame({name.upper(): ["1"]}), required=(std,),
                                    verbose=False)
            assert std in res.data.columns, name


# ---------------------------------------------------------------------------
# decisions the reader must not guess (issue 11)
# ---------------------------------------------------------------------------
def decided(result: ReadResult) -> dict:
    return dict(zip(result.decisions["decision"], result.decisions["choice"], strict=True))


def test_utf16_without_bom_and_error_names_the_bom(tmp_path):
    text = "会员号\t日期\t金额\nA1\t2024-01-05\t12.5\nA2\t2024-01-06\t7\n"
    plain = tmp_path / "nobom.txt"
    plain.write_bytes(text.encode("utf-16-le"))
    res = read_transactions(plain, verbose=False)
    assert res.encoding == "UTF-16" and res.data["amount"].tolist() == [12.5, 7.0]
    bom = tmp_path / "bom.csv"
    bom.write_bytes(text.encode("utf-16"))
    with pytest.raises(ValueError, match="starts with the UTF-16 byte-order mark"):
        read_transactions(bom, encoding="utf-8", verbose=False)


def test_header_option_and_title_error_hint(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("销售报表\n买家,时间,付款\nA,2024-01-05,10\n", encoding="utf-8")
    with pytest.raises(ValueError, match="pass header=<row number, 0-based>"):
        read_transactions(path, verbose=False)
    res = read_transactions(path, {"买家": "customer_id", "时间": "date", "付款": "amount"},
                            verbose=False)
    assert decided(res)["header row"] == "line 2" and res.data["amount"].tolist() == [10.0]
    res = read_transactions(path, {"买家": "customer_id", "时间": "date", "付款": "amount"},
                            header=1, verbose=False)
    assert len(res.data) == 1 and res.n_read == 1
    with pytest.raises(ValueError, match="header must be <= 2"):
        read_transactions(path, header=5, verbose=False)


def test_date_order_evidence_options_and_conflicts():
    base = {"customer_id": ["a", "b"], "amount": [1.0, 2.0]}
    ambiguous = pd.DataFrame({**base, "date": ["05/02/2024", "03/04/2024"]})
    with pytest.raises(ValueError, match="dayfirst=True .05/02/2024 = 5 February"):
        read_transactions(ambiguous, verbose=False)
    day = read_transactions(ambiguous, dayfirst=True, verbose=False)
    assert day.data["date"].tolist() == [pd.Timestamp("2024-02-05"), pd.Timestamp("2024-04-03")]
    month = read_transactions(ambiguous, dayfirst=False, verbose=False)
    assert month.data["date"].tolist() == [pd.Timestamp("2024-05-02"),
                                           pd.Timestamp("2024-03-04")]
    assert decided(month)["date order"] == "month/day/year"
    mixed = pd.DataFrame({**base, "date": ["25/02/2024", "02/25/2024"]})
    with pytest.raises(ValueError, match="mixes day-first dates .e.g. '25/02/2024'"):
        read_transactions(mixed, verbose=False)
    forced = read_transactions(mixed, dayfirst=True, verbose=False)   # the misfit is reported
    assert len(forced.data) == 1
    assert issues(forced) == {"unparsable date": 1}
    ev = read_transactions(pd.DataFrame({**base, "date": ["13/01/2024", "05/02/2024"]}),
                           verbose=False)
    assert ev.data["date"].tolist() == [pd.Timestamp("2024-01-13"), pd.Timestamp("2024-02-05")]
    why = ev.decisions.set_index("decision").loc["date order", "evidence"]
    assert "first number above 12, e.g. '13/01/2024'" in why


def test_integer_serial_and_timezone_dates_in_a_dataframe():
    df = pd.DataFrame({"customer_id": ["a", "b", "c"], "date": [20240105, 45325, 202403],
                       "amount": [1.0, 2.0, 3.0]})
    res = read_transactions(df, verbose=False)
    assert res.data["date"].tolist() == [pd.Timestamp("2024-01-05"), pd.Timestamp("2024-02-03"),
                                         pd.Timestamp("2024-03-01")]
    assert issues(res) == {"dates written as numbers (20240105)": 1,
                           "Excel serial day numbers as dates": 1,
                           "months written as numbers (202401)": 1}
    tz = pd.DataFrame({"customer_id": ["a"], "amount": [1.0],
                       "date": pd.to_datetime(["2024-01-05 23:30"]).tz_localize("Asia/Shanghai")})
    res = read_transactions(tz, verbose=False)
    assert res.data["date"].tolist() == [pd.Timestamp("2024-01-05 23:30")]
    assert issues(res) == {"dates with a time zone": 1}
    with pytest.raises(ValueError, match="date order"):
        read_transactions(pd.DataFrame({"customer_id": ["a"], "amount": [1],
                                        "date": ["1/2/2024"]}), verbose=False)


def test_inf_amounts_and_decimal_option():
    df = pd.DataFrame({"customer_id": ["a", "b", "c"], "date": ["2024-01-05"] * 3,
                       "amount": [1.0, np.inf, -np.inf]})
    res = read_transactions(df, verbose=False)
    assert res.data["amount"].tolist() == [1.0] and issues(res) == {"unparsable amount": 2}
    text = pd.DataFrame({"customer_id": ["a", "b"], "date": ["2024-01-05"] * 2,
                         "amount": ["1.234", "inf"]})
    res = read_transactions(text, decimal=",", verbose=False)
    assert res.data["amount"].tolist() == [1234.0]
    assert decided(res)["decimal mark"] == "','"
    with pytest.raises(ValueError, match="decimal must be '.' or ','"):
        read_transactions(text, decimal="x", verbose=False)


def test_delimiter_ambiguous_or_given(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a;b,c\n1;2,3\n", encoding="utf-8")
    with pytest.raises(ValueError, match="cannot tell the delimiter"):
        read_transactions(path, verbose=False)
    res = read_transactions(path, {"a": "customer_id"}, sep=";", required=("customer_id",),
                            verbose=False)
    assert decided(res)["delimiter"] == "semicolon ';'"
    assert res.data.to_dict("list") == {"customer_id": ["1"], "b,c": ["2,3"]}


def test_repeated_index_ids_of_mixed_types_and_a_readresult_as_input():
    one = pd.DataFrame({"customer_id": [1, 2], "date": ["2024-01-05"] * 2, "amount": [1.0, 2.0]})
    two = pd.DataFrame({"customer_id": ["3", "01"], "date": ["2024-01-06"] * 2,
                        "amount": [3.0, 4.0]})
    both = pd.concat([one, two])          # index 0, 1, 0, 1
    res = read_transactions(both, verbose=False)
    assert res.data["customer_id"].tolist() == ["1", "2", "3", "01"]
    assert issues(res) == {"customer ids mixing numbers and text": 4}
    again = read_transactions(res, verbose=False)
    pd.testing.assert_frame_equal(again.data, res.data)
    ints = read_transactions(one, verbose=False)
    assert ints.data["customer_id"].tolist() == [1, 2]


def test_walk_in_options():
    df = pd.DataFrame({"customer_id": ["A", "散客", "000", "POS-0", "B"],
                       "date": ["2024-01-05"] * 5, "amount": [1.0, 2.0, 3.0, 4.0, 5.0]})
    res = read_transactions(df, verbose=False)
    assert res.data["customer_id"].tolist() == ["A", "POS-0", "B"]
    assert res.walk_ins["customer_id"].tolist() == ["散客", "000"]
    assert issues(res) == {"walk-in / placeholder id (000, 散客)": 2}
    kept = read_transactions(df, keep_walk_ins=True, verbose=False)
    assert len(kept.data) == 5 and len(kept.walk_ins) == 0
    assert kept.report["action"].iloc[0] == "kept (keep_walk_ins=True)"
    own = read_transactions(df, walk_in_ids=["pos-0"], verbose=False)
    assert own.data["customer_id"].tolist() == ["A", "B"]
    numbers = read_transactions(df.assign(customer_id=[0, 1, 2, 3, 4]), verbose=False)
    assert numbers.data["customer_id"].tolist() == [0, 1, 2, 3, 4]   # 0 is a real id here


def test_layout_option_and_pharma_month_text():
    df = pd.DataFrame({"医院编码": ["H1", "H1"], "医生编码": ["D1", "D2"],
                       "月份": ["2024年1月", "2024-02"], "销量": ["10", "5"]})
    res = read_transactions(df, verbose=False)
    assert decided(res)["layout"] == "pharma"
    assert res.data["customer_id"].tolist() == ["D1", "D2"]
    assert res.data["amount"].tolist() == [10.0, 5.0]
    assert res.data["date"].tolist() == [pd.Timestamp("2024-01-01"), pd.Timestamp("2024-02-01")]
    with pytest.raises(ValueError, match="could not find the required column.*'amount'"):
        read_transactions(df, layout="retail", verbose=False)
    with pytest.raises(ValueError, match="layout must be one of"):
        read_transactions(df, layout="hospital", verbose=False)


def test_amount_unit_option(tmp_path):
    df = pd.DataFrame({"客户": ["a"], "日期": ["2024-01-05"], "金额（万元）": ["1.5"]})
    assert read_transactions(df, verbose=False).data["amount"].tolist() == [15000.0]
    assert read_transactions(df, amount_unit="元", verbose=False).data["amount"].tolist() == [1.5]
    wan = pd.DataFrame({"客户": ["a"], "日期": ["2024-01-05"], "金额": ["1.2万"]})
    res = read_transactions(wan, verbose=False)
    assert res.data["amount"].tolist() == [12000.0] and issues(res)["amount written in 万"] == 1
    with pytest.raises(ValueError, match="amount_unit must be"):
        read_transactions(df, amount_unit="kilo", verbose=False)


def test_dataframe_read_with_a_title_row_finds_its_header(tmp_path):
    path = tmp_path / "title.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as xw:
        pd.DataFrame([["会员号", "日期", "金额"], ["A1", "2024-01-05", 12.5],
                      ["A2", "2024-01-06", 3]]).to_excel(xw, index=False, header=False,
                                                        startrow=1)
    naive = pd.read_excel(path)          # the title row is empty: pandas takes it as header
    res = read_transactions(naive, verbose=False)
    assert res.data["amount"].tolist() == [12.5, 3.0] and res.n_read == 2
    assert decided(res)["header row"] == "row 1 of the table"
    plain = pd.DataFrame({"x": ["客户编号", "a"], "y": ["日期", "2024-01-05"], "z": ["金额", "1"]})
    assert read_transactions(plain, header=1, verbose=False).data["amount"].tolist() == [1.0]
