"""The Discord bot: the Bot subclass, its start-up, and `run` / `sync_global` for the CLI.

Like RoboDanny's bot.py: the Bot holds shared state (settings, the article library) passed
in by the launcher, `setup_hook` loads a fixed tuple of cogs, and one handler on the command
tree turns every error into one short private sentence for the user and a traceback in the
log. The launcher part (`run`) owns process concerns: the token, logging, signals.
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

import discord
from discord import app_commands
from discord.ext import commands

from .config import Settings, configure_logging
from .errors import BotError
from .library import Library
from .ratelimit import Cooldown

log = logging.getLogger(__name__)

COGS = ("bot.cogs.qa", "bot.cogs.admin")
TOKEN_VARIABLE = "DISCORD_TOKEN"


class NewsBotMixin:
    """What both the plain and the sharded bot add to discord.py's Bot."""

    settings: Settings
    library: Library
    ask_cooldown: Cooldown

    def _init_news(self, settings: Settings, library: Library) -> None:
        self.settings = settings
        self.library = library
        d = settings.discord
        self.ask_cooldown = Cooldown(d.ask_cooldown_uses, d.ask_cooldown_seconds)

    async def setup_hook(self) -> None:
        bot: commands.Bot = self  # type: ignore[assignment]
        bot.tree.on_error = self.on_app_command_error  # type: ignore[method-assign]
        for extension in COGS:
            await bot.load_extension(extension)
        for guild_id in self.settings.discord.guild_ids:
            guild = discord.Object(id=guild_id)
            bot.tree.copy_global_to(guild=guild)
            synced = await bot.tree.sync(guild=guild)
            log.info("synced %d commands to guild %d", len(synced), guild_id)

    async def on_message(self, message: discord.Message) -> None:
        """No prefix commands: questions in messages are handled by the QA cog's listener."""

    async def on_app_command_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        await report_error(interaction, error)


class NewsBot(NewsBotMixin, commands.Bot):
    def __init__(self, settings: Settings, library: Library, **options: Any) -> None:
        super().__init__(**_bot_options(settings), **options)
        self._init_news(settings, library)


class ShardedNewsBot(NewsBotMixin, commands.AutoShardedBot):
    def __init__(self, settings: Settings, library: Library, **options: Any) -> None:
        super().__init__(
            **_bot_options(settings), shard_count=settings.discord.shard_count, **options
        )
        self._init_news(settings, library)


def create_bot(settings: Settings, library: Library) -> NewsBot | ShardedNewsBot:
    """The bot for these settings: sharded when `shard_count` is set."""
    if settings.discord.shard_count:
        return ShardedNewsBot(settings, library)
    return NewsBot(settings, library)


def _bot_options(settings: Settings) -> dict[str, Any]:
    intents = discord.Intents.default()
    # Mentions carry their content without the privileged intent; answer channels need it.
    intents.message_content = bool(settings.discord.answer_channel_ids)
    return {
        "command_prefix": commands.when_mentioned,
        "help_command": None,
        "intents": intents,
        "allowed_mentions": discord.AllowedMentions.none(),
        "activity": discord.Activity(type=discord.ActivityType.listening, name="/ask"),
    }


# -- errors ----------------------------------------------------------------------------


def error_message(error: Exception) -> str:
    """One short sentence for the user; the traceback goes to the log instead."""
    if isinstance(error, app_commands.CommandInvokeError):
        error = error.original
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"Slow down: try again in {error.retry_after:.0f} s."
    if isinstance(error, app_commands.NoPrivateMessage):
        return "That command works in a server, not in direct messages."
    if isinstance(error, app_commands.MissingPermissions | app_commands.CheckFailure):
        return str(error) or "You are not allowed to use that command."
    if isinstance(error, BotError):
        return str(error)
    return "Something went wrong on my side; it has been logged. Please try again."


async def report_error(interaction: discord.Interaction, error: Exception) -> None:
    original = getattr(error, "original", error)
    expected = isinstance(original, BotError) or not isinstance(
        error, app_commands.CommandInvokeError
    )
    command = interaction.command.qualified_name if interaction.command else "?"
    if expected:
        log.info("command %s refused: %s", command, error_message(error))
    else:
        log.error("command %s failed", command, exc_info=original)
    await send_private(interaction, error_message(error))


async def send_private(interaction: discord.Interaction, text: str) -> None:
    """An ephemeral sentence, whether or not the interaction was answered already."""
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True)
        else:
            await interaction.response.send_message(text, ephemeral=True)
    except discord.HTTPException:
        log.warning("could not tell the user about an error", exc_info=True)


# -- launcher --------------------------------------------------------------------------


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
    """Run the bot until SIGTERM/SIGINT; exit codes: 0 clean, 1 refused, 2 no token."""
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
