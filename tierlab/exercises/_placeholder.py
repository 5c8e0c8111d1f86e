"""The ``____`` blank that exercise notebooks ship with.

A learner sees ``answer = ____`` and replaces the blank with code. Until they
do, the blank must never crash a notebook (exercises run top to bottom under
nbval while still blank), so :class:`Placeholder` is a forgiving object:
arithmetic, comparisons, attribute access, calls and indexing on it all give
the placeholder back (``____ * 2``, ``____.head()``, ``df["amount"] * ____``),
it is falsy, empty and iterates over nothing. A check that receives it (or
something computed from it) reports *not attempted*.

What it cannot do is survive being handed *into* another library:
``df[____]`` or ``abc_classify(____)`` raise inside pandas / tierlab. That is
why exercise cells put the blank on the whole right-hand side of an
assignment (see :mod:`tierlab.exercises`).
"""

from __future__ import annotations

import math

__all__ = ["Placeholder", "____", "is_placeholder"]


class Placeholder:
    """A blank to be filled in by the learner; see the module docstring."""

    __slots__ = ()
    _instance: Placeholder | None = None
    # numpy and pandas hand binary operations over to us: ``series * ____`` -> ``____``
    __array_ufunc__ = None
    __array_priority__ = 10_000
    __pandas_priority__ = 10_000

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    # --- text -----------------------------------------------------------
    def __repr__(self) -> str:
        return "____"

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return "____"

    # --- protocols that must not fail ------------------------------------
    def __bool__(self) -> bool:
        return False

    def __len__(self) -> int:
        return 0

    def __iter__(self):
        return iter(())

    def __contains__(self, item) -> bool:
        return False

    def __float__(self) -> float:
        return math.nan

    def __int__(self) -> int:
        return 0

    def __index__(self) -> int:
        return 0

    def __hash__(self) -> int:
        return hash("tierlab.exercises.____")

    def __eq__(self, other):
        return other is self

    def __ne__(self, other):
        return other is not self

    def __reduce__(self):
        return "____"

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    # --- sticky operations: the result is the blank again -----------------
    def _same(self, *args, **kwargs):
        return self

    __call__ = __getitem__ = _same
    __lt__ = __le__ = __gt__ = __ge__ = _same
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _same
    __truediv__ = __rtruediv__ = __floordiv__ = __rfloordiv__ = _same
    __mod__ = __rmod__ = __pow__ = __rpow__ = __matmul__ = __rmatmul__ = _same
    __and__ = __rand__ = __or__ = __ror__ = __xor__ = __rxor__ = _same
    __neg__ = __pos__ = __abs__ = __invert__ = __round__ = _same

    def __setitem__(self, key, value) -> None:
        return None

    def __getattr__(self, name: str):
        # Private and dunder names are real lookups (IPython, copy, pickle probe them);
        # anything else (``____.head``, ``____.sum``) is the blank again.
        if name.startswith("_"):
            raise AttributeError(name)
        return self


____ = Placeholder()


def is_placeholder(value: object) -> bool:
    """True if ``value`` is the blank, a list/tuple/set/dict holding it, or a
    DataFrame/Series column filled with it (``df["tier"] = [____] * len(df)``).

    Examples
    --------
    >>> is_placeholder(____), is_placeholder([1, ____]), is_placeholder(0)
    (True, True, False)
    """
    if isinstance(value, Placeholder):
        return True
    if isinstance(value, (list, tuple, set, frozenset)):
        return any(isinstance(v, Placeholder) for v in value)
    if isinstance(value, dict):
        return any(isinstance(v, Placeholder) for v in value.values())
    # a table or column filled from the blank, e.g. s.map(lambda v: ____)
    columns = ([value] if _is_series(value) else
               [value[c] for c in value.columns] if _is_frame(value) else [])
    for col in columns:
        if col.dtype == object and len(col) and any(
                isinstance(v, Placeholder) for v in col.iloc[:3]):
            return True
    return False


def _is_series(value) -> bool:
    return type(value).__name__ == "Series" and hasattr(value, "iloc")


def _is_frame(value) -> bool:
    return type(value).__name__ == "DataFrame" and hasattr(value, "columns")
