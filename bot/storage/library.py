"""The corpus the bot serves, swapped atomically on reload; no discord import.

Questions read `library.current` and never wait for a reload; a reload builds the new
corpus off the event loop, under a lock so two reloads never interleave, and replaces
the old one only when the new one built: a failed or empty rebuild keeps the old corpus.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from bot.core.errors import BotError
from bot.storage.seeds import Loaded, Skipped, load_corpus

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ReloadResult:
    ok: bool
    articles: int  # of the corpus now served
    sentences: int
    seconds: float
    skipped: tuple[Skipped, ...]
    error: str = ""  # why the old corpus was kept
    unchanged: bool = False  # no file had changed: the served corpus goes on


def generation(loaded: Loaded) -> int:
    """A number naming the files a corpus was built from (its index cache key): the same
    across restarts over the same files, another when any file changed. A button made
    before a restart or a reload that changed the articles is told it is stale; one made
    before a reload that changed nothing still works."""
    if loaded.key:
        return int(loaded.key[:12], 16)
    return time.time_ns() & (2**48 - 1)  # no key: treat every earlier button as stale


class Library:
    def __init__(self, loaded: Loaded, load: Callable[[], Loaded]) -> None:
        self.current = loaded
        self.generation = generation(loaded)  # buttons carry it to spot stale units
        self.swaps = 0  # reloads that swapped a corpus in (an unchanged folder's included)
        self._load = load
        self._lock = asyncio.Lock()

    @classmethod
    def open(cls, folder: Path, max_bytes: int, cache_dir: Path | None = None) -> Library:
        """Load `folder` now (start-up); CorpusError when nothing is usable. A reload of
        an unchanged folder keeps the served corpus rather than loading a second copy."""
        load = partial(load_corpus, folder, max_bytes, cache_dir)
        library = cls(load(), load)
        library._load = lambda: load(served=library.current)
        return library

    @property
    def reloading(self) -> bool:
        return self._lock.locked()

    async def reload(self) -> ReloadResult:
        """Rebuild from the folder in a worker thread and swap it in if it built."""
        async with self._lock:
            started = time.perf_counter()
            try:
                loaded = await asyncio.to_thread(self._load)
            except BotError as error:
                log.warning("reload failed, keeping the current corpus: %s", error)
                skipped = getattr(error, "skipped", ())
                return self._result(False, started, tuple(skipped), str(error))
            self.current = loaded
            self.generation = generation(loaded)
            self.swaps += 1
            log.info(
                "reloaded %d articles, %d sentences in %.2f s (%d files skipped%s)",
                len(loaded.corpus.articles),
                loaded.corpus.sentence_count,
                loaded.seconds,
                len(loaded.skipped),
                "; no file changed" if loaded.unchanged else "",
            )
            return self._result(True, started, tuple(loaded.skipped), unchanged=loaded.unchanged)

    def _result(
        self,
        ok: bool,
        started: float,
        skipped: tuple[Skipped, ...],
        error: str = "",
        unchanged: bool = False,
    ) -> ReloadResult:
        corpus = self.current.corpus
        return ReloadResult(
            ok=ok,
            articles=len(corpus.articles),
            sentences=corpus.sentence_count,
            seconds=time.perf_counter() - started,
            skipped=skipped,
            error=error,
            unchanged=unchanged,
        )
