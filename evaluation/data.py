"""Where the evaluation data lives, and one clear line when it is missing."""

from __future__ import annotations

from pathlib import Path

DEFAULT_DATA = Path("../shared/data")
SOURCE = (
    "the evaluation data is not part of the repository: put the data folder (SQuAD 2.0 dev,"
    " BBC News Summary, news_qa_dev.jsonl; see docs/evaluation.md) at ../shared/data or"
    " pass --data PATH"
)


class MissingData(SystemExit):
    """A data file is missing: exits with one line naming it and where the data comes from."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"error: {path} not found; {SOURCE}")


def require(path: Path) -> Path:
    """`path` when it is a file, else MissingData."""
    if not path.is_file():
        raise MissingData(path)
    return path
