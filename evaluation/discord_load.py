"""Load on the bot through the local fake Discord, at archive scale: a script, not a test.

    python -m evaluation discord-load --seeds bench-out/corpus-1000000 [--questions 100]

Loads the corpus (from the index cache when it is there), runs the real bot against the
fake with a 1 s heartbeat, and measures, in one run:
  - N concurrent /ask interactions: all answered?, latency median / p99 (dispatch to reply);
  - the same while an admin's /reload rebuilds the corpus (a file is touched first, so the
    reload really rebuilds rather than reading the cache), and while it reloads unchanged;
  - the event loop's lag (a 10 ms ticker's overshoot): p99 and max, per phase;
  - heartbeats acknowledged and gateway reconnects (a missed heartbeat makes discord.py
    reconnect);
  - memory: RSS once loaded, and the peak, which a rebuilding /reload sets (the served
    corpus stays until the new one is built; the parse workers' own memory is not in it).
Prints and writes JSON (--out).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import resource
import statistics
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from bot.app.client import create_bot
from bot.config import DiscordSettings, Settings
from bot.storage.library import Library
from fakecord.server import GUILD_ID, MOD_ID, FakeDiscord, bot_session, embed_text


class LoopLag:
    """Overshoot of a 10 ms sleep: how long the event loop was blocked."""

    def __init__(self) -> None:
        self.samples: list[float] = []
        self._task: asyncio.Task[None] | None = None

    async def _tick(self) -> None:
        while True:
            started = time.perf_counter()
            await asyncio.sleep(0.01)
            self.samples.append(time.perf_counter() - started - 0.01)

    def start(self) -> None:
        self.samples.clear()
        self._task = asyncio.create_task(self._tick())

    def stop(self) -> dict[str, float]:
        if self._task:
            self._task.cancel()
        ordered = sorted(self.samples) or [0.0]
        return {
            "lag_p99_ms": ordered[int(0.99 * (len(ordered) - 1))] * 1000,
            "lag_max_ms": ordered[-1] * 1000,
        }


def questions_from(library: Library, count: int, seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    texts = library.current.corpus.texts
    out = []
    for _ in range(count):
        words = [w.strip(".,;:“”\"'") for w in texts[rng.randrange(len(texts))].split()]
        words = [w for w in words if len(w) > 3][:6]
        out.append(("What about " + " ".join(words) + "?")[:300])
    return out


async def ask_all(fake: FakeDiscord, questions: list[str]) -> dict[str, Any]:
    async def one(question: str) -> float:
        started = time.perf_counter()
        handle = await fake.slash("ask", {"question": question}, timeout=60)
        replies = await fake.responses(handle, timeout=60)
        assert replies and embed_text(replies[-1])
        return time.perf_counter() - started

    results = await asyncio.gather(*(one(q) for q in questions), return_exceptions=True)
    seconds = sorted(r for r in results if isinstance(r, float))
    return {
        "asked": len(questions),
        "answered": len(seconds),
        "latency_median_ms": statistics.median(seconds) * 1000 if seconds else None,
        "latency_p99_ms": seconds[int(0.99 * (len(seconds) - 1))] * 1000 if seconds else None,
    }


async def phase(
    fake: FakeDiscord, lag: LoopLag, questions: list[str], reload: bool
) -> dict[str, Any]:
    lag.start()
    tasks: list[asyncio.Future[Any]] = [asyncio.ensure_future(ask_all(fake, questions))]
    if reload:

        async def reload_once() -> str:
            handle = await fake.slash("reload", user_id=MOD_ID, timeout=60)
            replies = await fake.responses(handle, timeout=600)
            return replies[-1].content.splitlines()[0]

        tasks.append(asyncio.ensure_future(reload_once()))
    asks, *rest = await asyncio.gather(*tasks)
    result: dict[str, Any] = {**asks, **lag.stop()}
    if rest:
        result["reload"] = rest[0]
    return result


async def run(settings: Settings, count: int) -> dict[str, Any]:
    started = time.perf_counter()
    library = Library.open(settings.seeds, settings.max_article_bytes, settings.cache_dir)
    report: dict[str, Any] = {
        "sentences": library.current.corpus.sentence_count,
        "load_s": time.perf_counter() - started,
        "from_cache": library.current.from_cache,
        "rss_after_load_mb": _rss_mb(),
    }
    fake = FakeDiscord(heartbeat_interval_ms=1000, interaction_deadline=3.0)
    bot = create_bot(settings, library)
    lag = LoopLag()
    async with bot_session(fake, bot, GUILD_ID, timeout=60):
        questions = questions_from(library, count)
        report["asks"] = await phase(fake, lag, questions, reload=False)
        report["asks_during_reload_unchanged"] = await phase(fake, lag, questions, reload=True)
        first = sorted(settings.seeds.glob("*.txt"))[0]
        first.touch()  # a changed folder: the next reload rebuilds for real
        report["peak_rss_before_rebuild_mb"] = _peak_rss_mb(resource.RUSAGE_SELF)
        report["asks_during_rebuild"] = await phase(fake, lag, questions, reload=True)
        # The served corpus stays while the new one is built: the bot's peak is both.
        report["peak_rss_mb"] = _peak_rss_mb(resource.RUSAGE_SELF)
        report["heartbeats_acked"] = fake.heartbeats_acked
        report["gateway_connections"] = fake.connections
        report["missed_deadlines"] = len(fake.missed_deadlines)
        report["rejected"] = len(fake.rejected)
    return report


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _peak_rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def load_settings(seeds: Path, cache_dir: Path) -> Settings:
    """The defaults, serving the fake's guild, with no /ask cooldown (one user asks it all)."""
    discord = DiscordSettings(guild_ids=(GUILD_ID,), ask_cooldown_uses=0)
    return replace(Settings(), seeds=seeds, cache_dir=cache_dir, discord=discord)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation discord-load", description=__doc__)
    parser.add_argument("--seeds", type=Path, required=True)
    parser.add_argument("--questions", type=int, default=100)
    parser.add_argument("--cache-dir", type=Path, default=Path("bench-out/cache"))
    parser.add_argument("--out", type=Path, default=Path("bench-out/discord-load.json"))
    args = parser.parse_args(argv)
    settings = load_settings(args.seeds, args.cache_dir)
    report = asyncio.run(run(settings, args.questions))
    args.out.write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))
    return 0
