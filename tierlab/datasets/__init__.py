"""Synthetic pharma and retail worlds with a hidden truth.

``make_pharma`` / ``make_retail`` draw a world from its generative model;
``load_pharma`` / ``load_retail`` read the default worlds shipped in
``datasets/`` (offline). Each returns a :class:`World`.
"""

from tierlab.cases._world import World, check_world, data_dictionary, read_world, save_world
from tierlab.cases.pharma.world import make_pharma, pharma_expected_units
from tierlab.cases.retail.world import (
    RESPONSE_TYPES,
    make_retail,
    retail_response_probability,
    retail_window_expected,
    simulate_retail_window,
)
from tierlab.datasets._load import DEFAULT_SEED, DEFAULT_SEEDS, load_pharma, load_retail

__all__ = [
    "DEFAULT_SEED",
    "DEFAULT_SEEDS",
    "RESPONSE_TYPES",
    "World",
    "check_world",
    "data_dictionary",
    "load_pharma",
    "load_retail",
    "make_pharma",
    "make_retail",
    "pharma_expected_units",
    "read_world",
    "retail_response_probability",
    "retail_window_expected",
    "save_world",
    "simulate_retail_window",
]
