"""Input checks shared by every tierlab function.

Errors name the parameter or column, say what was expected and what came,
so a learner never meets a bare ``KeyError`` from deep inside pandas.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Mapping

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
]


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
                f"Columns are: {_preview(data.columns)}."
            )


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
