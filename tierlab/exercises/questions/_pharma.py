"""Plumbing shared by every pharma exercise set (``ex00`` ... ``ex06_*_pharma``).

One module per case holds what the case's question modules share, so a question
module holds only its questions:

* :func:`check_pharma` -- the ``prepare`` step: accept a pharma World only;
* :func:`default_pharma` -- the course's default pharma world;
* :func:`last_months` -- the rows of a monthly table in the last ``n`` months;
* :data:`MARGIN`, :data:`COST_PER_CALL` -- the profit assumptions, read from the
  library's defaults (:func:`tierlab.cases.pharma.tables.pharma_value_tiers`), never copied.

The doctor table the later exercise notebooks start from is the public
:func:`tierlab.cases.pharma.doctor_profile` (``tl.doctor_profile(world)``).
The module's name starts with ``_``, so :func:`tierlab.exercises.available` does not
list it as an exercise set.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping

import pandas as pd

from tierlab.cases.pharma.tables import pharma_value_tiers
from tierlab.datasets import World, check_world, load_pharma

__all__ = ["COST_PER_CALL", "MARGIN", "TABLES", "check_pharma", "default_pharma", "last_months"]

#: The pharma tables an exercise set reads (``check_pharma`` names a missing one).
TABLES = ("doctors", "hospitals", "products", "potential", "sales", "listing", "calls", "reps")


def _default(func: Callable, param: str) -> float:
    """The default of ``func``'s parameter ``param``: the library holds the number once."""
    return inspect.signature(func).parameters[param].default


#: Our gross margin as a share of sales (the library default of ``pharma_value_tiers``).
MARGIN: float = _default(pharma_value_tiers, "margin")
#: Cost of one rep call in yuan (the library default of ``pharma_value_tiers``).
COST_PER_CALL: float = _default(pharma_value_tiers, "cost_per_call")


def check_pharma(data: World | Mapping[str, pd.DataFrame]) -> World | Mapping[str, pd.DataFrame]:
    """Return ``data`` if it is a pharma World (or a mapping with its tables), else raise.

    Parameters
    ----------
    data : tierlab.datasets.World or mapping
        What the notebook binds: ``load_pharma(seed=SEED)``.

    Returns
    -------
    tierlab.datasets.World or mapping
        ``data`` itself.

    Raises
    ------
    TypeError
        If ``data`` has no tables (e.g. a DataFrame or a path was given).
    ValueError
        If it is a retail world or lacks a pharma table (the message names it).
    """
    return check_world(data, "pharma", tables=TABLES, name="data")


def default_pharma() -> World:
    """The course's default pharma world (``load_pharma()``)."""
    return load_pharma()


def last_months(table: pd.DataFrame, n: int = 12, *, month: str = "month") -> pd.DataFrame:
    """The rows of ``table`` in its last ``n`` months (by the ``month`` column).

    Examples
    --------
    >>> t = pd.DataFrame({"month": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01"]),
    ...                   "units": [1, 2, 3]})
    >>> last_months(t, 2)["units"].tolist()
    [2, 3]
    """
    months = pd.Series(table[month].unique()).sort_values()
    return table[table[month].isin(months.iloc[-n:])]
