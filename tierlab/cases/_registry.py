"""The registry of cases: what is specific to a case company, in one object.

A :class:`Case` bundles what generic tierlab code needs from a case: its id
column, its world generator, its customer profile, the simulator, how a plan
is scored against the oracle, and the default service models. Generic code
asks ``tierlab.cases.get(world.case)`` and never branches on the case's name.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from tierlab._validation import register_id_column

__all__ = ["Case", "available", "get", "register"]


@dataclass(frozen=True)
class Case:
    """What generic tierlab code needs to know about one case company.

    Attributes
    ----------
    name : str
        The case's name, e.g. ``"pharma"``; a world's ``world.case``.
    id_column : str
        The customer-id column (``"doctor_id"``, ``"member_id"``).
    customer_table : str
        The observable table with one row per customer.
    make : callable
        ``make(random_state=..., locale=...) -> World``: draws a world.
    profile : callable
        ``profile(world) -> DataFrame``: one row per customer (客户画像).
    simulate : callable
        ``simulate(world, plan, random_state=...) -> DataFrame``: plays a plan.
    score_inputs : callable
        ``score_inputs(world, plan, **resources) -> dict`` with ``resources``,
        ``value``, ``baseline`` and ``best`` (the oracle's value), for
        :func:`tierlab.simulate.score_plan`.
    service_models : DataFrame
        The default service model per tier.
    dictionary : dict
        ``{(table, hidden): [(column, dtype, description, description_zh), ...]}``,
        the data dictionary of the case's tables.
    description : str
        One line for a learner.
    size_parameter : str, optional
        The keyword of ``make`` that sets the number of customers (``"n_doctors"``),
        used by ``tierlab data --size``. By default ``n_<customer_table>`` when ``make``
        takes it (``n_doctors``, ``n_members``, ``n_shops``); see :meth:`size_keyword`.
    """

    name: str
    id_column: str
    customer_table: str
    make: Callable
    profile: Callable
    simulate: Callable
    score_inputs: Callable
    service_models: pd.DataFrame
    dictionary: dict = field(default_factory=dict)
    description: str = ""
    size_parameter: str | None = None

    def size_keyword(self) -> str:
        """The keyword of :attr:`make` that sets the number of customers.

        ``size_parameter`` if given, else ``n_<customer_table>`` when ``make`` takes it.

        Raises
        ------
        ValueError
            If the case's ``make`` has no such keyword (its size cannot be chosen).
        """
        if self.size_parameter is not None:
            return self.size_parameter
        guess = f"n_{self.customer_table}"
        try:
            params = inspect.signature(self.make).parameters
        except (TypeError, ValueError):  # not introspectable (a builtin or a mock)
            params = {}
        if guess in params:
            return guess
        raise ValueError(f"case {self.name!r}: make() has no {guess}= keyword; register the "
                         f"case with Case(size_parameter=...) to let its size be chosen.")


# Built-in cases are imported on first use, so `import tierlab.cases` stays light
# and no case module is imported by the registry itself.
_BUILTIN = {"pharma": "tierlab.cases.pharma", "retail": "tierlab.cases.retail"}
_CASES: dict[str, Case] = {}


def register(case: Case) -> Case:
    """Add a case to the registry (a new case company); return it.

    Examples
    --------
    >>> toy = Case("toy", "shop_id", "shops", make=None, profile=None,
    ...            simulate=None, score_inputs=None, service_models=None)
    >>> register(toy).name
    'toy'
    >>> get("toy") is toy
    True
    """
    if not isinstance(case, Case):
        raise TypeError(f"case must be a tierlab.cases.Case, got {type(case).__name__}.")
    _CASES[case.name] = case
    register_id_column(case.id_column)
    from tierlab.cases._world import register_dictionary  # the world module imports nothing here

    register_dictionary(case.name, case.dictionary)
    return case


def available() -> list[str]:
    """Names of the cases that can be used (built-in and registered)."""
    return sorted(set(_BUILTIN) | set(_CASES))


def get(name: str) -> Case:
    """The :class:`Case` called ``name`` (``"pharma"``, ``"retail"`` or a registered one)."""
    if name not in _CASES and name in _BUILTIN:
        importlib.import_module(_BUILTIN[name])  # registers itself
    try:
        return _CASES[name]
    except KeyError:
        raise ValueError(f"unknown case {name!r}; cases are: {', '.join(available())}.") from None
