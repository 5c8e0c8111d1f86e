"""The default worlds shipped in ``datasets/``, read offline."""

from __future__ import annotations

from pathlib import Path

from tierlab._validation import check_choice
from tierlab.cases._names import LOCALES
from tierlab.cases._world import World, read_world
from tierlab.cases.pharma.world import make_pharma
from tierlab.cases.retail.world import make_retail

__all__ = ["DEFAULT_SEED", "load_pharma", "load_retail", "default_dataset_dir", "snapshot_name"]

#: The seed of the default worlds in ``datasets/`` (every notebook starts from these).
DEFAULT_SEED = 2025


def default_dataset_dir() -> Path:
    """The ``datasets/`` folder of the course checkout."""
    return Path(__file__).resolve().parents[2] / "datasets"


def snapshot_name(case: str, locale: str) -> str:
    """Folder name of a snapshot: ``pharma`` / ``retail``, with ``_zh`` for zh_CN."""
    return case + ("_zh" if locale == "zh_CN" else "")


def _load(case: str, locale: str, path, seed) -> World:
    check_choice(locale, "locale", LOCALES)
    maker = make_pharma if case == "pharma" else make_retail
    if seed is not None and seed != DEFAULT_SEED:
        if path is not None:
            raise ValueError("give either seed= (a team's world) or path=, not both.")
        return maker(random_state=seed, locale=locale)  # a team's own world: drawn in ~1 s
    folder = Path(path) if path is not None else default_dataset_dir() / snapshot_name(case,
                                                                                       locale)
    if (folder / "world.json").exists():
        return read_world(folder)
    if path is not None:
        raise FileNotFoundError(f"path={str(path)!r} does not hold a tierlab world "
                                "(no world.json); create one with `tierlab data --out DIR`.")
    # Not a course checkout (e.g. installed from a wheel): draw the same world again.
    return maker(random_state=DEFAULT_SEED, locale=locale)


def load_pharma(locale: str = "en_US", path=None, seed=None) -> World:
    """The default pharma world (seed ``DEFAULT_SEED``), read offline from ``datasets/``.

    Parameters
    ----------
    locale : {"en_US", "zh_CN"}
        English or Chinese names and places.
    path : str or Path, optional
        A folder written by ``tierlab data`` (e.g. your team's world) instead of
        the default one.
    seed : int, optional
        A workshop team's seed: draws that team's world (same seed, same world
        on every laptop). ``None`` or ``DEFAULT_SEED`` reads the shipped one.

    Returns
    -------
    World
    """
    return _load("pharma", locale, path, seed)


def load_retail(locale: str = "en_US", path=None, seed=None) -> World:
    """The default retail world (seed ``DEFAULT_SEED``), read offline from ``datasets/``.

    Parameters
    ----------
    locale : {"en_US", "zh_CN"}
        English or Chinese names and places.
    path : str or Path, optional
        A folder written by ``tierlab data`` instead of the default one.
    seed : int, optional
        A workshop team's seed: draws that team's world (same seed, same world
        on every laptop). ``None`` or ``DEFAULT_SEED`` reads the shipped one.

    Returns
    -------
    World
    """
    return _load("retail", locale, path, seed)
