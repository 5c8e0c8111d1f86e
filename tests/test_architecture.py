"""The package's shape: no import cycles, cases plug in through the registry."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import sys
from pathlib import Path

import pandas as pd
import pytest

import tierlab as tl
from tierlab import cases

ROOT = Path(tl.__file__).resolve().parent


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _is_module(name: str) -> bool:
    base = ROOT.parent / Path(*name.split("."))
    return base.with_suffix(".py").exists() or (base / "__init__.py").exists()


def import_graph() -> dict[str, set[str]]:
    """Module-level imports between tierlab modules (imports inside functions are lazy)."""
    graph: dict[str, set[str]] = {}
    for path in ROOT.rglob("*.py"):
        mod = _module_name(path)
        pkg = mod if path.name == "__init__.py" else mod.rsplit(".", 1)[0]
        edges = graph.setdefault(mod, set())
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = pkg.split(".")[: len(pkg.split(".")) - node.level + 1]
                    base = ".".join(up + ([base] if base else []))
                names = [f"{base}.{a.name}" if _is_module(f"{base}.{a.name}") else base
                         for a in node.names]
            else:
                continue
            edges.update(n for n in names if n.split(".")[0] == "tierlab" and n != mod)
    return graph


def find_cycles(graph):
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in list(graph):
        if v not in index:
            visit(v)
    return out


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert find_cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles_in_tierlab():
    graph = import_graph()
    assert "tierlab.cases.pharma.world" in graph and graph["tierlab.pareto"]  # the graph is real
    assert find_cycles(graph) == []


def test_method_modules_know_no_case():
    graph = import_graph()
    methods = ["pareto", "rfm", "matrix", "clv", "summary", "loyalty", "cluster", "composite",
               "migration", "goals", "strategy", "evaluate", "actions", "simulate", "profiles"]
    for m in methods:
        assert not {e for e in graph[f"tierlab.{m}"] if e.startswith("tierlab.cases.")
                    and e != "tierlab.cases"}, m


def test_builtin_cases_are_registered():
    assert {"pharma", "retail"} <= set(cases.available())
    pharma = cases.get("pharma")
    assert pharma.id_column == "doctor_id" and pharma.profile is tl.doctor_profile
    assert cases.get("retail").service_models is tl.RETAIL_SERVICE_MODELS
    with pytest.raises(ValueError, match="unknown case 'nope'; cases are: .*pharma"):
        cases.get("nope")


@pytest.fixture
def restore_registry():
    """The toy case is registered for one test only: later tests see the course's cases."""
    from tierlab import _validation
    from tierlab.cases import _dictionary, _registry

    saved = [(obj, obj.copy()) for obj in (_registry._CASES, _dictionary.DICTIONARY)]
    ids = list(_validation.CASE_ID_COLUMNS)
    yield
    for obj, copy in saved:
        obj.clear()
        obj.update(copy)
    _validation.CASE_ID_COLUMNS[:] = ids


def test_a_toy_case_plugs_in_with_one_registry_line(tmp_path, restore_registry):
    toy = importlib.import_module("tests.toycase")
    cases.register(toy.CASE)                     # the one registry line
    world = toy.make_toy(random_state=5)
    assert cases.get("toy").profile(world).shape == (20, 2)
    # generic code works on it: scoring, comparing, the data dictionary, save/read
    plans = {"even": dict.fromkeys(world.shops.shop_id, 1.0),
             "one shop": {world.shops.shop_id[0]: 20.0}}
    table = tl.compare_plans(world, plans)
    assert list(table["plan"]) == ["even", "one shop"]
    assert 0 < table["share_of_optimum"].iloc[1] < table["share_of_optimum"].iloc[0] <= 1
    assert set(tl.datasets.data_dictionary("toy")["table"]) == {"shops", "shop_truth"}
    tl.datasets.save_world(world, tmp_path / "toy")
    back = tl.datasets.read_world(tmp_path / "toy")
    pd.testing.assert_frame_equal(back.hidden["shop_truth"], world.hidden["shop_truth"])
    # the case's id column is understood by the methods' default customer=
    abc = tl.abc_classify(world.shops, value="sales")
    assert "shop_id" in abc.columns
    # `tierlab data` draws it through the registry, at a chosen size
    from tierlab.datasets._cli import generate

    (folder,) = generate(tmp_path / "data", seed=3, cases=["toy"], locales=["en_US"],
                         sizes={"toy": 7}, progress=False)
    drawn = tl.datasets.read_world(folder)
    assert drawn.case == "toy" and len(drawn.shops) == 7 and drawn.seed == 3
    assert "#### `shops.csv` (7 rows)" in (tmp_path / "data" / "README.md").read_text("utf-8")
    with pytest.raises(ValueError, match="no course seed; pass seed="):
        generate(tmp_path / "data", cases=["toy"], locales=["en_US"], progress=False)
    with pytest.raises(ValueError, match="unknown case 'shop'"):
        generate(tmp_path / "data", seed=3, cases=["shop"], progress=False)


def test_default_customer_resolves_to_the_case_id_and_errors_suggest_it():
    doctors = pd.DataFrame({"doctor_id": ["D1", "D2", "D3"], "hospital_id": ["H1", "H1", "H2"],
                            "value": [5.0, 3.0, 1.0]})
    assert list(tl.abc_classify(doctors, value="value")["doctor_id"]) == ["D1", "D2", "D3"]
    with pytest.raises(ValueError, match=r"Did you mean customer='doctor_id'\?"):
        tl.abc_classify(doctors, customer="doctorid", value="value")
    both = doctors.assign(member_id=["M1", "M2", "M3"])  # ambiguous: no guess
    with pytest.raises(ValueError, match="customer='customer_id' is not a column"):
        tl.abc_classify(both, value="value")


# --------------------------------------------------------------------------- type hints
#: Modules whose public functions are not (yet) required to carry type hints (a module and
#: its submodules). Empty: the rewritten pharma case and question modules carry hints too.
HINTS_EXEMPT: tuple[str, ...] = ()


def _exempt(module: str) -> bool:
    return any(module == m or module.startswith(m + ".") for m in HINTS_EXEMPT)


def public_callables():
    """(qualified name, function) of every function in a tierlab module's ``__all__`` and
    every public method (and ``__init__``) of a class in one, each once."""
    seen, out = set(), []
    for info in pkgutil.walk_packages(tl.__path__, "tierlab."):
        module = importlib.import_module(info.name)
        for attr in getattr(module, "__all__", ()):
            obj = getattr(module, attr)
            if inspect.isclass(obj):  # its own methods and those of tierlab base classes
                members = [(f"{klass.__qualname__}.{k}", v)
                           for klass in obj.__mro__ if klass.__module__.startswith("tierlab")
                           for k, v in vars(klass).items()
                           if (not k.startswith("_") or k == "__init__")]
                members = [(n, v.__func__ if isinstance(v, staticmethod | classmethod) else v)
                           for n, v in members]
                members = [(n, v.fget if isinstance(v, property) else v) for n, v in members]
            else:
                members = [(obj.__qualname__, obj)] if inspect.isfunction(obj) else []
            for name, f in members:
                if not inspect.isfunction(f):
                    continue
                f = inspect.unwrap(f)
                home = f.__module__ or ""
                if not home.startswith("tierlab") or _exempt(home) or f in seen:
                    continue
                seen.add(f)
                out.append((f"{home}.{name}", f))
    return out


def missing_hints(f) -> list[str]:
    sig = inspect.signature(f)
    missing = [p for p, prm in sig.parameters.items()
               if p not in ("self", "cls") and prm.annotation is inspect.Parameter.empty]
    if sig.return_annotation is inspect.Signature.empty:
        missing.append("return")
    return missing


def test_public_functions_have_type_hints():
    found = public_callables()
    assert len(found) > 250  # the walk reaches the whole package
    bad = {name: m for name, f in found if (m := missing_hints(f))}
    assert not bad, "type hints missing (parameters / return):\n" + "\n".join(
        f"  {name}: {', '.join(m)}" for name, m in sorted(bad.items()))


def test_the_hint_check_sees_a_missing_hint(monkeypatch):
    def half(x: float, y) -> float:
        return x / 2

    def whole(x: float):
        return x

    assert missing_hints(half) == ["y"] and missing_hints(whole) == ["return"]
    assert not _exempt("tierlab.cases.pharma.world")  # nothing is exempt now
    monkeypatch.setattr(sys.modules[__name__], "HINTS_EXEMPT", ("tierlab.cases.pharma",))
    assert _exempt("tierlab.cases.pharma.world") and not _exempt("tierlab.cases.pharmacy")
