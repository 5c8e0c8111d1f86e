"""Action plans (行动计划): who does what, for whom, by when -- and an Excel file for the field.

Stage 04 of the course (怎么去).

* :func:`action_plan` -- one row per customer: tier, objective, action,
  contact mode, calls per month, owner, due date, KPI and target, from a
  tiering and the service models of :mod:`tierlab.strategy`.
* :func:`contact_calendar` -- customer x week planned contacts that respect
  each customer's ``calls_per_month``.
* :func:`export_plan` -- an Excel workbook formatted for a field team (one
  sheet per owner, bold frozen header, widths, date formats, filters) or a
  CSV that Excel opens with Chinese text intact (UTF-8 with BOM).
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from tierlab._validation import (
    check_budget,
    check_choice,
    check_columns,
    check_dataframe,
    check_int,
    check_numeric_column,
    check_unique_ids,
    uses_customer,
)
from tierlab.strategy import SERVICE_MODELS, service_plan

__all__ = ["CN_HOLIDAYS", "DEFAULT_KPIS", "action_plan", "check_budget", "contact_calendar",
           "export_plan", "holiday_dates"]

CN_HOLIDAYS = pd.DataFrame(
    [  # (holiday, 中文, first day, last day): the State Council's public-holiday schedules
        ("New Year", "元旦", "2022-12-31", "2023-01-02"),
        ("Spring Festival", "春节", "2023-01-21", "2023-01-27"),
        ("Qingming", "清明节", "2023-04-05", "2023-04-05"),
        ("Labour Day", "劳动节", "2023-04-29", "2023-05-03"),
        ("Dragon Boat", "端午节", "2023-06-22", "2023-06-24"),
        ("Mid-Autumn and National Day", "中秋节、国庆节", "2023-09-29", "2023-10-06"),
        ("New Year", "元旦", "2023-12-30", "2024-01-01"),
        ("Spring Festival", "春节", "2024-02-10", "2024-02-17"),
        ("Qingming", "清明节", "2024-04-04", "2024-04-06"),
        ("Labour Day", "劳动节", "2024-05-01", "2024-05-05"),
        ("Dragon Boat", "端午节", "2024-06-08", "2024-06-10"),
        ("Mid-Autumn", "中秋节", "2024-09-15", "2024-09-17"),
        ("National Day", "国庆节", "2024-10-01", "2024-10-07"),
        ("New Year", "元旦", "2025-01-01", "2025-01-01"),
        ("Spring Festival", "春节", "2025-01-28", "2025-02-04"),
        ("Qingming", "清明节", "2025-04-04", "2025-04-06"),
        ("Labour Day", "劳动节", "2025-05-01", "2025-05-05"),
        ("Dragon Boat", "端午节", "2025-05-31", "2025-06-02"),
        ("National Day and Mid-Autumn", "国庆节、中秋节", "2025-10-01", "2025-10-08"),
        ("New Year", "元旦", "2026-01-01", "2026-01-03"),
        ("Spring Festival", "春节", "2026-02-15", "2026-02-23"),
        ("Qingming", "清明节", "2026-04-04", "2026-04-06"),
        ("Labour Day", "劳动节", "2026-05-01", "2026-05-05"),
        ("Dragon Boat", "端午节", "2026-06-19", "2026-06-21"),
        ("Mid-Autumn", "中秋节", "2026-09-25", "2026-09-27"),
        ("National Day", "国庆节", "2026-10-01", "2026-10-07"),
    ],
    columns=["holiday", "holiday_zh", "start", "end"],
).astype({"start": "datetime64[ns]", "end": "datetime64[ns]"})
"""Chinese public holidays 2023-2026 (shipped, offline): one row per holiday period.

Used by :func:`contact_calendar` so that no calls are planned in a holiday
week such as the Spring Festival (春节) week. Make-up working days (调休) are
not listed.
"""


def holiday_dates(holidays: pd.DataFrame | None = None) -> pd.DatetimeIndex:
    """Every day of the holiday periods in ``holidays`` (default :data:`CN_HOLIDAYS`).

    Parameters
    ----------
    holidays : DataFrame, optional
        Columns ``start`` and ``end`` (inclusive dates).

    Returns
    -------
    pandas.DatetimeIndex
    """
    table = CN_HOLIDAYS if holidays is None else check_dataframe(holidays, "holidays")
    check_columns(table, {"start": "start", "end": "end"}, "holidays")
    days = [pd.date_range(a, b, freq="D") for a, b in zip(pd.to_datetime(table["start"]),
                                                           pd.to_datetime(table["end"]),
                                                           strict=True)]
    return pd.DatetimeIndex(np.concatenate([d.values for d in days])
                            if days else []).unique().sort_values()

DEFAULT_KPIS = {
    "lock in": ("share of wallet kept; sales vs goal", "份额保持；销售达成率"),
    "grow": ("sales growth vs goal; new products used", "销售增长达成率；新产品使用"),
    "maintain": ("sales vs last period", "销售与上期持平"),
    "release": ("cost to serve; online orders", "服务成本；线上订单"),
}
"""KPI text per service-model objective (English, Chinese)."""

_PLAN_COLUMNS = ["tier", "objective", "action", "contact_mode", "calls_per_month", "owner",
                 "due_date", "kpi", "target", "monthly_cost"]


def _calls_per_customer(calls, tiered, customer):
    """Per-customer calls from a column name, a Series by customer id, or an allocation frame."""
    if isinstance(calls, str):
        return check_numeric_column(tiered, calls, "calls", "tiered").to_numpy(float)
    if isinstance(calls, pd.DataFrame):
        check_columns(calls, {"customer": customer, "calls": "calls"}, "calls")
        check_numeric_column(calls, "calls", "calls", "calls")
        check_unique_ids(calls, customer, "calls")
        lookup = calls.set_index(customer)["calls"]
    elif isinstance(calls, pd.Series):
        if calls.index.duplicated().any():
            raise ValueError("calls (a Series) must have one value per customer id in its "
                             "index; the index has duplicates.")
        lookup = pd.to_numeric(calls, errors="coerce")
        if lookup.isna().any():
            raise TypeError("calls (a Series) must hold numbers without missing values.")
    else:
        raise TypeError("calls must be a column name of tiered, a Series indexed by customer id, "
                        f"or a DataFrame with {customer!r} and 'calls' (e.g. from "
                        f"tierlab.strategy.allocate_calls), got {type(calls).__name__}.")
    ids = tiered[customer]
    missing = ids[~ids.isin(lookup.index)]
    if len(missing):
        raise ValueError(f"calls has no value for {len(missing)} customer(s) of tiered, e.g. "
                         f"{list(missing.iloc[:3])!r}; give every customer a number (0 for none).")
    out = lookup.reindex(ids).to_numpy(float)
    if (out < 0).any():
        raise ValueError("calls must be >= 0 for every customer.")
    return out


@uses_customer
def action_plan(tiered: pd.DataFrame, models: pd.DataFrame | None = None, *,
                customer: str = "customer_id", tier: str = "tier", owner: str | None = None,
                target: str | None = None, name: str | None = None,
                start: str | pd.Timestamp | None = None,
                due_days: int | Mapping[object, int] = 30, lang: str = "en",
                calls: str | pd.Series | pd.DataFrame | None = None,
                keep: Sequence[str] = ()) -> pd.DataFrame:
    """A concrete plan per customer: action, owner, due date, KPI, target.

    Parameters
    ----------
    tiered : pandas.DataFrame
        One row per customer with a ``tier`` column.
    models : pandas.DataFrame, optional
        Service model per tier (default :data:`tierlab.strategy.SERVICE_MODELS`).
    customer, tier : str
        Column names in ``tiered``.
    owner : str, optional
        Column of ``tiered`` with the person responsible (e.g. ``"rep_id"``);
        default the model's owner role.
    target : str, optional
        Column with each customer's goal (e.g. ``"goal"`` from
        :func:`tierlab.goals.allocate_target`).
    name : str, optional
        Column with the customer's name, kept next to the id.
    start : date-like, optional
        Plan start; default the first day of next month.
    due_days : int or mapping
        Days from ``start`` to the due date, one number or ``{tier: days}``.
    lang : {"en", "zh", "en_US", "zh_CN"}
        Language of the text columns (uses the models' ``*_zh`` columns); the
        locale names of :func:`tierlab.plotting.set_theme` work too, so a
        notebook can pass ``lang=LOCALE``.
    calls : str, Series or DataFrame, optional
        Calls per month for each customer from an allocation, instead of the
        service model's ``calls_per_month`` per tier: a column of ``tiered``,
        a Series indexed by customer id, or a frame with ``customer`` and
        ``calls`` (e.g. from :func:`tierlab.strategy.allocate_calls` or
        :func:`tierlab.strategy.optimise_allocation`). ``monthly_cost`` is
        then these calls x the model's ``cost_per_contact``. Every customer
        needs a value (0 for none).
    keep : sequence of str
        More columns of ``tiered`` to carry along after the name, e.g.
        ``("hospital_name", "grade", "specialty")`` for a rep's printed plan.

    Returns
    -------
    pandas.DataFrame
        ``customer``, (``name``), the ``keep`` columns, ``tier``,
        ``objective``, ``action``, ``contact_mode``, ``calls_per_month``,
        ``owner``, ``due_date``, ``kpi``, ``target``, ``monthly_cost`` (when
        the models have ``cost_per_contact``); sorted by owner, tier priority
        (the row order of ``models``: the first tier first), customer.

    Examples
    --------
    >>> alloc = allocate_calls(doctors, customer="doctor_id", capacity=900,
    ...                        rule="tier", tier="tier", models=models)  # doctest: +SKIP
    >>> plan = action_plan(doctors, models, customer="doctor_id", owner="rep_id",
    ...                    calls=alloc)  # doctest: +SKIP
    """

    tiered = check_dataframe(tiered, "tiered")
    check_columns(tiered, {"customer": customer, "tier": tier, "owner": owner,
                           "target": target, "name": name}, "tiered")
    check_choice(lang, "lang", ["en", "zh", "en_US", "zh_CN"])
    lang = lang[:2]
    if isinstance(keep, str):
        keep = (keep,)
    extra = [c for c in keep if c not in (customer, tier)]
    check_columns(tiered, {f"keep[{i}]": c for i, c in enumerate(extra)}, "tiered")
    reserved = set(_PLAN_COLUMNS) | {customer, name}
    clash = [c for c in extra if c in reserved]
    if clash:
        raise ValueError(f"keep must not name plan columns; got {clash!r}.")
    models = SERVICE_MODELS if models is None else check_dataframe(models, "models")
    need = ["objective", "action", "contact_mode", "calls_per_month", "owner"]
    check_columns(models, {c: c for c in need}, "models")
    planned = None if calls is None else _calls_per_customer(calls, tiered, customer)
    cols = [c for c in (customer, name, tier, owner, target, *extra) if c is not None]
    cols = list(dict.fromkeys(cols))
    base = tiered[cols].rename(columns={c: f"__in_{c}" for c in cols if c != customer and c != tier})
    joined = service_plan(base, models, customer=customer, tier=tier)

    def text(col):
        zh = f"{col}_zh"
        if lang == "zh" and zh in joined.columns:
            return joined[zh].to_numpy()
        return joined[col].to_numpy()

    if start is None:
        today = pd.Timestamp.today().normalize()
        start = (today + pd.offsets.MonthBegin(1)).normalize()
    start = pd.Timestamp(start)
    if isinstance(due_days, Mapping):
        lookup = {str(k): v for k, v in due_days.items()}
        missing = sorted(set(joined[tier].astype(str)) - set(lookup))
        if missing:
            raise ValueError(f"due_days has no value for tier(s) {', '.join(missing)}.")
        days = np.array([check_int(lookup[str(t)], f"due_days[{t!r}]", 0)
                         for t in joined[tier]])
    else:
        days = np.full(len(joined), check_int(due_days, "due_days", 0))
    out = pd.DataFrame({customer: joined[customer].to_numpy()})
    if name is not None:
        out[name] = joined[f"__in_{name}"].to_numpy()
    for c in extra:
        out[c] = joined[f"__in_{c}"].to_numpy()
    out["tier"] = joined[tier].to_numpy()
    out["objective"] = text("objective")
    out["action"] = text("action")
    out["contact_mode"] = text("contact_mode")
    if planned is None:
        out["calls_per_month"] = joined["calls_per_month"].to_numpy()
    else:  # service_plan keeps the row order of tiered
        out["calls_per_month"] = planned
    out["owner"] = joined[f"__in_{owner}"].to_numpy() if owner is not None else text("owner")
    out["due_date"] = start + pd.to_timedelta(days, unit="D")
    if "kpi" in joined.columns:
        out["kpi"] = text("kpi")
    else:
        k = 1 if lang == "zh" else 0
        out["kpi"] = [DEFAULT_KPIS.get(o, ("sales vs goal", "销售达成率"))[k]
                      for o in joined["objective"]]
    out["target"] = joined[f"__in_{target}"].to_numpy() if target is not None else np.nan
    if "cost_per_contact" in joined.columns:
        out["monthly_cost"] = out["calls_per_month"].to_numpy(float) * joined[
            "cost_per_contact"].to_numpy(float)
    elif "monthly_cost" in joined.columns:
        out["monthly_cost"] = joined["monthly_cost"].to_numpy()
    priority = {str(t): i for i, t in enumerate(pd.unique(models["tier"].astype(str)))}
    out = out.sort_values(
        ["owner", "tier", customer], kind="stable",
        key=lambda s: s.astype(str).map(priority) if s.name == "tier" else s.astype(str),
    ).reset_index(drop=True)
    return out


@uses_customer
def contact_calendar(plan: pd.DataFrame, start: str | pd.Timestamp, weeks: int = 4, *,
                     customer: str = "customer_id", calls: str = "calls_per_month",
                     keep: Sequence[str] = ("tier", "owner"),
                     holidays: str | pd.DataFrame | None = "CN") -> pd.DataFrame:
    """Customer x week calendar of planned contacts.

    Each week (Monday to Sunday) belongs to the month of its Monday. A
    customer's ``calls_per_month`` are spread over the open weeks of each
    month, staggered between customers so that the workload is even. A week
    with three or more public-holiday weekdays (the Spring Festival week, the
    National Day week) is closed: no calls are planned in it and the month's
    calls go to its other weeks. With whole calls per month, every full month
    in the calendar has exactly that many contacts and a partly covered month
    never more; fractional values (0.25 = one contact every four months) are
    spread over time.

    Parameters
    ----------
    plan : pandas.DataFrame
        One row per customer with ``customer`` and ``calls`` (e.g. from :func:`action_plan`).
    start : date-like
        First day; the calendar starts on the Monday of that week.
    weeks : int
        Number of weeks.
    customer, calls : str
        Column names.
    keep : sequence of str
        Columns of ``plan`` to carry along (those that exist).
    holidays : "CN", DataFrame or None, default "CN"
        Public holidays: ``"CN"`` the shipped table :data:`CN_HOLIDAYS`
        (2023-2026), a table with ``start`` and ``end`` columns, or ``None``
        for none.

    Returns
    -------
    pandas.DataFrame
        ``customer``, the ``keep`` columns, one integer column per week
        (labelled by its Monday, ``"YYYY-MM-DD"``) and ``total``;
        ``attrs["closed_weeks"]`` lists the closed weeks.
    """
    plan = check_dataframe(plan, "plan")
    check_columns(plan, {"customer": customer, "calls": calls}, "plan")
    c = check_numeric_column(plan, calls, "calls", "plan").to_numpy()
    if (c < 0).any():
        raise ValueError(f"calls={calls!r} must be >= 0.")
    weeks = check_int(weeks, "weeks", 1, 260)
    check_unique_ids(plan, customer, "plan")
    try:
        start = pd.Timestamp(start).normalize()
    except (ValueError, TypeError) as exc:
        raise ValueError(f"start must be a date, got {start!r}.") from exc
    monday = start - pd.Timedelta(days=start.weekday())
    mondays = pd.date_range(monday, periods=weeks, freq="7D")
    if isinstance(holidays, str):
        check_choice(holidays, "holidays", ["CN"])
        off = holiday_dates()
    elif holidays is None:
        off = pd.DatetimeIndex([])
    else:
        off = holiday_dates(holidays)
    off_set = set(off.normalize())

    def closed(m):  # three or more holiday weekdays: no field work that week
        return sum((m + pd.Timedelta(days=d)) in off_set for d in range(5)) >= 3

    def month_mondays(ts):
        first = ts.replace(day=1)
        return pd.date_range(first + pd.Timedelta(days=(7 - first.weekday()) % 7),
                             first + pd.offsets.MonthEnd(0), freq="7D")

    open_per_month = {}
    for m in mondays:
        key = (m.year, m.month)
        if key not in open_per_month:
            open_per_month[key] = sum(not closed(x) for x in month_mondays(m)) or 1
    shut = [closed(m) for m in mondays]
    # cumulative months elapsed, in sixtieths (a month has 1-5 open weeks): exact integers
    steps60 = np.array([0 if sh else 60 // open_per_month[(m.year, m.month)]
                        for m, sh in zip(mondays, shut, strict=True)], dtype=np.int64)
    cum60 = np.concatenate([[0], np.cumsum(steps60)]).astype(float)
    offsets = (np.arange(len(plan)) * 0.6180339887498949) % 1.0  # staggers the workload
    level = np.floor((c[:, None] * cum60[None, :] + 60 * offsets[:, None]) / 60)
    counts = np.diff(level, axis=1).astype(np.int64)
    out = plan[[customer] + [k for k in keep if k in plan.columns and k != customer]].copy()
    out = out.reset_index(drop=True)
    labels = [m.strftime("%Y-%m-%d") for m in mondays]
    out = pd.concat([out, pd.DataFrame(counts, columns=labels)], axis=1)
    out["total"] = counts.sum(axis=1)
    out.attrs["closed_weeks"] = [lab for lab, sh in zip(labels, shut, strict=True) if sh]
    return out


# --------------------------------------------------------------------------- export
_BAD_SHEET = re.compile(r"[\[\]:*?/\\]")

_HEADERS = {  # column -> (English, Chinese) headers of the printed plan
    "customer_id": ("Customer ID", "客户编号"), "doctor_id": ("Doctor ID", "医生编号"),
    "member_id": ("Member ID", "会员编号"), "doctor_name": ("Doctor", "医生"),
    "member_name": ("Member", "会员"), "customer_name": ("Customer", "客户"),
    "name": ("Name", "姓名"), "hospital_name": ("Hospital", "医院"),
    "hospital": ("Hospital", "医院"), "hospital_id": ("Hospital ID", "医院编号"),
    "grade": ("Hospital grade", "医院等级"), "specialty": ("Specialty", "科室"),
    "title": ("Title", "职称"), "city": ("City", "城市"), "store_name": ("Store", "门店"),
    "tier": ("Tier", "级别"), "objective": ("Objective", "策略目标"), "action": ("Action", "行动"),
    "contact_mode": ("Contact mode", "接触方式"),
    "calls_per_month": ("Calls per month", "每月拜访次数"), "owner": ("Owner", "负责人"),
    "rep_id": ("Rep ID", "代表编号"), "rep_name": ("Rep", "代表"),
    "due_date": ("Next due date", "下次截止日期"), "kpi": ("KPI", "考核指标"),
    "target": ("Target", "目标"), "monthly_cost": ("Monthly cost", "月度成本"),
    "total": ("Total", "合计"), "coupon": ("Coupon", "优惠券"),
}
_SHEET_TEXT = {"calendar": ("Calendar", "拜访日历"), "no_owner": ("No owner", "未分配"),
               "page": ("Page &P of &N", "第 &P 页，共 &N 页")}


def _sheet_names(values):
    names, used = {}, set()
    for v in values:
        base = _BAD_SHEET.sub("_", str(v)).strip("'") or "blank"
        base = base[:31]
        name, k = base, 2
        while name.lower() in used:
            suffix = f" ({k})"
            name = base[: 31 - len(suffix)] + suffix
            k += 1
        used.add(name.lower())
        names[v] = name
    return names


def _display_len(value) -> int:
    s = str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)


def _cell(value):
    if value is None:
        return None
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.to_pydatetime()
    if isinstance(value, np.datetime64):
        return None if np.isnat(value) else pd.Timestamp(value).to_pydatetime()
    if isinstance(value, np.bool_ | bool):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating | float):
        if math.isnan(value):
            return None
        return int(value) if float(value).is_integer() and abs(value) < 2**53 else float(value)
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value if isinstance(value, str | int | _dt.date) else str(value)


def _header(col, lang: str, unit: str | None = None) -> str:
    en, zh = _HEADERS.get(str(col), (str(col).replace("_", " ").capitalize(), None))
    text = zh if lang == "zh" and zh else en
    if col == "target" and unit:
        text += f"（{unit}）" if lang == "zh" else f" ({unit})"
    return text


def _argb(hex_color: str) -> str:
    return "FF" + hex_color.lstrip("#").upper()


def _ink(hex_color: str) -> str:
    r, g, b = (int(hex_color.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    return "FFFFFFFF" if 0.2126 * r + 0.7152 * g + 0.0722 * b < 150 else "FF000000"


def _write_sheet(ws, df: pd.DataFrame, date_format: str, *, lang="en", unit=None,
                 header_dates=False, title=None):
    """One table per sheet: header row, formats, widths, tier colours, print set-up."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from tierlab.plotting import colors_for

    columns = list(df.columns)
    head = []
    for c in columns:
        if header_dates and _ISO_DAY.fullmatch(str(c)):
            head.append(pd.Timestamp(c).to_pydatetime())
        else:
            head.append(_header(c, lang, unit))
    ws.append(head)
    for row in df.itertuples(index=False, name=None):
        ws.append([_cell(v) for v in row])
    head_font = Font(bold=True, color="FFFFFF")
    head_fill = PatternFill("solid", fgColor="2E5C8A")
    for cell in ws[1]:
        cell.font = head_font
        cell.fill = head_fill
        cell.alignment = Alignment(vertical="center", horizontal="center", wrap_text=False)
        if isinstance(cell.value, _dt.datetime):
            cell.number_format = "mm-dd" if lang == "en" else "m月d日"
    ws.freeze_panes = "B2" if header_dates else "A2"
    n = len(df)
    if columns:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{n + 1}"
    for j, col in enumerate(columns, start=1):
        letter = get_column_letter(j)
        s = df[col]
        cells = [row[0] for row in ws.iter_rows(min_row=2, max_row=n + 1, min_col=j,
                                                max_col=j)]
        width = _display_len(head[j - 1]) if not isinstance(head[j - 1], _dt.datetime) else 6
        if pd.api.types.is_datetime64_any_dtype(s):
            width = max(width, len(date_format))
            for cell in cells:
                cell.number_format = date_format
        elif pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
            v = s.to_numpy(dtype=float, na_value=np.nan)
            whole = np.isnan(v) | (v == np.round(v))
            name = str(col)
            fmt_whole = "#,##0"
            fmt_frac = "0.0#" if name == "calls_per_month" else "#,##0.00"
            if name == "target" and unit:
                fmt_whole = f'#,##0" {unit}"'
            if "share" in name or name.endswith("_pct"):
                fmt_whole = fmt_frac = "0.0%"
            for cell, w in zip(cells, whole, strict=True):
                cell.number_format = fmt_whole if w else fmt_frac
            finite = v[np.isfinite(v)]
            digits = len(f"{np.abs(finite).max():,.0f}") if finite.size else 1
            width = max(width, digits + (len(unit) + 1 if name == "target" and unit else 0)
                        + (3 if not whole.all() else 0))
        else:
            sample = s.head(300)
            width = max([width] + [_display_len(v) for v in sample if v is not None])
        if str(col) == "tier":  # the tier's colour, as in every figure and explorer
            values = s.astype(str).to_numpy()
            lookup = dict(zip(pd.unique(values), colors_for(list(pd.unique(values))),
                              strict=True))
            fills = {t: PatternFill("solid", fgColor=_argb(c)) for t, c in lookup.items()}
            fonts = {t: Font(color=_ink(c), bold=True) for t, c in lookup.items()}
            for cell, t in zip(cells, values, strict=True):
                cell.fill = fills[t]
                cell.font = fonts[t]
                cell.alignment = Alignment(horizontal="center")
        ws.column_dimensions[letter].width = min(max(width + 2, 6 if header_dates else 8), 50)
    # print set-up: landscape A4, all columns on one page wide, header row on every page
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.print_options.gridLines = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    if title:
        ws.oddHeader.center.text = title.replace("&", "&&")
    ws.oddFooter.center.text = _SHEET_TEXT["page"][1 if lang == "zh" else 0]


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _sort_plan(df, tier, value, priority):
    key_tier = df[tier].astype(str).map(priority).fillna(len(priority)) if tier in df else None
    order = pd.DataFrame(index=df.index)
    cols, asc = [], []
    if key_tier is not None:
        order["__tier"] = key_tier.to_numpy()
        cols.append("__tier")
        asc.append(True)
    if value is not None:
        order["__value"] = pd.to_numeric(df[value], errors="coerce").fillna(-np.inf).to_numpy()
        cols.append("__value")
        asc.append(False)
    if not cols:
        return df
    idx = order.sort_values(cols, ascending=asc, kind="stable").index
    return df.loc[idx]


def export_plan(plan: pd.DataFrame, path: str | Path, *, owner: str = "owner",
                calendar: pd.DataFrame | None = None, date_format: str = "yyyy-mm-dd",
                lang: str = "en", owner_names: Mapping | pd.Series | None = None,
                value: str | None = None, unit: str | None = None,
                columns: Sequence[str] | None = None,
                tiers: Sequence | None = None) -> Path:
    """Write an action plan to an Excel workbook a rep can print (one sheet per owner) or a CSV.

    Parameters
    ----------
    plan : pandas.DataFrame
        E.g. from :func:`action_plan` (with ``keep=("hospital_name", "grade",
        "specialty")`` for the doctor's hospital, grade and specialty).
    path : str or pathlib.Path
        ``.xlsx``: a workbook with one sheet per ``owner``, named after the
        owner (``owner_names``), rows sorted by tier priority then by
        ``value`` (largest first); localised headers; whole numbers without
        decimals and the target with its unit; the tier cell in the tier's
        colour (:func:`tierlab.plotting.colors_for`); bold frozen header,
        fitted widths, date format, autofilter; printed landscape on A4, fit
        to one page wide, header row repeated on every page. ``.csv``: UTF-8
        with a byte-order mark, so Excel shows Chinese text correctly.
    owner : str
        Column that splits the workbook into sheets.
    calendar : pandas.DataFrame, optional
        A :func:`contact_calendar`, added as a last sheet (xlsx only): the
        customer's name (from ``plan``) next to the id, one column per week
        with the date as a real date, rows without any planned call left out.
    date_format : str
        Excel number format for date columns.
    lang : {"en", "zh", "en_US", "zh_CN"}
        Language of the headers and sheet texts.
    owner_names : mapping or Series, optional
        Owner id -> name (e.g. ``reps.set_index("rep_id")["rep_name"]``) for
        the sheet names; default the owner values themselves.
    value : str, optional
        Column to sort by within a tier, largest first (default ``"target"``
        when the plan has it).
    unit : str, optional
        Unit of the target (e.g. ``"units"`` or ``"盒"``), shown in its header
        and its cells.
    columns : sequence of str, optional
        Columns to print, in order (default: the customer id and name, the
        other customer columns, tier, objective, action, contact mode, calls
        per month, target, next due date, KPI; the owner column is the sheet).
    tiers : sequence, optional
        Tier priority (default: the plan's tier categories, else the order of
        :data:`tierlab.strategy.SERVICE_MODELS` for its tiers, else first seen).

    Returns
    -------
    pathlib.Path
        The file written.
    """
    plan = check_dataframe(plan, "plan")
    path = Path(path)
    suffix = path.suffix.lower()
    check_choice(suffix, "path suffix", [".xlsx", ".csv"])
    if suffix == ".csv":
        plan.to_csv(path, index=False, encoding="utf-8-sig", date_format="%Y-%m-%d")
        return path
    from openpyxl import Workbook

    check_choice(lang, "lang", ["en", "zh", "en_US", "zh_CN"])
    lang = lang[:2]
    check_columns(plan, {"owner": owner, "value": value}, "plan")
    if calendar is not None:
        check_dataframe(calendar, "calendar")
    if value is None and "target" in plan.columns and \
            pd.api.types.is_numeric_dtype(plan["target"]) and plan["target"].notna().any():
        value = "target"
    if columns is None:
        skip = {owner, "monthly_cost"}
        columns = [c for c in plan.columns if c not in skip]
        if "target" in columns and "calls_per_month" in columns:  # target next to the calls
            columns.remove("target")
            columns.insert(columns.index("calls_per_month") + 1, "target")
    else:
        columns = list(columns)
        check_columns(plan, {f"columns[{i}]": c for i, c in enumerate(columns)}, "plan")
    if tiers is None and "tier" in plan.columns:
        if isinstance(plan["tier"].dtype, pd.CategoricalDtype):
            tiers = list(plan["tier"].cat.categories)
        else:
            from tierlab.strategy import SERVICE_MODELS

            model = [str(t) for t in SERVICE_MODELS["tier"]]
            seen = [str(t) for t in pd.unique(plan["tier"].dropna())]
            tiers = [t for t in model if t in seen] + [t for t in seen if t not in model]
    priority = {str(t): i for i, t in enumerate(tiers or [])}
    names_of = {}
    if owner_names is not None:
        names_of = dict(owner_names.items()) if hasattr(owner_names, "items") else None
        if names_of is None:
            raise TypeError("owner_names must be a mapping or Series owner id -> name, got "
                            f"{type(owner_names).__name__}.")
    wb = Workbook()
    wb.remove(wb.active)
    owners = sorted(pd.unique(plan[owner].dropna()), key=lambda o: str(names_of.get(o, o)))
    cal_title = _SHEET_TEXT["calendar"][1 if lang == "zh" else 0]
    labels = {o: str(names_of.get(o, o)) for o in owners}
    sheet = _sheet_names([labels[o] for o in owners] + ([cal_title] if calendar is not None
                                                        else []))
    groups = {o: g for o, g in plan.groupby(owner, sort=False)}
    for o in owners:
        ws = wb.create_sheet(sheet[labels[o]])
        part = _sort_plan(groups[o], "tier", value, priority)[columns].reset_index(drop=True)
        title = labels[o] if labels[o] == str(o) else f"{labels[o]} ({o})"
        _write_sheet(ws, part, date_format, lang=lang, unit=unit, title=title)
    if plan[owner].isna().any():
        ws = wb.create_sheet(_SHEET_TEXT["no_owner"][1 if lang == "zh" else 0])
        part = _sort_plan(plan[plan[owner].isna()], "tier", value, priority)[columns]
        _write_sheet(ws, part.reset_index(drop=True), date_format, lang=lang, unit=unit)
    if calendar is not None:
        cal = _printable_calendar(calendar, plan, owner, names_of, priority)
        ws = wb.create_sheet(sheet[cal_title])
        _write_sheet(ws, cal, date_format, lang=lang, header_dates=True, title=cal_title)
    if not wb.sheetnames:
        wb.create_sheet("plan")
    wb.save(path)
    return path


def _printable_calendar(calendar, plan, owner, names_of, priority):
    """The calendar as a rep reads it: names, owners by name, no empty rows, by owner and tier."""
    cal = calendar.reset_index(drop=True)
    weeks = [c for c in cal.columns if _ISO_DAY.fullmatch(str(c))]
    if weeks:
        cal = cal[cal[weeks].to_numpy().sum(axis=1) > 0]
    ident = cal.columns[0]
    name_cols = [c for c in plan.columns if str(c).endswith("_name") and c not in cal.columns
                 and c != owner]
    if ident in plan.columns and name_cols:
        lookup = plan.drop_duplicates(ident).set_index(ident)[name_cols[0]]
        cal.insert(1, name_cols[0], cal[ident].map(lookup).to_numpy())
    if owner in cal.columns and names_of:
        cal[owner] = cal[owner].map(lambda o: names_of.get(o, o))
    sort_cols = [c for c in (owner,) if c in cal.columns]
    cal = cal.assign(__o=cal[owner].astype(str) if sort_cols else 0,
                     __t=cal["tier"].astype(str).map(priority).fillna(len(priority))
                     if "tier" in cal.columns else 0)
    cal = cal.sort_values(["__o", "__t"], kind="stable").drop(columns=["__o", "__t"])
    return cal.reset_index(drop=True)
