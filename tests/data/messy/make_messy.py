"""Generate the messy export files in this folder and their expected results.

Run ``python tests/data/messy/make_messy.py`` to rebuild them. Every file is made
from a known list of true transactions (``TRUE``) written the way a real POS or
ERP export writes it (GBK, semicolons and decimal commas, title lines, 合计 rows,
walk-in ids ...). ``expected.json`` holds, per file, the reader options, the true
number of member rows, customers and net total (computed from ``TRUE``, not from
the reader), the report lines that must appear and the decisions the reader must
state, or the error it must raise when the file is ambiguous.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd

HERE = Path(__file__).parent

# true member transactions: (id, date, amount, quantity)
TRUE = [
    ("00123", date(2024, 1, 5), 1234.50, 2),
    ("00123", date(2024, 2, 11), 88.00, 1),
    ("00123", date(2024, 3, 2), -45.00, -1),
    ("00456", date(2024, 1, 6), 12.50, 1),
    ("00456", date(2024, 1, 25), 300.00, 3),
    ("00456", date(2024, 3, 9), 76.25, 1),
    ("00789", date(2024, 2, 2), 2045.10, 5),
    ("00789", date(2024, 2, 28), 19.90, 1),
    ("01010", date(2024, 1, 13), 560.00, 2),
    ("01010", date(2024, 3, 18), 33.30, 1),
]
WALK_INS = [("散客", date(2024, 1, 9), 18.00, 1), ("非会员", date(2024, 2, 3), 25.50, 1),
            ("0000000", date(2024, 3, 1), 9.90, 1)]


def _truth(rows):
    by = {}
    for r in rows:
        by[r[0]] = round(by.get(r[0], 0.0) + r[2], 2)
    return {"rows": len(rows), "customers": len(by), "total": round(sum(r[2] for r in rows), 2),
            "by_customer": by}


def yuan(a):
    text = f"￥{abs(a):,.2f}"
    return f"({text[1:]})" if a < 0 else text


def eu(a):
    text = f"{a:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return text


def fullwidth(text):
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in str(text))


def _csv(lines, sep=","):
    return "\n".join(sep.join(str(c) for c in row) for row in lines) + "\n"


CASES: dict[str, dict] = {}


def case(name, *, read=None, truth=None, report=None, decisions=None, error=None, walk_ins=0):
    def deco(fn):
        CASES[name] = {"make": fn, "read": read or {}, "truth": truth, "report": report or {},
                       "decisions": decisions or {}, "error": error, "walk_ins": walk_ins}
        return fn
    return deco


@case("01_gbk_pos_walkins.csv", truth=_truth(TRUE), walk_ins=3,
      report={"walk-in / placeholder id (0000000, 散客, 非会员)": 3, "blank row": 2,
              "total/subtotal row (合计, 小计)": 1, "negative amount (return)": 1,
              "customer id with spaces, tabs, quotes or full-width characters": 13},
      decisions={"encoding": "GBK", "delimiter": "comma ','"})
def _gbk(path):
    rows = [("会员卡号", "消费日期", "实收金额", "数量")]
    body = TRUE[:5] + WALK_INS + TRUE[5:]
    for i, (c, d, a, q) in enumerate(body):
        rows.append((f"\t{c}", d.strftime("%Y/%m/%d") if i % 2 else d.isoformat(),
                     f'"{yuan(a)}"', q))
        if i == 4:
            rows.append(("", "", "", ""))
    rows.append(("", "", "", ""))
    rows.append(("合计", "", f'"{yuan(sum(r[2] for r in body))}"', sum(r[3] for r in body)))
    path.write_bytes(_csv(rows).encode("gbk"))


@case("02_semicolon_decimal_comma.csv", truth=_truth(TRUE),
      decisions={"delimiter": "semicolon ';'", "decimal mark": "','",
                 "date order": "day/month/year"},
      report={"amount written as text": 10})
def _semi(path):
    rows = [("customer_id", "date", "amount")]
    rows += [(c, d.strftime("%d.%m.%Y"), eu(a)) for c, d, a, _ in TRUE]
    path.write_text(_csv(rows, ";"), encoding="utf-8")


def _ambiguous_rows():
    return [r for r in TRUE if r[1].day <= 12]


@case("03_ambiguous_dates.csv", error="cannot tell the date order")
def _ambig(path):
    rows = [("客户编号", "日期", "金额")]
    rows += [(c, d.strftime("%d/%m/%Y"), a) for c, d, a, _ in _ambiguous_rows()]
    path.write_text(_csv(rows), encoding="utf-8")


@case("03b_ambiguous_dates_dayfirst.csv", read={"dayfirst": True},
      truth=_truth(_ambiguous_rows()), decisions={"date order": "day/month/year"})
def _ambig2(path):
    _ambig(path)


@case("04_dayfirst_evidence.csv", truth=_truth(TRUE), decisions={"date order": "day/month/year"})
def _dayfirst(path):
    rows = [("客户编号", "日期", "金额")]
    rows += [(c, d.strftime("%d/%m/%Y"), a) for c, d, a, _ in TRUE]
    path.write_text(_csv(rows), encoding="utf-8")


@case("05_monthfirst_evidence.csv", truth=_truth(TRUE),
      decisions={"date order": "month/day/year"})
def _monthfirst(path):
    rows = [("Customer ID", "Order Date", "Sales")]
    rows += [(c, d.strftime("%m/%d/%Y"), a) for c, d, a, _ in TRUE]
    path.write_text(_csv(rows), encoding="utf-8")


@case("06_title_lines.csv", truth=_truth(TRUE), decisions={"header row": "line 3"})
def _title(path):
    rows = [("2024年第一季度 会员销售明细",), ("导出时间: 2024-04-01 09:00", "", ""),
            ("会员号", "交易日期", "金额")]
    rows += [(c, d.isoformat(), a) for c, d, a, _ in TRUE]
    path.write_bytes(_csv(rows).encode("utf-8-sig"))


@case("07_utf16_tab.txt", truth=_truth(TRUE),
      decisions={"encoding": "UTF-16", "delimiter": "tab"})
def _utf16(path):
    rows = [("会员号", "交易日期", "实付金额")]
    rows += [(c, d.isoformat(), f"{a:.2f}") for c, d, a, _ in TRUE]
    path.write_bytes(_csv(rows, "\t").encode("utf-16"))


def _frame(rows=TRUE):
    return pd.DataFrame({"会员号": [r[0] for r in rows],
                         "交易日期": [pd.Timestamp(r[1]) for r in rows],
                         "实付金额": [r[2] for r in rows], "数量": [r[3] for r in rows]})


@case("08_second_sheet.xlsx", truth=_truth(TRUE), decisions={"sheet": "'明细'"})
def _sheet2(path):
    with pd.ExcelWriter(path, engine="openpyxl") as xw:
        pd.DataFrame({"说明": ["本文件由系统导出", "第二页是明细"]}).to_excel(
            xw, sheet_name="封面", index=False)
        _frame().to_excel(xw, sheet_name="明细", index=False)


@case("09_merged_title.xlsx", truth=_truth(TRUE), decisions={"header row": "row 3"})
def _merged(path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "销售"
    ws.append(["XX药房连锁 2024年一季度会员消费明细"])
    ws.merge_cells("A1:D1")
    ws.append([])
    ws.append(["会员号", "交易日期", "实付金额", "数量"])
    for c, d, a, q in TRUE:
        ws.append([c, d, a, q])
    wb.save(path)


@case("10_fullwidth_digits.csv", truth=_truth(TRUE),
      report={"amount written as text": 10})
def _fullwidth(path):
    rows = [("会员号", "交易日期", "金额")]
    rows += [(fullwidth(c), d.isoformat(), fullwidth(f"{a:.2f}")) for c, d, a, _ in TRUE]
    path.write_bytes(_csv(rows).encode("gbk"))


@case("11_subtotal_rows.csv", truth=_truth(TRUE),
      report={"total/subtotal row (合计, 小计)": 4})
def _subtotals(path):
    rows = [("客户编号", "日期", "金额")]
    for month in (1, 2, 3):
        part = [r for r in TRUE if r[1].month == month]
        rows += [(c, d.isoformat(), a) for c, d, a, _ in part]
        rows.append((f"{month}月小计", "", round(sum(r[2] for r in part), 2)))
    rows.append(("总计", "", round(sum(r[2] for r in TRUE), 2)))
    path.write_text(_csv(rows), encoding="utf-8")


@case("12_amount_in_wan.csv", truth=_truth(TRUE), decisions={"amount unit": "万元 (x 10,000)"})
def _wan(path):
    rows = [("客户编号", "日期", "金额(万元)")]
    rows += [(c, d.isoformat(), f"{a / 10000:.6f}") for c, d, a, _ in TRUE]
    path.write_text(_csv(rows), encoding="utf-8")


@case("13_negative_qty_returns.csv", truth=_truth(TRUE),
      report={"return written as a negative quantity with a positive amount": 1,
              "negative amount (return)": 1})
def _negqty(path):
    rows = [("会员号", "日期", "金额", "数量")]
    rows += [(c, d.isoformat(), abs(a), q) for c, d, a, q in TRUE]
    path.write_text(_csv(rows), encoding="utf-8")


@case("14_ids_spaces_quotes.csv", truth=_truth(TRUE),
      report={"customer id with spaces, tabs, quotes or full-width characters": 10})
def _ids(path):
    rows = [("会员号", "日期", "金额")]
    forms = ["{} ", " {}", '="{}"', "'{}", "{}\t"]
    rows += [(forms[i % len(forms)].format(c), d.isoformat(), a)
             for i, (c, d, a, _) in enumerate(TRUE)]
    path.write_text(_csv(rows), encoding="utf-8")


@case("15_excel_dates_as_text.csv", truth=_truth(TRUE),
      report={"Excel serial day numbers as dates": 5, "dates written as numbers (20240105)": 5})
def _serial(path):
    rows = [("会员号", "日期", "金额")]
    for i, (c, d, a, _) in enumerate(TRUE):
        serial = (pd.Timestamp(d) - pd.Timestamp("1899-12-30")).days
        rows.append((c, serial if i % 2 else d.strftime("%Y%m%d"), a))
    path.write_text(_csv(rows), encoding="utf-8")


@case("16_identical_lines_no_receipt.csv", truth=_truth(TRUE + [TRUE[1]]),
      report={"identical lines": 1})
def _dups_kept(path):
    rows = [("会员号", "日期", "金额")]
    rows += [(c, d.isoformat(), a) for c, d, a, _ in TRUE + [TRUE[1]]]
    path.write_text(_csv(rows), encoding="utf-8")


@case("17_duplicates_with_receipt.csv", truth=_truth(TRUE),
      report={"exact duplicate row": 2})
def _dups_dropped(path):
    rows = [("小票号", "会员号", "日期", "金额")]
    rows += [(f"R{i:04d}", c, d.isoformat(), a) for i, (c, d, a, _) in enumerate(TRUE)]
    rows += [rows[2], rows[5]]
    path.write_text(_csv(rows), encoding="utf-8")


PHARMA = [("H01", "D001", "2024年1月", "阿莫西林", 120, 3600.0),
          ("H01", "D001", "2024年2月", "阿莫西林", 80, 2400.0),
          ("H01", "D002", "2024年1月", "头孢克肟", 40, 2000.0),
          ("H02", "D003", "2024年1月", "阿莫西林", 15, 450.0),
          ("H02", "D003", "2024年3月", "头孢克肟", 60, 3000.0),
          ("H02", "D004", "2024年2月", "阿莫西林", 200, 6000.0)]


@case("18_pharma_doctor_month.csv",
      truth={"rows": 6, "customers": 4, "total": 17450.0},
      report={"month-only dates (2024年1月, 2024-01)": 6},
      decisions={"layout": "pharma"})
def _pharma(path):
    rows = [("医院编码", "医生编码", "年月", "产品", "销量", "金额")] + [list(r) for r in PHARMA]
    path.write_bytes(_csv(rows).encode("gbk"))


@case("19_pharma_hospital_units.xlsx",
      truth={"rows": 6, "customers": 2, "total": 515.0},
      decisions={"layout": "pharma", "customer": "hospital", "amount": "units"})
def _pharma_units(path):
    df = pd.DataFrame({"医院编码": [r[0] for r in PHARMA],
                       "月份": [r[2].replace("年", "-").replace("月", "").replace("-1", "-01")
                              .replace("-2", "-02").replace("-3", "-03") for r in PHARMA],
                       "产品": [r[3] for r in PHARMA], "销量(盒)": [r[4] for r in PHARMA]})
    df.to_excel(path, index=False, sheet_name="终端销量")


def _many():
    rows = []
    for k in range(25):
        for j in range(1 + k % 3):
            rows.append((f"M{k:03d}", date(2024, 1 + j, 1 + k), 10.0 + k + j, 1))
    return rows


@case("20_one_id_implausible_share.csv", truth=_truth(_many()), walk_ins=60,
      report={"walk-in / placeholder id (8888888)": 60})
def _heavy(path):
    rows = [("会员号", "日期", "金额")]
    rows += [(c, d.isoformat(), a) for c, d, a, _ in _many()]
    rows += [("8888888", date(2024, 1 + i % 3, 1 + i % 28).isoformat(), 5.0 + i)
             for i in range(60)]
    path.write_text(_csv(rows), encoding="utf-8")


@case("21_mixed_decimal_marks.csv", error="numbers use both decimal marks")
def _mixed_marks(path):
    rows = [("客户编号", "日期", "金额"), ("a", "2024-01-05", '"1,234.50"'),
            ("b", "2024-01-06", '"1.234,50"')]
    path.write_text(_csv(rows), encoding="utf-8")


@case("22_pipe_delimited.txt", truth=_truth(TRUE), decisions={"delimiter": "bar '|'"})
def _pipe(path):
    rows = [("客户编号", "日期", "金额")]
    rows += [(c, f"{d.year}/{d.month}/{d.day}", a) for c, d, a, _ in TRUE]
    path.write_text(_csv(rows, "|"), encoding="utf-8")


@case("23_four_date_formats.csv", truth=_truth(TRUE))
def _fourdates(path):
    fmts = [lambda d: d.isoformat(), lambda d: f"{d.year}/{d.month}/{d.day}",
            lambda d: f"{d.year}年{d.month}月{d.day}日", lambda d: d.strftime("%Y%m%d")]
    rows = [("会员号", "消费时间", "金额")]
    rows += [(c, fmts[i % 4](d) + (" 14:05:00" if i % 4 == 0 else ""), a)
             for i, (c, d, a, _) in enumerate(TRUE)]
    path.write_text(_csv(rows), encoding="utf-8")


@case("24_semicolon_thousands_ambiguous.csv", error="cannot tell the decimal mark")
def _semi_ambig(path):
    rows = [("customer_id", "date", "amount"), ("a", "2024-01-05", "1.234"),
            ("b", "2024-01-06", "2.500")]
    path.write_text(_csv(rows, ";"), encoding="utf-8")


@case("25_english_guest_ids.csv", truth=_truth(TRUE), walk_ins=2,
      report={"walk-in / placeholder id (Guest, WALK-IN)": 2})
def _guest(path):
    rows = [("Customer ID", "Date", "Amount")]
    rows += [(c, d.isoformat(), a) for c, d, a, _ in TRUE]
    rows += [("Guest", "2024-01-02", 5), ("WALK-IN", "2024-01-03", 7)]
    path.write_bytes(_csv(rows).encode("utf-8-sig"))


@case("26_title_and_tab_gbk.csv", truth=_truth(TRUE),
      decisions={"header row": "line 2", "delimiter": "tab", "encoding": "GBK"})
def _title_tab(path):
    rows = [("门店销售流水  2024-01-01 至 2024-03-31",), ("顾客编号", "销售日期", "销售金额")]
    rows += [(c, d.isoformat(), f"{a:,.2f}") for c, d, a, _ in TRUE]
    path.write_bytes(_csv(rows, "\t").encode("gbk"))


def build(folder: Path = HERE) -> dict:
    """Write every file into ``folder`` and return the expectations (also written as JSON)."""
    folder = Path(folder)
    expected = {}
    for name, spec in CASES.items():
        spec["make"](folder / name)
        expected[name] = {k: v for k, v in spec.items() if k != "make"}
    (folder / "expected.json").write_text(
        json.dumps(expected, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
        encoding="utf-8")
    return expected


if __name__ == "__main__":
    print(f"wrote {len(build())} files to {HERE}")
