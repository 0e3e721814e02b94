"""The buttons under replies: "Context" under an answer, Previous / Next through the
article list. Each answers only the member it was made for."""

from __future__ import annotations

import contextlib
import re
from typing import TYPE_CHECKING, Any

import discord

from bot.app.embeds import embed, embeds
from bot.core import answer as qa
from bot.core import render

if TYPE_CHECKING:
    from bot.app.client import NewsBot

NO_PINGS = discord.AllowedMentions.none()


class ContextButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=r"ctx:(?P<generation>\d+):(?P<unit>\d+):(?P<user>\d+)",
):
    """Shows the sentences around one quote, privately, to the person who asked."""

    def __init__(self, generation: int, unit: int, user: int, label: str = "Context") -> None:
        super().__init__(
            discord.ui.Button(
                label=label,
                style=discord.ButtonStyle.secondary,
                custom_id=f"ctx:{generation}:{unit}:{user}",
            )
        )
        self.generation, self.unit, self.user = generation, unit, user

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction,
        item: discord.ui.Item[Any],
        match: re.Match[str],
    ) -> ContextButton:
        return cls(int(match["generation"]), int(match["unit"]), int(match["user"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        bot: NewsBot = interaction.client  # type: ignore[assignment]
        if interaction.user.id != self.user:
            text = "Only the person who asked can open this; ask your own with /ask."
            await interaction.response.send_message(text, ephemeral=True)
            return
        if self.generation != bot.library.generation:
            text = "The articles were reloaded since this answer; ask again for fresh quotes."
            await interaction.response.send_message(text, ephemeral=True)
            return
        corpus = bot.library.current.corpus
        if not 0 <= self.unit < len(corpus):
            await interaction.response.send_message("That quote is gone.", ephemeral=True)
            return
        info = corpus.articles[int(corpus.owner[self.unit])]
        reply = render.context_reply(qa.context(corpus, self.unit, 2), self.unit, info)
        await interaction.response.send_message(
            embeds=embeds(reply), ephemeral=True, allowed_mentions=NO_PINGS
        )


def answer_view(answer: qa.Answer, generation: int, user_id: int) -> discord.ui.View | None:
    if not answer.answered:
        return None
    view = discord.ui.View(timeout=None)
    many = len(answer.hits) > 1
    for n, hit in enumerate(answer.hits, 1):
        label = f"Context {n}" if many else "Context"
        view.add_item(ContextButton(generation, hit.unit, user_id, label))
    return view


class ArticlePages(discord.ui.View):
    """Previous / Next through the article list, for the member who asked for it."""

    def __init__(self, pages: list[render.EmbedSpec], owner_id: int) -> None:
        super().__init__(timeout=300)
        self.pages, self.owner_id, self.page = pages, owner_id, 0
        self.interaction: discord.Interaction | None = None
        self._sync_buttons()

    def _sync_buttons(self) -> None:
        self.previous.disabled = self.page == 0
        self.next.disabled = self.page >= len(self.pages) - 1

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id == self.owner_id:
            return True
        text = "These pages belong to whoever ran /articles; run it yourself to browse."
        await interaction.response.send_message(text, ephemeral=True)
        return False

    async def _show(self, interaction: discord.Interaction, step: int) -> None:
        self.page = max(0, min(len(self.pages) - 1, self.page + step))
        self._sync_buttons()
        await interaction.response.edit_message(embed=embed(self.pages[self.page]), view=self)

    @discord.ui.button(label="Previous", style=discord.ButtonStyle.secondary)
    async def previous(
        self, interaction: discord.Interaction, button: discord.ui.Button[ArticlePages]
    ) -> None:
        await self._show(interaction, -1)

    @discord.ui.button(label="Next", style=discord.ButtonStyle.secondary)
    async def next(
        self, interaction: discord.Interaction, button: discord.ui.Button[ArticlePages]
    ) -> None:
        await self._show(interaction, +1)

    async def on_timeout(self) -> None:
        if self.interaction is not None:
            # The message may be deleted or the token expired: then there is nothing to tidy.
            with contextlib.suppress(discord.HTTPException):
                await self.interaction.edit_original_response(view=None)
