"""Reading the seeds folder: the one module that reads article files.

A file that cannot be used is skipped and returned with the reason; the others load.
Skipped files are not logged here: the caller reports them once, in its own way (`check`
lists them, the other commands print a count, the bot logs them at start-up).
"""

from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
import os
import stat
import sys
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path

from bot.core import limits
from bot.core.article import Article, date_warning, normalize_id, parse_article
from bot.core.corpus import Corpus
from bot.core.errors import ArticleError, NoArticlesError
from bot.core.tokens import Tokenizer
from bot.core.units import Chunk, CorpusBuilder, Ids, encode
from bot.storage import cache as index_cache
from bot.storage.listing import FileWarning, list_files, scan, shown_name

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = limits.DEFAULT_MAX_ARTICLE_BYTES


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
    warnings: list[FileWarning] = field(default_factory=list)


def article_id(path: Path) -> str:
    """The article id of a file: its name without `.txt`, made safe for commands."""
    return normalize_id(path.name) or "article"


def load_folder(
    folder: Path, max_bytes: int = DEFAULT_MAX_BYTES, today: dt.date | None = None
) -> LoadReport:
    """Parse every `*.txt` file of `folder`, in name order; CorpusError if it is no folder.

    Besides the articles and the skipped files, the report warns of links to a file read
    already and of dates unlikely for news (`article.date_warning`, against `today`)."""
    report = LoadReport(folder.resolve())
    today = today or dt.date.today()
    ids = Ids()
    files, duplicates = scan(folder)
    report.warnings.extend(duplicates)
    for path in files:
        shown = shown_name(path, folder)
        try:
            article = read_article(path, report.folder, max_bytes, shown)
        except ArticleError as error:
            report.skipped.append(Skipped(shown, error.detail))
            continue
        refusal = ids.refusal(article.id, shown)
        if refusal:
            report.skipped.append(Skipped(shown, refusal))
            continue
        report.articles.append(article)
        if odd := date_warning(article.date, today):
            report.warnings.append(FileWarning(shown, odd))
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


@dataclass(frozen=True, slots=True)
class Loaded:
    """A corpus built from a folder (or its index cache), with the files that were skipped."""

    corpus: Corpus
    skipped: list[Skipped]
    seconds: float
    from_cache: bool = False
    key: str = ""  # `index_cache.folder_key` of the files it was made from
    unchanged: bool = False  # the corpus already served, its files unchanged since


def load_corpus(
    folder: Path,
    max_bytes: int = DEFAULT_MAX_BYTES,
    cache_dir: Path | None = None,
    workers: int | None = None,
    progress: bool = False,
    served: Loaded | None = None,
) -> Loaded:
    """Read `folder` and build its corpus, or take it from the index cache when the folder
    is unchanged; NoArticlesError when no article is usable.

    `served`, the corpus being served (on a reload), is handed back as it is when no file
    changed since it was made: a reload then neither rebuilds nor holds a second copy.
    For that the result carries the folder's key (a stat of every file: 0.2 s for 50,000).
    Large folders are parsed and tokenized by `workers` processes (default: one per core).
    """
    started = time.perf_counter()
    files = list_files(folder)
    key = index_cache.folder_key(folder, files, max_bytes)
    if served is not None and served.key == key:
        seconds = time.perf_counter() - started
        return replace(served, seconds=seconds, from_cache=False, unchanged=True)
    cached: Path | None = None
    if cache_dir is not None:
        cached = index_cache.cache_path(cache_dir, folder)
        hit = index_cache.load(cached, key)
        if hit is not None:
            corpus, notes = hit
            skipped = [Skipped(n["path"], n["reason"]) for n in notes]
            seconds = time.perf_counter() - started
            return Loaded(corpus, skipped, seconds, from_cache=True, key=key)
    builder = _build(files, folder, max_bytes, workers, progress)
    skipped = sorted((Skipped(shown, reason) for shown, reason in builder.skipped), key=_by_path)
    if not builder.headers:
        problems = "; ".join(str(s) for s in skipped[:3]) or "no *.txt files"
        message = f"no usable articles in {str(folder)!r} ({problems})"
        raise NoArticlesError(message, tuple(skipped))
    corpus = Corpus.from_builder(builder)
    if cached is not None:
        notes = [{"path": s.path, "reason": s.reason} for s in skipped]
        index_cache.save(cached, key, corpus, notes)
    return Loaded(corpus, skipped, time.perf_counter() - started, key=key)


def _by_path(skipped: Skipped) -> str:
    return skipped.path


# Below this many files, one process parses faster than starting workers would.
PARALLEL_FROM_FILES = 2000
_CHUNK_FILES = 200
_IN_FLIGHT_PER_WORKER = 2  # chunks queued per worker: bounds the memory held by results


def _build(
    files: list[Path], folder: Path, max_bytes: int, workers: int | None, progress: bool
) -> CorpusBuilder:
    builder = CorpusBuilder()
    meter = _Progress(len(files)) if progress else None
    root = str(folder.resolve())
    names = [(str(p), shown_name(p, folder)) for p in files]
    batches = [names[i : i + _CHUNK_FILES] for i in range(0, len(names), _CHUNK_FILES)]
    for chunk in _chunks(batches, root, max_bytes, workers or os.cpu_count() or 1):
        builder.add(chunk)
        if meter:
            meter.advance(len(chunk.headers) + len(chunk.skipped))
    if meter:
        meter.done()
    return builder


def _chunks(
    batches: list[list[tuple[str, str]]], root: str, max_bytes: int, workers: int
) -> Iterator[Chunk]:
    """Parsed batches in order: in worker processes for large folders, else here."""
    files = sum(len(b) for b in batches)
    if workers < 2 or files < PARALLEL_FROM_FILES:
        for batch in batches:
            yield parse_files(batch, root, max_bytes)
        return
    done = 0
    try:
        # spawn, not fork: reloads run beside the bot's event-loop thread.
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            pending: deque[Future[Chunk]] = deque()
            for batch in batches:
                pending.append(pool.submit(parse_files, batch, root, max_bytes))
                if len(pending) >= workers * _IN_FLIGHT_PER_WORKER:
                    yield pending.popleft().result()
                    done += 1
            while pending:
                yield pending.popleft().result()
                done += 1
    except (BrokenProcessPool, OSError):
        log.warning("parallel parsing failed; parsing the rest in this process", exc_info=True)
        for batch in batches[done:]:
            yield parse_files(batch, root, max_bytes)


_worker_tokenizer: Tokenizer | None = None


def parse_files(names: list[tuple[str, str]], root: str, max_bytes: int) -> Chunk:
    """Read, parse and tokenize files (in a worker process or this one) into one chunk."""
    global _worker_tokenizer  # one memo of stems per process, across batches
    tokenizer = _worker_tokenizer = _worker_tokenizer or Tokenizer()
    articles: list[tuple[Article, str]] = []
    skipped: list[tuple[str, str]] = []
    for path, shown in names:
        try:
            articles.append((read_article(Path(path), Path(root), max_bytes, shown), shown))
        except ArticleError as error:
            skipped.append((shown, error.detail))
    chunk = encode(articles, tokenizer)
    chunk.skipped.extend(skipped)
    return chunk


class _Progress:
    """A one-line progress bar on stderr for long builds."""

    def __init__(self, total: int) -> None:
        self.total, self.count, self.started = total, 0, time.perf_counter()
        self.shown = 0.0

    def advance(self, files: int) -> None:
        self.count += files
        now = time.perf_counter()
        if now - self.shown > 0.5 or self.count == self.total:
            self.shown = now
            share = self.count / max(self.total, 1)
            bar = "#" * int(share * 30)
            elapsed = time.perf_counter() - self.started
            print(
                f"\rparsing [{bar:<30}] {self.count:,}/{self.total:,} files {elapsed:5.1f} s",
                end="",
                file=sys.stderr,
                flush=True,
            )

    def done(self) -> None:
        print(file=sys.stderr)
