"""Turning `bot.render` specs into discord.py objects; the one place that does."""

from __future__ import annotations

import discord

from bot.core.render import EmbedSpec, Reply

COLOUR = discord.Colour.from_rgb(47, 111, 173)


def embed(spec: EmbedSpec) -> discord.Embed:
    out = discord.Embed(
        title=spec.title or None,
        description=spec.description or None,
        url=spec.url or None,
        colour=COLOUR,
    )
    for name, value in spec.fields:
        out.add_field(name=name, value=value, inline=False)
    if spec.footer:
        out.set_footer(text=spec.footer)
    return out


def embeds(reply: Reply) -> list[discord.Embed]:
    return [embed(spec) for spec in reply.embeds]
