"""The case layer: one package per case company, the generic code asks the registry.

Each case (``pharma``, ``retail``) lives in its own package and holds what is
specific to it: the world generator and its hidden truth (``world``), the
tables built from the observable world (``tables``: profile, panel, features,
value tiers), and the simulator with its oracle (``simulator``). The package
registers a :class:`Case` that bundles these for generic code::

    from tierlab import cases
    case = cases.get(world.case)          # never `if world.case == "pharma"`
    case.profile(world)                   # one row per customer
    case.score_inputs(world, plan)        # what tierlab.simulate.score_plan needs

Method modules (pareto, rfm, matrix, ...) know nothing of cases. To add a case
(say a distributor / 经销商 case), write one package like ``tierlab/cases/pharma``
and register its :class:`Case`; see ``docs/architecture.md``.
"""

from tierlab.cases._registry import Case, available, get, register
from tierlab.cases._world import (
    World,
    apply_schema,
    check_world,
    data_dictionary,
    read_world,
    register_dictionary,
    save_world,
)

__all__ = ["Case", "World", "apply_schema", "available", "check_world", "data_dictionary",
           "get", "read_world", "register", "register_dictionary", "save_world"]
