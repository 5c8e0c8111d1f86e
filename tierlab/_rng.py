"""The one place where randomness enters tierlab.

Every function that draws random numbers takes ``random_state`` and turns it
into a :class:`numpy.random.Generator` with :func:`check_random_state`. No
module uses numpy's or Python's global random state.
"""

from __future__ import annotations

import numbers
from typing import TypeAlias

import numpy as np

__all__ = ["check_random_state", "spawn", "seed_from"]

#: What every ``random_state=`` parameter accepts (for type hints).
RandomState: TypeAlias = "int | np.random.SeedSequence | np.random.Generator | None"


def check_random_state(random_state: RandomState = None) -> np.random.Generator:
    """Turn ``random_state`` into a :class:`numpy.random.Generator`.

    Parameters
    ----------
    random_state : None, int, numpy.random.SeedSequence or numpy.random.Generator
        ``None`` gives fresh, unpredictable randomness; an integer (>= 0) or a
        ``SeedSequence`` gives the same stream on every machine; a Generator
        is used as it is (and advanced by the caller).

    Returns
    -------
    numpy.random.Generator
    """
    if random_state is None or isinstance(random_state, np.random.SeedSequence):
        return np.random.default_rng(random_state)
    if isinstance(random_state, np.random.Generator):
        return random_state
    if isinstance(random_state, numbers.Integral) and not isinstance(random_state, bool):
        if random_state < 0:
            raise ValueError(f"random_state must be a non-negative integer, got {random_state}.")
        return np.random.default_rng(int(random_state))
    raise TypeError(
        "random_state must be None, a non-negative int or a numpy Generator, "
        f"got {type(random_state).__name__}: {random_state!r}."
    )


def spawn(rng: np.random.Generator, n: int) -> list[np.random.Generator]:
    """Split ``rng`` into ``n`` independent child generators (reproducibly)."""
    return [np.random.default_rng(s) for s in rng.bit_generator.seed_seq.spawn(n)]


def seed_from(rng: np.random.Generator) -> int:
    """Draw a 32-bit integer seed from ``rng`` (for libraries such as Faker or scikit-learn)."""
    return int(rng.integers(0, 2**31 - 1))
