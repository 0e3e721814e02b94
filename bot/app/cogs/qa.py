"""Questions and answers: /ask, /summary, /articles, /help, mentions, answer channels.

Each command validates its input, calls one core function off the event loop, and sends
what `bot.render` composed; the buttons under the replies are `bot.app.views`. Nothing
sent can ping: the bot's default is no mentions, and every send repeats it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
import time
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.app.embeds import embed, embeds
from bot.app.views import NO_PINGS, ArticlePages, ContextButton, answer_view
from bot.core import answer as qa
from bot.core import limits, render
from bot.core.corpus import ArticleInfo, Corpus
from bot.core.errors import CorpusError, QueryError
from bot.core.summarize import summarize
from bot.core.text import shorten

if TYPE_CHECKING:
    from bot.app.client import NewsBot

log = logging.getLogger(__name__)

QUESTION_MAX = 300
AnswerCount = app_commands.Range[int, limits.MIN_ANSWERS, limits.MAX_ANSWERS]
SummaryLength = app_commands.Range[int, limits.MIN_SUMMARY_SENTENCES, limits.MAX_SUMMARY_SENTENCES]
_MENTION_TOKEN = re.compile(r"<@!?\d+>")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class IsoDate(app_commands.Transformer):
    """A date option typed YYYY-MM-DD; anything else is one private line naming it (the
    error handler shows a BotError raised here as it is)."""

    def __init__(self, option: str) -> None:
        self.option = option

    async def transform(self, interaction: discord.Interaction, value: str) -> dt.date:
        text = value.strip()
        try:  # fromisoformat alone would also take 20220314 and 2022-W11-1
            if _ISO_DATE.fullmatch(text):
                return dt.date.fromisoformat(text)
        except ValueError:
            pass
        shown = render.escape(shorten(value, 40))
        raise QueryError(
            f"{self.option} must be a date YYYY-MM-DD, like 2022-03-14; got “{shown}”."
        )


Since = app_commands.Transform[dt.date, IsoDate("since")]
Until = app_commands.Transform[dt.date, IsoDate("until")]


class SlowDown(app_commands.CheckFailure):
    def __init__(self, retry_after: float) -> None:
        super().__init__(f"Slow down: try again in {max(retry_after, 1):.0f} s.")


def _check_cooldown(interaction: discord.Interaction) -> bool:
    bot: NewsBot = interaction.client  # type: ignore[assignment]
    wait = bot.ask_cooldown.retry_after(interaction.user.id)
    if wait > 0:
        raise SlowDown(wait)
    return True


def resolve_article(corpus: Corpus, value: str | None) -> ArticleInfo | None:
    """An article from an autocomplete id, or from a title typed by hand."""
    if not value:
        return None
    try:
        return corpus.article(value)
    except CorpusError:
        folded = value.strip().casefold()
        for info in corpus.articles:
            if info.title.casefold() == folded or info.id == folded:
                return info
        shown = render.escape(shorten(value, 60))
        raise CorpusError(f"No article matches “{shown}”; pick one from the list.") from None


def article_choices(corpus: Corpus, current: str) -> list[app_commands.Choice[str]]:
    folded = current.casefold()
    ordered = sorted(corpus.articles, key=lambda a: (a.date, a.id), reverse=True)
    matching = [a for a in ordered if folded in a.title.casefold() or folded in a.id]
    return [
        app_commands.Choice(name=shorten(f"{a.date.isoformat()} · {a.title}", 100), value=a.id)
        for a in matching[:25]
        if len(a.id) <= 100
    ]


async def _article_autocomplete(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    bot: NewsBot = interaction.client  # type: ignore[assignment]
    return article_choices(bot.library.current.corpus, current)


def _reply(result: qa.Answer, corpus: Corpus) -> render.Reply:
    newest = corpus.newest() if result.reason == "empty" else None
    return render.answer_reply(result, corpus.tokenizer, newest)


class QA(commands.Cog):
    def __init__(self, bot: NewsBot) -> None:
        self.bot = bot

    async def _answer(
        self,
        question: str,
        path: str,
        count: int | None = None,
        article_id: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
    ) -> tuple[qa.Answer, int]:
        """The answer, found off the event loop, and the library generation it came from.
        On the answer-channel `path` the channel bar applies: chat is not answered."""
        library, settings = self.bot.library, self.bot.settings
        generation, corpus = library.generation, library.current.corpus
        started = time.perf_counter()
        result = await asyncio.to_thread(
            qa.ask,
            corpus,
            question,
            count or settings.answers,
            article_id,
            settings.min_confidence,
            channel=path == "channel",
            since=since,
            until=until,
        )
        log.info(
            "answered path=%s hits=%d reason=%s latency_ms=%.1f",
            path,
            len(result.hits),
            result.reason or "-",
            (time.perf_counter() - started) * 1000,
        )
        return result, generation

    @app_commands.command(name="ask")
    @app_commands.describe(
        question="What you want to know, in your own words",
        article="Only search this article",
        count=f"How many sentences to quote ({limits.MIN_ANSWERS}-{limits.MAX_ANSWERS})",
        since="Only articles dated this day or later, as YYYY-MM-DD",
        until="Only articles dated this day or earlier, as YYYY-MM-DD",
    )
    @app_commands.check(_check_cooldown)
    @app_commands.autocomplete(article=_article_autocomplete)
    async def ask(
        self,
        interaction: discord.Interaction,
        question: app_commands.Range[str, 1, QUESTION_MAX],
        article: str | None = None,
        count: AnswerCount | None = None,
        since: Since | None = None,
        until: Until | None = None,
    ) -> None:
        """Ask about the news articles; I quote the sentences that answer it."""
        info = resolve_article(self.bot.library.current.corpus, article)
        article_id = info.id if info else None
        result, generation = await self._answer(question, "slash", count, article_id, since, until)
        reply = _reply(result, self.bot.library.current.corpus)
        view = answer_view(result, generation, interaction.user.id)
        await interaction.response.send_message(
            embeds=embeds(reply),
            view=view or discord.utils.MISSING,
            ephemeral=not result.answered,
            allowed_mentions=NO_PINGS,
        )

    @app_commands.command(name="summary")
    @app_commands.describe(
        article="The article to summarize (default: the newest)",
        sentences=(
            f"How many sentences ({limits.MIN_SUMMARY_SENTENCES}-{limits.MAX_SUMMARY_SENTENCES})"
        ),
    )
    @app_commands.autocomplete(article=_article_autocomplete)
    async def summary(
        self,
        interaction: discord.Interaction,
        article: str | None = None,
        sentences: SummaryLength | None = None,
    ) -> None:
        """Summarize an article in its own words: its key sentences, in order."""
        corpus = self.bot.library.current.corpus
        info = resolve_article(corpus, article) or corpus.newest()
        n = sentences or self.bot.settings.summary_sentences
        all_sentences = corpus.sentences_of(info)
        chosen = await asyncio.to_thread(summarize, all_sentences, n, corpus.tokenizer)
        reply = render.summary_reply(info, [all_sentences[i] for i in chosen], len(all_sentences))
        await interaction.response.send_message(embeds=embeds(reply), allowed_mentions=NO_PINGS)

    @app_commands.command(name="articles")
    async def articles(self, interaction: discord.Interaction) -> None:
        """List the articles I can answer from, newest first."""
        pages = render.article_pages(self.bot.library.current.corpus.articles)
        if len(pages) == 1:
            await interaction.response.send_message(
                embed=embed(pages[0]), ephemeral=True, allowed_mentions=NO_PINGS
            )
            return
        view = ArticlePages(pages, interaction.user.id)
        await interaction.response.send_message(
            embed=embed(pages[0]), view=view, ephemeral=True, allowed_mentions=NO_PINGS
        )
        view.interaction = interaction

    @app_commands.command(name="help")
    async def help(self, interaction: discord.Interaction) -> None:
        """What I do and how to ask."""
        spec = render.EmbedSpec(title="How to ask", description=render.HELP)
        await interaction.response.send_message(
            embed=embed(spec), ephemeral=True, allowed_mentions=NO_PINGS
        )

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """Answer when mentioned, and in answer channels any question that finds a match."""
        me = self.bot.user
        if message.author.bot or me is None:
            return
        mentioned = me.id in message.raw_mentions
        in_channel = message.channel.id in self.bot.settings.discord.answer_channel_ids
        question = _MENTION_TOKEN.sub(" ", message.content).strip()
        if not mentioned and not (in_channel and question.endswith("?")):
            return
        wait = self.bot.ask_cooldown.retry_after(message.author.id)
        if wait > 0:
            if mentioned:
                await message.reply(
                    f"Slow down: try again in {max(wait, 1):.0f} s.",
                    mention_author=False,
                    allowed_mentions=NO_PINGS,
                )
            return
        path = "mention" if mentioned else "channel"
        result, generation = await self._answer(shorten(question, QUESTION_MAX), path)
        if not result.answered and not mentioned:
            return  # answer channels stay quiet unless there is something to quote, and on chat
        reply = _reply(result, self.bot.library.current.corpus)
        view = answer_view(result, generation, message.author.id)
        await message.reply(
            embeds=embeds(reply),
            view=view or discord.utils.MISSING,
            mention_author=False,
            allowed_mentions=NO_PINGS,
        )


async def setup(bot: NewsBot) -> None:
    bot.add_dynamic_items(ContextButton)
    await bot.add_cog(QA(bot))
