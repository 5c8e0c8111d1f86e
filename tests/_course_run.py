"""Run course notebooks on fresh seeds: shared by test_course_seeds_{pharma,retail}.py."""

from __future__ import annotations

import os
import random
import re
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def fresh_seed(name: str) -> int:
    """A seed nobody has used: drawn anew at each run, or fixed by TIERLAB_TEST_SEED to replay."""
    fixed = os.environ.get("TIERLAB_TEST_SEED")
    return int(fixed) if fixed else random.SystemRandom().randrange(10_000)


def course_notebooks(case: str) -> list[Path]:
    """The course's notebooks and solutions of one case (exercises are solutions minus answers)."""
    paths = sorted((ROOT / "notebooks").glob(f"*_{case}.ipynb"))
    paths += sorted((ROOT / "solutions").glob(f"*_{case}.ipynb"))
    return paths


def run_on_seed(path: Path, seed: int, monkeypatch) -> None:
    """Execute a notebook top to bottom with ``TIERLAB_SEED=seed`` (its setup cell says SEED=None)."""
    monkeypatch.setenv("TIERLAB_SEED", str(seed))
    monkeypatch.setenv("TIERLAB_PROGRESS_LOG", "off")
    monkeypatch.delenv("MPLBACKEND", raising=False)
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    except Exception as exc:  # name the seed so the failure can be replayed
        text = re.sub(r"\x1b\[[0-9;]*m", "", str(exc))
        text = text if len(text) < 6000 else text[:3000] + "\n[...]\n" + text[-3000:]
        raise AssertionError(
            f"{path.relative_to(ROOT)} fails on seed {seed} "
            f"(replay: TIERLAB_TEST_SEED={seed} pytest {Path(__file__).name} -k "
            f"{path.stem}):\n{text}") from None
