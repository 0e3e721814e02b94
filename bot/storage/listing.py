"""Which files of the seeds folder are articles: `*.txt`, each real file once."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from bot.core.errors import CorpusError


@dataclass(frozen=True, slots=True)
class FileWarning:
    """A file that loads (or is read once already) but looks wrong: worth a look."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: warning: {self.reason}"


def list_files(folder: Path) -> list[Path]:
    """The `*.txt` files of `folder`, in name order, each real file once (see `scan`);
    CorpusError if it is no folder."""
    return scan(folder)[0]


def scan(folder: Path) -> tuple[list[Path], list[FileWarning]]:
    """The `*.txt` files of `folder` in name order, and the links left out because they
    lead to a file listed already (by its real path): a file is read once, under its own
    name when it is in the folder, else under the first link's name."""
    if not folder.is_dir():
        raise CorpusError(f"seeds folder {str(folder)!r} does not exist; create it or pass --seeds")
    with os.scandir(folder) as entries:  # is_symlink() from the listing: no stat per file
        found = sorted((e.name, e.is_symlink()) for e in entries if e.name.endswith(".txt"))
    owner = {folder.resolve() / name: name for name, link in found if not link}
    kept: list[Path] = []
    duplicates: list[FileWarning] = []
    for name, link in found:
        path = folder / name
        first = owner.setdefault(_real(path), name) if link else name
        if first != name:
            reason = f"a link to the same file as {shown_name(folder / first, folder)}; read once"
            duplicates.append(FileWarning(shown_name(path, folder), reason))
        else:
            kept.append(path)
    return kept, duplicates


def _real(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a loop of links: `read_article` refuses it
        return path


def shown_name(path: Path, folder: Path) -> str:
    """A file as messages show it: the seeds folder's name and the file's."""
    return f"{folder.name}/{path.name}" if folder.name else path.name
