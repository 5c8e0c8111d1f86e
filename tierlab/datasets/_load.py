"""The default worlds shipped in ``datasets/``, read offline."""

from __future__ import annotations

from pathlib import Path

from tierlab._validation import check_choice
from tierlab.datasets._names import LOCALES
from tierlab.datasets._pharma import make_pharma
from tierlab.datasets._retail import make_retail
from tierlab.datasets._world import World, read_world

__all__ = ["DEFAULT_SEED", "load_pharma", "load_retail", "default_dataset_dir", "snapshot_name"]

#: The seed of the default worlds in ``datasets/`` (every notebook starts from these).
DEFAULT_SEED = 2025


def default_dataset_dir() -> Path:
    """The ``datasets/`` folder of the course checkout."""
    return Path(__file__).resolve().parents[2] / "datasets"


def snapshot_name(case: str, locale: str) -> str:
    """Folder name of a snapshot: ``pharma`` / ``retail``, with ``_zh`` for zh_CN."""
    return case + ("_zh" if locale == "zh_CN" else "")


def _load(case: str, locale: str, path) -> World:
    check_choice(locale, "locale", LOCALES)
    folder = Path(path) if path is not None else default_dataset_dir() / snapshot_name(case,
                                                                                       locale)
    if (folder / "world.json").exists():
        return read_world(folder)
    if path is not None:
        raise FileNotFoundError(f"path={str(path)!r} does not hold a tierlab world "
                                "(no world.json); create one with `tierlab data --out DIR`.")
    # Not a course checkout (e.g. installed from a wheel): draw the same world again.
    maker = make_pharma if case == "pharma" else make_retail
    return maker(random_state=DEFAULT_SEED, locale=locale)


def load_pharma(locale: str = "en_US", path=None) -> World:
    """The default pharma world (seed ``DEFAULT_SEED``), read offline from ``datasets/``.

    Parameters
    ----------
    locale : {"en_US", "zh_CN"}
        English or Chinese names and places.
    path : str or Path, optional
        A folder written by ``tierlab data`` (e.g. your team's world) instead of
        the default one.

    Returns
    -------
    World
    """
    return _load("pharma", locale, path)


def load_retail(locale: str = "en_US", path=None) -> World:
    """The default retail world (seed ``DEFAULT_SEED``), read offline from ``datasets/``.

    Parameters
    ----------
    locale : {"en_US", "zh_CN"}
        English or Chinese names and places.
    path : str or Path, optional
        A folder written by ``tierlab data`` instead of the default one.

    Returns
    -------
    World
    """
    return _load("retail", locale, path)
