"""Survey measures shared by every case: the net promoter score.

The case-specific profiles (客户画像) live with their case:
:func:`tierlab.doctor_profile` (:mod:`tierlab.cases.pharma`) and
:func:`tierlab.member_profile` (:mod:`tierlab.cases.retail`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["nps"]


# --------------------------------------------------------------------------- NPS
def nps(scores: Sequence[float] | np.ndarray | pd.Series) -> float:
    """Net promoter score: share of promoters (9-10) minus share of detractors (0-6), in points.

    Parameters
    ----------
    scores : array-like or pandas.Series
        Answers to "how likely are you to recommend us?" on the 0-10 scale.
        Missing answers (NaN) are left out.

    Returns
    -------
    float
        Between -100 (all detractors) and +100 (all promoters). Passives (7-8)
        count in the denominator only. NaN when there is no answer at all
        (empty or all missing), so a group nobody answered for stays visible.

    Raises
    ------
    TypeError
        If the scores are not numbers.
    ValueError
        If an answer is not a whole number from 0 to 10.

    Examples
    --------
    >>> nps([10, 9, 8, 3])
    25.0
    """
    s = pd.Series(scores) if not isinstance(scores, pd.Series) else scores
    if s.ndim != 1:
        raise ValueError(f"scores must be one-dimensional, got {s.ndim} dimensions.")
    if pd.api.types.is_bool_dtype(s) or not (pd.api.types.is_numeric_dtype(s) or s.dtype == object):
        raise TypeError(f"scores must be numbers from 0 to 10, got dtype {s.dtype}.")
    num = pd.to_numeric(s, errors="coerce")
    bad = s[num.isna() & s.notna()]
    if len(bad):
        raise TypeError(f"scores must be numbers from 0 to 10, got {len(bad)} non-numeric "
                        f"value(s), e.g. {bad.iloc[0]!r}.")
    v = num.dropna().to_numpy(dtype=float)
    if len(v) == 0:  # e.g. a tier in which nobody answered the survey
        return float("nan")
    wrong = v[(v < 0) | (v > 10) | (v != np.round(v))]
    if len(wrong):
        raise ValueError(f"scores must be whole numbers from 0 to 10, got {len(wrong)} "
                         f"value(s) outside that, e.g. {wrong[0]:g}.")
    return float(100.0 * ((v >= 9).mean() - (v <= 6).mean()))


# --------------------------------------------------------------------------- retail


# --------------------------------------------------------------------------- pharma
