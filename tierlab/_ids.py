"""Customer ids to integer codes in sorted id order, in one pass (private).

Shared by the summaries (:mod:`tierlab.summary`) and the tierings
(:mod:`tierlab.pareto`, :mod:`tierlab.rfm`): string, categorical and integer
ids all become int64 codes whose order is the sorted order of the ids,
without creating a Python object per row.
"""

from __future__ import annotations

import ctypes
import sys

import numpy as np
import pandas as pd

__all__: list[str] = []


class _MissingIdError(Exception):
    """Raised internally when a customer id is missing."""


def _object_addresses(values: np.ndarray) -> np.ndarray | None:
    """The PyObject addresses held by an object array (CPython), as int64; else None."""
    if (sys.implementation.name != "cpython" or values.dtype != object
            or np.dtype(np.intp).itemsize != 8 or not values.flags.c_contiguous):
        return None
    buf = ctypes.cast(values.ctypes.data, ctypes.POINTER(ctypes.c_int64))
    return np.ctypeslib.as_array(buf, shape=(len(values),)).copy()


def _dense_codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Codes in sorted order of int ``values`` without hashing, when their range is dense.

    Returns ``(codes, unique sorted values)`` or None when the range is too wide.
    A common factor of the gaps (e.g. the 16-byte alignment of object addresses)
    is divided out first.
    """
    lo, hi = int(values.min()), int(values.max())
    off = values - lo
    shift = 0
    if hi > lo:
        gaps = int(np.bitwise_or.reduce(off))
        shift = (gaps & -gaps).bit_length() - 1  # trailing zero bits shared by all offsets
        if shift:
            off >>= shift
    span = ((hi - lo) >> shift) + 1
    if span >= max(4 * len(values), 1 << 20):
        return None
    present = np.zeros(span, dtype=bool)
    present[off] = True
    rank = np.cumsum(present, dtype=np.int64) - 1
    uniques = (np.flatnonzero(present) << shift) + lo
    return rank[off], uniques


def _argsort_values(uniques: np.ndarray) -> np.ndarray | None:
    """Stable argsort of distinct ids; None when they cannot be compared (mixed types).

    Python strings are sorted by their UTF-8 bytes (the same order as Python's
    code point order), packed into big-endian 64-bit integers: an integer
    sort instead of a Python comparison per pair.
    """
    if uniques.dtype == object and len(uniques) > 1 and \
            pd.api.types.infer_dtype(uniques, skipna=False) == "string":
        try:
            raw = uniques.astype("S")  # ASCII, the usual case
        except UnicodeEncodeError:
            raw = np.char.encode(uniques.astype(str), "utf-8")
        width = -(-raw.dtype.itemsize // 8) * 8
        words = raw.astype(f"S{width}").view(">u8").reshape(len(raw), width // 8)
        if words.shape[1] == 1:
            return np.argsort(words[:, 0], kind="stable")
        return np.lexsort(words.T[::-1])
    try:
        return np.argsort(uniques, kind="stable")
    except TypeError:
        return None


def _sorted_string_codes(strings: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Codes in sorted order and the distinct values of Python strings; None if not all str.

    The strings (distinct objects, possibly equal in value) are sorted once by their
    UTF-8 bytes packed in big-endian 64-bit integers (UTF-8 byte order is Python's code
    point order), with the length as the last key (zero padding makes ``"a"`` and
    ``"a\\x00"`` look alike; the shorter sorts first); equal neighbours share a code.
    This replaces a hash table of the strings followed by a sort of the distinct
    ones. ASCII strings (the usual ids) are encoded in one ``str.join``.
    """
    n = len(strings)
    if n < 2 or pd.api.types.infer_dtype(strings, skipna=False) != "string":
        return None
    items = strings.tolist()
    lengths = np.fromiter(map(len, items), dtype=np.int64, count=n)
    longest = int(lengths.max())
    width = max(-(-longest // 8) * 8, 8)
    try:
        buf = np.frombuffer("".join(items).encode("ascii"), dtype=np.uint8)
    except UnicodeEncodeError:
        raw = np.char.encode(strings.astype(str), "utf-8")
        width = max(-(-raw.dtype.itemsize // 8) * 8, 8)
        words = raw.astype(f"S{width}").view(">u8").reshape(n, width // 8)
    else:
        if int(lengths.min()) == longest:  # one length (the usual ids): a plain reshape
            padded = np.zeros((n, width), dtype=np.uint8)
            padded[:, :longest] = buf.reshape(n, longest)
        else:
            padded = np.zeros(n * width, dtype=np.uint8)
            starts = np.cumsum(lengths) - lengths
            row = np.repeat(np.arange(n, dtype=np.int64) * width - starts, lengths)
            padded[row + np.arange(len(buf), dtype=np.int64)] = buf
            padded = padded.reshape(n, width)
        words = padded.view(">u8")
    keys = [words[:, j] for j in range(words.shape[1] - 1, -1, -1)]
    same_length = int(lengths.min()) == int(lengths.max())
    if same_length and len(keys) == 1:
        order = np.argsort(keys[0], kind="stable")
    else:
        order = np.lexsort(([] if same_length else [lengths]) + keys)
    w = words[order]
    new = np.empty(n, dtype=bool)
    new[0] = True
    np.any(w[1:] != w[:-1], axis=1, out=new[1:])
    if not same_length:
        ls = lengths[order]
        new[1:] |= ls[1:] != ls[:-1]
    codes = np.empty(n, dtype=np.int64)
    codes[order] = np.cumsum(new) - 1
    return codes, strings[order[new]]


def _sort_uniques(codes: np.ndarray, uniques) -> tuple[np.ndarray, np.ndarray]:
    """Renumber ``codes`` so that they follow the sorted order of ``uniques``."""
    uniques = np.asarray(uniques)
    order = _argsort_values(uniques)
    if order is None:  # mixed types cannot be sorted: keep order of appearance
        return codes.astype(np.int64, copy=False), uniques
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank[codes], uniques[order]


def _factorize_sorted(values) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes for ``values`` whose order follows the sorted unique values.

    One pass, no per-row Python objects created:

    * categorical: the category codes, renumbered by the sorted categories;
    * integers in a dense range: a lookup table (no hashing);
    * object arrays (Python strings): ids repeated in a log are usually the
      same Python object (pandas' CSV reader and most generators share them),
      so rows are first grouped by object address (integers, no hashing when
      dense), and only the distinct objects are compared as strings;
    * anything else (e.g. Arrow strings): ``pandas.factorize``.

    Raises ``_MissingIdError`` when a value is missing.
    """
    if isinstance(values, pd.Series):
        values = values.array
    if isinstance(values.dtype, pd.CategoricalDtype):
        cat = pd.Categorical(values)
        codes = cat.codes
        if len(codes) and codes.min() < 0:
            raise _MissingIdError
        used = np.bincount(codes, minlength=len(cat.categories)) > 0
        cats = cat.categories.to_numpy()
        if not used.all():
            keep = np.flatnonzero(used)
            new = np.full(len(cats), -1, dtype=np.int64)
            new[keep] = np.arange(len(keep))
            codes, cats = new[codes], cats[keep]
        return _sort_uniques(codes.astype(np.int64, copy=False), cats)
    if isinstance(values, np.ndarray | pd.arrays.NumpyExtensionArray) or values.dtype == object or (
            isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "python"):
        arr = np.asarray(values)
    else:  # extension arrays (Arrow strings, nullable ints ...): their own factorize
        codes, uniques = pd.factorize(values, sort=False)
        if len(codes) and codes.min() < 0:
            raise _MissingIdError
        return _sort_uniques(codes.astype(np.int64, copy=False), uniques)
    if arr.dtype.kind in "iu" and len(arr):
        dense = _dense_codes(arr.astype(np.int64, copy=False))
        if dense is not None:
            return dense[0], dense[1].astype(arr.dtype)
    addr = _object_addresses(arr) if len(arr) else None
    if addr is not None:
        dense = _dense_codes(addr)
        if dense is not None:
            obj_codes = dense[0]
        else:
            obj_codes = pd.factorize(addr, sort=False)[0]
        # one row per distinct object, then compare those objects by value
        first = np.empty(int(obj_codes.max()) + 1, dtype=np.int64)
        first[obj_codes] = np.arange(len(arr))
        objects = arr[first]
        by_bytes = _sorted_string_codes(objects)
        if by_bytes is not None:  # strings: one integer sort groups and orders them
            return by_bytes[0][obj_codes], by_bytes[1]
        codes, uniques = pd.factorize(objects, sort=False)
        if len(codes) and codes.min() < 0:
            raise _MissingIdError
        uniques = np.asarray(uniques)
        order = _argsort_values(uniques)
        if order is None:  # mixed types: order of first appearance, from the rows
            return _factorize_plain(arr)
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order))
        return rank[codes][obj_codes], uniques[order]
    return _factorize_plain(arr)


def _factorize_plain(arr) -> tuple[np.ndarray, np.ndarray]:
    codes, uniques = pd.factorize(arr, sort=False)
    if len(codes) and codes.min() < 0:
        raise _MissingIdError
    return _sort_uniques(codes.astype(np.int64, copy=False), uniques)


def _missing_ids(ids: pd.Series, customer: str, name: str) -> ValueError:
    return ValueError(
        f"customer={customer!r} has {int(ids.isna().sum())} missing id(s) in {name}; "
        "every row needs a customer id."
    )


def _repeated_ids(example: object, n_dup: int, customer: str, name: str) -> ValueError:
    return ValueError(
        f"customer={customer!r} must identify one row per customer, but {name} has "
        f"{n_dup} repeated id(s), e.g. {example!r}. Aggregate first, "
        f"e.g. {name}.groupby({customer!r}, as_index=False).sum()."
    )


def check_unique_id_column(data: pd.DataFrame, customer: str, name: str = "data") -> None:
    """Raise on gaps or repeats in ``data[customer]``, without computing codes.

    The messages of :func:`unique_id_codes`. Sorted ids (tierlab's own tables) take one
    comparison pass; others one hash pass (no sort: shuffled string ids are checked
    about three times faster than by :func:`unique_id_codes`, which must sort them).
    """
    ids = data[customer]
    if _strictly_increasing_codes(ids) is not None:
        return
    if ids.isna().any():
        raise _missing_ids(ids, customer, name)
    dup = ids.duplicated()
    if dup.any():
        raise _repeated_ids(ids[dup].iloc[0], int(dup.sum()), customer, name)


def unique_id_codes(data: pd.DataFrame, customer, name: str = "data") -> np.ndarray:
    """Codes (sorted id order) of a one-row-per-customer table; raise on gaps or repeats.

    The same checks and messages as :func:`check_unique_id_column`
    (:func:`tierlab._validation.check_unique_ids`), from one factorization instead of a
    hash pass per check. The column must exist.
    """
    sorted_codes = _strictly_increasing_codes(data[customer])
    if sorted_codes is not None:  # already sorted and unique (e.g. a summary's ids)
        return sorted_codes
    try:
        codes, uniques = _factorize_sorted(data[customer])
    except _MissingIdError:
        raise _missing_ids(data[customer], customer, name) from None
    if len(uniques) != len(codes):
        seen = np.zeros(len(uniques), dtype=bool)
        first_dup = None
        counts = np.bincount(codes, minlength=len(uniques))
        dup_rows = np.flatnonzero(counts[codes] > 1)
        for i in dup_rows:  # the first row that repeats an earlier id
            if seen[codes[i]]:
                first_dup = i
                break
            seen[codes[i]] = True
        raise _repeated_ids(data[customer].iloc[first_dup], len(codes) - len(uniques),
                            customer, name)
    return codes


def _strictly_increasing_codes(ids: pd.Series) -> np.ndarray | None:
    """``0 .. n-1`` when ``ids`` are strictly increasing (so unique and sorted), else None.

    Tables made by tierlab (summaries, RFM tables) come sorted by customer id;
    one comparison per neighbouring pair then replaces hashing every id.
    """
    dtype = ids.dtype
    if len(ids) < 2 or not (isinstance(dtype, np.dtype) or (
            isinstance(dtype, pd.StringDtype) and dtype.storage == "python")):
        return None
    values = np.asarray(ids.array)
    if values.dtype.kind not in "iufO":
        return None
    try:
        with np.errstate(invalid="ignore"):
            increasing = bool(np.all(values[1:] > values[:-1]))
    except TypeError:  # mixed types or missing values: the general path decides
        return None
    return np.arange(len(values), dtype=np.int64) if increasing else None
