"""Names and places from Faker, drawn once into pools and then sampled with numpy.

Faker costs 10-150 microseconds per call, so a world never calls it per row:
a few hundred first names, surnames and cities are drawn (seeded) and then
combined with numpy, which keeps a million members cheap.
"""

from __future__ import annotations

import numpy as np

from tierlab._rng import seed_from
from tierlab._validation import check_choice

__all__ = ["LOCALES", "NamePool"]

LOCALES = ("en_US", "zh_CN")


class NamePool:
    """Seeded pools of first names, surnames and cities for one locale."""

    def __init__(self, locale: str, rng: np.random.Generator, n_first: int = 400,
                 n_last: int = 250, n_cities: int = 60) -> None:
        check_choice(locale, "locale", LOCALES)
        from faker import Faker  # imported lazily: Faker is slow to import

        fake = Faker(locale)
        fake.seed_instance(seed_from(rng))
        self.locale = locale
        self.zh = locale == "zh_CN"
        self.first = np.array([fake.first_name() for _ in range(n_first)], dtype=object)
        self.last = np.array([fake.last_name() for _ in range(n_last)], dtype=object)
        city = fake.city_name if hasattr(fake, "city_name") else fake.city
        cities = list(dict.fromkeys(city() for _ in range(n_cities * 3)))[:n_cities]
        self.cities = np.array(cities, dtype=object)

    def people(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """``n`` full names (surname first in Chinese)."""
        f = self.first[rng.integers(0, len(self.first), n)]
        s = self.last[rng.integers(0, len(self.last), n)]
        sep = "" if self.zh else " "
        if self.zh:
            return np.array([a + b for a, b in zip(s, f, strict=True)], dtype=object)
        return np.array([a + sep + b for a, b in zip(f, s, strict=True)], dtype=object)

    def city_sample(self, rng: np.random.Generator, n: int, k: int | None = None) -> np.ndarray:
        """``n`` cities drawn from the first ``k`` cities of the pool (Zipf-like weights)."""
        pool = self.cities[: (k or len(self.cities))]
        w = 1.0 / np.arange(1, len(pool) + 1) ** 0.8
        return pool[rng.choice(len(pool), size=n, p=w / w.sum())]
