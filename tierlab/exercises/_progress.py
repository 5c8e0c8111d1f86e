"""The progress log: one JSON line per check, hint or solution call.

The path comes from ``$TIERLAB_PROGRESS_LOG`` (default
``~/.tierlab/progress.jsonl``); set it to an empty string, ``0`` or ``off`` to
switch logging off. The log is the learner's own record: ``tierlab grade``
switches it off in the kernels it runs and never takes scores from it (a
learner can write any line into it). Writing never raises: a read-only home folder must not break a
learner's notebook.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
from collections.abc import Iterable
from pathlib import Path

__all__ = ["ENV_VAR", "log_path", "record", "read_log", "latest_outcomes"]

ENV_VAR = "TIERLAB_PROGRESS_LOG"


def log_path() -> Path | None:
    """Where events are written, or None when logging is switched off."""
    value = os.environ.get(ENV_VAR)
    if value is None:
        return Path.home() / ".tierlab" / "progress.jsonl"
    if value.strip().lower() in {"", "0", "off", "false", "none"}:
        return None
    return Path(value).expanduser()


def record(event: str, **fields: object) -> bool:
    """Append one event to the log; return False (silently) if it could not be written."""
    path = log_path()
    if path is None:
        return False
    entry = {"time": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"), "event": event}
    entry.update(fields)
    learner = os.environ.get("TIERLAB_LEARNER")
    if learner and "learner" not in entry:
        entry["learner"] = learner
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry, ensure_ascii=False, default=str) + "\n")
    except (OSError, TypeError, ValueError):
        return False
    return True


def read_log(path: str | Path) -> list[dict]:
    """All events of a log file (unreadable lines are skipped; a missing file is empty)."""
    path = Path(path)
    if not path.exists():
        return []
    events = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(obj, dict):
            events.append(obj)
    return events


def latest_outcomes(events: Iterable[dict]) -> dict[tuple[str, str], str]:
    """``{(exercise, question): outcome}`` from the last check of each question."""
    out: dict[tuple[str, str], str] = {}
    for e in events:
        if e.get("event") == "check" and "exercise" in e and "question" in e:
            out[(str(e["exercise"]), str(e["question"]))] = str(e.get("outcome"))
    return out
