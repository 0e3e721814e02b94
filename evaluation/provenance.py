"""Writing fitted weights with where they came from (read by `bot.core.model`)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

WEIGHTS = Path(__file__).resolve().parent.parent / "bot" / "core" / "weights"


def write(
    model: str,
    weights: dict[str, float],
    *,
    data: Sequence[Path],
    split: str,
    regularisation: dict[str, Any],
    metrics: dict[str, Any],
    at: str | None = None,
) -> Path:
    """Write `bot/core/weights/<model>.json` atomically; returns its path. `at` is the
    commit the fit ran on (default: the checked-out one, see `commit`)."""
    record = {
        "model": model,
        "weights": {name: round(value, 6) for name, value in weights.items()},
        "provenance": {
            "written": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "commit": at or commit(),
            "data": {path.name: sha256(path) for path in data},
            "split": split,
            "regularisation": regularisation,
            "metrics": metrics,
        },
    }
    path = WEIGHTS / f"{model}.json"
    temporary = path.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    temporary.replace(path)
    return path


def commit() -> str:
    """The checked-out commit, with "+changes" when the work tree differs from it."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], capture_output=True, text=True, check=False)
        return done.stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    return head + ("+changes" if git("status", "--porcelain", "--untracked-files=no") else "")


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:16]
