"""/reload: rebuild the corpus from the seeds folder, for admins only."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core import render

if TYPE_CHECKING:
    from bot.app.client import NewsBot


class NotAdmin(app_commands.CheckFailure):
    pass


def is_admin(interaction: discord.Interaction) -> bool:
    """Manage Server, or a role or user listed in the config; never in DMs.

    Checked at run time as well as hidden by default_permissions, because server admins
    can change who sees a command, and a client can send any command it likes.
    """
    bot: NewsBot = interaction.client  # type: ignore[assignment]
    settings = bot.settings.discord
    if interaction.guild is None or not isinstance(interaction.user, discord.Member):
        raise NotAdmin("That command works in a server, not in direct messages.")
    if interaction.permissions.manage_guild or interaction.user.id in settings.admin_user_ids:
        return True
    if any(role.id in settings.admin_role_ids for role in interaction.user.roles):
        return True
    raise NotAdmin("Only members with Manage Server (or a configured admin role) can reload.")


class Admin(commands.Cog):
    def __init__(self, bot: NewsBot) -> None:
        self.bot = bot

    @app_commands.command(name="reload")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    @app_commands.check(is_admin)
    async def reload(self, interaction: discord.Interaction) -> None:
        """Reload the articles from the seeds folder (admins only)."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        result = await self.bot.library.reload()
        text = render.reload_text(
            result.ok,
            result.articles,
            result.sentences,
            result.seconds,
            [str(s) for s in result.skipped],
            result.error,
            result.unchanged,
        )
        await interaction.followup.send(
            text, ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
        )


async def setup(bot: NewsBot) -> None:
    await bot.add_cog(Admin(bot))
