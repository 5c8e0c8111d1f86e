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
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from tierlab._validation import (
    check_choice,
    check_columns,
    check_dataframe,
    check_int,
    check_numeric_column,
    check_unique_ids,
    uses_customer,
)
from tierlab.strategy import SERVICE_MODELS, service_plan

__all__ = ["DEFAULT_KPIS", "action_plan", "contact_calendar", "export_plan"]

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
def action_plan(tiered, models=None, *, customer="customer_id", tier="tier", owner=None,
                target=None, name=None, start=None, due_days=30, lang="en", calls=None):
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

    Returns
    -------
    pandas.DataFrame
        ``customer``, (``name``), ``tier``, ``objective``, ``action``,
        ``contact_mode``, ``calls_per_month``, ``owner``, ``due_date``,
        ``kpi``, ``target``, ``monthly_cost`` (when the models have
        ``cost_per_contact``); sorted by owner, tier, customer.

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
    models = SERVICE_MODELS if models is None else check_dataframe(models, "models")
    need = ["objective", "action", "contact_mode", "calls_per_month", "owner"]
    check_columns(models, {c: c for c in need}, "models")
    planned = None if calls is None else _calls_per_customer(calls, tiered, customer)
    keep = [c for c in (customer, name, tier, owner, target) if c is not None]
    keep = list(dict.fromkeys(keep))
    base = tiered[keep].rename(columns={c: f"__in_{c}" for c in keep if c != customer and c != tier})
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
    out = out.sort_values(["owner", "tier", customer], key=lambda s: s.astype(str),
                          kind="stable").reset_index(drop=True)
    return out


@uses_customer
def contact_calendar(plan, start, weeks=4, *, customer="customer_id", calls="calls_per_month",
                     keep=("tier", "owner")):
    """Customer x week calendar of planned contacts.

    Each week (Monday to Sunday) belongs to the month of its Monday. A
    customer's ``calls_per_month`` are spread over the weeks of each month,
    staggered between customers so that the workload is even. With whole
    calls per month, every full month in the calendar has exactly that many
    contacts and a partly covered month never more; fractional values (0.25 =
    one contact every four months) are spread over time.

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

    Returns
    -------
    pandas.DataFrame
        ``customer``, the ``keep`` columns, one integer column per week
        (labelled by its Monday, ``"YYYY-MM-DD"``) and ``total``.
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

    def mondays_in_month(ts):
        first = ts.replace(day=1)
        n_days = ts.days_in_month
        first_monday = (7 - first.weekday()) % 7  # 0-based day index of the first Monday
        return len(range(first_monday, n_days, 7))

    # cumulative months elapsed, in twentieths (a month has 4 or 5 Mondays): exact integers
    steps20 = np.array([20 // mondays_in_month(m) for m in mondays], dtype=np.int64)
    cum20 = np.concatenate([[0], np.cumsum(steps20)]).astype(float)
    offsets = (np.arange(len(plan)) * 0.6180339887498949) % 1.0  # staggers the workload
    level = np.floor((c[:, None] * cum20[None, :] + 20 * offsets[:, None]) / 20)
    counts = np.diff(level, axis=1).astype(np.int64)
    out = plan[[customer] + [k for k in keep if k in plan.columns and k != customer]].copy()
    out = out.reset_index(drop=True)
    labels = [m.strftime("%Y-%m-%d") for m in mondays]
    out = pd.concat([out, pd.DataFrame(counts, columns=labels)], axis=1)
    out["total"] = counts.sum(axis=1)
    return out


# --------------------------------------------------------------------------- export
_BAD_SHEET = re.compile(r"[\[\]:*?/\\]")


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
        return None if math.isnan(value) else float(value)
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value if isinstance(value, str | int | _dt.date) else str(value)


def _write_sheet(ws, df: pd.DataFrame, date_format: str):
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws.append([str(c) for c in df.columns])
    for row in df.itertuples(index=False, name=None):
        ws.append([_cell(v) for v in row])
    head_font = Font(bold=True, color="FFFFFF")
    head_fill = PatternFill("solid", fgColor="2E5C8A")
    for cell in ws[1]:
        cell.font = head_font
        cell.fill = head_fill
        cell.alignment = Alignment(vertical="center", wrap_text=False)
    ws.freeze_panes = "A2"
    if len(df.columns):
        ws.auto_filter.ref = f"A1:{get_column_letter(len(df.columns))}{len(df) + 1}"
    for j, col in enumerate(df.columns, start=1):
        letter = get_column_letter(j)
        is_date = pd.api.types.is_datetime64_any_dtype(df[col])
        values = df[col].head(500)
        width = max([_display_len(col)] + [_display_len(v) for v in values if v is not None])
        if is_date:
            width = max(_display_len(col), len(date_format))
            for cell in ws[letter][1:]:
                cell.number_format = date_format
        elif pd.api.types.is_float_dtype(df[col]):
            for cell in ws[letter][1:]:
                cell.number_format = "#,##0.00"
        ws.column_dimensions[letter].width = min(max(width + 2, 8), 60)


def export_plan(plan, path, *, owner="owner", calendar=None, date_format="yyyy-mm-dd"):
    """Write an action plan to an Excel workbook (one sheet per owner) or to a CSV file.

    Parameters
    ----------
    plan : pandas.DataFrame
        E.g. from :func:`action_plan`.
    path : str or pathlib.Path
        ``.xlsx``: a workbook with one sheet per ``owner`` (bold, coloured and
        frozen header row, column widths fitted to the content, date format,
        autofilter). ``.csv``: UTF-8 with a byte-order mark, so Excel shows
        Chinese text correctly.
    owner : str
        Column that splits the workbook into sheets.
    calendar : pandas.DataFrame, optional
        A :func:`contact_calendar`, added as a last sheet "Calendar" (xlsx only).
    date_format : str
        Excel number format for date columns.

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

    check_columns(plan, {"owner": owner}, "plan")
    if calendar is not None:
        check_dataframe(calendar, "calendar")
    wb = Workbook()
    wb.remove(wb.active)
    owners = sorted(pd.unique(plan[owner].dropna()), key=str)
    names = _sheet_names(owners + (["Calendar"] if calendar is not None else []))
    for o in owners:
        ws = wb.create_sheet(names[o])
        _write_sheet(ws, plan[plan[owner] == o].reset_index(drop=True), date_format)
    if plan[owner].isna().any():
        ws = wb.create_sheet("no owner")
        _write_sheet(ws, plan[plan[owner].isna()].reset_index(drop=True), date_format)
    if calendar is not None:
        ws = wb.create_sheet(names["Calendar"])
        _write_sheet(ws, calendar.reset_index(drop=True), date_format)
    if not wb.sheetnames:
        wb.create_sheet("plan")
    wb.save(path)
    return path
