"""The launcher: process concerns around the bot (the token, logging, signals, exit codes).

`run` serves until SIGTERM or SIGINT; `sync_global` registers the slash commands and exits.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import aiohttp
import discord

from bot.app.client import NewsBot, ShardedNewsBot, create_bot
from bot.config import Settings, configure_logging
from bot.core.errors import BotError
from bot.storage.library import Library

log = logging.getLogger(__name__)

TOKEN_VARIABLE = "DISCORD_TOKEN"


class _RedactToken(logging.Filter):
    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.token in message:
            record.msg, record.args = message.replace(self.token, "[token]"), ()
        return True


def _token(settings: Settings) -> str:
    token = os.environ.get(TOKEN_VARIABLE, "").strip()
    if not token and settings.discord.token:
        log.warning("the token is in the config file; DISCORD_TOKEN is the safer place for it")
        token = settings.discord.token.strip()
    return token


def _prepare(settings: Settings, seeds: Path) -> tuple[str, Library] | int:
    configure_logging(settings.log_level)
    token = _token(settings)
    if not token:
        print(f"error: {TOKEN_VARIABLE} is not set; export the bot token first", file=sys.stderr)
        return 2
    for handler in logging.getLogger().handlers:
        handler.addFilter(_RedactToken(token))
    try:
        library = Library.open(seeds, settings.max_article_bytes, settings.cache_dir)
    except BotError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    loaded = library.current
    for skipped in loaded.skipped:
        log.warning("skipped %s", skipped)
    log.info(
        "loaded %d articles, %d sentences in %.2f s%s",
        len(loaded.corpus.articles),
        loaded.corpus.sentence_count,
        loaded.seconds,
        " from the index cache" if loaded.from_cache else "",
    )
    return token, library


AnyBot = NewsBot | ShardedNewsBot


def run(settings: Settings, seeds: Path) -> int:
    """Run the bot until SIGTERM/SIGINT; exit codes: 0 clean, 1 refused or unreachable,
    2 no token."""
    return _launch(settings, seeds, _serve)


def sync_global(settings: Settings, seeds: Path) -> int:
    """Register the slash commands globally (Discord takes up to an hour to show them)."""
    return _launch(settings, seeds, _sync)


def _launch(
    settings: Settings, seeds: Path, body: Callable[[AnyBot, str], Coroutine[Any, Any, int]]
) -> int:
    prepared = _prepare(settings, seeds)
    if isinstance(prepared, int):
        return prepared
    token, library = prepared
    try:
        return asyncio.run(body(create_bot(settings, library), token))
    except discord.LoginFailure:
        print(f"error: Discord rejected the token in {TOKEN_VARIABLE}", file=sys.stderr)
        return 1
    except (aiohttp.ClientConnectionError, discord.GatewayNotFound) as error:
        # No network, no DNS, a firewall: discord.py gives up on the first request.
        print(f"error: cannot reach Discord ({error}); check the network", file=sys.stderr)
        return 1
    except discord.DiscordServerError as error:
        print(f"error: Discord is failing ({error}); try again later", file=sys.stderr)
        return 1


async def _serve(bot: AnyBot, token: str) -> int:
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, _stop, bot, signum)
    try:
        async with bot:
            await bot.start(token)
    except discord.PrivilegedIntentsRequired:
        print(
            "error: answer_channel_ids needs the Message Content intent;"
            " enable it in the Developer Portal (Bot tab) or empty the list",
            file=sys.stderr,
        )
        return 1
    log.info("disconnected cleanly")
    return 0


def _stop(bot: AnyBot, signum: int) -> None:
    log.info("received %s, closing the connection", signal.Signals(signum).name)
    asyncio.get_running_loop().create_task(bot.close())


async def _sync(bot: AnyBot, token: str) -> int:
    async with bot:
        await bot.login(token)  # runs setup_hook, which loads the cogs
        synced = await bot.tree.sync()
    print(f"synced {len(synced)} commands globally")
    return 0
