"""The default worlds shipped in ``datasets/``, read offline."""

from __future__ import annotations

import os
from pathlib import Path

from tierlab._validation import check_choice
from tierlab.cases import get as get_case
from tierlab.cases._names import LOCALES
from tierlab.cases._world import World, read_world

__all__ = ["DEFAULT_SEED", "DEFAULT_SEEDS", "SEED_ENV", "load_pharma", "load_retail", "default_dataset_dir", "snapshot_name"]

#: The seed of each case's default world in ``datasets/`` (every notebook starts from these).
#: Chosen to be typical, not favourable, for the lessons the course states (docs/worlds.md).
DEFAULT_SEEDS = {"pharma": 2025, "retail": 49}
#: The pharma default seed (kept for compatibility; the retail one is ``DEFAULT_SEEDS["retail"]``).
DEFAULT_SEED = DEFAULT_SEEDS["pharma"]


def default_dataset_dir() -> Path:
    """The ``datasets/`` folder of the course checkout."""
    return Path(__file__).resolve().parents[2] / "datasets"


def snapshot_name(case: str, locale: str) -> str:
    """Folder name of a snapshot: ``pharma`` / ``retail``, with ``_zh`` for zh_CN."""
    return case + ("_zh" if locale == "zh_CN" else "")


#: Environment variable that gives every notebook of a laptop the same team seed when the
#: setup cell says ``SEED = None`` (a trainer's shortcut; the course's tests use it to run
#: the whole course on fresh seeds).
SEED_ENV = "TIERLAB_SEED"


def _env_seed():
    raw = os.environ.get(SEED_ENV, "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"the environment variable {SEED_ENV} must be a whole number "
                         f"(a team's seed), got {raw!r}.") from None


def _load(case: str, locale: str, path, seed) -> World:
    check_choice(locale, "locale", LOCALES)
    if seed is None and path is None:
        seed = _env_seed()
    maker = get_case(case).make
    default = DEFAULT_SEEDS[case]
    if seed is not None and seed != default:
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
    return maker(random_state=default, locale=locale)


def load_pharma(locale: str = "en_US", path: str | Path | None = None,
                seed: int | None = None) -> World:
    """The default pharma world (seed ``DEFAULT_SEEDS["pharma"]``), read offline from ``datasets/``.

    Parameters
    ----------
    locale : {"en_US", "zh_CN"}
        English or Chinese names and places.
    path : str or Path, optional
        A folder written by ``tierlab data`` (e.g. your team's world) instead of
        the default one.
    seed : int, optional
        A workshop team's seed: draws that team's world (same seed, same world
        on every laptop). ``None`` or the default seed reads the shipped one;
        with ``seed=None`` the environment variable ``TIERLAB_SEED``, when set,
        gives the seed instead.

    Returns
    -------
    World
    """
    return _load("pharma", locale, path, seed)


def load_retail(locale: str = "en_US", path: str | Path | None = None,
                seed: int | None = None) -> World:
    """The default retail world (seed ``DEFAULT_SEEDS["retail"]``), read offline from ``datasets/``.

    Parameters
    ----------
    locale : {"en_US", "zh_CN"}
        English or Chinese names and places.
    path : str or Path, optional
        A folder written by ``tierlab data`` instead of the default one.
    seed : int, optional
        A workshop team's seed: draws that team's world (same seed, same world
        on every laptop). ``None`` or the default seed reads the shipped one;
        with ``seed=None`` the environment variable ``TIERLAB_SEED``, when set,
        gives the seed instead.

    Returns
    -------
    World
    """
    return _load("retail", locale, path, seed)
