"""Generated notebooks kept in sync with their source: shared by the two builds.

:mod:`tierlab.exercises._build` (``exercises/`` from ``solutions/``) and
:mod:`tierlab.editions` (the Chinese edition from the English notebooks) both
write a notebook only when its text changes, and with ``check=True`` only report
what is out of sync. This module holds what they share: the report, the list of
notebooks in a folder, the normalised text of a notebook on disk, and the
write-or-compare step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["SyncReport", "normalised", "notebooks_in", "put"]


@dataclass
class SyncReport:
    """What a build did (or, with ``check=True``, would do), notebook by notebook."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)

    @property
    def out_of_sync(self) -> list[str]:
        """Generated notebooks that differ from the build: stale, missing, or without source."""
        return sorted(self.stale + self.missing + self.orphans)


def notebooks_in(folder: Path) -> list[Path]:
    """The ``*.ipynb`` files directly inside ``folder``, sorted."""
    return sorted(p for p in Path(folder).glob("*.ipynb") if p.is_file())


def normalised(path: Path) -> str | None:
    """The notebook at ``path`` as nbformat writes it, or None if it cannot be read."""
    import nbformat

    try:
        return nbformat.writes(nbformat.read(path, as_version=4)) + "\n"
    except Exception:  # noqa: BLE001 - an unreadable notebook is simply out of sync
        return None


def put(report: SyncReport, target: Path, rel: str, text: str, check: bool) -> None:
    """Write ``text`` to ``target`` if it differs (or only record it, ``check=True``).

    ``rel`` is the name the report lists: unchanged, written, or (checking)
    stale or missing.
    """
    current = normalised(target) if target.exists() else None
    if current == text:
        report.unchanged.append(rel)
    elif check:
        (report.stale if target.exists() else report.missing).append(rel)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        report.written.append(rel)
