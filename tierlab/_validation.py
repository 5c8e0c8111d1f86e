"""Input checks shared by every tierlab function.

Errors name the parameter or column, say what was expected and what came,
so a learner never meets a bare ``KeyError`` from deep inside pandas.
"""

from __future__ import annotations

import functools
import inspect
import numbers
from collections.abc import Callable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from tierlab._ids import check_unique_id_column, unique_id_codes

__all__ = [
    "check_dataframe",
    "check_columns",
    "check_numeric_column",
    "check_int",
    "check_number",
    "check_choice",
    "check_unique_ids",
    "check_date_column",
    "check_group_column",
    "check_same_id_type",
    "check_budget",
    "UNASSIGNED",
    "check_customer",
    "check_customer_codes",
    "check_labels",
    "check_is_fitted",
    "CASE_ID_COLUMNS",
    "register_id_column",
    "resolve_customer",
    "uses_customer",
]

#: Label of the explicit group for rows whose tier or segment is missing.
UNASSIGNED = "unassigned"

#: The default name of the customer-id parameter of every tierlab function.
DEFAULT_CUSTOMER = "customer_id"

#: Id columns of the course's cases (a case adds its own with :func:`register_id_column`).
#: When a table has no ``customer_id`` column but exactly one of these, a function
#: called with the default ``customer="customer_id"`` uses it.
CASE_ID_COLUMNS: list[str] = ["doctor_id", "member_id"]


def register_id_column(column: str) -> None:
    """Declare the customer-id column of a case (e.g. ``"distributor_id"``)."""
    if not isinstance(column, str) or not column:
        raise TypeError(f"column must be a non-empty str, got {column!r}.")
    if column not in CASE_ID_COLUMNS:
        CASE_ID_COLUMNS.append(column)


def check_dataframe(data: object, name: str = "data") -> pd.DataFrame:
    """Raise ``TypeError`` unless ``data`` is a pandas DataFrame; return it."""
    if not isinstance(data, pd.DataFrame):
        hint = (" read_transactions returns a ReadResult: pass its .data (or unpack it: "
                "tx, report = read_transactions(...))."
                if isinstance(getattr(data, "data", None), pd.DataFrame) else "")
        raise TypeError(f"{name} must be a pandas DataFrame, got {type(data).__name__}.{hint}")
    return data


def _preview(columns: Iterable, limit: int = 12) -> str:
    cols = [str(c) for c in columns]
    more = f", ... ({len(cols) - limit} more)" if len(cols) > limit else ""
    return ", ".join(repr(c) for c in cols[:limit]) + more


def check_columns(data: pd.DataFrame, columns: Mapping[str, object], name: str = "data") -> None:
    """Check that each ``{parameter: column}`` names an existing column of ``data``.

    Examples
    --------
    >>> check_columns(df, {"customer": "cust_id", "value": "sales"})  # doctest: +SKIP
    ValueError: customer='cust_id' is not a column of data. Columns are: 'id', 'sales'.
    """
    check_dataframe(data, name)
    for param, col in columns.items():
        if col is None:
            continue
        if col not in data.columns:
            raise ValueError(
                f"{param}={col!r} is not a column of {name}. "
                f"Columns are: {_preview(data.columns)}.{_did_you_mean(data, param)}"
            )


def _id_candidates(data: pd.DataFrame) -> list[str]:
    cols = [str(c) for c in data.columns]
    known = [c for c in CASE_ID_COLUMNS if c in cols]
    return known or [c for c in cols if c.endswith("_id") or c.endswith("编码")]


def _did_you_mean(data: pd.DataFrame, param: str) -> str:
    if param not in {"customer", "unit"}:
        return ""
    cands = _id_candidates(data)
    if not cands:
        return ""
    return " Did you mean " + " or ".join(f"{param}={c!r}" for c in cands[:3]) + "?"


def check_numeric_column(data: pd.DataFrame, column: str, param: str, name: str = "data",
                         allow_nan: bool = False, allow_inf: bool = False) -> pd.Series:
    """Return ``data[column]`` as float, or raise naming the parameter and a bad value.

    Missing values are rejected unless ``allow_nan``; infinite values (``inf``,
    e.g. from a division by zero) are rejected unless ``allow_inf``.
    """
    check_columns(data, {param: column}, name)
    s = data[column]
    if not (pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s)):
        converted = pd.to_numeric(s, errors="coerce")
        bad = s[converted.isna() & s.notna()]
        if len(bad):
            raise TypeError(
                f"{param}={column!r} must hold numbers, but {name}[{column!r}] has "
                f"{len(bad)} non-numeric value(s), e.g. {bad.iloc[0]!r} (dtype {s.dtype})."
            )
        s = converted
    s = s.astype(float)
    if not allow_nan and s.isna().any():
        n = int(s.isna().sum())
        raise ValueError(
            f"{param}={column!r} has {n} missing value(s) in {name}; fill or drop them first "
            f"(e.g. data.dropna(subset=[{column!r}]))."
        )
    if not allow_inf:
        inf = np.isinf(s.to_numpy())
        if inf.any():
            raise ValueError(
                f"{param}={column!r} has {int(inf.sum())} infinite value(s) in {name}, e.g. at "
                f"row {s.index[inf][0]!r}; totals, shares and ranks would be meaningless. "
                f"Replace them first, e.g. {name}[{column!r}].replace([np.inf, -np.inf], np.nan) "
                "and then fill or drop."
            )
    return s


def check_int(value: object, name: str, minimum: int | None = None, maximum: int | None = None) -> int:
    """Check that ``value`` is an integer within ``[minimum, maximum]``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}: {value!r}.")
    value = int(value)
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}.")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be <= {maximum}, got {value}.")
    return value


def check_number(value: object, name: str, minimum: float | None = None, maximum: float | None = None,
                 inclusive: bool = True) -> float:
    """Check that ``value`` is a real number within the given bounds."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or np.isnan(value):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}: {value!r}.")
    value = float(value)
    if inclusive:
        low_bad = minimum is not None and value < minimum
        high_bad = maximum is not None and value > maximum
    else:
        low_bad = minimum is not None and value <= minimum
        high_bad = maximum is not None and value >= maximum
    if low_bad or high_bad:
        lo = "-inf" if minimum is None else minimum
        hi = "inf" if maximum is None else maximum
        brackets = "[]" if inclusive else "()"
        raise ValueError(f"{name} must lie in {brackets[0]}{lo}, {hi}{brackets[1]}, got {value}.")
    return value


def check_choice(value: object, name: str, options: Iterable) -> object:
    """Check that ``value`` is one of ``options``."""
    options = list(options)
    if value not in options:
        raise ValueError(f"{name} must be one of {_preview(options)}, got {value!r}.")
    return value


def check_unique_ids(data: pd.DataFrame, customer: str, name: str = "data") -> pd.Series:
    """Return ``data[customer]`` after checking it exists, has no gaps and no repeats.

    For tables that must hold one row per customer (tierings, goals, plans); an
    empty table passes (use :func:`check_customer` to require rows). The check and
    its messages are :mod:`tierlab._ids`' (shared with :func:`check_customer_codes`):
    sorted ids take one comparison pass, others one hash pass (no codes, no sort).

    Examples
    --------
    >>> check_unique_ids(pd.DataFrame({"doctor_id": ["D2", "D1"]}), "doctor_id").tolist()
    ['D2', 'D1']
    >>> check_unique_ids(pd.DataFrame({"doctor_id": ["D1", "D1"]}), "doctor_id", "plan")
    Traceback (most recent call last):
    ...
    ValueError: customer='doctor_id' must identify one row per customer, but plan has 1 repeated id(s), e.g. 'D1'. Aggregate first, e.g. plan.groupby('doctor_id', as_index=False).sum().
    """
    check_columns(data, {"customer": customer}, name)
    check_unique_id_column(data, customer, name)
    return data[customer]


def check_date_column(data: pd.DataFrame, column: str, param: str = "date",
                      name: str = "data") -> None:
    """Reject a date column that holds numbers instead of dates, with a hint.

    pandas reads the integer ``20240105`` or the Excel serial ``45296`` as
    nanoseconds since 1970, so every date would silently become 1970-01-01.
    Text dates and datetime columns pass (they are parsed by the caller).
    """
    check_columns(data, {param: column}, name)
    s = data[column]
    if pd.api.types.is_datetime64_any_dtype(s):
        return
    if pd.api.types.is_bool_dtype(s):
        nums = s.iloc[:0]
    elif pd.api.types.is_numeric_dtype(s):
        nums = s.dropna()
    elif s.dtype == object:
        nums = s[s.map(lambda v: isinstance(v, (numbers.Number, np.number))
                       and not isinstance(v, bool))]
    else:
        return
    if not len(nums) and not pd.api.types.is_bool_dtype(s):
        return
    example = _plain(nums.iloc[0] if len(nums) else s.iloc[0])
    try:
        as_int = int(example)
    except (TypeError, ValueError, OverflowError):
        as_int = None
    if as_int is not None and 19000101 <= as_int <= 21001231:
        hint = (f"they look like YYYYMMDD numbers: use pd.to_datetime({name}[{column!r}]"
                ".astype(str), format='%Y%m%d')")
    elif as_int is not None and 20000 <= as_int <= 80000:
        hint = (f"they look like Excel serial day numbers: use pd.to_datetime({name}[{column!r}]"
                ", unit='D', origin='1899-12-30')")
    else:
        hint = "convert them with pd.to_datetime(..., format=...)"
    raise TypeError(
        f"{param}={column!r} must hold dates, but {name}[{column!r}] holds numbers "
        f"(e.g. {example!r}, dtype {s.dtype}); read as dates they would all fall on "
        f"1970-01-01. {hint[0].upper()}{hint[1:]}, or read the file with "
        "tierlab.read_transactions, which converts both."
    )


def check_group_column(data: pd.DataFrame, column: str, param: str, name: str = "data",
                       missing: str = "unassigned") -> pd.Series:
    """Return a tier/segment column whose missing values are never silently dropped.

    ``missing="unassigned"`` puts rows without a group into an explicit
    :data:`UNASSIGNED` group, returned as a categorical whose last category it
    is (the other groups keep their order, or are sorted);
    ``missing="raise"`` rejects them with a message naming the column.
    """
    check_columns(data, {param: column}, name)
    check_choice(missing, "missing", ["unassigned", "raise"])
    s = data[column]
    gaps = s.isna()
    if not gaps.any():
        return s
    n = int(gaps.sum())
    if missing == "raise":
        raise ValueError(
            f"{param}={column!r} has {n} missing value(s) in {name}, e.g. at row "
            f"{s.index[gaps.to_numpy()][0]!r}; every row needs a group. Fill them first, e.g. "
            f"{name}[{column!r}].fillna({UNASSIGNED!r}) (and add it to order=), or drop them."
        )
    if isinstance(s.dtype, pd.CategoricalDtype):
        if UNASSIGNED not in s.cat.categories:
            s = s.cat.add_categories([UNASSIGNED])
        return s.fillna(UNASSIGNED)
    known = [v for v in pd.unique(s.dropna()) if v != UNASSIGNED]
    try:
        known = sorted(known)
    except TypeError:
        known = sorted(known, key=str)
    return pd.Series(pd.Categorical(s.astype(object).where(~gaps, UNASSIGNED),
                                    categories=[*known, UNASSIGNED]), index=s.index, name=s.name)


def _plain(v):
    return v.item() if isinstance(v, np.generic) else v


def _id_kind(values: pd.Series) -> set:
    if pd.api.types.is_bool_dtype(values):
        return {"bool"}
    if pd.api.types.is_numeric_dtype(values):
        return {"number"}
    if pd.api.types.is_string_dtype(values) and values.dtype != object:
        return {"text"}
    return {"text" if isinstance(v, str) else "number" if isinstance(v, (numbers.Number,
                                                                        np.number))
            else type(v).__name__ for v in values.dropna()}


def check_same_id_type(first: pd.DataFrame, column_a: str, name_a: str, second: pd.DataFrame,
                       column_b: str, name_b: str, param: str = "customer") -> None:
    """Raise when customer ids of two tables (or within one column) mix numbers and text.

    ``1`` and ``"1"`` never match in a merge, so a silent mismatch would lose
    every customer; the message names both tables and the fix.
    """
    kinds = {}
    for data, col, name in ((first, column_a, name_a), (second, column_b, name_b)):
        check_columns(data, {param: col}, name)
        kind = _id_kind(data[col])
        if len(kind) > 1:
            raise TypeError(
                f"{param}={col!r} in {name} mixes id types ({', '.join(sorted(kind))}), e.g. "
                f"{_plain(data[col].dropna().iloc[0])!r}; make them all text first: "
                f"{name}[{col!r}] = {name}[{col!r}].astype(str)."
            )
        kinds[name] = kind
    a, b = kinds[name_a], kinds[name_b]
    if a and b and a != b:
        raise TypeError(
            f"customer ids do not match in type: {name_a}[{column_a!r}] holds "
            f"{'/'.join(sorted(a))} ids (e.g. {_plain(first[column_a].dropna().iloc[0])!r}) but "
            f"{name_b}[{column_b!r}] holds {'/'.join(sorted(b))} ids (e.g. "
            f"{_plain(second[column_b].dropna().iloc[0])!r}), so no customer would match. Convert both "
            f"to text, e.g. {name_a}[{column_a!r}] = {name_a}[{column_a!r}].astype(str) and the "
            f"same for {name_b} (mind leading zeros such as '00123')."
        )


def check_budget(value: object, available: int, name: str = "budget", what: str = "customers") -> int:
    """Check a whole-number budget (contacts, calls) against what there is to spend it on.

    Returns ``value``, or ``available`` with a ``UserWarning`` that says so when
    the budget is larger than the number of ``what`` (it would silently cover
    everyone otherwise).
    """
    import warnings

    value = check_int(value, name, 1)
    available = check_int(available, "available", 0)
    if value > available:
        warnings.warn(
            f"{name} = {value} but there are only {available} {what}: the plan covers all "
            f"{available}, so it chooses nobody. Set {name} below {available} to make the "
            "budget decide who is in.", UserWarning, stacklevel=2)
        return available
    return value


def check_customer(data: pd.DataFrame, customer: str, name: str = "data") -> pd.Series:
    """Return ``data[customer]`` of a one-row-per-customer table with at least one row."""
    check_customer_codes(data, customer, name)
    return data[customer]


def check_customer_codes(data: pd.DataFrame, customer: str, name: str = "data") -> np.ndarray:
    """Like :func:`check_customer`, but return int64 codes in sorted id order (one id pass)."""
    check_dataframe(data, name)
    check_columns(data, {"customer": customer}, name)
    codes = unique_id_codes(data, customer, name)
    if len(codes) == 0:
        raise ValueError(f"{name} has no rows; there is nothing to tier.")
    return codes


def check_labels(labels: Sequence, n: int, name: str = "labels") -> list:
    """Check that ``labels`` is a sequence of ``n`` distinct labels; return it as a list."""
    if isinstance(labels, str) or not hasattr(labels, "__len__"):
        raise TypeError(f"{name} must be a list or tuple of {n} labels, got {labels!r}.")
    labels = list(labels)
    if len(labels) != n:
        raise ValueError(f"{name} must hold {n} labels (one per tier), got {len(labels)}: "
                         f"{labels!r}.")
    if len(set(labels)) != n:
        raise ValueError(f"{name} must be distinct, got {labels!r}.")
    return labels


def check_is_fitted(estimator: object, attribute: str, fit_call: str = "fit(data)") -> None:
    """Raise ``RuntimeError`` unless ``estimator`` has the learned ``attribute``."""
    if not hasattr(estimator, attribute):
        raise RuntimeError(
            f"{type(estimator).__name__} is not fitted yet; call {fit_call} first.")


def resolve_customer(data: object, customer: str | None, name: str = "data") -> str | None:
    """The customer-id column to use in ``data``.

    ``customer`` itself when it is a column. With the default
    (``"customer_id"``) missing, a table that holds exactly one case id column
    (``doctor_id`` for pharma, ``member_id`` for retail) uses that one, so
    ``tl.abc_classify(doctors, value="value")`` works on a doctor table. Any
    other missing name raises a ``ValueError`` that suggests the id columns.

    Examples
    --------
    >>> import pandas as pd
    >>> resolve_customer(pd.DataFrame({"doctor_id": ["D1"], "v": [1.0]}), "customer_id")
    'doctor_id'
    """
    if not isinstance(data, pd.DataFrame) or customer is None:
        return customer
    if customer in data.columns:
        return customer
    if customer == DEFAULT_CUSTOMER:
        known = [c for c in CASE_ID_COLUMNS if c in data.columns]
        if len(known) == 1:
            return known[0]
    check_columns(data, {"customer": customer}, name)  # raises, with a suggestion
    return customer


def uses_customer(func: Callable | None = None, *, data: str | tuple[str, ...] | None = None,
                  param: str = "customer") -> Callable:
    """Decorator: resolve the default ``customer="customer_id"`` to the case's id column.

    The table is the function's first argument unless ``data`` names another (or a
    tuple of them: the first one given is used). An explicitly passed ``customer``
    is left to the function's own checks.
    """
    def wrap(f):
        sig = inspect.signature(f)
        names = (data,) if isinstance(data, str) else tuple(data or (next(iter(sig.parameters)),))

        @functools.wraps(f)
        def inner(*args, **kwargs):
            if param not in kwargs:
                bound = sig.bind_partial(*args, **kwargs)
                first = next((n for n in names if bound.arguments.get(n) is not None), names[0])
                table = bound.arguments.get(first)
                default = sig.parameters[param].default
                resolved = resolve_customer(table, default, first)
                if resolved != default:
                    kwargs[param] = resolved
            return f(*args, **kwargs)

        return inner

    return wrap if func is None else wrap(func)
