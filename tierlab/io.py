"""Bring your own data: read a transaction file and say what was fixed.

:func:`read_transactions` reads a CSV (UTF-8, UTF-8 with BOM, or GBK as saved
by Chinese Excel), an Excel workbook or a DataFrame, recognises common
Chinese and English column headers, cleans dates and amounts, and returns a
:class:`ReadResult`: the clean table (``.data``) and a report of every row it
dropped or changed (``.report``)::

    result = tierlab.read_transactions("销售明细.csv")
    result.report            # what was dropped or fixed, and why
    tx = result.data         # customer_id, date, amount, ... ready for the methods
    tx, report = tierlab.read_transactions("sales.xlsx")   # unpacking also works

Nothing is dropped silently: every removed or altered row is counted in the
report, and a one-paragraph summary is printed unless ``verbose=False``.
"""

from __future__ import annotations

import csv
import io as _io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["read_transactions", "ReadResult", "COLUMN_ALIASES"]

#: Standard column name -> header names recognised automatically (case, spaces,
#: underscores and hyphens are ignored when matching).
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "customer_id": (
        "customer_id", "customer", "customerid", "customer id", "cust_id", "client_id",
        "client", "member_id", "member", "member id", "user_id", "buyer_id", "account_id",
        "doctor_id", "hcp_id",
        "客户id", "客户编号", "客户编码", "客户代码", "客户号", "客户",
        "会员号", "会员id", "会员编号", "会员卡号", "会员", "顾客id", "顾客编号", "用户id",
        "用户编号", "医生id", "医生编号", "医生编码",
    ),
    "date": (
        "date", "order_date", "transaction_date", "purchase_date", "invoice_date",
        "invoicedate", "sale_date", "datetime", "timestamp", "order_time",
        "日期", "交易日期", "订单日期", "购买日期", "销售日期", "下单日期", "消费日期",
        "下单时间", "交易时间", "支付时间", "付款时间", "购买时间", "消费时间",
    ),
    "amount": (
        "amount", "sales", "revenue", "value", "net_amount", "order_amount", "spend",
        "total", "sales_amount", "monetary",
        "金额", "销售额", "销售金额", "实付金额", "实收金额", "交易金额", "订单金额",
        "消费金额", "支付金额", "付款金额", "成交金额", "营业额", "收入",
    ),
    "quantity": ("quantity", "qty", "units", "数量", "销量", "件数", "购买数量", "销售数量"),
    "transaction_id": (
        "transaction_id", "order_id", "order_no", "invoice", "invoice_no", "invoiceno",
        "receipt_id", "订单号", "订单编号", "交易编号", "交易号", "流水号", "单号", "小票号",
    ),
    "product": (
        "product_id", "product", "sku", "product_name", "item", "商品编号", "产品编号",
        "商品", "产品", "商品名称", "产品名称", "品名", "药品", "药品名称",
    ),
    "store_id": ("store_id", "store", "shop_id", "shop", "门店编号", "门店", "门店名称",
                 "店铺", "店铺名称"),
    "channel": ("channel", "渠道", "销售渠道", "购买渠道"),
    "category": ("category", "品类", "类别", "商品类别", "产品类别", "分类"),
}

_CURRENCY = re.compile(r"[¥￥$€£,，\s]|元|RMB|CNY|rmb|cny")
_REPORT_COLUMNS = ["issue", "rows", "action", "example"]


def _norm(name) -> str:
    return re.sub(r"[\s_\-\u3000]+", "", str(name).replace("\ufeff", "")).lower()


_ALIAS_LOOKUP = {_norm(a): std for std, names in COLUMN_ALIASES.items() for a in names}


@dataclass(frozen=True)
class ReadResult:
    """The outcome of :func:`read_transactions`.

    Attributes
    ----------
    data : pandas.DataFrame
        The clean transactions, with standard column names.
    report : pandas.DataFrame
        One row per problem found: ``issue``, ``rows`` (how many), ``action``
        (dropped / converted / kept and flagged) and an ``example`` value.
        Empty when the file was clean.
    columns : dict
        Original header -> standard name, for every renamed column.
    source : str
        The file name (or ``"DataFrame"``).
    encoding : str or None
        The text encoding used for a CSV file.
    n_read : int
        Rows read before cleaning.

    Notes
    -----
    ``data, report = result`` unpacks the two tables.
    """

    data: pd.DataFrame
    report: pd.DataFrame
    columns: dict = field(default_factory=dict)
    source: str = "DataFrame"
    encoding: str | None = None
    n_read: int = 0

    def __iter__(self):
        yield self.data
        yield self.report

    def summary(self) -> str:
        """A short plain-language account of what was read and changed."""
        enc = f", encoding {self.encoding}" if self.encoding else ""
        lines = [f"Read {self.n_read:,} rows from {self.source}{enc}."]
        if self.columns:
            renamed = ", ".join(f"{k!s} -> {v}" for k, v in self.columns.items() if k != v)
            if renamed:
                lines.append(f"Columns: {renamed}.")
        if len(self.report):
            for _, r in self.report.iterrows():
                rows = f" {r['rows']:,} row(s)," if r["rows"] else ""
                lines.append(f"- {r['issue']}:{rows} {r['action']}.")
        else:
            lines.append("No problems found.")
        lines.append(f"Kept {len(self.data):,} rows.")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"ReadResult(\n{self.summary()}\n)"


# ---------------------------------------------------------------------------
# reading
# ---------------------------------------------------------------------------
def _read_csv(path: Path, encoding, date_format) -> tuple[pd.DataFrame, str]:
    raw = path.read_bytes()
    if encoding is None:
        for enc, label in (("utf-8-sig", "UTF-8"), ("gb18030", "GBK")):
            try:
                text = raw.decode(enc)
                used = label
                break
            except UnicodeDecodeError:
                continue
        else:  # pragma: no cover - gb18030 decodes any byte sequence it can map
            raise ValueError(
                f"could not decode {path.name} as UTF-8 or GBK; pass encoding='...'."
            )
        if used == "UTF-8" and raw.startswith(b"\xef\xbb\xbf"):
            used = "UTF-8 with BOM"
    else:
        try:
            text = raw.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise ValueError(f"could not decode {path.name} with encoding={encoding!r}: "
                             f"{exc}. Leave encoding=None to detect UTF-8/GBK.") from exc
        used = encoding
    sample = text[:20000]
    try:
        sep = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        sep = ","
    df = pd.read_csv(_io.StringIO(text), sep=sep, dtype=str, skipinitialspace=True)
    return df, used


def _load(path_or_frame, sheet_name, encoding, date_format):
    if isinstance(path_or_frame, pd.DataFrame):
        return path_or_frame.copy(), "DataFrame", None, False
    if not isinstance(path_or_frame, (str, Path)):
        raise TypeError(
            "path_or_frame must be a file path (str or Path) or a pandas DataFrame, "
            f"got {type(path_or_frame).__name__}."
        )
    path = Path(path_or_frame)
    if not path.exists():
        raise FileNotFoundError(f"no such file: {path}")
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt", ".tsv"):
        df, used = _read_csv(path, encoding, date_format)
        return df, path.name, used, True
    if suffix in (".xlsx", ".xlsm", ".xls"):
        df = pd.read_excel(path, sheet_name=sheet_name, dtype=object)
        if isinstance(df, dict):
            raise ValueError("sheet_name must name one sheet (e.g. 0 or '销售'), not a list.")
        return df, path.name, None, True
    raise ValueError(
        f"cannot read {path.name!r}: expected a .csv, .txt, .tsv, .xlsx or .xls file."
    )


def _map_columns(df: pd.DataFrame, columns, required) -> tuple[dict, list]:
    """Return ({original: new}, notes); raise if required columns are missing or ambiguous."""
    mapping: dict = {}
    if columns is not None:
        if not isinstance(columns, Mapping):
            raise TypeError("columns must be a dict {your column: standard name}, e.g. "
                            "{'客户编号': 'customer_id'}, got " f"{type(columns).__name__}.")
        for src, dst in columns.items():
            if src not in df.columns:
                raise ValueError(f"columns maps {src!r}, which is not a column of the file. "
                                 f"Columns found: {', '.join(map(repr, df.columns))}.")
            mapping[src] = dst
    taken = set(mapping.values())
    found: dict[str, list] = {}
    for col in df.columns:
        if col in mapping:
            continue
        std = _ALIAS_LOOKUP.get(_norm(col))
        if std is not None and std not in taken:
            found.setdefault(std, []).append(col)
    notes = []
    for std, cols in found.items():
        if len(cols) > 1 and std in required:
            raise ValueError(
                f"several columns could be {std!r}: {', '.join(map(repr, cols))}. "
                f"Say which one, e.g. columns={{{cols[0]!r}: {std!r}}}."
            )
        if len(cols) > 1:  # optional column: take the best-ranked alias, keep the rest
            rank = {_norm(a): i for i, a in enumerate(COLUMN_ALIASES[std])}
            cols = sorted(cols, key=lambda c: rank[_norm(c)])
            notes.append({"issue": f"several columns could be {std!r}: "
                                   f"{', '.join(map(repr, cols))}",
                          "rows": 0, "action": f"used {cols[0]!r}, kept the others as they are",
                          "example": ""})
        mapping[cols[0]] = std
    present = set(mapping.values()) | (set(df.columns) - set(mapping))
    missing = [r for r in required if r not in present]
    if missing:
        parts = [f"'{m}' (accepted headers: {', '.join(COLUMN_ALIASES.get(m, (m,)))})"
                 for m in missing]
        raise ValueError(
            "read_transactions could not find the required column(s) "
            + "; ".join(parts)
            + f". Columns found: {', '.join(map(repr, df.columns))}. "
            + "Rename them with columns={'your header': 'standard name'}, e.g. "
            + "columns={'客户编号': 'customer_id', '日期': 'date', '金额': 'amount'}."
        )
    return mapping, notes


# ---------------------------------------------------------------------------
# cleaning
# ---------------------------------------------------------------------------
def _clean_ids(s: pd.Series, from_file: bool) -> pd.Series:
    if not from_file and s.dtype != object and not pd.api.types.is_string_dtype(s):
        return s

    def fix(v):
        if v is None or (isinstance(v, float) and np.isnan(v)):
            return None
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        text = str(v).strip()
        return text or None

    return s.map(fix).astype(object)


def _parse_dates(s: pd.Series, date_format) -> tuple[pd.Series, int]:
    """Parse dates; return (parsed, n_converted_from_excel_serials)."""
    if pd.api.types.is_datetime64_any_dtype(s):
        return s, 0
    if date_format is not None:
        return pd.to_datetime(s, format=date_format, errors="coerce"), 0
    out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns]")
    is_dt = s.map(lambda v: isinstance(v, (pd.Timestamp, np.datetime64))
                  or hasattr(v, "year")).astype(bool)
    if is_dt.any():
        out[is_dt] = pd.to_datetime(s[is_dt], errors="coerce")
    rest = s[~is_dt & s.notna()]
    n_serial = 0
    if len(rest):
        num = pd.to_numeric(rest, errors="coerce")
        serial = num.between(20000, 80000) & (num.round() == num)
        if serial.any():
            out[serial[serial].index] = (pd.Timestamp("1899-12-30")
                                         + pd.to_timedelta(num[serial], unit="D"))
            n_serial = int(serial.sum())
            rest = rest[~serial]
        text = (rest.astype(str).str.strip()
                .str.replace(r"[年月/.]", "-", regex=True).str.replace("日", "", regex=False))
        best = None
        for fmt in ("%Y-%m-%d", "%Y%m%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "ISO8601"):
            parsed = pd.to_datetime(text, format=fmt, errors="coerce")
            if best is None or parsed.notna().sum() > best.notna().sum():
                best = parsed
            if best.notna().all():
                break
        if best.isna().any():
            left = best.isna()
            best[left] = pd.to_datetime(text[left], format="mixed", errors="coerce")
        out[rest.index] = best
    return out, n_serial


def _parse_numbers(s: pd.Series) -> tuple[pd.Series, int]:
    """Coerce to float; return (numbers, rows whose text had to be cleaned)."""
    if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
        return s.astype(float), 0
    text = s.map(lambda v: v if v is None or isinstance(v, str) else repr(v)
                 if isinstance(v, float) else str(v))
    plain = pd.to_numeric(text, errors="coerce")
    cleaned = text.str.replace(_CURRENCY, "", regex=True)
    cleaned = cleaned.str.replace(r"^\((.*)\)$", r"-\1", regex=True)  # (12.00) -> -12.00
    nums = pd.to_numeric(cleaned, errors="coerce")
    fixed = int((plain.isna() & nums.notna()).sum())
    return nums.astype(float), fixed


def _example(values) -> str:
    values = list(values)
    return "" if not values else repr(values[0])


def read_transactions(path_or_frame, columns=None, *, date_format=None, encoding=None,
                      sheet_name=0, required=("customer_id", "date", "amount"),
                      drop_duplicates=True, verbose=True) -> ReadResult:
    """Read and clean a transaction table from CSV, Excel or a DataFrame.

    Parameters
    ----------
    path_or_frame : str, pathlib.Path or pandas.DataFrame
        A ``.csv``/``.txt``/``.tsv`` file, an Excel ``.xlsx`` file, or a table
        already in memory (it is copied, never changed).
    columns : dict, optional
        Your header -> standard name, e.g.
        ``{"客户编号": "customer_id", "日期": "date", "金额": "amount"}``. Headers
        not given here are matched against :data:`COLUMN_ALIASES` (Chinese and
        English, ignoring case, spaces and underscores); other columns are kept
        unchanged.
    date_format : str, optional
        strftime format of the date column (e.g. ``"%d/%m/%Y"``). Default: try
        ``2024-03-05``, ``2024/3/5``, ``2024年3月5日``, ``20240305``, with or
        without a time, and Excel serial day numbers.
    encoding : str, optional
        Text encoding of a CSV file. Default: try UTF-8 (with or without BOM),
        then GBK/GB18030.
    sheet_name : int or str, default 0
        Excel sheet to read.
    required : sequence of str, default ("customer_id", "date", "amount")
        Standard columns that must be found; ``"date"`` and ``"amount"`` are
        parsed when present.
    drop_duplicates : bool, default True
        Drop rows that are exact copies of an earlier row (all columns equal).
        Set to False when two identical lines can be genuine purchases.
    verbose : bool, default True
        Print :meth:`ReadResult.summary`.

    Returns
    -------
    ReadResult
        ``.data`` (clean DataFrame, original row order, new index), ``.report``
        (issue, rows, action, example) and ``.columns`` (the renaming).

    Notes
    -----
    What happens to problem rows:

    * missing customer id, missing or unparsable date, missing or unparsable
      amount: the row is **dropped** (counted, with an example value);
    * amounts written as text (``"¥1,234.50"``, ``"1，200元"``, ``"(12.00)"``):
      **converted** to numbers (counted);
    * negative amounts: **kept** as returns and flagged in an ``is_return``
      column (added when the file has none);
    * exact duplicate rows: **dropped** (counted) unless ``drop_duplicates=False``;
    * a ``quantity`` that cannot be read becomes missing (counted).

    Customer ids read from a file are kept as text, so ``00123`` keeps its
    leading zeros; ids of a DataFrame keep their dtype.

    Examples
    --------
    >>> import pandas as pd
    >>> raw = pd.DataFrame({"会员号": ["A1", None, "A2"], "交易日期": ["2024年3月5日"] * 3,
    ...                     "实付金额": ["¥1,200", "30", "-15"]})
    >>> tx, report = read_transactions(raw, verbose=False)
    >>> tx
      customer_id       date  amount  is_return
    0          A1 2024-03-05  1200.0      False
    1          A2 2024-03-05   -15.0       True
    >>> report[["issue", "rows"]]
                          issue  rows
    0       missing customer id     1
    1    amount written as text     1
    2  negative amount (return)     1
    """
    df, source, used_encoding, from_file = _load(path_or_frame, sheet_name, encoding,
                                                 date_format)
    n_read = len(df)
    df.columns = [str(c).replace("\ufeff", "").strip() for c in df.columns]
    mapping, issues = _map_columns(df, columns, tuple(required))
    df = df.rename(columns=mapping)

    def add(issue, rows, action, example=""):
        if rows:
            issues.append({"issue": issue, "rows": int(rows), "action": action,
                           "example": example})

    def drop(mask, issue, example_values):
        nonlocal df
        n = int(mask.sum())
        add(issue, n, "dropped", _example(example_values))
        if n:
            df = df.loc[~mask]

    if "customer_id" in df.columns:
        ids = _clean_ids(df["customer_id"], from_file)
        df = df.assign(customer_id=ids)
        drop(ids.isna(), "missing customer id", [])

    if "date" in df.columns:
        raw = df["date"]
        parsed, n_serial = _parse_dates(raw, date_format)
        missing = raw.isna() | raw.astype(str).str.strip().eq("")
        drop(missing, "missing date", [])
        bad = parsed.isna() & ~missing
        add("Excel serial day numbers as dates", n_serial, "converted to dates")
        df = df.assign(date=parsed.loc[df.index])
        drop(bad.loc[df.index], "unparsable date", raw.loc[bad[bad].index].head(1))

    for col in ("amount", "quantity"):
        if col not in df.columns:
            continue
        raw = df[col]
        nums, fixed = _parse_numbers(raw)
        missing = raw.isna() | raw.astype(str).str.strip().eq("")
        bad = nums.isna() & ~missing
        add(f"{col} written as text", fixed, "converted to numbers")
        df = df.assign(**{col: nums})
        if col == "amount":
            drop(missing, "missing amount", [])
            drop(bad.loc[df.index], "unparsable amount", raw.loc[bad[bad].index].head(1))
        else:
            add("unparsable quantity", int(bad.sum()), "set to missing",
                _example(raw[bad].head(1)))

    if "amount" in df.columns:
        neg = df["amount"] < 0
        action = "kept, flagged in is_return"
        if "is_return" not in df.columns:
            df = df.assign(is_return=neg)
        else:
            action = "kept (file has its own is_return column)"
        add("negative amount (return)", int(neg.sum()), action,
            _example(df.loc[neg, "amount"].head(1)))

    if drop_duplicates:
        dup = df.duplicated(keep="first")
        drop(dup, "exact duplicate row", [])

    report = pd.DataFrame(issues, columns=_REPORT_COLUMNS)
    report["rows"] = report["rows"].astype(np.int64)
    result = ReadResult(data=df.reset_index(drop=True), report=report,
                        columns={k: v for k, v in mapping.items() if k != v},
                        source=source, encoding=used_encoding, n_read=n_read)
    if verbose:
        print(result.summary())
    return result
