"""The Discord bot: the Bot subclass, its start-up, and the one error handler.

Like RoboDanny's bot.py: the Bot holds shared state (settings, the article library) passed
in by the launcher (`launcher.py`), `setup_hook` loads a fixed tuple of cogs, and one
handler on the command tree turns every error into one short private sentence for the
user and a traceback in the log.
"""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app.ratelimit import Cooldown
from bot.config import Settings
from bot.core.errors import BotError
from bot.storage.library import Library

log = logging.getLogger(__name__)

COGS = ("bot.app.cogs.qa", "bot.app.cogs.admin")


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
    # The bot never joins voice: discord.py's warnings about voice libraries are noise.
    discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
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
    if isinstance(error, app_commands.TransformerError) and isinstance(error.__cause__, BotError):
        error = error.__cause__  # an option's own check said what is wrong with it
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
