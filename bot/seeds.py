"""Reading the seeds folder: the one module that reads article files.

A file that cannot be used is skipped and reported with the reason; the others load.
"""

from __future__ import annotations

import logging
import os
import re
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path

from .article import Article, parse_article
from .corpus import Corpus
from .errors import ArticleError, CorpusError, NoArticlesError

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 5_000_000
_ID_UNSAFE = re.compile(r"[^\w.-]+")


@dataclass(frozen=True, slots=True)
class Skipped:
    path: str  # as shown to people: relative to the seeds folder's parent where possible
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(frozen=True, slots=True)
class LoadReport:
    folder: Path
    articles: list[Article] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def article_id(path: Path) -> str:
    """The article id of a file: its name without `.txt`, made safe for commands."""
    return _ID_UNSAFE.sub("-", path.stem).strip("-").lower() or "article"


def load_folder(folder: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadReport:
    """Parse every `*.txt` file of `folder`, in name order; CorpusError if it is unusable."""
    if not folder.is_dir():
        raise CorpusError(f"seeds folder {str(folder)!r} does not exist; create it or pass --seeds")
    report = LoadReport(folder.resolve())
    seen: dict[str, str] = {}
    for path in sorted(folder.glob("*.txt")):
        shown = _shown(path, folder)
        try:
            article = read_article(path, report.folder, max_bytes, shown)
        except ArticleError as error:
            report.skipped.append(Skipped(shown, error.detail))
            continue
        if article.id in seen:
            reason = f"article id {article.id!r} is taken by {seen[article.id]}; rename one file"
            report.skipped.append(Skipped(shown, reason))
            continue
        seen[article.id] = shown
        report.articles.append(article)
    for skipped in report.skipped:
        log.warning("skipped %s", skipped)
    return report


def read_article(path: Path, root: Path, max_bytes: int, shown: str) -> Article:
    """Read and parse one article file, refusing what is unsafe or unreadable."""
    data = _read_bytes(path, root, max_bytes, shown)
    if b"\x00" in data:
        raise ArticleError(shown, "binary content (NUL bytes); article files are UTF-8 text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ArticleError(
            shown,
            f"not UTF-8 (byte {error.start}, line {line}); save the file as UTF-8",
        ) from None
    return parse_article(text, article_id(path), shown)


def _read_bytes(path: Path, root: Path, max_bytes: int, shown: str) -> bytes:
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        raise ArticleError(shown, "cannot be opened (a broken link, or removed)") from None
    if not real.is_relative_to(root):
        raise ArticleError(shown, "leads outside the seeds folder; copy the file in instead")
    try:
        with real.open("rb") as handle:
            before = os.fstat(handle.fileno())
            if not stat.S_ISREG(before.st_mode):
                raise ArticleError(shown, "is not a regular file")
            if before.st_size > max_bytes:
                raise ArticleError(
                    shown, f"{before.st_size:,} bytes is over the {max_bytes:,}-byte limit"
                )
            data = handle.read(max_bytes + 1)
            after = os.fstat(handle.fileno())
    except OSError as error:
        raise ArticleError(shown, f"cannot be read ({error.strerror})") from None
    if len(data) > max_bytes:
        raise ArticleError(shown, f"grew over the {max_bytes:,}-byte limit while being read")
    if (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns):
        raise ArticleError(shown, "changed while being read; reload again when it is written")
    return data


def _shown(path: Path, folder: Path) -> str:
    return f"{folder.name}/{path.name}" if folder.name else path.name


@dataclass(frozen=True, slots=True)
class Loaded:
    """A corpus built from a folder, with the files that were skipped."""

    corpus: Corpus
    report: LoadReport
    seconds: float


def load_corpus(folder: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Loaded:
    """Read `folder` and build its corpus; CorpusError when no article is usable."""
    started = time.perf_counter()
    report = load_folder(folder, max_bytes)
    if not report.articles:
        problems = "; ".join(str(s) for s in report.skipped[:3]) or "no *.txt files"
        message = f"no usable articles in {str(folder)!r} ({problems})"
        raise NoArticlesError(message, tuple(report.skipped))
    corpus = Corpus(report.articles)
    return Loaded(corpus, report, time.perf_counter() - started)
