"""Bring your own data: read a transaction file and say what was decided and fixed.

:func:`read_transactions` reads a CSV (UTF-8, UTF-8 with BOM, UTF-16 or GBK as
saved by Chinese Excel), an Excel workbook or a DataFrame, finds the header row
(title lines above it are skipped), recognises common Chinese and English
column headers for retail (会员号, 日期, 金额) and pharma exports (医院编码,
医生编码, 月份, 销量), cleans ids, dates and amounts, and returns a
:class:`ReadResult`::

    result = tierlab.read_transactions("销售明细.csv")
    result.decisions         # delimiter, decimal mark, date order, header row, sheet ... and why
    result.report            # every row dropped, set apart or changed, and why
    tx = result.data         # customer_id, date, amount, ... ready for the methods
    tx, report = tierlab.read_transactions("sales.xlsx")   # unpacking also works

It never guesses silently: when a choice is ambiguous (dates like ``05/02/2024``
with no day above 12, amounts like ``1.234`` in a semicolon file) it raises and
lists the options (``dayfirst=``, ``decimal=``, ``sep=``, ``header=``, ``sheet=``).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["read_transactions", "ReadResult", "COLUMN_ALIASES", "WALK_IN_IDS"]

#: Standard column name -> header names recognised automatically (case, spaces,
#: underscores, hyphens and a unit in brackets such as ``(万元)`` are ignored).
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "customer_id": (
        "customer_id", "customer", "customerid", "customer id", "cust_id", "client_id",
        "client", "member_id", "member", "member id", "user_id", "buyer_id", "account_id",
        "doctor_id", "hcp_id",
        "客户id", "客户编号", "客户编码", "客户代码", "客户号", "客户",
        "会员号", "会员id", "会员编号", "会员卡号", "会员", "顾客id", "顾客编号", "用户id",
        "用户编号", "医生id", "医生编号", "医生编码", "医生代码",
    ),
    "hospital_id": (
        "hospital_id", "hospital", "hospital_code", "医院编码", "医院编号", "医院代码",
        "医院id", "医院", "终端编码", "终端编号", "终端",
    ),
    "date": (
        "date", "order_date", "transaction_date", "purchase_date", "invoice_date",
        "invoicedate", "sale_date", "datetime", "timestamp", "order_time", "month",
        "year_month", "日期", "交易日期", "订单日期", "购买日期", "销售日期", "下单日期",
        "消费日期", "下单时间", "交易时间", "支付时间", "付款时间", "购买时间", "消费时间",
        "月份", "年月", "销售月份", "月",
    ),
    "amount": (
        "amount", "sales", "revenue", "value", "net_amount", "order_amount", "spend",
        "total", "sales_amount", "monetary",
        "金额", "销售额", "销售金额", "实付金额", "实收金额", "交易金额", "订单金额",
        "消费金额", "支付金额", "付款金额", "成交金额", "营业额", "收入",
    ),
    "quantity": ("quantity", "qty", "units", "数量", "销量", "件数", "购买数量", "销售数量",
                 "盒数"),
    "transaction_id": (
        "transaction_id", "order_id", "order_no", "invoice", "invoice_no", "invoiceno",
        "receipt_id", "receipt_no", "订单号", "订单编号", "交易编号", "交易号", "流水号",
        "单号", "小票号", "单据号", "单据编号",
    ),
    "line_id": ("line_id", "line_no", "行号", "明细号", "明细编号", "明细id"),
    "product": (
        "product_id", "product", "sku", "product_name", "item", "商品编号", "产品编号",
        "商品", "产品", "商品名称", "产品名称", "品名", "药品", "药品名称",
    ),
    "store_id": ("store_id", "store", "shop_id", "shop", "门店编号", "门店", "门店名称",
                 "店铺", "店铺名称"),
    "channel": ("channel", "渠道", "销售渠道", "购买渠道"),
    "category": ("category", "品类", "类别", "商品类别", "产品类别", "分类"),
}

#: Ids that stand for "no member" in POS exports (compared after lower-casing and
#: stripping spaces). All-zero text ids of three or more digits (``0000000``) are
#: placeholders too; the number 0 in a DataFrame is not.
WALK_IN_IDS: tuple[str, ...] = (
    "散客", "非会员", "游客", "临时客户", "临时会员", "零售客户", "现金客户", "普通客户",
    "无会员", "无", "匿名", "匿名客户", "未知", "walk-in", "walkin", "walk in", "guest",
    "anonymous", "non-member", "nonmember", "n/a", "na", "none", "null", "unknown",
    "-", "--", "/",
)

_REPORT_COLUMNS = ["issue", "rows", "action", "example"]
_DECISION_COLUMNS = ["decision", "choice", "evidence"]
_UNIT = re.compile(r"[（(\[【]\s*([^)）\]】]*)\s*[)）\]】]")
_TOTAL = re.compile(r"^.{0,12}(合计|小计|总计)|^\s*(grand\s*)?(sub)?totals?\b[^a-z]*$",
                    re.IGNORECASE)
_CURRENCY = re.compile(r"[¥$€£\s]|元|RMB|CNY", re.IGNORECASE)
_TIME = r"(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?"
_YMD = re.compile(r"^(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?" + _TIME + r"$")
_CN = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号]?)?" + _TIME + r"$")
_DMY = re.compile(r"^(\d{1,2})([-/.])(\d{1,2})[-/.](\d{4})" + _TIME + r"$")
_PHARMA_HINTS = ("医院", "医生", "终端", "hospital", "doctor", "hcp")


def _nfkc(v) -> str:
    return unicodedata.normalize("NFKC", str(v))


def _norm(name) -> str:
    text = _UNIT.sub("", _nfkc(name).replace("\ufeff", ""))
    return re.sub(r"[\s_\-\u3000]+", "", text).lower()


_ALIAS_LOOKUP = {_norm(a): std for std, names in COLUMN_ALIASES.items() for a in names}


def _blank(v) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and np.isnan(v):
        return True
    if v is pd.NaT or (not isinstance(v, str) and pd.api.types.is_scalar(v) and pd.isna(v)):
        return True
    return isinstance(v, str) and not v.strip()


def _blank_mask(s: pd.Series) -> pd.Series:
    """Vectorised :func:`_blank` over a column (missing, or text of only spaces)."""
    mask = s.isna()
    if s.dtype == object or pd.api.types.is_string_dtype(s):
        uniq = pd.unique(s[~mask])
        blanks = [v for v in uniq if isinstance(v, str) and not v.strip()]
        if blanks:
            mask = mask | s.isin(blanks)
    return mask.astype(bool)


@dataclass(frozen=True)
class ReadResult:
    """The outcome of :func:`read_transactions`.

    Attributes
    ----------
    data : pandas.DataFrame
        The clean transactions, with standard column names. Pass this (not the
        ``ReadResult``) to the methods.
    report : pandas.DataFrame
        One row per problem found: ``issue``, ``rows`` (how many), ``action``
        (``dropped`` / ``set apart`` / ``converted`` / ``kept`` ...) and an
        ``example`` value. Every row missing from ``data`` is counted in a line
        whose action starts with ``dropped`` or ``set apart``.
    decisions : pandas.DataFrame
        What the reader decided and why: ``decision`` (encoding, delimiter,
        header row, sheet, layout, decimal mark, date order, amount unit),
        ``choice`` and ``evidence``.
    walk_ins : pandas.DataFrame
        Rows of walk-in / placeholder ids (散客, 非会员, ``0000000`` ...) set
        apart from ``data`` (empty with ``keep_walk_ins=True``).
    columns : dict
        Original header -> standard name, for every renamed column.
    source : str
        The file name (or ``"DataFrame"``).
    encoding : str or None
        The text encoding used for a CSV file.
    n_read : int
        Data rows read (below the header) before cleaning.

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
    decisions: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=_DECISION_COLUMNS))
    walk_ins: pd.DataFrame = field(default_factory=pd.DataFrame)

    def __iter__(self):
        yield self.data
        yield self.report

    @property
    def n_removed(self) -> int:
        """Rows read but not in ``data`` according to the report."""
        act = self.report["action"].astype(str)
        gone = act.str.startswith("dropped") | act.str.startswith("set apart")
        return int(self.report.loc[gone, "rows"].sum())

    def summary(self) -> str:
        """A short plain-language account of what was read, decided and changed."""
        enc = f", encoding {self.encoding}" if self.encoding else ""
        lines = [f"Read {self.n_read:,} rows from {self.source}{enc}."]
        if self.columns:
            renamed = ", ".join(f"{k!s} -> {v}" for k, v in self.columns.items() if k != v)
            if renamed:
                lines.append(f"Columns: {renamed}.")
        for _, d in self.decisions.iterrows():
            if d["decision"] == "encoding":
                continue
            lines.append(f"* {d['decision']}: {d['choice']} ({d['evidence']}).")
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
# reading the raw grid
# ---------------------------------------------------------------------------
def _decode(raw: bytes, name: str, encoding) -> tuple[str, str, str]:
    """Return (text, encoding label, evidence)."""
    boms = ((b"\xff\xfe", "utf-16", "UTF-16"), (b"\xfe\xff", "utf-16", "UTF-16"),
            (b"\xef\xbb\xbf", "utf-8-sig", "UTF-8 with BOM"))
    if encoding is not None:
        try:
            return raw.decode(encoding), encoding, "given"
        except (UnicodeDecodeError, LookupError) as exc:
            hint = ""
            for bom, _, label in boms:
                if raw.startswith(bom):
                    hint = f" The file starts with the {label} byte-order mark."
            raise ValueError(f"could not decode {name} with encoding={encoding!r}: {exc}.{hint} "
                             "Leave encoding=None to detect UTF-8/UTF-16/GBK.") from exc
    for bom, codec, label in boms:
        if raw.startswith(bom):
            return raw.decode(codec), label, "byte-order mark at the start of the file"
    head = raw[:4000]
    if head.count(b"\x00") > len(head) // 4:  # UTF-16 without a BOM: every other byte is 0
        codec = "utf-16-le" if head[1::2].count(b"\x00") > head[0::2].count(b"\x00") \
            else "utf-16-be"
        try:
            return raw.decode(codec), "UTF-16", "every other byte is zero (no byte-order mark)"
        except UnicodeDecodeError:
            pass
    for codec, label, why in (("utf-8", "UTF-8", "valid UTF-8"),
                              ("gb18030", "GBK", "not valid UTF-8; valid GBK/GB18030")):
        try:
            return raw.decode(codec), label, why
        except UnicodeDecodeError:
            continue
    raise ValueError(f"could not decode {name} as UTF-8, UTF-16 or GBK; "  # pragma: no cover
                     "pass encoding='...'.")


_SEPS = {",": "comma ','", ";": "semicolon ';'", "\t": "tab", "|": "bar '|'"}


def _split(lines, sep):
    return list(csv.reader(lines, delimiter=sep))


def _choose_sep(lines: list[str], sep) -> tuple[str, str]:
    sample = [ln for ln in lines if ln.strip()][:500]
    if sep is not None:
        if not isinstance(sep, str) or len(sep) != 1:
            raise ValueError(f"sep must be one character such as ',' or ';', got {sep!r}.")
        return sep, "given"
    scores = {}
    for cand in _SEPS:
        counts = pd.Series([len(r) for r in _split(sample, cand)])
        multi = counts[counts > 1]
        if multi.empty:
            continue
        mode = int(multi.mode().iloc[0])
        scores[cand] = (int((counts == mode).sum()), mode)
    if not scores:
        return ",", "no delimiter splits any line (a single column)"
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    best, (n, m) = ranked[0]
    if len(ranked) > 1 and ranked[1][1] == (n, m):
        raise ValueError(
            f"cannot tell the delimiter: {_SEPS[best]} and {_SEPS[ranked[1][0]]} both split "
            f"{n} lines into {m} fields. Pass sep=',' or sep=';' (or '\\t')."
        )
    why = f"splits {n} of {len(sample)} lines into {m} fields"
    if len(ranked) > 1:
        alt, (n2, m2) = ranked[1]
        why += f"; {_SEPS[alt]} splits only {n2} into {m2}"
    return best, why


def _grid_from_text(text: str, sep) -> tuple[pd.DataFrame, str, str]:
    lines = text.splitlines()
    sep, why = _choose_sep(lines, sep)
    rows = _split(lines, sep)
    width = max((len(r) for r in rows), default=0)
    grid = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=object)
    return grid, sep, why


def _header_score(row, columns) -> int:
    given = set(columns) if columns else set()
    return sum(1 for v in row if not _blank(v)
               and (_norm(v) in _ALIAS_LOOKUP or str(v).strip() in given))


def _find_header(grid: pd.DataFrame, header, columns) -> tuple[int, str, int]:
    """Return (row position of the header, evidence, score)."""
    if grid.empty:
        return 0, "empty", 0
    if header is not None:
        from tierlab._validation import check_int

        header = check_int(header, "header", 0, len(grid) - 1)
        return header, "given", _header_score(grid.iloc[header], columns)
    best, best_i = 0, None
    for i in range(min(30, len(grid))):
        score = _header_score(grid.iloc[i], columns)
        if score > best:
            best, best_i = score, i
    if best_i is None:
        filled = grid.head(30).apply(lambda r: sum(not _blank(v) for v in r), axis=1)
        best_i = int(np.argmax(filled.to_numpy() >= filled.max()))
        return best_i, "no known header found; took the first fully filled row", 0
    names = [str(v).strip() for v in grid.iloc[best_i] if not _blank(v)
             and (_norm(v) in _ALIAS_LOOKUP or (columns and str(v).strip() in columns))]
    why = f"it holds {best} known header(s): {', '.join(names[:5])}"
    if best_i:
        above = [" ".join(str(v).strip() for v in grid.iloc[j] if not _blank(v))
                 for j in range(best_i)]
        above = [a for a in above if a]
        why += f"; {best_i} line(s) above it skipped" + (f", e.g. {above[0]!r}" if above else "")
    return best_i, why, best


def _frame_from_grid(grid: pd.DataFrame, h: int) -> pd.DataFrame:
    names, seen = [], {}
    for j, v in enumerate(grid.iloc[h]):
        name = f"unnamed_{j}" if _blank(v) else str(v).replace("\ufeff", "").strip()
        if name in seen:
            seen[name] += 1
            name = f"{name}_{seen[name]}"
        seen.setdefault(name, 0)
        names.append(name)
    df = grid.iloc[h + 1:].copy()
    df.columns = names
    empty_cols = [c for c in df.columns if c.startswith("unnamed_") and df[c].map(_blank).all()]
    return df.drop(columns=empty_cols).reset_index(drop=True)


def _load(path_or_frame, *, sheet, encoding, sep, header, columns, decide):
    """Return (frame, source, encoding label, from_file)."""
    if isinstance(path_or_frame, ReadResult):
        path_or_frame = path_or_frame.data
    if isinstance(path_or_frame, pd.DataFrame):
        df = path_or_frame.reset_index(drop=True)
        own = _header_score(list(df.columns), columns)
        if header is not None or (own == 0 and len(df)):
            # a sheet read with pandas' defaults: the real header may be a data row
            def as_grid(frame):
                names = [None if str(c).startswith("Unnamed:") else c for c in df.columns]
                return pd.DataFrame([names, *frame.astype(object).to_numpy().tolist()],
                                    dtype=object)

            h, why, score = _find_header(as_grid(df.head(40)), header, columns)
            if header is not None or score > own:
                grid = as_grid(df)
                decide("header row", f"row {h} of the table" if h else "the column names", why)
                return _frame_from_grid(grid, h), "DataFrame", None, False
        return df, "DataFrame", None, False
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
        text, label, why = _decode(path.read_bytes(), path.name, encoding)
        decide("encoding", label, why)
        grid, used_sep, why = _grid_from_text(text, sep)
        decide("delimiter", _SEPS.get(used_sep, repr(used_sep)), why)
        h, why, _ = _find_header(grid, header, columns)
        decide("header row", f"line {h + 1}", why)
        return _frame_from_grid(grid, h), path.name, label, True
    if suffix in (".xlsx", ".xlsm", ".xls"):
        sheets = pd.read_excel(path, sheet_name=None, header=None, dtype=object)
        names = list(sheets)
        if sheet is not None:
            if isinstance(sheet, int) and not isinstance(sheet, bool) and 0 <= sheet < len(names):
                chosen, why = names[sheet], "given"
            elif sheet in sheets:
                chosen, why = sheet, "given"
            else:
                raise ValueError(f"sheet={sheet!r} is not in {path.name}; its sheets are: "
                                 f"{', '.join(map(repr, names))} (or a position 0-"
                                 f"{len(names) - 1}).")
            h, hwhy, _ = _find_header(sheets[chosen], header, columns)
        else:
            found = [(_find_header(sheets[n], header, columns), n) for n in names
                     if not sheets[n].dropna(how="all").empty]
            if not found:
                raise ValueError(f"{path.name} has no data on any sheet.")
            (h, hwhy, score), chosen = max(found, key=lambda t: t[0][2])
            if score == 0:
                (h, hwhy, score), chosen = found[0]
            why = ("the only sheet with data" if len(found) == 1 else
                   f"its header matches {score} known column(s); other sheets: "
                   f"{', '.join(repr(n) for n in names if n != chosen)}; pass sheet= to choose")
        decide("sheet", repr(chosen), why)
        decide("header row", f"row {h + 1}", hwhy)
        return _frame_from_grid(sheets[chosen], h), f"{path.name} [{chosen}]", None, True
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
        if std is not None and std not in taken and std not in df.columns:
            found.setdefault(std, []).append(col)
        elif std is not None and std == col:
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
    return mapping, notes


def _missing_columns_error(df, missing):
    parts = [f"'{m}' (accepted headers: {', '.join(COLUMN_ALIASES.get(m, (m,)))})"
             for m in missing]
    return ValueError(
        "read_transactions could not find the required column(s) "
        + "; ".join(parts)
        + f". Columns found: {', '.join(map(repr, df.columns))}. "
        + "If the header is not on the first line, pass header=<row number, 0-based>; "
        + "otherwise rename with columns={'your header': 'standard name'}, e.g. "
        + "columns={'客户编号': 'customer_id', '日期': 'date', '金额': 'amount'}."
    )


# ---------------------------------------------------------------------------
# cleaning values
# ---------------------------------------------------------------------------
def _clean_id(v):
    if _blank(v):
        return None
    if isinstance(v, (float, np.floating)) and float(v).is_integer():
        v = int(v)
    text = _nfkc(v).strip().strip("'\"`").strip()
    m = re.fullmatch(r'=\s*"?([^"]*)"?', text)
    if m:
        text = m.group(1).strip()
    return text or None


def _date_from_parts(y, mo, d, hh=None, mi=None, ss=None):
    try:
        return pd.Timestamp(int(y), int(mo), int(d), int(hh or 0), int(mi or 0), int(ss or 0))
    except (ValueError, OverflowError):
        return None


def _number_date(v):
    """Classify a number as a date: (timestamp or None, kind)."""
    if isinstance(v, (float, np.floating)):
        if not np.isfinite(v) or not float(v).is_integer():
            return None, None
    n = int(v)
    if 19000101 <= n <= 21001231:
        return _date_from_parts(n // 10000, n // 100 % 100, n % 100), "yyyymmdd"
    if 190001 <= n <= 210012:
        return _date_from_parts(n // 100, n % 100, 1), "yyyymm"
    if 20000 <= n <= 80000:
        return pd.Timestamp("1899-12-30") + pd.Timedelta(days=n), "serial"
    return None, None


_KIND_NOTES = {
    "yyyymmdd": ("dates written as numbers (20240105)", "converted to dates (year-month-day)"),
    "yyyymm": ("months written as numbers (202401)", "converted to the first day of the month"),
    "serial": ("Excel serial day numbers as dates", "converted to dates"),
    "month": ("month-only dates (2024年1月, 2024-01)", "read as the first day of the month"),
    "other": ("dates in other formats", "read by pandas' format guessing; check them"),
    "tz": ("dates with a time zone", "converted to local time, zone dropped"),
}


def _parse_dates(s: pd.Series, date_format, dayfirst, decide):
    """Return (parsed, {kind: (count, example)})."""
    kinds: dict[str, list] = {}
    kind_of: dict = {}

    def note(kind, example):
        kind_of[example] = kind

    if pd.api.types.is_datetime64_any_dtype(s):
        if getattr(s.dt, "tz", None) is not None:
            kinds["tz"] = [int(s.notna().sum()), str(s.dropna().iloc[0]) if s.notna().any()
                           else ""]
            s = s.dt.tz_localize(None)
        return s.astype("datetime64[ns]"), kinds
    if date_format is not None:
        text = s.map(lambda v: None if _blank(v) else _nfkc(v).strip())
        return pd.to_datetime(text, format=date_format, errors="coerce"), kinds
    values = {}
    pending = []  # (key, d1, d2, y, time, sep)
    for v in pd.unique(s[~_blank_mask(s)]):
        key = v
        if isinstance(v, pd.Timestamp) and v.tzinfo is not None:
            values[key] = v.tz_localize(None)
            note("tz", key)
            continue
        if isinstance(v, (pd.Timestamp, np.datetime64)) or hasattr(v, "year"):
            values[key] = pd.Timestamp(v)
            continue
        if isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool):
            ts, kind = _number_date(v)
            values[key] = ts
            if kind:
                note(kind, key)
            continue
        text = _nfkc(v).strip()
        if re.fullmatch(r"\d{8}|\d{6}|\d{5}(\.0+)?", text):
            ts, kind = _number_date(float(text))
            values[key] = ts
            if kind:
                note(kind, key)
            continue
        m = _CN.match(text) or _YMD.match(text)
        if m:
            y, mo, d, hh, mi, ss = m.groups()
            values[key] = _date_from_parts(y, mo, d or 1, hh, mi, ss)
            if d is None:
                note("month", key)
            continue
        m = _DMY.match(text)
        if m:
            a, sep, b, y, hh, mi, ss = m.groups()
            pending.append((key, int(a), int(b), y, (hh, mi, ss), sep))
            continue
        ts = pd.to_datetime(text, errors="coerce", format="mixed") \
            if re.search(r"[A-Za-z]", text) else pd.NaT
        values[key] = None if pd.isna(ts) else ts
        if not pd.isna(ts):
            note("other", key)
    if pending:
        day_ev = [p for p in pending if p[1] > 12]
        month_ev = [p for p in pending if p[2] > 12]
        example = repr(pending[0][0])
        if dayfirst is None:
            if day_ev and month_ev:
                raise ValueError(
                    f"the date column mixes day-first dates (e.g. {day_ev[0][0]!r}) and "
                    f"month-first dates (e.g. {month_ev[0][0]!r}). Fix the file, or pass "
                    "dayfirst=True/False (dates that do not fit are dropped and reported), "
                    "or date_format='...'."
                )
            if day_ev:
                dayfirst = True
                why = (f"{len(day_ev)} value(s) have a first number above 12, "
                       f"e.g. {day_ev[0][0]!r}")
            elif month_ev:
                dayfirst = False
                why = (f"{len(month_ev)} value(s) have a second number above 12, "
                       f"e.g. {month_ev[0][0]!r}")
            elif all(p[5] == "." for p in pending):
                dayfirst = True
                why = (f"no number above 12 decides it, but dates with dots ({example}) are "
                       "written day.month.year; pass dayfirst=False if not")
            else:
                raise ValueError(
                    f"cannot tell the date order: {len(pending)} date(s) like {example} have "
                    "both numbers <= 12, so each could be day/month/year or month/day/year. "
                    "Pass dayfirst=True (05/02/2024 = 5 February) or dayfirst=False "
                    "(05/02/2024 = 2 May), or date_format='%d/%m/%Y'."
                )
        else:
            why = "given"
        decide("date order", "day/month/year" if dayfirst else "month/day/year", why)
        for key, a, b, y, (hh, mi, ss), _ in pending:
            d, mo = (a, b) if dayfirst else (b, a)
            values[key] = _date_from_parts(y, mo, d, hh, mi, ss)
    counts = s.value_counts() if kind_of else None
    for key, kind in kind_of.items():
        k = kinds.setdefault(kind, [0, repr(key)])
        k[0] += int(counts.get(key, 0))
    parsed = s.map(values)
    return pd.to_datetime(parsed, errors="coerce").astype("datetime64[ns]"), kinds


def _number_shape(t: str):
    """Evidence a cleaned number token gives about the decimal mark: ',', '.', '?' or None."""
    if "," in t and "." in t:
        return "," if t.rfind(",") > t.rfind(".") else "."
    for mark, other in ((",", "."), (".", ",")):
        if mark in t:
            if t.count(mark) > 1:
                return other  # 1,234,567 -> thousands commas -> decimal point
            tail = t.split(mark)[1]
            return "?" if len(tail) == 3 else mark
    return None


def _clean_token(v) -> tuple[str, float]:
    """Return (token of digits, separators and sign, multiplier)."""
    text = _nfkc(v).strip()
    scale = 1.0
    if "万" in text:
        scale, text = 10000.0, text.replace("万", "")
    text = _CURRENCY.sub("", text)
    neg = False
    m = re.fullmatch(r"\((.*)\)", text)
    if m:
        neg, text = True, m.group(1)
    if text.endswith("-") and len(text) > 1:
        neg, text = True, text[:-1]
    if neg:
        text = "-" + text.lstrip("+")
    return text, scale


def _decide_decimal(tokens: list[str], decimal, sep, decide) -> str:
    if decimal is not None:
        if decimal not in (".", ","):
            raise ValueError(f"decimal must be '.' or ',', got {decimal!r}.")
        decide("decimal mark", repr(decimal), "given")
        return decimal
    shapes = {}
    for t in tokens:
        shp = _number_shape(t)
        if shp:
            shapes.setdefault(shp, []).append(t)
    comma, point, unsure = shapes.get(",", []), shapes.get(".", []), shapes.get("?", [])
    if comma and point:
        raise ValueError(
            f"numbers use both decimal marks: {comma[0]!r} reads as a decimal comma, "
            f"{point[0]!r} as a decimal point. Pass decimal=',' or decimal='.'."
        )
    if comma:
        decide("decimal mark", "','", f"{len(comma)} value(s) like {comma[0]!r} have a "
               "decimal comma; '.' read as thousands separator")
        return ","
    if point:
        if comma or unsure or any("," in t for t in point):
            decide("decimal mark", "'.'", f"{len(point)} value(s) like {point[0]!r} have a "
                   "decimal point; ',' read as thousands separator")
        return "."
    if unsure:
        if sep == ";":
            raise ValueError(
                f"cannot tell the decimal mark: values like {unsure[0]!r} in a semicolon file "
                "can mean a thousands separator or a decimal mark. Pass decimal=',' "
                "(1.234,5 style) or decimal='.' (1,234.5 style)."
            )
        decide("decimal mark", "'.'", f"no value proves a decimal comma; {unsure[0]!r} read "
               "with ',' as thousands separator (usual in Chinese and English files)")
    return "."


def _parse_numbers(s: pd.Series, decimal: str, scale: float):
    """Return (floats, n_converted_from_text, n_wan, bad mask)."""
    if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
        out = s.astype(float) * scale
        return out.where(np.isfinite(out)), 0, 0, ~np.isfinite(s.astype(float)) & s.notna()
    blank = _blank_mask(s)
    cache = {}
    for v in pd.unique(s[~blank]):
        if isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool):
            cache[v] = (float(v) if np.isfinite(v) else np.nan, False, False)
            continue
        token, mult = _clean_token(v)
        if decimal == ",":
            token = token.replace(".", "").replace(",", ".")
        else:
            token = token.replace(",", "")
        num = float(token) if re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)", token) else np.nan
        plain = re.fullmatch(r"\s*[-+]?(\d+\.?\d*|\.\d+)\s*", str(v)) is not None
        ok = not np.isnan(num)
        cache[v] = (num * mult, ok and not plain, ok and mult != 1.0)
    keys = s[~blank]
    parts = keys.map(lambda v: cache[v])
    res = pd.Series(np.nan, index=s.index)
    res[~blank] = [p[0] * scale for p in parts]
    n_text = int(sum(p[1] for p in parts))
    n_wan = int(sum(p[2] for p in parts))
    bad = res.isna() & ~blank
    return res, n_text, n_wan, bad


def _example(values) -> str:
    values = list(values)
    return "" if not values else repr(values[0])


def read_transactions(path_or_frame: str | Path | pd.DataFrame,
                      columns: Mapping[str, str] | None = None, *,
                      date_format: str | None = None, dayfirst: bool | None = None,
                      decimal: str | None = None, sep: str | None = None,
                      header: int | None = None, sheet: int | str | None = None,
                      sheet_name: int | str | None = None, encoding: str | None = None,
                      layout: str = "auto", amount_unit: str | float | None = None,
                      required: Sequence[str] | None = None,
                      drop_duplicates: bool | str = "auto", keep_walk_ins: bool = False,
                      walk_in_ids: Sequence[str] = (), verbose: bool = True) -> ReadResult:
    """Read and clean a transaction table from CSV, Excel or a DataFrame.

    Parameters
    ----------
    path_or_frame : str, pathlib.Path or pandas.DataFrame
        A ``.csv``/``.txt``/``.tsv`` file, an Excel ``.xlsx`` file, or a table
        already in memory (it is copied, never changed; a repeated index is fine).
    columns : dict, optional
        Your header -> standard name, e.g.
        ``{"客户编号": "customer_id", "日期": "date", "金额": "amount"}``. Other
        headers are matched against :data:`COLUMN_ALIASES` (Chinese and English,
        ignoring case, spaces, underscores and a bracketed unit); unknown
        columns are kept unchanged.
    date_format : str, optional
        strftime format of the date column (e.g. ``"%d/%m/%Y"``). Default: read
        ``2024-03-05``, ``2024/3/5``, ``2024年3月5日``, ``20240305``, months
        (``2024年1月``, ``2024-01``, ``202401``), Excel serial day numbers, and
        day/month/year or month/day/year when the data show which (see
        ``dayfirst``).
    dayfirst : bool, optional
        For dates like ``05/02/2024``: True = 5 February, False = 2 May. Default:
        decided from values with a number above 12; raises when nothing decides.
    decimal : {".", ","}, optional
        Decimal mark of text amounts. Default: decided from values such as
        ``1.234,50`` or ``12,50``; raises when the file shows both marks, or
        when nothing decides in a semicolon file.
    sep : str, optional
        CSV delimiter. Default: the one of ``, ; tab |`` that splits most lines
        into the same number of fields.
    header : int, optional
        0-based row of the header in the file. Default: the row among the first
        30 holding most known headers (title lines above it are skipped).
    sheet : int or str, optional
        Excel sheet to read. Default: the sheet whose header matches most known
        columns. ``sheet_name`` is accepted as an older name.
    encoding : str, optional
        Text encoding of a CSV file. Default: a byte-order mark (UTF-8, UTF-16),
        then UTF-8, then GBK/GB18030.
    layout : {"auto", "retail", "pharma"}, default "auto"
        ``"pharma"``: hospital/doctor ids, months and units (医院编码, 医生编码,
        月份/年月, 销量, 金额). The customer is the doctor when there is a doctor
        column, else the hospital; without a value column ``amount`` holds the
        units. ``"auto"`` picks pharma when a header names a hospital or doctor.
    amount_unit : {None, "元", "万元"} or number, optional
        Multiplier for amounts. Default: 10,000 when the amount header says
        ``万元`` (e.g. ``金额(万元)``), else 1. Values written as ``1.2万`` are
        always multiplied.
    required : sequence of str, optional
        Standard columns that must be found. Default ``("customer_id", "date",
        "amount")``; for pharma ``amount`` may come from the units.
    drop_duplicates : {"auto", True, False}, default "auto"
        Identical lines: ``"auto"`` drops them only when a receipt or line id
        (``transaction_id``/``line_id``) proves they are copies, and otherwise
        keeps and reports them; True always drops; False always keeps.
    keep_walk_ins : bool, default False
        Walk-in / placeholder ids (:data:`WALK_IN_IDS`, all-zero ids, and one id
        with an implausible share of the receipts) are set apart in
        ``.walk_ins``; True keeps them in ``.data`` (still reported).
    walk_in_ids : sequence of str, optional
        More ids of your system that mean "no member".
    verbose : bool, default True
        Print :meth:`ReadResult.summary`.

    Returns
    -------
    ReadResult
        ``.data`` (clean DataFrame, original row order, new index), ``.report``
        (issue, rows, action, example), ``.decisions`` (what was decided and the
        evidence), ``.walk_ins`` and ``.columns`` (the renaming).

    Notes
    -----
    What happens to problem rows: blank rows, 合计/小计/总计 rows and rows
    missing an id, a date or an amount are **dropped**; unreadable dates and
    amounts are **dropped** with an example; amounts written as text
    (``"¥1,234.50"``, ``"1，200元"``, ``"(12.00)"``, ``"１２３．５０"``) are
    **converted**; negative amounts are **kept** as returns (flag
    ``is_return``); a negative quantity with a positive amount becomes a
    negative amount; ids are stripped of spaces, tabs and quotes. Customer ids
    read from a file are kept as text, so ``00123`` keeps its leading zeros.

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
    from tierlab._validation import check_choice

    check_choice(layout, "layout", ("auto", "retail", "pharma"))
    check_choice(drop_duplicates, "drop_duplicates", ("auto", True, False))
    if dayfirst is not None and not isinstance(dayfirst, bool):
        raise TypeError(f"dayfirst must be True, False or None, got {dayfirst!r}.")
    if sheet is None:
        sheet = sheet_name
    decisions: list[dict] = []

    def decide(what, choice, evidence):
        decisions.append({"decision": what, "choice": choice, "evidence": evidence})

    df, source, used_encoding, from_file = _load(
        path_or_frame, sheet=sheet, encoding=encoding, sep=sep, header=header,
        columns=columns, decide=decide)
    n_read = len(df)
    df.columns = [str(c).replace("\ufeff", "").strip() for c in df.columns]

    # layout
    hints = [c for c in df.columns if any(h in _nfkc(c).lower() for h in _PHARMA_HINTS)]
    if layout == "auto":
        layout = "pharma" if hints else "retail"
        if hints:
            decide("layout", "pharma", f"header(s) {', '.join(map(repr, hints))}")
    else:
        decide("layout", layout, "given")
    pharma = layout == "pharma"
    req = tuple(required) if required is not None else (
        ("customer_id", "date") if pharma else ("customer_id", "date", "amount"))
    mapping, issues = _map_columns(df, columns, req)
    df = df.rename(columns=mapping)
    units = {std: _UNIT.search(_nfkc(src)) for src, std in mapping.items()}
    if pharma and required is None:
        if "customer_id" not in df.columns and "hospital_id" in df.columns:
            df["customer_id"] = df["hospital_id"]
            decide("customer", "hospital", "no doctor or customer column; one customer per "
                   "hospital (hospital_id)")
        if "amount" not in df.columns and "quantity" in df.columns:
            df["amount"] = df["quantity"]
            decide("amount", "units", "no value column (金额/销售额); amount = quantity")
        req = req + ("amount",)
    missing = [r for r in req if r not in df.columns]
    if missing:
        raise _missing_columns_error(df, missing)

    def add(issue, rows, action, example=""):
        if rows:
            issues.append({"issue": issue, "rows": int(rows), "action": action,
                           "example": example})

    def drop(mask, issue, example_values, action="dropped"):
        nonlocal df
        mask = mask.astype(bool)
        n = int(mask.sum())
        add(issue, n, action, _example(example_values))
        if n:
            df = df.loc[~mask]

    obj_cols = [c for c in df.columns if df[c].dtype == object]
    if obj_cols:
        blank_row = pd.concat([_blank_mask(df[c]) for c in obj_cols], axis=1).all(axis=1) & \
            df.drop(columns=obj_cols).isna().all(axis=1)
        drop(blank_row, "blank row", [])
        total = pd.concat([df[c].isin([v for v in pd.unique(df[c]) if isinstance(v, str)
                                       and _TOTAL.match(_nfkc(v))]) for c in obj_cols], axis=1)
        is_total = total.any(axis=1)
        drop(is_total, "total/subtotal row (合计, 小计)", [next(
            v for v in df.loc[is_total].iloc[0] if isinstance(v, str) and _TOTAL.match(_nfkc(v)))]
            if is_total.any() else [], "dropped (not a purchase)")

    # ids
    if "customer_id" in df.columns:
        ids = df["customer_id"]
        if ids.dtype == object or from_file:
            table = {v: _clean_id(v) for v in pd.unique(ids[ids.notna()])}
            cleaned = pd.Series([None if _blank(v) else table[v] for v in ids.to_numpy()],
                                index=ids.index, dtype=object)
            was_text = ids.map(lambda v: isinstance(v, str)).astype(bool)
            changed = was_text & ~_blank_mask(ids) & (cleaned != ids.astype(object))
            add("customer id with spaces, tabs, quotes or full-width characters", int(changed.sum()),
                "cleaned", _example(ids[changed].head(1)))
            if not from_file:
                kinds = set(ids.dropna().map(lambda v: "text" if isinstance(v, str) else "number"))
                if len(kinds) > 1:
                    add("customer ids mixing numbers and text", int(ids.notna().sum()),
                        "all made text", _example(ids[~was_text & ids.notna()].head(1)))
                else:
                    keep_num = ~was_text & ids.notna()
                    cleaned[keep_num] = ids[keep_num]
            df = df.assign(customer_id=cleaned)
        drop(df["customer_id"].isna(), "missing customer id", [])

    # dates
    if "date" in df.columns:
        raw = df["date"]
        parsed, kinds = _parse_dates(raw, date_format, dayfirst, decide)
        missing_d = _blank_mask(raw)
        drop(missing_d, "missing date", [])
        for kind, (n, ex) in kinds.items():
            add(_KIND_NOTES[kind][0], n, _KIND_NOTES[kind][1], ex)
        bad = parsed.isna() & ~missing_d
        df = df.assign(date=parsed.loc[df.index])
        drop(bad.loc[df.index], "unparsable date", raw.loc[bad[bad].index].head(1))

    # amounts and quantities
    tokens = []
    for col in ("amount", "quantity"):
        if col in df.columns and df[col].dtype == object:
            tokens += [_clean_token(v)[0] for v in pd.unique(df[col])
                       if isinstance(v, str) and not _blank(v)]
    dec = _decide_decimal(tokens, decimal, sep if sep is not None else
                          ("," if not from_file else _used_sep(decisions)), decide)
    scale = 1.0
    if amount_unit is not None:
        scale = {"元": 1.0, "万元": 1e4, "万": 1e4}.get(amount_unit, amount_unit)
        if isinstance(scale, bool) or not isinstance(scale, (int, float)) or scale <= 0:
            raise ValueError(f"amount_unit must be '元', '万元' or a positive number, "
                             f"got {amount_unit!r}.")
        decide("amount unit", f"x {scale:,g}", "given")
    elif units.get("amount") is not None and "万" in units["amount"].group(1):
        scale = 1e4
        decide("amount unit", "万元 (x 10,000)", "the amount header says 万元; pass "
               "amount_unit='元' if the values are already in yuan")
    for col in ("amount", "quantity"):
        if col not in df.columns:
            continue
        raw = df[col]
        nums, n_text, n_wan, bad = _parse_numbers(raw, dec, scale if col == "amount" else 1.0)
        missing_a = _blank_mask(raw)
        mark = "" if dec == "." else ", decimal comma"
        add(f"{col} written as text", n_text, f"converted to numbers{mark}",
            _example(raw[raw.map(lambda v: isinstance(v, str))].head(1)) if n_text else "")
        add(f"{col} written in 万", n_wan, "multiplied by 10,000")
        df = df.assign(**{col: nums})
        if col == "amount":
            drop(missing_a, "missing amount", [])
            drop(bad.loc[df.index], "unparsable amount", raw.loc[bad[bad].index].head(1))
        else:
            add("unparsable quantity", int(bad.sum()), "set to missing",
                _example(raw[bad].head(1)))

    if "quantity" in df.columns and "amount" in df.columns and _has_value(mapping):
        flip = (df["quantity"] < 0) & (df["amount"] > 0)
        add("return written as a negative quantity with a positive amount", int(flip.sum()),
            "amount made negative", _example(df.loc[flip, "amount"].head(1)))
        df = df.assign(amount=df["amount"].where(~flip, -df["amount"]))

    if "amount" in df.columns:
        neg = df["amount"] < 0
        action = "kept, flagged in is_return"
        if "is_return" not in df.columns:
            df = df.assign(is_return=neg)
        else:
            action = "kept (file has its own is_return column)"
        add("negative amount (return)", int(neg.sum()), action,
            _example(df.loc[neg, "amount"].head(1)))

    # walk-ins
    walk_ins = df.iloc[:0]
    if "customer_id" in df.columns:
        walk, label, why = _walk_in_mask(df, walk_in_ids)
        if walk.any():
            found = list(dict.fromkeys(df.loc[walk, "customer_id"]))
            if keep_walk_ins:
                add(label, int(walk.sum()), "kept (keep_walk_ins=True)" + why, repr(found[0]))
            else:
                walk_ins = df.loc[walk].reset_index(drop=True)
                drop(walk, label, found,
                     "set apart in .walk_ins (keep_walk_ins=True keeps them)" + why)

    # duplicates
    dup = df.duplicated(keep="first")
    proof = [c for c in ("transaction_id", "line_id") if c in df.columns]
    if drop_duplicates is True or (drop_duplicates == "auto" and proof):
        why = (f"same {' and '.join(proof)}" if proof else "drop_duplicates=True")
        drop(dup, "exact duplicate row", [], f"dropped ({why})")
    else:
        hint = ("kept (no receipt or line id proves a copy; drop_duplicates=True drops them)"
                if drop_duplicates == "auto" else "kept (drop_duplicates=False)")
        add("identical lines", int(dup.sum()), hint)

    report = pd.DataFrame(issues, columns=_REPORT_COLUMNS)
    report["rows"] = report["rows"].astype(np.int64)
    result = ReadResult(data=df.reset_index(drop=True), report=report,
                        columns={k: v for k, v in mapping.items() if k != v},
                        source=source, encoding=used_encoding, n_read=n_read,
                        decisions=pd.DataFrame(decisions, columns=_DECISION_COLUMNS),
                        walk_ins=walk_ins)
    if verbose:
        print(result.summary())
    return result


def _walk_in_mask(df: pd.DataFrame, walk_in_ids) -> tuple[pd.Series, str]:
    """Rows whose id is a placeholder or holds an implausible share of receipts."""
    if isinstance(walk_in_ids, str):
        walk_in_ids = (walk_in_ids,)
    placeholders = {re.sub(r"\s+", " ", str(w).strip().lower())
                    for w in (*WALK_IN_IDS, *walk_in_ids)}
    key = df["customer_id"].map(lambda v: re.sub(r"\s+", " ", str(v).strip().lower()))
    is_text = df["customer_id"].map(lambda v: isinstance(v, str)).astype(bool)
    walk = key.isin(placeholders) | (is_text & key.str.fullmatch(r"0{3,}"))
    rest = df.loc[~walk]
    cols = ["customer_id", "transaction_id" if "transaction_id" in df.columns else "date"]
    per_id = rest[[c for c in cols if c in df.columns]].drop_duplicates()["customer_id"] \
        .value_counts()
    heavy = []
    if len(per_id) >= 20:
        share = per_id / per_id.sum()
        heavy = list(per_id.index[(share >= 0.05) & (per_id >= 20 * per_id.median())])
        walk = walk | df["customer_id"].isin(heavy)
    found = sorted(dict.fromkeys(df.loc[walk, "customer_id"]), key=str)
    label = f"walk-in / placeholder id ({', '.join(map(str, found[:5]))})"
    why = ""
    if heavy:
        n = per_id[heavy[0]]
        why = (f"; {heavy[0]} holds {n} of {per_id.sum()} receipts, over 20x the median "
               f"customer ({per_id.median():g})")
    return walk, label, why


def _has_value(mapping) -> bool:
    """True when an amount column came from the file (not copied from units)."""
    return "amount" in mapping.values()


def _used_sep(decisions) -> str:
    for d in decisions:
        if d["decision"] == "delimiter":
            return ";" if "semicolon" in d["choice"] else ","
    return ","
