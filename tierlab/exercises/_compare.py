"""Tolerant comparison of a learner's answer with the expected one.

Each helper returns ``None`` when the answer matches and a :class:`Msg` (a
message that can be rendered in English or Chinese) when it does not. The
message names what is wrong -- the column, the row, the customer -- in plain
words and never raises: a wrong *type* of answer is a message too.

The :class:`Answer` classes (``FrameAnswer``, ``SeriesAnswer``,
``NumberAnswer``, ``ChoiceAnswer``, ``CollectionAnswer``, ``ValueAnswer``,
``CustomAnswer``) bundle a helper with its options; a question names one as
its ``answer=``.
"""

from __future__ import annotations

import difflib
import inspect
import numbers
import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from tierlab.exercises._i18n import Msg, fmt_value

if TYPE_CHECKING:  # for type hints only: _core imports this module
    from tierlab.exercises._core import Context

#: A number format (".1%", ",.0f") or a number of decimals a notebook cell shows.
Display = str | int | None
#: What a message may be given as: plain text, ``{"en": ..., "zh": ...}`` or a Msg.
Text = str | Mapping[str, str] | Msg

__all__ = [
    "Answer",
    "FrameAnswer",
    "SeriesAnswer",
    "NumberAnswer",
    "ChoiceAnswer",
    "CollectionAnswer",
    "ValueAnswer",
    "CustomAnswer",
    "compare_frames",
    "compare_series",
    "compare_numbers",
    "compare_choice",
    "compare_collections",
    "compare_values",
    "type_name",
    "Accepted",
    "is_accepted",
    "given_decimals",
    "rounded_precision",
    "judge_rounding",
    "MIN_SIG_FIGS",
]

_EXAMPLES = 3


# ---------------------------------------------------------------------------------------
# the rounding policy (docs/exercises.md, "Tolerance policy")
# ---------------------------------------------------------------------------------------
MIN_SIG_FIGS = 2
_MAX_DECIMALS = 12


class Accepted(Msg):
    """A note on an answer that is *correct* (e.g. rounded): the checker says "Correct"
    and shows the note. Every other :class:`Msg` a comparison returns is a problem."""

    __slots__ = ()


def is_accepted(result: Msg | None) -> bool:
    """Whether a comparison result means "correct" (None or an :class:`Accepted` note)."""
    return result is None or isinstance(result, Accepted)


def given_decimals(value: float) -> int:
    """The decimals a learner's number shows: 0.29 -> 2, 38069.0 -> 0, 12371100 -> -2.

    Taken from the shortest text that gives the float back (what Python prints);
    a whole number counts its trailing zeros as negative decimals.
    """
    if not np.isfinite(value):
        return 0
    text = np.format_float_positional(abs(float(value)), trim="-")
    if "." in text:
        return min(len(text.split(".", 1)[1]), _MAX_DECIMALS + 4)
    if text.strip("0") == "":
        return 0
    return -(len(text) - len(text.rstrip("0")))


def _half_unit(decimals: int) -> float:
    return 0.5 * 10.0 ** (-decimals)


def rounded_precision(value: float, expected: float) -> int | None:
    """The finest number of decimals at which ``expected`` rounds to ``value``, or None.

    ``0.29`` and ``0.2938`` -> 2; ``0.3`` and ``0.2999`` -> 2 (``0.30`` lost its zero
    when Python read it); ``0.28`` and ``0.2938`` -> None (not a rounding).
    """
    d = given_decimals(value)
    slack = 1e-9 * max(abs(value), abs(expected), 1e-300)
    if abs(value - expected) > _half_unit(d) * (1 + 1e-9) + slack:
        return None
    while d < _MAX_DECIMALS and abs(value - expected) <= _half_unit(d + 1) * (1 + 1e-9) + slack:
        d += 1
    return d


def sig_figs(magnitude: float, decimals: int) -> int:
    """Significant figures of a number of size ``magnitude`` given to ``decimals``."""
    if magnitude == 0 or not np.isfinite(magnitude):
        return 0
    return int(np.floor(np.log10(abs(magnitude)))) + 1 + decimals


def display_decimals(display: Display) -> int | None:
    """Decimals of a fraction that a format such as ``".0%"``, ``".2f"`` or ``",.0f"`` shows."""
    if display is None:
        return None
    if isinstance(display, int | np.integer) and not isinstance(display, bool):
        return int(display)
    text = str(display)
    m = re.search(r"\.(\d+)([f%])", text)
    if not m:
        raise ValueError(f"display must be decimals (int) or a format such as '.0%' or "
                         f"',.2f', got {display!r}.")
    return int(m[1]) + (2 if m[2] == "%" else 0)


def _precision_note(decimals: int, expected: float) -> Msg:
    if decimals > 0:
        return Accepted("rounded_decimals", n=decimals, exact=fmt_exact(expected))
    if decimals == 0:
        return Accepted("rounded_whole", exact=fmt_exact(expected))
    return Accepted("rounded_nearest", unit=f"{10 ** (-decimals):,}", exact=fmt_exact(expected))


def fmt_exact(value: float) -> str:
    """The exact value for a rounding note: up to 10 significant figures, no exponent."""
    v = float(value)
    if v == int(v) and abs(v) < 1e15:
        return f"{int(v)}"
    return np.format_float_positional(float(f"{v:.10g}"), trim="-")


def judge_rounding(value: float, expected: float, *, display: Display = None,
                   min_sig_figs: int = MIN_SIG_FIGS) -> Msg | None:
    """Apply the rounding policy to one number that is not (almost) exactly right.

    Returns an :class:`Accepted` note (a correct rounding), a ``number_too_coarse``
    problem (a rounding with too few figures), or None (not a rounding of ``expected``).
    """
    d = rounded_precision(value, expected)
    if d is None:
        return None
    shown = display_decimals(display)
    if sig_figs(max(abs(value), abs(expected)), d) >= min_sig_figs or (
            shown is not None and d >= shown):
        return _precision_note(d, expected)
    return Msg("number_too_coarse", n=min_sig_figs)


# ---------------------------------------------------------------------------------------
# small helpers
# ---------------------------------------------------------------------------------------
def type_name(value: object) -> Msg:
    """A learner-friendly name for the type of ``value`` (as a :class:`Msg`)."""
    if isinstance(value, pd.DataFrame):
        return Msg("type_frame", rows=len(value), cols=len(value.columns))
    if isinstance(value, pd.Series):
        return Msg("type_series", rows=len(value))
    if isinstance(value, bool | np.bool_):
        return Msg("type_bool", value=fmt_value(value))
    if isinstance(value, numbers.Number):
        return Msg("type_number", value=fmt_value(value))
    if isinstance(value, str):
        return Msg("type_text", value=fmt_value(value))
    if value is None:
        return Msg("type_none")
    if isinstance(value, list | tuple | set | frozenset | pd.Index | np.ndarray):
        return Msg("type_collection", kind=type(value).__name__, n=len(value))
    return Msg("type_other", kind=type(value).__name__)


def _type_any(value) -> Msg:
    """The *kind* of ``value`` without the value itself (so a type message never leaks)."""
    if isinstance(value, pd.DataFrame):
        return Msg("type_frame_any")
    if isinstance(value, pd.Series):
        return Msg("type_series_any")
    if isinstance(value, bool | np.bool_):
        return Msg("type_bool_any")
    if isinstance(value, numbers.Number):
        return Msg("type_number_any")
    if isinstance(value, str):
        return Msg("type_text_any")
    if isinstance(value, list | tuple | set | frozenset | pd.Index | np.ndarray):
        return Msg("type_collection_any")
    return Msg("type_other", kind=type(value).__name__)


def _examples(values, limit: int = _EXAMPLES) -> str:
    vals = list(values)
    if limit == 1 and vals:
        return fmt_value(vals[0])
    shown = ", ".join(fmt_value(v) for v in vals[:limit])
    return shown + (", …" if len(vals) > limit else "")


def _suggest(name, options) -> Msg | None:
    """'did you mean ...' for a misspelled column name, or None."""
    opts = [str(o) for o in options]
    lower = {o.lower(): o for o in opts}
    if str(name).lower() in lower:
        return Msg("did_you_mean", name=fmt_value(lower[str(name).lower()]))
    close = difflib.get_close_matches(str(name), opts, n=1, cutoff=0.6)
    return Msg("did_you_mean", name=fmt_value(close[0])) if close else None


def _scalar(value):
    """numpy scalars -> python scalars (so messages and sets behave)."""
    if isinstance(value, np.generic):
        return value.item()
    return value


def _is_numeric(s: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s)


def _numeric_pair(g: pd.Series, e: pd.Series):
    """(learner floats, expected floats, values lost by coercion) or None if not numeric."""
    if _is_numeric(e) and not (_is_numeric(g) or pd.api.types.is_bool_dtype(g)):
        coerced = pd.to_numeric(g, errors="coerce")
        lost = (coerced.isna() & g.notna()).to_numpy()
        return coerced.astype(float).to_numpy(), e.astype(float).to_numpy(), lost
    both_numeric_like = (
        (_is_numeric(e) or pd.api.types.is_bool_dtype(e))
        and (_is_numeric(g) or pd.api.types.is_bool_dtype(g))
        and not (pd.api.types.is_bool_dtype(e) and pd.api.types.is_bool_dtype(g))
    )
    if both_numeric_like:
        return g.astype(float).to_numpy(), e.astype(float).to_numpy(), np.zeros(len(e), bool)
    return None


class _ColumnResult:
    """How one column (or Series) compares: the rows that differ, and any rounding."""

    __slots__ = ("mask", "decimals", "too_coarse", "higher", "lower")

    def __init__(self, mask, decimals=None, too_coarse=False, higher=0, lower=0):
        self.mask, self.decimals, self.too_coarse = mask, decimals, too_coarse
        self.higher, self.lower = higher, lower


def _compare_column(got: pd.Series, exp: pd.Series, rtol: float, atol: float,
                    display=None) -> _ColumnResult:
    """Compare two aligned Series with the rounding policy applied per column.

    A numeric column whose differences are all explained by rounding the expected
    values to the decimals the learner shows (and at least ``MIN_SIG_FIGS``
    significant figures for the typical value, or the display precision) is
    correct with a note (``decimals``); rounding too coarse sets ``too_coarse``.
    """
    g, e = got.reset_index(drop=True), exp.reset_index(drop=True)
    pair = _numeric_pair(g, e)
    if pair is None:
        return _ColumnResult(_differs_plain(g, e))
    gf, ef, lost = pair
    nan_same = np.isnan(gf) & np.isnan(ef)
    mask = ~(np.isclose(gf, ef, rtol=rtol, atol=atol) | nan_same) | lost
    if not mask.any():
        return _ColumnResult(mask)
    idx = np.flatnonzero(mask & ~lost & np.isfinite(gf) & np.isfinite(ef))
    if len(idx) == mask.sum() and pd.api.types.is_float_dtype(e):
        d = max((given_decimals(x) for x in gf[idx] if x != 0), default=0)
        diff = np.abs(gf[idx] - ef[idx])
        slack = 1e-9 * np.maximum(np.abs(gf[idx]), np.abs(ef[idx]))
        if np.all(diff <= _half_unit(d) * (1 + 1e-9) + slack):
            while d < _MAX_DECIMALS and np.all(diff <= _half_unit(d + 1) * (1 + 1e-9) + slack):
                d += 1
            typical = np.abs(ef[np.isfinite(ef) & (ef != 0)])
            typical = float(np.median(typical)) if len(typical) else 0.0
            shown = display_decimals(display)
            ok = sig_figs(typical, d) >= MIN_SIG_FIGS or (shown is not None and d >= shown)
            if ok:
                return _ColumnResult(np.zeros(len(e), bool), decimals=d)
            return _ColumnResult(mask, too_coarse=True)
    with np.errstate(invalid="ignore"):
        higher = int(np.sum(mask & (gf > ef)))
        lower = int(np.sum(mask & (gf < ef)))
    return _ColumnResult(mask, higher=higher, lower=lower)


def _differs(got: pd.Series, exp: pd.Series, rtol: float, atol: float) -> np.ndarray:
    """Boolean mask of positions where two aligned Series differ (NaN == NaN; no rounding)."""
    g, e = got.reset_index(drop=True), exp.reset_index(drop=True)
    pair = _numeric_pair(g, e)
    if pair is None:
        return _differs_plain(g, e)
    gf, ef, lost = pair
    same = np.isclose(gf, ef, rtol=rtol, atol=atol) | (np.isnan(gf) & np.isnan(ef))
    return ~same | lost


def _differs_plain(g: pd.Series, e: pd.Series) -> np.ndarray:
    if pd.api.types.is_datetime64_any_dtype(e):
        try:
            gd = pd.to_datetime(g, errors="coerce")
        except (TypeError, ValueError):
            return np.ones(len(e), dtype=bool)
        return ~((gd == e).to_numpy() | (gd.isna() & e.isna()).to_numpy())
    go, eo = g.astype(object).to_numpy(), e.astype(object).to_numpy()
    g_na, e_na = pd.isna(go), pd.isna(eo)
    try:
        eq = np.asarray(go == eo, dtype=bool)
        if eq.shape == go.shape:
            return ~np.where(g_na | e_na, g_na & e_na, eq)
    except (TypeError, ValueError):
        pass
    same = []
    for a, b in zip(go, eo, strict=True):
        a_na = a is None or (isinstance(a, float) and np.isnan(a)) or a is pd.NA or a is pd.NaT
        b_na = b is None or (isinstance(b, float) and np.isnan(b)) or b is pd.NA or b is pd.NaT
        if a_na or b_na:
            same.append(a_na and b_na)
            continue
        try:
            same.append(bool(a == b))
        except (TypeError, ValueError):
            same.append(False)
    return ~np.asarray(same, dtype=bool)


def _direction(res: _ColumnResult) -> Msg | None:
    if res.higher or res.lower:
        return Msg("direction", higher=res.higher, lower=res.lower)
    return None


def _as_keyed(got: pd.DataFrame, key: str, expected_keys: pd.Series) -> pd.DataFrame | None:
    """Bring ``key`` into a column of ``got`` (from a column, an index level or the index)."""
    if key in got.columns:
        return got
    if key in [n for n in got.index.names if n is not None]:
        return got.reset_index()
    # an unnamed (or differently named) index that holds the ids
    idx = pd.Index(got.index)
    if len(idx) and idx.nlevels == 1:
        overlap = pd.Index(expected_keys).intersection(idx)
        if len(overlap) >= max(1, int(0.5 * min(len(idx), len(expected_keys)))):
            out = got.copy()
            out.index = idx.rename(key)
            return out.reset_index()
    return None


def _align_key_dtype(g: pd.Series, e: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Compare ids as text when one side holds numbers and the other text."""
    if g.dtype != e.dtype and (
        pd.api.types.is_string_dtype(g) or pd.api.types.is_string_dtype(e)
        or g.dtype == object or e.dtype == object
    ):
        return g.astype(str), e.astype(str)
    return g, e


# ---------------------------------------------------------------------------------------
# the helpers
# ---------------------------------------------------------------------------------------
def compare_frames(got: object, expected: pd.DataFrame, *, key: str | None = None,
                   columns: Sequence[str] | None = None, check_order: bool = False,
                   check_dtype: bool = False, rtol: float = 1e-6, atol: float = 1e-8,
                   entity: Text | None = None, display: Display = None) -> Msg | None:
    """Compare a learner's DataFrame with the expected one, tolerantly.

    Parameters
    ----------
    got : object
        The learner's answer (anything; a non-DataFrame gives a type message).
    expected : pandas.DataFrame
        The reference answer.
    key : str, optional
        Id column that identifies rows (e.g. ``"doctor_id"``). It may sit in a
        column or in the index of either frame. Without it rows are compared by
        position (after sorting, unless ``check_order``).
    columns : list of str, optional
        Columns to compare; default all columns of ``expected``. Extra columns in
        the learner's frame are ignored.
    check_order : bool
        Whether row order matters (e.g. "sort by value, largest first").
    check_dtype : bool
        Whether dtypes must match once the values agree (``'5'`` vs ``5`` always differ).
    rtol, atol : float
        Tolerance for numeric columns computed exactly. A numeric column rounded
        by the learner is correct (with a note) under the rounding policy: every
        value equals the expected value rounded to the decimals the learner shows,
        at least ``MIN_SIG_FIGS`` significant figures for the typical value.
    entity : dict or str, optional
        What a row is, for messages: ``{"en": "doctor", "zh": "医生"}``; default
        "customer" with a key, "row" without.
    display : dict, int or str, optional
        Display precision per column (``{"share": ".0%"}``) or for all columns:
        a column rounded to what the notebook cell displayed is correct.

    Returns
    -------
    Msg or None
        ``None`` when the frames agree, an :class:`Accepted` note when they agree
        after rounding, else the first problem found (never the expected value).
    """
    if not isinstance(got, pd.DataFrame):
        if isinstance(got, pd.Series) and (key is None or got.name is not None):
            return Msg("frame_got_series", got=type_name(got))
        return Msg("expected_type", expected=Msg("type_frame_any"), got=type_name(got))
    entity = Msg.text(entity) if entity is not None else Msg(
        "entity_customer" if key is not None else "entity_row")
    exp = expected
    if key is not None:
        if key not in exp.columns:
            exp = exp.reset_index()
        g = _as_keyed(got, key, exp[key])
        if g is None:
            return Msg("frame_missing_key", key=fmt_value(key), entity=entity,
                       columns=_examples(got.columns, 12), suggestion=_suggest(key, got.columns))
        got = g
    cols = list(columns) if columns is not None else [c for c in exp.columns if c != key]
    missing = [c for c in cols if c not in got.columns]
    if missing:
        return Msg("frame_missing_column", column=fmt_value(missing[0]), n=len(missing),
                   columns=_examples(got.columns, 12), suggestion=_suggest(missing[0], got.columns))
    if key is not None:
        gk, ek = _align_key_dtype(got[key], exp[key])
        dup = gk[gk.duplicated()]
        if len(dup):
            return Msg("frame_duplicate_key", key=fmt_value(_scalar(dup.iloc[0])),
                       n=int((gk == dup.iloc[0]).sum()), entity=entity)
        gset, eset = pd.Index(gk), pd.Index(ek)
        miss = eset.difference(gset, sort=False)
        extra = gset.difference(eset, sort=False)
        if len(miss):
            return Msg("frame_missing_rows", n=len(miss), entity=entity,
                       examples=_examples(miss, 1))
        if len(extra):
            return Msg("frame_extra_rows", n=len(extra), entity=entity,
                       examples=_examples(extra, 1))
        if check_order:
            gl, el = list(gk), list(ek)
            if gl != el:
                pos = next(i for i, (a, b) in enumerate(zip(gl, el, strict=True)) if a != b)
                return Msg("frame_order_key", pos=pos + 1, entity=entity,
                           got=fmt_value(_scalar(gl[pos])))
        g_al = got.assign(__k=gk.to_numpy()).set_index("__k").loc[list(ek)]
        e_al = exp.assign(__k=ek.to_numpy()).set_index("__k")
        labels = [Msg("entity_id", entity=entity, id=fmt_value(_scalar(k))) for k in ek]
    else:
        if len(got) != len(exp):
            return Msg("frame_row_count", expected=len(exp), got=len(got))
        g_al, e_al = got[cols].reset_index(drop=True), exp[cols].reset_index(drop=True)
        if not check_order:
            try:
                g_al = g_al.sort_values(cols, kind="mergesort").reset_index(drop=True)
                e_al = e_al.sort_values(cols, kind="mergesort").reset_index(drop=True)
            except (TypeError, ValueError):
                pass
        labels = [Msg("entity_pos", pos=i + 1) for i in range(len(e_al))]
    bad_cols = []
    first = None
    notes = []
    for c in cols:
        shown = display.get(c) if isinstance(display, Mapping) else display
        res = _compare_column(g_al[c], e_al[c], rtol, atol, shown)
        if res.decimals is not None:
            notes.append(Msg("column_rounded", column=fmt_value(c), n=res.decimals))
        mask = res.mask
        if mask.any():
            bad_cols.append(c)
            if first is None and res.too_coarse:
                first = Msg("column_too_coarse", column=fmt_value(c), n=MIN_SIG_FIGS)
            elif first is None:
                i = int(np.flatnonzero(mask)[0])
                first = Msg("frame_column_differs", column=fmt_value(c), n=int(mask.sum()),
                            direction=_direction(res), where=labels[i],
                            got=fmt_value(_scalar(g_al[c].iloc[i])))
    if first is not None:
        if len(bad_cols) > 1:
            return Msg("joined", parts=[first, Msg("also_differ", columns=_examples(
                bad_cols[1:], 6))])
        return first
    if check_dtype:
        for c in cols:
            if g_al[c].dtype != e_al[c].dtype:
                return Msg("frame_dtype", column=fmt_value(c), expected=str(e_al[c].dtype),
                           got=str(g_al[c].dtype))
    if notes:
        return Accepted("table_rounded", what=Msg("joined", parts=notes, sep="; "))
    return None


def compare_series(got: object, expected: pd.Series, *, check_order: bool = False,
                   check_index: bool = True, rtol: float = 1e-6, atol: float = 1e-8,
                   entity: Text | None = None, display: Display = None) -> Msg | None:
    """Compare a learner's Series with the expected one (matched by index label).

    A one-column DataFrame is accepted in place of a Series. ``check_index=False``
    compares by position (e.g. a list of values in a given order). Rounded values
    are judged by the rounding policy as one column (see :func:`compare_frames`).
    """
    if isinstance(got, pd.DataFrame) and got.shape[1] == 1:
        got = got.iloc[:, 0]
    elif isinstance(got, pd.DataFrame) and got.shape[1] == 2 and check_index:
        # ids in one column, values in the other (e.g. after reset_index())
        for id_col, val_col in (got.columns, got.columns[::-1]):
            ids = pd.Index(got[id_col])
            if len(ids) and len(ids.intersection(expected.index)) >= 0.5 * len(expected):
                got = got.set_index(id_col)[val_col]
                break
    if isinstance(got, list | tuple | np.ndarray) and not check_index:
        got = pd.Series(list(got))
    if not isinstance(got, pd.Series):
        return Msg("expected_type", expected=Msg("type_series_any"), got=type_name(got))
    entity = Msg.text(entity) if entity is not None else Msg(
        "entity_customer" if check_index else "entity_row")
    if not check_index:
        if len(got) != len(expected):
            return Msg("series_length", expected=len(expected), got=len(got))
        g, e = got.reset_index(drop=True), expected.reset_index(drop=True)
        labels = [Msg("entity_pos", pos=i + 1) for i in range(len(e))]
    else:
        gi, ei = pd.Index(got.index), pd.Index(expected.index)
        if gi.dtype != ei.dtype and (gi.dtype == object or ei.dtype == object):
            gi, ei = gi.astype(str), ei.astype(str)
        if gi.has_duplicates:
            d = gi[gi.duplicated()][0]
            return Msg("frame_duplicate_key", key=fmt_value(_scalar(d)),
                       n=int((gi == d).sum()), entity=entity)
        miss, extra = ei.difference(gi, sort=False), gi.difference(ei, sort=False)
        if len(miss):
            return Msg("series_missing", n=len(miss), entity=entity,
                       examples=_examples(miss, 1))
        if len(extra):
            return Msg("series_extra", n=len(extra), entity=entity,
                       examples=_examples(extra, 1))
        if check_order and list(gi) != list(ei):
            pos = next(i for i, (a, b) in enumerate(zip(gi, ei, strict=True)) if a != b)
            return Msg("frame_order_key", pos=pos + 1, entity=entity,
                       got=fmt_value(_scalar(gi[pos])))
        g = pd.Series(got.to_numpy(), index=gi).loc[list(ei)]
        e = pd.Series(expected.to_numpy(), index=ei)
        labels = [Msg("entity_id", entity=entity, id=fmt_value(_scalar(k))) for k in ei]
    res = _compare_column(g, e, rtol, atol, display)
    if res.too_coarse:
        return Msg("series_too_coarse", n=MIN_SIG_FIGS)
    mask = res.mask
    if mask.any():
        i = int(np.flatnonzero(mask)[0])
        return Msg("series_differs", n=int(mask.sum()), direction=_direction(res),
                   where=labels[i], got=fmt_value(_scalar(g.iloc[i])))
    if res.decimals is not None:
        return Accepted("series_rounded", n=res.decimals)
    return None


def _as_number(got):
    """A real number from ``got`` (numpy scalar, 0-d array, length-1 Series), else None."""
    if isinstance(got, pd.DataFrame) and got.size == 1:
        got = got.iloc[0, 0]
    if isinstance(got, pd.Series | pd.Index | np.ndarray | list | tuple) and len(got) == 1:
        got = list(got)[0] if not isinstance(got, np.ndarray) else got.reshape(-1)[0]
    if isinstance(got, np.ndarray) and got.ndim == 0:
        got = got.item()
    got = _scalar(got)
    if isinstance(got, bool) or not isinstance(got, numbers.Real):
        return None
    return float(got)


def compare_numbers(got: object, expected: float, *, rtol: float = 1e-4, atol: float = 1e-9,
                    reveal: bool = False, percent_check: bool = True, display: Display = None,
                    whole: bool = False) -> Msg | None:
    """Compare a number under the rounding policy; says "too high/low", never the answer.

    Parameters
    ----------
    got, expected : number
    rtol, atol : float
        Tolerance for an answer computed exactly (no note).
    reveal : bool
        Show the expected value in the message of a wrong answer.
    percent_check : bool
        Spot an answer given as a percentage (``29`` or ``"29%"``) when a fraction
        was expected ("as a fraction, please"), or the reverse.
    display : int or str, optional
        The precision the notebook cell displays the number with (decimals, or a
        format such as ``".0%"``): a rounding that fine is correct even with fewer
        than ``MIN_SIG_FIGS`` significant figures.
    whole : bool
        The question is about whole units (boxes, calls): the exact value rounded
        down or up to a whole number is correct; coarser roundings are not.

    Returns
    -------
    Msg or None
        None (correct), an :class:`Accepted` note (correct after rounding, the note
        gives the exact value), or the problem: "too high/too low" only when the
        answer is off by more than any rounding.
    """
    value = _as_number(got)
    if value is None:
        if isinstance(got, str):
            text = got.strip().replace(",", "")
            try:
                number = float(text.rstrip("%").strip())
            except ValueError:
                number = None
            if number is not None:
                exp = float(_scalar(expected))
                if text.endswith("%") and percent_check and _matches(number / 100, exp, rtol,
                                                                     atol, display):
                    return Msg("number_percent")
                return Msg("number_is_text", got=fmt_value(got))
        return Msg("expected_type", expected=Msg("type_number_any"), got=type_name(got))
    exp = float(_scalar(expected))
    if np.isnan(value) and not np.isnan(exp):
        return Msg("number_nan")
    if np.isnan(value) and np.isnan(exp):
        return None
    if np.isclose(value, exp, rtol=rtol, atol=atol):
        # a value typed with fewer digits than the answer has: say it was rounded
        d = rounded_precision(value, exp)
        if value != exp and d is not None and given_decimals(value) < given_decimals(exp):
            return _precision_note(d, exp)
        return None
    if whole and float(value).is_integer() and np.floor(exp) <= value <= np.ceil(exp):
        return Accepted("rounded_units", exact=fmt_exact(exp))
    verdict = judge_rounding(value, exp, display=display)
    if isinstance(verdict, Accepted) and whole and rounded_precision(value, exp) < 0:
        verdict = Msg("number_whole")
    if verdict is not None:
        return verdict
    if percent_check and exp != 0:
        if _matches(value / 100, exp, rtol, atol, display):
            return Msg("number_percent")
        if _matches(value * 100, exp, rtol, atol, display):
            return Msg("number_fraction")
    if reveal:
        return Msg("number_wrong_reveal", expected=fmt_value(exp), got=fmt_value(value))
    return Msg("number_too_high" if value > exp else "number_too_low", got=fmt_value(value))


def _matches(value: float, exp: float, rtol: float, atol: float, display) -> bool:
    """Whether ``value`` is ``exp`` exactly or as an accepted rounding."""
    if np.isclose(value, exp, rtol=max(rtol, 1e-9), atol=atol):
        return True
    return isinstance(judge_rounding(float(f"{value:.12g}"), exp, display=display), Accepted)


def _norm_choice(value) -> str | None:
    if isinstance(value, str):
        s = value.strip().lower().strip("().:] ")
        return s or None
    return None


def compare_choice(got: object, expected: str, *, options: Sequence[str] | None = None,
                   explanations: Mapping[str, Text] | None = None) -> Msg | None:
    """Compare a multiple-choice answer such as ``"b"`` (case and ``"(b)"`` forgiven).

    ``expected`` may be one letter or a set of letters (several correct options;
    the learner answers ``"a, c"`` or ``["a", "c"]``). ``explanations`` maps a
    (wrong) option to a message shown when it is chosen.
    """
    multiple = not isinstance(expected, str)
    exp = {_norm_choice(e) for e in ([expected] if not multiple else expected)}
    opts = [_norm_choice(o) for o in options] if options is not None else None
    if isinstance(got, str) and multiple:
        got = [p for p in got.replace(";", ",").replace(" ", ",").split(",") if p.strip()]
    if multiple:
        if not isinstance(got, list | tuple | set | frozenset):
            return Msg("choice_type_multi", got=type_name(got))
        picked = [_norm_choice(g) for g in got]
    else:
        picked = [_norm_choice(got)]
    if any(p is None for p in picked):
        return Msg("choice_type", got=type_name(got),
                   options=_examples(opts or sorted(exp), 10))
    if opts is not None:
        bad = [p for p in picked if p not in opts]
        if bad:
            return Msg("choice_unknown", got=fmt_value(bad[0]), options=_examples(opts, 10))
    if set(picked) == exp:
        return None
    wrong = [p for p in picked if p not in exp]
    explain = None
    if explanations and wrong:
        norm = {_norm_choice(k): v for k, v in explanations.items()}
        if wrong[0] in norm:
            explain = Msg.text(norm[wrong[0]])
    if multiple:
        base = Msg("choice_wrong_multi", n_wrong=len(wrong),
                   n_missing=len(exp - set(picked)))
    else:
        base = Msg("choice_wrong", got=fmt_value(picked[0]))
    return Msg("joined", parts=[base, explain]) if explain is not None else base


def _as_items(got):
    if isinstance(got, pd.DataFrame):
        return None
    if isinstance(got, pd.Series | pd.Index | np.ndarray):
        return [_scalar(v) for v in list(got)]
    if isinstance(got, list | tuple | set | frozenset):
        return [_scalar(v) for v in got]
    if isinstance(got, Mapping):
        return [_scalar(v) for v in got]
    return None


def compare_collections(got: object, expected: Sequence | set, *,
                        ordered: bool = False) -> Msg | None:
    """Compare a list/set of items (e.g. the ids of the A-tier customers).

    Lists, tuples, sets, numpy arrays, pandas Index and Series (their values)
    are all accepted. Unless ``ordered``, order and duplicates do not matter.
    """
    items = _as_items(got)
    if items is None:
        return Msg("expected_type", expected=Msg("type_collection_any"), got=type_name(got))
    exp = _as_items(expected)
    if exp and items and {type(x) for x in exp} != {type(x) for x in items}:
        if any(isinstance(x, str) for x in exp + items):
            items, exp = [str(x) for x in items], [str(x) for x in exp]
    if ordered:
        if len(items) != len(exp):
            return Msg("list_length", expected=len(exp), got=len(items))
        for i, (a, b) in enumerate(zip(items, exp, strict=True)):
            if a != b:
                return Msg("list_position", pos=i + 1, got=fmt_value(a))
        return None
    gs, es = set(items), set(exp)
    missing, extra = [x for x in exp if x not in gs], [x for x in items if x not in es]
    if not missing and not extra:
        return None
    parts = []
    if missing:
        parts.append(Msg("set_missing", n=len(set(missing)), examples=_examples(
            dict.fromkeys(missing), 1)))
    if extra:
        parts.append(Msg("set_extra", n=len(set(extra)), examples=_examples(
            dict.fromkeys(extra), 1)))
    return Msg("joined", parts=parts)


def compare_values(got: object, expected: object) -> Msg | None:
    """Exact comparison for text, booleans and other plain values."""
    if isinstance(expected, str) and isinstance(got, str):
        if got.strip() == expected.strip():
            return None
        if got.strip().lower() == expected.strip().lower():
            return Msg("value_case")
        return Msg("value_wrong", got=fmt_value(got))
    if isinstance(expected, bool | np.bool_):
        if not isinstance(got, bool | np.bool_):
            return Msg("expected_type", expected=Msg("type_bool_any"), got=type_name(got))
        return None if bool(got) == bool(expected) else Msg("value_wrong", got=fmt_value(got))
    if isinstance(expected, str):
        return Msg("expected_type", expected=Msg("type_text_any"), got=type_name(got))
    if type(_scalar(got)) is not type(_scalar(expected)) and not (
            isinstance(got, numbers.Number) and isinstance(expected, numbers.Number)):
        return Msg("expected_type", expected=_type_any(expected), got=type_name(got))
    try:
        same = bool(got == expected)
    except (TypeError, ValueError):
        same = False
    return None if same else Msg("value_wrong", got=fmt_value(got))


# ---------------------------------------------------------------------------------------
# answer kinds: a helper plus its options
# ---------------------------------------------------------------------------------------
class Answer:
    """Base class: how an answer is compared. Subclasses implement :meth:`compare`."""

    def compare(self, got: object, expected: Any) -> Msg | None:  # pragma: no cover - interface
        """Return None if ``got`` matches ``expected``, else a :class:`Msg`."""
        raise NotImplementedError

    def judge(self, got: object, expected: Any, ctx: Context | None = None) -> Msg | None:
        """Compare with the bound :class:`~tierlab.exercises.Context` at hand.

        What the checker calls. The built-in kinds ignore ``ctx`` and use
        :meth:`compare`; :class:`CustomAnswer` passes it to its function.
        """
        return self.compare(got, expected)

    def __repr__(self) -> str:
        opts = ", ".join(f"{k}={v!r}" for k, v in vars(self).items())
        return f"{type(self).__name__}({opts})"


class FrameAnswer(Answer):
    """A DataFrame answer; options as in :func:`compare_frames`."""

    def __init__(self, *, key: str | None = None, columns: Sequence[str] | None = None,
                 check_order: bool = False, check_dtype: bool = False, rtol: float = 1e-6,
                 atol: float = 1e-8, entity: Text | None = None,
                 display: Display = None) -> None:
        self.key, self.columns, self.check_order = key, columns, check_order
        self.check_dtype, self.rtol, self.atol, self.entity = check_dtype, rtol, atol, entity
        self.display = display

    def compare(self, got: object, expected: pd.DataFrame) -> Msg | None:
        return compare_frames(got, expected, key=self.key, columns=self.columns,
                              check_order=self.check_order, check_dtype=self.check_dtype,
                              rtol=self.rtol, atol=self.atol, entity=self.entity,
                              display=self.display)


class SeriesAnswer(Answer):
    """A Series answer (matched by index label); options as in :func:`compare_series`."""

    def __init__(self, *, check_order: bool = False, check_index: bool = True,
                 rtol: float = 1e-6, atol: float = 1e-8, entity: Text | None = None,
                 display: Display = None) -> None:
        self.check_order, self.check_index = check_order, check_index
        self.rtol, self.atol, self.entity, self.display = rtol, atol, entity, display

    def compare(self, got: object, expected: pd.Series) -> Msg | None:
        return compare_series(got, expected, check_order=self.check_order,
                              check_index=self.check_index, rtol=self.rtol, atol=self.atol,
                              entity=self.entity, display=self.display)


class NumberAnswer(Answer):
    """A number; options as in :func:`compare_numbers`."""

    def __init__(self, *, rtol: float = 1e-4, atol: float = 1e-9, reveal: bool = False,
                 percent_check: bool = True, display: Display = None,
                 whole: bool = False) -> None:
        self.rtol, self.atol, self.reveal, self.percent_check = rtol, atol, reveal, percent_check
        display_decimals(display)  # a bad format fails when the question is written
        self.display, self.whole = display, bool(whole)

    def compare(self, got: object, expected: float) -> Msg | None:
        return compare_numbers(got, expected, rtol=self.rtol, atol=self.atol,
                               reveal=self.reveal, percent_check=self.percent_check,
                               display=self.display, whole=self.whole)


class ChoiceAnswer(Answer):
    """A multiple-choice letter; options as in :func:`compare_choice`."""

    def __init__(self, options: Sequence[str] = ("a", "b", "c", "d"), *,
                 explanations: Mapping[str, Text] | None = None) -> None:
        self.options, self.explanations = tuple(options), explanations

    def compare(self, got: object, expected: str) -> Msg | None:
        return compare_choice(got, expected, options=self.options,
                              explanations=self.explanations)


class CollectionAnswer(Answer):
    """A list or set of items; options as in :func:`compare_collections`."""

    def __init__(self, *, ordered: bool = False) -> None:
        self.ordered = ordered

    def compare(self, got: object, expected: Sequence | set) -> Msg | None:
        return compare_collections(got, expected, ordered=self.ordered)


class ValueAnswer(Answer):
    """A plain value (text, bool, ...) compared exactly; see :func:`compare_values`."""

    def __init__(self) -> None:
        pass

    def compare(self, got: object, expected: object) -> Msg | None:
        return compare_values(got, expected)


class CustomAnswer(Answer):
    """Any comparison: ``fn(got, expected)`` or ``fn(got, expected, ctx)``.

    Parameters
    ----------
    fn : callable
        Returns None when ``got`` is right, else a message (``{"en": ..., "zh":
        ...}``, a str or a :class:`Msg`). A function with a third parameter
        (or a parameter named ``ctx``) also receives the bound
        :class:`~tierlab.exercises.Context`, so it can recompute from the
        learner's data (``ctx.data``, ``ctx.sales``, ``ctx.cached(...)``)
        instead of smuggling the data through ``expected``.

    Examples
    --------
    >>> def at_most_capacity(got, expected, ctx):
    ...     cap = ctx.reps["monthly_call_capacity"].sum()
    ...     return None if got <= cap else {"en": "Too many calls.", "zh": "拜访次数太多。"}
    >>> answer = CustomAnswer(at_most_capacity)
    """

    def __init__(self, fn: Callable[..., Text | None]) -> None:
        if not callable(fn):
            raise TypeError(f"CustomAnswer needs a function fn(got, expected[, ctx]), "
                            f"got {type(fn).__name__}.")
        self.fn = fn
        self._ctx_mode = _ctx_mode(fn)

    @property
    def takes_ctx(self) -> bool:
        """Whether ``fn`` receives the bound context."""
        return self._ctx_mode is not None

    def compare(self, got: object, expected: Any, ctx: Context | None = None) -> Msg | None:
        """Run ``fn``; ``ctx`` is passed on when ``fn`` takes it (None outside a check)."""
        if self._ctx_mode == "keyword":
            out = self.fn(got, expected, ctx=ctx)
        elif self._ctx_mode == "positional":
            out = self.fn(got, expected, ctx)
        else:
            out = self.fn(got, expected)
        if out is None or isinstance(out, Msg):
            return out
        return Msg.text(out)

    def judge(self, got: object, expected: Any, ctx: Context | None = None) -> Msg | None:
        return self.compare(got, expected, ctx)

    def __repr__(self) -> str:
        return f"CustomAnswer({getattr(self.fn, '__name__', self.fn)!r})"


def _ctx_mode(fn: Callable) -> str | None:
    """How ``fn`` takes the context: ``"keyword"`` (a keyword-only ``ctx``), ``"positional"``
    (a third positional parameter or ``*args``) or None (the classic ``fn(got, expected)``)."""
    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):  # builtins without a signature: the old two arguments
        return None
    if any(p.name == "ctx" and p.kind == p.KEYWORD_ONLY for p in params):
        return "keyword"
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    if len(positional) >= 3 or any(p.kind == p.VAR_POSITIONAL for p in params):
        return "positional"
    return None
