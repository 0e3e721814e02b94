"""Running the real bot (bot.app) against the fake Discord, in-process, for e2e tests.

What is not about this bot (the fake, ``run``, ``embed_text``, ``no_pings``) is in fakecord.
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from bot.app.client import NewsBot, ShardedNewsBot, create_bot
from bot.config import DiscordSettings, Settings
from bot.storage.library import Library
from fakecord.server import CHANNEL_IDS, GUILD_ID, FakeDiscord, bot_session
from tests.conftest import SEEDS

ANSWER_CHANNEL = CHANNEL_IDS[1]
QUIET_CHANNEL = CHANNEL_IDS[0]


def seeds_copy(tmp_path: Path, extra: dict[str, str] | None = None) -> Path:
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    for name, text in (extra or {}).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def make_settings(seeds: Path, **discord: Any) -> Settings:
    options: dict[str, Any] = {
        "guild_ids": (GUILD_ID,),
        "answer_channel_ids": (ANSWER_CHANNEL,),
        "ask_cooldown_uses": 0,
    }
    options.update(discord)
    return replace(Settings(), seeds=seeds, discord=DiscordSettings(**options))


@asynccontextmanager
async def serving(
    settings: Settings, fake: FakeDiscord | None = None
) -> AsyncIterator[tuple[FakeDiscord, NewsBot | ShardedNewsBot]]:
    """The bot logged in to a fresh fake, commands synced to the test guild."""
    fake = fake or FakeDiscord()
    library = Library.open(settings.seeds, settings.max_article_bytes)
    bot = create_bot(settings, library)
    async with bot_session(fake, bot, GUILD_ID):
        yield fake, bot
