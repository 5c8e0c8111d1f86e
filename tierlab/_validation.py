"""Input checks shared by every tierlab function.

Errors name the parameter or column, say what was expected and what came,
so a learner never meets a bare ``KeyError`` from deep inside pandas.
"""

from __future__ import annotations

import functools
import inspect
import numbers
from collections.abc import Callable, Iterable, Mapping

import numpy as np
import pandas as pd

__all__ = [
    "check_dataframe",
    "check_columns",
    "check_numeric_column",
    "check_int",
    "check_number",
    "check_choice",
    "check_unique_ids",
    "check_customer",
    "check_labels",
    "check_is_fitted",
    "CASE_ID_COLUMNS",
    "register_id_column",
    "resolve_customer",
    "uses_customer",
]

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


def check_dataframe(data, name: str = "data") -> pd.DataFrame:
    """Raise ``TypeError`` unless ``data`` is a pandas DataFrame; return it."""
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame, got {type(data).__name__}.")
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


def check_numeric_column(data: pd.DataFrame, column, param: str, name: str = "data",
                         allow_nan: bool = False) -> pd.Series:
    """Return ``data[column]`` as float, or raise naming the parameter and a bad value."""
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
    return s


def check_int(value, name: str, minimum: int | None = None, maximum: int | None = None) -> int:
    """Check that ``value`` is an integer within ``[minimum, maximum]``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}: {value!r}.")
    value = int(value)
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}.")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be <= {maximum}, got {value}.")
    return value


def check_number(value, name: str, minimum: float | None = None, maximum: float | None = None,
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


def check_choice(value, name: str, options: Iterable) -> object:
    """Check that ``value`` is one of ``options``."""
    options = list(options)
    if value not in options:
        raise ValueError(f"{name} must be one of {_preview(options)}, got {value!r}.")
    return value


def check_unique_ids(data: pd.DataFrame, customer, name: str = "data") -> pd.Series:
    """Return ``data[customer]`` after checking it exists, has no gaps and no repeats.

    For tables that must hold one row per customer (tierings, goals, plans).
    """
    check_columns(data, {"customer": customer}, name)
    ids = data[customer]
    if ids.isna().any():
        raise ValueError(
            f"customer={customer!r} has {int(ids.isna().sum())} missing id(s) in {name}; "
            "every row needs a customer id."
        )
    dup = ids[ids.duplicated()]
    if len(dup):
        raise ValueError(
            f"customer={customer!r} must identify one row per customer, but {name} has "
            f"{len(dup)} repeated id(s), e.g. {dup.iloc[0]!r}. Aggregate first, e.g. "
            f"{name}.groupby({customer!r}, as_index=False).sum()."
        )
    return ids


def check_customer(data: pd.DataFrame, customer, name: str = "data") -> pd.Series:
    """Return ``data[customer]`` of a one-row-per-customer table with at least one row."""
    check_dataframe(data, name)
    ids = check_unique_ids(data, customer, name)
    if len(ids) == 0:
        raise ValueError(f"{name} has no rows; there is nothing to tier.")
    return ids


def check_labels(labels, n: int, name: str = "labels") -> list:
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


def check_is_fitted(estimator, attribute: str, fit_call: str = "fit(data)") -> None:
    """Raise ``RuntimeError`` unless ``estimator`` has the learned ``attribute``."""
    if not hasattr(estimator, attribute):
        raise RuntimeError(
            f"{type(estimator).__name__} is not fitted yet; call {fit_call} first.")


def resolve_customer(data, customer, name: str = "data") -> str:
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


def uses_customer(func: Callable | None = None, *, data: str | None = None,
                  param: str = "customer") -> Callable:
    """Decorator: resolve the default ``customer="customer_id"`` to the case's id column.

    The table is the function's first argument unless ``data`` names another.
    An explicitly passed ``customer`` is left to the function's own checks.
    """
    def wrap(f):
        sig = inspect.signature(f)
        first = data or next(iter(sig.parameters))

        @functools.wraps(f)
        def inner(*args, **kwargs):
            if param not in kwargs:
                bound = sig.bind_partial(*args, **kwargs)
                table = bound.arguments.get(first)
                default = sig.parameters[param].default
                resolved = resolve_customer(table, default, first)
                if resolved != default:
                    kwargs[param] = resolved
            return f(*args, **kwargs)

        return inner

    return wrap if func is None else wrap(func)
