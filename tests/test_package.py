"""Package hygiene: every module declares __all__, public names are documented, ruff is clean."""

import importlib
import inspect
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import tierlab

ROOT = Path(__file__).resolve().parents[1]
MODULES = sorted(
    m.name for m in pkgutil.walk_packages(tierlab.__path__, "tierlab.")
    if not m.name.rsplit(".", 1)[-1].startswith("_") or m.name.endswith("__init__")
)


@pytest.mark.parametrize("name", ["tierlab", *MODULES])
def test_module_declares_all_and_documents_public_names(name):
    module = importlib.import_module(name)
    assert module.__doc__, f"{name} has no module docstring"
    assert hasattr(module, "__all__"), f"{name} has no __all__"
    for public in module.__all__:
        assert hasattr(module, public), f"{name}.__all__ names {public!r}, which does not exist"
        obj = getattr(module, public)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            assert inspect.getdoc(obj), f"{name}.{public} has no docstring"


def test_top_level_exports_resolve():
    for name in tierlab.__all__:
        assert getattr(tierlab, name) is not None
    # heavy submodules load lazily but are reachable as attributes
    assert callable(tierlab.plotting.set_theme)
    assert callable(tierlab.widgets.abc_explorer)


@pytest.mark.skipif(shutil.which("ruff") is None and
                    not (Path(sys.executable).parent / "ruff").exists(),
                    reason="ruff is not installed")
def test_ruff_is_clean():
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    proc = subprocess.run([ruff, "check", "tierlab", "tests", "benchmarks", "tools", "course.py"],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_import_is_light():
    """``import tierlab`` loads no heavy library; each loads on first use."""
    heavy = ["scipy", "sklearn", "matplotlib", "seaborn", "openpyxl", "duckdb", "ibis",
             "narwhals", "pyspark",
             "ipywidgets"]
    code = ("import sys, tierlab; "
            f"print([m for m in {heavy!r} if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]", out.stdout
    # and the models still work: scipy arrives when a model is used
    code = ("import sys, pandas as pd, tierlab as tl; "
            "s = pd.DataFrame({'frequency': [0, 2, 5, 1] * 10, 'recency': [0, 20, 30, 5] * 10,"
            " 'T': [40, 38, 35, 30] * 10}); tl.BetaGeoModel().fit(s); "
            "print('scipy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    assert out.stdout.strip().splitlines()[-1] == "True"
